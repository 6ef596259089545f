use super::*;
use crate::i18n::Lang;

fn read(e: Entry, lang: Lang) -> String {
    let templates = TemplateSet::builtin();
    let agents = [(2, "王磊".to_string()), (3, "陈静".to_string())];
    let r = Reading {
        lang,
        templates: &templates,
        tz: "Asia/Shanghai".parse().unwrap(),
        agents: &agents,
    };
    sentence(&e, r).text(lang)
}

fn entry<'a>(action: &'a str, entity: &'a str) -> Entry<'a> {
    Entry {
        at: Some("2026-11-23T01:30:00Z"),
        action,
        entity,
        entity_id: Some(123),
        who: Some("张丽"),
        record: None,
        before: None,
        after: None,
    }
}

const CUSTOMER_BEFORE: &str = r#"{"name":"王伟","gender":"M","birthday":null,"mobile":"13812341234","landline":null,"id_number":"110101199003071233","region":"广东省深圳市","address":"","vip":false,"notes":""}"#;
const CUSTOMER_AFTER: &str = r#"{"name":"王伟","gender":"M","birthday":null,"mobile":"13912345678","landline":null,"id_number":"110101199003071233","region":"广东省深圳市","address":"","vip":true,"notes":"常来"}"#;

#[test]
fn a_customer_edit_reads_who_what_which_and_before_after_masked() {
    let e = Entry {
        record: Some("王伟"),
        before: Some(CUSTOMER_BEFORE),
        after: Some(CUSTOMER_AFTER),
        ..entry("update", "customer")
    };
    assert_eq!(
        read(e, Lang::Zh),
        "张丽 修改了客户 王伟（#123）：手机 138****1234 → 139****5678；贵宾 否 → 是；备注 空 → 常来"
    );
    let en = Entry {
        who: Some("Zhang Li"),
        record: Some("Wang Wei"),
        ..e
    };
    assert_eq!(
        read(en, Lang::En),
        "Zhang Li changed customer Wang Wei (#123): mobile 138****1234 → 139****5678; \
         VIP no → yes; note empty → 常来"
    );
}

#[test]
fn a_new_customer_lists_its_fields_with_numbers_masked_and_codes_in_words() {
    let e = Entry {
        record: Some("王伟"),
        after: Some(CUSTOMER_BEFORE),
        ..entry("create", "customer")
    };
    let zh = read(e, Lang::Zh);
    assert_eq!(
        zh,
        "张丽 新建了客户 王伟（#123）：姓名 王伟；性别 男；手机 138****1234；\
         证件号 110101********1233；地区 广东省深圳市"
    );
    let en = read(e, Lang::En);
    assert!(
        en.starts_with("张丽 created customer 王伟 (#123): name 王伟; gender male;"),
        "{en}"
    );
    for s in [&zh, &en] {
        assert!(
            !s.contains("13812341234") && !s.contains("199003071233"),
            "{s}"
        );
    }
}

#[test]
fn numbers_inside_text_stay_masked() {
    let e = Entry {
        after: Some(
            r#"{"sentence":"客户13812341234来电","template":"consult_price","resolved":true}"#,
        ),
        ..entry("create", "call")
    };
    let zh = read(e, Lang::Zh);
    assert!(zh.contains("来电内容 客户138****1234来电"), "{zh}");
    assert!(!zh.contains("13812341234"), "{zh}");
    assert!(
        !zh.contains("consult_price"),
        "the template's id shows as its name: {zh}"
    );
}

