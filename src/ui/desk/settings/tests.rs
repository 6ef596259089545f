//! The Settings page's state machine without a store or a terminal.

use super::*;
use crate::store::agents::{Agent, Role};
use crossterm::event::{KeyCode, KeyModifiers};

pub(super) fn snap() -> Snapshot {
    let agent = |id: i64, emp: &str, name: &str, role| AgentRow {
        agent: Agent {
            id,
            emp_no: emp.into(),
            name: name.into(),
            role,
            active: true,
        },
        os_user: None,
        version: 3,
    };
    Snapshot {
        setup: StoreSetup::builtin(),
        business_hours: false,
        text: None,
        version: Some(7),
        source: "db".into(),
        agents: vec![
            agent(1, "1001", "刘芳", Role::Supervisor),
            agent(2, "1002", "陈静", Role::Agent),
        ],
    }
}

pub(super) fn page(supervisor: bool) -> SettingsPage {
    let mut p = SettingsPage::new(Lang::Zh);
    assert_eq!(p.update(Msg::Enter { supervisor }), vec![Cmd::Load]);
    p.update(Msg::Loaded(Box::new(snap())));
    p
}

pub(super) fn act(p: &mut SettingsPage, a: Action) -> Vec<Cmd> {
    p.update(Msg::Action(a))
}

