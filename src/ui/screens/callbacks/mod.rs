//! The 回访 Callbacks tab: the queue (overdue and due today first, then upcoming; counts
//! per kind), claiming a task, and working it — the script, the survey scored question by
//! question, notes, and the outcome (done, no answer, wrong number, refused, call back at a
//! named time, do-not-contact, text sent).

mod view;

use super::Effect;
use super::calls::Ctx;
use crate::domain::callbacks::{DncScope, Kind, Outcome};
use crate::domain::complaints::Category;
use crate::store::callbacks::{AttemptInput, KindCount, TaskDetail, TaskRow};
use crate::ui::action::{Action, QueueOp};
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::collections::BTreeMap;

/// What this screen asks the app to do against the store (see `ui::app_callbacks`).
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Reload the queue.
    Reload,
    /// Claim the task (atomic) and open it for working. Every step on a task carries the
    /// version the screen showed: it is refused when another agent's step came first.
    Work { id: i64, version: i64 },
    /// Give a claimed task back to the pool.
    Release { id: i64, version: i64 },
    /// Record an attempt on a task.
    Attempt {
        id: i64,
        version: i64,
        input: AttemptInput,
    },
    /// A supervisor gives the task to an agent (empty: back to the pool).
    Reassign {
        id: i64,
        version: i64,
        emp_no: Option<String>,
    },
    /// Export today's due text messages (greetings) for the SMS gateway and mark them sent.
    SendTexts,
}

/// Whose tasks the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Whose {
    #[default]
    All,
    Pool,
    Mine,
}

#[derive(Debug, Default)]
pub struct CallbacksScreen {
    pub rows: Vec<TaskRow>,
    pub counts: Vec<KindCount>,
    /// The highlighted task (kept across claims, attempts, reloads and re-sorts).
    pub selected: Selection<i64>,
    pub kind: Option<Kind>,
    pub whose: Whose,
    /// The task being worked, with its form.
    pub work: Option<(TaskDetail, Form)>,
    /// A supervisor reassigning a task: the task and the form asking for the agent.
    pub assign: Option<(TaskRow, Form)>,
    /// Sort by priority instead of due date.
    pub by_priority: bool,
    /// Show tasks in this state instead of the pending ones (done, failed, expired,
    /// skipped with the reason).
    pub status: Option<crate::domain::callbacks::Status>,
    /// The customer card of the task being worked: car, last visit, open complaints,
    /// recent calls (lines already worded).
    pub card: Vec<String>,
    /// The store's name, said in the scripts.
    pub store_name: String,
    pub message: Option<(String, bool)>,
    /// Esc was pressed once on a form with typed text; a second Esc discards it.
    esc_armed: bool,
    /// How many tasks the filter matches; more than `rows` when the list stops at its limit.
    pub total: usize,
    /// Per kind, how many rows the list shows when filtered to that kind (the header's
    /// counts: pressing `f` to a kind lists that many).
    pub kind_totals: Vec<(Kind, usize)>,
}

pub(super) const OUTCOME_HINT: &str = "1完成 2无人接听 3错号 4拒绝 5回拨 6勿扰 7已发短信";
/// The outcome codes, one by one, as the work form explains them beside the outcome.
pub(super) const OUTCOME_ITEMS: &[(&str, &str)] = &[
    ("1完成", "1 done"),
    ("2无人接听", "2 no answer"),
    ("3错号", "3 wrong number"),
    ("4拒绝", "4 refused"),
    ("5回拨", "5 call back"),
    ("6勿扰", "6 do not call"),
    ("7已发短信", "7 texted"),
];
pub(super) const OUTCOME_HINT_EN: &str =
    "1 done 2 no answer 3 wrong number 4 refused 5 call back 6 do not call 7 texted";

impl CallbacksScreen {
    pub fn scopes(&self) -> Vec<Scope> {
        if let Some((_, f)) = &self.work {
            keymap::form_scopes(Some(f), &[Scope::CallbackWork, Scope::Form, Scope::Global])
        } else if self.assign.is_some() {
            vec![Scope::Form, Scope::Global]
        } else {
            vec![Scope::CallbackQueue, Scope::Global]
        }
    }

