//! End to end, what start says that must outlast the next key: a database file every user
//! may read is said on the status line at start, which the next key clears, and help (`?`)
//! keeps saying it for as long as the app runs.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;
use support::{Pty, env};

/// The popup's rows of `screen`, without spaces (the screen under it shows at its sides).
fn help_rows(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| l.split('│').nth(2))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect()
}

#[test]
fn a_file_every_user_may_read_is_said_at_start_and_kept_in_help() {
    for (lang, said, in_help) in [
        (
            "en",
            "readable by every user",
            "Warning:thedatabasefileisreadablebyeveryuser;chmod660it",
        ),
        (
            "zh",
            "对所有用户可读",
            "注意：数据库文件对所有用户可读，请执行chmod660",
        ),
    ] {
        let home = tempfile::tempdir().unwrap();
        let db = home.path().join("s.sqlite3");
        support::ready_store(&db, home.path());
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        let db = db.display().to_string();
        let mut app = Pty::spawn(&["--db", &db, "--lang", lang], &env(home.path()), 100, 24);
        app.expect(said);
        app.send("j");
        std::thread::sleep(Duration::from_millis(150));
        assert!(!app.screen().contains(said), "{}", app.screen());
        app.send("?");
        app.expect(if lang == "en" { "Keys" } else { "按键帮助" });
        let help = help_rows(&app.screen());
        assert!(help.contains(in_help), "{help}");
        app.send("\x1b");
        std::thread::sleep(Duration::from_millis(150));
        app.send("q");
        assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
    }
}
