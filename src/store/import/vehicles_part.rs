//! The vehicle part of the database pass (a child of `apply`, so it shares the
//! `Applier`'s caches and counts): finding a car by VIN or plate, creating or updating it.

use super::*;

impl Applier<'_> {
    // ------------------------------------------------------------ lookups

    pub(super) fn vehicle_by_vin(&mut self, vin: &str) -> Result<Option<(i64, i64)>, StoreError> {
        let k = key(KeyKind::Vin, vin);
        if let Some(v) = self.by_vin.get(&k).or_else(|| self.chunk.vin.get(&k)) {
            return Ok(*v);
        }
        if self.no_vehicles {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id, customer_id FROM vehicles WHERE vin = ?1")?
            .query_row([vin], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The vehicle holding a plate, and its VIN when this file gave it (else None: the
    /// database's vehicle, whose VIN `plate_holder_vin` reads when a message needs it).
    pub(super) fn vehicle_by_plate(
        &mut self,
        plate: &str,
    ) -> Result<Option<(i64, Option<Compact>)>, StoreError> {
        let k = key(KeyKind::Plate, plate);
        if let Some(v) = self.by_plate.get(&k) {
            return Ok(v.clone().map(|(id, vin)| (id, Some(vin))));
        }
        if let Some(v) = self.chunk.plate.get(&k) {
            return Ok(v.map(|id| (id, None)));
        }
        if self.no_vehicles {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM vehicles WHERE plate = ?1")?
            .query_row([plate], |r| Ok((r.get(0)?, None)))
            .optional()?)
    }

    /// The VIN of the vehicle holding a plate (`vehicle_by_plate`), for the refusal of a
    /// row naming that plate on another car: read from the table (only for a refusal the
    /// report keeps: past `KEPT` refusals one is counted, its words never read).
    fn plate_holder_vin(&self, id: i64, vin: Option<Compact>) -> Result<Compact, StoreError> {
        match vin {
            Some(vin) => Ok(vin),
            None => Ok(self
                .conn
                .prepare_cached("SELECT vin FROM vehicles WHERE id = ?1")?
                .query_row([id], |r| r.get::<_, String>(0))?
                .into()),
        }
    }

    // ------------------------------------------------------------ creating, updating

    /// Creates or updates the vehicle a row names; `primary` when vehicles are among the
    /// kinds imported (else only a vehicle it creates is counted). `row_customer`: the
    /// customer of the same row, its owner. None: refused.
    pub(super) fn vehicle(
        &mut self,
        line: usize,
        v: &VehicleRec,
        primary: bool,
        row_customer: Option<i64>,
    ) -> Result<Option<i64>, StoreError> {
        let lang = self.lang;
        let Some((vin, check_ok)) = v.vin.as_ref().map(|(vin, ok)| (vin.as_str(), *ok)) else {
            return Ok(None);
        };
        let existing = self.vehicle_by_vin(vin)?;
        if let Some(p) = &v.plate
            && let Some((pid, pvin)) = self.vehicle_by_plate(p)?
            && Some(pid) != existing.map(|e| e.0)
        {
            let mut r = String::new();
            if self.refusal_kept() {
                let pvin = self.plate_holder_vin(pid, pvin)?;
                r = match lang {
                    Lang::Zh => {
                        format!("车牌号 {p} 已登记在另一辆车上（车架号 {}）", pvin.as_str())
                    }
                    Lang::En => format!(
                        "plate {p} is already on another vehicle (VIN {})",
                        pvin.as_str()
                    ),
                };
            }
            self.refuse(Kind::Vehicles, line, "", p, r);
            return Ok(None);
        }
        if let Some((id, _)) = existing
            && self.again(Kind::Vehicles, id, line, false)
        {
            if primary {
                self.outcome(Kind::Vehicles, line, Outcome::Again, String::new);
            }
            return Ok(Some(id));
        }
        let Some(owner) = self.owner(line, &v.owner, existing.map(|e| e.1), row_customer)? else {
            return Ok(None);
        };
        if let Some((id, cust)) = existing {
            let before = self.vehicle_record(id)?;
            let mut after = before.data.clone();
            merge_vehicle(&mut after, v);
            let changed = after != before.data || owner != cust;
            if changed {
                if self.write {
                    self.update_vehicle(id, owner, &before.data, &after)?;
                }
                if before.data.plate != after.plate
                    && let Some(old) = &before.data.plate
                {
                    self.by_plate.insert(key(KeyKind::Plate, old), None);
                }
                if let Some(p) = &after.plate {
                    let v = Some((id, vin.into()));
                    self.by_plate.insert(key(KeyKind::Plate, p), v);
                }
                self.by_vin
                    .insert(key(KeyKind::Vin, vin), Some((id, owner)));
            }
            if primary {
                let o = if changed {
                    Outcome::Updated
                } else {
                    Outcome::Unchanged
                };
                self.outcome(Kind::Vehicles, line, o, || match lang {
                    Lang::Zh => format!("已有车辆 #{id}（车架号 {vin}）"),
                    Lang::En => format!("vehicle #{id} (VIN {vin}) exists"),
                });
            }
            return Ok(Some(id));
        }
        let id = if self.write {
            let mut data = VehicleData {
                vin: vin.to_string(),
                vin_check_ok: check_ok,
                ..VehicleData::default()
            };
            merge_vehicle(&mut data, v);
            let id = vehicles::insert_in(self.conn, &self.store_id, self.actor, owner, &data)?;
            if !check_ok {
                let what = serde_json::json!({"vin": vin, "check_digit": "kept on import"});
                audit::record(
                    self.conn,
                    self.actor,
                    "confirm_vin_check_digit",
                    "vehicle",
                    id,
                    None,
                    Some(&what),
                )?;
            }
            id
        } else {
            self.fake()
        };
        // The plate the new vehicle holds (`merge_vehicle` takes the record's).
        if let Some(p) = &v.plate {
            let v = Some((id, vin.into()));
            self.by_plate.insert(key(KeyKind::Plate, p), v);
        }
        self.by_vin
            .insert(key(KeyKind::Vin, vin), Some((id, owner)));
        self.again(Kind::Vehicles, id, line, true);
        self.outcome(Kind::Vehicles, line, Outcome::Created, String::new);
        Ok(Some(id))
    }

    pub(super) fn update_vehicle(
        &self,
        id: i64,
        owner: i64,
        before: &VehicleData,
        v: &VehicleData,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE vehicles SET customer_id = ?1, plate = ?2, plate_key = ?3, brand = ?4,
                    model = ?5, color = ?6, energy = ?7, purchase_date = ?8, mileage_km = ?9,
                    insurance_due = ?10, inspection_due = ?11, maintenance_due = ?12,
                    updated_at = ?13, updated_by = ?14, version = version + 1
                 WHERE id = ?15",
            )?
            .execute(params![
                owner,
                v.plate,
                v.plate.as_deref().map(plate_key),
                v.brand,
                v.model,
                v.color,
                v.energy.code(),
                fmt_date(v.purchase_date),
                v.mileage_km,
                fmt_date(v.insurance_due),
                fmt_date(v.inspection_due),
                fmt_date(v.maintenance_due),
                self.now,
                self.actor.agent_id,
                id,
            ])?;
        let mut after = vehicles::to_json(v);
        after["customer_id"] = owner.into();
        audit::record(
            self.conn,
            self.actor,
            "import_update",
            "vehicle",
            id,
            Some(&vehicles::to_json(before)),
            Some(&after),
        )
    }
}

fn merge_vehicle(d: &mut VehicleData, v: &VehicleRec) {
    set_opt(&mut d.plate, &v.plate);
    set(&mut d.brand, &v.brand);
    set(&mut d.model, &v.model);
    set(&mut d.color, &v.color);
    set(&mut d.energy, &v.energy);
    set_opt(&mut d.purchase_date, &v.purchase_date);
    set_opt(&mut d.mileage_km, &v.mileage);
    set_opt(&mut d.insurance_due, &v.insurance_due);
    set_opt(&mut d.inspection_due, &v.inspection_due);
    set_opt(&mut d.maintenance_due, &v.maintenance_due);
}
