//! The event form and the answer form: built from an event (or empty), checked before
//! they are sent, each problem shown beside its field in the user's language.

use crate::domain::callbacks::Channel;
use crate::domain::events::{
    Answer, EventData, EventKind, Rsvp, START_FORMAT, TargetRule, validate,
};
use crate::i18n::Lang;
use crate::ui::widgets::form::{Field, Form};

/// The yes / no choice of the VIP field: codes `y` / `n`.
fn yes_no(lang: Lang) -> Vec<(&'static str, String)> {
    vec![
        ("n", lang.t("否", "no").to_string()),
        ("y", lang.t("是", "yes").to_string()),
    ]
}

fn fields(lang: Lang) -> Vec<Field> {
    // Kind, channel and VIP are choices: their value shows in words (知识讲座, 电话, 否), the
    // options numbered beside it, never a bare digit that says nothing.
    let kinds = EventKind::ALL
        .map(|k| (k.code(), k.label(lang).to_string()))
        .to_vec();
    let channels = [Channel::Call, Channel::Sms]
        .map(|c| (c.code(), c.label(lang).to_string()))
        .to_vec();
    vec![
        Field::new("title", "活动名称", "Title").required(),
        Field::new("kind", "类型", "Kind")
            .required()
            .choices(kinds)
            .default_value(EventKind::Talk.label(lang)),
        Field::new("starts_at", "时间", "Starts at")
            .required()
            .datetime_hint(),
        Field::new("place", "地点", "Place").required(),
        Field::new("capacity", "名额", "Capacity")
            .required()
            .value("30"),
        Field::new("channel", "邀约方式", "Invite by")
            .choices(channels)
            .default_value(Channel::Call.label(lang)),
        Field::new("brand", "目标品牌", "Target brand"),
        Field::new("model", "目标车型", "Target model"),
        Field::new("age", "车龄（年）", "Car age (y)")
            .hints("如 1-3（可不填）", "e.g. 1-3 (optional)"),
        Field::new("vip", "仅VIP", "VIP only")
            .choices(yes_no(lang))
            .default_value(lang.t("否", "no")),
        Field::new("region", "地区/城市", "Region/city"),
        Field::new("notes", "备注", "Notes"),
    ]
}

/// An empty event form.
pub fn empty(lang: Lang) -> Form {
    Form::new(fields(lang))
}

/// The form holding an event's values.
pub fn filled(e: &EventData, lang: Lang) -> Form {
    let mut fs = fields(lang);
    for f in &mut fs {
        let v = match f.key.as_ref() {
            "title" => e.title.clone(),
            "kind" => e.kind.label(lang).to_string(),
            "starts_at" => e.starts_at.format(START_FORMAT).to_string(),
            "place" => e.place.clone(),
            "capacity" => e.capacity.to_string(),
            "channel" => e.channel.label(lang).to_string(),
            "brand" => e.target.brand.clone(),
            "model" => e.target.model.clone(),
            "age" => e.target.age_text(),
            "vip" => if e.target.vip_only {
                lang.t("是", "yes")
            } else {
                lang.t("否", "no")
            }
            .to_string(),
            "region" => e.target.region.clone(),
            "notes" => e.notes.clone(),
            _ => continue,
        };
        f.set_text(&v);
    }
    Form::new(fs)
}

fn fail(f: &mut Form, key: &str, msg: String) -> Option<EventData> {
    f.set_error(key, msg);
    f.focus_first_error();
    None
}

/// The event from the form, or None with the form saying what is wrong.
pub fn event(f: &mut Form, lang: Lang) -> Option<EventData> {
    f.clear_errors();
    let say = |zh: &str, en: &str| lang.t(zh, en).to_string();
    let Some(kind) = f.code("kind").and_then(EventKind::from_code) else {
        return fail(
            f,
            "kind",
            say(
                "1 讲座 2 车友会 3 自驾游 4 其他",
                "1 talk 2 club 3 tour 4 other",
            ),
        );
    };
    let Ok(starts_at) =
        chrono::NaiveDateTime::parse_from_str(f.get("starts_at").trim(), START_FORMAT)
    else {
        return fail(
            f,
            "starts_at",
            say("写成 2026-11-28 14:00", "as 2026-11-28 14:00"),
        );
    };
    let Ok(capacity) = f.get("capacity").trim().parse::<u32>() else {
        return fail(
            f,
            "capacity",
            say("名额为 1–5000 人", "capacity is 1–5000 people"),
        );
    };
    // Left empty: by phone, the usual way.
    let channel = f
        .code("channel")
        .and_then(Channel::from_code)
        .unwrap_or(Channel::Call);
    let (age_min, age_max) = match TargetRule::parse_age(f.get("age")) {
        Ok(a) => a,
        Err((zh, en)) => return fail(f, "age", say(&zh, &en)),
    };
    let vip_only = f.code("vip") == Some("y");
    let e = EventData {
        title: f.get("title").trim().to_string(),
        kind,
        starts_at,
        place: f.get("place").trim().to_string(),
        capacity,
        target: TargetRule {
            brand: f.get("brand").trim().to_string(),
            model: f.get("model").trim().to_string(),
            age_min,
            age_max,
            vip_only,
            region: f.get("region").trim().to_string(),
        },
        channel,
        notes: f.get("notes").trim().to_string(),
    };
    let errors = validate(&e);
    if errors.is_empty() {
        return Some(e);
    }
    for err in errors {
        let key = if err.field == "age" { "age" } else { err.field };
        f.set_error(key, say(&err.zh, &err.en));
    }
    f.focus_first_error();
    None
}

/// The answer form, holding the invitee's answer when there is one.
pub fn answer(current: Option<Answer>, party: u32, lang: Lang) -> Form {
    let answers = [Answer::Yes, Answer::No, Answer::Maybe];
    Form::new(vec![
        // A choice in words (参加 / 不参加 / 待定), numbered beside the value.
        Field::new("answer", "答复", "Answer")
            .required()
            .choices(
                answers
                    .map(|a| (a.code(), a.label(lang).to_string()))
                    .to_vec(),
            )
            .value(current.unwrap_or(Answer::Yes).label(lang)),
        Field::new("party", "人数", "Party size")
            .hint("1-20")
            .value(&party.max(1).to_string()),
    ])
}

/// The answer from the form, or None with the form saying what is wrong.
pub fn rsvp(f: &mut Form, lang: Lang) -> Option<Rsvp> {
    f.clear_errors();
    let Some(a) = f.code("answer").and_then(Answer::from_code) else {
        f.set_error(
            "answer",
            lang.t("1 参加 2 不参加 3 待定", "1 yes 2 no 3 maybe")
                .into(),
        );
        f.focus_first_error();
        return None;
    };
    let party = f.get("party").trim();
    let party = if party.is_empty() {
        Some(1)
    } else {
        party.parse::<u32>().ok()
    };
    match party.map(|p| Rsvp::new(a, p)) {
        Some(Ok(r)) => Some(r),
        _ => {
            f.set_error("party", lang.t("人数 1-20", "1-20 people").into());
            f.focus_first_error();
            None
        }
    }
}
