//! The kinds of callback and the states, reasons and outcomes of a task, with their codes
//! (as stored) and labels in both languages.

use crate::i18n::Lang;
use chrono::{DateTime, Utc};

/// The kinds of callback, one rule each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// 7DC: day 7 after delivery (day 10 after the invoice for a secondary dealer's sale).
    Dc7,
    /// 3DC: days 3–5 after a repaired car is handed back.
    Dc3,
    /// One month after delivery.
    Monthly,
    /// One year after delivery.
    Yearly,
    /// Third level, new cars: a sample, one quarter after delivery (management).
    Quarterly,
    /// Third level, repair customers: large bills, major accident repairs, VIPs.
    ThirdRepair,
    /// Second level: the monthly sample of completed first-level callbacks, re-checked.
    Recheck,
    /// Birthday greeting, 2–7 days before.
    Birthday,
    /// Holiday greeting (New Year, Valentine's Day, May Day, National Day, Spring Festival,
    /// Mid-Autumn, ...).
    Holiday,
    /// Reminder one week before maintenance is due.
    Maintenance,
    /// Reminder one week before the annual inspection (年审).
    Inspection,
    /// Reminder one week before the insurance renewal (续保), with the vehicle and vessel
    /// tax (车船税) paid with the compulsory insurance.
    Insurance,
    /// Complaint follow-up: the call within 3 days of closing and the tracking checks.
    Complaint,
    /// Open question: a consultation not solved on the spot, followed up within 24 h.
    OpenQuestion,
    /// Appointment reminder (planned by the appointments module; disabled here).
    Appointment,
    /// Services the customer declined or deferred when booking, called about later.
    Declined,
    /// Customer event invitation (活动邀约): planned when an event's target list is invited.
    EventInvite,
    /// Customer event thank-you and feedback (活动回访): the day after, for attendees.
    EventFeedback,
    /// Rental desk: the satisfaction survey after a rental ends (seed 000 §4.1).
    RentalReturn,
    /// Rental desk: care calls and offers for long-term renters (seed 000 §4.3).
    RentalCare,
}

