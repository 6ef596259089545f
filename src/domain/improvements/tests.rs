use super::recur::{self, Decided, Key, RecurRule, ValidComplaint};
use super::*;
use crate::domain::complaints::Category;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

#[test]
fn the_workflow_moves_one_step_at_a_time() {
    use Status::*;
    assert_eq!(check(Open, InProgress, false, None), Ok(()));
    assert_eq!(check(InProgress, Done, false, None), Ok(()));
    // Unfinished after all: back to work.
    assert_eq!(check(Done, InProgress, false, None), Ok(()));
    for (from, to) in [
        (Open, Done),
        (Open, Verified),
        (InProgress, Verified),
        (InProgress, Open),
        (Done, Open),
        (Verified, Done),
        (Verified, InProgress),
        (Verified, Open),
        (Open, Open),
    ] {
        assert_eq!(
            check(from, to, true, Some("checked")),
            Err(Refusal::Illegal { from, to }),
            "{from:?} -> {to:?}"
        );
    }
    assert_eq!(Open.advance(), Some(InProgress));
    assert_eq!(InProgress.advance(), Some(Done));
    assert_eq!(Done.advance(), None);
    assert_eq!(Verified.advance(), None);
}

#[test]
fn only_a_supervisor_verifies_and_only_with_a_note() {
    use Status::*;
    assert_eq!(
        check(Done, Verified, false, Some("checked the bays")),
        Err(Refusal::NotSupervisor)
    );
    assert_eq!(check(Done, Verified, true, None), Err(Refusal::NoteMissing));
    assert_eq!(
        check(Done, Verified, true, Some("  ")),
        Err(Refusal::NoteMissing)
    );
    assert_eq!(
        check(Done, Verified, true, Some("回访3位客户均满意")),
        Ok(())
    );
    for lang in [Lang::Zh, Lang::En] {
        for r in [
            Refusal::NotSupervisor,
            Refusal::NoteMissing,
            Refusal::Illegal {
                from: Open,
                to: Verified,
            },
        ] {
            assert!(!r.message(lang).is_empty());
        }
    }
    assert!(
        Refusal::Illegal {
            from: Open,
            to: Verified
        }
        .message(Lang::Zh)
        .contains("待处理")
    );
}

#[test]
fn overdue_is_past_due_and_not_finished() {
    let today = d(11, 23);
    assert!(is_overdue(Status::Open, d(11, 22), today));
    assert!(is_overdue(Status::InProgress, d(11, 1), today));
    // Due today is not late yet.
    assert!(!is_overdue(Status::Open, today, today));
    assert!(!is_overdue(Status::Done, d(11, 1), today));
    assert!(!is_overdue(Status::Verified, d(11, 1), today));
}

#[test]
fn standing_counts_done_on_time_late_overdue() {
    let today = d(11, 23);
    let due = d(11, 20);
    assert_eq!(
        standing(Status::Done, due, Some(d(11, 20)), today),
        Standing::DoneOnTime
    );
    assert_eq!(
        standing(Status::Verified, due, Some(d(11, 21)), today),
        Standing::DoneLate
    );
    assert_eq!(standing(Status::Open, due, None, today), Standing::Overdue);
    assert_eq!(
        standing(Status::InProgress, d(11, 30), None, today),
        Standing::NotYetDue
    );
}

#[test]
fn departments_parse_from_codes_labels_and_numbers() {
    assert_eq!(Department::parse("2"), Some(Department::Service));
    assert_eq!(Department::parse("配件"), Some(Department::Parts));
    assert_eq!(Department::parse("front desk"), Some(Department::FrontDesk));
    assert_eq!(Department::parse("front_desk"), Some(Department::FrontDesk));
    assert_eq!(Department::parse("9"), None);
    assert_eq!(Department::parse("0"), None);
    assert_eq!(Department::parse("workshop"), None);
    for dep in Department::ALL {
        assert_eq!(Department::from_code(dep.code()), Some(dep));
    }
}

#[test]
fn a_new_action_names_what_it_lacks() {
    let today = d(11, 23);
    assert!(missing("漆面色差", Some(1), Some(today), today, Lang::Zh).is_empty());
    let m = missing(" ", None, Some(d(11, 22)), today, Lang::En);
    assert_eq!(m.len(), 3);
    assert!(m[2].contains("not before today"));
}

fn vc(id: i64, category: Category, station: &str, received: NaiveDate) -> ValidComplaint {
    ValidComplaint {
        id,
        category,
        station: station.into(),
        received,
    }
}

