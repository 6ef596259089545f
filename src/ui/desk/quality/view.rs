//! Draws the quality page: the review list, or one review — its record beside (or, at 80
//! columns, above) the scoring sheet or the rounds scored. Draws only; never writes.

use super::lines::{record_lines, rounds_lines, sheet_lines};
use super::{Mode, Opened, QualityPage};
use crate::clock::Clock;
use crate::domain::quality::ReviewStatus;
use crate::i18n::Lang;
use crate::store::quality::{ReviewRow, View};
use crate::text::{fit, inert, width};
use crate::ui::action::Action;
use crate::ui::desk::title::named;
use crate::ui::theme::Theme;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

type Items = [(Action, &'static str, &'static str)];

fn hint(p: &QualityPage, lang: Lang, items: &Items) -> String {
    crate::ui::desk::hint(p, items, lang)
}

/// The list's record column: "回访 #1234" / "callback #1234".
pub(super) fn record_w(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 10,
        Lang::En => 13,
    }
}

/// The list's status column: "已复评" / "re-scored".
fn status_w(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 8,
        Lang::En => 9,
    }
}

/// A label's colon in the language on screen.
pub(super) fn colon(lang: Lang) -> &'static str {
    lang.t("：", ": ")
}

pub(super) fn local(at: DateTime<Utc>, clock: &Clock) -> String {
    at.with_timezone(&clock.tz())
        .format("%m-%d %H:%M")
        .to_string()
}

pub(super) fn total_text(r: &ReviewRow, lang: Lang) -> String {
    match (r.status.has_score(), r.total) {
        (true, Some(t)) if r.fatal => format!("{t:.1} {}", lang.t("致命", "fatal")),
        (true, Some(t)) => format!("{t:.1}"),
        _ => "-".into(),
    }
}

pub fn render(
    p: &QualityPage,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    match (&p.opened, p.mode) {
        (Some(o), Mode::Review | Mode::Sheet | Mode::Dispute) => {
            render_review(p, o, frame, area, lang, clock, theme)
        }
        _ => render_list(p, frame, area, lang, clock, theme),
    }
}

