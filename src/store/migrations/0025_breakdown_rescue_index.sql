-- 0025: a rescue case's breakdown is found by its rescue case (the rescue list and page
-- show the rental fault beside each case): an index on the link, so each lookup is one
-- step down it instead of a read of every breakdown on file.
CREATE INDEX rental_breakdowns_rescue ON rental_breakdowns(rescue_id);
