use super::*;

fn reason<T: std::fmt::Debug>(r: Result<T, ValidationError>) -> Reason {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.reason,
    }
}

/// Asserts that `f(input)` fails with `want`.
#[track_caller]
fn bad<T: std::fmt::Debug>(f: fn(&str) -> Result<T, ValidationError>, input: &str, want: Reason) {
    assert_eq!(reason(f(input)), want, "{input:?}");
}

fn date(s: &str) -> Result<NaiveDate, ValidationError> {
    parse_date(s, Field::Date)
}

fn bday(s: &str) -> Result<NaiveDate, ValidationError> {
    validate_birthday(s, d(2026, 5, 1))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn half_width() {
    assert_eq!(to_half_width("ＡＢ１２"), "AB12");
    assert_eq!(to_half_width("１３８\u{3000}－（）＋"), "138 -()+");
    assert_eq!(to_half_width("粤B·京"), "粤B·京");
}

#[test]
fn vin_check_digits() {
    assert_eq!(vin_check_digit("1M8GDM9AXKP042788"), Some('X'));
    assert_eq!(vin_check_digit("1M8GDM9A1KP042788"), Some('X'));
    assert_eq!(vin_check_digit("11111111111111111"), Some('1'));
    assert_eq!(vin_check_digit("1M8GDM9AXKP04278"), None);
    assert_eq!(vin_check_digit("1M8GDM9AXKP0427888"), None);
    assert_eq!(vin_check_digit("1M8GDM9AXKP04278I"), None);
    assert_eq!(vin_check_digit(""), None);
    assert_eq!(
        with_check_digit("1M8GDM9A1KP042788").as_deref(),
        Some("1M8GDM9AXKP042788")
    );
    assert_eq!(with_check_digit("short"), None);
    let fixed = with_check_digit("LSVAB2BR0MN123456").unwrap();
    assert_eq!(normalize_vin(&fixed).unwrap(), (fixed.clone(), true));
}

#[test]
fn vin_table() {
    // Good check digit, and the same with bad spacing, case, full width and hyphens.
    for input in [
        "1M8GDM9AXKP042788",
        "  1m8gdm9axkp042788 ",
        "1M8 GDM9 AXKP 042788",
        "1M8-GDM9AX-KP042788",
        "１Ｍ８ＧＤＭ９ＡＸＫＰ０４２７８８",
        "1M8GDM9AXKP042788\u{3000}",
    ] {
        assert_eq!(
            normalize_vin(input),
            Ok(("1M8GDM9AXKP042788".to_string(), true)),
            "{input}"
        );
    }
    // Wrong check digit: a warning, not an error.
    assert_eq!(
        normalize_vin("1M8GDM9A1KP042788"),
        Ok(("1M8GDM9A1KP042788".into(), false))
    );
    // European VINs do not use the check digit.
    let (vin, ok) = normalize_vin("WVWZZZ1JZXW000001").unwrap();
    assert_eq!(vin, "WVWZZZ1JZXW000001");
    assert!(!ok);
    bad(
        normalize_vin,
        "1M8GDM9AXKP04278",
        Reason::Length {
            expected: "17",
            got: 16,
        },
    );
    bad(
        normalize_vin,
        "1M8GDM9AXKP0427888",
        Reason::Length {
            expected: "17",
            got: 18,
        },
    );
    bad(normalize_vin, "1M8GDM9AXKP04278I", Reason::BadChar('I'));
    bad(normalize_vin, "1M8GDM9AXKP04278o", Reason::BadChar('O'));
    bad(normalize_vin, "QM8GDM9AXKP042788", Reason::BadChar('Q'));
    bad(normalize_vin, "1M8GDM9AXKP04278*", Reason::BadChar('*'));
    bad(normalize_vin, "1M8GDM9AXKP04278车", Reason::BadChar('车'));
    bad(normalize_vin, "", Reason::Empty);
    bad(normalize_vin, " - ", Reason::Empty);
}

#[test]
fn vin_messages_name_the_field() {
    let e = ValidationError::new(
        Field::Vin,
        Reason::BadCheckDigit {
            expected: 'X',
            got: '1',
        },
    );
    assert_eq!(e.message(Lang::Zh), "车架号：第9位校验位应为 X，实际为 1");
    assert_eq!(
        e.message(Lang::En),
        "VIN: check digit (position 9) should be X, got 1"
    );
    assert_eq!(e.to_string(), e.message(Lang::Zh));
    let e = normalize_vin("1M8GDM9AXKP04278").unwrap_err();
    assert_eq!(e.message(Lang::Zh), "车架号：长度应为 17 位，实际为 16 位");
    assert_eq!(
        e.message(Lang::En),
        "VIN: should be 17 characters long, got 16"
    );
    let e = normalize_vin("1M8GDM9AXKP04278I").unwrap_err();
    assert!(e.message(Lang::Zh).starts_with("车架号：含有无效字符“I”"));
    assert!(
        e.message(Lang::En)
            .starts_with("VIN: invalid character 'I'")
    );
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().contains("车架号"));
}

