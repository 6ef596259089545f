//! The Calls list as a sheet for `Ctrl-E` (export what the list shows): the runner makes
//! it from the rows the list showed. Numbers stay masked as on screen.

use super::Entry;
use crate::clock::Clock;
use crate::domain::templates::TemplateSet;
use crate::domain::validate::mask_in_text;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::calls::CallRow;

/// The Calls tab's list: rescue cases, follow-ups due and calls, as shown.
pub fn sheet(entries: &[Entry], lang: Lang, clock: &Clock, templates: &TemplateSet) -> Sheet {
    let mut s = Sheet::with_columns(
        lang.t("来电登记列表", "Calls list").into(),
        lang,
        &[
            ("类别", "Kind"),
            ("时间", "Time"),
            ("客户", "Customer"),
            ("车牌", "Plate"),
            ("模板/地点", "Template / place"),
            ("专员", "Agent"),
            ("记录", "Record"),
            ("当场解决", "Resolved"),
        ],
    );
    let call = |kind: &str, c: &CallRow| {
        let template = templates
            .get(&c.template_id)
            .map_or(c.template_id.clone(), |t| t.name(lang).to_string());
        vec![
            Value::text_of(kind),
            Value::text_of(clock.fmt_local(c.started_at)),
            Value::text_of(c.customer.clone()),
            Value::opt_text(&c.plate),
            Value::text_of(template),
            Value::text_of(c.agent.clone()),
            Value::text_of(mask_in_text(&c.sentence)),
            Value::text_of(lang.t(
                if c.resolved { "是" } else { "否" },
                if c.resolved { "yes" } else { "no" },
            )),
        ]
    };
    for e in entries {
        s.rows.push(match e {
            Entry::Rescue(r) => vec![
                Value::text_of(lang.t("救援", "rescue")),
                Value::text_of(clock.fmt_local(r.opened_at)),
                Value::text_of(r.customer.clone()),
                Value::opt_text(&r.plate),
                Value::text_of(mask_in_text(&r.location)),
                Value::Empty,
                Value::opt_text(&r.result),
                Value::Empty,
            ],
            Entry::FollowUp(c) => call(lang.t("待回复", "follow-up"), c),
            Entry::Call(c) => call(lang.t("来电", "call"), c),
        });
    }
    s
}
