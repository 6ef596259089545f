//! Which column holds what: header names as dealer systems write them, in Chinese or
//! English (姓名 / 客户姓名 / name …), matched after trimming, half-width conversion and
//! dropping units and required-marks (`金额(元)`, `*手机`), plus the user's `--map 列名=field`.

use crate::domain::validate::to_half_width;
use crate::i18n::Lang;

/// What is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Customers,
    Vehicles,
    Sales,
    Repairs,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "customers" | "customer" | "客户" => Some(Kind::Customers),
            "vehicles" | "vehicle" | "车辆" => Some(Kind::Vehicles),
            "sales" | "sale" | "销售" | "销售档案" => Some(Kind::Sales),
            "repairs" | "repair" | "ro" | "维修" | "维修档案" | "工单" => {
                Some(Kind::Repairs)
            }
            _ => None,
        }
    }

    /// Its place in `KINDS`.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn code(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::Vehicles => "vehicles",
            Kind::Sales => "sales",
            Kind::Repairs => "repairs",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Customers => lang.t("客户", "customers"),
            Kind::Vehicles => lang.t("车辆", "vehicles"),
            Kind::Sales => lang.t("销售档案", "sales files"),
            Kind::Repairs => lang.t("维修工单", "repair orders"),
        }
    }

    /// The fields this kind reads.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Kind::Customers => &[
                Name, Mobile, Phone, Gender, Birthday, IdNumber, Region, Address, Notes, Vip,
            ],
            Kind::Vehicles => &[
                Vin,
                Plate,
                Brand,
                Model,
                Color,
                Energy,
                PurchaseDate,
                Mileage,
                InsuranceDue,
                InspectionDue,
                MaintenanceDue,
                Name,
                Mobile,
                Phone,
            ],
            Kind::Sales => &[
                Vin,
                Plate,
                Brand,
                Model,
                Color,
                Energy,
                InvoiceDate,
                DeliveryDate,
                Channel,
                Dealer,
                Salesperson,
                Price,
                Name,
                Mobile,
                Phone,
            ],
            Kind::Repairs => &[
                RoNumber, Vin, Plate, Brand, Model, Opened, Closed, Advisor, RepairKind, Items,
                Amount, Mileage, Accident, Name, Mobile, Phone,
            ],
        }
    }

    /// Fields a file of this kind must have a column for.
    pub fn required(self) -> &'static [Field] {
        match self {
            Kind::Customers => &[Field::Name],
            Kind::Vehicles | Kind::Sales => &[Field::Vin],
            Kind::Repairs => &[Field::RoNumber, Field::Opened],
        }
    }
}

/// A field a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    Mobile,
    /// A phone of either kind (mobile or landline).
    Phone,
    Gender,
    Birthday,
    IdNumber,
    Region,
    Address,
    Notes,
    Vip,
    Vin,
    Plate,
    Brand,
    Model,
    Color,
    Energy,
    PurchaseDate,
    Mileage,
    InsuranceDue,
    InspectionDue,
    MaintenanceDue,
    InvoiceDate,
    DeliveryDate,
    Channel,
    Dealer,
    Salesperson,
    Price,
    RoNumber,
    Opened,
    Closed,
    Advisor,
    RepairKind,
    Items,
    Amount,
    Accident,
}

