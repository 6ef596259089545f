//! The one key-binding table. Dispatch and the help overlay (`?`) both read it, so what
//! help shows is what the keys do.

use super::action::{Action, QueueOp, Tab};
use super::complaints::Step;
use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. `Global` applies everywhere a text field does not have focus
/// (Ctrl keys apply even then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    /// A list of rows (customers, results).
    List,
    /// A customer's archive.
    Detail,
    /// A form being filled in.
    Form,
    /// A multi-line field with the cursor in it: Enter and the up/down arrows are its own.
    TextArea,
    /// A search field with the cursor in it.
    SearchField,
    /// A yes/no question.
    Confirm,
    /// The global search popup.
    SearchPopup,
    /// The sign-in prompt.
    Login,
    /// The calls list with rescues and follow-ups.
    CallsList,
    /// One call or rescue case.
    CallDetail,
    /// Choosing a record template.
    Picker,
    /// The call form.
    CallForm,
    /// The audit log.
    AuditLog,
    /// The complaints list.
    ComplaintsList,
    /// One complaint.
    ComplaintDetail,
    /// The appointments views (day timeline, week, arrivals).
    Appointments,
    /// One appointment.
    AppointmentDetail,
    /// The free slots offered after a booking clashed.
    SlotOffer,
    /// The booking form's customer (or vehicle) picker, while it lists choices.
    BookPicker,
    /// A booking's step form whose booking another agent changed.
    BookingChanged,
    /// The callback queue.
    CallbackQueue,
    /// Working one callback task.
    CallbackWork,
    /// The Reports tab.
    Reports,
    /// The Desk tab's page bar (while its page shows its top level).
    Desk,
    /// The knowledge page's list.
    KbList,
    /// The knowledge page's search field.
    KbSearch,
    /// One knowledge-base article.
    KbArticle,
    /// The improvement actions list (Desk tab).
    Improvements,
    /// One improvement action with its records.
    ImprovementDetail,
    /// The hand-over list (Desk page 交接).
    HandoverList,
    /// Recording documents received (the hand-over form).
    HandoverForm,
    /// The rental desk's list of rentals.
    Rentals,
    /// One rental with its breakdowns.
    RentalDetail,
    /// The quality page's review list (Desk page 质检).
    QualityList,
    /// One review read (an agent's own, a scored one).
    QualityReview,
    /// One review with the scoring sheet being filled in.
    QualitySheet,
    /// Typing the reason of a dispute.
    QualityDispute,
    /// The Events page's list of events.
    EventsList,
    /// One event with its invitees.
    EventDetail,
    /// The Settings page's list of fields, services and agents (Desk page 设置).
    SettingsList,
    /// The first-run setup of a brand-new store.
    FirstRun,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub zh: &'static str,
    pub en: &'static str,
}

use Key::{Char, Code, Ctrl};

