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
use frontdesk::io::report::{self, Ctx, DRILL_LIMIT, Drill};
use frontdesk::store::{Actor, Db, customers, vehicles};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

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
    let (templates, calendar, rules) = (
        TemplateSet::builtin(),
        BusinessCalendar::builtin(),
        Rules::builtin(),
    );
    let asof = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let ctx = Ctx {
            lang,
            tz: TZ,
            now,
            templates: &templates,
            calendar: &calendar,
            sla: SlaSettings::default(),
            rules: &rules,
            churn_months: 12,
        };
        let of = |brand: &str| Drill::Vehicles {
            asof,
            brand: Some(brand.into()),
            model: None,
            age: None,
        };
        let cut = report::drill::drill(db.conn(), &of("大众"), &ctx).unwrap();
        assert_eq!(cut.rows.len(), DRILL_LIMIT);
        assert_eq!(cut.keys.len(), DRILL_LIMIT);
        let said = lang.t(
            "共 520 条，只列出前 500 条",
            "520 rows; the first 500 listed",
        );
        assert!(cut.notes[0].contains(said), "{:?}", cut.notes);
        let all = report::drill::drill_all(db.conn(), &of("大众"), &ctx).unwrap();
        assert_eq!(all.rows.len(), DRILL_LIMIT + 20);
        let whole = report::drill::drill(db.conn(), &of("丰田"), &ctx).unwrap();
        assert_eq!(whole.rows.len(), 3);
        assert_eq!(
            whole.notes[0],
            lang.t("共 3 条（Enter 打开）", "3 rows (Enter opens one)")
        );
    }
}
