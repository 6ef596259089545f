//! Template file errors, store overrides and finding a template.

use super::tests::{one, parse_err, set};
use super::*;
use std::collections::HashSet;

// ─── template file errors ───

#[test]
fn builtin_text_reparses_identically() {
    let parsed = TemplateSet::parse(BUILTIN_TOML, "x").unwrap();
    assert_eq!(parsed.as_slice(), set().all());
}

#[test]
fn toml_syntax_error_reports_its_line() {
    let text = "[[template]]\nid = \"a\"\ngroup = \"consult\"\nname_zh = \"未结束\n";
    let e = parse_err(text);
    assert_eq!(e.file, "store.toml");
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.to_string().starts_with("store.toml:4: "), "{e}");

    let mut text = one("consult_hours", "o", "{region}客户咨询营业时间。");
    text.push_str("\n\nthis is not toml\n");
    let lines = text.lines().count();
    let e = parse_err(&text);
    assert_eq!(e.line, Some(lines), "{e}");
}

#[test]
fn missing_and_unknown_keys_are_errors_with_lines() {
    let text = one("consult_hours", "o", "{region}客户咨询营业时间。")
        .replace("name_en = \"Opening hours\"\n", "");
    let e = parse_err(&text);
    assert!(e.message.contains("name_en"), "{e}");
    assert!(e.line.is_some(), "{e}");

    let text = one("consult_hours", "o", "{region}客户咨询营业时间。")
        .replace("version = 1", "version = 1\ncolour = \"red\"");
    let e = parse_err(&text);
    assert!(e.message.contains("colour"), "{e}");
    assert_eq!(e.line, Some(8), "{e}");
}

#[test]
fn unknown_placeholder_names_template_and_key() {
    let e = parse_err(&one(
        "consult_hours",
        "o",
        "{region}客户咨询{weekday}的营业时间。",
    ));
    assert!(e.message.contains("consult_hours"), "{e}");
    assert!(e.message.contains("{weekday}"), "{e}");
    assert_eq!(e.line, Some(9), "{e}"); // the sentence_zh line
}

#[test]
fn field_unused_in_the_sentence_is_an_error() {
    let e = parse_err(&one("consult_hours", "o", "客户咨询营业时间。"));
    assert!(
        e.message.contains("consult_hours") && e.message.contains("`region`"),
        "{e}"
    );
    assert!(e.message.contains("not used in sentence_zh"), "{e}");
}

#[test]
fn duplicate_id_and_shortcut_name_the_template() {
    let a = one("consult_hours", "o", "{region}客户咨询营业时间。");
    let b = one("consult_hours", "k", "{region}客户咨询营业时间。");
    let e = parse_err(&format!("{a}{b}"));
    assert!(
        e.message.contains("duplicate template id `consult_hours`"),
        "{e}"
    );
    assert_eq!(e.line, Some(a.lines().count() + 3), "{e}");

    let b = one("consult_parking", "o", "{region}客户咨询停车。");
    let e = parse_err(&format!("{a}{b}"));
    assert!(
        e.message.contains("consult_parking") && e.message.contains("consult_hours"),
        "{e}"
    );
    assert!(e.message.contains("shortcut `o`"), "{e}");
}

#[test]
fn bad_values_in_a_template_are_named() {
    let base = one("consult_hours", "o", "{region}客户咨询营业时间。");
    let cases = [
        (
            "group = \"consult\"",
            "group = \"sales\"",
            "unknown group `sales`",
        ),
        ("version = 1", "version = 0", "version must be 1 or more"),
        ("shortcut = \"o\"", "shortcut = \"OK\"", "shortcut `OK`"),
        (
            "kind = \"text\"",
            "kind = \"colour\"",
            "unknown kind `colour`",
        ),
        (
            "kind = \"text\"",
            "kind = \"number\"",
            "needs unit_zh and unit_en",
        ),
        (
            "kind = \"text\"",
            "kind = \"choice\"",
            "choice field `region` needs options",
        ),
        (
            "kind = \"text\"",
            "kind = \"text\"\nunit_zh = \"元\"",
            "units are for number, options for choice",
        ),
        (
            "source = \"customer.region\"",
            "source = \"customer.colour\"",
            "unknown source",
        ),
        (
            "id = \"consult_hours\"",
            "id = \"Consult Hours\"",
            "template `Consult Hours`: bad id",
        ),
        (
            "{region}客户咨询营业时间。",
            "{region}客户咨询{营业时间。",
            "without a closing",
        ),
    ];
    for (from, to, want) in cases {
        let text = base.replace(from, to);
        assert_ne!(text, base, "{from}");
        let e = parse_err(&text);
        assert!(e.message.contains(want), "{to}: {e}");
        assert!(e.line.is_some(), "{to}: {e}");
    }
}

// ─── store overrides ───

