-- 0002: the call log (来电登记) with its follow-ups, rescue cases and the complaints that
-- complaint calls open (the complaints workflow extends this table later).

CREATE TABLE calls (
    id               INTEGER PRIMARY KEY,
    uuid             TEXT NOT NULL UNIQUE,
    store_id         TEXT NOT NULL,
    customer_id      INTEGER REFERENCES customers(id),
    vehicle_id       INTEGER REFERENCES vehicles(id),
    agent_id         INTEGER REFERENCES agents(id),
    direction        TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    channel          TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'chat', 'walk_in', 'wechat')),
    template_id      TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    template_group   TEXT NOT NULL CHECK (template_group IN ('consult', 'rescue', 'complaint')),
    fields           TEXT NOT NULL,
    sentence         TEXT NOT NULL,
    resolved         INTEGER NOT NULL CHECK (resolved IN (0, 1)),
    completeness     INTEGER NOT NULL CHECK (completeness BETWEEN 0 AND 100),
    started_at       TEXT NOT NULL,
    ended_at         TEXT NOT NULL,
    duration_s       INTEGER NOT NULL CHECK (duration_s >= 0),
    follow_up_due    TEXT,
    follow_up_done_at TEXT,
    follow_up_done_by INTEGER REFERENCES agents(id),
    follow_up_note   TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       INTEGER REFERENCES agents(id),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX calls_started ON calls(started_at);
CREATE INDEX calls_customer ON calls(customer_id, started_at);
CREATE INDEX calls_agent ON calls(agent_id, started_at);
CREATE INDEX calls_template ON calls(template_id, started_at);
CREATE INDEX calls_follow_up_open ON calls(follow_up_due) WHERE follow_up_done_at IS NULL;

-- A correction keeps the earlier version of the record here.
CREATE TABLE call_revisions (
    id          INTEGER PRIMARY KEY,
    call_id     INTEGER NOT NULL REFERENCES calls(id),
    version     INTEGER NOT NULL,
    fields      TEXT NOT NULL,
    sentence    TEXT NOT NULL,
    resolved    INTEGER NOT NULL,
    saved_at    TEXT NOT NULL,
    saved_by    INTEGER REFERENCES agents(id),
    UNIQUE (call_id, version)
) STRICT;

-- Roadside rescue: contact within 30 minutes, then dispatch, then the result.
CREATE TABLE rescue_cases (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    store_id      TEXT NOT NULL,
    call_id       INTEGER NOT NULL UNIQUE REFERENCES calls(id),
    customer_id   INTEGER REFERENCES customers(id),
    vehicle_id    INTEGER REFERENCES vehicles(id),
    location      TEXT NOT NULL DEFAULT '',
    opened_at     TEXT NOT NULL,
    contact_due   TEXT NOT NULL,
    contacted_at  TEXT,
    contacted_by  INTEGER REFERENCES agents(id),
    dispatch      TEXT CHECK (dispatch IN ('technician', 'phone', 'tow')),
    technician    TEXT,
    eta           TEXT,
    dispatched_at TEXT,
    dispatched_by INTEGER REFERENCES agents(id),
    result        TEXT,
    closed_at     TEXT,
    closed_by     INTEGER REFERENCES agents(id),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX rescue_open ON rescue_cases(contact_due) WHERE closed_at IS NULL;

CREATE TABLE complaints (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    store_id     TEXT NOT NULL,
    call_id      INTEGER REFERENCES calls(id),
    customer_id  INTEGER REFERENCES customers(id),
    vehicle_id   INTEGER REFERENCES vehicles(id),
    channel      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    category     TEXT NOT NULL,
    station      TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL,
    demand       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'new',
    created_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES agents(id),
    updated_at   TEXT NOT NULL,
    updated_by   INTEGER REFERENCES agents(id),
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX complaints_received ON complaints(received_at);
CREATE INDEX complaints_customer ON complaints(customer_id);
CREATE INDEX complaints_call ON complaints(call_id);