/// (field, code for --map, Chinese label, aliases). Aliases are compared normalised.
#[rustfmt::skip]
const TABLE: &[(Field, &str, &str, &[&str])] = &[
    (Field::Name, "name", "姓名", &["姓名", "客户姓名", "客户名称", "客户名", "车主", "车主姓名", "客户", "联系人", "name", "customer", "customername", "owner", "ownername"]),
    (Field::Mobile, "mobile", "手机", &["手机", "手机号", "手机号码", "移动电话", "车主手机", "客户手机", "联系手机", "mobile", "mobilephone", "cellphone", "cell", "mobileno"]),
    (Field::Phone, "phone", "电话", &["电话", "联系电话", "固定电话", "座机", "电话号码", "联系方式", "客户电话", "车主电话", "phone", "tel", "telephone", "landline", "phoneno"]),
    (Field::Gender, "gender", "性别", &["性别", "gender", "sex"]),
    (Field::Birthday, "birthday", "生日", &["生日", "出生日期", "出生年月日", "出生年月", "birthday", "dateofbirth", "dob", "birthdate"]),
    (Field::IdNumber, "id_number", "身份证号", &["身份证", "身份证号", "身份证号码", "证件号", "证件号码", "idnumber", "idno", "idcard"]),
    (Field::Region, "region", "地区", &["地区", "区域", "省市", "所在地区", "城市", "所在城市", "region", "city", "area"]),
    (Field::Address, "address", "地址", &["地址", "联系地址", "住址", "家庭地址", "通讯地址", "详细地址", "address"]),
    (Field::Notes, "notes", "备注", &["备注", "说明", "notes", "note", "remark", "remarks", "comment"]),
    (Field::Vip, "vip", "VIP", &["vip", "是否vip", "vip客户", "会员", "是否会员"]),
    (Field::Vin, "vin", "车架号", &["车架号", "车架号码", "vin", "vin码", "vin号", "底盘号", "车辆识别代号", "车辆识别码", "车辆识别号", "vinno", "chassisno", "chassis"]),
    (Field::Plate, "plate", "车牌号", &["车牌", "车牌号", "车牌号码", "牌照", "牌照号", "号牌", "号牌号码", "plate", "plateno", "platenumber", "licenseplate", "licenceplate"]),
    (Field::Brand, "brand", "品牌", &["品牌", "厂牌", "车辆品牌", "brand", "make"]),
    (Field::Model, "model", "车型", &["车型", "车系", "型号", "车辆型号", "车型名称", "model"]),
    (Field::Color, "color", "颜色", &["颜色", "车身颜色", "外观颜色", "color", "colour"]),
    (Field::Energy, "energy", "能源类型", &["能源类型", "燃料类型", "动力类型", "燃料种类", "energy", "fuel", "fueltype"]),
    (Field::PurchaseDate, "purchase_date", "购车日期", &["购车日期", "购买日期", "开票日期", "发票日期", "销售日期", "purchasedate", "invoicedate"]),
    (Field::Mileage, "mileage", "里程", &["里程", "行驶里程", "公里数", "进厂里程", "表显里程", "里程数", "mileage", "odometer", "km"]),
    (Field::InsuranceDue, "insurance_due", "保险到期", &["保险到期", "保险到期日", "保险到期日期", "insurancedue"]),
    (Field::InspectionDue, "inspection_due", "年检到期", &["年检到期", "年检到期日", "年审到期", "年检日期", "inspectiondue"]),
    (Field::MaintenanceDue, "maintenance_due", "下次保养", &["下次保养", "下次保养日期", "保养到期", "maintenancedue", "nextservice"]),
    (Field::InvoiceDate, "invoice_date", "开票日期", &["开票日期", "发票日期", "购车日期", "购买日期", "销售日期", "invoicedate", "purchasedate"]),
    (Field::DeliveryDate, "delivery_date", "交车日期", &["交车日期", "交付日期", "提车日期", "deliverydate"]),
    (Field::Channel, "channel", "销售渠道", &["销售渠道", "渠道", "销售类型", "销售方式", "channel"]),
    (Field::Dealer, "dealer", "经销商", &["经销商", "销售网点", "网点", "二级网点", "销售单位", "dealer"]),
    (Field::Salesperson, "salesperson", "销售顾问", &["销售顾问", "销售员", "业务员", "销售人员", "salesperson", "sales", "salesman"]),
    (Field::Price, "price", "价格", &["价格", "车价", "成交价", "销售价格", "发票金额", "开票价", "开票金额", "price"]),
    (Field::RoNumber, "ro", "工单号", &["工单号", "维修工单号", "工单编号", "委托书号", "委托书编号", "派工单号", "ro", "rono", "ronumber", "repairorder"]),
    (Field::Opened, "opened", "进厂日期", &["进厂日期", "进站日期", "接车日期", "开单日期", "进厂时间", "接车时间", "opened", "datein", "opendate"]),
    (Field::Closed, "closed", "出厂日期", &["出厂日期", "交车日期", "完工日期", "结算日期", "出厂时间", "交车时间", "closed", "dateout", "closedate"]),
    (Field::Advisor, "advisor", "服务顾问", &["服务顾问", "接待员", "服务专员", "接待顾问", "advisor", "serviceadvisor"]),
    (Field::RepairKind, "kind", "维修类型", &["维修类型", "工单类型", "业务类型", "维修类别", "维修性质", "type", "kind", "repairtype"]),
    (Field::Items, "items", "维修项目", &["维修项目", "项目", "维修内容", "作业项目", "服务项目", "items", "jobs"]),
    (Field::Amount, "amount", "金额", &["金额", "结算金额", "工单金额", "总金额", "维修金额", "实收金额", "应收金额", "amount", "total"]),
    (Field::Accident, "accident", "事故车", &["事故车", "是否事故", "是否事故车", "accident"]),
];

