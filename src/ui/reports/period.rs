//! The period a report covers: a day, week, month or year around a day, moved with `[` `]`,
//! or dates typed into a small form (`c`).

use crate::i18n::Lang;
use crate::store::reports::Range;
use crate::ui::widgets::form::{Field, Form};
use chrono::{Datelike, Days, Months, NaiveDate};

/// The length of the period shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Span {
    Day,
    Week,
    #[default]
    Month,
    Year,
}

impl Span {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Span::Day => lang.t("日报", "day"),
            Span::Week => lang.t("周报", "week"),
            Span::Month => lang.t("月报", "month"),
            Span::Year => lang.t("年报", "year"),
        }
    }

    /// The period containing `day`: the day, its week (Monday to Sunday), month or year.
    pub fn around(self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Span::Day => (day, day),
            Span::Week => {
                let from = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
                (from, from + Days::new(6))
            }
            Span::Month => {
                let from = day.with_day(1).unwrap_or(day);
                let to = from
                    .checked_add_months(Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(day);
                (from, to)
            }
            Span::Year => (
                NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
                NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day),
            ),
        }
    }

    /// A day of the period before (`-1`) or after (`1`) the one containing `day`.
    pub fn step(self, day: NaiveDate, dir: i32) -> NaiveDate {
        let (from, to) = self.around(day);
        if dir < 0 {
            from.pred_opt().unwrap_or(from)
        } else {
            to.succ_opt().unwrap_or(to)
        }
    }
}

/// The form asking for a period, prefilled with the one shown: defaults, so a date typed
/// replaces them (typed after them, `2026-12` made `2026-12-012026-12`).
pub fn form(shown: Range) -> Form {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Form::new(vec![
        Field::new("from", "从", "From")
            .required()
            .hints("年-月-日 或 年-月", "yyyy-mm-dd or yyyy-mm")
            .default_value(&day(shown.from)),
        Field::new("to", "到", "To")
            .hints("年-月-日（空 = 今天）", "yyyy-mm-dd (empty = today)")
            .default_value(&day(shown.to)),
    ])
}

/// The dates typed in the form, never past today; a bad date is named in its field, in
/// the user's language, and gives `None`.
pub fn read(f: &mut Form, today: NaiveDate, lang: Lang) -> Option<(NaiveDate, NaiveDate)> {
    let (from, to) = (
        f.get("from").trim().to_string(),
        f.get("to").trim().to_string(),
    );
    f.clear_errors();
    let to = Some(to.as_str()).filter(|t| !t.is_empty());
    match Range::parse(Some(from.as_str()), to, lang) {
        Ok(Range {
            from: Some(from),
            to,
        }) => {
            let to = to.unwrap_or(today).min(today);
            if from > today {
                f.set_error("from", lang.t("不能晚于今天", "after today").into());
                return None;
            }
            Some((from, to))
        }
        Ok(_) => {
            f.set_error("from", lang.t("请填写", "required").into());
            None
        }
        Err(e) => {
            let field = if e.contains("--to") { "to" } else { "from" };
            let e = e.replace("--from ", "").replace("--to ", "");
            f.set_error(field, e);
            None
        }
    }
}
