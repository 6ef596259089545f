//! Every step on a complaint is in the audit log, written in the step's transaction: the
//! audit log (F9) reads each as a sentence in both languages, a refused or stale step
//! leaves no entry, and closing dates the follow-up call and tracking checks in the
//! store's zone (not always Shanghai).

mod support;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use frontdesk::domain::complaints::{
    Category, ConfirmHow, EscalationReason, Event, EventKind, FourFields, PauseReason, RemedyKind,
    Severity,
};
use frontdesk::i18n::Lang;
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::{Actor, StoreError, audit};
use support::appointments_fx::*;

fn complaint(f: &Fx, category: Category, received_at: DateTime<Utc>) -> NewComplaint {
    NewComplaint {
        customer_id: Some(f.cars[0].0),
        vehicle_id: Some(f.cars[0].1),
        call_id: None,
        channel: "phone".into(),
        received_at,
        category,
        loss_yuan: None,
        severity_by_hand: None,
        station: "一号店".into(),
        summary: "空调不制冷，返修两次".into(),
        demand: "彻底修好".into(),
        handler_id: f.agent.agent_id,
    }
}

fn audit_rows(f: &Fx, id: i64) -> usize {
    audit::for_entity(f.db.conn(), "complaint", id, 1000)
        .unwrap()
        .len()
}

/// Takes one step as a screen does: on the log entry it saw.
fn step(f: &mut Fx, id: i64, by: Actor, at: DateTime<Utc>, kind: EventKind) {
    let seen = sc::last_event_id(f.db.conn(), id).unwrap();
    let e = Event::new(at, by.agent_id.unwrap(), kind);
    sc::append_seen(&mut f.db, id, seen, e, TZ).unwrap();
}