impl Field {
    fn entry(self) -> &'static (Field, &'static str, &'static str, &'static [&'static str]) {
        TABLE.iter().find(|e| e.0 == self).unwrap_or(&TABLE[0])
    }

    /// The name `--map` uses: `mobile`, `vin`, `ro` …
    pub fn code(self) -> &'static str {
        self.entry().1
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.entry().2,
            Lang::En => self.english(),
        }
    }

    fn english(self) -> &'static str {
        use Field::*;
        match self {
            Name => "Name",
            Mobile => "Mobile",
            Phone => "Phone",
            Gender => "Gender",
            Birthday => "Birthday",
            IdNumber => "ID number",
            Region => "Region",
            Address => "Address",
            Notes => "Notes",
            Vip => "VIP",
            Vin => "VIN",
            Plate => "Plate",
            Brand => "Brand",
            Model => "Model",
            Color => "Colour",
            Energy => "Energy",
            PurchaseDate => "Purchase date",
            Mileage => "Mileage",
            InsuranceDue => "Insurance due",
            InspectionDue => "Inspection due",
            MaintenanceDue => "Maintenance due",
            InvoiceDate => "Invoice date",
            DeliveryDate => "Delivery date",
            Channel => "Channel",
            Dealer => "Dealer",
            Salesperson => "Salesperson",
            Price => "Price",
            RoNumber => "RO number",
            Opened => "Date in",
            Closed => "Date out",
            Advisor => "Advisor",
            RepairKind => "Repair type",
            Items => "Items",
            Amount => "Amount",
            Accident => "Accident",
        }
    }

    /// A field by its code or Chinese label.
    pub fn parse(s: &str) -> Option<Field> {
        let n = normalize_header(s);
        TABLE
            .iter()
            .find(|e| normalize_header(e.1) == n || normalize_header(e.2) == n)
            .map(|e| e.0)
    }
}

/// Header text compared: half-width, lower case, no spaces, underscores, hyphens, required
/// marks or a unit in brackets.
pub fn normalize_header(h: &str) -> String {
    let h = to_half_width(h.trim_start_matches('\u{FEFF}'));
    let mut out = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '[' | '（' | '【' => depth += 1,
            ')' | ']' | '）' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '_' | '-' | '*' | '.' | ':' | '：' | '#') => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The field a header names for this kind, if any.
pub fn field_for(kind: Kind, header: &str) -> Option<Field> {
    let n = normalize_header(header);
    if n.is_empty() {
        return None;
    }
    kind.fields()
        .iter()
        .copied()
        .find(|f| aliases(*f).contains(&n))
}

/// A field's aliases, normalised once (the header search compares every cell of the first
/// rows with all of them).
fn aliases(f: Field) -> &'static [String] {
    static NORMALISED: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    let all = NORMALISED.get_or_init(|| {
        (0..FIELDS)
            .map(|i| {
                TABLE
                    .iter()
                    .find(|e| e.0 as usize == i)
                    .map(|e| e.3.iter().map(|a| normalize_header(a)).collect())
                    .unwrap_or_default()
            })
            .collect()
    });
    &all[f as usize]
}

/// A `--map` entry: `列名=field` (or `列名=-` to ignore the column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapEntry {
    pub header: String,
    pub field: Option<Field>,
}

/// Every kind, in the order a row's records are written: the owner, the car, then its sale
/// or repair order.
pub const KINDS: [Kind; 4] = [Kind::Customers, Kind::Vehicles, Kind::Sales, Kind::Repairs];

