//! Every built-in call template round-trips through the store; correcting an answer moves
//! its follow-up.

mod calls_store_fx;

use calls_store_fx::*;
use chrono::Duration;
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::templates::{FieldKind, Group, Template, TemplateSet};
use frontdesk::i18n::Lang;
use frontdesk::store::calls::{self, NewCall};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- every template

/// A valid value for every field of a template, by kind.
fn full_values(t: &Template) -> BTreeMap<String, String> {
    t.fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let v = match &f.kind {
                FieldKind::Text => format!("{}{i}", f.label_zh),
                FieldKind::Date | FieldKind::MonthDay => format!("2025-0{}-1{}", 1 + i % 9, i % 10),
                FieldKind::Number { .. } => format!("{}", 35000 + i),
                FieldKind::Choice(options) => options[0].clone(),
                FieldKind::YesNo => "有".to_string(),
            };
            (f.key.clone(), v)
        })
        .collect()
}

#[test]
fn every_builtin_template_round_trips_through_the_store() {
    let (_dir, _path, mut db) = new_db();
    let set = TemplateSet::builtin();
    assert!(set.len() >= 12, "{} templates", set.len());
    for (n, t) in set.all().iter().enumerate() {
        let values = full_values(t);
        assert!(t.missing_required(&values).is_empty(), "{}", t.id);
        assert!(t.check_values(Lang::Zh, &values).is_empty(), "{}", t.id);
        assert_eq!(t.completeness(&values), 100, "{}", t.id);
        let sentence = t.render(Lang::Zh, &values);
        assert!(
            !sentence.contains('{') && !sentence.contains('('),
            "{}: {sentence}",
            t.id
        );
        let started = t0() + Duration::minutes(n as i64);
        let c = NewCall {
            customer_id: None,
            vehicle_id: None,
            direction: Direction::Outbound,
            channel: Channel::Email,
            template_id: t.id.clone(),
            template_version: t.version,
            group: t.group,
            fields: values.clone(),
            sentence: sentence.clone(),
            resolved: true,
            completeness: t.completeness(&values),
            started_at: started,
        };
        let saved = calls::save(&mut db, at(started + Duration::seconds(90)), &c).unwrap();
        assert_eq!(
            saved.rescue_id.is_some(),
            t.group == Group::Rescue,
            "{}",
            t.id
        );
        assert_eq!(
            saved.complaint_id.is_some(),
            t.group == Group::Complaint,
            "{}",
            t.id
        );
        let d = calls::get(db.conn(), saved.call_id).unwrap();
        assert_eq!(d.fields, values, "{}", t.id);
        assert_eq!(d.row.sentence, sentence, "{}", t.id);
        assert_eq!(d.row.template_id, t.id);
        assert_eq!(d.template_version, t.version);
        assert_eq!(d.row.group, t.group);
        assert_eq!(d.row.direction, Direction::Outbound);
        assert_eq!(d.row.channel, Channel::Email);
        assert_eq!(d.row.completeness, 100);
        assert_eq!(d.row.started_at, started);
        assert_eq!(d.row.duration_s, 90);
        assert_eq!(d.version, 1);
    }
    let n: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, set.len() as i64);
}

#[test]
fn correcting_the_answer_moves_the_follow_up() {
    use frontdesk::domain::calls::{Channel, Direction};
    use frontdesk::domain::templates::TemplateSet;
    use frontdesk::store::{Actor, Db, calls};
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("s.db")).unwrap();
    let t0 = chrono::Utc::now();
    let set = TemplateSet::builtin();
    let t = set.get("consult_part_price").unwrap();
    let mut values = std::collections::BTreeMap::new();
    for (k, v) in [
        ("region", "深圳"),
        ("brand", "大众"),
        ("part", "雨刮"),
        ("price", "80"),
    ] {
        values.insert(k.to_string(), v.to_string());
    }
    let call = calls::NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        sentence: t.render(frontdesk::i18n::Lang::Zh, &values),
        completeness: t.completeness(&values),
        fields: values.clone(),
        resolved: false,
        started_at: t0,
    };
    let actor = Actor {
        agent_id: None,
        at: t0,
    };
    let id = calls::save(&mut db, actor, &call).unwrap().call_id;
    assert_eq!(calls::open_follow_ups(db.conn(), 10).unwrap().len(), 1);
    // Corrected to "solved on the spot": no follow-up left.
    calls::correct(&mut db, actor, id, 1, &values, &call.sentence, true, 100).unwrap();
    assert!(calls::open_follow_ups(db.conn(), 10).unwrap().is_empty());
    // And back: due 24 h after the correction.
    let later = Actor {
        agent_id: None,
        at: t0 + chrono::Duration::hours(2),
    };
    calls::correct(&mut db, later, id, 2, &values, &call.sentence, false, 100).unwrap();
    let open = calls::open_follow_ups(db.conn(), 10).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        open[0].follow_up_due.unwrap().timestamp(),
        (later.at + chrono::Duration::hours(24)).timestamp()
    );
}
