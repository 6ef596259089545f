-- 0006: appointments (预约). A booking holds an advisor, a bay and the vehicle for
-- [start_at, end_at); the capacity rules are checked inside the booking's write
-- transaction. Bookings are never deleted: cancelled, no-show and rescheduled ones stay,
-- and every step is in the append-only appointment_events log.

CREATE TABLE appointments (
    id                 INTEGER PRIMARY KEY,
    uuid               TEXT NOT NULL UNIQUE,
    store_id           TEXT NOT NULL,
    customer_id        INTEGER NOT NULL REFERENCES customers(id),
    vehicle_id         INTEGER NOT NULL REFERENCES vehicles(id),
    channel            TEXT NOT NULL CHECK (channel IN ('phone', 'online', 'walk_in')),
    services           TEXT NOT NULL DEFAULT '[]',
    need               TEXT NOT NULL DEFAULT '',
    items              TEXT NOT NULL DEFAULT '[]',
    parts              TEXT NOT NULL DEFAULT '[]',
    advisor            TEXT NOT NULL,
    bay                TEXT NOT NULL,
    start_at           TEXT NOT NULL,
    end_at             TEXT NOT NULL CHECK (end_at > start_at),
    transport          TEXT NOT NULL DEFAULT 'wait'
                       CHECK (transport IN ('wait', 'drop_off', 'loaner', 'shuttle')),
    loaner             TEXT,
    history            TEXT NOT NULL DEFAULT '',
    declined           TEXT NOT NULL DEFAULT '[]',
    status             TEXT NOT NULL DEFAULT 'booked'
                       CHECK (status IN ('booked', 'confirmed', 'reminded', 'arrived', 'in_service',
                                         'completed', 'cancelled', 'no_show', 'rescheduled')),
    overflow_reason    TEXT,
    confirmation       TEXT,
    cancel_reason      TEXT,
    cancel_note        TEXT,
    cancelled_by       TEXT CHECK (cancelled_by IN ('customer', 'store')),
    checked_in_at      TEXT,
    service_started_at TEXT,
    completed_at       TEXT,
    no_show_at         TEXT,
    repair_order_id    INTEGER REFERENCES repair_orders(id),
    rescheduled_from   INTEGER REFERENCES appointments(id),
    created_at         TEXT NOT NULL,
    created_by         INTEGER REFERENCES agents(id),
    updated_at         TEXT NOT NULL,
    updated_by         INTEGER REFERENCES agents(id),
    version            INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX appointments_start ON appointments(start_at);
CREATE INDEX appointments_advisor ON appointments(advisor, start_at);
CREATE INDEX appointments_bay ON appointments(bay, start_at);
CREATE INDEX appointments_vehicle ON appointments(vehicle_id, start_at);
CREATE INDEX appointments_customer ON appointments(customer_id, status);
CREATE INDEX appointments_rescheduled ON appointments(rescheduled_from)
    WHERE rescheduled_from IS NOT NULL;
CREATE TRIGGER appointments_no_delete BEFORE DELETE ON appointments BEGIN
    SELECT RAISE(ABORT, 'appointments are never deleted');
END;

CREATE TABLE appointment_events (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments(id),
    at             TEXT NOT NULL,
    agent_id       INTEGER REFERENCES agents(id),
    kind           TEXT NOT NULL,
    body           TEXT NOT NULL
) STRICT;
CREATE INDEX appointment_events_appointment ON appointment_events(appointment_id, id);
CREATE TRIGGER appointment_events_no_update BEFORE UPDATE ON appointment_events BEGIN
    SELECT RAISE(ABORT, 'appointment log is append-only');
END;
CREATE TRIGGER appointment_events_no_delete BEFORE DELETE ON appointment_events BEGIN
    SELECT RAISE(ABORT, 'appointment log is append-only');
END;

-- Reminders to send or call, each with its ready text; the latest outcome of the call
-- (every outcome is also in the event log).
CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments(id),
    kind           TEXT NOT NULL CHECK (kind IN ('day_before', 'same_day')),
    due_at         TEXT NOT NULL,
    text           TEXT NOT NULL,
    outcome        TEXT CHECK (outcome IN ('sent', 'confirmed', 'reschedule', 'cancelled', 'unreachable')),
    outcome_at     TEXT,
    outcome_by     INTEGER REFERENCES agents(id),
    UNIQUE (appointment_id, kind)
) STRICT;
CREATE INDEX reminders_due ON reminders(due_at) WHERE outcome IS NULL;
