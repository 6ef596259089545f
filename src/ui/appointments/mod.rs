//! The 预约 Appointments tab: the day timeline (a column per advisor or per bay, a row per
//! slot), the week overview, the day's arrivals with waiting times, a booking's detail with
//! its lifecycle steps, and the booking form.

mod actions;
mod drafted;
mod export;
mod follow;
mod form;
mod keys;
mod msg;
mod offers;
mod pick;
mod run;
pub use run::lane;
mod services;
mod update;
mod view;

pub use drafted::StepRestore;
pub use msg::{BookAsk, Cmd, Loaded, Msg};
pub use pick::{Picked, Picker};

use crate::domain::appointments::{FreeSlot, Numbers, StoreSetup};
use crate::i18n::Lang;
use crate::store::appointments::{Booking, BookingRow, DayCount, EventRow, ReminderRow};
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use chrono::{Datelike, Days, NaiveDate};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepForm {
    Complete(i64),
    Cancel(i64),
    /// A reminder's outcome (by reminder id).
    Reminder(i64),
    Reschedule(i64),
}

impl StepForm {
    /// The same form on booking `id` (a reminder's form names its reminder: kept).
    pub fn on(self, id: i64) -> StepForm {
        match self {
            StepForm::Complete(_) => StepForm::Complete(id),
            StepForm::Cancel(_) => StepForm::Cancel(id),
            StepForm::Reschedule(_) => StepForm::Reschedule(id),
            StepForm::Reminder(r) => StepForm::Reminder(r),
        }
    }
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

/// The Appointments tab.
#[derive(Debug)]
pub struct AppointmentsTab {
    mode: Mode,
    view: View,
    /// Columns are bays (else advisors).
    by_bay: bool,
    /// The day shown (None: today).
    day: Option<NaiveDate>,
    /// The store's setup (the app copies it in on reload).
    setup: Option<StoreSetup>,
    rows: Vec<BookingRow>,
    week: Vec<DayCount>,
    arrivals: Vec<BookingRow>,
    /// The "confirm tomorrow" list (tomorrow of the shown day).
    tomorrow: Vec<ReminderRow>,
    /// The numbers of the shown week.
    numbers: Option<Numbers>,
    /// The highlighted booking (a reminder in the "confirm tomorrow" list), kept across
    /// steps, reloads and re-sorts.
    selected: Selection<i64>,
    /// A booking to highlight once the list has it (the one just booked or shown).
    pending_select: Option<i64>,
    /// First slot row shown in the timeline.
    scroll: usize,
    /// The timeline keeps the selected booking in sight (off after PageUp/PageDown).
    follow: bool,
    detail: Option<Detail>,
    detail_scroll: usize,
    book: Option<Form>,
    /// The customer resolved for the form (name, plate, no-shows).
    book_note: Option<String>,
    /// The booking form's customer picker.
    pick: Picker,
    /// The last save asked to confirm late parts: the next save books anyway.
    late_ok: bool,
    /// The free slots offered when the last save clashed (a key takes one).
    offers: Vec<FreeSlot>,
    /// The offers have the keys (`1`–`3` take one, Esc goes back to the form).
    offering: bool,
    step: Option<(StepForm, Form)>,
    /// A step form's draft waiting for its booking's page to load.
    restoring: Option<StepRestore>,
    /// The step form as built from the booking it opened on (what another agent's change
    /// is measured against).
    step_base: Option<Form>,
    /// Another agent changed the booking under the open step form: Ctrl-R loads it.
    step_stale: bool,
    /// The booking a reminder form opened from the "confirm tomorrow" list acts on, as its
    /// title names it and at the version it was opened on (kept if the list reloads and
    /// the highlight moves on), so another agent's step since is refused, naming it.
    step_subject: Option<BookingRow>,
    /// The booking (id, version) a step form on its page opened on, or its draft was typed
    /// on: the save names that version (not the page's as reloaded since), so another
    /// agent's step meanwhile is refused, naming it.
    step_seen: Option<(i64, i64)>,
    /// A step form's save was refused for another agent's step: its booking is taken as
    /// the next list (a reminder) or page shows it, so the next save, made knowing, goes.
    resubject: bool,
    /// A message on the page (a refusal, or what was done).
    message: Option<(String, bool)>,
    esc_armed: bool,
    /// The language, today (store-local) and the store's zone of the message being
    /// handled (injected, never read here).
    lang: Lang,
    today: NaiveDate,
    tz: chrono_tz::Tz,
}

impl Default for AppointmentsTab {
    fn default() -> Self {
        AppointmentsTab {
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
            restoring: None,
            step_base: None,
            step_stale: false,
            step_subject: None,
            step_seen: None,
            resubject: false,
            message: None,
            esc_armed: false,
            lang: Lang::Zh,
            today: NaiveDate::MIN,
            tz: chrono_tz::Tz::UTC,
        }
    }
}

impl AppointmentsTab {
    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::View => vec![Scope::Appointments, Scope::Global],
            Mode::Detail => vec![Scope::AppointmentDetail, Scope::Global],
            Mode::Book if self.offering => vec![Scope::SlotOffer, Scope::Global],
            Mode::Book if self.picker_open() => keymap::form_scopes(
                self.book.as_ref(),
                &[Scope::CustomerPicker, Scope::Form, Scope::Global],
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
    pub fn shown_day(&self) -> NaiveDate {
        self.day_or(self.today)
    }

    /// The day shown, `today` unless the user moved (views draw with the clock's today).
    fn day_or(&self, today: NaiveDate) -> NaiveDate {
        self.day.unwrap_or(today)
    }

    /// The Monday of the shown day's week.
    pub fn monday_of(day: NaiveDate) -> NaiveDate {
        day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
            .unwrap_or(day)
    }

    /// What the app loaded for the shown day.
    fn set_loaded(
        &mut self,
        rows: Vec<BookingRow>,
        week: Vec<DayCount>,
        arrivals: Vec<BookingRow>,
        tomorrow: Vec<ReminderRow>,
        numbers: Numbers,
    ) -> Option<String> {
        let lang = self.lang;
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

    fn show_detail(&mut self, d: Detail) {
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
    fn booked(&mut self, date: NaiveDate, msg: String) {
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
    fn book_failed(&mut self, msg: String, needs_confirmation: bool, free: Vec<FreeSlot>) {
        self.late_ok = needs_confirmation;
        self.offering = !free.is_empty();
        self.offers = free;
        if let Some(f) = &mut self.book {
            f.message = Some((msg, true));
        }
    }

    /// A step was recorded: close its form.
    fn stepped(&mut self, msg: String) {
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
    fn step_failed(&mut self, msg: String) {
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

    /// The booking whose page is open.
    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    /// The highlighted booking (a reminder in the "confirm tomorrow" list).
    pub fn selected_id(&self) -> Option<i64> {
        self.selected.id().copied()
    }

    /// The booking form, while it is open.
    pub fn book_form(&self) -> Option<&Form> {
        self.book.as_ref()
    }

    /// The open step form and what it does.
    pub fn step_form(&self) -> Option<(StepForm, &Form)> {
        self.step.as_ref().map(|(k, f)| (*k, f))
    }

    /// Another agent changed the booking under the open step form (Ctrl-R loads it).
    pub fn step_stale(&self) -> bool {
        self.step_stale
    }

    /// The free slots offered after a clash, while they have the keys.
    pub fn offers(&self) -> Option<&[FreeSlot]> {
        self.offering.then_some(self.offers.as_slice())
    }

    /// The customer and car picked in the booking form.
    pub fn picked(&self) -> Option<&Picked> {
        self.pick.picked.as_ref()
    }

    /// The view's rows as it shows them, for `Ctrl-E`.
    fn shown(&self) -> export::Shown {
        match self.view {
            View::Day => export::Shown::Day(self.rows.clone()),
            View::Arrivals => export::Shown::Arrivals(self.arrivals.clone()),
            View::Week => export::Shown::Week(self.week.clone()),
            View::Tomorrow => export::Shown::Tomorrow(self.tomorrow.clone()),
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        lang: Lang,
        clock: &crate::clock::Clock,
        theme: &Theme,
    ) {
        view::render(self, frame, area, &view::Ctx { lang, clock }, theme);
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
#[cfg(test)]
mod tests_follow;
#[cfg(test)]
mod tests_loads;
#[cfg(test)]
mod tests_steps;
