//! The Reports tab's state machine, without a database or a terminal: keys in, commands
//! out; answers in (as the worker sends them), state out.

use super::*;
use crate::io::sheet::Value;
use crate::store::reports::{ApptFilter, Drill};

mod busy;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-22";

fn now() -> Now {
    Now {
        today: d(TODAY),
        lang: Lang::En,
        size: (80, 24),
    }
}

fn key(s: &mut ReportsTab, a: Action) -> Vec<Cmd> {
    s.update(Msg::Key(a, now()))
}

/// The one job the commands ask for, with its generation.
fn job(cmds: &[Cmd]) -> (u64, Job) {
    match cmds {
        [Cmd::Compute { generation, job }] => (*generation, job.clone()),
        other => panic!("not one job: {other:?}"),
    }
}

fn done(s: &mut ReportsTab, generation: u64, outcome: Outcome) -> Vec<Cmd> {
    s.update(Msg::Done {
        generation,
        outcome,
    })
}

/// A report page with `sheet` shown, as if computed.
fn showing(sheet: Sheet) -> ReportsTab {
    let mut s = ReportsTab::default();
    let (g, _) = job(&key(&mut s, Action::Report(Op::NextReport)));
    done(&mut s, g, Outcome::Report(sheet));
    s
}

fn rows(labels: &[&str]) -> Sheet {
    Sheet {
        columns: vec!["name".into(), "n".into()],
        rows: labels
            .iter()
            .map(|l| vec![Value::Text(l.to_string()), Value::Int(1)])
            .collect(),
        keys: labels.iter().map(|_| None).collect(),
        ..Default::default()
    }
}

fn appts(filter: ApptFilter) -> Drill {
    Drill::Appointments {
        from: d("2026-11-01"),
        to: d(TODAY),
        filter,
    }
}

fn screen(s: &ReportsTab, lang: Lang) -> String {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::new(false);
    t.draw(|f| s.render(f, f.area(), lang, d(TODAY), &theme))
        .unwrap();
    crate::ui::testing::screen_text(t.backend().buffer())
}

#[test]
fn periods_are_whole_days_weeks_months_and_years() {
    // 2026-11-22 is a Sunday.
    assert_eq!(
        Span::Week.around(d("2026-11-22")),
        (d("2026-11-16"), d("2026-11-22"))
    );
    assert_eq!(
        Span::Week.around(d("2026-11-23")),
        (d("2026-11-23"), d("2026-11-29"))
    );
    assert_eq!(
        Span::Month.around(d("2028-02-10")),
        (d("2028-02-01"), d("2028-02-29"))
    );
    assert_eq!(
        Span::Year.around(d("2026-06-30")),
        (d("2026-01-01"), d("2026-12-31"))
    );
    assert_eq!(Span::Day.step(d("2026-03-01"), -1), d("2026-02-28"));
    assert_eq!(Span::Month.step(d("2026-01-31"), 1), d("2026-02-01"));
    assert_eq!(Span::Week.step(d("2026-01-01"), -1), d("2025-12-28"));
}

#[test]
fn keys_in_jobs_out_each_under_a_new_generation() {
    let mut s = ReportsTab::default();
    // The board is counted in the background too.
    let (g0, j) = job(&s.update(Msg::Shown(now())));
    assert_eq!(j, Job::Board);
    let (g, j) = job(&key(&mut s, Action::Report(Op::Recompute)));
    assert_eq!((j, g > g0), (Job::Board, true));
    let (g1, j) = job(&key(&mut s, Action::Report(Op::NextReport)));
    assert!(g1 > g);
    let month = Range {
        from: Some(d("2026-11-01")),
        to: Some(d(TODAY)),
    };
    assert_eq!(
        j,
        Job::Report {
            report: Report::CallsByTemplate,
            range: month
        }
    );
    assert!(s.busy());
    let (g2, j) = job(&key(&mut s, Action::Report(Op::Period(Span::Year))));
    assert!(g2 > g1);
    let year = Range {
        from: Some(d("2026-01-01")),
        to: Some(d(TODAY)),
    };
    assert_eq!(
        j,
        Job::Report {
            report: Report::CallsByTemplate,
            range: year
        }
    );
    // Moving past today stays on today's period.
    s.update(Msg::Key(Action::Report(Op::Period(Span::Month)), now()));
    key(&mut s, Action::NextDay);
    assert_eq!(s.range(d(TODAY)).to, Some(d(TODAY)));
    key(&mut s, Action::PrevDay);
    let r = s.range(d(TODAY));
    assert_eq!(
        (r.from, r.to),
        (Some(d("2026-10-01")), Some(d("2026-10-31")))
    );
    // Back to the board: the count supersedes what was computing.
    let (g3, j) = job(&key(&mut s, Action::Report(Op::PrevReport)));
    assert_eq!((j, g3 > g2), (Job::Board, true));
}

