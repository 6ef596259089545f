//! Input that does not go through the key table: pasted text, the sign-in prompt and the
//! global search popup's query.

use super::action::Tab;
use super::app::{App, Overlay};
use crate::i18n::Lang;
use crate::store::{agents, search};
use tui_input::Input;

impl App {
    pub(super) fn on_paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::FirstRun(_)) => self.first_run_paste(text),
            Some(Overlay::Audit(_)) => self.audit_run(super::audit::Msg::Paste(text.to_string())),
            Some(Overlay::Search(gs)) => {
                let one: String = text.chars().filter(|c| !c.is_control()).take(100).collect();
                gs.input = Input::new(format!("{}{one}", gs.input.value()));
                self.run_global_search();
            }
            None if self.tab == Tab::Customers => {
                self.customers_run(super::customers::Msg::Paste(text.to_string()))
            }
            None if self.tab == Tab::Appointments => {
                self.appointments_run(super::appointments::Msg::Paste(text.to_string()))
            }
            None if self.tab == Tab::Callbacks => {
                self.callbacks_run(super::callbacks::Msg::Paste(text.to_string()))
            }
            None if self.tab == Tab::Complaints => {
                self.complaints_run(crate::ui::complaints::Msg::Paste(text.to_string()))
            }
            None if self.tab == Tab::Reports => {
                self.reports_send(super::reports::Msg::Paste(text.to_string()))
            }
            None if self.tab == Tab::Desk => self.desk_run(|d, env| d.paste(text, env)),
            None if self.tab == Tab::Calls => {
                self.calls_run(super::calls::Msg::Paste(text.to_string()))
            }
            _ => {}
        }
    }

    pub(super) fn login(&mut self, emp_no: &str) {
        let me = agents::claim::Me::current(self.db.path());
        let found = agents::by_emp_no(&self.db, emp_no).and_then(|a| match a {
            Some(a) if a.active => Ok(agents::claim::check(&self.db, &a, &me)?
                .map(|()| a)
                .map_err(|r| r.message(self.lang))),
            _ => Ok(Err(match self.lang {
                Lang::Zh => format!("工号 {emp_no} 不存在或已停用"),
                Lang::En => format!("No active agent with employee number {emp_no}"),
            })),
        });
        match found {
            Ok(Ok(a)) => {
                self.agent = Some(a);
                self.overlay = None;
                self.offer_draft();
            }
            Ok(Err(msg)) => {
                if let Some(Overlay::Login { error, .. }) = &mut self.overlay {
                    *error = Some(msg);
                }
            }
            Err(e) => self.status = Some((e.message(self.lang), true)),
        }
    }

    pub(super) fn run_global_search(&mut self) {
        if let Some(Overlay::Search(gs)) = &mut self.overlay {
            match search::search(self.db.conn(), gs.input.value(), 20) {
                Ok(h) => gs.hits = h,
                Err(e) => self.status = Some((e.message(self.lang), true)),
            }
        }
    }
}
