-- Store-wide settings: one value per key for the whole store, so every agent's app (each
-- under its own OS user) works by the same rules. Keys are namespaced by feature
-- (`improvements.recur_count`, `store.mode`…); values are text, parsed by their owner.
CREATE TABLE store_settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES agents(id)
) WITHOUT ROWID;
