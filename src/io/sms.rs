//! The SMS gateway's two files (README, "SMS gateway").
//!
//! The hand-off file frontdesk writes (`g` on the Callbacks tab): UTF-8 CSV without a BOM,
//! the header `id,mobile,text` whatever the interface language, one message a line — `id`
//! is the task's number, to be quoted back in the result. Written as
//! `sms/STORE-sms-YYYYMMDD-HHMMSS.csv` beside the database, mode 0640 with the group of the
//! database's folder (the gateway's account reads it), under a temporary name renamed
//! into place.
//!
//! The result file the gateway writes back, read by `frontdesk sms-results FILE`: CSV with
//! a header naming at least `id` and `status` (any order, any case, other columns
//! ignored), `status` being `sent` or `failed`. Texts become sent only from such a line.

use crate::i18n::Lang;
use crate::store::sms::Delivery;

/// The hand-off file's columns, the same in every language.
pub const HANDOFF_COLUMNS: [&str; 3] = ["id", "mobile", "text"];

/// At most this many result lines in one file.
const MAX_RESULTS: usize = 100_000;

/// The hand-off file's bytes: the header, then (task id, mobile, text) per message.
pub fn handoff_bytes(rows: &[(i64, String, String)]) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HANDOFF_COLUMNS)?;
    for (id, mobile, text) in rows {
        let text = crate::text::inert(text);
        w.write_record([id.to_string().as_str(), mobile.as_str(), text.as_str()])?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Reads a result file. Any bad line refuses the whole file, naming the line.
pub fn parse_results(bytes: &[u8], lang: Lang) -> Result<Vec<(i64, Delivery)>, String> {
    let text = crate::io::decode::decode(bytes)
        .map_err(|e| e.message(lang))?
        .0;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = rdr.headers().map_err(|e| e.to_string())?.clone();
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(id_col), Some(status_col)) = (find("id"), find("status")) else {
        return Err(lang
            .t(
                "回执文件的表头应含 id 和 status 两列",
                "the result file's header must name the columns id and status",
            )
            .to_string());
    };
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| match lang {
            Lang::Zh => format!("第 {line} 行：{e}"),
            Lang::En => format!("line {line}: {e}"),
        })?;
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let id = rec.get(id_col).unwrap_or("");
        let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else {
            return Err(match lang {
                Lang::Zh => format!("第 {line} 行：id “{}” 不是任务编号", crate::text::inert(id)),
                Lang::En => format!(
                    "line {line}: id {:?} is not a task number",
                    crate::text::inert(id)
                ),
            });
        };
        let status = rec.get(status_col).unwrap_or("");
        let d = match status.to_ascii_lowercase().as_str() {
            "sent" => Delivery::Sent,
            "failed" => Delivery::Failed,
            _ => {
                return Err(match lang {
                    Lang::Zh => format!(
                        "第 {line} 行：status “{}” 应为 sent 或 failed",
                        crate::text::inert(status)
                    ),
                    Lang::En => format!(
                        "line {line}: status {:?} should be sent or failed",
                        crate::text::inert(status)
                    ),
                });
            }
        };
        if out.len() >= MAX_RESULTS {
            return Err(match lang {
                Lang::Zh => format!("回执超过 {MAX_RESULTS} 行，请分批导入"),
                Lang::En => format!("more than {MAX_RESULTS} result lines: split the file"),
            });
        }
        out.push((id, d));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_has_fixed_columns_and_no_bom() {
        let b = handoff_bytes(&[(7, "13800000001".into(), "张先生，节日快乐，\"欢迎\"".into())])
            .unwrap();
        let t = String::from_utf8(b).unwrap();
        assert_eq!(
            t,
            "id,mobile,text\n7,13800000001,\"张先生，节日快乐，\"\"欢迎\"\"\"\n"
        );
    }

    #[test]
    fn results_are_read_strictly() {
        let ok = parse_results(
            "\u{feff}Status,ID,note\nsent,7,\nFAILED, 8 ,busy\n\n".as_bytes(),
            Lang::En,
        )
        .unwrap();
        assert_eq!(ok, vec![(7, Delivery::Sent), (8, Delivery::Failed)]);
        let e = parse_results(b"id,status\n7,sent\n8,maybe\n", Lang::En).unwrap_err();
        assert!(e.contains("line 3") && e.contains("maybe"), "{e}");
        let e = parse_results(b"id,status\nx,sent\n", Lang::Zh).unwrap_err();
        assert!(e.contains("第 2 行"), "{e}");
        assert!(parse_results(b"mobile,state\n1,sent\n", Lang::En).is_err());
    }
}
