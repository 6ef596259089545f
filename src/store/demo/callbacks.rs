//! The demo store's callback history: the queue planned as it would have been over the
//! past four weeks, the desk working most of each week's due calls (scores mostly good, a
//! few low), some given up after no answers, and today's queue planned for real.

use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::Rules;
use crate::store::{Actor, Db, StoreError, callbacks};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;
use std::collections::BTreeMap;

fn at(tz: Tz, day: NaiveDate, minute: u32) -> DateTime<Utc> {
    let t = day
        .and_hms_opt(minute / 60, minute % 60, 0)
        .unwrap_or_default();
    tz.from_local_datetime(&t)
        .earliest()
        .map(|x| x.with_timezone(&Utc))
        .unwrap_or_else(|| t.and_utc())
}

/// Plans and works the past four weeks, then plans today. Returns the tasks worked.
pub fn fill_callbacks(
    db: &mut Db,
    now: DateTime<Utc>,
    tz: Tz,
    seed: u64,
) -> Result<usize, StoreError> {
    let rules = Rules::builtin();
    let cal = BusinessCalendar::builtin();
    let today = now.with_timezone(&tz).date_naive();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x00CA_11BA_C4ED_0001);
    let agents: Vec<i64> = {
        let mut st = db
            .conn()
            .prepare("SELECT id FROM agents WHERE role = 'agent' ORDER BY emp_no")?;
        st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
    };
    let mut worked = 0;
    for weeks in (1..=4).rev() {
        let day = today - Duration::days(7 * weeks);
        callbacks::plan(
            db,
            Actor {
                agent_id: None,
                at: at(tz, day, 8 * 60),
            },
            day,
            tz,
            &rules,
            &cal,
        )?;
        worked += work_week(db, &rules, &mut rng, &agents, day, tz)?;
    }
    callbacks::plan(
        db,
        Actor {
            agent_id: None,
            at: now,
        },
        today,
        tz,
        &rules,
        &cal,
    )?;
    Ok(worked)
}

/// Works the calls due by the end of the week starting `day`.
fn work_week(
    db: &mut Db,
    rules: &Rules,
    rng: &mut ChaCha8Rng,
    agents: &[i64],
    day: NaiveDate,
    tz: Tz,
) -> Result<usize, StoreError> {
    let end = day + Duration::days(6);
    let tasks: Vec<(i64, String)> = {
        let mut st = db.conn().prepare(
            "SELECT id, kind FROM callback_tasks WHERE status = 'open' AND channel = 'call' AND level = 1
               AND due_date <= ?1 ORDER BY due_date LIMIT 20000",
        )?;
        st.query_map([end.format("%Y-%m-%d").to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?
    };
    let mut worked = 0;
    db.write(|tx| {
        for (id, kind) in &tasks {
            let roll: f64 = rng.random();
            if roll > 0.88 {
                continue; // still waiting: overdue in today's queue
            }
            let agent = agents.get(rng.random_range(0..agents.len().max(1))).copied();
            let when_day = day + Duration::days(rng.random_range(0..5));
            let when = at(tz, when_day, rng.random_range(9 * 60 + 10..17 * 60 + 30));
            let when_s = crate::clock::to_db(when);
            if roll > 0.80 {
                // Three tries without an answer, then given up.
                for k in 0..3 {
                    let t = crate::clock::to_db(when + Duration::hours(2 * k));
                    tx.execute(
                        "INSERT INTO callback_attempts(task_id, at, agent_id, outcome) VALUES (?1, ?2, ?3, 'no_answer')",
                        params![id, t, agent],
                    )?;
                }
                tx.execute(
                    "UPDATE callback_tasks SET status = 'failed', attempts = attempts + 3, last_attempt_at = ?1,
                        updated_at = ?1, updated_by = ?2, version = version + 1 WHERE id = ?3",
                    params![when_s, agent, id],
                )?;
                worked += 1;
                continue;
            }
            let mut scores = BTreeMap::new();
            let kind = crate::domain::callbacks::Kind::from_code(kind);
            if let Some(survey) = kind.and_then(|k| rules.survey(k)) {
                for q in &survey.questions {
                    let top = survey.scale;
                    let v = match rng.random_range(0..100) {
                        0..=3 => 2.min(top),
                        4..=14 => top.saturating_sub(2).max(1),
                        15..=44 => top.saturating_sub(1).max(1),
                        _ => top,
                    };
                    scores.insert(q.id.clone(), v);
                }
            }
            let json = serde_json::to_string(&scores).unwrap_or_else(|_| "{}".into());
            tx.execute(
                "INSERT INTO callback_attempts(task_id, at, agent_id, outcome, scores) VALUES (?1, ?2, ?3, 'done', ?4)",
                params![id, when_s, agent, json],
            )?;
            tx.execute(
                "UPDATE callback_tasks SET status = 'done', attempts = attempts + 1, last_attempt_at = ?1,
                    completed_at = ?1, completed_by = ?2, score_json = ?3, updated_at = ?1, updated_by = ?2,
                    version = version + 1 WHERE id = ?4",
                params![when_s, agent, json, id],
            )?;
            worked += 1;
        }
        Ok(())
    })?;
    Ok(worked)
}
