//! Every built-in template against seed 004's sentence (附件1 信息记录规范标准): with every
//! field filled the saved sentence is the seed's with the values in its placeholders; with
//! the optional fields left empty the clauses that need them are left out cleanly, and no
//! saved sentence keeps a placeholder, in either language.

use super::*;

fn vals(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// One template's values, every field filled.
fn full(id: &str) -> BTreeMap<String, String> {
    let common = [
        ("region", "广州"),
        ("brand", "比亚迪"),
        ("purchase_date", "2025-03-05"),
        ("mileage", "35000"),
    ];
    let own: &[(&str, &str)] = match id {
        "consult_station" => &[
            ("fault", "发动机故障灯亮"),
            ("station_region", "佛山"),
            ("answer", "佛山比亚迪服务站电话0757-12345678"),
        ],
        "consult_warranty" => &[
            ("part", "蓄电池"),
            ("policy_year", "2025"),
            ("coverage", "3年或10万公里"),
        ],
        "consult_tech" => &[("symptom", "怠速抖动")],
        "consult_price" => &[
            ("name", "张伟"),
            ("model", "汉EV"),
            ("price_range", "20万至25万元"),
            ("contact", "13812345678"),
        ],
        "consult_promotion" => &[
            ("model", "宋PLUS"),
            ("promotion", "置换补贴"),
            ("has_promotion", "有"),
        ],
        "consult_progress" => &[("agent_no", "K003"), ("handling", "已安排更换配件")],
        "consult_troubleshoot" => &[("symptom", "胎压报警"), ("fix", "冷车时按标准充气后复位")],
        "consult_part_price" => &[("part", "前刹车片"), ("price", "480")],
        "rescue_roadside" => &[
            ("symptom", "无法启动"),
            ("location", "广州大道中"),
            ("plate", "粤A12345"),
            ("contact", "13812345678"),
        ],
        "complaint_attitude" => &[
            ("visit_date", "2026-11-20"),
            ("station", "广州一店"),
            ("fault", "空调不制冷"),
            ("treatment", "态度冷淡，不予解释"),
            ("factory_no", "LGXCE4CB8N0123456"),
            ("plate", "粤A12345"),
        ],
        "complaint_slow" => &[
            ("contact_date", "2026-11-21"),
            ("station", "广州一店"),
            ("reason", "救援车辆不足"),
            ("demand", "尽快派车"),
            ("factory_no", "LGXCE4CB8N0123456"),
            ("plate", "粤A12345"),
        ],
        "complaint_repair" => &[
            ("station", "广州一店"),
            ("symptom", "变速箱异响"),
            ("last_visit", "2027-11-22"),
            ("demand", "更换变速箱"),
            ("factory_no", "LGXCE4CB8N0123456"),
            ("plate", "粤A12345"),
        ],
        other => panic!("no values for {other}"),
    };
    let t = TemplateSet::builtin();
    let t = t.get(id).unwrap();
    let mut v = vals(own);
    for (k, x) in common {
        if t.field(k).is_some() {
            v.insert(k.into(), x.into());
        }
    }
    v
}

/// The same values with every optional field left empty.
fn required_only(id: &str) -> BTreeMap<String, String> {
    let set = TemplateSet::builtin();
    let t = set.get(id).unwrap();
    let mut v = full(id);
    v.retain(|k, _| t.field(k).is_some_and(|f| f.required));
    v
}

/// (id, with every field, with the optional ones empty): the seed's sentence with the
/// values filled in. Seed 004 writes `(地区、品牌)` for region and brand together, `,` as
/// its comma, and stops the poor-repair complaint after `至` (finished in the style of the
/// other two complaints).
const EXPECTED: [(&str, &str, &str); 12] = [
    (
        "consult_station",
        "广州客户购买的是比亚迪车辆,因车辆出现发动机故障灯亮,咨询佛山服务站的联系方式。已告知客户佛山比亚迪服务站电话0757-12345678。",
        "广州客户购买的是比亚迪车辆,咨询佛山服务站的联系方式。已告知客户佛山比亚迪服务站电话0757-12345678。",
    ),
    (
        "consult_warranty",
        "广州客户于2025年3月5日购买比亚迪产品,行驶了35000公里,客户咨询蓄电池的保修政策。依据2025年的保修政策,是保修3年或10万公里。",
        "广州客户于2025年3月5日购买比亚迪产品,行驶了35000公里,客户咨询蓄电池的保修政策。依据保修政策,是保修3年或10万公里。",
    ),
    (
        "consult_tech",
        "广州比亚迪客户于2025年3月5日购车,行驶了35000公里,客户咨询车辆出现怠速抖动如何处理,已告知客户到就近服务站进行检修。",
        "广州比亚迪客户于2025年3月5日购车,客户咨询车辆出现怠速抖动如何处理,已告知客户到就近服务站进行检修。",
    ),
    (
        "consult_price",
        "张伟客户想购买比亚迪汉EV产品,咨询车辆的参考价格,已告知车辆的参考价格范围是20万至25万元,客户联系方式为13812345678。",
        "张伟客户想购买比亚迪汉EV产品,咨询车辆的参考价格,已告知车辆的参考价格范围是20万至25万元。",
    ),
    (
        "consult_promotion",
        "广州客户要购买比亚迪宋PLUS产品,咨询近期是否有置换补贴。已告知客户有此促销活动。",
        "广州客户要购买比亚迪产品,咨询近期是否有置换补贴。已告知客户有此促销活动。",
    ),
    (
        "consult_progress",
        "广州比亚迪客户找K003咨询事情处理结果,已告知客户已安排更换配件。",
        "广州比亚迪客户找K003咨询事情处理结果,已告知客户已安排更换配件。",
    ),
    (
        "consult_troubleshoot",
        "广州比亚迪客户于2025年3月5日购车,行驶了35000公里,客户咨询胎压报警的排除方法。已告知客户冷车时按标准充气后复位。",
        "广州比亚迪客户于2025年3月5日购车,客户咨询胎压报警的排除方法。已告知客户冷车时按标准充气后复位。",
    ),
    (
        "consult_part_price",
        "广州比亚迪客户要购买前刹车片,咨询参考价格,已告知客户参考价格是480元。",
        "广州比亚迪客户要购买前刹车片,咨询参考价格,已告知客户参考价格是480元。",
    ),
    (
        "rescue_roadside",
        "广州比亚迪客户于2025年3月5日购车,行驶了35000公里,现因车辆出现无法启动,坏在广州大道中,无法行驶,要求救援粤A12345、13812345678。",
        "广州比亚迪客户现因车辆出现无法启动,坏在广州大道中,无法行驶,要求救援粤A12345、13812345678。",
    ),
    (
        "complaint_attitude",
        "广州比亚迪客户于2025年3月5日购车,行驶了35000公里,客户于2026年11月20日到广州一店维修空调不制冷时,服务站的工作人员态度冷淡，不予解释,对此客户对该服务站的工作人员的服务态度表示不满。LGXCE4CB8N0123456,粤A12345)",
        "广州比亚迪客户于2025年3月5日购车,客户于2026年11月20日到广州一店时,服务站的工作人员态度冷淡，不予解释,对此客户对该服务站的工作人员的服务态度表示不满。LGXCE4CB8N0123456,粤A12345)",
    ),
    (
        "complaint_slow",
        "广州比亚迪客户2025年3月5日购车,行驶了35000公里,客户于2026年11月21日与广州一店联系要求外出救援,但该服务站因救援车辆不足,造成客户很不满,要求尽快派车。LGXCE4CB8N0123456,粤A12345",
        "广州比亚迪客户2025年3月5日购车,客户于2026年11月21日与广州一店联系要求外出救援,但该服务站因救援车辆不足,造成客户很不满,要求尽快派车。LGXCE4CB8N0123456,粤A12345",
    ),
    (
        "complaint_repair",
        "广州比亚迪客户于2025年3月5日购车,行驶了35000公里,客户多次到广州一店维修变速箱异响,最后一次是11月22日到的服务站,至今故障仍未排除,客户对该服务站的维修水平表示不满,要求更换变速箱。LGXCE4CB8N0123456,粤A12345",
        "广州比亚迪客户于2025年3月5日购车,客户多次到广州一店维修变速箱异响,最后一次是11月22日到的服务站,至今故障仍未排除,客户对该服务站的维修水平表示不满,要求更换变速箱。LGXCE4CB8N0123456,粤A12345",
    ),
];

#[test]
fn every_template_reads_as_the_seed_with_the_values_filled_in() {
    let set = TemplateSet::builtin();
    assert_eq!(set.len(), EXPECTED.len());
    for (id, whole, _) in EXPECTED {
        let t = set.get(id).unwrap();
        let v = full(id);
        assert_eq!(t.completeness(&v), 100, "{id}");
        assert!(t.check_values(Lang::Zh, &v).is_empty(), "{id}");
        assert_eq!(t.record_sentence(&v).unwrap(), whole, "{id}");
    }
}

#[test]
fn optional_fields_left_empty_leave_their_clause_out_cleanly() {
    let set = TemplateSet::builtin();
    for (id, _, short) in EXPECTED {
        let t = set.get(id).unwrap();
        let v = required_only(id);
        assert_eq!(t.record_sentence(&v).unwrap(), short, "{id}");
        for lang in [Lang::Zh, Lang::En] {
            let s = t.render(lang, &v);
            assert!(!s.contains(['{', '[', ']']), "{id} {lang:?}: {s}");
            for f in &t.fields {
                let label = format!("({})", f.label(lang));
                assert!(!s.contains(&label), "{id} {lang:?}: {label} in {s}");
            }
            // Nothing doubled where a clause was cut: no `,,`, no `客户客户`, no `  `.
            for bad in [",,", "客户客户", "  ", " ;", " ."] {
                assert!(!s.contains(bad), "{id} {lang:?}: `{bad}` in {s}");
            }
        }
    }
    // The attitude complaint keeps the seed's stray `)` but no placeholder.
    let t = set.get("complaint_attitude").unwrap();
    let s = t.render(Lang::Zh, &required_only("complaint_attitude"));
    assert!(s.ends_with("粤A12345)") && !s.contains('('), "{s}");
}

#[test]
fn a_record_with_a_required_field_empty_is_refused_by_name() {
    let set = TemplateSet::builtin();
    let t = set.get("complaint_repair").unwrap();
    let mut v = full("complaint_repair");
    v.remove("purchase_date");
    v.insert("station".into(), "  ".into());
    let missing: Vec<&str> = t
        .record_sentence(&v)
        .unwrap_err()
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!(missing, ["purchase_date", "station"]);
    // The preview still shows what is left to fill.
    assert!(t.render(Lang::Zh, &v).contains("(购车日期)"));
}

#[test]
fn the_month_and_day_of_the_poor_repair_complaint_read_as_the_seed_writes_them() {
    let set = TemplateSet::builtin();
    let t = set.get("complaint_repair").unwrap();
    let f = t.field("last_visit").unwrap();
    assert_eq!(f.kind, FieldKind::MonthDay);
    assert_eq!(f.format(Lang::Zh, "2027-11-22"), "11月22日");
    assert_eq!(f.format(Lang::Zh, "2027年1月5日"), "1月5日");
    assert_eq!(f.format(Lang::En, "2027/11/22"), "November 22");
    assert!(
        f.check(Lang::Zh, "11-22").is_err(),
        "a month and day alone is not a date"
    );
    let en = t.render(Lang::En, &full("complaint_repair"));
    assert!(en.contains("the last time on November 22,"), "{en}");
}

#[test]
fn a_store_template_cannot_leave_an_optional_placeholder_outside_a_clause() {
    let file = |sentence: &str| {
        format!(
            r#"
[[template]]
id = "mine"
group = "consult"
name_zh = "自定"
name_en = "Mine"
version = 1
sentence_zh = "{sentence}"
sentence_en = "{sentence}"

[[template.field]]
key = "a"
label_zh = "甲"
label_en = "A"
kind = "text"
required = true

[[template.field]]
key = "b"
label_zh = "乙"
label_en = "B"
kind = "text"
"#
        )
    };
    let err = TemplateSet::parse(&file("{a}客户,行驶了{b},"), "store.toml").unwrap_err();
    assert!(err.message.contains("`{b}` is optional"), "{err}");
    assert_eq!(err.line, Some(8));
    let err = TemplateSet::parse(&file("{a}[客户{b}"), "store.toml").unwrap_err();
    assert!(err.message.contains("`[` without a closing `]`"), "{err}");
    let ok = TemplateSet::parse(&file("{a}客户[,行驶了{b}]。"), "store.toml").unwrap();
    let t = &ok[0];
    assert_eq!(
        t.record_sentence(&vals(&[("a", "甲")])).unwrap(),
        "甲客户。"
    );
    assert_eq!(
        t.record_sentence(&vals(&[("a", "甲"), ("b", "乙")]))
            .unwrap(),
        "甲客户,行驶了乙。"
    );
}
