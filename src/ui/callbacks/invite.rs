//! An event invitation's seats on its work form: how many are taken and left before the
//! agent asks, and a warning while the answer typed would take the event over its
//! capacity (it may still be recorded: the desk decides, as on the event page).

use crate::domain::events::{Answer, Seats};
use crate::i18n::Lang;
use crate::store::callbacks::TaskDetail;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use ratatui::text::{Line, Span};

/// "名额 31/50，还剩 19" under the task's head (warned when none are left).
pub(super) fn seats_line(d: &TaskDetail, lang: Lang, theme: &Theme) -> Option<Line<'static>> {
    let s = d.seats?;
    let style = if s.left() > 0 {
        theme.ok()
    } else {
        theme.warn()
    };
    Some(Line::from(vec![
        Span::styled(lang.t("名额 ", "Seats "), theme.label()),
        Span::styled(s.room(lang), style),
    ]))
}

/// The yes typed with its party, when it would take the event over its capacity.
pub(super) fn over_line(
    d: &TaskDetail,
    form: &Form,
    lang: Lang,
    theme: &Theme,
) -> Option<Line<'static>> {
    let seats = d.seats?;
    let party = would_overflow(seats, form)?;
    let text = match (lang, seats.left().max(0)) {
        (Lang::Zh, 0) => {
            format!("名额已满，这 {party} 人将超出（可以登记，请告知客户或与主管确认）")
        }
        (Lang::Zh, left) => {
            format!("只剩 {left} 个名额，这 {party} 人将超出（可以登记，请告知客户或与主管确认）")
        }
        (Lang::En, 0) => format!(
            "The event is full: {party} more go over it (it can be recorded: tell the customer or ask a supervisor)"
        ),
        (Lang::En, left) => format!(
            "{left} seat{} left: {party} would go over the capacity (it can be recorded: tell the customer or ask a supervisor)",
            crate::i18n::plural(left)
        ),
    };
    Some(Line::from(Span::styled(text, theme.warn())))
}

/// The party of the yes answer typed, when it would not fit the seats left.
fn would_overflow(seats: Seats, form: &Form) -> Option<u32> {
    if Answer::parse(form.get("rsvp")) != Some(Answer::Yes) {
        return None;
    }
    let party: u32 = form.get("party").trim().parse().ok()?;
    // An open invitation has no answer yet (one given on the event page closes the task).
    seats.would_overflow(0, party).then_some(party)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::form::Field;

    fn form(rsvp: &str, party: &str) -> Form {
        Form::new(vec![
            Field::new("rsvp", "客户答复", "Answer").value(rsvp),
            Field::new("party", "同行人数", "Party size").value(party),
        ])
    }

    #[test]
    fn a_yes_over_the_seats_left_is_warned_before_it_is_recorded() {
        let seats = Seats {
            accepted: 48,
            capacity: 50,
        };
        assert_eq!(would_overflow(seats, &form("1", "2")), None);
        assert_eq!(would_overflow(seats, &form("1", "3")), Some(3));
        // Only a yes takes seats; a party not yet a number says nothing.
        assert_eq!(would_overflow(seats, &form("2", "9")), None);
        assert_eq!(would_overflow(seats, &form("3", "9")), None);
        assert_eq!(would_overflow(seats, &form("1", "")), None);
        let full = Seats {
            accepted: 50,
            capacity: 50,
        };
        assert_eq!(would_overflow(full, &form("1", "1")), Some(1));
    }

    #[test]
    fn the_seats_say_what_is_left_full_or_over() {
        let at = |accepted| Seats {
            accepted,
            capacity: 50,
        };
        assert_eq!(at(31).room(Lang::Zh), "31/50，还剩 19");
        assert_eq!(at(31).room(Lang::En), "31/50, 19 left");
        assert_eq!(at(50).room(Lang::Zh), "50/50，已满");
        assert_eq!(at(50).room(Lang::En), "50/50, full");
        assert_eq!(at(52).room(Lang::En), "52/50 over capacity");
    }

    /// An invitation opened at 80x24: the seats under its head; a yes of three with two
    /// left warns before it is recorded, in both languages.
    #[test]
    fn the_work_form_shows_the_seats_and_warns_a_yes_that_goes_over_at_80x24() {
        use crate::domain::callbacks::Kind;
        use crate::ui::callbacks::tests::{detail, task, working};
        use crate::ui::callbacks::{CallbacksTab, Msg, Opened};
        use crate::ui::desk::machine::Machine;
        use crate::ui::desk::testing::{clock, draw as drawn, squash};
        let draw = |s: &CallbacksTab, lang: Lang| {
            let clock = clock();
            squash(&drawn(|f| {
                s.render(f, f.area(), lang, &clock, &Theme::new(false))
            }))
        };
        for lang in [Lang::Zh, Lang::En] {
            let mut s = working(7);
            let mut row = task(7, "张三", 2);
            row.kind = Kind::EventInvite;
            let mut d = detail(row);
            d.survey = None;
            d.seats = Some(Seats {
                accepted: 48,
                capacity: 50,
            });
            s.update(Msg::Opened(Box::new(Opened {
                task: d,
                card: Vec::new(),
                store_name: "店".into(),
                notice: None,
            })));
            let screen = draw(&s, lang);
            let (seats, warn) = match lang {
                Lang::Zh => ("名额48/50，还剩2", "只剩2个名额，这3人将超出"),
                Lang::En => ("Seats48/50,2left", "2seatsleft:3wouldgoover"),
            };
            assert!(screen.contains(seats), "{screen}");
            assert!(!screen.contains(warn), "{screen}");
            if let Some(w) = &mut s.work {
                for f in &mut w.form.fields {
                    match f.key.as_ref() {
                        "rsvp" => f.set_text("1"),
                        "party" => f.set_text("3"),
                        _ => {}
                    }
                }
            }
            let screen = draw(&s, lang);
            assert!(screen.contains(warn), "{screen}");
        }
    }

    /// An invitation call withdrawn while an agent had it open (the event's invitations
    /// stopped) is said with why, not as the last audited change (the agent's own claim);
    /// a task merely changed has no such words.
    #[test]
    fn a_call_withdrawn_under_the_agent_says_why() {
        use crate::domain::callbacks::{Reason, Status};
        use crate::ui::callbacks::run::withdrawn;
        use crate::ui::callbacks::tests::task;
        let mut row = task(7, "张三", 3);
        assert_eq!(withdrawn(&row, Lang::Zh), None);
        row.status = Status::Skipped;
        row.reason = Some(Reason::EventFull);
        assert_eq!(
            withdrawn(&row, Lang::Zh).as_deref(),
            Some("回访任务 #7 已撤销（活动名额已满，停止邀约），不必再拨")
        );
        assert_eq!(
            withdrawn(&row, Lang::En).as_deref(),
            Some(
                "Callback task 7 was withdrawn (event full, invitations stopped): no need to call"
            )
        );
    }
}
