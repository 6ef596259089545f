//! An open customer or car form whose record another agent saved: the form follows the
//! store without losing what was typed. Fields the agent did not touch take the stored
//! values; fields the agent changed keep the typed value, with the new stored one named
//! beside it (masked numbers are named, never shown).

use super::{CustomersScreen, forms};
use crate::i18n::Lang;
use crate::ui::widgets::form::Form;

/// Fields whose values are masked numbers: named, never shown.
const MASKED: [&str; 3] = ["mobile", "landline", "id_number"];

impl CustomersScreen {
    /// The open form as it was built from the record shown (before the store moved on).
    pub fn form_as_opened(&self) -> Option<Form> {
        let (kind, _) = self.form.as_ref()?;
        let customer = self.archive.as_ref().map(|a| &a.customer);
        let vehicle = self
            .archive
            .as_ref()
            .and_then(|a| a.vehicles.get(self.vehicle_idx))
            .map(|v| &v.vehicle);
        // As `open_form` builds it: numbers masked unless revealed (audited).
        let masked = !self.archive.as_ref().is_some_and(|a| a.revealed);
        Some(forms::build(*kind, customer, vehicle, masked))
    }

    /// The archive now holds the stored record: brings the open form in step with it
    /// (`base` is `form_as_opened` from before). Returns what another agent changed, one
    /// phrase per field, in `lang`.
    pub fn merge_stored(&mut self, base: &Form, lang: Lang) -> Vec<String> {
        let Some(theirs) = self.form_as_opened() else {
            return Vec::new();
        };
        let Some((_, mine)) = &mut self.form else {
            return Vec::new();
        };
        crate::ui::widgets::form_merge::merge_stored(mine, base, &theirs, &MASKED, lang)
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::store::search::{Hit, MatchKind};
    use crate::ui::action::Action;
    use crate::ui::screens::Effect;
    use crate::ui::screens::customers::CustomersScreen;
    use chrono::{TimeZone, Utc};

    fn hit(id: i64, name: &str) -> Hit {
        Hit {
            customer_id: id,
            vehicle_id: Some(id * 10),
            name: name.into(),
            mobile: None,
            plate: None,
            vin: None,
            car: String::new(),
            vehicles: 1,
            matched: MatchKind::Recent,
        }
    }

    fn act(s: &mut CustomersScreen, a: Action) -> Option<Effect> {
        let clock = crate::clock::Clock::fixed(
            chrono_tz::Asia::Shanghai,
            Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
        );
        s.handle_action(a, &clock, Lang::Zh)
    }

    /// The search runs again after another agent's save (a recently changed customer
    /// lists first): the highlight stays on the customer it was on.
    #[test]
    fn the_highlight_stays_on_the_customer_when_the_results_reorder() {
        let mut s = CustomersScreen::default();
        s.set_hits(vec![hit(1, "张三"), hit(2, "李四")], Lang::Zh);
        s.search_focused = false;
        act(&mut s, Action::Down);
        assert_eq!(
            s.set_hits(
                vec![hit(3, "王五"), hit(1, "张三"), hit(2, "李四")],
                Lang::Zh
            ),
            None
        );
        assert_eq!(s.selected.index(), 2);
        assert_eq!(act(&mut s, Action::Open), Some(Effect::OpenCustomer(2)));
        // Gone from the results: the neighbour, said in the status line.
        let note = s
            .set_hits(vec![hit(3, "王五"), hit(1, "张三")], Lang::Zh)
            .unwrap();
        assert!(note.contains("李四"), "{note}");
        assert_eq!(s.selected.id(), Some(&(1, Some(10))));
    }
}
