//! The Appointments tab's runner: each command carried out against the store, answered with
//! the message the tab handles — loading the lists and following the open booking, booking
//! (in `book.rs`), each step, and the booking form's customer picker (in `pick.rs`).

mod book;
mod pick;

use super::{AppointmentsTab, Cmd, Detail, Loaded, Msg, msg::Followed};
use crate::domain::appointments::{
    self as da, MessageCtx, ReminderOutcome, Status, StoreSetup, Transition, at_local, local,
};
use crate::i18n::Lang;
use crate::store::appointments::{self as sa, BookError};
use crate::store::{Actor, StoreError};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};
use chrono::{NaiveDate, NaiveDateTime};

/// The lane of an Appointments command that goes to the loads thread (None: run it here).
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        // The lists of a day and week (on a day change, a booking, another agent's save,
        // every 30 ticks), the no-shows marked first and the open booking followed.
        Cmd::Reload { .. } => Some(Lane::AppointmentList),
        // Writes, and the reads that answer the user's own key, run here.
        Cmd::Open(_)
        | Cmd::Book { .. }
        | Cmd::Step { .. }
        | Cmd::FindCustomer(_)
        | Cmd::PickCustomer { .. }
        | Cmd::Reminder { .. }
        | Cmd::Reschedule { .. }
        | Cmd::Export(_)
        | Cmd::Out(_) => None,
    }
}

/// Carries out one command; what it answers goes back to the tab, what it asks of the app
/// goes to `outs`. A store failure is the app's error line.
pub fn run(cmd: Cmd, env: &mut Env, setup: &StoreSetup, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let result = match cmd {
        Cmd::Reload {
            day,
            open,
            form_open,
        } => reload(env, setup, day, open, form_open),
        Cmd::Open(id) => detail(env, setup, id).map(|d| Some(Msg::Shown(Box::new(d)))),
        Cmd::Book { ask, note } => book::book(env, setup, *ask, note).map(Some),
        Cmd::Step {
            id,
            version,
            step,
            page,
        } => transition(env, setup, (id, version), step, page).map(Some),
        Cmd::FindCustomer(q) => pick::find(env, &q).map(Some),
        Cmd::PickCustomer {
            customer_id,
            vehicle_id,
        } => pick::pick(env, customer_id, vehicle_id).map(Some),
        Cmd::Reminder {
            id,
            version,
            outcome,
        } => reminder(env, setup, (id, version), outcome).map(Some),
        Cmd::Reschedule {
            id,
            version,
            start,
            advisor,
            bay,
            note,
            overbook,
        } => reschedule(
            env,
            setup,
            (id, version),
            Move {
                start,
                advisor,
                bay,
                note,
                overbook,
            },
        )
        .map(Some),
        Cmd::Export(shown) => {
            let (sheet, name) = super::export::sheet(&shown, lang, env.clock);
            outs.push(Out::Export {
                sheet: Box::new(sheet),
                name,
            });
            Ok(None)
        }
        Cmd::Out(out) => {
            outs.push(out);
            Ok(None)
        }
    };
    result.unwrap_or_else(|e| {
        outs.push(Out::Error(e.message(lang)));
        None
    })
}

fn actor(env: &Env) -> Actor {
    Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    }
}

/// Loads what the tab shows (at start, on others' changes, on request). Bookings past
/// their grace period are marked as no-shows first. The open booking, moved by another
/// agent, is followed to the booking it moved to (and the list highlights that one).
fn reload(
    env: &mut Env,
    setup: &StoreSetup,
    day: NaiveDate,
    open: Option<(i64, i64)>,
    form_open: bool,
) -> Result<Option<Msg>, StoreError> {
    if !env.db.is_read_only() {
        sa::mark_no_shows(env.db, env.clock.now(), setup.grace)?;
    }
    let tz = setup.tz;
    let page = match open {
        Some((id, shown)) => Some(follow(env, setup, id, shown, form_open)?),
        None => None,
    };
    let conn = env.db.conn();
    let monday = AppointmentsTab::monday_of(day);
    let sunday = monday
        .checked_add_days(chrono::Days::new(6))
        .unwrap_or(monday);
    Ok(Some(Msg::Loaded(Box::new(Loaded {
        rows: sa::day(conn, day, tz)?,
        week: sa::week_counts(conn, monday, tz)?,
        arrivals: sa::arrivals(conn, day, tz)?,
        tomorrow: sa::confirm_tomorrow(conn, day, tz)?,
        numbers: sa::numbers(conn, monday, sunday, tz)?,
        page,
    }))))
}

