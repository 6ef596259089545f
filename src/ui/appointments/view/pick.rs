//! The booking form's customer picker, dropped under the customer field: who the text
//! finds (numbers masked), or the picked customer's cars.

use crate::i18n::Lang;
use crate::text::{fit, inert};
use crate::ui::appointments::AppointmentsTab;
use crate::ui::theme::Theme;
use crate::ui::widgets::popup::Cover;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

/// Draws the list under the customer field (`fields` is the form's area; the values
/// start after the labels).
pub(super) fn render_picker(
    s: &AppointmentsTab,
    frame: &mut Frame,
    fields: Rect,
    lang: Lang,
    theme: &Theme,
) {
    if !s.picker_open() {
        return;
    }
    let p = &s.pick;
    let lines: Vec<String> = if p.cars.is_empty() {
        p.hits
            .iter()
            .map(crate::ui::widgets::hit::hit_line)
            .collect()
    } else {
        let who = p
            .choosing
            .as_ref()
            .map(|(_, n)| inert(n))
            .unwrap_or_default();
        std::iter::once(match lang {
            Lang::Zh => format!("{who} 的哪辆车？"),
            Lang::En => format!("Which of {who}'s cars?"),
        })
        .chain(p.cars.iter().map(|v| {
            format!(
                "{} {} {}",
                fit(&inert(v.data.plate.as_deref().unwrap_or("-")), 10, true),
                inert(&v.data.brand),
                inert(&v.data.model)
            )
        }))
        .collect()
    };
    let head = usize::from(!p.cars.is_empty());
    // The rows under the customer field are covered whole, labels too: a field's label
    // beside a name in the list would read as that field holding it.
    let rows = Rect {
        y: fields.y + 1,
        height: (lines.len() as u16).min(fields.height.saturating_sub(1)),
        ..fields
    };
    frame.render_widget(Cover, rows);
    // The values start after the labels and the space after them.
    let label = s
        .book
        .as_ref()
        .map_or(12, |f| f.label_width(lang, fields.width))
        + 1;
    let area = Rect {
        x: fields.x + label,
        width: fields.width.saturating_sub(label),
        ..rows
    };
    for (i, line) in lines.iter().enumerate().take(area.height as usize) {
        let style = if i == p.sel + head {
            theme.selected()
        } else if i < head {
            theme.label()
        } else {
            theme.warn()
        };
        frame.render_widget(
            Paragraph::new(fit(line, area.width as usize, true)).style(style),
            Rect {
                y: area.y + i as u16,
                height: 1,
                ..area
            },
        );
    }
}
