//! The booking form without a terminal or a store: keys in (through the key table),
//! requests out. A clash offers free slots and a number takes one; defaults are values,
//! hints are not.

use super::*;
use crate::ui::desk::machine::Machine;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use crossterm::event::{KeyCode, KeyModifiers};

/// Presses a key as the app does: the key table first, else text for the field; the
/// tab's first command.
fn press(s: &mut AppointmentsTab, code: KeyCode, mods: KeyModifiers) -> Option<Cmd> {
    let ev = KeyEvent::new(code, mods);
    let action = keymap::lookup(&s.scopes(), &ev, s.typing());
    if action.is_none() && !s.typing() {
        return None;
    }
    s.update(Msg::Key(action, ev)).into_iter().next()
}

fn key(s: &mut AppointmentsTab, code: KeyCode) -> Option<Cmd> {
    press(s, code, KeyModifiers::NONE)
}

fn typed(s: &mut AppointmentsTab, text: &str) {
    for c in text.chars() {
        key(s, KeyCode::Char(c));
    }
}

fn screen() -> AppointmentsTab {
    let mut setup = StoreSetup::load(None).0.with_tz(chrono_tz::Asia::Shanghai);
    setup.advisors = vec!["陈志明".into(), "王丽".into()];
    setup.bays = vec!["1号工位".into(), "2号工位".into(), "3号工位".into()];
    let mut s = AppointmentsTab {
        setup: Some(setup),
        ..super::tests::tab()
    };
    key(&mut s, KeyCode::Char('n'));
    assert_eq!(s.mode, Mode::Book);
    s
}

fn slot(h: u32, advisor: &str, bay: &str) -> FreeSlot {
    let local = NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap();
    let start = crate::domain::appointments::at_local(
        chrono_tz::Asia::Shanghai,
        local.date(),
        local.time(),
    );
    FreeSlot {
        start,
        end: start + chrono::Duration::hours(1),
        local,
        advisor: advisor.into(),
        bay: bay.into(),
    }
}

fn booked(e: Option<Cmd>) -> BookAsk {
    match e {
        Some(Cmd::Book { ask, .. }) => *ask,
        other => panic!("no booking asked: {other:?}"),
    }
}

/// Types 张三 in the customer field and picks him (one car) from the list: the cursor
/// moves on to the time.
fn pick_zhang(s: &mut AppointmentsTab) {
    typed(s, "张三");
    s.set_customer_hits(vec![crate::ui::widgets::customer_pick::testing::hit(
        1, "张三", 1,
    )]);
    assert!(key(s, KeyCode::Enter).is_some(), "Enter picks");
    s.set_pick(
        (1, "张三".into()),
        vec![crate::ui::widgets::customer_pick::testing::car(
            10,
            "粤B10000",
        )],
        Some(10),
        "客户：张三，爽约记录 0 次".into(),
    );
    let f = s.book.as_ref().unwrap();
    assert_eq!(f.fields[f.focus].key, "time");
}

/// The form with 张三 picked and `time` typed, the cursor on the services (the date kept).
fn at_services(time: &str) -> AppointmentsTab {
    let mut s = screen();
    pick_zhang(&mut s);
    typed(&mut s, time);
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    s
}