fn render_list(
    p: &QualityPage,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    let title = match (p.viewer.supervisor, p.view) {
        (true, View::Queue) => lang.t("质检：待评与申诉", "Quality review: to score and disputed"),
        (true, _) => lang.t("质检：已评分", "Quality review: scored"),
        (false, _) => lang.t("质检：我的评审", "Quality review: my reviews"),
    };
    // Once a load has kept the page waiting a moment: sampling (on entry) says it
    // computes, a list load alone that it loads.
    let note = match (p.loads.showing(), p.sampling()) {
        (false, _) => None,
        (true, true) => Some(("计算中…", "Computing…")),
        (true, false) => Some(("计算中…", "Loading…")),
    };
    let block = crate::ui::desk::loads::note_as(theme.block(title), note, lang, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    // The store's counts of the whole view: a list stopped at its limit holds fewer rows.
    let count = |s: ReviewStatus| p.counts.get(s);
    let total = p.counts.total().max(p.rows.len());
    let summary = match (lang, p.viewer.supervisor && p.view == View::Queue) {
        (Lang::Zh, true) => format!(
            "待评 {}  申诉待复评 {}（抽检：每人每周若干条、全部投诉来电、全部过短通话）",
            count(ReviewStatus::Queued),
            count(ReviewStatus::Disputed)
        ),
        (Lang::En, true) => format!(
            "To score {}  disputed {} (sampled: some a week per agent, every complaint call, every short call)",
            count(ReviewStatus::Queued),
            count(ReviewStatus::Disputed)
        ),
        (Lang::Zh, false) => format!(
            "共 {} 条  申诉中 {}  已复评 {}",
            total,
            count(ReviewStatus::Disputed),
            count(ReviewStatus::Rescored)
        ),
        (Lang::En, false) => format!(
            "{} reviews  disputed {}  re-scored {}",
            total,
            count(ReviewStatus::Disputed),
            count(ReviewStatus::Rescored)
        ),
    };
    let columns = format!(
        "{} {} {} {} {} {} {}",
        fit(lang.t("时间", "When"), 11, true),
        fit(lang.t("记录", "Record"), record_w(lang), true),
        fit(lang.t("专员", "Agent"), 11, true),
        fit(lang.t("客户", "Customer"), 8, true),
        fit(lang.t("抽取原因", "Why"), 10, true),
        fit(lang.t("状态", "Status"), status_w(lang), true),
        lang.t("得分", "Score"),
    );
    // The summary wraps (it says what the sampling takes); a list stopped at the store's
    // limit says so, with the total.
    let mut head_lines: Vec<Line> = crate::text::wrap(&summary, w)
        .into_iter()
        .map(Line::from)
        .collect();
    if total > p.rows.len() {
        let n = p.rows.len();
        let limit = match lang {
            Lang::Zh => format!("只列出最先的 {n} / {total} 条"),
            Lang::En => format!("Only the first {n} of {total} listed"),
        };
        head_lines.push(Line::from(Span::styled(limit, theme.warn())));
    }
    head_lines.push(Line::from(Span::styled(
        fit(&columns, w, false),
        theme.label(),
    )));
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(head_lines.len() as u16),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head_lines), head);
    if p.rows.is_empty() {
        let empty = match (p.viewer.supervisor, p.view) {
            (true, View::Queue) => lang.t("没有待评的通话。", "No call waits for review."),
            (true, _) => lang.t("还没有评分的通话。", "No call has been scored yet."),
            (false, _) => lang.t(
                "您还没有评过分的通话。",
                "None of your calls has been scored yet.",
            ),
        };
        frame.render_widget(Paragraph::new(empty).style(theme.dim()), list);
    } else {
        // The highlighted review's words whole under the list (its columns may cut them).
        let whole = p.rows.get(p.selected.index()).map(|r| {
            format!(
                "{} #{} · {} · {} · {} · {}",
                r.source.label(lang),
                r.source_id,
                inert(&r.agent),
                inert(&r.customer),
                r.reason.label(lang),
                r.status.label(lang),
            )
        });
        let list = crate::ui::desk::whole_row_under(frame, list, whole, theme);
        let height = list.height as usize;
        let at = p.selected.index().min(p.rows.len() - 1);
        let top = at.saturating_sub(height.saturating_sub(1));
        let lines: Vec<Line> = p
            .rows
            .iter()
            .enumerate()
            .skip(top)
            .take(height)
            .map(|(i, r)| {
                let text = format!(
                    "{} {} {} {} {} {} {}",
                    fit(&local(r.record_at, clock), 11, true),
                    fit(
                        &format!("{} #{}", r.source.label(lang), r.source_id),
                        record_w(lang),
                        true
                    ),
                    fit(&inert(&r.agent), 11, true),
                    fit(&inert(&r.customer), 8, true),
                    fit(r.reason.label(lang), 10, true),
                    fit(r.status.label(lang), status_w(lang), true),
                    total_text(r, lang),
                );
                let style = if i == at {
                    theme.selected()
                } else if r.status == ReviewStatus::Disputed {
                    theme.warn()
                } else {
                    Style::new()
                };
                Line::from(Span::styled(fit(&text, w, false), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
    }
    let keys = hint(
        p,
        lang,
        &[
            (Action::Open, "打开评审", "open review"),
            (Action::Filter, "待评/已评", "to score / scored"),
            (Action::NextPage, "换页", "page"),
            (Action::Help, "帮助", "help"),
        ],
    );
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&keys, w, false), theme.dim())),
        foot,
    );
}

