use super::*;
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

pub(super) fn tz() -> Tz {
    chrono_tz::Asia::Shanghai
}

/// Store-local `YYYY-MM-DD HH:MM` as UTC.
pub(super) fn t(s: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    tz().from_local_datetime(&naive)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn ev(at: &str, kind: EventKind) -> Event {
    Event::new(t(at), 7, kind)
}

pub(super) fn resolved(text: &str) -> EventKind {
    EventKind::Resolved {
        resolution: text.into(),
    }
}

pub(super) fn confirmed(who: &str, satisfaction: u8) -> EventKind {
    EventKind::Confirmed {
        who: who.into(),
        how: ConfirmHow::Phone,
        satisfaction,
    }
}

pub(super) fn reopened(reason: &str) -> EventKind {
    EventKind::Reopened {
        reason: reason.into(),
    }
}

pub(super) fn four(a: &str, b: &str, c: &str, e: &str) -> EventKind {
    EventKind::FourFields(FourFields {
        root_cause: a.into(),
        corrective_action: b.into(),
        accountability: c.into(),
        staff_education: e.into(),
    })
}

/// Appends each step, panicking on a refusal.
pub(super) fn log(cat: Category, steps: Vec<(&str, EventKind)>) -> Vec<Event> {
    let mut events = Vec::new();
    for (at, k) in steps {
        if let Err(r) = try_append(&mut events, cat, ev(at, k)) {
            panic!("{at}: {}", r.message(Lang::En));
        }
    }
    events
}

/// A complaint taken up to "resolved, awaiting confirmation".
pub(super) fn up_to_resolved(cat: Category) -> Vec<Event> {
    log(
        cat,
        vec![
            ("2026-11-23 10:00", EventKind::Received),
            ("2026-11-23 10:05", EventKind::Contacted),
            (
                "2026-11-23 10:30",
                EventKind::HandlerAssigned { handler: 12 },
            ),
            ("2026-11-23 11:00", EventKind::Investigating),
            ("2026-11-23 16:00", resolved("更换刹车片，试车无异响")),
        ],
    )
}

pub(super) fn refuse(events: &[Event], cat: Category, at: &str, k: EventKind) -> Refusal {
    check_step(&fold(events), cat, &ev(at, k)).unwrap_err()
}

#[test]
fn codes_round_trip_and_labels_exist_in_both_languages() {
    for c in Category::ALL {
        assert_eq!(Category::from_code(c.code()), Some(c));
        assert!(!c.label(Lang::Zh).is_empty() && !c.label(Lang::En).is_empty());
    }
    assert_eq!(Category::from_code("nonsense"), None);
    for s in Status::ALL {
        assert_eq!(Status::from_code(s.code()), Some(s));
    }
    assert_eq!(Severity::from_code("major"), Some(Severity::Major));
    assert_eq!(Category::RepairQuality.label(Lang::Zh), "维修质量（返修）");
}

#[test]
fn major_by_loss_of_20000_or_by_hand() {
    assert_eq!(severity_for(None, None), Severity::General);
    assert_eq!(severity_for(Some(19_999), None), Severity::General);
    assert_eq!(severity_for(Some(20_000), None), Severity::Major);
    assert_eq!(severity_for(Some(150_000), None), Severity::Major);
    assert_eq!(
        severity_for(Some(500), Some(Severity::Major)),
        Severity::Major
    );
    assert_eq!(
        severity_for(None, Some(Severity::General)),
        Severity::General
    );
    // A hand setting does not lower the loss rule.
    assert_eq!(
        severity_for(Some(20_000), Some(Severity::General)),
        Severity::Major
    );
    // Set by hand through the log, with a reason.
    let mut e = log(
        Category::Other,
        vec![("2026-11-23 10:00", EventKind::Received)],
    );
    let no_reason = EventKind::SeveritySet {
        severity: Severity::Major,
        reason: " ".into(),
    };
    let r = refuse(&e, Category::Other, "2026-11-23 10:01", no_reason);
    assert_eq!(
        r.message(Lang::En),
        "Cannot set the severity: missing a reason."
    );
    let k = EventKind::SeveritySet {
        severity: Severity::Major,
        reason: "媒体曝光风险".into(),
    };
    let st = try_append(&mut e, Category::Other, ev("2026-11-23 10:01", k)).unwrap();
    assert_eq!(severity_for(Some(100), st.hand_severity()), Severity::Major);
}

#[test]
fn the_whole_lifecycle() {
    let cat = Category::RepairQuality;
    let mut e = up_to_resolved(cat);
    let st = fold(&e);
    assert_eq!(st.status, Some(Status::Resolved));
    assert_eq!(st.handler, Some(12));
    assert_eq!(st.contacted_at, Some(t("2026-11-23 10:05")));
    assert_eq!(st.resolution.as_deref(), Some("更换刹车片，试车无异响"));
    let st = try_append(&mut e, cat, ev("2026-11-24 09:00", confirmed("张先生", 5))).unwrap();
    let c = st.confirmation.as_ref().unwrap();
    assert_eq!(
        (c.who.as_str(), c.how, c.satisfaction),
        ("张先生", ConfirmHow::Phone, 5)
    );
    assert_eq!(c.at, t("2026-11-24 09:00"));
    let st = try_append(&mut e, cat, ev("2026-11-24 09:05", EventKind::Closed)).unwrap();
    assert_eq!(st.status, Some(Status::Closed));
    assert_eq!(st.closed_at, Some(t("2026-11-24 09:05")));
    assert_eq!(st.reopen_count, 0);
    assert_eq!(fold(&e), st, "the fold and the step-by-step state agree");
}

#[test]
fn no_close_without_the_customers_confirmation() {
    let e = up_to_resolved(Category::Attitude);
    let r = refuse(
        &e,
        Category::Attitude,
        "2026-11-24 09:00",
        EventKind::Closed,
    );
    assert_eq!(
        r,
        Refusal::Missing {
            step: StepKind::Close,
            missing: vec![Missing::Confirmation]
        }
    );
    assert_eq!(
        r.message(Lang::En),
        "Cannot close the complaint: missing the customer's confirmation (who, when, how, satisfaction)."
    );
    assert_eq!(
        r.message(Lang::Zh),
        "无法结案：缺少客户确认（确认人、时间、方式、满意度）。"
    );
    // Nor before it is resolved at all.
    let mut early = e.clone();
    early.truncate(4);
    let r = refuse(
        &early,
        Category::Attitude,
        "2026-11-24 09:00",
        EventKind::Closed,
    );
    assert!(matches!(
        r,
        Refusal::WrongStatus {
            status: Status::Investigating,
            ..
        }
    ));
    assert!(
        r.message(Lang::En)
            .contains("record the resolution and the customer's confirmation first")
    );
    assert!(
        r.message(Lang::Zh)
            .contains("请先登记处理结果并取得客户确认")
    );
}

#[test]
fn a_product_quality_complaint_needs_the_four_fields() {
    let cat = Category::ProductQuality;
    let mut e = up_to_resolved(cat);
    // Without confirmation and four fields: everything is named at once.
    let r = refuse(&e, cat, "2026-11-24 09:00", EventKind::Closed);
    let Refusal::Missing { missing, .. } = &r else {
        panic!("{r:?}")
    };
    assert_eq!(
        missing,
        &vec![
            Missing::Confirmation,
            Missing::RootCause,
            Missing::CorrectiveAction,
            Missing::Accountability,
            Missing::StaffEducation
        ]
    );
    let zh = r.message(Lang::Zh);
    for w in ["客户确认", "原因分析", "整改措施", "责任处理", "员工教育"] {
        assert!(zh.contains(w), "{zh}");
    }
    let en = r.message(Lang::En);
    for w in [
        "root cause",
        "corrective action",
        "accountability",
        "staff education",
    ] {
        assert!(en.contains(w), "{en}");
    }
    // Confirmation and three of the four: the fourth is named.
    try_append(&mut e, cat, ev("2026-11-24 09:00", confirmed("李女士", 4))).unwrap();
    try_append(
        &mut e,
        cat,
        ev(
            "2026-11-24 09:10",
            four("刹车片批次不良", "更换供应商", "质检员考核", ""),
        ),
    )
    .unwrap();
    let r = refuse(&e, cat, "2026-11-24 09:20", EventKind::Closed);
    assert_eq!(
        r.message(Lang::En),
        "Cannot close the complaint: missing the staff education (four 'do not let go')."
    );
    // The latest entry of the four counts.
    try_append(
        &mut e,
        cat,
        ev(
            "2026-11-24 09:15",
            four("刹车片批次不良", "更换供应商", "质检员考核", "全员培训"),
        ),
    )
    .unwrap();
    assert!(try_append(&mut e, cat, ev("2026-11-24 09:20", EventKind::Closed)).is_ok());
    // An empty four-fields entry is refused outright.
    let e2 = up_to_resolved(cat);
    let r = refuse(&e2, cat, "2026-11-24 09:20", four("", " ", "", ""));
    assert!(matches!(
        r,
        Refusal::Missing {
            step: StepKind::FourFields,
            ..
        }
    ));
}

#[test]
fn other_categories_close_without_the_four_fields() {
    for cat in Category::ALL
        .into_iter()
        .filter(|c| *c != Category::ProductQuality)
    {
        let mut e = up_to_resolved(cat);
        try_append(&mut e, cat, ev("2026-11-24 09:00", confirmed("王先生", 3))).unwrap();
        assert!(
            try_append(&mut e, cat, ev("2026-11-24 09:05", EventKind::Closed)).is_ok(),
            "{cat:?}"
        );
    }
}

#[test]
fn illegal_transitions_say_what_is_missing() {
    let cat = Category::Timeliness;
    let new = log(cat, vec![("2026-11-23 10:00", EventKind::Received)]);
    // Investigating needs the first contact and a handler.
    let r = refuse(&new, cat, "2026-11-23 10:01", EventKind::Investigating);
    assert_eq!(
        r.message(Lang::En),
        "Cannot start the investigation: missing the first contact with the customer, a handler."
    );
    assert_eq!(
        r.message(Lang::Zh),
        "无法开始调查处理：缺少与客户的首次联系、处理人。"
    );
    // Resolving before investigating.
    let mut contacted = new.clone();
    try_append(
        &mut contacted,
        cat,
        ev("2026-11-23 10:02", EventKind::Contacted),
    )
    .unwrap();
    let r = refuse(&contacted, cat, "2026-11-23 10:03", resolved("x"));
    assert_eq!(
        r.message(Lang::En),
        "Cannot record the resolution: the complaint is contacted; start the investigation first."
    );
    assert_eq!(
        r.message(Lang::Zh),
        "无法登记处理结果：投诉当前为「已联系」，请先开始调查处理。"
    );
    // Confirming before resolved.
    let r = refuse(&contacted, cat, "2026-11-23 10:03", confirmed("张", 5));
    assert!(matches!(
        r,
        Refusal::WrongStatus {
            step: StepKind::Confirm,
            ..
        }
    ));
    assert!(
        r.message(Lang::En)
            .contains("not resolved yet: record the resolution first"),
        "{}",
        r.message(Lang::En)
    );
    assert!(r.message(Lang::Zh).contains("尚未解决：请先登记处理结果"));
    // Reopening an open complaint.
    let r = refuse(&contacted, cat, "2026-11-23 10:03", reopened("客户不满意"));
    assert!(
        r.message(Lang::En)
            .contains("only a resolved or closed complaint can be reopened")
    );
    assert!(
        r.message(Lang::Zh)
            .contains("只有已解决或已结案的投诉可以重开")
    );
    // A resolution without text, a confirmation without who or score.
    let mut inv = up_to_resolved(cat);
    inv.truncate(4);
    let r = refuse(&inv, cat, "2026-11-23 12:00", resolved("  "));
    assert_eq!(
        r.message(Lang::En),
        "Cannot record the resolution: missing the resolution."
    );
    let res = up_to_resolved(cat);
    let r = refuse(&res, cat, "2026-11-24 09:00", confirmed("", 6));
    assert_eq!(
        r,
        Refusal::Missing {
            step: StepKind::Confirm,
            missing: vec![Missing::ConfirmedBy, Missing::Satisfaction]
        }
    );
    assert!(
        refuse(&res, cat, "2026-11-24 09:00", confirmed("张", 0))
            .message(Lang::Zh)
            .contains("满意度评分")
    );
}

#[test]
fn registration_order_and_time() {
    let cat = Category::Pricing;
    assert_eq!(
        refuse(&[], cat, "2026-11-23 10:00", EventKind::Contacted),
        Refusal::NotReceived
    );
    let e = log(cat, vec![("2026-11-23 10:00", EventKind::Received)]);
    assert_eq!(
        refuse(&e, cat, "2026-11-23 10:00", EventKind::Received),
        Refusal::AlreadyReceived
    );
    let r = refuse(&e, cat, "2026-11-23 09:59", EventKind::Contacted);
    assert_eq!(
        r,
        Refusal::TooEarly {
            step: StepKind::Contact
        }
    );
    assert!(r.message(Lang::En).contains("dated before"));
    let e = up_to_resolved(cat);
    // A step dated before the previous step is refused; a note is not a step.
    assert!(matches!(
        refuse(&e, cat, "2026-11-23 15:00", confirmed("张", 5)),
        Refusal::TooEarly { .. }
    ));
    let note = EventKind::Note {
        text: "补记".into(),
    };
    assert!(check_step(&fold(&e), cat, &ev("2026-11-23 15:00", note)).is_ok());
}

#[test]
fn pause_and_resume_rules() {
    let cat = Category::PartsSupply;
    let mut e = up_to_resolved(cat);
    e.truncate(4);
    let pause = |reason, note: &str| EventKind::Paused {
        reason,
        note: note.into(),
    };
    assert_eq!(
        refuse(&e, cat, "2026-11-23 12:00", EventKind::Resumed),
        Refusal::NotPaused
    );
    let r = refuse(&e, cat, "2026-11-23 12:00", pause(PauseReason::Other, ""));
    assert_eq!(
        r.message(Lang::En),
        "Cannot pause the clock: missing a reason."
    );
    try_append(
        &mut e,
        cat,
        ev("2026-11-23 12:00", pause(PauseReason::Parts, "等刹车盘")),
    )
    .unwrap();
    assert!(fold(&e).is_paused());
    assert_eq!(
        refuse(
            &e,
            cat,
            "2026-11-23 12:30",
            pause(PauseReason::Customer, "")
        ),
        Refusal::AlreadyPaused
    );
    try_append(&mut e, cat, ev("2026-11-24 12:00", EventKind::Resumed)).unwrap();
    assert!(!fold(&e).is_paused());
    // Resolving while paused ends the pause.
    try_append(
        &mut e,
        cat,
        ev("2026-11-24 13:00", pause(PauseReason::Customer, "")),
    )
    .unwrap();
    let st = try_append(
        &mut e,
        cat,
        ev("2026-11-24 14:00", resolved("配件到货已更换")),
    )
    .unwrap();
    assert!(!st.is_paused());
    let r = refuse(
        &e,
        cat,
        "2026-11-24 15:00",
        pause(PauseReason::Customer, ""),
    );
    assert!(r.message(Lang::En).contains("its clock has stopped"));
}

#[test]
fn reopen_is_counted_and_the_second_escalates() {
    let cat = Category::RepairQuality;
    let mut e = up_to_resolved(cat);
    try_append(&mut e, cat, ev("2026-11-24 09:00", confirmed("张先生", 2))).unwrap();
    try_append(&mut e, cat, ev("2026-11-24 09:05", EventKind::Closed)).unwrap();
    // Reopen needs a reason.
    let r = refuse(&e, cat, "2026-11-25 09:00", reopened(""));
    assert_eq!(r.message(Lang::Zh), "无法重开：缺少原因。");
    // Reopened from closed: back to investigating, the confirmation is gone.
    let st = try_append(&mut e, cat, ev("2026-11-25 09:00", reopened("异响复现"))).unwrap();
    assert_eq!(
        (st.status, st.reopen_count),
        (Some(Status::Investigating), 1)
    );
    assert_eq!(st.confirmation, None);
    assert_eq!(st.closed_at, None);
    assert_eq!(
        auto_escalation(&st, &[], Severity::General),
        None,
        "one reopen does not escalate"
    );
    // Resolved again, reopened from resolved: the second reopen.
    try_append(&mut e, cat, ev("2026-11-25 15:00", resolved("更换刹车盘"))).unwrap();
    let st = try_append(&mut e, cat, ev("2026-11-26 09:00", reopened("仍有异响"))).unwrap();
    assert_eq!(st.reopen_count, 2);
    let reason = auto_escalation(&st, &[], Severity::General);
    assert_eq!(reason, Some(EscalationReason::ReopenedTwice));
    let st = try_append(
        &mut e,
        cat,
        escalation_event(reason.unwrap(), t("2026-11-26 09:00")),
    )
    .unwrap();
    assert_eq!(st.escalation_level, LEVEL_SUPERVISOR);
    assert!(st.escalations[0].automatic);
    assert_eq!(
        auto_escalation(&st, &[], Severity::General),
        None,
        "escalated once per reason"
    );
    // A closed complaint refuses further work except a reopen, a note or a ruling.
    let closed = {
        let mut c = up_to_resolved(cat);
        try_append(&mut c, cat, ev("2026-11-24 09:00", confirmed("张先生", 5))).unwrap();
        try_append(&mut c, cat, ev("2026-11-24 09:05", EventKind::Closed)).unwrap();
        c
    };
    let r = refuse(&closed, cat, "2026-11-25 09:00", EventKind::Contacted);
    assert_eq!(
        r.message(Lang::En),
        "Cannot record a contact: the complaint is closed; reopen it first."
    );
    let r = refuse(&closed, cat, "2026-11-25 09:00", EventKind::Closed);
    assert!(
        r.message(Lang::En)
            .ends_with("nothing left to confirm or close.")
    );
    assert_eq!(
        refuse(&closed, cat, "2026-11-25 09:00", EventKind::Contacted).message(Lang::Zh),
        "无法记录联系客户：投诉当前为「已结案」，如需继续处理请先重开。"
    );
    let ruling = EventKind::Ruled {
        valid: false,
        reason: "客户误解".into(),
    };
    assert!(check_step(&fold(&closed), cat, &ev("2026-11-25 09:00", ruling)).is_ok());
}

#[test]
fn the_fold_ignores_steps_that_do_not_apply() {
    // An imported log with a close before any resolution and a confirm on a new complaint.
    let e = vec![
        ev("2026-11-23 10:00", EventKind::Contacted),
        ev("2026-11-23 10:00", EventKind::Received),
        ev("2026-11-23 10:01", confirmed("张", 5)),
        ev("2026-11-23 10:02", EventKind::Closed),
        ev("2026-11-23 10:03", reopened("x")),
    ];
    let st = fold(&e);
    assert_eq!(st.status, Some(Status::New));
    assert_eq!(
        (st.contacted_at, st.confirmation, st.reopen_count),
        (None, None, 0)
    );
}

/// A list's state column fits every state's short label (14 cells at most, in both
/// languages), and only the long English one differs from the full label.
#[test]
fn every_state_has_a_short_label_for_a_list_column() {
    for lang in [Lang::Zh, Lang::En] {
        for s in Status::ALL {
            let w = unicode_width::UnicodeWidthStr::width(s.short(lang));
            assert!(w <= 14, "{s:?} {lang:?}: {w}");
        }
    }
    assert_eq!(Status::Resolved.short(Lang::En), "to confirm");
    assert_eq!(Status::New.short(Lang::En), Status::New.label(Lang::En));
}
