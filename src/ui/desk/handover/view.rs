//! Draws the hand-over page (list, or the receipt form) and makes its export sheet. Draws
//! only; never writes.

use super::{Focus, Form, HandoverPage};
use crate::domain::handover::{Handover, Standing};
use crate::domain::validate::mask_mobile;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::text::{fit, inert, width};
use crate::ui::action::Action;
use crate::ui::desk::Page as _;
use crate::ui::keymap::{Scope, hint_line};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(p: &HandoverPage, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    match &p.form {
        Some(f) => render_form(p, f, frame, area, lang, theme),
        None => render_list(p, frame, area, lang, theme),
    }
}

fn standing_style(s: Standing, theme: &Theme) -> Style {
    match s {
        Standing::Missing(_) => theme.error(),
        Standing::Late(_) => theme.warn(),
        _ => theme.dim(),
    }
}

fn row_text(h: &Handover, lang: Lang, w: usize) -> String {
    let plate = if h.plate.is_empty() { "-" } else { &h.plate };
    let head = format!(
        "{} {} {} {} {} {}",
        h.deadline.format("%m-%d"),
        fit(h.kind.label(lang), 6, true),
        fit(&inert(&h.customer), 8, true),
        fit(&inert(plate), 9, true),
        fit(&inert(&h.reference), 14, true),
        fit(&inert(&h.staff), 8, true),
    );
    let rest = w.saturating_sub(width(&head) + 1);
    format!("{head} {}", fit(&h.standing.short(lang), rest, false))
}

/// The list's summary: each standing's count in the window, and when the list stopped at
/// its limit, how many it lists.
pub(super) fn summary(p: &HandoverPage, lang: Lang) -> String {
    let t = p.tally;
    let (total, n) = (t.total(), p.rows.len());
    let (missing, late, due) = (t.missing, t.late, t.not_yet_due);
    let mut s = match lang {
        Lang::Zh => format!(
            "近90天：未交 {missing}  逾期交到 {late}  待交 {due}  共 {total}（销售2个、维修1个工作日内）"
        ),
        Lang::En => format!(
            "Last 90 days: missing {missing}, late {late}, due {due}: {total} in all (sales 2, repair 1 working day)"
        ),
    };
    if total > n {
        s.push_str(&match lang {
            Lang::Zh => format!("；只列出 {n} 条：先未交，再待交，晚交到的最近的在前"),
            Lang::En => format!(
                "; {n} of {total} listed: missing first, then due, then the latest late ones"
            ),
        });
    }
    s
}

