//! The first-run setup of a brand-new store (no agents, no settings): the store's name,
//! address and phone (every confirmation and reminder sent to customers prints them: the
//! built-in sample's must never reach one), the first supervisor and the advisors, saved together in one transaction, then the desk
//! opens signed in as that supervisor. Leaving before the end writes nothing (the next
//! start asks again). A pure state machine here; `run.rs` carries its commands out.

mod run;
mod view;

pub use view::render;

use crate::domain::store_fields::{self as sf, split_list};
use crate::i18n::Lang;
use crate::ui::action::Action;
use crate::ui::desk::machine::Machine;
use crate::ui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;

/// A message to the setup's state machine.
#[derive(Debug, Clone)]
pub enum Msg {
    Action(Action),
    /// A key typed into the field with the cursor.
    Text(KeyEvent),
    Paste(String),
    /// Saved: the supervisor to sign in as.
    Saved(crate::store::agents::Agent),
    Refused(String),
}

/// What the setup asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Save the store, its first supervisor and its advisors together.
    Save {
        store_name: String,
        address: String,
        phone: String,
        emp_no: String,
        name: String,
        advisors: Vec<String>,
    },
    /// Open the desk signed in as this supervisor.
    SignIn(crate::store::agents::Agent),
    /// Leave the app (nothing saved).
    Quit,
}

/// The setup's state: its form, and whether Esc was pressed once over typed text.
#[derive(Debug, Clone)]
pub struct FirstRun {
    pub lang: Lang,
    pub form: Form,
    esc_armed: bool,
}

impl FirstRun {
    pub fn new(lang: Lang) -> FirstRun {
        let form = Form::new(vec![
            Field::new("store", "店名", "Store name").required(),
            Field::new("address", "门店地址", "Address")
                .required()
                .hints(
                    "印在给客户的确认和提醒短信里",
                    "printed in every SMS to customers",
                ),
            Field::new("phone", "门店电话", "Phone").required().hints(
                "如 0755-12345678 或 400 热线",
                "e.g. 0755-12345678 or a 400 line",
            ),
            // A default, not a grey hint: a number in grey reads as one filled in.
            Field::new("emp_no", "主管工号", "Sup. emp no")
                .required()
                .default_value("1001"),
            Field::new("name", "主管姓名", "Sup. name").required(),
            Field::new("advisors", "服务顾问", "Advisors")
                .required()
                .hints("多位用逗号分开", "separate names with commas"),
        ]);
        FirstRun {
            lang,
            form,
            esc_armed: false,
        }
    }

    /// What was typed before the session dropped, back in its fields, and said.
    pub fn restore(&mut self, values: &[(String, String)]) {
        crate::ui::drafts::fill(&mut self.form, values);
        self.form.message = Some((
            self.lang
                .t(
                    "已填回上次连接中断前填写的内容",
                    "What was typed before the connection dropped is back",
                )
                .into(),
            false,
        ));
    }

    /// The form checked: the save command, or None with each problem marked.
    fn read(&mut self) -> Option<Cmd> {
        let lang = self.lang;
        let f = &mut self.form;
        f.clear_errors();
        let get = |k: &str| f.get(k).trim().to_string();
        let (store_name, emp_no, name) = (get("store"), get("emp_no"), get("name"));
        let (address, phone) = (get("address"), get("phone"));
        let advisors = split_list(&get("advisors"));
        let mut bad: Vec<(&str, String)> = Vec::new();
        if let Some(spec) = sf::spec("name")
            && let Err(m) = sf::parse(spec, &store_name, lang)
        {
            bad.push(("store", m));
        }
        if address.is_empty() {
            bad.push((
                "address",
                lang.t("请填写门店地址", "the store's address, please")
                    .into(),
            ));
        } else if let Some(spec) = sf::spec("address")
            && let Err(m) = sf::parse(spec, &address, lang)
        {
            bad.push(("address", m));
        }
        if phone.is_empty() {
            bad.push((
                "phone",
                lang.t("请填写门店电话", "the store's phone, please").into(),
            ));
        } else if let Some(spec) = sf::spec("phone")
            && let Err(m) = sf::parse(spec, &phone, lang)
        {
            bad.push(("phone", m));
        }
        if let Some(m) = sf::emp_no_problem(&emp_no, lang) {
            bad.push(("emp_no", m));
        }
        if let Some(m) = sf::person_name_problem(&name, lang) {
            bad.push(("name", m));
        }
        if let Some(spec) = sf::spec("advisors")
            && let Err(m) = sf::parse(spec, &get("advisors"), lang)
        {
            bad.push(("advisors", m));
        }
        if bad.is_empty() {
            f.message = None;
            return Some(Cmd::Save {
                store_name,
                address,
                phone,
                emp_no,
                name,
                advisors,
            });
        }
        for (k, m) in &bad {
            f.set_error(k, m.clone());
        }
        f.focus_first_error();
        let (k, m) = &bad[0];
        let label = f
            .fields
            .iter()
            .find(|x| x.key == *k)
            .map(|x| lang.t(&x.zh, &x.en).to_string())
            .unwrap_or_default();
        f.message = Some((
            match lang {
                Lang::Zh => format!("未保存：{label}：{m}"),
                Lang::En => format!("Not saved: {label}: {m}"),
            },
            true,
        ));
        None
    }
}

impl Machine for FirstRun {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let lang = self.lang;
        let armed = std::mem::take(&mut self.esc_armed);
        match msg {
            Msg::Action(Action::NextField) if self.form.is_last() => {
                self.read().into_iter().collect()
            }
            Msg::Action(Action::NextField) => {
                self.form.next();
                Vec::new()
            }
            Msg::Action(Action::PrevField) => {
                self.form.prev();
                Vec::new()
            }
            Msg::Action(Action::Save) => self.read().into_iter().collect(),
            Msg::Action(Action::Quit) => vec![Cmd::Quit],
            Msg::Action(Action::Back) => {
                if !self.form.is_dirty() || armed {
                    return vec![Cmd::Quit];
                }
                self.esc_armed = true;
                let esc =
                    crate::ui::keymap::key_in(crate::ui::keymap::Scope::FirstRun, Action::Back);
                self.form.message = Some((
                    match lang {
                        Lang::Zh => format!("再按 {esc} 退出：什么都不保存，下次启动时再设置"),
                        Lang::En => format!(
                            "{esc} again leaves: nothing is saved, the next start asks again"
                        ),
                    },
                    false,
                ));
                Vec::new()
            }
            Msg::Action(_) => Vec::new(),
            Msg::Text(key) => {
                self.form.edit(key);
                Vec::new()
            }
            Msg::Paste(text) => {
                self.form.paste(&text);
                Vec::new()
            }
            Msg::Saved(agent) => vec![Cmd::SignIn(agent)],
            Msg::Refused(why) => {
                self.form.message = Some((why, true));
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests;
