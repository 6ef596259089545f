//! A user's keys.toml: names, key syntax, what a file may and may not do, and that every
//! reader of the table (dispatch, hint lines, sentences) follows it.
use super::overrides::{self, FileState, KeyTable, MAX_BYTES, Problem, Refused};
use super::*;
use crate::ui::action::Tab;
use std::path::Path;

fn apply(text: &str) -> Result<KeyTable, Refused> {
    KeyTable::defaults().apply(text, Path::new("keys.toml"))
}

fn refused(text: &str) -> (Option<usize>, Problem) {
    let r = apply(text).expect_err("refused");
    (r.line, *r.problem)
}

fn ev(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn names_are_snake_case_and_one_per_action_of_a_scope() {
    assert_eq!(Scope::CallsList.name(), "calls_list");
    assert_eq!(Action::RescueDispatch.name(), "rescue_dispatch");
    assert_eq!(Action::GoTab(Tab::Calls).name(), "go_tab_calls");
    assert_eq!(Action::TakeSlot(2).name(), "take_slot_2");
    assert_eq!(
        Action::Complaint(crate::ui::complaints::Step::FourFields).name(),
        "complaint_four_fields"
    );
    assert_eq!(
        Action::Report(crate::ui::reports::Op::Period(
            crate::ui::reports::Span::Day
        ))
        .name(),
        "report_period_day"
    );
    for (i, a) in BINDINGS.iter().enumerate() {
        assert_eq!(Scope::from_name(&a.scope.name()), Some(a.scope));
        for b in &BINDINGS[i + 1..] {
            assert!(
                a.scope != b.scope || a.action.name() != b.action.name(),
                "{} named twice in {}",
                a.action.name(),
                a.scope.name()
            );
        }
    }
}

#[test]
fn every_key_help_shows_reads_back_as_that_key() {
    for b in BINDINGS {
        for k in b.default_keys() {
            assert_eq!(Key::parse(&k.label()), Ok(*k), "{}", k.label());
        }
    }
    for n in 1..=12 {
        let k = Key::Code(KeyCode::F(n));
        assert_eq!(Key::parse(&k.label()), Ok(k));
    }
    for c in 'a'..='z' {
        if !"hijm".contains(c) {
            assert_eq!(Key::parse(&Key::Ctrl(c).label()), Ok(Key::Ctrl(c)));
        }
    }
    // Other spellings: any case for names, Ctrl+x, the ASCII stand-ins help may show.
    for (text, key) in [
        ("ctrl-d", Key::Ctrl('d')),
        ("Ctrl+D", Key::Ctrl('d')),
        ("pagedown", Key::Code(KeyCode::PageDown)),
        ("Up", Key::Code(KeyCode::Up)),
        ("Dn", Key::Code(KeyCode::Down)),
        ("->", Key::Code(KeyCode::Right)),
        ("space", Key::Char(' ')),
        ("D", Key::Char('D')),
        ("派", Key::Char('派')),
    ] {
        assert_eq!(Key::parse(text), Ok(key), "{text}");
    }
    for bad in [
        "", "ab", "Alt-x", "F0", "F13", "F01", "Ctrl-", "Ctrl-1", "\u{1b}", "\t", "\u{202e}",
    ] {
        assert_eq!(Key::parse(bad), Err(names::BadKey::Unknown), "{bad:?}");
    }
    assert_eq!(
        Key::parse("Ctrl-I"),
        Err(names::BadKey::CtrlAlias(KeyCode::Tab))
    );
}

#[test]
fn a_file_replaces_the_keys_of_the_actions_it_names() {
    let t = apply(
        "# mine\n[calls_list]\nrescue_dispatch = [\"D\", \"F5\"]\nrescue_contacted = \"C\"\n",
    )
    .unwrap();
    let i = BINDINGS
        .iter()
        .position(|b| b.scope == Scope::CallsList && b.action == Action::RescueDispatch)
        .unwrap();
    assert_eq!(t.keys(i), [Key::Char('D'), Key::Code(KeyCode::F(5))]);
    assert!(t.is_changed(i));
    assert_eq!(t.changed_count(), 2);
    // Swapping two keys is fine: the file is judged whole.
    apply("[calls_list]\nrescue_dispatch = [\"c\"]\nrescue_contacted = [\"d\"]\n").unwrap();
    // Restating the table's own keys, a screen's key over a global one included, too.
    apply("[slot_offer]\ntake_slot_1 = [\"1\"]\n[global]\ngo_tab_calls = [\"1\"]\n").unwrap();
    assert_eq!(apply("").unwrap(), KeyTable::defaults());
}

#[test]
fn a_bad_file_is_refused_whole_with_its_line_and_problem() {
    let (line, p) = refused("[calls_list]\nrescue_dispatch = [\"D\"]\n[calls_lst]\nx = [\"y\"]\n");
    assert_eq!(
        (line, p),
        (Some(3), Problem::UnknownScope("calls_lst".into()))
    );
    let (line, p) = refused("[calls_list]\nrescue_dispatch = [\"D\"]\ndispatch = [\"E\"]\n");
    assert_eq!(line, Some(3));
    assert!(matches!(p, Problem::UnknownAction { action, .. } if action == "dispatch"));
    // An action that exists, but not in that scope.
    assert!(matches!(
        refused("[list]\nrescue_dispatch = [\"D\"]\n").1,
        Problem::UnknownAction { .. }
    ));
    assert_eq!(
        refused("[list]\nadd_customer = [\"Alt-a\"]\n"),
        (Some(2), Problem::UnknownKey("Alt-a".into()))
    );
    assert_eq!(
        refused("[list]\nadd_customer = []\n").1,
        Problem::NoKey {
            scope: "list".into(),
            action: "add_customer".into()
        }
    );
    assert!(matches!(
        refused("[list]\nadd_customer = [1]\n").1,
        Problem::NotAList { .. }
    ));
    assert!(matches!(
        refused("add_customer = \"A\"\n").1,
        Problem::NotAScope(_)
    ));
    // In a form and on the quality sheet (scores and the comment are typed).
    for text in [
        "[form]\nsave = [\"s\"]\n",
        "[quality_sheet]\nquality_fatal = [\"Ctrl-T\", \"f\"]\n",
    ] {
        assert!(
            matches!(refused(text).1, Problem::TypesText { .. }),
            "{text}"
        );
    }
    assert!(matches!(
        refused("[list]\nadd_customer = [\"Ctrl-M\"]\n").1,
        Problem::CtrlAlias { .. }
    ));
    let nine = format!("[list]\nadd_customer = [{}]\n", ["\"F1\""; 9].join(", "));
    assert!(matches!(refused(&nine).1, Problem::TooManyKeys { .. }));
    let (line, p) = refused("[list]\n\nadd_customer = [\"A\"\n");
    assert_eq!(line, Some(3), "{p:?}");
    assert!(matches!(p, Problem::Syntax(_)));
}

#[test]
fn a_key_another_action_has_on_that_screen_is_refused() {
    // The same scope.
    let (line, p) = refused("[calls_list]\n\nrescue_dispatch = [\"c\"]\n");
    assert_eq!(line, Some(3));
    assert_eq!(
        p,
        Problem::Clash {
            key: "c".into(),
            scope: "calls_list".into(),
            action: "rescue_dispatch".into(),
            other_scope: "calls_list".into(),
            other_action: "rescue_contacted".into(),
        }
    );
    // A key of a scope working on that screen: global keys (either way round), the Desk
    // tab's page keys under its pages' lists, a form's under its picker.
    for (text, other) in [
        ("[calls_list]\nrescue_dispatch = [\"q\"]\n", "global.quit"),
        ("[global]\nquit = [\"x\"]\n", "event_detail.event_cancel"),
        ("[improvements]\nup = [\"k\", \"→\"]\n", "desk.next_page"),
        (
            "[customer_picker]\nopen = [\"Enter\", \"Ctrl-S\"]\n",
            "form.save",
        ),
    ] {
        let Problem::Clash {
            other_scope,
            other_action,
            ..
        } = refused(text).1
        else {
            panic!("{text}: not a clash")
        };
        assert_eq!(format!("{other_scope}.{other_action}"), other, "{text}");
    }
    // The first-run setup takes no global keys: F9 is free there.
    apply("[first_run]\nquit = [\"Ctrl-Q\", \"F9\"]\n").unwrap();
}

#[test]
fn the_message_names_the_file_the_line_and_the_problem_in_both_languages() {
    let r = KeyTable::defaults()
        .apply(
            "[list]\nadd_customr = [\"A\"]\n",
            Path::new("/home/a/keys.toml"),
        )
        .unwrap_err();
    assert_eq!(
        r.message(Lang::En),
        "/home/a/keys.toml, line 2: [list] has no action named `add_customr` (frontdesk keys lists every name)"
    );
    assert_eq!(
        r.message(Lang::Zh),
        "/home/a/keys.toml 第 2 行：[list] 中没有名为“add_customr”的动作（frontdesk keys 列出全部名称）"
    );
    // What came from the file is shown inert.
    let r = apply("[list]\nadd_customer = [\"\\u001b[31m\"]\n").unwrap_err();
    assert!(!r.message(Lang::En).contains('\u{1b}'), "{r:?}");
}

#[test]
fn the_users_file_wins_over_the_sites_and_a_refused_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (site, user) = (dir.path().join("site.toml"), dir.path().join("user.toml"));
    std::fs::write(
        &site,
        "[list]\nadd_customer = [\"A\"]\nopen = [\"o\", \"Enter\"]\n",
    )
    .unwrap();
    std::fs::write(&user, "[list]\nadd_customer = [\"N\"]\n").unwrap();
    let loaded = overrides::load(&site, Some(&user));
    assert_eq!(loaded.files[0].1, FileState::Applied(2));
    assert_eq!(loaded.files[1].1, FileState::Applied(1));
    let i = |a: Action| {
        BINDINGS
            .iter()
            .position(|b| b.scope == Scope::List && b.action == a)
            .unwrap()
    };
    assert_eq!(loaded.table.keys(i(Action::AddCustomer)), [Key::Char('N')]);
    assert_eq!(loaded.table.keys(i(Action::Open))[0], Key::Char('o'));
    // A bad line at the end of the user's file: none of it is taken, the site's still is.
    std::fs::write(&user, "[list]\nadd_customer = [\"N\"]\nopen = [\"Fn\"]\n").unwrap();
    let loaded = overrides::load(&site, Some(&user));
    assert!(matches!(&loaded.files[1].1, FileState::Refused(r) if r.line == Some(3)));
    assert_eq!(loaded.table.keys(i(Action::AddCustomer)), [Key::Char('A')]);
    assert_eq!(loaded.problems(Lang::En).len(), 1);
    assert!(loaded.problems(Lang::En)[0].contains("user.toml, line 3"));
    // No files: the table's own keys, nothing to tell.
    let none = overrides::load(&dir.path().join("a"), Some(&dir.path().join("b")));
    assert_eq!(none.table, KeyTable::defaults());
    assert!(none.problems(Lang::Zh).is_empty());
}

