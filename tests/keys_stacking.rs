//! The key overrides' own list of which scopes' keys work under which (`stacked` in
//! `keymap::overrides`) and of where a plain key is typed text is a copy of how the tabs,
//! pages, forms and overlays stack their scopes. This walk presses the table's keys from
//! the start screen (as the text walks do) and reads the scope stack of every screen it
//! reaches; a stacking the list does not know fails here:
//! - two scopes on one screen: a key given to an action of each must be refused as a clash
//!   (else the upper one silently takes the key from the lower);
//! - a scope only ever seen while a field has the cursor: a plain key given to it must be
//!   refused as typed text, or reach its action there (else it is taken and does nothing).

mod one_language_fx;
mod support;

use crossterm::event::KeyCode;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::Role;
use frontdesk::ui::app::App;
use frontdesk::ui::keymap::overrides::{KeyTable, Problem};
use frontdesk::ui::keymap::{self, BINDINGS, Key, Scope};
use one_language_fx::{keys_to_try, open_app, press, walked_store};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A key the table gives no action.
const FREE: Key = Key::Code(KeyCode::F(11));
/// A plain character the table gives no action.
const FREE_CHAR: char = '¤';

/// The table's keys that work on the screen and, in a field, typed text too: a letter (a
/// search, a name) and a digit (a score, a choice, a template's row).
fn walk_keys(app: &App, depth: usize) -> Vec<Key> {
    let mut out = keys_to_try(app, depth);
    if app.scopes().1 {
        out.extend([Key::Char('a'), Key::Char('1')]);
    }
    out
}

/// Every scope stack the walk reaches, with whether a field had the cursor there.
fn stacks(template: &Path, role: Role, depth: usize) -> Vec<(Vec<Scope>, bool)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.sqlite3");
    std::fs::copy(template, &path).unwrap();
    let mut seen: Vec<(Vec<Scope>, bool)> = Vec::new();
    let mut expanded: HashSet<String> = HashSet::new();
    let mut queue: Vec<Vec<Key>> = vec![Vec::new()];
    while !queue.is_empty() {
        let mut next = Vec::new();
        for keys in queue {
            let mut app = open_app(&path, Lang::En, role);
            press(&mut app, Key::Code(KeyCode::Esc));
            for k in &keys {
                press(&mut app, *k);
                settle(&mut app);
            }
            let stack = app.scopes();
            if !seen.contains(&stack) {
                seen.push(stack.clone());
            }
            let signature = format!("{:?} {:?} {:?}", app.tab, stack, app.overlay.is_some());
            if keys.len() < depth && expanded.insert(signature) {
                for k in walk_keys(&app, keys.len()) {
                    let mut child = keys.clone();
                    child.push(k);
                    next.push(child);
                }
            }
        }
        queue = next;
    }
    // A terminal too small to lay out anything.
    let mut app = open_app(&path, Lang::En, role);
    app.size = (60, 20);
    seen.push(app.scopes());
    seen
}

/// Takes in what the background threads answer (a list loaded, a record opened).
fn settle(app: &mut App) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
    app.pump();
    while app.waiting() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(1));
        app.pump();
    }
}

fn bindings_of(scope: Scope) -> Vec<&'static keymap::Binding> {
    BINDINGS.iter().filter(|b| b.scope == scope).collect()
}

fn apply(text: &str) -> Result<KeyTable, Problem> {
    KeyTable::defaults()
        .apply(text, Path::new("keys.toml"))
        .map_err(|r| *r.problem)
}

/// Two scopes on one screen: one key for an action of each is refused as a clash.
fn clash_refused(upper: Scope, lower: Scope) -> Result<(), String> {
    let (Some(a), Some(b)) = (
        bindings_of(upper).first().copied(),
        bindings_of(lower)
            .into_iter()
            .find(|b| b.action != bindings_of(upper)[0].action),
    ) else {
        return Ok(());
    };
    let key = FREE.label();
    let text = format!(
        "[{}]\n{} = [\"{key}\"]\n[{}]\n{} = [\"{key}\"]\n",
        upper.name(),
        a.action.name(),
        lower.name(),
        b.action.name()
    );
    match apply(&text) {
        Err(Problem::Clash { .. }) => Ok(()),
        other => Err(format!(
            "{upper:?} over {lower:?}: one key for {} and {} is not refused as a clash ({})",
            a.action.name(),
            b.action.name(),
            other.err().map_or("taken".into(), |p| format!("{p:?}"))
        )),
    }
}

#[test]
fn the_overrides_know_every_scope_stack_the_screens_use() {
    let dir = tempfile::tempdir().unwrap();
    let template = walked_store(dir.path());
    let mut all: Vec<(Vec<Scope>, bool)> = Vec::new();
    for role in [Role::Supervisor, Role::Agent] {
        for s in stacks(&template, role, 8) {
            if !all.contains(&s) {
                all.push(s);
            }
        }
    }
    assert!(
        all.len() > 40,
        "the walk saw only {} stacks: {all:?}",
        all.len()
    );
    assert!(
        BINDINGS.iter().all(|b| !b.default_keys().contains(&FREE)
            && !b.default_keys().contains(&Key::Char(FREE_CHAR))),
        "the test's free keys are bound"
    );
    let mut faults = Vec::new();
    // Whether each scope was seen with a field's cursor only.
    let mut typing_only: BTreeMap<String, (Scope, bool)> = BTreeMap::new();
    for (stack, typing) in &all {
        let bound: Vec<Scope> = stack
            .iter()
            .copied()
            .filter(|s| !bindings_of(*s).is_empty())
            .collect();
        for (i, upper) in bound.iter().enumerate() {
            for lower in &bound[i + 1..] {
                if let Err(e) = clash_refused(*upper, *lower) {
                    faults.push(format!("{e} (stack {stack:?})"));
                }
            }
            let e = typing_only
                .entry(format!("{upper:?}"))
                .or_insert((*upper, true));
            e.1 &= *typing;
        }
    }
    for (scope, only) in typing_only.values() {
        if !only {
            continue;
        }
        let b = bindings_of(*scope)[0];
        let text = format!(
            "[{}]\n{} = [\"{FREE_CHAR}\"]\n",
            scope.name(),
            b.action.name()
        );
        let Ok(table) = apply(&text) else {
            continue;
        };
        // Taken: then it must work wherever the scope is.
        let _keys = frontdesk::ui::keymap::overrides::scoped(table);
        let ev = crossterm::event::KeyEvent::from(KeyCode::Char(FREE_CHAR));
        for (stack, typing) in all.iter().filter(|(s, _)| s.contains(scope)) {
            if keymap::lookup(stack, &ev, *typing) != Some(b.action) {
                faults.push(format!(
                    "{scope:?} is only seen while typing: a plain key for {} is taken but does nothing (stack {stack:?})",
                    b.action.name()
                ));
            }
        }
    }
    faults.sort();
    faults.dedup();
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}