    pub fn typing(&self) -> bool {
        self.work.is_some() || self.assign.is_some()
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.work.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    fn ids(&self) -> Vec<i64> {
        self.rows.iter().map(|r| r.id).collect()
    }

    /// The highlighted task.
    pub fn selected_row(&self) -> Option<&TaskRow> {
        let id = *self.selected.id()?;
        self.rows.get(self.selected.index()).filter(|r| r.id == id)
    }

    /// The queue as loaded now. The highlight stays on its task; when that task left the
    /// queue (done, or taken out of this view by another agent) it moves to its neighbour
    /// and the returned line says so.
    pub fn set_rows(
        &mut self,
        rows: Vec<TaskRow>,
        counts: Vec<KindCount>,
        lang: crate::i18n::Lang,
    ) -> Option<String> {
        let old = std::mem::replace(&mut self.rows, rows);
        self.counts = counts;
        let gone = self.selected.follow(&self.ids())?;
        let r = old.iter().find(|r| r.id == gone)?;
        Some(match lang {
            crate::i18n::Lang::Zh => format!("{} 已不在此队列中，已移到相邻一条", subject(r, lang)),
            crate::i18n::Lang::En => {
                format!(
                    "{} left this queue; moved to the next one",
                    subject(r, lang)
                )
            }
        })
    }

    /// After a refused step: the task as it is now, in the open form (what was typed stays).
    pub fn rebase(&mut self, d: TaskDetail) {
        if let Some((w, _)) = &mut self.work
            && w.row.id == d.row.id
        {
            *w = d;
        }
    }

    /// The task to work, with a form for its survey.
    pub fn start_work(&mut self, d: TaskDetail) {
        let mut fields = vec![
            Field::new("outcome", "结果", "Outcome")
                .required()
                .hints(OUTCOME_HINT, OUTCOME_HINT_EN)
                .value("1"),
        ];
        fields.push(Field::new("callback_at", "回拨时间", "Callback at").hint("2026-11-24 15:00"));
        if d.row.kind == Kind::EventInvite {
            fields.push(Field::new("rsvp", "客户答复", "Answer").hint("1=✓  2=✗  3=?"));
            fields.push(
                Field::new("party", "同行人数", "Party size")
                    .hint("1-20")
                    .value("1"),
            );
        }
        if let Some(s) = &d.survey {
            for (i, q) in s.questions.iter().enumerate() {
                let hint: &'static str = if s.scale == 10 { "1-10" } else { "1-5" };
                // The label is the question's number; the question shows whole beside it.
                fields.push(
                    Field::new(
                        format!("q:{}", q.id),
                        format!("问题 {}", i + 1),
                        format!("Question {}", i + 1),
                    )
                    .hint(hint),
                );
            }
        }
        fields.push(Field::new("notes", "备注", "Notes").multiline(3));
        fields.push(Field::new("complaint", "客户投诉", "Complaint").hints(
            "客户提出的不满（会建投诉单）",
            "the customer's complaint (opens a complaint)",
        ));
        let mut form = Form::new(fields);
        form.focus = 0;
        self.work = Some((d, form));
        self.message = None;
    }

    pub fn done_working(&mut self, msg: String) {
        self.work = None;
        self.message = Some((msg, false));
    }

    pub fn failed(&mut self, msg: String) {
        match &mut self.work {
            Some((_, f)) => f.message = Some((msg, true)),
            None => self.message = Some((msg, true)),
        }
    }

    pub fn handle_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        let armed = std::mem::take(&mut self.esc_armed);
        if self.work.is_some() {
            return self.work_action(action, ctx, armed);
        }
        if let Some((r, f)) = &mut self.assign {
            match action {
                Action::Back if !f.is_dirty() || armed => self.assign = None,
                Action::Back => {
                    unsaved(f, ctx.lang);
                    self.esc_armed = true;
                }
                Action::Save | Action::NextField => {
                    let emp = Some(f.get("emp").to_string()).filter(|e| !e.is_empty());
                    let (id, version) = (r.id, r.version);
                    self.assign = None;
                    return Some(Effect::Callbacks(Request::Reassign {
                        id,
                        version,
                        emp_no: emp,
                    }));
                }
                _ => {}
            }
            return None;
        }
        self.message = None;
        let ids = self.ids();
        match action {
            Action::Up => self.selected.step(&ids, -1),
            Action::Down => self.selected.step(&ids, 1),
            Action::PageUp => self.selected.step(&ids, -10),
            Action::PageDown => self.selected.step(&ids, 10),
            Action::Open => {
                return self.selected_row().map(|r| {
                    Effect::Callbacks(Request::Work {
                        id: r.id,
                        version: r.version,
                    })
                });
            }
            Action::Queue(QueueOp::Release) => {
                return self.selected_row().map(|r| {
                    Effect::Callbacks(Request::Release {
                        id: r.id,
                        version: r.version,
                    })
                });
            }
            Action::Queue(QueueOp::Reassign) => {
                if let Some(r) = self.selected_row() {
                    let form = Form::new(vec![
                        Field::new("emp", "指派给工号", "Give to agent no.")
                            .hints("空 = 退回公共池", "empty = back to the pool"),
                    ]);
                    self.assign = Some((r.clone(), form));
                }
            }
            Action::Filter => {
                // Cycle the kind filter through the kinds that have tasks.
                let kinds: Vec<Kind> = self.counts.iter().map(|c| c.kind).collect();
                self.kind = match self.kind {
                    None => kinds.first().copied(),
                    Some(k) => kinds
                        .iter()
                        .position(|x| *x == k)
                        .and_then(|i| kinds.get(i + 1))
                        .copied(),
                };
                self.selected = Selection::default();
                return Some(Effect::Callbacks(Request::Reload));
            }
            Action::Queue(QueueOp::SendTexts) => {
                return Some(Effect::Callbacks(Request::SendTexts));
            }
            Action::Queue(QueueOp::Status) => {
                use crate::domain::callbacks::Status as S;
                self.status = match self.status {
                    None => Some(S::Done),
                    Some(S::Done) => Some(S::Failed),
                    Some(S::Failed) => Some(S::Expired),
                    Some(S::Expired) => Some(S::Skipped),
                    _ => None,
                };
                self.selected = Selection::default();
                return Some(Effect::Callbacks(Request::Reload));
            }
            Action::Queue(QueueOp::Sort) => {
                self.by_priority = !self.by_priority;
                self.selected = Selection::default();
                return Some(Effect::Callbacks(Request::Reload));
            }
            Action::Queue(QueueOp::Whose) => {
                self.whose = match self.whose {
                    Whose::All => Whose::Pool,
                    Whose::Pool => Whose::Mine,
                    Whose::Mine => Whose::All,
                };
                self.selected = Selection::default();
                return Some(Effect::Callbacks(Request::Reload));
            }
            _ => {}
        }
        None
    }

