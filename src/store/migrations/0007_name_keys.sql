-- Every key a customer's name is found under by pinyin: each combination of its
-- characters' readings (曾 zeng/ceng, 乐 le/yue, ...) and ü spelled both `v` and `u`
-- (吕 lv, lu), at most 16 per name. Written from Rust (`domain::pinyin::all_keys`): by this
-- migration's step for the names already stored (which also rewrites the first-reading
-- columns, `lübinyu` becoming `lvbinyu`) and on every save of a name.
CREATE TABLE customer_name_keys (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    pinyin      TEXT NOT NULL,
    initials    TEXT NOT NULL,
    PRIMARY KEY (customer_id, pinyin, initials)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_name_keys_pinyin ON customer_name_keys(pinyin);
CREATE INDEX customer_name_keys_initials ON customer_name_keys(initials, pinyin);
