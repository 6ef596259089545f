//! The booking form and the small forms of a booking's detail (complete, cancel), and
//! reading each into the request the app carries out.

use super::{BookAsk, Cmd, StepForm};
use crate::domain::appointments::{
    Availability, CancelReason, CancelledBy, Channel, Completion, FreeSlot, Part, ReminderOutcome,
    StoreSetup, Transition, Transport,
};
use crate::domain::archive::RepairKind;
use crate::i18n::Lang;
use crate::store::appointments::Booking;
use crate::ui::widgets::form::{Field, Form};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The booking form. Real defaults (the shown day, waiting in the store, a phone booking)
/// are values, drawn apart from the grey hints and replaced by the first key typed.
pub fn book_form(setup: &StoreSetup, day: NaiveDate, lang: Lang) -> Form {
    Form::new(vec![
        Field::new("customer", "客户", "Customer")
            .required()
            .hints("手机尾号/车牌/拼音", "phone tail/plate/pinyin"),
        // The time first: most bookings are for the day shown, which the date holds.
        // A format, not a time: a grey `10:00` reads as one filled in.
        Field::new("time", "时间", "Time")
            .required()
            .hints("时:分", "hh:mm"),
        Field::new("date", "日期", "Date")
            .required()
            .default_value(&day.format("%Y-%m-%d").to_string()),
        Field::new(super::services::FIELD, "服务项目", "Services")
            .required()
            .hints(
                "编号或名称，如 1,3（见下）",
                "numbers or names, e.g. 1,3 (below)",
            ),
        Field::new("need", "客户需求", "Need"),
        // Picked from the store's advisors and bays (0: any free one, the default).
        staff_choice(
            "advisor",
            "服务顾问",
            "Advisor",
            &setup.advisors,
            any_free(lang),
        ),
        staff_choice("bay", "工位", "Bay", &setup.bays, any_free(lang)),
        Field::new("minutes", "时长(分钟)", "Minutes")
            .hints("空 = 按服务项目", "empty = by the services"),
        // Choices in the user's language (a digit or ←/→), read back as their codes.
        Field::new("transport", "交通方式", "Transport")
            .choices(
                Transport::ALL
                    .map(|t| (t.code(), t.label(lang).into()))
                    .into(),
            )
            .default_value(Transport::Wait.label(lang)),
        Field::new("parts", "配件", "Parts").hints(
            "刹车片:有货:380; 滤芯:2026-11-30:50",
            "brake pads:stock:380; filter:2026-11-30:50",
        ),
        Field::new("channel", "渠道", "Channel")
            .choices(
                Channel::ALL
                    .map(|c| (c.code(), c.label(lang).into()))
                    .into(),
            )
            .default_value(Channel::Phone.label(lang)),
        Field::new("overbook", "超约理由", "Overbook reason").hints(
            "主管填写可超出工位/顾问容量",
            "supervisors only: over capacity",
        ),
        Field::new("items", "维修项目", "Requested items")
            .hints("换机油,四轮定位", "oil change,wheel alignment"),
        Field::new("history", "使用/保养史", "Usage/maintenance")
            .hints("首次来店客户填写", "first visit"),
        Field::new("declined", "谢绝/延后", "Declined/deferred").hints(
            "刹车片:价格高; 延后:轮胎:下月",
            "brake pads:too dear; later:tyres:next month",
        ),
        Field::new("new_car", "新客户车辆", "New customer's car").hints(
            "车牌,车架号,车型（客户栏填 姓名 手机）",
            "plate,VIN,model (customer: name phone)",
        ),
    ])
}

/// The word of the advisor and bay choices' first option, stored as none named.
fn any_free(lang: Lang) -> &'static str {
    lang.t("自动安排", "any free")
}

/// A choice among the store's advisors or bays by name (stored by name, as typed before),
/// after a first option (`first`, numbered 0 and the default) that names none.
fn staff_choice(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    names: &[String],
    first: &str,
) -> Field {
    let options = std::iter::once((String::new(), first.to_string()))
        .chain(names.iter().map(|n| (n.clone(), crate::text::inert(n))))
        .collect();
    Field::new(key, zh, en)
        .choices::<String>(options)
        .default_value(first)
}

