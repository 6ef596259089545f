//! The complaints list: one row a complaint, the highlighted one whole under the rows.

use super::view::clock_text;
use super::{ComplaintsTab, Mode};
use crate::clock::Clock as AppClock;
use crate::domain::callbacks::complaint_words as words;
use crate::domain::complaints::{ClockState, next_deadline};
use crate::i18n::Lang;
use crate::store::complaints::Show;
use crate::text::{fit, inert, width};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::theme::Theme;
use crate::ui::widgets::panel::list_panel;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn render_list(
    s: &ComplaintsTab,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &AppClock,
    theme: &Theme,
) {
    let view = match s.show {
        Show::Open => lang.t("处理中", "open"),
        Show::Escalated => lang.t("已升级（主管）", "escalated (supervisor)"),
        // Finished: closed, and withdrawn as registered by mistake.
        Show::Closed => lang.t("已结案/已撤销", "closed/withdrawn"),
        Show::All => lang.t("全部", "all"),
    };
    let title = format!("{}{view}", lang.t("投诉：", "Complaints: "));
    // The list's keys, while the list has them (under the register form it has none).
    let scopes = if s.mode == Mode::List {
        s.scopes()
    } else {
        Vec::new()
    };
    let hint = keymap::hint_line(
        &scopes,
        s.typing(),
        &[
            (Action::NewCall, "登记", "register"),
            (Action::Open, "打开", "open"),
            (
                Action::Filter,
                "切换（处理中/已升级/已结案/全部）",
                "switch view (open/escalated/closed/all)",
            ),
        ],
        lang,
    );
    let (rows, foot) = list_panel(frame, area, theme, &title, &hint, 1);
    if s.items.is_empty() {
        frame.render_widget(
            Paragraph::new(lang.t("没有投诉。", "No complaints.")).style(theme.dim()),
            rows,
        );
    }
    // Under the rows, the highlighted complaint whole: its state, summary and next
    // deadline in words (the columns above cut them to fit).
    let whole = s
        .items
        .get(s.selected.index())
        .filter(|_| s.mode == Mode::List)
        .map(|item| {
            let r = &item.row;
            let deadline = next_deadline(&item.clocks).map(|c| clock_text(c, lang, theme).0);
            let mut text = format!(
                "#{} {} {} {} {}{}",
                r.id,
                inert(&r.customer),
                r.category.short(lang),
                r.status.label(lang),
                level_mark(r.level).map_or(String::new(), |m| format!("{m} ")),
                inert(&words::show_summary(&r.summary, lang)),
            );
            if let Some(d) = deadline {
                text.push_str(lang.t("；", "; "));
                text.push_str(&d);
            }
            ratatui::text::Text::from(text).style(theme.dim())
        });
    let rows = crate::ui::widgets::panel::whole_under(frame, rows, whole);
    let h = rows.height as usize;
    let offset = s.selected.index().saturating_sub(h.saturating_sub(1));
    let mut overdue = 0;
    for item in &s.items {
        if item.clocks.iter().any(|c| c.state == ClockState::Overdue) {
            overdue += 1;
        }
    }
    // The next deadline is read whole (`first contact left 10 min`): its column is as wide
    // as the widest one shown, up to half the row; the summary before it gives way. A row
    // with no clock running says `-` there (its state is in its own column).
    let w = rows.width as usize;
    let deadlines: Vec<(String, Style)> = s
        .items
        .iter()
        .skip(offset)
        .take(h)
        .map(|item| match next_deadline(&item.clocks) {
            Some(c) => clock_text(c, lang, theme),
            None => ("-".to_string(), theme.dim()),
        })
        .collect();
    // At least 22 cells while a clock runs on a row shown (so the column does not jump as
    // the clocks count down); a list with no clock running (closed complaints) has no such
    // column, and gives its room to the summary.
    let ticking = s
        .items
        .iter()
        .skip(offset)
        .take(h)
        .any(|item| next_deadline(&item.clocks).is_some());
    let dl_w = if ticking {
        deadlines
            .iter()
            .map(|(d, _)| width(d))
            .fold(22, usize::max)
            .min(w / 2)
    } else {
        0
    };
    // The state column is as wide as the widest state shown (`已解决待确认`, `investigating`).
    let status_w = s
        .items
        .iter()
        .skip(offset)
        .take(h)
        .map(|item| width(item.row.status.short(lang)))
        .fold(8, usize::max)
        .min(14);
    for ((i, item), (deadline, style)) in s.items.iter().enumerate().skip(offset).zip(deadlines) {
        let r = &item.row;
        let level = level_mark(r.level).unwrap_or_else(|| "  ".into());
        let line = format!(
            // Two blanks after the level: the summary reads as a column of its own.
            "{} {} {} {} {}  {}",
            clock.fmt_local(r.received_at).get(5..16).unwrap_or(""),
            fit(&inert(&r.customer), 8, true),
            fit(r.category.short(lang), 8, true),
            fit(r.status.short(lang), status_w, true),
            level,
            inert(&words::show_summary(&r.summary, lang)),
        );
        let sel = i == s.selected.index() && s.mode == Mode::List;
        let row_area = Rect {
            y: rows.y + (i - offset) as u16,
            height: 1,
            ..rows
        };
        let mut spans = Vec::with_capacity(3);
        let left_w = if ticking {
            w.saturating_sub(dl_w + 1)
        } else {
            w
        };
        spans.push(Span::styled(
            fit(&line, left_w, true),
            if sel { theme.selected() } else { Style::new() },
        ));
        if ticking {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                fit(&deadline, dl_w, true),
                if sel { theme.selected() } else { style },
            ));
        }
        let line = Line::from(spans);
        frame.render_widget(Paragraph::new(line), row_area);
    }
    let n = s.items.len();
    let f = crate::ui::keymap::key_in(Scope::ComplaintsList, Action::Filter);
    let text = match lang {
        Lang::Zh if s.total > n => {
            format!(
                "共 {} 件，只列出最近 {n} 件（{f} 切换范围），其中超时 {overdue}",
                s.total
            )
        }
        Lang::En if s.total > n => format!(
            "{}, only the latest {n} listed ({f} switches), {overdue} of them overdue",
            lang.count(s.total, "件", "complaint", "complaints")
        ),
        Lang::Zh => format!("{n} 件  超时 {overdue}"),
        Lang::En => format!(
            "{}  {overdue} overdue",
            lang.count(n, "件", "complaint", "complaints")
        ),
    };
    frame.render_widget(Paragraph::new(text).style(theme.dim()), foot);
}

/// A complaint's escalation level as the list marks it (`^1`), none below level 1.
fn level_mark(level: u8) -> Option<String> {
    (level > 0).then(|| format!("^{level}"))
}