#[test]
fn a_clash_offers_three_slots_and_2_fills_the_form_to_save() {
    let mut s = at_services("10:00");
    typed(&mut s, "maintenance");
    let first = booked(press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(first.start.to_string(), "2026-11-23 10:00:00");
    // The store refuses it and offers three free slots.
    let offers = vec![
        slot(11, "陈志明", "1号工位"),
        slot(14, "王丽", "2号工位"),
        slot(15, "陈志明", "3号工位"),
    ];
    s.book_failed("无法预约：顾问已满".into(), false, offers);
    assert!(!s.typing(), "the number keys take a slot, they do not type");
    assert_eq!(s.scopes()[0], Scope::SlotOffer);
    assert_eq!(key(&mut s, KeyCode::Char('2')), None);
    assert_eq!(
        s.mode,
        Mode::Book,
        "still the form, not the Appointments tab"
    );
    assert!(s.typing() && !s.offering);
    let f = s.book.as_ref().unwrap();
    assert_eq!(f.get("date"), "2026-11-24");
    assert_eq!(f.get("time"), "14:00");
    assert_eq!(f.get("advisor"), "王丽");
    assert_eq!(f.get("bay"), "2号工位");
    assert_eq!(f.get("customer"), "张三 粤B10000", "what was picked stays");
    let ask = booked(press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(ask.start.to_string(), "2026-11-24 14:00:00");
    assert_eq!(
        (ask.advisor.as_str(), ask.bay.as_str()),
        ("王丽", "2号工位")
    );
    assert_eq!(ask.services, vec!["maintenance".to_string()]);
}

#[test]
fn esc_on_the_offers_goes_back_to_the_form_unchanged() {
    let mut s = screen();
    typed(&mut s, "张三");
    s.book_failed("x".into(), false, vec![slot(11, "陈志明", "1号工位")]);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.mode, Mode::Book);
    assert!(!s.offering && s.offers.is_empty());
    assert_eq!(s.book.as_ref().unwrap().get("date"), "2026-11-23");
    // A number now types again.
    key(&mut s, KeyCode::Char('1'));
    assert_eq!(s.book.as_ref().unwrap().get("customer"), "张三1");
}

#[test]
fn a_refusal_without_slots_keeps_typing() {
    let mut s = screen();
    s.book_failed("该客户没有登记车辆".into(), false, Vec::new());
    assert!(s.typing() && !s.offering);
    // `2` is typed (and searched for), not taken as a slot.
    assert_eq!(
        key(&mut s, KeyCode::Char('2')),
        Some(Cmd::FindCustomer("2".into()))
    );
    assert_eq!(s.book.as_ref().unwrap().get("customer"), "2");
}

#[test]
fn defaults_are_values_typing_replaces_them_and_hints_stay_out() {
    let mut s = screen();
    pick_zhang(&mut s);
    typed(&mut s, "9:00");
    key(&mut s, KeyCode::Tab);
    // The date holds the shown day; typing replaces it instead of appending.
    typed(&mut s, "2026-11-25");
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "常规保养");
    let ask = booked(press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(ask.start.to_string(), "2026-11-25 09:00:00");
    // Untouched defaults are what they say; hints (advisor: "空 = 自动安排") are no value.
    assert_eq!(ask.transport, crate::domain::appointments::Transport::Wait);
    assert_eq!(ask.channel, crate::domain::appointments::Channel::Phone);
    assert_eq!(ask.advisor, "");
    assert_eq!(ask.minutes, None);
    let f = s.book.as_ref().unwrap();
    assert!(f.fields.iter().find(|x| x.key == "channel").unwrap().fresh);
    assert_eq!(f.get("channel"), "电话预约");
}

#[test]
fn a_bad_date_or_time_is_marked_on_its_own_field() {
    let mut s = screen();
    pick_zhang(&mut s);
    typed(&mut s, "10:00");
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "明天");
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "常规保养");
    assert_eq!(
        press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL),
        None
    );
    let f = s.book.as_ref().unwrap();
    let err = |k: &str| f.fields.iter().find(|x| x.key == k).unwrap().error.clone();
    assert!(err("date").is_some() && err("time").is_none());
    assert_eq!(f.fields[f.focus].key, "date");
}

use crate::ui::widgets::customer_pick::testing::{car, hit};

#[test]
fn the_customer_field_searches_as_typed_and_a_pick_is_kept_by_id() {
    let mut s = screen();
    let e = key(&mut s, KeyCode::Char('1'));
    assert_eq!(e, Some(Cmd::FindCustomer("1".into())));
    let e = key(&mut s, KeyCode::Char('2'));
    assert_eq!(e, Some(Cmd::FindCustomer("12".into())));
    s.set_customer_hits(vec![hit(1, "张三", 1), hit(2, "李四", 2)]);
    assert_eq!(s.scopes()[0], Scope::CustomerPicker, "↑/↓/Enter pick now");
    key(&mut s, KeyCode::Down);
    // Li Si has two cars and the text (a phone tail) named neither: no car yet.
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        Some(Cmd::PickCustomer {
            customer_id: 2,
            vehicle_id: None
        })
    );
    s.set_pick(
        (2, "李四".into()),
        vec![car(21, "粤B11111"), car(22, "粤B22222")],
        None,
        "客户：李四，爽约记录 0 次".into(),
    );
    assert!(s.picker_open(), "the car list");
    key(&mut s, KeyCode::Down);
    assert_eq!(key(&mut s, KeyCode::Enter), None);
    assert!(!s.picker_open());
    let f = s.book.as_ref().unwrap();
    assert_eq!(f.get("customer"), "李四 粤B22222");
    assert_eq!(
        f.fields[f.focus].key, "time",
        "the pick fills the field and the cursor moves on to the time"
    );
    typed(&mut s, "10:00");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "常规保养");
    let ask = booked(press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(
        ask.picked,
        Some((2, Some(22))),
        "booked by id, not by the text"
    );
}

