//! Customer events (客户活动, seed 001 item 7: "组织策划针对性的客户活动（如客户知识讲座、
//! 客户联谊会、自驾游等）"): an event has a kind, a time and place, a capacity and a target
//! rule over the archive's fields (brand, model, car age, VIP, region). Inviting its target
//! list plans an invitation callback per customer; answers (yes / no / maybe, with the
//! party size) and attendance are recorded; attendees get a thank-you / feedback callback
//! after the day. This module holds the plain rules: matching, car age, capacity, the
//! invitation window and the validation of an event.

use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::{Timing, Window};
use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// 知识讲座: a talk on car care, driving or new-energy charging.
    Talk,
    /// 车友会 / 客户联谊会: a customer club gathering.
    Club,
    /// 自驾游: a self-drive tour.
    Tour,
    /// Anything else (a test-drive day, an open day).
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 4] = [
        EventKind::Talk,
        EventKind::Club,
        EventKind::Tour,
        EventKind::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Talk => "talk",
            EventKind::Club => "club",
            EventKind::Tour => "tour",
            EventKind::Other => "other",
        }
    }
    pub fn from_code(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EventKind::Talk => lang.t("知识讲座", "Talk"),
            EventKind::Club => lang.t("车友会", "Club"),
            EventKind::Tour => lang.t("自驾游", "Tour"),
            EventKind::Other => lang.t("其他活动", "Other"),
        }
    }
    /// The kind from what an agent types: a digit (1–4), the Chinese label or the code.
    pub fn parse(s: &str) -> Option<EventKind> {
        let s = s.trim();
        match s {
            "1" => Some(EventKind::Talk),
            "2" => Some(EventKind::Club),
            "3" => Some(EventKind::Tour),
            "4" => Some(EventKind::Other),
            _ => EventKind::ALL.into_iter().find(|k| {
                k.code() == s.to_lowercase() || k.label(Lang::Zh) == s || k.label(Lang::En) == s
            }),
        }
    }
}

/// Where an event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventStatus {
    /// Being prepared: invitations go out, answers come in.
    Planned,
    /// Held: someone was checked in.
    Held,
    Cancelled,
}

impl EventStatus {
    pub fn code(self) -> &'static str {
        match self {
            EventStatus::Planned => "planned",
            EventStatus::Held => "held",
            EventStatus::Cancelled => "cancelled",
        }
    }
    pub fn from_code(s: &str) -> Option<EventStatus> {
        [
            EventStatus::Planned,
            EventStatus::Held,
            EventStatus::Cancelled,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
    /// The status as read on `today` (store-local): an event still planned after its day
    /// (nobody checked in, never cancelled) is said to be past, not "in preparation".
    pub fn label_on(
        self,
        starts_at: chrono::NaiveDateTime,
        today: chrono::NaiveDate,
        lang: Lang,
    ) -> &'static str {
        if self == EventStatus::Planned && starts_at.date() < today {
            lang.t("已过期", "past date")
        } else {
            self.label(lang)
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EventStatus::Planned => lang.t("筹备中", "planned"),
            EventStatus::Held => lang.t("已举办", "held"),
            EventStatus::Cancelled => lang.t("已取消", "cancelled"),
        }
    }
}

/// A customer's answer to an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    Yes,
    No,
    Maybe,
}

impl Answer {
    pub fn code(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Maybe => "maybe",
        }
    }
    pub fn from_code(s: &str) -> Option<Answer> {
        [Answer::Yes, Answer::No, Answer::Maybe]
            .into_iter()
            .find(|a| a.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Answer::Yes => lang.t("参加", "yes"),
            Answer::No => lang.t("不参加", "no"),
            Answer::Maybe => lang.t("待定", "maybe"),
        }
    }
    /// From what an agent types: 1 yes, 2 no, 3 maybe, or the word.
    pub fn parse(s: &str) -> Option<Answer> {
        match s.trim().to_lowercase().as_str() {
            "1" | "y" | "yes" | "参加" => Some(Answer::Yes),
            "2" | "n" | "no" | "不参加" => Some(Answer::No),
            "3" | "m" | "maybe" | "待定" => Some(Answer::Maybe),
            _ => None,
        }
    }
}

/// A recorded answer: yes / no / maybe and how many people come (the customer included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rsvp {
    pub answer: Answer,
    pub party: u32,
}

/// The largest party one invitation may bring.
pub const MAX_PARTY: u32 = 20;

impl Rsvp {
    /// An answer with its party size checked: a yes or maybe brings 1–20 people (0 is
    /// taken as 1: the customer), a no brings nobody.
    pub fn new(answer: Answer, party: u32) -> Result<Rsvp, (String, String)> {
        if party > MAX_PARTY {
            return Err((
                format!("人数最多 {MAX_PARTY} 人"),
                format!("at most {MAX_PARTY} people"),
            ));
        }
        let party = match answer {
            Answer::No => 0,
            _ => party.max(1),
        };
        Ok(Rsvp { answer, party })
    }
}

