//! The work form of a claimed task: the outcome, the callback time, an event invitation's
//! answer, the survey's scores, notes and a voiced complaint; and the attempt it makes.

use super::{CallbacksTab, Opened, Restore, Work};
use crate::domain::callbacks::{CallingHours, Channel, DncScope, Kind, Outcome, callable_now};
use crate::domain::complaints::Category;
use crate::i18n::Lang;
use crate::store::callbacks::{AttemptInput, TaskDetail};
use crate::ui::widgets::form::{Field, Form};
use chrono::DateTime;
use chrono_tz::Tz;
use std::collections::BTreeMap;

pub(super) const OUTCOME_HINT: &str = "1完成 2无人接听 3错号 4拒绝 5回拨 6勿扰 7已发短信";
pub(super) const OUTCOME_HINT_EN: &str =
    "1 done 2 no answer 3 wrong number 4 refused 5 call back 6 do not call 7 texted";
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

/// Cells the outcome's value takes beside its label before the codes are explained (the
/// code, at least 3 cells, and two blanks: see `view::room_after`).
pub(super) const OUTCOME_VALUE: u16 = 5;

/// Cells the outcome codes take on one row, a blank between each.
fn outcome_items_width(lang: Lang) -> usize {
    let items = OUTCOME_ITEMS.iter().map(|(zh, en)| lang.t(zh, en));
    items.map(crate::text::width).sum::<usize>() + OUTCOME_ITEMS.len() - 1
}

impl CallbacksTab {
    /// The task to work, with a form for its survey.
    pub(super) fn start_work(&mut self, o: Opened) {
        let d = &o.task;
        let mut fields = vec![
            Field::new("outcome", "结果", "Outcome")
                .required()
                .hints(OUTCOME_HINT, OUTCOME_HINT_EN)
                .default_value("1"),
        ];
        fields.push(
            Field::new("callback_at", "回拨时间", "Callback at")
                .hints("年-月-日 时:分", "yyyy-mm-dd hh:mm"),
        );
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
        // The outcome codes are explained beside the outcome: when they do not fit on its
        // row (English at 80 columns), a row of their own under it, never beside the
        // callback time.
        let inner = self.width.saturating_sub(2);
        let free = inner.saturating_sub(form.label_width(self.lang, inner) + 1 + OUTCOME_VALUE);
        if usize::from(free) < outcome_items_width(self.lang) {
            form.fields[0].below = 1;
        }
        form.focus = 0;
        form.message = o.notice.map(|n| (n, true));
        self.work = Some(Work {
            task: o.task,
            form,
            card: o.card,
            store_name: o.store_name,
            script_top: 0,
            form_top: std::cell::Cell::new(0),
            advanced: false,
            complaint_ok: None,
        });
        self.message = None;
    }
}

impl CallbacksTab {
    /// The callback form with typed input, as a draft keeps it.
    pub fn work_draft(&self) -> Option<Restore> {
        let w = self.work.as_ref().filter(|w| w.form.is_dirty())?;
        Some(Restore {
            task_id: w.task.row.id,
            values: crate::ui::drafts::values(&w.form),
        })
    }

    /// The task of the draft being put back opened: its typing goes back into the form.
    pub(super) fn put_back_draft(&mut self) {
        let (Some(w), Some(d)) = (&mut self.work, &self.restoring) else {
            return;
        };
        if w.task.row.id == d.task_id {
            crate::ui::drafts::fill(&mut w.form, &d.values);
            self.restoring = None;
        }
    }
}

/// A call task opened outside the calling hours: its attempt would be refused on save, so
/// the form says so as it opens, before anything is typed (#18 rule 3). None when the
/// customer may be called now, or for a text-message task.
pub(super) fn hours_notice(
    channel: Channel,
    hours: &CallingHours,
    now: DateTime<Tz>,
    lang: Lang,
) -> Option<String> {
    if channel != Channel::Call || callable_now(hours, now) {
        return None;
    }
    let (open, close) = (hours.open.format("%H:%M"), hours.close.format("%H:%M"));
    Some(match lang {
        Lang::Zh => format!("现在不在呼叫时段（{open}–{close}）：结果要在时段内才能记录"),
        Lang::En => {
            format!(
                "Outside calling hours ({open}–{close}): the result can be recorded within them"
            )
        }
    })
}

/// A task opened before its window (a 7DC on day 5, not 7): said as the form opens, so the
/// agent calls early knowing it (the window is the rule's; an early call is not refused).
/// None within or after the window.
pub(super) fn early_notice(
    row: &crate::store::callbacks::TaskRow,
    today: chrono::NaiveDate,
    lang: Lang,
) -> Option<String> {
    let days = (row.window_start - today).num_days();
    if days <= 0 {
        return None;
    }
    let (from, to) = (row.window_start, row.window_end);
    Some(match lang {
        Lang::Zh => format!("回访时限 {from} ~ {to}：现在早了 {days} 天，按规定请在时限内回访"),
        Lang::En => format!(
            "Window {from} ~ {to}: this is {} early; the rule calls within the window",
            lang.count(days as usize, "天", "day", "days")
        ),
    })
}