#[test]
fn editing_the_customer_text_drops_the_pick() {
    let mut s = screen();
    typed(&mut s, "张");
    s.set_customer_hits(vec![hit(1, "张三", 1)]);
    // One car, matched by a phone search: that car is the customer's only one.
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        Some(Cmd::PickCustomer {
            customer_id: 1,
            vehicle_id: Some(10)
        })
    );
    s.set_pick(
        (1, "张三".into()),
        vec![car(10, "粤B10000")],
        Some(10),
        "n".into(),
    );
    assert_eq!(s.pick.picked.as_ref().map(|p| p.vehicle_id), Some(Some(10)));
    // The cursor moved on to the time; back to the customer to edit it.
    key(&mut s, KeyCode::BackTab);
    assert_eq!(s.book.as_ref().unwrap().focus, 0);
    key(&mut s, KeyCode::Backspace);
    assert!(s.pick.picked.is_none(), "the text is not the pick any more");
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "10:00");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "常规保养");
    // Typed but not picked: not booked on the text's first hit; the field says why and
    // has the cursor again.
    assert_eq!(
        press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL),
        None
    );
    let f = s.book.as_ref().unwrap();
    assert_eq!(f.focus, 0, "back on the customer field");
    assert!(f.fields[0].error.is_some());
    let (why, err) = f.message.clone().unwrap();
    assert!(err && why.contains("客户须从列表中选定"), "{why}");
    assert!(why.contains("↑↓") && why.contains("Enter"), "{why}");
}

#[test]
fn a_new_customers_name_and_mobile_with_their_car_is_booked_without_a_pick() {
    let mut s = screen();
    typed(&mut s, "王小明 13912345678");
    s.set_customer_hits(Vec::new());
    assert!(
        s.book_note.as_deref().unwrap().contains("新客户车辆"),
        "nobody matches: the note says how to book a new customer"
    );
    // On to the next field: the note still says so (not "type it otherwise").
    key(&mut s, KeyCode::Tab);
    assert!(s.book_note.as_deref().unwrap().contains("新客户车辆"));
    // Saved without the car: refused, saying how.
    assert_eq!(
        press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL),
        None
    );
    let f = s.book.as_ref().unwrap();
    assert!(f.message.as_ref().unwrap().0.contains("新客户车辆"));
    assert_eq!(f.focus, 0);
    let f = s.book.as_mut().unwrap();
    for (k, v) in [
        ("time", "10:00"),
        ("services", "常规保养"),
        ("new_car", "粤B55555,LSVAU2180N2183294,朗逸"),
    ] {
        f.fields
            .iter_mut()
            .find(|x| x.key == k)
            .unwrap()
            .set_text(v);
    }
    let ask = booked(press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(ask.picked, None);
    assert_eq!(ask.customer, "王小明 13912345678");
    assert!(ask.new_car.is_some());
}

