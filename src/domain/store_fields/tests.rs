use super::*;

fn v(path: &str, text: &str) -> Result<toml::Value, String> {
    parse(spec(path).unwrap(), text, Lang::En)
}

#[test]
fn typed_values_are_checked_by_kind_in_both_languages() {
    assert!(v("reminders.day_before_at", "16:00").is_ok());
    assert_eq!(
        v("reminders.day_before_at", "4pm").unwrap_err(),
        "a time is HH:MM, e.g. 16:00"
    );
    let zh = parse(spec("reminders.morning_until").unwrap(), "8:3", Lang::Zh);
    assert_eq!(zh.unwrap_err(), "时间应为 时:分，如 16:00");
    assert!(v("slot_minutes", "0").is_err() && v("slot_minutes", "-5").is_err());
    assert_eq!(v("slot_minutes", "15").unwrap(), toml::Value::Integer(15));
    assert!(v("hours.mon", "18:00-08:30").is_err());
    assert_eq!(
        v("hours.sun", "休息").unwrap(),
        toml::Value::String("closed".into())
    );
    assert!(v("timezone", "Mars/Base").is_err());
    assert!(v("advisors", "").is_err());
    assert!(v("advisors", "王五，王五").is_err());
    assert!(v("closed.days", "2026-02-30").is_err());
    assert!(v("closed.days", "2026-10-01..2026-10-07, 2026-12-25").is_ok());
    assert!(v("sla.business_hours", "maybe").is_err());
    assert!(v("name", " ").is_err());
    // The store's phone is printed in customers' messages: a number one can call.
    assert!(v("phone", "12345").is_err());
    assert!(v("phone", "0755-12345678").is_ok());
    assert!(v("phone", "400 800 1234").is_ok());
    assert!(v("phone", "").is_ok());
    assert!(emp_no_problem("abc", Lang::En).is_some());
    assert!(emp_no_problem("1003", Lang::En).is_none());
    assert!(person_name_problem("", Lang::Zh).is_some());
}

#[test]
fn edits_make_a_whole_file_that_reads_back_the_same() {
    let edits = [
        ("name", v("name", "东莞南城店").unwrap()),
        ("advisors", v("advisors", "王五, 赵六").unwrap()),
        ("timezone", v("timezone", "Asia/Urumqi").unwrap()),
        (
            "sla.first_contact_minutes",
            v("sla.first_contact_minutes", "15").unwrap(),
        ),
        (
            "sla.business_hours",
            v("sla.business_hours", "yes").unwrap(),
        ),
        ("hours.sun", v("hours.sun", "closed").unwrap()),
        (
            "closed.days",
            v("closed.days", "2027-01-01..2027-01-03").unwrap(),
        ),
    ];
    let text = apply(None, &edits).unwrap();
    let s = StoreSetup::parse(&text, "store.toml").unwrap();
    assert_eq!(s.name, "东莞南城店");
    assert_eq!(s.advisors, vec!["王五", "赵六"]);
    assert_eq!(s.timezone, Some(chrono_tz::Asia::Urumqi));
    assert_eq!(s.sla.first_contact, chrono::Duration::minutes(15));
    assert_eq!(s.sla_business_hours, Some(true));
    assert!(s.hours[6].is_none());
    // Untouched fields keep the built-in values (the file is whole).
    assert_eq!(s.services.len(), StoreSetup::builtin().services.len());
    assert_eq!(s.bays, StoreSetup::builtin().bays);
    // Shown as typed, and applying what is shown changes nothing.
    assert_eq!(
        shown(&s, "closed.days", true, Lang::En),
        "2027-01-01..2027-01-03"
    );
    let again: Vec<(&str, toml::Value)> = SPECS
        .iter()
        .map(|sp| {
            (
                sp.path,
                parse(sp, &shown(&s, sp.path, true, Lang::Zh), Lang::Zh).unwrap(),
            )
        })
        .collect();
    let text2 = apply(Some(&text), &again).unwrap();
    assert_eq!(StoreSetup::parse(&text2, "store.toml").unwrap(), s);
}