/// The advisors and bays chosen: each its name, empty for the first option (any, or
/// unchanged); a text none of the options (a name no longer in the setup) is marked.
fn staff(f: &mut Form, lang: Lang) -> [String; 2] {
    ["advisor", "bay"].map(|key| match f.code(key) {
        Some(name) => name.to_string(),
        None => {
            if !f.get(key).is_empty() {
                f.set_error(key, lang.t("不在门店设置中", "not in the setup").into());
            }
            String::new()
        }
    })
}

/// Takes an offered free slot: its date, time, advisor and bay become the form's (shown
/// as defaults: the next key typed in one replaces it).
pub fn take_slot(f: &mut Form, slot: &FreeSlot) {
    for (key, v) in [
        ("date", slot.local.format("%Y-%m-%d").to_string()),
        ("time", slot.local.format("%H:%M").to_string()),
        ("advisor", slot.advisor.clone()),
        ("bay", slot.bay.clone()),
    ] {
        if let Some(x) = f.fields.iter_mut().find(|x| x.key == key) {
            x.set_default(&v);
            x.error = None;
        }
    }
}

/// Moving a booking: the new time, and optionally another advisor or bay.
/// The booking's time is the default (drawn as one: typing replaces it).
pub fn reschedule_form(b: &Booking, setup: &StoreSetup, lang: Lang) -> Form {
    let now = crate::domain::appointments::local(setup.tz, b.row.start);
    let same = lang.t("不变", "unchanged");
    Form::new(vec![
        Field::new("when", "新时间", "New time")
            .required()
            .default_value(&now.format("%Y-%m-%d %H:%M").to_string())
            .datetime_hint(),
        staff_choice("advisor", "服务顾问", "Advisor", &setup.advisors, same),
        staff_choice("bay", "工位", "Bay", &setup.bays, same),
        Field::new("note", "改期原因", "Why").required(),
        Field::new("overbook", "超约理由", "Overbook reason").hints("主管填写", "supervisors only"),
    ])
}

/// Splits a list typed with any of , ， 、 ; ； or spaces.
fn list(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；', ' '])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// The start from the date and time fields; a whole "date time" typed in the time field
/// counts too.
/// Err: the key of the field to correct.
fn parse_start(date: &str, time: &str) -> Result<NaiveDateTime, &'static str> {
    let day = ["%Y-%m-%d", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(date.trim(), f).ok());
    match (day, parse_when(time, day)) {
        (_, Some(t)) => Ok(t),
        (None, _) => Err("date"),
        (Some(_), None) => Err("time"),
    }
}

fn parse_when(s: &str, day: Option<NaiveDate>) -> Option<NaiveDateTime> {
    let s = s.trim();
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H%M", "%Y/%m/%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    let t = NaiveTime::parse_from_str(s, "%H:%M").ok()?;
    Some(day?.and_time(t))
}

fn yuan_to_fen(s: &str) -> Option<i64> {
    let v: f64 = s.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| (v * 100.0).round() as i64)
}

