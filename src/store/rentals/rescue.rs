//! The rescue case a breakdown opens (seed 000 §2.2): the same rescue call, case and
//! 30-minute contact clock a rescue call saved on the Calls tab opens (`calls::save_in`),
//! written inside the breakdown's transaction.

use super::Rental;
use crate::domain::calendar::BusinessTime;
use crate::domain::calls::{Channel, Direction};
use crate::domain::rentals::Fault;
use crate::domain::templates::{Group, TemplateSet};
use crate::i18n::Lang;
use crate::store::calls::{self, NewCall};
use crate::store::{Actor, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// The rescue call template a breakdown is recorded on.
const TEMPLATE: &str = "rescue_roadside";

/// What the breakdown says about itself.
pub(super) struct Report<'a> {
    pub fault: Fault,
    pub occurred_at: DateTime<Utc>,
    pub place: &'a str,
    pub note: &'a str,
}

/// Opens the rescue case for a breakdown of rental `r` reported at `actor.at`, naming the
/// rental's customer and car, the fault, its time and place; answers the case's id.
pub(super) fn open(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    r: &Rental,
    b: &Report<'_>,
    time: &BusinessTime,
) -> Result<i64, StoreError> {
    let (region, brand, purchase, mileage): (String, String, Option<String>, Option<i64>) = tx
        .query_row(
            "SELECT cu.region, v.brand, v.purchase_date, v.mileage_km
             FROM customers cu, vehicles v WHERE cu.id = ?1 AND v.id = ?2",
            [r.customer_id, r.vehicle_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?;
    let when = b
        .occurred_at
        .with_timezone(&time.tz())
        .format("%Y-%m-%d %H:%M");
    let mut symptom = format!(
        "{}（{when}发生，租赁合同{}",
        b.fault.label(Lang::Zh),
        r.contract_no
    );
    if !b.note.is_empty() {
        symptom.push('，');
        symptom.push_str(b.note);
    }
    symptom.push('）');
    let mut fields = BTreeMap::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            fields.insert(k.to_string(), v);
        }
    };
    put("region", Some(region));
    put("brand", Some(brand));
    put("purchase_date", purchase);
    put("mileage", mileage.map(|m| m.to_string()));
    put("symptom", Some(symptom));
    put("location", Some(b.place.to_string()));
    put("plate", r.plate.clone());
    put("contact", r.mobile.clone());
    let set = TemplateSet::builtin();
    let t = set.get(TEMPLATE);
    let call = NewCall {
        customer_id: Some(r.customer_id),
        vehicle_id: Some(r.vehicle_id),
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: TEMPLATE.into(),
        template_version: t.map_or(1, |t| t.version),
        group: Group::Rescue,
        sentence: t.map_or_else(String::new, |t| t.render(Lang::Zh, &fields)),
        completeness: t.map_or(0, |t| t.completeness(&fields)),
        fields,
        resolved: true,
        started_at: actor.at,
    };
    let saved = calls::save_in(tx, store_id, actor, &call, time)?;
    saved.rescue_id.ok_or(StoreError::NotFound)
}