const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        zh,
        en,
    }
}

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b(Scope::Global, &[Char('?'), Code(KeyCode::F(1))], Action::Help, "帮助：本屏全部按键", "Help: every key of this screen"),
    b(Scope::Global, &[Char('q'), Ctrl('q'), Ctrl('c')], Action::Quit, "退出", "Quit"),
    b(Scope::Global, &[Code(KeyCode::Tab)], Action::NextTab, "下一个标签页", "Next tab"),
    b(Scope::Global, &[Code(KeyCode::BackTab)], Action::PrevTab, "上一个标签页", "Previous tab"),
    b(Scope::Global, &[Char('1')], Action::GoTab(Tab::Calls), "来电", "Calls"),
    b(Scope::Global, &[Char('2')], Action::GoTab(Tab::Appointments), "预约", "Appointments"),
    b(Scope::Global, &[Char('3')], Action::GoTab(Tab::Callbacks), "回访", "Callbacks"),
    b(Scope::Global, &[Char('4')], Action::GoTab(Tab::Complaints), "投诉", "Complaints"),
    b(Scope::Global, &[Char('5')], Action::GoTab(Tab::Customers), "客户档案", "Customers"),
    b(Scope::Global, &[Char('6')], Action::GoTab(Tab::Reports), "报表", "Reports"),
    b(Scope::Global, &[Char('7')], Action::GoTab(Tab::Desk), "更多：整改、活动、交接、知识库、质检", "More: improvements, events, hand-over, knowledge, quality"),
    b(Scope::Desk, &[Code(KeyCode::Right)], Action::NextPage, "下一页（整改、活动……）", "Next page (improvements, events…)"),
    b(Scope::Desk, &[Code(KeyCode::Left)], Action::PrevPage, "上一页", "Previous page"),
    b(Scope::HandoverList, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一条", "Previous hand-over"),
    b(Scope::HandoverList, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一条", "Next hand-over"),
    b(Scope::HandoverList, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::HandoverList, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::HandoverList, &[Code(KeyCode::Home), Char('g')], Action::Home, "第一条", "First hand-over"),
    b(Scope::HandoverList, &[Code(KeyCode::End), Char('G')], Action::End, "最后一条", "Last hand-over"),
    b(Scope::HandoverList, &[Code(KeyCode::Enter)], Action::Open, "打开客户档案", "Open the customer's archive"),
    b(Scope::HandoverList, &[Char('m')], Action::MarkReceived, "登记资料交到（日期、交资料人）", "Record documents received (day, who handed them over)"),
    b(Scope::HandoverList, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX，号码已遮盖）", "Export this list (CSV and XLSX, numbers masked)"),
    b(Scope::HandoverForm, &[Ctrl('s'), Code(KeyCode::F(2))], Action::Save, "保存", "Save"),
    b(Scope::HandoverForm, &[Code(KeyCode::Tab), Code(KeyCode::Enter)], Action::NextField, "下一栏", "Next field"),
    b(Scope::HandoverForm, &[Code(KeyCode::BackTab)], Action::PrevField, "上一栏", "Previous field"),
    b(Scope::HandoverForm, &[Code(KeyCode::Up)], Action::Up, "上一项资料／上一位员工", "Previous document / previous staff member"),
    b(Scope::HandoverForm, &[Code(KeyCode::Down)], Action::Down, "下一项资料／下一位员工", "Next document / next staff member"),
    b(Scope::HandoverForm, &[Char(' ')], Action::ToggleDocument, "勾选或取消该资料", "Tick or untick the document"),
    b(Scope::HandoverForm, &[Code(KeyCode::Esc)], Action::Back, "取消（有改动时先确认）", "Cancel (asks when changed)"),
    b(Scope::Rentals, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一行", "Previous row"),
    b(Scope::Rentals, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一行", "Next row"),
    b(Scope::Rentals, &[Code(KeyCode::Enter)], Action::Open, "查看合同及途中故障", "Open the rental and its breakdowns"),
    b(Scope::Rentals, &[Char('n')], Action::NewRental, "新建租赁合同", "New rental"),
    b(Scope::Rentals, &[Char('r')], Action::RecordReturn, "登记还车（安排还车回访）", "Record the return (plans the survey)"),
    b(Scope::Rentals, &[Char('b')], Action::LogBreakdown, "登记途中故障", "Log a breakdown"),
    b(Scope::Rentals, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX，号码已遮盖）", "Export this list (CSV and XLSX, numbers masked)"),
    b(Scope::RentalDetail, &[Code(KeyCode::Esc), Code(KeyCode::Backspace)], Action::Back, "返回列表", "Back to the list"),
    b(Scope::RentalDetail, &[Char('r')], Action::RecordReturn, "登记还车（安排还车回访）", "Record the return (plans the survey)"),
    b(Scope::RentalDetail, &[Char('b')], Action::LogBreakdown, "登记途中故障", "Log a breakdown"),
    // -- Desk: Events page (ui::desk::events) --
    b(Scope::EventsList, &[Code(KeyCode::Enter)], Action::Open, "打开活动及受邀客户", "Open the event and its invitees"),
    b(Scope::EventsList, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一行", "Previous row"),
    b(Scope::EventsList, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一行", "Next row"),
    b(Scope::EventsList, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::EventsList, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::EventsList, &[Char('n')], Action::EventNew, "新建活动", "New event"),
    b(Scope::EventsList, &[Char('e')], Action::EventEdit, "修改活动", "Edit the event"),
    b(Scope::EventsList, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX）", "Export this list (CSV and XLSX)"),
    b(Scope::EventDetail, &[Code(KeyCode::Esc)], Action::Back, "返回活动列表", "Back to the events"),
    b(Scope::EventDetail, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一位", "Previous invitee"),
    b(Scope::EventDetail, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一位", "Next invitee"),
    b(Scope::EventDetail, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::EventDetail, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::EventDetail, &[Char('i')], Action::EventInvite, "按目标规则邀约（先显示人数再确认）", "Invite the target list (shows how many first)"),
    b(Scope::EventDetail, &[Char('a')], Action::EventAnswer, "登记答复（参加/不参加/待定、人数）", "Record the answer (yes/no/maybe, party)"),
    b(Scope::EventDetail, &[Char(' '), Char('c')], Action::EventCheckIn, "签到 / 取消签到，并移到下一位", "Check in / undo, then the next invitee"),
    b(Scope::EventDetail, &[Char('e')], Action::EventEdit, "修改活动", "Edit the event"),
    b(Scope::EventDetail, &[Code(KeyCode::Enter)], Action::Open, "打开该客户的档案", "Open the customer's archive"),
    b(Scope::EventDetail, &[Ctrl('e')], Action::ExportList, "导出受邀名单（号码已遮盖）", "Export the invitees (numbers masked)"),
    b(Scope::Global, &[Char('/'), Ctrl('f')], Action::GlobalSearch, "查找客户/车辆（任意页）", "Find a customer or vehicle (any tab)"),
    b(Scope::Global, &[Code(KeyCode::F(9))], Action::Audit, "审计记录（主管）", "Audit log (supervisors)"),
    b(Scope::AuditLog, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一条", "Previous entry"),
    b(Scope::AuditLog, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一条", "Next entry"),
    b(Scope::AuditLog, &[Char('f')], Action::Filter, "筛选（工号、对象、操作、日期）", "Filter (agent, record type, action, day)"),
    b(Scope::AuditLog, &[Code(KeyCode::Esc)], Action::Back, "关闭", "Close"),
    b(Scope::List, &[Char('s')], Action::FocusSearch, "输入查找条件", "Type in the search field"),
    b(Scope::List, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一行", "Previous row"),
    b(Scope::List, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一行", "Next row"),
    b(Scope::List, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::List, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::List, &[Code(KeyCode::Home), Char('g')], Action::Home, "第一行", "First row"),
    b(Scope::List, &[Code(KeyCode::End), Char('G')], Action::End, "最后一行", "Last row"),
    b(Scope::List, &[Code(KeyCode::Enter)], Action::Open, "打开客户档案", "Open the customer's archive"),
    b(Scope::List, &[Char('a')], Action::AddCustomer, "新建客户", "New customer"),
    b(Scope::Detail, &[Code(KeyCode::Esc), Code(KeyCode::Backspace)], Action::Back, "返回列表", "Back to the list"),
    b(Scope::Detail, &[Code(KeyCode::Right), Char(']')], Action::NextVehicle, "下一辆车", "Next vehicle"),
    b(Scope::Detail, &[Code(KeyCode::Left), Char('[')], Action::PrevVehicle, "上一辆车", "Previous vehicle"),
    b(Scope::Detail, &[Code(KeyCode::Down), Char('j')], Action::Down, "维修记录下翻", "Scroll repairs down"),
    b(Scope::Detail, &[Code(KeyCode::Up), Char('k')], Action::Up, "维修记录上翻", "Scroll repairs up"),
    b(Scope::Detail, &[Char('e')], Action::EditCustomer, "修改客户资料", "Edit the customer"),
    b(Scope::Detail, &[Char('v')], Action::AddVehicle, "添加车辆", "Add a vehicle"),
    b(Scope::Detail, &[Char('V')], Action::EditVehicle, "修改当前车辆", "Edit this vehicle"),
    b(Scope::Detail, &[Char('c')], Action::NewCall, "为该客户登记来电", "Log a call for this customer"),
    b(Scope::Detail, &[Char('r')], Action::Reveal, "显示完整号码（记入审计）", "Show full numbers (audited)"),
    b(Scope::Form, &[Ctrl('s'), Code(KeyCode::F(2))], Action::Save, "保存", "Save"),
    b(Scope::Form, &[Code(KeyCode::Tab), Code(KeyCode::Down), Code(KeyCode::Enter)], Action::NextField, "下一栏", "Next field"),
    b(Scope::Form, &[Code(KeyCode::BackTab), Code(KeyCode::Up)], Action::PrevField, "上一栏", "Previous field"),
    b(Scope::TextArea, &[Code(KeyCode::Tab)], Action::NextField, "下一栏（Enter 换行）", "Next field (Enter: new line)"),
    b(Scope::Form, &[Code(KeyCode::Esc)], Action::Back, "取消（有改动时先确认）", "Cancel (asks when changed)"),
    b(Scope::CallsList, &[Char('n')], Action::NewCall, "新登记（再按模板字母直达表单）", "New call (then the template's letter)"),
    b(Scope::CallsList, &[Code(KeyCode::Enter)], Action::Open, "打开所选记录", "Open the selected record"),
    b(Scope::CallsList, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一行", "Previous row"),
    b(Scope::CallsList, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一行", "Next row"),
    b(Scope::CallsList, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::CallsList, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::CallsList, &[Char('[')], Action::PrevDay, "前一天", "Previous day"),
    b(Scope::CallsList, &[Char(']')], Action::NextDay, "后一天", "Next day"),
    b(Scope::CallsList, &[Char('t')], Action::Today, "回到今天", "Today"),
    b(Scope::CallsList, &[Char('f')], Action::Filter, "筛选（日期、类别、模板、工号、客户、状态）", "Filter (dates, group, template, agent, customer, status)"),
    b(Scope::CallsList, &[Char('c')], Action::RescueContacted, "救援：已联系客户", "Rescue: customer contacted"),
    b(Scope::CallsList, &[Char('d')], Action::RescueDispatch, "救援：派出（技师/电话/拖车）", "Rescue: dispatch (technician/phone/tow)"),
    b(Scope::CallsList, &[Char('x')], Action::CloseItem, "完成：救援结果 / 已回复", "Close: rescue result / follow-up answered"),
    b(Scope::CallsList, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX，号码已遮盖）", "Export this list (CSV and XLSX, numbers masked)"),
    b(Scope::CallDetail, &[Code(KeyCode::Esc), Code(KeyCode::Backspace)], Action::Back, "返回列表", "Back to the list"),
    b(Scope::CallDetail, &[Char('e')], Action::Correct, "更正记录（保留原版本）", "Correct the record (earlier version kept)"),
    b(Scope::CallDetail, &[Char('y')], Action::Copy, "复制标准记录到剪贴板", "Copy the sentence to the clipboard"),
    b(Scope::CallDetail, &[Char('c')], Action::RescueContacted, "救援：已联系客户", "Rescue: customer contacted"),
    b(Scope::CallDetail, &[Char('d')], Action::RescueDispatch, "救援：派出", "Rescue: dispatch"),
    b(Scope::CallDetail, &[Char('t')], Action::KbTransfer, "知识库无法解答：转技术支持", "Not answered by the knowledge base: transfer to technical support"),
    b(Scope::CallDetail, &[Char('x')], Action::CloseItem, "完成：救援结果 / 已回复", "Close: rescue result / follow-up answered"),
    b(Scope::Picker, &[Code(KeyCode::Enter)], Action::Open, "使用所选模板", "Use the selected template"),
    b(Scope::Picker, &[Code(KeyCode::Up)], Action::Up, "上一个", "Previous"),
    b(Scope::Picker, &[Code(KeyCode::Down)], Action::Down, "下一个", "Next"),
    b(Scope::Picker, &[Code(KeyCode::Esc)], Action::Back, "取消", "Cancel"),
    b(Scope::CallForm, &[Ctrl('s'), Code(KeyCode::F(2))], Action::Save, "保存", "Save"),
    b(Scope::CallForm, &[Code(KeyCode::Tab), Code(KeyCode::Down)], Action::NextField, "下一栏", "Next field"),
    b(Scope::CallForm, &[Code(KeyCode::BackTab), Code(KeyCode::Up)], Action::PrevField, "上一栏", "Previous field"),
    b(Scope::CallForm, &[Code(KeyCode::Enter)], Action::Open, "选中客户 / 下一栏", "Pick the customer / next field"),
    b(Scope::CallForm, &[Code(KeyCode::F(3))], Action::KbNext, "知识库：下一条建议", "Knowledge base: next suggestion"),
    b(Scope::CallForm, &[Ctrl('k')], Action::KbTake, "知识库：把所选建议填入答复栏", "Knowledge base: fill the answer from the chosen suggestion"),
    b(Scope::CallForm, &[Ctrl('n')], Action::QuickCreate, "按输入的姓名和手机新建客户", "New customer from the typed name and phone"),
    b(Scope::CallForm, &[Code(KeyCode::Esc)], Action::Back, "取消（有改动时先确认）", "Cancel (asks when changed)"),
    b(Scope::ComplaintsList, &[Char('n')], Action::NewCall, "登记投诉", "Register a complaint"),
    b(Scope::ComplaintsList, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX，号码已遮盖）", "Export this list (CSV and XLSX, numbers masked)"),
    b(Scope::ComplaintsList, &[Code(KeyCode::Enter)], Action::Open, "打开所选投诉", "Open the selected complaint"),
    b(Scope::ComplaintsList, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一行", "Previous row"),
    b(Scope::ComplaintsList, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一行", "Next row"),
    b(Scope::ComplaintsList, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::ComplaintsList, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::ComplaintsList, &[Char('f')], Action::Filter, "切换：处理中/已升级/已结案/全部", "Switch: open / escalated / closed / all"),
    b(Scope::ComplaintDetail, &[Code(KeyCode::Esc), Code(KeyCode::Backspace)], Action::Back, "返回列表", "Back to the list"),
    b(Scope::ComplaintDetail, &[Code(KeyCode::Down)], Action::Down, "时间线下翻", "Scroll the timeline down"),
    b(Scope::ComplaintDetail, &[Code(KeyCode::Up)], Action::Up, "时间线上翻", "Scroll the timeline up"),
    b(Scope::ComplaintDetail, &[Char('c')], Action::Complaint(Step::Contact), "已联系客户（首次联系）", "Customer contacted (first contact)"),
    b(Scope::ComplaintDetail, &[Char('h')], Action::Complaint(Step::Assign), "指定处理人", "Assign the handler"),
    b(Scope::ComplaintDetail, &[Char('i')], Action::Complaint(Step::Investigate), "开始调查", "Start investigating"),
    b(Scope::ComplaintDetail, &[Char('p')], Action::Complaint(Step::Pause), "暂停/恢复计时（写明原因）", "Pause / resume the clock (with a reason)"),
    b(Scope::ComplaintDetail, &[Char('r')], Action::Complaint(Step::Resolve), "已解决，等待客户确认", "Resolved, awaiting the customer's confirmation"),
    b(Scope::ComplaintDetail, &[Char('k')], Action::Complaint(Step::Confirm), "客户确认（确认人、方式、满意度）", "Customer's confirmation (who, how, score)"),
    b(Scope::ComplaintDetail, &[Char('x')], Action::Complaint(Step::Close), "结案（需客户确认）", "Close (needs the customer's confirmation)"),
    b(Scope::ComplaintDetail, &[Char('o')], Action::Complaint(Step::Reopen), "重新打开", "Reopen"),
    b(Scope::ComplaintDetail, &[Char('u')], Action::Complaint(Step::Escalate), "手动升级（写明原因）", "Escalate by hand (with a reason)"),
    b(Scope::ComplaintDetail, &[Char('t')], Action::Complaint(Step::Note), "添加备注", "Add a note"),
    b(Scope::ComplaintDetail, &[Char('v')], Action::Complaint(Step::Rule), "裁定是否有效投诉（主管）", "Rule valid or not (supervisor)"),
    b(Scope::ComplaintDetail, &[Char('f')], Action::Complaint(Step::FourFields), "四不放过（质量投诉）", "The four 'do not let go' (quality)"),
    b(Scope::ComplaintDetail, &[Char('m')], Action::Complaint(Step::Remedy), "退款/更换/补偿", "Refund / replacement / compensation"),
    b(Scope::ComplaintDetail, &[Char('s')], Action::Complaint(Step::Severity), "设定严重程度（写明理由）", "Set the severity (with a reason)"),
    b(Scope::ComplaintDetail, &[Char('z')], Action::RaiseImprovement, "提出整改意见（关联本投诉）", "Raise an improvement action (linked to this complaint)"),
    // -- Appointments tab (ui::screens::appointments) --
    b(Scope::Appointments, &[Char('n')], Action::NewCall, "新预约", "New booking"),
    b(Scope::Appointments, &[Code(KeyCode::Enter)], Action::Open, "打开所选预约 / 周视图：看当天", "Open the selected booking / week: open the day"),
    b(Scope::Appointments, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一个预约（周视图：前一天）", "Previous booking (week: previous day)"),
    b(Scope::Appointments, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一个预约（周视图：后一天）", "Next booking (week: next day)"),
    b(Scope::Appointments, &[Code(KeyCode::PageUp)], Action::PageUp, "时间轴上翻", "Scroll the timeline up"),
    b(Scope::Appointments, &[Code(KeyCode::PageDown)], Action::PageDown, "时间轴下翻", "Scroll the timeline down"),
    b(Scope::Appointments, &[Char('[')], Action::PrevDay, "前一天（周视图：前一周）", "Previous day (week: previous week)"),
    b(Scope::Appointments, &[Char(']')], Action::NextDay, "后一天（周视图：后一周）", "Next day (week: next week)"),
    b(Scope::Appointments, &[Char('t')], Action::Today, "回到今天", "Today"),
    b(Scope::Appointments, &[Char('f')], Action::Filter, "切换视图：日/周/到店/明日确认", "Switch view: day / week / arrivals / confirm tomorrow"),
    b(Scope::Appointments, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX，号码已遮盖）", "Export this list (CSV and XLSX, numbers masked)"),
    b(Scope::Appointments, &[Char('b')], Action::Step('b'), "时间轴列：顾问/工位", "Timeline columns: advisors / bays"),
    b(Scope::Appointments, &[Char('a')], Action::Step('a'), "所选预约：客户到店", "Selected booking: customer arrived"),
    b(Scope::Appointments, &[Char('s')], Action::Step('s'), "所选预约：开始维修", "Selected booking: start the service"),
    b(Scope::Appointments, &[Char('r')], Action::Step('r'), "明日确认：记录提醒电话结果", "Confirm tomorrow: record the call's outcome"),
    b(Scope::AppointmentDetail, &[Code(KeyCode::Esc), Code(KeyCode::Backspace)], Action::Back, "返回", "Back"),
    b(Scope::AppointmentDetail, &[Code(KeyCode::Up), Char('k')], Action::Up, "上翻", "Scroll up"),
    b(Scope::AppointmentDetail, &[Code(KeyCode::Down), Char('j')], Action::Down, "下翻", "Scroll down"),
    b(Scope::AppointmentDetail, &[Char('c')], Action::Step('c'), "确认预约（生成并复制确认短信）", "Confirm (makes and copies the confirmation)"),
    b(Scope::AppointmentDetail, &[Char('a')], Action::Step('a'), "客户到店（登记到店）", "Customer arrived (check in)"),
    b(Scope::AppointmentDetail, &[Char('s')], Action::Step('s'), "开始维修", "Start the service"),
    b(Scope::AppointmentDetail, &[Char('d')], Action::Step('d'), "完工（工单项目、金额、里程）", "Complete (RO items, amount, mileage)"),
    b(Scope::AppointmentDetail, &[Char('x')], Action::Step('x'), "取消预约（原因、备注、取消方）", "Cancel (reason, note, who)"),
    b(Scope::AppointmentDetail, &[Char('u')], Action::Step('u'), "撤销爽约", "Undo the no-show"),
    b(Scope::AppointmentDetail, &[Char('m')], Action::Step('m'), "改期（保留原预约记录；主管可填超约理由）", "Reschedule (history kept; supervisors may overbook)"),
    b(Scope::AppointmentDetail, &[Char('y')], Action::Step('y'), "复制确认短信", "Copy the confirmation text"),
    b(Scope::SlotOffer, &[Char('1')], Action::TakeSlot(1), "选用时段 1", "Take slot 1"),
    b(Scope::SlotOffer, &[Char('2')], Action::TakeSlot(2), "选用时段 2", "Take slot 2"),
    b(Scope::SlotOffer, &[Char('3')], Action::TakeSlot(3), "选用时段 3", "Take slot 3"),
    b(Scope::SlotOffer, &[Code(KeyCode::Esc), Code(KeyCode::Tab)], Action::Back, "不选，回表单修改", "None: back to the form"),
    b(Scope::BookPicker, &[Code(KeyCode::Up)], Action::Up, "上一个", "Previous"),
    b(Scope::BookPicker, &[Code(KeyCode::Down)], Action::Down, "下一个", "Next"),
    b(Scope::BookPicker, &[Code(KeyCode::Enter)], Action::Open, "选中该客户/车辆", "Pick this customer / car"),
    b(Scope::BookingChanged, &[Ctrl('r'), Code(KeyCode::F(5))], Action::ReloadRecord, "载入他人改后的预约（保留您填的）", "Load the changed booking (yours kept)"),
    // -- Callbacks tab (ui::screens::callbacks) --
    b(Scope::CallbackQueue, &[Code(KeyCode::Enter)], Action::Open, "领取并处理所选任务", "Claim and work the selected task"),
    b(Scope::CallbackQueue, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一行", "Previous row"),
    b(Scope::CallbackQueue, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一行", "Next row"),
    b(Scope::CallbackQueue, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::CallbackQueue, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::CallbackQueue, &[Char('x')], Action::Queue(QueueOp::Release), "退回公共池", "Back to the pool"),
    b(Scope::CallbackQueue, &[Char('f')], Action::Filter, "按回访类型筛选", "Filter by kind"),
    b(Scope::CallbackQueue, &[Char('p')], Action::Queue(QueueOp::Whose), "全部 / 公共池 / 我的", "All / pool / mine"),
    b(Scope::CallbackQueue, &[Char('r')], Action::Queue(QueueOp::Reassign), "指派给某位专员（主管）", "Reassign to an agent (supervisor)"),
    b(Scope::CallbackQueue, &[Char('o')], Action::Queue(QueueOp::Sort), "按到期日 / 按优先级排序", "Sort by due date / by priority"),
    b(Scope::CallbackQueue, &[Char('s')], Action::Queue(QueueOp::Status), "看：待办/已完成/失败/过期/不回访（附原因）", "Show: pending / done / failed / expired / skipped (with reason)"),
    b(Scope::CallbackQueue, &[Char('g')], Action::Queue(QueueOp::SendTexts), "导出今日待发短信（节日、生日问候）并标记已发", "Export today's text messages (greetings) and mark them sent"),
    b(Scope::CallbackQueue, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX，号码已遮盖）", "Export this list (CSV and XLSX, numbers masked)"),
    b(Scope::CallbackWork, &[Code(KeyCode::Esc)], Action::Back, "返回队列（任务仍在名下）", "Back to the queue (the task stays yours)"),
    b(Scope::CallbackWork, &[Ctrl('r')], Action::RaiseImprovement, "提出整改意见（关联本回访）", "Raise an improvement action (linked to this callback)"),
    // -- Desk tab: improvement actions (ui::desk::improvements) --
    b(Scope::Improvements, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一行", "Previous row"),
    b(Scope::Improvements, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一行", "Next row"),
    b(Scope::Improvements, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::Improvements, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::Improvements, &[Code(KeyCode::Home), Char('g')], Action::Home, "第一行", "First row"),
    b(Scope::Improvements, &[Code(KeyCode::End), Char('G')], Action::End, "最后一行", "Last row"),
    b(Scope::Improvements, &[Code(KeyCode::Enter)], Action::Open, "打开所选整改 / 采纳整改令建议", "Open the action / accept the proposed order"),
    b(Scope::Improvements, &[Char('n')], Action::RaiseImprovement, "提出整改", "Raise an action"),
    b(Scope::Improvements, &[Char('p')], Action::AdvanceImprovement, "推进：待处理→整改中→已完成", "Advance: open → in progress → done"),
    b(Scope::Improvements, &[Char('v')], Action::VerifyImprovement, "验证（主管，须写验证情况）", "Verify (supervisor, with a note)"),
    b(Scope::Improvements, &[Char('x')], Action::DismissProposal, "不采纳整改令建议（写明理由）", "Dismiss the proposed order (with a reason)"),
    b(Scope::Improvements, &[Char('f')], Action::Filter, "按状态筛选", "Filter by status"),
    b(Scope::Improvements, &[Char('d')], Action::FilterDepartment, "按部门筛选", "Filter by department"),
    b(Scope::Improvements, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX）", "Export this list (CSV and XLSX)"),
    b(Scope::ImprovementDetail, &[Code(KeyCode::Esc), Code(KeyCode::Backspace)], Action::Back, "返回列表", "Back to the list"),
    b(Scope::ImprovementDetail, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一条关联记录", "Previous linked record"),
    b(Scope::ImprovementDetail, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一条关联记录", "Next linked record"),
    b(Scope::ImprovementDetail, &[Code(KeyCode::Enter)], Action::Open, "打开关联记录的客户档案", "Open the linked record's customer"),
    b(Scope::ImprovementDetail, &[Char('p')], Action::AdvanceImprovement, "推进：待处理→整改中→已完成", "Advance: open → in progress → done"),
    b(Scope::ImprovementDetail, &[Char('v')], Action::VerifyImprovement, "验证（主管，须写验证情况）", "Verify (supervisor, with a note)"),
    // -- Desk tab: call-quality review (ui::desk::quality) --
    b(Scope::QualityList, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一条", "Previous review"),
    b(Scope::QualityList, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一条", "Next review"),
    b(Scope::QualityList, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::QualityList, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::QualityList, &[Code(KeyCode::Home), Char('g')], Action::Home, "第一条", "First review"),
    b(Scope::QualityList, &[Code(KeyCode::End), Char('G')], Action::End, "最后一条", "Last review"),
    b(Scope::QualityList, &[Code(KeyCode::Enter)], Action::Open, "打开评审（主管：评分）", "Open the review (supervisors: score it)"),
    b(Scope::QualityList, &[Char('f')], Action::Filter, "主管：待评与申诉 / 已评分", "Supervisors: to score and disputed / scored"),
    b(Scope::QualityReview, &[Code(KeyCode::Esc), Code(KeyCode::Backspace)], Action::Back, "返回列表", "Back to the list"),
    b(Scope::QualityReview, &[Code(KeyCode::Up), Char('k')], Action::Up, "上翻", "Scroll up"),
    b(Scope::QualityReview, &[Code(KeyCode::Down), Char('j')], Action::Down, "下翻", "Scroll down"),
    b(Scope::QualityReview, &[Char('d')], Action::QualityDispute, "对评分提出申诉（每条一次，须写理由）", "Dispute the score (once, with a reason)"),
    b(Scope::QualitySheet, &[Ctrl('s'), Code(KeyCode::F(2))], Action::Save, "保存评分", "Save the score"),
    b(Scope::QualitySheet, &[Code(KeyCode::Down), Code(KeyCode::Tab)], Action::Down, "下一项", "Next row"),
    b(Scope::QualitySheet, &[Code(KeyCode::Up), Code(KeyCode::BackTab)], Action::Up, "上一项", "Previous row"),
    b(Scope::QualitySheet, &[Ctrl('t')], Action::QualityFatal, "勾选或取消致命错误（得分为 0）", "Tick or untick the fatal error (scores 0)"),
    b(Scope::QualitySheet, &[Code(KeyCode::PageDown)], Action::PageDown, "通话记录下翻", "Scroll the record down"),
    b(Scope::QualitySheet, &[Code(KeyCode::PageUp)], Action::PageUp, "通话记录上翻", "Scroll the record up"),
    b(Scope::QualitySheet, &[Code(KeyCode::Esc)], Action::Back, "返回（有改动时先确认）", "Back (asks when changed)"),
    b(Scope::QualityDispute, &[Ctrl('s'), Code(KeyCode::F(2)), Code(KeyCode::Enter)], Action::Save, "提交申诉", "Send the dispute"),
    b(Scope::QualityDispute, &[Code(KeyCode::Esc)], Action::Back, "取消申诉", "Cancel the dispute"),
    // -- Reports tab (ui::reports) --
    b(Scope::Reports, &[Code(KeyCode::Right)], Action::Step('l'), "下一张报表", "Next report"),
    b(Scope::Reports, &[Code(KeyCode::Left)], Action::Step('h'), "上一张报表", "Previous report"),
    b(Scope::Reports, &[Char('d')], Action::Step('d'), "按日", "By day"),
    b(Scope::Reports, &[Char('w')], Action::Step('w'), "按周（周一至周日）", "By week (Monday to Sunday)"),
    b(Scope::Reports, &[Char('m')], Action::Step('m'), "按月", "By month"),
    b(Scope::Reports, &[Char('y')], Action::Step('y'), "按年", "By year"),
    b(Scope::Reports, &[Char('c')], Action::Step('c'), "自定统计期间（起止日期或月份）", "Any period (from and to dates or months)"),
    b(Scope::Reports, &[Char('[')], Action::PrevDay, "前一期", "Previous period"),
    b(Scope::Reports, &[Char(']')], Action::NextDay, "后一期", "Next period"),
    b(Scope::Reports, &[Char('t')], Action::Today, "回到本期", "The current period"),
    b(Scope::Reports, &[Char('r')], Action::Step('r'), "重新统计（数据有更新时）", "Recompute (after others saved)"),
    b(Scope::Reports, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一行", "Previous row"),
    b(Scope::Reports, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一行", "Next row"),
    b(Scope::Reports, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::Reports, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::Reports, &[Code(KeyCode::Home)], Action::Home, "第一行", "First row"),
    b(Scope::Reports, &[Code(KeyCode::End)], Action::End, "最后一行", "Last row"),
    b(Scope::Reports, &[Char('<'), Char(',')], Action::Step('<'), "选左边一列（Enter 看该数字背后的记录）", "Column to the left (Enter: the records behind that figure)"),
    b(Scope::Reports, &[Char('>'), Char('.')], Action::Step('>'), "选右边一列", "Column to the right"),
    b(Scope::Reports, &[Code(KeyCode::Enter)], Action::Open, "查看该行背后的记录 / 打开客户档案", "The records behind the row / open the customer"),
    b(Scope::Reports, &[Code(KeyCode::Esc)], Action::Back, "返回上一层", "Back up one level"),
    b(Scope::Reports, &[Char('e')], Action::Step('e'), "导出当前表为 CSV（Excel 可直接打开）", "Export the table as CSV (opens in Excel)"),
    b(Scope::Reports, &[Char('x')], Action::Step('x'), "导出当前表为 XLSX", "Export the table as XLSX"),
    // -- Desk tab: the knowledge page (ui::desk::knowledge) --
    b(Scope::KbList, &[Char('s')], Action::FocusSearch, "查找（文字或拼音，边输边找）", "Search (words or pinyin, as you type)"),
    b(Scope::KbList, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一条", "Previous article"),
    b(Scope::KbList, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一条", "Next article"),
    b(Scope::KbList, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::KbList, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::KbList, &[Code(KeyCode::Enter)], Action::Open, "查看全文", "Read the whole article"),
    b(Scope::KbList, &[Char('f')], Action::Filter, "按类别筛选（全部/服务站/保修政策……）", "Filter by kind (all / station / warranty…)"),
    b(Scope::KbList, &[Char('n')], Action::KbNewArticle, "新建条目（主管）", "New article (supervisors)"),
    b(Scope::KbList, &[Char('e')], Action::KbEditArticle, "修改所选条目（主管，保留旧版本）", "Edit the article (supervisors; old version kept)"),
    b(Scope::KbList, &[Ctrl('e')], Action::ExportList, "导出本列表（CSV 与 XLSX）", "Export this list (CSV and XLSX)"),
    b(Scope::KbList, &[Char('x')], Action::KbRetireArticle, "停用所选条目（主管）", "Retire the article (supervisors)"),
    b(Scope::KbSearch, &[Code(KeyCode::Enter), Code(KeyCode::Down)], Action::Open, "到结果列表", "Go to the results"),
    b(Scope::KbSearch, &[Code(KeyCode::Esc)], Action::Back, "离开查找栏", "Leave the search field"),
    b(Scope::KbArticle, &[Code(KeyCode::Esc), Code(KeyCode::Backspace)], Action::Back, "返回列表", "Back to the list"),
    b(Scope::KbArticle, &[Code(KeyCode::Up), Char('k')], Action::Up, "上翻", "Scroll up"),
    b(Scope::KbArticle, &[Code(KeyCode::Down), Char('j')], Action::Down, "下翻", "Scroll down"),
    b(Scope::KbArticle, &[Char('e')], Action::KbEditArticle, "修改（主管，保留旧版本）", "Edit (supervisors; old version kept)"),
    b(Scope::KbArticle, &[Char('x')], Action::KbRetireArticle, "停用（主管）", "Retire (supervisors)"),
    // -- Desk tab: the settings page (ui::desk::settings) and the first-run setup --
    b(Scope::SettingsList, &[Code(KeyCode::Up), Char('k')], Action::Up, "上一项", "Previous item"),
    b(Scope::SettingsList, &[Code(KeyCode::Down), Char('j')], Action::Down, "下一项", "Next item"),
    b(Scope::SettingsList, &[Code(KeyCode::PageUp)], Action::PageUp, "上一页", "Page up"),
    b(Scope::SettingsList, &[Code(KeyCode::PageDown)], Action::PageDown, "下一页", "Page down"),
    b(Scope::SettingsList, &[Code(KeyCode::Home), Char('g')], Action::Home, "第一项", "First item"),
    b(Scope::SettingsList, &[Code(KeyCode::End), Char('G')], Action::End, "最后一项", "Last item"),
    b(Scope::SettingsList, &[Code(KeyCode::Enter), Char('e')], Action::Open, "修改所选项所在的一栏或记录（主管）", "Edit the item's section or record (supervisors)"),
    b(Scope::SettingsList, &[Char('n')], Action::SettingsNew, "新增服务项目或坐席（主管）", "Add a service type or an agent (supervisors)"),
    b(Scope::FirstRun, &[Ctrl('s'), Code(KeyCode::F(2))], Action::Save, "保存并开始使用", "Save and start"),
    b(Scope::FirstRun, &[Code(KeyCode::Tab), Code(KeyCode::Down), Code(KeyCode::Enter)], Action::NextField, "下一栏（最后一栏：保存）", "Next field (on the last: save)"),
    b(Scope::FirstRun, &[Code(KeyCode::BackTab), Code(KeyCode::Up)], Action::PrevField, "上一栏", "Previous field"),
    b(Scope::FirstRun, &[Code(KeyCode::Esc)], Action::Back, "退出设置（不保存，下次启动再问）", "Leave the setup (nothing saved; asked again next start)"),
    b(Scope::FirstRun, &[Ctrl('q'), Ctrl('c')], Action::Quit, "退出", "Quit"),
    b(Scope::SearchField, &[Code(KeyCode::Enter), Code(KeyCode::Down)], Action::Open, "到结果列表", "Go to the results"),
    b(Scope::SearchField, &[Code(KeyCode::Esc)], Action::Back, "离开查找栏", "Leave the search field"),
    b(Scope::SearchPopup, &[Code(KeyCode::Enter)], Action::Open, "打开所选客户", "Open the selected customer"),
    b(Scope::SearchPopup, &[Code(KeyCode::Up)], Action::Up, "上一个", "Previous"),
    b(Scope::SearchPopup, &[Code(KeyCode::Down)], Action::Down, "下一个", "Next"),
    b(Scope::SearchPopup, &[Code(KeyCode::Esc)], Action::Back, "关闭查找", "Close the search"),
    b(Scope::Login, &[Code(KeyCode::Enter)], Action::Open, "登录", "Sign in"),
    b(Scope::Confirm, &[Char('y'), Char('Y')], Action::Yes, "是", "Yes"),
    b(Scope::Confirm, &[Char('n'), Char('N'), Code(KeyCode::Esc)], Action::No, "否", "No"),
];

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Key::Char(c) => !ctrl && ev.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Code(code) => ev.code == code,
        }
    }

    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Code(KeyCode::Enter) => "Enter".into(),
            Key::Code(KeyCode::Esc) => "Esc".into(),
            Key::Code(KeyCode::Tab) => "Tab".into(),
            Key::Code(KeyCode::BackTab) => "Shift-Tab".into(),
            Key::Code(KeyCode::Up) => "↑".into(),
            Key::Code(KeyCode::Down) => "↓".into(),
            Key::Code(KeyCode::Left) => "←".into(),
            Key::Code(KeyCode::Right) => "→".into(),
            Key::Code(KeyCode::PageUp) => "PgUp".into(),
            Key::Code(KeyCode::PageDown) => "PgDn".into(),
            Key::Code(KeyCode::Home) => "Home".into(),
            Key::Code(KeyCode::End) => "End".into(),
            Key::Code(KeyCode::Backspace) => "Backspace".into(),
            Key::Code(KeyCode::F(n)) => format!("F{n}"),
            Key::Code(other) => format!("{other:?}"),
        }
    }
}

impl Binding {
    pub fn desc(&self, lang: Lang) -> &'static str {
        lang.t(self.zh, self.en)
    }
}

/// A form's scopes, with [`Scope::TextArea`] first when its focused field is multi-line.
pub fn form_scopes(form: Option<&crate::ui::widgets::form::Form>, rest: &[Scope]) -> Vec<Scope> {
    let mut v = Vec::with_capacity(rest.len() + 1);
    if form.is_some_and(|f| f.in_multiline()) {
        v.push(Scope::TextArea);
    }
    v.extend_from_slice(rest);
    v
}

/// Whether `key` of a binding in `scope` reaches its action with these scopes in force
/// (the rules of [`lookup`], key by key, so help lists what the keys do).
fn usable(scope: Scope, key: Key, scopes: &[Scope], typing: bool) -> bool {
    let multiline = scopes.contains(&Scope::TextArea);
    if multiline
        && matches!(
            key,
            Key::Code(KeyCode::Enter) | Key::Code(KeyCode::Up) | Key::Code(KeyCode::Down)
        )
    {
        return false;
    }
    // While a text field has the cursor, a plain character is text.
    if typing && matches!(key, Key::Char(_)) {
        return false;
    }
    let in_form = scopes.contains(&Scope::Form) || scopes.contains(&Scope::CallForm);
    !(in_form
        && scope == Scope::Global
        && matches!(key, Key::Code(KeyCode::Tab | KeyCode::BackTab)))
}

/// The action a key asks for in the given scopes, tried in order. When `typing` (a text
/// field has focus), only Ctrl keys, function keys and the scopes' own keys count.
pub fn lookup(scopes: &[Scope], ev: &KeyEvent, typing: bool) -> Option<Action> {
    if scopes.contains(&Scope::TextArea)
        && !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        && matches!(ev.code, KeyCode::Enter | KeyCode::Up | KeyCode::Down)
    {
        return None;
    }
    for scope in scopes {
        for binding in BINDINGS.iter().filter(|b| b.scope == *scope) {
            for key in binding.keys {
                if key.matches(ev) && usable(*scope, *key, scopes, typing) {
                    return Some(binding.action);
                }
            }
        }
    }
    None
}

/// The bindings shown by help for these scopes, each with only the keys that reach it:
/// a key that types text, is taken by an earlier scope or is not used there is left out,
/// and a binding left with no key is not listed.
pub fn bindings_for(scopes: &[Scope], typing: bool) -> Vec<(&'static Binding, Vec<Key>)> {
    let mut taken: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for scope in scopes {
        let mut in_scope = Vec::new();
        for binding in BINDINGS.iter().filter(|b| b.scope == *scope) {
            let keys: Vec<Key> = binding
                .keys
                .iter()
                .copied()
                .filter(|k| !taken.contains(k) && usable(*scope, *k, scopes, typing))
                .collect();
            if !keys.is_empty() {
                in_scope.extend(keys.iter().copied());
                out.push((binding, keys));
            }
        }
        taken.extend(in_scope);
    }
    out
}

/// A hint line made from the key table: for each action, the first key that reaches it in
/// these scopes and the short label given; an action no key reaches is left out, so the
/// line never shows a key that does not work (and follows the table when it changes).
pub fn hint_line(
    scopes: &[Scope],
    typing: bool,
    items: &[(Action, &'static str, &'static str)],
    lang: Lang,
) -> String {
    let reachable = bindings_for(scopes, typing);
    items
        .iter()
        .filter_map(|(action, zh, en)| {
            reachable
                .iter()
                .find(|(b, _)| b.action == *action)
                .and_then(|(_, keys)| keys.first())
                .map(|k| format!("{} {}", k.label(), lang.t(zh, en)))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// The hint line of a small form, from the table like every hint: its save key named `save`,
/// the next field, and `back` on the key that leaves.
pub fn form_hint(
    save: (&'static str, &'static str),
    back: (&'static str, &'static str),
    lang: Lang,
) -> String {
    hint_line(
        &[Scope::Form, Scope::Global],
        true,
        &[
            (Action::Save, save.0, save.1),
            (Action::NextField, "下一栏", "next"),
            (Action::Back, back.0, back.1),
        ],
        lang,
    )
}

/// The keys of a help line, joined.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests;
