//! What the tab says while a job runs: at once for a key waiting on it, after a moment
//! for a count nobody asked for.

use super::*;

#[test]
fn the_foot_says_so_only_once_the_job_has_run_200_ms() {
    // The board shown, recounted (every 30 ticks, and on every save by another agent).
    let mut s = ReportsTab::default();
    let (g, _) = job(&s.update(Msg::Recount));
    done(&mut s, g, Outcome::Board(Board::default()));
    let (g, _) = job(&s.update(Msg::Recount));
    let elapsed = |s: &mut ReportsTab, ms| s.update(Msg::Elapsed { generation: g, ms });
    // A quick count never says so: the board and its keys stay as they were.
    for ms in [0, 100] {
        elapsed(&mut s, ms);
        for (lang, word) in [(Lang::En, "Counting"), (Lang::Zh, "正在统计")] {
            let shown = screen(&s, lang);
            assert!(!shown.contains(word), "at {ms} ms: {shown}");
            assert!(shown.contains(lang.t("报表", "report")), "{shown}");
        }
    }
    // Past 200 ms it says so, until the answer comes.
    elapsed(&mut s, 250);
    for (lang, word) in [(Lang::En, "Counting…"), (Lang::Zh, "正在统计…")] {
        let shown = screen(&s, lang);
        assert!(shown.contains(word), "at 250 ms: {shown}");
    }
    done(&mut s, g, Outcome::Board(Board::default()));
    assert!(!screen(&s, Lang::En).contains("Counting"));
}

#[test]
fn computing_shows_in_the_body_at_once_and_its_time_after_a_moment() {
    let mut s = ReportsTab::default();
    let (g, _) = job(&key(&mut s, Action::Report(Op::NextReport)));
    for (lang, word) in [(Lang::En, "Computing…"), (Lang::Zh, "计算中…")] {
        let shown = screen(&s, lang);
        assert!(shown.contains(word), "{shown}");
        assert!(!shown.contains(lang.t("已用", "so far")), "{shown}");
    }
    s.update(Msg::Elapsed {
        generation: g,
        ms: 1500,
    });
    assert!(screen(&s, Lang::En).contains("Computing… 1.5 s so far"));
    assert!(screen(&s, Lang::Zh).contains("计算中… 已用 1.5 秒"));
    // The time of another generation's job is not this one's.
    s.update(Msg::Elapsed {
        generation: g + 7,
        ms: 9000,
    });
    assert!(screen(&s, Lang::En).contains("1.5 s"));
    done(&mut s, g, Outcome::Report(rows(&["a"])));
    assert!(!screen(&s, Lang::En).contains("Computing"));
}

#[test]
fn a_key_asking_for_records_or_an_export_is_answered_on_the_foot_at_once() {
    let drill = appts(ApptFilter::All);
    let mut s = showing(Sheet {
        columns: vec!["n".into()],
        rows: vec![vec![Value::Int(1)]],
        keys: vec![Some(RowKey::Drill(drill.clone()))],
        ..Default::default()
    });
    // Enter: until the records come nothing else on screen changes, so the foot says so.
    let (g, _) = job(&key(&mut s, Action::Open));
    for (lang, word) in [
        (Lang::En, "Computing… (the records)"),
        (Lang::Zh, "计算中…（查找明细）"),
    ] {
        let shown = screen(&s, lang);
        assert!(shown.contains(word), "{shown}");
    }
    done(&mut s, g, Outcome::Drill(drill, rows(&["late"])));
    assert!(!screen(&s, Lang::En).contains("Computing"));
    // An export, likewise.
    let (g, _) = job(&key(&mut s, Action::Report(Op::ExportCsv)));
    assert!(screen(&s, Lang::En).contains("Computing… (the export)"));
    done(&mut s, g, Outcome::Exported("/x/exports/a.csv".into()));
    assert!(!screen(&s, Lang::En).contains("Computing"));
}
