use super::*;

fn vals(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub(super) fn set() -> TemplateSet {
    TemplateSet::builtin()
}

#[track_caller]
fn render_zh(id: &str, pairs: &[(&str, &str)]) -> String {
    let s = set();
    let t = s.get(id).unwrap_or_else(|| panic!("no template {id}"));
    let v = vals(pairs);
    assert!(
        t.missing_required(&v).is_empty(),
        "{id}: test values leave required fields empty"
    );
    assert!(
        t.check_values(Lang::Zh, &v).is_empty(),
        "{id}: {:?}",
        t.check_values(Lang::Zh, &v)
    );
    assert_eq!(t.completeness(&v), 100, "{id}");
    t.render(Lang::Zh, &v)
}

#[track_caller]
pub(super) fn parse_err(text: &str) -> TemplateError {
    match TemplateSet::parse(text, "store.toml") {
        Ok(t) => panic!("expected an error, parsed {} templates", t.len()),
        Err(e) => e,
    }
}

/// A minimal valid template, as file text, for building broken variants.
pub(super) fn one(id: &str, shortcut: &str, sentence_zh: &str) -> String {
    format!(
        r#"
[[template]]
id = "{id}"
group = "consult"
name_zh = "营业时间"
name_en = "Opening hours"
version = 1
shortcut = "{shortcut}"
sentence_zh = "{sentence_zh}"
sentence_en = "A customer in {{region}} asked about opening hours."

[[template.field]]
key = "region"
label_zh = "地区"
label_en = "Region"
kind = "text"
required = true
source = "customer.region"
"#
    )
}

// ─── the shipped set ───

#[test]
fn builtin_asset_parses_with_twelve_templates() {
    let s = set();
    let ids: Vec<&str> = s.all().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "consult_station",
            "consult_warranty",
            "consult_tech",
            "consult_price",
            "consult_promotion",
            "consult_progress",
            "consult_troubleshoot",
            "consult_part_price",
            "rescue_roadside",
            "complaint_attitude",
            "complaint_slow",
            "complaint_repair",
        ]
    );
    assert_eq!(s.by_group(Group::Consult).count(), 8);
    assert_eq!(s.by_group(Group::Rescue).count(), 1);
    assert_eq!(s.by_group(Group::Complaint).count(), 3);
    for t in s.all() {
        assert!(t.version >= 1);
        assert!(t.shortcut.is_some(), "{} has no shortcut", t.id);
        // Every field shows in the English sentence too.
        for f in &t.fields {
            assert!(
                t.sentence_en.contains(&format!("{{{}}}", f.key)),
                "{}: {} not in en",
                t.id,
                f.key
            );
        }
        assert!(t.fields.iter().any(|f| f.required), "{}", t.id);
    }
}

#[test]
fn group_labels_and_codes() {
    assert_eq!(Group::Consult.label(Lang::Zh), "咨询");
    assert_eq!(Group::Rescue.label(Lang::Zh), "救援");
    assert_eq!(Group::Complaint.label(Lang::Zh), "投诉");
    assert_eq!(Group::Complaint.label(Lang::En), "Complaint");
    for g in Group::ALL {
        assert_eq!(Group::parse(g.code()), Some(g));
    }
    for s in Source::ALL {
        assert_eq!(Source::parse(s.code()), Some(s));
    }
    assert_eq!(Source::parse("vehicle.vin"), Some(Source::VehicleVin));
    assert_eq!(Source::parse("vehicle.colour"), None);
}

// ─── the seed's exact sentences ───

#[test]
fn renders_consult_station() {
    let got = render_zh(
        "consult_station",
        &[
            ("region", "广州"),
            ("brand", "比亚迪"),
            ("fault", "发动机故障灯亮"),
            ("station_region", "天河区"),
            ("answer", "天河服务站电话020-12345678"),
        ],
    );
    assert_eq!(
        got,
        "广州客户购买的是比亚迪车辆,因车辆出现发动机故障灯亮,咨询天河区服务站的联系方式。已告知客户天河服务站电话020-12345678。"
    );
}

