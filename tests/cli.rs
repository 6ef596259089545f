//! The command line as a script or a store admin uses it: where the database comes from,
//! `--version`, `demo` determinism, and errors with trustworthy exit codes.

mod support;

use support::{env, run, with};

#[test]
fn database_path_comes_from_flag_env_site_user_then_default() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let base = env(h);

    // Default: the platform data directory.
    let (code, out, _) = run(&["--version", "--lang", "en"], &base);
    assert_eq!(code, 0);
    assert!(out.starts_with("frontdesk "), "{out}");
    let default = h.join("data/frontdesk/frontdesk.sqlite3");
    assert!(out.contains(&default.display().to_string()), "{out}");
    assert!(out.contains("default data directory"), "{out}");

    // The user's config.
    std::fs::create_dir_all(h.join("config/frontdesk")).unwrap();
    std::fs::write(
        h.join("config/frontdesk/config.toml"),
        "db = \"/srv/user.sqlite3\"\n",
    )
    .unwrap();
    let (_, out, _) = run(&["--version", "--lang", "en"], &base);
    assert!(out.contains("/srv/user.sqlite3"), "{out}");

    // The site config comes before the user's.
    let site = h.join("site.toml");
    std::fs::write(&site, "db = \"/srv/store.sqlite3\"\n").unwrap();
    let env2 = with(
        base.clone(),
        "FRONTDESK_SITE_CONFIG",
        site.to_str().unwrap(),
    );
    let (_, out, _) = run(&["--version", "--lang", "en"], &env2);
    assert!(out.contains("/srv/store.sqlite3"), "{out}");
    assert!(
        out.contains(site.to_str().unwrap()),
        "source not named: {out}"
    );

    // FRONTDESK_DB before the configs, --db before everything.
    let env3 = with(env2, "FRONTDESK_DB", "/tmp/from-env.sqlite3");
    let (_, out, _) = run(&["--version", "--lang", "en"], &env3);
    assert!(
        out.contains("/tmp/from-env.sqlite3") && out.contains("FRONTDESK_DB"),
        "{out}"
    );
    let (_, out, _) = run(
        &["--db", "/tmp/flag.sqlite3", "--version", "--lang", "en"],
        &env3,
    );
    assert!(
        out.contains("/tmp/flag.sqlite3") && out.contains("--db"),
        "{out}"
    );
}

#[test]
fn demo_is_deterministic_per_seed_and_env_db_works_for_subcommands() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dump = |p: &std::path::Path| -> Vec<(String, String, String)> {
        let c = rusqlite::Connection::open(p).unwrap();
        let mut st = c
            .prepare("SELECT c.name, c.mobile, v.vin FROM customers c JOIN vehicles v ON v.customer_id = c.id ORDER BY c.id, v.id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let a = h.join("a.sqlite3");
    let b = h.join("b.sqlite3");
    let c = h.join("c.sqlite3");
    let (code, out, err) = run(
        &[
            "--db",
            a.to_str().unwrap(),
            "demo",
            "--customers",
            "120",
            "--seed",
            "5",
        ],
        &env(h),
    );
    assert_eq!(code, 0, "{out}{err}");
    // FRONTDESK_DB names the file for a subcommand just as --db does.
    let env_b = with(env(h), "FRONTDESK_DB", b.to_str().unwrap());
    let (code, _, _) = run(&["demo", "--customers", "120", "--seed", "5"], &env_b);
    assert_eq!(code, 0);
    run(
        &[
            "--db",
            c.to_str().unwrap(),
            "demo",
            "--customers",
            "120",
            "--seed",
            "6",
        ],
        &env(h),
    );
    let (da, db, dc) = (dump(&a), dump(&b), dump(&c));
    assert!(da.len() >= 120);
    assert_eq!(da, db, "same seed, different store");
    assert_ne!(da, dc, "different seeds, same store");
    // The staff every demo store has.
    let conn = rusqlite::Connection::open(&a).unwrap();
    let staff: Vec<(String, String)> = conn
        .prepare("SELECT emp_no, role FROM agents ORDER BY emp_no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(staff.len(), 6);
    assert_eq!(staff[0], ("1001".to_string(), "supervisor".to_string()));
    assert!(staff[1..].iter().all(|(_, r)| r == "agent"));
    // A second demo into a filled store is refused, with exit code 1.
    let (code, _, err) = run(
        &[
            "--db",
            a.to_str().unwrap(),
            "--lang",
            "en",
            "demo",
            "--customers",
            "5",
        ],
        &env(h),
    );
    assert_eq!(code, 1);
    assert!(err.contains("is not a new store"), "{err}");
    assert!(
        err.contains(a.to_str().unwrap()),
        "the file is named: {err}"
    );
    let (code, _, err) = run(
        &["--db", a.to_str().unwrap(), "--lang", "zh", "demo"],
        &env(h),
    );
    assert_eq!(code, 1);
    assert!(err.contains("演示数据会与本店自己的数据混在一起"), "{err}");
}

#[test]
fn refusals_are_clear_and_leave_the_file_alone() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let text = h.join("notes.txt");
    std::fs::write(&text, "not a database, just notes\n".repeat(10)).unwrap();
    let before = std::fs::read(&text).unwrap();
    let (code, _, err) = run(
        &["--db", text.to_str().unwrap(), "--lang", "zh", "demo"],
        &env(h),
    );
    assert_eq!(code, 1);
    assert!(err.contains("不是有效的数据库文件"), "{err}");
    assert_eq!(std::fs::read(&text).unwrap(), before);
    let (code, _, err) = run(&["--db", text.to_str().unwrap(), "--lang", "en"], &env(h));
    assert_eq!(code, 1);
    assert!(err.contains("not a valid database file"), "{err}");
    // Unknown language: a usage error (clap's exit code 2).
    let (code, _, err) = run(&["--lang", "fr", "--version"], &env(h));
    assert_eq!(code, 2, "{err}");
    // An unknown agent is named.
    let db = h.join("s.sqlite3");
    let (code, _, err) = run(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "--agent",
            "9999",
        ],
        &env(h),
    );
    assert_eq!(code, 1);
    assert!(err.contains("9999"), "{err}");
    // A bad FRONTDESK_NOW is an error, not a silent fallback.
    let env_now = with(env(h), "FRONTDESK_NOW", "tomorrow");
    let (code, _, err) = run(&["--db", db.to_str().unwrap()], &env_now);
    assert_eq!(code, 1);
    assert!(err.contains("FRONTDESK_NOW"), "{err}");
}

