//! The key table's rules: lookups by scope, typing, help and hint lines, no duplicates.
use super::*;
use crate::ui::action::Tab;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn a_hint_line_shows_the_tables_key_and_leaves_out_unreachable_actions() {
    let line = hint_line(
        &[Scope::Desk, Scope::Global],
        false,
        &[
            (Action::NextPage, "下一页", "next page"),
            (Action::Save, "保存", "save"),
            (Action::Help, "帮助", "help"),
        ],
        Lang::En,
    );
    assert_eq!(line, "→ next page  ? help");
}

#[test]
fn a_grouped_hint_joins_the_keys_of_its_actions_and_drops_what_no_key_reaches() {
    let line = hint_groups(
        &[Scope::Desk, Scope::Global],
        false,
        &[
            (&[Action::PrevPage, Action::NextPage], "翻页", "pages"),
            (&[Action::Save, Action::Help], "帮助", "help"),
            (&[Action::Save], "保存", "save"),
        ],
        Lang::En,
    );
    assert_eq!(line, "←/→ pages  ? help");
}

#[test]
fn list_keys_and_global_keys() {
    let scopes = [Scope::List, Scope::Global];
    assert_eq!(
        lookup(&scopes, &key(KeyCode::Char('q')), false),
        Some(Action::Quit)
    );
    assert_eq!(
        lookup(&scopes, &key(KeyCode::Char('5')), false),
        Some(Action::GoTab(Tab::Customers))
    );
    assert_eq!(
        lookup(&scopes, &key(KeyCode::Enter), false),
        Some(Action::Open)
    );
}

#[test]
fn typing_keeps_letters_for_the_field() {
    let scopes = [Scope::SearchField, Scope::Global];
    assert_eq!(lookup(&scopes, &key(KeyCode::Char('q')), true), None);
    assert_eq!(lookup(&scopes, &key(KeyCode::Char('1')), true), None);
    // List keys (g, j, k) are letters of a pinyin query while typing.
    let list_scopes = [Scope::SearchField, Scope::List, Scope::Global];
    for c in ['g', 'j', 'k', 'G', 's', 'a'] {
        assert_eq!(
            lookup(&list_scopes, &key(KeyCode::Char(c)), true),
            None,
            "{c}"
        );
    }
    assert_eq!(
        lookup(&scopes, &key(KeyCode::Tab), true),
        Some(Action::NextTab)
    );
    assert_eq!(
        lookup(&[Scope::Form, Scope::Global], &key(KeyCode::Tab), true),
        Some(Action::NextField)
    );
    let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert_eq!(lookup(&scopes, &ctrl_q, true), Some(Action::Quit));
    assert_eq!(
        lookup(&scopes, &key(KeyCode::Esc), true),
        Some(Action::Back)
    );
}

#[test]
fn no_key_is_bound_twice_in_one_scope() {
    for b1 in BINDINGS {
        for b2 in BINDINGS {
            if std::ptr::eq(b1, b2) || b1.scope != b2.scope {
                continue;
            }
            for k in b1.default_keys() {
                assert!(
                    !b2.default_keys().contains(k),
                    "{k:?} bound twice in {:?}",
                    b1.scope
                );
            }
        }
    }
}

#[test]
fn help_in_a_form_lists_only_keys_that_work_there() {
    let scopes = [Scope::Form, Scope::Global];
    let shown = bindings_for(&scopes, true);
    let actions: Vec<Action> = shown.iter().map(|(b, _)| b.action).collect();
    // Letters and digits type text in a form: no tab switching, no `?`, no `q`.
    for gone in [
        Action::GoTab(Tab::Calls),
        Action::GoTab(Tab::Reports),
        Action::NextTab,
    ] {
        assert!(!actions.contains(&gone), "{gone:?} listed in a form");
    }
    assert!(actions.contains(&Action::Save));
    assert!(actions.contains(&Action::NextField));
    // Every listed key does what help says.
    for (b, keys) in &shown {
        for k in keys {
            let ev = match k {
                Key::Char(c) => key(KeyCode::Char(*c)),
                Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(*c), KeyModifiers::CONTROL),
                Key::Code(code) => key(*code),
            };
            assert_eq!(lookup(&scopes, &ev, true), Some(b.action), "{k:?}");
        }
    }
    let help = shown
        .iter()
        .find(|(b, _)| b.action == Action::Help)
        .unwrap();
    assert_eq!(keys_label(&help.1), "F1");
    let quit = shown
        .iter()
        .find(|(b, _)| b.action == Action::Quit)
        .unwrap();
    assert_eq!(keys_label(&quit.1), "Ctrl-Q / Ctrl-C");
    let find = shown
        .iter()
        .find(|(b, _)| b.action == Action::GlobalSearch)
        .unwrap();
    assert_eq!(keys_label(&find.1), "Ctrl-F");
}

