//! Improvement actions (整改, seed 001 §3.7 and §三(八)): what customers said in callbacks,
//! surveys and complaints becomes an action for a department, with an owner and a due date,
//! worked open → in progress → done and verified by a supervisor. A complaint category (or
//! station) that keeps coming back proposes a rectification order (质量整改令): see `recur`.

pub mod recur;

use crate::i18n::Lang;
use chrono::NaiveDate;

/// The department an action is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Department {
    /// 销售 (sales)
    Sales,
    /// 售后服务 (the workshop, service advisors)
    Service,
    /// 配件 (parts)
    Parts,
    /// 前台 (the front desk / reception)
    FrontDesk,
    /// 其他
    Other,
}

impl Department {
    pub const ALL: [Department; 5] = [
        Department::Sales,
        Department::Service,
        Department::Parts,
        Department::FrontDesk,
        Department::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Department::Sales => "sales",
            Department::Service => "service",
            Department::Parts => "parts",
            Department::FrontDesk => "front_desk",
            Department::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Department> {
        Department::ALL.into_iter().find(|d| d.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Department::Sales => lang.t("销售", "Sales"),
            Department::Service => lang.t("售后服务", "Service"),
            Department::Parts => lang.t("配件", "Parts"),
            Department::FrontDesk => lang.t("前台", "Front desk"),
            Department::Other => lang.t("其他", "Other"),
        }
    }

    /// Typed in a form: the code, the label in either language, or the position (1-5).
    pub fn parse(s: &str) -> Option<Department> {
        let s = s.trim();
        if let Ok(n) = s.parse::<usize>() {
            return n
                .checked_sub(1)
                .and_then(|i| Department::ALL.get(i).copied());
        }
        let low = s.to_lowercase().replace([' ', '-'], "_");
        Department::ALL.into_iter().find(|d| {
            d.code() == low
                || d.label(Lang::Zh) == s
                || d.label(Lang::En).to_lowercase().replace(' ', "_") == low
        })
    }

    /// The department a complaint category is usually about.
    pub fn for_category(c: crate::domain::complaints::Category) -> Department {
        use crate::domain::complaints::Category as C;
        match c {
            C::PartsSupply => Department::Parts,
            C::Attitude | C::Timeliness | C::RepairQuality | C::Pricing | C::ProductQuality => {
                Department::Service
            }
            C::Other => Department::Other,
        }
    }
}

/// Where an action is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// 待处理
    Open,
    /// 整改中
    InProgress,
    /// 已完成
    Done,
    /// 已验证
    Verified,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::InProgress,
        Status::Done,
        Status::Verified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Verified => "verified",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Open => lang.t("待处理", "Open"),
            Status::InProgress => lang.t("整改中", "In progress"),
            Status::Done => lang.t("已完成", "Done"),
            Status::Verified => lang.t("已验证", "Verified"),
        }
    }

    /// The work is finished (done or verified).
    pub fn finished(self) -> bool {
        matches!(self, Status::Done | Status::Verified)
    }

    /// The step the advance key takes: open → in progress → done. Verifying is its own
    /// step ([`check`] with a note); a verified action goes nowhere.
    pub fn advance(self) -> Option<Status> {
        match self {
            Status::Open => Some(Status::InProgress),
            Status::InProgress => Some(Status::Done),
            Status::Done | Status::Verified => None,
        }
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a step the workflow has (e.g. open → verified, verified → anything).
    Illegal { from: Status, to: Status },
    /// Only a supervisor verifies.
    NotSupervisor,
    /// Verifying needs the note on what was checked.
    NoteMissing,
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::Illegal { from, to }, Lang::Zh) => {
                format!("不能从“{}”改为“{}”", from.label(lang), to.label(lang))
            }
            (Refusal::Illegal { from, to }, Lang::En) => format!(
                "cannot go from {} to {}",
                from.label(lang).to_lowercase(),
                to.label(lang).to_lowercase()
            ),
            (Refusal::NotSupervisor, _) => lang
                .t(
                    "只有客服主管可以验证整改",
                    "Only a supervisor verifies an action",
                )
                .into(),
            (Refusal::NoteMissing, _) => lang
                .t(
                    "验证须写明验证情况（检查了什么、结果如何）",
                    "Verifying needs a note: what was checked and what was found",
                )
                .into(),
        }
    }
}

/// Whether `from → to` is a step of the workflow: open → in progress → done → verified,
/// and done → in progress when the work turns out unfinished. Verifying needs a supervisor
/// and a note that is not blank.
pub fn check(
    from: Status,
    to: Status,
    supervisor: bool,
    note: Option<&str>,
) -> Result<(), Refusal> {
    use Status::*;
    let legal = matches!(
        (from, to),
        (Open, InProgress) | (InProgress, Done) | (Done, Verified) | (Done, InProgress)
    );
    if !legal {
        return Err(Refusal::Illegal { from, to });
    }
    if to == Verified {
        if !supervisor {
            return Err(Refusal::NotSupervisor);
        }
        if note.is_none_or(|n| n.trim().is_empty()) {
            return Err(Refusal::NoteMissing);
        }
    }
    Ok(())
}

/// Past its due day and not finished: the list highlights it, the report counts it.
pub fn is_overdue(status: Status, due: NaiveDate, today: NaiveDate) -> bool {
    !status.finished() && due < today
}

/// How an action raised stands, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    DoneOnTime,
    DoneLate,
    Overdue,
    NotYetDue,
}

/// An action's standing as of `today`: finished on or before the due day, after it, past
/// due and not finished, or still within its time.
pub fn standing(
    status: Status,
    due: NaiveDate,
    done: Option<NaiveDate>,
    today: NaiveDate,
) -> Standing {
    match (status.finished(), done) {
        (true, Some(d)) if d <= due => Standing::DoneOnTime,
        (true, Some(_)) => Standing::DoneLate,
        // Finished without a recorded day: counted on time (nothing says otherwise).
        (true, None) => Standing::DoneOnTime,
        (false, _) if due < today => Standing::Overdue,
        (false, _) => Standing::NotYetDue,
    }
}

/// A record an action stands on: the customers' words behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkKind {
    Callback,
    Complaint,
    Call,
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [LinkKind::Callback, LinkKind::Complaint, LinkKind::Call];

    pub fn code(self) -> &'static str {
        match self {
            LinkKind::Callback => "callback",
            LinkKind::Complaint => "complaint",
            LinkKind::Call => "call",
        }
    }

    pub fn from_code(s: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LinkKind::Callback => lang.t("回访", "Callback"),
            LinkKind::Complaint => lang.t("投诉", "Complaint"),
            LinkKind::Call => lang.t("来电", "Call"),
        }
    }
}

/// What a new action must have: a department, what was found, an owner and a due day not
/// before today. The fields named are the ones missing, in the user's language.
pub fn missing(
    finding: &str,
    owner: Option<i64>,
    due: Option<NaiveDate>,
    today: NaiveDate,
    lang: Lang,
) -> Vec<String> {
    let mut out = Vec::new();
    if finding.trim().is_empty() {
        out.push(lang.t("发现的问题", "what was found").to_string());
    }
    if owner.is_none() {
        out.push(lang.t("责任人", "owner").to_string());
    }
    match due {
        None => out.push(lang.t("完成期限", "due date").to_string()),
        Some(d) if d < today => out.push(
            lang.t("完成期限（不能早于今天）", "due date (not before today)")
                .to_string(),
        ),
        Some(_) => {}
    }
    out
}

#[cfg(test)]
mod tests;
