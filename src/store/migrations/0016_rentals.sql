-- 0016: the rental desk (seed 000): rentals of the archive's cars to customers, and the
-- breakdowns logged against a rental (fault type, time, place: §2.1).

CREATE TABLE rentals (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE,
    store_id          TEXT NOT NULL,
    contract_no       TEXT NOT NULL UNIQUE,
    vehicle_id        INTEGER NOT NULL REFERENCES vehicles(id),
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    branch            TEXT NOT NULL DEFAULT '',
    start_at          TEXT NOT NULL,
    planned_return_at TEXT NOT NULL,
    returned_at       TEXT,
    returned_by       INTEGER REFERENCES agents(id),
    return_branch     TEXT,
    created_at        TEXT NOT NULL,
    created_by        INTEGER REFERENCES agents(id),
    updated_at        TEXT NOT NULL,
    updated_by        INTEGER REFERENCES agents(id),
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK (planned_return_at > start_at),
    CHECK (returned_at IS NULL OR returned_at >= start_at)
) STRICT;
CREATE INDEX rentals_out ON rentals(planned_return_at) WHERE returned_at IS NULL;
CREATE INDEX rentals_returned ON rentals(returned_at) WHERE returned_at IS NOT NULL;
CREATE INDEX rentals_customer ON rentals(customer_id, start_at);
CREATE INDEX rentals_start ON rentals(start_at);
-- A car is out on one contract at a time.
CREATE UNIQUE INDEX rentals_one_out_per_car ON rentals(vehicle_id) WHERE returned_at IS NULL;

CREATE TABLE rental_breakdowns (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    store_id    TEXT NOT NULL,
    rental_id   INTEGER NOT NULL REFERENCES rentals(id),
    fault       TEXT NOT NULL CHECK (fault IN ('engine', 'battery', 'tyre', 'brakes',
                    'electrical', 'accident', 'fuel', 'keys', 'other')),
    occurred_at TEXT NOT NULL,
    place       TEXT NOT NULL CHECK (place <> ''),
    note        TEXT NOT NULL DEFAULT '',
    rescue_id   INTEGER REFERENCES rescue_cases(id),
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES agents(id)
) STRICT;
CREATE INDEX rental_breakdowns_rental ON rental_breakdowns(rental_id, occurred_at);
