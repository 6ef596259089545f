//! Calls (来电登记): how a call came in, what is due after it, and the clocks that run on it
//! (DOMAIN: call handling). Plain rules; the time comes in as a value.

use crate::i18n::Lang;
use chrono::{DateTime, Duration, Utc};

/// A question not solved on the spot is answered within this long (seed 000 §1.4).
pub const FOLLOW_UP_WITHIN: Duration = Duration::hours(24);
/// A breakdown caller is contacted to confirm within this long (seed 000 §2.2).
pub const RESCUE_CONTACT_WITHIN: Duration = Duration::minutes(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Inbound, Direction::Outbound];
    pub fn code(self) -> &'static str {
        match self {
            Direction::Inbound => "in",
            Direction::Outbound => "out",
        }
    }
    pub fn from_code(s: &str) -> Direction {
        if s == "out" {
            Direction::Outbound
        } else {
            Direction::Inbound
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Direction::Inbound => lang.t("来电", "inbound"),
            Direction::Outbound => lang.t("去电", "outbound"),
        }
    }
}

/// How the customer reached the desk (seed 000 §1.1, plus WeChat).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Phone,
    Email,
    Chat,
    WalkIn,
    WeChat,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Email,
        Channel::Chat,
        Channel::WalkIn,
        Channel::WeChat,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Chat => "chat",
            Channel::WalkIn => "walk_in",
            Channel::WeChat => "wechat",
        }
    }
    pub fn from_code(s: &str) -> Channel {
        Channel::try_from_code(s).unwrap_or(Channel::Phone)
    }
    /// The channel stored as `s`, when `s` is one of the codes.
    pub fn try_from_code(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == s)
    }
    /// A stored channel in the user's words: a code's label, any other text (typed before
    /// the channel was a choice, and not one of the words migration 0020 knew) as it is;
    /// none stored: `-`.
    pub fn stored_label(s: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
        match Channel::try_from_code(s) {
            Some(c) => c.label(lang).into(),
            None if s.trim().is_empty() => "-".into(),
            None => s.into(),
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Phone => lang.t("电话", "phone"),
            Channel::Email => lang.t("电子邮件", "email"),
            Channel::Chat => lang.t("在线客服", "online chat"),
            Channel::WalkIn => lang.t("到店", "walk-in"),
            Channel::WeChat => lang.t("微信", "WeChat"),
        }
    }
}

/// When the follow-up of an unresolved consultation is due; None when there is none.
pub fn follow_up_due(
    is_consultation: bool,
    resolved: bool,
    saved_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    (is_consultation && !resolved).then(|| saved_at + FOLLOW_UP_WITHIN)
}

/// When a rescue case opened at `opened` must have had its confirming contact.
pub fn rescue_contact_due(opened: DateTime<Utc>) -> DateTime<Utc> {
    opened + RESCUE_CONTACT_WITHIN
}

/// Where a deadline stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Time left.
    Left(Duration),
    /// Past due by.
    Overdue(Duration),
}

impl Deadline {
    pub fn at(due: DateTime<Utc>, now: DateTime<Utc>) -> Deadline {
        if now <= due {
            Deadline::Left(due - now)
        } else {
            Deadline::Overdue(now - due)
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, Deadline::Overdue(_))
    }

    /// `还剩 12分` / `超时 1时05分`, or `12 min left` / `overdue 1 h 05 min`.
    pub fn describe(self, lang: Lang) -> String {
        let (d, over) = match self {
            Deadline::Left(d) => (d, false),
            Deadline::Overdue(d) => (d, true),
        };
        let text = span(d, lang);
        match (over, lang) {
            (false, Lang::Zh) => format!("还剩 {text}"),
            (true, Lang::Zh) => format!("超时 {text}"),
            (false, Lang::En) => format!("{text} left"),
            (true, Lang::En) => format!("overdue {text}"),
        }
    }
}

/// A duration in days, hours and minutes, rounded down to the minute.
pub fn span(d: Duration, lang: Lang) -> String {
    let mins = d.num_minutes().max(0);
    let (days, hours, m) = (mins / 1440, mins / 60 % 24, mins % 60);
    match lang {
        Lang::Zh if days > 0 => format!("{days}天{hours}时"),
        Lang::Zh if hours > 0 => format!("{hours}时{m:02}分"),
        Lang::Zh => format!("{m}分"),
        Lang::En if days > 0 => format!("{days} d {hours} h"),
        Lang::En if hours > 0 => format!("{hours} h {m:02} min"),
        Lang::En => format!("{m} min"),
    }
}

