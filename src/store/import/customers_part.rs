//! The customer part of the database pass (a child of `apply`, so it shares the
//! `Applier`'s caches and counts): creating a customer, or matching and updating one.

use super::*;

/// What finds a new customer again: their name and keys (as `CustomerData` holds them).
pub(super) struct NewCustomer<'a> {
    pub name: &'a str,
    pub mobile: Option<&'a str>,
    pub id_number: Option<&'a str>,
    pub landline: Option<&'a str>,
}

impl Applier<'_> {
    // ------------------------------------------------------------ customers

    /// Creates a customer (in a dry run only a stand-in id: `data` is built only to be
    /// written), found again by later rows from here by the keys `new` names.
    pub(super) fn insert_customer(
        &mut self,
        new: NewCustomer<'_>,
        data: impl FnOnce() -> CustomerData,
        line: usize,
    ) -> Result<i64, StoreError> {
        let id = if self.write {
            customers::insert_in(self.conn, &self.store_id, self.actor, &data())?
        } else {
            self.fake()
        };
        self.again(Kind::Customers, id, line, true);
        // Found again by later rows from here, in a dry run and in the real import alike.
        if let Some(m) = new.mobile {
            self.by_mobile
                .insert(key(KeyKind::Mobile, m), Some((id, new.name.into())));
        }
        if let Some(i) = new.id_number {
            self.new_by_id_number.insert(key(KeyKind::IdNumber, i), id);
        }
        if let Some(l) = new.landline {
            self.new_by_name_tel
                .insert(lookups_part::name_tel(new.name, l), id);
        }
        self.outcome(Kind::Customers, line, Outcome::Created, String::new);
        Ok(id)
    }

    /// The customer a customers record names, created or updated; their id.
    pub(super) fn customer(&mut self, line: usize, c: &CustomerRec) -> Result<i64, StoreError> {
        let mut found = None;
        if let Some(m) = &c.owner.mobile {
            found = self.customer_by_mobile(m)?.map(|x| x.0);
        }
        if found.is_none()
            && let Some(i) = &c.id_number
        {
            found = self.customer_by_id_number(i)?;
        }
        if found.is_none()
            && let (Some(n), Some(l)) = (&c.owner.name, &c.owner.landline)
        {
            found = self.customer_by_name_tel(n, l)?;
        }
        let Some(id) = found else {
            let new = NewCustomer {
                name: c.owner.name.as_deref().unwrap_or_default(),
                mobile: c.owner.mobile.as_deref(),
                id_number: c.id_number.as_deref(),
                landline: c.owner.landline.as_deref(),
            };
            let data = || {
                let mut data = CustomerData::default();
                merge_customer(&mut data, c);
                data
            };
            return self.insert_customer(new, data, line);
        };
        if self.again(Kind::Customers, id, line, false) {
            self.outcome(Kind::Customers, line, Outcome::Again, String::new);
            return Ok(id);
        }
        let before = self.customer_record(id)?;
        let mut after = before.data.clone();
        merge_customer(&mut after, c);
        let lang = self.lang;
        if before.data.name != after.name {
            let r = match lang {
                Lang::Zh => format!("姓名将由“{}”改为“{}”", before.data.name, after.name),
                Lang::En => format!("name changes from {} to {}", before.data.name, after.name),
            };
            self.warn(line, "", "", r);
        }
        let o = if after == before.data {
            Outcome::Unchanged
        } else {
            if self.write {
                self.update_customer(id, &before.data, &after)?;
            }
            if let Some(m) = &before.data.mobile {
                self.by_mobile.insert(key(KeyKind::Mobile, m), None);
            }
            if let Some(m) = &after.mobile {
                self.by_mobile.insert(
                    key(KeyKind::Mobile, m),
                    Some((id, after.name.as_str().into())),
                );
            }
            Outcome::Updated
        };
        let name = before.data.name;
        self.outcome(Kind::Customers, line, o, || match lang {
            Lang::Zh => format!("已有客户 #{id} {name}"),
            Lang::En => format!("customer #{id} {name} exists"),
        });
        Ok(id)
    }

    fn update_customer(
        &self,
        id: i64,
        before: &CustomerData,
        c: &CustomerData,
    ) -> Result<(), StoreError> {
        let (py, initials) = name_keys(&c.name);
        self.conn
            .prepare_cached(
                "UPDATE customers SET name = ?1, name_pinyin = ?2, name_initials = ?3, gender = ?4,
                    birthday = ?5, mobile = ?6, landline = ?7, id_number = ?8, region = ?9,
                    address = ?10, vip = ?11, notes = ?12, updated_at = ?13, updated_by = ?14,
                    version = version + 1
                 WHERE id = ?15",
            )?
            .execute(params![
                c.name,
                py,
                initials,
                c.gender.map(|g| g.code()),
                fmt_date(c.birthday),
                c.mobile,
                c.landline,
                c.id_number,
                c.region,
                c.address,
                c.vip as i64,
                c.notes,
                self.now,
                self.actor.agent_id,
                id,
            ])?;
        crate::store::name_keys::save(self.conn, id, &c.name)?;
        audit::record(
            self.conn,
            self.actor,
            "import_update",
            "customer",
            id,
            Some(&customers::to_json(before)),
            Some(&customers::to_json(c)),
        )
    }
}
