//! The queue's rows: one line a task, its columns cut where they must be, and under them
//! the highlighted task whole (its kind, customer, state and holder in words).

use super::CallbacksTab;
use crate::i18n::Lang;
use crate::store::callbacks::{Bucket, TaskRow};
use crate::text::{fit, inert};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the rows and, under them, the highlighted task whole.
pub(super) fn render(s: &CallbacksTab, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let whole = s
        .selected_row()
        .map(|r| Paragraph::new(whole(r, lang, theme)));
    let rows = crate::ui::widgets::panel::whole_under(frame, area, whole);
    // A pending task's state is its holder (the pool, or the agent who claimed it): the
    // state column shows only in the views of done, failed and skipped tasks.
    let with_state = s.view.status.is_some() || s.rows.iter().any(|r| r.reason.is_some());
    let (kind_w, state_w) = if with_state { (12, 9) } else { (22, 0) };
    let at = s.selected.index();
    crate::ui::widgets::rows::draw(frame, rows, s.rows.len(), at, true, theme, |i| {
        let r = &s.rows[i];
        let (mark, style) = match (r.bucket, r.past_window) {
            (_, true) => (lang.t("过期", "late"), theme.error()),
            (Bucket::Overdue, _) => (lang.t("逾期", "over"), theme.error()),
            (Bucket::Today, _) => (lang.t("今天", "today"), theme.warn()),
            (Bucket::Upcoming, _) => ("", Style::new()),
        };
        let also = if r.also.is_empty() {
            String::new()
        } else {
            format!(" +{}", r.also.len())
        };
        let state = if with_state {
            format!("{} ", fit(state_of(r, lang), state_w, true))
        } else {
            String::new()
        };
        // The column names the agent (the line under the rows has the number too).
        let who = holder(r, lang);
        let name = who.split_once(' ').map_or(who.as_str(), |x| x.1);
        let line = format!(
            "{} {} {} {} {} {} {state}{}{also}",
            fit(mark, 5, true),
            r.due.format("%m-%d"),
            fit(r.kind.label(lang), kind_w, true),
            fit(&inert(&r.customer), 8, true),
            fit(&inert(&r.phone), 12, true),
            fit(&inert(r.plate.as_deref().unwrap_or("")), 9, true),
            fit(name, 8, true),
        );
        (line, style)
    });
}

/// Who holds the task: the agent who claimed it, or the pool.
fn holder(r: &TaskRow, lang: Lang) -> String {
    r.agent
        .as_deref()
        .map(inert)
        .unwrap_or_else(|| lang.t("公共池", "pool").to_string())
}

/// The task's state in words: why it ended when it did not end done.
fn state_of(r: &TaskRow, lang: Lang) -> &'static str {
    r.reason
        .map(|x| x.label(lang))
        .unwrap_or(r.status.label(lang))
}

/// The highlighted task whole: its kind, customer, phone and car, its window, its state and
/// holder, and the customer's other calls of this week.
fn whole<'a>(r: &TaskRow, lang: Lang, theme: &Theme) -> Line<'a> {
    let sep = lang.t("；", "; ");
    let mut text = format!(
        "{} {} {} {}{sep}{} {} ~ {}{sep}{}",
        r.kind.label(lang),
        inert(&r.customer),
        inert(&r.phone),
        inert(r.plate.as_deref().unwrap_or("")),
        lang.t("时限", "window"),
        r.window_start,
        r.window_end,
        state_of(r, lang),
    );
    if r.agent.is_some() {
        text.push_str(&format!(" {}", holder(r, lang)));
    }
    if !r.also.is_empty() {
        let kinds: Vec<&str> = r.also.iter().map(|(_, k)| k.label(lang)).collect();
        text.push_str(&format!(
            "{sep}{}{}",
            lang.t("同一通电话还有：", "same call also: "),
            kinds.join(lang.t("、", ", "))
        ));
    }
    Line::from(Span::styled(text, theme.dim()))
}
