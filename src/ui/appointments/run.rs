//! The app's side of the Appointments tab: carrying out its requests against the store.

mod pick;

use super::{AppointmentsScreen, BookAsk, Detail, Request};
use crate::domain::appointments::{
    self as da, MessageCtx, NewBooking, Transition, Want, at_local, local,
};
use crate::i18n::Lang;
use crate::store::appointments::{self as sa, BookError};
use crate::store::{StoreError, search, vehicles};
use crate::ui::action::Tab;
use crate::ui::app::App;

impl App {
    pub(crate) fn apply_appointments(&mut self, request: Request) -> Result<(), StoreError> {
        match request {
            Request::Reload => self.reload_appointments(),
            Request::Open(id) => self.open_appointment(id),
            Request::Book(ask) => self.book_appointment(*ask),
            Request::Step { id, version, step } => self.appointment_step(id, version, step),
            Request::LookupCustomer(q) => {
                self.appointments.book_note = Some(self.customer_note(&q)?.0);
                Ok(())
            }
            Request::FindCustomer(q) => self.find_booking_customer(&q),
            Request::PickCustomer {
                customer_id,
                vehicle_id,
            } => self.pick_booking_customer(customer_id, vehicle_id),
            Request::Reschedule {
                id,
                version,
                start,
                advisor,
                bay,
                note,
                overbook,
            } => {
                let lang = self.lang;
                let actor = self.actor();
                let now = self.clock.now();
                let tz = self.store_setup.tz;
                let start = at_local(tz, start.date(), start.time());
                let to = sa::Reschedule {
                    start,
                    minutes: None,
                    advisor,
                    bay,
                    parts_late_ok: false,
                    note,
                };
                match sa::reschedule_seen(
                    &mut self.db,
                    actor,
                    &self.store_setup,
                    id,
                    version,
                    to,
                    now,
                    overbook,
                ) {
                    Ok(new_id) => {
                        let msg = match lang {
                            Lang::Zh => format!("已改期为预约 #{new_id}（原预约保留记录）"),
                            Lang::En => format!("Moved to booking #{new_id} (the old one is kept)"),
                        };
                        self.appointments.stepped(msg.clone());
                        self.load_detail(new_id)?;
                        self.status = Some((msg, false));
                        Ok(())
                    }
                    Err(BookError::Store(e)) => Err(e),
                    Err(e) => {
                        self.appointments.step_failed(e.message(lang));
                        Ok(())
                    }
                }
            }
            Request::Reminder {
                id,
                version,
                outcome,
            } => {
                let lang = self.lang;
                let actor = self.actor();
                let now = self.clock.now();
                match sa::record_reminder_outcome_seen(
                    &mut self.db,
                    actor,
                    &self.store_setup,
                    (id, version),
                    outcome,
                    now,
                ) {
                    Ok(()) => {
                        self.appointments
                            .stepped(lang.t("已记录", "Recorded").into());
                        self.reload_appointments()
                    }
                    Err(sa::StepError::Store(e)) => Err(e),
                    Err(e) => {
                        self.appointments.step_failed(e.message(lang));
                        Ok(())
                    }
                }
            }
        }
    }

    /// Reloads what the tab shows (at start, on others' changes, on request). Bookings
    /// past their grace period are marked as no-shows first.
    pub(crate) fn reload_appointments(&mut self) -> Result<(), StoreError> {
        if !self.db.is_read_only() {
            sa::mark_no_shows(&mut self.db, self.clock.now(), self.store_setup.grace)?;
        }
        if self.appointments.setup.as_ref() != Some(&self.store_setup) {
            self.appointments.setup = Some(self.store_setup.clone());
        }
        let tz = self.store_setup.tz;
        let day = self.appointments.day.unwrap_or_else(|| self.clock.today());
        // The open booking, moved by another agent: the page follows to the booking it
        // moved to (and the list highlights that one).
        let open = self
            .appointments
            .detail
            .as_ref()
            .map(|d| (d.booking.row.id, d.booking.row.version));
        let now_id = match open {
            Some((id, _)) => Some(self.moved_to(id)?),
            None => None,
        };
        if let (Some((id, _)), Some(new)) = (open, now_id)
            && new != id
        {
            self.appointments.moved_to(new);
        }
        let conn = self.db.conn();
        let rows = sa::day(conn, day, tz)?;
        let week = sa::week_counts(conn, AppointmentsScreen::monday_of(day), tz)?;
        let arrivals = sa::arrivals(conn, day, tz)?;
        let tomorrow = sa::confirm_tomorrow(conn, day, tz)?;
        let monday = AppointmentsScreen::monday_of(day);
        let sunday = monday
            .checked_add_days(chrono::Days::new(6))
            .unwrap_or(monday);
        let numbers = sa::numbers(conn, monday, sunday, tz)?;
        let note = self
            .appointments
            .set_loaded(rows, week, arrivals, tomorrow, numbers, self.lang);
        if let Some(line) = note {
            self.note(line);
        }
        if let (Some((id, shown)), Some(now_id)) = (open, now_id) {
            self.load_detail(now_id)?;
            if now_id != id {
                let line = self.change_line(id, Some(now_id))?;
                self.appointments.message = Some((line, true));
            }
            self.tell_form_of_change(id, shown)?;
        }
        Ok(())
    }

