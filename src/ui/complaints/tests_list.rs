//! The Complaints list at 80x24 in both languages: a row's next deadline is read whole
//! (never `first contact left 10~`), and its category is a word, not a cut one. A page's
//! key bar lists the steps the complaint's state allows, and wraps item by item.

use super::*;
use crate::domain::complaints::{Category, Clock, ClockKind, ClockState, Severity, Status};
use chrono::{Duration, TimeZone};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 2, 30, 0).unwrap()
}

fn clock(kind: ClockKind, state: ClockState, used_min: i64, limit_min: i64) -> Clock {
    Clock {
        kind,
        due: Some(now() + Duration::minutes(limit_min - used_min)),
        used: Duration::minutes(used_min),
        limit: Duration::minutes(limit_min),
        met_at: None,
        state,
        warn: false,
        business_hours: false,
        segments: Vec::new(),
    }
}

fn item(id: i64, category: Category, next: Clock) -> Item {
    Item {
        row: ComplaintRow {
            id,
            customer: "秦飞".into(),
            plate: Some("粤BDF0251".into()),
            received_at: now(),
            category,
            severity: Severity::General,
            station: String::new(),
            summary: "客户说雨刮更换后仍有异响，要求返厂".into(),
            demand: String::new(),
            status: Status::New,
            handler: None,
            level: 0,
            call_id: None,
            closed_at: None,
            channel: "phone".into(),
        },
        clocks: vec![next],
    }
}

#[test]
fn a_rows_deadline_and_category_read_whole_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = ComplaintsTab {
            lang,
            now: now(),
            ..Default::default()
        };
        let items = vec![
            item(
                1,
                Category::RepairQuality,
                clock(ClockKind::FirstContact, ClockState::Running, 0, 10),
            ),
            item(
                2,
                Category::Timeliness,
                clock(ClockKind::AssignHandler, ClockState::Overdue, 125, 60),
            ),
        ];
        let theme = crate::ui::theme::Theme::new(false);
        let wanted: Vec<String> = items
            .iter()
            .map(|i| super::view::clock_text(&i.clocks[0], lang, &theme).0)
            .collect();
        t.update(Msg::Listed {
            items,
            total: 2,
            handlers: Vec::new(),
        });
        let screen = screen_of(&t, lang);
        for w in &wanted {
            assert!(screen.contains(w.as_str()), "{w:?} cut:\n{screen}");
        }
        for word in [lang.t("维修质量", "repair "), lang.t("服务时效", "delay ")] {
            assert!(screen.contains(word), "{word:?}:\n{screen}");
        }
        // The rows cut the summary; the highlighted complaint reads whole under them.
        let whole = screen
            .lines()
            .find(|l| l.trim_start_matches('│').starts_with("#1 "))
            .unwrap_or_else(|| panic!("no whole line:\n{screen}"));
        assert!(
            whole.contains("客户说雨刮更换后仍有异响，要求返厂"),
            "{screen}"
        );
        // Its deadline follows in the UI's punctuation (never `; ` in the Chinese UI).
        let then = format!("要求返厂{}", lang.t("；", "; "));
        assert!(whole.contains(&then), "{then:?}:\n{screen}");
        // The deadlines start in one column (the rows, not the highlighted one whole
        // under them, `#1 ...`).
        let cols: Vec<usize> = screen
            .lines()
            .filter(|l| !l.trim_start_matches('│').starts_with('#'))
            .filter_map(|l| {
                let at = wanted.iter().find_map(|w| l.find(w.as_str()))?;
                Some(crate::text::width(&l[..at]))
            })
            .collect();
        assert_eq!(cols.len(), 2, "{screen}");
        assert_eq!(cols[0], cols[1], "{screen}");
    }
}

