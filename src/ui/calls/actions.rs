//! The Calls tab's keys on the list, a record's page and the small forms, and what it does
//! with the store's answers: results, refusals and another agent's saves.

use super::{CallsTab, Cmd, Entry, EntryKey, Mode, Stale, StepKind, steps};
use crate::i18n::Lang;
use crate::store::calls::{CallDetail, Rescue, RescueStep};
use crate::ui::action::Action;
use crate::ui::desk::Out;
use crate::ui::selection::Selection;
use crate::ui::widgets::form::{Field, Form};
use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

impl CallsTab {
    pub(super) fn action(&mut self, action: Action) -> Vec<Cmd> {
        let armed = std::mem::take(&mut self.esc_armed);
        match self.mode {
            Mode::List => self.list_action(action),
            Mode::Picker => self.picker_action(action),
            Mode::Form => self.form_action(action, armed),
            Mode::Detail => self.detail_action(action),
            Mode::Step => self.step_action(action, armed),
            Mode::Filter => self.filter_action(action),
        }
    }

    fn list_action(&mut self, action: Action) -> Vec<Cmd> {
        let keys = self.keys();
        match action {
            Action::NewCall => self.start_for(),
            Action::Up => self.selected.step(&keys, -1),
            Action::Down => self.selected.step(&keys, 1),
            Action::PageUp => self.selected.step(&keys, -10),
            Action::PageDown => self.selected.step(&keys, 10),
            Action::PrevDay | Action::NextDay | Action::Today => {
                let shown = self.day.unwrap_or(self.today);
                self.day = match action {
                    Action::Today => None,
                    Action::PrevDay => shown.pred_opt(),
                    _ => shown.succ_opt(),
                };
                self.selected = Selection::default();
                return vec![self.list()];
            }
            Action::Filter => {
                self.filter_form = Some(steps::filter_form(&self.filter_text));
                self.mode = Mode::Filter;
            }
            Action::Open => {
                return match self.selected_entry() {
                    Some(Entry::Rescue(r)) => vec![Cmd::ShowRescue(r.id)],
                    Some(Entry::FollowUp(c) | Entry::Call(c)) => vec![Cmd::ShowCall(c.id)],
                    None => vec![],
                };
            }
            Action::RescueContacted | Action::RescueDispatch | Action::CloseItem => {
                return self.item_step(action, self.selected_entry().cloned());
            }
            Action::ExportList => return vec![Cmd::Export(self.entries.clone())],
            _ => {}
        }
        vec![]
    }

    /// The rescue and follow-up steps, from the list or a detail.
    pub(super) fn item_step(&mut self, action: Action, entry: Option<Entry>) -> Vec<Cmd> {
        let lang = self.lang;
        let Some(entry) = entry else {
            return vec![];
        };
        self.step_subject = entry.subject(lang);
        // A closed rescue case takes no more steps: say so before any form opens.
        if let Entry::Rescue(r) = &entry
            && r.closed_at.is_some()
        {
            let why = match lang {
                Lang::Zh => format!("{} 已结案，不能再登记联系、派出或结果", self.step_subject),
                Lang::En => format!(
                    "{} is closed: no contact, dispatch or result can be added",
                    self.step_subject
                ),
            };
            return vec![Cmd::Out(Out::Error(why))];
        }
        let (kind, form) = match (action, entry) {
            // Contacted already: say so and what comes next, not "someone may have done it".
            (Action::RescueContacted, Entry::Rescue(r)) if r.contacted_at.is_some() => {
                return vec![Cmd::Out(Out::Error(contacted_already(
                    &self.step_subject,
                    lang,
                )))];
            }
            (Action::RescueContacted, Entry::Rescue(r)) => {
                return vec![Cmd::RescueStep {
                    id: r.id,
                    version: r.version,
                    step: RescueStep::Contacted,
                }];
            }
            (Action::RescueDispatch, Entry::Rescue(r)) => (
                StepKind::Dispatch {
                    id: r.id,
                    version: r.version,
                },
                steps::dispatch_form(self.lang),
            ),
            (Action::CloseItem, Entry::Rescue(r)) => (
                StepKind::RescueResult {
                    id: r.id,
                    version: r.version,
                },
                Form::new(vec![
                    Field::new("result", "救援结果", "Result")
                        .required()
                        .multiline(3),
                ]),
            ),
            (Action::CloseItem, Entry::FollowUp(c) | Entry::Call(c))
                if c.follow_up_due.is_some() && !c.follow_up_done =>
            {
                (
                    StepKind::FollowUp(c.id),
                    Form::new(vec![
                        Field::new("note", "答复内容", "What the customer was told")
                            .required()
                            .multiline(3),
                    ]),
                )
            }
            // The keys a call does not take say so, instead of doing nothing.
            (Action::CloseItem, Entry::FollowUp(c) | Entry::Call(c)) => {
                let why = match (lang, c.follow_up_done) {
                    (Lang::Zh, true) => format!("{} 已回复过", self.step_subject),
                    (Lang::En, true) => format!("{} was already answered", self.step_subject),
                    (Lang::Zh, false) => format!("{} 没有待回复的问题", self.step_subject),
                    (Lang::En, false) => {
                        format!("{} has no open question to answer", self.step_subject)
                    }
                };
                return vec![Cmd::Out(Out::Error(why))];
            }
            (
                Action::RescueContacted | Action::RescueDispatch,
                Entry::FollowUp(_) | Entry::Call(_),
            ) => {
                let why = lang.t(
                    "已联系和派出只用于救援单：请选中一条救援",
                    "Contacted and dispatch are for rescue cases: highlight a rescue",
                );
                return vec![Cmd::Out(Out::Error(why.into()))];
            }
            _ => return vec![],
        };
        self.step = Some((kind, form));
        self.mode = Mode::Step;
        vec![]
    }

