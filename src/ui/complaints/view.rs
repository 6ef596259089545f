//! Drawing the Complaints tab.

use super::list_view::render_list;
use super::{ComplaintsTab, Detail, Mode};
use crate::clock::Clock as AppClock;
use crate::domain::callbacks::complaint_words as words;
use crate::domain::calls::span;
use crate::domain::complaints::{Clock, ClockState, EventKind, Segment, Status, fmt_yuan};
use crate::i18n::Lang;
use crate::text::{fit, inert, width};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::theme::{Level, Theme};
use crate::ui::widgets::form::Form;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(
    s: &ComplaintsTab,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &AppClock,
    theme: &Theme,
) {
    match s.mode {
        Mode::List => render_list(s, frame, area, lang, clock, theme),
        Mode::Register => {
            render_list(s, frame, area, lang, clock, theme);
            if let Some(f) = &s.register {
                let fields = form_popup(
                    frame,
                    area,
                    lang.t("登记投诉", "Register a complaint"),
                    f,
                    lang,
                    theme,
                );
                handlers_under(f, &s.handlers, frame, fields, lang, theme);
                s.pick.render(f, frame, fields, lang, theme);
                // While the picker lists, its keys lead the key line (from the table).
                if s.pick.open_in(f) {
                    let keys = keymap::hint_line(
                        &s.scopes(),
                        true,
                        &[
                            (Action::Open, "选中", "pick"),
                            (Action::Save, "确定", "done"),
                            (Action::NextField, "下一栏", "next"),
                            (Action::Back, "取消", "cancel"),
                        ],
                        lang,
                    );
                    let row = Rect {
                        y: fields.y + fields.height,
                        height: 1,
                        ..fields
                    };
                    frame.render_widget(ratatui::widgets::Clear, row);
                    frame.render_widget(Paragraph::new(keys).style(theme.dim()), row);
                }
            }
        }
        Mode::Detail | Mode::Step => {
            if let Some(d) = &s.detail {
                render_detail(
                    d,
                    s.scroll,
                    s.message.as_deref(),
                    frame,
                    area,
                    lang,
                    clock,
                    theme,
                );
            }
            if let Some((step, f)) = &s.step {
                // The title names the complaint the step is taken on.
                let title = match &s.detail {
                    Some(d) => format!(
                        "{}{}{}",
                        step.title(lang),
                        lang.t("：", ": "),
                        d.subject(lang)
                    ),
                    None => step.title(lang).to_string(),
                };
                form_popup(frame, area, &title, f, lang, theme);
            }
        }
    }
}

/// The form over the page; returns where its fields are drawn.
/// With the cursor on the register form's handler number and nothing else to say, the
/// agents it can name are listed in the form's last rows (a receptionist does not know
/// every colleague's number), as the handler step's form lists them. Drawn beside the
/// form, never into a copy of it: the form keeps what its drawing records (the width its
/// multi-line fields move their cursor by).
fn handlers_under(
    f: &Form,
    handlers: &[String],
    frame: &mut Frame,
    fields: Rect,
    lang: Lang,
    theme: &Theme,
) {
    let on_handler = f.fields.get(f.focus).is_some_and(|x| x.key == "handler");
    if !on_handler || f.message.is_some() || handlers.is_empty() {
        return;
    }
    let list = inert(&handlers.join(lang.t("，", ", ")));
    let text = format!("{}{list}", lang.t("可选：", "Agents: "));
    let lines = crate::ui::widgets::wrapped::line(Line::from(text), usize::from(fields.width));
    let n = u16::try_from(lines.len()).unwrap_or(u16::MAX).min(2);
    let rows = Rect {
        y: fields.y + fields.height.saturating_sub(n),
        height: n.min(fields.height),
        ..fields
    };
    frame.render_widget(Paragraph::new(lines).style(theme.dim()), rows);
}

fn form_popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    f: &Form,
    lang: Lang,
    theme: &Theme,
) -> Rect {
    // As wide as the page: the category's seven choices show whole in English too.
    crate::ui::widgets::popup::form_popup(frame, area, 78, title, f, lang, theme)
}

