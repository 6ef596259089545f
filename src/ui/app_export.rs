//! `Ctrl-E` on a list: the sheet the tab made of the rows it shows (`Out::Export`), written
//! to `exports/` beside the database as CSV and XLSX (masked as on screen), and the folder
//! beside the database such files go to.

use super::app::App;
use super::export_file::{self, Writer};
use crate::i18n::Lang;
use crate::io::sheet::{Heading, Sheet};
use std::path::PathBuf;

impl App {
    /// `Ctrl-E` on a list: the sheet the tab made of its rows on screen, as CSV and XLSX.
    pub(super) fn export_list(&mut self, sheet: &Sheet, name: &str) {
        let lang = self.lang;
        // A list is what the tab showed when it was exported.
        let heading = self.heading(
            sheet,
            format!(
                "{} {}",
                lang.t("截至", "as of"),
                self.clock.fmt_local(self.clock.now())
            ),
        );
        let written = self
            .write_export(sheet, &heading, name, false)
            .and_then(|csv| {
                let xlsx = self.write_export(sheet, &heading, name, true)?;
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
                        "Exported {}: {}, {} (owner-only)",
                        Lang::En.count(sheet.rows.len(), "行", "row", "rows"),
                        csv.display(),
                        xlsx.display()
                    ),
                },
                false,
            ),
            Err(e) => (e, true),
        });
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

    /// Who writes an export from this app, and when.
    pub(super) fn export_writer(&self) -> Writer {
        Writer {
            dir: self.dir_beside_db("exports"),
            stamp: self.clock.local_now().format("%Y%m%d-%H%M%S").to_string(),
            actor: self.actor(),
            by: self
                .agent
                .as_ref()
                .map(|a| format!("{} {}", a.emp_no, a.name)),
            supervisor: self
                .agent
                .as_ref()
                .is_some_and(|a| a.role == crate::store::agents::Role::Supervisor),
            lang: self.lang,
        }
    }

    /// Writes `exports/NAME-HHMMSS.csv|xlsx`, masked as shown (see `export_file::write`).
    fn write_export(
        &mut self,
        sheet: &Sheet,
        heading: &Heading,
        name: &str,
        xlsx: bool,
    ) -> Result<PathBuf, String> {
        let w = self.export_writer();
        export_file::write(&mut self.db, &w, sheet, heading, (name, ""), xlsx, false)
    }

    /// The folder `DIR` beside the database (not made here).
    pub(super) fn dir_beside_db(&self, dir: &str) -> PathBuf {
        dir_beside(self.db.path(), dir)
    }
}

/// The folder `DIR` beside the database file at `db` (not made here).
fn dir_beside(db: &std::path::Path, dir: &str) -> PathBuf {
    db.parent().unwrap_or(std::path::Path::new(".")).join(dir)
}

/// `DIR/NAME` in a folder beside the database file at `db` (made if missing), for files
/// written for the office: exports, the SMS gateway's lists.
pub(super) fn file_beside(
    db: &std::path::Path,
    dir: &str,
    name: &str,
    lang: crate::i18n::Lang,
) -> Result<PathBuf, String> {
    let dir = dir_beside(db, dir);
    std::fs::create_dir_all(&dir).map_err(|e| lang.file_problem(&dir, &e))?;
    Ok(dir.join(name))
}
