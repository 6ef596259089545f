//! Document hand-over (资料交接, seed 001): the sales documents of a delivered car reach the
//! desk within 2 working days of delivery ("所有业务人员必须在交车后2个工作日内将所有相关资料
//! 交车业管理员,逾期者将在季效考核中给予扣分处理"), the repair documents within 1 working day
//! of the repair ("售后前台应1个工作日内将相关资料交市场客服部"). Working days are the store's
//! calendar: weekends and statutory holidays off, make-up Saturdays and Sundays worked.

use crate::domain::archive::SALES_DOCUMENTS;
use crate::domain::calendar::BusinessCalendar;
use crate::i18n::{Lang, plural};
use chrono::NaiveDate;

/// The documents of a repair order that reach the desk (seed 001: 接车单、派工单、结算单).
pub const REPAIR_DOCUMENTS: &[(&str, &str, &str)] = &[
    ("reception_order", "接车单", "Reception order"),
    ("work_order", "派工单", "Work order"),
    ("settlement", "结算单", "Settlement"),
];

/// Sales documents only some customers have: a residence permit (non-residents), an
/// accessory contract (accessories bought), a membership form (joined the club). The
/// hand-over is complete without them.
const OPTIONAL_SALES_DOCUMENTS: &[&str] =
    &["residence_permit", "accessory_contract", "membership_form"];

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

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            HandoverKind::Sales => "sales",
            HandoverKind::Repair => "repair",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "sales" => Some(HandoverKind::Sales),
            "repair" => Some(HandoverKind::Repair),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            HandoverKind::Sales => lang.t("销售", "Sales"),
            HandoverKind::Repair => lang.t("维修", "Repair"),
        }
    }

    /// The documents of this kind of file: key, Chinese and English name.
    pub fn documents(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            HandoverKind::Sales => SALES_DOCUMENTS,
            HandoverKind::Repair => REPAIR_DOCUMENTS,
        }
    }

    /// Whether the hand-over is incomplete without this document.
    pub fn required(self, key: &str) -> bool {
        match self {
            HandoverKind::Sales => !OPTIONAL_SALES_DOCUMENTS.contains(&key),
            HandoverKind::Repair => true,
        }
    }

    /// The document's name in the user's language (the key itself when unknown).
    pub fn document_name(self, key: &str, lang: Lang) -> String {
        self.documents()
            .iter()
            .find(|(k, _, _)| *k == key)
            .map_or_else(|| key.to_string(), |(_, zh, en)| lang.t(zh, en).to_string())
    }

    /// The last day the documents are on time: that many working days after `event`
    /// (the event's own day not counted, whether or not it is a working day).
    pub fn deadline(self, event: NaiveDate, cal: &BusinessCalendar) -> NaiveDate {
        cal.add_workdays(event, self.working_days())
    }
}

/// One document of a file's checklist: whether, when and from whom it reached the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLine {
    pub key: String,
    pub required: bool,
    pub received: Option<NaiveDate>,
    /// The staff member who handed it over (name, as given at the desk).
    pub handed_by: String,
}

/// The day a file's hand-over is complete: when the last of its required documents arrived;
/// None while one is still missing.
pub fn completed_on(kind: HandoverKind, lines: &[DocumentLine]) -> Option<NaiveDate> {
    let mut last: Option<NaiveDate> = None;
    for (key, _, _) in kind.documents().iter().filter(|(k, _, _)| kind.required(k)) {
        let got = lines
            .iter()
            .find(|l| l.key == *key)
            .and_then(|l| l.received)?;
        last = Some(last.map_or(got, |d| d.max(got)));
    }
    last
}

/// A day the desk may record documents as received: not after today, not before the event
/// (delivery or hand-back) they belong to.
pub fn check_received_day(
    day: NaiveDate,
    event: NaiveDate,
    today: NaiveDate,
) -> Result<(), (String, String)> {
    if day > today {
        return Err((
            format!("交到日期 {day} 晚于今天，未保存"),
            format!("The received day {day} is after today; not saved"),
        ));
    }
    if day < event {
        return Err((
            format!("交到日期 {day} 早于交车/交车还客日 {event}，未保存"),
            format!(
                "The received day {day} is before the delivery or hand-back on {event}; not saved"
            ),
        ));
    }
    Ok(())
}

