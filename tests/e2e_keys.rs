//! End to end, a user's keys.toml (issue 13, point 4): the real binary in a pty, with the
//! file in the user's config folder, names the user's key in its hint line, its sentences
//! and help, and the key works; a bad file is refused whole, said on the status line with
//! its line, and the default keys work. `frontdesk keys` prints and checks the same.

mod support;

use std::time::Duration;
use support::{Pty, env, run};

fn pause() {
    std::thread::sleep(Duration::from_millis(150));
}

/// A ready store and a user's keys.toml holding `keys`.
fn setup(keys: &str) -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.sqlite3");
    support::ready_store(&db, home.path());
    let dir = home.path().join("config").join("frontdesk");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("keys.toml"), keys).unwrap();
    (home, db.display().to_string())
}

/// `key` opens the new-customer form (titled `title`); Esc leaves it and `q` quits.
fn opens_the_form_then_quits(app: &mut Pty, key: &str, title: &str) {
    app.send(key);
    app.expect(title);
    app.send("\x1b");
    pause();
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn the_users_key_is_named_and_works() {
    let (home, db) = setup("# mine\n[list]\nadd_customer = [\"A\"]\n");
    let mut app = Pty::spawn(&["--db", &db, "--lang", "en"], &env(home.path()), 80, 24);
    app.expect("Customer archive");
    app.expect("A new");
    app.expect("Press A to add one");
    app.send("?");
    app.expect("Keys");
    app.expect("New customer");
    let screen = app.screen();
    let row = screen.lines().find(|l| l.contains("New customer")).unwrap();
    let before = &row[..row.find("New customer").unwrap()];
    assert!(before.trim_end().ends_with("│A"), "{row}");
    app.send("\x1b");
    pause();
    // The old key does nothing, the new one opens the form.
    app.send("a");
    pause();
    assert!(!app.screen().contains("New customer"), "{}", app.screen());
    opens_the_form_then_quits(&mut app, "A", "New customer");
}

#[test]
fn a_bad_file_is_refused_whole_and_said_with_its_line() {
    let (home, db) = setup("[list]\nadd_customer = [\"A\"]\nfocus_search = [\"Enter\"]\n");
    let mut app = Pty::spawn(&["--db", &db, "--lang", "zh"], &env(home.path()), 100, 24);
    app.expect("客户档案");
    app.expect("keys.toml 第 3 行：Enter 已是");
    app.expect("list.open 的键");
    app.expect("在帮助中再看");
    // Nothing of it was taken: `a` is still the new customer.
    app.expect("a 新建");
    // The next key clears the status line; help still says why, whole.
    app.send("j");
    pause();
    app.send("?");
    app.expect("按键帮助");
    // The popup's rows only (the screen under it shows at its sides).
    let help: String = app
        .screen()
        .lines()
        .filter_map(|l| l.split('│').nth(2))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    assert!(
        help.contains("keys.toml第3行：Enter已是list.open的键"),
        "{help}"
    );
    app.send("\x1b");
    pause();
    opens_the_form_then_quits(&mut app, "a", "新建客户");
}

#[test]
fn the_keys_command_prints_the_table_and_checks_the_file() {
    let (home, _db) = setup("[calls_list]\nrescue_dispatch = [\"D\", \"F5\"]\n");
    let e = env(home.path());
    let (code, out, err) = run(&["--lang", "en", "keys"], &e);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("keys.toml: taken, 1 action changed"), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("rescue_dispatch = [\"D\", \"F5\"]")
            && l.ends_with("(changed)")),
        "{out}"
    );
    assert!(out.contains("\n[calls_list]\n"), "{out}");
    let (code, out, _) = run(&["--lang", "en", "keys", "--check"], &e);
    assert_eq!(code, 0);
    assert!(!out.contains("[calls_list]"), "{out}");
    // A file to check before putting it in place.
    let bad = home.path().join("new.toml");
    std::fs::write(&bad, "[calls_list]\nrescue_dispatch = [\"c\"]\n").unwrap();
    let path = bad.display().to_string();
    let (code, _, err) = run(&["--lang", "en", "keys", "--check", &path], &e);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "{path}, line 2: c is already the key of calls_list.rescue_contacted"
        )),
        "{err}"
    );
    let (code, _, err) = run(&["--lang", "zh", "keys", "--check", &path], &e);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("{path} 第 2 行")), "{err}");
}
