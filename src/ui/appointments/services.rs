//! The booking form's services field, in the user's language only: the store's services
//! listed numbered under the form while the field has the cursor (`1 常规保养  2 大保养`,
//! `1 routine maintenance`, a number never apart from its name), a number or a name typed
//! for each (names with spaces whole, several separated by `,` `、` `;` or spaces), and
//! once the cursor leaves the field it shows their names, never the codes stored with the
//! booking.

use crate::domain::appointments::StoreSetup;
use crate::i18n::Lang;
use crate::ui::widgets::form::Form;

/// The field's key.
pub const FIELD: &str = "services";

/// The service one item names: its number in the list, its name in either language, or
/// (as stored) its code.
fn one<'a>(setup: &'a StoreSetup, s: &str) -> Option<&'a str> {
    let s = s.trim();
    let by_number = s
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| setup.services.get(i));
    by_number
        .or_else(|| {
            setup
                .services
                .iter()
                .find(|x| x.code == s || x.zh == s || x.en.eq_ignore_ascii_case(s))
        })
        .map(|x| x.code.as_str())
}

/// The codes of the services typed, or the items no service answers to.
pub fn parse(setup: &StoreSetup, text: &str) -> Result<Vec<String>, Vec<String>> {
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for item in text
        .split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
    {
        // A name with spaces in it whole first, else each word on its own.
        if let Some(c) = one(setup, item) {
            codes.push(c.to_string());
            continue;
        }
        for word in item.split_whitespace() {
            match one(setup, word) {
                Some(c) => codes.push(c.to_string()),
                None => unknown.push(word.to_string()),
            }
        }
    }
    if unknown.is_empty() {
        Ok(codes)
    } else {
        Err(unknown)
    }
}

/// Once the cursor has left the field, what it holds shows as the services' names in the
/// user's language (`1,3` → `常规保养、故障检测`); text naming no service stays as typed.
pub fn settle(f: &mut Form, setup: &StoreSetup, lang: Lang) {
    let Some(i) = f.fields.iter().position(|x| x.key == FIELD) else {
        return;
    };
    if f.focus == i {
        return;
    }
    let Ok(codes) = parse(setup, f.get(FIELD)) else {
        return;
    };
    let names: Vec<&str> = codes
        .iter()
        .filter_map(|c| setup.service(c))
        .map(|x| x.label(lang))
        .collect();
    let words = names.join(lang.t("、", ", "));
    if !codes.is_empty() && f.get(FIELD) != words {
        f.fields[i].set_text(&words);
    }
}

/// The services numbered, each a number and its name, for the lines under the form.
pub fn listed(setup: &StoreSetup, lang: Lang) -> Vec<String> {
    setup
        .services
        .iter()
        .enumerate()
        .map(|(i, x)| format!("{} {}", i + 1, x.label(lang)))
        .collect()
}

/// The services numbered for a form short of rows: in as few lines of `w` cells as they
/// go, in order, one space apart and without the heading (each a number and its name,
/// never split): per line, each service's number and name. None when one does not fit a
/// line.
pub fn tight(setup: &StoreSetup, lang: Lang, w: usize) -> Option<Vec<Vec<(String, String)>>> {
    let mut lines: Vec<Vec<(String, String)>> = Vec::new();
    let mut used = 0;
    for (i, x) in setup.services.iter().enumerate() {
        let (n, name) = ((i + 1).to_string(), crate::text::inert(x.label(lang)));
        let item = crate::text::width(&n) + 1 + crate::text::width(&name);
        if item > w {
            return None;
        }
        match lines.last_mut() {
            Some(line) if used + 1 + item <= w => {
                line.push((n, name));
                used += 1 + item;
            }
            _ => {
                lines.push(vec![(n, name)]);
                used = item;
            }
        }
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::form::Field;

    fn setup() -> StoreSetup {
        StoreSetup::load(None).0
    }

    #[test]
    fn numbers_and_names_in_either_language_are_read_and_shown_back_as_names() {
        let s = setup();
        let codes = |t: &str| parse(&s, t).unwrap();
        assert_eq!(codes("1,3"), vec!["maintenance", "diagnosis"]);
        assert_eq!(codes("1 3"), codes("1,3"));
        assert_eq!(codes("routine maintenance, diagnosis"), codes("1,3"));
        assert_eq!(codes("常规保养 故障检测"), codes("1,3"));
        assert_eq!(codes("Recall / service campaign"), vec!["recall"]);
        assert_eq!(
            parse(&s, "1, 99, 洗车"),
            Err(vec!["99".into(), "洗车".into()])
        );
        for (lang, words) in [
            (Lang::Zh, "常规保养、故障检测"),
            (Lang::En, "routine maintenance, diagnosis"),
        ] {
            let mut f = Form::new(vec![
                Field::new(FIELD, "服务项目", "Services").value("1,3"),
                Field::new("need", "客户需求", "Need"),
            ]);
            settle(&mut f, &s, lang);
            assert_eq!(f.get(FIELD), "1,3", "as typed while the cursor is in it");
            f.focus = 1;
            settle(&mut f, &s, lang);
            assert_eq!(f.get(FIELD), words);
            assert_eq!(
                parse(&s, words).unwrap(),
                codes("1,3"),
                "the words read back"
            );
            let list = listed(&s, lang).join("  ");
            assert!(
                list.starts_with(lang.t(
                    "1 常规保养  2 大保养",
                    "1 routine maintenance  2 major service"
                )),
                "{list}"
            );
            assert!(
                !list.contains("maintenance=") && !list.contains("major_maintenance"),
                "{list}"
            );
        }
    }
    #[test]
    fn the_tight_list_keeps_the_order_and_each_number_with_its_name() {
        let s = setup();
        for (lang, rows) in [(Lang::Zh, 2), (Lang::En, 3)] {
            let lines = tight(&s, lang, 78).unwrap();
            assert_eq!(lines.len(), rows, "{lines:?}");
            let joined: Vec<String> = lines
                .iter()
                .map(|l| {
                    l.iter()
                        .map(|(n, name)| format!("{n} {name}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            assert!(
                joined.iter().all(|l| crate::text::width(l) <= 78),
                "{joined:?}"
            );
            let items: Vec<String> = lines
                .concat()
                .into_iter()
                .map(|(n, name)| format!("{n} {name}"))
                .collect();
            assert_eq!(items, listed(&s, lang));
        }
        // A name wider than the line: no tight list.
        assert_eq!(tight(&s, Lang::En, 20), None);
    }
}
