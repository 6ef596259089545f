//! One row of an import file → one record, checked field by field with the desk's own
//! validators. Every problem names the column and says why; spreadsheet damage (a number
//! turned into `1.38123E+10`, an ID whose last digits Excel zeroed, a landline whose
//! leading 0 was dropped) is named as such rather than as a generic format error.

use super::{Problem, Record};
use crate::domain::archive::{Energy, Gender, RepairKind, SalesChannel};
use crate::domain::validate::{
    self as v, Field as VField, Phone, ValidationError, normalize_id_number, normalize_phone,
    normalize_plate, normalize_vin, parse_mileage, to_half_width, validate_birthday, validate_name,
};
use crate::i18n::Lang;
use crate::io::columns::{Columns, Field, Kind};
use chrono::NaiveDate;
use compact_str::CompactString;

/// Who a vehicle, sales file or repair order belongs to (as the row names them).
///
/// The records' texts are `CompactString`s: a value of up to 24 bytes (a name, a mobile, a
/// VIN, a plate, a brand, a model, a colour) is kept in place rather than in an allocation
/// of its own, one fewer allocation and free for most cells of every row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Owner {
    pub name: Option<CompactString>,
    pub mobile: Option<CompactString>,
    pub landline: Option<CompactString>,
}

/// A customers row. `None`: the file did not say (an update keeps what is stored).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerRec {
    pub owner: Owner,
    pub gender: Option<Gender>,
    pub birthday: Option<NaiveDate>,
    pub id_number: Option<CompactString>,
    pub region: Option<CompactString>,
    pub address: Option<CompactString>,
    pub notes: Option<CompactString>,
    pub vip: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VehicleRec {
    /// Normalised VIN and whether its check digit is right.
    pub vin: Option<(CompactString, bool)>,
    pub plate: Option<CompactString>,
    pub brand: Option<CompactString>,
    pub model: Option<CompactString>,
    pub color: Option<CompactString>,
    pub energy: Option<Energy>,
    pub purchase_date: Option<NaiveDate>,
    pub mileage: Option<u32>,
    pub insurance_due: Option<NaiveDate>,
    pub inspection_due: Option<NaiveDate>,
    pub maintenance_due: Option<NaiveDate>,
    pub owner: Owner,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SalesRec {
    /// The car sold. When the row's vehicles record reads the same car, only its VIN and
    /// plate (the keys of the row): the vehicles record holds the rest, and the sales file
    /// hangs on the vehicle that record gives.
    pub vehicle: VehicleRec,
    pub invoice_date: NaiveDate,
    pub delivery_date: NaiveDate,
    pub channel: Option<SalesChannel>,
    pub dealer: Option<CompactString>,
    pub salesperson: Option<CompactString>,
    pub price_yuan: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RepairRec {
    pub vehicle: VehicleRec,
    pub ro_number: String,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
    pub advisor: Option<CompactString>,
    /// As the file states it (None: inferred from the items for a new order).
    pub kind: Option<RepairKind>,
    pub items: Option<Vec<String>>,
    pub amount_fen: Option<i64>,
    pub mileage: Option<u32>,
    pub accident: Option<bool>,
}

impl RepairRec {
    /// The type of a new order: as stated, else from the items.
    pub fn kind_or_inferred(&self) -> RepairKind {
        self.kind
            .unwrap_or_else(|| infer_kind(self.items.as_deref().unwrap_or(&[])))
    }
}

/// A row with its column assignment.
pub struct Row<'a> {
    pub line: usize,
    pub cells: &'a [&'a str],
    pub headers: &'a [String],
    pub cols: &'a Columns,
}

impl Row<'_> {
    /// The trimmed, non-empty value of a field and its column index.
    fn get(&self, f: Field) -> Option<(&str, usize)> {
        let i = self.cols.column(f)?;
        let v = trim(self.cells.get(i)?);
        (!v.is_empty()).then_some((v, i))
    }

    /// The leftmost column of these fields (usize::MAX: none).
    fn column_of(&self, fields: &[Field]) -> usize {
        fields
            .iter()
            .filter_map(|f| self.cols.column(*f))
            .min()
            .unwrap_or(usize::MAX)
    }
}