    /// Where booking `id` is now: itself, or the booking it was rescheduled to (followed
    /// through every move).
    fn moved_to(&self, id: i64) -> Result<i64, StoreError> {
        let conn = self.db.conn();
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
    fn change_line(&self, id: i64, moved: Option<i64>) -> Result<String, StoreError> {
        let conn = self.db.conn();
        let change = crate::store::stale::last_audited(conn, "appointment", id)?;
        let lang = self.lang;
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
                let at = local(self.store_setup.tz, b.row.start).format("%Y-%m-%d %H:%M");
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

    fn load_detail(&mut self, id: i64) -> Result<(), StoreError> {
        let conn = self.db.conn();
        let booking = sa::get(conn, id)?;
        let events = sa::events(conn, id)?;
        let no_shows = sa::no_show_count(conn, booking.row.customer_id)?;
        let confirmation = match &booking.confirmation {
            Some(c) => c.clone(),
            None => da::confirmation_text(
                &self.store_setup,
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
        self.appointments.show_detail(Detail {
            booking,
            events,
            no_shows,
            confirmation,
        });
        Ok(())
    }

    fn open_appointment(&mut self, id: i64) -> Result<(), StoreError> {
        self.tab = Tab::Appointments;
        self.load_detail(id)
    }

    /// Who `q` finds for a booking, with their no-shows; and the hit.
    pub(crate) fn customer_note(
        &self,
        q: &str,
    ) -> Result<(String, Option<search::Hit>), StoreError> {
        let lang = self.lang;
        let conn = self.db.conn();
        let Some(hit) = search::search(conn, q, 1)?.into_iter().next() else {
            return Ok((
                match lang {
                    Lang::Zh => format!("找不到客户：{q}"),
                    Lang::En => format!("No customer matches {q}"),
                },
                None,
            ));
        };
        let no_shows = sa::no_show_count(conn, hit.customer_id)?;
        let who = format!(
            "{} {}",
            hit.name,
            hit.plate
                .as_deref()
                .unwrap_or(lang.t("（无车牌）", "(no plate)"))
        );
        let note = match lang {
            Lang::Zh => format!("客户：{who}，爽约记录 {no_shows} 次"),
            Lang::En => format!("Customer: {who}, no-shows so far: {no_shows}"),
        };
        Ok((note, Some(hit)))
    }

    /// A customer not on file, created from "name mobile" and the car's plate, VIN and
    /// model, validated like the archive's forms. Returns them as a search hit.
    fn quick_customer(
        &mut self,
        text: &str,
        car: &(String, String, String),
    ) -> Result<search::Hit, String> {
        use crate::domain::validate;
        let lang = self.lang;
        let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
        let name: String = text
            .chars()
            .filter(|c| !c.is_ascii_digit() && *c != '+')
            .collect::<String>()
            .trim()
            .to_string();
        let name = validate::validate_name(&name).map_err(|e| e.message(lang))?;
        let mobile = validate::normalize_mobile(&digits).map_err(|e| e.message(lang))?;
        let (vin, check_ok) = validate::normalize_vin(&car.1).map_err(|e| e.message(lang))?;
        let plate = if car.0.is_empty() {
            None
        } else {
            Some(validate::normalize_plate(&car.0).map_err(|e| e.message(lang))?)
        };
        let actor = self.actor();
        let c = crate::domain::archive::CustomerData {
            name: name.clone(),
            mobile: Some(mobile.clone()),
            ..Default::default()
        };
        let cid = crate::store::customers::create(&mut self.db, actor, &c)
            .map_err(|e| e.message(lang))?;
        let v = crate::domain::archive::VehicleData {
            vin: vin.clone(),
            vin_check_ok: check_ok,
            plate: plate.clone(),
            model: car.2.clone(),
            ..Default::default()
        };
        let vid = vehicles::create(&mut self.db, actor, cid, &v).map_err(|e| e.message(lang))?;
        Ok(search::Hit {
            customer_id: cid,
            vehicle_id: Some(vid),
            name,
            mobile: Some(mobile),
            plate,
            vin: Some(vin),
            car: car.2.clone(),
            vehicles: 1,
            matched: search::MatchKind::Recent,
        })
    }

    fn book_appointment(&mut self, ask: BookAsk) -> Result<(), StoreError> {
        let lang = self.lang;
        let (note, hit) = match ask.picked {
            // Picked from the list: that customer and car, as the form says.
            Some((customer_id, vehicle_id)) => (
                self.appointments.book_note.clone().unwrap_or_default(),
                Some(self.picked_hit(customer_id, vehicle_id)?),
            ),
            None => self.customer_note(&ask.customer)?,
        };
        let hit = match (hit, &ask.new_car) {
            (Some(h), _) => h,
            (None, Some(car)) => match self.quick_customer(&ask.customer, car) {
                Ok(h) => h,
                Err(msg) => {
                    self.appointments.book_failed(msg, false, Vec::new());
                    return Ok(());
                }
            },
            (None, None) => {
                self.appointments.book_note = None;
                self.appointments.book_failed(note, false, Vec::new());
                return Ok(());
            }
        };
        let conn = self.db.conn();
        let vehicle = match hit.vehicle_id {
            Some(v) => Some(v),
            None => vehicles::of_customer(conn, hit.customer_id)?
                .first()
                .map(|v| v.id),
        };
        self.appointments.book_note = Some(note.clone());
        let Some(vehicle_id) = vehicle else {
            self.appointments.book_failed(
                lang.t("该客户没有登记车辆", "The customer has no vehicle on file")
                    .into(),
                false,
                Vec::new(),
            );
            return Ok(());
        };
        let setup = &self.store_setup;
        let tz = setup.tz;
        let start = at_local(tz, ask.start.date(), ask.start.time());
        let mut b = NewBooking {
            customer_id: hit.customer_id,
            vehicle_id,
            channel: ask.channel,
            services: ask.services,
            need: ask.need,
            parts: ask.parts,
            advisor: ask.advisor,
            bay: ask.bay,
            start,
            minutes: ask.minutes,
            transport: ask.transport,
            parts_late_ok: ask.parts_late_ok,
            items: ask.items.clone(),
            history: ask.history.clone(),
            declined: ask
                .declined
                .iter()
                .map(|(item, deferred, reason)| da::Declined {
                    item: item.clone(),
                    deferred: *deferred,
                    reason: reason.clone(),
                })
                .collect(),
            ..Default::default()
        };
        if b.advisor.is_empty() || b.bay.is_empty() {
            let date = local(tz, start).date();
            let existing = sa::holding(conn, tz, date, date)?;
            let want = Want::of(setup, &b);
            let (advisor, bay) = da::pick_free(setup, &want, &existing).unwrap_or_else(|| {
                (
                    setup.advisors.first().cloned().unwrap_or_default(),
                    setup.bays.first().cloned().unwrap_or_default(),
                )
            });
            if b.advisor.is_empty() {
                b.advisor = advisor;
            }
            if b.bay.is_empty() {
                b.bay = bay;
            }
        }
        let actor = self.actor();
        let now = self.clock.now();
        match sa::book(
            &mut self.db,
            actor,
            &self.store_setup,
            b,
            now,
            ask.overbook.clone(),
        ) {
            Ok(id) => {
                let date = local(tz, start).date();
                let msg = match lang {
                    Lang::Zh => format!("预约 #{id} 已保存。{note}"),
                    Lang::En => format!("Booking #{id} saved. {note}"),
                };
                self.appointments.booked(date, msg.clone());
                self.appointments.pending_select = Some(id);
                self.reload_appointments()?;
                self.status = Some((msg, false));
                Ok(())
            }
            Err(BookError::Store(e)) => Err(e),
            // A clash: the reasons, and the free slots listed under the form, a key each.
            Err(BookError::Refused { limits, free }) if !free.is_empty() => {
                let why: Vec<String> = limits.iter().map(|l| l.message(lang)).collect();
                let msg = format!(
                    "{}{}{}",
                    lang.t("无法预约：", "Cannot book: "),
                    why.join(lang.t("；", "; ")),
                    lang.t(
                        "。可约时段见下，按数字键选用",
                        ". Free slots below: a number key takes one",
                    )
                );
                self.appointments.book_failed(msg, false, free);
                Ok(())
            }
            Err(e) => {
                let confirm = matches!(e, BookError::NeedsConfirmation(_));
                let mut msg = e.message(lang);
                if confirm {
                    msg.push_str(lang.t(
                        "。确认仍要预约请再按 Ctrl-S",
                        ". Press Ctrl-S again to book anyway",
                    ));
                }
                self.appointments.book_failed(msg, confirm, Vec::new());
                Ok(())
            }
        }
    }

    /// The booking under an open step form changed since the form opened (another agent's
    /// step or move): the form says who did what, and offers Ctrl-R to load the new values
    /// (what was typed is kept); the page shows the booking as it is now.
    fn tell_form_of_change(&mut self, id: i64, shown: i64) -> Result<(), StoreError> {
        let now = self
            .appointments
            .detail
            .as_ref()
            .map(|d| (d.booking.row.id, d.booking.row.version));
        if now == Some((id, shown)) || self.appointments.step.is_none() {
            return Ok(());
        }
        let moved = now.map(|(n, _)| n).filter(|n| *n != id);
        let mut line = self.change_line(id, moved)?;
        // The key as the key table has it.
        let key = crate::ui::keymap::BINDINGS
            .iter()
            .find(|b| b.action == crate::ui::action::Action::ReloadRecord)
            .and_then(|b| b.keys.first())
            .map(|k| k.label())
            .unwrap_or_default();
        line.push_str(&match self.lang {
            Lang::Zh => format!("。{key} 载入新内容（保留您填的）"),
            Lang::En => format!(". {key} loads it (what you typed is kept)"),
        });
        self.appointments.step_changed(line);
        Ok(())
    }

    fn appointment_step(
        &mut self,
        id: i64,
        version: i64,
        step: Transition,
    ) -> Result<(), StoreError> {
        let lang = self.lang;
        let actor = self.actor();
        let now = self.clock.now();
        let confirm = step == Transition::Confirm;
        let from_list = self.appointments.detail.is_none();
        let setup = &self.store_setup;
        match sa::transition_seen(&mut self.db, actor, setup, id, version, step, now) {
            Ok(to) => {
                let msg = format!("{}{}", lang.t("已记录：", "Recorded: "), to.label(lang));
                self.appointments.stepped(msg.clone());
                if from_list {
                    self.reload_appointments()?;
                } else {
                    self.load_detail(id)?;
                }
                if confirm && let Some(d) = &self.appointments.detail {
                    self.clipboard = Some(d.confirmation.clone());
                    self.appointments.message = Some((
                        lang.t(
                            "已确认，确认短信已复制到剪贴板",
                            "Confirmed; the confirmation text is on the clipboard",
                        )
                        .into(),
                        false,
                    ));
                }
                self.status = Some((msg, false));
                Ok(())
            }
            // Another agent's step came first: say what it was, and show the booking as it
            // is now (a step form stays open with what was typed).
            Err(sa::StepError::Store(e @ StoreError::Said { .. })) => {
                self.appointments.step_failed(e.message(lang));
                self.status = Some((e.message(lang), true));
                if from_list {
                    self.reload_appointments()
                } else {
                    self.load_detail(id)
                }
            }
            Err(sa::StepError::Store(e)) => Err(e),
            Err(e) => {
                self.appointments.step_failed(e.message(lang));
                Ok(())
            }
        }
    }
}
