//! The lines of one review: the reviewed record, the rounds scored, and the scoring sheet.
//! Made as text for `view` to draw; draws nothing itself.

use super::view::{colon, local};
use super::{Opened, QualityPage};
use crate::clock::Clock;
use crate::domain::quality::ReviewSheet;
use crate::i18n::Lang;
use crate::store::quality::{Round, Source};
use crate::text::{fit, inert, pack, width};
use crate::ui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The reviewed record: what, who, when, the customer, the fields (packed in lines of `w`
/// cells, none split) and the sentence.
pub(super) fn record_lines(
    o: &Opened,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
    w: usize,
) -> Vec<Line<'static>> {
    let r = &o.detail.row;
    let rec = &o.detail.record;
    let mut out = vec![Line::from(Span::styled(
        format!(
            "{} #{} · {} · {} · {}",
            r.source.label(lang),
            r.source_id,
            inert(&o.what),
            inert(&r.agent),
            local(r.record_at, clock),
        ),
        theme.title(),
    ))];
    let channel = match r.source {
        Source::Call => crate::domain::calls::Channel::from_code(&rec.channel)
            .label(lang)
            .to_string(),
        Source::Callback => lang.t("电话回访", "phone callback").to_string(),
    };
    let mut who = format!(
        "{} {} {} · {}",
        lang.t("客户", "Customer"),
        inert(&rec.customer),
        inert(&rec.mobile_masked),
        channel
    );
    if let Some(d) = rec.duration_s {
        who.push_str(&match lang {
            Lang::Zh => format!(" · 通话 {}分{:02}秒", d / 60, d % 60),
            Lang::En => format!(" · {} min {:02} s", d / 60, d % 60),
        });
    }
    who.push_str(&format!(" · {}", r.reason.label(lang)));
    out.push(Line::from(who));
    let fields: Vec<String> = o
        .fields
        .iter()
        .map(|(k, v)| format!("{}{}{}", inert(k), colon(lang), inert(v)))
        .collect();
    for line in pack(&fields, w) {
        out.push(Line::from(Span::styled(line, theme.dim())));
    }
    if !rec.text.trim().is_empty() {
        out.push(Line::from(inert(&rec.text)));
    }
    out
}

/// The rounds scored, the dispute and the status, for reading (`w` cells wide). Scoring
/// again after a dispute, the dispute comes first: it is what the reviewer answers.
pub(super) fn rounds_lines(
    o: &Opened,
    def: Option<&ReviewSheet>,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
    w: usize,
    dispute_first: bool,
) -> Vec<Line<'static>> {
    let r = &o.detail.row;
    let status = Line::from(Span::styled(
        format!(
            "{}{}{}",
            lang.t("状态", "Status"),
            colon(lang),
            r.status.label(lang)
        ),
        theme.label(),
    ));
    let dispute = (r.disputes > 0).then(|| {
        Line::from(Span::styled(
            format!(
                "{}{}{}",
                lang.t("申诉理由", "Dispute"),
                colon(lang),
                inert(&r.dispute_reason)
            ),
            theme.warn(),
        ))
    });
    let mut out = Vec::new();
    if dispute_first {
        out.extend(dispute.clone());
    }
    out.push(status);
    for round in &o.detail.rounds {
        out.extend(round_lines(round, def, lang, clock, theme, w));
    }
    if !dispute_first {
        out.extend(dispute);
    }
    out
}

pub(super) fn round_lines(
    round: &Round,
    def: Option<&ReviewSheet>,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
    w: usize,
) -> Vec<Line<'static>> {
    let head = match lang {
        Lang::Zh => format!(
            "{} {:.1} 分 · {} · {}",
            if round.round == 1 { "评分" } else { "复评" },
            round.total,
            inert(&round.reviewer),
            local(round.scored_at, clock)
        ),
        Lang::En => format!(
            "{} {:.1} · {} · {}",
            if round.round == 1 {
                "Scored"
            } else {
                "Re-scored"
            },
            round.total,
            inert(&round.reviewer),
            local(round.scored_at, clock)
        ),
    };
    let mut out = vec![Line::from(Span::styled(head, theme.title()))];
    let label = |id: &str| {
        def.and_then(|d| d.criterion(id))
            .map(|c| c.label(lang).to_string())
            .unwrap_or_else(|| inert(id))
    };
    // In the sheet's order; criteria the sheet no longer has after them.
    let mut ids: Vec<&String> = Vec::new();
    if let Some(d) = def {
        ids.extend(
            d.criteria
                .iter()
                .map(|c| &c.id)
                .filter(|id| round.points.contains_key(*id)),
        );
    }
    ids.extend(
        round
            .points
            .keys()
            .filter(|k| !ids.contains(k))
            .collect::<Vec<_>>(),
    );
    // Each criterion with its points, never split between lines.
    let points: Vec<String> = ids
        .iter()
        .map(|id| {
            let (p, max, _) = round.points[*id];
            format!("{} {p}/{max}", label(id))
        })
        .collect();
    out.extend(pack(&points, w).into_iter().map(Line::from));
    if round.fatal {
        out.push(Line::from(Span::styled(
            lang.t("致命错误：本次得分为 0", "Fatal error: this score is 0")
                .to_string(),
            theme.error(),
        )));
    }
    if !round.comment.trim().is_empty() {
        out.push(Line::from(format!(
            "{}{}{}",
            lang.t("评语", "Comment"),
            colon(lang),
            inert(&round.comment)
        )));
    }
    out
}