/// The open booking `id`, shown at version `shown`, as the store has it now: itself or
/// the booking it was moved to, who did it, and (with a step form open) what the form says.
fn follow(
    env: &mut Env,
    setup: &StoreSetup,
    id: i64,
    shown: i64,
    form_open: bool,
) -> Result<Followed, StoreError> {
    let now_id = moved_to(env, id)?;
    let detail = detail(env, setup, now_id)?;
    let moved = (now_id != id).then_some(now_id);
    let page_line = match moved {
        Some(_) => Some(change_line(env, setup, id, moved)?),
        None => None,
    };
    // The booking under an open step form changed since the form opened (another agent's
    // step or move): the form says who did what, and offers Ctrl-R to load the new values
    // (what was typed is kept).
    let now = (detail.booking.row.id, detail.booking.row.version);
    let form_line = if form_open && now != (id, shown) {
        let mut line = change_line(env, setup, id, moved)?;
        // The key as the key table has it.
        let key = crate::ui::keymap::key_in(
            crate::ui::keymap::Scope::BookingChanged,
            crate::ui::action::Action::ReloadRecord,
        );
        line.push_str(&match env.lang {
            Lang::Zh => format!("。{key} 载入新内容（保留您填的）"),
            Lang::En => format!(". {key} loads it (what you typed is kept)"),
        });
        Some(line)
    } else {
        None
    };
    Ok(Followed {
        from: id,
        detail: Box::new(detail),
        moved,
        page_line,
        form_line,
    })
}

/// Where booking `id` is now: itself, or the booking it was rescheduled to (followed
/// through every move).
fn moved_to(env: &Env, id: i64) -> Result<i64, StoreError> {
    let conn = env.db.conn();
    let mut at = id;
    // A chain of moves is short; the bound only guards against a loop in bad data.
    for _ in 0..50 {
        if sa::get(conn, at)?.row.status != da::Status::Rescheduled {
            break;
        }
        match sa::successor(conn, at)? {
            Some(next) => at = next,
            None => break,
        }
    }
    Ok(at)
}

/// Who changed booking `id` last and how, as one line; with `moved`, where it went and
/// when it is now.
fn change_line(
    env: &Env,
    setup: &StoreSetup,
    id: i64,
    moved: Option<i64>,
) -> Result<String, StoreError> {
    let conn = env.db.conn();
    let change = crate::store::stale::last_audited(conn, "appointment", id)?;
    let lang = env.lang;
    let who = change.as_ref().and_then(|c| c.who.clone());
    let what = change.map(|c| match lang {
        Lang::Zh => c.zh,
        Lang::En => c.en,
    });
    let who = who.unwrap_or_else(|| lang.t("他人", "someone else").into());
    let what = what.unwrap_or_else(|| lang.t("更改", "changed").into());
    Ok(match moved {
        Some(new) => {
            let b = sa::get(conn, new)?;
            let at = local(setup.tz, b.row.start).format("%Y-%m-%d %H:%M");
            match lang {
                Lang::Zh => format!("预约 #{id} 刚被 {who} 改期：现为预约 #{new}，{at}"),
                Lang::En => {
                    format!("Booking #{id} was just moved by {who}: now booking #{new}, {at}")
                }
            }
        }
        None => match lang {
            Lang::Zh => format!("预约 #{id} 刚被 {who} 更改（{what}）"),
            Lang::En => format!("Booking #{id} was just changed by {who} ({what})"),
        },
    })
}

