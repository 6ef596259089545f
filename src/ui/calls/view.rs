//! Drawing the Calls tab, and the small forms it uses (dispatch, result, follow-up answer,
//! filter).

use super::{CallsTab, Ctx, Mode, StepKind};
use crate::domain::calls::{Deadline, span};
use crate::domain::templates::Group;
use crate::i18n::Lang;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::keymap;
use crate::ui::theme::{Level, Theme};
use crate::ui::widgets::form::Form;
use crate::ui::widgets::popup::{Cover, centered};
use crate::ui::widgets::wrapped;
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(s: &CallsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    match s.mode {
        Mode::List | Mode::Picker | Mode::Filter => {
            super::list_view::render_list(s, frame, area, ctx, theme)
        }
        Mode::Form => {
            if let Some(f) = &s.form {
                f.render(frame, area, ctx.lang, theme);
            }
        }
        // A step taken from the list (c/d/x on a rescue row) keeps the list under its form.
        Mode::Step if s.rescue.is_none() && s.detail.is_none() => {
            super::list_view::render_list(s, frame, area, ctx, theme)
        }
        Mode::Detail | Mode::Step => render_detail(s, frame, area, ctx, theme),
    }
    match s.mode {
        Mode::Picker => render_picker(s, frame, area, ctx, theme),
        Mode::Filter => {
            if let Some(f) = &s.filter_form {
                small_form(
                    frame,
                    area,
                    ctx.lang.t("筛选来电", "Filter calls"),
                    f,
                    ctx.lang,
                    theme,
                );
            }
        }
        Mode::Step => {
            if let Some((kind, f)) = &s.step {
                let what = match kind {
                    StepKind::Dispatch { .. } => ctx.lang.t("救援派出", "Dispatch help"),
                    StepKind::RescueResult { .. } => ctx.lang.t("救援结果", "Rescue result"),
                    StepKind::FollowUp(_) => ctx.lang.t("回复客户", "Answer the customer"),
                };
                // The title names the record the form acts on.
                let title = format!("{what}{}{}", ctx.lang.t("：", ": "), s.step_subject);
                small_form(frame, area, &title, f, ctx.lang, theme);
            }
        }
        _ => {}
    }
}

fn small_form(frame: &mut Frame, area: Rect, title: &str, f: &Form, lang: Lang, theme: &Theme) {
    crate::ui::widgets::popup::form_popup(frame, area, 70, title, f, lang, theme);
}

/// The style of a deadline, and its marker for a terminal without colour.
pub(super) fn deadline_style(d: Deadline, theme: &Theme) -> (Style, &'static str) {
    match d {
        Deadline::Overdue(_) => (theme.error(), theme.mark(Level::Error)),
        Deadline::Left(left) if left < Duration::minutes(10) => {
            (theme.warn(), theme.mark(Level::Warn))
        }
        Deadline::Left(_) => (theme.ok(), ""),
    }
}

/// The first key that reaches `action` where the tab is now, from the key table (so a
/// sentence naming a key follows the table and a user's overrides).
pub(super) fn key_for(s: &CallsTab, action: Action) -> Option<String> {
    keymap::key_for(&s.scopes(), s.typing(), action)
}

pub(super) fn template_name(ctx: &Ctx, id: &str) -> String {
    ctx.templates
        .get(id)
        .map(|t| t.name(ctx.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn render_picker(s: &CallsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let lang = ctx.lang;
    let found = ctx.templates.search(s.picker_query.value());
    let popup = centered(area, 60, (found.len() as u16 + 5).min(area.height));
    frame.render_widget(Cover, popup);
    let block = theme.block(lang.t("选择记录模板", "Choose a record template"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [field, hint, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let label = lang.t("查找：", "Find: ");
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label, theme.key()),
            Span::raw(inert(s.picker_query.value())),
        ])),
        field,
    );
    frame.set_cursor_position(Position::new(
        field.x + crate::text::width(label) as u16 + s.picker_query.visual_cursor() as u16,
        field.y,
    ));
    frame.render_widget(
        wrapped::paragraph(
            match (lang, key_for(s, Action::Open)) {
                (Lang::Zh, Some(k)) => format!("输入字母或名称查找；数字或 {k} 选用"),
                (Lang::En, Some(k)) => {
                    format!("Type a letter or name to find; a digit or {k} picks")
                }
                (lang, None) => lang
                    .t(
                        "输入字母或名称查找；数字选用",
                        "Type a letter or name to find; a digit picks",
                    )
                    .into(),
            },
            hint.width,
        )
        .style(theme.dim()),
        hint,
    );
    // Group names whole: as wide as the widest shown.
    let group_w = found
        .iter()
        .map(|t| crate::text::width(t.group.label(lang)))
        .max()
        .unwrap_or(0);
    crate::ui::widgets::rows::draw(frame, list, found.len(), s.picker_sel, true, theme, |i| {
        let t = &found[i];
        // The first nine rows are numbered: a digit picks them.
        let number = if i < 9 {
            format!("{}", i + 1)
        } else {
            " ".into()
        };
        let line = format!(
            " {number} {} {} {}",
            t.shortcut
                .map(|c| format!("[{c}]"))
                .unwrap_or_else(|| "   ".into()),
            fit(t.group.label(lang), group_w, true),
            t.name(lang)
        );
        (line, Style::new())
    });
}

fn kv<'a>(k: &'a str, v: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(k, theme.label()),
        Span::raw(" "),
        Span::raw(v),
    ])
}

