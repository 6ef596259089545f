//! Files for the office: CSV written by the `csv` crate in UTF-8 with a BOM (so Excel opens
//! Chinese right), every cell made inert against formula injection, numbers that must stay
//! text (phones, ID numbers) kept as text, created readable by their owner only — or, for a
//! hand-off file another program picks up, by the store's group, written under a temporary
//! name and renamed into place so the reader never sees half a file.

use std::io::Write;
use std::path::Path;

/// A cell as written: text starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`
/// so a spreadsheet shows it instead of evaluating it; control characters become spaces.
pub fn neutralize(cell: &str) -> String {
    let clean: String = cell
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect();
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{clean}"),
        _ => clean,
    }
}

/// A number that must stay text (phone, landline, ID number) as a CSV cell: Excel reads a
/// bare `110101199003071234` as a number and rounds it, so a cell of digits (with inner
/// `-` or a final `X`) is written as `="…"`, which Excel shows as the text and our own
/// import reads back as it was. Anything else is neutralised like every other cell.
pub fn csv_code(cell: &str) -> String {
    let body = cell.strip_suffix(['X', 'x']).unwrap_or(cell);
    let digits = !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || c == '-');
    if digits {
        format!("=\"{cell}\"")
    } else {
        neutralize(cell)
    }
}

/// Who may read a file written for the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// 0600: the agent who wrote it.
    Owner,
    /// 0640 with this group (the group of the database's folder): the store's other
    /// accounts, such as the SMS gateway's sender, may read it.
    Group(Option<u32>),
}

/// CSV bytes: the BOM, `lead` lines (title, period: one cell each), the header, the rows.
/// Cells are neutralised here; `raw` cells (already made safe, e.g. by [`csv_code`]) are
/// marked by the caller with [`Cell::Raw`].
pub fn csv_bytes(lead: &[String], header: &[&str], rows: &[Vec<Cell>]) -> std::io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer("\u{feff}".as_bytes().to_vec());
    for l in lead {
        w.write_record([neutralize(l)])?;
    }
    w.write_record(header.iter().map(|h| neutralize(h)))?;
    for r in rows {
        w.write_record(r.iter().map(Cell::written))?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// One CSV cell before writing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Any text: neutralised when written.
    Text(String),
    /// A number that must stay text: see [`csv_code`].
    Code(String),
}

impl Cell {
    fn written(&self) -> String {
        match self {
            Cell::Text(s) => neutralize(s),
            Cell::Code(s) => csv_code(s),
        }
    }
}

/// Writes rows as CSV (UTF-8 with BOM) to an owner-only file.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| r.iter().map(|c| Cell::Text(c.clone())).collect())
        .collect();
    write_file(path, &csv_bytes(&[], header, &rows)?, Access::Owner)
}

/// Writes `bytes` to `path` with the given access: to a temporary name in the same folder
/// (created with the final mode, so the file is never readable by more than it should be),
/// synced, then renamed over `path`. A reader watching the folder sees the whole file or
/// none; an existing file at `path` is replaced, its old mode not kept.
pub fn write_file(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let r = (|| {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let mut f = o.open(&tmp)?;
        #[cfg(unix)]
        if let Access::Group(gid) = access {
            use std::os::unix::fs::PermissionsExt;
            if let Some(gid) = gid {
                std::os::unix::fs::fchown(&f, None, Some(gid))?;
            }
            f.set_permissions(std::fs::Permissions::from_mode(0o640))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

/// Lets the store's group into a folder of hand-off files: the folder gets `gid` and
/// group read/search (0750), when this account owns it; otherwise it is left as it is.
pub fn share_dir(dir: &Path, gid: Option<u32>) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let m = std::fs::metadata(dir)?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if m.uid() != me {
            return Ok(());
        }
        if let Some(gid) = gid
            && m.gid() != gid
        {
            std::os::unix::fs::chown(dir, None, Some(gid))?;
        }
        let mode = m.mode() & 0o7777;
        if mode & 0o050 != 0o050 {
            std::fs::set_permissions(
                dir,
                std::fs::Permissions::from_mode((mode | 0o750) & !0o007),
            )?;
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, gid);
    Ok(())
}

/// The group owning `dir` (the database's folder): the store's group.
pub fn group_of(dir: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(dir).ok().map(|m| m.gid())
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralize("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralize("+SUM(1)"), "'+SUM(1)");
        assert_eq!(neutralize("-1+2"), "'-1+2");
        assert_eq!(neutralize("@A1"), "'@A1");
        assert_eq!(neutralize("\tfoo"), "' foo");
        assert_eq!(neutralize("\rfoo"), "' foo");
        assert_eq!(neutralize("张三"), "张三");
        assert_eq!(neutralize("13812341234"), "13812341234");
    }

    #[test]
    fn codes_stay_text_and_nothing_else_becomes_a_formula() {
        assert_eq!(csv_code("13812341234"), "=\"13812341234\"");
        assert_eq!(csv_code("11010119900307123X"), "=\"11010119900307123X\"");
        assert_eq!(csv_code("0755-12345678"), "=\"0755-12345678\"");
        assert_eq!(csv_code("LSVAU2180N2183294"), "LSVAU2180N2183294");
        assert_eq!(csv_code("=1+1"), "'=1+1");
        assert_eq!(csv_code("-123"), "'-123");
        assert_eq!(csv_code("1\"2"), "1\"2");
    }

    #[test]
    fn csv_has_bom_quotes_and_is_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        // An existing, wider file is replaced, not kept with its mode.
        std::fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        write_csv(
            &p,
            &["名称", "备注"],
            &[vec!["=1+1".into(), "a,\"b\"\nc".into()]],
        )
        .unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("'=1+1,\"a,\"\"b\"\"\nc\""), "{text}");
        // Read back by a CSV reader, the cells are what was meant.
        let mut rdr = csv::ReaderBuilder::new().from_reader(&text.as_bytes()[3..]);
        let rec = rdr.records().next().unwrap().unwrap();
        assert_eq!(&rec[1], "a,\"b\"\nc");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn lead_lines_come_before_the_header() {
        let b = csv_bytes(
            &["来电报表".into(), "期间 2026-11-01 ~ 2026-11-30".into()],
            &["手机"],
            &[vec![Cell::Code("13800000001".into())]],
        )
        .unwrap();
        let t = String::from_utf8(b).unwrap();
        let lines: Vec<&str> = t.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines,
            [
                "来电报表",
                "期间 2026-11-01 ~ 2026-11-30",
                "手机",
                "\"=\"\"13800000001\"\"\""
            ]
        );
    }
}
