//! A form's layout: taller than its area it scrolls (the first field shown moves as little
//! as it must for the focused field to show whole); its labels' width; where the cursor
//! starts.

use super::form::Form;
use crate::i18n::Lang;

impl Form {
    /// The cells a label takes (its `*` included): the widest label's, at least 12, never
    /// more than half the row (the values keep the other half), so an English label as long
    /// as `Station phone or address given` reads whole at 80 columns. A label is cut only
    /// when it alone is wider than half the row.
    pub fn label_width(&self, lang: Lang, row: u16) -> u16 {
        let widest = self
            .fields
            .iter()
            .map(|f| crate::text::width(lang.t(&f.zh, &f.en)) + 1)
            .max()
            .unwrap_or(0);
        u16::try_from(widest)
            .unwrap_or(u16::MAX)
            .max(12)
            .min(row / 2)
    }

    /// The first field to show in `rows` rows when `prev` was shown first before: the
    /// focused field always shows whole (unless it alone is taller than the area), and the
    /// view moves only as far as that needs.
    pub fn first_shown(&self, rows: u16, prev: usize) -> usize {
        if self.height() <= rows {
            return 0;
        }
        let focus = self.focus.min(self.fields.len().saturating_sub(1));
        let mut first = prev.min(focus);
        while first < focus && self.rows_between(first, focus + 1) > rows {
            first += 1;
        }
        // No empty rows at the bottom while fields above are hidden.
        while first > 0 && self.rows_between(first - 1, self.fields.len()) <= rows {
            first -= 1;
        }
        first
    }

    /// The first field from `from` on that the user must still fill (required, empty): a
    /// form opens there, not on a field its default already filled.
    pub fn first_to_fill(&self, from: usize) -> Option<usize> {
        self.fields
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, x)| x.required && x.text().trim().is_empty())
            .map(|(i, _)| i)
    }

    /// Puts the cursor on the first field the user must fill, if any is left.
    pub fn start_at_first_to_fill(mut self) -> Self {
        if let Some(i) = self.first_to_fill(0) {
            self.focus = i;
        }
        self
    }

    /// Rows the fields `from..to` take on screen.
    pub fn rows_between(&self, from: usize, to: usize) -> u16 {
        self.fields
            .get(from..to.min(self.fields.len()))
            .map_or(0, |f| f.iter().map(|x| x.rows()).sum())
    }

    /// The row (from the top of the area) field `i` is drawn on when the fields from
    /// `first` on show in `rows` rows; None when it is not (wholly) on screen.
    pub fn row_of(&self, i: usize, first: usize, rows: u16) -> Option<u16> {
        let top = self.rows_between(first, i);
        let own = self.fields.get(i)?.rows();
        (i >= first && top + own <= rows).then_some(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::form::Field;

    /// Six one-row fields and a 3-row one at the end: 9 rows.
    fn form() -> Form {
        let mut fields: Vec<Field> = (0..6)
            .map(|i| Field::new(format!("f{i}"), "甲", "a"))
            .collect();
        fields.push(Field::new("notes", "备注", "Notes").multiline(3));
        Form::new(fields)
    }

    #[test]
    fn the_focused_field_stays_on_screen_and_the_view_moves_as_little_as_it_must() {
        let mut f = form();
        assert_eq!(f.height(), 9);
        assert_eq!(f.first_shown(9, 0), 0, "all of it fits");
        assert_eq!(f.first_shown(4, 0), 0);
        f.focus = 3;
        assert_eq!(f.first_shown(4, 0), 0, "field 3 is the fourth row");
        f.focus = 4;
        assert_eq!(f.first_shown(4, 0), 1);
        // The 3-row notes show whole.
        f.focus = 6;
        let first = f.first_shown(4, 1);
        assert_eq!(first, 5);
        assert_eq!(f.row_of(6, first, 4), Some(1));
        assert_eq!(f.row_of(4, first, 4), None);
        // Back up: the view follows only when the field leaves it.
        f.focus = 5;
        assert_eq!(f.first_shown(4, first), 5);
        f.focus = 2;
        assert_eq!(f.first_shown(4, 5), 2);
        f.focus = 0;
        assert_eq!(f.first_shown(4, 2), 0);
    }

    #[test]
    fn labels_read_whole_at_80_columns_in_both_languages() {
        let f = Form::new(vec![
            Field::new("a", "电话", "Phone"),
            Field::new("b", "服务站电话或地址", "Station phone or address given"),
            Field::new(
                "c",
                "上午的预约当天也提醒",
                "Also remind morning slots that day",
            ),
        ]);
        // A form as wide as the screen (78 inside its border) and a popup's (58).
        for row in [78, 72] {
            assert_eq!(
                f.label_width(Lang::En, row),
                35,
                "the widest label and its star"
            );
        }
        assert_eq!(f.label_width(Lang::Zh, 78), 21);
        assert_eq!(f.label_width(Lang::En, 58), 29, "at most half the row");
        let short = Form::new(vec![Field::new("a", "电话", "Phone")]);
        assert_eq!(short.label_width(Lang::En, 78), 12);
    }

    #[test]
    fn a_view_scrolled_past_the_end_comes_back_to_fill_the_area() {
        let mut f = form();
        f.focus = 6;
        assert_eq!(f.first_shown(5, 6), 4);
    }
}