/// One file's hand-over as the desk follows it: whose it is, when it was due, how it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub kind: HandoverKind,
    /// The sales file's or repair order's id.
    pub file_id: i64,
    /// The file's version, for the version-checked receipt.
    pub version: i64,
    pub customer_id: i64,
    pub customer: String,
    /// The customer's mobile as stored (mask it before showing it in a list).
    pub mobile: String,
    pub plate: String,
    /// The repair-order number, or the car's model for a sales file.
    pub reference: String,
    /// Delivery (sales) or hand-back to the customer (repair).
    pub event: NaiveDate,
    /// Who owes the documents: the salesperson or the service advisor.
    pub staff: String,
    pub deadline: NaiveDate,
    pub received: Option<NaiveDate>,
    pub standing: Standing,
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
            // Handed over, late: said as such (a bare "逾期" read as still missing).
            (Standing::Late(n), Lang::Zh) => format!("已交到，逾期 {n} 个工作日"),
            (Standing::Late(n), Lang::En) => {
                format!("received {n} working day{} late", plural(n))
            }
            (Standing::Missing(n), Lang::Zh) => format!("未交（已逾期 {n} 个工作日）"),
            (Standing::Missing(n), Lang::En) => {
                format!("missing ({n} working day{} overdue)", plural(n))
            }
            (Standing::NotYetDue, _) => lang.t("未到期", "not yet due").into(),
        }
    }

    /// The label in a list column (about 20 columns wide).
    pub fn short(self, lang: Lang) -> String {
        match (self, lang) {
            (Standing::Late(n), Lang::Zh) => format!("晚{n}个工作日交到"),
            (Standing::Late(n), Lang::En) => format!("came {n} workday{} late", plural(n)),
            (Standing::Missing(n), Lang::Zh) => format!("未交 逾期{n}个工作日"),
            (Standing::Missing(n), Lang::En) => format!("overdue {n} workday{}", plural(n)),
            _ => self.label(lang),
        }
    }
}

