//! The command line as a script or a store admin uses it: where the database comes from,
//! `--version`, `demo` determinism, and errors with trustworthy exit codes.

mod support;

use support::{env, run};

fn with(mut env: Vec<(String, String)>, k: &str, v: &str) -> Vec<(String, String)> {
    env.retain(|(key, _)| key != k);
    env.push((k.into(), v.into()));
    env
}

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
    assert!(err.contains("already has customers"), "{err}");
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
