//! The 预约 Appointments tab: the day timeline (a column per advisor or per bay, a row per
//! slot), the week overview, the day's arrivals with waiting times, a booking's detail with
//! its lifecycle steps, and the booking form.

mod actions;
mod follow;
mod form;
mod offers;
mod pick;
mod request;
mod run;
mod view;

pub use pick::{Picked, Picker};
pub use request::{BookAsk, Request};

use crate::domain::appointments::{
    FreeSlot, Numbers, Status, StoreSetup, Transition, can_cancel, can_reschedule,
};
use crate::store::appointments::{Booking, BookingRow, DayCount, EventRow, ReminderRow};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::screens::Effect;
use crate::ui::screens::calls::Ctx;
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use chrono::{Datelike, Days, NaiveDate};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Day,
    Week,
    Arrivals,
    /// Tomorrow's bookings with their day-before reminder call.
    Tomorrow,
}

/// The steps of a booking's life the tab's keys take (named in the key table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingStep {
    Confirm,
    /// The customer arrived (check in).
    Arrive,
    /// Start the service.
    Start,
    /// Complete the visit (a form: RO items, amount, mileage).
    Complete,
    /// Cancel with a reason (a form).
    Cancel,
    UndoNoShow,
    /// Move the booking (a form; the old one is kept).
    Reschedule,
    /// Copy the confirmation text.
    CopyConfirmation,
    /// Record a reminder call's outcome ("confirm tomorrow" list; a form).
    Reminder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    View,
    Detail,
    Book,
    Step,
}

/// The small forms of the detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepForm {
    Complete(i64),
    Cancel(i64),
    /// A reminder's outcome (by reminder id).
    Reminder(i64),
    Reschedule(i64),
}

/// One booking with what the detail shows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub booking: Booking,
    pub events: Vec<EventRow>,
    /// The customer's no-shows so far.
    pub no_shows: i64,
    /// The confirmation kept, or the one confirming would send.
    pub confirmation: String,
}

#[derive(Debug)]
pub struct AppointmentsScreen {
    pub mode: Mode,
    pub view: View,
    /// Columns are bays (else advisors).
    pub by_bay: bool,
    /// The day shown (None: today).
    pub day: Option<NaiveDate>,
    /// The store's setup (the app copies it in on reload).
    pub setup: Option<StoreSetup>,
    pub rows: Vec<BookingRow>,
    pub week: Vec<DayCount>,
    pub arrivals: Vec<BookingRow>,
    /// The "confirm tomorrow" list (tomorrow of the shown day).
    pub tomorrow: Vec<ReminderRow>,
    /// The numbers of the shown week.
    pub numbers: Option<Numbers>,
    /// The highlighted booking (a reminder in the "confirm tomorrow" list), kept across
    /// steps, reloads and re-sorts.
    pub selected: Selection<i64>,
    /// A booking to highlight once the list has it (the one just booked or shown).
    pub(crate) pending_select: Option<i64>,
    /// First slot row shown in the timeline.
    pub scroll: usize,
    /// The timeline keeps the selected booking in sight (off after PageUp/PageDown).
    pub follow: bool,
    pub detail: Option<Detail>,
    pub detail_scroll: usize,
    pub book: Option<Form>,
    /// The customer resolved for the form (name, plate, no-shows).
    pub book_note: Option<String>,
    /// The booking form's customer picker.
    pub pick: Picker,
    /// The last save asked to confirm late parts: the next save books anyway.
    pub late_ok: bool,
    /// The free slots offered when the last save clashed (a key takes one).
    pub offers: Vec<FreeSlot>,
    /// The offers have the keys (`1`–`3` take one, Esc goes back to the form).
    pub offering: bool,
    pub step: Option<(StepForm, Form)>,
    /// The step form as built from the booking it opened on (what another agent's change
    /// is measured against).
    step_base: Option<Form>,
    /// Another agent changed the booking under the open step form: Ctrl-R loads it.
    pub step_stale: bool,
    /// A message on the page (a refusal, or what was done).
    pub message: Option<(String, bool)>,
    esc_armed: bool,
}

