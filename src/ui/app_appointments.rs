//! The app's side of the Appointments tab: carrying out its requests against the store.

use super::action::Tab;
use super::app::App;
use super::screens::appointments::{AppointmentsScreen, BookAsk, Detail, Request};
use crate::domain::appointments::{
    self as da, MessageCtx, NewBooking, Transition, Want, at_local, local,
};
use crate::i18n::Lang;
use crate::store::appointments::{self as sa, BookError};
use crate::store::{StoreError, search, vehicles};

impl App {
    pub(super) fn apply_appointments(&mut self, request: Request) -> Result<(), StoreError> {
        match request {
            Request::Reload => self.reload_appointments(),
            Request::Open(id) => self.open_appointment(id),
            Request::Book(ask) => self.book_appointment(*ask),
            Request::Step { id, version, step } => self.appointment_step(id, version, step),
            Request::LookupCustomer(q) => {
                self.appointments.book_note = Some(self.customer_note(&q)?.0);
                Ok(())
            }
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
    pub(super) fn reload_appointments(&mut self) -> Result<(), StoreError> {
        if !self.db.is_read_only() {
            sa::mark_no_shows(&mut self.db, self.clock.now(), self.store_setup.grace)?;
        }
        if self.appointments.setup.as_ref() != Some(&self.store_setup) {
            self.appointments.setup = Some(self.store_setup.clone());
        }
        let tz = self.store_setup.tz;
        let day = self.appointments.day.unwrap_or_else(|| self.clock.today());
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
        if let Some(d) = &self.appointments.detail {
            let (id, shown) = (d.booking.row.id, d.booking.row.version);
            self.load_detail(id)?;
            self.tell_form_of_change(id, shown)?;
        }
        Ok(())
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
    fn customer_note(&self, q: &str) -> Result<(String, Option<search::Hit>), StoreError> {
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
        let (note, hit) = self.customer_note(&ask.customer)?;
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
    /// step): the form says who did what; the page shows the booking as it is now, and the
    /// step is taken on that.
    fn tell_form_of_change(&mut self, id: i64, shown: i64) -> Result<(), StoreError> {
        let now = self
            .appointments
            .detail
            .as_ref()
            .map(|d| d.booking.row.version);
        if now == Some(shown) || self.appointments.step.is_none() {
            return Ok(());
        }
        let change = crate::store::stale::last_audited(self.db.conn(), "appointment", id)?;
        let what = match self.lang {
            Lang::Zh => format!("预约 #{id}"),
            Lang::En => format!("Booking {id}"),
        };
        let line = match (change, self.lang) {
            (Some(c), Lang::Zh) => format!(
                "{what} 刚被 {} 更改（{}）：请核对上方页面，再保存",
                c.who.unwrap_or_else(|| "系统".into()),
                c.zh
            ),
            (Some(c), Lang::En) => format!(
                "{what} was just changed by {} ({}): check the page, then save",
                c.who.unwrap_or_else(|| "the system".into()),
                c.en
            ),
            (None, Lang::Zh) => format!("{what} 刚被他人更改：请核对上方页面，再保存"),
            (None, Lang::En) => format!("{what} was just changed: check the page, then save"),
        };
        if let Some((_, f)) = &mut self.appointments.step {
            f.message = Some((line, true));
        }
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
