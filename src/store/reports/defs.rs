//! What each figure of a report counts, in one line per column and both languages: shown on
//! the Reports tab for the column under the cursor, and printed under the table by
//! `frontdesk report`. A supervisor signs figures whose basis is written beside them.

use super::Report;
use crate::i18n::Lang;

/// (column, zh, en); a column of a report not listed is not a figure (a name, a date).
type Defs = &'static [(usize, &'static str, &'static str)];

const CALLS_BY_TEMPLATE: Defs = &[
    (
        2,
        "本期开始的来电中用该模板登记的条数",
        "calls started in the period logged with the template",
    ),
    (
        3,
        "用该模板登记、当场答复无需24小时跟进的咨询；救援、投诉来电立案跟进，不计（显示为空）",
        "consultations with the template answered on the spot (no 24-hour follow-up); rescue and complaint calls open a case and are not counted (blank)",
    ),
];

/// The calls-by-template columns after the fixed four are the agents'.
const CALLS_BY_TEMPLATE_AGENT: (&str, &str) = (
    "该专员本期用该模板登记的来电条数",
    "calls the agent logged with the template in the period",
);

const AGENTS: Defs = &[
    (
        3,
        "本期开始、由该专员登记的来电条数",
        "calls started in the period that the agent logged",
    ),
    (
        4,
        "这些来电的记录规范得分平均值（按模板字段填写完整程度，0–100）",
        "average record-standard score of those calls (how fully each fills its template, 0–100)",
    ),
    (
        5,
        "其中当场答复的咨询来电；救援、投诉来电不计",
        "of them, consultations answered on the spot; rescue and complaint calls are not counted",
    ),
    (
        6,
        "当场解决 ÷ 该专员的咨询来电 × 100；没有咨询来电时为空",
        "resolved on the spot ÷ the agent's consultation calls × 100; blank without any",
    ),
    (
        7,
        "本期受理、由该专员负责处理的投诉",
        "complaints received in the period with the agent as handler",
    ),
    (8, "其中已结案的", "of them, closed"),
    (
        9,
        "其中各项时限（10分钟联系、1小时指派、24小时/3天解决）均未超的",
        "of them, every deadline kept (10-minute contact, 1-hour handler, 24-hour / 3-day resolution)",
    ),
    (
        10,
        "本期内由该专员完成的回访（按完成日，不论何时到期；回访报表按到期日统计）",
        "callbacks the agent completed in the period (by day done, whatever their due day; the callbacks report counts by due day)",
    ),
    (
        11,
        "其中在回访时限内完成的",
        "of them, done within their window",
    ),
];

const CALLBACKS: Defs = &[
    (
        1,
        "到期日在本期内的回访任务（不含跳过的）；本页各列都只计这些任务",
        "callback tasks due in the period (skipped ones left out); every column of this page counts only these",
    ),
    (
        2,
        "其中已完成的（不论哪天完成）",
        "of them, done (whatever day)",
    ),
    (
        3,
        "其中在时限最后一天前（含）完成的",
        "of them, done no later than the window's last day",
    ),
    (
        4,
        "其中拨打失败而结束的（空号、拒访、多次未接）",
        "of them, ended as failed (wrong number, refused, no answer to the end)",
    ),
    (
        5,
        "其中时限结束仍未回访而过期的",
        "of them, expired: the window ended before anyone reached the customer",
    ),
    (
        6,
        "其中尚未完成的（待领取或已领取）",
        "of them, still open (in the pool or claimed)",
    ),
    (
        7,
        "该类回访调查表的分制（5分或10分）",
        "the scale of the kind's survey (5 or 10 points)",
    ),
    (
        8,
        "已完成任务的全部评分的平均值，按本类分制；合计行不求平均，不同分制分别见下方说明",
        "average of every score of the done tasks, on the kind's scale; the total row has none — each scale's average is in the notes",
    ),
];

const COMPLAINT_STATS: Defs = &[
    (2, "本期受理的投诉", "complaints received in the period"),
    (
        3,
        "其中有效投诉（态度、及时性、维修质量、配件、价格；其他类别超时也算；主管裁定优先）",
        "of them, valid (attitude, timeliness, repair quality, parts, pricing; others when a deadline was missed; a supervisor's ruling first)",
    ),
    (
        4,
        "10分钟内首次联系客户的占比",
        "share first contacted within 10 minutes",
    ),
    (5, "各项时限均未超的占比", "share with every deadline kept"),
    (6, "其中已结案的", "of them, closed"),
    (
        7,
        "同一服务站一个月内有效投诉达2起",
        "a station with 2 valid complaints in one month",
    ),
];

const COMPLAINTS: Defs = &[
    (
        12,
        "结案时客户确认的满意度（1–5分）",
        "the customer's satisfaction confirmed at closing (1–5)",
    ),
    (
        13,
        "是否有效投诉（见投诉统计页）",
        "valid complaint or not (see the complaint figures page)",
    ),
];

