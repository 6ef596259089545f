//! What customers are sent (the confirmation, the reminders, each with the store's
//! address), when reminders are due, how a reminder call ended, and the numbers the
//! appointment service is judged by (seed 002: show-up rate, waiting time, reasons for
//! cancelling).

use super::{CancelReason, CancelledBy, Channel, Status, StoreSetup, at_local, local};
use crate::i18n::Lang;
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use std::collections::BTreeMap;

/// What a message says about one booking.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageCtx {
    pub customer: String,
    pub plate: Option<String>,
    pub start: DateTime<Utc>,
    /// Service type codes.
    pub services: Vec<String>,
    pub advisor: String,
}

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// A visit's day and time as a message says it: `2026年12月8日（周二）10:00`.
pub fn when_zh(t: NaiveDateTime) -> String {
    format!(
        "{}年{}月{}日（{}）{}",
        t.year(),
        t.month(),
        t.day(),
        WEEKDAYS_ZH[t.weekday().num_days_from_monday() as usize],
        t.format("%H:%M")
    )
}

/// A visit's day and time in English: `Tue 8 Dec 2026, 10:00`.
pub fn when_en(t: NaiveDateTime) -> String {
    t.format("%a %-d %b %Y, %H:%M").to_string()
}

fn vehicle(ctx: &MessageCtx, lang: Lang) -> String {
    match (&ctx.plate, lang) {
        (Some(p), Lang::Zh) => format!("（车牌 {p}）"),
        (Some(p), Lang::En) => format!(" ({p})"),
        (None, _) => String::new(),
    }
}

/// The confirmation sent once the booking is agreed: time, services, advisor, address,
/// what to bring and whom to call.
pub fn confirmation_text(setup: &StoreSetup, ctx: &MessageCtx, lang: Lang) -> String {
    let t = local(setup.tz, ctx.start);
    let services = setup.services_text(&ctx.services, lang);
    match lang {
        Lang::Zh => {
            let bring = if setup.what_to_bring.is_empty() {
                String::new()
            } else {
                format!("请携带：{}。", setup.what_to_bring.join("、"))
            };
            format!(
                "【{}】{}您好，您的预约已确认：{} 到店{}{}，服务顾问{}。地址：{}。{}如需改期或取消，请提前致电 {}。",
                setup.name,
                ctx.customer,
                when_zh(t),
                services,
                vehicle(ctx, lang),
                ctx.advisor,
                setup.address,
                bring,
                setup.phone
            )
        }
        Lang::En => {
            let bring = if setup.what_to_bring_en.is_empty() {
                String::new()
            } else {
                format!(" Please bring: {}.", setup.what_to_bring_en.join(", "))
            };
            format!(
                "[{}] Dear {}, your booking is confirmed: {}, {}{}, with advisor {}. Address: {}.{} To change or cancel, please call {} in advance.",
                setup.name,
                ctx.customer,
                when_en(t),
                services,
                vehicle(ctx, lang),
                ctx.advisor,
                setup.address,
                bring,
                setup.phone
            )
        }
    }
}

/// Which reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    DayBefore,
    SameDay,
}

impl ReminderKind {
    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::DayBefore => "day_before",
            ReminderKind::SameDay => "same_day",
        }
    }

    pub fn from_code(s: &str) -> Option<ReminderKind> {
        match s {
            "day_before" => Some(ReminderKind::DayBefore),
            "same_day" => Some(ReminderKind::SameDay),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReminderKind::DayBefore => lang.t("前一天提醒", "day-before reminder"),
            ReminderKind::SameDay => lang.t("当天提醒", "same-day reminder"),
        }
    }
}

