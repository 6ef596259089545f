//! Carries the first-run setup's commands out: the one transaction that saves the store,
//! its first supervisor and its advisors; signing in; leaving.

use super::{Cmd, Msg};
use crate::domain::store_fields as sf;
use crate::i18n::Lang;
use crate::ui::action::Action;
use crate::ui::app::{App, Overlay};
use crate::ui::desk::machine::drive;
use crossterm::event::KeyEvent;

impl App {
    /// A brand-new store's setup left half-filled by a dropped session: its typing is put
    /// back at once (there is nothing else to offer before anyone signs in).
    pub(in crate::ui) fn resume_first_run(&mut self) {
        if matches!(self.overlay, Some(Overlay::FirstRun(_)))
            && let Some(d) = self.pending_draft()
        {
            self.restore_draft(&d);
        }
    }

    pub(in crate::ui) fn first_run_key(&mut self, action: Option<Action>, key: KeyEvent) {
        let msg = match action {
            Some(a) => Msg::Action(a),
            None => Msg::Text(key),
        };
        self.first_run_step(msg);
    }

    pub(in crate::ui) fn first_run_paste(&mut self, text: &str) {
        self.first_run_step(Msg::Paste(text.to_string()));
    }

    fn first_run_step(&mut self, msg: Msg) {
        let Some(Overlay::FirstRun(mut fr)) = self.overlay.take() else {
            return;
        };
        let mut done = false;
        drive(&mut fr, msg, |cmd| self.first_run_cmd(cmd, &mut done));
        if !done {
            self.overlay = Some(Overlay::FirstRun(fr));
        }
    }

    fn first_run_cmd(&mut self, cmd: Cmd, done: &mut bool) -> Option<Msg> {
        let lang = self.lang;
        match cmd {
            Cmd::Save {
                store_name,
                address,
                phone,
                emp_no,
                name,
                advisors,
            } => Some(
                match self.first_run_save([&store_name, &address, &phone], &emp_no, &name, advisors)
                {
                    Ok(agent) => Msg::Saved(agent),
                    Err(why) => Msg::Refused(why),
                },
            ),
            Cmd::SignIn(agent) => {
                // The setup's draft was kept under the operating-system user: done with.
                let owner = self.draft_owner();
                if let Err(e) = crate::store::drafts::delete(&mut self.db, &owner) {
                    tracing::warn!("first-run draft not dropped: {}", e.message(lang));
                }
                self.saved_draft_body = None;
                self.status = Some((
                    match lang {
                        Lang::Zh => format!(
                            "本店已设置好，{} 以主管身份登录；更多设置见 7 更多 → 设置",
                            crate::text::inert(&agent.name)
                        ),
                        Lang::En => format!(
                            "The store is set up; {} is signed in as supervisor. More in 7 More → Settings",
                            crate::text::inert(&agent.name)
                        ),
                    },
                    false,
                ));
                self.agent = Some(agent);
                self.follow_setup();
                *done = true;
                None
            }
            Cmd::Quit => {
                // Left on purpose: "nothing is saved", the typing included.
                self.discard_draft = true;
                self.quit = true;
                *done = true;
                None
            }
        }
    }

    /// The store's file with its name, address, phone and advisors, then the one
    /// transaction.
    fn first_run_save(
        &mut self,
        [store_name, address, phone]: [&str; 3],
        emp_no: &str,
        name: &str,
        advisors: Vec<String>,
    ) -> Result<crate::store::agents::Agent, String> {
        let lang = self.lang;
        let stored = crate::store::settings::files(self.db.conn());
        let (base, _) =
            crate::setup::text_of(&stored, self.settings.config_dir.as_deref(), "store.toml");
        let edits = [
            ("name", toml::Value::String(store_name.into())),
            ("address", toml::Value::String(address.into())),
            ("phone", toml::Value::String(phone.into())),
            (
                "advisors",
                toml::Value::Array(advisors.into_iter().map(toml::Value::String).collect()),
            ),
        ];
        let text = sf::apply(base.as_deref(), &edits).map_err(|e| match lang {
            Lang::Zh => format!("门店设置文件有误，未保存：{e}"),
            Lang::En => format!("The store's setup file is broken, nothing saved: {e}"),
        })?;
        let os_user = crate::store::agents::os_user();
        crate::store::agents::first_run::save(
            &mut self.db,
            self.clock.now(),
            emp_no,
            name,
            os_user.as_deref(),
            &text,
        )
        .map_err(|e| e.message(lang))
    }
}
