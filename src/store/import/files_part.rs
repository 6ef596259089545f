//! The sales-file and repair-order part of the database pass (a child of `apply`, so it
//! shares the `Applier`'s caches and counts).

use super::{Applier, Outcome, set, set_opt};
use crate::domain::archive::{RepairKind, RepairOrderData, SalesFileData};
use crate::i18n::Lang;
use crate::io::columns::Kind;
use crate::io::import::parse::{RepairRec, SalesRec};
use crate::store::customers::{self, fmt_date};
use crate::store::{StoreError, audit, files};
use rusqlite::{OptionalExtension, params};

impl Applier<'_> {
    // ------------------------------------------------------------ sales files

    /// The sales file of a row's vehicle: `row_vehicle` when the row's vehicle was imported
    /// as such, else the vehicle the record names (created if new).
    pub(super) fn sales(
        &mut self,
        line: usize,
        s: &SalesRec,
        row_vehicle: Option<i64>,
    ) -> Result<(), StoreError> {
        let vid = match row_vehicle {
            Some(id) => id,
            None => {
                let mut v = s.vehicle.clone();
                v.purchase_date = v.purchase_date.or(Some(s.invoice_date));
                let Some(id) = self.vehicle(line, &v, false, None)? else {
                    return Ok(());
                };
                id
            }
        };
        // A vehicle this file created has no sales file yet.
        let existing = if self.created_here(Kind::Vehicles, vid) {
            None
        } else {
            self.sales_file_record(vid)?
        };
        let lang = self.lang;
        let Some(f) = existing else {
            if self.write {
                let mut data = SalesFileData::default();
                merge_sales(&mut data, s);
                files::insert_sales_file_in(self.conn, &self.store_id, self.actor, vid, &data)?;
            }
            self.outcome(Kind::Sales, line, Outcome::Created, String::new);
            return Ok(());
        };
        let mut after = f.data.clone();
        merge_sales(&mut after, s);
        let o = if after == f.data {
            Outcome::Unchanged
        } else {
            if self.write {
                self.update_sales(f.id, &f.data, &after)?;
            }
            Outcome::Updated
        };
        let vin = s.vehicle.vin.as_ref().map(|x| x.0.as_str()).unwrap_or("");
        self.outcome(Kind::Sales, line, o, || match lang {
            Lang::Zh => format!("车辆 {vin} 已有销售档案"),
            Lang::En => format!("vehicle {vin} has a sales file"),
        });
        Ok(())
    }

    fn update_sales(
        &self,
        id: i64,
        before: &SalesFileData,
        s: &SalesFileData,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE sales_files SET delivery_date = ?1, invoice_date = ?2, channel = ?3,
                    dealer = ?4, salesperson = ?5, price_yuan = ?6, updated_at = ?7,
                    updated_by = ?8, version = version + 1
                 WHERE id = ?9",
            )?
            .execute(params![
                fmt_date(Some(s.delivery_date)),
                fmt_date(Some(s.invoice_date)),
                s.channel.code(),
                s.dealer,
                s.salesperson,
                s.price_yuan,
                self.now,
                self.actor.agent_id,
                id,
            ])?;
        audit::record(
            self.conn,
            self.actor,
            "import_update",
            "sales_file",
            id,
            Some(&sales_json(before)),
            Some(&sales_json(s)),
        )
    }

    // ------------------------------------------------------------ repair orders

    pub(super) fn repair(&mut self, line: usize, r: &RepairRec) -> Result<(), StoreError> {
        let lang = self.lang;
        let v = &r.vehicle;
        let vid = if let Some((vin, _)) = &v.vin {
            match self.vehicle_by_vin(vin)? {
                Some((id, _)) => Some(id),
                None if v.owner.name.is_some() || v.owner.mobile.is_some() => {
                    self.vehicle(line, v, false, None)?
                }
                None => {
                    let m = match lang {
                        Lang::Zh => format!(
                            "车架号 {vin} 不在档案中，本行也没有车主姓名或手机，无法新建车辆（请先导入车辆）"
                        ),
                        Lang::En => format!(
                            "VIN {vin} is not on file and the row names no owner (import the vehicles first)"
                        ),
                    };
                    self.refuse(Kind::Repairs, line, "", vin, m);
                    None
                }
            }
        } else if let Some(p) = &v.plate {
            match self.vehicle_by_plate(p)? {
                Some((id, _)) => Some(id),
                None => {
                    let m = match lang {
                        Lang::Zh => {
                            format!("车牌号 {p} 不在档案中（本行没有车架号，无法新建车辆）")
                        }
                        Lang::En => format!(
                            "plate {p} is not on file (and the row has no VIN to create the vehicle)"
                        ),
                    };
                    self.refuse(Kind::Repairs, line, "", p, m);
                    None
                }
            }
        } else {
            None
        };
        let Some(vid) = vid else {
            return Ok(());
        };
        let existing = if self.maybe_repair(&r.ro_number) {
            self.existing_repair(r)?
        } else {
            None
        };
        match existing {
            Some((id, old_vid, before)) => {
                let mut after = before.clone();
                merge_repair(&mut after, r);
                let o = if after == before && old_vid == vid {
                    Outcome::Unchanged
                } else {
                    if self.write {
                        self.update_repair(id, vid, &before, &after)?;
                    }
                    Outcome::Updated
                };
                self.outcome(Kind::Repairs, line, o, || match lang {
                    Lang::Zh => format!("工单 {} 已存在", r.ro_number),
                    Lang::En => format!("RO {} exists", r.ro_number),
                });
            }
            None => {
                if self.write {
                    let mut data = RepairOrderData {
                        kind: r.kind_or_inferred(),
                        ..RepairOrderData::default()
                    };
                    merge_repair(&mut data, r);
                    files::insert_repair_order_in(
                        self.conn,
                        &self.store_id,
                        self.actor,
                        vid,
                        &data,
                    )?;
                }
                self.outcome(Kind::Repairs, line, Outcome::Created, String::new);
            }
        }
        Ok(())
    }

    /// The repair order with this RO number, its vehicle and data.
    fn existing_repair(
        &self,
        r: &RepairRec,
    ) -> Result<Option<(i64, i64, RepairOrderData)>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, vehicle_id, opened, closed, advisor, kind, items, amount_fen,
                        mileage_km, accident
                 FROM repair_orders WHERE ro_number = ?1",
            )?
            .query_row([&r.ro_number], |row| {
                let items: String = row.get(6)?;
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    RepairOrderData {
                        ro_number: r.ro_number.clone(),
                        opened: customers::parse_date(row.get(2)?).unwrap_or_default(),
                        closed: customers::parse_date(row.get(3)?),
                        advisor: row.get(4)?,
                        kind: RepairKind::from_code(&row.get::<_, String>(5)?),
                        items: serde_json::from_str(&items).unwrap_or_default(),
                        amount_fen: row.get(7)?,
                        mileage_km: u32::try_from(row.get::<_, i64>(8)?).unwrap_or(0),
                        accident: row.get::<_, i64>(9)? == 1,
                    },
                ))
            })
            .optional()?)
    }

    fn update_repair(
        &self,
        id: i64,
        vehicle_id: i64,
        before: &RepairOrderData,
        o: &RepairOrderData,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE repair_orders SET vehicle_id = ?1, opened = ?2, closed = ?3, advisor = ?4,
                    kind = ?5, items = ?6, amount_fen = ?7, mileage_km = ?8, accident = ?9,
                    updated_at = ?10, updated_by = ?11, version = version + 1
                 WHERE id = ?12",
            )?
            .execute(params![
                vehicle_id,
                fmt_date(Some(o.opened)),
                fmt_date(o.closed),
                o.advisor,
                o.kind.code(),
                serde_json::to_string(&o.items).unwrap_or_else(|_| "[]".into()),
                o.amount_fen,
                o.mileage_km,
                o.accident as i64,
                self.now,
                self.actor.agent_id,
                id,
            ])?;
        let mut after = repair_json(o);
        after["vehicle_id"] = vehicle_id.into();
        audit::record(
            self.conn,
            self.actor,
            "import_update",
            "repair_order",
            id,
            Some(&repair_json(before)),
            Some(&after),
        )
    }
}