impl Default for AppointmentsScreen {
    fn default() -> Self {
        AppointmentsScreen {
            mode: Mode::View,
            view: View::Day,
            by_bay: false,
            day: None,
            setup: None,
            rows: Vec::new(),
            week: Vec::new(),
            arrivals: Vec::new(),
            tomorrow: Vec::new(),
            numbers: None,
            selected: Selection::default(),
            pending_select: None,
            scroll: 0,
            follow: true,
            detail: None,
            detail_scroll: 0,
            book: None,
            book_note: None,
            pick: Picker::default(),
            late_ok: false,
            offers: Vec::new(),
            offering: false,
            step: None,
            step_base: None,
            step_stale: false,
            message: None,
            esc_armed: false,
        }
    }
}

impl AppointmentsScreen {
    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::View => vec![Scope::Appointments, Scope::Global],
            Mode::Detail => vec![Scope::AppointmentDetail, Scope::Global],
            Mode::Book if self.offering => vec![Scope::SlotOffer, Scope::Global],
            Mode::Book if self.picker_open() => keymap::form_scopes(
                self.book.as_ref(),
                &[Scope::BookPicker, Scope::Form, Scope::Global],
            ),
            Mode::Book => keymap::form_scopes(self.book.as_ref(), &[Scope::Form, Scope::Global]),
            Mode::Step if self.step_stale => keymap::form_scopes(
                self.step.as_ref().map(|(_, f)| f),
                &[Scope::BookingChanged, Scope::Form, Scope::Global],
            ),
            Mode::Step => keymap::form_scopes(
                self.step.as_ref().map(|(_, f)| f),
                &[Scope::Form, Scope::Global],
            ),
        }
    }

    pub fn typing(&self) -> bool {
        match self.mode {
            Mode::Book => !self.offering,
            Mode::Step => true,
            Mode::View | Mode::Detail => false,
        }
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.book.as_ref().is_some_and(|f| f.is_dirty())
            || self.step.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    /// The day shown (store-local), today unless the user moved.
    pub fn shown_day(&self, ctx: &Ctx) -> NaiveDate {
        self.day.unwrap_or_else(|| ctx.clock.today())
    }

    /// The Monday of the shown day's week.
    pub fn monday_of(day: NaiveDate) -> NaiveDate {
        day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
            .unwrap_or(day)
    }

    /// What the app loaded for the shown day.
    pub fn set_loaded(
        &mut self,
        rows: Vec<BookingRow>,
        week: Vec<DayCount>,
        arrivals: Vec<BookingRow>,
        tomorrow: Vec<ReminderRow>,
        numbers: Numbers,
        lang: crate::i18n::Lang,
    ) -> Option<String> {
        let old: Vec<(i64, String)> = self.subjects(lang);
        self.rows = rows;
        self.week = week;
        self.arrivals = arrivals;
        self.tomorrow = tomorrow;
        self.numbers = Some(numbers);
        let ids = self.ids();
        if let Some(id) = self.pending_select.take()
            && self.selected.select(&id, &ids)
        {
            return None;
        }
        let gone = self.selected.follow(&ids)?;
        let (_, what) = old.into_iter().find(|(id, _)| *id == gone)?;
        Some(match lang {
            crate::i18n::Lang::Zh => format!("{what} 已不在此列表中，已移到相邻一条"),
            crate::i18n::Lang::En => format!("{what} left this list; moved to the next one"),
        })
    }

    /// The records of the view's list, in order: bookings (reminders in the "confirm
    /// tomorrow" list); the week has none.
    fn ids(&self) -> Vec<i64> {
        match self.view {
            View::Day => self.rows.iter().map(|r| r.id).collect(),
            View::Week => Vec::new(),
            View::Arrivals => self.arrivals.iter().map(|r| r.id).collect(),
            View::Tomorrow => self.tomorrow.iter().map(|r| r.id).collect(),
        }
    }

    /// Each listed record with how the status line names it.
    fn subjects(&self, lang: crate::i18n::Lang) -> Vec<(i64, String)> {
        let rows: Vec<(i64, &BookingRow)> = match self.view {
            View::Day => self.rows.iter().map(|r| (r.id, r)).collect(),
            View::Week => Vec::new(),
            View::Arrivals => self.arrivals.iter().map(|r| (r.id, r)).collect(),
            View::Tomorrow => self.tomorrow.iter().map(|r| (r.id, &r.booking)).collect(),
        };
        rows.into_iter()
            .map(|(id, r)| (id, subject(r, lang)))
            .collect()
    }

    fn list_len(&self) -> usize {
        match self.view {
            View::Week => 7,
            _ => self.ids().len(),
        }
    }

    pub fn show_detail(&mut self, d: Detail) {
        let same = self
            .detail
            .as_ref()
            .is_some_and(|o| o.booking.row.id == d.booking.row.id);
        if !same {
            self.detail_scroll = 0;
        }
        self.detail = Some(d);
        if self.mode == Mode::View {
            self.mode = Mode::Detail;
        }
    }

    /// The booking was saved: back to the view (the app opens its detail).
    pub fn booked(&mut self, date: NaiveDate, msg: String) {
        self.book = None;
        self.book_note = None;
        self.pick = Picker::default();
        self.late_ok = false;
        self.offers.clear();
        self.offering = false;
        self.day = Some(date);
        self.view = View::Day;
        self.mode = Mode::View;
        self.message = Some((msg, false));
    }

    /// The booking was refused: the form stays with the reason, and the free slots
    /// instead (a key takes one).
    pub fn book_failed(&mut self, msg: String, needs_confirmation: bool, free: Vec<FreeSlot>) {
        self.late_ok = needs_confirmation;
        self.offering = !free.is_empty();
        self.offers = free;
        if let Some(f) = &mut self.book {
            f.message = Some((msg, true));
        }
    }

    /// A step was recorded: close its form.
    pub fn stepped(&mut self, msg: String) {
        self.step = None;
        self.step_base = None;
        self.step_stale = false;
        self.mode = if self.detail.is_some() {
            Mode::Detail
        } else {
            Mode::View
        };
        self.message = Some((msg, false));
    }

    /// A step was refused: shown in its form, or on the page.
    pub fn step_failed(&mut self, msg: String) {
        if let Some((_, f)) = &mut self.step {
            f.message = Some((msg, true));
        } else {
            self.message = Some((msg, true));
        }
    }

    /// The booking highlighted in the view.
    pub fn selected_row(&self) -> Option<&BookingRow> {
        let id = *self.selected.id()?;
        let i = self.selected.index();
        match self.view {
            View::Day => self.rows.get(i).filter(|r| r.id == id),
            View::Arrivals => self.arrivals.get(i).filter(|r| r.id == id),
            View::Tomorrow => self
                .tomorrow
                .get(i)
                .filter(|r| r.id == id)
                .map(|r| &r.booking),
            View::Week => None,
        }
    }

    /// The reminder highlighted in the "confirm tomorrow" list.
    fn selected_reminder(&self) -> Option<&ReminderRow> {
        let id = *self.selected.id()?;
        self.tomorrow
            .get(self.selected.index())
            .filter(|r| r.id == id && self.view == View::Tomorrow)
    }

    pub fn handle_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        let armed = std::mem::take(&mut self.esc_armed);
        match self.mode {
            Mode::View => self.view_action(action, ctx),
            Mode::Detail => self.detail_action(action, ctx),
            Mode::Book => self.book_action(action, ctx, armed),
            Mode::Step => self.step_action(action, ctx, armed),
        }
    }

    fn reload() -> Option<Effect> {
        Some(Effect::Appointments(Request::Reload))
    }

    fn view_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        let n = self.list_len();
        let shown = self.shown_day(ctx);
        self.message = None;
        match action {
            Action::Up if self.view == View::Week => {
                self.day = shown.pred_opt();
                return Self::reload();
            }
            Action::Down if self.view == View::Week => {
                self.day = shown.succ_opt();
                return Self::reload();
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
                return Self::reload();
            }
            Action::Filter => {
                self.view = match self.view {
                    View::Day => View::Week,
                    View::Week => View::Arrivals,
                    View::Arrivals => View::Tomorrow,
                    View::Tomorrow => View::Day,
                };
                self.selected = Selection::default();
                return Self::reload();
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
                return Some(Effect::Appointments(Request::Step { id, version, step }));
            }
            Action::Booking(BookingStep::Reminder) if self.view == View::Tomorrow => {
                let r = self.selected_reminder()?;
                self.open_step(StepForm::Reminder(r.id), form::reminder_form());
                self.mode = Mode::Step;
            }
            Action::NewCall => {
                let setup = self.setup.as_ref()?;
                self.book = Some(form::book_form(setup, shown, ctx.lang));
                self.book_note = None;
                self.pick = Picker::default();
                self.late_ok = false;
                self.offers.clear();
                self.offering = false;
                self.mode = Mode::Book;
            }
            Action::Open if self.view == View::Week => {
                self.view = View::Day;
                self.selected = Selection::default();
                return Self::reload();
            }
            Action::Open => {
                let id = self.selected_row()?.id;
                self.mode = Mode::Detail;
                return Some(Effect::Appointments(Request::Open(id)));
            }
            _ => {}
        }
        None
    }

    fn detail_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        let lang = ctx.lang;
        let d = self.detail.as_ref()?;
        let (id, version) = (d.booking.row.id, d.booking.row.version);
        let status = d.booking.row.status;
        let step = |t: Transition| {
            Some(Effect::Appointments(Request::Step {
                id,
                version,
                step: t,
            }))
        };
        match action {
            Action::Back => {
                self.detail = None;
                self.mode = Mode::View;
                self.message = None;
                // Back in the view, on this booking where it is listed.
                self.pending_select = Some(id);
                return Self::reload();
            }
            Action::Up => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            Action::Down => self.detail_scroll += 1,
            Action::Booking(BookingStep::Confirm) => return step(Transition::Confirm),
            Action::Booking(BookingStep::Arrive) => return step(Transition::Arrive),
            Action::Booking(BookingStep::Start) => return step(Transition::StartService),
            Action::Booking(BookingStep::UndoNoShow) => return step(Transition::UndoNoShow),
            Action::Booking(BookingStep::CopyConfirmation) => {
                return Some(Effect::Copy(d.confirmation.clone()));
            }
            Action::Booking(BookingStep::Complete) => {
                if status != Status::InService {
                    self.message = Some((
                        lang.t(
                            "只有维修中的预约可以完工（先按 s 开始维修）",
                            "Only a visit in service can be completed (s starts it)",
                        )
                        .into(),
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
                    let tz = self.setup.as_ref().map_or(ctx.clock.tz(), |s| s.tz);
                    (
                        StepForm::Reschedule(id),
                        form::reschedule_form(&d.booking, tz),
                    )
                };
                self.open_step(kind, f);
                self.mode = Mode::Step;
            }
            _ => {}
        }
        None
    }

    pub fn handle_text(&mut self, key: KeyEvent, _ctx: &Ctx) -> Option<Effect> {
        match self.mode {
            Mode::Book => {
                self.esc_armed = false;
                let f = self.book.as_mut()?;
                if f.edit(key) && f.focus == 0 {
                    return self.customer_typed();
                }
            }
            Mode::Step => {
                self.esc_armed = false;
                self.step.as_mut()?.1.edit(key);
            }
            _ => {}
        }
        None
    }

    pub fn handle_paste(&mut self, text: &str) -> Option<Effect> {
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

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
        view::render(self, frame, area, ctx, theme);
    }
}

/// A booking as dialog titles and the status line name it: `预约 #12 张三 粤B12345`.
pub fn subject(r: &BookingRow, lang: crate::i18n::Lang) -> String {
    let mut s = format!("{} #{}", lang.t("预约", "Booking"), r.id);
    for part in [Some(&r.customer), r.plate.as_ref()].into_iter().flatten() {
        if !part.is_empty() {
            s.push(' ');
            s.push_str(&crate::text::inert(part));
        }
    }
    s
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_book;
