//! The import's field checkers: one cell's text to a value, with spreadsheet damage
//! (scientific notation, zeroed ID digits, a dropped leading 0) named as such.

use super::*;

/// Trimmed and in lower case, copied only when something is upper case.
fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    let t = trim(s);
    if t.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(t.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

pub(super) fn zh_en(lang: Lang, zh: &str, en: &str) -> String {
    lang.t(zh, en).to_string()
}

/// Spreadsheet damage of a phone or ID value, named.
pub(super) fn damage(field: Field, s: &str, lang: Lang) -> Option<String> {
    let label = field.label(lang);
    if v::looks_scientific(s) {
        return Some(match lang {
            Lang::Zh => format!(
                "{label}：被表格软件转成了科学计数法，原号码已丢失（请在原系统重新导出，并把该列设为文本）"
            ),
            Lang::En => format!(
                "{label}: a spreadsheet turned it into scientific notation and the number is lost \
                 (export again with the column formatted as text)"
            ),
        });
    }
    // Only a value of digits (spaces and hyphens aside) can be damaged this way: told
    // before its digits are copied, as most values are not.
    let hw = v::half_width(s);
    let digit = |c: &char| !matches!(c, ' ' | '-');
    if !hw.chars().filter(digit).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits: String = hw.chars().filter(digit).collect();
    match field {
        Field::Mobile | Field::Phone
            if (9..=11).contains(&digits.len()) && matches!(digits.as_bytes()[0], b'2'..=b'9') =>
        {
            Some(match lang {
                Lang::Zh => format!(
                    "{label}：开头的 0 被表格软件去掉了（应为 0{digits}？），请核对后以文本格式填写"
                ),
                Lang::En => format!(
                    "{label}: a spreadsheet dropped the leading 0 (0{digits}?); check it and enter it as text"
                ),
            })
        }
        Field::IdNumber if digits.len() >= 16 && digits.ends_with("000") => Some(match lang {
            Lang::Zh => format!(
                "{label}：末三位是 000，身份证号被 Excel 当成数字截断了精度（只保留 15 位），原号码已丢失"
            ),
            Lang::En => format!(
                "{label}: ends in 000 — Excel stored the ID as a number and kept only 15 digits; \
                 the real number is lost"
            ),
        }),
        _ => None,
    }
}

pub(super) fn phone(field: Field, s: &str, lang: Lang) -> Result<Phone, String> {
    // Eleven digits `1[3-9]…`, as most exports write a mobile: no damage, and what
    // `normalize_phone` makes of it, without its copies.
    let b = s.as_bytes();
    if b.len() == 11 && b[0] == b'1' && matches!(b[1], b'3'..=b'9') && b.is_ascii_digit_run() {
        return Ok(Phone::Mobile(s.to_string()));
    }
    if let Some(d) = damage(field, s, lang) {
        return Err(d);
    }
    normalize_phone(s).map_err(|e| e.message(lang))
}

pub(super) fn id_number(s: &str, lang: Lang) -> Result<String, String> {
    if let Some(d) = damage(Field::IdNumber, s, lang) {
        return Err(d);
    }
    normalize_id_number(s).map_err(|e| e.message(lang))
}

pub(super) fn clean_text(s: &str, max: usize, lang: Lang) -> Result<CompactString, String> {
    let t = if s.chars().any(char::is_control) {
        let t: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        CompactString::new(trim(&t))
    } else {
        CompactString::new(trim(s))
    };
    // Bytes bound characters from above: counted only when it could matter.
    let n = if t.len() > max { t.chars().count() } else { 0 };
    if n > max {
        return Err(match lang {
            Lang::Zh => format!("不能超过 {max} 个字符（实际 {n} 个）"),
            Lang::En => format!("at most {max} characters (got {n})"),
        });
    }
    Ok(t)
}

pub(super) fn ro_number(s: &str, lang: Lang) -> Result<String, String> {
    let t: String = to_half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if v::looks_scientific(&t) {
        return Err(zh_en(
            lang,
            "工单号：被表格软件转成了科学计数法，原号码已丢失",
            "RO number: a spreadsheet turned it into scientific notation; the number is lost",
        ));
    }
    if t.chars().count() > 40 || t.chars().any(|c| c.is_control()) {
        return Err(zh_en(lang, "工单号：格式不正确", "RO number: wrong format"));
    }
    Ok(t.to_uppercase())
}

/// Bytes that are all ASCII digits.
trait DigitRun {
    fn is_ascii_digit_run(&self) -> bool;
}

impl DigitRun for [u8] {
    fn is_ascii_digit_run(&self) -> bool {
        self.iter().all(u8::is_ascii_digit)
    }
}

/// A VIN written as exports write it, 17 characters a VIN may hold (upper-case letters
/// but I, O and Q, and digits): what `validate::normalize_vin` makes of it, without its
/// copies. Anything else is None and goes to `normalize_vin`.
pub(super) fn plain_vin(s: &str) -> Option<(CompactString, bool)> {
    let b = s.as_bytes();
    let vin_char =
        |c: &u8| c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, b'I' | b'O' | b'Q'));
    if b.len() != 17 || !b.iter().all(vin_char) {
        return None;
    }
    let check = v::vin_check_digit(s)?;
    Some((CompactString::new(s), check == char::from(b[8])))
}