/// `首次联系 还剩 4分` / `处理 超时 2时10分`, styled by urgency.
pub fn clock_text(c: &Clock, lang: Lang, theme: &Theme) -> (String, Style) {
    let label = c.kind.label(lang);
    match c.state {
        ClockState::Overdue => (
            format!(
                "{label} {} {}",
                lang.t("超时", "overdue"),
                span(-c.left(), lang)
            ),
            theme.error(),
        ),
        ClockState::Paused => (
            format!("{label} {}", lang.t("已暂停", "paused")),
            theme.dim(),
        ),
        ClockState::Met => (format!("{label} {}", lang.t("按时完成", "met")), theme.ok()),
        ClockState::MetLate => (
            format!("{label} {}", lang.t("超时完成", "met late")),
            theme.warn(),
        ),
        ClockState::Running => {
            let (style, mark) = if c.warn {
                (theme.warn(), theme.mark(Level::Warn))
            } else {
                (theme.ok(), "")
            };
            (
                format!(
                    "{mark}{label} {} {}",
                    lang.t("还剩", "left"),
                    span(c.left(), lang)
                ),
                style,
            )
        }
    }
}

fn name_of(d: &Detail, id: Option<i64>, lang: Lang) -> String {
    match id {
        None => lang.t("系统", "system").to_string(),
        Some(id) => d
            .names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| format!("#{id}")),
    }
}

