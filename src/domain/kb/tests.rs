use super::fill::link;
use super::*;
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn station() -> Article {
    Article::new(KbKind::Station)
        .with("region", "深圳市南山区")
        .with("name", "深圳南山大众特约服务站")
        .with("brand", "大众")
        .with("phone", "0755-26661234")
        .with("address", "南山区深南大道9001号")
        .with("hours", "8:30-18:00")
}

#[test]
fn terms_hold_every_suffix_in_characters_and_pinyin() {
    let a = Article::new(KbKind::Troubleshoot)
        .with("symptom", "刹车异响")
        .with("fix", "检查刹车片厚度");
    let t = a.terms();
    for want in [
        "刹车异响",
        "异响",
        "响",
        "shacheyixiang",
        "scyx",
        "yixiang",
        "yx",
    ] {
        assert!(t.contains(&want.to_string()), "{want} in {t:?}");
    }
    // The fix is not a key field: its words are not terms.
    assert!(!t.iter().any(|x| x.contains("厚度")), "{t:?}");
    // Latin runs stay whole: `plus`, never `lus`.
    let t = terms(&["秦PLUS"]);
    assert!(
        t.contains(&"plus".into()) && t.contains(&"秦plus".into()),
        "{t:?}"
    );
    assert!(!t.contains(&"lus".into()), "{t:?}");
    assert_eq!(
        terms(&["Model 3"]),
        vec!["model".to_string(), "3".to_string()]
    );
}

#[test]
fn query_words_split_like_terms() {
    assert_eq!(query_words(" 南山  DAZHONG "), vec!["南山", "dazhong"]);
    assert_eq!(query_words("ＡＢＣ，刹车"), vec!["abc", "刹车"]);
    assert_eq!(query_words("a b c d e f").len(), 4);
}

#[test]
fn validity_is_checked_against_the_day_both_ends_included() {
    let mut a = Article::new(KbKind::Promotion);
    a.valid_from = Some(day("2026-11-01"));
    a.valid_to = Some(day("2026-11-30"));
    assert_eq!(a.validity(day("2026-10-31")), Validity::NotYet);
    assert_eq!(a.validity(day("2026-11-01")), Validity::Current);
    assert_eq!(a.validity(day("2026-11-30")), Validity::Current);
    assert_eq!(a.validity(day("2026-12-01")), Validity::Expired);
    assert_eq!(station().validity(day("2030-01-01")), Validity::Current);
}

#[test]
fn problems_name_their_fields_in_the_users_language() {
    let a = Article::new(KbKind::Promotion).with("name", "冬季保养");
    let p = a.problems(Lang::Zh);
    assert!(p.contains(&("content".into(), "必填".into())), "{p:?}");
    assert!(
        p.iter()
            .any(|(k, m)| k == "valid_to" && m.contains("截止日期")),
        "{p:?}"
    );
    let a = Article::new(KbKind::VehiclePrice)
        .with("brand", "大众")
        .with("model", "朗逸")
        .with("low", "15")
        .with("high", "10万");
    let p = a.problems(Lang::En);
    assert_eq!(
        p,
        vec![(
            "high".to_string(),
            "a number, e.g. 680 or 12.98".to_string()
        )]
    );
    let a = a.with("high", "9.5");
    assert!(a.problems(Lang::En)[0].1.contains("below"));
    let a = Article::new(KbKind::Policy)
        .with("year", "26")
        .with("part", "发动机")
        .with("coverage", "缸体");
    assert_eq!(a.problems(Lang::En)[0].0, "year");
    assert!(station().problems(Lang::Zh).is_empty());
    assert_eq!(parse_number("１,280"), Some(1280.0));
    assert_eq!(parse_number("-3"), None);
    assert_eq!(number_text(12.98), "12.98");
    assert_eq!(number_text(680.0), "680");
}

#[test]
fn each_consultation_template_is_filled_in_its_own_fields() {
    let l = link("consult_station").unwrap();
    let v = l.values(&station(), Lang::Zh);
    assert_eq!(
        v,
        vec![(
            "answer",
            "深圳南山大众特约服务站，电话0755-26661234，地址南山区深南大道9001号，营业时间8:30-18:00"
                .to_string()
        )]
    );
    let policy = Article::new(KbKind::Policy)
        .with("year", "2026")
        .with("part", "动力电池")
        .with("coverage", "电芯、模组及电池管理系统")
        .with("months", "96")
        .with("km", "150000");
    let v = link("consult_warranty").unwrap().values(&policy, Lang::Zh);
    assert_eq!(v[0], ("policy_year", "2026".to_string()));
    assert_eq!(
        v[1],
        (
            "coverage",
            "电芯、模组及电池管理系统（96个月或150000公里，以先到者为准）".to_string()
        )
    );
    let price = Article::new(KbKind::VehiclePrice)
        .with("brand", "大众")
        .with("model", "朗逸")
        .with("low", "11.99")
        .with("high", "15.49");
    let l = link("consult_price").unwrap();
    assert_eq!(l.values(&price, Lang::Zh)[0].1, "11.99万至15.49万元");
    assert_eq!(l.values(&price, Lang::En)[0].1, "119.9k to 154.9k yuan");
    let part = Article::new(KbKind::PartPrice)
        .with("part", "前刹车片")
        .with("price", "680.00");
    assert_eq!(
        link("consult_part_price").unwrap().values(&part, Lang::Zh),
        vec![("price", "680".to_string())]
    );
    let mut promo = Article::new(KbKind::Promotion)
        .with("name", "冬季关爱")
        .with("content", "工时费八折");
    promo.valid_to = Some(day("2026-12-31"));
    assert_eq!(
        link("consult_promotion").unwrap().values(&promo, Lang::Zh),
        vec![
            (
                "promotion",
                "冬季关爱：工时费八折（至2026年12月31日）".to_string()
            ),
            ("has_promotion", "有".to_string())
        ]
    );
    let fix = Article::new(KbKind::Troubleshoot)
        .with("symptom", "刹车异响")
        .with("fix", "检查刹车片");
    assert_eq!(
        link("consult_troubleshoot").unwrap().values(&fix, Lang::Zh),
        vec![("fix", "检查刹车片".to_string())]
    );
    // The progress enquiry has no article to read.
    assert!(link("consult_progress").is_none());
}

#[test]
fn the_query_is_the_first_key_field_with_text() {
    let l = link("consult_station").unwrap();
    let mut v = std::collections::BTreeMap::new();
    v.insert("region".to_string(), "广东省深圳市".to_string());
    assert_eq!(l.query(&v), "广东省深圳市");
    v.insert("station_region".to_string(), " 南山 ".to_string());
    assert_eq!(l.query(&v), "南山");
    // A promotion is searched by what is typed in it only: the model would leave out
    // the promotions for every model.
    v.insert("model".to_string(), "朗逸".to_string());
    assert_eq!(link("consult_promotion").unwrap().query(&v), "");
    assert!(fill::Link::brand_fits(&station(), "大众"));
    assert!(!fill::Link::brand_fits(&station(), "丰田"));
}

#[test]
fn kinds_parse_from_code_and_both_names() {
    for k in KbKind::ALL {
        assert_eq!(KbKind::parse(k.code()), Some(k));
        assert_eq!(KbKind::parse(k.label(Lang::Zh)), Some(k));
        assert_eq!(KbKind::parse(&k.label(Lang::En).to_uppercase()), Some(k));
    }
    assert_eq!(KbKind::parse("nope"), None);
}