#[test]
fn transport_and_channel_are_choices_in_words_read_back_as_codes() {
    let mut s = at_services("10:00");
    // A number picks the services; leaving the field shows their names.
    typed(&mut s, "1,3");
    key(&mut s, KeyCode::Tab);
    assert_eq!(
        s.book.as_ref().unwrap().get("services"),
        "常规保养、故障检测"
    );
    let f = s.book.as_mut().unwrap();
    f.focus = f.fields.iter().position(|x| x.key == "transport").unwrap();
    // A letter is no choice; a digit is (3: a loaner car), in the user's words.
    key(&mut s, KeyCode::Char('x'));
    key(&mut s, KeyCode::Char('3'));
    assert_eq!(s.book.as_ref().unwrap().get("transport"), "代步车");
    key(&mut s, KeyCode::Tab); // parts
    key(&mut s, KeyCode::Tab); // channel
    key(&mut s, KeyCode::Right);
    assert_eq!(s.book.as_ref().unwrap().get("channel"), "网上预约");
    let ask = booked(press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(ask.services, vec!["maintenance", "diagnosis"]);
    assert_eq!(
        ask.transport,
        crate::domain::appointments::Transport::Loaner
    );
    assert_eq!(ask.channel, crate::domain::appointments::Channel::Online);
}

#[test]
fn a_new_customer_created_before_a_refusal_is_held_as_picked_for_the_next_try() {
    let mut s = screen();
    typed(&mut s, "王小明 13912345678");
    s.set_customer_hits(Vec::new());
    let out = s.update(Msg::BookRefused {
        why: "无法预约：顾问已满".into(),
        confirm: false,
        free: vec![slot(11, "陈志明", "1号工位")],
        note: None,
        created: Some((7, Some(70))),
    });
    assert_eq!(
        out,
        vec![Cmd::PickCustomer {
            customer_id: 7,
            vehicle_id: Some(70)
        }],
        "not created a second time on the next Ctrl-S"
    );
    s.update(Msg::Picked {
        customer: (7, "王小明".into()),
        cars: vec![car(70, "粤B55555")],
        vehicle_id: Some(70),
        note: "客户：王小明，爽约记录 0 次".into(),
    });
    assert_eq!(key(&mut s, KeyCode::Char('1')), None, "the slot is taken");
    let f = s.book.as_mut().unwrap();
    assert_eq!(f.get("customer"), "王小明 粤B55555");
    f.fields
        .iter_mut()
        .find(|x| x.key == "services")
        .unwrap()
        .set_text("1");
    let ask = booked(press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(ask.picked, Some((7, Some(70))));
}

/// A digit that names no option is said beside the field, not swallowed (as in the
/// complaint forms): `9` among the four ways of getting about, then a good one clears it.
#[test]
fn a_digit_naming_no_option_is_said_in_the_booking_form() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = screen();
        s.lang = lang;
        let f = s.book.as_mut().unwrap();
        f.focus = f.fields.iter().position(|x| x.key == "transport").unwrap();
        let before = f.get("transport").to_string();
        key(&mut s, KeyCode::Char('9'));
        let said = lang.t("没有选项 9（可选 1–4）", "no option 9 (choose 1–4)");
        let f = s.book.as_ref().unwrap();
        assert_eq!(f.fields[f.focus].error.as_deref(), Some(said));
        assert_eq!(f.get("transport"), before, "the value stays");
        assert!(super::tests::timeline_in(&s, lang).contains(said));
        key(&mut s, KeyCode::Char('3'));
        let f = s.book.as_ref().unwrap();
        assert_eq!(f.fields[f.focus].error, None);
    }
}

/// One thing at a time: with the customer list open, Esc closes it (the text stays, not
/// picked) and says nothing; only the Esc that would leave the form says there is unsaved
/// content, and one more leaves.
#[test]
fn esc_closes_the_customer_list_before_it_speaks_of_unsaved_content() {
    let mut s = screen();
    typed(&mut s, "张");
    s.set_customer_hits(vec![hit(1, "张三", 1), hit(2, "张伟", 1)]);
    assert!(s.picker_open());
    assert_eq!(key(&mut s, KeyCode::Esc), None);
    assert!(!s.picker_open(), "the list is closed");
    let f = s.book.as_ref().expect("the form stays open");
    assert_eq!(f.get("customer"), "张");
    assert!(f.message.is_none(), "{:?}", f.message);
    key(&mut s, KeyCode::Esc);
    let said = s.book.as_ref().and_then(|f| f.message.clone());
    assert!(said.is_some_and(|(m, _)| m.contains("Esc")));
    key(&mut s, KeyCode::Esc);
    assert!(s.book.is_none(), "the third Esc leaves");
}

/// The customer field left while their car was still to choose says so; once the car is
/// chosen that note is out of date, and the saved booking's line does not carry it.
#[test]
fn the_not_picked_note_goes_once_the_car_is_chosen() {
    let mut s = screen();
    typed(&mut s, "张三");
    s.set_customer_hits(vec![hit(1, "张三", 2)]);
    assert!(key(&mut s, KeyCode::Enter).is_some(), "Enter picks");
    s.set_pick(
        (1, "张三".into()),
        vec![car(10, "粤B10000"), car(11, "粤B20000")],
        None,
        "客户：张三，爽约记录 0 次".into(),
    );
    // Left before the car was chosen: the car is what is missing.
    key(&mut s, KeyCode::Tab);
    let not_picked = s.book_note.clone().unwrap_or_default();
    assert!(not_picked.starts_with("还须选定 张三 的车"), "{not_picked}");
    // Back, the car chosen: the note is gone, the cursor on the time.
    key(&mut s, KeyCode::BackTab);
    assert!(s.picker_open());
    assert_eq!(key(&mut s, KeyCode::Enter), None);
    assert!(!s.pick.unpicked(s.book.as_ref().unwrap()));
    assert_eq!(s.book_note, None);
    typed(&mut s, "10:00");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "maintenance");
    match press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL) {
        Some(Cmd::Book { note, .. }) => assert_eq!(note, None),
        other => panic!("no booking asked: {other:?}"),
    }
}
