//! Reading callback rule files: the TOML shapes, each field laid over the rules so far,
//! and the checks (errors name the file, and the rule, holiday or line).

use super::{
    Assign, CallingHours, Channel, Holiday, HolidayDate, Kind, Question, Rule, Rules, Settings,
    Survey, Timing,
};
use crate::domain::complaints::Category;
use chrono::{Duration, NaiveTime};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    settings: Option<RawSettings>,
    #[serde(default)]
    rule: Vec<RawRule>,
    #[serde(default)]
    holiday: Vec<RawHoliday>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    calling_hours: Option<[String; 2]>,
    plan_ahead_days: Option<i64>,
    low_score: Option<u8>,
    low_score_10: Option<u8>,
    retry_after_minutes: Option<i64>,
    max_tries_per_day: Option<u32>,
    stale_after_hours: Option<i64>,
    max_open_personal: Option<usize>,
    recheck_percent: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    kind: String,
    trigger: Option<String>,
    enabled: Option<bool>,
    channel: Option<String>,
    priority: Option<u8>,
    months: Option<u32>,
    window: Option<[i64; 2]>,
    due: Option<i64>,
    secondary_window: Option<[i64; 2]>,
    secondary_due: Option<i64>,
    tracking_window: Option<[i64; 2]>,
    tracking_due: Option<i64>,
    deferred_window: Option<[i64; 2]>,
    deferred_due: Option<i64>,
    move_off_holidays: Option<bool>,
    assign: Option<String>,
    script: Option<String>,
    text: Option<String>,
    survey: Option<RawSurvey>,
    sample_percent: Option<u8>,
    min_bill_yuan: Option<i64>,
    major_accident_yuan: Option<i64>,
    include_vip: Option<bool>,
    repair_kinds: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurvey {
    title: String,
    scale: u8,
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    text: String,
    category: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    id: String,
    name: Option<String>,
    date: Option<String>,
    lunar: Option<String>,
    enabled: Option<bool>,
    greeting: Option<String>,
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

fn parse_md(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

fn timing(months: u32, w: [i64; 2], due: Option<i64>) -> Timing {
    Timing {
        months,
        from: w[0],
        to: w[1],
        due: due.unwrap_or(w[0]),
    }
}

/// A rule with nothing planned yet (the built-in file fills it in).
pub(super) fn blank_rule(kind: Kind) -> Rule {
    Rule {
        kind,
        enabled: false,
        channel: Channel::Call,
        priority: 5,
        timing: timing(0, [0, 0], None),
        secondary: None,
        tracking: None,
        deferred: None,
        move_off_holidays: true,
        assign: Assign::Pool,
        script: String::new(),
        text: String::new(),
        survey: None,
        sample_percent: 100,
        min_bill_yuan: 0,
        major_accident_yuan: 0,
        include_vip: false,
        repair_kinds: Vec::new(),
    }
}

impl RawSettings {
    fn apply(self, s: &mut Settings, file: &str) -> Result<(), String> {
        if let Some([a, b]) = self.calling_hours {
            let (Some(open), Some(close)) = (parse_time(&a), parse_time(&b)) else {
                return Err(format!(
                    "{file}: calling_hours: expected [\"HH:MM\", \"HH:MM\"]"
                ));
            };
            if open >= close {
                return Err(format!("{file}: calling_hours: {a} is not before {b}"));
            }
            s.calling_hours = CallingHours { open, close };
        }
        if let Some(v) = self.plan_ahead_days {
            s.plan_ahead_days = v.clamp(0, 60);
        }
        if let Some(v) = self.low_score {
            s.low_score = v;
        }
        if let Some(v) = self.low_score_10 {
            s.low_score_10 = v;
        }
        if let Some(v) = self.retry_after_minutes {
            s.retry_after = Duration::minutes(v.clamp(5, 24 * 60));
        }
        if let Some(v) = self.max_tries_per_day {
            s.max_tries_per_day = v.max(1);
        }
        if let Some(v) = self.stale_after_hours {
            s.stale_after = Duration::hours(v.clamp(0, 24 * 30));
        }
        if let Some(v) = self.max_open_personal {
            s.max_open_personal = v;
        }
        if let Some(v) = self.recheck_percent {
            if v > 100 {
                return Err(format!("{file}: recheck_percent {v} is over 100"));
            }
            s.recheck_percent = v;
        }
        Ok(())
    }
}

impl RawRule {
    fn apply(self, r: &mut Rule, file: &str) -> Result<(), String> {
        let kind = r.kind;
        let at = |m: String| format!("{file}: rule {}: {m}", kind.code());
        if let Some(t) = self.trigger
            && t.trim() != kind.trigger()
        {
            return Err(at(format!(
                "trigger `{t}`: this kind is planned from `{}`",
                kind.trigger()
            )));
        }
        if let Some(v) = self.enabled {
            r.enabled = v;
        }
        if let Some(c) = self.channel {
            r.channel = Channel::from_code(c.trim())
                .ok_or_else(|| at(format!("channel `{c}`: use call or sms")))?;
        }
        if let Some(p) = self.priority {
            r.priority = p;
        }
        let months = self.months.unwrap_or(r.timing.months);
        let w = self.window.unwrap_or([r.timing.from, r.timing.to]);
        let due = self.due.or((self.window.is_none()).then_some(r.timing.due));
        r.timing = timing(months, w, due);
        if self.secondary_window.is_some() || self.secondary_due.is_some() {
            let old = r.secondary.unwrap_or(r.timing);
            let w = self.secondary_window.unwrap_or([old.from, old.to]);
            r.secondary = Some(timing(0, w, self.secondary_due.or(Some(w[0]))));
        }
        if self.tracking_window.is_some() || self.tracking_due.is_some() {
            let old = r.tracking.unwrap_or(r.timing);
            let w = self.tracking_window.unwrap_or([old.from, old.to]);
            r.tracking = Some(timing(0, w, self.tracking_due.or(Some(w[0]))));
        }
        if self.deferred_window.is_some() || self.deferred_due.is_some() {
            let old = r.deferred.unwrap_or(r.timing);
            let w = self.deferred_window.unwrap_or([old.from, old.to]);
            r.deferred = Some(timing(0, w, self.deferred_due.or(Some(w[0]))));
        }
        if let Some(v) = self.move_off_holidays {
            r.move_off_holidays = v;
        }
        if let Some(a) = self.assign {
            r.assign = match a.trim() {
                "pool" => Assign::Pool,
                "source_agent" => Assign::SourceAgent,
                _ => return Err(at(format!("assign `{a}`: use pool or source_agent"))),
            };
        }
        if let Some(v) = self.script {
            r.script = v.trim().to_string();
        }
        if let Some(v) = self.text {
            r.text = v.trim().to_string();
        }
        if let Some(s) = self.survey {
            let mut questions: Vec<Question> = Vec::new();
            for q in s.questions {
                let id = q.id.trim().to_string();
                if id.is_empty() || q.text.trim().is_empty() {
                    return Err(at("survey question without id or text".into()));
                }
                if questions.iter().any(|x| x.id == id) {
                    return Err(at(format!("survey question `{id}` is given twice")));
                }
                let category = match q.category.as_deref() {
                    None => Category::Other,
                    Some(c) => Category::from_code(c.trim())
                        .ok_or_else(|| at(format!("question `{id}`: unknown category `{c}`")))?,
                };
                questions.push(Question {
                    id,
                    text: q.text.trim().to_string(),
                    category,
                });
            }
            r.survey = Some(Survey {
                title: s.title.trim().to_string(),
                scale: s.scale,
                questions,
            });
        }
        if let Some(v) = self.sample_percent {
            r.sample_percent = v;
        }
        if let Some(v) = self.min_bill_yuan {
            r.min_bill_yuan = v;
        }
        if let Some(v) = self.major_accident_yuan {
            r.major_accident_yuan = v;
        }
        if let Some(v) = self.include_vip {
            r.include_vip = v;
        }
        if let Some(v) = self.repair_kinds {
            r.repair_kinds = v.into_iter().map(|k| k.trim().to_string()).collect();
        }
        Ok(())
    }
}

fn check_timing(t: &Timing, what: &str) -> Result<(), String> {
    if t.from > t.to {
        return Err(format!(
            "{what} [{}, {}] ends before it starts",
            t.from, t.to
        ));
    }
    if t.due < t.from || t.due > t.to {
        return Err(format!(
            "{what}: due day {} is outside [{}, {}]",
            t.due, t.from, t.to
        ));
    }
    if t.to - t.from > 366 || t.months > 120 {
        return Err(format!("{what} is longer than a year"));
    }
    Ok(())
}

fn check_rule(r: &Rule, file: &str) -> Result<(), String> {
    let at = |m: String| format!("{file}: rule {}: {m}", r.kind.code());
    check_timing(&r.timing, "window").map_err(at)?;
    if let Some(t) = &r.secondary {
        check_timing(t, "secondary_window").map_err(at)?;
    }
    if let Some(t) = &r.tracking {
        check_timing(t, "tracking_window").map_err(at)?;
    }
    if let Some(t) = &r.deferred {
        check_timing(t, "deferred_window").map_err(at)?;
    }
    if !(1..=9).contains(&r.priority) {
        return Err(at(format!("priority {} is not 1–9", r.priority)));
    }
    if r.sample_percent > 100 {
        return Err(at(format!(
            "sample_percent {} is over 100",
            r.sample_percent
        )));
    }
    if let Some(s) = &r.survey
        && s.scale != 5
        && s.scale != 10
    {
        return Err(at(format!("survey scale {}: use 5 or 10", s.scale)));
    }
    if r.enabled && r.channel == Channel::Sms && r.text.is_empty() {
        return Err(at("an SMS rule needs its `text`".into()));
    }
    Ok(())
}

fn apply_holiday(list: &mut Vec<Holiday>, h: RawHoliday, file: &str) -> Result<(), String> {
    let id = h.id.trim().to_string();
    let at = |m: String| format!("{file}: holiday {id}: {m}");
    let date = match (&h.date, &h.lunar) {
        (Some(_), Some(_)) => return Err(at("give either `date` or `lunar`, not both".into())),
        (Some(d), None) => {
            let (month, day) = parse_md(d)
                .filter(|(m, d)| chrono::NaiveDate::from_ymd_opt(2028, *m, *d).is_some())
                .ok_or_else(|| at(format!("date `{d}`: expected MM-DD")))?;
            Some(HolidayDate::Solar { month, day })
        }
        (None, Some(d)) => {
            let (month, day) = parse_md(d)
                .filter(|(m, d)| (1..=12).contains(m) && (1..=30).contains(d))
                .ok_or_else(|| {
                    at(format!(
                        "lunar `{d}`: expected MM-DD (month 1–12, day 1–30)"
                    ))
                })?;
            Some(HolidayDate::Lunar {
                month: month as u8,
                day: day as u8,
            })
        }
        (None, None) => None,
    };
    let idx = match list.iter().position(|x| x.id == id) {
        Some(i) => i,
        None => {
            let (Some(date), Some(name)) = (date, h.name.as_ref()) else {
                return Err(at("a new holiday needs `name` and `date` or `lunar`".into()));
            };
            list.push(Holiday {
                id: id.clone(),
                name: name.trim().to_string(),
                date,
                enabled: true,
                greeting: String::new(),
            });
            list.len() - 1
        }
    };
    let x = &mut list[idx];
    if let Some(d) = date {
        x.date = d;
    }
    if let Some(n) = h.name {
        x.name = n.trim().to_string();
    }
    if let Some(e) = h.enabled {
        x.enabled = e;
    }
    if let Some(g) = h.greeting {
        x.greeting = g.trim().to_string();
    }
    Ok(())
}

/// Applies a rule file's text over `rules`.
pub(super) fn apply_text(rules: &mut Rules, text: &str, file: &str) -> Result<(), String> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(l) => format!("{file}:{l}: {}", e.message()),
            None => format!("{file}: {}", e.message()),
        }
    })?;
    if let Some(s) = raw.settings {
        s.apply(&mut rules.settings, file)?;
    }
    let mut seen = Vec::new();
    for r in raw.rule {
        let kind = Kind::from_code(r.kind.trim()).ok_or_else(|| {
            let known: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
            format!(
                "{file}: unknown rule kind `{}` (known: {})",
                r.kind,
                known.join(", ")
            )
        })?;
        if seen.contains(&kind) {
            return Err(format!("{file}: rule {} is given twice", kind.code()));
        }
        seen.push(kind);
        if let Some(rule) = rules.rules.iter_mut().find(|x| x.kind == kind) {
            r.apply(rule, file)?;
        }
    }
    for h in raw.holiday {
        apply_holiday(&mut rules.holidays, h, file)?;
    }
    for r in &rules.rules {
        check_rule(r, file)?;
    }
    Ok(())
}
