//! VINs (ISO 3779 check digit) and Chinese plates.

use super::*;

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
