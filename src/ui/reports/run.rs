//! Carries the Reports tab's jobs out against the store. `compute` runs on the worker
//! thread (`ui::background`) with that thread's own connection, or, where the app has no
//! worker (tests that drive `App` directly), on the app's own; either way its outcome
//! comes back to the tab as `Msg::Done`.

use super::{Job, Outcome};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::Rules;
use crate::domain::complaints::SlaSettings;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::io::report::{self, Ctx};
use crate::io::sheet::Heading;
use crate::store::Db;
use crate::ui::export_file::{self, Writer};
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
    /// The store's name, in an export's heading.
    pub store: String,
    pub writer: Writer,
}

impl Env {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            lang: self.lang,
            tz: self.tz,
            now: self.now,
            templates: &self.templates,
            calendar: &self.calendar,
            sla: self.sla.clone(),
            rules: &self.rules,
            churn_months: self.churn_months,
        }
    }
}

/// Runs one job. Reads only, except an export's audit record (one `BEGIN IMMEDIATE`
/// write through `db.write`, waiting on the busy timeout like any other writer).
pub fn compute(db: &mut Db, job: Job, env: &Env) -> Outcome {
    let lang = env.lang;
    let failed = |e: crate::store::StoreError| Outcome::Failed(e.message(lang));
    match job {
        Job::Report { report, range } => {
            match report::build(db.conn(), report, &range, &env.ctx()) {
                Ok(sheet) => Outcome::Report(sheet),
                Err(e) => failed(e),
            }
        }
        Job::Drill(d) => match report::drill::drill(db.conn(), &d, &env.ctx()) {
            Ok(sheet) => Outcome::Drill(d, sheet),
            Err(e) => failed(e),
        },
        Job::Export(x) => {
            // A drill-down's export has every record, not the first screenful.
            let sheet = match &x.drill {
                Some(d) => match report::drill::drill_all(db.conn(), d, &env.ctx()) {
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