    fn work_action(&mut self, action: Action, ctx: &Ctx, armed: bool) -> Option<Effect> {
        let (d, f) = self.work.as_mut()?;
        match action {
            Action::NextField => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.work = None;
                return Some(Effect::Callbacks(Request::Reload));
            }
            Action::Back => {
                unsaved(f, ctx.lang);
                self.esc_armed = true;
            }
            Action::Save => {
                let (id, version) = (d.row.id, d.row.version);
                let input = parse(f, d, ctx)?;
                return Some(Effect::Callbacks(Request::Attempt { id, version, input }));
            }
            _ => {}
        }
        None
    }

    pub fn handle_text(&mut self, key: KeyEvent, _ctx: &Ctx) -> Option<Effect> {
        self.esc_armed = false;
        if let Some((_, f)) = &mut self.work {
            f.edit(key);
        } else if let Some((_, f)) = &mut self.assign {
            f.edit(key);
        }
        None
    }

    pub fn handle_paste(&mut self, text: &str) -> Option<Effect> {
        self.esc_armed = false;
        if let Some((_, f)) = &mut self.work {
            f.paste(text);
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
        view::render(self, frame, area, ctx, theme);
    }
}

/// Esc on a form with typed text: say so, and let a second Esc discard it.
fn unsaved(f: &mut Form, lang: crate::i18n::Lang) {
    f.message = Some((
        lang.t(
            "有未保存的内容：Ctrl-S 保存，或再按 Esc 放弃（任务仍在名下）",
            "Unsaved input: Ctrl-S saves, Esc again discards (the task stays yours)",
        )
        .into(),
        false,
    ));
}

