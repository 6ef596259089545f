//! An open article form follows another supervisor's save: it says who, keeps what was
//! typed, and the next save is a new version on top of theirs (never a loop of refusals).

use super::*;
use crate::domain::kb::Article;
use crate::store::kb;
use crate::ui::desk::testing::{Store, char_key, no_key};

fn article(symptom: &str, fix: &str) -> Article {
    Article::new(KbKind::Troubleshoot)
        .with("symptom", symptom)
        .with("fix", fix)
}

fn row(id: i64, version: i64, a: Article) -> KbRow {
    KbRow {
        id,
        version,
        title: a.title(),
        article: a,
        retired: false,
        updated_at: String::new(),
        updated_by: None,
    }
}

/// How many fields down the form's fix field is.
fn to_fix(p: &Knowledge) -> usize {
    let (_, f) = p.form.as_ref().unwrap();
    f.fields.iter().position(|x| x.key == "fix").unwrap() - f.focus
}

#[test]
fn another_supervisors_save_while_the_form_is_open_says_who_keeps_the_typing_and_saves_on_it() {
    let mut p = Knowledge::new(Lang::En);
    p.update(Msg::Enter {
        supervisor: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    });
    p.update(Msg::Loaded(
        vec![row(1, 1, article("Brake noise", "Check pads"))],
        1,
    ));
    p.update(Msg::Action(Action::KbEditArticle));
    for _ in 0..to_fix(&p) {
        p.update(Msg::Action(Action::NextField));
    }
    for c in " and discs".chars() {
        p.update(Msg::Text(char_key(c)));
    }
    let cmds = p.update(Msg::Follow);
    let check = Cmd::Check {
        id: 1,
        version: 1,
        refused: false,
    };
    assert!(cmds.contains(&check), "{cmds:?}");
    p.update(Msg::Moved {
        row: Box::new(row(1, 2, article("Brake squeal", "Check pads first"))),
        who: Some("1002 陈静".into()),
        refused: false,
    });
    let (target, f) = p.form.clone().unwrap();
    let line = f.message.clone().unwrap().0;
    assert!(
        line.starts_with("1002 陈静 just changed this record"),
        "{line}"
    );
    assert!(
        line.contains("(now Check pads first, yours kept)"),
        "{line}"
    );
    assert_eq!(
        (f.get("symptom"), f.get("fix")),
        ("Brake squeal", "Check pads and discs")
    );
    // The form says it once, under its fields (not also at their foot).
    let screen = crate::ui::desk::testing::squash(&super::tests::draw(&p, Lang::En));
    assert_eq!(
        screen.matches("justchangedthisrecord").count(),
        1,
        "{screen}"
    );
    let saved = p.update(Msg::Action(Action::Save));
    assert!(
        matches!(
            &saved[..],
            [Cmd::Save {
                target: Target::Edit { version: 2, .. },
                ..
            }]
        ),
        "{saved:?} {target:?}"
    );
}

#[test]
fn a_refused_save_takes_the_stored_article_in_and_the_next_save_goes_through() {
    let mut st = Store::new(Lang::Zh);
    let other = st.other();
    let id = kb::create(&mut st.db, other, &article("刹车异响", "检查刹车片")).unwrap();
    let mut p = Knowledge::new(Lang::Zh);
    p.enter(&mut st.env());
    st.settle(&mut p);
    p.key(Some(Action::KbEditArticle), no_key(), &mut st.env());
    for _ in 0..to_fix(&p) {
        p.key(Some(Action::NextField), no_key(), &mut st.env());
    }
    for c in "和刹车盘".chars() {
        p.key(None, char_key(c), &mut st.env());
    }
    // Meanwhile the other supervisor saves version 2: the store refuses the save made on
    // version 1 once, and the form takes version 2 in.
    kb::update(&mut st.db, other, id, 1, &article("刹车尖叫", "检查刹车片")).unwrap();
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
        line.starts_with("未保存：1002 陈静 刚修改了此记录"),
        "{line}"
    );
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Status(_))), "{outs:?}");
    let stored = kb::get(st.db.conn(), id).unwrap();
    assert_eq!(stored.version, 3);
    assert_eq!(stored.article.get("symptom"), "刹车尖叫");
    assert_eq!(stored.article.get("fix"), "检查刹车片和刹车盘");
}

