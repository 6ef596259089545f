-- 0015: call-quality review (通话品质). A review is one call or done callback sampled into
-- the supervisors' queue (every complaint call, every call under the minimum length, N per
-- agent per week). Each scoring is a round with its points per criterion; the first round
-- stays when a dispute is re-scored. Instants are UTC 'YYYY-MM-DDTHH:MM:SSZ'.

CREATE TABLE quality_reviews (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    store_id        TEXT NOT NULL,
    source_table    TEXT NOT NULL CHECK (source_table IN ('calls', 'callback_tasks')),
    source_id       INTEGER NOT NULL,
    -- The agent whose call it is (the call's agent, the callback's holder).
    agent_id        INTEGER REFERENCES agents(id),
    -- When the call started / the callback was done.
    record_at       TEXT NOT NULL,
    week            TEXT NOT NULL,
    reason          TEXT NOT NULL CHECK (reason IN ('sample', 'complaint', 'short')),
    status          TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'scored', 'disputed', 'rescored')),
    -- The score in force (the last round's), 0–100.
    total           REAL,
    fatal           INTEGER NOT NULL DEFAULT 0 CHECK (fatal IN (0, 1)),
    comment         TEXT NOT NULL DEFAULT '',
    reviewer_id     INTEGER REFERENCES agents(id),
    scored_at       TEXT,
    disputes        INTEGER NOT NULL DEFAULT 0 CHECK (disputes IN (0, 1)),
    dispute_reason  TEXT NOT NULL DEFAULT '',
    disputed_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      INTEGER REFERENCES agents(id),
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source_table, source_id),
    CHECK (status = 'queued' OR total IS NOT NULL),
    CHECK (status NOT IN ('disputed', 'rescored') OR disputes = 1)
) STRICT;
CREATE INDEX quality_reviews_agent ON quality_reviews(agent_id, record_at);
CREATE INDEX quality_reviews_status ON quality_reviews(status, record_at);
CREATE INDEX quality_reviews_week ON quality_reviews(agent_id, week, reason);

CREATE TABLE quality_rounds (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL REFERENCES quality_reviews(id),
    -- 1: the first score; 2: the re-score after the dispute.
    round           INTEGER NOT NULL CHECK (round IN (1, 2)),
    reviewer_id     INTEGER REFERENCES agents(id),
    scored_at       TEXT NOT NULL,
    fatal           INTEGER NOT NULL CHECK (fatal IN (0, 1)),
    total           REAL NOT NULL CHECK (total BETWEEN 0 AND 100),
    comment         TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, round)
) STRICT;

-- The points per criterion of a round, with the sheet's maximum and weight when scored (a
-- later change of the sheet does not rewrite old scores).
CREATE TABLE quality_scores (
    round_id        INTEGER NOT NULL REFERENCES quality_rounds(id),
    criterion       TEXT NOT NULL,
    points          INTEGER NOT NULL CHECK (points >= 0),
    max             INTEGER NOT NULL CHECK (max > 0),
    weight          INTEGER NOT NULL CHECK (weight > 0),
    PRIMARY KEY (round_id, criterion)
) STRICT;
