//! What leaves the store follows the screen's rule: an agent's exports carry phone and ID
//! numbers masked as the lists show them; a supervisor's carry them in full, and each such
//! export is written to the audit log (who, what, how many rows, which file).

use super::sheet::{Sheet, Value};
use crate::domain::validate::mask_in_text;

/// The sheet with every phone and ID number masked: in number cells and inside text (call
/// sentences, notes). Other digits (dates, counts, amounts, VINs) stay as they are.
pub fn masked(sheet: &Sheet) -> Sheet {
    let mut out = sheet.clone();
    for row in &mut out.rows {
        for v in row.iter_mut() {
            match v {
                Value::Code(s) | Value::Text(s) => *s = mask_in_text(s),
                Value::Int(_) | Value::Num(..) | Value::Empty => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_masked_in_codes_and_text_and_nothing_else_changes() {
        let sheet = Sheet {
            title: "t".into(),
            columns: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            rows: vec![vec![
                Value::Code("13812341234".into()),
                Value::Text("客户13912345678来电，身份证110101199003071233".into()),
                Value::Code("LSVAB4BR5NN123456".into()),
                Value::Int(13812341234),
            ]],
            ..Default::default()
        };
        let m = masked(&sheet);
        assert_eq!(m.rows[0][0], Value::Code("138****1234".into()));
        assert_eq!(
            m.rows[0][1],
            Value::Text("客户139****5678来电，身份证110101********1233".into())
        );
        assert_eq!(m.rows[0][2], sheet.rows[0][2]);
        assert_eq!(m.rows[0][3], sheet.rows[0][3]);
        assert_eq!(m.columns, sheet.columns);
    }
}