#[allow(clippy::too_many_arguments)]
fn render_detail(
    d: &Detail,
    scroll: usize,
    message: Option<&str>,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &AppClock,
    theme: &Theme,
) {
    let r = &d.row;
    let block = theme.block(&format!(
        "{} #{} {}",
        lang.t("投诉", "Complaint"),
        r.id,
        inert(&r.customer)
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Wrapped here, where a no-break space holds the handler's number and name together
    // ("1002 陈静"), then drawn with plain spaces.
    let received = crate::ui::widgets::wrapped::line(
        Line::from(format!(
            "{} {}  {} {}  {} {}  {} {}",
            lang.t("受理", "Received"),
            clock.fmt_local(r.received_at),
            // A word typed before the channel was a choice shows as it was typed.
            lang.t("渠道", "via"),
            inert(&crate::domain::calls::Channel::stored_label(
                &r.channel, lang
            )),
            lang.t("责任", "Station"),
            inert(if r.station.is_empty() {
                "-"
            } else {
                &r.station
            }),
            lang.t("处理人", "Handler"),
            // "1002 陈静" is one name: a line that wraps never parts them.
            inert(r.handler.as_deref().unwrap_or("-")).replace(' ', "\u{a0}")
        )),
        usize::from(inner.width.max(1)),
    )
    .into_iter()
    .map(|l| {
        Line::from(
            l.spans
                .into_iter()
                .map(|sp| Span::styled(sp.content.replace('\u{a0}', " "), sp.style))
                .collect::<Vec<_>>(),
        )
    });
    let mut lines = vec![Line::from(vec![
        Span::styled(r.status.label(lang), theme.title()),
        Span::raw(format!(
            "  {}  {}  {}{}",
            r.category.label(lang),
            r.severity.label(lang),
            if r.level > 0 {
                format!("{} {}  ", lang.t("升级", "escalated"), r.level)
            } else {
                String::new()
            },
            if d.state.is_withdrawn() {
                lang.t("不计入统计", "counted nowhere")
            } else if d.valid {
                lang.t("有效投诉", "valid complaint")
            } else {
                lang.t("非有效投诉", "not counted as valid")
            }
        )),
    ])];
    lines.extend(received);
    lines.push(Line::from(vec![
        Span::styled(lang.t("经过 ", "What "), theme.label()),
        Span::raw(inert(&words::show_summary(&r.summary, lang))),
    ]));
    if !r.demand.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(lang.t("诉求 ", "Asks "), theme.label()),
            Span::raw(inert(&words::show_demand(&r.demand, lang))),
        ]));
    }
    if let Some(w) = &d.state.withdrawal {
        // Withdrawn as registered by mistake: why, who and when, where the clocks were.
        lines.push(Line::from(vec![
            Span::styled(lang.t("撤销原因 ", "Withdrawn: "), theme.label()),
            Span::styled(inert(&w.reason), theme.warn()),
            Span::raw(format!(
                "  {} {}",
                name_of(d, w.by, lang),
                clock.fmt_local(w.at)
            )),
        ]));
    }
    for c in &d.clocks {
        let (text, style) = clock_text(c, lang, theme);
        let mut spans = vec![Span::styled(text, style)];
        let shown = real_segments(&c.segments);
        let segs: Vec<String> = shown
            .iter()
            .map(|s| {
                let to =
                    s.to.map(|t| clock.fmt_local(t).get(11..).unwrap_or("").to_string())
                        .unwrap_or_else(|| theme.ellipsis().into());
                let what = if s.running {
                    ""
                } else {
                    lang.t("停", "stop ")
                };
                format!(
                    "{what}{}-{to}",
                    clock.fmt_local(s.from).get(11..).unwrap_or("")
                )
            })
            .collect();
        if segs.len() > 1 || shown.iter().any(|s| !s.running) {
            spans.push(Span::styled(format!("  [{}]", segs.join(" ")), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    // The follow-ups of the complaint as closed: a complaint reopened (being worked again;
    // its calls were superseded, the next closing schedules its own) or withdrawn keeps the
    // last closing's rows, and no date of them is shown as still to do.
    let closed = d.state.status == Some(Status::Closed);
    if !d.follow_ups.is_empty() && closed {
        // After closing: the follow-up call within 3 days, then tracking at 1, 2, 3 months.
        let mark = |done: bool| {
            if done {
                lang.t("(已做)", "(done)")
            } else {
                ""
            }
        };
        let call: Vec<String> = d
            .follow_ups
            .iter()
            .filter(|(k, _, _)| k == "call")
            .map(|(_, due, done)| format!("{due}{}", mark(*done)))
            .collect();
        let track: Vec<String> = d
            .follow_ups
            .iter()
            .filter(|(k, _, _)| k != "call")
            .map(|(_, due, done)| format!("{due}{}", mark(*done)))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(lang.t("回访电话 ", "Follow-up call "), theme.label()),
            Span::raw(call.join(" ")),
            Span::styled(lang.t("  跟踪 ", "  tracking "), theme.label()),
            Span::raw(track.join(" ")),
        ]));
    }
    if let Some(m) = message {
        lines.push(Line::from(Span::styled(m.to_string(), theme.error())));
    }
    lines.push(Line::from(Span::styled(
        lang.t("时间线", "Timeline"),
        theme.label(),
    )));
    // Each entry whole: the agents' names in a column as wide as the longest, the words
    // wrapped under themselves (never cut).
    let names: Vec<String> = d.events.iter().map(|e| name_of(d, e.by, lang)).collect();
    let name_w = names.iter().map(|n| width(n)).max().unwrap_or(0);
    let w = inner.width as usize;
    let mut timeline: Vec<Vec<Line>> = d
        .events
        .iter()
        .zip(&names)
        .map(|(e, name)| {
            let what = match &e.kind {
                EventKind::HandlerAssigned { handler } => format!(
                    "{} {}",
                    lang.t("指定处理人", "handler assigned:"),
                    name_of(d, Some(*handler), lang)
                ),
                k => describe(k, lang),
            };
            let head = format!("{} {} ", clock.fmt_local(e.at), fit(name, name_w, true));
            crate::text::hang(&head, &inert(&what), w)
                .into_iter()
                .map(Line::from)
                .collect()
        })
        .collect();
    timeline.reverse();
    // The head wraps: its height counts the wrapped rows, so the follow-up dates and
    // the timeline are never pushed out under a long summary.
    let head = crate::ui::widgets::wrapped::paragraph(lines, inner.width);
    let head_rows = head.line_count(inner.width) as u16;
    let keys = keymap::hint_line(
        &[Scope::ComplaintDetail, Scope::Global],
        false,
        &super::steps::offered_keys(&d.state, d.row.category),
        lang,
    );
    // Every step that applies is listed, item by item: the line wraps rather than cut the
    // last ones off, and never between a key and its word (`o` / `reopen`).
    let keys = crate::text::pack_line(&keys, inner.width as usize).join("\n");
    let hint_rows = crate::ui::widgets::wrapped::paragraph(keys.as_str(), inner.width)
        .line_count(inner.width)
        .clamp(1, 3) as u16;
    let [top, mid, hint] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Min(1),
        Constraint::Length(hint_rows),
    ])
    .areas(inner);
    frame.render_widget(head, top);
    let skip = scroll.min(timeline.len().saturating_sub(1));
    frame.render_widget(
        Paragraph::new(
            timeline
                .into_iter()
                .skip(skip)
                .flatten()
                .collect::<Vec<_>>(),
        ),
        mid,
    );
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(keys, hint.width).style(theme.dim()),
        hint,
    );
}

