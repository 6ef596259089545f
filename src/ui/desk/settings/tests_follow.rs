//! An open settings form follows another supervisor's save: it says who, keeps what was
//! typed, and the next save is taken on the new version (never a loop of refusals).

use super::follow::Under;
use super::tests::{act, clear_field, go, page, snap, typed};
use super::*;
use crate::store::agents::admin;
use crate::ui::desk::testing::{Store, char_key, no_key};

#[test]
fn another_supervisors_save_while_a_section_is_open_says_who_keeps_the_typing_and_saves_on_it() {
    let mut p = page(true);
    go(&mut p, "slot_minutes");
    act(&mut p, Action::Open);
    clear_field(&mut p);
    typed(&mut p, "15");
    let cmds = p.update(Msg::Follow);
    let check = Cmd::Check {
        under: Under::File(Some(7)),
        refused: false,
    };
    assert!(cmds.contains(&check), "{cmds:?}");
    // The other supervisor changed the grace minutes (version 8).
    let mut newer = snap();
    newer.version = Some(8);
    newer.setup.grace = chrono::Duration::minutes(25);
    p.update(Msg::Moved {
        snap: Box::new(newer),
        who: Some("1002 陈静".into()),
        refused: false,
    });
    let (_, f) = p.form.as_ref().unwrap();
    let line = f.message.clone().unwrap().0;
    assert!(line.starts_with("1002 陈静 刚修改了此记录"), "{line}");
    // Typed: kept, theirs named beside it; untouched: theirs.
    assert_eq!(f.get("slot_minutes"), "15");
    assert_eq!(f.get("no_show_grace_minutes"), "25");
    assert!(line.contains("→ 25"), "{line}");
    let cmds = act(&mut p, Action::Save);
    let [Cmd::SaveFile { text, seen }] = &cmds[..] else {
        panic!("{cmds:?}");
    };
    assert_eq!(*seen, Some(8));
    // Only the typed field is written, onto the version now seen.
    let s = StoreSetup::parse(text, "store.toml").unwrap();
    assert_eq!(s.slot, chrono::Duration::minutes(15));
}

/// Moves the highlight down to `row` and opens its form.
fn open_row(p: &mut SettingsPage, st: &mut Store, row: &str) {
    for _ in 0..200 {
        if p.selected.id().map(String::as_str) == Some(row) {
            break;
        }
        p.key(Some(Action::Down), no_key(), &mut st.env());
    }
    p.key(Some(Action::Open), no_key(), &mut st.env());
}

#[test]
fn a_refused_agent_save_takes_the_stored_agent_in_and_the_next_save_goes_through() {
    let mut st = Store::new(Lang::Zh);
    let (other, id) = (st.other(), st.other.id);
    let mut p = SettingsPage::new(Lang::Zh);
    p.enter(&mut st.env());
    st.settle(&mut p);
    open_row(&mut p, &mut st, &format!("agent:{id}"));
    for _ in 0..3 {
        p.key(Some(Action::NextField), no_key(), &mut st.env());
    }
    for c in "chen".chars() {
        p.key(None, char_key(c), &mut st.env());
    }
    // Meanwhile the other supervisor renames the agent: the store refuses the save made on
    // the old version once, and the form takes the new name in.
    let renamed = admin::AgentEdit {
        name: "陈静怡".into(),
        supervisor: true,
        active: true,
        os_user: None,
    };
    admin::update(&mut st.db, other, id, 1, &renamed).unwrap();
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Error(_))), "{outs:?}");
    // What moved is read on the loads thread, not here: until its answer the form says
    // the refusal only.
    let check = st.follow_check(&mut p);
    let (_, f) = p.form.as_ref().unwrap();
    assert!(!f.message.clone().unwrap().0.starts_with("未保存"));
    st.answer(&mut p, check);
    let (_, f) = p.form.as_ref().unwrap();
    let line = f.message.clone().unwrap().0;
    assert!(
        line.starts_with("未保存：1002 陈静怡 刚修改了此记录"),
        "{line}"
    );
    assert_eq!((f.get("name"), f.get("os_user")), ("陈静怡", "chen"));
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Status(_))), "{outs:?}");
    let stored = admin::rows(&st.db).unwrap();
    let a = stored.iter().find(|a| a.agent.id == id).unwrap();
    assert_eq!(
        (a.agent.name.as_str(), a.os_user.as_deref()),
        ("陈静怡", Some("chen"))
    );
}

