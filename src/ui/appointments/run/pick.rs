//! The app's side of the booking form's customer picker: the store's one customer search
//! (phone tail, plate, name, pinyin), and the picked customer's cars.

use crate::i18n::Lang;
use crate::store::appointments as sa;
use crate::store::{StoreError, customers, search, vehicles};
use crate::ui::app::App;

/// Rows the picker lists.
const PICKER_ROWS: usize = 6;

impl App {
    pub(crate) fn find_booking_customer(&mut self, q: &str) -> Result<(), StoreError> {
        let hits = if q.trim().is_empty() {
            Vec::new()
        } else {
            search::search(self.db.conn(), q, PICKER_ROWS)?
        };
        self.appointments.set_customer_hits(hits);
        Ok(())
    }

    pub(crate) fn pick_booking_customer(
        &mut self,
        customer_id: i64,
        vehicle_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let conn = self.db.conn();
        let c = customers::get(conn, customer_id)?;
        let cars = vehicles::of_customer(conn, customer_id)?;
        let no_shows = sa::no_show_count(conn, customer_id)?;
        let name = c.data.name.clone();
        let note = match self.lang {
            Lang::Zh => format!(
                "客户：{}，爽约记录 {no_shows} 次",
                crate::text::inert(&name)
            ),
            Lang::En => format!(
                "Customer: {}, no-shows so far: {no_shows}",
                crate::text::inert(&name)
            ),
        };
        let note = if cars.is_empty() {
            format!(
                "{note}{}",
                self.lang.t(
                    "。该客户没有登记车辆",
                    ". The customer has no vehicle on file"
                )
            )
        } else {
            note
        };
        self.appointments
            .set_pick((customer_id, name), cars, vehicle_id, note);
        Ok(())
    }

    /// The picked customer and car, as a search hit for booking.
    pub(crate) fn picked_hit(
        &self,
        customer_id: i64,
        vehicle_id: i64,
    ) -> Result<search::Hit, StoreError> {
        let conn = self.db.conn();
        let c = customers::get(conn, customer_id)?;
        let cars = vehicles::of_customer(conn, customer_id)?;
        let car = cars.iter().find(|v| v.id == vehicle_id);
        Ok(search::Hit {
            customer_id,
            vehicle_id: car.map(|v| v.id),
            name: c.data.name.clone(),
            mobile: c.data.mobile.clone(),
            plate: car.and_then(|v| v.data.plate.clone()),
            vin: car.map(|v| v.data.vin.clone()),
            car: car.map(|v| v.data.model.clone()).unwrap_or_default(),
            vehicles: cars.len() as i64,
            matched: search::MatchKind::Recent,
        })
    }
}
