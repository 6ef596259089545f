//! The tab's forms as drafts (`ui::drafts`): the booking form, and a step form on a
//! booking's page (completing, cancelling, rescheduling), kept as data and put back after
//! a dropped session. A step form comes back only as its key would open it now: a booking
//! another agent moved on meanwhile refuses it, and the page says what was typed.

use super::{AppointmentsTab, BookingStep, Cmd, Mode, StepForm, form};
use crate::ui::action::Action;
use crate::ui::widgets::customer_pick::{PickedDraft, Reload};

/// A step form's draft: its form (naming the booking) and the fields' text.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRestore {
    pub step: StepForm,
    pub values: Vec<(String, String)>,
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

    /// The step form open on a booking's page with typed input, as a draft keeps it. A
    /// reminder's outcome (a code and a line) is not kept.
    pub fn step_draft(&self) -> Option<StepRestore> {
        let (step, f) = self.step.as_ref().filter(|(_, f)| f.is_dirty())?;
        if matches!(step, StepForm::Reminder(_)) {
            return None;
        }
        Some(StepRestore {
            step: *step,
            values: crate::ui::drafts::values(f),
        })
    }

    /// A step form's draft put back: its booking's page is loaded first.
    pub(super) fn restore_step(&mut self, draft: StepRestore) -> Option<Cmd> {
        let id = match draft.step {
            StepForm::Complete(id) | StepForm::Cancel(id) | StepForm::Reschedule(id) => id,
            StepForm::Reminder(_) => return None,
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
            StepForm::Reminder(_) => return None,
        };
        if self.detail.as_ref().map(|x| x.booking.row.id) != Some(id) {
            self.restoring = Some(d);
            return None;
        }
        let cmd = self.detail_action(Action::Booking(step));
        match &mut self.step {
            Some((kind, f)) if *kind == d.step => crate::ui::drafts::fill(f, &d.values),
            _ => {
                let why = self.message.take().map(|(m, _)| m).unwrap_or_default();
                let what = ("预约处理表单", "booking's step form");
                let line = crate::ui::drafts::lost(what, &why, &d.values, &[], self.lang);
                self.message = Some((line, true));
            }
        }
        cmd
    }
}
