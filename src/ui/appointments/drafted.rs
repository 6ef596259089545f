//! The tab's forms as drafts (`ui::drafts`): the booking form, a step form on a booking's
//! page (completing, cancelling, rescheduling), and a reminder call's outcome on the
//! "confirm tomorrow" list, kept as data and put back after a dropped session. A step form
//! comes back only as its key would open it now: a booking another agent moved on
//! meanwhile, or a reminder no longer listed, refuses it, and the page says what was typed.

use super::{AppointmentsTab, BookingStep, Cmd, Mode, StepForm, View, form};
use crate::ui::action::Action;
use crate::ui::widgets::customer_pick::{PickedDraft, Reload};

/// A step form's draft: its form (naming the booking) and the fields' text, with the
/// booking's version it was typed on (none in a draft an earlier version kept).
#[derive(Debug, Clone, PartialEq)]
pub struct StepRestore {
    pub step: StepForm,
    pub values: Vec<(String, String)>,
    pub seen: Option<i64>,
}

impl AppointmentsTab {
    /// The booking form with typed input, as a draft keeps it.
    pub fn book_draft(&self) -> Option<PickedDraft> {
        let f = self.book.as_ref().filter(|f| f.is_dirty())?;
        Some(PickedDraft::of(f, &self.pick))
    }

    /// The booking form put back from its draft: what was typed (the day and time too), and
    /// the customer picked on it loaded again, or their text searched again. Nothing before
    /// the store's setup is known (the form is built from it).
    pub(super) fn restore_book(&mut self, draft: PickedDraft) -> Option<Cmd> {
        let setup = self.setup.as_ref()?;
        let mut f = form::book_form(setup, self.shown_day(), self.lang);
        let reload = draft.fill(&mut f);
        self.open_book(f);
        match reload {
            Reload::Pick(ask) => Some(Cmd::PickCustomer {
                customer_id: ask.customer_id,
                vehicle_id: ask.vehicle_id,
            }),
            Reload::Find(q) => Some(Cmd::FindCustomer(q)),
            Reload::Nothing => None,
        }
    }

    /// The step form open with typed input, as a draft keeps it; else a draft not yet put
    /// back (its booking or list is loading), so a save meanwhile does not drop it.
    pub fn step_draft(&self) -> Option<StepRestore> {
        let Some((step, f)) = self.step.as_ref().filter(|(_, f)| f.is_dirty()) else {
            return self.restoring.clone();
        };
        // The booking and version the form's save would name.
        let (step, seen) = match (step, self.step_seen) {
            (StepForm::Reminder(_), _) => (*step, self.step_subject.as_ref().map(|b| b.version)),
            (_, Some((id, version))) => (step.on(id), Some(version)),
            (_, None) => (*step, None),
        };
        Some(StepRestore {
            step,
            values: crate::ui::drafts::values(f),
            seen,
        })
    }

    /// A step form's draft put back: its booking's page is loaded first.
    pub(super) fn restore_step(&mut self, draft: StepRestore) -> Option<Cmd> {
        let id = match draft.step {
            StepForm::Complete(id) | StepForm::Cancel(id) | StepForm::Reschedule(id) => id,
            // A reminder's outcome: on the "confirm tomorrow" list, once it has loaded.
            StepForm::Reminder(_) => {
                self.restoring = Some(draft);
                self.view = View::Tomorrow;
                self.mode = Mode::View;
                self.detail = None;
                return self.reload();
            }
        };
        self.restoring = Some(draft);
        self.mode = Mode::Detail;
        Some(Cmd::Open(id))
    }

    /// The page of the step form's draft loaded: the step taken as its key takes it, and
    /// the typing put back; refused, the page says why and what was typed.
    pub(super) fn reopen_step(&mut self) -> Option<Cmd> {
        let d = self.restoring.take()?;
        let (id, step) = match d.step {
            StepForm::Complete(id) => (id, BookingStep::Complete),
            StepForm::Cancel(id) => (id, BookingStep::Cancel),
            StepForm::Reschedule(id) => (id, BookingStep::Reschedule),
            // Put back when its list loads (`reopen_reminder`), not on a booking's page.
            StepForm::Reminder(_) => {
                self.restoring = Some(d);
                return None;
            }
        };
        if self.detail.as_ref().map(|x| x.booking.row.id) != Some(id) {
            self.restoring = Some(d);
            return None;
        }
        let cmd = self.detail_action(Action::Booking(step));
        match &mut self.step {
            Some((kind, f)) if *kind == d.step => {
                crate::ui::drafts::fill(f, &d.values);
                // On the version it was typed on: another agent's step since is refused
                // at the save, naming it (a draft kept without one opens as before).
                if let (Some(seen), Some((_, v))) = (d.seen, &mut self.step_seen) {
                    *v = seen;
                }
            }
            _ => {
                let why = self.message.take().map(|(m, _)| m).unwrap_or_default();
                let what = ("预约处理表单", "booking's step form");
                let line = crate::ui::drafts::lost(what, &why, &d.values, &[], self.lang);
                self.message = Some((line, true));
            }
        }
        cmd
    }

    /// The "confirm tomorrow" list loaded: a reminder's outcome waiting is put back on its
    /// reminder as `r` opens it, on the booking's version it was typed on (another agent's
    /// step since is refused at the save, naming it, as if the session had never dropped);
    /// or, the reminder no longer listed, refused with what was typed.
    pub(super) fn reopen_reminder(&mut self) {
        let Some(StepForm::Reminder(rid)) = self.restoring.as_ref().map(|d| d.step) else {
            return;
        };
        let Some(d) = self.restoring.take() else {
            return;
        };
        let ids: Vec<i64> = self.tomorrow.iter().map(|r| r.id).collect();
        if self.view == View::Tomorrow && self.selected.select(&rid, &ids) {
            self.handle_action(Action::Booking(BookingStep::Reminder));
            if let Some((StepForm::Reminder(r), f)) = &mut self.step
                && *r == rid
            {
                crate::ui::drafts::fill(f, &d.values);
                if let (Some(b), Some(seen)) = (&mut self.step_subject, d.seen) {
                    b.version = seen;
                }
                return;
            }
        }
        let why = self.lang.t(
            "这条提醒已不在明日待确认列表中",
            "the reminder is no longer on the confirm-tomorrow list",
        );
        let what = ("提醒结果", "reminder outcome");
        let line = crate::ui::drafts::lost(what, why, &d.values, &[], self.lang);
        self.message = Some((line, true));
    }
}
