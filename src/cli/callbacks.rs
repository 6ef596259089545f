//! `frontdesk callbacks [--date YYYY-MM-DD]`: plans the callbacks (idempotent), then prints
//! the calls due that day — overdue ones still in their window first — with kind, customer,
//! due date and window, agent and status, and the text messages waiting per kind.

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::{Channel, Rules};
use crate::i18n::Lang;
use crate::store::callbacks::{self as cb, Bucket, QueueFilter};
use crate::store::{Actor, Db};
use crate::text::{fit, inert};
use anyhow::{Result, anyhow};
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

/// The rules and calendar of this store: built in, with the config directory's files on
/// top (a broken file is reported and the built-in data used).
fn load_rules(s: &Settings, db: &Db) -> (Rules, BusinessCalendar, Vec<String>) {
    let setup = crate::setup::load(
        &crate::store::settings::files(db.conn()),
        s.config_dir.as_deref(),
        s.tz,
    );
    (setup.rules, setup.calendar, setup.errors)
}

pub fn run(s: &Settings, date: Option<&str>) -> Result<i32> {
    let lang = s.lang;
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let day = match date {
        Some(d) => super::flags::date(lang, "--date", d)?,
        None => clock.today(),
    };
    let mut db = crate::cli::start::open_store(&s.db_path, lang)?;
    let (rules, calendar, warnings) = load_rules(s, &db);
    for w in warnings {
        eprintln!(
            "frontdesk: {}: {w}",
            lang.t("配置有误，已使用内置规则", "bad file, built-in data used")
        );
    }
    let actor = Actor {
        agent_id: None,
        at: clock.now(),
    };
    // The holiday's ~100k greetings are a big write: SQLite would fold the `-wal` back into
    // the file inside the commit, which takes about as long again. The plan is committed
    // (and synced) either way; the fold waits until the listing is out.
    db.defer_checkpoints()
        .map_err(|e| anyhow!(e.message(lang)))?;
    let started = Instant::now();
    // Planning changes the queue (it expires tasks whose window ended), so it always runs
    // for the real today; a later day is listed from what that planning produced.
    let report = cb::plan(&mut db, actor, clock.today(), s.tz, &rules, &calendar)
        .map_err(|e| anyhow!(e.message(lang)))?;
    let ms = started.elapsed().as_millis();
    // The plan is said as soon as it is committed, the listing once it is read; each is
    // written whole, and a closed pipe (`| head`) ends the command quietly.
    let mut out = String::new();
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "回访计划（{day}）：新建 {} 条，不回访 {} 条，改期 {} 条，关闭 {} 条，过期 {} 条，失败 {} 条；用时 {ms} 毫秒",
            report.created_total(),
            report.skipped_total(),
            report.moved,
            report.closed + report.newly_skipped,
            report.expired,
            report.failed
        ),
        Lang::En => writeln!(
            out,
            "Callback plan for {day}: {} new, {} skipped, {} moved, {} closed, {} expired, {} failed; {ms} ms",
            report.created_total(),
            report.skipped_total(),
            report.moved,
            report.closed + report.newly_skipped,
            report.expired,
            report.failed
        ),
    };
    let said = say(&out);
    out.clear();
    let filter = QueueFilter {
        channel: Some(Channel::Call),
        due_to: Some(day),
        ..Default::default()
    };
    let rows = cb::queue(db.conn(), &filter, day, 20_000).map_err(|e| anyhow!(e.message(lang)))?;
    let rows: Vec<_> = rows.into_iter().filter(|r| !r.past_window).collect();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}{}{}{}{}{}{}{}",
        fit(lang.t("类型", "Kind"), 22, true),
        fit(lang.t("客户", "Customer"), 12, true),
        fit(lang.t("电话", "Phone"), 13, true),
        fit(lang.t("车牌", "Plate"), 10, true),
        fit(lang.t("到期日", "Due"), 12, true),
        fit(lang.t("回访窗口", "Window"), 23, true),
        fit(lang.t("专员", "Agent"), 12, true),
        lang.t("状态", "Status"),
    );
    for r in &rows {
        let status = if r.bucket == Bucket::Overdue {
            format!(
                "{}{}{}",
                r.status.label(lang),
                lang.t("，", ", "),
                lang.t("逾期", "overdue")
            )
        } else {
            r.status.label(lang).to_string()
        };
        let _ = writeln!(
            out,
            "{}{}{}{}{}{}{}{}",
            fit(r.kind.label(lang), 22, true),
            fit(&inert(&r.customer), 12, true),
            fit(&r.phone, 13, true),
            fit(&inert(r.plate.as_deref().unwrap_or("-")), 10, true),
            fit(&r.due.to_string(), 12, true),
            fit(&format!("{}~{}", r.window_start, r.window_end), 23, true),
            fit(&inert(r.agent.as_deref().unwrap_or("-")), 12, true),
            status,
        );
    }
    let overdue = rows.iter().filter(|r| r.bucket == Bucket::Overdue).count();
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "\n共 {} 通电话待回访（其中逾期 {overdue} 通）。",
            rows.len()
        ),
        Lang::En => writeln!(out, "\n{} calls due ({overdue} overdue).", rows.len()),
    };
    let counts = cb::counts_by_kind(db.conn(), day).map_err(|e| anyhow!(e.message(lang)))?;
    let sms: Vec<String> = counts
        .iter()
        .filter(|c| {
            rules
                .rule(c.kind)
                .is_some_and(|r| r.channel == Channel::Sms)
        })
        .filter(|c| c.overdue + c.today > 0)
        .map(|c| format!("{} {}", c.kind.label(lang), c.overdue + c.today))
        .collect();
    if !sms.is_empty() {
        let _ = writeln!(
            out,
            "{}{}",
            lang.t("待发短信：", "Text messages to send: "),
            sms.join(lang.t("，", ", "))
        );
    }
    let written = said.and_then(|()| say(&out));
    db.checkpoint().map_err(|e| anyhow!(e.message(lang)))?;
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(0),
    }
}

/// Writes `text` to stdout whole and flushes it.
fn say(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}