/// Which customers an event is for. Empty fields match everyone; text fields match as a
/// part of the archive's value (a brand 大众 matches 一汽-大众; a region 深圳 matches
/// 广东省深圳市), ignoring case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetRule {
    pub brand: String,
    pub model: String,
    /// Car age in full years since purchase, inclusive.
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    pub vip_only: bool,
    /// A province or city (part of the archive's region).
    pub region: String,
}

/// What the rule looks at: one car of a customer as the archive has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarFacts<'a> {
    pub brand: &'a str,
    pub model: &'a str,
    pub purchase_date: Option<NaiveDate>,
    pub vip: bool,
    pub region: &'a str,
}

/// Full years from `purchase` to `today` (0 in the first year; a car bought on 29
/// February has its birthday on 28 February in common years).
pub fn car_age_years(purchase: NaiveDate, today: NaiveDate) -> u32 {
    if today <= purchase {
        return 0;
    }
    let mut years = today.year() - purchase.year();
    let anniversary = crate::domain::callbacks::birthday_in(purchase, today.year());
    if anniversary.is_some_and(|a| today < a) {
        years -= 1;
    }
    u32::try_from(years.max(0)).unwrap_or(0)
}

fn contains(hay: &str, needle: &str) -> bool {
    let needle = needle.trim();
    needle.is_empty() || hay.to_lowercase().contains(&needle.to_lowercase())
}

impl TargetRule {
    /// Whether the rule selects nobody in particular (everyone in the archive).
    pub fn is_everyone(&self) -> bool {
        *self == TargetRule::default()
    }

    /// Whether one car (and its owner) is in the target. A car age limit needs the
    /// purchase date: a car without one is out when a limit is set.
    pub fn matches(&self, car: &CarFacts<'_>, today: NaiveDate) -> bool {
        if self.vip_only && !car.vip {
            return false;
        }
        if !contains(car.brand, &self.brand)
            || !contains(car.model, &self.model)
            || !contains(car.region, &self.region)
        {
            return false;
        }
        if self.age_min.is_some() || self.age_max.is_some() {
            let Some(p) = car.purchase_date else {
                return false;
            };
            let age = car_age_years(p, today);
            if self.age_min.is_some_and(|m| age < m) || self.age_max.is_some_and(|m| age > m) {
                return false;
            }
        }
        true
    }

    /// The rule in a few words: "大众 朗逸 · 车龄 1–3 年 · VIP · 深圳".
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        let car = [self.brand.trim(), self.model.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !car.is_empty() {
            parts.push(car);
        }
        match (self.age_min, self.age_max, lang) {
            (None, None, _) => {}
            (Some(a), Some(b), Lang::Zh) => parts.push(format!("车龄 {a}–{b} 年")),
            (Some(a), Some(b), Lang::En) => parts.push(format!("car age {a}–{b} y")),
            (Some(a), None, Lang::Zh) => parts.push(format!("车龄 ≥{a} 年")),
            (Some(a), None, Lang::En) => parts.push(format!("car age ≥{a} y")),
            (None, Some(b), Lang::Zh) => parts.push(format!("车龄 ≤{b} 年")),
            (None, Some(b), Lang::En) => parts.push(format!("car age ≤{b} y")),
        }
        if self.vip_only {
            parts.push("VIP".into());
        }
        if !self.region.trim().is_empty() {
            parts.push(self.region.trim().to_string());
        }
        if parts.is_empty() {
            lang.t("全部客户", "all customers").into()
        } else {
            parts.join(" · ")
        }
    }

    /// A car age range typed as `1-3`, `2-`, `-5`, `3` (exactly) or empty.
    pub fn parse_age(s: &str) -> Result<(Option<u32>, Option<u32>), (String, String)> {
        let s = s.trim().replace(['–', '～', '~'], "-");
        let bad = || {
            (
                "车龄写成 1-3、2-、-5 或 3（年）".to_string(),
                "car age as 1-3, 2-, -5 or 3 (years)".to_string(),
            )
        };
        let num = |x: &str| -> Result<Option<u32>, (String, String)> {
            let x = x.trim();
            if x.is_empty() {
                Ok(None)
            } else {
                x.parse::<u32>().map(Some).map_err(|_| bad())
            }
        };
        let (a, b) = match s.split_once('-') {
            // `0-5` is `-5`: no lower bound.
            Some((a, b)) => (num(a)?.filter(|x| *x > 0), num(b)?),
            None => {
                let v = num(&s)?;
                (v, v)
            }
        };
        if let (Some(a), Some(b)) = (a, b)
            && a > b
        {
            return Err(bad());
        }
        Ok((a, b))
    }

    /// The car age range as typed back into a form (`1-3`, `2-`, `0-5`, `3`): no lower
    /// bound is written `0-5`, never `-5`, which reads as minus five.
    pub fn age_text(&self) -> String {
        match (self.age_min, self.age_max) {
            (None, None) => String::new(),
            (Some(a), Some(b)) if a == b => a.to_string(),
            (None, Some(b)) => format!("0-{b}"),
            (a, b) => format!(
                "{}-{}",
                a.map(|x| x.to_string()).unwrap_or_default(),
                b.map(|x| x.to_string()).unwrap_or_default()
            ),
        }
    }
}

