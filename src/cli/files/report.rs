//! `frontdesk report REPORT`: a report as plain text, and the report built from the
//! command line's words (also for `frontdesk export`).

use super::{Console, EXIT_OK, open, usage};
use crate::cli::start::who;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::complaints::SlaSettings;
use crate::i18n::Lang;
use crate::io::sheet::{Heading, Sheet};
use crate::store::reports::{self, Ctx, Range, Report, Viewer};
use crate::store::{Actor, Db, agents};
use anyhow::{Result, anyhow};
use std::io::Write;

/// Builds a report from the command line's words; Err(exit code) after telling why.
pub(super) struct Built {
    /// In full; `shown` is what this person may take away.
    sheet: Sheet,
    /// The title, store and period written inside an exported file.
    pub(super) heading: Heading,
    db: Db,
    pub(super) who: agents::Who,
    now: chrono::DateTime<chrono::Utc>,
}

impl Built {
    /// The sheet as this person may take it: in full for a supervisor, else masked.
    pub(super) fn shown(&self) -> Sheet {
        if self.who.is_supervisor() {
            self.sheet.clone()
        } else {
            crate::io::privacy::masked(&self.sheet)
        }
    }

    /// Writes who took what out to the audit log.
    pub(super) fn audit(
        &mut self,
        action: &str,
        report: &str,
        file: &str,
        range: (Option<&str>, Option<&str>),
    ) -> Result<()> {
        let detail = serde_json::json!({
            "report": report,
            "from": range.0,
            "to": range.1,
            "rows": self.sheet.rows.len(),
            "file": file,
            "full_numbers": self.who.is_supervisor(),
            "by": self.who.label(),
            "os_user": self.who.os_user,
        });
        let actor = Actor {
            agent_id: self.who.agent_id(),
            at: self.now,
        };
        crate::store::audit::data_out(&mut self.db, actor, action, &detail)
            .map_err(|e| anyhow!(e.message(Lang::En)))
    }
}

pub(super) fn build(
    s: &Settings,
    agent: Option<&str>,
    report: &str,
    from: Option<&str>,
    to: Option<&str>,
    err: &mut dyn Write,
) -> Result<std::result::Result<Built, i32>> {
    let lang = s.lang;
    let Some(which) = Report::parse(report) else {
        let known: Vec<&str> = Report::ALL.iter().map(|r| r.code()).collect();
        let msg = match lang {
            Lang::Zh => format!("没有报表“{report}”；可用：{}", known.join(", ")),
            Lang::En => format!("no report {report:?}; known: {}", known.join(", ")),
        };
        return Ok(Err(usage(err, &msg)?));
    };
    let range = match Range::parse(from, to, lang) {
        Ok(r) => r,
        Err(e) => return Ok(Err(usage(err, &e)?)),
    };
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let db = open(s)?;
    let who = who(&db, lang, agent)?;
    let crate::setup::Setup {
        templates,
        calendar,
        rules,
        store: store_setup,
        ..
    } = crate::setup::load(
        &crate::store::settings::files(db.conn()),
        s.config_dir.as_deref(),
        s.tz,
    );
    let ctx = Ctx {
        lang,
        tz: s.tz,
        now: clock.now(),
        templates: &templates,
        calendar: &calendar,
        sla: SlaSettings {
            business_hours: s.sla_business_hours,
            ..Default::default()
        },
        rules: &rules,
        churn_months: s.churn_months,
        viewer: if who.is_supervisor() {
            Viewer::All
        } else {
            Viewer::Own(who.agent.as_ref().map(|a| a.id))
        },
    };
    let sheet =
        reports::build(db.conn(), which, &range, &ctx).map_err(|e| anyhow!(e.message(lang)))?;
    let store = match &s.store_name {
        n if !n.is_empty() => n.clone(),
        _ => store_setup.name.clone(),
    };
    let heading = Heading {
        title: which.title(lang).to_string(),
        store,
        period: Heading::period_of(lang, range.from, range.to),
        lang,
    };
    Ok(Ok(Built {
        sheet,
        heading,
        db,
        who,
        now: clock.now(),
    }))
}

/// `frontdesk report REPORT [--from DATE] [--to DATE]`: plain text on `out`, numbers
/// masked unless a supervisor runs it (then the audit log records it).
pub fn run(
    s: &Settings,
    agent: Option<&str>,
    report: &str,
    from: Option<&str>,
    to: Option<&str>,
    io: &mut Console<'_>,
) -> Result<i32> {
    let (out, err) = (&mut *io.out, &mut *io.err);
    let mut built = match build(s, agent, report, from, to, err)? {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    if built.who.is_supervisor() {
        built.audit("report", report, "-", (from, to))?;
    }
    let mut sheet = built.shown();
    // What each figure counts, under the table (the Reports tab shows the line of the
    // column under the cursor).
    if let Some(which) = Report::parse(report) {
        let defs = crate::store::reports::defs::lines(which, &sheet.columns, s.lang);
        sheet.notes.extend(defs);
    }
    out.write_all(sheet.render_text(40).as_bytes())?;
    Ok(EXIT_OK)
}
