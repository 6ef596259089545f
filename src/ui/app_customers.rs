//! The app's side of the Customers tab: saving a customer or a car, revealing a masked
//! number (audited), and opening a customer's archive with both files of each car.

use super::action::Tab;
use super::app::App;
use super::screens::Effect;
use super::screens::customers::{Archive, VehicleFiles};
use crate::store::{StoreError, audit, customers, files, vehicles};

/// Repair orders loaded per vehicle in the detail view.
const REPAIRS_SHOWN: usize = 30;

impl App {
    /// Carries out one of the Customers tab's effects.
    pub(super) fn apply_customers(&mut self, effect: Effect) -> Result<(), StoreError> {
        match effect {
            Effect::OpenCustomer(id) => self.open_customer(id, false),
            Effect::SaveCustomer { id, version, data } => {
                let actor = self.actor();
                let saved = match id {
                    None => customers::create(&mut self.db, actor, &data),
                    Some(id) => {
                        customers::update(&mut self.db, actor, id, version, &data).map(|_| id)
                    }
                };
                self.after_save(saved)
            }
            Effect::SaveVehicle {
                customer_id,
                id,
                version,
                data,
            } => {
                let actor = self.actor();
                let saved = match id {
                    None => vehicles::create(&mut self.db, actor, customer_id, &data),
                    Some(id) => {
                        vehicles::update(&mut self.db, actor, id, version, &data).map(|_| id)
                    }
                };
                let vehicle_id = saved.as_ref().ok().copied();
                let r = self.after_save(saved.map(|_| customer_id));
                // Show the vehicle just saved.
                if let (Some(vid), Some(a)) = (vehicle_id, &self.customers.archive)
                    && let Some(i) = a.vehicles.iter().position(|v| v.vehicle.id == vid)
                {
                    self.customers.vehicle_idx = i;
                }
                r
            }
            Effect::Reveal(id) => {
                let actor = self.actor();
                let r = self
                    .db
                    .write(|tx| audit::record(tx, actor, "reveal", "customer", id, None, None));
                r.and_then(|_| self.open_customer(id, true))
            }
            _ => Ok(()),
        }
    }

    fn after_save(&mut self, saved: Result<i64, StoreError>) -> Result<(), StoreError> {
        if let Err(StoreError::Conflict { .. }) = &saved {
            // Someone else saved first: never a loop of refusals. The open record follows
            // the store, the form keeps what was typed and says who changed what.
            return self.follow_customer_form(true);
        }
        match saved {
            Ok(customer_id) => {
                self.customers.saved();
                self.status = Some((self.lang.t("已保存", "Saved").into(), false));
                self.open_customer(customer_id, false)?;
                let q = self.customers.query().to_string();
                self.apply(Effect::Search(q));
                Ok(())
            }
            Err(e) => {
                self.customers.save_failed(e.message(self.lang));
                Ok(())
            }
        }
    }

    /// Shows a customer's archive on the Customers tab.
    pub(super) fn open_customer(&mut self, id: i64, revealed: bool) -> Result<(), StoreError> {
        self.load_customer(id, revealed)?;
        self.tab = Tab::Customers;
        Ok(())
    }

    /// Loads a customer's archive into the Customers tab without going there (another
    /// agent's save: the open archive follows the store wherever the agent is).
    pub(super) fn load_customer(&mut self, id: i64, revealed: bool) -> Result<(), StoreError> {
        let conn = self.db.conn();
        let customer = customers::get(conn, id)?;
        let mut list = Vec::new();
        for v in vehicles::of_customer(conn, id)? {
            list.push(VehicleFiles {
                sales: files::sales_file(conn, v.id)?,
                repairs: files::repair_orders(conn, v.id, REPAIRS_SHOWN)?,
                repair_total: files::repair_count(conn, v.id)?,
                vehicle: v,
            });
        }
        let calls = crate::store::calls::for_customer(conn, id, 5)?;
        self.customers.show_archive(Archive {
            customer,
            vehicles: list,
            revealed,
            calls,
        });
        Ok(())
    }
}

impl App {
    /// An open customer or car form whose record another agent saved since the form
    /// opened: the archive is loaded again (so the next save is taken on the version the
    /// agent is now told about), the typed values stay, and the form says who changed
    /// which fields, with their new values beside. `refused`: a save was just refused.
    pub(super) fn follow_customer_form(&mut self, refused: bool) -> Result<(), StoreError> {
        use super::screens::customers::FormKind;
        use crate::i18n::Lang;
        let (Some(a), Some((kind, _))) = (&self.customers.archive, &self.customers.form) else {
            return Ok(());
        };
        let kind = *kind;
        let (id, old_version, revealed) = (a.customer.id, a.customer.version, a.revealed);
        let car = a
            .vehicles
            .get(self.customers.vehicle_idx)
            .map(|v| (v.vehicle.id, v.vehicle.version));
        let (entity, entity_id, moved) = match kind {
            FormKind::EditCustomer => {
                let now = customers::get(self.db.conn(), id)?;
                ("customer", id, now.version != old_version)
            }
            FormKind::EditVehicle => match car {
                Some((vid, v)) => {
                    let now = vehicles::get(self.db.conn(), vid)?;
                    ("vehicle", vid, now.version != v)
                }
                None => return Ok(()),
            },
            FormKind::NewCustomer | FormKind::NewVehicle => return Ok(()),
        };
        if !moved {
            return Ok(());
        }
        let Some(base) = self.customers.form_as_opened() else {
            return Ok(());
        };
        self.load_customer(id, revealed)?;
        let who = crate::store::stale::last_audited(self.db.conn(), entity, entity_id)?
            .and_then(|c| c.who);
        let lang = self.lang;
        let fields = self.customers.merge_stored(&base, lang);
        let who = who.unwrap_or_else(|| lang.t("他人", "someone else").into());
        let what = if fields.is_empty() {
            String::new()
        } else {
            match lang {
                Lang::Zh => format!("：{}", fields.join("，")),
                Lang::En => format!(": {}", fields.join(", ")),
            }
        };
        let line = match (lang, refused) {
            (Lang::Zh, true) => format!(
                "未保存：{who} 刚修改了此记录{what}。表单已按新版本更新，您改过的栏目保留：核对后再按 Ctrl-S 保存，Esc 放弃"
            ),
            (Lang::Zh, false) => format!(
                "{who} 刚修改了此记录{what}。表单已按新版本更新，您改过的栏目保留：核对后 Ctrl-S 保存，Esc 放弃"
            ),
            (Lang::En, true) => format!(
                "Not saved: {who} just changed this record{what}. The form now holds their version with your changes kept: check, then Ctrl-S saves, Esc discards"
            ),
            (Lang::En, false) => format!(
                "{who} just changed this record{what}. The form now holds their version with your changes kept: check, then Ctrl-S saves, Esc discards"
            ),
        };
        self.customers.save_failed(line);
        Ok(())
    }
}
