//! The words of the audit log in both languages: what was done (the action codes the store
//! writes), to what kind of record, and the names of the fields its before/after hold.

use crate::i18n::Lang;

/// The verb of an action code, `None` when the code is not known (the sentence then says
/// that a change was made, without naming it). A `{}` in it is where the record goes;
/// without one the record follows the verb.
pub fn verb(action: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match action {
        "create" | "kb_create" | "improvement.raise" => ("新建了", "created"),
        "update" | "kb_update" => ("修改了", "changed"),
        "import" => ("导入了", "imported"),
        "import_update" => ("通过导入更新了", "updated by import"),
        "reveal" => ("查看了{}的完整号码", "viewed the full numbers of {}"),
        "correct" => ("更正了", "corrected"),
        "follow_up_done" => ("完成了{}的回复", "completed the follow-up of {}"),
        "kb_transfer" => ("把{}转给技术支持", "passed {} to technical support"),
        "kb_retire" => ("停用了", "retired"),
        "rescue_step" | "complaint_step" => ("推进了", "advanced"),
        "rental_return" => ("登记了{}的还车", "recorded the return of {}"),
        "breakdown_logged" => ("为{}登记了途中故障", "logged a breakdown on {}"),
        "overbook" => ("超额接收了", "overbooked"),
        "book" => ("预约了", "booked"),
        "confirm" => ("确认了", "confirmed"),
        "remind" => ("提醒了", "sent a reminder for"),
        "reminder_outcome" => ("记录了{}的提醒结果", "recorded the reminder outcome of {}"),
        "arrive" => ("登记了{}到店", "checked in {}"),
        "start_service" => ("开始了{}的服务", "started service on {}"),
        "complete" => ("完成了", "completed"),
        "cancel" => ("取消了", "cancelled"),
        "no_show" => ("把{}标记为爽约", "marked {} as a no-show"),
        "undo_no_show" => ("撤销了{}的爽约", "undid the no-show of {}"),
        "reschedule" => ("改约了", "rescheduled"),
        "documents_received" => ("登记了{}的资料收齐", "recorded documents received for {}"),
        "invite" => ("为{}发出了邀请", "sent invitations for {}"),
        "stop_inviting" => ("停止了{}的邀约", "stopped the invitations of {}"),
        "answer" => ("记录了{}的回复", "recorded the answer of {}"),
        "check_in" => ("为{}登记了签到", "checked in {}"),
        "check_in_undone" => ("撤销了{}的签到", "undid the check-in of {}"),
        "sms_sent" => ("为{}发送了短信", "sent text messages for {}"),
        "sms_handed_off" => ("交出了{}的短信", "handed off text messages for {}"),
        "sms_results" => ("登记了{}的短信结果", "recorded text message results for {}"),
        "plan" => ("生成了{}", "ran the {}"),
        "contact_pref" => ("设置了{}的联系偏好", "set the contact preference of {}"),
        "move" => ("挪动了", "moved"),
        "attempt" => ("记录了{}的一次拨打", "recorded a call attempt on {}"),
        "claim" => ("领取了", "claimed"),
        "release" => ("放回了", "released"),
        "reassign" => ("转派了", "reassigned"),
        "return_to_pool" => ("把{}退回公共池", "returned {} to the pool"),
        "confirm_vin_check_digit" => (
            "确认了{}的车架号校验位",
            "confirmed the VIN check digit of {}",
        ),
        "improvement.step" => ("推进了", "advanced"),
        "improvement.order_accept" => ("采纳了", "accepted"),
        "improvement.order_dismiss" => ("驳回了", "dismissed"),
        "quality.queue" => ("抽检了", "sampled"),
        "quality.score" => ("评分了", "scored"),
        "quality.rescore" => ("复评了", "rescored"),
        "quality.dispute" => ("申诉了", "disputed"),
        "setting.set" => ("修改了", "changed"),
        "map_os_user" => ("为{}绑定了系统用户", "mapped an OS user to {}"),
        "audit_view_denied" => ("试图查看{}（被拒绝）", "tried to view {} (refused)"),
        "export" => ("导出了", "exported"),
        "report" => ("从{}打印了报表", "printed a report from {}"),
        "backup" => ("备份了", "backed up"),
        _ => return None,
    };
    Some(lang.t(zh, en))
}