fn render_list(p: &HandoverPage, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let block = theme.block(lang.t(
        "资料交接：逾期、未交、待交",
        "Hand-over: late, missing, due",
    ));
    let block = crate::ui::desk::loads::note(block, p.loads.showing(), lang, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    // The summary counts the whole filter (the store's tally) and wraps; a list stopped at
    // its limit says so.
    let mut summary = crate::text::wrap_words(&summary(p, lang), w);
    // A draft that could not be put back says so, quoting what was typed.
    let noted = p
        .note
        .as_deref()
        .map_or_else(Vec::new, |n| crate::text::wrap_words(&inert(n), w));
    let noted_from = summary.len();
    summary.extend(noted);
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(summary.len() as u16 + 1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let columns = format!(
        "{} {} {} {} {} {} {}",
        fit(lang.t("应交", "Due"), 5, true),
        fit(lang.t("资料", "Docs"), 6, true),
        fit(lang.t("客户", "Customer"), 8, true),
        fit(lang.t("车牌", "Plate"), 9, true),
        fit(lang.t("工单/车型", "RO / car"), 14, true),
        fit(lang.t("员工", "Staff"), 8, true),
        lang.t("状态", "Standing"),
    );
    let mut head_lines: Vec<Line> = summary
        .into_iter()
        .enumerate()
        .map(|(i, l)| match i >= noted_from {
            true => Line::from(Span::styled(l, theme.error())),
            false => Line::from(l),
        })
        .collect();
    head_lines.push(Line::from(Span::styled(
        fit(&columns, w, false),
        theme.label(),
    )));
    frame.render_widget(Paragraph::new(head_lines), head);
    if p.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(lang.t(
                "没有逾期、未交或待交的资料。",
                "No hand-over is late, missing or due.",
            ))
            .style(theme.dim()),
            list,
        );
    } else {
        let height = list.height as usize;
        let at = p.index().unwrap_or(0);
        let top = at.saturating_sub(height.saturating_sub(1));
        let lines: Vec<Line> = p
            .rows
            .iter()
            .enumerate()
            .skip(top)
            .take(height)
            .map(|(i, h)| {
                let style = if i == at {
                    theme.selected()
                } else {
                    standing_style(h.standing, theme)
                };
                Line::from(Span::styled(row_text(h, lang, w), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
    }
    let hint = hint_line(
        &[Scope::HandoverList, Scope::Desk, Scope::Global],
        false,
        &[
            (Action::Open, "打开客户", "open customer"),
            (Action::MarkReceived, "登记交到", "record received"),
            (Action::ExportList, "导出", "export"),
            (Action::NextPage, "换页", "page"),
            (Action::Help, "帮助", "help"),
        ],
        lang,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&hint, w, false), theme.dim())),
        foot,
    );
}

fn render_form(
    p: &HandoverPage,
    f: &Form,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
) {
    let h = &f.item;
    // The title names the customer and the car.
    let title = crate::ui::desk::title::named(
        lang.t("登记资料交到", "Record documents received"),
        &format!("{} {}", inert(&h.customer), inert(&h.plate)),
        lang,
    );
    let block = crate::ui::desk::title::block(theme, &title, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let rows = f.lines.len().div_ceil(2) as u16;
    let [head, docs, fields, msg, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(rows),
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let plate = if h.plate.is_empty() { "-" } else { &h.plate };
    let l1 = format!(
        "{} {} {} {} · {} {}",
        h.kind.label(lang),
        inert(&h.customer),
        inert(plate),
        inert(&h.reference),
        lang.t("员工", "staff"),
        inert(&h.staff),
    );
    let l2 = match lang {
        Lang::Zh => format!(
            "{} {} · 应交 {} · {}",
            if h.kind == crate::domain::handover::HandoverKind::Sales {
                "交车"
            } else {
                "还车"
            },
            h.event,
            h.deadline,
            h.standing.label(lang)
        ),
        Lang::En => format!(
            "{} {} · due {} · {}",
            if h.kind == crate::domain::handover::HandoverKind::Sales {
                "delivered"
            } else {
                "handed back"
            },
            h.event,
            h.deadline,
            h.standing.label(lang)
        ),
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(fit(&l1, w, false), theme.title())),
            Line::from(Span::styled(
                fit(&l2, w, false),
                standing_style(h.standing, theme),
            )),
        ]),
        head,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(docs);
    let half = left.width as usize;
    let line = |i: usize| {
        let l = &f.lines[i];
        let name = h.kind.document_name(&l.key, lang);
        let optional = if l.required {
            ""
        } else {
            lang.t("（选）", " (opt.)")
        };
        let text = match l.received {
            Some(d) => format!(
                "[=] {name}{optional} {} {}",
                d.format("%m-%d"),
                inert(&l.handed_by)
            ),
            None if f.chosen[i] => format!("[x] {name}{optional}"),
            None => format!("[ ] {name}{optional}"),
        };
        let style = if f.focus == Focus::Doc(i) {
            theme.selected()
        } else if l.received.is_some() {
            theme.dim()
        } else {
            Style::new()
        };
        Line::from(Span::styled(
            fit(&text, half.saturating_sub(1), false),
            style,
        ))
    };
    let split = rows as usize;
    let (a, b): (Vec<Line>, Vec<Line>) = (
        (0..split.min(f.lines.len())).map(line).collect(),
        (split..f.lines.len()).map(line).collect(),
    );
    frame.render_widget(Paragraph::new(a), left);
    frame.render_widget(Paragraph::new(b), right);
    let field = |label: &str, value: &str, on: bool| {
        Line::from(vec![
            Span::styled(label.to_string(), theme.label()),
            Span::styled(
                inert(value),
                if on { theme.selected() } else { Style::new() },
            ),
        ])
    };
    let day_label = lang.t("交到日期 ", "Received ");
    let who_label = lang.t("交资料人 ", "Handed by ");
    frame.render_widget(
        Paragraph::new(vec![
            field(day_label, &f.day, f.focus == Focus::Day),
            field(who_label, &f.who, f.focus == Focus::Who),
        ]),
        fields,
    );
    // The real cursor at the end of the field being typed in (the IME window follows it).
    let cursor = match f.focus {
        Focus::Day => Some((width(day_label) + width(&f.day), fields.y)),
        Focus::Who => Some((width(who_label) + width(&f.who), fields.y + 1)),
        Focus::Doc(_) => None,
    };
    if let Some((x, y)) = cursor
        && !f.asking
    {
        frame.set_cursor_position(Position::new(fields.x + x as u16, y));
    }
    let message = if f.asking {
        Some(Line::from(Span::styled(
            crate::ui::desk::prompt::discard(lang),
            theme.warn(),
        )))
    } else {
        f.error
            .as_ref()
            .map(|(zh, en)| Line::from(Span::styled(lang.t(zh, en).to_string(), theme.error())))
    };
    if let Some(m) = message {
        frame.render_widget(Paragraph::new(m), msg);
    }
    let hint = hint_line(
        &[Scope::HandoverForm, Scope::Global],
        p.typing(),
        &[
            (Action::ToggleDocument, "勾选", "tick"),
            (Action::NextField, "下一栏", "next field"),
            (Action::Down, "选员工", "pick staff"),
            (Action::Save, "保存", "save"),
            (Action::Back, "取消", "cancel"),
        ],
        lang,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&hint, w, false), theme.dim())),
        foot,
    );
}

/// The list on screen for Ctrl-E, numbers masked.
pub fn sheet(p: &HandoverPage, lang: Lang) -> Sheet {
    let mut s = Sheet {
        title: lang
            .t(
                "资料交接：逾期、未交、待交",
                "Hand-over: late, missing, due",
            )
            .into(),
        columns: [
            ("应交日期", "Due"),
            ("资料", "Documents"),
            ("交车/还车", "Delivered / back"),
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("车牌", "Plate"),
            ("工单/车型", "RO / car"),
            ("员工", "Staff"),
            ("交到日期", "Received"),
            ("状态", "Standing"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    for h in &p.rows {
        s.rows.push(vec![
            Value::Text(h.deadline.to_string()),
            Value::text_of(h.kind.label(lang)),
            Value::Text(h.event.to_string()),
            Value::Text(h.customer.clone()),
            Value::Text(mask_mobile(&h.mobile)),
            Value::Text(h.plate.clone()),
            Value::Text(h.reference.clone()),
            Value::Text(h.staff.clone()),
            h.received
                .map_or(Value::Empty, |d| Value::Text(d.to_string())),
            Value::Text(h.standing.label(lang)),
        ]);
        s.keys.push(None);
    }
    if p.tally.total() > p.rows.len() {
        s.notes.push(summary(p, lang));
    }
    s
}
