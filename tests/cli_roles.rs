//! The command line is an agent too (issue #17 point 2): `export`, `report`, `import` and
//! `backup` resolve who runs them like the app (`--agent`, else the OS user's mapping); an
//! agent's output is masked as on screen, a supervisor's is in full and audited (who, what,
//! rows, file). Run on the real binary.

mod support;

use rusqlite::Connection;
use std::path::Path;
use support::{env, run};

/// Full mainland mobiles in a text (masked ones have `****`).
fn full_mobiles(text: &str) -> usize {
    let b = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i + 11 <= b.len() {
        let run = &b[i..i + 11];
        let before = i > 0 && b[i - 1].is_ascii_digit();
        let after = b.get(i + 11).is_some_and(u8::is_ascii_digit);
        if !before && !after && run[0] == b'1' && run.iter().all(u8::is_ascii_digit) {
            n += 1;
            i += 11;
        } else {
            i += 1;
        }
    }
    n
}

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
        let db = h.join("store.sqlite3").display().to_string();
        let env = env(&h);
        let s = Store {
            _home: home,
            home: h,
            db,
            env,
        };
        let (code, out, err) = s.run(None, &["demo", "--customers", "200"]);
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

    fn conn(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }

    /// The newest audit entry of this action: (agent's emp_no, after JSON).
    fn last_audit(&self, action: &str) -> Option<(Option<String>, serde_json::Value)> {
        self.conn()
            .query_row(
                "SELECT g.emp_no, a.after FROM audit a LEFT JOIN agents g ON g.id = a.agent_id
                 WHERE a.action = ?1 ORDER BY a.id DESC LIMIT 1",
                [action],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                },
            )
            .ok()
            .map(|(e, a)| (e, serde_json::from_str(&a.unwrap_or_default()).unwrap()))
    }
}

fn export(s: &Store, agent: Option<&str>, out: &Path) -> (i32, String, String) {
    s.run(
        agent,
        &["export", "customers-churn", "--out", out.to_str().unwrap()],
    )
}

#[test]
fn an_agents_export_is_masked_a_supervisors_is_full_and_both_are_audited() {
    let s = Store::demo();
    // 1002 is an agent in the demo store.
    let agent_csv = s.home.join("agent.csv");
    let (code, out, err) = export(&s, Some("1002"), &agent_csv);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("numbers masked"), "{out}");
    let text = std::fs::read_to_string(&agent_csv).unwrap();
    // The title, the store and period, the header, then the rows.
    let rows = text.lines().count() - 3;
    assert!(rows > 10, "{text}");
    assert_eq!(full_mobiles(&text), 0, "{text}");
    assert!(text.contains("****"), "{text}");
    let (emp, after) = s.last_audit("export").expect("agent export audited");
    assert_eq!(emp.as_deref(), Some("1002"));
    assert_eq!(after["full_numbers"], false);
    assert_eq!(after["rows"], rows);
    assert_eq!(after["file"], agent_csv.display().to_string());
    assert_eq!(after["report"], "customers-churn");

    // 1001 is the supervisor: full numbers, audited with the same details.
    let sup_xlsx = s.home.join("sup.xlsx");
    let (code, out, err) = export(&s, Some("1001"), &sup_xlsx);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("full numbers, audited"), "{out}");
    let (emp, after) = s.last_audit("export").unwrap();
    assert_eq!(emp.as_deref(), Some("1001"));
    assert_eq!(after["full_numbers"], true);
    assert_eq!(after["rows"], rows);
    assert_eq!(after["file"], sup_xlsx.display().to_string());
    let sup_csv = s.home.join("sup.csv");
    assert_eq!(export(&s, Some("1001"), &sup_csv).0, 0);
    let full = std::fs::read_to_string(&sup_csv).unwrap();
    assert!(full_mobiles(&full) >= rows, "{full}");

    // Without --agent: the OS user's mapping decides (USER=e2e in the test env).
    let (code, out, err) = s.run(None, &["agents", "add", "2001", "赵敏", "--os-user", "e2e"]);
    assert_eq!(code, 0, "{out}{err}");
    let mapped = s.home.join("mapped.csv");
    assert_eq!(export(&s, None, &mapped).0, 0);
    assert_eq!(full_mobiles(&std::fs::read_to_string(&mapped).unwrap()), 0);
    assert_eq!(s.last_audit("export").unwrap().0.as_deref(), Some("2001"));

    // An unknown agent is refused before anything is written.
    let nobody = s.home.join("nobody.csv");
    let (code, _, err) = export(&s, Some("9999"), &nobody);
    assert_eq!(code, 1);
    assert!(err.contains("no active agent 9999"), "{err}");
    assert!(!nobody.exists());
}

#[test]
fn report_text_follows_the_same_rule() {
    let s = Store::demo();
    let (code, out, err) = s.run(Some("1003"), &["report", "customers-churn"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(full_mobiles(&out), 0, "{out}");
    assert!(out.contains("****"), "{out}");
    assert!(
        s.last_audit("report").is_none(),
        "a masked report is not a data export"
    );
    // `--agent` after the command, like `--db` and `--lang`.
    let (code, out, err) = s.run(None, &["report", "customers-churn", "--agent", "1001"]);
    assert_eq!(code, 0, "{err}");
    assert!(full_mobiles(&out) > 10, "{out}");
    let (emp, after) = s.last_audit("report").expect("full report audited");
    assert_eq!(emp.as_deref(), Some("1001"));
    assert_eq!(after["full_numbers"], true);
    assert!(after["rows"].as_u64().unwrap() > 10);
}

#[test]
fn import_names_the_agent_and_backup_is_a_supervisors() {
    let s = Store::demo();
    let f = s.home.join("new.csv");
    std::fs::write(&f, "姓名,手机\n新客户,13811112222\n").unwrap();
    let (code, out, err) = s.run(
        Some("1004"),
        &["import", f.to_str().unwrap(), "--kind", "customers"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (emp, after) = s.last_audit("import").expect("import audited");
    assert_eq!(emp.as_deref(), Some("1004"), "{after}");
    assert_eq!(after["created"], 1, "{after}");

    // An agent may not take a full copy of the store.
    let dir = s.home.join("b");
    std::fs::create_dir_all(&dir).unwrap();
    let (code, out, err) = s.run(Some("1002"), &["backup", "--to", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("supervisors only"), "{err}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    let (code, out, err) = s.run(Some("1001"), &["backup", "--to", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (emp, after) = s.last_audit("backup").expect("backup audited");
    assert_eq!(emp.as_deref(), Some("1001"));
    let file = after["file"].as_str().unwrap().to_string();
    assert!(Path::new(&file).exists(), "{after}");
}