const APPOINTMENTS: Defs = &[
    (
        1,
        "本期开始的预约中处于该行状态的个数",
        "bookings starting in the period in the row's state",
    ),
    (
        2,
        "占全部预约的百分比；到店率＝到店÷(到店+爽约)；等待为到店至开始维修的平均分钟",
        "per cent of all bookings; show-up rate = showed ÷ (showed + no-shows); wait = average minutes from check-in to service",
    ),
];

const CUSTOMER_GROUPS: Defs = &[
    (
        2,
        "该组的车辆数（截至期末已购）",
        "vehicles in the group (bought by the period's end)",
    ),
    (
        3,
        "拥有该组车辆的客户数",
        "customers owning a vehicle of the group",
    ),
    (
        4,
        "车辆数占全部车辆的百分比",
        "vehicles as a per cent of all vehicles",
    ),
];

const LOYALTY: Defs = &[
    (
        0,
        "本期（默认近12个月）内的回厂次数（工单数）分组",
        "repair visits in the period (default: the last 12 months), grouped",
    ),
    (1, "该组的客户数", "customers in the group"),
    (2, "占全部客户的百分比", "per cent of all customers"),
    (
        3,
        "这些客户本期的工单数",
        "their repair orders in the period",
    ),
];

const HANDOVER: Defs = &[
    (
        2,
        "本期交车的销售档案数（资料在交车后2个工作日内应交）或本期交车还客的维修工单数（1个工作日内应交）",
        "sales files of the cars delivered in the period (documents due within 2 working days) or repair orders handed back in it (due within 1 working day)",
    ),
    (
        3,
        "其中资料在期限内交到的（本店日历：节假日不计，调休上班日计入）",
        "of them, documents at the desk by the deadline (the store's calendar: holidays off, make-up workdays worked)",
    ),
    (
        4,
        "其中资料在期限后才交到的",
        "of them, documents received after the deadline",
    ),
    (
        5,
        "其中期限已过、资料仍未交到的",
        "of them, deadline passed and documents still missing",
    ),
    (
        6,
        "其中尚未到期、资料未交的",
        "of them, not received and not yet due",
    ),
];

const IMPROVEMENTS: Defs = &[
    (
        1,
        "本期提出的整改（按提出日）；本页各列都只计这些整改",
        "improvement actions raised in the period (by day raised); every column of this page counts only these",
    ),
    (
        2,
        "其中完成日不晚于完成期限的（含已验证）",
        "of them, done no later than the due date (verified included)",
    ),
    (
        3,
        "其中在完成期限之后才完成的",
        "of them, done after the due date",
    ),
    (
        4,
        "其中已过完成期限、仍未完成的（待处理或整改中）",
        "of them, past the due date and not done (open or in progress)",
    ),
    (
        5,
        "其中尚未完成、期限未到的",
        "of them, not done and not yet due",
    ),
    (6, "其中已由主管验证的", "of them, verified by a supervisor"),
];

const CHURN: Defs = &[(
    6,
    "最后一次进厂至截止日的天数",
    "days from the last visit to the as-of day",
)];

const KPI: Defs = &[
    (
        2,
        "各项得分＝min(实际÷目标,1)×100，按考核表权重平均（无数据的项不计），减逾期交接扣分",
        "each metric scores min(actual ÷ target, 1) × 100, averaged by the sheet's weights (a metric with nothing to count left out), less the hand-over penalty",
    ),
    (
        3,
        "总分达到考核表合格线为合格",
        "pass when the total reaches the sheet's pass mark",
    ),
    (
        4,
        "按总分从高到低排名，总分相同名次相同",
        "rank by total, highest first; equal totals share a rank",
    ),
    (
        5,
        "本期开始、由该专员登记的来电条数（与专员工作量报表同一口径）",
        "calls started in the period that the agent logged (as in the agent KPIs report)",
    ),
    (
        6,
        "信息记录规范：这些来电的记录规范得分平均值（按模板字段填写完整程度，0–100）；没有来电时为空",
        "average record-standard score of those calls (how fully each fills its template, 0–100); blank without calls",
    ),
    (
        7,
        "通话品质：本期通话/回访的已评分评审的平均分（0–100，致命错误计0；申诉中按初评，复评后按复评）；没有评审时为空",
        "average score of the scored reviews of the period's calls and callbacks (0–100, a fatal error scores 0; disputed: first score, re-scored: new score); blank without any",
    ),
    (
        8,
        "通话品质平均分所依据的已评分评审条数",
        "the scored reviews the call-quality average is taken over",
    ),
    (
        9,
        "本期内由该专员完成的回访（按完成日，不论何时到期；回访报表按到期日统计）",
        "callbacks the agent completed in the period (by day done, whatever their due day; the callbacks report counts by due day)",
    ),
    (
        10,
        "其中在回访时限内完成的；按时率＝按时回访÷完成回访",
        "of them, done within their window; the on-time rate is on time ÷ done",
    ),
    (
        11,
        "本期受理、由该专员负责处理的投诉",
        "complaints received in the period with the agent as handler",
    ),
    (
        12,
        "其中各项时限（10分钟联系、1小时指派、24小时/3天解决）均未超的；比例＝时限内÷处理投诉",
        "of them, every deadline kept (10-minute contact, 1-hour handler, 24-hour / 3-day resolution); the rate is within SLA ÷ complaints",
    ),
    (
        13,
        "本期交车/还车的档案中，登记为该专员（姓名或工号）的资料逾期交到或逾期未交的份数；每份按考核表扣分",
        "files delivered or handed back in the period recorded with the agent (name or employee number) whose documents came late or are overdue; each costs the sheet's penalty",
    ),
];