/// The noun of a record kind (the `entity` column), `None` when not known.
pub fn noun(entity: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match entity {
        "customer" | "customers" => ("客户", "customer"),
        "vehicle" | "vehicles" => ("车辆", "vehicle"),
        "sales" | "sales_file" => ("销售档案", "sales file"),
        "repairs" | "repair_order" => ("维修工单", "repair order"),
        "call" => ("来电", "call"),
        "rescue" => ("救援", "rescue case"),
        "appointment" => ("预约", "booking"),
        "rental" => ("租车单", "rental"),
        "rental_breakdown" => ("租车故障", "rental breakdown"),
        "kb_article" => ("知识库条目", "knowledge-base entry"),
        "event" => ("活动", "event"),
        "event_invitee" => ("活动受邀人", "event invitee"),
        "callback_plan" => ("回访计划", "callback plan"),
        "callback_task" => ("回访任务", "callback task"),
        "improvement" => ("改进事项", "improvement"),
        "improvement_proposal" => ("改进建议", "improvement proposal"),
        "agent" => ("坐席", "agent"),
        "quality_review" => ("质检", "quality review"),
        "store_settings" => ("门店设置", "store settings"),
        "store" => ("门店数据", "store data"),
        "audit" => ("审计记录", "audit log"),
        "complaint" => ("投诉", "complaint"),
        _ => return None,
    };
    Some(lang.t(zh, en))
}

/// The record kinds and actions the filter form offers as choices (codes; `noun` and
/// `action_name` give their words).
pub const FILTER_ENTITIES: &[&str] = &[
    "customer",
    "vehicle",
    "call",
    "rescue",
    "appointment",
    "complaint",
    "callback_task",
    "event",
    "kb_article",
    "improvement",
    "agent",
    "store",
];
pub const FILTER_ACTIONS: &[&str] = &[
    "create",
    "update",
    "reveal",
    "correct",
    "cancel",
    "reschedule",
    "claim",
    "reassign",
    "export",
    "import",
    "complaint_step",
    "rescue_step",
];

/// The short name of an action the filter offers.
pub fn action_name(action: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match action {
        "create" => ("新建", "create"),
        "update" => ("修改", "change"),
        "reveal" => ("查看号码", "reveal"),
        "correct" => ("更正", "correct"),
        "cancel" => ("取消", "cancel"),
        "reschedule" => ("改约", "reschedule"),
        "claim" => ("领取", "claim"),
        "reassign" => ("转派", "reassign"),
        "export" => ("导出", "export"),
        "import" => ("导入", "import"),
        "complaint_step" => ("投诉步骤", "complaint step"),
        "rescue_step" => ("救援步骤", "rescue step"),
        _ => return None,
    };
    Some(lang.t(zh, en))
}

/// Names a code in a language.
type Namer = fn(&str, Lang) -> Option<&'static str>;

/// The filter's choices of actions (`true`) or record types, with their namer.
fn offered(action: bool) -> (&'static [&'static str], Namer) {
    if action {
        (FILTER_ACTIONS, action_name)
    } else {
        (FILTER_ENTITIES, noun)
    }
}

/// What a supervisor typed in the filter's record-type or action field, as the stored
/// code: a choice's name in either language, or a code as stored. `None`: not a choice.
pub fn choice(typed: &str, action: bool) -> Option<String> {
    let t = typed.trim();
    let (codes, name) = offered(action);
    let named = codes.iter().find(|c| {
        [Lang::Zh, Lang::En]
            .iter()
            .any(|l| name(c, *l).is_some_and(|n| n.eq_ignore_ascii_case(t)))
    });
    if let Some(c) = named {
        return Some(c.to_string());
    }
    let known = if action {
        verb(t, Lang::En).is_some()
    } else {
        noun(t, Lang::En).is_some()
    };
    known.then(|| t.to_string())
}

/// The choices of the filter's field, in `lang`, joined with `/`.
pub fn choices(action: bool, lang: Lang) -> String {
    let (codes, name) = offered(action);
    codes
        .iter()
        .filter_map(|c| name(c, lang))
        .collect::<Vec<_>>()
        .join("/")
}

