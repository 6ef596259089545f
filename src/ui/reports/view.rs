//! Drawing the Reports tab: the page line (board and reports, the period), then the board
//! or the report's table with a bar beside the figure that has one, its notes and the keys.

use super::notes::{Notes, wrapped};
use super::{Busy, Op, PAGES, ReportsTab, SHOW_ELAPSED_MS, Span, View, Work};
use crate::i18n::Lang;
use crate::io::sheet::Value;
use crate::store::reports::Report;
use crate::text::{fit, inert, width};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::theme::Theme;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::Paragraph;

/// Widest a column gets before its cells are cut.
const MAX_COL: usize = 24;
/// Width of the bar drawn beside the charted figure.
const BAR: usize = 12;

/// The column drawn as a bar too, where a picture says more than the figure.
fn charted(report: Report) -> Option<usize> {
    match report {
        Report::CallsByTemplate => Some(2),
        Report::Agents => Some(3),
        Report::Callbacks => Some(1),
        Report::CustomerGroups => Some(2),
        Report::Loyalty => Some(1),
        Report::ComplaintStats => Some(2),
        _ => None,
    }
}

fn page_title(page: usize, lang: Lang) -> &'static str {
    match page.checked_sub(1).and_then(|i| PAGES.get(i)) {
        Some(r) => r.title(lang),
        None => lang.t("今日看板", "Today"),
    }
}

pub fn render(
    s: &ReportsTab,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    today: NaiveDate,
    theme: &Theme,
) {
    let title = match s.report() {
        None => page_title(0, lang).to_string(),
        Some(_) => {
            let r = s.range(today);
            let to = r.to.map_or(String::new(), |d| d.to_string());
            let period = match r.from {
                Some(from) => format!("{from} ~ {to}"),
                None => format!("{} {to}", lang.t("截至", "as of")),
            };
            let span = if s.custom.is_some() {
                lang.t("自定", "custom")
            } else {
                s.span.label(lang)
            };
            format!("{} · {span} {period}", page_title(s.page, lang))
        }
    };
    let block = theme.block(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let hint = hint(s, lang);
    let stale = format!(
        "{}{}",
        lang.t("数据已有更新：", "The data has changed: "),
        tab_hint(
            &[(&[Action::Report(Op::Recompute)], "重新统计", "recomputes")],
            lang
        )
    );
    let computing = s.busy.map(|b| computing(b, lang));
    // The foot answers a key that asked for records or an export at once (until they come
    // nothing else on screen would change); a count or report nobody is waiting on (the
    // board's recount, a period whose title already changed) says so only once it has run
    // a moment: a quick one would make it flash.
    let foot_busy = s
        .busy
        .filter(|b| b.ms >= SHOW_ELAPSED_MS || matches!(b.work, Work::Drill | Work::Export))
        .and(computing.as_deref());
    let (text, style) = match &s.message {
        _ if foot_busy.is_some() => (foot_busy.unwrap_or_default(), theme.warn()),
        Some((m, true)) => (m.as_str(), theme.error()),
        Some((m, false)) => (m.as_str(), theme.ok()),
        None if s.stale && s.page > 0 => (stale.as_str(), theme.warn()),
        None => (hint.as_str(), theme.dim()),
    };
    // The foot wraps (up to 3 lines) rather than cut a message or lose a key, each key
    // beside its word.
    // A key or word wider than the line (an export's path) wraps there, never cut.
    let foot_lines: Vec<String> =
        crate::text::pack_line(&theme.text(&inert(text)), usize::from(inner.width))
            .iter()
            .flat_map(|l| crate::text::wrap_words(l, usize::from(inner.width)))
            .collect();
    let foot_rows = u16::try_from(foot_lines.len().clamp(1, 3)).unwrap_or(1);
    let [pages, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(foot_rows),
    ])
    .areas(inner);
    // The page line: every page's name, the current one marked.
    let mut spans = Vec::new();
    for p in 0..=PAGES.len() {
        let style = if p == s.page {
            theme.tab_active()
        } else {
            theme.dim()
        };
        spans.push(TSpan::styled(format!(" {} ", page_title(p, lang)), style));
    }
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(scrolled(line, s.page, pages.width)), pages);
    let foot_text: Vec<Line> = foot_lines
        .into_iter()
        .take(usize::from(foot.height))
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(foot_text).style(style), foot);
    match (s.report(), s.stack.last()) {
        (None, _) => super::board::render(s.board.as_ref(), frame, body, lang, theme),
        (Some(_), None) => {
            let text = match &computing {
                Some(c) => c.as_str(),
                None => lang.t("正在统计…", "Counting…"),
            };
            frame.render_widget(Paragraph::new(theme.text(text)).style(theme.dim()), body)
        }
        (Some(r), Some(v)) => {
            let page = s.stack.len() == 1;
            let chart = if page { charted(r) } else { None };
            // The report's own page: what the figure under the cursor counts, and (the
            // callback report) its kinds' survey questions under the table, whole.
            let notes = Notes::of(v, r, page, lang, theme);
            match s.notes {
                Some(at) => super::notes::render_page(&notes, at, frame, body, lang, theme),
                None => sheet(v, chart, &notes, frame, body, lang, theme),
            }
        }
    }
    if let Some(f) = &s.range_form {
        let popup = crate::ui::widgets::popup::centered(area, 64, 6);
        frame.render_widget(crate::ui::widgets::popup::Cover, popup);
        let keys = keymap::form_hint(f, ("确定", "show"), ("取消", "cancel"), lang);
        let block = theme.block(&match lang {
            Lang::Zh => format!("统计期间（{keys}）"),
            Lang::En => format!("Period ({keys})"),
        });
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        f.render(frame, inner, lang, theme);
    }
}