fn render_review(
    p: &QualityPage,
    o: &Opened,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    let what = match p.mode {
        Mode::Sheet => lang.t("质检评分", "Score the call"),
        Mode::Dispute => lang.t("提出申诉", "Dispute the score"),
        _ => lang.t("质检评审", "Quality review"),
    };
    // The title names the record reviewed: the call or callback and its customer.
    let r = &o.detail.row;
    let record = format!(
        "{} #{} {}",
        r.source.label(lang),
        r.source_id,
        inert(&r.customer)
    );
    let block = crate::ui::desk::title::block(theme, &named(what, &record, lang), area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let def = p.sheet_def.as_ref();
    let editing = p.mode == Mode::Sheet && p.sheet.is_some() && def.is_some();
    let w = inner.width as usize;
    // Below the record and the sheet: the message, wrapped whole (up to 3 rows), and the
    // keys.
    let message = message_line(p, w, lang, theme);
    let msg_rows = message.as_ref().map_or(1, |m| {
        crate::ui::widgets::wrapped::line(m.clone(), w)
            .len()
            .clamp(1, 3) as u16
    });
    let [body, msg, foot] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(msg_rows),
        Constraint::Length(1),
    ])
    .areas(inner);
    let wide = body.width >= 110;
    // Below the record at 80 columns: every line of the sheet (its rows wrap) and its head.
    let sheet_rows = match def {
        Some(d) if editing => {
            sheet_lines(p, d, body.width as usize, lang, theme)
                .lines
                .len() as u16
                + 1
        }
        _ => 0,
    };
    let (rec_area, side) = if wide {
        let [a, bar, b] = Layout::horizontal([
            Constraint::Percentage(48),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(body);
        // A rule between the record and the sheet (a wrapped line of the record ends on it).
        let rule: Vec<Line> = (0..bar.height).map(|_| Line::from("│")).collect();
        frame.render_widget(Paragraph::new(rule).style(theme.dim()), bar);
        (a, b)
    } else if editing {
        let rec_h = body.height.saturating_sub(sheet_rows).max(3);
        let [a, b] = Layout::vertical([Constraint::Length(rec_h), Constraint::Min(0)]).areas(body);
        (a, b)
    } else {
        (body, Rect::default())
    };
    let rec_w = rec_area.width as usize;
    let mut record = record_lines(o, lang, clock, theme, rec_w);
    if editing && !o.detail.rounds.is_empty() {
        // Scoring again after a dispute: the dispute and the rounds before it come under
        // the record's head, above its fields (the sheet takes the rest of the screen).
        let at = record.len().min(2);
        let rounds = rounds_lines(o, def, lang, clock, theme, rec_w, true);
        record.splice(at..at, rounds);
    } else if !wide && !editing {
        // Read: the rounds and the dispute's reason follow the record (beside it when wide).
        record.push(Line::from(""));
        record.extend(rounds_lines(o, def, lang, clock, theme, rec_w, false));
    }
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(record, rec_area.width).scroll((p.scroll, 0)),
        rec_area,
    );
    if editing && let (Some(d), Some(s)) = (def, &p.sheet) {
        // A total of the rows scored so far says how many are left: `得分 8.0` alone read
        // as the review's score before most rows had one.
        let left = s.missing();
        let head = match (lang, left) {
            (Lang::Zh, 0) => format!(
                "评分表（数字键打分，每项 0–{} 分）  得分 {:.1}",
                d.max,
                s.total(d)
            ),
            (Lang::Zh, n) => format!(
                "评分表（数字键打分，每项 0–{} 分）  得分 {:.1}（还有 {n} 项未评）",
                d.max,
                s.total(d)
            ),
            (Lang::En, 0) => format!("Sheet (type 0–{} per row)  total {:.1}", d.max, s.total(d)),
            (Lang::En, n) => format!(
                "Sheet (type 0–{} per row)  total {:.1} ({n} still to score)",
                d.max,
                s.total(d)
            ),
        };
        let sheet = sheet_lines(p, d, side.width as usize, lang, theme);
        let mut lines = sheet.lines;
        lines.insert(0, Line::from(Span::styled(head, theme.label())));
        // The sheet scrolls to keep the row with the cursor in view, all its lines.
        let start = |i: usize| sheet.starts.get(i).map_or(lines.len(), |&l| l + 1);
        let row = start(s.focus) as u16;
        let end = start(s.focus + 1) as u16;
        let top = end.saturating_sub(side.height).min(row);
        frame.render_widget(Paragraph::new(lines).scroll((top, 0)), side);
        if let Some(x) = sheet.cursor
            && row >= top
            && row - top < side.height
        {
            frame.set_cursor_position(Position::new(side.x + x, side.y + row - top));
        }
    } else if wide {
        frame.render_widget(
            crate::ui::widgets::wrapped::paragraph(
                rounds_lines(o, def, lang, clock, theme, side.width as usize, false),
                side.width,
            ),
            side,
        );
    }
    if p.mode == Mode::Dispute {
        // The cursor in the reason typed (the line scrolls with it).
        let label = format!("{}{}", lang.t("申诉理由", "Reason"), colon(lang));
        let room = w.saturating_sub(width(&label) + 1);
        let scroll = p.reason.visual_scroll(room);
        let x = width(&label) + p.reason.visual_cursor().saturating_sub(scroll);
        frame.set_cursor_position(Position::new(
            msg.x + x.min(w.saturating_sub(1)) as u16,
            msg.y,
        ));
    }
    if let Some(m) = message {
        let lines = crate::ui::widgets::wrapped::line(m, w);
        frame.render_widget(Paragraph::new(lines), msg);
    }
    let items: &Items = match p.mode {
        Mode::Sheet => &[
            (Action::Down, "下一项", "next"),
            (Action::QualityFatal, "致命错误", "fatal error"),
            (Action::Save, "保存", "save"),
            (Action::PageDown, "记录翻页", "scroll record"),
            (Action::Back, "返回", "back"),
        ],
        Mode::Dispute => &[
            (Action::Save, "提交申诉", "send"),
            (Action::Back, "取消", "cancel"),
        ],
        // `d` only when this viewer may dispute this review (their own, scored, not yet
        // disputed): a supervisor reading another agent's review is not offered it.
        _ if may_dispute(p) => &[
            (Action::QualityDispute, "申诉", "dispute"),
            (Action::Down, "下翻", "scroll"),
            (Action::Back, "返回", "back"),
            (Action::Help, "帮助", "help"),
        ],
        _ => &[
            (Action::Down, "下翻", "scroll"),
            (Action::Back, "返回", "back"),
            (Action::Help, "帮助", "help"),
        ],
    };
    let keys = hint(p, lang, items);
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&keys, w, false), theme.dim())),
        foot,
    );
}

