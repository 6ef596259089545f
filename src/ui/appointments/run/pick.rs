//! The booking form's customer picker against the store: the store's one customer search
//! (phone tail, plate, name, pinyin), and the picked customer's cars.

use super::super::Msg;
use crate::i18n::Lang;
use crate::store::appointments as sa;
use crate::store::{StoreError, customers, search, vehicles};
use crate::ui::desk::Env;

/// Rows the picker lists.
const PICKER_ROWS: usize = 6;

pub(super) fn find(env: &Env, q: &str) -> Result<Msg, StoreError> {
    let hits = if q.trim().is_empty() {
        Vec::new()
    } else {
        search::search(env.db.conn(), q, PICKER_ROWS)?
    };
    Ok(Msg::Hits(hits))
}

pub(super) fn pick(
    env: &Env,
    customer_id: i64,
    vehicle_id: Option<i64>,
) -> Result<Msg, StoreError> {
    let conn = env.db.conn();
    let c = customers::get(conn, customer_id)?;
    let cars = vehicles::of_customer(conn, customer_id)?;
    let no_shows = sa::no_show_count(conn, customer_id)?;
    let name = c.data.name.clone();
    let who = crate::text::inert(&name);
    let note = match env.lang {
        Lang::Zh => format!("客户：{who}，爽约记录 {no_shows} 次"),
        Lang::En => format!("Customer: {who}, no-shows so far: {no_shows}"),
    };
    let note = if cars.is_empty() {
        format!(
            "{note}{}",
            env.lang.t(
                "。该客户没有登记车辆",
                ". The customer has no vehicle on file"
            )
        )
    } else {
        note
    };
    Ok(Msg::Picked {
        customer: (customer_id, name),
        cars,
        vehicle_id,
        note,
    })
}

/// The picked customer and car, as a search hit for booking.
pub(super) fn picked_hit(
    env: &Env,
    customer_id: i64,
    vehicle_id: Option<i64>,
) -> Result<search::Hit, StoreError> {
    let conn = env.db.conn();
    let c = customers::get(conn, customer_id)?;
    let cars = vehicles::of_customer(conn, customer_id)?;
    let car = cars.iter().find(|v| Some(v.id) == vehicle_id);
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