/// A name as most exports write it: letters and digits only (no space, punctuation,
/// control or invisible character), one to `MAX_NAME_CHARS` of them. What
/// `validate::validate_name` makes of it, kept in place rather than copied to a `String`
/// first; anything else is None and goes there.
pub(super) fn plain_name(s: &str) -> Option<CompactString> {
    let mut n = 0;
    for c in s.chars() {
        n += 1;
        // Han characters, most names, told before the general (slow for them) lookup.
        let han = matches!(c, '\u{4E00}'..='\u{9FFF}');
        if n > v::MAX_NAME_CHARS || !(han || c.is_alphanumeric()) {
            return None;
        }
    }
    (n > 0).then(|| CompactString::new(s))
}

/// A plate written as exports write it: a province and six or seven upper-case letters
/// and digits, nothing to clean. What `validate::normalize_plate` makes of it, without its
/// copies; anything else (a suffix such as 学, a dot, lower case…) is None and goes there.
pub(super) fn plain_plate(s: &str) -> Option<CompactString> {
    let mut chars = s.chars();
    let first = chars.next()?;
    let rest = chars.as_str().as_bytes();
    let alnum =
        |c: &u8| (c.is_ascii_digit() || c.is_ascii_uppercase()) && !matches!(c, b'I' | b'O');
    if !v::PLATE_PROVINCES.contains(first)
        || !(rest.len() == 6 || rest.len() == 7)
        || !rest.iter().all(alnum)
        || !rest[0].is_ascii_uppercase()
    {
        return None;
    }
    // Ordinary: letter + five; new energy: letter + D/F + one + four digits, or five
    // digits + D/F.
    let six = &rest[1..];
    let d_or_f = |c: u8| matches!(c, b'D' | b'F');
    let ok = six.len() == 5
        || (d_or_f(six[0]) && six[2..].is_ascii_digit_run())
        || (d_or_f(six[5]) && six[..5].is_ascii_digit_run());
    ok.then(|| CompactString::new(s))
}

/// A valid date written exactly `YYYY-MM-DD`, as most exports write them, read without
/// the general parser's copies; anything else (an invalid date too) is None and goes to
/// `validate::parse_date`, which reads every such date the same.
pub(super) fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(y, digits(5..7)?, digits(8..10)?)
}

