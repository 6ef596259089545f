//! Field validation and normalisation for what the desk types or imports: VIN, plate,
//! phone numbers, resident ID, dates, mileage, names. Pure functions, no UI and no storage.
//! Every function takes any string (pasted, imported, mangled by a spreadsheet) without
//! panicking and either returns the normalised value or a field-level [`ValidationError`].

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};

/// The field a value belongs to; names the field in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Mobile,
    Landline,
    IdNumber,
    Birthday,
    Vin,
    Plate,
    Mileage,
    Date,
    Brand,
    Model,
    Region,
}

impl Field {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Name => lang.t("姓名", "Name"),
            Field::Mobile => lang.t("手机", "Mobile"),
            Field::Landline => lang.t("固定电话", "Landline"),
            Field::IdNumber => lang.t("身份证号", "ID number"),
            Field::Birthday => lang.t("生日", "Birthday"),
            Field::Vin => lang.t("车架号", "VIN"),
            Field::Plate => lang.t("车牌号", "Plate"),
            Field::Mileage => lang.t("里程", "Mileage"),
            Field::Date => lang.t("日期", "Date"),
            Field::Brand => lang.t("品牌", "Brand"),
            Field::Model => lang.t("车型", "Model"),
            Field::Region => lang.t("地区", "Region"),
        }
    }
}

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Empty,
    Length { expected: &'static str, got: usize },
    BadChar(char),
    BadCheckDigit { expected: char, got: char },
    BadFormat,
    BadProvince,
    InFuture,
    BadDate,
    Negative,
    ScientificNotation,
    TooLong { max: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub field: Field,
    pub reason: Reason,
}

impl ValidationError {
    pub fn new(field: Field, reason: Reason) -> Self {
        ValidationError { field, reason }
    }

    /// A sentence naming the field and the reason, e.g. `车架号：第9位校验位应为 X，实际为 1`
    /// / `VIN: check digit (position 9) should be X, got 1`. Characters are escaped.
    pub fn message(&self, lang: Lang) -> String {
        let (zh, en) = self.texts();
        let label = self.field.label(lang);
        format!("{label}{}{}", lang.t("：", ": "), lang.t(&zh, &en))
    }

    /// The reason in both languages.
    fn texts(&self) -> (String, String) {
        use Field::{IdNumber, Plate, Vin};
        let f = self.field;
        let s = |zh: &str, en: &str| (zh.to_string(), en.to_string());
        match &self.reason {
            Reason::Empty => s("不能为空", "must not be empty"),
            Reason::Length { expected: x, got } => (
                format!("长度应为 {x} 位，实际为 {got} 位"),
                format!("should be {x} characters long, got {got}"),
            ),
            Reason::BadChar(c) => {
                let (hz, he) = match f {
                    Vin => ("（车架号不使用 I、O、Q）", " (VINs never use I, O or Q)"),
                    Plate => ("（车牌不使用 I、O）", " (plates never use I or O)"),
                    _ => ("", ""),
                };
                let c = c.escape_debug();
                (
                    format!("含有无效字符“{c}”{hz}"),
                    format!("invalid character '{c}'{he}"),
                )
            }
            Reason::BadCheckDigit { expected: x, got } => {
                let (pz, pe) = match f {
                    Vin => ("第9位", " (position 9)"),
                    IdNumber => ("第18位", " (position 18)"),
                    _ => ("", ""),
                };
                (
                    format!("{pz}校验位应为 {x}，实际为 {got}"),
                    format!("check digit{pe} should be {x}, got {got}"),
                )
            }
            Reason::BadFormat => {
                let (hz, he) = format_hint(f);
                (format!("格式不正确{hz}"), format!("wrong format{he}"))
            }
            Reason::BadProvince if f == IdNumber => s("地区码无效", "invalid region code"),
            Reason::BadProvince => s(
                "省份简称无效（如 粤、京）",
                "invalid province (e.g. 粤, 京)",
            ),
            Reason::InFuture => s("不能晚于今天", "cannot be in the future"),
            Reason::BadDate if f == IdNumber => s("出生日期无效", "invalid birth date"),
            Reason::BadDate => s("不是有效的日期", "not a valid date"),
            Reason::Negative => s("不能为负数", "cannot be negative"),
            Reason::ScientificNotation => s(
                "号码被表格软件转成了科学计数法（如 1.38123E+10），请输入完整号码",
                "a spreadsheet turned the number into scientific notation (e.g. 1.38123E+10); \
                 enter the full number",
            ),
            Reason::TooLong { max } => (
                format!("不能超过 {max} 个字符"),
                format!("at most {max} characters"),
            ),
        }
    }
}

fn format_hint(field: Field) -> (&'static str, &'static str) {
    match field {
        Field::Mobile => (
            "（应为 1 开头的 11 位号码）",
            " (11 digits starting with 1)",
        ),
        Field::Landline => ("（如 0755-12345678）", " (e.g. 0755-12345678)"),
        Field::Plate => ("（如 粤B12345、粤BD12345）", " (e.g. 粤B12345)"),
        Field::Date | Field::Birthday => ("（如 2026-11-22）", " (e.g. 2026-11-22)"),
        Field::Mileage => ("（应为 0–2000000 公里）", " (0–2,000,000 km)"),
        _ => ("", ""),
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for ValidationError {}

fn err<T>(field: Field, reason: Reason) -> Result<T, ValidationError> {
    Err(ValidationError::new(field, reason))
}

fn len_err<T>(field: Field, expected: &'static str, got: usize) -> Result<T, ValidationError> {
    err(field, Reason::Length { expected, got })
}

/// Half-width and trimmed; `Empty` and `ScientificNotation` are errors.
fn prepare(input: &str, field: Field) -> Result<String, ValidationError> {
    let s = to_half_width(input);
    let s = s.trim();
    if s.is_empty() {
        return err(field, Reason::Empty);
    }
    if looks_scientific(s) {
        return err(field, Reason::ScientificNotation);
    }
    Ok(s.to_string())
}

/// Full-width → half-width for the ASCII range (U+FF01–U+FF5E → U+0021–U+007E,
/// U+3000 → space). Other characters are kept.
pub fn to_half_width(s: &str) -> String {
    s.chars().map(half_width_char).collect()
}

fn half_width_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Half-width, upper-case ASCII, without whitespace and the given separators.
fn compact_upper(input: &str, drop: &[char]) -> String {
    input
        .chars()
        .map(half_width_char)
        .filter(|c| !c.is_whitespace() && !drop.contains(c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

// ---------------------------------------------------------------- VIN

/// Transliteration value of a VIN character; None for characters a VIN cannot hold.
fn vin_value(c: char) -> Option<u32> {
    Some(match c.to_ascii_uppercase() {
        d @ '0'..='9' => d as u32 - '0' as u32,
        'A' | 'J' => 1,
        'B' | 'K' | 'S' => 2,
        'C' | 'L' | 'T' => 3,
        'D' | 'M' | 'U' => 4,
        'E' | 'N' | 'V' => 5,
        'F' | 'W' => 6,
        'G' | 'P' | 'X' => 7,
        'H' | 'Y' => 8,
        'R' | 'Z' => 9,
        _ => return None,
    })
}

const VIN_WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// The ISO 3779 / North American check digit ('0'–'9' or 'X') for position 9.
/// None if the input is not 17 valid VIN characters.
pub fn vin_check_digit(vin: &str) -> Option<char> {
    if vin.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in vin.chars().zip(VIN_WEIGHTS) {
        sum += vin_value(c)? * w;
    }
    Some(if sum % 11 == 10 {
        'X'
    } else {
        char::from_digit(sum % 11, 10)?
    })
}

/// Puts the correct check digit into position 9 of a 17-character VIN.
pub fn with_check_digit(vin: &str) -> Option<String> {
    let check = vin_check_digit(vin)?;
    // 17 valid VIN characters are all ASCII.
    let mut out = vin.to_ascii_uppercase();
    out.replace_range(8..9, check.encode_utf8(&mut [0; 4]));
    Some(out)
}

/// Normalises a VIN (trim, no spaces/hyphens, half-width, upper case) and checks it.
/// A wrong check digit is not an error: `Ok((vin, false))`, and the caller asks the user to
/// confirm (European and many Chinese-market VINs do not use the check digit).
pub fn normalize_vin(input: &str) -> Result<(String, bool), ValidationError> {
    let vin = compact_upper(input, &['-', '_']);
    if vin.is_empty() {
        return err(Field::Vin, Reason::Empty);
    }
    if let Some(c) = vin.chars().find(|&c| vin_value(c).is_none()) {
        return err(Field::Vin, Reason::BadChar(c));
    }
    let got = vin.chars().count();
    if got != 17 {
        return len_err(Field::Vin, "17", got);
    }
    let check_ok = vin_check_digit(&vin) == vin.chars().nth(8);
    Ok((vin, check_ok))
}

// ---------------------------------------------------------------- plates

/// Province abbreviations that start a plate.
pub const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const PLATE_SUFFIXES: &str = "学警挂港澳";
const DOTS: &[char] = &[
    '·', '•', '・', '･', '‧', '∙', '⋅', '●', '.', '-', '_', '\u{FF0E}',
];

fn is_plate_alnum(c: char) -> bool {
    (c.is_ascii_digit() || c.is_ascii_uppercase()) && c != 'I' && c != 'O'
}

fn clean_plate(input: &str) -> String {
    compact_upper(input, DOTS)
}

/// Normalises and checks a Chinese plate: ordinary (7 characters), new energy (8), or with a
/// 学/警/挂/港/澳 suffix. `京Ａ·１２３４５` → `京A12345`.
pub fn normalize_plate(input: &str) -> Result<String, ValidationError> {
    let plate = clean_plate(input);
    let chars: Vec<char> = plate.chars().collect();
    let Some(&first) = chars.first() else {
        return err(Field::Plate, Reason::Empty);
    };
    if !PLATE_PROVINCES.contains(first) {
        return err(Field::Plate, Reason::BadProvince);
    }
    let rest = &chars[1..];
    if rest.len() != 6 && rest.len() != 7 {
        let got = chars.len();
        return len_err(Field::Plate, "7–8", got);
    }
    // Characters a plate never holds in these positions.
    let last = rest.len() - 1;
    for (i, &c) in rest.iter().enumerate() {
        let suffix_ok = i == last && rest.len() == 6 && PLATE_SUFFIXES.contains(c);
        if !is_plate_alnum(c) && !suffix_ok {
            return err(Field::Plate, Reason::BadChar(c));
        }
    }
    // Ordinary: letter + five alphanumerics, or four and a suffix (checked above).
    // New energy: letter + D/F + alphanumeric + four digits, or five digits + D/F.
    let six = &rest[1..];
    let d_or_f = |c: &char| matches!(c, 'D' | 'F');
    let digits = |s: &[char]| s.iter().all(char::is_ascii_digit);
    let ok = six.len() == 5
        || (d_or_f(&six[0]) && digits(&six[2..]))
        || (d_or_f(&six[5]) && digits(&six[..5]));
    if !ok || !rest[0].is_ascii_uppercase() {
        return err(Field::Plate, Reason::BadFormat);
    }
    Ok(plate)
}

/// The plate without its province character, for searching: `粤B12345` → `B12345`.
/// Accepts unnormalised input (`粤b·12345`).
pub fn plate_key(plate: &str) -> String {
    let plate = clean_plate(plate);
    let mut chars = plate.chars();
    match chars.next() {
        Some(c) if PLATE_PROVINCES.contains(c) => chars.collect(),
        _ => plate,
    }
}

// ---------------------------------------------------------------- phones

/// True for spreadsheet-mangled numbers such as `1.38123E+10`.
fn looks_scientific(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_digit() || "eE.+- ".contains(c))
        && s.chars().filter(|c| matches!(c, 'e' | 'E')).count() == 1
        && s.chars().any(|c| c.is_ascii_digit())
}

/// Mobile number → 11 digits matching `1[3-9]\d{9}`. Accepts a +86 / 0086 / 86 prefix,
/// spaces, hyphens, parentheses and full-width digits.
pub fn normalize_mobile(input: &str) -> Result<String, ValidationError> {
    const F: Field = Field::Mobile;
    let s = prepare(input, F)?;
    let mut digits = String::with_capacity(16);
    let mut plus = false;
    for c in s.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' => {}
            '+' if digits.is_empty() && !plus => plus = true,
            c if c.is_whitespace() => {}
            c => return err(F, Reason::BadChar(c)),
        }
    }
    let national = match (plus, digits.len()) {
        (true, _) => match digits.strip_prefix("86") {
            Some(n) => n,
            None => return err(F, Reason::BadFormat),
        },
        (false, 15) => digits.strip_prefix("0086").unwrap_or(&digits),
        (false, 13) => digits.strip_prefix("86").unwrap_or(&digits),
        _ => &digits,
    };
    if national.len() != 11 {
        return len_err(F, "11", national.len());
    }
    if !national.starts_with('1') || !matches!(national.as_bytes()[1], b'3'..=b'9') {
        return err(F, Reason::BadFormat);
    }
    Ok(national.to_string())
}

/// Landline → `0755-12345678` or `0755-12345678-123`. Accepts `0755 12345678`,
/// `(0755)12345678`, `075512345678`, `+86 755 12345678`, `0755-1234-5678`, an extension after
/// `-`, `转`, `#`, `x` or `ext`. Area codes: 010, 02x, or 0 + three digits. A number whose
/// leading zero was lost (`7551234567`) is an error.
pub fn normalize_landline(input: &str) -> Result<String, ValidationError> {
    const F: Field = Field::Landline;
    let s = prepare(input, F)?.to_ascii_lowercase();
    let s = s.as_str();
    let (s, intl) = match s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")) {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    let (main, ext) = match ["转", "ext.", "ext", "#", "x"]
        .iter()
        .find_map(|m| s.split_once(m))
    {
        Some((m, e)) => (m, Some(e.trim())),
        None => (s, None),
    };
    let mut digits = String::with_capacity(24);
    if intl
        && !main
            .trim_start_matches([' ', '-', '(', ')'])
            .starts_with('0')
    {
        digits.push('0');
    }
    let (mut last_group, mut in_group) = (0, false);
    for c in main.chars() {
        if c.is_ascii_digit() {
            last_group = if in_group { last_group + 1 } else { 1 };
            in_group = true;
            digits.push(c);
        } else if matches!(c, '-' | '(' | ')' | '.') || c.is_whitespace() {
            in_group = false;
        } else {
            return err(F, Reason::BadChar(c));
        }
    }
    // All ASCII digits from here on, so byte indices are character indices.
    let b = digits.as_bytes();
    let area_len = match (b.first(), b.get(1)) {
        (Some(b'0'), Some(b'2')) => 3,
        (Some(b'0'), Some(b'1')) if digits.starts_with("010") => 3,
        (Some(b'0'), Some(b'3'..=b'9')) => 4,
        _ => return err(F, Reason::BadFormat),
    };
    let Some((area, rest)) = digits.split_at_checked(area_len) else {
        return err(F, Reason::BadFormat);
    };
    // Without a marker, a separate last group after a full number is the extension.
    let (number, ext) = match ext {
        Some(e) => (rest, Some(e)),
        None if rest.len() > 8 && last_group < rest.len() && last_group <= 6 => {
            let (n, e) = rest.split_at(rest.len() - last_group);
            (n, Some(e))
        }
        None => (rest, None),
    };
    if !(7..=8).contains(&number.len()) {
        let got = number.len();
        return len_err(F, "7–8", got);
    }
    if number.starts_with('0') {
        return err(F, Reason::BadFormat);
    }
    match ext {
        None => Ok(format!("{area}-{number}")),
        Some(e) if (1..=6).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(format!("{area}-{number}-{e}"))
        }
        Some(_) => err(F, Reason::BadFormat),
    }
}

/// A normalised phone number of either kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    Mobile(String),
    Landline(String),
}

/// Either a mobile or a landline. The error is the mobile's when the input looks like a
/// mobile (starts with 1 after any +86 prefix), else the landline's.
pub fn normalize_phone(input: &str) -> Result<Phone, ValidationError> {
    let mobile_err = match normalize_mobile(input) {
        Ok(m) => return Ok(Phone::Mobile(m)),
        Err(e) => e,
    };
    if matches!(
        mobile_err.reason,
        Reason::Empty | Reason::ScientificNotation
    ) {
        return Err(mobile_err);
    }
    let landline_err = match normalize_landline(input) {
        Ok(l) => return Ok(Phone::Landline(l)),
        Err(e) => e,
    };
    let hw = to_half_width(input);
    let digits: String = hw.chars().filter(char::is_ascii_digit).collect();
    let national = if hw.trim_start().starts_with('+') {
        digits.strip_prefix("86").unwrap_or(&digits)
    } else {
        digits.strip_prefix("0086").unwrap_or(&digits)
    };
    if national.starts_with('1') {
        Err(mobile_err)
    } else {
        Err(landline_err)
    }
}

// ---------------------------------------------------------------- resident ID

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
const ID_PROVINCES: [u32; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// The GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits.
/// None unless the input starts with 17 ASCII digits.
pub fn id_check_char(id17: &str) -> Option<char> {
    let b = id17.as_bytes();
    if b.len() < 17 || !b[..17].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    ID_CHECK.get((sum % 11) as usize).copied()
}

/// Resident ID (GB 11643): 18 characters, region code, valid birth date, check character.
/// Lower-case x becomes X.
pub fn normalize_id_number(input: &str) -> Result<String, ValidationError> {
    const F: Field = Field::IdNumber;
    let id = compact_upper(input, &['-']);
    if id.is_empty() {
        return err(F, Reason::Empty);
    }
    let chars: Vec<char> = id.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !(c.is_ascii_digit() || (c == 'X' && i == 17)) {
            return err(F, Reason::BadChar(c));
        }
    }
    if chars.len() != 18 {
        return len_err(F, "18", chars.len());
    }
    // All ASCII from here on.
    let province: u32 = id[..2].parse().unwrap_or(0);
    if !ID_PROVINCES.contains(&province) {
        return err(F, Reason::BadProvince);
    }
    match parse_date(&id[6..14], F) {
        Ok(date) if date.year() >= 1900 => {}
        _ => return err(F, Reason::BadDate),
    }
    let expected = id_check_char(&id).unwrap_or('?');
    let got = chars[17];
    if expected != got {
        return err(F, Reason::BadCheckDigit { expected, got });
    }
    Ok(id)
}

// ---------------------------------------------------------------- dates, mileage, names

/// Dates as users type them: `2026-11-22`, `2026/11/22`, `2026.11.22`, `20261122`,
/// `2026年11月22日`, single-digit month and day, full-width digits.
pub fn parse_date(input: &str, field: Field) -> Result<NaiveDate, ValidationError> {
    let s = prepare(input, field)?;
    let s = s.as_str();
    let mut parts: Vec<&str> = Vec::with_capacity(3);
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        parts.extend([&s[..4], &s[4..6], &s[6..]]);
    } else {
        let s = s.strip_suffix('日').unwrap_or(s);
        if let Some(c) = s
            .chars()
            .find(|c| !c.is_ascii_digit() && !matches!(c, '-' | '/' | '.' | '年' | '月' | ' '))
        {
            return err(field, Reason::BadChar(c));
        }
        parts.extend(
            s.split(['-', '/', '.', '年', '月', ' '])
                .filter(|p| !p.is_empty()),
        );
    }
    let [y, m, d] = parts[..] else {
        return err(field, Reason::BadFormat);
    };
    if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return err(field, Reason::BadFormat);
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return err(field, Reason::BadFormat);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| ValidationError::new(field, Reason::BadDate))
}