#[test]
fn templates_list_check_render_and_store_overrides() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let e = env(h);
    let (code, out, _) = run(&["--lang", "en", "templates"], &e);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("consult_")
                || l.starts_with("rescue_")
                || l.starts_with("complaint_"))
            .count(),
        12,
        "{out}"
    );
    // Render prints the seed's sentence; a missing required field is an error (exit 1).
    let (code, out, _) = run(
        &[
            "templates",
            "render",
            "rescue_roadside",
            "region=广东省深圳市",
            "brand=比亚迪",
            "purchase_date=2023-03-05",
            "mileage=35000",
            "symptom=发动机无法启动",
            "location=滨海大道",
            "plate=粤B12345",
            "contact=13812341234",
        ],
        &e,
    );
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        "广东省深圳市比亚迪客户于2023年3月5日购车,行驶了35000公里,现因车辆出现发动机无法启动,坏在滨海大道,无法行驶,要求救援粤B12345、13812341234。"
    );
    let (code, _, err) = run(
        &["templates", "render", "rescue_roadside", "region=深圳"],
        &e,
    );
    assert_eq!(code, 1);
    assert!(err.contains("symptom"), "{err}");
    let (code, _, err) = run(&["templates", "render", "nope"], &e);
    assert_eq!(code, 1);
    assert!(err.contains("nope"), "{err}");
    // A broken file: check names file and line; the app's built-ins keep working.
    let dir = h.join("config/frontdesk");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("templates.toml");
    std::fs::write(&file, "[[template]]\nid = \"x\"\nbroken = \n").unwrap();
    let (code, _, err) = run(&["templates", "check", file.to_str().unwrap()], &e);
    assert_eq!(code, 1);
    assert!(err.contains("templates.toml:3"), "{err}");
    let (code, out, err) = run(&["--lang", "en", "templates"], &e);
    assert_eq!(code, 1, "a broken store file must be reported");
    assert!(err.contains("templates.toml:3"), "{err}");
    assert!(out.contains("consult_warranty"), "built-ins gone: {out}");
    // A good file replaces one template and adds another.
    let builtin = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/templates.toml"
    ))
    .unwrap();
    let start = builtin.find("\n[[template]]").unwrap() + 1;
    let second = builtin[start + 1..].find("[[template]]").unwrap() + start + 1;
    let first = builtin[start..second]
        .replace("version = 1", "version = 2")
        .replace("咨询服务商", "咨询服务站");
    let added = first
        .replace("id = \"consult_station\"", "id = \"consult_rental\"")
        .replace("shortcut = \"s\"", "shortcut = \"z\"");
    std::fs::write(&file, format!("{first}\n{added}")).unwrap();
    let (code, out, err) = run(&["templates", "check", file.to_str().unwrap()], &e);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(&["--lang", "zh", "templates"], &e);
    assert_eq!(code, 0);
    assert!(out.contains("consult_rental"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("consult_station") && l.contains("v2")),
        "{out}"
    );
}