/// A task as dialog titles and the status line name it: `回访任务 #31 张三 粤B12345`.
pub fn subject(r: &TaskRow, lang: crate::i18n::Lang) -> String {
    let mut s = format!("{} #{}", lang.t("回访任务", "Callback task"), r.id);
    for part in [Some(&r.customer), r.plate.as_ref()].into_iter().flatten() {
        if !part.is_empty() {
            s.push(' ');
            s.push_str(&crate::text::inert(part));
        }
    }
    s
}

/// The attempt from the form, or None with the form saying what is wrong.
fn parse(f: &mut Form, d: &TaskDetail, ctx: &Ctx) -> Option<AttemptInput> {
    f.clear_errors();
    let lang = ctx.lang;
    let outcome = match f.get("outcome") {
        "1" | "完成" | "done" => Outcome::Done,
        "2" | "无人接听" | "no answer" => Outcome::NoAnswer,
        "3" | "错号" | "wrong" => Outcome::WrongNumber,
        "4" | "拒绝" | "refused" => Outcome::Refused,
        "5" | "回拨" | "call back" => {
            let text = f.get("callback_at").to_string();
            let at = chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M")
                .ok()
                .and_then(|t| {
                    use chrono::TimeZone;
                    ctx.clock.tz().from_local_datetime(&t).earliest()
                })
                .map(|t| t.with_timezone(&chrono::Utc));
            match at {
                Some(at) => Outcome::CallBack(at),
                None => {
                    f.set_error(
                        "callback_at",
                        lang.t(
                            "填客户约定的时间，如 2026-11-24 15:00",
                            "the time the customer named, e.g. 2026-11-24 15:00",
                        )
                        .into(),
                    );
                    f.focus_first_error();
                    return None;
                }
            }
        }
        "6" | "勿扰" | "dnc" => Outcome::DoNotContact(DncScope::default()),
        "7" | "已发短信" | "sent" => Outcome::Sent,
        _ => {
            f.set_error("outcome", lang.t(OUTCOME_HINT, OUTCOME_HINT_EN).into());
            f.focus_first_error();
            return None;
        }
    };
    let mut scores = BTreeMap::new();
    if let (Outcome::Done, Some(s)) = (outcome, &d.survey) {
        for q in &s.questions {
            let key = format!("q:{}", q.id);
            let v = f.get(&key).to_string();
            if v.is_empty() {
                continue;
            }
            match v.parse::<u8>() {
                Ok(x) if (1..=s.scale).contains(&x) => {
                    scores.insert(q.id.clone(), x);
                }
                _ => {
                    f.set_error(&key, format!("1-{}", s.scale));
                    f.focus_first_error();
                    return None;
                }
            }
        }
    }
    let complaint = Some(f.get("complaint").to_string())
        .filter(|c| !c.is_empty())
        .map(|c| (Category::Other, c));
    let rsvp = if d.row.kind == Kind::EventInvite && outcome == Outcome::Done {
        let Some(answer) = crate::domain::events::Answer::parse(f.get("rsvp")) else {
            f.set_error(
                "rsvp",
                lang.t("填 1 参加、2 不参加 或 3 待定", "1 yes, 2 no or 3 maybe")
                    .into(),
            );
            f.focus_first_error();
            return None;
        };
        let party = f.get("party").trim().parse::<u32>().ok();
        match party.map(|p| crate::domain::events::Rsvp::new(answer, p)) {
            Some(Ok(r)) => Some(r),
            _ => {
                f.set_error("party", lang.t("人数 1-20", "1-20 people").into());
                f.focus_first_error();
                return None;
            }
        }
    } else {
        None
    };
    Some(AttemptInput {
        outcome,
        scores,
        notes: f.get("notes").to_string(),
        complaint,
        rsvp,
    })
}

#[cfg(test)]
mod tests;