/// The reminder's message, with the store's address.
pub fn reminder_text(
    setup: &StoreSetup,
    ctx: &MessageCtx,
    kind: ReminderKind,
    lang: Lang,
) -> String {
    let t = local(setup.tz, ctx.start);
    let services = setup.services_text(&ctx.services, lang);
    match lang {
        Lang::Zh => {
            let day = match kind {
                ReminderKind::DayBefore => "明天",
                ReminderKind::SameDay => "今天",
            };
            format!(
                "【{}】{}您好，温馨提醒：您预约了{}{} 到店{}{}，服务顾问{}。地址：{}。如需改期请致电 {}。",
                setup.name,
                ctx.customer,
                day,
                when_zh(t),
                services,
                vehicle(ctx, lang),
                ctx.advisor,
                setup.address,
                setup.phone
            )
        }
        Lang::En => {
            let day = match kind {
                ReminderKind::DayBefore => "tomorrow",
                ReminderKind::SameDay => "today",
            };
            format!(
                "[{}] Dear {}, a reminder of your visit {} ({}): {}{}, with advisor {}. Address: {}. To change it, please call {}.",
                setup.name,
                ctx.customer,
                day,
                when_en(t),
                services,
                vehicle(ctx, lang),
                ctx.advisor,
                setup.address,
                setup.phone
            )
        }
    }
}

/// The reminders a booking made at `created` for `start` gets, with when each is due:
/// the day before (at `day_before_at`, or at once when booked later than that) unless it
/// was booked on the day itself; on the day (`same_day_before` ahead) when booked that
/// day, or for a morning slot when the store wants it. A same-day reminder due less than
/// 15 minutes before the slot is not made.
pub fn plan_reminders(
    setup: &StoreSetup,
    created: DateTime<Utc>,
    start: DateTime<Utc>,
) -> Vec<(ReminderKind, DateTime<Utc>)> {
    let tz = setup.tz;
    let r = &setup.reminders;
    let (slot, made) = (local(tz, start), local(tz, created));
    let mut out = Vec::new();
    if made.date() < slot.date()
        && let Some(before) = slot.date().pred_opt()
    {
        let due = at_local(tz, before, r.day_before_at).max(created);
        out.push((ReminderKind::DayBefore, due));
    }
    let morning = r.same_day_for_morning && slot.time() < r.morning_until;
    if made.date() == slot.date() || morning {
        let due = (start - r.same_day_before).max(created);
        if due + Duration::minutes(15) <= start {
            out.push((ReminderKind::SameDay, due));
        }
    }
    out
}

/// How a reminder (or "confirm tomorrow") call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReminderOutcome {
    /// Message sent, no answer needed.
    Sent,
    /// The customer confirmed they will come.
    Confirmed,
    /// The customer wants another time (the agent then reschedules).
    Reschedule,
    /// The customer cancelled.
    Cancel {
        reason: CancelReason,
        note: String,
    },
    Unreachable,
}

impl ReminderOutcome {
    pub fn code(&self) -> &'static str {
        match self {
            ReminderOutcome::Sent => "sent",
            ReminderOutcome::Confirmed => "confirmed",
            ReminderOutcome::Reschedule => "reschedule",
            ReminderOutcome::Cancel { .. } => "cancelled",
            ReminderOutcome::Unreachable => "unreachable",
        }
    }

    /// The label of a stored outcome code.
    pub fn label_of(code: &str, lang: Lang) -> &'static str {
        match code {
            "sent" => lang.t("已发送", "sent"),
            "confirmed" => lang.t("客户确认", "confirmed"),
            "reschedule" => lang.t("需改期", "reschedule"),
            "cancelled" => lang.t("客户取消", "cancelled"),
            "unreachable" => lang.t("联系不上", "unreachable"),
            _ => lang.t("未知", "unknown"),
        }
    }
}

/// One booking as the numbers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRow {
    pub status: Status,
    pub channel: Channel,
    pub cancel_reason: Option<CancelReason>,
    pub cancelled_by: Option<CancelledBy>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub service_started_at: Option<DateTime<Utc>>,
    pub overflow: bool,
}