impl Kind {
    pub const ALL: [Kind; 20] = [
        Kind::Dc7,
        Kind::Dc3,
        Kind::Monthly,
        Kind::Yearly,
        Kind::Quarterly,
        Kind::ThirdRepair,
        Kind::Recheck,
        Kind::Birthday,
        Kind::Holiday,
        Kind::Maintenance,
        Kind::Inspection,
        Kind::Insurance,
        Kind::Complaint,
        Kind::OpenQuestion,
        Kind::Appointment,
        Kind::Declined,
        Kind::EventInvite,
        Kind::EventFeedback,
        Kind::RentalReturn,
        Kind::RentalCare,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Dc7 => "7dc",
            Kind::Dc3 => "3dc",
            Kind::Monthly => "monthly",
            Kind::Yearly => "yearly",
            Kind::Quarterly => "quarterly",
            Kind::ThirdRepair => "third_repair",
            Kind::Recheck => "recheck",
            Kind::Birthday => "birthday",
            Kind::Holiday => "holiday",
            Kind::Maintenance => "maintenance",
            Kind::Inspection => "inspection",
            Kind::Insurance => "insurance",
            Kind::Complaint => "complaint",
            Kind::OpenQuestion => "open_question",
            Kind::Appointment => "appointment",
            Kind::Declined => "declined_service",
            Kind::EventInvite => "event_invite",
            Kind::EventFeedback => "event_feedback",
            Kind::RentalReturn => "rental_return",
            Kind::RentalCare => "rental_care",
        }
    }

    pub fn from_code(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Dc7 => lang.t("7DC新车回访", "7DC new-car callback"),
            Kind::Dc3 => lang.t("3DC维修回访", "3DC repair callback"),
            Kind::Monthly => lang.t("月回访", "1-month callback"),
            Kind::Yearly => lang.t("年回访", "1-year callback"),
            Kind::Quarterly => lang.t("三级回访（新车季度）", "3rd level: new car, quarter"),
            Kind::ThirdRepair => lang.t("三级回访（维修）", "3rd level: repair"),
            Kind::Recheck => lang.t("二级回访（抽样复核）", "2nd level re-check"),
            Kind::Birthday => lang.t("生日祝福", "Birthday greeting"),
            Kind::Holiday => lang.t("节日问候", "Holiday greeting"),
            Kind::Maintenance => lang.t("保养提醒", "Maintenance reminder"),
            Kind::Inspection => lang.t("年审提醒", "Inspection reminder"),
            Kind::Insurance => lang.t("续保及车船税提醒", "Insurance & vehicle and vessel tax"),
            Kind::Complaint => lang.t("投诉回访", "Complaint follow-up"),
            Kind::OpenQuestion => lang.t("咨询跟进", "Open-question follow-up"),
            Kind::Appointment => lang.t("预约提醒", "Appointment reminder"),
            Kind::Declined => lang.t("未做项目跟进", "Declined-service follow-up"),
            Kind::EventInvite => lang.t("活动邀约", "Event invitation"),
            Kind::EventFeedback => lang.t("活动回访", "Event feedback"),
            Kind::RentalReturn => lang.t("还车回访", "Rental return survey"),
            Kind::RentalCare => lang.t("长租关怀", "Long-term renter care"),
        }
    }

    /// 1: first-level callbacks by the desk; 2: the CRM department's re-checks; 3: calls
    /// made by management (总经办), which only a supervisor takes.
    pub fn level(self) -> u8 {
        match self {
            Kind::Recheck => 2,
            Kind::Quarterly | Kind::ThirdRepair => 3,
            _ => 1,
        }
    }

    /// The data the kind is planned from (the rule file's `trigger` must name it).
    pub fn trigger(self) -> &'static str {
        match self {
            Kind::Dc7 | Kind::Monthly | Kind::Yearly | Kind::Quarterly => {
                "sales_files.delivery_date"
            }
            Kind::Dc3 | Kind::ThirdRepair => "repair_orders.closed",
            Kind::Recheck => "callback_tasks.completed_at",
            Kind::Birthday => "customers.birthday",
            Kind::Holiday => "holidays",
            Kind::Maintenance => "vehicles.maintenance_due",
            Kind::Inspection => "vehicles.inspection_due",
            Kind::Insurance => "vehicles.insurance_due",
            Kind::Complaint => "complaint_follow_ups.due",
            Kind::OpenQuestion => "calls.follow_up_due",
            Kind::Appointment => "appointments",
            Kind::Declined => "appointments.declined",
            Kind::EventInvite => "event_invitees.invited_at",
            Kind::EventFeedback => "event_invitees.attended",
            Kind::RentalReturn => "rentals.returned_at",
            Kind::RentalCare => "rentals.long_term",
        }
    }
}

/// How the customer is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Channel {
    #[default]
    Call,
    /// A text message (greetings by default).
    Sms,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Sms => "sms",
        }
    }
    pub fn from_code(s: &str) -> Option<Channel> {
        match s {
            "call" => Some(Channel::Call),
            "sms" => Some(Channel::Sms),
            _ => None,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Call => lang.t("电话", "call"),
            Channel::Sms => lang.t("短信", "SMS"),
        }
    }
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// In the pool, nobody's yet.
    Open,
    /// An agent's personal task (claimed, or assigned by a supervisor).
    Claimed,
    Done,
    /// Tried and given up: no answer until the window ended, wrong number, refused.
    Failed,
    /// The window ended before anyone tried.
    Expired,
    /// Not to be called, with the reason (do-not-contact, no reachable number, ...).
    Skipped,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Open,
        Status::Claimed,
        Status::Done,
        Status::Failed,
        Status::Expired,
        Status::Skipped,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Claimed => "claimed",
            Status::Done => "done",
            Status::Failed => "failed",
            Status::Expired => "expired",
            Status::Skipped => "skipped",
        }
    }
    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Open => lang.t("待领取", "in pool"),
            Status::Claimed => lang.t("已领取", "claimed"),
            Status::Done => lang.t("已完成", "done"),
            Status::Failed => lang.t("失败", "failed"),
            Status::Expired => lang.t("已过期", "expired"),
            Status::Skipped => lang.t("不回访", "skipped"),
        }
    }
    /// Still to be worked.
    pub fn is_pending(self) -> bool {
        matches!(self, Status::Open | Status::Claimed)
    }
}

