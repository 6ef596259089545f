//! The app's side of the Reports tab: computing the page's report for its period, the
//! records behind a row, opening a customer from them, and exporting what is shown (to
//! `exports/` beside the database, owner-only).

use super::action::Tab;
use super::app::App;
use super::screens::reports::Request;
use crate::i18n::Lang;
use crate::io::report::{self, Ctx};
use crate::io::sheet::{Heading, Sheet};
use crate::store::StoreError;
use std::path::PathBuf;

impl App {
    fn report_ctx(&self) -> Ctx<'_> {
        Ctx {
            lang: self.lang,
            tz: self.clock.tz(),
            now: self.clock.now(),
            templates: &self.templates,
            calendar: &self.calendar,
            sla: self.sla.clone(),
            rules: &self.callback_rules,
            churn_months: self.settings.churn_months,
        }
    }

    pub(super) fn apply_reports(&mut self, request: Request) -> Result<(), StoreError> {
        match request {
            Request::Load => {
                let Some(which) = self.reports.report() else {
                    self.reload_board();
                    return Ok(());
                };
                let range = self.reports.range(self.clock.today());
                let sheet = report::build(self.db.conn(), which, &range, &self.report_ctx())?;
                self.reports.show(sheet);
            }
            Request::Drill(d) => {
                let sheet = report::drill::drill(self.db.conn(), &d, &self.report_ctx())?;
                self.reports.push(d, sheet);
            }
            Request::OpenCustomer(id) => {
                self.tab = Tab::Customers;
                self.open_customer(id, false)?;
                self.return_to = Some(Tab::Reports);
            }
            Request::OpenComplaint(id) => {
                self.tab = Tab::Complaints;
                self.apply(crate::ui::screens::Effect::OpenComplaint(id));
                self.return_to = Some(Tab::Reports);
            }
            Request::Export { xlsx } => {
                let Some(v) = self.reports.stack.last() else {
                    return Ok(());
                };
                // A drill-down's export has every record, not the first screenful.
                let sheet = match &v.drill {
                    Some(d) => report::drill::drill_all(self.db.conn(), d, &self.report_ctx())?,
                    None => v.sheet.clone(),
                };
                match self.export_sheet(&sheet, xlsx) {
                    Ok(path) => self.reports.done(match self.lang {
                        Lang::Zh => format!("已导出到 {}（仅本人可读）", path.display()),
                        Lang::En => format!("Exported to {} (owner-only)", path.display()),
                    }),
                    Err(e) => self.reports.failed(e),
                }
            }
        }
        Ok(())
    }

    /// Recomputes the report shown when the tab is entered (the data may have moved).
    pub(super) fn enter_reports(&mut self) {
        let r = if self.reports.page == 0 {
            self.reload_board();
            Ok(())
        } else if self.reports.stack.len() <= 1 {
            self.apply_reports(Request::Load)
        } else {
            Ok(())
        };
        if let Err(e) = r {
            self.reports.failed(e.message(self.lang));
        }
    }

    /// Recounts the today board (cheap: indexed counts over today's range).
    pub fn reload_board(&mut self) {
        use chrono::TimeZone;
        let day = self.clock.today().and_time(chrono::NaiveTime::MIN);
        let Some(start) = self.clock.tz().from_local_datetime(&day).earliest() else {
            return;
        };
        match crate::store::board::today(
            self.db.conn(),
            start.with_timezone(&chrono::Utc),
            self.clock.now(),
        ) {
            Ok(b) => {
                self.reports.board = Some(crate::store::board::Board {
                    complaints_overdue: self.complaints.overdue() as i64,
                    ..b
                })
            }
            Err(e) => tracing::warn!("board: {}", e.message(Lang::En)),
        }
    }

    /// `Ctrl-E` on a list: the rows on screen, as CSV and XLSX.
    pub(super) fn export_list(&mut self) {
        use super::list_export as le;
        use super::screens::appointments::View;
        let (lang, clock) = (self.lang, &self.clock);
        let (sheet, name) = match self.tab {
            Tab::Calls => (
                le::calls(&self.calls.entries, lang, clock, &self.templates),
                "calls-list",
            ),
            Tab::Complaints => (
                le::complaints(self.complaints.items(), lang, clock),
                "complaints-list",
            ),
            Tab::Callbacks => (le::callbacks(&self.callbacks.rows, lang), "callback-queue"),
            Tab::Appointments => {
                let a = &self.appointments;
                match a.view {
                    View::Day => {
                        let title = lang.t("预约列表", "Bookings").to_string();
                        (le::bookings_sheet(title, &a.rows, lang, clock), "bookings")
                    }
                    View::Arrivals => {
                        let title = lang.t("今日到店", "Arrivals").to_string();
                        (
                            le::bookings_sheet(title, &a.arrivals, lang, clock),
                            "arrivals",
                        )
                    }
                    View::Week => (le::week(&a.week, lang), "bookings-week"),
                    View::Tomorrow => (le::tomorrow(&a.tomorrow, lang, clock), "confirm-tomorrow"),
                }
            }
            Tab::Desk => match self.desk.export(lang, clock) {
                Some(x) => x,
                None => return,
            },
            Tab::Customers | Tab::Reports => return,
        };
        // A list is what the tab showed when it was exported.
        let heading = self.heading(
            &sheet,
            format!(
                "{} {}",
                lang.t("截至", "as of"),
                self.clock.fmt_local(self.clock.now())
            ),
        );
        let written = self
            .write_export(&sheet, &heading, name, "", false, false)
            .and_then(|csv| {
                let xlsx = self.write_export(&sheet, &heading, name, "", true, false)?;
                Ok((csv, xlsx))
            });
        self.status = Some(match written {
            Ok((csv, xlsx)) => (
                match lang {
                    Lang::Zh => format!(
                        "已导出 {} 行：{}、{}（仅本人可读）",
                        sheet.rows.len(),
                        csv.display(),
                        xlsx.display()
                    ),
                    Lang::En => format!(
                        "Exported {} rows: {}, {} (owner-only)",
                        sheet.rows.len(),
                        csv.display(),
                        xlsx.display()
                    ),
                },
                false,
            ),
            Err(e) => (e, true),
        });
    }

    fn export_sheet(&mut self, sheet: &Sheet, xlsx: bool) -> Result<PathBuf, String> {
        let code = self.reports.report().map_or("report", |r| r.code());
        let range = self.reports.range(self.clock.today());
        let day = |d: Option<chrono::NaiveDate>| {
            d.map_or(String::new(), |d| d.format("%Y%m%d").to_string())
        };
        let level = if self.reports.stack.len() > 1 {
            "-records"
        } else {
            ""
        };
        let period = match range.from {
            Some(_) => format!("{}-{}", day(range.from), day(range.to)),
            None => day(range.to),
        };
        let heading = self.heading(sheet, Heading::period_of(self.lang, range.from, range.to));
        self.write_export(
            sheet,
            &heading,
            &format!("{code}{level}"),
            &format!("-{period}"),
            xlsx,
            true,
        )
    }

    /// What an exported file says about itself: the sheet's title, the store, the period.
    fn heading(&self, sheet: &Sheet, period: String) -> Heading {
        Heading {
            title: sheet.title.clone(),
            store: self.store_name(),
            period,
            lang: self.lang,
        }
    }

    /// Writes `exports/NAME[PERIOD]-HHMMSS.csv|xlsx` beside the database, owner-only, with
    /// the heading inside the file. `full_ok`: a supervisor gets the numbers in full (a
    /// report); lists (`Ctrl-E`) are masked as shown for everyone.
    fn write_export(
        &mut self,
        sheet: &Sheet,
        heading: &Heading,
        name: &str,
        period: &str,
        xlsx: bool,
        full_ok: bool,
    ) -> Result<PathBuf, String> {
        let path = self.file_beside_db(
            "exports",
            &format!(
                "{name}{period}-{}.{}",
                self.clock.local_now().format("%Y%m%d-%H%M%S"),
                if xlsx { "xlsx" } else { "csv" }
            ),
        )?;
        // As on screen for an agent; in full for a supervisor, and audited before the file
        // exists, so no full export goes unrecorded.
        let full = full_ok
            && self
                .agent
                .as_ref()
                .is_some_and(|a| a.role == crate::store::agents::Role::Supervisor);
        let detail = serde_json::json!({
            "report": name,
            "period": period.trim_start_matches('-'),
            "rows": sheet.rows.len(),
            "file": path.display().to_string(),
            "full_numbers": full,
            "by": self.agent.as_ref().map(|a| format!("{} {}", a.emp_no, a.name)),
        });
        let actor = self.actor();
        crate::store::audit::data_out(&mut self.db, actor, "export", &detail)
            .map_err(|e| e.message(self.lang))?;
        let masked;
        let sheet = if full {
            sheet
        } else {
            masked = crate::io::privacy::masked(sheet);
            &masked
        };
        let r = if xlsx {
            crate::io::xlsx::write_xlsx(&path, sheet, heading)
        } else {
            sheet.write_csv(&path, heading)
        };
        r.map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    /// `DIR/NAME` in a folder beside the database (made if missing), for files written
    /// for the office: exports, the SMS gateway's lists.
    pub(super) fn file_beside_db(&self, dir: &str, name: &str) -> Result<PathBuf, String> {
        let dir = self
            .db
            .path()
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join(dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(dir.join(name))
    }
}