/// `2026-11-22 10:30:00` → `2026-11-22` (date-time cells and exports).
pub fn strip_time(s: &str) -> &str {
    let s = trim(s);
    if let Some(i) = s.rfind([' ', 'T'])
        && s[i + 1..].contains(':')
        && s[i + 1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
    {
        return s[..i].trim_end();
    }
    s
}

pub(super) fn gender(s: &str, lang: Lang) -> Result<Option<Gender>, String> {
    match lower(s).as_ref() {
        "男" | "男性" | "先生" | "m" | "male" => Ok(Some(Gender::Male)),
        "女" | "女性" | "女士" | "小姐" | "f" | "female" => Ok(Some(Gender::Female)),
        "未知" | "保密" | "-" | "unknown" => Ok(None),
        _ => Err(zh_en(
            lang,
            "性别：应为 男 或 女",
            "Gender: should be male or female (男/女)",
        )),
    }
}

pub(super) fn yes_no(s: &str, lang: Lang) -> Result<bool, String> {
    match lower(s).as_ref() {
        "是" | "有" | "y" | "yes" | "true" | "1" | "√" | "✓" => Ok(true),
        "否" | "无" | "没有" | "n" | "no" | "false" | "0" | "×" | "-" => Ok(false),
        _ => Err(zh_en(lang, "应为 是 或 否", "should be yes or no")),
    }
}

pub(super) fn energy(s: &str, lang: Lang) -> Result<Energy, String> {
    let t = lower(s);
    let nev = [
        "新能源",
        "电",
        "混",
        "插电",
        "nev",
        "ev",
        "phev",
        "bev",
        "hev",
        "electric",
    ];
    let fuel = [
        "燃油", "汽油", "柴油", "油", "fuel", "petrol", "gasoline", "diesel",
    ];
    if nev.iter().any(|k| t.contains(k)) {
        Ok(Energy::NewEnergy)
    } else if fuel.iter().any(|k| t.contains(k)) {
        Ok(Energy::Fuel)
    } else {
        Err(zh_en(
            lang,
            "能源类型：应为 燃油 或 新能源",
            "Energy: should be fuel or new energy",
        ))
    }
}

pub(super) fn channel(s: &str, lang: Lang) -> Result<SalesChannel, String> {
    let t = lower(s);
    if ["二网", "二级", "分销", "secondary"]
        .iter()
        .any(|k| t.contains(k))
    {
        Ok(SalesChannel::Secondary)
    } else if ["直销", "本店", "店内", "展厅", "一级", "direct"]
        .iter()
        .any(|k| t.contains(k))
    {
        Ok(SalesChannel::Direct)
    } else {
        Err(zh_en(
            lang,
            "销售渠道：应为 直销 或 二网",
            "Channel: should be direct or secondary",
        ))
    }
}

pub(super) fn repair_kind(s: &str, lang: Lang) -> Result<RepairKind, String> {
    let t = lower(s);
    let has = |ks: &[&str]| ks.iter().any(|k| t.contains(k));
    if has(&["事故", "钣喷", "钣金", "喷漆", "理赔", "accident"]) {
        Ok(RepairKind::Accident)
    } else if has(&["保修", "索赔", "三包", "warranty"]) {
        Ok(RepairKind::Warranty)
    } else if has(&["保养", "首保", "定保", "maintenance", "service"]) {
        Ok(RepairKind::Maintenance)
    } else if has(&["维修", "修理", "机修", "电工", "repair"]) {
        Ok(RepairKind::Repair)
    } else {
        Err(zh_en(
            lang,
            "维修类型：应为 保养、维修、保修 或 事故",
            "Repair type: should be maintenance, repair, warranty or accident",
        ))
    }
}

/// Without a type column: from the items.
pub(super) fn infer_kind(items: &[String]) -> RepairKind {
    let all = items.join(" ");
    let has = |ks: &[&str]| ks.iter().any(|k| all.contains(k));
    if has(&["事故", "钣金", "喷漆"]) {
        RepairKind::Accident
    } else if has(&["索赔", "保修"]) {
        RepairKind::Warranty
    } else if has(&["保养", "机油", "机滤"]) || items.is_empty() {
        RepairKind::Maintenance
    } else {
        RepairKind::Repair
    }
}

pub(super) fn split_items(s: &str) -> Vec<String> {
    s.split([';', '；', '、', ',', '，', '/', '\n', '|'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Money in yuan (`1,234.50`, `¥1234.5`, `1234.50元`) → fen.
pub(super) fn money_fen(s: &str, lang: Lang) -> Result<i64, String> {
    let bad = || zh_en(lang, "金额：格式不正确", "Amount: wrong format");
    if v::looks_scientific(s) {
        return Err(bad());
    }
    // Kept in place, not allocated, up to 24 bytes: an amount is read on every row.
    let t: CompactString = v::half_width(s)
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '¥' | '￥' | '元'))
        .collect();
    if t.starts_with('-') {
        return Err(zh_en(
            lang,
            "金额：不能为负数",
            "Amount: cannot be negative",
        ));
    }
    let (int, frac) = t.split_once('.').unwrap_or((t.as_str(), ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() > 12
    {
        return Err(bad());
    }
    let yuan: i64 = int.parse().map_err(|_| bad())?;
    let mut f = frac.chars();
    let d1 = f.next().and_then(|c| c.to_digit(10)).unwrap_or(0) as i64;
    let d2 = f.next().and_then(|c| c.to_digit(10)).unwrap_or(0) as i64;
    let round = f.next().and_then(|c| c.to_digit(10)).unwrap_or(0) >= 5;
    Ok(yuan * 100 + d1 * 10 + d2 + i64::from(round))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// The fast date reading accepts only what the general parser reads, as the same date.
    fn agrees(s: &str) {
        if let Some(d) = iso_date(s) {
            assert_eq!(v::parse_date(s, VField::Date).ok(), Some(d), "{s:?}");
        }
    }

    #[test]
    fn iso_dates_read_as_the_general_parser_reads_them() {
        for y in [0, 1, 999, 1899, 1900, 2024, 2025, 2100, 9999] {
            for m in 0..=13 {
                for d in 0..=32 {
                    let s = format!("{y:04}-{m:02}-{d:02}");
                    agrees(&s);
                    let general = v::parse_date(&s, VField::Date).ok();
                    assert_eq!(iso_date(&s), general, "{s}");
                }
            }
        }
        // Anything near the shape: other separators, signs, spaces, full-width digits.
        let alphabet: Vec<char> = "0123456789-/. +E年月日０１２".chars().collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
        for _ in 0..200_000 {
            let n = rng.random_range(8..=12);
            let s: String = (0..n)
                .map(|i| match (i, rng.random_range(0..4)) {
                    (4 | 7, 0..=2) => '-',
                    (_, 0..=2) => char::from(b'0' + rng.random_range(0..10)),
                    _ => alphabet[rng.random_range(0..alphabet.len())],
                })
                .collect();
            agrees(&s);
        }
    }

    /// Random text near a shape: each character from its set, then now and then one
    /// character from `odd`.
    fn near(rng: &mut rand_chacha::ChaCha8Rng, sets: &[&[char]], odd: &[char]) -> String {
        let mut chars: Vec<char> = sets
            .iter()
            .map(|set| set[rng.random_range(0..set.len())])
            .collect();
        if rng.random_range(0..3) == 0 {
            let at = rng.random_range(0..chars.len());
            chars[at] = odd[rng.random_range(0..odd.len())];
        }
        chars.into_iter().collect()
    }

    #[test]
    fn plain_vins_plates_and_mobiles_read_as_the_general_checks_read_them() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(18);
        let upper: Vec<char> = ('A'..='Z').chain('0'..='9').collect();
        let odd: Vec<char> = "IOQ abc-_·ＡＢ１ 学警挂港澳".chars().collect();
        let provinces: Vec<char> = "粤京沪川藏X".chars().collect();
        let letters: Vec<char> = ('A'..='Z').collect();
        let digits: Vec<char> = ('0'..='9').chain(['D', 'F']).collect();
        let nums: Vec<char> = ('0'..='9').collect();
        let (mut vins, mut plates, mut mobiles) = (0, 0, 0);
        for i in 0..40_000 {
            let n = rng.random_range(16..=18);
            let mut s = near(&mut rng, &vec![upper.as_slice(); n], &odd);
            if i % 3 == 0 {
                // A right check digit now and then.
                let head: String = s.chars().take(17).collect();
                s = v::with_check_digit(&head).unwrap_or(s);
            }
            if let Some(fast) = plain_vin(&s) {
                vins += 1;
                let general = normalize_vin(&s).ok();
                assert_eq!(general, Some((fast.0.to_string(), fast.1)), "{s:?}");
            }
            let mut sets = vec![provinces.as_slice(), letters.as_slice()];
            sets.extend(vec![digits.as_slice(); rng.random_range(4..=7)]);
            let p = near(&mut rng, &sets, &odd);
            if let Some(fast) = plain_plate(&p) {
                plates += 1;
                assert_eq!(normalize_plate(&p).ok(), Some(fast.to_string()), "{p:?}");
            }
            let mut sets = vec![&['1'][..], &['1', '2', '3', '5', '9'][..]];
            sets.extend(vec![nums.as_slice(); rng.random_range(8..=10)]);
            let m = near(&mut rng, &sets, &odd);
            for f in [Field::Mobile, Field::Phone] {
                let general = damage(f, &m, Lang::En)
                    .map_or_else(|| normalize_phone(&m).map_err(|e| e.message(Lang::En)), Err);
                let got = phone(f, &m, Lang::En);
                if matches!(&got, Ok(Phone::Mobile(x)) if *x == m) {
                    mobiles += 1;
                }
                assert_eq!(got, general, "{m:?}");
            }
        }
        // The fast paths were taken often enough for the comparison to mean something.
        assert!(
            vins > 2_000 && plates > 2_000 && mobiles > 2_000,
            "{vins} {plates} {mobiles}"
        );
    }

    #[test]
    fn plain_names_read_as_validate_name_reads_them() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(21);
        let alphabet: Vec<char> = "张王欧阳娜aZ09·. -\t\u{3000}\u{200B}\u{202E}\u{FEFF}\u{7}Ａ１"
            .chars()
            .collect();
        let mut plain = 0;
        for _ in 0..40_000 {
            let n = rng.random_range(0..=44);
            let s: String = (0..n)
                .map(|_| match rng.random_range(0..4) {
                    0 => alphabet[rng.random_range(0..alphabet.len())],
                    _ => alphabet[rng.random_range(0..6)],
                })
                .collect();
            if let Some(fast) = plain_name(&s) {
                plain += 1;
                assert_eq!(validate_name(&s).ok(), Some(fast.to_string()), "{s:?}");
            }
        }
        assert!(plain > 2_000, "{plain}");
    }

    #[test]
    fn damage_is_named() {
        let l = Lang::En;
        let m = Field::Mobile;
        assert!(
            phone(m, "1.38123E+10", l)
                .unwrap_err()
                .contains("scientific")
        );
        assert!(
            phone(Field::Phone, "7551234567", l)
                .unwrap_err()
                .starts_with("Phone: a spreadsheet dropped the leading 0")
        );
        assert!(
            id_number("110101199003071000", l)
                .unwrap_err()
                .contains("000")
        );
        assert!(
            id_number("1.10101E+17", l)
                .unwrap_err()
                .contains("scientific")
        );
        assert_eq!(
            phone(m, "138 1234 1234", l),
            Ok(Phone::Mobile("13812341234".into()))
        );
        assert_eq!(
            phone(m, "0755-12345678", l),
            Ok(Phone::Landline("0755-12345678".into()))
        );
    }

    #[test]
    fn values_as_dealer_systems_write_them() {
        assert_eq!(money_fen("1,234.56元", Lang::Zh), Ok(123456));
        assert_eq!(money_fen("￥88", Lang::Zh), Ok(8800));
        assert_eq!(money_fen("0.125", Lang::Zh), Ok(13));
        assert_eq!(money_fen("１２３.５ 元", Lang::Zh), Ok(12350));
        assert!(money_fen("1,000,000,000,000,000,000,000.00", Lang::Zh).is_err());
        assert!(money_fen("-5", Lang::Zh).is_err());
        assert_eq!(strip_time("2026-11-22 10:30:00"), "2026-11-22");
        assert_eq!(strip_time("2026/11/22"), "2026/11/22");
        assert_eq!(
            split_items("更换机油；机滤、轮胎换位"),
            vec!["更换机油", "机滤", "轮胎换位"]
        );
        assert_eq!(repair_kind("首保", Lang::Zh), Ok(RepairKind::Maintenance));
        assert_eq!(infer_kind(&["钣金喷漆".into()]), RepairKind::Accident);
        assert_eq!(gender("女士", Lang::Zh), Ok(Some(Gender::Female)));
    }
}
