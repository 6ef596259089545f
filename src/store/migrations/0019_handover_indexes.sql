-- 0019: the desk's hand-over list in SQL (issue #14), with indexes only, so what it shows
-- stays exactly what the tables say.
-- The files of a day that are not handed over on time are read from the day's index
-- entries alone: the event day and the day the documents were received, side by side.
DROP INDEX sales_files_delivery;
CREATE INDEX sales_files_delivery ON sales_files(delivery_date, documents_received);
DROP INDEX repair_orders_closed;
CREATE INDEX repair_orders_closed ON repair_orders(closed, documents_received);
-- The staff members documents come from: each distinct name is one step down its index
-- instead of a read of every file and receipt.
CREATE INDEX sales_files_salesperson ON sales_files(salesperson);
CREATE INDEX repair_orders_advisor ON repair_orders(advisor);
CREATE INDEX document_receipts_handed_by ON document_receipts(handed_by);