#[test]
fn the_churn_period_is_a_setting() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let base = env(h);
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "300", "--seed", "2"],
        &base,
    );
    assert_eq!(code, 0, "{out}{err}");
    let lost = |env: &[(String, String)]| -> (i32, String) {
        let (code, out, err) = run(
            &["--db", db_s, "--lang", "en", "report", "customers-churn"],
            env,
        );
        (code, format!("{out}{err}"))
    };
    let (code, twelve) = lost(&base);
    assert_eq!(code, 0, "{twelve}");
    assert!(
        twelve.contains("Customers not back in 12 months"),
        "{twelve}"
    );
    let count = |text: &str| -> usize {
        let at = text.find("customers with no repair visit").expect(text);
        text[..at].rsplit(' ').nth(1).unwrap().parse().unwrap()
    };
    let site = h.join("site.toml");
    std::fs::write(&site, "churn_months = 3\n").unwrap();
    let three_env = with(
        base.clone(),
        "FRONTDESK_SITE_CONFIG",
        site.to_str().unwrap(),
    );
    let (code, three) = lost(&three_env);
    assert_eq!(code, 0, "{three}");
    assert!(three.contains("Customers not back in 3 months"), "{three}");
    assert!(
        count(&three) > count(&twelve),
        "3 months finds more lost customers than 12:\n{three}\n{twelve}"
    );
    std::fs::write(&site, "churn_months = 0\n").unwrap();
    let (code, out) = lost(&three_env);
    assert_ne!(code, 0);
    assert!(out.contains("churn_months"), "{out}");
}

/// `--kind`, the report names and `--format` are enumerations: `--help` lists them, a typo
/// gets the nearest name suggested and the usage exit code (2).
#[test]
fn closed_values_are_listed_in_help_and_typos_get_the_nearest_name() {
    let home = tempfile::tempdir().unwrap();
    let e = with(env(home.path()), "LANG", "en_US.UTF-8");
    let (code, out, _) = run(&["export", "--help"], &e);
    assert_eq!(code, 0);
    for name in [
        "customers-churn",
        "complaints-stats",
        "calls-by-template",
        "csv",
        "xlsx",
    ] {
        assert!(out.contains(name), "{name} not in export --help:\n{out}");
    }
    let (_, out, _) = run(&["import", "--help"], &e);
    for name in ["customers", "vehicles", "sales", "repairs"] {
        assert!(out.contains(name), "{name} not in import --help:\n{out}");
    }
    let db = home.path().join("s.sqlite3");
    let db = db.to_str().unwrap();
    let cases: [(&[&str], &str); 3] = [
        (&["--db", db, "report", "customer-churn"], "customers-churn"),
        (
            &["--db", db, "import", "x.csv", "--kind", "custmers"],
            "customers",
        ),
        (
            &[
                "--db", db, "export", "calls", "--format", "xls", "--out", "o",
            ],
            "xlsx",
        ),
    ];
    for (args, nearest) in cases {
        let (code, out, err) = run(args, &e);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains(&format!("similar value exists: '{nearest}'")),
            "{args:?}: {err}"
        );
    }
    // The Chinese names the importer knows stay accepted.
    let (code, _, err) = run(&["--db", db, "import", "none.csv", "--kind", "客户"], &e);
    assert_ne!(code, 2, "{err}");
    assert!(!std::path::Path::new(db).exists(), "nothing written");
}

/// Completions for bash, zsh and fish and the man page come from the same definitions.
#[test]
fn completions_and_the_man_page_are_generated_from_the_definitions() {
    let home = tempfile::tempdir().unwrap();
    let e = with(env(home.path()), "LANG", "en_US.UTF-8");
    // (fish completes option values but not positional ones: no report names there.)
    let words: [(&str, &[&str]); 3] = [
        (
            "bash",
            &["customers-churn", "--kind", "backup", "xlsx", "repairs"],
        ),
        (
            "zsh",
            &["customers-churn", "--kind", "backup", "xlsx", "repairs"],
        ),
        ("fish", &["-l kind", "backup", "xlsx", "repairs"]),
    ];
    for (shell, words) in words {
        let (code, out, err) = run(&["completions", shell], &e);
        assert_eq!(code, 0, "{shell}: {err}");
        for word in words {
            assert!(out.contains(word), "{shell} completion lacks {word}");
        }
    }
    // The bash script is valid bash.
    let (_, script, _) = run(&["completions", "bash"], &e);
    let path = home.path().join("frontdesk.bash");
    std::fs::write(&path, script).unwrap();
    let ok = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .unwrap();
    assert!(ok.success(), "bash -n refused the completion script");
    let (code, man, _) = run(&["man"], &e);
    assert_eq!(code, 0);
    assert!(
        man.starts_with(".ie") || man.contains(".TH frontdesk"),
        "{man}"
    );
    for word in ["frontdesk\\-export", "frontdesk\\-import", "\\-\\-db"] {
        assert!(man.contains(word), "man page lacks {word}");
    }
    let (_, man_zh, _) = run(&["--lang", "zh", "man"], &e);
    assert!(man_zh.contains("客户关系工作台"), "Chinese man page");
}

