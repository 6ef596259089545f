-- 0005: the callback queue (回访). Tasks are planned from the archive by the rules in
-- assets/callback_rules.toml (7DC, 3DC, periodic, third level, birthdays, holidays,
-- reminders, complaint and open-question follow-ups, second-level re-checks). One task per
-- (kind, source row, period): planning again creates nothing new. Every attempt is kept.
-- Dates are store-local 'YYYY-MM-DD'; instants are UTC 'YYYY-MM-DDTHH:MM:SSZ'.

CREATE TABLE callback_tasks (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    store_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    level           INTEGER NOT NULL DEFAULT 1 CHECK (level IN (1, 2, 3)),
    channel         TEXT NOT NULL DEFAULT 'call' CHECK (channel IN ('call', 'sms')),
    customer_id     INTEGER REFERENCES customers(id),
    vehicle_id      INTEGER REFERENCES vehicles(id),
    -- The row the task comes from: sales_files, repair_orders, customers, vehicles,
    -- complaint_follow_ups, calls or callback_tasks (second-level re-checks).
    source_table    TEXT NOT NULL,
    source_id       INTEGER NOT NULL,
    -- Tells apart the tasks one row gives over time: the year of a birthday, the year and
    -- holiday of a greeting, the due date of a maintenance/inspection/insurance reminder.
    period          TEXT NOT NULL DEFAULT '',
    -- The date the rule counts from (delivery, hand-back, birthday, holiday, ...).
    anchor_date     TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    window_start    TEXT NOT NULL,
    window_end      TEXT NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 5,
    -- Tasks of one customer due in the same week are offered as one call.
    group_key       TEXT,
    status          TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'claimed', 'done', 'failed', 'expired', 'skipped')),
    skip_reason     TEXT,
    claimed_by      INTEGER REFERENCES agents(id),
    claimed_at      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_attempt_at TEXT,
    next_try_at     TEXT,
    score_json      TEXT,
    notes           TEXT NOT NULL DEFAULT '',
    complaint_id    INTEGER REFERENCES complaints(id),
    completed_at    TEXT,
    completed_by    INTEGER REFERENCES agents(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      INTEGER REFERENCES agents(id),
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (kind, source_table, source_id, period),
    CHECK (status <> 'open' OR claimed_by IS NULL),
    CHECK (status <> 'claimed' OR claimed_by IS NOT NULL),
    CHECK (window_start <= due_date AND due_date <= window_end)
) STRICT;
-- The worklist: pending calls by due date, without the text-message batches.
CREATE INDEX callback_tasks_queue ON callback_tasks(status, channel, due_date);
CREATE INDEX callback_tasks_agent ON callback_tasks(claimed_by, status)
    WHERE claimed_by IS NOT NULL;
CREATE INDEX callback_tasks_customer ON callback_tasks(customer_id, status);
CREATE INDEX callback_tasks_group ON callback_tasks(group_key) WHERE group_key IS NOT NULL;
CREATE INDEX callback_tasks_completed ON callback_tasks(completed_at)
    WHERE completed_at IS NOT NULL;
CREATE INDEX callback_tasks_pending_end ON callback_tasks(window_end)
    WHERE status IN ('open', 'claimed');
-- Pending tasks per kind (the planner's moves; counts per kind read only this index).
CREATE INDEX callback_tasks_pending_kind
    ON callback_tasks(kind, due_date, window_end, claimed_by)
    WHERE status IN ('open', 'claimed');

-- Every attempt on a task, with its outcome, agent and time. Append-only.
CREATE TABLE callback_attempts (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES callback_tasks(id),
    at           TEXT NOT NULL,
    agent_id     INTEGER REFERENCES agents(id),
    outcome      TEXT NOT NULL CHECK (outcome IN ('done', 'no_answer', 'wrong_number',
                 'refused', 'call_back', 'do_not_contact', 'sent')),
    scores       TEXT,
    notes        TEXT NOT NULL DEFAULT '',
    call_back_at TEXT
) STRICT;
CREATE INDEX callback_attempts_task ON callback_attempts(task_id, at);
CREATE INDEX callback_attempts_at ON callback_attempts(at);
CREATE TRIGGER callback_attempts_no_update BEFORE UPDATE ON callback_attempts BEGIN
    SELECT RAISE(ABORT, 'callback attempts are append-only');
END;
CREATE TRIGGER callback_attempts_no_delete BEFORE DELETE ON callback_attempts BEGIN
    SELECT RAISE(ABORT, 'callback attempts are append-only');
END;

-- Do-not-contact wishes: for every call (kind NULL) or one kind, for the customer
-- (vehicle NULL) or one vehicle. Cleared wishes stay with do_not_contact = 0.
CREATE TABLE contact_prefs (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    vehicle_id     INTEGER REFERENCES vehicles(id),
    kind           TEXT,
    do_not_contact INTEGER NOT NULL DEFAULT 1 CHECK (do_not_contact IN (0, 1)),
    reason         TEXT NOT NULL DEFAULT '',
    set_at         TEXT NOT NULL,
    set_by         INTEGER REFERENCES agents(id)
) STRICT;
CREATE UNIQUE INDEX contact_prefs_scope
    ON contact_prefs(customer_id, coalesce(vehicle_id, 0), coalesce(kind, ''));

-- Numbers found wrong on a callback: a customer whose numbers are all here (or who has
-- none) is not reachable until the number is corrected.
CREATE TABLE callback_bad_numbers (
    number      TEXT PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(id),
    task_id     INTEGER REFERENCES callback_tasks(id),
    set_at      TEXT NOT NULL,
    set_by      INTEGER REFERENCES agents(id)
) STRICT;

-- Indexed date ranges for the planner's reminder and birthday rules.
CREATE INDEX vehicles_maintenance_due ON vehicles(maintenance_due);
CREATE INDEX vehicles_inspection_due ON vehicles(inspection_due);
CREATE INDEX vehicles_insurance_due ON vehicles(insurance_due);
CREATE INDEX customers_birthday_md ON customers(substr(birthday, 6, 5));