/// Parses the `--map` arguments for one kind (or, with `None`, for any); the error names the
/// bad one.
pub fn parse_map(kind: Option<Kind>, map: &[String], lang: Lang) -> Result<Vec<MapEntry>, String> {
    let known = |f: &Field| kind.is_none_or(|k| k.fields().contains(f));
    let mut out = Vec::new();
    for m in map {
        let Some((h, f)) = m.rsplit_once('=') else {
            return Err(match lang {
                Lang::Zh => format!("--map {m}：应写成 列名=字段，如 --map 客户电话=mobile"),
                Lang::En => format!("--map {m}: expected COLUMN=FIELD, e.g. --map 客户电话=mobile"),
            });
        };
        let field = if matches!(f.trim(), "-" | "ignore" | "忽略") {
            None
        } else {
            match Field::parse(f).filter(known) {
                Some(f) => Some(f),
                None => {
                    let codes: Vec<&str> = TABLE
                        .iter()
                        .map(|e| e.0)
                        .filter(known)
                        .map(Field::code)
                        .collect();
                    let what = match kind {
                        Some(k) => k.label(lang).to_string(),
                        None => lang.t("任何一类", "any kind").to_string(),
                    };
                    return Err(match lang {
                        Lang::Zh => format!(
                            "--map {m}：导入{what}时没有字段“{f}”；可用：{}",
                            codes.join(", ")
                        ),
                        Lang::En => format!(
                            "--map {m}: {what} have no field \"{f}\"; known: {}",
                            codes.join(", ")
                        ),
                    });
                }
            }
        };
        out.push(MapEntry {
            header: h.trim().to_string(),
            field,
        });
    }
    Ok(out)
}

/// The columns of a header row: which field each column feeds (None: not used).
pub fn assign(kind: Kind, header: &[String], map: &[MapEntry]) -> Vec<Option<Field>> {
    let mut out: Vec<Option<Field>> = Vec::with_capacity(header.len());
    for h in header {
        let n = normalize_header(h);
        let mapped = map
            .iter()
            .find(|m| normalize_header(&m.header) == n && !n.is_empty());
        out.push(match mapped {
            // Mapped to another kind's field: not this kind's column.
            Some(m) => m.field.filter(|f| kind.fields().contains(f)),
            None => field_for(kind, h),
        });
    }
    // A field fed by two columns: the first wins unless --map named the other.
    for i in 0..out.len() {
        let Some(f) = out[i] else { continue };
        if out[..i].contains(&Some(f)) {
            out[i] = None;
        }
    }
    out
}

/// How many fields there are (`Field as usize` is below it).
const FIELDS: usize = Field::Accident as usize + 1;

/// A header row's columns as one kind reads them: the field each column feeds, and the
/// column of each field (looked up for every cell of every row, so kept as a table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub fields: Vec<Option<Field>>,
    at: [Option<usize>; FIELDS],
}

impl Columns {
    pub fn new(fields: Vec<Option<Field>>) -> Columns {
        let mut at = [None; FIELDS];
        for (i, f) in fields.iter().enumerate() {
            if let Some(f) = f {
                at[*f as usize].get_or_insert(i);
            }
        }
        Columns { fields, at }
    }

    /// The column a field is read from.
    pub fn column(&self, f: Field) -> Option<usize> {
        self.at[f as usize]
    }

    pub fn has(&self, f: Field) -> bool {
        self.column(f).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn headers_match_in_either_language() {
        assert_eq!(normalize_header(" 金额（元）"), "金额");
        assert_eq!(normalize_header("*手机号码"), "手机号码");
        assert_eq!(normalize_header("VIN Code"), "vincode");
        assert_eq!(field_for(Kind::Customers, "客户姓名"), Some(Field::Name));
        assert_eq!(field_for(Kind::Customers, "Mobile"), Some(Field::Mobile));
        assert_eq!(field_for(Kind::Vehicles, "底盘号"), Some(Field::Vin));
        assert_eq!(field_for(Kind::Sales, "购车日期"), Some(Field::InvoiceDate));
        assert_eq!(
            field_for(Kind::Vehicles, "购车日期"),
            Some(Field::PurchaseDate)
        );
        assert_eq!(field_for(Kind::Repairs, "交车日期"), Some(Field::Closed));
        assert_eq!(
            field_for(Kind::Sales, "交车日期"),
            Some(Field::DeliveryDate)
        );
        assert_eq!(field_for(Kind::Customers, "车架号"), None);
    }

    #[test]
    fn map_overrides_and_ignores() {
        let map = parse_map(
            Some(Kind::Customers),
            &s(&["客户电话=mobile", "姓名=-"]),
            Lang::En,
        )
        .unwrap();
        let a = assign(Kind::Customers, &s(&["姓名", "客户电话", "联系人"]), &map);
        assert_eq!(a, vec![None, Some(Field::Mobile), Some(Field::Name)]);
        assert!(parse_map(Some(Kind::Customers), &s(&["x=vin"]), Lang::En).is_err());
        assert!(parse_map(None, &s(&["x=vin"]), Lang::En).is_ok());
        assert!(parse_map(None, &s(&["nothing"]), Lang::Zh).is_err());
        assert_eq!(Field::parse("手机"), Some(Field::Mobile));
    }
}
