//! A booking's page and its step forms as drawn: what `y` copies and says, and the
//! cancellation reasons listed whole.

use super::tests::{act, booking, load, one_advisor, page, timeline_in};
use super::*;
use crate::domain::appointments::{CancelReason, Status};
use crate::i18n::Lang;
use crate::ui::action::Action;
use crate::ui::desk::Out;

/// The tab in `lang` on the page of a booking in `status`, its confirmation text set.
fn on_page(lang: Lang, status: Status) -> AppointmentsTab {
    let mut s = one_advisor(lang);
    let mut b = booking(1, "张三", 2, 1);
    b.status = status;
    load(&mut s, vec![b.clone()]);
    let mut d = page(b);
    d.confirmation = "张三您好，您的预约已确认".into();
    s.show_detail(d);
    s
}

#[test]
fn y_copies_a_live_bookings_confirmation_and_says_so() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = on_page(lang, Status::Booked);
        assert_eq!(
            act(&mut s, Action::Booking(BookingStep::CopyConfirmation)),
            Some(Cmd::Out(Out::Copy("张三您好，您的预约已确认".into())))
        );
        let (line, err) = s.message.clone().expect("the page says the copy");
        assert!(!err, "{line}");
        assert!(timeline_in(&s, lang).contains(&line), "{line}");
    }
}

#[test]
fn y_on_a_cancelled_booking_copies_nothing_and_says_why() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = on_page(lang, Status::Cancelled);
        // Never sent: the page offers no text telling the customer the visit is on.
        let screen = timeline_in(&s, lang);
        assert!(!screen.contains("您的预约已确认"), "{screen}");
        assert_eq!(
            act(&mut s, Action::Booking(BookingStep::CopyConfirmation)),
            None
        );
        let (line, err) = s.message.clone().expect("a refusal");
        assert!(err, "{line}");
        assert!(
            line.contains(Status::Cancelled.label(lang)),
            "{line} does not name the status"
        );
    }
}

#[test]
fn the_cancel_form_lists_each_reason_whole_on_a_line() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = on_page(lang, Status::Booked);
        act(&mut s, Action::Booking(BookingStep::Cancel));
        assert_eq!(s.mode, Mode::Step);
        let screen = timeline_in(&s, lang);
        for (i, r) in CancelReason::ALL.iter().enumerate() {
            let item = format!("{} {}", i + 1, r.label(lang));
            assert!(screen.contains(&item), "{item} cut:\n{screen}");
        }
    }
}

#[test]
fn every_step_in_a_bookings_history_is_named() {
    use crate::domain::appointments::StepKind;
    let steps = [
        StepKind::Book,
        StepKind::Confirm,
        StepKind::Remind,
        StepKind::Arrive,
        StepKind::StartService,
        StepKind::Complete,
        StepKind::Cancel,
        StepKind::MarkNoShow,
        StepKind::UndoNoShow,
        StepKind::Reschedule,
    ];
    for lang in [Lang::Zh, Lang::En] {
        let mut s = one_advisor(lang);
        let b = booking(1, "张三", 2, 1);
        load(&mut s, vec![b.clone()]);
        let mut d = page(b);
        d.events = steps
            .iter()
            .map(|k| crate::store::appointments::EventRow {
                at: chrono::Utc::now(),
                agent: Some("1002 陈静".into()),
                kind: k.code().into(),
                body: serde_json::Value::Null,
            })
            .collect();
        s.show_detail(d);
        // Scrolled to the history's end: every step drawn, none of them as "other".
        s.detail_scroll = 10;
        let screen = timeline_in(&s, lang);
        assert!(
            screen.contains(lang.t("开始维修", "service started")),
            "{screen}"
        );
        let other = format!("陈静 {} ", lang.t("其他", "other"));
        assert!(!screen.contains(&other), "{screen}");
    }
}

#[test]
fn the_completion_forms_empty_fields_never_show_a_bare_number() {
    // A grey number in an empty required field reads as one filled in.
    let d = page(booking(1, "张三", 2, 1));
    let f = form::complete_form(&d.booking);
    for lang in [Lang::Zh, Lang::En] {
        for field in f.fields.iter().filter(|x| x.text().is_empty()) {
            let hint = field.hint_in(lang);
            assert!(
                hint.trim().parse::<f64>().is_err(),
                "{}: {hint:?}",
                field.key
            );
        }
    }
}

/// The reschedule form's advisor is a choice numbered from 0 (unchanged): `7` names none of
/// 0–1 and is said beside the field, not swallowed.
#[test]
fn a_digit_naming_no_option_is_said_in_the_reschedule_form() {
    use crate::ui::desk::machine::Machine;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for lang in [Lang::Zh, Lang::En] {
        let mut s = on_page(lang, Status::Booked);
        act(&mut s, Action::Booking(BookingStep::Reschedule));
        assert_eq!(s.mode, Mode::Step);
        let f = &mut s.step.as_mut().unwrap().1;
        f.focus = f.fields.iter().position(|x| x.key == "advisor").unwrap();
        let seven = KeyEvent::new(KeyCode::Char('7'), KeyModifiers::NONE);
        s.update(Msg::Key(None, seven));
        let said = lang.t("没有选项 7（可选 0–1）", "no option 7 (choose 0–1)");
        let f = &s.step.as_ref().unwrap().1;
        assert_eq!(f.fields[f.focus].error.as_deref(), Some(said));
        assert!(timeline_in(&s, lang).contains(said));
    }
}