/// The name of a field of a before/after record, `None` when not known.
pub fn field(key: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match key {
        "name" => ("姓名", "name"),
        "gender" => ("性别", "gender"),
        "birthday" => ("生日", "birthday"),
        "mobile" => ("手机", "mobile"),
        "landline" => ("座机", "landline"),
        "phone" => ("电话", "phone"),
        "id_number" => ("证件号", "ID number"),
        "region" => ("地区", "region"),
        "address" => ("地址", "address"),
        "vip" => ("贵宾", "VIP"),
        "notes" | "note" => ("备注", "note"),
        "comment" => ("说明", "comment"),
        "vin" => ("车架号", "VIN"),
        "vin_check_ok" => ("车架号校验", "VIN check"),
        "check_digit" => ("校验位", "check digit"),
        "plate" => ("车牌", "plate"),
        "brand" => ("品牌", "brand"),
        "model" => ("车型", "model"),
        "color" => ("颜色", "colour"),
        "energy" => ("能源", "energy"),
        "purchase_date" => ("购车日期", "purchase date"),
        "mileage_km" => ("里程（公里）", "mileage (km)"),
        "insurance_due" => ("保险到期", "insurance due"),
        "inspection_due" => ("年检到期", "inspection due"),
        "maintenance_due" => ("保养到期", "maintenance due"),
        "status" => ("状态", "status"),
        "from" => ("原状态", "from"),
        "to" => ("新状态", "to"),
        "start" | "start_at" | "starts_at" => ("开始", "start"),
        "end" => ("结束", "end"),
        "old_start" => ("原时间", "old time"),
        "new_start" => ("新时间", "new time"),
        "new_id" => ("新预约", "new booking"),
        "rescheduled_from" => ("改约自", "rescheduled from"),
        "advisor" => ("顾问", "advisor"),
        "bay" => ("工位", "bay"),
        "channel" => ("渠道", "channel"),
        "overflow" | "overflow_reason" => ("超额原因", "overbooking reason"),
        "reason" => ("原因", "reason"),
        "sentence" => ("来电内容", "call"),
        "template" => ("模板", "template"),
        "resolved" => ("已解决", "resolved"),
        "complaint" | "complaints" => ("投诉", "complaint"),
        "rescue" | "rescue_id" => ("救援", "rescue"),
        "step" => ("步骤", "step"),
        "eta" => ("预计到达", "ETA"),
        "transferred_to" => ("转给", "passed to"),
        "kind" => ("类别", "kind"),
        "title" => ("标题", "title"),
        "fields" => ("内容", "content"),
        "valid_from" => ("生效", "valid from"),
        "valid_to" => ("失效", "valid to"),
        "retired" => ("已停用", "retired"),
        "hours" => ("营业时间", "opening hours"),
        "capacity" => ("名额", "places"),
        "place" => ("地点", "place"),
        "target" => ("邀请对象", "invitees"),
        "age_min" => ("最小车龄（年）", "min. car age (years)"),
        "age_max" => ("最大车龄（年）", "max. car age (years)"),
        "vip_only" => ("仅限贵宾", "VIP only"),
        "invited" => ("已邀请", "invited"),
        "already" => ("已在名单", "already listed"),
        "skipped" | "tasks_skipped" | "newly_skipped" => ("跳过", "skipped"),
        "tasks" => ("任务", "tasks"),
        "answer" => ("回复", "answer"),
        "party" => ("人数", "party"),
        "via" => ("途径", "via"),
        "department" => ("部门", "department"),
        "due" => ("期限", "due"),
        "finding" => ("问题", "finding"),
        "links" => ("关联", "links"),
        "order" => ("整改单", "order"),
        "owner_id" => ("负责人", "owner"),
        "emp_no" => ("工号", "agent no."),
        "role" => ("角色", "role"),
        "os_user" => ("系统用户", "OS user"),
        "claimed_by" => ("领取人", "claimed by"),
        "pool" => ("公共池", "pool"),
        "outcome" => ("结果", "outcome"),
        "scores" => ("评分", "scores"),
        "next_try_at" => ("下次拨打", "next try"),
        "also" => ("一并完成", "also done"),
        "created" => ("新建", "created"),
        "updated" => ("更新", "updated"),
        "unchanged" => ("未变", "unchanged"),
        "customers_created" => ("新建客户", "customers created"),
        "vehicles_created" => ("新建车辆", "vehicles created"),
        "closed" => ("关闭", "closed"),
        "expired" => ("过期", "expired"),
        "failed" => ("失败", "failed"),
        "moved" => ("挪动", "moved"),
        "reopened" => ("重开", "reopened"),
        "today" => ("日期", "day"),
        "window" => ("时间窗", "window"),
        "sms_sent" => ("短信已发", "texts sent"),
        "sms_failed" => ("短信失败", "texts failed"),
        "sms_handed_off" => ("短信已交出", "texts handed off"),
        "do_not_contact" => ("勿扰", "do not contact"),
        "cleared_bad_number" => ("清除错号", "bad number cleared"),
        "report" => ("报表", "report"),
        "rows" => ("行数", "rows"),
        "file" => ("文件", "file"),
        "full_numbers" => ("完整号码", "full numbers"),
        "by" => ("操作人", "by"),
        "bytes" => ("字节", "bytes"),
        "points" => ("得分", "points"),
        "result" => ("结果", "result"),
        "source" => ("来源", "source"),
        "source_id" => ("来源编号", "source no."),
        "agent_id" => ("坐席", "agent"),
        "key" => ("设置项", "setting"),
        "value" => ("值", "value"),
        "fault" => ("故障", "fault"),
        "branch" | "return_branch" => ("网点", "branch"),
        "returned_at" => ("还车时间", "returned at"),
        "planned_return_at" => ("计划还车", "planned return"),
        "contract_no" => ("合同号", "contract no."),
        "documents" => ("资料", "documents"),
        "documents_received" => ("资料收齐", "documents received"),
        "received_on" => ("收到日期", "received on"),
        "handed_by" => ("交付人", "handed by"),
        "ro_number" => ("工单号", "RO number"),
        "technician" => ("技师", "technician"),
        "salesperson" => ("销售顾问", "salesperson"),
        "dealer" => ("经销商", "dealer"),
        "invoice_date" => ("开票日期", "invoice date"),
        "delivery_date" => ("交车日期", "delivery date"),
        "price_yuan" => ("价格（元）", "price (yuan)"),
        "amount_fen" => ("金额（分）", "amount (fen)"),
        "items" => ("项目", "items"),
        "accident" => ("事故", "accident"),
        "customer_id" => ("客户", "customer"),
        "vehicle_id" | "vehicle" => ("车辆", "vehicle"),
        "occurred_at" => ("发生时间", "occurred at"),
        "opened" => ("打开", "opened"),
        "summary" => ("摘要", "summary"),
        "category" => ("类别", "category"),
        "how" => ("方式", "how"),
        "anchor" => ("基准", "anchor"),
        "period" => ("周期", "period"),
        "week" => ("周", "week"),
        "with" => ("连同", "together with"),
        "reminder" | "reminder_id" => ("提醒", "reminder"),
        "rental_id" => ("租车单", "rental"),
        "improvement_id" => ("改进事项", "improvement"),
        "callback_task" => ("回访任务", "callback task"),
        "batch" => ("批次", "batch"),
        "total" => ("合计", "total"),
        "fatal" => ("致命项", "fatal items"),
        "stale_after_min" => ("超时（分钟）", "stale after (min)"),
        "mobile_tail" => ("手机尾号", "mobile tail"),
        "handler" => ("处理人", "handler"),
        "pause_reason" => ("暂停原因", "paused for"),
        "resolution" => ("处理结果", "resolution"),
        "confirmed_by" => ("确认人", "confirmed by"),
        "confirm_how" => ("确认方式", "via"),
        "satisfaction" => ("满意度", "satisfaction"),
        "level" => ("级别", "level"),
        "escalation" => ("升级原因", "escalated for"),
        "valid" => ("有效投诉", "valid complaint"),
        "remedy" => ("补救", "remedy"),
        "item" => ("项目", "item"),
        "amount_yuan" => ("金额（元）", "amount (yuan)"),
        "root_cause" => ("原因", "root cause"),
        "corrective_action" => ("整改措施", "corrective action"),
        "accountability" => ("责任处理", "accountability"),
        "staff_education" => ("人员教育", "staff education"),
        "severity" => ("严重程度", "severity"),
        "follow_up_call" => ("回访日期", "follow-up call on"),
        "tracking" => ("跟踪日期", "tracking on"),
        _ => return None,
    };
    Some(lang.t(zh, en))
}

