-- 0011: improvement actions (整改) raised from what customers said, and the rectification
-- orders (质量整改令) proposed when complaints recur.

CREATE TABLE improvements (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    store_id     TEXT NOT NULL,
    department   TEXT NOT NULL
                 CHECK (department IN ('sales', 'service', 'parts', 'front_desk', 'other')),
    finding      TEXT NOT NULL,
    -- The customers' words behind it, as quoted by whoever raised it.
    words        TEXT NOT NULL DEFAULT '',
    owner_id     INTEGER REFERENCES agents(id),
    due_date     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'in_progress', 'done', 'verified')),
    -- A rectification order: the recurring key it answers (category:... / station:...).
    order_key    TEXT,
    raised_at    TEXT NOT NULL,
    raised_by    INTEGER REFERENCES agents(id),
    done_at      TEXT,
    verified_at  TEXT,
    verified_by  INTEGER REFERENCES agents(id),
    verify_note  TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    updated_by   INTEGER REFERENCES agents(id),
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX improvements_raised ON improvements(raised_at);
CREATE INDEX improvements_status ON improvements(status, due_date);

CREATE TABLE improvement_links (
    improvement_id INTEGER NOT NULL REFERENCES improvements(id),
    kind           TEXT NOT NULL CHECK (kind IN ('callback', 'complaint', 'call')),
    record_id      INTEGER NOT NULL,
    PRIMARY KEY (improvement_id, kind, record_id)
) STRICT;
CREATE INDEX improvement_links_record ON improvement_links(kind, record_id);

-- A supervisor's decision on a proposed order: accepted (with the action made) or
-- dismissed (with the reason); the same set of complaints is not proposed again.
CREATE TABLE improvement_proposals (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL,
    complaint_ids  TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('accepted', 'dismissed')),
    reason         TEXT NOT NULL DEFAULT '',
    improvement_id INTEGER REFERENCES improvements(id),
    decided_at     TEXT NOT NULL,
    decided_by     INTEGER REFERENCES agents(id),
    UNIQUE (key, complaint_ids)
) STRICT;
