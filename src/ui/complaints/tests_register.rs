//! The register form's customer picker: the shared widget of the booking form, finding by
//! phone tail, plate, name or pinyin; the pick is registered by id.

use super::*;
use crate::ui::widgets::customer_pick::testing::{car, hit};
use chrono::TimeZone;
use crossterm::event::{KeyCode, KeyModifiers};

fn tab(lang: Lang) -> ComplaintsTab {
    ComplaintsTab {
        lang,
        now: Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
        ..Default::default()
    }
}

/// A key as the app hands it over: its action from the key table where the tab's scopes
/// bind one, else the key itself (typing).
fn key(t: &mut ComplaintsTab, code: KeyCode) -> Vec<Cmd> {
    let ev = KeyEvent::new(code, KeyModifiers::NONE);
    let action = keymap::lookup(&t.scopes(), &ev, t.typing());
    t.update(Msg::Key(action, ev))
}

fn draw(t: &ComplaintsTab, lang: Lang) -> String {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let clock = crate::clock::Clock::fixed(chrono_tz::Asia::Shanghai, now);
    let theme = crate::ui::theme::Theme::new(false);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| super::view::render(t, f, f.area(), lang, &clock, &theme))
        .unwrap();
    crate::ui::testing::screen_text(term.backend().buffer())
}