/// A booking's page as the store has it now.
fn detail(env: &Env, setup: &StoreSetup, id: i64) -> Result<Detail, StoreError> {
    let conn = env.db.conn();
    let booking = sa::get(conn, id)?;
    let events = sa::events(conn, id)?;
    let no_shows = sa::no_show_count(conn, booking.row.customer_id)?;
    let confirmation = match &booking.confirmation {
        Some(c) => c.clone(),
        None => da::confirmation_text(
            setup,
            &MessageCtx {
                customer: booking.row.customer.clone(),
                plate: booking.row.plate.clone(),
                start: booking.row.start,
                services: booking.row.services.clone(),
                advisor: booking.row.advisor.clone(),
            },
            Lang::Zh,
        ),
    };
    Ok(Detail {
        booking,
        events,
        no_shows,
        confirmation,
    })
}

/// One step of a booking's life, on the version shown. Another agent's step that came
/// first is refused with what it was, and the booking is shown as it is now.
fn transition(
    env: &mut Env,
    setup: &StoreSetup,
    (id, version): (i64, i64),
    step: Transition,
    page: bool,
) -> Result<Msg, StoreError> {
    let lang = env.lang;
    let (actor, now) = (actor(env), env.clock.now());
    let confirmed = step == Transition::Confirm;
    match sa::transition_seen(env.db, actor, setup, id, version, step, now) {
        Ok(to) => Ok(Msg::Stepped {
            // A booking reminded before it was confirmed stays reminded: the line says
            // what was recorded, the confirmation.
            line: format!(
                "{}{}",
                lang.t("已记录：", "Recorded: "),
                if confirmed { Status::Confirmed } else { to }.label(lang)
            ),
            page: match page {
                true => Some(Box::new(detail(env, setup, id)?)),
                false => None,
            },
            confirmed,
        }),
        Err(sa::StepError::Store(e @ StoreError::Said { .. })) => Ok(Msg::Refused {
            why: e.message(lang),
            stale: Some(id),
        }),
        Err(sa::StepError::Store(e)) => Err(e),
        Err(e) => Ok(Msg::Refused {
            why: e.message(lang),
            stale: None,
        }),
    }
}

fn reminder(
    env: &mut Env,
    setup: &StoreSetup,
    seen: (i64, i64),
    outcome: ReminderOutcome,
) -> Result<Msg, StoreError> {
    let (actor, now) = (actor(env), env.clock.now());
    match sa::record_reminder_outcome_seen(env.db, actor, setup, seen, outcome, now) {
        Ok(()) => Ok(Msg::Reminded),
        // Another agent's step on the booking came first: said in the form.
        Err(sa::StepError::Store(e @ StoreError::Said { .. })) => Ok(Msg::Refused {
            why: e.message(env.lang),
            stale: None,
        }),
        Err(sa::StepError::Store(e)) => Err(e),
        Err(e) => Ok(Msg::Refused {
            why: e.message(env.lang),
            stale: None,
        }),
    }
}

/// Where a booking moves to, as the reschedule form says.
struct Move {
    start: NaiveDateTime,
    advisor: Option<String>,
    bay: Option<String>,
    note: String,
    overbook: Option<String>,
}

fn reschedule(
    env: &mut Env,
    setup: &StoreSetup,
    (id, version): (i64, i64),
    to: Move,
) -> Result<Msg, StoreError> {
    let lang = env.lang;
    let (actor, now) = (actor(env), env.clock.now());
    let start = at_local(setup.tz, to.start.date(), to.start.time());
    let move_to = sa::Reschedule {
        start,
        minutes: None,
        advisor: to.advisor,
        bay: to.bay,
        parts_late_ok: false,
        note: to.note,
    };
    match sa::reschedule_seen(env.db, actor, setup, id, version, move_to, now, to.overbook) {
        Ok(new_id) => Ok(Msg::Stepped {
            line: match lang {
                Lang::Zh => format!("已改期为预约 #{new_id}（原预约保留记录）"),
                Lang::En => format!("Moved to booking #{new_id} (the old one is kept)"),
            },
            page: Some(Box::new(detail(env, setup, new_id)?)),
            confirmed: false,
        }),
        // Another agent's step on the booking came first: said in the form.
        Err(BookError::Store(e @ StoreError::Said { .. })) => Ok(Msg::Refused {
            why: e.message(lang),
            stale: Some(id),
        }),
        Err(BookError::Store(e)) => Err(e),
        Err(e) => Ok(Msg::Refused {
            why: e.message(lang),
            stale: None,
        }),
    }
}