const OVERRIDE: &str = r#"
[[template]]
id = "consult_station"
group = "consult"
name_zh = "咨询服务商"
name_en = "Service station enquiry"
version = 2
shortcut = "s"
sentence_zh = "{region}客户咨询服务站的联系方式。已告知客户{answer}。"
sentence_en = "A customer in {region} asked for a service station's contact details. Told the customer: {answer}."

[[template.field]]
key = "region"
label_zh = "地区"
label_en = "Region"
kind = "text"
required = true
source = "customer.region"

[[template.field]]
key = "answer"
label_zh = "服务站电话或地址"
label_en = "Station phone or address"
kind = "text"
required = true
"#;

#[test]
fn override_file_replaces_and_adds() {
    let text = format!(
        "{OVERRIDE}{}",
        one("consult_hours", "o", "{region}客户咨询营业时间。")
    );
    let (s, err) = TemplateSet::with_overrides_text(&text, "store.toml");
    assert_eq!(err, None);
    assert_eq!(s.len(), 13);
    assert_eq!(s.all()[0].id, "consult_station");
    assert_eq!(s.get("consult_station").unwrap().version, 2);
    assert_eq!(s.get("consult_station").unwrap().fields.len(), 2);
    assert_eq!(s.all()[12].id, "consult_hours");
    assert_eq!(s.by_shortcut('o').unwrap().id, "consult_hours");
    assert_eq!(s.by_group(Group::Consult).count(), 9);
}

#[test]
fn broken_override_file_keeps_the_builtins() {
    let text = format!("{OVERRIDE}\n[[template]\n");
    let (s, err) = TemplateSet::with_overrides_text(&text, "/etc/frontdesk/templates.toml");
    assert_eq!(s, set());
    let err = err.expect("an error");
    assert_eq!(err.file, "/etc/frontdesk/templates.toml");
    assert_eq!(err.line, Some(OVERRIDE.lines().count() + 2), "{err}");

    // A new template taking a built-in template's shortcut is refused the same way.
    let (s, err) = TemplateSet::with_overrides_text(
        &one("consult_hours", "w", "{region}客户咨询营业时间。"),
        "f.toml",
    );
    assert_eq!(s.len(), 12);
    let err = err.expect("an error");
    assert!(err.message.contains("consult_warranty"), "{err}");
    assert_eq!(err.line, Some(2), "{err}");
}

#[test]
fn override_from_a_file_on_disk() {
    let dir = std::env::temp_dir().join(format!("frontdesk-templates-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let missing = dir.join("none.toml");
    let (s, err) = TemplateSet::with_overrides(&missing);
    assert_eq!((s.len(), err), (12, None));

    let path = dir.join("templates.toml");
    std::fs::write(
        &path,
        one("consult_hours", "o", "{region}客户咨询{x}营业时间。"),
    )
    .unwrap();
    let (s, err) = TemplateSet::with_overrides(&path);
    assert_eq!(s.len(), 12);
    let err = err.expect("an error");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:9: ", path.display())),
        "{err}"
    );

    std::fs::write(&path, OVERRIDE).unwrap();
    let (s, err) = TemplateSet::with_overrides(&path);
    assert_eq!((s.len(), err), (12, None));
    assert_eq!(s.get("consult_station").unwrap().version, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ─── finding a template ───

#[test]
fn search_ranks_prefix_substring_subsequence() {
    let s = set();
    let ids = |q: &str| s.search(q).iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids("warranty")[0], "consult_warranty");
    assert_eq!(ids("WARR")[0], "consult_warranty");
    assert_eq!(ids("保修")[0], "consult_warranty");
    assert_eq!(ids("cwar")[0], "consult_warranty");
    assert_eq!(ids("救援")[0], "rescue_roadside");
    assert_eq!(ids("态度"), ["complaint_attitude"]);
    // prefix beats substring: "complaint" starts three ids, "price" is inside two.
    assert_eq!(
        &ids("complaint")[..3],
        ["complaint_attitude", "complaint_slow", "complaint_repair"]
    );
    assert_eq!(&ids("price")[..2], ["consult_price", "consult_part_price"]);
    assert!(ids("zzzz").is_empty());
    assert_eq!(s.search("").len(), 12);
}

#[test]
fn shortcuts_are_unique_and_found() {
    let s = set();
    let mut seen = HashSet::new();
    for t in s.all() {
        let c = t.shortcut.unwrap();
        assert!(seen.insert(c), "shortcut {c} twice");
        assert_eq!(s.by_shortcut(c).unwrap().id, t.id);
    }
    assert_eq!(s.by_shortcut('w').unwrap().id, "consult_warranty");
    assert_eq!(s.by_shortcut('R').unwrap().id, "rescue_roadside");
    assert!(s.by_shortcut('z').is_none());
}
