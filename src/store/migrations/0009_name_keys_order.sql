-- A mixed-pinyin query (`ljun`) reads the keys under one pair of initials until it has
-- found enough names. Ordered by pinyin, every 李家…, 李建…, 李杰… key came before the first
-- 李军; ordered by customer, the matches are spread as in the store and found as soon as
-- before the key table. The index stays covering (the pinyin is read from it).
DROP INDEX customer_name_keys_initials;
CREATE INDEX customer_name_keys_initials ON customer_name_keys(initials, customer_id, pinyin);
