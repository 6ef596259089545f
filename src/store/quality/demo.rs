//! The demo store's month of call-quality reviews: the queue sampled by the store's rule as
//! of the demo's day, most reviews scored by the supervisor a day or two after the call, a
//! few left waiting (the running week's and the supervisor's own calls among them), one
//! disputed by its agent and waiting for the re-score, one disputed and re-scored.

use super::super::agents::{self, Agent, Role};
use super::super::{Actor, Db, StoreError};
use super::{View, config, list};
use crate::domain::quality::Scores;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What the demo's reviews came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DemoReviews {
    pub queued: usize,
    pub scored: usize,
    pub disputed: usize,
}

const COMMENTS: &[&str] = &[
    "开场白规范，答复准确，继续保持。",
    "核实车辆信息较快，结束语可以更完整。",
    "客户表达不满时请先安抚情绪，再说明处理流程。",
    "答复中保修期限说得不够准确，请对照知识库。",
    "语速偏快，复述客户需求时要确认清楚。",
    "整体良好，注意使用礼貌用语。",
];

const REASONS: &[&str] = &[
    "客户当时情绪激动，挂断前已按流程致歉，请复听录音。",
    "保修期限按当时的政策答复，政策后来才调整。",
];

/// Samples the last weeks' calls and done callbacks and scores most of them as the demo
/// store's supervisor would have. Returns how many reviews stand where.
pub fn fill(db: &mut Db, now: DateTime<Utc>, tz: Tz, seed: u64) -> Result<DemoReviews, StoreError> {
    let all = agents::list(db)?;
    let Some(sup) = all.iter().find(|a| a.role == Role::Supervisor).cloned() else {
        return Ok(DemoReviews::default());
    };
    let cfg = config(db.conn());
    let actor = Actor {
        agent_id: Some(sup.id),
        at: now,
    };
    super::sample(db, actor, tz, &cfg.sampling)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0051_A117_0000_0019);
    let queue = list(db, &sup, View::Queue)?;
    let mut out = DemoReviews::default();
    let mut scored: Vec<(i64, Option<i64>, DateTime<Utc>)> = Vec::new();
    for r in &queue {
        let fresh = now - r.record_at < Duration::days(2);
        // The supervisor's own calls wait for another supervisor; the last two days' calls
        // and one in twelve of the others wait their turn.
        if r.agent_id == Some(sup.id) || fresh || rng.random_range(0..12) == 0 {
            out.queued += 1;
            continue;
        }
        let at = (r.record_at + Duration::hours(rng.random_range(18..60))).min(now);
        let scores = points(&mut rng, &cfg.review);
        let comment = COMMENTS[rng.random_range(0..COMMENTS.len())];
        super::score(db, at, &sup, r.id, r.version, &scores, comment, &cfg.review)?;
        scored.push((r.id, r.agent_id, at));
        out.scored += 1;
    }
    // Two agents dispute a score: the older dispute is re-scored, the newer one waits.
    let mut disputers: Vec<Agent> = Vec::new();
    for (id, agent_id, at) in scored.iter().rev() {
        if disputers.len() == 2 {
            break;
        }
        let Some(agent) = all
            .iter()
            .find(|a| Some(a.id) == *agent_id && !disputers.iter().any(|d| d.id == a.id))
        else {
            continue;
        };
        let version = super::detail(db, &sup, *id)?.row.version;
        let when = (*at + Duration::hours(3)).min(now);
        let reason = REASONS[disputers.len()];
        super::dispute(db, when, agent, *id, version, reason)?;
        disputers.push(agent.clone());
        if disputers.len() == 2 {
            let d = super::detail(db, &sup, *id)?;
            let again = points(&mut rng, &cfg.review);
            let comment = "复听录音后调整评分：致歉及时，处理得当。";
            let when = (when + Duration::hours(2)).min(now);
            super::score(
                db,
                when,
                &sup,
                *id,
                d.row.version,
                &again,
                comment,
                &cfg.review,
            )?;
        } else {
            out.disputed += 1;
        }
    }
    Ok(out)
}

/// A supervisor's points: mostly 4 or 5, now and then 3 or less, rarely a fatal error.
fn points(rng: &mut ChaCha8Rng, sheet: &crate::domain::quality::ReviewSheet) -> Scores {
    let max = sheet.max;
    let points = sheet
        .criteria
        .iter()
        .map(|c| {
            let p = match rng.random_range(0..100) {
                0..=4 => max.saturating_sub(3),
                5..=19 => max.saturating_sub(2),
                20..=54 => max.saturating_sub(1),
                _ => max,
            };
            (c.id.clone(), p)
        })
        .collect();
    Scores {
        points,
        fatal: rng.random_range(0..60) == 0,
    }
}