#[test]
fn renders_consult_warranty() {
    let got = render_zh(
        "consult_warranty",
        &[
            ("region", "佛山"),
            ("purchase_date", "2024/5/18"),
            ("brand", "吉利"),
            ("mileage", "35000"),
            ("part", "蓄电池"),
            ("policy_year", "2024"),
            ("coverage", "3年或10万公里"),
        ],
    );
    assert_eq!(
        got,
        "佛山客户于2024年5月18日购买吉利产品,行驶了35000公里,客户咨询蓄电池的保修政策。依据2024年的保修政策,是保修3年或10万公里。"
    );
}

#[test]
fn renders_consult_tech() {
    let got = render_zh(
        "consult_tech",
        &[
            ("region", "深圳"),
            ("brand", "长安"),
            ("purchase_date", "2023年11月2日"),
            ("mileage", "12000 公里"),
            ("symptom", "怠速抖动"),
        ],
    );
    assert_eq!(
        got,
        "深圳长安客户于2023年11月2日购车,行驶了12000公里,客户咨询车辆出现怠速抖动如何处理,已告知客户到就近服务站进行检修。"
    );
}

#[test]
fn renders_consult_price_with_the_seed_underscores() {
    let got = render_zh(
        "consult_price",
        &[
            ("name", "王先生"),
            ("brand", "比亚迪"),
            ("model", "汉EV"),
            ("price_range", "20万-25万元"),
            ("contact", "13800138000"),
        ],
    );
    assert_eq!(
        got,
        "王先生客户想购买比亚迪汉EV产品,咨询车辆的参考价格,已告知车辆的参考价格范围是20万-25万元,客户联系方式为13800138000。"
    );
}

#[test]
fn renders_consult_promotion_yes_and_no() {
    let base = [
        ("region", "东莞"),
        ("brand", "大众"),
        ("model", "朗逸"),
        ("promotion", "以旧换新补贴"),
    ];
    let yes: Vec<_> = base
        .iter()
        .copied()
        .chain([("has_promotion", "是")])
        .collect();
    assert_eq!(
        render_zh("consult_promotion", &yes),
        "东莞客户要购买大众朗逸产品,咨询近期是否有以旧换新补贴。已告知客户有此促销活动。"
    );
    let no: Vec<_> = base
        .iter()
        .copied()
        .chain([("has_promotion", "n")])
        .collect();
    assert_eq!(
        render_zh("consult_promotion", &no),
        "东莞客户要购买大众朗逸产品,咨询近期是否有以旧换新补贴。已告知客户没有此促销活动。"
    );
}

#[test]
fn renders_consult_progress() {
    let got = render_zh(
        "consult_progress",
        &[
            ("region", "珠海"),
            ("brand", "丰田"),
            ("agent_no", "KF0231"),
            ("handling", "已安排服务站三日内回电"),
        ],
    );
    assert_eq!(
        got,
        "珠海丰田客户找KF0231咨询事情处理结果,已告知客户已安排服务站三日内回电。"
    );
}

#[test]
fn renders_consult_troubleshoot() {
    let got = render_zh(
        "consult_troubleshoot",
        &[
            ("region", "中山"),
            ("brand", "本田"),
            ("purchase_date", "2022-08-09"),
            ("mileage", "58000"),
            ("symptom", "胎压报警"),
            ("fix", "按标准胎压充气后重置胎压监测"),
        ],
    );
    assert_eq!(
        got,
        "中山本田客户于2022年8月9日购车,行驶了58000公里,客户咨询胎压报警的排除方法。已告知客户按标准胎压充气后重置胎压监测。"
    );
}