#[test]
fn every_complaint_step_reads_as_a_sentence_in_the_audit_log() {
    let mut f = fx(1);
    let c = complaint(&f, Category::ProductQuality, now());
    let id = sc::register(&mut f.db, f.agent, &c).unwrap();
    let (a, s) = (f.agent, f.sup);
    let t = |m: i64| now() + Duration::minutes(m);
    let steps = vec![
        (a, EventKind::Contacted),
        (a, EventKind::Investigating),
        (
            a,
            EventKind::Paused {
                reason: PauseReason::Parts,
                note: "压缩机缺货".into(),
            },
        ),
        (a, EventKind::Resumed),
        (
            s,
            EventKind::Escalated {
                level: 1,
                reason: EscalationReason::ByHand,
                note: "客户情绪激动".into(),
                automatic: false,
            },
        ),
        (
            a,
            EventKind::Note {
                text: "客户电话13812345678".into(),
            },
        ),
        (
            s,
            EventKind::SeveritySet {
                severity: Severity::Major,
                reason: "返修两次".into(),
            },
        ),
        (
            s,
            EventKind::Remedy {
                kind: RemedyKind::Compensation,
                reason: "耽误用车".into(),
                item: "保养券".into(),
                amount_fen: 50_050,
            },
        ),
        (
            s,
            EventKind::Ruled {
                valid: true,
                reason: "返修".into(),
            },
        ),
        (
            a,
            EventKind::FourFields(FourFields {
                root_cause: "管路泄漏".into(),
                corrective_action: "更换管路".into(),
                accountability: "技师扣分".into(),
                staff_education: "班前会培训".into(),
            }),
        ),
        (
            a,
            EventKind::Resolved {
                resolution: "更换压缩机".into(),
            },
        ),
        (
            a,
            EventKind::Confirmed {
                who: "客户本人".into(),
                how: ConfirmHow::WeChat,
                satisfaction: 4,
            },
        ),
        (a, EventKind::Closed),
    ];
    let n = steps.len();
    for (i, (by, kind)) in steps.into_iter().enumerate() {
        step(&mut f, id, by, t(i as i64 + 1), kind);
    }

    // One entry for the creation, one for the handler named on the form, one per step.
    let zh = complaint_sentences(&f, id, Lang::Zh);
    assert_eq!(zh.len(), n + 2, "{zh:#?}");
    let whose = "投诉 #1（客户0 粤B00000）";
    let want_zh = [
        format!("陈静 新建了{whose}"),
        format!("陈静 把{whose}交给 陈静 处理"),
        format!("陈静 联系了{whose}的客户"),
        format!("陈静 开始调查处理{whose}"),
        format!("陈静 暂停了{whose}的计时：暂停原因 等待配件；备注 压缩机缺货"),
        format!("陈静 恢复了{whose}的计时"),
        format!("刘芳 把{whose}升级到客服主管：升级原因 人工升级；备注 客户情绪激动"),
        format!("陈静 为{whose}添加了备注：备注 客户电话138****5678"),
        format!("刘芳 把{whose}设为重大投诉：原因 返修两次"),
        format!("刘芳 为{whose}记录了补偿：项目 保养券；金额（元） 500.50；原因 耽误用车"),
        format!("刘芳 判定{whose}为有效投诉：原因 返修"),
        format!(
            "陈静 填写了{whose}的四不放过：原因 管路泄漏；整改措施 更换管路；\
             责任处理 技师扣分；人员教育 班前会培训"
        ),
        format!("陈静 登记了{whose}的处理结果：处理结果 更换压缩机"),
        format!("陈静 记录了客户对{whose}的确认：确认人 客户本人；确认方式 微信；满意度 4/5"),
        format!(
            "陈静 结案了{whose}：回访日期 2026-11-26；\
             跟踪日期 2026-12-23、2027-01-23、2027-02-23"
        ),
    ];
    for (got, want) in zh.iter().zip(want_zh.iter()) {
        assert!(got.starts_with(want.as_str()), "got  {got}\nwant {want}");
    }

    let en = complaint_sentences(&f, id, Lang::En);
    let whose = "complaint #1 (客户0 粤B00000)";
    let want_en = [
        format!("陈静 created {whose}"),
        format!("陈静 assigned {whose} to 陈静"),
        format!("陈静 contacted the customer of {whose}"),
        format!("陈静 started investigating {whose}"),
        format!("陈静 paused the clock of {whose}: paused for waiting for parts; note 压缩机缺货"),
        format!("陈静 resumed the clock of {whose}"),
        format!(
            "刘芳 escalated {whose} to the supervisor: escalated for escalated by hand; \
             note 客户情绪激动"
        ),
        format!("陈静 added a note to {whose}: note 客户电话138****5678"),
        format!("刘芳 set {whose} to major: reason 返修两次"),
        format!(
            "刘芳 recorded a compensation for {whose}: item 保养券; amount (yuan) 500.50; \
             reason 耽误用车"
        ),
        format!("刘芳 ruled {whose} a valid complaint: reason 返修"),
        format!(
            "陈静 recorded the four 'do not let go' of {whose}: root cause 管路泄漏; \
             corrective action 更换管路; accountability 技师扣分; staff education 班前会培训"
        ),
        format!("陈静 recorded the resolution of {whose}: resolution 更换压缩机"),
        format!(
            "陈静 recorded the customer's confirmation of {whose}: confirmed by 客户本人; \
             via WeChat; satisfaction 4/5"
        ),
        format!(
            "陈静 closed {whose}: follow-up call on 2026-11-26; \
             tracking on 2026-12-23, 2027-01-23, 2027-02-23"
        ),
    ];
    for (got, want) in en.iter().zip(want_en.iter()) {
        assert!(got.starts_with(want.as_str()), "got  {got}\nwant {want}");
    }
    // No code or JSON is left in any sentence.
    for s in zh.iter().chain(en.iter()) {
        for raw in [
            "complaint_step",
            "{",
            "\"",
            "we_chat",
            "by_hand",
            "另有",
            " more",
        ] {
            assert!(!s.contains(raw), "{raw} in {s}");
        }
    }
}

#[test]
fn a_refused_or_stale_step_leaves_no_audit_entry() {
    let mut f = fx(1);
    let c = complaint(&f, Category::Attitude, now());
    let id = sc::register(&mut f.db, f.agent, &c).unwrap();
    let before = audit_rows(&f, id);
    let by = f.agent.agent_id.unwrap();
    let t = now() + Duration::minutes(3);

    // Closing before the customer confirmed is refused: neither event nor audit entry.
    let err = sc::append(&mut f.db, id, Event::new(t, by, EventKind::Closed), TZ).unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert_eq!(audit_rows(&f, id), before);

    // A step taken on a log that moved on is refused whole.
    let seen = sc::last_event_id(f.db.conn(), id).unwrap();
    let agent = f.agent;
    step(&mut f, id, agent, t, EventKind::Contacted);
    assert_eq!(audit_rows(&f, id), before + 1);
    let note = EventKind::Note {
        text: "迟到的备注".into(),
    };
    let stale = sc::append_seen(&mut f.db, id, seen, Event::new(t, by, note), TZ);
    assert!(stale.is_err());
    assert_eq!(audit_rows(&f, id), before + 1);
    let events = sc::events(f.db.conn(), id).unwrap();
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Note { .. }))
    );
}

