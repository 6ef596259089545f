//! `frontdesk quality sample [--week YYYY-Www]`: fills the call-quality review queue by the
//! sampling rule (supervisors; each queued review is audited). Without `--week`, every week
//! of the last five not sampled yet; with it, that one week. Running it again queues nothing
//! twice. Exit codes: 0 done, 1 refused or an error, 2 bad usage.

use super::start::open_db;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::quality::sampling::parse_week;
use crate::i18n::Lang;
use crate::store::{Actor, quality};
use crate::text::inert;
use anyhow::{Result, anyhow};

pub fn sample(s: &Settings, agent: Option<&str>, week: Option<&str>) -> Result<i32> {
    let lang = s.lang;
    let monday = match week.map(|w| (w, parse_week(w))) {
        None => None,
        Some((_, Some(d))) => Some(d),
        Some((w, None)) => {
            eprintln!(
                "frontdesk: {}",
                match lang {
                    Lang::Zh => format!("--week {}：应为 2026-W47 这样的 ISO 周", inert(w)),
                    Lang::En => format!("--week {}: use an ISO week such as 2026-W47", inert(w)),
                }
            );
            return Ok(2);
        }
    };
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let mut db = open_db(s)?;
    let who = crate::cli::start::who(&db, lang, agent)?;
    if !who.is_supervisor() {
        eprintln!(
            "frontdesk: {}",
            match lang {
                Lang::Zh => format!(
                    "只有主管可以抽取质检评审（{} 不是主管；主管请加 --agent 工号）",
                    inert(&who.label())
                ),
                Lang::En => format!(
                    "only a supervisor samples calls for review ({} is not one; a supervisor adds --agent EMP)",
                    inert(&who.label())
                ),
            }
        );
        return Ok(1);
    }
    let actor = Actor {
        agent_id: who.agent_id(),
        at: clock.now(),
    };
    if monday.is_some_and(|m| m > clock.today()) {
        eprintln!(
            "frontdesk: {}",
            lang.t(
                "该周尚未开始，没有可抽取的通话",
                "that week has not begun: nothing to sample"
            )
        );
        return Ok(1);
    }
    let rule = quality::config(db.conn()).sampling;
    let queued = match monday {
        Some(m) => quality::sample_week(&mut db, actor, clock.tz(), &rule, m),
        None => quality::sample(&mut db, actor, clock.tz(), &rule),
    }
    .map_err(|e| anyhow!(e.message(lang)))?;
    let span = match (week, lang) {
        (Some(w), _) => w.trim().to_string(),
        (None, Lang::Zh) => format!("近 {} 天", quality::queue::LOOKBACK_DAYS),
        (None, Lang::En) => format!("the last {} days", quality::queue::LOOKBACK_DAYS),
    };
    match lang {
        Lang::Zh => println!(
            "{span}：新加入质检队列 {queued} 条（规则：每人每周抽 {} 条，投诉来电{}，通话短于 {} 秒的全部评审）",
            rule.per_agent_week,
            if rule.every_complaint {
                "全部评审"
            } else {
                "不强制评审"
            },
            rule.min_call_seconds
        ),
        Lang::En => println!(
            "{span}: {queued} added to the review queue (rule: {} per agent per week, complaint calls {}, every call under {} s)",
            rule.per_agent_week,
            if rule.every_complaint {
                "all reviewed"
            } else {
                "not forced"
            },
            rule.min_call_seconds
        ),
    }
    Ok(0)
}