#[test]
fn help_on_a_list_lists_the_digits() {
    let shown = bindings_for(&[Scope::List, Scope::Global], false);
    let help = shown
        .iter()
        .find(|(b, _)| b.action == Action::Help)
        .unwrap();
    assert_eq!(keys_label(&help.1), "? / F1");
    assert!(
        shown
            .iter()
            .any(|(b, _)| b.action == Action::GoTab(Tab::Reports))
    );
}

#[test]
fn the_unsaved_note_names_the_forms_own_save_and_back_keys() {
    let scopes = [Scope::Form, Scope::Global];
    for lang in [Lang::Zh, Lang::En] {
        let note = unsaved_note(lang);
        let save = key_for(&scopes, true, Action::Save).unwrap();
        let back = key_for(&scopes, true, Action::Back).unwrap();
        // The keys it names are the ones that save and leave in a form.
        let (save_at, back_at) = (note.find(&save).unwrap(), note.find(&back).unwrap());
        assert!(save_at < back_at, "{note}");
        assert_eq!(
            lookup(
                &scopes,
                &KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
                true
            ),
            Some(Action::Save)
        );
        assert_eq!(
            lookup(&scopes, &key(KeyCode::Esc), true),
            Some(Action::Back)
        );
        assert!(note.contains(lang.t("保存", "saves")), "{note}");
    }
    assert_eq!(
        unsaved_note(Lang::Zh),
        "有未保存的内容：Ctrl-S 保存，或再按 Esc 放弃"
    );
}

#[test]
fn a_sentence_names_the_first_key_its_action_is_on_in_its_scope() {
    assert_eq!(key_in(Scope::Detail, Action::AddVehicle), "v");
    assert_eq!(key_in(Scope::SettingsList, Action::Open), "Enter");
    assert_eq!(key_in(Scope::Improvements, Action::VerifyImprovement), "v");
    // An action the scope does not bind has no key to name.
    assert_eq!(key_in(Scope::Detail, Action::VerifyImprovement), "");
}

#[test]
fn a_hint_line_names_a_supervisors_step_only_while_a_supervisor_is_viewing() {
    let scopes = [Scope::ComplaintDetail, Scope::Global];
    let items = [
        (
            Action::Complaint(crate::ui::complaints::Step::Note),
            "备注",
            "note",
        ),
        (
            Action::Complaint(crate::ui::complaints::Step::Rule),
            "裁定",
            "rule",
        ),
    ];
    // Nobody set a viewer: not a supervisor.
    assert_eq!(hint_line(&scopes, false, &items, Lang::En), "t note");
    {
        let _boss = viewing(true);
        assert_eq!(
            hint_line(&scopes, false, &items, Lang::En),
            "t note  v rule"
        );
        {
            let _agent = viewing(false);
            assert_eq!(hint_line(&scopes, false, &items, Lang::En), "t note");
        }
        // The viewer before comes back when the inner one ends.
        assert_eq!(
            hint_line(&scopes, false, &items, Lang::En),
            "t note  v rule"
        );
    }
    assert_eq!(hint_line(&scopes, false, &items, Lang::En), "t note");
}

#[test]
fn an_agents_help_leaves_out_dismissing_a_proposal_and_the_quality_views() {
    let listed = |scopes: &[Scope], supervisor: bool, action: Action| {
        help_bindings(scopes, false, supervisor)
            .iter()
            .any(|(b, _)| b.action == action)
    };
    let improvements = [Scope::Improvements, Scope::Desk, Scope::Global];
    let quality = [Scope::QualityList, Scope::Desk, Scope::Global];
    for (scopes, action) in [
        (&improvements[..], Action::DismissProposal),
        (&quality[..], Action::Filter),
    ] {
        assert!(listed(scopes, true, action), "{action:?}");
        assert!(!listed(scopes, false, action), "{action:?}");
    }
    // An agent's quality list keeps its other keys.
    assert!(listed(&quality, false, Action::Open));
}

/// The More tab's key says which pages it holds: every desk page's title, in either
/// language (it left out Settings and Rentals).
#[test]
fn the_more_tabs_key_names_every_desk_page() {
    let binding = BINDINGS
        .iter()
        .find(|b| b.action == Action::GoTab(Tab::Desk))
        .expect("the More tab's key");
    for page in crate::ui::desk::all_pages() {
        for lang in [Lang::Zh, Lang::En] {
            let desc = lang.t(binding.zh, binding.en);
            let title = page.title(lang);
            assert!(
                desc.to_lowercase().contains(&title.to_lowercase()),
                "{title} not in {desc}"
            );
        }
    }
}