#[test]
fn renders_consult_part_price() {
    let got = render_zh(
        "consult_part_price",
        &[
            ("region", "惠州"),
            ("brand", "日产"),
            ("part", "前刹车片"),
            ("price", "380"),
        ],
    );
    assert_eq!(
        got,
        "惠州日产客户要购买前刹车片,咨询参考价格,已告知客户参考价格是380元。"
    );
}

#[test]
fn renders_rescue_roadside() {
    let got = render_zh(
        "rescue_roadside",
        &[
            ("region", "江门"),
            ("brand", "五菱"),
            ("purchase_date", "2021-03-15"),
            ("mileage", "86000"),
            ("symptom", "水温过高"),
            ("location", "江鹤高速棠下出口"),
            ("plate", "粤J12345"),
            ("contact", "13912345678"),
        ],
    );
    assert_eq!(
        got,
        "江门五菱客户于2021年3月15日购车,行驶了86000公里,现因车辆出现水温过高,坏在江鹤高速棠下出口,无法行驶,要求救援粤J12345、13912345678。"
    );
}

#[test]
fn renders_complaint_attitude_with_the_seed_stray_bracket() {
    let got = render_zh(
        "complaint_attitude",
        &[
            ("region", "广州"),
            ("brand", "比亚迪"),
            ("purchase_date", "2024-05-18"),
            ("mileage", "35000"),
            ("visit_date", "2026-03-05"),
            ("station", "白云服务站"),
            ("fault", "空调不制冷"),
            ("treatment", "态度冷淡且拒绝解释收费"),
            ("factory_no", "LGXCE4CB5N0012345"),
            ("plate", "粤A88888"),
        ],
    );
    assert_eq!(
        got,
        "广州比亚迪客户于2024年5月18日购车,行驶了35000公里,客户于2026年3月5日到白云服务站维修空调不制冷时,服务站的工作人员态度冷淡且拒绝解释收费,对此客户对该服务站的工作人员的服务态度表示不满。LGXCE4CB5N0012345,粤A88888)"
    );
}

#[test]
fn renders_complaint_slow_without_the_missing_yu() {
    let got = render_zh(
        "complaint_slow",
        &[
            ("region", "肇庆"),
            ("brand", "奇瑞"),
            ("purchase_date", "2025-01-20"),
            ("mileage", "9000"),
            ("contact_date", "2026-03-04"),
            ("station", "端州服务站"),
            ("reason", "救援车辆不足"),
            ("demand", "服务站书面道歉并承担拖车费用"),
            ("factory_no", "LVVDB11B4PD012345"),
            ("plate", "粤H54321"),
        ],
    );
    assert_eq!(
        got,
        "肇庆奇瑞客户2025年1月20日购车,行驶了9000公里,客户于2026年3月4日与端州服务站联系要求外出救援,但该服务站因救援车辆不足,造成客户很不满,要求服务站书面道歉并承担拖车费用。LVVDB11B4PD012345,粤H54321"
    );
}

#[test]
fn renders_complaint_repair_finished_after_zhi() {
    let got = render_zh(
        "complaint_repair",
        &[
            ("region", "汕头"),
            ("brand", "哈弗"),
            ("purchase_date", "2023-06-30"),
            ("mileage", "42000"),
            ("station", "金平服务站"),
            ("symptom", "变速箱异响"),
            ("last_visit", "2026-02-28"),
            ("demand", "更换变速箱"),
            ("factory_no", "LGWEF4A59PF012345"),
            ("plate", "粤D66666"),
        ],
    );
    assert_eq!(
        got,
        "汕头哈弗客户于2023年6月30日购车,行驶了42000公里,客户多次到金平服务站维修变速箱异响,最后一次是2月28日到的服务站,至今故障仍未排除,客户对该服务站的维修水平表示不满,要求更换变速箱。LGWEF4A59PF012345,粤D66666"
    );
}

// ─── rendering details ───

