//! The Complaints list as a sheet for `Ctrl-E` (export what the list shows): the runner
//! makes it from the rows the list showed. Numbers stay masked as on screen.

use crate::clock::Clock;
use crate::domain::validate::mask_in_text;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::complaints::ComplaintRow;

/// The Complaints tab's list.
pub fn sheet(rows: &[ComplaintRow], lang: Lang, clock: &Clock) -> Sheet {
    let mut s = Sheet::with_columns(
        lang.t("投诉列表", "Complaints list").into(),
        lang,
        &[
            ("编号", "No."),
            ("受理时间", "Received"),
            ("客户", "Customer"),
            ("车牌", "Plate"),
            ("类别", "Category"),
            ("严重程度", "Severity"),
            ("责任站/部门", "Station"),
            ("状态", "Status"),
            ("处理人", "Handler"),
            ("经过", "What happened"),
        ],
    );
    for r in rows {
        s.rows.push(vec![
            Value::Int(r.id),
            Value::text_of(clock.fmt_local(r.received_at)),
            Value::text_of(r.customer.clone()),
            Value::opt_text(&r.plate),
            Value::text_of(r.category.label(lang)),
            Value::text_of(r.severity.label(lang)),
            Value::text_of(r.station.clone()),
            Value::text_of(r.status.label(lang)),
            Value::opt_text(&r.handler),
            Value::text_of(mask_in_text(&r.summary)),
        ]);
    }
    s
}