/// The foot line's keys, from the key table: the board's, a report's, a list of records'.
fn hint(s: &ReportsTab, lang: Lang) -> String {
    let pages = [
        Action::Report(Op::PrevReport),
        Action::Report(Op::NextReport),
    ];
    let columns = [
        Action::Report(Op::ColumnLeft),
        Action::Report(Op::ColumnRight),
    ];
    let exports = [
        Action::Report(Op::ExportCsv),
        Action::Report(Op::ExportXlsx),
    ];
    let periods = [
        Action::Report(Op::Period(Span::Day)),
        Action::Report(Op::Period(Span::Week)),
        Action::Report(Op::Period(Span::Month)),
        Action::Report(Op::Period(Span::Year)),
        Action::Report(Op::CustomPeriod),
    ];
    match s.stack.len() {
        _ if s.notes.is_some() => tab_hint(
            &[
                (
                    &[Action::Up, Action::Down, Action::PageUp, Action::PageDown],
                    "翻看",
                    "scroll",
                ),
                (
                    &[Action::Report(Op::Notes), Action::Back],
                    "返回表格",
                    "back to the table",
                ),
            ],
            lang,
        ),
        _ if s.page == 0 => tab_hint(
            &[
                (
                    &pages,
                    "按日期范围的报表（可查看明细、导出）",
                    "date-range reports (records, exports)",
                ),
                (&[Action::Help], "全部按键", "every key"),
            ],
            lang,
        ),
        0 | 1 => tab_hint(
            &[
                (&pages, "报表", "report"),
                (&periods, "日周月年/自定", "period"),
                (&[Action::PrevDay, Action::NextDay], "前后", "move"),
                (&columns, "列", "column"),
                (&[Action::Open], "明细", "records"),
                (&[Action::Report(Op::Notes)], "说明", "notes"),
                (&exports, "导出", "export"),
            ],
            lang,
        ),
        _ => tab_hint(
            &[
                (&[Action::Open], "打开所选记录", "open the record"),
                (&[Action::Back], "返回报表", "back"),
                (&columns, "左右移列", "columns"),
                (&[Action::Report(Op::Notes)], "说明", "notes"),
                (&exports, "导出本表", "export this list"),
            ],
            lang,
        ),
    }
}

fn tab_hint(items: &[(&[Action], &'static str, &'static str)], lang: Lang) -> String {
    keymap::hint_groups(&[Scope::Reports, Scope::Global], false, items, lang)
}