/// A broken config file does not stop `--version`, `--help`, completions or the man page;
/// it does stop the app, with the reason.
#[test]
fn version_and_help_work_with_a_broken_config() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::create_dir_all(h.join("config/frontdesk")).unwrap();
    std::fs::write(h.join("config/frontdesk/config.toml"), "db = [unclosed\n").unwrap();
    let e = with(env(h), "LANG", "en_US.UTF-8");
    let (code, out, err) = run(&["--version"], &e);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("frontdesk 0."), "{out}");
    assert!(
        err.contains("config.toml"),
        "the broken file is named: {err}"
    );
    let (code, out, _) = run(&["--help"], &e);
    assert_eq!(code, 0);
    assert!(out.contains("Usage:"), "{out}");
    let (code, _, _) = run(&["completions", "fish"], &e);
    assert_eq!(code, 0);
    let (code, _, err) = run(&["check"], &e);
    assert_eq!(code, 1);
    assert!(
        err.contains("configuration error") && err.contains("config.toml"),
        "{err}"
    );
}

/// `frontdesk complaints` says when it has nothing to list, and a bad `--month` is
/// refused in the user's language.
#[test]
fn an_empty_complaints_listing_says_so_in_the_users_language() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("empty.sqlite3");
    let db = db.to_str().unwrap();
    let cases: [(&str, &[&str], &str); 6] = [
        ("zh", &["complaints"], "（没有未结案的投诉）"),
        ("en", &["complaints"], "(no open complaints)"),
        ("zh", &["complaints", "--overdue"], "（没有超时的投诉）"),
        (
            "en",
            &["complaints", "--overdue"],
            "(no complaint is overdue)",
        ),
        (
            "zh",
            &["complaints", "--month", "2026-11"],
            "（2026-11 没有受理的投诉）",
        ),
        (
            "en",
            &["complaints", "--month", "2026-11"],
            "(no complaints received in 2026-11)",
        ),
    ];
    for (lang, args, says) in cases {
        let mut all = vec!["--db", db, "--lang", lang];
        all.extend(args);
        let (code, out, err) = run(&all, &env(h));
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains(says), "{lang} {args:?}:\n{out}");
    }
    for (lang, says) in [("zh", "应为 年-月"), ("en", "expected YYYY-MM")] {
        let (code, _, err) = run(
            &[
                "--db",
                db,
                "--lang",
                lang,
                "complaints",
                "--month",
                "2026-13",
            ],
            &env(h),
        );
        assert_eq!(code, 1);
        assert!(err.contains(says), "{lang}: {err}");
    }
}

/// A file the command line cannot read or write is named with the reason in the user's
/// language, not the system's English.
#[test]
fn file_problems_are_said_in_the_users_language() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("s.sqlite3");
    let db = db.to_str().unwrap();
    let gone = h.join("no-such-folder");
    let out = gone.join("x.csv");
    let out = out.to_str().unwrap();
    let runs: [&[&str]; 3] = [
        &["export", "customers", "--out", out],
        &["import", out],
        &["sms-results", out],
    ];
    for args in runs {
        let mut all = vec!["--db", db, "--lang", "zh"];
        all.extend(args);
        let (code, _, err) = run(&all, &env(h));
        assert_ne!(code, 0, "{args:?}");
        assert!(err.contains("文件或文件夹不存在"), "{args:?}: {err}");
        assert!(!err.contains("os error"), "{args:?}: {err}");
    }
    let (code, _, err) = run(
        &[
            "--db",
            db,
            "--lang",
            "en",
            "export",
            "customers",
            "--out",
            out,
        ],
        &env(h),
    );
    assert_eq!(code, 1);
    assert!(err.contains("x.csv: No such file or directory"), "{err}");
}