#[test]
fn english_render_formats_dates_numbers_and_yes_no() {
    let s = set();
    let v = vals(&[
        ("region", "Foshan"),
        ("purchase_date", "2024年5月18日"),
        ("brand", "Geely"),
        ("mileage", "35,000"),
        ("part", "the battery"),
        ("policy_year", "2024"),
        ("coverage", "3 years or 100,000 km"),
    ]);
    assert_eq!(
        s.get("consult_warranty").unwrap().render(Lang::En, &v),
        "A customer in Foshan bought a Geely product on 2024-05-18 and has driven 35000 km; the customer asked about the warranty policy for the battery. Under the 2024 warranty policy, the warranty covers 3 years or 100,000 km."
    );
    let v = vals(&[
        ("region", "Huizhou"),
        ("brand", "Nissan"),
        ("part", "front brake pads"),
        ("price", "380元"),
    ]);
    assert_eq!(
        s.get("consult_part_price").unwrap().render(Lang::En, &v),
        "A Huizhou Nissan customer wants to buy front brake pads and asked for its reference price; told the customer the reference price is 380 yuan."
    );
    let promo = s.get("consult_promotion").unwrap();
    let v = vals(&[("has_promotion", "有")]);
    assert!(
        promo
            .render(Lang::En, &v)
            .ends_with("whether this promotion is on: yes.")
    );
}

#[test]
fn missing_values_show_their_labels() {
    let s = set();
    let t = s.get("consult_part_price").unwrap();
    let v = vals(&[("region", "惠州"), ("brand", "  ")]);
    assert_eq!(
        t.render(Lang::Zh, &v),
        "惠州(品牌)客户要购买(配件名称),咨询参考价格,已告知客户参考价格是(价格)。"
    );
    assert!(t.render(Lang::En, &v).contains("(Brand)"));
}

#[test]
fn prefill_takes_values_from_sources() {
    let s = set();
    let t = s.get("rescue_roadside").unwrap();
    let v = t.prefill(|src| match src {
        Source::CustomerRegion => Some("江门".into()),
        Source::VehiclePlate => Some("粤J12345".into()),
        Source::CustomerPhone => Some(String::new()),
        _ => None,
    });
    assert_eq!(v, vals(&[("region", "江门"), ("plate", "粤J12345")]));
}

// ─── required fields, checks, completeness ───

#[test]
fn missing_required_names_the_fields_in_order() {
    let s = set();
    let t = s.get("consult_part_price").unwrap();
    let v = vals(&[("region", "惠州"), ("brand", " ")]);
    let missing: Vec<&str> = t
        .missing_required(&v)
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!(missing, ["brand", "part", "price"]);
    let labels: Vec<&str> = t
        .missing_required(&v)
        .iter()
        .map(|f| f.label(Lang::Zh))
        .collect();
    assert_eq!(labels, ["品牌", "配件名称", "价格"]);
    // Optional fields are never reported.
    let t = s.get("consult_station").unwrap();
    let v = vals(&[
        ("region", "a"),
        ("brand", "b"),
        ("station_region", "c"),
        ("answer", "d"),
    ]);
    assert!(t.missing_required(&v).is_empty());
}