#[test]
fn a_huge_file_or_a_folder_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("keys.toml");
    // A valid file, only too long: refused for its size alone.
    let line = "# padding padding padding padding padding padding padding padding\n";
    let text = line.repeat(MAX_BYTES as usize / line.len() + 1);
    std::fs::write(&big, &text).unwrap();
    let r = overrides::read(&big).unwrap_err();
    assert_eq!(*r.problem, Problem::TooBig(text.len() as u64));
    std::fs::write(&big, &text[..MAX_BYTES as usize - 1]).unwrap();
    assert!(overrides::read(&big).unwrap().is_some());
    assert_eq!(
        *overrides::read(dir.path()).unwrap_err().problem,
        Problem::NotAFile
    );
    assert_eq!(overrides::read(&dir.path().join("none")).unwrap(), None);
}

#[test]
fn dispatch_hint_lines_and_sentences_follow_the_override() {
    let scopes = [Scope::CallsList, Scope::Global];
    let table = apply("[calls_list]\nrescue_dispatch = [\"D\", \"F5\"]\n").unwrap();
    let items = [(Action::RescueDispatch, "派出", "dispatch")];
    assert_eq!(hint_line(&scopes, false, &items, Lang::En), "d dispatch");
    {
        let _keys = overrides::scoped(table);
        assert_eq!(
            lookup(&scopes, &ev(KeyCode::Char('D')), false),
            Some(Action::RescueDispatch)
        );
        assert_eq!(
            lookup(&scopes, &ev(KeyCode::F(5)), false),
            Some(Action::RescueDispatch)
        );
        // The old key no longer does it.
        assert_eq!(lookup(&scopes, &ev(KeyCode::Char('d')), false), None);
        assert_eq!(hint_line(&scopes, false, &items, Lang::En), "D dispatch");
        assert_eq!(key_in(Scope::CallsList, Action::RescueDispatch), "D");
        let (_, keys) = help_bindings(&scopes, false, false)
            .into_iter()
            .find(|(b, _)| b.action == Action::RescueDispatch)
            .unwrap();
        assert_eq!(keys_label(&keys), "D / F5");
    }
    // Dropped: the table's own keys again.
    assert_eq!(
        lookup(&scopes, &ev(KeyCode::Char('d')), false),
        Some(Action::RescueDispatch)
    );
}

