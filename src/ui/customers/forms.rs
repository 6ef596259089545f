//! The customer and vehicle forms: building them from a record, and turning their text into
//! validated domain data (each error shown beside its field, in the user's language).

use crate::domain::archive::{CustomerData, Energy, Gender, VehicleData};
use crate::domain::validate::{self, Field as VField, ValidationError};
use crate::i18n::Lang;
use crate::store::customers::Customer;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Field, Form};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    NewCustomer,
    EditCustomer,
    NewVehicle,
    EditVehicle,
}

impl FormKind {
    pub const ALL: [FormKind; 4] = [
        FormKind::NewCustomer,
        FormKind::EditCustomer,
        FormKind::NewVehicle,
        FormKind::EditVehicle,
    ];
    pub fn code(self) -> &'static str {
        match self {
            FormKind::NewCustomer => "new_customer",
            FormKind::EditCustomer => "edit_customer",
            FormKind::NewVehicle => "new_vehicle",
            FormKind::EditVehicle => "edit_vehicle",
        }
    }
    pub fn from_code(s: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

fn d(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The phone and ID numbers as an edit form shows them: masked unless the numbers were
/// revealed (which is audited). A masked value left as it is keeps the stored number.
fn shown(v: Option<&str>, masked: bool, mask: fn(&str) -> String) -> String {
    match v {
        Some(v) if masked => mask(v),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

/// `masked`: the numbers were not revealed, so the form carries them masked. Coded values
/// (gender, energy, VIP) are written in `lang`; parsing takes either language's words.
pub fn build(
    kind: FormKind,
    customer: Option<&Customer>,
    vehicle: Option<&Vehicle>,
    masked: bool,
    lang: Lang,
) -> Form {
    match kind {
        FormKind::NewCustomer | FormKind::EditCustomer => {
            let empty = CustomerData::default();
            let c = match kind {
                FormKind::EditCustomer => customer.map(|c| &c.data).unwrap_or(&empty),
                _ => &empty,
            };
            let gender = match c.gender {
                Some(Gender::Male) => lang.t("男", "M"),
                Some(Gender::Female) => lang.t("女", "F"),
                None => "",
            };
            let mask_mobile = validate::mask_mobile;
            // Examples are said as such (如 / e.g.): a bare grey 广东省深圳市 read as the
            // region filled in, and the customer was saved without one.
            Form::new(vec![
                Field::new("name", "姓名", "Name").required().value(&c.name),
                Field::new("mobile", "手机", "Mobile")
                    .hints("如 13812341234", "e.g. 13812341234")
                    .value(&shown(c.mobile.as_deref(), masked, mask_mobile)),
                Field::new("landline", "固定电话", "Landline")
                    .hints("如 0755-12345678", "e.g. 0755-12345678")
                    .value(&shown(c.landline.as_deref(), masked, mask_mobile)),
                Field::new("gender", "性别", "Gender")
                    .hints("男/女", "M/F")
                    .value(gender),
                Field::new("birthday", "生日", "Birthday")
                    .date_hint()
                    .value(&d(c.birthday)),
                Field::new("region", "地区", "Region")
                    .hints("如 广东省深圳市", "province and city")
                    .value(&c.region),
                Field::new("address", "地址", "Address").value(&c.address),
                Field::new("id_number", "身份证号", "ID number")
                    .hints("可不填", "optional")
                    .value(&shown(
                        c.id_number.as_deref(),
                        masked,
                        validate::mask_id_number,
                    )),
                Field::new("vip", "VIP", "VIP")
                    .hints("是/否", "y/n")
                    .value(if c.vip { lang.t("是", "y") } else { "" }),
                Field::new("notes", "备注", "Notes")
                    .multiline(2)
                    .value(&c.notes),
            ])
        }
        FormKind::NewVehicle | FormKind::EditVehicle => {
            let empty = VehicleData::default();
            let v = match kind {
                FormKind::EditVehicle => vehicle.map(|v| &v.data).unwrap_or(&empty),
                _ => &empty,
            };
            let energy = match (kind, v.energy) {
                (FormKind::EditVehicle, Energy::NewEnergy) => lang.t("新能源", "nev"),
                (FormKind::EditVehicle, Energy::Fuel) => lang.t("燃油", "fuel"),
                _ => "",
            };
            Form::new(vec![
                Field::new("vin", "车架号", "VIN")
                    .required()
                    .hints("17 位", "17 characters")
                    .value(&v.vin),
                Field::new("plate", "车牌号", "Plate")
                    .hints("如 粤B12345", "e.g. 粤B12345")
                    .value(v.plate.as_deref().unwrap_or("")),
                Field::new("brand", "品牌", "Brand").value(&v.brand),
                Field::new("model", "车型", "Model").value(&v.model),
                Field::new("color", "颜色", "Colour").value(&v.color),
                Field::new("energy", "能源", "Energy")
                    .hints("燃油/新能源", "fuel/nev")
                    .value(energy),
                Field::new("purchase_date", "购车日期", "Purchased")
                    .date_hint()
                    .value(&d(v.purchase_date)),
                Field::new("mileage", "行驶里程", "Mileage km")
                    .hints("如 35000", "e.g. 35000")
                    .value(&v.mileage_km.map(|m| m.to_string()).unwrap_or_default()),
                Field::new("insurance_due", "保险到期", "Insurance due")
                    .date_hint()
                    .value(&d(v.insurance_due)),
                Field::new("inspection_due", "年审到期", "Inspection due")
                    .date_hint()
                    .value(&d(v.inspection_due)),
                Field::new("maintenance_due", "下次保养", "Maintenance due")
                    .date_hint()
                    .value(&d(v.maintenance_due)),
            ])
        }
    }
}

/// Runs `f` on a non-empty field; records its error in the form.
fn opt<T>(
    form: &mut Form,
    key: &str,
    lang: Lang,
    f: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Option<Option<T>> {
    let v = form.get(key).to_string();
    if v.is_empty() {
        return Some(None);
    }
    match f(&v) {
        Ok(x) => Some(Some(x)),
        Err(e) => {
            form.set_error(key, e.message(lang));
            None
        }
    }
}

/// A yes/no field: empty is no; None: neither yes nor no (asked about, not read as no).
fn yes(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "1" | "true" | "vip" => Some(true),
        "" | "否" | "n" | "no" | "0" | "false" => Some(false),
        _ => None,
    }
}

fn finish(form: &mut Form, lang: Lang, ok: bool) -> bool {
    if !ok {
        form.focus_first_error();
        let missing: Vec<&str> = form
            .fields
            .iter()
            .filter(|f| f.error.is_some())
            .map(|f| lang.t(&f.zh, &f.en))
            .collect();
        form.message = Some((
            match lang {
                Lang::Zh => format!("未保存：请改正 {}", missing.join("、")),
                Lang::En => format!("Not saved: please correct {}", missing.join(", ")),
            },
            true,
        ));
    }
    ok
}

/// A masked number left exactly as the form showed it: the stored number, unchanged.
fn kept(form: &Form, key: &str, stored: Option<&str>, mask: fn(&str) -> String) -> bool {
    stored.is_some_and(|v| form.get(key) == mask(v))
}

/// `masked_from`: the record the form was built from with its numbers masked; a masked
/// value the user left alone keeps that record's number.
pub fn parse_customer(
    form: &mut Form,
    today: NaiveDate,
    lang: Lang,
    masked_from: Option<&CustomerData>,
) -> Option<CustomerData> {
    let name = match validate::validate_name(form.get("name")) {
        Ok(n) => Some(n),
        Err(e) => {
            form.set_error("name", e.message(lang));
            None
        }
    };
    let keep = |form: &Form, key: &str, stored: Option<&String>, mask: fn(&str) -> String| {
        masked_from.is_some() && kept(form, key, stored.map(String::as_str), mask)
    };
    let stored = masked_from.cloned().unwrap_or_default();
    let mobile = if keep(
        form,
        "mobile",
        stored.mobile.as_ref(),
        validate::mask_mobile,
    ) {
        Some(stored.mobile.clone())
    } else {
        opt(form, "mobile", lang, validate::normalize_mobile)
    };
    let landline = if keep(
        form,
        "landline",
        stored.landline.as_ref(),
        validate::mask_mobile,
    ) {
        Some(stored.landline.clone())
    } else {
        opt(form, "landline", lang, validate::normalize_landline)
    };
    let birthday = opt(form, "birthday", lang, |s| {
        validate::validate_birthday(s, today)
    });
    let id_number = if keep(
        form,
        "id_number",
        stored.id_number.as_ref(),
        validate::mask_id_number,
    ) {
        Some(stored.id_number.clone())
    } else {
        opt(form, "id_number", lang, validate::normalize_id_number)
    };
    let gender = opt(form, "gender", lang, |s| match s.to_lowercase().as_str() {
        "男" | "m" | "male" => Ok(Gender::Male),
        "女" | "f" | "female" => Ok(Gender::Female),
        _ => Err(ValidationError {
            field: VField::Name,
            reason: validate::Reason::BadFormat,
        }),
    });
    if gender.is_none() {
        form.set_error("gender", lang.t("请填 男 或 女", "enter M or F").into());
    }
    let vip = yes(form.get("vip"));
    if vip.is_none() {
        form.set_error("vip", lang.t("请填 是 或 否", "enter y or n").into());
    }
    let ok = vip.is_some()
        && name.is_some()
        && mobile.is_some()
        && landline.is_some()
        && birthday.is_some()
        && id_number.is_some()
        && gender.is_some();
    if !finish(form, lang, ok) {
        return None;
    }
    Some(CustomerData {
        name: name?,
        gender: gender?,
        birthday: birthday?,
        mobile: mobile?,
        landline: landline?,
        id_number: id_number?,
        region: form.get("region").to_string(),
        address: form.get("address").to_string(),
        vip: vip?,
        notes: form.get("notes").to_string(),
    })
}

/// `confirmed`: the VIN the user already confirmed despite a wrong check digit.
pub fn parse_vehicle(
    form: &mut Form,
    today: NaiveDate,
    lang: Lang,
    confirmed: Option<&str>,
) -> Option<VehicleData> {
    let vin = match validate::normalize_vin(form.get("vin")) {
        Ok(v) => Some(v),
        Err(e) => {
            form.set_error("vin", e.message(lang));
            None
        }
    };
    let plate = opt(form, "plate", lang, validate::normalize_plate);
    let date = |form: &mut Form, key: &str| {
        opt(form, key, lang, |s| {
            let d = validate::parse_date(s, VField::Date)?;
            Ok(d)
        })
    };
    let purchase = date(form, "purchase_date");
    let purchase = match purchase {
        Some(Some(p)) if p > today => {
            form.set_error(
                "purchase_date",
                ValidationError {
                    field: VField::Date,
                    reason: validate::Reason::InFuture,
                }
                .message(lang),
            );
            None
        }
        other => other,
    };
    let insurance = date(form, "insurance_due");
    let inspection = date(form, "inspection_due");
    let maintenance = date(form, "maintenance_due");
    let mileage = opt(form, "mileage", lang, validate::parse_mileage);
    let energy_text = form.get("energy").to_lowercase();
    let plate_len = plate
        .as_ref()
        .and_then(|p| p.as_ref())
        .map(|p| p.chars().count());
    let energy = match energy_text.as_str() {
        "新能源" | "nev" | "ev" | "电" => Energy::NewEnergy,
        "" if plate_len == Some(8) => Energy::NewEnergy,
        _ => Energy::Fuel,
    };
    let ok = vin.is_some()
        && plate.is_some()
        && purchase.is_some()
        && insurance.is_some()
        && inspection.is_some()
        && maintenance.is_some()
        && mileage.is_some();
    if !finish(form, lang, ok) {
        return None;
    }
    let (vin, check_ok) = vin?;
    if !check_ok && confirmed != Some(vin.as_str()) {
        let expected = validate::vin_check_digit(&vin).unwrap_or('?');
        let save = crate::ui::keymap::form_key(crate::ui::action::Action::Save);
        // The field says what is wrong (short enough to stay beside it); the message line
        // alone says what to do, so the form's foot does not read the same sentence twice.
        form.set_error(
            "vin",
            match lang {
                Lang::Zh => format!("第9位校验位应为 {expected}"),
                Lang::En => format!("check digit should be {expected}"),
            },
        );
        form.focus = 0;
        form.message = Some((
            match lang {
                Lang::Zh => {
                    format!(
                        "车架号校验位不符（进口车可能不同）：确认无误请再按 {save}（将记入审计）"
                    )
                }
                Lang::En => format!(
                    "VIN check digit does not match (imports may differ): press {save} again to keep it (audited)"
                ),
            },
            false,
        ));
    }
    Some(VehicleData {
        vin,
        vin_check_ok: check_ok,
        plate: plate?,
        brand: form.get("brand").to_string(),
        model: form.get("model").to_string(),
        color: form.get("color").to_string(),
        energy,
        purchase_date: purchase?,
        mileage_km: mileage?,
        insurance_due: insurance?,
        inspection_due: inspection?,
        maintenance_due: maintenance?,
    })
}

/// `masked`: the form carries masked numbers (the hint line says how they are kept).
/// `subject` names the record the form edits (or the customer a car is added to).
#[allow(clippy::too_many_arguments)]
pub fn render(
    kind: FormKind,
    form: &Form,
    subject: &str,
    masked: bool,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
) {
    let title = match kind {
        FormKind::NewCustomer => lang.t("新建客户", "New customer"),
        FormKind::EditCustomer => lang.t("修改客户资料", "Edit customer"),
        FormKind::NewVehicle => lang.t("添加车辆", "Add vehicle"),
        FormKind::EditVehicle => lang.t("修改车辆", "Edit vehicle"),
    };
    let title = if subject.is_empty() {
        title.to_string()
    } else {
        format!("{title}{}{subject}", lang.t("：", ": "))
    };
    let block = theme.block(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let hint_area = Rect {
        y: inner.y + inner.height.saturating_sub(1),
        height: 1.min(inner.height),
        ..inner
    };
    let form_area = Rect {
        height: inner.height.saturating_sub(2),
        ..inner
    };
    form.render(frame, form_area, lang, theme);
    // The keys from the key table (with a user's overrides), after what the form says.
    let keys = crate::ui::keymap::hint_line(
        &crate::ui::keymap::form_scopes(Some(form), &[Scope::Form, Scope::Global]),
        true,
        &[
            (Action::NextField, "下一栏", "next"),
            (Action::Save, "保存", "save"),
            (Action::Back, "取消", "cancel"),
        ],
        lang,
    );
    let note = if masked && kind == FormKind::EditCustomer {
        lang.t(
            "号码已遮盖：不改则保留，重新输入则替换",
            "Masked numbers: leave = keep, retype = replace",
        )
    } else {
        lang.t("* 必填", "* required")
    };
    let hint = format!("{note}   {keys}");
    frame.render_widget(
        Paragraph::new(theme.text(&hint)).style(theme.dim()),
        hint_area,
    );
}
