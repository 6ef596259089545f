//! The lifecycle of a booking and its guard.
//!
//! booked → confirmed → reminded → arrived → in service → completed (the reminder may come
//! before the confirmation: a reminded booking is confirmed once); from any state before
//! arrival (and on arrival) it may be cancelled; before arrival it becomes a no-show once
//! the grace period after its start has passed, and that can be undone. Rescheduling ends
//! a booking as `rescheduled` and opens a new one linked to it.

use super::{CancelReason, CancelledBy, Status, local};
use crate::domain::archive::RepairKind;
use crate::i18n::Lang;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// What completing a visit puts in the repair file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    /// None: the next free `RO<yyyymmdd><nnnn>` of the completion day.
    pub ro_number: Option<String>,
    pub kind: RepairKind,
    /// Empty: the booking's items, else its services.
    pub items: Vec<String>,
    pub amount_fen: i64,
    pub mileage_km: u32,
}

/// A step in a booking's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// The confirmation (time, address, what to bring) is generated and kept.
    Confirm,
    /// The customer was reminded.
    Remind,
    /// Checked in now.
    Arrive,
    /// Work starts now: the wait since check-in ends.
    StartService,
    /// Done: opens the repair order.
    Complete(Completion),
    Cancel {
        reason: CancelReason,
        note: String,
        by: CancelledBy,
    },
    /// Not come within the grace period.
    MarkNoShow,
    /// Back to the state before the no-show.
    UndoNoShow,
}

/// The kind of a step (for messages, event kinds and audit actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Book,
    Confirm,
    Remind,
    Arrive,
    StartService,
    Complete,
    Cancel,
    MarkNoShow,
    UndoNoShow,
    Reschedule,
}

impl StepKind {
    pub fn of(t: &Transition) -> StepKind {
        match t {
            Transition::Confirm => StepKind::Confirm,
            Transition::Remind => StepKind::Remind,
            Transition::Arrive => StepKind::Arrive,
            Transition::StartService => StepKind::StartService,
            Transition::Complete(_) => StepKind::Complete,
            Transition::Cancel { .. } => StepKind::Cancel,
            Transition::MarkNoShow => StepKind::MarkNoShow,
            Transition::UndoNoShow => StepKind::UndoNoShow,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            StepKind::Book => "book",
            StepKind::Confirm => "confirm",
            StepKind::Remind => "remind",
            StepKind::Arrive => "arrive",
            StepKind::StartService => "start_service",
            StepKind::Complete => "complete",
            StepKind::Cancel => "cancel",
            StepKind::MarkNoShow => "no_show",
            StepKind::UndoNoShow => "undo_no_show",
            StepKind::Reschedule => "reschedule",
        }
    }

    /// The step as a verb phrase ("cannot {label}").
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            StepKind::Book => lang.t("预约", "book"),
            StepKind::Confirm => lang.t("确认预约", "confirm the booking"),
            StepKind::Remind => lang.t("记录提醒", "record a reminder"),
            StepKind::Arrive => lang.t("登记到店", "check in"),
            StepKind::StartService => lang.t("开始维修", "start the service"),
            StepKind::Complete => lang.t("完工", "complete the visit"),
            StepKind::Cancel => lang.t("取消预约", "cancel the booking"),
            StepKind::MarkNoShow => lang.t("标记爽约", "mark a no-show"),
            StepKind::UndoNoShow => lang.t("撤销爽约", "undo the no-show"),
            StepKind::Reschedule => lang.t("改期", "reschedule"),
        }
    }
}