#[test]
fn another_supervisors_save_reloads_the_list_and_the_open_article() {
    let mut p = Knowledge::new(Lang::En);
    p.update(Msg::Enter {
        supervisor: false,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    });
    let pads = article("Brake noise", "Check pads");
    p.update(Msg::Loaded(
        vec![
            row(1, 1, pads.clone()),
            row(2, 1, article("Flat tyre", "Pump")),
        ],
        2,
    ));
    p.update(Msg::Action(Action::Down));
    let search = Cmd::Search {
        text: String::new(),
        kind: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    };
    assert_eq!(p.update(Msg::Follow), vec![search.clone()]);
    let renamed = row(2, 2, article("Tyre pressure warning", "Pump"));
    p.update(Msg::Loaded(vec![renamed.clone(), row(1, 1, pads)], 2));
    assert_eq!((p.selected.id(), p.selected.index()), (Some(&2), 0));
    assert!(super::tests::draw(&p, Lang::En).contains("Tyre pressure warning"));
    // The article read reloads too.
    p.update(Msg::Opened(Box::new(renamed), Vec::new()));
    assert_eq!(p.update(Msg::Follow), vec![search, Cmd::Open(2)]);
    p.update(Msg::Opened(
        Box::new(row(
            2,
            3,
            article("Tyre pressure warning", "Pump to 2.5 bar"),
        )),
        Vec::new(),
    ));
    assert!(super::tests::draw(&p, Lang::En).contains("Pump to 2.5 bar"));
}

#[test]
fn the_retire_question_names_the_keys_bound_to_its_answers() {
    for lang in [Lang::Zh, Lang::En] {
        let mut p = Knowledge::new(lang);
        p.update(Msg::Enter {
            supervisor: true,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        });
        let r = row(1, 1, article("Brake noise", "Check pads"));
        p.update(Msg::Loaded(vec![r.clone()], 1));
        p.update(Msg::Opened(Box::new(r), Vec::new()));
        p.update(Msg::Action(Action::KbRetireArticle));
        let screen = super::tests::draw(&p, lang);
        let keys = crate::ui::desk::prompt::yes_no(lang);
        assert!(screen.contains(&keys), "{screen}");
    }
}

/// A supervisor's edit form open on an article (v1) that the other supervisor then saves
/// as v2 (the store and the page, the article's id).
fn edited_meanwhile() -> (Store, Knowledge, i64) {
    let mut st = Store::new(Lang::En);
    let other = st.other();
    let id = kb::create(&mut st.db, other, &article("Brake noise", "Check pads")).unwrap();
    let mut p = Knowledge::new(Lang::En);
    p.enter(&mut st.env());
    st.settle(&mut p);
    p.key(Some(Action::KbEditArticle), no_key(), &mut st.env());
    kb::update(
        &mut st.db,
        other,
        id,
        1,
        &article("Brake squeal", "Check pads"),
    )
    .unwrap();
    (st, p, id)
}

#[test]
fn the_refresh_tick_asks_the_loads_thread_and_its_answer_brings_the_save_into_the_form() {
    let (mut st, mut p, id) = edited_meanwhile();
    p.follow(&mut st.env());
    // The check is a job for the loads thread: nothing is read here, and the form stays as
    // it was until its answer comes.
    let check = st.follow_check(&mut p);
    let (target, f) = p.form.as_ref().unwrap();
    assert_eq!(
        (f.message.is_none(), f.get("symptom")),
        (true, "Brake noise")
    );
    assert!(matches!(target, Target::Edit { version: 1, .. }));
    st.answer(&mut p, check);
    let (target, f) = p.form.as_ref().unwrap();
    let line = f.message.clone().unwrap().0;
    assert!(
        line.starts_with("1002 陈静 just changed this record"),
        "{line}"
    );
    assert_eq!(f.get("symptom"), "Brake squeal");
    assert_eq!(
        *target,
        Target::Edit {
            id,
            version: 2,
            kind: KbKind::Troubleshoot
        }
    );
}

#[test]
fn a_checks_answer_come_after_the_form_stands_on_the_new_version_changes_nothing() {
    let (mut st, mut p, id) = edited_meanwhile();
    p.follow(&mut st.env());
    let check = st.follow_check(&mut p);
    // Before the answer comes, the user leaves the form and opens it again: it stands on
    // version 2 now (the list was loaded again with the follow).
    p.key(Some(Action::Back), no_key(), &mut st.env());
    p.key(Some(Action::KbEditArticle), no_key(), &mut st.env());
    let (target, _) = p.form.as_ref().unwrap();
    assert_eq!(
        *target,
        Target::Edit {
            id,
            version: 2,
            kind: KbKind::Troubleshoot
        }
    );
    // The late answer (version 2 moved past 1) is not news to this form.
    st.answer(&mut p, check);
    let (_, f) = p.form.as_ref().unwrap();
    assert_eq!(
        (f.message.clone(), f.get("symptom")),
        (None, "Brake squeal")
    );
}
