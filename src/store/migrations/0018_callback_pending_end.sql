-- 0018: one index less to fill when the holiday greetings plan a task for every customer
-- (issue #14). The pending tasks' window-end index served only the planner's expiry, which
-- now reads the worklist index (status, channel, due_date): a window that ended before a
-- day has its due date before that day too (the table checks due_date <= window_end).
DROP INDEX callback_tasks_pending_end;
