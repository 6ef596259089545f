//! The lists on the Calls, Complaints, Callbacks and Appointments tabs as sheets, for
//! `Ctrl-E` (export what the list shows). Numbers stay masked as on screen: the full ones
//! are for the record's own page, and the office exports (`frontdesk export`) have them.

use crate::clock::Clock;
use crate::domain::templates::TemplateSet;
use crate::domain::validate::{mask_in_text, mask_mobile};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::appointments::{BookingRow, DayCount, ReminderRow};
use crate::store::callbacks::TaskRow;
use crate::store::calls::CallRow;
use crate::ui::calls::Entry;
use crate::ui::complaints::Item;

fn sheet(title: String, lang: Lang, cols: &[(&str, &str)]) -> Sheet {
    Sheet {
        title,
        columns: cols
            .iter()
            .map(|(zh, en)| lang.t(zh, en).to_string())
            .collect(),
        ..Default::default()
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn opt(s: &Option<String>) -> Value {
    s.clone().map_or(Value::Empty, Value::Text)
}

/// The Calls tab's list: rescue cases, follow-ups due and calls, as shown.
pub fn calls(entries: &[Entry], lang: Lang, clock: &Clock, templates: &TemplateSet) -> Sheet {
    let mut s = sheet(
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
            text(kind),
            text(clock.fmt_local(c.started_at)),
            text(c.customer.clone()),
            opt(&c.plate),
            text(template),
            text(c.agent.clone()),
            text(mask_in_text(&c.sentence)),
            text(lang.t(
                if c.resolved { "是" } else { "否" },
                if c.resolved { "yes" } else { "no" },
            )),
        ]
    };
    for e in entries {
        s.rows.push(match e {
            Entry::Rescue(r) => vec![
                text(lang.t("救援", "rescue")),
                text(clock.fmt_local(r.opened_at)),
                text(r.customer.clone()),
                opt(&r.plate),
                text(mask_in_text(&r.location)),
                Value::Empty,
                opt(&r.result),
                Value::Empty,
            ],
            Entry::FollowUp(c) => call(lang.t("待回复", "follow-up"), c),
            Entry::Call(c) => call(lang.t("来电", "call"), c),
        });
    }
    s
}

/// The Complaints tab's list.
pub fn complaints(items: &[Item], lang: Lang, clock: &Clock) -> Sheet {
    let mut s = sheet(
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
    for i in items {
        let r = &i.row;
        s.rows.push(vec![
            Value::Int(r.id),
            text(clock.fmt_local(r.received_at)),
            text(r.customer.clone()),
            opt(&r.plate),
            text(r.category.label(lang)),
            text(r.severity.label(lang)),
            text(r.station.clone()),
            text(r.status.label(lang)),
            opt(&r.handler),
            text(mask_in_text(&r.summary)),
        ]);
    }
    s
}

/// The callback queue as shown (with its filters).
pub fn callbacks(rows: &[TaskRow], lang: Lang) -> Sheet {
    let mut s = sheet(
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
            text(r.due.to_string()),
            text(format!("{} ~ {}", r.window_start, r.window_end)),
            text(r.kind.label(lang)),
            text(r.customer.clone()),
            text(r.phone.clone()),
            opt(&r.plate),
            text(r.status.label(lang)),
            opt(&r.agent),
            Value::Int(r.attempts),
        ]);
    }
    s
}

/// A day's bookings (or today's arrivals) as shown.
pub fn bookings_sheet(title: String, rows: &[BookingRow], lang: Lang, clock: &Clock) -> Sheet {
    let mut s = sheet(
        title,
        lang,
        &[
            ("时间", "Time"),
            ("顾问", "Advisor"),
            ("工位", "Bay"),
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("车牌", "Plate"),
            ("车型", "Car"),
            ("项目", "Services"),
            ("渠道", "Channel"),
            ("状态", "Status"),
        ],
    );
    for r in rows {
        s.rows.push(vec![
            text(clock.fmt_local(r.start)),
            text(r.advisor.clone()),
            text(r.bay.clone()),
            text(r.customer.clone()),
            text(r.mobile.as_deref().map(mask_mobile).unwrap_or_default()),
            opt(&r.plate),
            text(r.model.clone()),
            text(r.services.join("、")),
            text(r.channel.label(lang)),
            text(r.status.label(lang)),
        ]);
    }
    s
}

/// The confirm-tomorrow list: tomorrow's bookings with each reminder call's outcome.
pub fn tomorrow(rows: &[ReminderRow], lang: Lang, clock: &Clock) -> Sheet {
    let bookings: Vec<BookingRow> = rows.iter().map(|r| r.booking.clone()).collect();
    let title = lang.t("明日确认", "Confirm tomorrow").to_string();
    let mut s = bookings_sheet(title, &bookings, lang, clock);
    s.columns
        .push(lang.t("提醒结果", "Reminder outcome").into());
    s.columns.push(lang.t("记录人", "By").into());
    for (row, r) in s.rows.iter_mut().zip(rows) {
        row.push(opt(&r.outcome));
        row.push(opt(&r.outcome_by));
    }
    s
}

/// The week view's counts per day.
pub fn week(days: &[DayCount], lang: Lang) -> Sheet {
    let mut s = sheet(
        lang.t("一周预约", "Bookings this week").into(),
        lang,
        &[
            ("日期", "Date"),
            ("预约", "Bookings"),
            ("待到店", "Expected"),
            ("到店", "Showed"),
            ("取消", "Cancelled"),
            ("爽约", "No-shows"),
            ("超额", "Overbooked"),
        ],
    );
    for d in days {
        s.rows.push(vec![
            text(d.date.to_string()),
            Value::Int(d.total as i64),
            Value::Int(d.expected as i64),
            Value::Int(d.showed as i64),
            Value::Int(d.cancelled as i64),
            Value::Int(d.no_shows as i64),
            Value::Int(d.overflow as i64),
        ]);
    }
    s
}
