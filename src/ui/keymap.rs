//! The one key-binding table. Dispatch and the help overlay (`?`) both read it, so what
//! help shows is what the keys do.
//!
//! A user's `keys.toml` may put an action on other keys ([`overrides`]): every reader takes
//! a binding's keys from [`Binding::keys`], so dispatch, help, hint lines and the sentences
//! that name a key ([`key_in`]) all follow it.
//!
//! Hint lines ([`hint_line`], [`hint_groups`]) follow the user too: a frame is drawn for
//! one viewer ([`viewing`], set once by the shell for the signed-in user), and for anyone
//! who is not a supervisor (nobody signed in included) the steps only a supervisor may
//! take ([`Binding::supervisors_only`]) are left out, like in help.

use super::action::Action;
use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::cell::Cell;

/// Where a binding applies. `Global` applies everywhere a text field does not have focus
/// (Ctrl keys apply even then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    /// The help overlay: scrolling it (any other key closes it).
    Help,
    /// A list of rows (customers, results).
    List,
    /// A customer's archive.
    Detail,
    /// A form being filled in.
    Form,
    /// A multi-line field with the cursor in it: Enter and the up/down arrows are its own.
    TextArea,
    /// A search field with the cursor in it.
    SearchField,
    /// A yes/no question.
    Confirm,
    /// The global search popup.
    SearchPopup,
    /// The sign-in prompt.
    Login,
    /// The calls list with rescues and follow-ups.
    CallsList,
    /// One call or rescue case.
    CallDetail,
    /// Choosing a record template. Its find field has the cursor: a letter is typed there;
    /// the digits are the numbered rows' own keys.
    Picker,
    /// The call form.
    CallForm,
    /// The audit log.
    AuditLog,
    /// The complaints list.
    ComplaintsList,
    /// One complaint.
    ComplaintDetail,
    /// The appointments views (day timeline, week, arrivals).
    Appointments,
    /// One appointment.
    AppointmentDetail,
    /// The free slots offered after a booking clashed.
    SlotOffer,
    /// A form's customer (or vehicle) picker (booking, complaint), while it lists choices.
    CustomerPicker,
    /// A booking's step form whose booking another agent changed.
    BookingChanged,
    /// The callback queue.
    CallbackQueue,
    /// Working one callback task.
    CallbackWork,
    /// The Reports tab.
    Reports,
    /// The Desk tab's page bar (while its page shows its top level).
    Desk,
    /// The knowledge page's list.
    KbList,
    /// The knowledge page's search field.
    KbSearch,
    /// One knowledge-base article.
    KbArticle,
    /// Choosing the kind of a new knowledge-base article.
    KbPickKind,
    /// The improvement actions list (Desk tab).
    Improvements,
    /// One improvement action with its records.
    ImprovementDetail,
    /// The hand-over list (Desk page 交接).
    HandoverList,
    /// Recording documents received (the hand-over form).
    HandoverForm,
    /// The rental desk's list of rentals.
    Rentals,
    /// One rental with its breakdowns.
    RentalDetail,
    /// The quality page's review list (Desk page 质检).
    QualityList,
    /// One review read (an agent's own, a scored one).
    QualityReview,
    /// One review with the scoring sheet being filled in.
    QualitySheet,
    /// The scoring sheet's fatal-error row has the cursor (above [`Scope::QualitySheet`]):
    /// nothing is typed there, so its own plain keys tick the item.
    QualityFatalRow,
    /// Typing the reason of a dispute.
    QualityDispute,
    /// The Events page's list of events.
    EventsList,
    /// One event with its invitees.
    EventDetail,
    /// The Settings page's list of fields, services and agents (Desk page 设置).
    SettingsList,
    /// The first-run setup of a brand-new store.
    FirstRun,
    /// The terminal is smaller than the screens need: nothing is laid out, only leaving
    /// works (alone: no other scope's keys).
    TooSmall,
    /// Beside a form's scopes: the form has one field. It binds no key; hint lines and help
    /// leave out the next and previous field there, which go nowhere.
    OneField,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