/// The scoring sheet as lines, with where each of its rows starts (a row's hint wraps
/// under itself, never cut) and the comment's cursor column.
pub(super) struct SheetLines {
    pub lines: Vec<Line<'static>>,
    /// The first line of each row the cursor can be on: criteria, fatal error, comment.
    pub starts: Vec<usize>,
    pub cursor: Option<u16>,
}

/// A row's head (styled) and its words wrapped beside it in `w` cells, the lines after the
/// first indented under the words.
fn wrapped_row(
    head: String,
    style: Style,
    words: &str,
    words_style: Style,
    w: usize,
) -> Vec<Line<'static>> {
    let indent = width(&head);
    let room = w.saturating_sub(indent).max(10);
    let mut out = Vec::new();
    for (i, part) in crate::text::wrap(words, room).into_iter().enumerate() {
        let lead = if i == 0 {
            Span::styled(head.clone(), style)
        } else {
            Span::raw(" ".repeat(indent))
        };
        out.push(Line::from(vec![lead, Span::styled(part, words_style)]));
    }
    out
}

/// The sheet's rows: each criterion with its weight and points, the fatal error, the comment.
pub(super) fn sheet_lines(
    p: &QualityPage,
    def: &ReviewSheet,
    w: usize,
    lang: Lang,
    theme: &Theme,
) -> SheetLines {
    let mut out = SheetLines {
        lines: Vec::new(),
        starts: Vec::new(),
        cursor: None,
    };
    let Some(s) = &p.sheet else {
        return out;
    };
    let weights: u32 = def.criteria.iter().map(|c| c.weight).sum::<u32>().max(1);
    let label_w = def
        .criteria
        .iter()
        .map(|c| width(c.label(lang)))
        .max()
        .unwrap_or(8)
        .clamp(8, 16);
    let heads: Vec<String> = def
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let pts = s.points[i].map_or("_".to_string(), |p| p.to_string());
            let share = f64::from(c.weight) * 100.0 / f64::from(weights);
            // Another supervisor's points beside those typed (the sheet followed the store).
            let theirs =
                s.theirs[i].map_or(String::new(), |t| format!(" {} {t}", lang.t("新值", "now")));
            format!(
                "{} {} {:>3.0}%  [{pts}/{}]{theirs}  ",
                if s.focus == i { "▸" } else { " " },
                fit(c.label(lang), label_w, true),
                share,
                def.max
            )
        })
        .collect();
    // When every criterion's words fit beside it, all are shown; else (English at 80
    // columns) a row is one line — label, weight, points — and the row with the cursor has
    // its words whole beside it, so the sheet leaves the record room.
    let compact = def
        .criteria
        .iter()
        .zip(&heads)
        .any(|(c, h)| width(h) + width(c.hint(lang)) > w);
    for (i, (c, head)) in def.criteria.iter().zip(heads).enumerate() {
        let style = if s.focus == i {
            theme.selected()
        } else {
            Style::new()
        };
        out.starts.push(out.lines.len());
        if compact && s.focus != i {
            out.lines
                .push(Line::from(Span::styled(head.trim_end().to_string(), style)));
        } else {
            out.lines
                .extend(wrapped_row(head, style, c.hint(lang), theme.dim(), w));
        }
    }
    let fatal_on = s.focus == s.fatal_row();
    let head = format!(
        "{} [{}] ",
        if fatal_on { "▸" } else { " " },
        if s.fatal { "x" } else { " " }
    );
    // Compact, the fatal error's name (before its colon) unless the cursor is on it.
    let fatal = def.fatal(lang);
    let name = fatal
        .split_once('：')
        .or_else(|| fatal.split_once(':'))
        .map_or(fatal, |(name, _)| name);
    let fatal = if compact && !fatal_on { name } else { fatal };
    out.starts.push(out.lines.len());
    out.lines.extend(wrapped_row(
        head,
        if fatal_on {
            theme.selected()
        } else {
            Style::new()
        },
        fatal,
        if s.fatal { theme.error() } else { theme.dim() },
        w,
    ));
    let label = format!(
        "{} {}{}",
        if s.focus == s.comment_row() {
            "▸"
        } else {
            " "
        },
        lang.t("评语", "Comment"),
        colon(lang)
    );
    let room = w.saturating_sub(width(&label) + 1);
    let scroll = s.comment.visual_scroll(room);
    let shown: String = inert(s.comment.value()).chars().skip(scroll).collect();
    if s.focus == s.comment_row() {
        let x = width(&label) + s.comment.visual_cursor().saturating_sub(scroll);
        out.cursor = Some(x.min(w.saturating_sub(1)) as u16);
    }
    out.starts.push(out.lines.len());
    out.lines.push(Line::from(vec![
        Span::styled(label, theme.label()),
        Span::raw(fit(&shown, room, false)),
    ]));
    out
}
