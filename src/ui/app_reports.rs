//! Routing for the Reports tab: messages go to its state machine, and its commands are
//! carried out — jobs on the worker thread (or here, with no worker), opening a record
//! on another tab here. The tab handles every answer itself.

use super::action::Tab;
use super::app::App;
use super::desk::Out;
use super::machine::Machine;
use super::reports::{Cmd, Msg, Now, run};

impl App {
    /// Feeds a message to the Reports tab and carries out what it asks, until it asks
    /// for nothing more.
    pub(super) fn reports_send(&mut self, first: Msg) {
        let mut queue = std::collections::VecDeque::from([first]);
        while let Some(msg) = queue.pop_front() {
            for cmd in self.reports.update(msg) {
                if let Some(answer) = self.reports_carry(cmd) {
                    queue.push_back(answer);
                }
            }
        }
    }

    pub(super) fn reports_now(&self) -> Now {
        Now {
            today: self.clock.today(),
            lang: self.lang,
        }
    }

    fn reports_carry(&mut self, cmd: Cmd) -> Option<Msg> {
        match cmd {
            Cmd::CountBoard => self.count_board().map(Msg::Board),
            Cmd::Compute { generation, job } => {
                let env = self.reports_env();
                match &mut self.background {
                    Some(bg) => {
                        bg.submit(generation, Box::new(move |db| run::compute(db, job, &env)));
                        None
                    }
                    None => Some(Msg::Done {
                        generation,
                        outcome: run::compute(&mut self.db, job, &env),
                    }),
                }
            }
            Cmd::Cancel { generation } => {
                if let Some(bg) = &mut self.background {
                    bg.cancel(generation);
                }
                None
            }
            Cmd::OpenCustomer(id) => {
                self.open_customer(id);
                self.return_to = Some(Tab::Reports);
                None
            }
            Cmd::OpenComplaint(id) => {
                self.tab = Tab::Complaints;
                self.carry_out(vec![Out::OpenComplaint(id)]);
                self.return_to = Some(Tab::Reports);
                None
            }
        }
    }

    fn reports_env(&self) -> run::Env {
        run::Env {
            lang: self.lang,
            tz: self.clock.tz(),
            now: self.clock.now(),
            templates: self.templates.clone(),
            calendar: self.calendar.clone(),
            sla: self.sla.clone(),
            rules: self.callback_rules.clone(),
            churn_months: self.settings.churn_months,
            store: self.store_name(),
            writer: self.export_writer(),
        }
    }

    /// Recounts the today board (cheap: indexed counts over today's range).
    pub fn reload_board(&mut self) {
        if let Some(b) = self.count_board() {
            self.reports_send(Msg::Board(b));
        }
    }

    fn count_board(&self) -> Option<crate::store::board::Board> {
        use chrono::TimeZone;
        let day = self.clock.today().and_time(chrono::NaiveTime::MIN);
        let start = self.clock.tz().from_local_datetime(&day).earliest()?;
        match crate::store::board::today(
            self.db.conn(),
            start.with_timezone(&chrono::Utc),
            self.clock.now(),
        ) {
            Ok(b) => Some(crate::store::board::Board {
                complaints_overdue: self.complaints.overdue() as i64,
                ..b
            }),
            Err(e) => {
                tracing::warn!("board: {}", e.message(crate::i18n::Lang::En));
                None
            }
        }
    }

    /// Starts the worker threads: from here on reports and callback planning run off the
    /// app's thread. (Without it, as in tests that drive `App` directly, they run inline.)
    pub fn start_background(&mut self) {
        match super::background::Background::start(&self.db) {
            Ok(bg) => self.background = Some(bg),
            Err(e) => tracing::warn!("background worker: {}", e.message(crate::i18n::Lang::En)),
        }
    }

    /// A job or planning runs in the background: the loop looks for answers often.
    pub fn waiting(&self) -> bool {
        self.background.as_ref().is_some_and(|b| b.waiting())
    }

    /// Takes in what the background threads answered, and tells the tab how long its job
    /// has run. Returns whether anything on screen may have changed.
    pub fn pump(&mut self) -> bool {
        use super::background::Reply;
        let Some(bg) = &mut self.background else {
            return false;
        };
        let replies = bg.replies();
        let running = bg.running();
        let mut changed = !replies.is_empty();
        for r in replies {
            match r {
                Reply::Reports {
                    generation,
                    outcome,
                } => self.reports_send(Msg::Done {
                    generation,
                    outcome: *outcome,
                }),
                Reply::Planned => self.planned(),
            }
        }
        if let Some((generation, ms)) = running
            && ms >= super::reports::SHOW_ELAPSED_MS
        {
            self.reports_send(Msg::Elapsed { generation, ms });
            changed = true;
        }
        changed
    }
}
