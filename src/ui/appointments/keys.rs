//! The tab's keys in its views and on a booking's page: each turns into a change of the
//! tab's state and, when the store must answer, a command.

use super::{AppointmentsTab, BookingStep, Cmd, Mode, StepForm, View, form};
use crate::domain::appointments::{Status, Transition, can_cancel, can_reschedule};
use crate::ui::action::Action;
use crate::ui::desk::Out;
use crate::ui::selection::Selection;
use chrono::Days;
use crossterm::event::KeyEvent;

impl AppointmentsTab {
    pub(super) fn handle_action(&mut self, action: Action) -> Option<Cmd> {
        let armed = std::mem::take(&mut self.esc_armed);
        match self.mode {
            Mode::View => self.view_action(action),
            Mode::Detail => self.detail_action(action),
            Mode::Book => self.book_action(action, armed),
            Mode::Step => self.step_action(action, armed),
        }
    }

    /// Load the lists again (and the open page, following the store).
    pub(super) fn reload(&self) -> Option<Cmd> {
        Some(Cmd::Reload {
            day: self.shown_day(),
            open: self
                .detail
                .as_ref()
                .map(|d| (d.booking.row.id, d.booking.row.version)),
            form_open: self.step.is_some(),
        })
    }

    fn view_action(&mut self, action: Action) -> Option<Cmd> {
        if action == Action::ExportList {
            return Some(Cmd::Export(Box::new(self.shown())));
        }
        let n = self.list_len();
        let shown = self.shown_day();
        self.message = None;
        match action {
            Action::Up if self.view == View::Week => {
                self.day = shown.pred_opt();
                return self.reload();
            }
            Action::Down if self.view == View::Week => {
                self.day = shown.succ_opt();
                return self.reload();
            }
            Action::Up if n == 0 => self.scroll = self.scroll.saturating_sub(1),
            Action::Down if n == 0 => self.scroll = (self.scroll + 1).min(100),
            Action::Up => {
                self.selected.step(&self.ids(), -1);
                self.follow = true;
            }
            Action::Down => {
                self.selected.step(&self.ids(), 1);
                self.follow = true;
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(5);
                self.follow = false;
            }
            Action::PageDown => {
                self.scroll = (self.scroll + 5).min(100);
                self.follow = false;
            }
            Action::PrevDay | Action::NextDay | Action::Today => {
                let step = if self.view == View::Week { 7 } else { 1 };
                self.day = match action {
                    Action::Today => None,
                    Action::PrevDay => shown.checked_sub_days(Days::new(step)),
                    _ => shown.checked_add_days(Days::new(step)),
                };
                self.selected = Selection::default();
                self.scroll = 0;
                return self.reload();
            }
            Action::Filter => {
                self.view = match self.view {
                    View::Day => View::Week,
                    View::Week => View::Arrivals,
                    View::Arrivals => View::Tomorrow,
                    View::Tomorrow => View::Day,
                };
                self.selected = Selection::default();
                return self.reload();
            }
            Action::TimelineColumns => self.by_bay = !self.by_bay,
            Action::Booking(b @ (BookingStep::Arrive | BookingStep::Start)) => {
                let r = self.selected_row()?;
                let (id, version) = (r.id, r.version);
                let step = if b == BookingStep::Arrive {
                    Transition::Arrive
                } else {
                    Transition::StartService
                };
                return Some(Cmd::Step {
                    id,
                    version,
                    step,
                    page: false,
                });
            }
            Action::Booking(BookingStep::Reminder) if self.view == View::Tomorrow => {
                let r = self.selected_reminder()?;
                let (id, booking) = (r.id, r.booking.clone());
                self.open_step(StepForm::Reminder(id), form::reminder_form());
                self.step_subject = Some(booking);
                self.mode = Mode::Step;
            }
            Action::NewCall => {
                let setup = self.setup.as_ref()?;
                let f = form::book_form(setup, shown, self.lang);
                self.open_book(f);
            }
            Action::Open if self.view == View::Week => {
                self.view = View::Day;
                self.selected = Selection::default();
                return self.reload();
            }
            Action::Open => {
                let id = self.selected_row()?.id;
                self.mode = Mode::Detail;
                return Some(Cmd::Open(id));
            }
            _ => {}
        }
        None
    }