/// What the guard needs besides the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuardCtx {
    pub start: DateTime<Utc>,
    pub now: DateTime<Utc>,
    pub grace: Duration,
    pub tz: Tz,
    /// The status the last no-show replaced (for undoing it).
    pub before_no_show: Option<Status>,
    /// A confirmation was sent already (its text is kept). The reminder may come first
    /// (a walk-in, or one nobody confirmed before the day-before call): the confirmation
    /// is a step of its own, so a reminded booking not yet confirmed may still be.
    pub confirmed: bool,
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The step does not apply in this status.
    WrongStatus {
        step: StepKind,
        status: Status,
    },
    /// A no-show only after the grace period.
    GraceNotOver {
        until: NaiveDateTime,
    },
    /// Check-in only on the booking's day.
    NotTheDay {
        date: NaiveDate,
    },
    /// A cancellation needs the reason in words as well.
    MissingCancelNote,
    NegativeAmount,
    EmptyRoNumber,
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::WrongStatus { step, status }, Lang::Zh) => {
                format!(
                    "无法{}：预约当前状态为「{}」",
                    step.label(lang),
                    status.label(lang)
                )
            }
            (Refusal::WrongStatus { step, status }, Lang::En) => format!(
                "Cannot {}: the booking is {}",
                step.label(lang),
                status.label(lang)
            ),
            (Refusal::GraceNotOver { until }, Lang::Zh) => format!(
                "无法标记爽约：宽限期到 {} 才结束",
                until.format("%Y-%m-%d %H:%M")
            ),
            (Refusal::GraceNotOver { until }, Lang::En) => format!(
                "Cannot mark a no-show: the grace period runs until {}",
                until.format("%Y-%m-%d %H:%M")
            ),
            (Refusal::NotTheDay { date }, Lang::Zh) => {
                format!("无法登记到店：预约日期是 {date}，请先改期")
            }
            (Refusal::NotTheDay { date }, Lang::En) => {
                format!("Cannot check in: the booking is for {date}; reschedule it first")
            }
            (Refusal::MissingCancelNote, _) => lang
                .t(
                    "无法取消预约：请选择原因并填写说明",
                    "Cannot cancel: choose a reason and describe it",
                )
                .into(),
            (Refusal::NegativeAmount, _) => lang
                .t(
                    "无法完工：金额不能为负数",
                    "Cannot complete: the amount is negative",
                )
                .into(),
            (Refusal::EmptyRoNumber, _) => lang
                .t(
                    "无法完工：工单号为空",
                    "Cannot complete: the RO number is empty",
                )
                .into(),
        }
    }
}

/// The status after `t`, or why `t` does not apply.
pub fn guard(status: Status, t: &Transition, ctx: &GuardCtx) -> Result<Status, Refusal> {
    use Status as S;
    let step = StepKind::of(t);
    let wrong = Err(Refusal::WrongStatus { step, status });
    match t {
        Transition::Confirm => match status {
            S::Booked => Ok(S::Confirmed),
            // Reminded stays reminded: the confirmation is recorded beside it.
            S::Reminded if !ctx.confirmed => Ok(S::Reminded),
            _ => wrong,
        },
        Transition::Remind => match status {
            S::Booked | S::Confirmed | S::Reminded => Ok(S::Reminded),
            _ => wrong,
        },
        Transition::Arrive => {
            if !(status.is_expected() || status == S::NoShow) {
                return wrong;
            }
            let date = local(ctx.tz, ctx.start).date();
            if local(ctx.tz, ctx.now).date() != date {
                return Err(Refusal::NotTheDay { date });
            }
            Ok(S::Arrived)
        }
        Transition::StartService => match status {
            S::Arrived => Ok(S::InService),
            _ => wrong,
        },
        Transition::Complete(c) => {
            if status != S::InService {
                return wrong;
            }
            if c.amount_fen < 0 {
                return Err(Refusal::NegativeAmount);
            }
            if c.ro_number.as_deref().is_some_and(|r| r.trim().is_empty()) {
                return Err(Refusal::EmptyRoNumber);
            }
            Ok(S::Completed)
        }
        Transition::Cancel { note, .. } => {
            can_cancel(status)?;
            if note.trim().is_empty() {
                return Err(Refusal::MissingCancelNote);
            }
            Ok(S::Cancelled)
        }
        Transition::MarkNoShow => {
            if !status.is_expected() {
                return wrong;
            }
            let until = ctx.start + ctx.grace;
            if ctx.now < until {
                return Err(Refusal::GraceNotOver {
                    until: local(ctx.tz, until),
                });
            }
            Ok(S::NoShow)
        }
        Transition::UndoNoShow => match status {
            S::NoShow => Ok(ctx
                .before_no_show
                .filter(|s| s.is_expected())
                .unwrap_or(S::Booked)),
            _ => wrong,
        },
    }
}

/// Whether a booking in `status` may be cancelled (asked before the cancel form opens).
pub fn can_cancel(status: Status) -> Result<(), Refusal> {
    if status.is_expected() || status == Status::Arrived {
        Ok(())
    } else {
        Err(Refusal::WrongStatus {
            step: StepKind::Cancel,
            status,
        })
    }
}

/// Whether a booking in `status` may be moved to another time.
pub fn can_reschedule(status: Status) -> Result<(), Refusal> {
    if status.is_expected() {
        Ok(())
    } else {
        Err(Refusal::WrongStatus {
            step: StepKind::Reschedule,
            status,
        })
    }
}