/// A list where no clock runs (closed complaints) gives the deadline column only the room
/// its words take: the summary gets the rest.
#[test]
fn a_list_without_clocks_gives_the_summary_the_room() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = ComplaintsTab {
            lang,
            now: now(),
            ..Default::default()
        };
        let mut items = vec![item(
            1,
            Category::RepairQuality,
            clock(ClockKind::FirstContact, ClockState::Met, 5, 10),
        )];
        items[0].clocks.clear();
        items[0].row.status = Status::Closed;
        t.update(Msg::Listed {
            items,
            total: 1,
            handlers: Vec::new(),
        });
        let screen = screen_of(&t, lang);
        let row = screen.lines().nth(2).unwrap_or("");
        assert!(row.contains("客户说雨刮更换后仍有异响"), "{screen}");
        // The state is said once, in its own column: no deadline column repeats it.
        let state = Status::Closed.short(lang);
        assert_eq!(row.matches(state).count(), 1, "{row}");
    }
}

/// Among rows whose clocks run, a row with none says `-` in the deadline column, not its
/// state again.
#[test]
fn a_row_without_a_clock_among_running_ones_says_dash() {
    let lang = Lang::En;
    let mut t = ComplaintsTab {
        lang,
        now: now(),
        ..Default::default()
    };
    let running = item(
        1,
        Category::RepairQuality,
        clock(ClockKind::FirstContact, ClockState::Running, 5, 10),
    );
    let mut still = item(
        2,
        Category::RepairQuality,
        clock(ClockKind::FirstContact, ClockState::Met, 5, 10),
    );
    still.clocks.clear();
    still.row.status = Status::Resolved;
    t.update(Msg::Listed {
        items: vec![running, still],
        total: 2,
        handlers: Vec::new(),
    });
    let screen = screen_of(&t, lang);
    let row = screen.lines().nth(3).unwrap_or("");
    let state = Status::Resolved.short(lang);
    assert_eq!(row.matches(state).count(), 1, "{screen}");
    assert!(row.trim_end_matches(['│', ' ']).ends_with(" -"), "{screen}");
}

/// The complaint's page at 80x24 with the complaint in `status` (paused or not).
fn page(lang: Lang, status: Status, paused: bool) -> String {
    let mut d = super::tests::detail(4, 1);
    d.state.status = Some(status);
    if status == Status::Closed {
        d.state.closed_at = Some(now());
    }
    if paused {
        d.state.paused = Some((now(), crate::domain::complaints::PauseReason::Parts));
    }
    page_of(lang, d)
}

/// The page of complaint `d` at 80x24.
fn page_of(lang: Lang, d: Detail) -> String {
    let mut t = super::tests::tab(lang);
    super::tests::shown(&mut t, d);
    screen_of(&t, lang)
}

/// The tab as drawn at 80x24 at `now()`.
fn screen_of(t: &ComplaintsTab, lang: Lang) -> String {
    let theme = crate::ui::theme::Theme::new(false);
    let app_clock = crate::clock::Clock::fixed(chrono_tz::Asia::Shanghai, now());
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| super::view::render(t, f, f.area(), lang, &app_clock, &theme))
        .unwrap();
    crate::ui::testing::screen_text(term.backend().buffer())
}

#[test]
fn a_complaint_from_a_callback_shows_the_apps_framing_in_the_users_language_at_80x24() {
    use crate::domain::callbacks::{Kind, complaint_words};
    let lines = vec!["销售顾问服务态度 2/5".to_string()];
    for lang in [Lang::Zh, Lang::En] {
        let mut d = super::tests::detail(4, 1);
        d.row.summary = complaint_words::summary(Kind::Dc7, 895, &lines);
        d.row.demand = complaint_words::demand(&lines, "交车时不耐烦");
        let screen = page_of(lang, d);
        let want = match lang {
            Lang::Zh => [
                "经过 7DC新车回访（回访任务 #895）：销售顾问服务态度 2/5",
                "诉求 回访中客户反映：销售顾问服务态度 2/5；备注：交车时不耐烦",
            ],
            Lang::En => [
                "What 7DC new-car callback (task #895): 销售顾问服务态度 2/5",
                "Asks Said in the callback: 销售顾问服务态度 2/5; remark: 交车时不耐烦",
            ],
        };
        for w in want {
            assert!(screen.contains(w), "{w:?}:\n{screen}");
        }
        if lang == Lang::En {
            // The app's own words never show in Chinese on an English screen.
            for zh in ["回访任务", "回访中客户反映", "备注：", "7DC新车回访"] {
                assert!(!screen.contains(zh), "{zh:?}:\n{screen}");
            }
        }
    }
}