    pub(super) fn detail_action(&mut self, action: Action) -> Option<Cmd> {
        let lang = self.lang;
        let d = self.detail.as_ref()?;
        let (id, version) = (d.booking.row.id, d.booking.row.version);
        let status = d.booking.row.status;
        let step = |t: Transition| {
            Some(Cmd::Step {
                id,
                version,
                step: t,
                page: true,
            })
        };
        match action {
            Action::Back => {
                self.detail = None;
                self.mode = Mode::View;
                self.message = None;
                // Back in the view, on this booking where it is listed.
                self.pending_select = Some(id);
                return self.reload();
            }
            Action::Up => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            Action::Down => self.detail_scroll += 1,
            Action::Booking(BookingStep::Confirm) => return step(Transition::Confirm),
            Action::Booking(BookingStep::Arrive) => return step(Transition::Arrive),
            Action::Booking(BookingStep::Start) => return step(Transition::StartService),
            Action::Booking(BookingStep::UndoNoShow) => return step(Transition::UndoNoShow),
            // The text tells the customer the visit is on: not for one that no longer is
            // (cancelled, moved, missed, done). Either way the page says what happened.
            Action::Booking(BookingStep::CopyConfirmation) => {
                if !status.holds_capacity() {
                    self.message = Some((
                        match lang {
                            crate::i18n::Lang::Zh => format!(
                                "无法复制确认短信：预约当前状态为「{}」",
                                status.label(lang)
                            ),
                            crate::i18n::Lang::En => format!(
                                "Cannot copy the confirmation: the booking is {}",
                                status.label(lang)
                            ),
                        },
                        true,
                    ));
                    return None;
                }
                let text = d.confirmation.clone();
                self.message = Some((
                    lang.t(
                        "确认短信已复制到剪贴板",
                        "The confirmation text is on the clipboard",
                    )
                    .into(),
                    false,
                ));
                return Some(Cmd::Out(Out::Copy(text)));
            }
            Action::Booking(BookingStep::Complete) => {
                if status != Status::InService {
                    let s = crate::ui::keymap::key_in(
                        crate::ui::keymap::Scope::AppointmentDetail,
                        Action::Booking(BookingStep::Start),
                    );
                    self.message = Some((
                        match lang {
                            crate::i18n::Lang::Zh => {
                                format!("只有维修中的预约可以完工（先按 {s} 开始维修）")
                            }
                            crate::i18n::Lang::En => {
                                format!("Only a visit in service can be completed ({s} starts it)")
                            }
                        },
                        true,
                    ));
                    return None;
                }
                self.open_step(StepForm::Complete(id), form::complete_form(&d.booking));
                self.mode = Mode::Step;
            }
            // A step the status does not allow is refused before its form is filled in.
            Action::Booking(b @ (BookingStep::Cancel | BookingStep::Reschedule)) => {
                let cancel = b == BookingStep::Cancel;
                let allowed = if cancel {
                    can_cancel(status)
                } else {
                    can_reschedule(status)
                };
                if let Err(r) = allowed {
                    self.message = Some((r.message(lang), true));
                    return None;
                }
                let (kind, f) = if cancel {
                    (StepForm::Cancel(id), form::cancel_form())
                } else {
                    let setup = self.setup.as_ref()?;
                    (
                        StepForm::Reschedule(id),
                        form::reschedule_form(&d.booking, setup, lang),
                    )
                };
                self.open_step(kind, f);
                self.mode = Mode::Step;
            }
            _ => {}
        }
        None
    }

    pub(super) fn handle_text(&mut self, key: KeyEvent) -> Option<Cmd> {
        match self.mode {
            Mode::Book => {
                self.esc_armed = false;
                let f = self.book.as_mut()?;
                // A digit that names no option (`9` among the channels) is said.
                if !f.edit(key) {
                    f.say_no_option(key, self.lang);
                } else if f.focus == 0 {
                    return self.customer_typed();
                }
            }
            Mode::Step => {
                self.esc_armed = false;
                let f = &mut self.step.as_mut()?.1;
                if !f.edit(key) {
                    f.say_no_option(key, self.lang);
                }
            }
            _ => {}
        }
        None
    }

    pub(super) fn handle_paste(&mut self, text: &str) -> Option<Cmd> {
        match self.mode {
            Mode::Book => {
                let f = self.book.as_mut()?;
                f.paste(text);
                if f.focus == 0 {
                    return self.customer_typed();
                }
            }
            Mode::Step => {
                self.step.as_mut()?.1.paste(text);
            }
            _ => {}
        }
        None
    }
}
