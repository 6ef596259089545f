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

    pub(super) fn open_customer(&mut self, id: i64, revealed: bool) -> Result<(), StoreError> {
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
        self.tab = Tab::Customers;
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