/// `str::trim`, looking at the two ends first: most cells begin and end with a character
/// that is no space and are taken as they are (the general trim costs a tenth of the
/// checks when every read of a cell pays it).
pub(crate) fn trim(s: &str) -> &str {
    let solid = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    if solid(s.chars().next()) && solid(s.chars().next_back()) {
        s
    } else {
        s.trim()
    }
}

/// Checks and builds records; collects problems and warnings.
pub struct Parser {
    pub lang: Lang,
    pub today: NaiveDate,
}

/// What a row's kinds read alike, read once a row: the owner, and the vehicle (a vehicles
/// kind and a sales kind read the same car). Each is kept with the columns it was read from
/// and the problems and notes it gave, which every kind reading it gets again; the vehicle
/// is kept as its keys only (`thin`), which is all a sales record after a vehicles record
/// needs.
#[derive(Default)]
pub struct Shared {
    owner: Option<Memo<OWNER_FIELDS, Owner>>,
    vehicle: Option<Memo<VEHICLE_FIELDS, VehicleRec>>,
    /// No kind after this one reads them: what it reads is moved out, not copied.
    pub last: bool,
}

const OWNER_FIELDS: usize = 3;
/// The fields of a vehicle (14) and whether its VIN is required.
const VEHICLE_FIELDS: usize = 15;

struct Memo<const N: usize, T> {
    /// The columns read (and, for a vehicle, whether its VIN is required).
    key: [Option<usize>; N],
    value: T,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

struct Acc<'r, 'a, 's> {
    row: &'r Row<'a>,
    lang: Lang,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    shared: &'s mut Shared,
}

