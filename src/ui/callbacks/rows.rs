//! The queue's rows: one line a task, its columns cut where they must be, and under them
//! the highlighted task whole (its kind, customer, state and holder in words).

use super::CallbacksTab;
use crate::domain::callbacks::Kind;
use crate::i18n::Lang;
use crate::store::callbacks::{Bucket, TaskRow};
use crate::text::{fit, inert};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Draws the rows and, under them, the highlighted task whole.
pub(super) fn render(s: &CallbacksTab, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let whole = s
        .selected_row()
        .map(|r| ratatui::text::Text::from(whole(r, lang, theme)));
    let rows = crate::ui::widgets::panel::whole_under(frame, area, whole);
    // A pending task's state is its holder (the pool, or the agent who claimed it): the
    // state column shows only in the views of done, failed and skipped tasks.
    let with_state = s.view.status.is_some() || s.rows.iter().any(|r| r.reason.is_some());
    let cells: Vec<Vec<String>> = s.rows.iter().map(|r| cells(r, lang, with_state)).collect();
    // Each column as wide as its widest value; when the row is too wide for the list the
    // longest values are cut (on display cells), the short columns stay whole.
    let also_w = s.rows.iter().map(|r| also(r).len()).max().unwrap_or(0);
    let mut natural = vec![0; 7];
    for row in &cells {
        for (n, c) in natural.iter_mut().zip(row) {
            *n = (*n).max(crate::text::width(c));
        }
    }
    // First a customer's or an agent's long name gives up cells (down to 5 and 4 wide
    // characters), then the names, the plate and the state further; the kind only when
    // they cannot (narrower than 80 columns); the mark, the date and the masked phone never.
    let room = usize::from(rows.width).saturating_sub(also_w);
    let fixed = |i: usize| natural.get(i).copied().unwrap_or(0);
    let mut names = natural.clone();
    let mut least = vec![fixed(0), 5, fixed(2), 4, 7, 4];
    names[3] = names[3].min(10);
    let last = names.len() - 1;
    names[last] = names[last].min(8);
    if with_state {
        least.insert(5, 6);
    } else {
        least.insert(4, fixed(4));
    }
    let widths = crate::ui::widgets::rows::widths(&natural, &names, room);
    let widths = crate::ui::widgets::rows::widths(&widths, &least, room);
    least[2] = 8;
    let widths = crate::ui::widgets::rows::widths(&widths, &least, room);
    let at = s.selected.index();
    crate::ui::widgets::rows::draw(frame, rows, s.rows.len(), at, true, theme, |i| {
        let r = &s.rows[i];
        let style = match (r.bucket, r.past_window) {
            (_, true) | (Bucket::Overdue, _) => theme.error(),
            (Bucket::Today, _) => theme.warn(),
            (Bucket::Upcoming, _) => Style::new(),
        };
        let line: Vec<String> = cells[i]
            .iter()
            .zip(&widths)
            .map(|(c, &w)| fit(c, w, true))
            .collect();
        (format!("{}{}", line.join(" "), also(r)), style)
    });
}

/// A row's columns, uncut: the mark, the due date, the kind, the customer, the masked
/// phone and the plate (the plate and the state in the views of ended tasks), the holder's
/// name.
fn cells(r: &TaskRow, lang: Lang, with_state: bool) -> Vec<String> {
    let mark = match (r.bucket, r.past_window) {
        (_, true) => lang.t("过期", "late"),
        (Bucket::Overdue, _) => lang.t("逾期", "over"),
        (Bucket::Today, _) => lang.t("今天", "today"),
        (Bucket::Upcoming, _) => "",
    };
    // The column names the agent (the line under the rows has the number too).
    let who = holder(r, lang);
    let name = who
        .split_once(' ')
        .map_or(who.as_str(), |x| x.1)
        .to_string();
    let mut out = vec![
        mark.to_string(),
        r.due.format("%m-%d").to_string(),
        kind_cell(r.kind, lang).to_string(),
        inert(&r.customer),
    ];
    // An ended task is not dialled from the queue: its state takes the phone's place (the
    // line under the rows has the phone).
    if with_state {
        out.push(inert(r.plate.as_deref().unwrap_or("")));
        out.push(state_of(r, lang).to_string());
    } else {
        out.push(inert(&r.phone));
        out.push(inert(r.plate.as_deref().unwrap_or("")));
    }
    out.push(name);
    out
}

/// The kind as its column says it: its name, whole; the one English name too long for a
/// row at 80 columns beside the others (the line under the rows says it in full).
fn kind_cell(k: Kind, lang: Lang) -> &'static str {
    match (k, lang) {
        (Kind::Insurance, Lang::En) => "Insurance & vehicle tax",
        _ => k.label(lang),
    }
}

/// After the columns: how many other tasks the same call takes (` +2`).
fn also(r: &TaskRow) -> String {
    if r.also.is_empty() {
        String::new()
    } else {
        format!(" +{}", r.also.len())
    }
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
fn whole(r: &TaskRow, lang: Lang, theme: &Theme) -> Line<'static> {
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
