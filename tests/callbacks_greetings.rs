//! Holiday greetings planned exactly as the rule says, on a real store file: one task per
//! customer and live holiday, with the rule's window and channel and the skip reason of a
//! customer who may not be contacted, each with a uuid of its own; planning again adds
//! nothing. Skip reasons case by case are in `callbacks.rs`.

mod callbacks_fx;

use callbacks_fx::*;
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{self as dc, Kind, Rules};
use frontdesk::store::callbacks as cb;
use std::collections::BTreeSet;

/// The greetings as stored: customer, then period, anchor, due, window start and end,
/// channel, status and skip reason in one line.
fn greetings(s: &Store) -> BTreeSet<(i64, String)> {
    let mut st =
        s.db.conn()
            .prepare(
                "SELECT customer_id, period || ' ' || anchor_date || ' ' || due_date || ' '
                    || window_start || ' ' || window_end || ' ' || channel || ' ' || status
                    || ' ' || coalesce(skip_reason, '-')
                 FROM callback_tasks WHERE kind = 'holiday'",
            )
            .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn greetings_are_one_per_customer_and_live_holiday_as_the_rule_says_and_planned_once() {
    let mut s = store();
    let mut open = Vec::new();
    for _ in 0..5 {
        open.push(s.car().0);
    }
    let no_mobile = s.customer(None, None, false);
    let opted_out = s.car().0;
    cb::set_do_not_contact(
        &mut s.db,
        sys(),
        opted_out,
        None,
        Some(Kind::Holiday),
        true,
        "",
    )
    .unwrap();
    // A horizon of 30 days: Mid-Autumn (25 September) and National Day (1 October) are
    // both planned in the one run.
    let mut rules = Rules::builtin();
    rules.settings.plan_ahead_days = 30;
    let today = d("2026-09-20");
    let r = s.plan_with("2026-09-20", &rules);

    let rule = rules
        .rules
        .iter()
        .find(|r| r.kind == Kind::Holiday)
        .unwrap();
    let cal = BusinessCalendar::builtin();
    let (lo, hi) = rule.timing.anchor_range(today, 30);
    let mut expected = BTreeSet::new();
    let mut periods = Vec::new();
    for (h, date) in dc::holidays_between(&rules.holidays, lo, hi) {
        let w = rule.timing.window(date, &cal, rule.move_off_holidays);
        if !w.is_live(today, 30) {
            continue;
        }
        let period = format!("{}:{}", date.format("%Y"), h.id);
        periods.push(period.clone());
        let day = |x: chrono::NaiveDate| x.format("%Y-%m-%d").to_string();
        let mut add = |c: i64, status: &str, reason: &str| {
            let line = [
                period.clone(),
                day(w.anchor),
                day(w.due),
                day(w.start),
                day(w.end),
                rule.channel.code().to_string(),
                status.to_string(),
                reason.to_string(),
            ];
            expected.insert((c, line.join(" ")));
        };
        for &c in &open {
            add(c, "open", "-");
        }
        add(no_mobile, "skipped", "no_mobile");
        add(opted_out, "skipped", "do_not_contact");
    }
    assert_eq!(periods, ["2026:mid_autumn", "2026:national_day"]);
    assert_eq!(greetings(&s), expected);
    assert_eq!(r.created.get(&Kind::Holiday), Some(&10));
    assert_eq!(r.skipped.get(&Kind::Holiday), Some(&4));

    // Every greeting has a uuid of its own, a version 7 one as every other record.
    let uuids: Vec<String> = {
        let mut st =
            s.db.conn()
                .prepare("SELECT uuid FROM callback_tasks WHERE kind = 'holiday'")
                .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(uuids.len(), 14);
    assert_eq!(uuids.iter().collect::<BTreeSet<_>>().len(), 14);
    for u in &uuids {
        let parsed = uuid::Uuid::parse_str(u).unwrap();
        assert_eq!(parsed.get_version_num(), 7, "{u}");
        assert_eq!(parsed.to_string(), *u);
    }

    // Planning again, that day and the next, adds nothing and changes nothing.
    assert!(!s.plan_with("2026-09-20", &rules).changed());
    let r = s.plan_with("2026-09-21", &rules);
    assert_eq!(r.created_total() + r.skipped_total(), 0);
    assert_eq!(greetings(&s), expected);
}