#[test]
fn plate_table() {
    for (input, want) in [
        ("京A12345", "京A12345"),
        ("京AD12345", "京AD12345"),
        ("京A12345D", "京A12345D"),
        ("粤BFA1234", "粤BFA1234"),
        ("粤B12345F", "粤B12345F"),
        ("京Ａ·１２３４５", "京A12345"),
        (" 粤b 8k2l9 ", "粤B8K2L9"),
        ("粤B•12345", "粤B12345"),
        ("粤B・12345", "粤B12345"),
        ("粤B-12345", "粤B12345"),
        ("粤B1234学", "粤B1234学"),
        ("粤Z1234港", "粤Z1234港"),
        ("京A1234警", "京A1234警"),
    ] {
        assert_eq!(normalize_plate(input).as_deref(), Ok(want), "{input}");
    }
    bad(normalize_plate, "京AI2345", Reason::BadChar('I'));
    bad(normalize_plate, "京A12O45", Reason::BadChar('O'));
    bad(
        normalize_plate,
        "京A1234",
        Reason::Length {
            expected: "7–8",
            got: 6,
        },
    );
    bad(
        normalize_plate,
        "京A1234567",
        Reason::Length {
            expected: "7–8",
            got: 9,
        },
    );
    bad(normalize_plate, "XXA12345", Reason::BadProvince);
    bad(normalize_plate, "AB12345", Reason::BadProvince);
    bad(normalize_plate, "", Reason::Empty);
    bad(normalize_plate, " · ", Reason::Empty);
    bad(normalize_plate, "京112345", Reason::BadFormat);
    bad(normalize_plate, "京A1234D5", Reason::BadFormat);
    bad(normalize_plate, "京AD1234X", Reason::BadFormat);
    bad(normalize_plate, "京A123学5", Reason::BadChar('学'));
    bad(normalize_plate, "京AD1234学", Reason::BadChar('学'));
    let e = normalize_plate("XXA12345").unwrap_err();
    assert!(e.message(Lang::Zh).starts_with("车牌号："));
    assert!(e.message(Lang::En).starts_with("Plate: "));
}

#[test]
fn plate_keys() {
    assert_eq!(plate_key("粤B12345"), "B12345");
    assert_eq!(plate_key("粤b·12345"), "B12345");
    assert_eq!(plate_key("B12345"), "B12345");
    assert_eq!(plate_key(""), "");
}

#[test]
fn mobile_table() {
    for input in [
        "13812341234",
        "+86 138-1234-1234",
        "008613812341234",
        "8613812341234",
        "１３８１２３４１２３４",
        "+86 (138) 1234 1234",
        " 138 1234 1234 ",
    ] {
        assert_eq!(
            normalize_mobile(input).as_deref(),
            Ok("13812341234"),
            "{input}"
        );
    }
    bad(normalize_mobile, "12812341234", Reason::BadFormat);
    bad(normalize_mobile, "1.38123E+10", Reason::ScientificNotation);
    bad(normalize_mobile, "1.38123e10", Reason::ScientificNotation);
    bad(
        normalize_mobile,
        "1381234123",
        Reason::Length {
            expected: "11",
            got: 10,
        },
    );
    bad(normalize_mobile, "138a1234123", Reason::BadChar('a'));
    bad(normalize_mobile, "+1 415 555 0100", Reason::BadFormat);
    bad(normalize_mobile, "", Reason::Empty);
    bad(normalize_mobile, "++8613812341234", Reason::BadChar('+'));
    let e = normalize_mobile("1.38123E+10").unwrap_err();
    assert!(
        e.message(Lang::Zh).starts_with("手机：") && e.message(Lang::Zh).contains("科学计数法")
    );
    assert!(e.message(Lang::En).starts_with("Mobile: "));
}