pub(super) fn typed(p: &mut SettingsPage, text: &str) {
    for c in text.chars() {
        p.update(Msg::Text(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

pub(super) fn clear_field(p: &mut SettingsPage) {
    for _ in 0..80 {
        p.update(Msg::Text(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
    }
}

/// Moves the highlight onto the row with this id.
pub(super) fn go(p: &mut SettingsPage, id: &str) {
    act(p, Action::Home);
    for _ in 0..100 {
        if p.selected.id().map(String::as_str) == Some(id) {
            return;
        }
        act(p, Action::Down);
    }
    panic!("no row {id}");
}

#[test]
fn every_section_is_listed_and_the_highlight_skips_headings() {
    let p = page(true);
    let headings: Vec<_> = p.rows.iter().filter(|r| r.id.is_none()).collect();
    assert_eq!(headings.len(), Section::ALL.len());
    assert_eq!(p.selected.id().map(String::as_str), Some("name"));
    let ids = p.ids();
    for id in [
        "timezone",
        "hours.sun",
        "closed.days",
        "advisors",
        "bays",
        "loaner_cars",
    ] {
        assert!(ids.contains(&id.to_string()), "{id} missing");
    }
    assert!(ids.contains(&"svc:maintenance".to_string()));
    assert!(ids.contains(&"sla.first_contact_minutes".to_string()));
    assert!(ids.contains(&"agent:2".to_string()));
}

#[test]
fn an_agent_may_look_but_not_edit() {
    let mut p = page(false);
    let cmds = act(&mut p, Action::Open);
    assert!(matches!(&cmds[..], [Cmd::Error(m)] if m.contains("只有主管")));
    assert!(p.at_top() && p.form.is_none());
    go(&mut p, "agent:2");
    assert!(matches!(
        &act(&mut p, Action::SettingsNew)[..],
        [Cmd::Error(_)]
    ));
    assert!(p.form.is_none());
}

#[test]
fn a_section_saves_only_what_changed_from_the_version_seen() {
    let mut p = page(true);
    go(&mut p, "slot_minutes");
    act(&mut p, Action::Open);
    assert_eq!(
        p.form.as_ref().unwrap().0,
        Target::Section(Section::Booking)
    );
    // The highlighted field has the cursor.
    let (_, f) = p.form.as_ref().unwrap();
    assert_eq!(f.fields[f.focus].key, "slot_minutes");
    // Nothing typed: nothing to save.
    let cmds = act(&mut p, Action::Save);
    assert!(matches!(&cmds[..], [Cmd::Status(_)]));
    act(&mut p, Action::Open);
    clear_field(&mut p);
    typed(&mut p, "15");
    // Another agent saved meanwhile: the page reloads, and the form keeps what it was
    // opened on until the store says its record moved (tests_follow.rs).
    p.update(Msg::Follow);
    let mut newer = snap();
    newer.version = Some(8);
    p.update(Msg::Loaded(Box::new(newer)));
    let cmds = act(&mut p, Action::Save);
    let [Cmd::SaveFile { text, seen }] = &cmds[..] else {
        panic!("{cmds:?}");
    };
    assert_eq!(*seen, Some(7));
    let s = StoreSetup::parse(text, "store.toml").unwrap();
    assert_eq!(s.slot, chrono::Duration::minutes(15));
    assert_eq!(s.grace, StoreSetup::builtin().grace);
}

#[test]
fn a_bad_value_is_refused_beside_its_field_before_anything_is_sent() {
    let mut p = page(true);
    go(&mut p, "reminders.day_before_at");
    act(&mut p, Action::Open);
    clear_field(&mut p);
    typed(&mut p, "4pm");
    assert!(act(&mut p, Action::Save).is_empty());
    let (_, f) = p.form.as_ref().unwrap();
    let field = &f.fields[f.focus];
    assert_eq!(field.key, "reminders.day_before_at");
    assert_eq!(field.error.as_deref(), Some("时间应为 时:分，如 16:00"));
    assert!(f.message.as_ref().unwrap().0.starts_with("未保存"));
    // Esc over typed text asks first; the second Esc leaves.
    act(&mut p, Action::Back);
    assert!(p.form.is_some());
    act(&mut p, Action::Back);
    assert!(p.form.is_none() && p.at_top());
}

/// A holiday name the calendar does not know would never close the store: it is refused,
/// naming the ones there are; a name it knows is saved.
#[test]
fn a_holiday_the_calendar_does_not_know_is_refused_naming_those_it_does() {
    let mut p = page(true);
    go(&mut p, "closed.holidays");
    act(&mut p, Action::Open);
    clear_field(&mut p);
    typed(&mut p, "国庆");
    assert!(act(&mut p, Action::Save).is_empty());
    let (_, f) = p.form.as_ref().unwrap();
    assert_eq!(
        f.fields[f.focus].error.as_deref(),
        Some("日历中没有“国庆”这个节日")
    );
    // The names there are show under the form, whole.
    let theme = crate::ui::theme::Theme::new(false);
    let screen = crate::ui::desk::testing::squash(&crate::ui::desk::testing::draw(|f| {
        super::view::render(&p, f, f.area(), Lang::Zh, &theme)
    }));
    assert!(
        screen.contains("可填：元旦、春节、清明节、劳动节、端午节、国庆节、中秋节"),
        "{screen}"
    );
    clear_field(&mut p);
    typed(&mut p, "国庆节，中秋节");
    let cmds = act(&mut p, Action::Save);
    let [Cmd::SaveFile { text, .. }] = &cmds[..] else {
        panic!("{cmds:?}");
    };
    let s = StoreSetup::parse(text, "store.toml").unwrap();
    assert_eq!(s.closed_holidays, ["国庆节", "中秋节"]);
}

#[test]
fn agents_are_added_and_changed_with_their_version_and_checked_first() {
    let mut p = page(true);
    go(&mut p, "agent:2");
    assert!(act(&mut p, Action::SettingsNew).is_empty());
    assert_eq!(p.form.as_ref().unwrap().0, Target::NewAgent);
    typed(&mut p, "abc");
    act(&mut p, Action::NextField);
    typed(&mut p, "王五");
    assert!(act(&mut p, Action::Save).is_empty());
    let (_, f) = p.form.as_ref().unwrap();
    assert_eq!(f.fields[f.focus].key, "emp_no");
    assert_eq!(
        f.fields[f.focus].error.as_deref(),
        Some("工号为 1–16 位数字")
    );
    // The cursor is on the field to correct.
    clear_field(&mut p);
    typed(&mut p, "1003");
    let cmds = act(&mut p, Action::Save);
    assert!(matches!(&cmds[..], [Cmd::AddAgent { emp_no, edit }]
        if emp_no == "1003" && edit.name == "王五" && !edit.supervisor && edit.active));
    p.update(Msg::Saved("ok".into()));
    assert!(p.at_top());
    // Make 1002 a supervisor: the version seen goes with it.
    go(&mut p, "agent:2");
    act(&mut p, Action::Open);
    act(&mut p, Action::NextField);
    clear_field(&mut p);
    typed(&mut p, "是");
    let cmds = act(&mut p, Action::Save);
    assert!(matches!(&cmds[..], [Cmd::UpdateAgent { id: 2, version: 3, edit }] if edit.supervisor));
    // A refusal from the store stays on the form, whole.
    let cmds = p.update(Msg::Refused("1001 刘芳 刚修改了".into()));
    let check = Cmd::Check {
        under: follow::Under::Agent { id: 2, version: 3 },
        refused: true,
    };
    assert_eq!(cmds, vec![Cmd::Error("1001 刘芳 刚修改了".into()), check]);
    assert!(p.form.as_ref().unwrap().1.message.as_ref().unwrap().1);
}

#[test]
fn a_service_is_edited_in_place_and_a_new_one_needs_a_free_code() {
    let mut p = page(true);
    go(&mut p, "svc:maintenance");
    act(&mut p, Action::Open);
    act(&mut p, Action::NextField);
    act(&mut p, Action::NextField);
    clear_field(&mut p);
    typed(&mut p, "45");
    let cmds = act(&mut p, Action::Save);
    let [Cmd::SaveFile { text, .. }] = &cmds[..] else {
        panic!("{cmds:?}");
    };
    let s = StoreSetup::parse(text, "store.toml").unwrap();
    assert_eq!(s.service("maintenance").unwrap().minutes, 45);
    p.update(Msg::Saved("ok".into()));
    act(&mut p, Action::SettingsNew);
    typed(&mut p, "repair");
    act(&mut p, Action::NextField);
    typed(&mut p, "洗车");
    act(&mut p, Action::NextField);
    act(&mut p, Action::NextField);
    typed(&mut p, "20");
    assert!(act(&mut p, Action::Save).is_empty());
    let (_, f) = p.form.as_ref().unwrap();
    assert_eq!(f.fields[f.focus].key, "code");
}

#[test]
fn the_agent_form_names_the_agent_by_number_and_name_at_80x24() {
    let theme = crate::ui::theme::Theme::new(false);
    for lang in [Lang::Zh, Lang::En] {
        let mut p = page(true);
        go(&mut p, "agent:2");
        act(&mut p, Action::Open);
        let screen =
            crate::ui::desk::testing::draw(|f| super::view::render(&p, f, f.area(), lang, &theme));
        let title = lang.t("修改坐席：工号 1002 陈静 ", "Edit agent: no. 1002 陈静 ");
        assert!(
            screen.lines().next().unwrap_or("").contains(title),
            "{screen}"
        );
    }
}

/// A holiday saved before names were checked (or by a file) that the calendar does not
/// have is pointed out on the list: it never closes the store.
#[test]
fn the_list_points_out_a_saved_holiday_the_calendar_does_not_have() {
    let mut p = page(true);
    let mut s = snap();
    s.setup.closed_holidays = vec!["国庆".into(), "春节".into()];
    p.update(Msg::Loaded(Box::new(s)));
    let theme = crate::ui::theme::Theme::new(false);
    for (lang, said) in [
        (Lang::Zh, "（日历中没有：国庆）"),
        (Lang::En, "(not in the calendar: 国庆)"),
    ] {
        go(&mut p, "closed.holidays");
        let screen =
            crate::ui::desk::testing::draw(|f| super::view::render(&p, f, f.area(), lang, &theme));
        let line = screen
            .lines()
            .find(|l| l.contains("国庆，春节") || l.contains("国庆, 春节"))
            .unwrap_or_default();
        assert!(line.contains(said), "{screen}");
    }
}

/// A number field's explanation gives its range, not only "整数".
#[test]
fn a_number_field_says_its_range() {
    assert_eq!(
        super::view::explain("slot_minutes", Lang::Zh),
        "5–240 的整数"
    );
    assert_eq!(
        super::view::explain("loaner_cars", Lang::En),
        "a whole number, 0–500"
    );
    // The phone's check is said, not "text".
    assert_eq!(
        super::view::explain("phone", Lang::Zh),
        "带区号的固定电话、手机或 400/800 热线，印在客户短信里"
    );
}

/// A store set up before the first-run setup asked for them still prints the built-in
/// sample's address and phone to its customers: the page says so whole at 80x24, until
/// both are the store's own. The sample store (the demo, the sample's name) is not flagged.
#[test]
fn the_list_points_out_the_sample_address_and_phone() {
    let theme = crate::ui::theme::Theme::new(false);
    let draw = |p: &SettingsPage, lang| {
        crate::ui::desk::testing::draw(|f| super::view::render(p, f, f.area(), lang, &theme))
    };
    let mut p = page(true);
    assert!(!draw(&p, Lang::Zh).contains("内置示例"));
    let mut s = snap();
    s.setup.name = "南城店".into();
    p.update(Msg::Loaded(Box::new(s.clone())));
    let zh = draw(&p, Lang::Zh);
    assert!(
        zh.contains("门店地址、门店电话仍是内置示例，会印在客户短信里：移到该栏按 Enter 修改"),
        "{zh}"
    );
    let mut en_page = SettingsPage::new(Lang::En);
    en_page.update(Msg::Enter { supervisor: true });
    en_page.update(Msg::Loaded(Box::new(s.clone())));
    let en = draw(&en_page, Lang::En);
    assert!(
        en.contains("Address, Phone: the built-in sample's, sent to customers; Enter to change"),
        "{en}"
    );
    assert!(
        en.contains("0755-88886666  (still the built-in sample"),
        "{en}"
    );
    s.setup.address = "东莞市南城区宏图路 8 号".into();
    p.update(Msg::Loaded(Box::new(s.clone())));
    assert!(draw(&p, Lang::Zh).contains("门店电话仍是内置示例"));
    s.setup.phone = "0769-22223333".into();
    p.update(Msg::Loaded(Box::new(s)));
    assert!(!draw(&p, Lang::Zh).contains("内置示例"));
}
