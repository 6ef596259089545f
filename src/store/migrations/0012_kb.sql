-- The knowledge base the consultation templates read (seed 000 §1.3): service stations,
-- warranty policies, vehicle and part prices, promotions, troubleshooting. An article's
-- values are a JSON object keyed by its kind's fields (`domain::kb`); `title` is made from
-- them. Every saved version is kept in `kb_article_versions`; a retired article stays,
-- out of search. Validity dates are store-local days (`YYYY-MM-DD`), both included.
CREATE TABLE kb_articles (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('station', 'policy', 'vehicle_price',
                                             'part_price', 'promotion', 'troubleshoot')),
    title       TEXT NOT NULL,
    fields      TEXT NOT NULL,
    valid_from  TEXT,
    valid_to    TEXT,
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES agents(id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES agents(id)
) STRICT;
CREATE INDEX kb_articles_kind_title ON kb_articles(kind, retired, title);

-- Every version as it was saved (the first included): the history of an article.
CREATE TABLE kb_article_versions (
    article_id  INTEGER NOT NULL REFERENCES kb_articles(id),
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    fields      TEXT NOT NULL,
    valid_from  TEXT,
    valid_to    TEXT,
    retired     INTEGER NOT NULL,
    saved_at    TEXT NOT NULL,
    saved_by    INTEGER REFERENCES agents(id),
    PRIMARY KEY (article_id, version)
) STRICT, WITHOUT ROWID;

-- The words an article is found by: every suffix of its key fields' words, in characters
-- and in pinyin (full and initials), lower case; a query word matches a term's start, so
-- each keystroke reads one indexed range. Written from Rust (`domain::kb::terms`) with the
-- article, in the same transaction; a retired article has none.
CREATE TABLE kb_terms (
    article_id  INTEGER NOT NULL REFERENCES kb_articles(id),
    term        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    PRIMARY KEY (article_id, term)
) STRICT, WITHOUT ROWID;
CREATE INDEX kb_terms_term ON kb_terms(term, article_id);
CREATE INDEX kb_terms_kind_term ON kb_terms(kind, term, article_id);

-- A consultation the knowledge base could not answer, handed to technical support
-- (seed 000 §1.3): marked on the saved call, counted by `frontdesk kb stats`.
CREATE TABLE kb_transfers (
    call_id     INTEGER PRIMARY KEY REFERENCES calls(id),
    at          TEXT NOT NULL,
    agent_id    INTEGER REFERENCES agents(id),
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX kb_transfers_at ON kb_transfers(at);
