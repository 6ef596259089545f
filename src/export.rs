//! Files for the office: CSV in UTF-8 with a BOM (so Excel opens Chinese right), every
//! cell made inert against formula injection, created readable by their owner only.

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

fn quote(cell: &str) -> String {
    let c = neutralize(cell);
    if c.contains([',', '"', '\n']) {
        format!("\"{}\"", c.replace('"', "\"\""))
    } else {
        c
    }
}

/// Writes rows as CSV (UTF-8 with BOM) to a new owner-only file.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = std::io::BufWriter::new(o.open(path)?);
    f.write_all("\u{feff}".as_bytes())?;
    writeln!(
        f,
        "{}",
        header
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(",")
    )?;
    for r in rows {
        writeln!(
            f,
            "{}",
            r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",")
        )?;
    }
    f.flush()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
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
        assert_eq!(neutralize("张三"), "张三");
        assert_eq!(neutralize("13812341234"), "13812341234");
    }

    #[test]
    fn csv_has_bom_quotes_and_is_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        write_csv(
            &p,
            &["名称", "备注"],
            &[vec!["=1+1".into(), "a,\"b\"".into()]],
        )
        .unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("'=1+1,\"a,\"\"b\"\"\""), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}
