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

#[test]
fn a_refused_agent_save_takes_the_stored_agent_in_and_the_next_save_goes_through() {
    let mut st = Store::new(Lang::Zh);
    let (other, id) = (st.other(), st.other.id);
    let mut p = SettingsPage::new(Lang::Zh);
    p.enter(&mut st.env());
    let row = format!("agent:{id}");
    for _ in 0..200 {
        if p.selected.id() == Some(&row) {
            break;
        }
        p.key(Some(Action::Down), no_key(), &mut st.env());
    }
    p.key(Some(Action::Open), no_key(), &mut st.env());
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