#[test]
fn the_customer_field_finds_as_typed_and_a_picked_customer_and_car_are_registered_by_id() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        key(&mut t, KeyCode::Char('n'));
        assert_eq!(t.mode, Mode::Register);
        assert_eq!(
            key(&mut t, KeyCode::Char('1')),
            vec![Cmd::FindCustomer("1".into())]
        );
        assert_eq!(
            key(&mut t, KeyCode::Char('2')),
            vec![Cmd::FindCustomer("12".into())]
        );
        t.update(Msg::Hits(vec![hit(1, "张三", 1), hit(2, "李四", 2)]));
        assert_eq!(t.scopes()[0], Scope::CustomerPicker, "↑/↓/Enter pick now");
        // The list shows under the field, numbers masked.
        let screen = draw(&t, lang);
        assert!(screen.contains("李四"), "{screen}");
        assert!(screen.contains("138****1234"), "{screen}");
        assert!(!screen.contains("13812341234"), "{screen}");
        assert!(
            screen.contains(lang.t("Enter 选中", "Enter pick")),
            "the key line names the pick: {screen}"
        );
        key(&mut t, KeyCode::Down);
        // Li Si has two cars and the text (a phone tail) named neither: a second list.
        assert_eq!(
            key(&mut t, KeyCode::Enter),
            vec![Cmd::PickCustomer {
                customer_id: 2,
                vehicle_id: None
            }]
        );
        t.update(Msg::Picked {
            customer: (2, "李四".into()),
            cars: vec![car(20, "粤B20000"), car(21, "粤B21111")],
            vehicle_id: None,
        });
        let screen = draw(&t, lang);
        assert!(
            screen.contains(lang.t("李四 的哪辆车？", "Which of 李四's cars?")),
            "{screen}"
        );
        key(&mut t, KeyCode::Down);
        assert_eq!(key(&mut t, KeyCode::Enter), vec![]);
        let f = t.register.as_ref().unwrap();
        assert_eq!(f.get("customer"), "李四 粤B21111");
        assert_eq!(
            f.fields[f.focus].key, "category",
            "on to the first field still to fill"
        );
        // The category and what happened; the complaint is registered on the pick.
        key(&mut t, KeyCode::Char('1'));
        key(&mut t, KeyCode::Tab);
        key(&mut t, KeyCode::Char('x'));
        let cmds = key(&mut t, KeyCode::F(2));
        match cmds.as_slice() {
            [Cmd::Register(ask)] => assert_eq!(ask.picked, Some((2, Some(21)))),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn editing_the_picked_text_drops_the_pick_and_searches_again() {
    let mut t = tab(Lang::Zh);
    key(&mut t, KeyCode::Char('n'));
    key(&mut t, KeyCode::Char('张'));
    t.update(Msg::Hits(vec![hit(1, "张三", 1)]));
    assert_eq!(
        key(&mut t, KeyCode::Enter),
        vec![Cmd::PickCustomer {
            customer_id: 1,
            vehicle_id: Some(10)
        }]
    );
    t.update(Msg::Picked {
        customer: (1, "张三".into()),
        cars: vec![car(10, "粤B10000")],
        vehicle_id: Some(10),
    });
    assert!(t.pick.picked.is_some());
    key(&mut t, KeyCode::BackTab);
    key(&mut t, KeyCode::BackTab);
    assert_eq!(t.register.as_ref().unwrap().focus, 0);
    assert_eq!(
        key(&mut t, KeyCode::Backspace),
        vec![Cmd::FindCustomer("张三 粤B1000".into())]
    );
    assert!(t.pick.picked.is_none(), "the text is not the pick any more");
}

#[test]
fn the_register_form_shows_its_labels_and_the_seven_categories_whole_at_80x24() {
    for (lang, seven) in [(Lang::Zh, "7其他"), (Lang::En, "7 other")] {
        let mut t = tab(lang);
        key(&mut t, KeyCode::Char('n'));
        let screen = draw(&t, lang);
        assert!(screen.contains(seven), "{screen}");
        assert!(!screen.contains('~'), "{screen}");
        // Each category word is taken, in either language.
        let f = t.register.as_mut().unwrap();
        f.fields[2].set_text(lang.t("价格", "price"));
        f.fields[3].set_text("x");
        let ask = register::parse_register(f, lang).expect("registered");
        assert_eq!(ask.category, crate::domain::complaints::Category::Pricing);
    }
}

#[test]
fn a_register_refused_without_a_category_keeps_its_seven_codes_whole_at_80x24() {
    for (lang, seven, said) in [
        (
            Lang::Zh,
            "1态度 2及时 3维修 4配件 5价格 6质量 7其他",
            "（类别填 1-7）",
        ),
        (
            Lang::En,
            "1 attitude 2 delay 3 repair 4 parts 5 price 6 quality 7 other",
            "(category: enter 1-7)",
        ),
    ] {
        let mut t = tab(lang);
        key(&mut t, KeyCode::Char('n'));
        let f = t.register.as_mut().unwrap();
        f.fields[3].set_text("x");
        assert!(register::parse_register(f, lang).is_none());
        let screen = draw(&t, lang);
        // The codes read whole beside the marked field; what is wrong is said under it.
        assert!(screen.contains(seven), "{screen}");
        assert!(!screen.contains('~'), "{screen}");
        let read: String = screen.lines().collect::<String>().replace(['│', ' '], "");
        assert!(read.contains(&said.replace(' ', "")), "{screen}");
        let (_, f) = (0, t.register.as_ref().unwrap());
        assert_eq!(f.fields[f.focus].key, "category");
    }
}

/// The channel is picked, not typed (issue 18 rule 6): at 80x24 in both languages its five
/// channels show numbered in words while it has the cursor (beside it, or under the form
/// where they do not fit), none cut with `~`, every field still on screen.
#[test]
fn the_channels_show_numbered_in_words_while_the_channel_has_the_cursor_at_80x24() {
    use crate::domain::calls::Channel;
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        key(&mut t, KeyCode::Char('n'));
        let away = draw(&t, lang);
        key(&mut t, KeyCode::Tab);
        let screen = draw(&t, lang);
        assert!(!screen.contains('~'), "{screen}");
        for (i, c) in Channel::ALL.iter().enumerate() {
            let item = format!("{} {}", i + 1, c.label(lang));
            assert!(screen.contains(&item), "[{lang:?}] {item}: {screen}");
        }
        // English words do not fit beside the value: listed under the form, and only
        // while the channel has the cursor.
        if lang == Lang::En {
            assert!(screen.contains("Channel: 1 phone  2 email"), "{screen}");
            assert!(!away.contains("5 WeChat"), "{away}");
        }
        for f in &t.register.as_ref().unwrap().fields {
            let label = lang.t(&f.zh, &f.en);
            assert!(screen.contains(label), "{label}: {screen}");
        }
        for c in ["walk_in", "wechat"] {
            assert!(!screen.contains(c), "no code on screen: {screen}");
        }
    }
}

/// The register form open, `c` typed in the customer field and the search's answer.
fn typed_in(lang: Lang, c: char, hits: Vec<crate::store::search::Hit>) -> ComplaintsTab {
    let mut t = tab(lang);
    key(&mut t, KeyCode::Char('n'));
    key(&mut t, KeyCode::Char(c));
    t.update(Msg::Hits(hits));
    t
}

