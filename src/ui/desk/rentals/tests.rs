//! The page's state machine without a store or terminal.

use super::*;
use chrono::TimeZone;
use crossterm::event::{KeyCode, KeyModifiers};

fn t(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0).unwrap()
}

fn rental(id: i64, due_hour: u32) -> Rental {
    Rental {
        id,
        contract_no: format!("R-{id}"),
        vehicle_id: id,
        plate: Some(format!("粤B1000{id}")),
        car: "大众 朗逸".into(),
        customer_id: 100 + id,
        customer: "张三".into(),
        mobile: Some("13812341234".into()),
        branch: "福田网点".into(),
        start_at: t(0),
        planned_return_at: t(due_hour),
        returned_at: None,
        return_branch: None,
        breakdowns: 0,
        version: 3,
    }
}

fn show(p: &mut RentalsPage, rows: Vec<Rental>) {
    show_stopped(p, rows, None);
}

fn show_stopped(p: &mut RentalsPage, rows: Vec<Rental>, stopped: Option<(i64, i64)>) {
    p.update(Msg::Show {
        rows,
        stopped,
        branches: vec!["福田网点".into()],
        now: t(8),
        tz: chrono_tz::Asia::Shanghai,
        lang: Lang::En,
    });
}

fn typed(p: &mut RentalsPage, s: &str) {
    for c in s.chars() {
        p.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

#[test]
fn the_highlight_stays_on_its_rental_when_the_list_reloads() {
    let mut p = RentalsPage::default();
    assert_eq!(p.update(Msg::Enter), vec![Cmd::Load]);
    show(&mut p, vec![rental(1, 5), rental(2, 10), rental(3, 12)]);
    assert_eq!(p.selected, Some(1));
    p.update(Msg::Action(Action::Down));
    assert_eq!(p.selected, Some(2));
    // Another agent's new rental sorts first: the highlight stays on rental 2.
    show(
        &mut p,
        vec![rental(4, 1), rental(1, 5), rental(2, 10), rental(3, 12)],
    );
    assert_eq!(p.selected, Some(2));
    assert_eq!(
        p.update(Msg::Action(Action::Open)),
        vec![Cmd::LoadDetail(2)]
    );
    assert!(overdue(&p.rows[1], t(8)) && !overdue(&p.rows[2], t(8)));
    // Rental 2 is returned (it leaves the list): its neighbour, not the first row, and the
    // line says which left.
    let said = p.update(Msg::Show {
        rows: vec![rental(4, 1), rental(1, 5), rental(3, 12)],
        stopped: None,
        branches: vec!["福田网点".into()],
        now: t(8),
        tz: chrono_tz::Asia::Shanghai,
        lang: Lang::En,
    });
    assert_eq!(p.selected, Some(3));
    assert_eq!(
        said,
        vec![Cmd::Status(
            "R-2 粤B10002 left the list; moved to the next one".into()
        )]
    );
}

#[test]
fn a_typed_form_asks_before_esc_throws_it_away() {
    let mut p = RentalsPage::default();
    show(&mut p, vec![]);
    p.update(Msg::Action(Action::NewRental));
    assert!(p.typing() && p.scopes() == vec![Scope::Form]);
    assert!(!p.has_unsaved_input());
    typed(&mut p, "R-9");
    assert!(p.has_unsaved_input());
    p.update(Msg::Action(Action::Back));
    assert_eq!(p.scopes(), vec![Scope::Confirm]);
    // The question names the keys the table binds to its answers, in both languages.
    for lang in [Lang::Zh, Lang::En] {
        let screen = crate::ui::desk::testing::draw_with(|f, clock, theme| {
            super::view::render(&p, f, f.area(), lang, clock, theme)
        });
        let asked = crate::ui::desk::prompt::discard(lang);
        assert!(screen.contains(&asked), "{screen}");
    }
    p.update(Msg::Action(Action::No));
    assert!(p.typing(), "still editing");
    p.update(Msg::Action(Action::Back));
    p.update(Msg::Action(Action::Yes));
    assert!(p.editing.is_none() && p.at_top());
}

#[test]
fn saving_names_the_missing_fields_then_asks_the_store() {
    let mut p = RentalsPage::default();
    show(&mut p, vec![]);
    p.update(Msg::Action(Action::NewRental));
    typed(&mut p, "R-9");
    assert_eq!(p.update(Msg::Action(Action::Save)), vec![]);
    let e = p.editing.as_ref().unwrap();
    let missing: Vec<&str> = e
        .form
        .fields
        .iter()
        .filter(|f| f.error.is_some())
        .map(|f| f.key.as_ref())
        .collect();
    assert_eq!(missing, vec!["plate", "mobile", "planned_return"]);
    assert_eq!(
        e.form.focus, 1,
        "the cursor goes to the first missing field"
    );
    typed(&mut p, "粤B10001");
    p.update(Msg::Action(Action::NextField));
    typed(&mut p, "13812341234");
    for _ in 0..3 {
        p.update(Msg::Action(Action::NextField));
    }
    typed(&mut p, "2026-11-25 18:00");
    let cmds = p.update(Msg::Action(Action::Save));
    assert_eq!(
        cmds,
        vec![Cmd::Create(Draft {
            contract_no: "R-9".into(),
            plate: "粤B10001".into(),
            mobile: "13812341234".into(),
            branch: "福田网点".into(),
            start: "2026-11-23 16:00".into(),
            planned_return: "2026-11-25 18:00".into(),
        })]
    );
    // Refused by the store: the field says why and the form stays.
    p.update(Msg::Refused {
        field: Some("plate"),
        line: "no such car".into(),
    });
    assert!(p.editing.is_some());
    // Saved: the form closes, the list reloads with the new rental highlighted.
    let cmds = p.update(Msg::Saved {
        line: "ok".into(),
        focus: Some(9),
    });
    assert_eq!(cmds, vec![Cmd::Status("ok".into()), Cmd::Load]);
    assert_eq!(p.selected, Some(9));
}

#[test]
fn a_return_carries_the_version_seen_and_a_breakdown_needs_the_car_out() {
    let mut p = RentalsPage::default();
    let mut upcoming = rental(2, 20);
    upcoming.start_at = t(9);
    show(&mut p, vec![rental(1, 5), upcoming]);
    p.update(Msg::Action(Action::RecordReturn));
    assert_eq!(
        p.editing.as_ref().map(|e| e.kind),
        Some(FormKind::Return { id: 1, version: 3 })
    );
    let cmds = p.update(Msg::Action(Action::Save));
    assert_eq!(
        cmds,
        vec![Cmd::Return {
            id: 1,
            version: 3,
            at: "2026-11-23 16:00".into(),
            branch: "福田网点".into(),
        }]
    );
    p.update(Msg::Saved {
        line: "ok".into(),
        focus: None,
    });
    p.update(Msg::Action(Action::Down));
    let cmds = p.update(Msg::Action(Action::LogBreakdown));
    assert!(matches!(&cmds[..], [Cmd::Error(_)]), "{cmds:?}");
    assert!(p.editing.is_none());
    p.update(Msg::Action(Action::Up));
    p.update(Msg::Action(Action::LogBreakdown));
    assert_eq!(
        p.editing.as_ref().map(|e| e.kind),
        Some(FormKind::Breakdown { id: 1, version: 3 })
    );
}

#[test]
fn a_time_typed_over_the_default_replaces_it() {
    let mut p = RentalsPage::default();
    let mut out = rental(1, 5);
    out.start_at = t(9);
    show(&mut p, vec![out]);
    p.update(Msg::Action(Action::RecordReturn));
    typed(&mut p, "2026-11-23 15:30");
    let cmds = p.update(Msg::Action(Action::Save));
    assert!(
        matches!(&cmds[..], [Cmd::Return { at, .. }] if at == "2026-11-23 15:30"),
        "{cmds:?}"
    );
}

fn draw(p: &RentalsPage, lang: Lang) -> String {
    let clock = crate::clock::Clock::fixed(chrono_tz::Asia::Shanghai, t(8));
    let theme = crate::ui::theme::Theme::new(false);
    crate::ui::desk::testing::draw(|f| super::view::render(p, f, f.area(), lang, &clock, &theme))
}

#[test]
fn a_list_stopped_at_its_limit_says_so_with_the_totals_at_80x24() {
    let mut p = RentalsPage::default();
    // Rental 1 is overdue at 08:00, 2 and 3 are not; the store holds 1234 out, 40 late.
    let rows = vec![rental(1, 5), rental(2, 10), rental(3, 12)];
    show_stopped(&mut p, rows.clone(), Some((1234, 40)));
    let zh = draw(&p, Lang::Zh);
    assert!(zh.contains("未还车 1234  逾期 40"), "{zh}");
    assert!(zh.contains("共 1234 份，只列出最早到期的 3 份"), "{zh}");
    let en = draw(&p, Lang::En);
    assert!(en.contains("out 1234  overdue 40"), "{en}");
    assert!(
        en.contains("3 of 1234 listed, the earliest due first"),
        "{en}"
    );
    // A whole list counts its own rows and says nothing of a limit.
    show(&mut p, rows);
    let en = draw(&p, Lang::En);
    assert!(en.contains("out 3  overdue 1"), "{en}");
    assert!(!en.contains("listed"), "{en}");
    let zh = draw(&p, Lang::Zh);
    assert!(
        zh.contains("未还车 3  逾期 1") && !zh.contains("只列出"),
        "{zh}"
    );
}

#[test]
fn another_agents_save_reloads_the_list_and_the_open_rental() {
    let mut p = RentalsPage::default();
    p.update(Msg::Enter);
    show(&mut p, vec![rental(1, 5), rental(2, 10)]);
    p.update(Msg::Action(Action::Down));
    // The page's follow enters it again: the list reloads.
    assert_eq!(p.update(Msg::Enter), vec![Cmd::Load]);
    let mut back = rental(2, 10);
    back.returned_at = Some(t(7));
    back.version = 4;
    show(&mut p, vec![back.clone(), rental(1, 5)]);
    assert_eq!(p.selected, Some(2));
    assert_eq!(p.rows.first().map(|r| r.version), Some(4));
    let screen = crate::ui::desk::testing::draw_with(|f, clock, theme| {
        super::view::render(&p, f, f.area(), Lang::En, clock, theme)
    });
    let line = screen.lines().find(|l| l.contains("R-2")).unwrap_or("");
    assert!(line.contains("returned"), "{screen}");
}

#[test]
fn another_agents_change_while_the_return_form_is_open_says_who_and_saves_on_it() {
    let mut p = RentalsPage::default();
    show(&mut p, vec![rental(1, 5)]);
    p.update(Msg::Action(Action::RecordReturn));
    p.update(Msg::Action(Action::NextField));
    typed(&mut p, "2");
    let check = Cmd::Check {
        id: 1,
        version: 3,
        refused: false,
    };
    assert!(p.update(Msg::Enter).contains(&check));
    // A breakdown logged meanwhile (version 4): the form keeps the typing.
    let mut theirs = rental(1, 5);
    theirs.version = 4;
    theirs.breakdowns = 1;
    p.update(Msg::Moved {
        rental: Box::new(theirs),
        who: Some("1002 陈静".into()),
        refused: true,
    });
    let e = p.editing.as_ref().unwrap();
    let (line, _) = e.form.message.clone().unwrap();
    assert!(
        line.starts_with("Not saved: 1002 陈静 just changed this rental"),
        "{line}"
    );
    let cmds = p.update(Msg::Action(Action::Save));
    assert!(
        matches!(&cmds[..], [Cmd::Return { id: 1, version: 4, branch, .. }] if branch.ends_with('2')),
        "{cmds:?}"
    );
}

#[test]
fn the_return_form_names_its_own_rental_after_that_one_left_the_list() {
    let mut p = RentalsPage::default();
    show(&mut p, vec![rental(1, 5), rental(2, 10), rental(3, 12)]);
    p.update(Msg::Action(Action::Down));
    p.update(Msg::Action(Action::RecordReturn));
    // Another agent records the return of R-2 meanwhile: it leaves the list and the
    // highlight moves to R-3, but the form still acts on R-2 and says so.
    show(&mut p, vec![rental(1, 5), rental(3, 12)]);
    assert_eq!(p.selected, Some(3));
    assert_eq!(
        p.editing.as_ref().map(|e| e.kind),
        Some(FormKind::Return { id: 2, version: 3 })
    );
    let screen = draw(&p, Lang::En);
    assert!(screen.contains("Return of R-2"), "{screen}");
    assert!(!screen.contains("R-3"), "{screen}");
}

/// The fault types listed under the breakdown form keep each number with its name at 80
/// columns (`6` at a line's end and `事故刮擦` on the next said nothing).
#[test]
fn the_fault_types_keep_each_number_with_its_name_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut p = RentalsPage::default();
        show(&mut p, vec![rental(1, 5)]);
        p.update(Msg::Action(Action::LogBreakdown));
        let screen = draw(&p, lang);
        for (i, f) in crate::domain::rentals::Fault::ALL.iter().enumerate() {
            let item = format!("{} {}", i + 1, f.label(lang));
            assert!(
                screen.lines().any(|l| l.contains(&item)),
                "{item} apart:\n{screen}"
            );
        }
    }
}