/// One line of the timeline.
pub fn describe(k: &EventKind, lang: Lang) -> String {
    match k {
        EventKind::Received => lang.t("受理投诉", "complaint received").into(),
        EventKind::Contacted => lang.t("已联系客户", "customer contacted").into(),
        EventKind::HandlerAssigned { handler } => {
            format!("{} #{handler}", lang.t("指定处理人", "handler assigned"))
        }
        EventKind::Investigating => lang.t("开始调查", "investigation started").into(),
        EventKind::Paused { reason, note } => format!(
            "{} {} {note}",
            lang.t("暂停计时：", "clock paused:"),
            reason.label(lang)
        ),
        EventKind::Resumed => lang.t("恢复计时", "clock resumed").into(),
        EventKind::Resolved { resolution } => {
            format!("{}{resolution}", lang.t("已解决：", "resolved: "))
        }
        EventKind::Confirmed {
            who,
            how,
            satisfaction,
        } => {
            let how = how.label(lang);
            match lang {
                Lang::Zh => format!("客户确认：{who}（{how}），满意度 {satisfaction}"),
                Lang::En => format!("confirmed by {who} ({how}), satisfaction {satisfaction}"),
            }
        }
        EventKind::Closed => lang.t("结案", "closed").into(),
        EventKind::Reopened { reason } => format!("{}{reason}", lang.t("重新打开：", "reopened: ")),
        EventKind::Withdrawn { reason } => {
            format!("{}{reason}", lang.t("撤销投诉：", "withdrawn: "))
        }
        EventKind::Escalated {
            level,
            reason,
            note,
            automatic,
        } => format!(
            "{} {level} {}{} {note}",
            lang.t("升级到级别", "escalated to level"),
            reason.label(lang),
            if *automatic {
                lang.t("（自动）", " (automatic)")
            } else {
                ""
            }
        ),
        EventKind::Note { text } => format!("{}{text}", lang.t("备注：", "note: ")),
        EventKind::Ruled { valid, reason } => format!(
            "{}{}{}{reason}",
            lang.t("裁定", "ruled "),
            if *valid {
                lang.t("有效", "valid")
            } else {
                lang.t("无效", "not valid")
            },
            lang.t("：", ": ")
        ),
        EventKind::Remedy {
            kind,
            reason,
            item,
            amount_fen,
        } => format!(
            "{} {item} ¥{}{}{reason}",
            kind.label(lang),
            fmt_yuan(*amount_fen),
            lang.t("：", ": ")
        ),
        EventKind::FourFields(f) => format!(
            "{}{} / {} / {} / {}",
            lang.t("四不放过：", "four fields: "),
            f.root_cause,
            f.corrective_action,
            f.accountability,
            f.staff_education
        ),
        EventKind::SeveritySet { severity, reason } => format!(
            "{} {}{}{reason}",
            lang.t("定级", "severity"),
            severity.label(lang),
            lang.t("：", ": ")
        ),
    }
}

/// The segments of a clock worth showing: a pause or stop that lasted no time (paused and
/// resumed, or resolved and closed, in the same minute) and the stop a met clock ends on
/// are left out, so a pause is shown only when there was one.
pub(super) fn real_segments(all: &[Segment]) -> Vec<&Segment> {
    let last = all.len().saturating_sub(1);
    all.iter()
        .enumerate()
        .filter(|(i, s)| {
            // Shown to the minute: a segment within one minute shows as `09:30-09:30`.
            let empty = s.to.is_some_and(|to| {
                to.timestamp().div_euclid(60) == s.from.timestamp().div_euclid(60)
            });
            let final_stop = *i == last && !s.running && s.pause.is_none();
            s.running || !(empty || final_stop)
        })
        .map(|(_, s)| s)
        .collect()
}
