//! The first-run setup's state machine without a store or a terminal.

use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn typed(fr: &mut FirstRun, text: &str) {
    for c in text.chars() {
        fr.update(Msg::Text(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

/// The store's name, address and phone typed, each followed by Enter.
fn store(fr: &mut FirstRun) {
    for text in ["南城店", "东莞市南城区宏图路 8 号", "0769-22223333"] {
        typed(fr, text);
        fr.update(Msg::Action(Action::NextField));
    }
}

#[test]
fn enter_on_the_last_field_saves_everything_together() {
    let mut fr = FirstRun::new(Lang::Zh);
    store(&mut fr);
    typed(&mut fr, "2001");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "刘芳");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "王五，赵六");
    let cmds = fr.update(Msg::Action(Action::NextField));
    assert_eq!(
        cmds,
        vec![Cmd::Save {
            store_name: "南城店".into(),
            address: "东莞市南城区宏图路 8 号".into(),
            phone: "0769-22223333".into(),
            emp_no: "2001".into(),
            name: "刘芳".into(),
            advisors: vec!["王五".into(), "赵六".into()],
        }]
    );
}

#[test]
fn the_supervisor_number_shown_is_the_one_saved_when_left_as_it_is() {
    // The 1001 in the field reads as filled in: left alone, it is what is saved.
    let mut fr = FirstRun::new(Lang::Zh);
    store(&mut fr);
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "刘芳");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "王五");
    let cmds = fr.update(Msg::Action(Action::Save));
    assert!(
        matches!(&cmds[..], [Cmd::Save { emp_no, .. }] if emp_no == "1001"),
        "{cmds:?} {:?}",
        fr.form.message
    );
}

#[test]
fn problems_are_marked_and_nothing_is_asked_of_the_store() {
    let mut fr = FirstRun::new(Lang::En);
    typed(&mut fr, "Nancheng");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "8 Hongtu Road");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "400-800-1234");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "abc");
    assert!(fr.update(Msg::Action(Action::Save)).is_empty());
    assert_eq!(fr.form.fields[fr.form.focus].key, "emp_no");
    let m = &fr.form.message.as_ref().unwrap().0;
    assert!(
        m.starts_with("Not saved: Sup. emp no: an employee number"),
        "{m}"
    );
}

#[test]
fn esc_over_typed_text_asks_once_then_leaves_and_quit_leaves_at_once() {
    let mut fr = FirstRun::new(Lang::Zh);
    assert_eq!(fr.update(Msg::Action(Action::Back)), vec![Cmd::Quit]);
    let mut fr = FirstRun::new(Lang::Zh);
    typed(&mut fr, "店");
    assert!(fr.update(Msg::Action(Action::Back)).is_empty());
    assert_eq!(fr.update(Msg::Action(Action::Back)), vec![Cmd::Quit]);
    assert_eq!(fr.update(Msg::Action(Action::Quit)), vec![Cmd::Quit]);
}

/// Every confirmation and reminder prints the store's address and phone: the built-in
/// sample's must not reach a customer, so the setup asks for both and checks the phone.
#[test]
fn the_store_address_and_phone_are_asked_for_and_the_phone_checked() {
    let mut fr = FirstRun::new(Lang::Zh);
    typed(&mut fr, "南城店");
    assert!(fr.update(Msg::Action(Action::Save)).is_empty());
    assert_eq!(fr.form.fields[fr.form.focus].key, "address");
    let m = &fr.form.message.as_ref().unwrap().0;
    assert!(m.contains("门店地址"), "{m}");
    typed(&mut fr, "东莞市南城区宏图路 8 号");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "12345");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "1001");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "刘芳");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "王五");
    assert!(fr.update(Msg::Action(Action::Save)).is_empty());
    assert_eq!(fr.form.fields[fr.form.focus].key, "phone");
    for good in ["0769-22223333", "13812341234", "400-800-1234", "4008001234"] {
        assert_eq!(sf::store_phone_problem(good, Lang::Zh), None, "{good}");
    }
    for bad in ["12345", "400-800", "电话 0769", "9999-1"] {
        assert!(sf::store_phone_problem(bad, Lang::Zh).is_some(), "{bad}");
    }
}

/// A refused save says the problem once under the form (the message names the field), not
/// once as the field's error and again as the message.
#[test]
fn a_refused_field_is_said_once_under_the_form() {
    let mut fr = FirstRun::new(Lang::Zh);
    typed(&mut fr, "南城店");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "东莞市南城区宏图路 8 号");
    fr.update(Msg::Action(Action::NextField));
    typed(&mut fr, "12345");
    assert!(fr.update(Msg::Action(Action::Save)).is_empty());
    let theme = crate::ui::theme::Theme::new(false);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| super::render(&fr, f, f.area(), &theme)).unwrap();
    let screen = crate::ui::testing::screen_text(t.backend().buffer());
    assert_eq!(screen.matches("如 0755-12345678").count(), 1, "{screen}");
    assert!(screen.contains("未保存：门店电话："), "{screen}");
}
