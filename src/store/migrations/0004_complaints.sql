-- 0004: the complaints workflow. Each complaint keeps an append-only event log; its SLA
-- clocks are computed from that log. The columns here are what lists filter on.

ALTER TABLE complaints ADD COLUMN severity TEXT NOT NULL DEFAULT 'general'
    CHECK (severity IN ('general', 'major'));
ALTER TABLE complaints ADD COLUMN loss_yuan INTEGER;
ALTER TABLE complaints ADD COLUMN handler_id INTEGER REFERENCES agents(id);
ALTER TABLE complaints ADD COLUMN level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN closed_at TEXT;
CREATE INDEX complaints_status ON complaints(status, received_at);

CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    at           TEXT NOT NULL,
    agent_id     INTEGER REFERENCES agents(id),
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL
) STRICT;
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, id);
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events BEGIN
    SELECT RAISE(ABORT, 'complaint log is append-only');
END;
CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events BEGIN
    SELECT RAISE(ABORT, 'complaint log is append-only');
END;

-- After closing: a follow-up call within 3 days and tracking at 1, 2 and 3 months.
CREATE TABLE complaint_follow_ups (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    kind         TEXT NOT NULL,
    due          TEXT NOT NULL,
    done_at      TEXT,
    done_by      INTEGER REFERENCES agents(id),
    note         TEXT,
    UNIQUE (complaint_id, kind)
) STRICT;
CREATE INDEX complaint_follow_ups_due ON complaint_follow_ups(due) WHERE done_at IS NULL;

-- Complaints registered before this version get their 'received' event.
INSERT INTO complaint_events(complaint_id, at, agent_id, kind, body)
SELECT id, received_at, created_by, 'received',
       json_object('at', received_at, 'by', created_by, 'kind', json_object('type', 'received'))
FROM complaints;