#[test]
fn landline_table() {
    for (input, want) in [
        ("0755-12345678", "0755-12345678"),
        ("0755-12345678-123", "0755-12345678-123"),
        ("0755 12345678", "0755-12345678"),
        ("(0755)12345678", "0755-12345678"),
        ("（０７５５）１２３４５６７８", "0755-12345678"),
        ("075512345678", "0755-12345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("020 8765 4321", "020-87654321"),
        ("0769-2345678", "0769-2345678"),
        ("0755-12345678转8001", "0755-12345678-8001"),
        ("0755-12345678 ext. 12", "0755-12345678-12"),
        ("+86 755 12345678", "0755-12345678"),
        ("0755-1234-5678", "0755-12345678"),
    ] {
        assert_eq!(normalize_landline(input).as_deref(), Ok(want), "{input}");
    }
    // Leading zero lost (Excel).
    bad(normalize_landline, "7551234567", Reason::BadFormat);
    bad(normalize_landline, "755-12345678", Reason::BadFormat);
    bad(
        normalize_landline,
        "0755-123456",
        Reason::Length {
            expected: "7–8",
            got: 6,
        },
    );
    bad(normalize_landline, "0755-02345678", Reason::BadFormat);
    assert!(normalize_landline("0755-12345678-1234567").is_err());
    bad(normalize_landline, "0155-12345678", Reason::BadFormat);
    bad(normalize_landline, "7.55123E+9", Reason::ScientificNotation);
    bad(normalize_landline, "", Reason::Empty);
    bad(normalize_landline, "0755-1234567a", Reason::BadChar('a'));
    assert!(normalize_landline("0755-").is_err());
    assert!(normalize_landline("0").is_err());
    assert!(normalize_landline("()--").is_err());
}

#[test]
fn phone_either_kind() {
    assert_eq!(
        normalize_phone("+86 138-1234-1234"),
        Ok(Phone::Mobile("13812341234".into()))
    );
    assert_eq!(
        normalize_phone("0755-12345678-123"),
        Ok(Phone::Landline("0755-12345678-123".into()))
    );
    assert_eq!(
        normalize_phone("010 1234 5678"),
        Ok(Phone::Landline("010-12345678".into()))
    );
    let e = normalize_phone("12812341234").unwrap_err();
    assert_eq!((e.field, e.reason), (Field::Mobile, Reason::BadFormat));
    let e = normalize_phone("1.38123E+10").unwrap_err();
    assert_eq!(
        (e.field, e.reason),
        (Field::Mobile, Reason::ScientificNotation)
    );
    let e = normalize_phone("7551234567").unwrap_err();
    assert_eq!(e.field, Field::Landline);
    let e = normalize_phone("").unwrap_err();
    assert_eq!(e.reason, Reason::Empty);
}

#[test]
fn id_number_table() {
    assert_eq!(
        normalize_id_number("110101199003071233").as_deref(),
        Ok("110101199003071233")
    );
    assert_eq!(
        normalize_id_number(" 1101 0119 9003 0712 33 ").as_deref(),
        Ok("110101199003071233")
    );
    bad(
        normalize_id_number,
        "110101199003071234",
        Reason::BadCheckDigit {
            expected: '3',
            got: '4',
        },
    );
    // Excel turned the last digits into zeros.
    bad(
        normalize_id_number,
        "110101199003071000",
        Reason::BadCheckDigit {
            expected: '6',
            got: '0',
        },
    );
    // 30 February.
    let mut bad_date = String::from("11010119900230123");
    bad_date.push(id_check_char(&bad_date).unwrap());
    bad(normalize_id_number, &bad_date, Reason::BadDate);
    // Lower-case x → X.
    let mut with_x = None;
    for seq in 100..200 {
        let base = format!("44030519850612{seq:03}");
        if id_check_char(&base) == Some('X') {
            with_x = Some(base);
            break;
        }
    }
    let base = with_x.expect("some sequence has check X");
    let lower = format!("{base}x");
    assert_eq!(normalize_id_number(&lower), Ok(format!("{base}X")));
    bad(
        normalize_id_number,
        "11010119900307123",
        Reason::Length {
            expected: "18",
            got: 17,
        },
    );
    bad(
        normalize_id_number,
        "1101011990030712X3",
        Reason::BadChar('X'),
    );
    bad(
        normalize_id_number,
        "990101199003071233",
        Reason::BadProvince,
    );
    bad(normalize_id_number, "", Reason::Empty);
    let e = normalize_id_number("110101199003071234").unwrap_err();
    assert_eq!(
        e.message(Lang::Zh),
        "身份证号：第18位校验位应为 3，实际为 4"
    );
    assert_eq!(
        e.message(Lang::En),
        "ID number: check digit (position 18) should be 3, got 4"
    );
}

#[test]
fn dates() {
    let want = d(2026, 11, 22);
    for input in [
        "2026-11-22",
        "2026/11/22",
        "2026.11.22",
        "20261122",
        "2026年11月22日",
        "2026年11月22",
        "２０２６－１１－２２",
        " 2026-11-22 ",
    ] {
        assert_eq!(parse_date(input, Field::Date), Ok(want), "{input}");
    }
    assert_eq!(parse_date("2026-1-5", Field::Date), Ok(d(2026, 1, 5)));
    assert_eq!(parse_date("2026年1月5日", Field::Date), Ok(d(2026, 1, 5)));
    bad(date, "2026-02-30", Reason::BadDate);
    bad(date, "2026-13-01", Reason::BadDate);
    bad(date, "20261301", Reason::BadDate);
    bad(date, "", Reason::Empty);
    bad(date, "2026-11", Reason::BadFormat);
    bad(date, "26-11-22", Reason::BadFormat);
    bad(date, "2026-11-22-1", Reason::BadFormat);
    bad(date, "日", Reason::BadFormat);
    bad(date, "Nov 22 2026", Reason::BadChar('N'));
    let e = parse_date("2026-02-30", Field::Birthday).unwrap_err();
    assert_eq!(e.field, Field::Birthday);
    assert_eq!(e.message(Lang::En), "Birthday: not a valid date");
}

#[test]
fn birthdays() {
    let today = d(2026, 5, 1);
    assert_eq!(validate_birthday("1990-03-07", today), Ok(d(1990, 3, 7)));
    assert_eq!(validate_birthday("2026-05-01", today), Ok(today));
    bad(bday, "2026-05-02", Reason::InFuture);
    bad(bday, "1899-12-31", Reason::BadDate);
    bad(bday, "1990-02-30", Reason::BadDate);
    let e = validate_birthday("2030-01-01", today).unwrap_err();
    assert_eq!(e.message(Lang::Zh), "生日：不能晚于今天");
}

#[test]
fn mileage() {
    for (input, want) in [
        ("85000", 85_000),
        ("85,000", 85_000),
        ("85，000 km", 85_000),
        ("85000KM", 85_000),
        ("85000公里", 85_000),
        ("１２３４５", 12_345),
        ("1,234,567", 1_234_567),
        ("8.5万公里", 85_000),
        ("3万", 30_000),
        ("12345.6", 12_346),
        ("0", 0),
        ("2000000", 2_000_000),
    ] {
        assert_eq!(parse_mileage(input), Ok(want), "{input}");
    }
    bad(parse_mileage, "-5", Reason::Negative);
    bad(parse_mileage, "-5 km", Reason::Negative);
    bad(parse_mileage, "2000001", Reason::BadFormat);
    bad(parse_mileage, "99999999999999999999999", Reason::BadFormat);
    bad(parse_mileage, "201万", Reason::BadFormat);
    bad(parse_mileage, "1,23", Reason::BadFormat);
    bad(parse_mileage, "1e5", Reason::ScientificNotation);
    bad(parse_mileage, "abc", Reason::BadChar('a'));
    bad(parse_mileage, "", Reason::Empty);
    bad(parse_mileage, "km", Reason::BadFormat);
    bad(parse_mileage, "-", Reason::BadFormat);
    bad(parse_mileage, ".5", Reason::BadFormat);
}

#[test]
fn masking() {
    assert_eq!(mask_mobile("13812341234"), "138****1234");
    assert_eq!(mask_mobile("0755-12345678"), "075******5678");
    assert_eq!(mask_mobile("12345678"), "123*5678");
    assert_eq!(mask_mobile("1234567"), "*******");
    assert_eq!(mask_mobile(""), "");
    assert_eq!(mask_mobile("电话号码很长的"), "*******");
    assert_eq!(mask_id_number("110101199003071233"), "110101********1233");
    assert_eq!(mask_id_number("123"), "***");
}

#[test]
fn names() {
    assert_eq!(validate_name("  王小明 ").as_deref(), Ok("王小明"));
    assert_eq!(validate_name("John   Smith").as_deref(), Ok("John Smith"));
    assert_eq!(
        validate_name("欧阳\u{3000}娜娜").as_deref(),
        Ok("欧阳 娜娜")
    );
    bad(validate_name, "   ", Reason::Empty);
    bad(validate_name, "王\u{1b}[2J", Reason::BadChar('\u{1b}'));
    bad(validate_name, "王\n明", Reason::BadChar('\n'));
    bad(validate_name, "王\u{202E}明", Reason::BadChar('\u{202E}'));
    assert_eq!(
        reason(validate_name(&"王".repeat(41))),
        Reason::TooLong { max: 40 }
    );
    assert!(validate_name(&"王".repeat(40)).is_ok());
    assert!(validate_name(&"x".repeat(1_000_000)).is_err());
    let e = validate_name(&"王".repeat(41)).unwrap_err();
    assert_eq!(e.message(Lang::Zh), "姓名：不能超过 40 个字符");
    assert_eq!(e.message(Lang::En), "Name: at most 40 characters");
    // Control characters are shown escaped, never raw.
    let e = validate_name("a\u{1b}b").unwrap_err();
    assert!(!e.message(Lang::En).contains('\u{1b}'));
}

#[test]
fn every_message_names_its_field() {
    let reasons = [
        Reason::Empty,
        Reason::Length {
            expected: "17",
            got: 3,
        },
        Reason::BadChar('I'),
        Reason::BadCheckDigit {
            expected: '1',
            got: '2',
        },
        Reason::BadFormat,
        Reason::BadProvince,
        Reason::InFuture,
        Reason::BadDate,
        Reason::Negative,
        Reason::ScientificNotation,
        Reason::TooLong { max: 40 },
    ];
    let fields = [
        Field::Name,
        Field::Mobile,
        Field::Landline,
        Field::IdNumber,
        Field::Birthday,
        Field::Vin,
        Field::Plate,
        Field::Mileage,
        Field::Date,
        Field::Brand,
        Field::Model,
        Field::Region,
    ];
    for field in fields {
        for r in &reasons {
            let e = ValidationError::new(field, r.clone());
            for lang in [Lang::Zh, Lang::En] {
                let m = e.message(lang);
                assert!(m.starts_with(field.label(lang)), "{m}");
                assert!(
                    m.chars().count() > field.label(lang).chars().count() + 2,
                    "{m}"
                );
            }
        }
    }
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "",
        " ",
        "\u{0}",
        "\u{1b}[2J",
        "京",
        "粤B",
        "+",
        "+86",
        "0086",
        "(",
        ")",
        "-",
        "x",
        "转",
        "年月日",
        "ＡＢ",
        "𠮷𠮷𠮷",
        "👨‍👩‍👧",
        "1.2.3",
        "e",
        "1e",
        "万",
        "0.",
        "99999999999",
        "000000000000000000",
        "0755-12345678-",
        "٣٣",
        "\u{FFFF}",
        "ＸＸＸＸＸＸＸＸＸＸＸＸＸＸＸＸＸ",
    ];
    let today = d(2026, 1, 1);
    for s in inputs {
        let _ = normalize_vin(s);
        let _ = vin_check_digit(s);
        let _ = with_check_digit(s);
        let _ = normalize_plate(s);
        let _ = plate_key(s);
        let _ = normalize_mobile(s);
        let _ = normalize_landline(s);
        let _ = normalize_phone(s);
        let _ = normalize_id_number(s);
        let _ = id_check_char(s);
        let _ = validate_birthday(s, today);
        let _ = parse_date(s, Field::Date);
        let _ = parse_mileage(s);
        let _ = mask_mobile(s);
        let _ = mask_id_number(s);
        let _ = validate_name(s);
        let _ = to_half_width(s);
    }
}