/// Whether the one viewing the open review may dispute it now (the reason is asked next).
fn may_dispute(p: &QualityPage) -> bool {
    p.opened.as_ref().is_some_and(|o| {
        let r = &o.detail.row;
        crate::domain::quality::review::can_dispute(
            r.status,
            p.viewer.id,
            r.agent_id,
            r.disputes,
            "-",
        )
        .is_ok()
    })
}

/// The line under the record: the dispute's reason being typed, the sheet's message or
/// the page's note.
fn message_line(p: &QualityPage, w: usize, lang: Lang, theme: &Theme) -> Option<Line<'static>> {
    match p.mode {
        Mode::Dispute => {
            let label = format!("{}{}", lang.t("申诉理由", "Reason"), colon(lang));
            let room = w.saturating_sub(width(&label) + 1);
            let scroll = p.reason.visual_scroll(room);
            let shown: String = inert(p.reason.value()).chars().skip(scroll).collect();
            let mut spans = vec![
                Span::styled(label, theme.label()),
                Span::raw(fit(&shown, room, false)),
            ];
            if let Some((n, _)) = &p.note
                && shown.is_empty()
            {
                spans.push(Span::styled(n.clone(), theme.error()));
            }
            Some(Line::from(spans))
        }
        Mode::Sheet => p
            .sheet
            .as_ref()
            .and_then(|s| s.message.clone())
            .map(|(m, e)| {
                Line::from(Span::styled(
                    m,
                    if e { theme.error() } else { theme.warn() },
                ))
            }),
        _ => p.note.clone().map(|(m, e)| {
            Line::from(Span::styled(
                m,
                if e { theme.error() } else { theme.warn() },
            ))
        }),
    }
}
