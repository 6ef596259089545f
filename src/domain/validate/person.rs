//! Phone numbers (mobile, landline) and resident ID numbers.

use super::*;

// ---------------------------------------------------------------- phones

/// True for spreadsheet-mangled numbers such as `1.38123E+10` or `1.10101E+17`: a
/// spreadsheet showed the number in scientific notation and saved what it showed.
/// Full-width characters and surrounding spaces are allowed.
pub fn looks_scientific(s: &str) -> bool {
    // No E, half-width or full-width (`EF BC A5`, `EF BD 85`): not scientific.
    if !s.bytes().any(|b| matches!(b, b'e' | b'E' | 0xEF)) {
        return false;
    }
    let s = half_width(s);
    let s = s.trim();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation_is_recognised_in_any_width() {
        assert!(looks_scientific("1.38123E+10"));
        assert!(looks_scientific(" 1.10101e+17 "));
        assert!(looks_scientific("１.３８１２３Ｅ＋１０"));
        assert!(!looks_scientific("13812345678"));
        assert!(!looks_scientific("E"));
        assert!(!looks_scientific("1.5E+3E"));
        assert!(!looks_scientific("粤B12345"));
    }
}
