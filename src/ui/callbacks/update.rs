//! The Callbacks tab's messages: `update` (a message in, commands out) and what the
//! answers do to the queue and the open task.

use super::{CallbacksTab, Cmd, Msg, Queue, subject};
use crate::domain::callbacks::{Outcome, Status};
use crate::i18n::Lang;
use crate::store::callbacks::TaskDetail;
use crate::ui::desk::Out;
use crate::ui::desk::machine::Machine;
use chrono::{DateTime, Utc};

impl CallbacksTab {
    /// The queue as loaded now. The highlight stays on its task; when that task left the
    /// queue (done, or taken out of this view by another agent) it moves to its neighbour
    /// and the returned line says so.
    fn set_queue(&mut self, q: Queue) -> Option<String> {
        let old = std::mem::replace(&mut self.rows, q.rows);
        self.kinds = q.kinds;
        self.total = q.total;
        self.kind_totals = q.kind_totals;
        self.due_in_view = q.due_in_view;
        self.due = Some(q.due);
        let ids = self.ids();
        if std::mem::take(&mut self.refiltered) {
            let keep = self.selected.id().copied();
            if !keep.is_some_and(|id| self.selected.select(&id, &ids)) {
                self.selected.first(&ids);
            }
            return None;
        }
        let stepped = std::mem::take(&mut self.stepped);
        let gone = self.selected.follow(&ids)?;
        if !self.chosen || stepped {
            return None;
        }
        let r = old.iter().find(|r| r.id == gone)?;
        Some(match self.lang {
            Lang::Zh => format!("{} 已不在此队列中，已移到相邻一条", subject(r, self.lang)),
            Lang::En => format!(
                "{} left this queue; moved to the next one",
                subject(r, self.lang)
            ),
        })
    }

    /// A step went through: the form closes, the line says what happened, the queue loads.
    fn done(&mut self, line: String) -> Vec<Cmd> {
        self.work = None;
        self.stepped = true;
        self.message = Some((line, false));
        vec![self.load()]
    }

    /// A step was refused: the open form (or the queue) says why.
    fn refused(&mut self, why: String, task: Option<TaskDetail>) -> Vec<Cmd> {
        // A draft whose task cannot be opened again: what was typed is said with the why.
        let why = match self.restoring.take() {
            Some(d) => {
                let what = ("回访记录", "callback form");
                let prose = ["notes", "complaint"];
                crate::ui::drafts::lost(what, &why, &d.values, &prose, self.lang)
            }
            None => why,
        };
        if self.assign_refused(&why) {
            return vec![self.load()];
        }
        match &mut self.work {
            Some(w) => {
                w.form.message = Some((why, true));
                // The task as it is now under the open form (what was typed stays), so
                // trying again is taken on what the agent was told.
                if let Some(t) = task
                    && t.row.id == w.task.row.id
                {
                    w.task = t;
                }
                vec![]
            }
            None => {
                self.message = Some((why, true));
                vec![self.load()]
            }
        }
    }

    fn recorded(
        &mut self,
        outcome: Outcome,
        status: Status,
        next_try_at: Option<DateTime<Utc>>,
        complaint_id: Option<i64>,
        seats: Option<crate::domain::events::Seats>,
    ) -> Vec<Cmd> {
        let lang = self.lang;
        // What came of the call, and where the task stands when that says something else
        // (`无人接听（已领取）`: it stays with the agent).
        let mut line = format!(
            "{}{}{}",
            lang.t("已记录", "Recorded"),
            lang.t("：", ": "),
            outcome.label(lang)
        );
        if status.label(lang) != outcome.label(lang) {
            line.push_str(&format!(
                "{}{}{}",
                lang.t("（", " ("),
                status.label(lang),
                lang.t("）", ")")
            ));
        }
        if let Some(t) = next_try_at {
            let at = t.with_timezone(&self.tz).format("%Y-%m-%d %H:%M");
            line.push_str(&format!("  {} {at}", lang.t("下次拨打", "next try")));
        }
        // An invitation answered: the seats now, the warning when it went over.
        if let Some(s) = seats {
            line.push_str(&format!("  {}{}", lang.t("名额 ", "seats "), s.text(lang)));
        }
        if let Some(c) = complaint_id {
            line.push_str(&match lang {
                Lang::Zh => format!("  已建投诉单 #{c}"),
                Lang::En => format!("  complaint #{c} opened"),
            });
        }
        let mut out = self.done(line);
        if let Some(c) = complaint_id {
            out.push(Cmd::Out(Out::ComplaintOpened(c)));
        }
        out
    }
}

impl Machine for CallbacksTab {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter => vec![self.load()],
            Msg::Follow => {
                let mut out = vec![self.load()];
                if let Some(w) = &self.work {
                    out.push(Cmd::Check {
                        id: w.task.row.id,
                        version: w.task.row.version,
                    });
                }
                out
            }
            Msg::Key(Some(action), _) => self.action(action),
            Msg::Key(None, key) => self.text(key),
            Msg::Paste(text) => {
                self.esc_armed = false;
                if let Some(w) = &mut self.work {
                    w.advanced = false;
                    w.form.paste(&text);
                } else if let Some((_, f)) = &mut self.assign {
                    f.paste(&text);
                }
                vec![]
            }
            Msg::Listed(q) => {
                let line = self.set_queue(*q);
                self.reopen_assign();
                self.retake_assign();
                line.map(|line| Cmd::Out(Out::Status(line)))
                    .into_iter()
                    .collect()
            }
            Msg::Opened(o) => {
                self.chosen = true;
                self.selected.select(&o.task.row.id, &self.ids());
                self.start_work(*o);
                self.put_back_draft();
                vec![]
            }
            Msg::RestoreAssign(draft) => {
                self.restoring_assign = Some(draft);
                vec![self.load()]
            }
            Msg::Restore(draft) => {
                let id = draft.task_id;
                self.restoring = Some(draft);
                vec![Cmd::Resume { id }]
            }
            Msg::Moved { task, said } => {
                // Never back to an older version (an answer come late from the loads
                // thread, after the form closed or followed already).
                if let Some(w) = &mut self.work
                    && w.task.row.id == task.row.id
                    && task.row.version > w.task.row.version
                {
                    w.task = *task;
                    if let Some(s) = said {
                        w.form.message = Some((s, true));
                    }
                }
                vec![]
            }
            Msg::Released(_) => self.done(self.lang.t("已退回公共池", "Back in the pool").into()),
            Msg::Reassigned(_) => {
                self.assign = None;
                self.done(self.lang.t("已重新指派", "Reassigned").into())
            }
            Msg::Recorded {
                id: _,
                outcome,
                status,
                next_try_at,
                complaint_id,
                seats,
            } => self.recorded(outcome, status, next_try_at, complaint_id, seats),
            Msg::TextsSent { n: 0, .. } => self.done(
                self.lang
                    .t("今天没有待发的短信", "No text messages due today")
                    .into(),
            ),
            Msg::TextsSent { n, path } => self.done(match self.lang {
                // The command to type has words around it, not the path: a line may
                // break before it, never inside it (`text::wrap_words`).
                Lang::Zh => format!(
                    "已交给短信网关 {n} 条：{path}。网关回执到后请运行 frontdesk sms-results 读入。"
                ),
                Lang::En => format!(
                    "Handed {n} texts to the SMS gateway: {path}. Read its result with frontdesk sms-results when it comes."
                ),
            }),
            Msg::Refused { why, task } => self.refused(why, task.map(|t| *t)),
        }
    }
}