impl Acc<'_, '_, '_> {
    fn problem(&mut self, col: usize, value: &str, reason: String) {
        self.problems.push(Problem {
            line: self.row.line,
            column: self.row.headers.get(col).cloned().unwrap_or_default(),
            value: value.chars().take(60).collect(),
            reason,
        });
    }

    fn warn(&mut self, col: usize, value: &str, reason: String) {
        self.warnings.push(Problem {
            line: self.row.line,
            column: self.row.headers.get(col).cloned().unwrap_or_default(),
            value: value.chars().take(60).collect(),
            reason,
        });
    }

    fn t(&self, zh: &str, en: &str) -> String {
        self.lang.t(zh, en).to_string()
    }

    /// A field through a checker; problems recorded, None on error or absence.
    fn with<T>(
        &mut self,
        f: Field,
        check: impl FnOnce(&str, Lang) -> Result<T, String>,
    ) -> Option<T> {
        let (val, col) = self.row.get(f)?;
        match check(val, self.lang) {
            Ok(x) => Some(x),
            Err(reason) => {
                self.problem(col, val, reason);
                None
            }
        }
    }

    fn text(&mut self, f: Field, max: usize) -> Option<CompactString> {
        self.with(f, |s, lang| clean_text(s, max, lang))
    }

    fn date(&mut self, f: Field, today: NaiveDate, past_only: bool) -> Option<NaiveDate> {
        self.with(f, |s, lang| {
            let s = strip_time(s);
            let d = match iso_date(s) {
                Some(d) => d,
                None => v::parse_date(s, VField::Date).map_err(|e| e.message(lang))?,
            };
            if past_only && d > today {
                return Err(ValidationError::new(VField::Date, v::Reason::InFuture).message(lang));
            }
            Ok(d)
        })
    }

    /// The owner the row names, read once a row for every kind with these columns.
    fn owner(&mut self, name_required: bool) -> Owner {
        let key = [Field::Name, Field::Mobile, Field::Phone].map(|f| self.row.cols.column(f));
        // An empty name gives no problem of its own: a required one comes first, as read.
        if name_required && self.row.get(Field::Name).is_none() {
            let col = self.row.column_of(&[Field::Name]);
            let reason = self.t("姓名：不能为空", "Name: must not be empty");
            self.problem(col, "", reason);
        }
        self.once(|s| &mut s.owner, key, Self::read_owner)
    }

    /// A value read once a row: replayed from `slot` when read there from the same `key`,
    /// else read and kept there.
    fn once<const N: usize, T: Clone>(
        &mut self,
        slot: fn(&mut Shared) -> &mut Option<Memo<N, T>>,
        key: [Option<usize>; N],
        read: impl FnOnce(&mut Self) -> T,
    ) -> T {
        self.once_keeping(slot, key, read, T::clone)
    }

    /// `once`, keeping for the next kinds `keep` of the value rather than all of it.
    fn once_keeping<const N: usize, T>(
        &mut self,
        slot: fn(&mut Shared) -> &mut Option<Memo<N, T>>,
        key: [Option<usize>; N],
        read: impl FnOnce(&mut Self) -> T,
        keep: fn(&T) -> T,
    ) -> T {
        let m = match slot(self.shared).take().filter(|m| m.key == key) {
            Some(m) => m,
            None => {
                let from = (self.problems.len(), self.warnings.len());
                let value = read(self);
                Memo {
                    key,
                    value,
                    problems: self.problems.split_off(from.0),
                    warnings: self.warnings.split_off(from.1),
                }
            }
        };
        self.problems.extend(m.problems.iter().cloned());
        self.warnings.extend(m.warnings.iter().cloned());
        if self.shared.last {
            return m.value;
        }
        let Memo {
            key,
            value,
            problems,
            warnings,
        } = m;
        *slot(self.shared) = Some(Memo {
            key,
            value: keep(&value),
            problems,
            warnings,
        });
        value
    }

    /// Mobile and Phone columns: each may hold either kind of number.
    fn read_owner(&mut self) -> Owner {
        let mut o = Owner {
            name: self.with(Field::Name, |s, lang| {
                fast_or(plain_name(s), lang, || validate_name(s))
            }),
            ..Owner::default()
        };
        for f in [Field::Mobile, Field::Phone] {
            let Some(p) = self.with(f, |s, lang| phone(f, s, lang)) else {
                continue;
            };
            let (val, col) = self.row.get(f).unwrap_or(("", 0));
            match p {
                Phone::Mobile(m) if o.mobile.is_none() => o.mobile = Some(m.into()),
                Phone::Landline(l) if o.landline.is_none() => o.landline = Some(l.into()),
                Phone::Mobile(m) if o.mobile.as_deref() == Some(m.as_str()) => {}
                Phone::Landline(l) if o.landline.as_deref() == Some(l.as_str()) => {}
                _ => {
                    let r = self.t("第二个号码未导入", "a second number was not imported");
                    self.warn(col, val, r);
                }
            }
        }
        o
    }

    /// The vehicle the row names (the fields a vehicles kind reads), read once a row for
    /// every kind with these columns.
    fn vehicle(&mut self, today: NaiveDate, vin_required: bool) -> VehicleRec {
        let mut key = [None; VEHICLE_FIELDS];
        for (k, f) in key.iter_mut().zip(Kind::Vehicles.fields()) {
            *k = self.row.cols.column(*f);
        }
        key[VEHICLE_FIELDS - 1] = vin_required.then_some(0);
        // The next kind with the same columns is a sales kind after the vehicles kind: its
        // keys are all it needs (`SalesRec::vehicle`).
        self.once_keeping(
            |s| &mut s.vehicle,
            key,
            |a| a.read_vehicle(today, vin_required),
            thin,
        )
    }

    fn read_vehicle(&mut self, today: NaiveDate, vin_required: bool) -> VehicleRec {
        let vin = self.with(Field::Vin, |s, lang| {
            plain_vin(s).map_or_else(
                || {
                    normalize_vin(s)
                        .map(|(vin, ok)| (vin.into(), ok))
                        .map_err(|e| e.message(lang))
                },
                Ok,
            )
        });
        if let (Some((vin, false)), Some((val, col))) = (&vin, self.row.get(Field::Vin)) {
            let expected = v::vin_check_digit(vin).unwrap_or('?');
            let r = match self.lang {
                Lang::Zh => format!(
                    "车架号第9位校验位应为 {expected}（国内车辆常不使用校验位），按原样保存，请核对"
                ),
                Lang::En => format!(
                    "VIN check digit should be {expected} (often unused on Chinese-market cars); kept as given, please verify"
                ),
            };
            self.warn(col, val, r);
        }
        if vin_required && self.row.get(Field::Vin).is_none() {
            let col = self.row.column_of(&[Field::Vin]);
            let r = self.t("车架号：不能为空", "VIN: must not be empty");
            self.problem(col, "", r);
        }
        let plate = self.with(Field::Plate, |s, lang| {
            fast_or(plain_plate(s), lang, || normalize_plate(s))
        });
        let mut energy = self.with(Field::Energy, energy);
        if energy.is_none() && plate.as_ref().is_some_and(|p| p.chars().count() == 8) {
            energy = Some(Energy::NewEnergy);
        }
        VehicleRec {
            vin,
            plate,
            brand: self.text(Field::Brand, 40),
            model: self.text(Field::Model, 60),
            color: self.text(Field::Color, 20),
            energy,
            purchase_date: self.date(Field::PurchaseDate, today, true),
            mileage: self.with(Field::Mileage, |s, lang| {
                parse_mileage(s).map_err(|e| e.message(lang))
            }),
            insurance_due: self.date(Field::InsuranceDue, today, false),
            inspection_due: self.date(Field::InspectionDue, today, false),
            maintenance_due: self.date(Field::MaintenanceDue, today, false),
            owner: self.owner(false),
        }
    }
}

