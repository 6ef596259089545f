//! `frontdesk events` on a demo store: the list with invited / accepted / attended in both
//! languages, `--from/--to`, `events show ID` with masked numbers only, and bad input said
//! plainly with a non-zero exit.

mod support;

use support::{env, run};

fn full_mobiles(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 11 && w.starts_with('1'))
        .count()
}

#[test]
fn events_lists_counts_and_shows_invitees_masked() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("store.sqlite3").display().to_string();
    let env = env(h);
    let go = |args: &[&str]| {
        let mut all = vec!["--db", db.as_str()];
        all.extend(args);
        run(&all, &env)
    };
    let (code, out, err) = go(&["demo", "--customers", "300"]);
    assert_eq!(code, 0, "{out}{err}");

    let (code, out, err) = go(&["--lang", "zh", "events"]);
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("邀约") && lines[0].contains("到场"),
        "{out}"
    );
    // Upcoming first: the talk in five days, then the tour two days ago.
    assert!(
        lines[1].contains("新能源车冬季用车知识讲座") && lines[1].contains("筹备中"),
        "{out}"
    );
    assert!(
        lines[2].contains("车友会秋季自驾游") && lines[2].contains("已举办"),
        "{out}"
    );

    let (code, out, _) = go(&["--lang", "en", "events", "--from", "2026-11-22"]);
    assert_eq!(code, 0);
    assert!(out.contains("Invited") && out.contains("Attended"), "{out}");
    assert!(out.contains("Talk") && !out.contains("Tour"), "{out}");
    assert!(!out.contains("讲座") || out.contains("新能源车"), "{out}");

    let (code, out, err) = go(&["--lang", "en", "events", "show", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("invited") && out.contains("attended"), "{out}");
    assert!(out.contains("****"), "{out}");
    assert_eq!(full_mobiles(&out), 0, "{out}");

    let (code, _, err) = go(&["--lang", "zh", "events", "show", "99"]);
    assert_ne!(code, 0);
    assert!(err.contains("没有编号为 99 的活动"), "{err}");
    let (code, _, err) = go(&["--lang", "en", "events", "--from", "2026-13-01"]);
    assert_ne!(code, 0);
    assert!(err.contains("--from 2026-13-01: not a valid date"), "{err}");
    let (code, _, err) = go(&[
        "--lang",
        "en",
        "events",
        "--from",
        "2026-12-01",
        "--to",
        "2026-11-01",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("--from is after --to"), "{err}");
}
