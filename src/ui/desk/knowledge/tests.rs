//! The knowledge page's state machine without a store or a terminal.

use super::*;
use crate::domain::kb::Article;
use crossterm::event::{KeyCode, KeyModifiers};

fn row(id: i64, symptom: &str) -> KbRow {
    let a = Article::new(KbKind::Troubleshoot)
        .with("symptom", symptom)
        .with("fix", "检查");
    KbRow {
        id,
        version: 1,
        title: a.title(),
        article: a,
        retired: false,
        updated_at: String::new(),
        updated_by: None,
    }
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn page(supervisor: bool) -> Knowledge {
    let mut p = Knowledge::new(Lang::Zh);
    let cmds = p.update(Msg::Enter {
        supervisor,
        today: day(),
    });
    assert_eq!(
        cmds,
        vec![Cmd::Search {
            text: String::new(),
            kind: None,
            today: day(),
        }]
    );
    p.update(Msg::Loaded(
        vec![row(1, "刹车异响"), row(2, "胎压报警"), row(3, "黑屏")],
        3,
    ));
    p
}

fn typed(p: &mut Knowledge, c: char) -> Vec<Cmd> {
    p.update(Msg::Text(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

#[test]
fn each_keystroke_searches_and_the_highlight_stays_on_its_record() {
    let mut p = page(false);
    p.update(Msg::Action(Action::Down));
    assert_eq!(p.selected.id(), Some(&2));
    // Re-sorted: still on record 2, nothing to say.
    let said = p.update(Msg::Loaded(vec![row(2, "胎压报警"), row(1, "刹车异响")], 2));
    assert_eq!((p.selected.id(), p.selected.index()), (Some(&2), 0));
    assert_eq!(said, Vec::new());
    // Record 2 left (retired by another supervisor): its neighbour, and the line says so.
    let said = p.update(Msg::Loaded(vec![row(1, "刹车异响"), row(3, "黑屏")], 2));
    assert_eq!(p.selected.id(), Some(&1));
    let title = row(2, "胎压报警").title;
    assert_eq!(
        said,
        vec![Cmd::Status(format!(
            "知识 #2 {title} 已不在列表中，已移到相邻一条"
        ))]
    );
    p.update(Msg::Loaded(vec![row(2, "胎压报警"), row(1, "刹车异响")], 2));
    p.update(Msg::Action(Action::Up));
    assert_eq!(p.selected.id(), Some(&2));
    p.update(Msg::Action(Action::FocusSearch));
    assert!(p.typing() && !p.at_top());
    assert_eq!(
        typed(&mut p, 't'),
        vec![Cmd::Search {
            text: "t".into(),
            kind: None,
            today: day(),
        }]
    );
    typed(&mut p, 'y');
    p.update(Msg::Action(Action::Open));
    assert!(p.at_top());
    // f cycles the kind and searches again.
    assert_eq!(
        p.update(Msg::Action(Action::Filter)),
        vec![Cmd::Search {
            text: "ty".into(),
            kind: Some(KbKind::Station),
            today: day(),
        }]
    );
}

#[test]
fn enter_reads_the_article_and_agents_cannot_change_it() {
    let mut p = page(false);
    assert_eq!(p.update(Msg::Action(Action::Open)), vec![Cmd::Open(1)]);
    p.update(Msg::Opened(Box::new(row(1, "刹车异响")), Vec::new()));
    assert_eq!(p.scopes(), vec![Scope::KbArticle]);
    let refused = p.update(Msg::Action(Action::KbEditArticle));
    assert!(matches!(&refused[..], [Cmd::Error(m)] if m.contains("只有主管")));
    assert!(p.form.is_none());
    p.update(Msg::Action(Action::Back));
    assert!(p.at_top());
}

#[test]
fn a_supervisor_edits_in_a_form_that_asks_before_discarding() {
    let mut p = page(true);
    // On every kind, a new article asks its kind first; Esc goes back to the list.
    assert_eq!(p.update(Msg::Action(Action::KbNewArticle)), Vec::new());
    assert_eq!(p.scopes(), vec![Scope::KbPickKind]);
    p.update(Msg::Action(Action::Back));
    assert!(p.at_top() && p.form.is_none());
    p.update(Msg::Action(Action::KbEditArticle));
    assert!(!p.has_unsaved_input() && p.typing());
    // Clear the symptom: saving is refused beside the field, nothing sent.
    for _ in 0..4 {
        p.update(Msg::Text(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
    }
    assert!(p.has_unsaved_input());
    assert!(p.update(Msg::Action(Action::Save)).is_empty());
    let (_, f) = p.form.as_ref().unwrap();
    assert_eq!(f.fields[0].error.as_deref(), Some("必填"));
    typed(&mut p, '抖');
    let cmds = p.update(Msg::Action(Action::Save));
    let [Cmd::Save { target, article }] = &cmds[..] else {
        panic!("{cmds:?}");
    };
    assert_eq!(
        *target,
        Target::Edit {
            id: 1,
            version: 1,
            kind: KbKind::Troubleshoot
        }
    );
    assert_eq!(article.get("symptom"), "抖");
    // Esc with typed text asks first; a second Esc discards.
    p.update(Msg::Action(Action::Back));
    assert!(p.form.is_some());
    p.update(Msg::Action(Action::Back));
    assert!(p.form.is_none() && p.at_top());
    // Saved: back on the list, highlight on the record, the list reloaded.
    let cmds = p.update(Msg::Saved {
        id: 3,
        message: "ok".into(),
    });
    assert_eq!(cmds[0], Cmd::Status("ok".into()));
    assert_eq!(p.selected.id(), Some(&3));
}

#[test]
fn ctrl_e_exports_the_list_on_screen() {
    let p = page(false);
    let sheet = view::sheet(&p, Lang::En);
    assert_eq!(sheet.rows.len(), 3);
    assert_eq!(sheet.columns[2], "Answer given");
    assert_eq!(sheet.text_rows()[0][1], "刹车异响");
}

pub(super) fn draw(p: &Knowledge, lang: Lang) -> String {
    let clock = crate::ui::desk::testing::clock();
    let theme = crate::ui::theme::Theme::new(false);
    crate::ui::desk::testing::draw(|f| super::view::render(p, f, f.area(), lang, &clock, &theme))
}

#[test]
fn a_search_stopped_at_its_limit_says_so_with_the_total_at_80x24() {
    let mut p = page(false);
    assert!(draw(&p, Lang::Zh).contains("共 3 条"));
    let en = draw(&p, Lang::En);
    assert!(en.contains("3 articles") && !en.contains("listed"), "{en}");
    p.update(Msg::Loaded(
        vec![row(1, "刹车异响"), row(2, "胎压报警"), row(3, "黑屏")],
        1234,
    ));
    let zh = draw(&p, Lang::Zh);
    assert!(
        zh.contains("找到 1234 条，只列出其中 3 条：请输入更多文字缩小范围"),
        "{zh}"
    );
    let en = draw(&p, Lang::En);
    assert!(
        en.contains("3 of 1234 articles listed: type more words to narrow the search"),
        "{en}"
    );
}

#[test]
fn the_highlighted_article_is_shown_whole_under_the_list_at_80x24() {
    let fix = "先检查刹车片厚度与刹车盘磨损，再检查卡钳导向销润滑，必要时更换刹车片并做刹车盘光盘";
    for lang in [Lang::Zh, Lang::En] {
        let mut p = page(false);
        let mut r = row(1, "刹车异响");
        r.article = r.article.with("fix", fix);
        p.update(Msg::Loaded(vec![r.clone(), row(2, "胎压报警")], 2));
        let screen = draw(&p, lang);
        let whole = format!("{}{}", r.title, r.article.answer(lang));
        assert!(
            crate::ui::desk::testing::squash(&screen)
                .contains(&crate::ui::desk::testing::squash(&whole)),
            "{screen}"
        );
    }
}

#[test]
fn the_kind_column_is_never_cut_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let p = page(false);
        let screen = draw(&p, lang);
        let kind = KbKind::Troubleshoot.label(lang);
        let rows: Vec<&str> = screen.lines().filter(|l| l.contains(kind)).collect();
        assert_eq!(rows.len(), 3, "{screen}");
    }
}

#[test]
fn the_edit_form_names_the_article_by_its_title_at_80x24() {
    let long = "发动机舱异响伴随仪表盘故障灯闪烁并且空调出风口有焦糊味道时应当如何处理与报修";
    for lang in [Lang::Zh, Lang::En] {
        let mut p = page(true);
        p.update(Msg::Loaded(vec![row(1, long), row(2, "胎压报警")], 2));
        p.update(Msg::Action(Action::KbEditArticle));
        let start = lang.t("修改条目 #1 发动机舱异响", "Edit article #1 发动机舱异响");
        let top = crate::ui::desk::testing::title_line(&draw(&p, lang), start);
        assert!(crate::ui::desk::testing::cut_at_corner(&top), "{top}");
    }
}

#[test]
fn nobody_signed_in_reads_the_knowledge_base_and_is_refused_its_changes() {
    let mut store = crate::ui::desk::testing::Store::new(Lang::En);
    let boss = store.me.clone();
    for (who, supervisor) in [(None, false), (Some(&boss), true)] {
        let mut p = Knowledge::new(Lang::En);
        let mut env = store.env();
        env.agent = who;
        p.enter(&mut env);
        assert_eq!(p.supervisor, supervisor, "{who:?}");
        store.settle(&mut p);
        p.update(Msg::Loaded(vec![row(1, "Brake noise")], 1));
        let cmds = p.update(Msg::Action(Action::KbEditArticle));
        let refused = matches!(&cmds[..], [Cmd::Error(m)] if m.contains("Only a supervisor"));
        assert_eq!(refused, !supervisor, "{who:?}: {cmds:?}");
    }
}

/// A new article's form saves its first version: its save key says "保存", an edit's
/// "保存（新版本）".
#[test]
fn a_new_articles_save_key_does_not_speak_of_a_new_version() {
    let mut p = page(true);
    p.kind = Some(KbKind::Troubleshoot);
    p.update(Msg::Action(Action::KbNewArticle));
    assert!(p.form.is_some());
    let screen = draw(&p, Lang::Zh);
    assert!(
        screen.contains("保存") && !screen.contains("新版本"),
        "{screen}"
    );
    p.update(Msg::Action(Action::Back));
    p.update(Msg::Action(Action::KbEditArticle));
    assert!(draw(&p, Lang::Zh).contains("保存（新版本）"));
}

/// On every kind, `n` offers the kinds over the list: the arrows move (not past either
/// end), Enter opens the highlighted kind's empty form, and Esc there is back on the list.
#[test]
fn a_new_article_on_every_kind_asks_which_kind() {
    let mut p = page(true);
    p.update(Msg::Action(Action::KbNewArticle));
    let screen = draw(&p, Lang::Zh);
    assert!(screen.contains("新建条目：哪一类？"), "{screen}");
    for k in KbKind::ALL {
        assert!(screen.contains(k.label(Lang::Zh)), "{k:?}\n{screen}");
    }
    // The keys said are the chooser's, not the list's under it ("Enter 全文").
    assert!(
        screen.contains("新建") && !screen.contains("全文"),
        "{screen}"
    );
    p.update(Msg::Action(Action::Up));
    assert_eq!(p.mode, Mode::PickKind(0));
    for _ in 0..10 {
        p.update(Msg::Action(Action::Down));
    }
    assert_eq!(p.mode, Mode::PickKind(KbKind::ALL.len() - 1));
    p.update(Msg::Action(Action::Up));
    p.update(Msg::Action(Action::Up));
    p.update(Msg::Action(Action::Open));
    let kind = KbKind::ALL[KbKind::ALL.len() - 3];
    assert!(
        matches!(p.form, Some((Target::New(k), _)) if k == kind),
        "{:?}",
        p.form.as_ref().map(|f| f.0)
    );
    assert!(p.typing() && !p.has_unsaved_input());
    p.update(Msg::Action(Action::Back));
    assert!(p.at_top() && p.form.is_none());
    // An agent is refused before any kind is offered.
    let mut p = page(false);
    let cmds = p.update(Msg::Action(Action::KbNewArticle));
    assert!(matches!(&cmds[..], [Cmd::Error(m)] if m.contains("只有主管")));
    assert!(p.at_top());
}
