//! Masked numbers have no back door through who one claims to be: an unprivileged account
//! cannot act as a supervisor by `--agent`, by the sign-in prompt, by setting `USER`, or by
//! adding itself one with `agents add`; an agent bound to an OS user is that user's alone.
//! Run on the real binary as `nobody` (needs root: root ignores file modes and may become
//! anyone, so it may act as anyone).

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{BIN, Pty, env, is_root, run, run_as_nobody};

/// Full mainland mobiles in a text (masked ones have `****`).
fn full_mobiles(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 11 && run.starts_with('1'))
        .count()
}

/// A demo store made by root (its owner and administrator), which `nobody` may open.
struct Store {
    _home: tempfile::TempDir,
    home: PathBuf,
    db: String,
}

impl Store {
    fn by_root() -> Store {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().to_path_buf();
        std::fs::set_permissions(&h, std::fs::Permissions::from_mode(0o777)).unwrap();
        let db = h.join("store.sqlite3").display().to_string();
        let (code, out, err) = run(&["--db", &db, "demo", "--customers", "30"], &env(&h));
        assert_eq!(code, 0, "{out}{err}");
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
        Store {
            _home: home,
            home: h,
            db,
        }
    }

    fn args<'a>(&'a self, agent: Option<&'a str>, rest: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec!["--db", self.db.as_str(), "--lang", "en"];
        if let Some(a) = agent {
            all.extend(["--agent", a]);
        }
        all.extend(rest);
        all
    }

    fn root(&self, agent: Option<&str>, rest: &[&str]) -> (i32, String, String) {
        run(&self.args(agent, rest), &env(&self.home))
    }

    /// As `nobody`, with `USER` set to `user` (anyone may set it to anything).
    fn nobody(&self, user: &str, agent: Option<&str>, rest: &[&str]) -> (i32, String, String) {
        let mut e = env(&self.home);
        e.push(("USER".into(), user.into()));
        run_as_nobody(&self.args(agent, rest), &e)
    }

    fn out(&self, name: &str) -> PathBuf {
        self.home.join(name)
    }

    fn agents(&self) -> String {
        self.root(None, &["agents"]).1
    }
}

fn report(s: &Store, user: &str, agent: Option<&str>) -> (i32, String, String) {
    s.nobody(user, agent, &["report", "customers"])
}

fn skip() -> bool {
    if !is_root() {
        eprintln!("skipped: acting as another account needs root");
    }
    !is_root()
}

