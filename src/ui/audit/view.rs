//! The audit log drawn: each entry's time and sentence (wrapped, never cut), the count
//! under them, the highlighted entry whole below, and the filter form with its choices.

use super::AuditLog;
use crate::clock::{Clock, from_db};
use crate::domain::audit::{self as words_of, Reading, Sentence, words};
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::audit::AuditEntry;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use crate::ui::widgets::panel::list_panel;
use crate::ui::widgets::popup::centered;
use crate::ui::widgets::wrapped;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// An entry in words.
pub(super) fn sentence(
    e: &AuditEntry,
    lang: Lang,
    templates: &TemplateSet,
    tz: chrono_tz::Tz,
    agents: &[(i64, String)],
) -> Sentence {
    let entry = e.words();
    words_of::sentence(
        &entry,
        Reading {
            lang,
            templates,
            tz,
            agents,
        },
    )
}

/// The log over `area`: its rows, the count, the highlighted entry whole; the filter
/// form over it when open.
pub fn render(
    log: &AuditLog,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    templates: &TemplateSet,
    theme: &Theme,
) {
    frame.render_widget(Clear, area);
    let title = lang.t("审计记录（只读）", "Audit log (read-only)");
    let hint = keymap::hint_line(
        &[Scope::AuditLog],
        false,
        &[
            (Action::Down, "选择", "select"),
            (Action::Filter, "筛选", "filter"),
            (Action::Back, "关闭", "close"),
        ],
        lang,
    );
    let selected = log
        .selected()
        .map(|e| sentence(e, lang, templates, clock.tz(), log.agents()));
    // The selected entry whole, wrapped: its head, then its changes.
    let detail: Vec<Line> = selected
        .iter()
        .flat_map(|s| {
            let changes = s.changes.join(lang.t("；", "; "));
            [
                Line::from(Span::styled(inert(&s.head), theme.label())),
                Line::from(inert(&changes)),
            ]
        })
        .filter(|l| l.width() > 0)
        .collect();
    // The rows the detail takes wrapped as it is drawn (between words).
    let inner_w = area.width.saturating_sub(2).max(1) as usize;
    let needed: usize = wrapped::lines(detail.clone(), inner_w).len() + 1;
    let foot = (needed as u16)
        .min(area.height.saturating_sub(6) / 2)
        .max(2);
    let (rows, detail_area) = list_panel(frame, area, theme, title, &hint, foot);
    // Each entry's sentence whole: it wraps under its time, never cut. The highlighted
    // entry is always in view, whole.
    let h = rows.height.saturating_sub(1) as usize;
    let w = rows.width as usize;
    let lines_of = |e: &AuditEntry| -> Vec<String> {
        let at = from_db(&e.at)
            .map(|t| clock.fmt_local(t))
            .unwrap_or_else(|| e.at.clone());
        let at = format!("{} ", &at[at.len().min(5)..]);
        let head = sentence(e, lang, templates, clock.tz(), log.agents()).head;
        crate::text::hang(&at, &inert(&head), w)
            .into_iter()
            .map(|l| fit(&l, w, true))
            .collect()
    };
    let sel = log.selected_row();
    let mut offset = sel.min(log.entries.len());
    if let Some(e) = log.entries.get(sel) {
        let mut used = lines_of(e).len();
        while offset > 0 {
            let more = lines_of(&log.entries[offset - 1]).len();
            if used + more > h {
                break;
            }
            used += more;
            offset -= 1;
        }
    }
    let mut y = 0;
    for (i, e) in log.entries.iter().enumerate().skip(offset) {
        if y >= h {
            break;
        }
        let style = if i == sel {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        for line in lines_of(e).into_iter().take(h - y) {
            frame.render_widget(
                Paragraph::new(line).style(style),
                Rect {
                    y: rows.y + y as u16,
                    height: 1,
                    ..rows
                },
            );
            y += 1;
        }
    }
    if rows.height > 0 {
        frame.render_widget(
            Paragraph::new(log.count_line(lang)).style(theme.dim()),
            Rect {
                y: rows.y + rows.height - 1,
                height: 1,
                ..rows
            },
        );
    }
    frame.render_widget(wrapped::paragraph(detail, detail_area.width), detail_area);
    if let Some(f) = &log.filter_form {
        render_filter(f, frame, area, lang, theme);
    }
}

fn render_filter(f: &Form, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let popup = centered(area, 76, 10);
    frame.render_widget(crate::ui::widgets::popup::Cover, popup);
    let block = theme.block(lang.t("筛选审计记录", "Filter the audit log"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let form_h = f.height().min(inner.height);
    f.render(
        frame,
        Rect {
            height: form_h,
            ..inner
        },
        lang,
        theme,
    );
    let choices = vec![
        Line::from(vec![
            Span::styled(lang.t("对象：", "Record type: "), theme.label()),
            Span::raw(words::choices(false, lang)),
        ]),
        Line::from(vec![
            Span::styled(lang.t("操作：", "Action: "), theme.label()),
            Span::raw(words::choices(true, lang)),
        ]),
    ];
    frame.render_widget(
        wrapped::paragraph(choices, inner.width),
        Rect {
            y: inner.y + form_h,
            height: inner.height - form_h,
            ..inner
        },
    );
}