#[test]
fn the_highlight_follows_its_row_across_a_save_and_a_reload_or_says_it_moved() {
    let mut p = page(true);
    go(&mut p, "agent:2");
    let at = |p: &SettingsPage| (p.selected.id().cloned(), p.selected.index());
    let before = at(&p);
    // A new agent sorts before 1002: the rows shift, the highlight stays on agent 2.
    let mut more = snap();
    let mut first = more.agents[0].clone();
    first.agent.id = 9;
    first.agent.emp_no = "1000".into();
    more.agents.insert(0, first);
    assert!(p.update(Msg::Loaded(Box::new(more.clone()))).is_empty());
    assert_eq!(at(&p), (before.0.clone(), before.1 + 1));
    // Saved on agent 2: the reload keeps it.
    act(&mut p, Action::Open);
    p.update(Msg::Saved("ok".into()));
    p.update(Msg::Loaded(Box::new(more.clone())));
    assert_eq!(at(&p).0, before.0);
    // Agent 2 left the list: the highlight moves to its neighbour, and the page says so.
    more.agents.retain(|a| a.agent.id != 2);
    let cmds = p.update(Msg::Loaded(Box::new(more)));
    assert_ne!(at(&p).0, before.0);
    assert!(p.selected.id().is_some());
    assert_eq!(
        cmds,
        vec![Cmd::Status("1002 陈静 已不在列表中，已移到相邻一条".into())]
    );
}

#[test]
fn another_supervisors_save_reloads_what_is_shown() {
    let mut p = page(false);
    go(&mut p, "slot_minutes");
    assert_eq!(p.update(Msg::Follow), vec![Cmd::Load]);
    let mut newer = snap();
    newer.version = Some(8);
    newer.setup.slot = chrono::Duration::minutes(45);
    newer.agents[1].agent.name = "陈静怡".into();
    p.update(Msg::Loaded(Box::new(newer)));
    assert_eq!(p.selected.id().map(String::as_str), Some("slot_minutes"));
    let theme = crate::ui::theme::Theme::new(false);
    let screen =
        crate::ui::desk::testing::draw(|f| super::view::render(&p, f, f.area(), Lang::Zh, &theme));
    let slot = p
        .rows
        .iter()
        .find(|r| r.id.as_deref() == Some("slot_minutes"));
    assert!(slot.is_some_and(|r| r.value.contains("45")), "{slot:?}");
    assert!(screen.contains("45"), "{screen}");
    assert!(p.rows.iter().any(|r| r.label == "1002 陈静怡"));
}

#[test]
fn the_refresh_tick_brings_another_supervisors_store_file_into_the_open_section() {
    let mut st = Store::new(Lang::En);
    let other = st.other();
    let mut p = SettingsPage::new(Lang::En);
    p.enter(&mut st.env());
    st.settle(&mut p);
    open_row(&mut p, &mut st, "slot_minutes");
    clear_field(&mut p);
    typed(&mut p, "15");
    // Nothing moved yet: the tick's check reads the file's version row and says nothing.
    p.follow(&mut st.env());
    st.settle(&mut p);
    assert!(p.form.as_ref().unwrap().1.message.is_none());
    // The other supervisor saves the store's file (its first copy in the database).
    let key = crate::setup::key("store.toml");
    let text = "no_show_grace_minutes = 25\n";
    crate::store::settings::set_checked(&mut st.db, other, &key, text, None).unwrap();
    p.follow(&mut st.env());
    // The check is a job for the loads thread: nothing is read here, and the form stays as
    // it was until its answer comes.
    let check = st.follow_check(&mut p);
    let (_, f) = p.form.as_ref().unwrap();
    assert!(f.message.is_none() && f.get("no_show_grace_minutes") != "25");
    st.answer(&mut p, check);
    let (_, f) = p.form.as_ref().unwrap();
    let line = f.message.clone().unwrap().0;
    assert!(
        line.starts_with("1002 陈静 just changed this record"),
        "{line}"
    );
    assert_eq!(
        (f.get("slot_minutes"), f.get("no_show_grace_minutes")),
        ("15", "25")
    );
    // The save lands on the version now stored, keeping the other supervisor's minutes.
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Status(_))), "{outs:?}");
    let saved = crate::store::settings::get_full(st.db.conn(), &key)
        .unwrap()
        .unwrap();
    let s = StoreSetup::parse(&saved.value, "store.toml").unwrap();
    assert_eq!(
        (s.slot, s.grace, saved.version),
        (
            chrono::Duration::minutes(15),
            chrono::Duration::minutes(25),
            2
        )
    );
}