/// Registers, works through and closes a complaint at `closed` with the store in `tz`;
/// returns its follow-ups as (kind, due).
fn closed_in(f: &mut Fx, tz: chrono_tz::Tz, closed: DateTime<Utc>) -> (i64, Vec<(String, String)>) {
    let received = closed - Duration::hours(3);
    let c = complaint(f, Category::Attitude, received);
    let id = sc::register(&mut f.db, f.agent, &c).unwrap();
    let by = f.agent.agent_id.unwrap();
    let kinds = closing_steps();
    let n = kinds.len() as i32;
    for (i, kind) in kinds.into_iter().enumerate() {
        let at = closed - Duration::minutes(10 * (n - 1 - i as i32) as i64);
        sc::append(&mut f.db, id, Event::new(at, by, kind), tz).unwrap();
    }
    let due = sc::follow_ups(f.db.conn(), id)
        .unwrap()
        .into_iter()
        .map(|(k, d, _)| (k, d))
        .collect();
    (id, due)
}

#[test]
fn follow_up_dates_are_in_the_stores_own_zone() {
    let mut f = fx(1);
    // 2026-11-30 22:30 in New York is already 12-01 11:30 in Shanghai.
    let ny = chrono_tz::America::New_York;
    let closed = ny
        .from_local_datetime(
            &NaiveDate::from_ymd_opt(2026, 11, 30)
                .unwrap()
                .and_hms_opt(22, 30, 0)
                .unwrap(),
        )
        .unwrap()
        .with_timezone(&Utc);
    let dues = |v: &[(String, String)]| v.iter().map(|(_, d)| d.clone()).collect::<Vec<_>>();

    let (id, in_ny) = closed_in(&mut f, ny, closed);
    assert_eq!(
        dues(&in_ny),
        ["2026-12-03", "2026-12-30", "2027-01-30", "2027-02-28"],
        "{in_ny:?}"
    );
    // The same instant in a Shanghai store falls on the next day.
    let (_, in_shanghai) = closed_in(&mut f, TZ, closed);
    assert_eq!(
        dues(&in_shanghai),
        ["2026-12-04", "2027-01-01", "2027-02-01", "2027-03-01"],
        "{in_shanghai:?}"
    );
    // The closing's audit entry says the New York dates.
    let last = complaint_sentences(&f, id, Lang::En).pop().unwrap();
    assert!(
        last.contains("follow-up call on 2026-12-03")
            && last.contains("2026-12-30, 2027-01-30, 2027-02-28"),
        "{last}"
    );
}

/// A follow-up call done from the callback queue is in the complaint's audit log, written
/// in the attempt's transaction and read as a sentence in both languages; an attempt that
/// is refused leaves no entry.
#[test]
fn a_follow_up_done_from_the_callback_queue_is_in_the_complaints_audit_log() {
    use frontdesk::domain::calendar::BusinessCalendar;
    use frontdesk::domain::callbacks::{Outcome, Rules};
    use frontdesk::store::callbacks::{self as cb, AttemptInput};
    let mut f = fx(1);
    let (id, due) = closed_in(&mut f, TZ, at(24, 15, 0));
    let (kind, day) = due[0].clone();
    assert_eq!(kind, "call");
    let today = NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap();
    let rules = Rules::builtin();
    cb::plan(
        &mut f.db,
        f.sup,
        today,
        TZ,
        &rules,
        &BusinessCalendar::builtin(),
    )
    .unwrap();
    let task: i64 = f
        .db
        .conn()
        .query_row(
            "SELECT t.id FROM callback_tasks t JOIN complaint_follow_ups u ON u.id = t.source_id
             WHERE t.kind = 'complaint' AND u.complaint_id = ?1 AND u.kind = 'call'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let entries = audit_rows(&f, id);
    let done = AttemptInput {
        outcome: Outcome::Done,
        scores: Default::default(),
        notes: "客户对处理满意".into(),
        complaint: None,
        rsvp: None,
    };
    let when = TZ
        .from_local_datetime(&today.and_hms_opt(10, 0, 0).unwrap())
        .unwrap();
    cb::record_attempt(&mut f.db, &rules, f.agent, task, &done, when).unwrap();
    assert_eq!(audit_rows(&f, id), entries + 1);
    let zh = complaint_sentences(&f, id, Lang::Zh).pop().unwrap();
    assert!(zh.contains("完成了投诉") && zh.contains("的回复"), "{zh}");
    assert!(zh.contains("客户对处理满意") && zh.contains(&day), "{zh}");
    let en = complaint_sentences(&f, id, Lang::En).pop().unwrap();
    assert!(en.contains("completed the follow-up of complaint"), "{en}");
    assert!(en.contains(&format!("follow-up call on {day}")), "{en}");
    // Done once: a second attempt is refused and writes nothing.
    assert!(cb::record_attempt(&mut f.db, &rules, f.agent, task, &done, when).is_err());
    assert_eq!(audit_rows(&f, id), entries + 1);
}
