//! An open booking follows the store: when another agent moves it, the page shows where it
//! went (the new booking, by id), and an open step form acts on that one; a step form
//! whose booking changed says who changed it and, on Ctrl-R, loads the new values while
//! keeping what was typed (the new value named beside it).

use super::msg::Followed;
use super::{AppointmentsTab, StepForm, form};
use crate::domain::appointments::StoreSetup;
use crate::i18n::Lang;
use crate::store::appointments::Booking;
use crate::ui::widgets::form::Form;
use crate::ui::widgets::form_merge::merge_stored;

impl AppointmentsTab {
    /// Whether the open page takes `p`, read on the loads thread: the booking asked for
    /// is still open and `p` is not older than it (or is where it was moved to).
    pub(super) fn follows(&self, p: &Followed) -> bool {
        self.detail.as_ref().is_some_and(|d| {
            let (open, now) = (&d.booking.row, &p.detail.booking.row);
            open.id == p.from && (p.moved.is_some() || open.version <= now.version)
        })
    }

    /// Opens a step form (its first build kept, to measure others' changes against), on
    /// the version of the booking its page shows.
    pub(super) fn open_step(&mut self, kind: StepForm, f: Form) {
        self.step_subject = None;
        self.step_seen = match kind {
            StepForm::Reminder(_) => None,
            _ => self
                .detail
                .as_ref()
                .map(|d| (d.booking.row.id, d.booking.row.version)),
        };
        self.resubject = false;
        self.step_base = Some(f.clone());
        self.step_stale = false;
        self.step = Some((kind, f));
        self.mode = super::Mode::Step;
    }

    /// The open booking was moved (by another agent) to booking `new`: the open step form
    /// now acts on it (its save still names the booking it opened on, so it is refused
    /// saying who moved it), and the view highlights it when the page is left.
    pub(super) fn moved_to(&mut self, new: i64) {
        if let Some((kind, _)) = &mut self.step {
            *kind = kind.on(new);
        }
        self.pending_select = Some(new);
    }

    /// A reminder form's save was refused (another agent's step came first, said in the
    /// form): its booking is taken as the list next shows it, so the next save, made
    /// knowing, is not refused again for the same change. False: not a reminder form.
    pub(super) fn reminder_refused(&mut self) -> bool {
        let reminder = matches!(self.step, Some((StepForm::Reminder(_), _)));
        self.resubject = reminder && self.detail.is_none();
        self.resubject
    }

    /// The list (a reminder) or the page loaded: a refused step form takes its booking as
    /// shown now.
    pub(super) fn take_subject(&mut self) {
        if !self.resubject {
            return;
        }
        match (&self.step, &self.detail) {
            (Some((StepForm::Reminder(rid), _)), None) => {
                if let Some(r) = self.tomorrow.iter().find(|r| r.id == *rid) {
                    self.step_subject = Some(r.booking.clone());
                }
            }
            (Some(_), Some(d)) => self.step_seen = Some((d.booking.row.id, d.booking.row.version)),
            _ => {}
        }
        self.resubject = false;
    }

    /// The booking and version a step form's save names: the one it opened on (a reminder's
    /// booking as listed then, a page's booking as shown then); a form without one (its page
    /// not shown) names the page's booking as shown now.
    pub(super) fn step_on(&self, kind: StepForm) -> (StepForm, i64) {
        match (kind, &self.detail, &self.step_subject, self.step_seen) {
            (StepForm::Reminder(_), None, Some(b), _) => (kind, b.version),
            (StepForm::Reminder(_), Some(d), ..) => (kind, d.booking.row.version),
            (_, _, _, Some((id, version))) => (kind.on(id), version),
            (_, Some(d), ..) => (kind, d.booking.row.version),
            _ => (kind, 0),
        }
    }

    /// The booking under the open step form changed: the form says so (`line`: who did
    /// what) and Ctrl-R (listed in its keys) loads the new values.
    pub(super) fn step_changed(&mut self, line: String) {
        if let Some((_, f)) = &mut self.step {
            f.message = Some((line, true));
            self.step_stale = true;
        }
    }

    /// The step form as it would open on booking `b` now.
    fn step_form_on(kind: StepForm, b: &Booking, setup: &StoreSetup, lang: Lang) -> Form {
        match kind {
            StepForm::Complete(_) => form::complete_form(b),
            StepForm::Cancel(_) => form::cancel_form(),
            StepForm::Reschedule(_) => form::reschedule_form(b, setup, lang),
            StepForm::Reminder(_) => form::reminder_form(),
        }
    }

    /// Ctrl-R on a step form whose booking changed: fields the agent did not touch take
    /// the booking's new values; typed ones stay, the new value named beside them.
    pub(super) fn reload_step(&mut self, setup: &StoreSetup, lang: Lang) {
        let Some(d) = &self.detail else { return };
        let Some((kind, mine)) = &mut self.step else {
            return;
        };
        let theirs = Self::step_form_on(*kind, &d.booking, setup, lang);
        let base = self.step_base.take().unwrap_or_else(|| theirs.clone());
        let said = merge_stored(mine, &base, &theirs, &[], lang);
        let line = match (said.is_empty(), lang) {
            (true, Lang::Zh) => "已载入最新预约；您填的内容未变".to_string(),
            (true, Lang::En) => {
                "The booking as it is now is loaded; nothing you typed changed".into()
            }
            (false, Lang::Zh) => format!("已载入最新预约：{}", said.join("；")),
            (false, Lang::En) => format!("The booking as it is now: {}", said.join("; ")),
        };
        mine.message = Some((line, false));
        self.step_base = Some(theirs);
        self.step_stale = false;
        // Saved now, the form is made knowing the booking as it is.
        self.step_seen = Some((d.booking.row.id, d.booking.row.version));
    }
}