/// A birthday: a valid date, not after `today`, not before 1900-01-01.
pub fn validate_birthday(input: &str, today: NaiveDate) -> Result<NaiveDate, ValidationError> {
    let date = parse_date(input, Field::Birthday)?;
    if date > today {
        return err(Field::Birthday, Reason::InFuture);
    }
    if date.year() < 1900 {
        return err(Field::Birthday, Reason::BadDate);
    }
    Ok(date)
}

/// Upper bound for an odometer reading.
pub const MAX_MILEAGE_KM: u32 = 2_000_000;

/// Mileage in km: `85000`, `85,000`, `85000km`, `85000 公里`, `8.5万公里`. Decimals are
/// rounded. Negative → `Negative`; more than 2,000,000 km → `BadFormat`.
pub fn parse_mileage(input: &str) -> Result<u32, ValidationError> {
    const F: Field = Field::Mileage;
    const SEPS: [char; 3] = [',', ' ', '\''];
    let s = prepare(input, F)?.to_ascii_lowercase();
    let s = ["km", "公里", "千米"]
        .iter()
        .find_map(|x| s.strip_suffix(x))
        .unwrap_or(&s);
    let (s, scale) = match s.trim_end().strip_suffix('万') {
        Some(rest) => (rest.trim_end(), 10_000.0),
        None => (s.trim_end(), 1.0),
    };
    if let Some(rest) = s.strip_prefix('-') {
        let number = rest.trim_start().starts_with(|c: char| c.is_ascii_digit());
        return err(
            F,
            if number {
                Reason::Negative
            } else {
                Reason::BadFormat
            },
        );
    }
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if let Some(c) = int
        .chars()
        .chain(frac.chars())
        .find(|&c| !c.is_ascii_digit() && !SEPS.contains(&c))
    {
        return err(F, Reason::BadChar(c));
    }
    // Thousands separators: one to three digits, then groups of three; none in the fraction.
    let mut groups = int.split(SEPS);
    let first_ok = groups
        .next()
        .is_some_and(|g| !g.is_empty() && (g.len() <= 3 || !int.contains(SEPS)));
    if !first_ok || groups.any(|g| g.len() != 3) || frac.contains(SEPS) {
        return err(F, Reason::BadFormat);
    }
    let plain: String = int
        .chars()
        .filter(char::is_ascii_digit)
        .chain(['.'])
        .chain(frac.chars())
        .collect();
    match plain.parse::<f64>().map(|v| (v * scale).round()) {
        Ok(km) if (0.0..=f64::from(MAX_MILEAGE_KM)).contains(&km) => Ok(km as u32),
        _ => err(F, Reason::BadFormat),
    }
}

