//! Finding the customer a row names (a child of `apply`, so it shares the `Applier`'s
//! caches): by mobile, by ID number, by name and landline.

use super::*;

impl Applier<'_> {
    // ------------------------------------------------------------ lookups

    pub(super) fn customer_by_mobile(
        &mut self,
        m: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        if let Some(v) = self.by_mobile.get(m) {
            return Ok(v.clone());
        }
        if self.no_customers {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id, name FROM customers WHERE mobile = ?1 ORDER BY id LIMIT 1")?
            .query_row([m], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    pub(super) fn customer_by_id_number(&mut self, id: &str) -> Result<Option<i64>, StoreError> {
        if let Some(&c) = self.new_by_id_number.get(id) {
            return Ok(Some(c));
        }
        if self.no_customers {
            return Ok(None);
        }
        if self.by_id_number.is_none() {
            let mut st = self.conn.prepare(
                "SELECT id_number, id FROM customers WHERE id_number IS NOT NULL ORDER BY id DESC",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            self.by_id_number = Some(rows.collect::<Result<_, _>>()?);
        }
        Ok(self.by_id_number.as_ref().and_then(|m| m.get(id).copied()))
    }

    pub(super) fn customer_by_name_tel(
        &mut self,
        name: &str,
        tel: &str,
    ) -> Result<Option<i64>, StoreError> {
        let key = (name.to_string(), tel.to_string());
        if let Some(&c) = self.new_by_name_tel.get(&key) {
            return Ok(Some(c));
        }
        if self.no_customers {
            return Ok(None);
        }
        if self.by_name_tel.is_none() {
            let mut st = self.conn.prepare(
                "SELECT name, landline, id FROM customers WHERE landline IS NOT NULL ORDER BY id DESC",
            )?;
            let rows = st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
            self.by_name_tel = Some(rows.collect::<Result<_, _>>()?);
        }
        Ok(self.by_name_tel.as_ref().and_then(|m| m.get(&key).copied()))
    }
}
