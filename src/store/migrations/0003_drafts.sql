-- 0003: drafts of forms being filled, one per agent, so nothing typed is lost when an SSH
-- session drops or the process is killed.

CREATE TABLE drafts (
    id        INTEGER PRIMARY KEY,
    owner     TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    body      TEXT NOT NULL,
    saved_at  TEXT NOT NULL
) STRICT;