    fn detail_action(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::Back => {
                self.detail = None;
                self.rescue = None;
                self.mode = Mode::List;
                return vec![self.list()];
            }
            Action::KbTransfer => {
                return self
                    .detail
                    .as_ref()
                    .map(|d| Cmd::KbTransfer(d.row.id))
                    .into_iter()
                    .collect();
            }
            Action::Copy => {
                // As on screen: numbers in the sentence stay masked on the clipboard.
                let Some(d) = self.detail.as_ref() else {
                    return vec![];
                };
                let text = crate::domain::validate::mask_in_text(&d.row.sentence);
                let line = self.lang.t("已复制到剪贴板", "Copied to the clipboard");
                return vec![
                    Cmd::Out(Out::Copy(text)),
                    Cmd::Out(Out::Status(line.into())),
                ];
            }
            Action::Correct => {
                let Some(d) = self.detail.as_ref() else {
                    return vec![];
                };
                let Some(t) = self.templates.get(&d.row.template_id) else {
                    return vec![];
                };
                let mut f = super::form::CallForm::for_correction(
                    t,
                    &d.fields,
                    d.row.resolved,
                    (d.row.id, d.version),
                    d.row.started_at,
                    self.lang,
                );
                f.direction = d.row.direction;
                f.channel = d.row.channel;
                self.form = Some(f);
                self.mode = Mode::Form;
            }
            Action::RescueContacted | Action::RescueDispatch | Action::CloseItem => {
                let entry = match (&self.rescue, &self.detail) {
                    (Some(r), _) => Entry::Rescue(r.clone()),
                    (None, Some(d)) => Entry::Call(d.row.clone()),
                    _ => return vec![],
                };
                return self.item_step(action, Some(entry));
            }
            _ => {}
        }
        vec![]
    }

    fn step_action(&mut self, action: Action, armed: bool) -> Vec<Cmd> {
        let lang = self.lang;
        let back = self.back_mode();
        let Some((kind, f)) = self.step.as_mut() else {
            return vec![];
        };
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.step = None;
                self.mode = back;
            }
            Action::Back => {
                f.say_unsaved(lang);
                self.esc_armed = true;
            }
            Action::Save | Action::NextField => {
                return steps::step_cmd(*kind, f, lang).into_iter().collect();
            }
            _ => {}
        }
        vec![]
    }

    fn filter_action(&mut self, action: Action) -> Vec<Cmd> {
        let Some(f) = self.filter_form.as_mut() else {
            return vec![];
        };
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back => {
                self.filter_form = None;
                self.mode = Mode::List;
            }
            Action::Save | Action::NextField => {
                let text = steps::filter_summary(f);
                let Some(ask) =
                    steps::parse_filter(f, self.lang, (self.now, self.tz), &self.templates)
                else {
                    return vec![];
                };
                self.filter = ask.filter;
                self.filter_text = text;
                self.filter_form = None;
                self.mode = Mode::List;
                self.selected = Selection::default();
                return vec![Cmd::Filter {
                    customer: ask.customer,
                    agent_emp_no: ask.agent_emp_no,
                }];
            }
            _ => {}
        }
        vec![]
    }

    /// Typed keys for the field with the cursor.
    pub(super) fn text(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match self.mode {
            Mode::Picker => {
                // Letters filter (a template's shortcut letter puts it first); the
                // digits that pick a numbered row are the key table's (`PickTemplate`).
                if self
                    .picker_query
                    .handle_event(&Event::Key(key))
                    .is_some_and(|s| s.value)
                {
                    self.picker_sel = 0;
                }
                vec![]
            }
            Mode::Form => {
                self.esc_armed = false;
                self.form
                    .as_mut()
                    .and_then(|f| f.edit(key))
                    .map(Cmd::SearchCustomers)
                    .into_iter()
                    .collect()
            }
            Mode::Step => {
                // A digit that names no option (`6` among the ways help goes out) is said.
                if let Some((_, f)) = &mut self.step
                    && !f.edit(key)
                {
                    f.say_no_option(key, self.lang);
                }
                vec![]
            }
            Mode::Filter => {
                if let Some(f) = &mut self.filter_form {
                    f.edit(key);
                }
                vec![]
            }
            Mode::List | Mode::Detail => vec![],
        }
    }

    pub(super) fn paste(&mut self, text: &str) -> Vec<Cmd> {
        match self.mode {
            Mode::Form => self
                .form
                .as_mut()
                .and_then(|f| f.paste(text))
                .map(Cmd::SearchCustomers)
                .into_iter()
                .collect(),
            Mode::Step => {
                if let Some((_, f)) = &mut self.step {
                    f.paste(text);
                }
                vec![]
            }
            Mode::List | Mode::Picker | Mode::Detail | Mode::Filter => vec![],
        }
    }

    /// Another agent saved: the list, and an open rescue case or call, show what is stored
    /// now; an open form on a record that changed says who changed it.
    pub(super) fn follow(&self) -> Vec<Cmd> {
        let mut out = vec![self.list()];
        let step_on = match self.step {
            Some((
                StepKind::Dispatch { id, version } | StepKind::RescueResult { id, version },
                _,
            )) => Some((id, version)),
            Some((StepKind::FollowUp(_), _)) | None => None,
        };
        if let Some(r) = &self.rescue {
            out.push(Cmd::FollowRescue {
                id: r.id,
                seen: Some(r.version),
                say: true,
            });
        } else if let Some((id, version)) = step_on {
            out.push(Cmd::FollowRescue {
                id,
                seen: Some(version),
                say: true,
            });
        }
        if let Some(d) = &self.detail {
            out.push(Cmd::FollowCall {
                id: d.row.id,
                seen: Some(d.version),
            });
        }
        out
    }

    /// A save or step was recorded: the form closes, the highlight goes to `select` (now,
    /// or once the list has it), and the status line says what was done.
    pub(super) fn done(&mut self, message: String, select: EntryKey) -> Vec<Cmd> {
        self.form = None;
        self.step = None;
        self.filter_form = None;
        self.mode = self.back_mode();
        // Not loaded yet: the next load finds it.
        if !self.selected.select(&select, &self.keys()) {
            self.selected = Selection::default();
            self.pending_select = Some(select);
        }
        vec![Cmd::Out(Out::Status(message))]
    }

    /// A new call was saved: today's list, on the record just made.
    pub(super) fn saved(
        &mut self,
        call_id: i64,
        rescue_id: Option<i64>,
        complaint_id: Option<i64>,
        resolved: bool,
    ) -> Vec<Cmd> {
        let line = match (self.lang, rescue_id, complaint_id, resolved) {
            (Lang::Zh, Some(_), _, _) => "已保存；救援单已开，30 分钟内联系客户".to_string(),
            (Lang::En, Some(_), _, _) => {
                "Saved; rescue case opened: contact the customer within 30 min".to_string()
            }
            (Lang::Zh, _, Some(id), _) => format!("已保存；投诉单 #{id} 已建立"),
            (Lang::En, _, Some(id), _) => format!("Saved; complaint #{id} opened"),
            (Lang::Zh, _, _, false) => "已保存；24 小时内回复客户".to_string(),
            (Lang::En, _, _, false) => "Saved; answer the customer within 24 h".to_string(),
            (lang, ..) => lang.t("已保存", "Saved").to_string(),
        };
        self.day = None;
        let select = match rescue_id {
            Some(r) => EntryKey::Rescue(r),
            None => EntryKey::Call(call_id),
        };
        let mut out = self.done(line, select);
        out.push(self.list());
        out
    }

    /// The store refused: the reason goes to the open form, else the status line; what
    /// the save was about is loaded again so the next try is taken on what is stored.
    pub(super) fn refused(&mut self, why: String, stale: Option<Stale>) -> Vec<Cmd> {
        let mut out = Vec::new();
        // A rescue step's refusal is always on the status line too (`c` has no form).
        let on_status = matches!(stale, Some(Stale::Rescue(_)));
        if on_status {
            out.push(Cmd::Out(Out::Error(why.clone())));
        }
        if let Some(f) = &mut self.form {
            f.message = Some((why, true));
        } else if let Some((_, f)) = &mut self.step {
            f.message = Some((why, true));
        } else if !on_status {
            out.push(Cmd::Out(Out::Error(why)));
        }
        match stale {
            Some(Stale::Rescue(id)) => {
                out.push(Cmd::FollowRescue {
                    id,
                    seen: None,
                    say: false,
                });
                out.push(self.list());
            }
            Some(Stale::Call(id)) => out.push(Cmd::FollowCall { id, seen: None }),
            Some(Stale::List) => out.push(self.list()),
            None => {}
        }
        out
    }

    /// The open call as stored now: a correction form on it now corrects this version,
    /// keeps what was typed and says who changed it.
    pub(super) fn call_followed(&mut self, now: CallDetail, said: Option<String>) {
        let (id, version) = (now.row.id, now.version);
        // Read on the loads thread: only the call still open (or under the correction
        // form), never back to an older version (the agent left it, or it was shown again
        // meanwhile).
        let correcting = self
            .form
            .as_ref()
            .and_then(|f| f.correcting)
            .is_some_and(|(cid, _)| cid == id);
        let open = match &self.detail {
            Some(d) => d.row.id == id && d.version <= version,
            None => correcting,
        };
        if open {
            self.detail = Some(now);
        }
        if let Some(f) = &mut self.form
            && let Some((cid, v)) = &mut f.correcting
            && *cid == id
            && *v <= version
        {
            *v = version;
            if let Some(line) = said {
                f.message = Some((line, true));
            }
        }
    }

    /// A rescue case as stored now: its open page shows it, and a step form on it acts on
    /// it as it is now (saying who changed it, when asked).
    pub(super) fn rescue_followed(&mut self, now: Rescue, said: Option<String>) {
        // Read on the loads thread: only the case still open, never back to an older
        // version.
        if self
            .rescue
            .as_ref()
            .is_some_and(|r| r.id == now.id && r.version <= now.version)
        {
            self.rescue = Some(now.clone());
        }
        let shown = match self.step {
            Some((
                StepKind::Dispatch { id, version } | StepKind::RescueResult { id, version },
                _,
            )) if id == now.id => version,
            _ => return,
        };
        if now.version <= shown {
            return;
        }
        self.rebase_step(&now);
        if let (Some(line), Some((_, f))) = (said, &mut self.step) {
            f.message = Some((line, true));
        }
    }
}