/// `name:stock|date|?:price` items separated by `;`.
fn parse_parts(s: &str) -> Result<Vec<Part>, String> {
    let mut out = Vec::new();
    for item in s
        .split([';', '；'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
    {
        let bits: Vec<&str> = item.split([':', '：']).map(str::trim).collect();
        let name = bits.first().copied().unwrap_or("").to_string();
        let availability = match bits.get(1).copied().unwrap_or("") {
            "stock" | "有货" | "库存" | "有库存" => Availability::InStock,
            "" | "?" | "unknown" | "待查" => Availability::Unknown,
            d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(expected) => Availability::ToOrder { expected },
                Err(_) => return Err(item.to_string()),
            },
        };
        let quote_fen = match bits.get(2) {
            None | Some(&"") => 0,
            Some(p) => yuan_to_fen(p).ok_or_else(|| item.to_string())?,
        };
        out.push(Part {
            name,
            availability,
            quote_fen,
        });
    }
    Ok(out)
}

/// Reads the booking form; None with the errors shown in it.
pub fn read_book(f: &mut Form, setup: &StoreSetup, lang: Lang) -> Option<BookAsk> {
    f.clear_errors();
    let required = lang.t("必填", "required").to_string();
    let customer = f.get("customer").to_string();
    if customer.is_empty() {
        f.set_error("customer", required.clone());
    }
    let start = parse_start(f.get("date"), f.get("time"));
    // An empty field is named so: beside the grey hint `10:00`, 'as 10:00' read as if
    // the time shown were wrong.
    let missing = |key: &str| f.get(key).trim().is_empty();
    let why = match start {
        Ok(_) => None,
        Err("date") if missing("date") => Some((
            "date",
            lang.t("必填，如 2026-11-24", "required, as 2026-11-24"),
        )),
        Err("date") => Some(("date", lang.t("格式：2026-11-24", "as 2026-11-24"))),
        Err(_) if missing("time") => Some(("time", lang.t("必填，如 10:00", "required, as 10:00"))),
        Err(_) => Some(("time", lang.t("格式：10:00", "as 10:00"))),
    };
    if let Some((key, why)) = why {
        f.set_error(key, why.into());
    }
    let start = start.ok();
    let services = match super::services::parse(setup, f.get(super::services::FIELD)) {
        Ok(codes) if codes.is_empty() => {
            f.set_error(super::services::FIELD, required);
            codes
        }
        Ok(codes) => codes,
        Err(unknown) => {
            f.set_error(
                super::services::FIELD,
                format!("{}{}", lang.t("未知：", "unknown: "), unknown.join(",")),
            );
            Vec::new()
        }
    };
    // Picked from the setup's (a slot taken after a clash names one of them too).
    let [advisor, bay] = staff(f, lang);
    let minutes = match f.get("minutes") {
        "" => None,
        m => match m.parse::<u32>() {
            Ok(m) if m > 0 => Some(m),
            _ => {
                f.set_error("minutes", lang.t("请填分钟数", "minutes, e.g. 90").into());
                None
            }
        },
    };
    // Choices: one of their options, or left empty (the usual: waiting, by phone).
    let tr = f.code("transport").and_then(Transport::from_code);
    let ch = f.code("channel").and_then(Channel::from_code);
    let parts = match parse_parts(f.get("parts")) {
        Ok(p) => p,
        Err(item) => {
            f.set_error(
                "parts",
                format!("{}{item}", lang.t("看不懂：", "unclear: ")),
            );
            Vec::new()
        }
    };
    if f.fields.iter().any(|x| x.error.is_some()) {
        f.message = Some((
            lang.t(
                "未保存：请改正标出的栏目",
                "Not saved: please correct the marked fields",
            )
            .into(),
            true,
        ));
        f.focus_first_error();
        return None;
    }
    Some(BookAsk {
        customer,
        picked: None,
        start: start?,
        services,
        need: f.get("need").to_string(),
        advisor,
        bay,
        minutes,
        transport: tr.unwrap_or_default(),
        parts,
        channel: ch.unwrap_or_default(),
        parts_late_ok: false,
        overbook: Some(f.get("overbook").to_string()).filter(|s| !s.is_empty()),
        items: list(f.get("items")),
        history: f.get("history").to_string(),
        declined: f
            .get("declined")
            .split([';', '；'])
            .filter_map(|x| {
                let x = x.trim();
                let (deferred, x) = match x
                    .strip_prefix("later:")
                    .or_else(|| x.strip_prefix("延后:"))
                    .or_else(|| x.strip_prefix("延后："))
                {
                    Some(rest) => (true, rest),
                    None => (false, x),
                };
                let (item, reason) = x.split_once([':', '：'])?;
                Some((item.trim().to_string(), deferred, reason.trim().to_string()))
            })
            .collect(),
        new_car: {
            let parts: Vec<String> = f
                .get("new_car")
                .split([',', '，'])
                .map(|s| s.trim().to_string())
                .collect();
            match parts.as_slice() {
                [plate, vin, model] if !vin.is_empty() => {
                    Some((plate.clone(), vin.clone(), model.clone()))
                }
                _ => None,
            }
        },
    })
}

pub fn complete_form(b: &Booking) -> Form {
    let items = b.items.join(",");
    Form::new(vec![
        Field::new("ro", "工单号", "RO number").hints("空 = 自动编号", "empty = next free"),
        Field::new("kind", "类别", "Kind").hints(
            "保养/维修/保修/事故",
            "maintenance/repair/warranty/accident",
        ),
        Field::new("items", "维修项目", "Items")
            .value(&items)
            .hints(
                "逗号分隔；空 = 按预约",
                "comma-separated; empty = as booked",
            ),
        // Examples said as such: a bare grey `380.00` read as an amount filled in, and
        // Ctrl-S then answered "fill in the amount" beside it.
        Field::new("amount", "金额(元)", "Amount (yuan)")
            .required()
            .hints("如 380.00", "e.g. 380.00"),
        Field::new("mileage", "里程(km)", "Mileage (km)")
            .required()
            .hints("如 42000", "e.g. 42000"),
    ])
}

pub fn cancel_form() -> Form {
    Form::new(vec![
        Field::new("reason", "原因", "Reason")
            .required()
            .hints("1-9（见下）", "1-9 (see below)"),
        Field::new("note", "备注", "Note").required().multiline(2),
        Field::new("by", "取消方", "Cancelled by").hints("客户/门店", "customer/store"),
    ])
}

pub fn reminder_form() -> Form {
    Form::new(vec![
        Field::new("outcome", "结果", "Outcome").required().hints(
            "1 已发送 2 确认 3 改期 4 联系不上 5 取消",
            "1 sent 2 confirmed 3 reschedule 4 unreachable 5 cancel",
        ),
        Field::new("reason", "取消原因", "Reason").hints("取消时填 1-9", "1-9 when cancelled"),
        Field::new("note", "备注", "Note").multiline(2),
    ])
}

fn cancel_reason(r: &str) -> Option<CancelReason> {
    r.parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| CancelReason::ALL.get(i).copied())
        .or_else(|| CancelReason::from_code(r))
        .or_else(|| {
            CancelReason::ALL
                .into_iter()
                .find(|c| c.label(Lang::Zh) == r || c.label(Lang::En) == r)
        })
}

