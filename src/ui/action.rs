//! Everything a key can ask for. Keys map to actions through the one table in `keymap`.

/// The app's tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Calls,
    Appointments,
    Callbacks,
    Complaints,
    Customers,
    Reports,
    /// 更多: improvement actions, events, hand-over, rentals, knowledge, quality review.
    Desk,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Calls,
        Tab::Appointments,
        Tab::Callbacks,
        Tab::Complaints,
        Tab::Customers,
        Tab::Reports,
        Tab::Desk,
    ];

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn title(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Tab::Calls => lang.t("来电", "Calls"),
            Tab::Appointments => lang.t("预约", "Appointments"),
            Tab::Callbacks => lang.t("回访", "Callbacks"),
            Tab::Complaints => lang.t("投诉", "Complaints"),
            Tab::Customers => lang.t("客户", "Customers"),
            Tab::Reports => lang.t("报表", "Reports"),
            Tab::Desk => lang.t("更多", "More"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the app (asks first when a form has unsaved input).
    Quit,
    /// Show every binding of the current screen.
    Help,
    /// Next tab.
    NextTab,
    /// Previous tab.
    PrevTab,
    /// Jump to a tab.
    GoTab(Tab),
    /// Find a customer or vehicle from any tab.
    GlobalSearch,
    /// Put the cursor in this screen's search field.
    FocusSearch,
    /// Close the overlay, leave the field or go back one level.
    Back,
    /// Open the selected row / confirm.
    Open,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Next vehicle of the open customer.
    NextVehicle,
    /// Previous vehicle of the open customer.
    PrevVehicle,
    /// New customer.
    AddCustomer,
    /// Edit the open customer.
    EditCustomer,
    /// Add a vehicle to the open customer.
    AddVehicle,
    /// Edit the selected vehicle.
    EditVehicle,
    /// Save the form.
    Save,
    /// Next form field.
    NextField,
    /// Previous form field.
    PrevField,
    /// Show the full mobile and ID number of the open record (logged).
    Reveal,
    /// Start logging a new call (then pick the template; its letter picks it at once).
    NewCall,
    /// Previous day.
    PrevDay,
    /// Next day.
    NextDay,
    /// Back to today.
    Today,
    /// Filter the list.
    Filter,
    /// Rescue case: the customer has been contacted.
    RescueContacted,
    /// Rescue case: record how help is sent.
    RescueDispatch,
    /// Close the selected item: a rescue's result, a follow-up's answer.
    CloseItem,
    /// Correct a saved record (the earlier version is kept).
    Correct,
    /// Copy the text to the clipboard (OSC 52, works over SSH).
    Copy,
    /// Create a customer from the name and phone typed in the customer field.
    QuickCreate,
    /// The audit log (supervisors).
    Audit,
    /// A step of a complaint's lifecycle (the complaint's page decides the form it needs).
    Complaint(crate::ui::complaints::Step),
    /// An operation on the callback queue.
    Queue(QueueOp),
    /// A step of a booking's life (the Appointments tab decides the form it needs).
    Booking(crate::ui::appointments::BookingStep),
    /// The timeline's columns: advisors or bays.
    TimelineColumns,
    /// A key of the Reports tab: pages, periods, columns, recompute, exports.
    Report(crate::ui::reports::Op),
    /// Export the list on screen (CSV and XLSX, owner-only, beside the database).
    ExportList,
    /// Answer yes to a question.
    Yes,
    /// Answer no to a question.
    No,
    /// The next page of a tab with pages (the Desk tab).
    NextPage,
    /// The previous page.
    PrevPage,
    /// Hand-over: record documents received for the selected file.
    MarkReceived,
    /// Hand-over form: tick or untick the document under the cursor.
    ToggleDocument,
    /// Events page: a new customer event.
    EventNew,
    /// Events page: edit the highlighted or open event.
    EventEdit,
    /// Events page: invite the event's target list (asks first, saying how many).
    EventInvite,
    /// Events page: record the highlighted invitee's answer (yes / no / maybe, party).
    EventAnswer,
    /// Events page: check the highlighted invitee in (again: take it back).
    EventCheckIn,
    /// Events page: cancel the open event (asks first); its pending calls are withdrawn.
    EventCancel,
    /// Events page: stop inviting to the open event (its seats taken; asks first): the
    /// invitation calls not yet made are withdrawn.
    EventStopInviting,
    /// Call form: the next knowledge-base suggestion.
    KbNext,
    /// Call form: fill the template's answer fields from the chosen suggestion.
    KbTake,
    /// Knowledge page: a new article (supervisors).
    KbNewArticle,
    /// Knowledge page: edit the article (supervisors; a new version, the old one kept).
    KbEditArticle,
    /// Knowledge page: retire the article (supervisors; out of search, history kept).
    KbRetireArticle,
    /// A saved consultation the knowledge base could not answer: transferred to technical
    /// support.
    KbTransfer,
    /// Raise an improvement action (整改), from the Improvements page or linked to the
    /// complaint or callback on screen.
    RaiseImprovement,
    /// Move the improvement action on: open → in progress → done.
    AdvanceImprovement,
    /// Verify a done improvement action, with a note (supervisors).
    VerifyImprovement,
    /// Dismiss the highlighted proposed rectification order, with a reason (supervisors).
    DismissProposal,
    /// Cycle the list's department filter.
    FilterDepartment,
    /// Rental desk: enter a new rental contract.
    NewRental,
    /// Rental desk: record the car's return (plans the satisfaction survey).
    RecordReturn,
    /// Rental desk: log a breakdown during the rental (fault type, time, place).
    LogBreakdown,
    /// Booking form after a clash: take offered free slot n (1-based) into the form.
    TakeSlot(u8),
    /// An open form whose record another agent changed: load the stored values (what
    /// was typed is kept, the new value named beside it).
    ReloadRecord,
    /// Settings page: add a service type or an agent (supervisors).
    SettingsNew,
    /// Quality page: dispute the score of one's own review (once, with a reason).
    QualityDispute,
    /// Quality sheet: tick or untick the fatal-error item (the score is then 0).
    QualityFatal,
    /// Template picker: take the template on numbered row n (1-based) of what is found.
    PickTemplate(u8),
}

/// What the callback queue's keys do besides moving and opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOp {
    /// Give the selected task back to the pool.
    Release,
    /// Give the selected task to another agent (supervisors).
    Reassign,
    /// Cycle whose tasks are listed: all / the pool / mine.
    Whose,
    /// Sort by due date or by priority.
    Sort,
    /// Cycle the status shown: pending / done / failed / expired / skipped.
    Status,
    /// Hand today's greeting texts to the SMS gateway (sent once its result file says so).
    SendTexts,
}