#[test]
fn the_pages_key_bar_lists_only_the_steps_the_complaints_state_allows_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let k = |zh: &'static str, en: &'static str| lang.t(zh, en);
        let (reopen, close, confirm, resolve) = (
            k("o 重开", "o reopen"),
            k("x 结案", "x close"),
            k("k 确认", "k confirm"),
            k("r 解决", "r resolve"),
        );
        let (contact, pause, resume, note) = (
            k("c 联系", "c contact"),
            k("p 暂停", "p pause"),
            k("p 恢复", "p resume"),
            k("t 备注", "t note"),
        );
        // A new complaint: its first steps, no reopen, close, confirm or resolve.
        let new = page(lang, Status::New, false);
        for item in [contact, pause, note, k("i 调查", "i investigate")] {
            assert!(new.contains(item), "{item:?} missing:\n{new}");
        }
        for item in [reopen, close, confirm, resolve, resume] {
            assert!(!new.contains(item), "{item:?} listed:\n{new}");
        }
        // Its clock paused: the key resumes it.
        let paused = page(lang, Status::Investigating, true);
        assert!(paused.contains(resume), "{paused}");
        assert!(!paused.contains(pause), "{paused}");
        // Resolved: confirm, close (its missing fields said when pressed) and reopen.
        let resolved = page(lang, Status::Resolved, false);
        for item in [reopen, close, confirm] {
            assert!(resolved.contains(item), "{item:?} missing:\n{resolved}");
        }
        assert!(!resolved.contains(resolve), "{resolved}");
        // Closed: reopen and a note, no step of an open complaint.
        let closed = page(lang, Status::Closed, false);
        for item in [reopen, note] {
            assert!(closed.contains(item), "{item:?} missing:\n{closed}");
        }
        for item in [
            contact,
            pause,
            close,
            confirm,
            resolve,
            k("u 升级", "u escalate"),
        ] {
            assert!(!closed.contains(item), "{item:?} listed:\n{closed}");
        }
    }
}

#[test]
fn the_pages_key_bar_never_parts_a_key_from_its_word_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let screen = page(lang, Status::Resolved, false);
        for item in [lang.t("o 重开", "o reopen"), lang.t("s 定级", "s severity")] {
            assert!(screen.contains(item), "{item:?} parted:\n{screen}");
        }
        // No line of the bar ends on a lone key.
        for l in screen.lines() {
            let l = l.trim_end_matches(['│', ' ']);
            let last = l.rsplit("  ").next().unwrap_or("");
            assert!(
                last.chars().count() != 1,
                "a lone key ends {l:?}:\n{screen}"
            );
        }
    }
}

/// The page's header keeps the handler's number and name together ("1002 陈静") where the
/// line wraps at 80 columns (it broke between them).
#[test]
fn the_header_keeps_the_handlers_number_and_name_together_at_80_columns() {
    for lang in [Lang::Zh, Lang::En] {
        use super::tests::{detail, shown, tab};
        let mut t = tab(lang);
        let mut d = detail(1, 3);
        d.row.station = "深圳鹏城汽车宝安区服务站".into();
        d.row.handler = Some("1002 陈静".into());
        shown(&mut t, d);
        let screen = screen_of(&t, lang);
        assert!(screen.contains("1002 陈静"), "{screen}");
        assert!(
            !screen.contains('\u{a0}'),
            "a no-break space drawn: {screen}"
        );
    }
}
