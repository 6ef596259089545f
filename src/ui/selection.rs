//! The highlight of a list: a record's id, not a row number. After a step, a save, a
//! refresh or a re-sort the highlight stays on the same record; when that record left the
//! list it moves to the row that took its place (its neighbour) and says which one left,
//! unless a step taken here removed it ([`Selection::expect_leave`]): the step's own line
//! has said so.

/// Which record of a list is highlighted. The row index is only where that record was
/// found the last time the list was loaded or moved through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection<K> {
    id: Option<K>,
    index: usize,
    /// A record a step taken here removes from the list, until the next reload.
    leaving: Option<K>,
}

impl<K> Default for Selection<K> {
    fn default() -> Self {
        Selection {
            id: None,
            index: 0,
            leaving: None,
        }
    }
}

impl<K: Clone + PartialEq> Selection<K> {
    /// The row the highlighted record is on.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The highlighted record.
    pub fn id(&self) -> Option<&K> {
        self.id.as_ref()
    }

    /// Moves by `delta` rows (clamped to the list).
    pub fn step(&mut self, ids: &[K], delta: isize) {
        if ids.is_empty() {
            *self = Selection::default();
            return;
        }
        let last = ids.len() - 1;
        let i = self.index.min(last) as isize + delta;
        self.index = i.clamp(0, last as isize) as usize;
        self.id = Some(ids[self.index].clone());
    }

    /// To the first row (a new filter, another day).
    pub fn first(&mut self, ids: &[K]) {
        self.index = 0;
        self.id = ids.first().cloned();
    }

    /// Onto this record if it is in the list.
    pub fn select(&mut self, id: &K, ids: &[K]) -> bool {
        match ids.iter().position(|k| k == id) {
            Some(i) => {
                self.index = i;
                self.id = Some(id.clone());
                true
            }
            None => false,
        }
    }

    /// The list was loaded again: finds the highlighted record in it. Returns the record
    /// that left the list (the highlight then moved to its neighbour), if any.
    pub fn follow(&mut self, ids: &[K]) -> Option<K> {
        let Some(id) = self.id.clone() else {
            // Nothing chosen yet: the first row.
            self.first(ids);
            return None;
        };
        if self.select(&id, ids) {
            return None;
        }
        // Gone: the row that took its place, or the new last row.
        self.index = self.index.min(ids.len().saturating_sub(1));
        self.id = ids.get(self.index).cloned();
        Some(id)
    }
}

/// What a list says when its highlighted record left it on a reload (`what` names that
/// record: "投诉 #12 张三", "R-5001 粤B20000"): the highlight moved to its neighbour.
pub fn left_line(what: &str, lang: crate::i18n::Lang) -> String {
    let what = crate::text::inert(what.trim());
    match lang {
        crate::i18n::Lang::Zh => format!("{what} 已不在列表中，已移到相邻一条"),
        crate::i18n::Lang::En => format!("{what} left the list; moved to the next one"),
    }
}

impl<K: Clone + PartialEq> Selection<K> {
    /// A step taken here takes record `id` off the list (closed, answered, returned): when
    /// the next reload finds it gone, [`Selection::follow_saying`] moves the highlight on
    /// without a line, the step's own having said what happened. Only that reload: any
    /// other record leaving, or this one leaving later, is said as usual.
    pub fn expect_leave(&mut self, id: K) {
        self.leaving = Some(id);
    }

    /// `follow` after a reload whose rows before were `old` (`key` gives a row's record):
    /// when the highlighted record left, the line saying so, named by `name` from its row
    /// (none when it was expected to leave).
    pub fn follow_saying<R>(
        &mut self,
        ids: &[K],
        old: &[R],
        key: impl Fn(&R) -> K,
        name: impl Fn(&R) -> String,
        lang: crate::i18n::Lang,
    ) -> Option<String> {
        let leaving = self.leaving.take();
        let gone = self.follow(ids)?;
        if leaving.as_ref() == Some(&gone) {
            return None;
        }
        let row = old.iter().find(|r| key(r) == gone)?;
        Some(left_line(&name(row), lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_that_left_is_named_from_its_old_row() {
        use crate::i18n::Lang;
        let old = [(1, "甲"), (2, "乙"), (3, "丙")];
        let mut s = Selection::default();
        s.follow(&[1, 2, 3]);
        s.step(&[1, 2, 3], 1);
        let name = |r: &(i32, &str)| format!("#{} {}", r.0, r.1);
        assert_eq!(
            s.follow_saying(&[1, 2, 3], &old, |r| r.0, name, Lang::Zh),
            None
        );
        assert_eq!(
            s.follow_saying(&[1, 3], &old, |r| r.0, name, Lang::Zh)
                .as_deref(),
            Some("#2 乙 已不在列表中，已移到相邻一条")
        );
        assert_eq!(s.id(), Some(&3));
        assert_eq!(
            s.follow_saying(&[1], &old, |r| r.0, name, Lang::En)
                .as_deref(),
            Some("#3 丙 left the list; moved to the next one")
        );
    }

    /// A record a step here removed leaves quietly, on the next reload only; another
    /// record leaving is still said.
    #[test]
    fn a_record_expected_to_leave_leaves_without_a_line() {
        use crate::i18n::Lang;
        let old = [(1, "甲"), (2, "乙"), (3, "丙")];
        let name = |r: &(i32, &str)| format!("#{} {}", r.0, r.1);
        let mut s = Selection::default();
        s.follow(&[1, 2, 3]);
        s.expect_leave(1);
        assert_eq!(
            s.follow_saying(&[2, 3], &old, |r| r.0, name, Lang::Zh),
            None
        );
        assert_eq!(s.id(), Some(&2));
        // Expected, but another leaves: said.
        s.expect_leave(3);
        assert_eq!(
            s.follow_saying(&[3], &old, |r| r.0, name, Lang::En)
                .as_deref(),
            Some("#2 乙 left the list; moved to the next one")
        );
        // The expectation lasted one reload.
        assert_eq!(
            s.follow_saying(&[], &old, |r| r.0, name, Lang::En)
                .as_deref(),
            Some("#3 丙 left the list; moved to the next one")
        );
    }

    #[test]
    fn stays_on_the_record_when_the_list_resorts() {
        let mut s = Selection::default();
        s.follow(&[1, 2, 3]);
        assert_eq!(s.id(), Some(&1));
        // Record 1 sorts last after a step.
        assert_eq!(s.follow(&[2, 3, 1]), None);
        assert_eq!((s.id(), s.index()), (Some(&1), 2));
    }

    #[test]
    fn moves_to_the_neighbour_and_names_the_record_that_left() {
        let mut s = Selection::default();
        s.follow(&[1, 2, 3]);
        s.step(&[1, 2, 3], 1);
        assert_eq!(s.follow(&[1, 3]), Some(2));
        assert_eq!((s.id(), s.index()), (Some(&3), 1));
        // The last one leaves: the new last row.
        assert_eq!(s.follow(&[1]), Some(3));
        assert_eq!((s.id(), s.index()), (Some(&1), 0));
        assert_eq!(s.follow(&[]), Some(1));
        assert_eq!(s.id(), None);
    }

    #[test]
    fn steps_are_clamped_and_keep_the_id() {
        let ids = ["a", "b", "c"];
        let mut s = Selection::default();
        s.step(&ids, 10);
        assert_eq!((s.id(), s.index()), (Some(&"c"), 2));
        s.step(&ids, -10);
        assert_eq!((s.id(), s.index()), (Some(&"a"), 0));
        s.step(&[], 1);
        assert_eq!(s.id(), None);
    }
}
