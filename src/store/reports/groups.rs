//! Customer structure and loyalty (客户分析): vehicles grouped by brand, by model and by car
//! age as of a day; and customers by how often they came to the workshop in a period
//! (visits = repair orders opened), with the average visits per customer per year. Every
//! row carries the drill-down to the vehicles or customers behind it.

use super::drill::{Drill, RowKey};
use super::{Ctx, Range};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

/// Car age buckets in whole years: [from, to) — the last one open.
pub const AGE_BUCKETS: [(u32, Option<u32>); 5] = [
    (0, Some(1)),
    (1, Some(3)),
    (3, Some(5)),
    (5, Some(8)),
    (8, None),
];

/// Visit-count buckets: [min, max] — the last one open.
pub const VISIT_BUCKETS: [(i64, Option<i64>); 5] = [
    (0, Some(0)),
    (1, Some(1)),
    (2, Some(2)),
    (3, Some(3)),
    (4, None),
];

fn pct(n: i64, of: i64) -> Value {
    if of == 0 {
        Value::Empty
    } else {
        Value::Num(n as f64 * 100.0 / of as f64, 1)
    }
}

pub fn age_label(b: (u32, Option<u32>), lang: Lang) -> String {
    match (b.1, lang) {
        (Some(to), Lang::Zh) => format!("车龄 {}–{} 年", b.0, to),
        (None, Lang::Zh) => format!("车龄 {} 年以上", b.0),
        (Some(to), Lang::En) => format!("age {}–{} years", b.0, to),
        (None, Lang::En) => format!("age {}+ years", b.0),
    }
}

/// Whole years from `bought` to `asof` (None when bought after it).
pub fn age_years(bought: NaiveDate, asof: NaiveDate) -> Option<u32> {
    let mut y = asof.year() - bought.year();
    if (asof.month(), asof.day()) < (bought.month(), bought.day()) {
        y -= 1;
    }
    u32::try_from(y).ok()
}

/// Vehicles by brand, by model and by car age, as of the range's end (default today).
pub fn customer_groups(
    conn: &Connection,
    range: &Range,
    ctx: &Ctx<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let asof = range
        .to
        .unwrap_or_else(|| ctx.now.with_timezone(&ctx.tz).date_naive());
    let (brands, models, ages) = group_counts(conn, asof)?;
    let total: i64 = models.values().map(|c| c.0).sum();
    let mut sheet = Sheet {
        title: format!(
            "{} {asof}",
            lang.t(
                "客户结构（品牌、车型、车龄）",
                "Customer groups (brand, model, age)"
            )
        ),
        columns: [
            ("维度", "Dimension"),
            ("分组", "Group"),
            ("车辆数", "Vehicles"),
            ("客户数", "Customers"),
            ("占比(%)", "Share (%)"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    let unnamed = |s: &str| {
        if s.is_empty() {
            lang.t("（未填）", "(blank)").to_string()
        } else {
            s.to_string()
        }
    };
    let push = |sheet: &mut Sheet, dim: &str, group: String, n: i64, c: i64, d: Drill| {
        sheet.rows.push(vec![
            Value::text_of(dim),
            Value::Text(group),
            Value::Int(n),
            Value::Int(c),
            pct(n, total),
        ]);
        sheet.keys.push(Some(RowKey::Drill(d)));
    };
    let vehicles = |brand: Option<&str>, model: Option<&str>, age| Drill::Vehicles {
        asof,
        brand: brand.map(str::to_string),
        model: model.map(str::to_string),
        age,
    };
    let mut by_size: Vec<_> = brands.into_iter().collect();
    by_size.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    for (brand, (n, c)) in by_size {
        let d = vehicles(Some(&brand), None, None);
        push(
            &mut sheet,
            lang.t("品牌", "Brand"),
            unnamed(&brand),
            n,
            c,
            d,
        );
    }
    let mut by_size: Vec<_> = models.into_iter().collect();
    by_size.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    for ((brand, model), (n, c)) in by_size {
        let d = vehicles(Some(&brand), Some(&model), None);
        let name = format!("{} {}", unnamed(&brand), unnamed(&model));
        push(&mut sheet, lang.t("车型", "Model"), name, n, c, d);
    }
    for (i, (n, c)) in ages.into_iter().enumerate() {
        let (label, age) = match AGE_BUCKETS.get(i) {
            Some(b) => (age_label(*b, lang), Some(Some(*b))),
            None => (lang.t("车龄不详", "age unknown").to_string(), Some(None)),
        };
        let d = vehicles(None, None, age);
        push(&mut sheet, lang.t("车龄", "Age"), label, n, c, d);
    }
    sheet.notes.push(match lang {
        Lang::Zh => format!("共 {total} 辆车；车龄按购车日期计至 {asof}"),
        Lang::En => format!(
            "{}; age from the purchase date to {asof}",
            lang.count(
                usize::try_from(total).unwrap_or(0),
                "辆车",
                "vehicle",
                "vehicles"
            )
        ),
    });
    Ok(sheet)
}

/// (vehicles, distinct customers) of a group.
type Count = (i64, i64);

/// The figures of `customer_groups`, counted by SQLite over the vehicles on file by `asof`
/// (through the `vehicles_groups` index, which holds every column read): per brand, per
/// (brand, model), and per car-age bucket (`AGE_BUCKETS`, then "unknown").
#[allow(clippy::type_complexity)]
fn group_counts(
    conn: &Connection,
    asof: NaiveDate,
) -> Result<
    (
        BTreeMap<String, Count>,
        BTreeMap<(String, String), Count>,
        Vec<Count>,
    ),
    StoreError,
> {
    let on_file = "FROM vehicles WHERE purchase_date IS NULL OR purchase_date <= ?1";
    let asof_s = asof.format("%Y-%m-%d").to_string();
    let mut models = BTreeMap::new();
    let sql = format!(
        "SELECT brand, model, count(*), count(DISTINCT customer_id) {on_file} GROUP BY brand, model"
    );
    for row in conn.prepare(&sql)?.query_map([&asof_s], |r| {
        Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?)))
    })? {
        let (k, c) = row?;
        models.insert(k, c);
    }
    let mut brands = BTreeMap::new();
    let sql =
        format!("SELECT brand, count(*), count(DISTINCT customer_id) {on_file} GROUP BY brand");
    for row in conn
        .prepare(&sql)?
        .query_map([&asof_s], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
    {
        let (k, c) = row?;
        brands.insert(k, c);
    }
    // A car is at least `y` whole years old on `asof` when it was bought on or before the
    // same month and day `y` years earlier: compared as text, which also holds where that
    // day does not exist (29 February). A date that is not a real YYYY-MM-DD day (SQLite's
    // `date()` would give it back changed) has no age, as in `age_years`.
    let at_least = |y: u32| {
        format!(
            "{:04}-{:02}-{:02}",
            asof.year() - y as i32,
            asof.month(),
            asof.day()
        )
    };
    let mut case = format!(
        "CASE WHEN purchase_date IS NULL OR date(purchase_date) IS NOT purchase_date THEN {}",
        AGE_BUCKETS.len()
    );
    for (i, (lo, _)) in AGE_BUCKETS.iter().enumerate().rev() {
        case.push_str(&format!(
            " WHEN purchase_date <= '{}' THEN {i}",
            at_least(*lo)
        ));
    }
    case.push_str(" END");
    let mut ages = vec![(0, 0); AGE_BUCKETS.len() + 1];
    let sql = format!(
        "SELECT {case} AS bucket, count(*), count(DISTINCT customer_id) {on_file} GROUP BY bucket"
    );
    for row in conn.prepare(&sql)?.query_map([&asof_s], |r| {
        Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?)))
    })? {
        let (i, c) = row?;
        if let Some(slot) = usize::try_from(i).ok().and_then(|i| ages.get_mut(i)) {
            *slot = c;
        }
    }
    Ok((brands, models, ages))
}