#[test]
fn the_table_binds_each_action_once_per_scope_and_passes_its_own_checks() {
    // An override names a (scope, action): two rows of one would be ambiguous.
    for (i, a) in BINDINGS.iter().enumerate() {
        assert!(
            !BINDINGS[i + 1..]
                .iter()
                .any(|b| b.scope == a.scope && b.action == a.action),
            "{:?} twice in {:?}",
            a.action,
            a.scope
        );
    }
    // Restating every binding's own keys is a valid file.
    let mut text = String::new();
    for scope in Scope::bound() {
        text.push_str(&format!("[{}]\n", scope.name()));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b
                .default_keys()
                .iter()
                .map(|k| toml::Value::String(k.label()).to_string())
                .collect();
            text.push_str(&format!("{} = [{}]\n", b.action.name(), keys.join(", ")));
        }
    }
    let t = apply(&text).unwrap();
    assert_eq!(t.changed_count(), BINDINGS.len());
    for (i, b) in BINDINGS.iter().enumerate() {
        assert_eq!(t.keys(i), b.default_keys());
    }
}

#[test]
fn the_readmes_example_is_a_valid_file() {
    let readme = include_str!("../../../README.md");
    let from = readme
        .find("### Your own keys")
        .expect("the README's key file section");
    let example = readme[from..]
        .split("```toml\n")
        .nth(1)
        .and_then(|t| t.split("```").next())
        .expect("its example");
    let t = apply(example).unwrap();
    assert!(t.changed_count() >= 3, "{example}");
}

#[test]
fn the_pickers_row_numbers_show_in_help_and_its_letters_stay_text() {
    let help = help_bindings(&[Scope::Picker, Scope::Global], true, false);
    for n in 1..=9u8 {
        let digit = char::from(b'0' + n);
        assert!(
            help.iter()
                .any(|(b, k)| b.action == Action::PickTemplate(n) && k == &[Key::Char(digit)]),
            "help does not name {digit}"
        );
    }
    // Letters are typed into the picker's find field: a plain key there is refused.
    assert!(matches!(
        refused("[picker]\nopen = [\"o\"]\n").1,
        Problem::TypesText { .. }
    ));
    apply("[picker]\npick_template_1 = [\"F3\"]\n").unwrap();
}