/// A rescue case contacted already, asked to be marked contacted again: what it is at and
/// the keys of its next steps.
fn contacted_already(subject: &str, lang: Lang) -> String {
    use crate::ui::keymap::{Scope, key_in};
    let dispatch = key_in(Scope::CallDetail, Action::RescueDispatch);
    let result = key_in(Scope::CallDetail, Action::CloseItem);
    match lang {
        Lang::Zh => format!("{subject} 已联系过客户；下一步：{dispatch} 派出，{result} 记录结果"),
        Lang::En => format!(
            "{subject}: the customer was contacted already; next {dispatch} dispatch, {result} result"
        ),
    }
}

/// What a rescue step recorded says: the case and what was recorded (a closed case
/// leaves the list, so its line says it was closed).
pub(super) fn stepped_line(what: &str, step: &RescueStep, lang: Lang) -> String {
    let done = match step {
        RescueStep::Contacted => lang.t("已登记联系客户", "customer contact recorded"),
        RescueStep::Dispatched { .. } => lang.t("已登记派出", "dispatch recorded"),
        RescueStep::Closed { .. } => lang.t(
            "已记录结果，救援单已完成",
            "result recorded; the case is closed",
        ),
    };
    match lang {
        Lang::Zh => format!("{what} {done}"),
        Lang::En => format!("{what}: {done}"),
    }
}