#[test]
fn the_board_answers_keys_while_it_is_counted_and_a_stale_count_is_dropped() {
    let mut s = ReportsTab::default();
    let (g, _) = job(&s.update(Msg::Shown(now())));
    assert!(s.busy(), "counting shows");
    assert!(s.board.is_none());
    // A recount asked while the count runs does not start another.
    assert_eq!(s.update(Msg::Recount), vec![]);
    // The next key is answered at once: the report is asked for, the count superseded.
    let (g2, j) = job(&key(&mut s, Action::Report(Op::NextReport)));
    assert!(matches!(j, Job::Report { .. }) && g2 > g);
    assert_eq!(s.page(), 1);
    // The count that was under way comes late: it is not wanted any more.
    let counted = Board {
        calls: [3, 1, 0],
        ..Default::default()
    };
    done(&mut s, g, Outcome::Board(counted.clone()));
    assert!(s.board.is_none() && s.busy());
    // A recount asked on a report page waits for the board to be shown.
    done(&mut s, g2, Outcome::Report(rows(&["a"])));
    assert_eq!(s.update(Msg::Recount), vec![]);
    // Back on the board: counted again, and this count is shown.
    let (g3, j) = job(&key(&mut s, Action::Report(Op::PrevReport)));
    assert_eq!(j, Job::Board);
    done(&mut s, g3, Outcome::Board(counted.clone()));
    assert_eq!(s.board, Some(counted));
    assert!(!s.busy());
    // Now idle on the board: a recount is asked for.
    assert_eq!(job(&s.update(Msg::Recount)).1, Job::Board);
}

#[test]
fn a_result_of_an_older_generation_is_dropped() {
    let mut s = ReportsTab::default();
    let (old, _) = job(&key(&mut s, Action::Report(Op::NextReport)));
    let (new, _) = job(&key(&mut s, Action::Report(Op::Period(Span::Year))));
    done(&mut s, old, Outcome::Report(rows(&["month"])));
    assert_eq!(s.depth(), 0, "the month's figures are not the year's");
    assert!(s.busy(), "still waiting for the year");
    done(&mut s, new, Outcome::Report(rows(&["year"])));
    assert_eq!(s.depth(), 1);
    assert!(!s.busy());
    assert!(screen(&s, Lang::En).contains("year"));
    // A late answer after that changes nothing either.
    done(&mut s, old, Outcome::Failed("LATE-ANSWER".into()));
    assert!(!screen(&s, Lang::En).contains("LATE-ANSWER"));
}

#[test]
fn the_cursor_stays_on_its_row_when_the_report_is_computed_again() {
    let mut s = showing(rows(&["Ann", "Bob", "Cy"]));
    key(&mut s, Action::Down);
    key(&mut s, Action::Report(Op::ColumnRight));
    assert_eq!(s.selected().map(|x| x.0), Some(1));
    // Another agent saved: the report says so, and `r` computes it again.
    s.update(Msg::StoreChanged);
    assert!(screen(&s, Lang::En).contains("The data has changed: r recomputes"));
    let (g, _) = job(&key(&mut s, Action::Report(Op::Recompute)));
    done(
        &mut s,
        g,
        Outcome::Report(rows(&["Al", "Ann", "Bob", "Cy"])),
    );
    assert_eq!(s.selected().map(|x| x.0), Some(2), "still on Bob");
    let shown = screen(&s, Lang::En);
    assert!(!shown.contains("The data has changed"), "{shown}");
    // Bob left the table: his neighbour takes the cursor, and the tab says so.
    let (g, _) = job(&key(&mut s, Action::Report(Op::Recompute)));
    done(&mut s, g, Outcome::Report(rows(&["Al", "Ann", "Cy"])));
    assert_eq!(s.selected().map(|x| x.0), Some(2));
    assert!(screen(&s, Lang::En).contains("The row you were on is gone"));
    // Rows with records follow their records, whatever their label now says.
    let mut keyed = rows(&["x", "y"]);
    keyed.keys = vec![Some(RowKey::Customer(7)), Some(RowKey::Customer(9))];
    let mut s = showing(keyed.clone());
    key(&mut s, Action::Down);
    keyed.rows.reverse();
    keyed.keys.reverse();
    let (g, _) = job(&key(&mut s, Action::Report(Op::Recompute)));
    done(&mut s, g, Outcome::Report(keyed));
    assert_eq!(s.selected(), Some((0, Some(RowKey::Customer(9)))));
}