#[test]
fn text_typed_but_not_picked_is_refused_with_the_field_marked_and_focused() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = typed_in(lang, 'z', vec![hit(1, "张三", 1), hit(2, "李四", 1)]);
        // On past the customer without picking; the category and what happened filled.
        key(&mut t, KeyCode::Tab);
        key(&mut t, KeyCode::Tab);
        key(&mut t, KeyCode::Char('1'));
        key(&mut t, KeyCode::Tab);
        key(&mut t, KeyCode::Char('x'));
        assert_eq!(key(&mut t, KeyCode::F(2)), vec![], "not registered on 张三");
        let f = t.register.as_ref().unwrap();
        assert_eq!(
            f.fields[f.focus].key, "customer",
            "the cursor is back on it"
        );
        assert!(f.fields[f.focus].error.is_some());
        let screen = draw(&t, lang);
        let why = lang.t("客户须从列表中选定", "Pick the customer from the list");
        assert!(screen.contains(why), "{screen}");
        assert!(screen.contains("张三"), "its list is open again: {screen}");
        // Picked now: registered on the pick.
        key(&mut t, KeyCode::Enter);
        t.update(Msg::Picked {
            customer: (1, "张三".into()),
            cars: vec![car(10, "粤B10000")],
            vehicle_id: Some(10),
        });
        match key(&mut t, KeyCode::F(2)).as_slice() {
            [Cmd::Register(ask)] => assert_eq!(ask.picked, Some((1, Some(10)))),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_text_nobody_matches_says_so_under_the_field_as_it_is_typed() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = typed_in(lang, 'q', Vec::new());
        let screen = draw(&t, lang);
        let none = lang.t("无匹配客户", "No customer matches");
        assert!(screen.contains(none), "{screen}");
        assert_ne!(t.scopes()[0], Scope::CustomerPicker, "nothing to pick");
        // Until the search answers, nothing is claimed.
        key(&mut t, KeyCode::Char('x'));
        assert!(!draw(&t, lang).contains(none));
        // Off the field, the line goes.
        t.update(Msg::Hits(Vec::new()));
        key(&mut t, KeyCode::Tab);
        assert!(!draw(&t, lang).contains(none));
    }
}

#[test]
fn the_open_list_pushes_the_fields_down_instead_of_covering_them() {
    for lang in [Lang::Zh, Lang::En] {
        let t = typed_in(lang, 'z', (1..=6).map(|i| hit(i, "张三", 1)).collect());
        let screen = draw(&t, lang);
        let rows: Vec<&str> = screen.lines().collect();
        let row_of = |s: &str| rows.iter().position(|r| r.contains(s));
        let list = row_of("粤B10000").expect("the list shows");
        let channel = row_of(lang.t("渠道", "Channel")).expect("the channel row shows");
        let category = row_of(lang.t("类别", "Category")).expect("the category shows");
        let summary = row_of(lang.t("经过", "What happened")).expect("what happened shows");
        let last = row_of("粤B60000").expect("the sixth hit");
        assert!(list < last && last < channel, "{screen}");
        assert!(channel < category && category < summary, "{screen}");
        assert!(
            rows[channel].contains(lang.t("电话", "phone")),
            "the channel's value shows: {screen}"
        );
    }
}

