//! Booking: the customer the form names (picked, found, or created from "name mobile" and
//! the car), a free advisor and bay when none was given, and the store's answer — saved,
//! or refused with the reasons and the free slots offered instead.

use super::super::{BookAsk, Msg};
use super::actor;
use crate::domain::appointments::{self as da, NewBooking, StoreSetup, Want, at_local, local};
use crate::i18n::Lang;
use crate::store::appointments::{self as sa, BookError};
use crate::store::{StoreError, search, vehicles};
use crate::ui::desk::Env;

/// A new customer's "name mobile" whose mobile is already a customer's: who they are.
fn already_a_customer(env: &Env, text: &str) -> Result<Option<search::Hit>, StoreError> {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() != 11 {
        return Ok(None);
    }
    Ok(search::search(env.db.conn(), &digits, 1)?
        .into_iter()
        .find(|h| h.matched == search::MatchKind::Mobile))
}

/// What was created for a new customer before the booking was tried: the customer, and
/// their car once it is on file too.
type Created = Option<(i64, Option<i64>)>;

/// A customer not on file, created from "name mobile" and the car's plate, VIN and
/// model, validated like the archive's forms (all of it before anything is written).
/// Returns them as a search hit; `created` says what is on file, whatever fails after.
fn quick_customer(
    env: &mut Env,
    text: &str,
    car: &(String, String, String),
    created: &mut Created,
) -> Result<search::Hit, String> {
    use crate::domain::validate;
    let lang = env.lang;
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let name: String = text
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '+')
        .collect::<String>()
        .trim()
        .to_string();
    let name = validate::validate_name(&name).map_err(|e| e.message(lang))?;
    let mobile = validate::normalize_mobile(&digits).map_err(|e| e.message(lang))?;
    let v = car_data(car, lang)?;
    let c = crate::domain::archive::CustomerData {
        name: name.clone(),
        mobile: Some(mobile.clone()),
        ..Default::default()
    };
    let cid =
        crate::store::customers::create(env.db, actor(env), &c).map_err(|e| e.message(lang))?;
    *created = Some((cid, None));
    let vid = vehicles::create(env.db, actor(env), cid, &v).map_err(|e| e.message(lang))?;
    *created = Some((cid, Some(vid)));
    Ok(search::Hit {
        customer_id: cid,
        vehicle_id: Some(vid),
        name,
        mobile: Some(mobile),
        plate: v.plate,
        vin: Some(v.vin),
        car: car.2.clone(),
        vehicles: 1,
        matched: search::MatchKind::Recent,
    })
}

/// The new customer's car (plate, VIN, model as typed), validated.
fn car_data(
    car: &(String, String, String),
    lang: Lang,
) -> Result<crate::domain::archive::VehicleData, String> {
    use crate::domain::validate;
    let (vin, check_ok) = validate::normalize_vin(&car.1).map_err(|e| e.message(lang))?;
    let plate = if car.0.is_empty() {
        None
    } else {
        Some(validate::normalize_plate(&car.0).map_err(|e| e.message(lang))?)
    };
    Ok(crate::domain::archive::VehicleData {
        vin,
        vin_check_ok: check_ok,
        plate,
        model: car.2.clone(),
        ..Default::default()
    })
}

fn refused(why: String, note: Option<String>) -> Result<Msg, StoreError> {
    Ok(Msg::BookRefused {
        why,
        confirm: false,
        free: Vec::new(),
        note,
        created: None,
    })
}

/// Books the visit the form asks for; `shown` is who the form says the customer is. A
/// customer (or car) created for it is handed back with every refusal and store error
/// after, so the form holds them as picked and the next try neither creates them again
/// nor refuses their own mobile as taken.
pub(super) fn book(
    env: &mut Env,
    setup: &StoreSetup,
    ask: BookAsk,
    shown: Option<String>,
) -> Result<Msg, StoreError> {
    let mut created = None;
    let result = try_book(env, setup, ask, shown.clone(), &mut created);
    if created.is_none() {
        return result;
    }
    match result {
        Ok(Msg::BookRefused {
            why,
            confirm,
            free,
            note,
            ..
        }) => Ok(Msg::BookRefused {
            why,
            confirm,
            free,
            note,
            created,
        }),
        Err(e) => Ok(Msg::BookRefused {
            why: e.message(env.lang),
            confirm: false,
            free: Vec::new(),
            note: shown,
            created,
        }),
        ok => ok,
    }
}

