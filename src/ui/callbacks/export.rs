//! The callback queue as a sheet for `Ctrl-E` (export what the queue shows, with its
//! filters): the runner makes it from the rows the queue showed.

use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::callbacks::TaskRow;

/// The callback queue as shown (with its filters).
pub fn sheet(rows: &[TaskRow], lang: Lang) -> Sheet {
    let mut s = Sheet::with_columns(
        lang.t("回访队列", "Callback queue").into(),
        lang,
        &[
            ("应回访日", "Due"),
            ("时限", "Window"),
            ("类型", "Kind"),
            ("客户", "Customer"),
            ("电话", "Phone"),
            ("车牌", "Plate"),
            ("状态", "Status"),
            ("专员", "Agent"),
            ("已拨", "Tries"),
        ],
    );
    for r in rows {
        s.rows.push(vec![
            Value::text_of(r.due.to_string()),
            Value::text_of(format!("{} ~ {}", r.window_start, r.window_end)),
            Value::text_of(r.kind.label(lang)),
            Value::text_of(r.customer.clone()),
            Value::text_of(r.phone.clone()),
            Value::opt_text(&r.plate),
            Value::text_of(r.status.label(lang)),
            Value::opt_text(&r.agent),
            Value::Int(r.attempts),
        ]);
    }
    s
}
