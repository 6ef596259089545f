-- 0022: what judging "every deadline kept" needs of each complaint's log, kept beside it
-- (issue #14), so the Reports tab's "within SLA" drill-down is judged in SQL instead of
-- reading and replaying every log in Rust. Worked out from the log (the domain's clocks)
-- each time an event is written, and here for the complaints already on file, in
-- wall-clock nanoseconds since the epoch; independent of the deadlines in force, which the
-- query brings. Marks older than the report's `now` (or missing) are not used: such a
-- complaint is judged from its log as before. See `domain::complaints::WallMarks`.
ALTER TABLE complaints ADD COLUMN sla_seen_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_received_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_contact_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_assign_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_resolve_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_resolve_from_ns INTEGER;
