-- 0001: the store, its agents, the customer archive (one car, two files) and the audit log.
-- Every business record has a local key, the store id and a UUIDv7 for merging stores later.
-- Timestamps are UTC text 'YYYY-MM-DDTHH:MM:SSZ'; dates are 'YYYY-MM-DD' (store-local).

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE agents (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    store_id    TEXT NOT NULL,
    emp_no      TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
    os_user     TEXT UNIQUE,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    store_id      TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_pinyin   TEXT NOT NULL,
    name_initials TEXT NOT NULL,
    gender        TEXT CHECK (gender IN ('M', 'F')),
    birthday      TEXT,
    mobile        TEXT,
    landline      TEXT,
    id_number     TEXT,
    region        TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    vip           INTEGER NOT NULL DEFAULT 0 CHECK (vip IN (0, 1)),
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES agents(id),
    updated_at    TEXT NOT NULL,
    updated_by    INTEGER REFERENCES agents(id),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX customers_name ON customers(name);
CREATE INDEX customers_pinyin ON customers(name_pinyin);
CREATE INDEX customers_initials ON customers(name_initials);
CREATE INDEX customers_mobile ON customers(mobile);
CREATE INDEX customers_mobile_last4 ON customers(substr(mobile, 8, 4));
CREATE INDEX customers_birthday ON customers(birthday);

CREATE TABLE vehicles (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    store_id        TEXT NOT NULL,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    vin             TEXT NOT NULL UNIQUE,
    vin_check_ok    INTEGER NOT NULL CHECK (vin_check_ok IN (0, 1)),
    plate           TEXT UNIQUE,
    plate_key       TEXT,
    brand           TEXT NOT NULL DEFAULT '',
    model           TEXT NOT NULL DEFAULT '',
    color           TEXT NOT NULL DEFAULT '',
    energy          TEXT NOT NULL DEFAULT 'fuel' CHECK (energy IN ('fuel', 'nev')),
    purchase_date   TEXT,
    mileage_km      INTEGER CHECK (mileage_km >= 0),
    insurance_due   TEXT,
    inspection_due  TEXT,
    maintenance_due TEXT,
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES agents(id),
    updated_at      TEXT NOT NULL,
    updated_by      INTEGER REFERENCES agents(id),
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX vehicles_customer ON vehicles(customer_id);
CREATE INDEX vehicles_plate_key ON vehicles(plate_key);
CREATE INDEX vehicles_purchase_date ON vehicles(purchase_date);

-- Substring search on plates and VINs (3+ characters) through a trigram index.
CREATE VIRTUAL TABLE vehicles_fts USING fts5(
    plate_key, vin, content = 'vehicles', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER vehicles_fts_ai AFTER INSERT ON vehicles BEGIN
    INSERT INTO vehicles_fts(rowid, plate_key, vin) VALUES (new.id, new.plate_key, new.vin);
END;
CREATE TRIGGER vehicles_fts_ad AFTER DELETE ON vehicles BEGIN
    INSERT INTO vehicles_fts(vehicles_fts, rowid, plate_key, vin)
        VALUES ('delete', old.id, old.plate_key, old.vin);
END;
CREATE TRIGGER vehicles_fts_au AFTER UPDATE OF plate_key, vin ON vehicles BEGIN
    INSERT INTO vehicles_fts(vehicles_fts, rowid, plate_key, vin)
        VALUES ('delete', old.id, old.plate_key, old.vin);
    INSERT INTO vehicles_fts(rowid, plate_key, vin) VALUES (new.id, new.plate_key, new.vin);
END;

-- The sales file (销售档案): one per vehicle sold through this store or its dealers.
CREATE TABLE sales_files (
    id                 INTEGER PRIMARY KEY,
    uuid               TEXT NOT NULL UNIQUE,
    store_id           TEXT NOT NULL,
    vehicle_id         INTEGER NOT NULL UNIQUE REFERENCES vehicles(id),
    delivery_date      TEXT NOT NULL,
    invoice_date       TEXT NOT NULL,
    channel            TEXT NOT NULL CHECK (channel IN ('direct', 'secondary')),
    dealer             TEXT NOT NULL DEFAULT '',
    salesperson        TEXT NOT NULL DEFAULT '',
    price_yuan         INTEGER NOT NULL DEFAULT 0,
    documents          TEXT NOT NULL DEFAULT '{}',
    documents_received TEXT,
    created_at         TEXT NOT NULL,
    created_by         INTEGER REFERENCES agents(id),
    updated_at         TEXT NOT NULL,
    updated_by         INTEGER REFERENCES agents(id),
    version            INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX sales_files_delivery ON sales_files(delivery_date);
CREATE INDEX sales_files_invoice ON sales_files(invoice_date);

-- The repair file (维修档案): repair orders per vehicle.
CREATE TABLE repair_orders (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    store_id    TEXT NOT NULL,
    vehicle_id  INTEGER NOT NULL REFERENCES vehicles(id),
    ro_number   TEXT NOT NULL UNIQUE,
    opened      TEXT NOT NULL,
    closed      TEXT,
    advisor     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('maintenance', 'repair', 'warranty', 'accident')),
    items       TEXT NOT NULL DEFAULT '[]',
    amount_fen  INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
    mileage_km  INTEGER NOT NULL DEFAULT 0 CHECK (mileage_km >= 0),
    accident    INTEGER NOT NULL DEFAULT 0 CHECK (accident IN (0, 1)),
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES agents(id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES agents(id),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX repair_orders_vehicle ON repair_orders(vehicle_id, opened);
CREATE INDEX repair_orders_opened ON repair_orders(opened);
CREATE INDEX repair_orders_closed ON repair_orders(closed);

-- Who did what, when, with the record before and after. Append-only.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    agent_id  INTEGER REFERENCES agents(id),
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    before    TEXT,
    after     TEXT
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