/// How help reaches a broken-down car (seed 000 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dispatch {
    /// A technician drives out.
    Technician,
    /// The customer is guided on the phone.
    PhoneGuidance,
    /// The car is towed in.
    Tow,
}

impl Dispatch {
    pub const ALL: [Dispatch; 3] = [Dispatch::Technician, Dispatch::PhoneGuidance, Dispatch::Tow];
    pub fn code(self) -> &'static str {
        match self {
            Dispatch::Technician => "technician",
            Dispatch::PhoneGuidance => "phone",
            Dispatch::Tow => "tow",
        }
    }
    pub fn from_code(s: &str) -> Option<Dispatch> {
        Dispatch::ALL.into_iter().find(|d| d.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Dispatch::Technician => lang.t("派技师到场", "technician on site"),
            Dispatch::PhoneGuidance => lang.t("电话指导", "phone guidance"),
            Dispatch::Tow => lang.t("拖车", "tow"),
        }
    }
}

/// The stage a rescue case is at, from its timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RescueStage {
    /// Waiting for the confirming contact (the 30-minute clock runs).
    AwaitingContact,
    /// Contacted; waiting for the dispatch decision.
    Contacted,
    /// Help is on its way.
    Dispatched,
    /// Result recorded.
    Closed,
}

impl RescueStage {
    pub fn of(contacted: bool, dispatched: bool, closed: bool) -> RescueStage {
        match (contacted, dispatched, closed) {
            (_, _, true) => RescueStage::Closed,
            (_, true, _) => RescueStage::Dispatched,
            (true, _, _) => RescueStage::Contacted,
            _ => RescueStage::AwaitingContact,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RescueStage::AwaitingContact => lang.t("待联系", "to contact"),
            RescueStage::Contacted => lang.t("已联系", "contacted"),
            RescueStage::Dispatched => lang.t("已派出", "dispatched"),
            RescueStage::Closed => lang.t("已完成", "closed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    #[test]
    fn an_open_consultation_comes_back_in_24_hours() {
        assert_eq!(
            follow_up_due(true, false, t(1, 30)),
            Some(t(1, 30) + Duration::hours(24))
        );
        assert_eq!(follow_up_due(true, true, t(1, 30)), None);
        assert_eq!(follow_up_due(false, false, t(1, 30)), None);
        // Across a month end.
        let end = Utc.with_ymd_and_hms(2026, 11, 30, 20, 0, 0).unwrap();
        assert_eq!(
            follow_up_due(true, false, end).unwrap().to_rfc3339(),
            "2026-12-01T20:00:00+00:00"
        );
    }

    #[test]
    fn rescue_clock_is_30_minutes_with_its_boundary() {
        let opened = t(1, 0);
        let due = rescue_contact_due(opened);
        assert_eq!(due, t(1, 30));
        assert_eq!(
            Deadline::at(due, t(1, 18)),
            Deadline::Left(Duration::minutes(12))
        );
        assert!(
            !Deadline::at(due, t(1, 30)).is_overdue(),
            "exactly at the deadline is still on time"
        );
        assert!(Deadline::at(due, t(1, 31)).is_overdue());
        assert_eq!(Deadline::at(due, t(1, 18)).describe(Lang::Zh), "还剩 12分");
        assert_eq!(
            Deadline::at(due, t(2, 35)).describe(Lang::Zh),
            "超时 1时05分"
        );
        assert_eq!(
            Deadline::at(due, t(2, 35)).describe(Lang::En),
            "overdue 1 h 05 min"
        );
    }

    #[test]
    fn spans_and_codes() {
        assert_eq!(span(Duration::minutes(1500), Lang::Zh), "1天1时");
        assert_eq!(span(Duration::seconds(59), Lang::En), "0 min");
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), c);
        }
        for d in Dispatch::ALL {
            assert_eq!(Dispatch::from_code(d.code()), Some(d));
        }
        assert_eq!(RescueStage::of(true, false, false), RescueStage::Contacted);
        assert_eq!(
            RescueStage::of(false, false, false),
            RescueStage::AwaitingContact
        );
        assert_eq!(RescueStage::of(true, true, true), RescueStage::Closed);
    }
}