/// The period of the loyalty report: the range, or the 12 months up to today.
pub fn loyalty_period(range: &Range, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let to = range.to.unwrap_or(today);
    let from = range.from.unwrap_or_else(|| {
        to.checked_sub_months(Months::new(12))
            .and_then(|d| d.succ_opt())
            .unwrap_or(to)
    });
    (from, to)
}

/// Customers with a car on file by their number of visits in the period.
pub fn loyalty(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = loyalty_period(range, ctx.now.with_timezone(&ctx.tz).date_naive());
    let (a, b) = (
        from.format("%Y-%m-%d").to_string(),
        to.succ_opt().unwrap_or(to).format("%Y-%m-%d").to_string(),
    );
    let customers: i64 = conn.query_row(
        "SELECT count(DISTINCT customer_id) FROM vehicles",
        [],
        |r| r.get(0),
    )?;
    let mut st = conn.prepare(
        "SELECT n, count(*), sum(n) FROM (
             SELECT v.customer_id, count(*) AS n FROM repair_orders r
             JOIN vehicles v ON v.id = r.vehicle_id
             WHERE r.opened >= ?1 AND r.opened < ?2 GROUP BY v.customer_id)
         GROUP BY n",
    )?;
    let mut by_n: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for row in st.query_map(params![a, b], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?),
        ))
    })? {
        let (n, c) = row?;
        by_n.insert(n, c);
    }
    let came: i64 = by_n.values().map(|c| c.0).sum();
    let visits: i64 = by_n.values().map(|c| c.1).sum();
    let mut sheet = Sheet {
        title: format!(
            "{} {from} ~ {to}",
            lang.t("客户忠诚度（回厂次数）", "Loyalty (visits)")
        ),
        columns: [
            ("回厂次数", "Visits"),
            ("客户数", "Customers"),
            ("占比(%)", "Share (%)"),
            ("工单数", "Repair orders"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    for (min, max) in VISIT_BUCKETS {
        let (n, ros) = if min == 0 {
            (customers - came, 0)
        } else {
            by_n.range(min..=max.unwrap_or(i64::MAX))
                .fold((0, 0), |acc, (_, c)| (acc.0 + c.0, acc.1 + c.1))
        };
        let label = match max {
            Some(m) if m == min => min.to_string(),
            _ => format!("{min}+"),
        };
        sheet.rows.push(vec![
            Value::Text(label),
            Value::Int(n),
            pct(n, customers),
            Value::Int(ros),
        ]);
        sheet
            .keys
            .push(Some(RowKey::Drill(Drill::Visits { from, to, min, max })));
    }
    let days = (to - from).num_days() + 1;
    let per_year = if customers == 0 || days <= 0 {
        0.0
    } else {
        visits as f64 / customers as f64 * 365.0 / days as f64
    };
    sheet.notes.push(match lang {
        Lang::Zh => format!(
            "有车客户 {customers} 位，期间回厂 {came} 位，工单 {visits} 张；平均每位客户每年回厂 {per_year:.2} 次"
        ),
        Lang::En => format!(
            "{customers} customers with a car, {came} came in, {visits} repair orders; {per_year:.2} visits per customer per year"
        ),
    });
    Ok(sheet)
}