#[test]
fn a_service_is_changed_in_place_or_added_and_checked_first() {
    let base = StoreSetup::builtin();
    let edit = ServiceEdit {
        code: "maintenance".into(),
        zh: "小保养".into(),
        en: "oil service".into(),
        minutes: "45".into(),
    };
    assert!(service_problems(&edit, &base, false, Lang::En).is_empty());
    // As a new one its code is taken.
    assert_eq!(service_problems(&edit, &base, true, Lang::En)[0].0, "code");
    let text = apply_service(None, &edit).unwrap();
    let s = StoreSetup::parse(&text, "store.toml").unwrap();
    assert_eq!(s.services.len(), base.services.len());
    assert_eq!(s.service("maintenance").unwrap().minutes, 45);
    let bad = ServiceEdit {
        code: "Car Wash".into(),
        zh: String::new(),
        en: String::new(),
        minutes: "0".into(),
    };
    let keys: Vec<_> = service_problems(&bad, &base, true, Lang::Zh)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, vec!["code", "zh", "minutes"]);
    let wash = ServiceEdit {
        code: "wash".into(),
        minutes: "20".into(),
        ..bad
    };
    let text = apply_service(
        Some(&text),
        &ServiceEdit {
            zh: "洗车".into(),
            ..wash
        },
    )
    .unwrap();
    let s = StoreSetup::parse(&text, "store.toml").unwrap();
    assert_eq!(s.services.len(), base.services.len() + 1);
}

#[test]
fn a_file_that_does_not_hold_together_is_refused() {
    // Valid field by field, but a range past the limits the file check knows.
    let edits = [("sla.warn_percent", toml::Value::Integer(100))];
    assert!(apply(None, &edits).is_err());
}

#[test]
fn an_edit_keeps_the_files_comments_and_layout() {
    let base = "# 南城店 — set up by the office, 2026-11\n\
                name = \"南城店\" # as on the sign\n\
                \n\
                # Two advisors in winter.\n\
                advisors = [\"王五\", \"赵六\"]\n\
                \n\
                [sla]\n\
                # The dealer group's rule.\n\
                first_contact_minutes = 10\n";
    let text = apply(
        Some(base),
        &[
            ("name", toml::Value::String("北城店".into())),
            ("sla.first_contact_minutes", toml::Value::Integer(20)),
        ],
    )
    .unwrap();
    for kept in [
        "# 南城店 — set up by the office, 2026-11\n",
        "name = \"北城店\" # as on the sign\n",
        "# Two advisors in winter.\nadvisors = [\"王五\", \"赵六\"]\n",
        "[sla]\n# The dealer group's rule.\nfirst_contact_minutes = 20\n",
    ] {
        assert!(text.contains(kept), "lost {kept:?} in:\n{text}");
    }
    let s = StoreSetup::parse(&text, "store.toml").unwrap();
    assert_eq!(s.name, "北城店");
    assert_eq!(s.sla.first_contact, chrono::Duration::minutes(20));
    // Whole: the keys the file lacked come from the built-in file.
    assert_eq!(s.services.len(), StoreSetup::builtin().services.len());
    // A service changed in place keeps the comment above it.
    let with_service = "# Our own list.\n[[services]]\n# Oil and filter.\ncode = \"maintenance\"\nzh = \"保养\"\nen = \"service\"\nminutes = 60\n";
    let edit = ServiceEdit {
        code: "maintenance".into(),
        zh: "小保养".into(),
        en: "oil service".into(),
        minutes: "45".into(),
    };
    let text = apply_service(Some(with_service), &edit).unwrap();
    assert!(
        text.contains("# Oil and filter.\ncode = \"maintenance\"\nzh = \"小保养\""),
        "{text}"
    );
    assert!(text.contains("minutes = 45"), "{text}");
}