#[test]
fn three_of_a_category_in_thirty_days_propose_an_order() {
    let rule = RecurRule::default();
    let today = d(11, 23);
    let list = [
        vc(1, Category::RepairQuality, "", d(10, 25)), // day 30 of the window: counts
        vc(2, Category::RepairQuality, "", d(11, 10)),
        vc(3, Category::Attitude, "", d(11, 12)),
        vc(4, Category::RepairQuality, "", d(11, 20)),
        vc(5, Category::RepairQuality, "", d(10, 24)), // day 31: outside
    ];
    assert_eq!(rule.window_start(today), d(10, 25));
    let p = recur::proposals(rule, &list, &[], today);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key, Key::Category(Category::RepairQuality));
    assert_eq!(p[0].complaint_ids, vec![1, 2, 4]);
    assert_eq!(p[0].key.department(), Department::Service);
    // Two are not enough.
    let p = recur::proposals(rule, &list[1..], &[], today);
    assert!(p.is_empty());
    // The setting decides.
    let p = recur::proposals(RecurRule { count: 2, days: 7 }, &list, &[], today);
    assert!(p.is_empty(), "only one in the last 7 days: {p:?}");
}

#[test]
fn one_station_of_mixed_categories_proposes_too() {
    let rule = RecurRule::default();
    let today = d(11, 23);
    let list = [
        vc(1, Category::Attitude, "二号店", d(11, 1)),
        vc(2, Category::Timeliness, "二号店", d(11, 2)),
        vc(3, Category::Pricing, "二号店", d(11, 3)),
        vc(4, Category::Pricing, "一号店", d(11, 3)),
    ];
    let p = recur::proposals(rule, &list, &[], today);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key, Key::Station("二号店".into()));
    assert_eq!(p[0].complaint_ids, vec![1, 2, 3]);
    assert!(p[0].summary(rule, Lang::Zh).contains("二号店"));
    assert!(p[0].summary(rule, Lang::En).contains("3 valid complaints"));
}

#[test]
fn a_dismissed_set_is_not_proposed_again_but_a_new_complaint_reopens_it() {
    let rule = RecurRule::default();
    let today = d(11, 23);
    let mut list = vec![
        vc(1, Category::PartsSupply, "", d(11, 1)),
        vc(2, Category::PartsSupply, "", d(11, 2)),
        vc(3, Category::PartsSupply, "", d(11, 3)),
    ];
    let key = Key::Category(Category::PartsSupply);
    let dismissed = [Decided {
        key: key.clone(),
        ids: vec![1, 2, 3],
        accepted: false,
    }];
    assert!(recur::proposals(rule, &list, &dismissed, today).is_empty());
    list.push(vc(9, Category::PartsSupply, "", d(11, 20)));
    let p = recur::proposals(rule, &list, &dismissed, today);
    assert_eq!(p[0].complaint_ids, vec![1, 2, 3, 9]);
    assert_eq!(p[0].key.department(), Department::Parts);
}

#[test]
fn complaints_an_accepted_order_covers_do_not_count_again() {
    let rule = RecurRule::default();
    let today = d(11, 23);
    let mut list = vec![
        vc(1, Category::Timeliness, "", d(11, 1)),
        vc(2, Category::Timeliness, "", d(11, 2)),
        vc(3, Category::Timeliness, "", d(11, 3)),
        vc(4, Category::Timeliness, "", d(11, 4)),
    ];
    let accepted = [Decided {
        key: Key::Category(Category::Timeliness),
        ids: vec![1, 2, 3],
        accepted: true,
    }];
    assert!(recur::proposals(rule, &list, &accepted, today).is_empty());
    list.push(vc(5, Category::Timeliness, "", d(11, 5)));
    list.push(vc(6, Category::Timeliness, "", d(11, 6)));
    let p = recur::proposals(rule, &list, &accepted, today);
    assert_eq!(p[0].complaint_ids, vec![4, 5, 6]);
}

#[test]
fn keys_and_id_sets_round_trip() {
    for k in [
        Key::Category(Category::RepairQuality),
        Key::Station("一号店:东".into()),
    ] {
        assert_eq!(Key::from_code(&k.code()), Some(k));
    }
    assert_eq!(Key::from_code("station:"), None);
    assert_eq!(Key::from_code("bogus"), None);
    assert_eq!(
        recur::ids_from_code(&recur::ids_code(&[3, 7, 12])),
        vec![3, 7, 12]
    );
    assert_eq!(recur::ids_from_code("12,3"), vec![3, 12]);
}
