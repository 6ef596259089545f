//! `frontdesk events [--from D] [--to D]`: the customer events with invited / accepted /
//! attended, upcoming first; `frontdesk events show ID`: one event and its invitees, the
//! numbers masked for everyone (the command line has no unmasked way to the list).

use crate::clock::Clock;
use crate::config::Settings;
use crate::i18n::Lang;
use crate::store::events;
use crate::text::{fit, inert};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::fmt::Write as _;

fn day(lang: Lang, flag: &str, s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(|d| super::flags::date(lang, &format!("--{flag}"), d))
        .transpose()
}

/// One event's line of counts: "邀约 78  参加 15（34 人）  待定 3  不参加 24  到场 16".
pub fn counts_line(e: &events::EventRow, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "邀约 {}  参加 {}（{} 人，名额 {}）  待定 {}  不参加 {}  到场 {}",
            e.invited,
            e.yes,
            e.accepted_people,
            e.seats().text(lang),
            e.maybe,
            e.no,
            e.attended
        ),
        Lang::En => format!(
            "invited {}  yes {} ({} people, seats {})  maybe {}  no {}  attended {}",
            e.invited,
            e.yes,
            e.accepted_people,
            e.seats().text(lang),
            e.maybe,
            e.no,
            e.attended
        ),
    }
}

pub fn list(s: &Settings, from: Option<&str>, to: Option<&str>) -> Result<i32> {
    let lang = s.lang;
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let (from, to) = (day(lang, "from", from)?, day(lang, "to", to)?);
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return Err(anyhow!(lang.t("--from 晚于 --to", "--from is after --to")));
    }
    let db = crate::cli::start::open_store(&s.db_path, lang)?;
    let rows =
        events::list(db.conn(), from, to, clock.today()).map_err(|e| anyhow!(e.message(lang)))?;
    let mut out = String::new();
    let head = match lang {
        Lang::Zh => [
            "编号", "时间", "类型", "活动", "状态", "邀约", "接受", "名额", "到场",
        ],
        Lang::En => [
            "No.", "When", "Kind", "Event", "Status", "Invited", "Accepted", "Seats", "Attended",
        ],
    };
    let widths = [5, 17, 9, 28, 10, 8, 9, 19, 8];
    let line = |cells: [String; 9]| -> String {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| fit(c, w, true))
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end()
            .to_string()
    };
    let _ = writeln!(out, "{}", line(head.map(str::to_string)));
    for e in &rows {
        let _ = writeln!(
            out,
            "{}",
            line([
                e.id.to_string(),
                e.starts_at.format("%Y-%m-%d %H:%M").to_string(),
                e.kind.label(lang).to_string(),
                inert(&e.title),
                e.status
                    .label_on(e.starts_at, clock.today(), lang)
                    .to_string(),
                e.invited.to_string(),
                e.yes.to_string(),
                e.seats().text(lang),
                e.attended.to_string(),
            ])
        );
    }
    if rows.is_empty() {
        let _ = writeln!(out, "{}", lang.t("（没有活动）", "(no events)"));
    }
    print!("{out}");
    Ok(0)
}

pub fn show(s: &Settings, id: i64) -> Result<i32> {
    let lang = s.lang;
    let db = crate::cli::start::open_store(&s.db_path, lang)?;
    let e = match events::get(db.conn(), id) {
        Ok(e) => e,
        Err(crate::store::StoreError::NotFound) => {
            return Err(anyhow!(match lang {
                Lang::Zh => format!("没有编号为 {id} 的活动"),
                Lang::En => format!("no event number {id}"),
            }));
        }
        Err(e) => return Err(anyhow!(e.message(lang))),
    };
    let inv = events::invitees(db.conn(), id).map_err(|e| anyhow!(e.message(lang)))?;
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#{} {}  {}  {}",
        e.id,
        inert(&e.title),
        e.kind.label(lang),
        e.status.label_on(e.starts_at, clock.today(), lang)
    );
    let _ = writeln!(
        out,
        "{} {}  {} {}",
        lang.t("时间", "When"),
        e.starts_at.format("%Y-%m-%d %H:%M"),
        lang.t("地点", "Place"),
        inert(&e.place)
    );
    let _ = writeln!(
        out,
        "{} {}  {} {}",
        lang.t("对象", "Target"),
        inert(&e.target.describe(lang)),
        lang.t("邀约方式", "Invited by"),
        e.channel.label(lang)
    );
    let _ = writeln!(out, "{}", counts_line(&e, lang));
    if e.seats().over() {
        let _ = writeln!(
            out,
            "{}",
            lang.t(
                "注意：接受人数已超出名额",
                "Note: more people accepted than there are seats"
            )
        );
    }
    let _ = writeln!(out);
    for i in &inv {
        let answer = i
            .answer
            .map_or(lang.t("未答复", "no answer"), |a| a.label(lang));
        let party = if i.party > 0 {
            format!("{}{}", i.party, lang.t("人", " ppl"))
        } else {
            String::new()
        };
        let came = if i.attended {
            lang.t("已到场", "attended")
        } else {
            ""
        };
        let row = format!(
            "{} {} {} {} {} {}",
            fit(&inert(&i.name), 8, true),
            fit(&i.mobile, 12, true),
            fit(&inert(i.plate.as_deref().unwrap_or("")), 10, true),
            fit(answer, 8, true),
            fit(&party, 6, true),
            came
        );
        let _ = writeln!(out, "{}", row.trim_end());
    }
    print!("{out}");
    Ok(0)
}
