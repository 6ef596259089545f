-- Text messages handed to the SMS gateway: the hand-off file a task went out in. A task
-- with a batch is not exported again; it becomes done only when the gateway's result file
-- says `sent` (or the batch is confirmed), and goes back to be exported when it says
-- `failed`.
ALTER TABLE callback_tasks ADD COLUMN sms_batch TEXT;
CREATE INDEX callback_tasks_sms_batch ON callback_tasks(sms_batch) WHERE sms_batch IS NOT NULL;