/// A long list pages like the other desk lists: PgDn/PgUp by ten rows, End and Home to
/// its ends (they did nothing, with a hundred rentals out).
#[test]
fn the_list_pages_and_goes_to_its_ends() {
    let mut p = RentalsPage::default();
    show(&mut p, (1..=25).map(|i| rental(i, 9)).collect());
    let at = |p: &RentalsPage| p.selected;
    assert_eq!(at(&p), Some(1));
    p.update(Msg::Action(Action::PageDown));
    assert_eq!(at(&p), Some(11));
    p.update(Msg::Action(Action::End));
    assert_eq!(at(&p), Some(25));
    p.update(Msg::Action(Action::PageUp));
    assert_eq!(at(&p), Some(15));
    p.update(Msg::Action(Action::Home));
    assert_eq!(at(&p), Some(1));
    // Help lists them: they are the key table's.
    let listed =
        crate::ui::keymap::help_bindings(&[crate::ui::keymap::Scope::Rentals], false, true);
    for a in [Action::PageDown, Action::PageUp, Action::Home, Action::End] {
        assert!(listed.iter().any(|(b, _)| b.action == a), "{a:?}");
    }
}

/// The time fields' hint is the format in the user's language (it was YYYY-MM-DD HH:MM in
/// the Chinese form too).
#[test]
fn the_time_hint_is_in_the_users_language() {
    let mut p = RentalsPage::default();
    show(&mut p, vec![rental(1, 9)]);
    p.update(Msg::Action(Action::NewRental));
    let zh = draw(&p, Lang::Zh);
    assert!(
        zh.contains("年-月-日 时:分") && !zh.contains("YYYY"),
        "{zh}"
    );
    let en = draw(&p, Lang::En);
    assert!(en.contains("yyyy-mm-dd hh:mm"), "{en}");
}