/// Keeps the first `head` and last `tail` characters, masking the rest with `*`.
fn mask_middle(s: &str, head: usize, tail: usize, min_len: usize) -> String {
    let n = s.chars().count();
    if n < min_len {
        return "*".repeat(n);
    }
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { c } else { '*' })
        .collect()
}

/// `13812341234` → `138****1234`. Anything else: first 3 and last 4 kept when at least 8
/// characters long, else all `*`.
pub fn mask_mobile(mobile: &str) -> String {
    mask_middle(mobile, 3, 4, 8)
}

/// `110101199003071233` → `110101********1233` (shorter values: all `*` below 11 characters).
pub fn mask_id_number(id: &str) -> String {
    mask_middle(id, 6, 4, 11)
}

/// Maximum length of a name, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// A name: trimmed, inner runs of spaces collapsed, 1–40 characters, no control or
/// bidirectional-override characters.
pub fn validate_name(input: &str) -> Result<String, ValidationError> {
    const F: Field = Field::Name;
    let mut out = String::with_capacity(input.len().min(256));
    let mut n = 0usize;
    let mut pending_space = false;
    for c in input.trim().chars() {
        if c.is_whitespace() && !matches!(c, '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}') {
            pending_space = !out.is_empty();
            continue;
        }
        let invisible = matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}'
                | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        );
        if c.is_control() || invisible {
            return err(F, Reason::BadChar(c));
        }
        if pending_space {
            out.push(' ');
            n += 1;
            pending_space = false;
        }
        out.push(c);
        n += 1;
        if n > MAX_NAME_CHARS {
            let max = MAX_NAME_CHARS;
            return err(F, Reason::TooLong { max });
        }
    }
    if out.is_empty() {
        return err(F, Reason::Empty);
    }
    Ok(out)
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
