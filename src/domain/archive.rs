//! The customer archive (客户档案): customers, their vehicles and, per vehicle, the two
//! files of "one car, two files" (一车两档) — the sales file and the repair history.
//! Plain data; validation lives in `validate`, storage in `store`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "M" => Some(Gender::Male),
            "F" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// A customer as entered or imported (no database identity yet).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerData {
    pub name: String,
    pub gender: Option<Gender>,
    pub birthday: Option<NaiveDate>,
    /// Normalised 11-digit mobile number.
    pub mobile: Option<String>,
    /// Normalised landline, `0755-12345678` or `0755-12345678-123`.
    pub landline: Option<String>,
    /// Resident ID number (optional, minimum necessary).
    pub id_number: Option<String>,
    /// Province and city, e.g. `广东省深圳市`.
    pub region: String,
    pub address: String,
    pub vip: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Energy {
    /// Petrol/diesel (blue plate, 7 characters).
    #[default]
    Fuel,
    /// New energy (green plate, 8 characters).
    NewEnergy,
}

impl Energy {
    pub fn code(self) -> &'static str {
        match self {
            Energy::Fuel => "fuel",
            Energy::NewEnergy => "nev",
        }
    }
    pub fn from_code(s: &str) -> Self {
        if s == "nev" {
            Energy::NewEnergy
        } else {
            Energy::Fuel
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VehicleData {
    /// Normalised VIN (17 characters, upper case).
    pub vin: String,
    /// Whether the ISO 3779 check digit in position 9 is right. A wrong one is kept only
    /// after the user confirmed it (and that confirmation is audited).
    pub vin_check_ok: bool,
    /// Normalised plate, e.g. `粤B12345` or `粤BD12345`; None before registration.
    pub plate: Option<String>,
    pub brand: String,
    pub model: String,
    pub color: String,
    pub energy: Energy,
    pub purchase_date: Option<NaiveDate>,
    pub mileage_km: Option<u32>,
    pub insurance_due: Option<NaiveDate>,
    pub inspection_due: Option<NaiveDate>,
    pub maintenance_due: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SalesChannel {
    /// Sold by the store itself.
    #[default]
    Direct,
    /// Sold by a secondary dealer (二级网点): 7DC is due 10 days after the invoice.
    Secondary,
}

impl SalesChannel {
    pub fn code(self) -> &'static str {
        match self {
            SalesChannel::Direct => "direct",
            SalesChannel::Secondary => "secondary",
        }
    }
    pub fn from_code(s: &str) -> Self {
        if s == "secondary" {
            SalesChannel::Secondary
        } else {
            SalesChannel::Direct
        }
    }
}

/// The documents a complete sales file holds (seed 001, 7DC archive procedure).
/// Keys are stable identifiers; labels are in `label`.
pub const SALES_DOCUMENTS: &[(&str, &str, &str)] = &[
    ("contract", "购车合同", "Purchase contract"),
    ("accessory_contract", "附件购买合同", "Accessory contract"),
    (
        "id_card",
        "客户身份证/营业执照",
        "ID card / business licence",
    ),
    ("residence_permit", "暂住证", "Residence permit"),
    ("certificate", "车辆合格证", "Certificate of conformity"),
    ("invoice", "车辆零售发票", "Vehicle invoice"),
    ("purchase_tax", "购置税证", "Purchase tax certificate"),
    ("purchase_tax_receipt", "购置税收据", "Purchase tax receipt"),
    ("licence_receipt", "行驶证代办回执", "Registration receipt"),
    ("insurance_policy", "保险单", "Insurance policy"),
    ("insurance_invoice", "保单发票", "Insurance invoice"),
    (
        "delivery_confirmation",
        "提车确认书",
        "Delivery confirmation",
    ),
    ("outbound_slip", "销售开票出库单", "Sales outbound slip"),
    ("membership_form", "客户入会资料表", "Membership form"),
];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SalesFileData {
    pub delivery_date: NaiveDate,
    pub invoice_date: NaiveDate,
    pub channel: SalesChannel,
    /// The selling dealer's name (this store, or the secondary dealer).
    pub dealer: String,
    pub salesperson: String,
    /// Price in yuan.
    pub price_yuan: i64,
    /// Document checklist: key from `SALES_DOCUMENTS` → received.
    pub documents: BTreeMap<String, bool>,
    /// When the documents reached the desk (due within 2 working days of delivery).
    pub documents_received: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum RepairKind {
    #[default]
    Maintenance,
    Repair,
    Warranty,
    Accident,
}

impl RepairKind {
    pub fn code(self) -> &'static str {
        match self {
            RepairKind::Maintenance => "maintenance",
            RepairKind::Repair => "repair",
            RepairKind::Warranty => "warranty",
            RepairKind::Accident => "accident",
        }
    }
    pub fn from_code(s: &str) -> Self {
        match s {
            "repair" => RepairKind::Repair,
            "warranty" => RepairKind::Warranty,
            "accident" => RepairKind::Accident,
            _ => RepairKind::Maintenance,
        }
    }
}

/// One repair order (接车单/派工单/结算单) in the vehicle's repair file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RepairOrderData {
    /// Repair-order number, unique in the store, e.g. `RO202611220015`.
    pub ro_number: String,
    pub opened: NaiveDate,
    /// Handed back to the customer (3DC is due 3–5 days after).
    pub closed: Option<NaiveDate>,
    pub advisor: String,
    pub kind: RepairKind,
    pub items: Vec<String>,
    /// Amount billed, in fen (1/100 yuan).
    pub amount_fen: i64,
    pub mileage_km: u32,
    pub accident: bool,
}
