-- 0014: document hand-over (资料交接). Each document of a sales file or repair order that
-- reached the desk: when, and which staff member handed it over. A repair order's hand-over
-- is complete (documents_received) when its last document arrived, like the sales file's.

ALTER TABLE repair_orders ADD COLUMN documents_received TEXT;

CREATE TABLE document_receipts (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    store_id      TEXT NOT NULL,
    file_kind     TEXT NOT NULL CHECK (file_kind IN ('sales', 'repair')),
    file_id       INTEGER NOT NULL,
    doc_key       TEXT NOT NULL,
    received_on   TEXT NOT NULL,
    handed_by     TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES agents(id),
    UNIQUE (file_kind, file_id, doc_key)
) STRICT;
CREATE INDEX repair_orders_documents ON repair_orders(documents_received);