fn try_book(
    env: &mut Env,
    setup: &StoreSetup,
    ask: BookAsk,
    shown: Option<String>,
    created: &mut Created,
) -> Result<Msg, StoreError> {
    let lang = env.lang;
    let mut note = shown.clone().unwrap_or_default();
    let hit = match (ask.picked, &ask.new_car) {
        // Picked from the list: that customer and car, as the form says; a customer
        // without a car on file (one whose car could not be written last time) gets the
        // car the form names.
        (Some((customer_id, None)), Some(car))
            if vehicles::of_customer(env.db.conn(), customer_id)?.is_empty() =>
        {
            let v = match car_data(car, lang) {
                Ok(v) => v,
                Err(msg) => return refused(msg, shown),
            };
            match vehicles::create(env.db, actor(env), customer_id, &v) {
                Ok(vid) => {
                    *created = Some((customer_id, Some(vid)));
                    super::pick::picked_hit(env, customer_id, Some(vid))?
                }
                Err(e) => return refused(e.message(lang), shown),
            }
        }
        (Some((customer_id, vehicle_id)), _) => {
            super::pick::picked_hit(env, customer_id, vehicle_id)?
        }
        // A new customer, unless their mobile is already a customer's.
        (None, Some(car)) => {
            if let Some(h) = already_a_customer(env, &ask.customer)? {
                let who = crate::text::inert(&h.name);
                return refused(
                    match lang {
                        Lang::Zh => {
                            format!("该手机号已是客户 {who} 的：请在客户栏输入手机尾号，从列表选中")
                        }
                        Lang::En => format!(
                            "That mobile is already {who}'s: type its last digits in the \
                             Customer field and pick them from the list"
                        ),
                    },
                    shown,
                );
            }
            match quick_customer(env, &ask.customer, car, created) {
                Ok(h) => {
                    // The form's note said "no such customer": now they are one.
                    let (who, plate) = (
                        crate::text::inert(&h.name),
                        crate::text::inert(h.plate.as_deref().unwrap_or("")),
                    );
                    note = match lang {
                        Lang::Zh => format!("新客户 {who} 已建档（车辆 {plate}）"),
                        Lang::En => format!("New customer {who} filed (car {plate})"),
                    };
                    h
                }
                Err(msg) => return refused(msg, shown),
            }
        }
        // Text never stands for its first search hit: the form refuses it before this.
        (None, None) => {
            return refused(
                lang.t("客户须从列表中选定", "Pick the customer from the list")
                    .into(),
                shown,
            );
        }
    };
    let conn = env.db.conn();
    let vehicle = match hit.vehicle_id {
        Some(v) => Some(v),
        None => vehicles::of_customer(conn, hit.customer_id)?
            .first()
            .map(|v| v.id),
    };
    let Some(vehicle_id) = vehicle else {
        return refused(
            lang.t("该客户没有登记车辆", "The customer has no vehicle on file")
                .into(),
            Some(note),
        );
    };
    let tz = setup.tz;
    let start = at_local(tz, ask.start.date(), ask.start.time());
    let mut b = NewBooking {
        customer_id: hit.customer_id,
        vehicle_id,
        channel: ask.channel,
        services: ask.services,
        need: ask.need,
        parts: ask.parts,
        advisor: ask.advisor,
        bay: ask.bay,
        start,
        minutes: ask.minutes,
        transport: ask.transport,
        parts_late_ok: ask.parts_late_ok,
        items: ask.items.clone(),
        history: ask.history.clone(),
        declined: ask
            .declined
            .iter()
            .map(|(item, deferred, reason)| da::Declined {
                item: item.clone(),
                deferred: *deferred,
                reason: reason.clone(),
            })
            .collect(),
        ..Default::default()
    };
    if b.advisor.is_empty() || b.bay.is_empty() {
        let date = local(tz, start).date();
        let existing = sa::holding(conn, tz, date, date)?;
        let want = Want::of(setup, &b);
        let (advisor, bay) = da::pick_free(setup, &want, &existing).unwrap_or_else(|| {
            (
                setup.advisors.first().cloned().unwrap_or_default(),
                setup.bays.first().cloned().unwrap_or_default(),
            )
        });
        if b.advisor.is_empty() {
            b.advisor = advisor;
        }
        if b.bay.is_empty() {
            b.bay = bay;
        }
    }
    let (actor, now) = (actor(env), env.clock.now());
    match sa::book(env.db, actor, setup, b, now, ask.overbook.clone()) {
        Ok(id) => Ok(Msg::Booked {
            id,
            date: local(tz, start).date(),
            line: match lang {
                Lang::Zh => format!("预约 #{id} 已保存。{note}"),
                Lang::En => format!("Booking #{id} saved. {note}"),
            },
        }),
        Err(BookError::Store(e)) => Err(e),
        // A clash: the reasons, and the free slots listed under the form, a key each.
        Err(BookError::Refused { limits, free }) if !free.is_empty() => {
            let why: Vec<String> = limits.iter().map(|l| l.message(lang)).collect();
            let why = format!(
                "{}{}{}",
                lang.t("无法预约：", "Cannot book: "),
                why.join(lang.t("；", "; ")),
                lang.t(
                    "。可约时段见下，按数字键选用",
                    ". Free slots below: a number key takes one",
                )
            );
            Ok(Msg::BookRefused {
                why,
                confirm: false,
                free,
                note: Some(note),
                created: None,
            })
        }
        Err(e) => {
            let confirm = matches!(e, BookError::NeedsConfirmation(_));
            let mut why = e.message(lang);
            if confirm {
                let save = crate::ui::keymap::form_key(crate::ui::action::Action::Save);
                why.push_str(&match lang {
                    Lang::Zh => format!("。确认仍要预约请再按 {save}"),
                    Lang::En => format!(". Press {save} again to book anyway"),
                });
            }
            Ok(Msg::BookRefused {
                why,
                confirm,
                free: Vec::new(),
                note: Some(note),
                created: None,
            })
        }
    }
}
