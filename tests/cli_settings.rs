//! Store-wide setup (issue #18 point 7): the setup files are one per store, in the
//! database; a supervisor installs them (checked first, audited), every agent's commands
//! read that copy whatever OS user runs them, and `--version` says where each came from.

mod support;

use support::{env, run};

struct Store {
    _home: tempfile::TempDir,
    home: std::path::PathBuf,
    db: String,
    env: Vec<(String, String)>,
}

impl Store {
    fn demo() -> Store {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().to_path_buf();
        let s = Store {
            db: h.join("store.sqlite3").display().to_string(),
            env: env(&h),
            home: h,
            _home: home,
        };
        let (code, out, err) = s.run(None, &["demo", "--customers", "30"]);
        assert_eq!(code, 0, "{out}{err}");
        s
    }

    fn run(&self, agent: Option<&str>, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["--db", &self.db, "--lang", "en"];
        if let Some(a) = agent {
            all.extend(["--agent", a]);
        }
        all.extend(args);
        run(&all, &self.env)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let dir = self.home.join("files");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }
}

#[test]
fn only_a_supervisor_installs_a_setup_file_and_version_then_names_the_database() {
    let s = Store::demo();
    let f = s.file(
        "store.toml",
        "name = \"城东店\"\n[hours]\nsun = \"closed\"\n",
    );
    let (code, _, err) = s.run(Some("1002"), &["settings", "import", &f]);
    assert_ne!(code, 0);
    assert!(err.contains("only supervisors"), "{err}");
    let (_, out, _) = s.run(None, &["--version"]);
    assert!(out.contains("store.toml: built-in defaults"), "{out}");

    let (code, out, err) = s.run(Some("1001"), &["settings", "import", &f]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = s.run(None, &["--version"]);
    assert!(out.contains("store.toml: the store's database"), "{out}");
    assert!(out.contains("templates.toml: built-in defaults"), "{out}");
    let (_, out, _) = s.run(None, &["settings", "list"]);
    assert!(
        out.contains("store.toml           the store's database"),
        "{out}"
    );
}

#[test]
fn a_broken_file_is_refused_and_nothing_of_the_batch_is_installed() {
    let s = Store::demo();
    let good = s.file("calendar.toml", "");
    let bad = s.file("store.toml", "slot_minuts = 15\n");
    let (code, _, err) = s.run(Some("1001"), &["settings", "import", &good, &bad]);
    assert_ne!(code, 0);
    assert!(
        err.contains("not valid, nothing installed") && err.contains("slot_minuts"),
        "{err}"
    );
    let (_, out, _) = s.run(None, &["--version"]);
    assert!(out.contains("calendar.toml: built-in defaults"), "{out}");
    let other = s.file("notes.toml", "x = 1\n");
    let (code, _, err) = s.run(Some("1001"), &["settings", "import", &other]);
    assert_ne!(code, 0);
    assert!(err.contains("not a setup file"), "{err}");
}

#[test]
fn the_store_copy_wins_over_a_users_own_file_so_every_agent_plans_alike() {
    let s = Store::demo();
    // One agent's own config directory has a different store.toml.
    let own = s.home.join("config/frontdesk");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(own.join("store.toml"), "name = \"Mine\"\n").unwrap();
    let (_, out, _) = s.run(None, &["--version"]);
    assert!(out.contains("store.toml: this user's file"), "{out}");
    let f = s.file("store.toml", "name = \"Shared\"\n");
    let (code, out, err) = s.run(Some("1001"), &["settings", "import", &f]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = s.run(None, &["--version"]);
    assert!(out.contains("store.toml: the store's database"), "{out}");
    let exported = s.home.join("out");
    let (code, _, _) = s.run(
        None,
        &["settings", "export", &exported.display().to_string()],
    );
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(exported.join("store.toml")).unwrap();
    assert_eq!(text, "name = \"Shared\"\n");
}

#[test]
fn a_setting_is_set_by_a_supervisor_and_an_employee_number_is_digits() {
    let s = Store::demo();
    let (code, _, _) = s.run(Some("1002"), &["settings", "set", "store.mode", "rental"]);
    assert_ne!(code, 0);
    let (code, out, err) = s.run(Some("1001"), &["settings", "set", "store.mode", "rental"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = s.run(None, &["settings"]);
    assert!(out.contains("store.mode = rental"), "{out}");
    let (code, _, err) = s.run(None, &["agents", "add", "abc", "Bob"]);
    assert_ne!(code, 0);
    assert!(err.contains("digits"), "{err}");
    let (code, out, err) = s.run(None, &["agents", "add", "2001", "Bob"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn demo_rental_makes_a_rental_company_and_the_plain_demo_stays_a_dealership() {
    let plain = Store::demo();
    let (_, out, _) = plain.run(None, &["settings"]);
    assert!(!out.contains("store.mode"), "{out}");

    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("rent.sqlite3").display().to_string();
    let e = env(home.path());
    let (code, out, err) = run(
        &[
            "--db",
            &db,
            "--lang",
            "en",
            "demo",
            "--rental",
            "--customers",
            "60",
        ],
        &e,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Rental company mode"), "{out}");
    let (_, out, _) = run(&["--db", &db, "--lang", "en", "settings"], &e);
    assert!(out.contains("store.mode = rental"), "{out}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let out_now = q("SELECT count(*) FROM rentals WHERE returned_at IS NULL");
    let returned = q("SELECT count(*) FROM rentals WHERE returned_at IS NOT NULL");
    let overdue = q(
        "SELECT count(*) FROM rentals WHERE returned_at IS NULL AND planned_return_at < '2026-11-23T01:30'",
    );
    assert!(
        out_now >= 10 && returned > out_now,
        "{out_now} out, {returned} back"
    );
    assert!(
        overdue >= 1 && overdue * 4 < out_now,
        "{overdue} of {out_now} overdue"
    );
    assert!(q("SELECT count(*) FROM rental_breakdowns") >= 1);
}

/// `frontdesk complaints` takes its deadlines from the store's settings in the database
/// (as the app does), not from the config file: a complaint 15 minutes old is past the
/// built-in 10-minute first contact, and no longer once the store allows 60 minutes.
#[test]
fn the_complaints_command_takes_its_deadlines_from_the_store() {
    use chrono::{TimeZone, Utc};
    use frontdesk::domain::complaints::Category;
    use frontdesk::store::complaints::{self as sc, NewComplaint};
    use frontdesk::store::{Actor, Db};
    let s = Store::demo();
    // 2026-11-23 09:15 in Shanghai: 15 minutes before FRONTDESK_NOW.
    let received = Utc.with_ymd_and_hms(2026, 11, 23, 1, 15, 0).unwrap();
    let mut db = Db::open(std::path::Path::new(&s.db)).unwrap();
    let c = NewComplaint {
        customer_id: None,
        vehicle_id: None,
        call_id: None,
        channel: "phone".into(),
        received_at: received,
        category: Category::Attitude,
        loss_yuan: None,
        severity_by_hand: None,
        station: "前台".into(),
        summary: "接待态度差，无人理会".into(),
        demand: "道歉".into(),
        handler_id: None,
    };
    let actor = Actor {
        agent_id: None,
        at: received,
    };
    sc::register(&mut db, actor, &c).unwrap();
    drop(db);
    let (code, out, err) = s.run(None, &["complaints", "--overdue"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("接待态度差"), "overdue at 10 minutes:\n{out}");
    let f = s.file("store.toml", "[sla]\nfirst_contact_minutes = 60\n");
    let (code, out, err) = s.run(Some("1001"), &["settings", "import", &f]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = s.run(None, &["complaints", "--overdue"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !out.contains("接待态度差"),
        "not overdue at 60 minutes:\n{out}"
    );
    let (_, out, _) = s.run(None, &["complaints"]);
    assert!(out.contains("接待态度差"), "still listed as open:\n{out}");
}

/// Installing a calendar reads the complaints' business-time SLA marks again under it
/// (issue #14 point 4), so business-hours "within SLA" figures stay judged in SQL.
#[test]
fn installing_a_calendar_reads_the_business_sla_marks_again_under_it() {
    use frontdesk::domain::calendar::{BusinessCalendar, BusinessHours, BusinessTime};
    let s = Store::demo();
    let marks = |s: &Store| -> Vec<Option<i64>> {
        let db = frontdesk::store::Db::open(std::path::Path::new(&s.db)).unwrap();
        db.conn()
            .prepare("SELECT sla_bcal FROM complaints")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let tz = chrono_tz::Asia::Shanghai;
    let fingerprint = |cal: &BusinessCalendar| {
        Some(BusinessTime::new(cal, BusinessHours::default(), tz).fingerprint())
    };
    let before = marks(&s);
    assert!(!before.is_empty());
    let builtin = fingerprint(&BusinessCalendar::builtin());
    assert!(before.iter().all(|m| *m == builtin), "{before:?}");
    let text = "[[year]]\nyear = 2026\nholidays = [{ date = \"2026-11-11\", name = \"店庆\" }]\n";
    let f = s.file("calendar.toml", text);
    let (code, out, err) = s.run(Some("1001"), &["settings", "import", &f]);
    assert_eq!(code, 0, "{out}{err}");
    let (cal, _) = BusinessCalendar::with_overrides_text(text, "calendar.toml");
    let after = marks(&s);
    assert_ne!(fingerprint(&cal), builtin);
    assert!(after.iter().all(|m| *m == fingerprint(&cal)), "{after:?}");
}

/// A closed holiday the calendar does not have would never close the store: the import
/// refuses it as the Settings page does, naming it, and installs nothing; the calendar's
/// own name is taken.
#[test]
fn a_closed_holiday_the_calendar_does_not_have_is_refused_on_import() {
    let s = Store::demo();
    let f = s.file("store.toml", "[closed]\nholidays = [\"国庆\"]\n");
    let (code, _, err) = s.run(Some("1001"), &["settings", "import", &f]);
    assert_ne!(code, 0);
    assert!(
        err.contains("nothing installed") && err.contains("`国庆`"),
        "{err}"
    );
    let (_, out, _) = s.run(None, &["--version"]);
    assert!(out.contains("store.toml: built-in defaults"), "{out}");
    let f = s.file("store.toml", "[closed]\nholidays = [\"国庆节\"]\n");
    let (code, out, err) = s.run(Some("1001"), &["settings", "import", &f]);
    assert_eq!(code, 0, "{out}{err}");
}

/// The store's phone is printed in every confirmation and reminder: one that is not a
/// number is refused on import as on the Settings page, and nothing is installed.
#[test]
fn a_store_phone_that_is_not_a_number_is_refused_on_import() {
    let s = Store::demo();
    let f = s.file("store.toml", "phone = \"call us\"\n");
    let (code, _, err) = s.run(Some("1001"), &["settings", "import", &f]);
    assert_ne!(code, 0);
    assert!(
        err.contains("nothing installed") && err.contains("`call us`"),
        "{err}"
    );
    let (_, out, _) = s.run(None, &["--version"]);
    assert!(out.contains("store.toml: built-in defaults"), "{out}");
    let f = s.file("store.toml", "phone = \"0769-22223333\"\n");
    let (code, out, err) = s.run(Some("1001"), &["settings", "import", &f]);
    assert_eq!(code, 0, "{out}{err}");
}