#[test]
fn the_category_shows_its_word_once_the_cursor_leaves_it() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        key(&mut t, KeyCode::Char('n'));
        key(&mut t, KeyCode::Tab);
        key(&mut t, KeyCode::Tab);
        key(&mut t, KeyCode::Char('1'));
        let f = t.register.as_ref().unwrap();
        assert_eq!(f.get("category"), "1", "as typed while the cursor is in it");
        key(&mut t, KeyCode::Tab);
        let word = lang.t("服务态度", "service attitude");
        assert_eq!(t.register.as_ref().unwrap().get("category"), word);
        let screen = draw(&t, lang);
        assert!(screen.contains(word), "{screen}");
        // The word reads back as the category chosen.
        key(&mut t, KeyCode::Char('x'));
        match key(&mut t, KeyCode::F(2)).as_slice() {
            [Cmd::Register(ask)] => {
                assert_eq!(ask.category, crate::domain::complaints::Category::Attitude)
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_step_forms_refusals_are_in_the_users_language_and_its_hints_words_are_taken() {
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for (step, key, bad) in [
        (Step::Confirm, "how", "fax"),
        (Step::Rule, "valid", "maybe"),
        (Step::Remedy, "kind", "gift"),
        (Step::Severity, "severity", "huge"),
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let mut f = steps::form_for(step, lang, None).unwrap();
            f.fields
                .iter_mut()
                .find(|x| x.key == key)
                .unwrap()
                .set_text(bad);
            assert!(steps::ask(step, (1, 1), Some(&mut f), at, lang).is_none());
            let e = f
                .fields
                .iter()
                .find(|x| x.key == key)
                .unwrap()
                .error
                .clone();
            let e = e.unwrap_or_else(|| panic!("{step:?}: no error on {key}"));
            assert_eq!(han(&e), lang == Lang::Zh, "{step:?} [{}]: {e}", lang.code());
        }
    }
    // The English hint's "letter" is a way of confirming.
    let mut f = steps::form_for(Step::Confirm, Lang::En, None).unwrap();
    for (k, v) in [("how", "letter"), ("score", "5")] {
        f.fields
            .iter_mut()
            .find(|x| x.key == k)
            .unwrap()
            .set_text(v);
    }
    assert!(steps::ask(Step::Confirm, (1, 1), Some(&mut f), at, Lang::En).is_some());
}

/// The station's example is said as one: a bare grey 售后服务部 read as filled in, and the
/// complaint was saved with no station.
#[test]
fn the_station_example_says_it_is_one() {
    let f = super::register::register_form(Lang::Zh);
    let station = f.fields.iter().find(|x| x.key == "station").unwrap();
    assert!(station.text().is_empty());
    assert!(station.hint_in(Lang::Zh).starts_with("如 "));
    assert!(station.hint_in(Lang::En).starts_with("e.g. "));
}

/// The walk's steps: `zzzz` finds nobody, Enter goes on to the channel, `6` names no
/// channel (there are 5): said beside the field, not swallowed; a good digit clears it.
#[test]
fn a_digit_naming_no_option_is_said_not_swallowed() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        key(&mut t, KeyCode::Char('n'));
        for c in "zzzz".chars() {
            key(&mut t, KeyCode::Char(c));
        }
        t.update(Msg::Hits(vec![]));
        key(&mut t, KeyCode::Enter);
        let focused = |t: &ComplaintsTab| {
            let f = t.register.as_ref().unwrap();
            (
                f.fields[f.focus].key.to_string(),
                f.fields[f.focus].error.clone(),
            )
        };
        assert_eq!(focused(&t), ("channel".to_string(), None));
        key(&mut t, KeyCode::Char('6'));
        let said = lang.t("没有选项 6（可选 1–5）", "no option 6 (choose 1–5)");
        assert_eq!(focused(&t), ("channel".to_string(), Some(said.to_string())));
        let screen = draw(&t, lang);
        assert!(screen.contains(said), "{screen}");
        key(&mut t, KeyCode::Char('2'));
        assert_eq!(focused(&t), ("channel".to_string(), None));
    }
}

/// One thing at a time: with the customer list open, Esc closes it (the text stays) and
/// says nothing; the next Esc says there is unsaved content, and one more leaves.
#[test]
fn esc_closes_the_customer_list_before_it_speaks_of_unsaved_content() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = typed_in(lang, 'z', vec![hit(1, "张三", 1), hit(2, "张伟", 1)]);
        key(&mut t, KeyCode::Esc);
        let f = t.register_form().expect("the form stays open");
        assert_eq!(f.get("customer"), "z");
        assert!(f.message.is_none(), "{:?}", f.message);
        assert!(!t.pick.open_in(f), "the list is closed");
        key(&mut t, KeyCode::Esc);
        let said = t.register_form().and_then(|f| f.message.clone());
        assert!(said.is_some_and(|(m, _)| m.contains("Esc")));
        key(&mut t, KeyCode::Esc);
        assert!(t.register_form().is_none(), "the third Esc leaves");
    }
}

/// With the cursor on the handler's number, the register form lists who can take the
/// complaint (the active agents the list load brought), as the handler step's form does;
/// elsewhere in the form the list is not drawn.
#[test]
fn the_register_forms_handler_field_lists_the_agents() {
    for (lang, said) in [
        (Lang::Zh, "可选：1001 刘芳，1002 陈静"),
        (Lang::En, "Agents: 1001 刘芳, 1002 陈静"),
    ] {
        let mut t = tab(lang);
        t.update(Msg::Listed {
            items: Vec::new(),
            total: 0,
            handlers: vec!["1001 刘芳".into(), "1002 陈静".into()],
        });
        key(&mut t, KeyCode::Char('n'));
        assert!(!draw(&t, lang).contains(said), "listed off the field");
        let f = t.register.as_mut().unwrap();
        f.focus = f.fields.iter().position(|x| x.key == "handler").unwrap();
        let screen = draw(&t, lang);
        assert!(screen.contains(said), "{screen}");
    }
}
