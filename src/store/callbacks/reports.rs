//! Reports: the daily report (回访日报: due, done, on time, failed, average score per
//! question) and the weekly summary per kind (回访周报), as plain data. Every figure is
//! counted on one basis: the tasks due in the period (their due day in it, skipped ones
//! left out), whatever day they were done, failed or expired on.

use super::{date_str, parse_day};
use crate::clock::from_db;
use crate::domain::callbacks::{Kind, plus_days};
use crate::store::StoreError;
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// One kind's tasks due in a report's days, by how they stand now.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KindReport {
    pub kind: Option<Kind>,
    /// Tasks due in the period (skipped ones not counted).
    pub due: i64,
    /// Of those: done, done no later than the window's last day, failed, expired, and
    /// still open or claimed. `due = done + failed + expired + pending`.
    pub done: i64,
    pub on_time: i64,
    pub failed: i64,
    pub expired: i64,
    pub pending: i64,
    /// Scores given on the done ones, and their average. A kind has one survey, so one
    /// scale; the total row has no average (5- and 10-point surveys do not add up).
    pub answers: i64,
    pub average: Option<f64>,
}

/// The average score of one question over a report's days.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionAverage {
    pub kind: Kind,
    pub question: String,
    pub answers: i64,
    pub average: f64,
}

/// The callbacks of some days (store-local, inclusive).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Per kind, then the total (kind None).
    pub kinds: Vec<KindReport>,
    pub questions: Vec<QuestionAverage>,
}

/// The daily report (回访日报): due, done, on time, failed, average score per question.
pub fn daily_report(conn: &Connection, date: NaiveDate, tz: Tz) -> Result<Report, StoreError> {
    report(conn, date, date, tz)
}

/// The weekly summary per kind (回访周报), for the 7 days from `from`.
pub fn weekly_report(conn: &Connection, from: NaiveDate, tz: Tz) -> Result<Report, StoreError> {
    report(conn, from, plus_days(from, 6), tz)
}

/// The report of any span of days: the tasks due in them.
pub fn report(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    tz: Tz,
) -> Result<Report, StoreError> {
    let mut kinds: BTreeMap<Kind, KindReport> = BTreeMap::new();
    let mut st = conn.prepare_cached(
        "SELECT kind, status, window_end, completed_at, score_json FROM callback_tasks
         WHERE status IN ('open', 'claimed', 'done', 'failed', 'expired')
           AND channel IN ('call', 'sms') AND due_date BETWEEN ?1 AND ?2",
    )?;
    let mut sums: BTreeMap<(Kind, String), (i64, i64)> = BTreeMap::new();
    let mut kind_sums: BTreeMap<Kind, (i64, i64)> = BTreeMap::new();
    for r in st.query_map([date_str(from), date_str(to)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })? {
        let (k, status, end, at, scores) = r?;
        let Some(k) = Kind::from_code(&k) else {
            continue;
        };
        let e = kinds.entry(k).or_default();
        e.due += 1;
        match status.as_str() {
            "done" => {
                e.done += 1;
                let day = at
                    .as_deref()
                    .and_then(from_db)
                    .map(|t| t.with_timezone(&tz).date_naive());
                if day.is_some_and(|d| d <= parse_day(&end)) {
                    e.on_time += 1;
                }
            }
            "failed" => e.failed += 1,
            "expired" => e.expired += 1,
            _ => e.pending += 1,
        }
        if status != "done" {
            continue;
        }
        let scores: BTreeMap<String, u8> = scores
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        for (q, v) in scores {
            let s = sums.entry((k, q)).or_default();
            s.0 += 1;
            s.1 += i64::from(v);
            let ks = kind_sums.entry(k).or_default();
            ks.0 += 1;
            ks.1 += i64::from(v);
        }
    }
    let avg = |(n, sum): (i64, i64)| (n > 0).then(|| sum as f64 / n as f64);
    let mut total = KindReport::default();
    let mut list = Vec::new();
    for (k, mut r) in kinds {
        r.kind = Some(k);
        let sums = kind_sums.get(&k).copied().unwrap_or_default();
        r.answers = sums.0;
        r.average = avg(sums);
        total.due += r.due;
        total.done += r.done;
        total.on_time += r.on_time;
        total.failed += r.failed;
        total.expired += r.expired;
        total.pending += r.pending;
        total.answers += r.answers;
        list.push(r);
    }
    list.push(total);
    Ok(Report {
        from,
        to,
        kinds: list,
        questions: sums
            .into_iter()
            .map(|((kind, question), (n, sum))| QuestionAverage {
                kind,
                question,
                answers: n,
                average: sum as f64 / n as f64,
            })
            .collect(),
    })
}
