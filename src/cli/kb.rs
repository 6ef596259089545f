//! `frontdesk kb search | import | stats`: the knowledge base from the command line.
//! Exit codes: 0 done (a dry run: the file is clean), 1 refused or an error, 2 bad usage.

use super::start::open_db;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::kb::{KbKind, Validity};
use crate::i18n::Lang;
use crate::store::kb::{self, import::ImportCounts, search::KbQuery, transfers};
use crate::store::{Actor, StoreError};
use crate::text::inert;
use anyhow::{Result, anyhow};
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use std::path::Path;

fn store_err(e: StoreError, lang: Lang) -> anyhow::Error {
    anyhow!(e.message(lang))
}

/// `frontdesk kb search TEXT [--kind K] [--all]`: articles in service (without `--all`,
/// only those inside their validity days, as the call form offers them).
pub fn search(s: &Settings, text: &str, kind: Option<&str>, all: bool) -> Result<i32> {
    let lang = s.lang;
    let kind = match kind.map(|k| (k, KbKind::parse(k))) {
        None => None,
        Some((_, Some(k))) => Some(k),
        Some((k, None)) => {
            eprintln!(
                "frontdesk: {}",
                match lang {
                    Lang::Zh => format!(
                        "--kind {}：应为 station、policy、vehicle_price、part_price、promotion 或 troubleshoot",
                        inert(k)
                    ),
                    Lang::En => format!(
                        "--kind {}: use station, policy, vehicle_price, part_price, promotion or troubleshoot",
                        inert(k)
                    ),
                }
            );
            return Ok(2);
        }
    };
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let db = open_db(s)?;
    let today = clock.today();
    let q = KbQuery {
        text: text.to_string(),
        kind,
        today,
        current_only: !all,
        limit: 50,
    };
    let rows = kb::search::search(db.conn(), &q).map_err(|e| store_err(e, lang))?;
    if rows.is_empty() {
        println!(
            "{}",
            lang.t("知识库中没有找到。", "Nothing found in the knowledge base.")
        );
        return Ok(0);
    }
    for r in &rows {
        let validity = r.article.validity(today);
        let mark = match validity {
            Validity::Current => String::new(),
            v => format!("  ({})", v.label(lang)),
        };
        println!(
            "#{} [{}] {}{mark}\n    {}",
            r.id,
            r.article.kind.label(lang),
            inert(&r.title),
            inert(&r.article.answer(lang))
        );
    }
    Ok(0)
}

/// `frontdesk kb import FILE [--apply]`: checks every row; writes only with `--apply` and
/// only a file without problems (supervisors).
pub fn import(s: &Settings, agent: Option<&str>, file: &Path, apply: bool) -> Result<i32> {
    let lang = s.lang;
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let table = match crate::io::source::read(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("frontdesk: {}: {}", file.display(), e.message(lang));
            return Ok(1);
        }
    };
    let parsed = match crate::io::kb_import::parse(&table, lang) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("frontdesk: {}: {e}", file.display());
            return Ok(1);
        }
    };
    let mut db = open_db(s)?;
    let who = crate::cli::start::who(&db, lang, agent)?;
    if apply && !who.is_supervisor() {
        eprintln!(
            "frontdesk: {}",
            lang.t(
                "只有主管可以导入知识库（主管请加 --agent 工号）",
                "only a supervisor can import into the knowledge base (add --agent EMP)"
            )
        );
        return Ok(1);
    }
    for (line, msg) in parsed.problems.iter().take(100) {
        match lang {
            Lang::Zh => eprintln!("第 {line} 行：{msg}"),
            Lang::En => eprintln!("line {line}: {msg}"),
        }
    }
    if parsed.problems.len() > 100 {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("……另有 {} 处问题", parsed.problems.len() - 100),
                Lang::En => format!("… and {} more problems", parsed.problems.len() - 100),
            }
        );
    }
    let articles: Vec<_> = parsed.articles.iter().map(|(_, a)| a.clone()).collect();
    let actor = Actor {
        agent_id: who.agent_id(),
        at: clock.now(),
    };
    let write = apply && parsed.problems.is_empty();
    let c: ImportCounts =
        kb::import::import(&mut db, actor, &articles, write).map_err(|e| store_err(e, lang))?;
    let bad = parsed.problems.len();
    let summary = match (lang, write) {
        (Lang::Zh, true) => format!(
            "已导入：新增 {}，更新 {}，未变 {}",
            c.created, c.updated, c.unchanged
        ),
        (Lang::En, true) => format!(
            "Imported: {} new, {} updated, {} unchanged",
            c.created, c.updated, c.unchanged
        ),
        (Lang::Zh, false) => format!(
            "检查完毕（未写入）：将新增 {}，更新 {}，未变 {}；有问题的行 {bad}{}",
            c.created,
            c.updated,
            c.unchanged,
            if bad > 0 {
                "。请改正后再导入，有问题时整个文件都不写入"
            } else if apply {
                ""
            } else {
                "。加 --apply 写入"
            }
        ),
        (Lang::En, false) => format!(
            "Checked, nothing written: {} new, {} updated, {} unchanged; {bad} rows with problems{}",
            c.created,
            c.updated,
            c.unchanged,
            if bad > 0 {
                ". Correct them and import again: a file with problems writes nothing"
            } else if apply {
                ""
            } else {
                ". Add --apply to write"
            }
        ),
    };
    println!("{summary}");
    Ok(if bad > 0 { 1 } else { 0 })
}

fn parse_day(s: &str, lang: Lang) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow!(match lang {
            Lang::Zh => format!("日期“{}”应为 2026-11-01 这样的格式", inert(s)),
            Lang::En => format!("date {:?}: use the form 2026-11-01", inert(s)),
        })
    })
}

/// `frontdesk kb stats [--from D] [--to D]`: articles in service per kind, and the period's
/// consultations with how many went to technical support (default: this month so far).
pub fn stats(s: &Settings, from: Option<&str>, to: Option<&str>) -> Result<i32> {
    let lang = s.lang;
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let today = clock.today();
    let from = match from {
        Some(f) => parse_day(f, lang)?,
        None => today.with_day(1).unwrap_or(today),
    };
    let to = match to {
        Some(t) => parse_day(t, lang)?,
        None => today,
    };
    let start = |d: NaiveDate| {
        clock
            .tz()
            .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    };
    let db = open_db(s)?;
    let counts = kb::count_by_kind(db.conn()).map_err(|e| store_err(e, lang))?;
    println!("{}", lang.t("知识库条目（在用）", "Articles in service"));
    for k in KbKind::ALL {
        let n = counts
            .iter()
            .find(|(x, _)| *x == k)
            .map(|c| c.1)
            .unwrap_or(0);
        println!("  {:<12} {n}", k.label(lang));
    }
    let end = to.succ_opt().unwrap_or(to);
    let (consults, transferred) =
        transfers::count(db.conn(), start(from), start(end)).map_err(|e| store_err(e, lang))?;
    match lang {
        Lang::Zh => println!(
            "{from} 至 {to}：咨询 {consults} 个，转技术支持 {transferred} 个（知识库未能解答）"
        ),
        Lang::En => println!(
            "{from} to {to}: {consults} consultations, {transferred} transferred to technical support (not answered by the knowledge base)"
        ),
    }
    Ok(0)
}