/// One row of the key table. Its keys are read through [`Binding::keys`]: the table's
/// own keys, or the user's when a `keys.toml` overrides them ([`overrides`]).
pub struct Binding {
    pub scope: Scope,
    default_keys: &'static [Key],
    pub action: Action,
    pub zh: &'static str,
    pub en: &'static str,
}

mod names;
pub mod overrides;
mod table;
pub use table::BINDINGS;

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Key::Char(c) => !ctrl && ev.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Code(code) => ev.code == code,
        }
    }

    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Code(KeyCode::Enter) => "Enter".into(),
            Key::Code(KeyCode::Esc) => "Esc".into(),
            Key::Code(KeyCode::Tab) => "Tab".into(),
            Key::Code(KeyCode::BackTab) => "Shift-Tab".into(),
            Key::Code(KeyCode::Up) => "↑".into(),
            Key::Code(KeyCode::Down) => "↓".into(),
            Key::Code(KeyCode::Left) => "←".into(),
            Key::Code(KeyCode::Right) => "→".into(),
            Key::Code(KeyCode::PageUp) => "PgUp".into(),
            Key::Code(KeyCode::PageDown) => "PgDn".into(),
            Key::Code(KeyCode::Home) => "Home".into(),
            Key::Code(KeyCode::End) => "End".into(),
            Key::Code(KeyCode::Backspace) => "Backspace".into(),
            Key::Code(KeyCode::F(n)) => format!("F{n}"),
            Key::Code(other) => format!("{other:?}"),
        }
    }
}

impl Binding {
    /// The keys this binding is on: the user's override when one is in force
    /// ([`overrides`]), else the table's own. Every reader of a binding's keys (dispatch,
    /// help, hint lines, sentences) comes through here.
    pub fn keys(&self) -> &'static [Key] {
        overrides::keys_of(self).unwrap_or(self.default_keys)
    }

    /// The keys the table itself gives this binding, whatever a user's file says.
    pub fn default_keys(&self) -> &'static [Key] {
        self.default_keys
    }

    /// This binding's place in [`BINDINGS`] (None for a binding made elsewhere).
    pub(crate) fn index(&self) -> Option<usize> {
        let size = std::mem::size_of::<Binding>();
        let offset = (self as *const Binding as usize).checked_sub(BINDINGS.as_ptr() as usize)?;
        let i = offset / size;
        (offset % size == 0 && BINDINGS.get(i).is_some_and(|b| std::ptr::eq(b, self))).then_some(i)
    }

    pub fn desc(&self, lang: Lang) -> &'static str {
        lang.t(self.zh, self.en)
    }

    /// A step only a supervisor may take (an agent is refused it): help leaves it out for
    /// an agent.
    pub fn supervisors_only(&self) -> bool {
        use super::action::QueueOp;
        // A complaint's steps: as the domain has them (the store refuses the same ones).
        if let Action::Complaint(step) = self.action {
            return step.kind().supervisors_only();
        }
        matches!(
            (self.scope, self.action),
            (Scope::Global, Action::Audit)
                | (Scope::CallbackQueue, Action::Queue(QueueOp::Reassign))
                | (_, Action::VerifyImprovement | Action::DismissProposal)
                | (Scope::QualityList, Action::Filter)
                | (
                    _,
                    Action::KbNewArticle | Action::KbEditArticle | Action::KbRetireArticle
                )
                | (Scope::SettingsList, Action::Open | Action::SettingsNew)
        )
    }
}

/// A form's scopes, with [`Scope::TextArea`] first when its focused field is multi-line.
pub fn form_scopes(form: Option<&crate::ui::widgets::form::Form>, rest: &[Scope]) -> Vec<Scope> {
    let mut v = Vec::with_capacity(rest.len() + 2);
    if form.is_some_and(|f| f.in_multiline()) {
        v.push(Scope::TextArea);
    }
    if form.is_some_and(|f| f.fields.len() == 1) {
        v.push(Scope::OneField);
    }
    v.extend_from_slice(rest);
    v
}