/// A cell as its fast reading gives it (`cells::plain_name`, `plain_plate`), else as the
/// general check does (the same value when both read it).
fn fast_or(
    fast: Option<CompactString>,
    lang: Lang,
    general: impl FnOnce() -> Result<String, ValidationError>,
) -> Result<CompactString, String> {
    match fast {
        Some(x) => Ok(x),
        None => general()
            .map(CompactString::from)
            .map_err(|e| e.message(lang)),
    }
}

/// A vehicle's keys only: its VIN and plate.
fn thin(v: &VehicleRec) -> VehicleRec {
    VehicleRec {
        vin: v.vin.clone(),
        plate: v.plate.clone(),
        ..VehicleRec::default()
    }
}

impl Parser {
    /// The record of a row, or every problem found in it. Warnings come back either way.
    /// `shared`: what the row's kinds read before (a new `Shared` for each row).
    pub fn parse(
        &self,
        kind: Kind,
        row: &Row<'_>,
        shared: &mut Shared,
    ) -> (Result<Record, Vec<Problem>>, Vec<Problem>) {
        let mut a = Acc {
            row,
            lang: self.lang,
            problems: Vec::new(),
            warnings: Vec::new(),
            shared,
        };
        let today = self.today;
        let rec = match kind {
            Kind::Customers => {
                let owner = a.owner(true);
                let rec = CustomerRec {
                    owner,
                    gender: a.with(Field::Gender, gender).flatten(),
                    birthday: a.with(Field::Birthday, |s, lang| {
                        validate_birthday(strip_time(s), today).map_err(|e| e.message(lang))
                    }),
                    id_number: a.with(Field::IdNumber, id_number).map(CompactString::from),
                    region: a.text(Field::Region, 60),
                    address: a.text(Field::Address, 200),
                    notes: a.text(Field::Notes, 2000),
                    vip: a.with(Field::Vip, yes_no),
                };
                if rec.owner.mobile.is_none()
                    && rec.owner.landline.is_none()
                    && a.problems.is_empty()
                {
                    let r = a.t(
                        "手机和电话都为空：没有号码的客户无法回访，也无法在再次导入时匹配",
                        "no mobile or phone: the desk cannot call this customer, nor match them on a re-import",
                    );
                    let col = row.column_of(&[Field::Mobile, Field::Phone]);
                    a.problem(col, "", r);
                }
                Record::Customer(rec)
            }
            Kind::Vehicles => Record::Vehicle(a.vehicle(today, true)),
            Kind::Sales => {
                let vehicle = a.vehicle(today, true);
                let invoice = a.date(Field::InvoiceDate, today, true);
                let delivery = a.date(Field::DeliveryDate, today, true);
                let dates = match (invoice, delivery) {
                    (Some(i), Some(d)) => Some((i, d)),
                    (Some(i), None) => Some((i, i)),
                    (None, Some(d)) => Some((d, d)),
                    (None, None) => None,
                };
                if dates.is_none()
                    && a.row.get(Field::InvoiceDate).is_none()
                    && a.row.get(Field::DeliveryDate).is_none()
                {
                    let r = a.t(
                        "开票日期和交车日期都为空",
                        "no invoice date and no delivery date",
                    );
                    let col = row.column_of(&[Field::InvoiceDate, Field::DeliveryDate]);
                    a.problem(col, "", r);
                }
                let (invoice_date, delivery_date) = dates.unwrap_or_default();
                Record::Sales(SalesRec {
                    vehicle,
                    invoice_date,
                    delivery_date,
                    channel: a.with(Field::Channel, channel),
                    dealer: a.text(Field::Dealer, 60),
                    salesperson: a.text(Field::Salesperson, 40),
                    price_yuan: a.with(Field::Price, money_fen).map(|f| (f + 50) / 100),
                })
            }
            Kind::Repairs => {
                let vehicle = a.vehicle(today, false);
                if vehicle.vin.is_none()
                    && vehicle.plate.is_none()
                    && a.row.get(Field::Vin).is_none()
                    && a.row.get(Field::Plate).is_none()
                {
                    let r = a.t(
                        "车架号和车牌号都为空：无法确定车辆",
                        "no VIN and no plate: which vehicle is it?",
                    );
                    a.problem(row.column_of(&[Field::Vin]), "", r);
                }
                let ro_number = a.with(Field::RoNumber, ro_number);
                if ro_number.is_none() && a.row.get(Field::RoNumber).is_none() {
                    let r = a.t("工单号：不能为空", "RO number: must not be empty");
                    a.problem(row.column_of(&[Field::RoNumber]), "", r);
                }
                let opened = a.date(Field::Opened, today, true);
                if opened.is_none() && a.row.get(Field::Opened).is_none() {
                    let r = a.t("进厂日期：不能为空", "Date in: must not be empty");
                    a.problem(row.column_of(&[Field::Opened]), "", r);
                }
                let closed = a.date(Field::Closed, today, true);
                if let (Some(o), Some(c), Some((val, col))) =
                    (opened, closed, a.row.get(Field::Closed))
                    && c < o
                {
                    let r = a.t("出厂日期早于进厂日期", "date out is before date in");
                    a.problem(col, val, r);
                }
                let items = a.text(Field::Items, 2000).map(|s| split_items(&s));
                let kind = a.with(Field::RepairKind, repair_kind);
                let accident = match a.with(Field::Accident, yes_no) {
                    Some(x) => Some(x || kind == Some(RepairKind::Accident)),
                    None => (kind == Some(RepairKind::Accident)).then_some(true),
                };
                Record::Repair(RepairRec {
                    mileage: vehicle.mileage,
                    vehicle,
                    ro_number: ro_number.unwrap_or_default(),
                    opened: opened.unwrap_or_default(),
                    closed,
                    advisor: a.text(Field::Advisor, 40),
                    kind,
                    items,
                    amount_fen: a.with(Field::Amount, money_fen),
                    accident,
                })
            }
        };
        let Acc {
            problems, warnings, ..
        } = a;
        if problems.is_empty() {
            (Ok(rec), warnings)
        } else {
            (Err(problems), warnings)
        }
    }
}

mod cells;
use cells::*;
