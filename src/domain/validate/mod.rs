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

    /// The reason alone, for a caller that names the field itself (e.g. `--date X：…`).
    pub fn reason(&self, lang: Lang) -> String {
        let (zh, en) = self.texts();
        lang.t(&zh, &en).to_string()
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
    let s = half_width(input);
    let s = s.trim();
    if s.is_empty() {
        return err(field, Reason::Empty);
    }
    if person::looks_scientific(s) {
        return err(field, Reason::ScientificNotation);
    }
    Ok(s.to_string())
}

/// Full-width → half-width for the ASCII range (U+FF01–U+FF5E → U+0021–U+007E,
/// U+3000 → space). Other characters are kept.
pub fn to_half_width(s: &str) -> String {
    half_width(s).into_owned()
}

/// `to_half_width`, borrowing text that has nothing to change (the usual case: a check of
/// each cell of an import should not copy it).
pub(crate) fn half_width(s: &str) -> std::borrow::Cow<'_, str> {
    // U+3000 is `E3 80 80`, U+FF01–U+FF5E start with `EF`.
    if !s.bytes().any(|b| b == 0xE3 || b == 0xEF) || s.chars().all(|c| half_width_char(c) == c) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(half_width_char).collect())
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

mod person;
mod vehicle;
pub use person::*;
pub use vehicle::*;

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
mod tests;

/// Masks phone and ID numbers inside free text (call sentences, notes) for lists and
/// timelines: a mobile becomes `138****1234`, a resident ID `110101********1234`, a
/// landline keeps its area code and last 2 digits. Other digits stay as they are.
pub fn mask_in_text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (i > start && i - start == 17 && matches!(chars[i], 'X' | 'x')))
        {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        // A landline: area code, a hyphen, 7–8 digits.
        if run.starts_with('0') && (3..=4).contains(&run.len()) && chars.get(i) == Some(&'-') {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let number: String = chars[i + 1..j].iter().collect();
            if (7..=8).contains(&number.len()) {
                out.push_str(&run);
                out.push('-');
                out.push_str(&"*".repeat(number.len() - 2));
                out.push_str(&number[number.len() - 2..]);
                i = j;
                continue;
            }
        }
        let b = run.as_bytes();
        if run.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
            out.push_str(&mask_mobile(&run));
        } else if run.len() == 18 {
            out.push_str(&mask_id_number(&run));
        } else {
            out.push_str(&run);
        }
    }
    out
}

#[cfg(test)]
mod mask_text_tests {
    use super::mask_in_text;

    #[test]
    fn numbers_in_sentences_are_masked() {
        assert_eq!(mask_in_text("客户__13812341234_。"), "客户__138****1234_。");
        assert_eq!(
            mask_in_text("要求救援粤B12345、13912345678。"),
            "要求救援粤B12345、139****5678。"
        );
        assert_eq!(
            mask_in_text("身份证110101199003071233"),
            "身份证110101********1233"
        );
        assert_eq!(mask_in_text("电话0755-12345678转"), "电话0755-******78转");
        // Mileage, prices, dates and plates stay.
        assert_eq!(
            mask_in_text("行驶了35000公里,2026年3月5日,价格12800元"),
            "行驶了35000公里,2026年3月5日,价格12800元"
        );
        assert_eq!(mask_in_text("12812341234"), "12812341234");
    }
}
