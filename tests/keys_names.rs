//! The scope and action names a user's keys.toml writes (issue 13, point 4) are a contract
//! with every file already written: this snapshot pins each one, so renaming a variant of
//! `Scope` or `Action` (the names are made from them) shows in review instead of silently
//! refusing users' files. A new binding adds a line.

use frontdesk::ui::keymap::BINDINGS;

#[test]
fn every_scope_and_action_keeps_its_name() {
    let mut names: Vec<String> = BINDINGS
        .iter()
        .map(|b| format!("{}.{}", b.scope.name(), b.action.name()))
        .collect();
    names.sort();
    insta::assert_snapshot!(names.join("\n"));
}
