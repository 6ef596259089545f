//! The Reports tab's runner: carries its commands out. A job goes to the worker thread
//! (`ui::background`), where `compute` runs it on that thread's own connection, or, where
//! the app has no worker (tests that drive `App` directly), runs here on the app's own;
//! either way its outcome comes back to the tab as `Msg::Done`. Opening a record on
//! another tab is asked of the app (`desk::Out`, like every tab).

use super::{Cmd, Job, Msg, Outcome, ReportsTab};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::Rules;
use crate::domain::complaints::SlaSettings;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::io::sheet::Heading;
use crate::store::Db;
use crate::store::reports::{self, Ctx as ReportCtx, Viewer};
use crate::ui::background::Background;
use crate::ui::desk::Out;
use crate::ui::export_file::{self, Writer};
use crate::ui::machine;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// What a job needs besides the database, owned so it can go to another thread.
#[derive(Debug, Clone)]
pub struct Env {
    pub lang: Lang,
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub templates: TemplateSet,
    pub calendar: BusinessCalendar,
    pub sla: SlaSettings,
    pub rules: Rules,
    pub churn_months: u32,
    /// Whose rows of the per-agent reports are shown (an agent: their own and the desk's).
    pub viewer: Viewer,
    /// The store's name, in an export's heading.
    pub store: String,
    pub writer: Writer,
    /// Open complaints past a deadline, as the Complaints tab counted them (the board
    /// shows them beside its own counts).
    pub complaints_overdue: i64,
}

/// What the runner works with: the app's connection, its worker (None: run inline) and
/// what a job needs.
pub struct Ctx<'a> {
    pub db: &'a mut Db,
    pub background: Option<&'a mut Background>,
    pub env: Env,
}

impl ReportsTab {
    /// Feeds a message to the tab and carries out what it asks, until it asks for nothing
    /// more; returns what the app is to do.
    pub fn handle(&mut self, first: Msg, ctx: &mut Ctx) -> Vec<Out> {
        let mut outs = Vec::new();
        machine::drive(self, first, |cmd| carry(cmd, ctx, &mut outs));
        outs
    }
}

fn carry(cmd: Cmd, ctx: &mut Ctx, outs: &mut Vec<Out>) -> Option<Msg> {
    match cmd {
        Cmd::Compute { generation, job } => match ctx.background.as_deref_mut() {
            Some(bg) => {
                let env = ctx.env.clone();
                bg.submit(generation, Box::new(move |db| compute(db, job, &env)));
                None
            }
            None => Some(Msg::Done {
                generation,
                outcome: compute(ctx.db, job, &ctx.env),
            }),
        },
        Cmd::Cancel { generation } => {
            if let Some(bg) = ctx.background.as_deref_mut() {
                bg.cancel(generation);
            }
            None
        }
        Cmd::OpenCustomer(id) => {
            outs.push(Out::OpenCustomer(id));
            None
        }
        Cmd::OpenComplaint(id) => {
            outs.push(Out::OpenComplaint(id));
            None
        }
    }
}

impl Env {
    fn ctx(&self) -> ReportCtx<'_> {
        ReportCtx {
            lang: self.lang,
            tz: self.tz,
            now: self.now,
            templates: &self.templates,
            calendar: &self.calendar,
            sla: self.sla.clone(),
            rules: &self.rules,
            churn_months: self.churn_months,
            viewer: self.viewer,
        }
    }
}

/// Runs one job. Reads only, except an export's audit record (one `BEGIN IMMEDIATE`
/// write through `db.write`, waiting on the busy timeout like any other writer).
pub fn compute(db: &mut Db, job: Job, env: &Env) -> Outcome {
    let lang = env.lang;
    let failed = |e: crate::store::StoreError| Outcome::Failed(e.message(lang));
    match job {
        Job::Board => match board(db, env) {
            Ok(b) => Outcome::Board(b),
            Err(e) => failed(e),
        },
        Job::Report { report, range } => {
            match reports::build(db.conn(), report, &range, &env.ctx()) {
                Ok(sheet) => Outcome::Report(sheet),
                Err(e) => failed(e),
            }
        }
        Job::Drill(d) => match reports::drill::drill(db.conn(), &d, &env.ctx()) {
            Ok(sheet) => Outcome::Drill(d, sheet),
            Err(e) => failed(e),
        },
        Job::Export(x) => {
            // A drill-down's export has every record, not the first screenful.
            let sheet = match &x.drill {
                Some(d) => match reports::drill::drill_all(db.conn(), d, &env.ctx()) {
                    Ok(s) => s,
                    Err(e) => return failed(e),
                },
                None => x.shown,
            };
            let heading = Heading {
                title: sheet.title.clone(),
                store: env.store.clone(),
                period: Heading::period_of(lang, x.range.from, x.range.to),
                lang,
            };
            let names = (x.name.as_str(), x.period.as_str());
            match export_file::write(db, &env.writer, &sheet, &heading, names, x.xlsx, true) {
                Ok(path) => Outcome::Exported(path),
                Err(e) => Outcome::Failed(e),
            }
        }
    }
}

/// The today board: the store's counts over today in the store's zone, with the overdue
/// complaints the Complaints tab counted.
fn board(db: &Db, env: &Env) -> Result<crate::store::board::Board, crate::store::StoreError> {
    use chrono::TimeZone;
    let day = env.now.with_timezone(&env.tz).date_naive();
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    // A midnight skipped by a clock change (not in China): the day starts at its first hour.
    let start = env
        .tz
        .from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            env.tz
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or(env.now, |t| t.with_timezone(&Utc));
    let b = crate::store::board::today(db.conn(), start, env.now, env.viewer)?;
    Ok(crate::store::board::Board {
        complaints_overdue: env.complaints_overdue,
        ..b
    })
}