fn render_detail(s: &CallsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let lang = ctx.lang;
    let now = ctx.clock.now();
    if let Some(r) = &s.rescue {
        let block = theme.block(&format!(
            "{} {}",
            lang.t("救援", "Rescue"),
            inert(&r.customer)
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let d = Deadline::at(r.contact_due, now);
        // The fault: a breakdown's type in the user's language, else what the call wrote.
        let fault = match (r.fault, r.symptom.trim()) {
            (Some(f), _) => f.label(lang).to_string(),
            (None, "") => "-".to_string(),
            (None, s) => crate::domain::validate::mask_in_text(&inert(s)),
        };
        let mut lines = vec![
            kv(lang.t("状态", "Stage"), r.stage().label(lang).into(), theme),
            // In full: the agent calls the customer back on it within the 30 minutes.
            kv(
                lang.t("电话", "Phone"),
                match r.phone.trim() {
                    "" => "-".to_string(),
                    p => inert(p),
                },
                theme,
            ),
            kv(lang.t("故障", "Fault"), fault, theme),
            kv(lang.t("地点", "Location"), inert(&r.location), theme),
            kv(
                lang.t("车牌", "Plate"),
                inert(r.plate.as_deref().unwrap_or("-")),
                theme,
            ),
            kv(
                lang.t("受理", "Opened"),
                ctx.clock.fmt_local(r.opened_at),
                theme,
            ),
        ];
        match r.contacted_at {
            None if r.closed_at.is_some() => lines.push(kv(
                lang.t("联系时限", "Contact by"),
                ctx.clock.fmt_local(r.contact_due),
                theme,
            )),
            None => lines.push(Line::from(vec![
                Span::styled(lang.t("联系时限 ", "Contact by "), theme.label()),
                Span::raw(ctx.clock.fmt_local(r.contact_due)),
                Span::raw("  "),
                {
                    let (style, mark) = deadline_style(d, theme);
                    Span::styled(format!("{mark}{}", d.describe(lang)), style)
                },
            ])),
            Some(t) => lines.push(kv(
                lang.t("已联系", "Contacted"),
                match lang {
                    Lang::Zh => format!(
                        "{}（{}）",
                        ctx.clock.fmt_local(t),
                        span(t - r.opened_at, lang)
                    ),
                    Lang::En => format!(
                        "{} ({})",
                        ctx.clock.fmt_local(t),
                        span(t - r.opened_at, lang)
                    ),
                },
                theme,
            )),
        }
        if let (Some(how), Some(t)) = (r.dispatch, r.dispatched_at) {
            lines.push(kv(
                lang.t("派出", "Dispatched"),
                format!(
                    "{} {} {}{} {}",
                    ctx.clock.fmt_local(t),
                    how.label(lang),
                    inert(r.technician.as_deref().unwrap_or("")),
                    lang.t("  预计到达", "  ETA"),
                    inert(r.eta.as_deref().unwrap_or("-"))
                ),
                theme,
            ));
        }
        if let (Some(res), Some(t)) = (&r.result, r.closed_at) {
            lines.push(kv(
                lang.t("结果", "Result"),
                format!("{} {}", ctx.clock.fmt_local(t), inert(res)),
                theme,
            ));
        }
        lines.push(Line::from(""));
        // The page's keys, while they work: under a step's form they would peek out beside
        // it, naming keys the form does not take.
        if page_keys(s) {
            lines.extend(key_lines(
                &keymap::hint_line(
                    &s.scopes(),
                    s.typing(),
                    &[
                        (Action::RescueContacted, "已联系", "contacted"),
                        (Action::RescueDispatch, "派出", "dispatch"),
                        (Action::CloseItem, "记录结果", "result"),
                        (Action::Back, "返回", "back"),
                    ],
                    lang,
                ),
                inner.width,
                theme,
            ));
        }
        frame.render_widget(wrapped::paragraph(lines, inner.width), inner);
        return;
    }
    let Some(d) = &s.detail else { return };
    let c = &d.row;
    let block = theme.block(&format!("{} #{}", template_name(ctx, &c.template_id), c.id));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![
        kv(
            lang.t("时间", "Time"),
            format!(
                "{} - {}  {}",
                ctx.clock.fmt_local(c.started_at),
                ctx.clock.fmt_local(d.ended_at).get(11..).unwrap_or(""),
                span(Duration::seconds(c.duration_s), lang)
            ),
            theme,
        ),
        kv(
            lang.t("方式", "How"),
            format!(
                "{} {}  {} {}",
                c.direction.label(lang),
                c.channel.label(lang),
                lang.t("工号", "agent"),
                c.agent
            ),
            theme,
        ),
        kv(
            lang.t("客户", "Customer"),
            format!(
                "{} {}",
                inert(&c.customer),
                inert(c.plate.as_deref().unwrap_or(""))
            ),
            theme,
        ),
        kv(
            lang.t("规范分", "Standard"),
            format!(
                "{} / 100   {} v{}{}",
                c.completeness,
                lang.t("模板版本", "template"),
                d.template_version,
                if d.revisions > 0 {
                    format!("  {} {}", lang.t("更正次数", "corrections"), d.revisions)
                } else {
                    String::new()
                }
            ),
            theme,
        ),
    ];
    // A rescue or complaint call is worked on its case (named under it), as the list says
    // (`救援` / `投诉`): never 'resolved on the spot' while the case is open.
    let handed = match c.group {
        Group::Rescue => Some(lang.t("转救援单处理", "handed to a rescue case")),
        Group::Complaint => Some(lang.t("转投诉单处理", "handed to a complaint")),
        Group::Consult => None,
    };
    let status = match (handed, c.follow_up_due, c.follow_up_done, c.resolved) {
        (Some(h), ..) => h.to_string(),
        (None, _, _, true) => lang.t("当场解决", "resolved on the spot").to_string(),
        (None, Some(due), false, _) => format!(
            "{} {}",
            lang.t("待回复", "to answer"),
            Deadline::at(due, now).describe(lang)
        ),
        (None, Some(_), true, _) => format!(
            "{} {}",
            lang.t("已回复：", "answered:"),
            inert(d.follow_up_note.as_deref().unwrap_or(""))
        ),
        _ => String::new(),
    };
    if !status.is_empty() {
        lines.push(kv(lang.t("状态", "Status"), status, theme));
    }
    if let Some(r) = d.rescue_id {
        lines.push(kv(lang.t("救援单", "Rescue"), format!("#{r}"), theme));
    }
    if let Some(cid) = d.complaint_id {
        lines.push(kv(lang.t("投诉单", "Complaint"), format!("#{cid}"), theme));
    }
    if let Some(t) = ctx.templates.get(&c.template_id) {
        for f in &t.fields {
            if let Some(v) = d.fields.get(&f.key) {
                // A yes/no, a date or a number reads in the user's language.
                lines.push(kv(
                    f.label(lang),
                    crate::domain::validate::mask_in_text(&inert(&shown_value(f, lang, v))),
                    theme,
                ));
            }
        }
    }
    lines.push(Line::from(Span::styled(
        lang.t("标准记录", "Standard sentence"),
        theme.label(),
    )));
    lines.push(Line::from(crate::domain::validate::mask_in_text(&inert(
        &c.sentence,
    ))));
    if page_keys(s) {
        lines.extend(key_lines(
            &keymap::hint_line(
                &s.scopes(),
                s.typing(),
                &[
                    (Action::Correct, "更正", "correct"),
                    (Action::Copy, "复制", "copy"),
                    (Action::CloseItem, "已回复", "answered"),
                    (Action::KbTransfer, "转技术支持", "to tech support"),
                    (Action::Back, "返回", "back"),
                ],
                lang,
            ),
            inner.width,
            theme,
        ));
    }
    frame.render_widget(wrapped::paragraph(lines, inner.width), inner);
}

/// A key line in rows of `w` cells, dim: wrapped between its items, never between a key
/// and its word ([`crate::text::pack_line`]).
fn key_lines(keys: &str, w: u16, theme: &Theme) -> Vec<Line<'static>> {
    crate::text::pack_line(keys, usize::from(w))
        .into_iter()
        .map(|l| Line::from(Span::styled(l, theme.dim())))
        .collect()
}

/// The page's key line shows while its keys work: not under a step's form.
fn page_keys(s: &CallsTab) -> bool {
    s.mode != Mode::Step
}

/// A saved value as the page shows it: a yes/no in the user's language (it was typed in
/// either), other kinds as typed.
pub(super) fn shown_value(
    f: &crate::domain::templates::TemplateField,
    lang: Lang,
    v: &str,
) -> String {
    match f.kind {
        crate::domain::templates::FieldKind::YesNo => f.format(lang, v),
        _ => v.to_string(),
    }
}
