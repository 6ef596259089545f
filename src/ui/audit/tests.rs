//! The audit log's state machine without a terminal or a store: keys in, commands out;
//! messages in, state out.

use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn entry(id: i64) -> AuditEntry {
    AuditEntry {
        id,
        at: "2026-11-23T01:30:00Z".into(),
        agent: Some("1001 张丽".into()),
        action: "update".into(),
        entity: "customer".into(),
        entity_id: Some(id * 10),
        before: None,
        after: None,
        agent_name: Some("张丽".into()),
        record: None,
    }
}

fn loaded(ids: &[i64]) -> Msg {
    Msg::Loaded {
        entries: ids.iter().map(|i| entry(*i)).collect(),
        total: ids.len(),
        agents: Vec::new(),
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn act(log: &mut AuditLog, a: Action) -> Vec<Cmd> {
    log.update(Msg::Key(Some(a), key(KeyCode::Null)))
}

fn typed(log: &mut AuditLog, text: &str) {
    for c in text.chars() {
        log.update(Msg::Key(None, key(KeyCode::Char(c))));
    }
}

fn selected_id(log: &AuditLog) -> Option<i64> {
    log.selected().map(|e| e.id)
}

/// A log showing entries 5..1 (newest first), the highlight on the first.
fn log_of_five() -> AuditLog {
    let mut log = AuditLog::default();
    assert_eq!(
        log.update(Msg::Enter),
        vec![Cmd::Load(AuditFilter::default())]
    );
    assert!(log.update(loaded(&[5, 4, 3, 2, 1])).is_empty());
    log
}

#[test]
fn opening_loads_and_highlights_the_newest_entry() {
    let log = log_of_five();
    assert_eq!(log.entries().len(), 5);
    assert_eq!(selected_id(&log), Some(5));
    assert_eq!(log.count_line(Lang::Zh), "共 5 条");
}

#[test]
fn the_highlight_stays_on_its_entry_when_newer_ones_arrive() {
    let mut log = log_of_five();
    act(&mut log, Action::Down);
    act(&mut log, Action::Down);
    assert_eq!(selected_id(&log), Some(3));
    // Another agent saved: the log loads again, two newer entries on top.
    assert_eq!(
        log.update(Msg::Follow),
        vec![Cmd::Load(AuditFilter::default())]
    );
    assert!(log.update(loaded(&[7, 6, 5, 4, 3, 2, 1])).is_empty());
    assert_eq!(selected_id(&log), Some(3));
    assert_eq!(log.selected_row(), 4);
    // And moving on goes on from there.
    act(&mut log, Action::Down);
    assert_eq!(selected_id(&log), Some(2));
}

#[test]
fn an_entry_pushed_past_the_limit_gives_way_to_its_neighbour_and_says_so() {
    let mut log = log_of_five();
    for _ in 0..4 {
        act(&mut log, Action::Down);
    }
    assert_eq!(selected_id(&log), Some(1));
    // Two newer entries; the list keeps five, so entry 1 left it.
    let out = log.update(Msg::Loaded {
        entries: [7, 6, 5, 4, 3].map(entry).to_vec(),
        total: 7,
        agents: Vec::new(),
    });
    assert_eq!(selected_id(&log), Some(3));
    assert!(
        matches!(&out[..], [Cmd::App(ForApp::Out(Out::Status(s)))] if s.contains("相邻")),
        "{out:?}"
    );
    assert!(
        log.count_line(Lang::En)
            .starts_with("7 in all; the latest 5")
    );
}

#[test]
fn moving_stops_at_both_ends() {
    let mut log = log_of_five();
    act(&mut log, Action::Up);
    assert_eq!(selected_id(&log), Some(5));
    for _ in 0..9 {
        act(&mut log, Action::Down);
    }
    assert_eq!(selected_id(&log), Some(1));
}

#[test]
fn esc_closes_and_quit_asks_the_app() {
    let mut log = log_of_five();
    assert_eq!(act(&mut log, Action::Back), vec![Cmd::App(ForApp::Close)]);
    assert_eq!(act(&mut log, Action::Quit), vec![Cmd::App(ForApp::Quit)]);
    // Letters typed outside the form do nothing.
    assert!(
        log.update(Msg::Key(None, key(KeyCode::Char('x'))))
            .is_empty()
    );
}

#[test]
fn a_filter_by_names_loads_from_its_newest_entry() {
    let mut log = log_of_five();
    act(&mut log, Action::Down);
    assert!(act(&mut log, Action::Filter).is_empty());
    assert_eq!(log.scopes(), (vec![Scope::Form], true));
    act(&mut log, Action::NextField);
    typed(&mut log, "客户");
    act(&mut log, Action::NextField);
    typed(&mut log, "create");
    let want = AuditFilter {
        entity: Some("customer".into()),
        action: Some("create".into()),
        ..AuditFilter::default()
    };
    assert_eq!(act(&mut log, Action::Save), vec![Cmd::Load(want.clone())]);
    assert!(log.filter_form().is_none());
    assert_eq!(log.filter(), &want);
    log.update(loaded(&[4, 2]));
    assert_eq!(selected_id(&log), Some(4), "a new filter starts at the top");
    // The form opens again with the filter in force.
    act(&mut log, Action::Filter);
    assert_eq!(log.filter_form().unwrap().get("entity"), "customer");
}

#[test]
fn a_day_is_that_day_in_the_stores_zone() {
    let mut log = log_of_five();
    act(&mut log, Action::Filter);
    for _ in 0..3 {
        act(&mut log, Action::NextField);
    }
    log.update(Msg::Paste("2026-11-23".into()));
    let out = act(&mut log, Action::Save);
    let want = AuditFilter {
        from: Some("2026-11-22T16:00:00Z".into()),
        to: Some("2026-11-23T16:00:00Z".into()),
        ..AuditFilter::default()
    };
    assert_eq!(out, vec![Cmd::Load(want)]);
}

#[test]
fn a_choice_that_is_not_offered_is_refused_on_its_field_and_the_form_kept() {
    for lang in [Lang::Zh, Lang::En] {
        let mut log = log_of_five();
        log.lang = lang;
        act(&mut log, Action::Filter);
        act(&mut log, Action::NextField);
        typed(&mut log, "飞机");
        assert!(act(&mut log, Action::Save).is_empty());
        let form = log.filter_form().expect("the form stays");
        assert_eq!(form.get("entity"), "飞机");
        let error = |key: &str| {
            let f = form.fields.iter().find(|f| f.key == key);
            f.and_then(|f| f.error.clone())
        };
        assert_eq!(
            error("entity").as_deref(),
            Some(lang.t("不是可选项", "not a choice"))
        );
        assert_eq!(log.filter(), &AuditFilter::default());
        // Esc leaves the form, the filter as it was, the log still open.
        assert!(act(&mut log, Action::Back).is_empty());
        assert!(log.filter_form().is_none());
        assert_eq!(log.scopes(), (vec![Scope::AuditLog, Scope::Global], false));
    }
}

#[test]
fn each_entry_s_sentence_wraps_whole_at_80x24() {
    let templates = crate::domain::templates::TemplateSet::builtin();
    let clock = crate::clock::Clock::fixed(
        chrono_tz::Asia::Shanghai,
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 1, 30, 0).unwrap(),
    );
    for lang in [Lang::Zh, Lang::En] {
        let mut log = log_of_five();
        // Entry 4 (not highlighted) names a long record.
        let mut long = entry(4);
        long.record =
            Some("王文泽 粤TU1255 大众朗逸 2019款 1.5L 自动舒适版（车主的第二辆车）".into());
        log.update(Msg::Loaded {
            entries: vec![entry(5), long.clone(), entry(3)],
            total: 3,
            agents: Vec::new(),
        });
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        let theme = crate::ui::theme::Theme::new(false);
        t.draw(|f| super::view::render(&log, f, f.area(), lang, &clock, &templates, &theme))
            .unwrap();
        let screen = crate::ui::testing::screen_text(t.backend().buffer());
        let head = super::view::sentence(&long, lang, &templates, clock.tz(), &[]).head;
        let flat: String = screen
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '│')
            .collect();
        let want: String = head.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains(&want), "{head}\n{screen}");
        assert!(!screen.contains('~'), "{screen}");
    }
}
