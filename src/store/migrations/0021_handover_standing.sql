-- 0021: the Reports tab's hand-over drill-downs picked from indexes (issue #14), so a
-- year's list and its total cost about what SQLite's bare count of the files costs.
-- Per event day, each file's received day as the queries read it (`received!`: the text
-- when it is a real YYYY-MM-DD day, else NULL, not received) and its staff member as the
-- report names them (trimmed of every Unicode White_Space character, as Rust's `trim`):
-- a standing (on time, late, not received) is then one range of a day's entries and a
-- staff member's files are read from the index alone. The day is indexed as `day || ''`
-- (the same text) so that only the queries written for these indexes use them: every other
-- query on the event day keeps the plan it had. Only indexes: what the drill-downs list
-- stays exactly what the tables say.
CREATE INDEX sales_files_standing ON sales_files((delivery_date || ''),
    (CASE WHEN date(documents_received) IS documents_received THEN documents_received END),
    trim(salesperson, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195,
        8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)));
CREATE INDEX repair_orders_standing ON repair_orders((closed || ''),
    (CASE WHEN date(documents_received) IS documents_received THEN documents_received END),
    trim(advisor, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195,
        8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)));