// ---------------------------------------------------------------- merging

fn merge_sales(d: &mut SalesFileData, s: &SalesRec) {
    d.invoice_date = s.invoice_date;
    d.delivery_date = s.delivery_date;
    set(&mut d.channel, &s.channel);
    set(&mut d.dealer, &s.dealer);
    set(&mut d.salesperson, &s.salesperson);
    set(&mut d.price_yuan, &s.price_yuan);
}

fn merge_repair(d: &mut RepairOrderData, r: &RepairRec) {
    d.ro_number.clone_from(&r.ro_number);
    d.opened = r.opened;
    set_opt(&mut d.closed, &r.closed);
    set(&mut d.advisor, &r.advisor);
    set(&mut d.kind, &r.kind);
    set(&mut d.items, &r.items);
    set(&mut d.amount_fen, &r.amount_fen);
    set(&mut d.mileage_km, &r.mileage);
    set(&mut d.accident, &r.accident);
}

fn sales_json(s: &SalesFileData) -> serde_json::Value {
    serde_json::json!({
        "delivery_date": fmt_date(Some(s.delivery_date)),
        "invoice_date": fmt_date(Some(s.invoice_date)),
        "channel": s.channel.code(), "dealer": s.dealer, "salesperson": s.salesperson,
        "price_yuan": s.price_yuan,
    })
}

fn repair_json(o: &RepairOrderData) -> serde_json::Value {
    serde_json::json!({
        "ro_number": o.ro_number, "opened": fmt_date(Some(o.opened)), "closed": fmt_date(o.closed),
        "advisor": o.advisor, "kind": o.kind.code(), "items": o.items, "amount_fen": o.amount_fen,
        "mileage_km": o.mileage_km, "accident": o.accident,
    })
}
