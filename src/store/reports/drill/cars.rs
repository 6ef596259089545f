//! The customers behind report figures (a child of `report_drill`): the cars of a brand,
//! model or age, and the customers by how often they came in a period.

use super::{Take, cols, day, keep_all, list, list_counted};
use crate::domain::validate::mask_mobile;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use crate::store::reports::Ctx;
use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use rusqlite::types::Value as Sql;

pub(super) type VehicleFilter<'a> = (
    NaiveDate,
    &'a Option<String>,
    &'a Option<String>,
    Option<Option<(u32, Option<u32>)>>,
);

pub(super) fn vehicles(
    conn: &Connection,
    ctx: &Ctx<'_>,
    (asof, brand, model, age): VehicleFilter<'_>,
    limit: Take<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut sql = String::from(
        "SELECT v.customer_id, cu.name, cu.mobile, v.plate, v.brand, v.model, v.purchase_date,
                v.mileage_km
         FROM vehicles v JOIN customers cu ON cu.id = v.customer_id
         WHERE (v.purchase_date IS NULL OR v.purchase_date <= ?1)",
    );
    let mut p = vec![Sql::Text(day(asof))];
    if let Some(b) = brand {
        sql.push_str(&format!(" AND v.brand = ?{}", p.len() + 1));
        p.push(Sql::Text(b.clone()));
    }
    if let Some(m) = model {
        sql.push_str(&format!(" AND v.model = ?{}", p.len() + 1));
        p.push(Sql::Text(m.clone()));
    }
    match age {
        None => {}
        Some(None) => sql.push_str(" AND v.purchase_date IS NULL"),
        Some(Some((lo, hi))) => {
            // Bought in (asof - hi years, asof - lo years].
            let years_before =
                |y: u32| asof.checked_sub_months(Months::new(12 * y)).unwrap_or(asof);
            sql.push_str(&format!(" AND v.purchase_date <= ?{}", p.len() + 1));
            p.push(Sql::Text(day(years_before(lo))));
            if let Some(h) = hi {
                sql.push_str(&format!(" AND v.purchase_date > ?{}", p.len() + 1));
                p.push(Sql::Text(day(years_before(h))));
            }
        }
    }
    let count = format!("SELECT count(*) FROM ({sql})");
    sql.push_str(" ORDER BY v.purchase_date DESC, v.id");
    let s = Sheet {
        title: format!("{} {asof}", lang.t("车辆", "Vehicles")),
        columns: cols(
            lang,
            &[
                ("客户", "Customer"),
                ("手机", "Mobile"),
                ("车牌", "Plate"),
                ("车型", "Car"),
                ("购车日期", "Bought"),
                ("里程(km)", "Mileage (km)"),
            ],
        ),
        ..Default::default()
    };
    list_counted(conn, (&sql, p), Some(&count), s, limit, &keep_all, |r| {
        Ok(vec![
            Value::Text(r.get(1)?),
            Value::Text(mask_mobile(
                &r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            )),
            Value::Text(r.get::<_, Option<String>>(3)?.unwrap_or_default()),
            Value::Text(format!(
                "{} {}",
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?
            )),
            Value::Text(r.get::<_, Option<String>>(6)?.unwrap_or_default()),
            r.get::<_, Option<i64>>(7)?.map_or(Value::Empty, Value::Int),
        ])
    })
}

pub(super) fn visits(
    conn: &Connection,
    ctx: &Ctx<'_>,
    (from, to, min, max): (NaiveDate, NaiveDate, i64, Option<i64>),
    limit: Take<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let p = vec![
        Sql::Text(day(from)),
        Sql::Text(day(to.succ_opt().unwrap_or(to))),
        Sql::Integer(min),
        Sql::Integer(max.unwrap_or(i64::MAX)),
    ];
    // Per customer with a car: the visits in the days (counted once for all, from the
    // (opened, vehicle_id) index, as the loyalty report counts them) and the last visit
    // ever (through the (vehicle_id, opened) index, for the rows listed only).
    let sql = "SELECT cu.id, cu.name, cu.mobile, coalesce(k.n, 0) AS n,
                      (SELECT max(r.opened) FROM repair_orders r JOIN vehicles v ON v.id = r.vehicle_id
                       WHERE v.customer_id = cu.id) AS last
               FROM customers cu
               LEFT JOIN (SELECT v.customer_id AS cid, count(*) AS n
                          FROM repair_orders r JOIN vehicles v ON v.id = r.vehicle_id
                          WHERE r.opened >= ?1 AND r.opened < ?2 GROUP BY v.customer_id) k
                      ON k.cid = cu.id
               WHERE EXISTS (SELECT 1 FROM vehicles v WHERE v.customer_id = cu.id)
                 AND coalesce(k.n, 0) BETWEEN ?3 AND ?4
               ORDER BY n DESC, cu.id";
    let s = Sheet {
        title: format!(
            "{} {from} ~ {to}",
            lang.t("客户回厂次数", "Customer visits")
        ),
        columns: cols(
            lang,
            &[
                ("客户", "Customer"),
                ("手机", "Mobile"),
                ("期间回厂", "Visits"),
                ("最近回厂", "Last visit"),
            ],
        ),
        ..Default::default()
    };
    list(conn, (sql, p), s, limit, &keep_all, |r| {
        Ok(vec![
            Value::Text(r.get(1)?),
            Value::Text(mask_mobile(
                &r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            )),
            Value::Int(r.get(3)?),
            Value::Text(r.get::<_, Option<String>>(4)?.unwrap_or_default()),
        ])
    })
}