const QUALITY: Defs = &[
    (
        2,
        "本期通话/回访的已评分评审（含申诉中的初评）条数",
        "scored reviews of the period's calls and callbacks (disputed ones included with their first score)",
    ),
    (3, "其中有致命错误的", "of them, with a fatal error"),
    (
        4,
        "这些评审得分的平均值（0–100，致命错误计0；复评后按复评）",
        "average score of those reviews (0–100, a fatal error scores 0; re-scored: the new score)",
    ),
];

/// The quality report's columns after the fixed five are the sheet's criteria.
const QUALITY_CRITERION: (&str, &str) = (
    "该评分项的平均得分（按现行评分表满分，复评后按复评）",
    "the criterion's average points (of the sheet's maximum; re-scored: the new points)",
);

fn defs(report: Report) -> Defs {
    match report {
        Report::CallsByTemplate => CALLS_BY_TEMPLATE,
        Report::Agents => AGENTS,
        Report::Callbacks => CALLBACKS,
        Report::ComplaintStats => COMPLAINT_STATS,
        Report::Complaints => COMPLAINTS,
        Report::Appointments => APPOINTMENTS,
        Report::CustomerGroups => CUSTOMER_GROUPS,
        Report::Loyalty => LOYALTY,
        Report::CustomersChurn => CHURN,
        Report::Handover => HANDOVER,
        Report::Improvements => IMPROVEMENTS,
        Report::Kpi => KPI,
        Report::Quality => QUALITY,
        Report::Customers | Report::Calls => &[],
    }
}

/// Where a report's columns from some index on are one kind (the agents of the
/// calls-by-template report, the criteria of the quality report): the first such column,
/// their name as a group and their one definition.
type Spread = (
    usize,
    (&'static str, &'static str),
    (&'static str, &'static str),
);

fn spread(report: Report) -> Option<Spread> {
    match report {
        Report::CallsByTemplate => {
            Some((4, ("各专员列", "Agent columns"), CALLS_BY_TEMPLATE_AGENT))
        }
        Report::Quality => Some((5, ("各评分项列", "Criterion columns"), QUALITY_CRITERION)),
        _ => None,
    }
}

/// What the figure in `column` of `report` counts, in one line; None for a column that is
/// not a figure.
pub fn definition(report: Report, column: usize, lang: Lang) -> Option<&'static str> {
    if let Some((from, _, (zh, en))) = spread(report)
        && column >= from
    {
        return Some(lang.t(zh, en));
    }
    defs(report)
        .iter()
        .find(|(c, _, _)| *c == column)
        .map(|(_, zh, en)| lang.t(zh, en))
}

/// Every figure's definition as "column: definition" lines, in column order (the agents'
/// columns of the calls-by-template report as one line).
pub fn lines(report: Report, columns: &[String], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for (i, name) in columns.iter().enumerate() {
        if let Some((from, (lzh, len), (zh, en))) = spread(report)
            && i >= from
        {
            out.push(format!("{}: {}", lang.t(lzh, len), lang.t(zh, en)));
            break;
        }
        if let Some(d) = definition(report, i, lang) {
            out.push(format!("{name}: {d}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_of_every_page_is_defined_in_both_languages() {
        for report in Report::ALL {
            for (c, zh, en) in defs(report) {
                assert!(!zh.is_empty() && !en.is_empty(), "{report:?} {c}");
                assert!(!zh.contains('\n') && !en.contains('\n'), "one line");
                assert_eq!(definition(report, *c, Lang::Zh), Some(*zh));
                assert_eq!(definition(report, *c, Lang::En), Some(*en));
            }
        }
        assert_eq!(definition(Report::Callbacks, 0, Lang::En), None);
        assert!(definition(Report::CallsByTemplate, 9, Lang::En).is_some());
    }
}
