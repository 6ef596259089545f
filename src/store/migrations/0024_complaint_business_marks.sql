-- 0024: the SLA marks of 0022 again in business time (issue #14 point 4), so the "within
-- SLA" drill-down judges business-hours deadlines in SQL too instead of replaying every
-- log. Each mark is business nanoseconds since the epoch (`domain::calendar::BusinessTime`)
-- under the calendar, hours and zone named by `sla_bcal` (a fingerprint): used only when
-- the calendar in force has the same one, else the complaint is judged from its log.
-- Worked out with the marks of 0022 each time an event is written, here for the
-- complaints on file under the store's own calendar (`complaints::marks::store_time`),
-- and again when a new calendar is installed (`complaints::marks::rebase`).
ALTER TABLE complaints ADD COLUMN sla_bcal INTEGER;
ALTER TABLE complaints ADD COLUMN sla_b_received_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_b_contact_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_b_assign_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_b_resolve_ns INTEGER;
ALTER TABLE complaints ADD COLUMN sla_b_resolve_from_ns INTEGER;
