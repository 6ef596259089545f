//! An open customer or car form whose record another agent saved: the form follows the
//! store without losing what was typed. Fields the agent did not touch take the stored
//! values; fields the agent changed keep the typed value, with the new stored one named
//! beside it (masked numbers are named, never shown).

use super::{Archive, Cmd, CustomersTab, FormKind, Mode, Record};
use crate::i18n::Lang;
use crate::store::search::Hit;
use crate::ui::desk::Out;
use crate::ui::widgets::form::Form;

/// The tab's reads of its results and of its archive: how many were asked and the last
/// shown. A read on the loads thread carries its number; its answer is shown only if no
/// read asked after it was shown meanwhile (the agent typed, opened, saved or revealed).
#[derive(Debug, Default)]
pub(super) struct Reads {
    hits_asked: u64,
    hits_shown: u64,
    archive_asked: u64,
    archive_shown: u64,
}

impl Reads {
    fn ask_hits(&mut self) -> u64 {
        self.hits_asked += 1;
        self.hits_asked
    }

    fn ask_archive(&mut self) -> u64 {
        self.archive_asked += 1;
        self.archive_asked
    }

    /// Results read here were shown: every read asked before is not wanted any more.
    pub(super) fn shown_hits(&mut self) {
        self.hits_shown = self.ask_hits();
    }

    /// An archive read here was shown.
    pub(super) fn shown_archive(&mut self) {
        self.archive_shown = self.ask_archive();
    }
}

/// Fields whose values are masked numbers: named, never shown.
const MASKED: [&str; 3] = ["mobile", "landline", "id_number"];

impl CustomersTab {
    /// Another agent saved: the results are searched again, an open archive is loaded
    /// again and an open edit form asks whether its record moved, all on the loads thread
    /// (`run::lane`).
    pub(super) fn follow(&mut self) -> Vec<Cmd> {
        let mut out = vec![Cmd::Refresh {
            query: self.query().to_string(),
            ask: self.reads.ask_hits(),
        }];
        match (self.mode, &self.archive) {
            (Mode::Detail, Some(a)) => {
                let (id, revealed) = (a.customer.id, a.revealed);
                out.push(Cmd::Reload {
                    id,
                    revealed,
                    ask: self.reads.ask_archive(),
                });
            }
            (Mode::Form, _) => out.extend(self.check(false)),
            (Mode::List | Mode::Detail, _) => {}
        }
        out
    }

    /// The search run again on the loads thread: shown only for the query in the field
    /// and when no search was shown since it was asked.
    pub(super) fn refreshed(
        &mut self,
        query: &str,
        hits: Vec<Hit>,
        total: Option<(usize, bool)>,
        ask: u64,
    ) -> Vec<Cmd> {
        if query != self.query() || ask <= self.reads.hits_shown {
            return vec![];
        }
        self.reads.hits_shown = ask;
        self.total = total;
        self.set_hits(hits)
            .map(|line| Cmd::Out(Out::Status(line)))
            .into_iter()
            .collect()
    }

    /// The open archive read again on the loads thread: shown only while that archive is
    /// still open as it was asked (same customer, numbers shown or not) and no read of it
    /// was shown since.
    pub(super) fn reloaded(&mut self, archive: Archive, ask: u64) {
        let open = self.mode == Mode::Detail
            && self.archive.as_ref().is_some_and(|a| {
                a.customer.id == archive.customer.id && a.revealed == archive.revealed
            });
        if !open || ask <= self.reads.archive_shown {
            return;
        }
        self.reads.archive_shown = ask;
        self.show_archive(archive);
    }

    /// Whether `archive` holds the record under the open edit form at a newer version
    /// than the form stands on (a check's answer that comes late changes nothing).
    pub(super) fn moved_past(&self, archive: &Archive) -> bool {
        let Some(Cmd::Check {
            record, version, ..
        }) = self.check(false).into_iter().next()
        else {
            return false;
        };
        let now = match record {
            Record::Customer(id) => (archive.customer.id == id).then_some(archive.customer.version),
            Record::Vehicle(id) => archive
                .vehicles
                .iter()
                .find(|v| v.vehicle.id == id)
                .map(|v| v.vehicle.version),
        };
        now.is_some_and(|v| v > version)
    }

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