/// Why a task is skipped or failed (stored as its code in `skip_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    DoNotContact,
    NoNumber,
    NoMobile,
    NoCustomer,
    WrongNumber,
    Refused,
    NoAnswer,
    SourceGone,
    DoneElsewhere,
    Superseded,
    /// An event's invitations stopped (its seats taken): the calls not yet made.
    EventFull,
}

impl Reason {
    pub const ALL: [Reason; 11] = [
        Reason::DoNotContact,
        Reason::NoNumber,
        Reason::NoMobile,
        Reason::NoCustomer,
        Reason::WrongNumber,
        Reason::Refused,
        Reason::NoAnswer,
        Reason::SourceGone,
        Reason::DoneElsewhere,
        Reason::Superseded,
        Reason::EventFull,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Reason::DoNotContact => "do_not_contact",
            Reason::NoNumber => "no_number",
            Reason::NoMobile => "no_mobile",
            Reason::NoCustomer => "no_customer",
            Reason::WrongNumber => "wrong_number",
            Reason::Refused => "refused",
            Reason::NoAnswer => "no_answer",
            Reason::SourceGone => "source_gone",
            Reason::DoneElsewhere => "done_elsewhere",
            Reason::Superseded => "superseded",
            Reason::EventFull => "event_full",
        }
    }
    pub fn from_code(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Reason::DoNotContact => lang.t("客户要求勿扰", "customer asked not to be called"),
            Reason::NoNumber => lang.t("无可用电话", "no reachable number"),
            Reason::NoMobile => lang.t("无手机号，无法发短信", "no mobile number for SMS"),
            Reason::NoCustomer => lang.t("无客户档案", "no customer on file"),
            Reason::WrongNumber => lang.t("号码错误", "wrong number"),
            Reason::Refused => lang.t("客户拒绝回访", "customer refused"),
            Reason::NoAnswer => lang.t("多次无人接听", "no answer until the window ended"),
            Reason::SourceGone => lang.t("来源记录已变更", "source record changed"),
            Reason::DoneElsewhere => lang.t("已在别处完成", "done elsewhere"),
            Reason::Superseded => lang.t("已被新任务取代", "superseded by a newer task"),
            Reason::EventFull => {
                lang.t("活动名额已满，停止邀约", "event full, invitations stopped")
            }
        }
    }
}

/// Which calls a do-not-contact wish covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DncScope {
    /// Only this kind of callback (else every kind).
    pub this_kind_only: bool,
    /// Only this vehicle (else every vehicle of the customer).
    pub this_vehicle_only: bool,
}

/// What came of one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Reached and done (scores and notes with it).
    Done,
    NoAnswer,
    WrongNumber,
    /// The customer would not take the callback.
    Refused,
    /// Call again at the time the customer named.
    CallBack(DateTime<Utc>),
    /// The customer asks not to be called again.
    DoNotContact(DncScope),
    /// A text message sent.
    Sent,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::NoAnswer => "no_answer",
            Outcome::WrongNumber => "wrong_number",
            Outcome::Refused => "refused",
            Outcome::CallBack(_) => "call_back",
            Outcome::DoNotContact(_) => "do_not_contact",
            Outcome::Sent => "sent",
        }
    }
    /// The label of a stored outcome code (`no_answer`); None for a code it does not know.
    pub fn label_of(code: &str, lang: Lang) -> Option<&'static str> {
        let o = match code {
            "done" => Outcome::Done,
            "no_answer" => Outcome::NoAnswer,
            "wrong_number" => Outcome::WrongNumber,
            "refused" => Outcome::Refused,
            "call_back" => Outcome::CallBack(DateTime::<Utc>::MIN_UTC),
            "do_not_contact" => Outcome::DoNotContact(DncScope::default()),
            "sent" => Outcome::Sent,
            _ => return None,
        };
        Some(o.label(lang))
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Done => lang.t("已完成", "done"),
            Outcome::NoAnswer => lang.t("无人接听", "no answer"),
            Outcome::WrongNumber => lang.t("号码错误", "wrong number"),
            Outcome::Refused => lang.t("拒绝回访", "refused"),
            Outcome::CallBack(_) => lang.t("约定时间再打", "call back later"),
            Outcome::DoNotContact(_) => lang.t("勿扰", "do not contact"),
            Outcome::Sent => lang.t("已发送", "sent"),
        }
    }
}