#[test]
fn a_booking_move_reads_from_one_time_to_the_other_in_store_time() {
    let e = Entry {
        who: Some("王芳"),
        record: Some("张伟 沪A12345"),
        entity_id: Some(12),
        before: Some(r#"{"status":"booked","start":"2026-12-05T01:00:00Z"}"#),
        after: Some(
            r#"{"from":"booked","to":"rescheduled","new_id":46,"old_start":"2026-12-05T01:00:00Z","new_start":"2026-12-06T02:00:00Z","note":"客户晚到"}"#,
        ),
        ..entry("reschedule", "appointment")
    };
    assert_eq!(
        read(e, Lang::Zh),
        "王芳 把预约 #12（张伟 沪A12345）从 12-05 09:00 改到 12-06 10:00：新预约 #46；备注 客户晚到"
    );
    assert_eq!(
        read(e, Lang::En),
        "王芳 moved booking #12 (张伟 沪A12345) from 12-05 09:00 to 12-06 10:00: \
         new booking #46; note 客户晚到"
    );
    // Without the record's name, a number ends the record: a space before the words.
    let bare = Entry { record: None, ..e };
    assert!(
        read(bare, Lang::Zh).starts_with("王芳 把预约 #12 从 12-05 09:00 改到"),
        "{}",
        read(bare, Lang::Zh)
    );
    // A time in another year than the entry's keeps its year.
    let next_year = Entry {
        after: Some(r#"{"old_start":"2026-12-31T01:00:00Z","new_start":"2027-01-04T02:00:00Z"}"#),
        ..e
    };
    assert!(
        read(next_year, Lang::Zh).contains("从 12-31 09:00 改到 2027-01-04 10:00"),
        "{}",
        read(next_year, Lang::Zh)
    );
}

#[test]
fn a_task_passed_on_names_both_agents() {
    let e = Entry {
        record: Some("王伟"),
        before: Some(r#"{"claimed_by":2}"#),
        after: Some(r#"{"claimed_by":3}"#),
        ..entry("reassign", "callback_task")
    };
    assert_eq!(
        read(e, Lang::Zh),
        "张丽 把回访任务 #123（王伟）从 王磊 转给 陈静"
    );
    assert_eq!(
        read(e, Lang::En),
        "张丽 passed callback task #123 (王伟) from 王磊 to 陈静"
    );
    // An agent the store no longer lists reads as their number.
    let gone = Entry {
        after: Some(r#"{"claimed_by":9}"#),
        ..e
    };
    assert!(read(gone, Lang::Zh).ends_with("从 王磊 转给 #9"));
    let claim = Entry {
        after: Some(r#"{"claimed_by":3,"with":[124,125]}"#),
        ..entry("claim", "callback_task")
    };
    assert_eq!(
        read(claim, Lang::Zh),
        "张丽 领取了回访任务 #123：连同 #124、#125"
    );
}

#[test]
fn rescue_steps_and_dispatch_read_in_words() {
    let e = Entry {
        record: Some("王伟 粤B12345"),
        after: Some(
            r#"{"step":"dispatched","how":"technician","technician":"李师傅","eta":"40分钟"}"#,
        ),
        ..entry("rescue_step", "rescue")
    };
    let zh = read(e, Lang::Zh);
    assert_eq!(
        zh,
        "张丽 为救援 #123（王伟 粤B12345）派出了救援：方式 派技师到场；技师 李师傅；预计到达 40分钟"
    );
    let en = read(e, Lang::En);
    assert_eq!(
        en,
        "张丽 sent help for rescue case #123 (王伟 粤B12345): how technician on site; \
         technician 李师傅; ETA 40分钟"
    );
    // Each step has its own verb; an unknown one still reads as "advanced".
    for (step, zh, en) in [
        (
            "contacted",
            "张丽 联系了救援 #123（王伟 粤B12345）的客户",
            "张丽 contacted the customer of",
        ),
        (
            "closed",
            "张丽 结束了救援 #123（王伟 粤B12345）：结果 已修好",
            "张丽 closed rescue case #123",
        ),
        (
            "teleported",
            "张丽 推进了救援 #123（王伟 粤B12345）",
            "张丽 advanced rescue case #123",
        ),
    ] {
        let after = format!(r#"{{"step":"{step}","result":"已修好"}}"#);
        let e = Entry {
            record: Some("王伟 粤B12345"),
            after: Some(&after),
            ..entry("rescue_step", "rescue")
        };
        assert!(read(e, Lang::Zh).starts_with(zh), "{}", read(e, Lang::Zh));
        assert!(read(e, Lang::En).starts_with(en), "{}", read(e, Lang::En));
    }
}

#[test]
fn a_status_step_reads_old_and_new_status() {
    let e = Entry {
        who: None,
        before: Some(r#"{"status":"open","version":1}"#),
        after: Some(r#"{"status":"in_progress","note":""}"#),
        ..entry("improvement.step", "improvement")
    };
    let zh = read(e, Lang::Zh);
    assert!(zh.starts_with("系统 推进了改进事项 #123：状态 "), "{zh}");
    assert!(
        zh.contains(" → ") && !zh.contains("open") && !zh.contains("version"),
        "{zh}"
    );
    let en = read(e, Lang::En);
    assert!(
        en.starts_with("The system advanced improvement #123: status "),
        "{en}"
    );
}

#[test]
fn nested_records_read_as_field_value_pairs() {
    let e = Entry {
        entity_id: Some(0),
        after: Some(r#"{"closed":0,"created":{"3dc":28,"birthday":3},"today":"2026-11-07"}"#),
        ..entry("plan", "callback_plan")
    };
    let zh = read(e, Lang::Zh);
    assert!(zh.starts_with("张丽 生成了回访计划："), "{zh}");
    assert!(read(e, Lang::En).starts_with("张丽 ran the callback plan: "));
    assert!(
        !zh.contains("3dc") && !zh.contains('{') && zh.contains("28"),
        "{zh}"
    );
}

#[test]
fn unknown_actions_fields_and_codes_read_as_a_generic_sentence() {
    let e = Entry {
        record: Some("王伟"),
        before: Some(r#"{"frobnicate":"a_code"}"#),
        after: Some(r#"{"frobnicate":"b_code","mobile":"13812341234"}"#),
        ..entry("teleport", "spaceship")
    };
    assert_eq!(
        read(e, Lang::Zh),
        "张丽 对记录 王伟（#123）做了一项更改：手机 138****1234；另有 1 项"
    );
    assert_eq!(
        read(e, Lang::En),
        "张丽 made a change to record 王伟 (#123): mobile 138****1234; 1 more"
    );
    // An unknown code of a known code field: said in English, counted in Chinese.
    let e = Entry {
        after: Some(r#"{"status":"warp_speed"}"#),
        ..entry("update", "event")
    };
    assert_eq!(read(e, Lang::Zh), "张丽 修改了活动 #123：另有 1 项");
    assert_eq!(
        read(e, Lang::En),
        "张丽 changed event #123: status warp speed"
    );
}

#[test]
fn text_that_is_not_json_and_entries_without_detail_read_plainly() {
    let e = Entry {
        after: Some("客户说 13812341234"),
        ..entry("reveal", "customer")
    };
    assert_eq!(
        read(e, Lang::Zh),
        "张丽 查看了客户 #123 的完整号码：客户说 138****1234"
    );
    let named = Entry {
        record: Some("王伟"),
        ..entry("reveal", "customer")
    };
    assert_eq!(
        read(named, Lang::Zh),
        "张丽 查看了客户 王伟（#123）的完整号码"
    );
    assert_eq!(
        read(named, Lang::En),
        "张丽 viewed the full numbers of customer 王伟 (#123)"
    );
    let e = entry("check_in", "event_invitee");
    assert_eq!(read(e, Lang::En), "张丽 checked in event invitee #123");
}

/// Every action and record kind the code writes to the audit table has its words: the
/// string literals of each `audit::record(` / `data_out(` call up to its before/after.
#[test]
fn every_action_and_record_kind_written_has_words() {
    let mut missing = Vec::new();
    let mut seen = 0;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        for f in std::fs::read_dir(d).unwrap().flatten() {
            let p = f.path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            if p.ends_with("domain/audit/tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            for call in ["audit::record(", "audit::data_out("] {
                for (at, _) in text.match_indices(call) {
                    let rest = &text[at + call.len()..];
                    let end = ["None", "Some(", "&detail"]
                        .iter()
                        .filter_map(|m| rest.find(m))
                        .min()
                        .unwrap_or(0);
                    for lit in rest[..end].split('"').skip(1).step_by(2) {
                        seen += 1;
                        let known = [Lang::Zh, Lang::En].iter().all(|l| {
                            words::verb(lit, *l).is_some() || words::noun(lit, *l).is_some()
                        });
                        if !known {
                            missing.push(format!("{}: {lit}", p.display()));
                        }
                    }
                }
            }
        }
    }
    assert!(seen > 50, "found only {seen} literals");
    assert!(missing.is_empty(), "audit codes without words: {missing:?}");
    // The codes written through a variable: booking steps and import kinds.
    for code in [
        "book",
        "confirm",
        "remind",
        "arrive",
        "start_service",
        "complete",
        "cancel",
    ]
    .into_iter()
    .chain([
        "no_show",
        "undo_no_show",
        "reschedule",
        "check_in_undone",
        "report",
        "complaint_step",
    ]) {
        assert!(words::verb(code, Lang::En).is_some(), "{code}");
    }
    for kind in ["customers", "vehicles", "sales", "repairs"] {
        assert!(words::noun(kind, Lang::Zh).is_some(), "{kind}");
    }
}

#[test]
fn an_improvement_names_its_links_and_recurring_order_in_words() {
    let e = Entry {
        after: Some(
            r#"{"department":"service","links":["complaint:11"],"order":"category:repair_quality","owner_id":2}"#,
        ),
        ..entry("improvement.raise", "improvement")
    };
    let zh = read(e, Lang::Zh);
    assert!(
        zh.contains("关联 投诉 #11") && zh.contains("负责人 王磊"),
        "{zh}"
    );
    assert!(
        !zh.contains("category") && !zh.contains("quality") && !zh.contains("service"),
        "{zh}"
    );
    let en = read(e, Lang::En);
    assert!(en.contains("links Complaint #11"), "{en}");
}

#[test]
fn the_filter_offers_the_steps_of_complaints_and_rescues_by_name() {
    for (typed, code) in [
        ("投诉步骤", "complaint_step"),
        ("complaint step", "complaint_step"),
        ("救援步骤", "rescue_step"),
        ("Rescue Step", "rescue_step"),
    ] {
        assert_eq!(words::choice(typed, true).as_deref(), Some(code), "{typed}");
    }
    assert!(words::choices(true, Lang::Zh).contains("投诉步骤"));
    assert!(words::choices(true, Lang::En).contains("rescue step"));
}