#[test]
fn coming_back_to_the_tab_recomputes_and_keeps_the_row() {
    let mut s = showing(rows(&["Ann", "Bob"]));
    key(&mut s, Action::Down);
    let (g, _) = job(&s.update(Msg::Shown(now())));
    done(&mut s, g, Outcome::Report(rows(&["Bob", "Ann", "Bob2"])));
    assert_eq!(s.selected().map(|x| x.0), Some(0));
}

#[test]
fn enter_drills_and_esc_comes_back() {
    let drill = appts(ApptFilter::All);
    let mut s = showing(Sheet {
        rows: vec![vec![Value::Int(1)], vec![Value::Int(2)]],
        keys: vec![None, Some(RowKey::Drill(drill.clone()))],
        ..Default::default()
    });
    assert_eq!(key(&mut s, Action::Open), vec![], "a row without records");
    let said = s.message.as_ref().map(|(m, _)| m.as_str());
    assert_eq!(
        said,
        Some("This row has no records to open"),
        "said, not silent"
    );
    key(&mut s, Action::Down);
    key(&mut s, Action::Down);
    assert_eq!(s.selected().map(|x| x.0), Some(1), "stops at the last row");
    let (g, j) = job(&key(&mut s, Action::Open));
    assert_eq!(j, Job::Drill(drill));
    let records = Sheet {
        rows: vec![vec![Value::Int(7)]],
        keys: vec![Some(RowKey::Customer(7))],
        ..Default::default()
    };
    done(
        &mut s,
        g,
        Outcome::Drill(appts(ApptFilter::NoShow), records),
    );
    assert_eq!(s.depth(), 2);
    assert_eq!(key(&mut s, Action::Open), vec![Cmd::OpenCustomer(7)]);
    key(&mut s, Action::Back);
    assert_eq!(s.depth(), 1);
    assert_eq!(
        s.selected().map(|x| x.0),
        Some(1),
        "the report keeps its place"
    );
    let (_, j) = job(&key(&mut s, Action::Report(Op::ExportXlsx)));
    match j {
        Job::Export(x) => {
            assert!(x.xlsx);
            assert_eq!(x.name, "calls-by-template");
            assert_eq!(x.period, "-20261101-20261122");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn esc_while_the_records_are_computed_cancels_them() {
    let drill = appts(ApptFilter::All);
    let mut s = showing(Sheet {
        rows: vec![vec![Value::Int(1)]],
        keys: vec![Some(RowKey::Drill(drill.clone()))],
        ..Default::default()
    });
    let (g, _) = job(&key(&mut s, Action::Open));
    let cmds = key(&mut s, Action::Back);
    assert_eq!(cmds, vec![Cmd::Cancel { generation: g + 1 }]);
    assert!(!s.busy());
    done(&mut s, g, Outcome::Drill(drill, rows(&["late"])));
    assert_eq!(s.depth(), 1, "the cancelled records do not come up");
}

#[test]
fn an_export_says_where_it_went_or_why_not() {
    let mut s = showing(rows(&["a"]));
    let (g, _) = job(&key(&mut s, Action::Report(Op::ExportCsv)));
    assert_eq!(s.depth(), 1, "the table stays while it is written");
    done(&mut s, g, Outcome::Exported("/x/exports/a.csv".into()));
    assert!(screen(&s, Lang::En).contains("Exported to /x/exports/a.csv (owner-only)"));
    let (g, _) = job(&key(&mut s, Action::Report(Op::ExportCsv)));
    done(&mut s, g, Outcome::Failed("disk full".into()));
    assert!(screen(&s, Lang::En).contains("disk full"));
    // A path longer than the line wraps onto the next: nothing of it is cut off.
    let name = "calls-by-template-records-20261201-20261207-20261207-093000.csv";
    let (g, _) = job(&key(&mut s, Action::Report(Op::ExportCsv)));
    done(
        &mut s,
        g,
        Outcome::Exported(format!("/tmp/exports/{name}").into()),
    );
    let shown = screen(&s, Lang::En);
    let joined: String = shown
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect();
    assert!(joined.contains(name), "{shown}");
    assert!(joined.contains("(owner-only)"), "{shown}");
}

#[test]
fn the_column_cursor_opens_the_figure_under_it() {
    let today = d(TODAY);
    let row = Drill::Appointments {
        from: today,
        to: today,
        filter: ApptFilter::All,
    };
    let cell = Drill::Appointments {
        from: today,
        to: today,
        filter: ApptFilter::NoShow,
    };
    let mut sheet = Sheet {
        columns: vec!["a".into(), "b".into()],
        rows: vec![vec![Value::Int(1), Value::Int(2)]],
        keys: vec![Some(RowKey::Drill(row.clone()))],
        ..Default::default()
    };
    sheet.cells.insert((0, 1), RowKey::Drill(cell.clone()));
    let mut s = showing(sheet);
    assert_eq!(job(&key(&mut s, Action::Open)).1, Job::Drill(row));
    key(&mut s, Action::Back);
    key(&mut s, Action::Report(Op::ColumnRight));
    key(&mut s, Action::Report(Op::ColumnRight));
    assert_eq!(job(&key(&mut s, Action::Open)).1, Job::Drill(cell));
}

#[test]
fn any_period_can_be_typed_in() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let today = d(TODAY);
    let mut s = showing(rows(&["a"]));
    let type_in = |s: &mut ReportsTab, text: &str| {
        s.update(Msg::Text(KeyEvent::new(
            KeyCode::Char('u'),
            KeyModifiers::CONTROL,
        )));
        for c in text.chars() {
            s.update(Msg::Text(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
    };
    assert_eq!(key(&mut s, Action::Report(Op::CustomPeriod)), vec![]);
    assert!(s.typing());
    // A bad date is named in the form and nothing is computed.
    type_in(&mut s, "2026-13-01");
    assert_eq!(key(&mut s, Action::NextField), vec![]);
    assert_eq!(key(&mut s, Action::NextField), vec![]);
    assert!(s.typing(), "still asking");
    // From a day to a month's end (after today: cut to today).
    key(&mut s, Action::PrevField);
    type_in(&mut s, "2026/10/15");
    key(&mut s, Action::NextField);
    type_in(&mut s, "2026-11");
    let (_, j) = job(&key(&mut s, Action::NextField));
    let typed = Range {
        from: Some(d("2026-10-15")),
        to: Some(today),
    };
    assert_eq!(
        j,
        Job::Report {
            report: Report::CallsByTemplate,
            range: typed
        }
    );
    assert!(!s.typing());
    // A period key goes back to whole periods.
    key(&mut s, Action::Report(Op::Period(Span::Week)));
    assert_eq!(s.range(today).from, Some(d("2026-11-16")));
}

#[test]
fn a_period_typed_over_the_one_shown_replaces_it() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = showing(rows(&["a"]));
    key(&mut s, Action::Report(Op::CustomPeriod));
    // The English title's brackets are the English ones.
    let shown = screen(&s, Lang::En);
    assert!(shown.contains("Period (Ctrl-S"), "{shown}");
    // A month typed in each field, over the dates shown, and nothing else.
    let mut cmds = Vec::new();
    for _ in 0..2 {
        for c in "2026-10".chars() {
            s.update(Msg::Text(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
        cmds = key(&mut s, Action::NextField);
    }
    let (_, j) = job(&cmds);
    let oct = Range {
        from: Some(d("2026-10-01")),
        to: Some(d("2026-10-31")),
    };
    assert!(
        matches!(j, Job::Report { range, .. } if range == oct),
        "{j:?}"
    );
}

#[test]
fn the_period_forms_hints_are_in_one_language() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for (lang, hint, other) in [
        (Lang::Zh, "年-月-日（空=今天）", "empty"),
        (Lang::En, "yyyy-mm-dd(empty=today)", "今天"),
    ] {
        let mut s = showing(rows(&["a"]));
        key(&mut s, Action::Report(Op::CustomPeriod));
        // Both fields emptied: their hints show.
        for _ in 0..2 {
            s.update(Msg::Text(KeyEvent::new(
                KeyCode::Char('u'),
                KeyModifiers::CONTROL,
            )));
            key(&mut s, Action::NextField);
        }
        let shown = screen(&s, lang).replace(' ', "");
        assert!(shown.contains(hint), "{shown}");
        assert!(
            shown.contains(lang.t("年-月-日或年-月", "yyyy-mm-ddoryyyy-mm")),
            "{shown}"
        );
        assert!(!shown.contains(other), "{shown}");
    }
}

#[test]
fn the_quality_reports_criterion_and_note_read_whole_at_80x24() {
    let criterion = "Greets the customer by name and introduces the centre and themself";
    let note = "Scored reviews of the calls and callbacks made in the period (a disputed one with its first score, a re-scored one with the new score); average 0–100, a fatal error scores 0";
    let sheet = Sheet {
        columns: ["Emp. no.", "Name", "Reviews", "Fatal", "Average", criterion]
            .map(String::from)
            .to_vec(),
        rows: vec![vec![
            Value::Code("1002".into()),
            Value::Text("陈静".into()),
            Value::Int(3),
            Value::Int(0),
            Value::Num(82.5, 1),
            Value::Num(4.5, 2),
        ]],
        keys: vec![None],
        notes: vec![note.into()],
        ..Default::default()
    };
    let mut s = ReportsTab::default();
    for _ in 0..40 {
        let (g, _) = job(&key(&mut s, Action::Report(Op::NextReport)));
        if s.report() == Some(Report::Quality) {
            done(&mut s, g, Outcome::Report(sheet.clone()));
            break;
        }
    }
    assert_eq!(s.report(), Some(Report::Quality));
    for _ in 0..5 {
        key(&mut s, Action::Report(Op::ColumnRight));
    }
    let flat = |t: &str| {
        t.chars()
            .filter(|c| !c.is_whitespace() && *c != '│')
            .collect::<String>()
    };
    let shown = flat(&screen(&s, Lang::En));
    let def = crate::store::reports::defs::definition(Report::Quality, 5, Lang::En).unwrap();
    assert!(
        shown.contains(&flat(&format!("{criterion} {def}"))),
        "{shown}"
    );
    assert!(shown.contains(&flat(note)), "{shown}");
}

#[test]
fn the_callback_reports_survey_questions_read_whole_under_their_kind_at_80x24() {
    use crate::domain::callbacks::Kind;
    let questions = |k: &str| -> Vec<String> {
        (1..=9)
            .map(|i| format!("{k}第{i}题：服务顾问是否耐心讲解维修项目、费用和注意事项"))
            .collect()
    };
    for lang in [Lang::Zh, Lang::En] {
        let kinds = [Kind::Dc7, Kind::Dc3];
        let mut notes = vec![
            lang.t("按到期日统计：各列为其目前状态", "By due day")
                .to_string(),
        ];
        // As the store writes them: `kind / question: average/scale (answers)`.
        for k in kinds {
            for (i, q) in questions(k.code()).iter().enumerate() {
                notes.push(format!(
                    "{} / {q}: 4.{i}0/5 (42 {})",
                    k.label(lang),
                    lang.t("人次", "answers")
                ));
            }
        }
        let sheet = Sheet {
            columns: vec!["Kind".into(), "Due".into()],
            rows: kinds
                .iter()
                .map(|k| vec![Value::Text(k.label(lang).into()), Value::Int(50)])
                .collect(),
            keys: vec![None, None],
            notes,
            ..Default::default()
        };
        let mut s = ReportsTab::default();
        for _ in 0..40 {
            let (g, _) = job(&key(&mut s, Action::Report(Op::NextReport)));
            if s.report() == Some(Report::Callbacks) {
                done(&mut s, g, Outcome::Report(sheet.clone()));
                break;
            }
        }
        assert_eq!(s.report(), Some(Report::Callbacks));
        let flat = |t: &str| {
            t.chars()
                .filter(|c| !c.is_whitespace() && *c != '│')
                .collect::<String>()
        };
        // The row under the cursor: each of its questions whole with its average; the
        // other kind's wait until the cursor is on it.
        for (row, k) in kinds.iter().enumerate() {
            let shown = screen(&s, lang);
            for (i, q) in questions(k.code()).iter().enumerate() {
                let line = flat(&format!("{q}: 4.{i}0/5"));
                assert!(flat(&shown).contains(&line), "{line}\n{shown}");
            }
            let other = kinds[1 - row].code();
            assert!(!shown.contains(&format!("{other}第1题")), "{shown}");
            key(&mut s, Action::Down);
        }
    }
}

/// A table wider than the screen cuts its figures' columns, not the row's name (a kind
/// of 27 characters, say) while it fits in half the width.
#[test]
fn a_wide_tables_row_names_read_whole_at_80x24() {
    let name = "3rd level: new car, quarter";
    let mut sheet = rows(&[name, "3rd level: repair"]);
    sheet.columns = (0..9).map(|i| format!("Column number {i}")).collect();
    for r in &mut sheet.rows {
        r.truncate(1);
        r.extend((1..9).map(|i| Value::Int(i * 1000)));
    }
    let s = showing(sheet);
    let shown = screen(&s, Lang::En);
    assert!(shown.contains(name), "{shown}");
}