#[test]
fn an_unbound_supervisor_is_not_anyones_by_agent() {
    if skip() {
        return;
    }
    let s = Store::by_root();
    // Root, the store's owner, may act as its supervisor: full numbers.
    let (code, out, err) = s.root(Some("1001"), &["report", "customers"]);
    assert_eq!(code, 0, "{err}");
    assert!(full_mobiles(&out) > 0, "{out}");
    // nobody claiming 1001 is refused, and nothing is written.
    let file = s.out("n.csv");
    let f = file.to_str().unwrap();
    let (code, out, err) = s.nobody("nobody", Some("1001"), &["export", "customers", "--out", f]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("agent 1001 is a supervisor bound to no OS user"),
        "{err}"
    );
    assert!(!file.exists());
    let (code, out, err) = report(&s, "nobody", Some("1001"));
    assert_eq!((code, full_mobiles(&out)), (1, 0), "{out}{err}");
    // An unbound plain agent may be claimed from any account (a shared desk): masked.
    let (code, out, err) = report(&s, "nobody", Some("1002"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("****"), "{out}");
    assert_eq!(full_mobiles(&out), 0, "{out}");
}

#[test]
fn a_bound_agent_is_its_own_accounts_not_a_claimed_user() {
    if skip() {
        return;
    }
    let s = Store::by_root();
    let (code, _, err) = s.root(
        None,
        &[
            "agents",
            "add",
            "1009",
            "Boss",
            "--supervisor",
            "--os-user",
            "boss",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // `--agent` of another account's supervisor: refused, naming the binding.
    let (code, out, err) = report(&s, "nobody", Some("1009"));
    assert_eq!((code, full_mobiles(&out)), (1, 0), "{out}{err}");
    assert!(
        err.contains("agent 1009 is bound to the OS user boss"),
        "{err}"
    );
    // `USER=boss` does not make nobody boss: nobody stays an unmapped account (masked).
    let (code, out, err) = report(&s, "boss", None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(full_mobiles(&out), 0, "{out}");
    // A supervisor bound to nobody's real account is nobody's, by its mapping.
    let (code, _, err) = s.root(
        None,
        &[
            "agents",
            "add",
            "1010",
            "Night",
            "--supervisor",
            "--os-user",
            "nobody",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = report(&s, "whoever", None);
    assert_eq!(code, 0, "{err}");
    assert!(full_mobiles(&out) > 0, "{out}");
}

#[test]
fn only_a_supervisor_or_the_administrator_adds_agents() {
    if skip() {
        return;
    }
    let s = Store::by_root();
    // nobody, unmapped and not the file's owner, cannot make itself a supervisor.
    let add = [
        "agents",
        "add",
        "3000",
        "Me",
        "--supervisor",
        "--os-user",
        "nobody",
    ];
    let (code, out, err) = s.nobody("nobody", None, &add);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("only a supervisor or the database's administrator"),
        "{err}"
    );
    // Nor as a plain agent it may claim.
    let (code, _, err) = s.nobody("nobody", Some("1002"), &add);
    assert_eq!(code, 1, "{err}");
    assert!(!s.agents().contains("3000"), "{}", s.agents());
    // The administrator adds; an OS user already bound leaves no agent half made.
    let (code, _, err) = s.root(None, &["agents", "add", "3001", "A", "--os-user", "ann"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = s.root(
        None,
        &[
            "agents",
            "add",
            "3002",
            "B",
            "--supervisor",
            "--os-user",
            "ann",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("That OS user is mapped to another agent"),
        "{err}"
    );
    assert!(!s.agents().contains("3002"), "{}", s.agents());
}

#[test]
fn the_sign_in_prompt_refuses_a_supervisor_it_may_not_be() {
    if skip() {
        return;
    }
    let s = Store::by_root();
    // The app as nobody: not mapped, so it asks who is at the terminal.
    let mut e = env(&s.home);
    e.push(("USER".into(), "nobody".into()));
    let uid = format!("--reuid={}", support::NOBODY);
    let gid = format!("--regid={}", support::NOBODY);
    let args = [
        uid.as_str(),
        gid.as_str(),
        "--clear-groups",
        BIN,
        "--db",
        &s.db,
        "--lang",
        "en",
    ];
    let mut app = Pty::spawn_program("setpriv", &args, &e, 80, 24);
    app.expect("Employee no.");
    app.type_text("1001");
    app.send("\r");
    app.expect("agent 1001 is a supervisor bound to no OS user");
    // The whole refusal, wrapped in the prompt: the fix at its end too.
    app.expect("Agents and supervisors)");
    // Still signed out; an agent it may be signs in.
    for _ in 0..4 {
        app.send("\x7f");
    }
    app.type_text("1002");
    app.send("\r");
    // Signed in: the status bar names 1002 陈静 and the prompt is gone.
    app.expect("陈静");
    let screen = app.screen();
    assert!(!screen.contains("Employee no."), "{screen}");
    assert!(!screen.contains("bound to no OS user"), "{screen}");
    app.send("\x11");
    let _ = app.wait_exit(Duration::from_secs(5));
}

#[test]
fn an_administrator_of_its_own_store_is_its_supervisor() {
    if skip() {
        return;
    }
    // A store nobody made itself: nobody owns the file, so it may act as its supervisor.
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = home.path().join("own.sqlite3");
    let db = db.to_str().unwrap();
    let e = env(home.path());
    let (code, out, err) = run_as_nobody(&["--db", db, "demo", "--customers", "20"], &e);
    assert_eq!(code, 0, "{out}{err}");
    let owned = |p: &Path| std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(p).unwrap());
    assert_eq!(owned(Path::new(db)), support::NOBODY);
    let args = [
        "--db",
        db,
        "--lang",
        "en",
        "--agent",
        "1001",
        "report",
        "customers",
    ];
    let (code, out, err) = run_as_nobody(&args, &e);
    assert_eq!(code, 0, "{err}");
    assert!(full_mobiles(&out) > 0, "{out}");
}