/// Record kinds whose `record` (`Entry::record`) says whose record it is (the customer
/// and car of a booking, the agent of a quality review) rather than naming it.
pub fn record_is_whose(entity: &str) -> bool {
    matches!(
        entity,
        "appointment"
            | "call"
            | "rescue"
            | "complaint"
            | "callback_task"
            | "rental"
            | "rental_breakdown"
            | "event_invitee"
            | "quality_review"
    )
}

/// Fields that are bookkeeping, not something a reader needs: never shown.
pub fn hidden(key: &str) -> bool {
    matches!(
        key,
        "version" | "uuid" | "store_id" | "updated_at" | "updated_by"
    )
}

/// The order fields are told in: a record's own order (a customer's name before its
/// numbers), then the rest alphabetically.
pub fn rank(key: &str) -> usize {
    const ORDER: &[&str] = &[
        "name",
        "title",
        "emp_no",
        "gender",
        "birthday",
        "mobile",
        "landline",
        "id_number",
        "region",
        "address",
        "vip",
        "plate",
        "vin",
        "brand",
        "model",
        "color",
        "energy",
        "status",
        "from",
        "to",
        "start",
        "end",
        "old_start",
        "new_start",
        "step",
        "how",
        "technician",
        "eta",
        "result",
        "resolution",
        "confirmed_by",
        "confirm_how",
        "satisfaction",
        "escalation",
        "pause_reason",
        "item",
        "amount_yuan",
        "root_cause",
        "corrective_action",
        "accountability",
        "staff_education",
        "follow_up_call",
        "tracking",
        "reason",
    ];
    ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len())
}
