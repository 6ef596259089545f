//! The Appointments tab's views as sheets for `Ctrl-E` (export what the view shows): the
//! runner makes them from the rows the view showed. Numbers stay masked as on screen: the
//! full ones are for the record's own page, and the office exports (`frontdesk export`)
//! have them.

use crate::clock::Clock;
use crate::domain::validate::mask_mobile;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::appointments::{BookingRow, DayCount, ReminderRow};

/// What `Ctrl-E` exports: the rows of the view shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Day(Vec<BookingRow>),
    Arrivals(Vec<BookingRow>),
    Week(Vec<DayCount>),
    Tomorrow(Vec<ReminderRow>),
}

/// The view's sheet, and the name its files take.
pub fn sheet(shown: &Shown, lang: Lang, clock: &Clock) -> (Sheet, &'static str) {
    match shown {
        Shown::Day(rows) => {
            let title = lang.t("预约列表", "Bookings").to_string();
            (bookings_sheet(title, rows, lang, clock), "bookings")
        }
        Shown::Arrivals(rows) => {
            let title = lang.t("今日到店", "Arrivals").to_string();
            (bookings_sheet(title, rows, lang, clock), "arrivals")
        }
        Shown::Week(days) => (week(days, lang), "bookings-week"),
        Shown::Tomorrow(rows) => (tomorrow(rows, lang, clock), "confirm-tomorrow"),
    }
}

/// A day's bookings (or today's arrivals) as shown.
fn bookings_sheet(title: String, rows: &[BookingRow], lang: Lang, clock: &Clock) -> Sheet {
    let mut s = Sheet::with_columns(
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
            Value::text_of(clock.fmt_local(r.start)),
            Value::text_of(r.advisor.clone()),
            Value::text_of(r.bay.clone()),
            Value::text_of(r.customer.clone()),
            Value::text_of(r.mobile.as_deref().map(mask_mobile).unwrap_or_default()),
            Value::opt_text(&r.plate),
            Value::text_of(r.model.clone()),
            Value::text_of(r.services.join("、")),
            Value::text_of(r.channel.label(lang)),
            Value::text_of(r.status.label(lang)),
        ]);
    }
    s
}

/// The confirm-tomorrow list: tomorrow's bookings with each reminder call's outcome.
fn tomorrow(rows: &[ReminderRow], lang: Lang, clock: &Clock) -> Sheet {
    let bookings: Vec<BookingRow> = rows.iter().map(|r| r.booking.clone()).collect();
    let title = lang.t("明日确认", "Confirm tomorrow").to_string();
    let mut s = bookings_sheet(title, &bookings, lang, clock);
    s.columns
        .push(lang.t("提醒结果", "Reminder outcome").into());
    s.columns.push(lang.t("记录人", "By").into());
    for (row, r) in s.rows.iter_mut().zip(rows) {
        row.push(Value::opt_text(&r.outcome));
        row.push(Value::opt_text(&r.outcome_by));
    }
    s
}

/// The week view's counts per day.
fn week(days: &[DayCount], lang: Lang) -> Sheet {
    let mut s = Sheet::with_columns(
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
            Value::text_of(d.date.to_string()),
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