/// Whether `key` of a binding in `scope` reaches its action with these scopes in force
/// (the rules of [`lookup`], key by key, so help lists what the keys do).
fn usable(scope: Scope, key: Key, scopes: &[Scope], typing: bool) -> bool {
    let multiline = scopes.contains(&Scope::TextArea);
    if multiline
        && matches!(
            key,
            Key::Code(KeyCode::Enter) | Key::Code(KeyCode::Up) | Key::Code(KeyCode::Down)
        )
    {
        return false;
    }
    // While a text field has the cursor, a plain character is text (but for the keys of
    // a scope where the typing screen binds its own, see [`keys_while_typing`]).
    if typing && matches!(key, Key::Char(_)) && !keys_while_typing(scope) {
        return false;
    }
    let in_form = scopes.contains(&Scope::Form) || scopes.contains(&Scope::CallForm);
    !(in_form
        && scope == Scope::Global
        && matches!(key, Key::Code(KeyCode::Tab | KeyCode::BackTab)))
}

/// Scopes of a typing screen whose own plain keys still work: the template picker's row
/// numbers (letters are typed into its find field) and the scoring sheet's fatal-error row
/// (nothing is typed on it).
pub(crate) fn keys_while_typing(scope: Scope) -> bool {
    matches!(scope, Scope::Picker | Scope::QualityFatalRow)
}

/// The action a key asks for in the given scopes, tried in order. When `typing` (a text
/// field has focus), only Ctrl keys, function keys and the scopes' own keys count.
pub fn lookup(scopes: &[Scope], ev: &KeyEvent, typing: bool) -> Option<Action> {
    if scopes.contains(&Scope::TextArea)
        && !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        && matches!(ev.code, KeyCode::Enter | KeyCode::Up | KeyCode::Down)
    {
        return None;
    }
    for scope in scopes {
        for binding in BINDINGS.iter().filter(|b| b.scope == *scope) {
            for key in binding.keys() {
                if key.matches(ev) && usable(*scope, *key, scopes, typing) {
                    return Some(binding.action);
                }
            }
        }
    }
    None
}

/// The bindings shown by help for these scopes, each with only the keys that reach it:
/// a key that types text, is taken by an earlier scope or is not used there is left out,
/// and a binding left with no key is not listed.
pub fn bindings_for(scopes: &[Scope], typing: bool) -> Vec<(&'static Binding, Vec<Key>)> {
    let mut taken: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for scope in scopes {
        let mut in_scope = Vec::new();
        for binding in BINDINGS.iter().filter(|b| b.scope == *scope) {
            let keys: Vec<Key> = binding
                .keys()
                .iter()
                .copied()
                .filter(|k| !taken.contains(k) && usable(*scope, *k, scopes, typing))
                .collect();
            if !keys.is_empty() {
                in_scope.extend(keys.iter().copied());
                out.push((binding, keys));
            }
        }
        taken.extend(in_scope);
    }
    out
}

/// What help lists for these scopes to this user: [`bindings_for`], less the steps only a
/// supervisor may take when the user is not one ([`Binding::supervisors_only`]).
pub fn help_bindings(
    scopes: &[Scope],
    typing: bool,
    supervisor: bool,
) -> Vec<(&'static Binding, Vec<Key>)> {
    let mut out = bindings_for(scopes, typing);
    out.retain(|(b, _)| supervisor || !b.supervisors_only());
    if scopes.contains(&Scope::OneField) {
        out.retain(|(b, _)| !matches!(b.action, Action::NextField | Action::PrevField));
    }
    out
}

thread_local! {
    /// Whether the frame being drawn on this thread is a supervisor's (see [`viewing`]).
    static SUPERVISOR_VIEWING: Cell<bool> = const { Cell::new(false) };
}

/// While it lives, hint lines drawn on this thread are drawn for a supervisor (`true`) or
/// for anyone else (`false`, also the default when no frame set it); dropped, the viewer
/// before it is back. The shell sets it once per frame for the signed-in user.
#[must_use = "the viewer holds only while the guard lives"]
pub struct Viewing {
    before: bool,
}

/// Draws what follows for this viewer (see [`Viewing`]).
pub fn viewing(supervisor: bool) -> Viewing {
    Viewing {
        before: SUPERVISOR_VIEWING.with(|v| v.replace(supervisor)),
    }
}