/// Reads a step form; None with the errors shown in it.
/// `version` is the booking's as the page showed it (the step is refused when another
/// agent's came first).
pub fn read_step(kind: StepForm, f: &mut Form, lang: Lang, version: i64) -> Option<Cmd> {
    f.clear_errors();
    let step = |id: i64, t: Transition| {
        Some(Cmd::Step {
            id,
            version,
            step: t,
            page: true,
        })
    };
    match kind {
        StepForm::Reminder(id) => {
            let outcome = match f.get("outcome") {
                "1" | "sent" | "已发送" => Some(ReminderOutcome::Sent),
                "2" | "confirmed" | "确认" => Some(ReminderOutcome::Confirmed),
                "3" | "reschedule" | "改期" => Some(ReminderOutcome::Reschedule),
                "4" | "unreachable" | "联系不上" => Some(ReminderOutcome::Unreachable),
                "5" | "cancel" | "cancelled" | "取消" => match cancel_reason(f.get("reason")) {
                    Some(reason) => Some(ReminderOutcome::Cancel {
                        reason,
                        note: f.get("note").to_string(),
                    }),
                    None => {
                        f.set_error("reason", lang.t("请填 1-9", "enter 1-9").into());
                        f.focus_first_error();
                        return None;
                    }
                },
                _ => None,
            };
            let Some(outcome) = outcome else {
                f.set_error("outcome", lang.t("请填 1-5", "enter 1-5").into());
                return None;
            };
            Some(Cmd::Reminder {
                id,
                version,
                outcome,
            })
        }
        StepForm::Complete(id) => {
            let amount = yuan_to_fen(f.get("amount"));
            if amount.is_none() {
                f.set_error("amount", lang.t("请填金额", "enter the amount").into());
            }
            let mileage = f.get("mileage").parse::<u32>().ok();
            if mileage.is_none() {
                f.set_error("mileage", lang.t("请填里程", "enter the mileage").into());
            }
            let kind = match f.get("kind") {
                "" | "maintenance" | "保养" => Some(RepairKind::Maintenance),
                "repair" | "维修" => Some(RepairKind::Repair),
                "warranty" | "保修" | "索赔" => Some(RepairKind::Warranty),
                "accident" | "事故" => Some(RepairKind::Accident),
                _ => None,
            };
            if kind.is_none() {
                f.set_error(
                    "kind",
                    lang.t(
                        "保养/维修/保修/事故",
                        "maintenance/repair/warranty/accident",
                    )
                    .into(),
                );
            }
            let ro = f.get("ro").to_string();
            let c = Completion {
                ro_number: (!ro.is_empty()).then_some(ro),
                kind: kind?,
                items: list(f.get("items")),
                amount_fen: amount?,
                mileage_km: mileage?,
            };
            step(id, Transition::Complete(c))
        }
        StepForm::Reschedule(id) => {
            let when = f.get("when").to_string();
            let start = NaiveDateTime::parse_from_str(&when, "%Y-%m-%d %H:%M").ok();
            if start.is_none() {
                f.set_error("when", "2026-11-24 10:00".into());
            }
            if f.get("note").is_empty() {
                f.set_error("note", lang.t("必填", "required").into());
            }
            let [advisor, bay] = staff(f, lang);
            if f.fields.iter().any(|x| x.error.is_some()) {
                f.focus_first_error();
                return None;
            }
            let opt = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
            Some(Cmd::Reschedule {
                id,
                version,
                start: start?,
                advisor: opt(&advisor),
                bay: opt(&bay),
                note: f.get("note").to_string(),
                overbook: opt(f.get("overbook")),
            })
        }
        StepForm::Cancel(id) => {
            let r = f.get("reason");
            let reason = cancel_reason(r);
            if reason.is_none() {
                f.set_error("reason", lang.t("请填 1-9", "enter 1-9").into());
            }
            if f.get("note").is_empty() {
                f.set_error("note", lang.t("必填", "required").into());
            }
            let by = match f.get("by") {
                "" | "customer" | "客户" => Some(CancelledBy::Customer),
                "store" | "门店" => Some(CancelledBy::Store),
                _ => None,
            };
            if by.is_none() {
                f.set_error("by", lang.t("客户/门店", "customer/store").into());
            }
            if f.fields.iter().any(|x| x.error.is_some()) {
                f.focus_first_error();
                return None;
            }
            step(
                id,
                Transition::Cancel {
                    reason: reason?,
                    note: f.get("note").to_string(),
                    by: by?,
                },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_lists() {
        let p = parse_parts("刹车片:stock:380; 滤芯:2026-11-30:50.5").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].availability, Availability::InStock);
        assert_eq!(p[0].quote_fen, 38000);
        assert_eq!(p[1].quote_fen, 5050);
        assert!(parse_parts("x:soon:1").is_err());
        assert_eq!(list("a, b，c、d"), vec!["a", "b", "c", "d"]);
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let ten = Some(day.and_hms_opt(10, 0, 0).unwrap());
        assert_eq!(parse_when("10:00", Some(day)), ten);
        assert_eq!(parse_when("2026-11-24 10:00", None), ten);
        assert_eq!(parse_start("2026-11-24", "10:00").ok(), ten);
        assert_eq!(parse_start("2026/11/24", "10:00").ok(), ten);
        assert_eq!(parse_start("", "2026-11-24 10:00").ok(), ten);
        assert_eq!(parse_start("24.11.", "10:00"), Err("date"));
        assert_eq!(parse_start("2026-11-24", "10"), Err("time"));
    }

    #[test]
    fn an_empty_time_is_required_not_a_wrong_format() {
        let setup = StoreSetup::builtin();
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            for (typed, zh, en) in [
                ("", "必填，如 10:00", "required, as 10:00"),
                ("10", "格式：10:00", "as 10:00"),
            ] {
                let mut f = book_form(&setup, day, lang);
                let at = f.fields.iter().position(|x| x.key == "time").unwrap();
                f.fields[at].set_text(typed);
                assert!(read_book(&mut f, &setup, lang).is_none());
                assert_eq!(
                    f.fields[at].error.as_deref(),
                    Some(lang.t(zh, en)),
                    "{typed:?}"
                );
            }
        }
    }
}
