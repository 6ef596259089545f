//! A report's drill-down stops at its limit and says so, with the total (issue 18, point
//! 8): the sheet keeps the first rows, the keys Enter opens stay in step, and the first
//! note names how many there are in all. A list under the limit says only its count.

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::Rules;
use frontdesk::domain::complaints::SlaSettings;
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::reports::{self, Ctx, DRILL_LIMIT, Drill};
use frontdesk::store::{Actor, Db, customers, vehicles};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// The built-in rules a report context borrows.
struct Builtins {
    templates: TemplateSet,
    calendar: BusinessCalendar,
    rules: Rules,
}

impl Builtins {
    fn new() -> Builtins {
        Builtins {
            templates: TemplateSet::builtin(),
            calendar: BusinessCalendar::builtin(),
            rules: Rules::builtin(),
        }
    }

    fn ctx(&self, lang: Lang, now: chrono::DateTime<Utc>) -> Ctx<'_> {
        Ctx {
            lang,
            tz: TZ,
            now,
            templates: &self.templates,
            calendar: &self.calendar,
            sla: SlaSettings::default(),
            rules: &self.rules,
            churn_months: 12,
            viewer: Default::default(),
        }
    }
}

#[test]
fn a_drill_down_cut_at_its_limit_says_so_with_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("d.sqlite3")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let store = db.store_id().to_string();
    let bought = NaiveDate::from_ymd_opt(2024, 5, 1);
    db.write(|tx| {
        let c = CustomerData {
            name: "张三".into(),
            ..Default::default()
        };
        let cid = customers::insert_in(tx, &store, actor, &c)?;
        for (brand, n) in [("大众", DRILL_LIMIT + 20), ("丰田", 3)] {
            for i in 0..n {
                let v = VehicleData {
                    vin: format!(
                        "{}{:09}",
                        if brand == "大众" {
                            "LSVAB4BR"
                        } else {
                            "LTVAB4BR"
                        },
                        i
                    ),
                    vin_check_ok: true,
                    brand: brand.into(),
                    model: "朗逸".into(),
                    purchase_date: bought,
                    ..Default::default()
                };
                vehicles::insert_in(tx, &store, actor, cid, &v)?;
            }
        }
        Ok(())
    })
    .unwrap();
    let builtins = Builtins::new();
    let asof = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let ctx = builtins.ctx(lang, now);
        let of = |brand: &str| Drill::Vehicles {
            asof,
            brand: Some(brand.into()),
            model: None,
            age: None,
        };
        let cut = reports::drill::drill(db.conn(), &of("大众"), &ctx).unwrap();
        assert_eq!(cut.rows.len(), DRILL_LIMIT);
        assert_eq!(cut.keys.len(), DRILL_LIMIT);
        let said = lang.t(
            "共 520 条，只列出前 500 条",
            "520 rows; the first 500 listed",
        );
        assert!(cut.notes[0].contains(said), "{:?}", cut.notes);
        let all = reports::drill::drill_all(db.conn(), &of("大众"), &ctx).unwrap();
        assert_eq!(all.rows.len(), DRILL_LIMIT + 20);
        let whole = reports::drill::drill(db.conn(), &of("丰田"), &ctx).unwrap();
        assert_eq!(whole.rows.len(), 3);
        assert_eq!(
            whole.notes[0],
            lang.t("共 3 条（Enter 打开）", "3 rows (Enter opens one)")
        );
    }
}

/// A list filtered row by row (the customers by visits) counts the rows past its limit
/// as it steps over them: the total is the same as the full list's length.
#[test]
fn a_cut_list_of_customers_counts_every_row_past_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("v.sqlite3")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let store = db.store_id().to_string();
    db.write(|tx| {
        for i in 0..DRILL_LIMIT + 7 {
            let c = CustomerData {
                name: format!("客户{i}"),
                ..Default::default()
            };
            let cid = customers::insert_in(tx, &store, actor, &c)?;
            let v = VehicleData {
                vin: format!("LSVAB4BR{i:09}"),
                vin_check_ok: true,
                brand: "大众".into(),
                model: "朗逸".into(),
                ..Default::default()
            };
            vehicles::insert_in(tx, &store, actor, cid, &v)?;
        }
        Ok(())
    })
    .unwrap();
    let builtins = Builtins::new();
    let ctx = builtins.ctx(Lang::En, now);
    let never = Drill::Visits {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        min: 0,
        max: Some(0),
    };
    let cut = reports::drill::drill(db.conn(), &never, &ctx).unwrap();
    assert_eq!(cut.rows.len(), DRILL_LIMIT);
    assert_eq!(cut.keys.len(), DRILL_LIMIT);
    assert!(
        cut.notes[0].contains("507 rows; the first 500 listed"),
        "{:?}",
        cut.notes
    );
    let all = reports::drill::drill_all(db.conn(), &never, &ctx).unwrap();
    assert_eq!(all.rows.len(), DRILL_LIMIT + 7);
    assert_eq!(all.notes[0], "507 rows (Enter opens one)");
}