/// The appointment service's numbers for a period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Numbers {
    /// Bookings in the period (a rescheduled one counts once, at its new time).
    pub bookings: usize,
    pub showed: usize,
    pub no_shows: usize,
    pub cancelled: usize,
    /// Still expected (booked, confirmed, reminded).
    pub pending: usize,
    /// showed / (showed + no-shows): cancelled and still-expected bookings are left out.
    pub show_up_rate: Option<f64>,
    /// Cancellations per reason, in the reasons' order.
    pub cancellations: BTreeMap<CancelReason, usize>,
    pub cancelled_by_customer: usize,
    pub cancelled_by_store: usize,
    /// Mean time from check-in to the start of the service.
    pub average_wait: Option<Duration>,
    pub waits_measured: usize,
    pub by_channel: Vec<(Channel, usize)>,
    pub overflow: usize,
}

pub fn compute_numbers(rows: &[NumberRow]) -> Numbers {
    let mut n = Numbers {
        by_channel: Channel::ALL.iter().map(|c| (*c, 0)).collect(),
        ..Default::default()
    };
    let mut wait_total = Duration::zero();
    for r in rows.iter().filter(|r| r.status != Status::Rescheduled) {
        n.bookings += 1;
        if let Some(c) = n.by_channel.iter_mut().find(|(c, _)| *c == r.channel) {
            c.1 += 1;
        }
        n.overflow += usize::from(r.overflow);
        match r.status {
            s if s.showed_up() => n.showed += 1,
            Status::NoShow => n.no_shows += 1,
            Status::Cancelled => {
                n.cancelled += 1;
                *n.cancellations
                    .entry(r.cancel_reason.unwrap_or(CancelReason::Other))
                    .or_default() += 1;
                match r.cancelled_by {
                    Some(CancelledBy::Store) => n.cancelled_by_store += 1,
                    _ => n.cancelled_by_customer += 1,
                }
            }
            _ => n.pending += 1,
        }
        if let (Some(a), Some(b)) = (r.checked_in_at, r.service_started_at)
            && b >= a
        {
            wait_total += b - a;
            n.waits_measured += 1;
        }
    }
    let came = n.showed + n.no_shows;
    n.show_up_rate = (came > 0).then(|| n.showed as f64 / came as f64);
    n.average_wait = (n.waits_measured > 0).then(|| wait_total / n.waits_measured as i32);
    n
}

impl Numbers {
    /// The numbers as plain lines of text.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let pct = |r: Option<f64>| r.map_or("–".to_string(), |r| format!("{:.1}%", r * 100.0));
        let wait = self.average_wait.map_or("–".to_string(), |w| match lang {
            Lang::Zh => format!("{} 分钟", w.num_minutes()),
            Lang::En => format!("{} min", w.num_minutes()),
        });
        let mut out = vec![
            match lang {
                Lang::Zh => format!(
                    "预约 {} 个：到店 {}，爽约 {}，取消 {}，待到店 {}，超额 {}",
                    self.bookings,
                    self.showed,
                    self.no_shows,
                    self.cancelled,
                    self.pending,
                    self.overflow
                ),
                Lang::En => format!(
                    "{} bookings: {} showed, {} no-shows, {} cancelled, {} pending, {} overflow",
                    self.bookings,
                    self.showed,
                    self.no_shows,
                    self.cancelled,
                    self.pending,
                    self.overflow
                ),
            },
            format!(
                "{} {}",
                lang.t("到店率", "Show-up rate"),
                pct(self.show_up_rate)
            ),
            format!(
                "{} {} ({} {})",
                lang.t("平均等待", "Average wait"),
                wait,
                self.waits_measured,
                lang.t("次", "measured")
            ),
        ];
        let channels: Vec<String> = self
            .by_channel
            .iter()
            .map(|(c, n)| format!("{} {n}", c.label(lang)))
            .collect();
        out.push(format!(
            "{}{}",
            lang.t("渠道：", "By channel: "),
            channels.join(lang.t("，", ", "))
        ));
        for (reason, count) in &self.cancellations {
            out.push(format!(
                "  {} {} {count}",
                lang.t("取消", "cancelled:"),
                reason.label(lang)
            ));
        }
        out
    }
}
