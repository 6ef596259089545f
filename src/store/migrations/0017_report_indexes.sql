-- 0017: indexes for the customer-analysis reports (issue #14), each an index only, so the
-- figures stay exactly what the tables say.
-- Customer groups read brand, model, purchase date and owner of every car: this index
-- holds all four, so SQLite counts from it without reading the wide vehicle rows; the
-- cars of a brand (or a brand's model) come from it newest first, as the drill-down lists.
CREATE INDEX vehicles_brand ON vehicles(brand, purchase_date, model, customer_id);
-- Loyalty counts the repair orders opened in a period per car: with the car in the index
-- the period's orders are read from the index alone.
DROP INDEX repair_orders_opened;
CREATE INDEX repair_orders_opened ON repair_orders(opened, vehicle_id);