impl Drop for Viewing {
    fn drop(&mut self) {
        SUPERVISOR_VIEWING.with(|v| v.set(self.before));
    }
}

/// A hint line made from the key table: for each action, the first key that reaches it in
/// these scopes and the short label given; an action no key reaches is left out, so the
/// line never shows a key that does not work (and follows the table when it changes), nor
/// a step only a supervisor may take to anyone else ([`viewing`], as [`help_bindings`]).
pub fn hint_line(
    scopes: &[Scope],
    typing: bool,
    items: &[(Action, &'static str, &'static str)],
    lang: Lang,
) -> String {
    let groups: Vec<_> = items
        .iter()
        .map(|(action, zh, en)| (std::slice::from_ref(action), *zh, *en))
        .collect();
    hint_groups(scopes, typing, &groups, lang)
}

/// The first key that reaches `action` in `scopes`, as the key table (with a user's
/// overrides) has it: for sentences and lines that name a key beside their own words.
pub fn key_for(scopes: &[Scope], typing: bool, action: Action) -> Option<String> {
    bindings_for(scopes, typing)
        .into_iter()
        .find(|(b, _)| b.action == action)
        .and_then(|(_, keys)| keys.first().map(|k| k.label()))
}

/// The key a form's `action` (save, back) is on, as the key table has it, for sentences
/// that name it ("核对后 Ctrl-S 保存").
pub fn form_key(action: Action) -> String {
    key_for(&[Scope::Form, Scope::Global], true, action).unwrap_or_default()
}

/// The key `action` is on in `scope` (or globally), for a sentence that names it
/// ("按 v 添加"): a user's override changes the sentence too.
pub fn key_in(scope: Scope, action: Action) -> String {
    key_for(&[scope, Scope::Global], false, action).unwrap_or_default()
}

/// Said when a form with typed input is asked to close: "有未保存的内容：Ctrl-S 保存，或再按
/// Esc 放弃", its keys the form's own save and back keys in the key table.
pub fn unsaved_note(lang: Lang) -> String {
    let scopes = [Scope::Form, Scope::Global];
    let save = key_for(&scopes, true, Action::Save).unwrap_or_else(|| "Ctrl-S".into());
    let back = key_for(&scopes, true, Action::Back).unwrap_or_else(|| "Esc".into());
    match lang {
        Lang::Zh => format!("有未保存的内容：{save} 保存，或再按 {back} 放弃"),
        Lang::En => format!("Unsaved input: {save} saves, {back} again discards"),
    }
}

/// A hint line whose items may name several actions under one label (`d/w/m/y period`):
/// the first key of each reachable action, joined by `/`. An item none of whose actions
/// is reachable is left out, like in [`hint_line`].
pub fn hint_groups(
    scopes: &[Scope],
    typing: bool,
    items: &[(&[Action], &'static str, &'static str)],
    lang: Lang,
) -> String {
    let supervisor = SUPERVISOR_VIEWING.with(Cell::get);
    let reachable = help_bindings(scopes, typing, supervisor);
    items
        .iter()
        .filter_map(|(actions, zh, en)| {
            let keys: Vec<String> = actions
                .iter()
                .filter_map(|action| {
                    reachable
                        .iter()
                        .find(|(b, _)| b.action == *action)
                        .and_then(|(_, keys)| keys.first())
                        .map(|k| k.label())
                })
                .collect();
            (!keys.is_empty()).then(|| format!("{} {}", keys.join("/"), lang.t(zh, en)))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// The hint line of a small form, from the table like every hint: its save key named `save`,
/// the next field (when it has more than one), and `back` on the key that leaves.
pub fn form_hint(
    form: &crate::ui::widgets::form::Form,
    save: (&'static str, &'static str),
    back: (&'static str, &'static str),
    lang: Lang,
) -> String {
    hint_line(
        &form_scopes(Some(form), &[Scope::Form, Scope::Global]),
        true,
        &[
            (Action::Save, save.0, save.1),
            (Action::NextField, "下一栏", "next"),
            (Action::Back, back.0, back.1),
        ],
        lang,
    )
}

/// The keys of a help line, joined.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_overrides;