/// What the tab says while a job runs: "computing" (in the body at once, where nothing else
/// is to show; on the foot after `SHOW_ELAPSED_MS`), after a moment its time.
fn computing(b: Busy, lang: Lang) -> String {
    let what = match b.work {
        super::Work::Board => lang.t("正在统计…", "Counting…"),
        super::Work::Report => lang.t("计算中…", "Computing…"),
        super::Work::Drill => lang.t("计算中…（查找明细）", "Computing… (the records)"),
        super::Work::Export => lang.t("计算中…（导出）", "Computing… (the export)"),
    };
    if b.ms < SHOW_ELAPSED_MS {
        return what.to_string();
    }
    let secs = b.ms as f64 / 1000.0;
    match lang {
        Lang::Zh => format!("{what} 已用 {secs:.1} 秒"),
        Lang::En => format!("{what} {secs:.1} s so far"),
    }
}

/// The page line, shifted so the current page is visible on a narrow screen.
fn scrolled(line: Line<'_>, page: usize, w: u16) -> Line<'_> {
    let before: usize = line.spans[..page].iter().map(|s| width(&s.content)).sum();
    let cur = line.spans.get(page).map_or(0, |s| width(&s.content));
    if before + cur <= w as usize {
        return line;
    }
    Line::from(line.spans[page.saturating_sub(1)..].to_vec())
}

fn sheet(
    v: &View,
    chart: Option<usize>,
    notes: &Notes,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
) {
    // The definition of the figure under the cursor and the notes wrap whole (a criterion's
    // name, a long note); past their share of the height the last line says where the rest
    // is read (`n`, the notes page).
    let w = (area.width as usize).max(1);
    let more = super::notes::more(lang, theme);
    let cap = (area.height as usize / 4).max(2);
    let def: Vec<Line> = notes
        .def
        .as_deref()
        .map(|d| wrapped(d, w, cap, theme.label(), &more))
        .unwrap_or_default();
    // The notes say what the figures mean: a third of the height, or what the table leaves
    // (it keeps its rows, up to half the height).
    let h = area.height as usize;
    let table_keeps = (v.sheet.rows.len() + 1).clamp(2, h / 2);
    // The row's own notes (the survey's questions with their averages) wrap whole: the
    // table keeps 3 lines (its header and two rows), the other notes a quarter.
    let row_cap = h.saturating_sub(def.len() + 3);
    let of_row = wrapped(
        &notes.of_row.join("\n"),
        w,
        row_cap,
        Style::default(),
        &more,
    );
    let used = def.len() + of_row.len();
    let notes_cap = if of_row.is_empty() {
        (h / 3).max(h.saturating_sub(used + table_keeps))
    } else {
        (h / 4).max(h.saturating_sub(used + table_keeps))
    }
    .min(h.saturating_sub(used + 3));
    let notes = wrapped(&notes.general.join("\n"), w, notes_cap, theme.dim(), &more);
    let [table, def_area, row_area, notes_area] = Layout::vertical([
        Constraint::Min(2),
        Constraint::Length(def.len() as u16),
        Constraint::Length(of_row.len() as u16),
        Constraint::Length(notes.len() as u16),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(def), def_area);
    frame.render_widget(Paragraph::new(of_row), row_area);
    let h = table.height.saturating_sub(1) as usize;
    let offset = v.selected.saturating_sub(h.saturating_sub(1));
    let shown = &v.sheet.rows[offset.min(v.sheet.rows.len())..];
    let shown = &shown[..shown.len().min(h)];
    let n = v.sheet.columns.len();
    let tw = table.width as usize;
    // Column widths from the header and the rows on screen, capped; the bar after the
    // charted column.
    let natural: Vec<usize> = (0..n)
        .map(|c| {
            let head = width(&v.sheet.columns[c]);
            shown
                .iter()
                .map(|r| r.get(c).map_or(0, |x| width(&shown_text(x))))
                .fold(head, usize::max)
        })
        .collect();
    let extra = |i: usize| if chart == Some(i) { BAR + 1 } else { 0 };
    // Uncut when the whole table fits the width; else each column capped, but the row's
    // name (the first column: a kind, an agent, a group) whole up to half the width.
    let whole: usize = (0..n).map(|i| natural[i] + 1 + extra(i)).sum();
    let mut cols: Vec<usize> = if whole <= tw {
        natural.clone()
    } else {
        natural
            .iter()
            .enumerate()
            .map(|(i, w)| match i {
                0 => (*w).min(MAX_COL.max(tw / 2)),
                _ => (*w).min(MAX_COL),
            })
            .collect()
    };
    // The first column shown: as far left as still shows the cursor's column.
    let cursor = v.col.min(n.saturating_sub(1));
    let span = |from: usize, to: usize, cols: &[usize]| -> usize {
        (from..=to).map(|i| cols[i] + 1 + extra(i)).sum()
    };
    let mut first = 0;
    while first < cursor && span(first, cursor, &cols) > tw {
        first += 1;
    }
    // The last column takes what is left of the line.
    if n > 0 && first < n {
        let before = if n >= 2 && first < n - 1 {
            span(first, n - 2, &cols)
        } else {
            0
        };
        cols[n - 1] = natural[n - 1].min(tw.saturating_sub(before).max(MAX_COL));
    }
    let max = chart.map_or(0, |c| {
        v.sheet
            .rows
            .iter()
            .filter(|r| !is_total(r, lang))
            .filter_map(|r| match r.get(c) {
                Some(Value::Int(n)) => Some(*n),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    });
    // One line: each cell padded (figures right-aligned), the cursor's cell marked.
    let line = |cells: Vec<(String, bool)>, bar: Option<String>, base: Style, mark: Style| {
        let mut spans = Vec::new();
        for (i, (c, right)) in cells.iter().enumerate().skip(first) {
            let w = cols.get(i).copied().unwrap_or_default();
            let cell = fit(c, w, false);
            let pad = " ".repeat(w.saturating_sub(width(&cell)));
            let text = if *right {
                format!("{pad}{cell}")
            } else {
                format!("{cell}{pad}")
            };
            spans.push(TSpan::styled(text, if i == cursor { mark } else { base }));
            spans.push(TSpan::styled(" ", base));
            if chart == Some(i)
                && let Some(b) = &bar
            {
                spans.push(TSpan::styled(format!("{b} "), base));
            }
        }
        Line::from(spans)
    };
    let underline = Modifier::UNDERLINED | Modifier::BOLD;
    let mut lines = vec![line(
        v.sheet.columns.iter().map(|c| (c.clone(), false)).collect(),
        chart.map(|_| " ".repeat(BAR)),
        theme.label(),
        theme.label().add_modifier(underline),
    )];
    if v.sheet.rows.is_empty() {
        lines.push(Line::from(TSpan::styled(
            lang.t("这段时间没有数据。", "Nothing in this period."),
            theme.dim(),
        )));
    }
    for (i, r) in shown.iter().enumerate() {
        let cells: Vec<(String, bool)> = r
            .iter()
            .map(|x| {
                let figure = matches!(x, Value::Int(_) | Value::Num(..));
                (shown_text(x), figure)
            })
            .collect();
        let bar = chart.map(|c| match r.get(c) {
            Some(Value::Int(n)) if max > 0 && !is_total(r, lang) => {
                let k = (*n as usize * BAR).div_ceil(max as usize).min(BAR);
                theme.bar(k, BAR)
            }
            _ => " ".repeat(BAR),
        });
        let (base, mark) = if offset + i == v.selected {
            (theme.selected(), theme.selected().add_modifier(underline))
        } else {
            (Style::default(), Style::default())
        };
        lines.push(line(cells, bar, base, mark));
    }
    frame.render_widget(Paragraph::new(lines), table);
    frame.render_widget(Paragraph::new(notes), notes_area);
}

/// The totals row is left out of the bars' scale.
fn is_total(row: &[Value], lang: Lang) -> bool {
    row.first()
        .is_some_and(|v| v.text() == lang.t("合计", "Total"))
}

/// A cell as shown: inert, on one line, and phone or ID numbers masked (the exports and
/// the customer's file have them in full).
fn shown_text(v: &Value) -> String {
    let text = inert(&v.text()).replace('\n', " ");
    match v {
        Value::Code(_) => crate::domain::validate::mask_in_text(&text),
        _ => text,
    }
}
