//! Writing a sheet to `exports/` beside the database, owner-only, with its heading inside
//! the file: for a report (`e` / `x` on the Reports tab, on its worker thread) and for a
//! list (`Ctrl-E`, on the app's own thread). Every file is audited before it exists.

use crate::io::sheet::{Heading, Sheet};
use crate::store::{Actor, Db};
use std::path::PathBuf;

/// Who writes, where and when: what the file's name and the audit record need.
#[derive(Debug, Clone)]
pub struct Writer {
    /// The `exports` folder beside the database.
    pub dir: PathBuf,
    /// Local time of the export, `%Y%m%d-%H%M%S`, in the file's name.
    pub stamp: String,
    pub actor: Actor,
    /// `emp_no name` of the signed-in agent.
    pub by: Option<String>,
    /// The signed-in agent is a supervisor: a report's numbers go out in full.
    pub supervisor: bool,
    pub lang: crate::i18n::Lang,
}

/// Writes `exports/NAME[PERIOD]-STAMP.csv|xlsx` (the folder made if missing), owner-only,
/// with the heading inside the file. `full_ok`: a supervisor gets the numbers in full (a
/// report); lists are masked as shown for everyone.
pub fn write(
    db: &mut Db,
    w: &Writer,
    sheet: &Sheet,
    heading: &Heading,
    (name, period): (&str, &str),
    xlsx: bool,
    full_ok: bool,
) -> Result<PathBuf, String> {
    std::fs::create_dir_all(&w.dir).map_err(|e| w.lang.file_problem(&w.dir, &e))?;
    let path = w.dir.join(format!(
        "{name}{period}-{}.{}",
        w.stamp,
        if xlsx { "xlsx" } else { "csv" }
    ));
    // As on screen for an agent; in full for a supervisor, and audited before the file
    // exists, so no full export goes unrecorded.
    let full = full_ok && w.supervisor;
    let detail = serde_json::json!({
        "report": name,
        "period": period.trim_start_matches('-'),
        "rows": sheet.rows.len(),
        "file": path.display().to_string(),
        "full_numbers": full,
        "by": w.by,
    });
    crate::store::audit::data_out(db, w.actor, "export", &detail).map_err(|e| e.message(w.lang))?;
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
    r.map_err(|e| w.lang.file_problem(&path, &e))?;
    Ok(path)
}
