//! The tab's state machine: a message in, the tab's state changed and commands out. It
//! reads no store, terminal or clock; the runner (`run.rs`) answers each command with the
//! next message.

use super::{AppointmentsTab, Cmd, Msg, run};
use crate::domain::appointments::StoreSetup;
use crate::ui::desk::machine::{Machine, drive};
use crate::ui::desk::{Env, Out};

impl AppointmentsTab {
    /// Handles a message with the store at hand: runs what the tab asks until it asks for
    /// nothing more, and returns what it asks of the app. `keep` sees each command first
    /// and takes away those that run elsewhere (the loads thread: `None`).
    pub fn handle(
        &mut self,
        msg: Msg,
        env: &mut Env,
        setup: &StoreSetup,
        keep: &mut dyn FnMut(Cmd) -> Option<Cmd>,
    ) -> Vec<Out> {
        self.lang = env.lang;
        self.today = env.clock.today();
        self.tz = env.clock.tz();
        if self.setup.as_ref() != Some(setup) {
            self.setup = Some(setup.clone());
        }
        let mut outs = Vec::new();
        drive(self, msg, |cmd| {
            keep(cmd).and_then(|cmd| run::run(cmd, env, setup, &mut outs))
        });
        outs
    }

    /// Carries out one command taken away by `handle` (on any thread, with its own
    /// store): the answer for the tab, and what it asks of the app.
    pub fn carry(cmd: Cmd, env: &mut Env, setup: &StoreSetup) -> (Option<Msg>, Vec<Out>) {
        let mut outs = Vec::new();
        let answer = run::run(cmd, env, setup, &mut outs);
        (answer, outs)
    }

    /// Carries out `cmd` as if the tab had asked for it (another tab's request, a test
    /// that skips the form), then handles the answer.
    pub fn ask(&mut self, cmd: Cmd, env: &mut Env, setup: &StoreSetup) -> Vec<Out> {
        self.lang = env.lang;
        self.today = env.clock.today();
        self.tz = env.clock.tz();
        let mut outs = Vec::new();
        if let Some(answer) = run::run(cmd, env, setup, &mut outs) {
            outs.extend(self.handle(answer, env, setup, &mut Some));
        }
        outs
    }
}

impl Machine for AppointmentsTab {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter | Msg::Follow => self.reload().into_iter().collect(),
            Msg::Key(Some(action), _) => self.handle_action(action).into_iter().collect(),
            Msg::Key(None, key) => self.handle_text(key).into_iter().collect(),
            Msg::Paste(text) => self.handle_paste(&text).into_iter().collect(),
            Msg::Restore(draft) => self.restore_book(draft).into_iter().collect(),
            Msg::RestoreStep(draft) => self.restore_step(draft).into_iter().collect(),
            Msg::Loaded(l) => {
                let mut l = *l;
                // Read on the loads thread: the page only while the booking asked for is
                // still open, never back to an older version of it.
                if !l.page.as_ref().is_some_and(|p| self.follows(p)) {
                    l.page = None;
                }
                if let Some(new) = l.page.as_ref().and_then(|p| p.moved) {
                    self.moved_to(new);
                }
                let note = self.set_loaded(l.rows, l.week, l.arrivals, l.tomorrow, l.numbers);
                self.reopen_reminder();
                self.take_subject();
                let out: Vec<Cmd> = note.map(|n| Cmd::Out(Out::Status(n))).into_iter().collect();
                if let Some(p) = l.page {
                    self.show_detail(*p.detail);
                    if let Some(line) = p.page_line {
                        self.message = Some((line, true));
                    }
                    if let Some(line) = p.form_line {
                        self.step_changed(line);
                    }
                }
                out
            }
            Msg::Shown(d) => {
                self.show_detail(*d);
                let out = self.reopen_step().into_iter().collect();
                self.take_subject();
                out
            }
            Msg::Booked { id, date, line } => {
                // Said once: at the foot of the day it was booked on (not on the status
                // line as well).
                self.booked(date, line);
                self.pending_select = Some(id);
                self.reload().into_iter().collect()
            }
            Msg::BookRefused {
                why,
                confirm,
                free,
                note,
                created,
            } => {
                self.book_note = note;
                self.book_failed(why, confirm, free);
                // The new customer exists now: the form holds them as picked.
                created
                    .map(|(customer_id, vehicle_id)| Cmd::PickCustomer {
                        customer_id,
                        vehicle_id,
                    })
                    .into_iter()
                    .collect()
            }
            Msg::Stepped {
                line,
                page,
                confirmed,
            } => {
                self.stepped(line.clone());
                let mut out = Vec::new();
                match page {
                    Some(d) => self.show_detail(*d),
                    None => out.extend(self.reload()),
                }
                if confirmed && let Some(d) = &self.detail {
                    out.push(Cmd::Out(Out::Copy(d.confirmation.clone())));
                    // The step's own line goes to the status line: the page says the copy.
                    out.push(Cmd::Out(Out::Status(line)));
                    self.message = Some((
                        self.lang
                            .t(
                                "已确认，确认短信已复制到剪贴板",
                                "Confirmed; the confirmation text is on the clipboard",
                            )
                            .into(),
                        false,
                    ));
                }
                out
            }
            Msg::Reminded => {
                self.stepped(self.lang.t("已记录", "Recorded").into());
                self.reload().into_iter().collect()
            }
            Msg::Refused { why, stale } => {
                // Said once, in the tab: in the open form (it keeps what was typed), else
                // at the foot of the page or list; not on the status line as well.
                self.step_failed(why);
                if self.reminder_refused() {
                    return self.reload().into_iter().collect();
                }
                // Another agent's step came first: the refusal says what it was; show the
                // booking as it is now (a step form stays open with what was typed).
                if stale.is_none() {
                    return vec![];
                }
                // A step form on the page takes the booking as shown next, so its next
                // save, made knowing, goes.
                self.resubject = self.step.is_some();
                let mut out = Vec::new();
                // The page's booking (where a move since took it), not the one the form
                // opened on.
                match &self.detail {
                    Some(d) => out.push(Cmd::Open(d.booking.row.id)),
                    None => out.extend(self.reload()),
                }
                out
            }
            Msg::Hits(hits) => {
                self.set_customer_hits(hits);
                vec![]
            }
            Msg::Picked {
                customer,
                cars,
                vehicle_id,
                note,
            } => {
                self.set_pick(customer, cars, vehicle_id, note);
                vec![]
            }
        }
    }
}