/// A first save with words in the complaint field: whether the agent has confirmed them
/// (a second save with the same words). When not, the form asks, with the cursor on the
/// field, and the words are remembered as asked about.
pub(super) fn complaint_confirmed(w: &mut Work, input: &AttemptInput, lang: Lang) -> bool {
    let Some((_, text)) = &input.complaint else {
        return true;
    };
    if w.complaint_ok.as_deref() == Some(text.as_str()) {
        return true;
    }
    w.complaint_ok = Some(text.clone());
    let save = crate::ui::keymap::form_key(crate::ui::action::Action::Save);
    let name = &w.task.row.customer;
    w.form.message = Some((
        match lang {
            Lang::Zh => format!(
                "将为客户 {name} 新建投诉单，首次联系从现在计时：确认请再按 {save}；只是备注请移到“备注”"
            ),
            Lang::En => format!(
                "This opens a complaint for {name}, its first-contact clock starting now: {save} again to confirm; a remark belongs in Notes"
            ),
        },
        false,
    ));
    if let Some(i) = w.form.fields.iter().position(|f| f.key == "complaint") {
        w.form.focus = i;
    }
    false
}

/// Whether the outcome chosen asks for the time the customer named (5, call back).
fn wants_time(f: &Form) -> bool {
    matches!(f.get("outcome"), "5" | "回拨" | "call back")
}

/// Tab / Shift-Tab: the next (previous) field, passing the callback time unless the
/// outcome asks for it.
pub(super) fn step_focus(f: &mut Form, forward: bool) {
    for _ in 0..f.fields.len() {
        if forward {
            f.next();
        } else {
            f.prev();
        }
        let on_time = f
            .fields
            .get(f.focus)
            .is_some_and(|x| x.key == "callback_at");
        if !on_time || wants_time(f) {
            return;
        }
    }
}

/// A digit typed into a score: once the score is whole (no further digit could keep it on
/// the scale: `3` of 1–5, `10` or `4` of 1–10, not yet `1` of 1–10) the next field.
/// Whether it moved on.
pub(super) fn score_typed(f: &mut Form, scale: u8) -> bool {
    let Some(field) = f.fields.get(f.focus) else {
        return false;
    };
    let whole = field.key.starts_with("q:") && whole_score(field.text(), scale);
    if whole {
        step_focus(f, true);
    }
    whole
}

/// Whether the cursor is on a survey score (the key line then says a score moves on).
pub(super) fn on_score(f: &Form) -> bool {
    f.fields
        .get(f.focus)
        .is_some_and(|x| x.key.starts_with("q:"))
}

/// A digit about to be typed on a score that is already whole replaces it: going back to
/// correct a `5` to `4` gives `4` (and moves on), not `54`.
pub(super) fn score_retyped(f: &mut Form, scale: u8) {
    if let Some(field) = f.fields.get_mut(f.focus)
        && field.key.starts_with("q:")
        && whole_score(field.text(), scale)
    {
        field.set_text("");
    }
}

/// No further digit could keep it on the scale.
fn whole_score(text: &str, scale: u8) -> bool {
    text.trim()
        .parse::<u16>()
        .is_ok_and(|x| (1..=u16::from(scale)).contains(&x) && x * 10 > u16::from(scale))
}

/// The attempt from the form, or None with the form saying what is wrong.
pub(super) fn parse(
    f: &mut Form,
    d: &TaskDetail,
    lang: Lang,
    tz: chrono_tz::Tz,
) -> Option<AttemptInput> {
    f.clear_errors();
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
                    tz.from_local_datetime(&t).earliest()
                })
                .map(|t| t.with_timezone(&chrono::Utc));
            match at {
                Some(at) => Outcome::CallBack(at),
                None => {
                    f.set_error(
                        "callback_at",
                        lang.t(
                            "填客户约定的时间（年-月-日 时:分），须在现在之后",
                            "the time the customer named (yyyy-mm-dd hh:mm), after now",
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
    // A complaint is opened with a completed callback only (the store refuses it with any
    // other outcome): said on the field, before anything is sent.
    if complaint.is_some() && outcome != Outcome::Done {
        f.set_error(
            "complaint",
            lang.t(
                "只随结果 1完成 建投诉单：客户接通并说了不满就选 1，否则移到备注",
                "opened only with outcome 1 done: if the customer spoke choose 1, else use Notes",
            )
            .into(),
        );
        f.focus_first_error();
        return None;
    }
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
