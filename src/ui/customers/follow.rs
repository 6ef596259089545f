//! An open customer or car form whose record another agent saved: the form follows the
//! store without losing what was typed. Fields the agent did not touch take the stored
//! values; fields the agent changed keep the typed value, with the new stored one named
//! beside it (masked numbers are named, never shown).

use super::{Archive, Cmd, CustomersTab, FormKind, Record};
use crate::i18n::Lang;
use crate::ui::widgets::form::Form;

/// Fields whose values are masked numbers: named, never shown.
const MASKED: [&str; 3] = ["mobile", "landline", "id_number"];

impl CustomersTab {
    /// The open form as it was built from the record shown (before the store moved on).
    fn form_as_opened(&self) -> Option<Form> {
        let (kind, _) = self.form.as_ref()?;
        Some(self.build_form(*kind))
    }

    /// The archive now holds the stored record: brings the open form in step with it
    /// (`base` is `form_as_opened` from before). Returns what another agent changed, one
    /// phrase per field, in the tab's language.
    fn merge_stored(&mut self, base: &Form) -> Vec<String> {
        let Some(theirs) = self.form_as_opened() else {
            return Vec::new();
        };
        let lang = self.lang;
        let Some((_, mine)) = &mut self.form else {
            return Vec::new();
        };
        crate::ui::widgets::form_merge::merge_stored(mine, base, &theirs, &MASKED, lang)
    }

    /// Asks whether the record under the open form moved on (`refused`: a save was just
    /// refused over it). New records have nothing to move.
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        let (Some(a), Some((kind, _))) = (&self.archive, &self.form) else {
            return vec![];
        };
        let (record, version) = match kind {
            FormKind::EditCustomer => (Record::Customer(a.customer.id), a.customer.version),
            FormKind::EditVehicle => match a.vehicles.get(self.vehicle_idx) {
                Some(v) => (Record::Vehicle(v.vehicle.id), v.vehicle.version),
                None => return vec![],
            },
            FormKind::NewCustomer | FormKind::NewVehicle => return vec![],
        };
        vec![Cmd::Check {
            record,
            version,
            customer_id: a.customer.id,
            revealed: a.revealed,
            refused,
        }]
    }

    /// The record under the open form moved on: the archive is the store's (so the next
    /// save is taken on the version the agent is now told about), the typed values stay,
    /// and the form says who changed which fields, with their new values beside.
    pub(super) fn follow_form(&mut self, archive: Archive, who: Option<String>, refused: bool) {
        let Some(base) = self.form_as_opened() else {
            return;
        };
        self.show_archive(archive);
        let lang = self.lang;
        let fields = self.merge_stored(&base);
        let who = who.unwrap_or_else(|| lang.t("他人", "someone else").into());
        let what = if fields.is_empty() {
            String::new()
        } else {
            match lang {
                Lang::Zh => format!("：{}", fields.join("，")),
                Lang::En => format!(": {}", fields.join(", ")),
            }
        };
        let save = crate::ui::keymap::form_key(crate::ui::action::Action::Save);
        let back = crate::ui::keymap::form_key(crate::ui::action::Action::Back);
        let line = match (lang, refused) {
            (Lang::Zh, true) => format!(
                "未保存：{who} 刚修改了此记录{what}。表单已按新版本更新，您改过的栏目保留：核对后再按 {save} 保存，{back} 放弃"
            ),
            (Lang::Zh, false) => format!(
                "{who} 刚修改了此记录{what}。表单已按新版本更新，您改过的栏目保留：核对后 {save} 保存，{back} 放弃"
            ),
            (Lang::En, true) => format!(
                "Not saved: {who} just changed this record{what}. The form now holds their version with your changes kept: check, then {save} saves, {back} discards"
            ),
            (Lang::En, false) => format!(
                "{who} just changed this record{what}. The form now holds their version with your changes kept: check, then {save} saves, {back} discards"
            ),
        };
        self.save_failed(line);
    }
}