/// The order the desk follows hand-overs up in: the missing first (the longest overdue
/// first), then those still inside their allowance (the nearest deadline first), then those
/// received late (the latest deadline first), so a list cut at its limit drops the oldest
/// late receipts, never a file still to chase. Ties: event day, kind, file.
pub fn follow_order(a: &Handover, b: &Handover) -> std::cmp::Ordering {
    use std::cmp::Reverse;
    let rank = |h: &Handover| match h.standing {
        Standing::Missing(_) => 0,
        Standing::NotYetDue => 1,
        Standing::Late(_) => 2,
        Standing::OnTime => 3,
    };
    let open_due = |h: &Handover| (!matches!(h.standing, Standing::Late(_))).then_some(h.deadline);
    let key = |h: &Handover| {
        (
            rank(h),
            open_due(h),
            Reverse(h.deadline),
            h.event,
            h.kind.code(),
            h.file_id,
        )
    };
    key(a).cmp(&key(b))
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
        assert_eq!(Standing::Late(2).label(Lang::Zh), "已交到，逾期 2 个工作日");
        assert_eq!(Standing::Late(2).short(Lang::Zh), "晚2个工作日交到");
        assert_eq!(Standing::Late(1).short(Lang::En), "came 1 workday late");
        assert_eq!(Standing::Late(2).short(Lang::En), "came 2 workdays late");
        assert_eq!(Standing::Missing(12).short(Lang::Zh), "未交 逾期12个工作日");
        assert_eq!(Standing::Missing(3).short(Lang::En), "overdue 3 workdays");
        assert_eq!(
            Standing::Missing(1).label(Lang::En),
            "missing (1 working day overdue)"
        );
    }

    #[test]
    fn repair_hand_over_across_a_holiday_and_a_make_up_saturday() {
        let c = cal();
        let due = |s: &str| HandoverKind::Repair.deadline(d(s), &c);
        // Car handed back on Wednesday 30 September: National Day is off, the documents
        // are due on Thursday 8 October.
        let deadline = due("2026-09-30");
        assert_eq!(deadline, d("2026-10-08"));
        // Brought in on 7 October (a holiday): on time.
        assert_eq!(
            standing(&c, deadline, Some(d("2026-10-07")), d("2026-10-20")),
            Standing::OnTime
        );
        // Brought on the make-up Saturday 10 October: Friday 9 and Saturday 10 are
        // working days, two days late.
        assert_eq!(
            standing(&c, deadline, Some(d("2026-10-10")), d("2026-10-20")),
            Standing::Late(2)
        );
        // Handed back on Friday 9 October: the make-up Saturday is the deadline, so
        // documents on Monday 12 October are one working day late, not on time.
        let deadline = due("2026-10-09");
        assert_eq!(deadline, d("2026-10-10"));
        assert_eq!(
            standing(&c, deadline, Some(d("2026-10-12")), d("2026-10-20")),
            Standing::Late(1)
        );
        assert_eq!(
            standing(&c, deadline, None, d("2026-10-10")),
            Standing::NotYetDue
        );
        // Still missing on Tuesday 13 October: Monday 12 and Tuesday 13 count.
        assert_eq!(
            standing(&c, deadline, None, d("2026-10-13")),
            Standing::Missing(2)
        );
        // Handed back on the make-up Saturday 14 February before the Spring Festival: due
        // on Tuesday 24 February; the festival's days are not counted late.
        let deadline = due("2026-02-14");
        assert_eq!(
            standing(&c, deadline, Some(d("2026-02-24")), d("2026-03-01")),
            Standing::OnTime
        );
        assert_eq!(
            standing(&c, deadline, Some(d("2026-02-25")), d("2026-03-01")),
            Standing::Late(1)
        );
    }

    #[test]
    fn a_hand_over_is_complete_when_the_last_required_document_arrives() {
        let line = |key: &str, received: Option<&str>| DocumentLine {
            key: key.into(),
            required: true,
            received: received.map(d),
            handed_by: "孙伟".into(),
        };
        let mut lines = vec![
            line("reception_order", Some("2026-11-16")),
            line("work_order", Some("2026-11-18")),
        ];
        assert_eq!(completed_on(HandoverKind::Repair, &lines), None);
        lines.push(line("settlement", Some("2026-11-17")));
        assert_eq!(
            completed_on(HandoverKind::Repair, &lines),
            Some(d("2026-11-18"))
        );
        // Sales: the optional documents (residence permit, accessory contract, membership
        // form) are not waited for.
        let mut sales: Vec<DocumentLine> = SALES_DOCUMENTS
            .iter()
            .filter(|(k, _, _)| HandoverKind::Sales.required(k))
            .map(|(k, _, _)| line(k, Some("2026-11-17")))
            .collect();
        assert_eq!(sales.len(), SALES_DOCUMENTS.len() - 3);
        assert_eq!(
            completed_on(HandoverKind::Sales, &sales),
            Some(d("2026-11-17"))
        );
        sales.retain(|l| l.key != "invoice");
        assert_eq!(completed_on(HandoverKind::Sales, &sales), None);
        assert!(!HandoverKind::Sales.required("residence_permit"));
        assert_eq!(
            HandoverKind::Repair.document_name("settlement", Lang::Zh),
            "结算单"
        );
        assert_eq!(
            HandoverKind::from_code("repair"),
            Some(HandoverKind::Repair)
        );
        assert_eq!(HandoverKind::from_code("x"), None);
    }

    #[test]
    fn the_received_day_is_neither_in_the_future_nor_before_the_event() {
        let today = d("2026-11-23");
        assert!(check_received_day(today, d("2026-11-20"), today).is_ok());
        assert!(check_received_day(d("2026-11-20"), d("2026-11-20"), today).is_ok());
        let (zh, en) = check_received_day(d("2026-11-24"), d("2026-11-20"), today).unwrap_err();
        assert!(
            zh.contains("晚于今天") && en.contains("after today"),
            "{en}"
        );
        let (_, en) = check_received_day(d("2026-11-19"), d("2026-11-20"), today).unwrap_err();
        assert!(en.contains("before the delivery"), "{en}");
    }

    #[test]
    fn the_desk_follows_the_missing_first_then_the_due_then_the_latest_late() {
        let h = |id: i64, deadline: &str, standing: Standing| Handover {
            kind: HandoverKind::Repair,
            file_id: id,
            version: 1,
            customer_id: 1,
            customer: String::new(),
            mobile: String::new(),
            plate: String::new(),
            reference: String::new(),
            event: d(deadline) - chrono::Days::new(1),
            staff: String::new(),
            deadline: d(deadline),
            received: None,
            standing,
        };
        let mut list = [
            h(1, "2026-09-01", Standing::Late(3)),
            h(2, "2026-12-07", Standing::Late(1)),
            h(3, "2026-12-09", Standing::NotYetDue),
            h(4, "2026-12-07", Standing::Missing(1)),
            h(5, "2026-12-08", Standing::NotYetDue),
            h(6, "2026-11-02", Standing::Missing(25)),
            h(7, "2026-12-07", Standing::Missing(1)),
        ];
        list.sort_by(follow_order);
        let ids: Vec<i64> = list.iter().map(|h| h.file_id).collect();
        // Missing, the longest overdue first (ties by file); due, the nearest first; late
        // receipts, the latest first.
        assert_eq!(ids, [6, 4, 7, 5, 3, 2, 1]);
    }
}