/// Seats taken against the capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seats {
    /// People coming: the party sizes of the yes answers.
    pub accepted: u32,
    pub capacity: u32,
}

impl Seats {
    pub fn over(&self) -> bool {
        self.accepted > self.capacity
    }
    pub fn left(&self) -> i64 {
        i64::from(self.capacity) - i64::from(self.accepted)
    }
    /// With one more answer of `party` people (replacing `was` people of an earlier yes):
    /// whether the event would be over its capacity.
    pub fn would_overflow(&self, was: u32, party: u32) -> bool {
        self.accepted.saturating_sub(was) + party > self.capacity
    }
    /// What an inviting agent reads before asking: "31/50，还剩 19" / "31/50, 19 left",
    /// "50/50，已满" / "50/50, full", or the seats with the warning when over.
    pub fn room(&self, lang: Lang) -> String {
        let taken = format!("{}/{}", self.accepted, self.capacity);
        match (self.left(), lang) {
            (n, _) if n < 0 => self.text(lang),
            (0, Lang::Zh) => format!("{taken}，已满"),
            (0, Lang::En) => format!("{taken}, full"),
            (n, Lang::Zh) => format!("{taken}，还剩 {n}"),
            (n, Lang::En) => format!("{taken}, {n} left"),
        }
    }

    /// "32/30" with the warning when over.
    pub fn text(&self, lang: Lang) -> String {
        self.with_warning(lang.t("超出名额", "over capacity"))
    }

    /// "185/50 over" for a list's column: the same figures with a one-word warning, so
    /// three-digit counts fit [`Seats::COLUMN`] cells.
    pub fn short(&self, lang: Lang) -> String {
        self.with_warning(lang.t("超额", "over"))
    }

    fn with_warning(&self, warning: &str) -> String {
        if self.over() {
            format!("{}/{} {warning}", self.accepted, self.capacity)
        } else {
            format!("{}/{}", self.accepted, self.capacity)
        }
    }

    /// The cells a list gives [`Seats::short`] (up to "1000/1000 over").
    pub const COLUMN: usize = 14;
}

/// The window of an invitation call: from the day of the invitation, due on the rule's due
/// day after it, ending at the rule's last day but never on or after the event's day (an
/// invitation is answered before the event). Invited on the event's day itself, the window
/// is that day.
pub fn invite_window(
    timing: &Timing,
    invited: NaiveDate,
    event_day: NaiveDate,
    cal: &BusinessCalendar,
    move_off: bool,
) -> Window {
    let mut w = timing.window(invited, cal, move_off);
    let last = event_day.pred_opt().unwrap_or(event_day).max(invited);
    w.start = w.start.max(invited).min(last);
    w.end = w.end.min(last).max(w.start);
    w.due = w.due.clamp(w.start, w.end);
    w
}

/// How an event's start is stored: store-local wall-clock time.
pub const START_FORMAT: &str = "%Y-%m-%d %H:%M";

/// The stored start as a local date and time.
pub fn local_start(s: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(s, START_FORMAT).ok()
}

/// The stored start's local day.
pub fn local_day(s: &str) -> Option<NaiveDate> {
    local_start(s).map(|t| t.date())
}

/// The fields of an event as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct EventData {
    pub title: String,
    pub kind: EventKind,
    /// Store-local start.
    pub starts_at: chrono::NaiveDateTime,
    pub place: String,
    pub capacity: u32,
    pub target: TargetRule,
    /// Invitations by call or by text message.
    pub channel: crate::domain::callbacks::Channel,
    pub notes: String,
}

/// A field of an event refused, with why in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub zh: String,
    pub en: String,
}

/// The largest capacity accepted.
pub const MAX_CAPACITY: u32 = 5000;

/// Checks an event: a title, a place, a capacity of 1–5000, an age range in order.
pub fn validate(e: &EventData) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut err = |field, zh: &str, en: &str| {
        out.push(FieldError {
            field,
            zh: zh.into(),
            en: en.into(),
        })
    };
    if e.title.trim().is_empty() {
        err("title", "请填写活动名称", "a title is required");
    }
    if e.title.chars().count() > 60 {
        err("title", "活动名称最多 60 个字", "at most 60 characters");
    }
    if e.place.trim().is_empty() {
        err("place", "请填写活动地点", "a place is required");
    }
    if e.capacity == 0 || e.capacity > MAX_CAPACITY {
        err("capacity", "名额为 1–5000 人", "capacity is 1–5000 people");
    }
    if let (Some(a), Some(b)) = (e.target.age_min, e.target.age_max)
        && a > b
    {
        err(
            "age",
            "车龄下限大于上限",
            "car age: the lower limit is above the upper",
        );
    }
    out
}

#[cfg(test)]
mod tests;
