-- 0023: the bookings still expected (booked, confirmed, reminded) by start, so that the
-- no-show sweep run at every start reads only those due, not every past booking of the
-- store's history (issue #14: start-up does not grow with the store). A partial index: it
-- holds only the expected bookings, a few days' worth, whatever the history.
CREATE INDEX appointments_expected ON appointments(start_at)
    WHERE status IN ('booked', 'confirmed', 'reminded');