#[test]
fn check_values_by_kind() {
    let s = set();
    let t = s.get("consult_warranty").unwrap();
    let v = vals(&[
        ("region", "任何文字"),
        ("purchase_date", "2024-13-01"),
        ("mileage", "-5"),
        ("policy_year", "二〇二四"),
        ("coverage", ""),
    ]);
    let errs = t.check_values(Lang::Zh, &v);
    let keys: Vec<&str> = errs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["purchase_date", "mileage", "policy_year"]);
    assert!(errs[0].1.contains("日期"));
    let en = t.check_values(Lang::En, &v);
    assert!(en[1].1.contains("non-negative"), "{:?}", en[1]);

    for ok in ["2026-03-05", "2026/3/5", "2026年3月5日", "2026.3.5"] {
        assert!(
            t.check_values(Lang::Zh, &vals(&[("purchase_date", ok)]))
                .is_empty(),
            "{ok}"
        );
    }
    for bad in ["2026-02-30", "26-3-5", "昨天", "2026/3"] {
        assert_eq!(
            t.check_values(Lang::Zh, &vals(&[("purchase_date", bad)]))
                .len(),
            1,
            "{bad}"
        );
    }
    for ok in ["35000", "35,000", "35000公里", "35000 km", "0", "12.5"] {
        assert!(
            t.check_values(Lang::Zh, &vals(&[("mileage", ok)]))
                .is_empty(),
            "{ok}"
        );
    }
    for bad in ["abc", "1e5", "1.2.3", "NaN", "公里"] {
        assert_eq!(
            t.check_values(Lang::Zh, &vals(&[("mileage", bad)])).len(),
            1,
            "{bad}"
        );
    }
    let promo = s.get("consult_promotion").unwrap();
    for ok in ["是", "否", "有", "没有", "y", "N", "yes", "No"] {
        assert!(
            promo
                .check_values(Lang::Zh, &vals(&[("has_promotion", ok)]))
                .is_empty(),
            "{ok}"
        );
    }
    let errs = promo.check_values(Lang::En, &vals(&[("has_promotion", "maybe")]));
    assert_eq!(
        errs,
        [("has_promotion".to_string(), "must be yes or no".to_string())]
    );
}

#[test]
fn choice_fields_accept_only_their_options() {
    let text = r#"
[[template]]
id = "consult_hours"
group = "consult"
name_zh = "咨询营业时间"
name_en = "Opening hours"
version = 1
sentence_zh = "[{region}]客户咨询{day}的营业时间。"
sentence_en = "A customer[ in {region}] asked about opening hours on {day}."

[[template.field]]
key = "region"
label_zh = "地区"
label_en = "Region"
kind = "text"

[[template.field]]
key = "day"
label_zh = "日子"
label_en = "Day"
kind = "choice"
options = ["工作日", "周末"]
required = true
"#;
    let t = &TemplateSet::parse(text, "store.toml").unwrap()[0];
    assert_eq!(
        t.fields[1].kind,
        FieldKind::Choice(vec!["工作日".into(), "周末".into()])
    );
    assert!(
        t.check_values(Lang::Zh, &vals(&[("day", "周末")]))
            .is_empty()
    );
    let errs = t.check_values(Lang::Zh, &vals(&[("day", "节假日")]));
    assert_eq!(
        errs,
        [("day".to_string(), "应为以下之一:工作日、周末".to_string())]
    );
    assert_eq!(t.shortcut, None);
    assert!(!t.fields[0].required);
}

#[test]
fn completeness_weighs_required_optional_and_sentence() {
    let s = set();
    // consult_station: four required fields, one optional (fault).
    let t = s.get("consult_station").unwrap();
    let all = vals(&[
        ("region", "广州"),
        ("brand", "比亚迪"),
        ("fault", "异响"),
        ("station_region", "天河区"),
        ("answer", "电话"),
    ]);
    assert_eq!(t.completeness(&all), 100);
    assert_eq!(t.completeness(&BTreeMap::new()), 0);
    let mut only_required = all.clone();
    only_required.remove("fault");
    assert_eq!(t.completeness(&only_required), 70);
    let mut one_required_missing = all.clone();
    one_required_missing.insert("answer".into(), " ".into());
    let score = t.completeness(&one_required_missing);
    assert_eq!(score, 52 + 20); // 3 of 4 required, optional filled, sentence not intact
    assert!(score < 100);
    let only_optional = vals(&[("fault", "异响")]);
    assert_eq!(t.completeness(&only_optional), 20);
    // consult_part_price has no optional field: its 20 come in full.
    let t = s.get("consult_part_price").unwrap();
    assert_eq!(
        t.completeness(&vals(&[("region", "惠州"), ("brand", "日产")])),
        35 + 20
    );
}
