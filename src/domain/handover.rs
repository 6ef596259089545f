//! Document hand-over (资料交接, seed 001): the sales documents of a delivered car reach the
//! desk within 2 working days of delivery ("所有业务人员必须在交车后2个工作日内将所有相关资料
//! 交车业管理员,逾期者将在季效考核中给予扣分处理"), the repair documents within 1 working day
//! of the repair ("售后前台应1个工作日内将相关资料交市场客服部"). Working days are the store's
//! calendar: weekends and statutory holidays off, make-up Saturdays and Sundays worked.

use crate::domain::calendar::BusinessCalendar;
use crate::i18n::Lang;
use chrono::NaiveDate;

/// Which documents are handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverKind {
    /// The sales file's documents, by the salesperson, after delivery.
    Sales,
    /// The repair order's documents (接车单、派工单、结算单), by the front desk.
    Repair,
}

impl HandoverKind {
    /// Working days allowed after the event (delivery, repair).
    pub fn working_days(self) -> i64 {
        match self {
            HandoverKind::Sales => 2,
            HandoverKind::Repair => 1,
        }
    }

    /// The last day the documents are on time: that many working days after `event`
    /// (the event's own day not counted, whether or not it is a working day).
    pub fn deadline(self, event: NaiveDate, cal: &BusinessCalendar) -> NaiveDate {
        cal.add_workdays(event, self.working_days())
    }
}

/// How one hand-over stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Received by the deadline.
    OnTime,
    /// Received after it, this many working days late.
    Late(i64),
    /// Not received and the deadline has passed, this many working days ago.
    Missing(i64),
    /// Not received and still inside the allowance.
    NotYetDue,
}

/// A standing without its count of days, to pick hand-overs by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingKind {
    OnTime,
    Late,
    Missing,
    NotYetDue,
}

impl Standing {
    pub fn kind(self) -> StandingKind {
        match self {
            Standing::OnTime => StandingKind::OnTime,
            Standing::Late(_) => StandingKind::Late,
            Standing::Missing(_) => StandingKind::Missing,
            Standing::NotYetDue => StandingKind::NotYetDue,
        }
    }

    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Standing::OnTime, _) => lang.t("按时", "on time").into(),
            (Standing::Late(n), Lang::Zh) => format!("逾期 {n} 个工作日"),
            (Standing::Late(n), Lang::En) => format!("{n} working day(s) late"),
            (Standing::Missing(n), Lang::Zh) => format!("未交（已逾期 {n} 个工作日）"),
            (Standing::Missing(n), Lang::En) => format!("missing ({n} working day(s) overdue)"),
            (Standing::NotYetDue, _) => lang.t("未到期", "not yet due").into(),
        }
    }
}

/// The working days after `from` up to and including `to` (0 when `to` is not after it).
pub fn working_days_between(cal: &BusinessCalendar, from: NaiveDate, to: NaiveDate) -> i64 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| cal.is_workday(*d))
        .count() as i64
}

/// How a hand-over due by `deadline` stands on `today`, with the documents `received` on
/// that day if they were.
pub fn standing(
    cal: &BusinessCalendar,
    deadline: NaiveDate,
    received: Option<NaiveDate>,
    today: NaiveDate,
) -> Standing {
    match received {
        Some(r) if r <= deadline => Standing::OnTime,
        Some(r) => Standing::Late(working_days_between(cal, deadline, r).max(1)),
        None if today > deadline => {
            Standing::Missing(working_days_between(cal, deadline, today).max(1))
        }
        None => Standing::NotYetDue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 2026 around National Day (1–7 October off, Saturday 10 October worked) and the
    /// Spring Festival (15–23 February off, Saturdays 14 and 28 February worked).
    fn cal() -> BusinessCalendar {
        BusinessCalendar::parse(
            r#"
[[year]]
year = 2026
holidays = [
  { from = "2026-02-15", to = "2026-02-23", name = "春节" },
  { from = "2026-10-01", to = "2026-10-07", name = "国庆节" },
]
workdays = ["2026-02-14", "2026-02-28", "2026-10-10"]
"#,
            "test",
        )
        .unwrap()
    }

    #[test]
    fn sales_documents_are_due_two_working_days_after_delivery() {
        let c = cal();
        let sales = |s: &str| HandoverKind::Sales.deadline(d(s), &c);
        // Monday → Wednesday; Thursday → Monday over the weekend.
        assert_eq!(sales("2026-11-16"), d("2026-11-18"));
        assert_eq!(sales("2026-11-19"), d("2026-11-23"));
        // Delivered on a Saturday: Monday and Tuesday are the two working days.
        assert_eq!(sales("2026-11-21"), d("2026-11-24"));
        // Delivered Wednesday 30 September: National Day is off, so the two working days
        // are Thursday 8 and Friday 9 October.
        assert_eq!(sales("2026-09-30"), d("2026-10-09"));
        // Delivered Thursday 8 October: Friday 9 and the make-up Saturday 10 October.
        assert_eq!(sales("2026-10-08"), d("2026-10-10"));
        // Delivered Friday 13 February: the make-up Saturday 14th, then after the Spring
        // Festival Tuesday 24 February.
        assert_eq!(sales("2026-02-13"), d("2026-02-24"));
    }

    #[test]
    fn repair_documents_are_due_one_working_day_after_the_repair() {
        let c = cal();
        let repair = |s: &str| HandoverKind::Repair.deadline(d(s), &c);
        assert_eq!(repair("2026-11-16"), d("2026-11-17"));
        assert_eq!(repair("2026-11-20"), d("2026-11-23"));
        // Friday 9 October: the make-up Saturday is a working day.
        assert_eq!(repair("2026-10-09"), d("2026-10-10"));
        // The last day before the Spring Festival: the make-up Saturday 14 February.
        assert_eq!(repair("2026-02-13"), d("2026-02-14"));
        assert_eq!(repair("2026-02-14"), d("2026-02-24"));
    }

    #[test]
    fn late_and_missing_count_working_days() {
        let c = cal();
        let due = d("2026-09-30");
        assert_eq!(
            standing(&c, due, Some(d("2026-09-29")), d("2026-11-01")),
            Standing::OnTime
        );
        assert_eq!(standing(&c, due, Some(due), due), Standing::OnTime);
        // Received on 8 October: the holiday days are not counted, one working day late.
        assert_eq!(
            standing(&c, due, Some(d("2026-10-08")), d("2026-11-01")),
            Standing::Late(1)
        );
        // Received on the make-up Saturday 10 October: three working days late.
        assert_eq!(
            standing(&c, due, Some(d("2026-10-10")), d("2026-11-01")),
            Standing::Late(3)
        );
        // Still missing on 12 October: 8, 9, 10 and 12 October are working days.
        assert_eq!(
            standing(&c, due, None, d("2026-10-12")),
            Standing::Missing(4)
        );
        // Missing during the holiday itself counts at least one day.
        assert_eq!(
            standing(&c, due, None, d("2026-10-03")),
            Standing::Missing(1)
        );
        assert_eq!(standing(&c, due, None, due), Standing::NotYetDue);
        assert_eq!(Standing::Late(2).label(Lang::Zh), "逾期 2 个工作日");
        assert_eq!(
            Standing::Missing(1).label(Lang::En),
            "missing (1 working day(s) overdue)"
        );
    }
}
