//! Drawing the Calls tab, and the small forms it uses (dispatch, result, follow-up answer,
//! filter).

use super::{CallsTab, Ctx, Entry, Mode, StepKind};
use crate::domain::calls::{Deadline, span};
use crate::domain::templates::Group;
use crate::i18n::Lang;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::keymap;
use crate::ui::theme::{Level, Theme};
use crate::ui::widgets::form::Form;
use crate::ui::widgets::panel::list_panel;
use crate::ui::widgets::popup::{Cover, centered};
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(s: &CallsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    match s.mode {
        Mode::List | Mode::Picker | Mode::Filter => render_list(s, frame, area, ctx, theme),
        Mode::Form => {
            if let Some(f) = &s.form {
                f.render(frame, area, ctx.lang, theme);
            }
        }
        // A step taken from the list (c/d/x on a rescue row) keeps the list under its form.
        Mode::Step if s.rescue.is_none() && s.detail.is_none() => {
            render_list(s, frame, area, ctx, theme)
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
fn deadline_style(d: Deadline, theme: &Theme) -> (Style, &'static str) {
    match d {
        Deadline::Overdue(_) => (theme.error(), theme.mark(Level::Error)),
        Deadline::Left(left) if left < Duration::minutes(10) => {
            (theme.warn(), theme.mark(Level::Warn))
        }
        Deadline::Left(_) => (theme.ok(), ""),
    }
}

fn render_list(s: &CallsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let lang = ctx.lang;
    let day = s.shown_day(ctx.clock);
    let today = day == ctx.clock.today();
    let title = if s.filter_text.is_empty() {
        format!(
            "{} {}{}",
            lang.t("来电登记", "Calls"),
            day.format("%Y-%m-%d"),
            if today {
                lang.t("（今天）", " (today)")
            } else {
                ""
            }
        )
    } else {
        format!(
            "{} {}{}",
            lang.t("来电登记", "Calls"),
            lang.t("筛选：", "filter: "),
            s.filter_text
        )
    };
    let hint = keymap::hint_line(
        &s.scopes(),
        s.typing(),
        &[
            (Action::NewCall, "新登记", "new"),
            (Action::Open, "打开", "open"),
            (Action::Filter, "筛选", "filter"),
            (Action::PrevDay, "前日", "-1d"),
            (Action::NextDay, "后日", "+1d"),
            (Action::Today, "今天", "today"),
            (Action::RescueContacted, "已联系", "reached"),
            (Action::RescueDispatch, "派出", "send"),
            (Action::CloseItem, "完成", "done"),
        ],
        lang,
    );
    let (rows, foot) = list_panel(frame, area, theme, &title, &hint, 1);
    if s.entries.is_empty() {
        frame.render_widget(
            Paragraph::new(match (lang, key_for(s, Action::NewCall)) {
                (Lang::Zh, Some(k)) => format!("没有记录。按 {k} 登记一通来电。"),
                (Lang::En, Some(k)) => format!("No calls. Press {k} to log one."),
                (lang, None) => lang.t("没有记录。", "No calls.").into(),
            })
            .style(theme.dim()),
            rows,
        );
    }
    let now = ctx.clock.now();
    let w = rows.width as usize;
    let height = rows.height as usize;
    let offset = s.selected.index().saturating_sub(height.saturating_sub(1));
    for (i, e) in s.entries.iter().enumerate().skip(offset).take(height) {
        let (text, style) = match e {
            Entry::Rescue(r) => {
                let d = Deadline::at(r.contact_due, now);
                // A closed case never shows a running clock.
                let running = r.contacted_at.is_none() && r.closed_at.is_none();
                let (style, mark) = if running {
                    deadline_style(d, theme)
                } else {
                    (theme.warn(), "")
                };
                let clock = if running {
                    format!("{mark}{}", d.describe(lang))
                } else {
                    r.stage().label(lang).to_string()
                };
                let line = format!(
                    "{} {} {} {} {}",
                    fit(lang.t("救援", "RESCUE"), 6, true),
                    fit(&inert(&r.customer), 8, true),
                    fit(&inert(r.plate.as_deref().unwrap_or("")), 9, true),
                    fit(&clock, 16, true),
                    inert(&r.location)
                );
                (line, style)
            }
            Entry::FollowUp(c) => {
                let d = c.follow_up_due.map(|due| Deadline::at(due, now));
                let (style, mark) = d.map(|d| deadline_style(d, theme)).unwrap_or_default();
                let line = format!(
                    "{} {} {} {} {}",
                    fit(lang.t("待回复", "REPLY"), 6, true),
                    fit(&inert(&c.customer), 8, true),
                    fit(&template_name(ctx, &c.template_id), 14, true),
                    fit(
                        &d.map(|d| format!("{mark}{}", d.describe(lang)))
                            .unwrap_or_default(),
                        16,
                        true
                    ),
                    crate::domain::validate::mask_in_text(&inert(&c.sentence))
                );
                (line, style)
            }
            Entry::Call(c) => {
                let status = if c.group == Group::Rescue {
                    lang.t("救援", "rescue")
                } else if c.group == Group::Complaint {
                    lang.t("投诉", "complaint")
                } else if c.resolved || c.follow_up_done {
                    lang.t("已解决", "resolved")
                } else {
                    lang.t("待回复", "open")
                };
                let line = format!(
                    "{} {} {} {} {} {} {}",
                    ctx.clock.fmt_local(c.started_at).get(11..16).unwrap_or(""),
                    fit(c.direction.label(lang), 4, true),
                    fit(&inert(&c.customer), 8, true),
                    fit(&template_name(ctx, &c.template_id), 14, true),
                    fit(status, 6, true),
                    fit(&c.agent, 4, true),
                    crate::domain::validate::mask_in_text(&inert(&c.sentence))
                );
                (line, Style::new())
            }
        };
        let style = if i == s.selected.index() && s.mode == Mode::List {
            theme.selected()
        } else {
            style
        };
        frame.render_widget(
            Paragraph::new(fit(&text, w, true)).style(style),
            Rect {
                y: rows.y + (i - offset) as u16,
                height: 1,
                ..rows
            },
        );
    }
    let calls = s
        .entries
        .iter()
        .filter(|e| matches!(e, Entry::Call(_)))
        .count();
    let rescues = s
        .entries
        .iter()
        .filter(|e| matches!(e, Entry::Rescue(_)))
        .count();
    let replies = s
        .entries
        .iter()
        .filter(|e| matches!(e, Entry::FollowUp(_)))
        .count();
    let foot_text = match lang {
        Lang::Zh => format!("来电 {calls} 通  进行中救援 {rescues}  待回复 {replies}"),
        Lang::En => format!("{calls} calls  {rescues} open rescues  {replies} to answer"),
    };
    frame.render_widget(Paragraph::new(foot_text).style(theme.dim()), foot);
}

/// The first key that reaches `action` where the tab is now, from the key table (so a
/// sentence naming a key follows the table and a user's overrides).
fn key_for(s: &CallsTab, action: Action) -> Option<String> {
    keymap::bindings_for(&s.scopes(), s.typing())
        .into_iter()
        .find(|(b, _)| b.action == action)
        .and_then(|(_, keys)| keys.first().map(|k| k.label()))
}

fn template_name(ctx: &Ctx, id: &str) -> String {
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
        Paragraph::new(match (lang, key_for(s, Action::Open)) {
            (Lang::Zh, Some(k)) => format!("按模板字母直接打开；或输入名称查找，{k} 选用"),
            (Lang::En, Some(k)) => {
                format!("Press a template's letter, or type to search and {k}")
            }
            (lang, None) => lang
                .t(
                    "按模板字母直接打开；或输入名称查找",
                    "Press a template's letter, or type to search",
                )
                .into(),
        })
        .style(theme.dim()),
        hint,
    );
    let offset = s
        .picker_sel
        .saturating_sub(list.height.saturating_sub(1) as usize);
    for (i, t) in found
        .iter()
        .enumerate()
        .skip(offset)
        .take(list.height as usize)
    {
        let line = format!(
            " {} {} {}",
            t.shortcut
                .map(|c| format!("[{c}]"))
                .unwrap_or_else(|| "   ".into()),
            fit(t.group.label(lang), 4, true),
            t.name(lang)
        );
        let style = if i == s.picker_sel {
            theme.selected()
        } else {
            Style::new()
        };
        frame.render_widget(
            Paragraph::new(fit(&line, list.width as usize, true)).style(style),
            Rect {
                y: list.y + (i - offset) as u16,
                height: 1,
                ..list
            },
        );
    }
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
        let mut lines = vec![
            kv(lang.t("状态", "Stage"), r.stage().label(lang).into(), theme),
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
                format!(
                    "{}（{}）",
                    ctx.clock.fmt_local(t),
                    span(t - r.opened_at, lang)
                ),
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
        lines.extend(page_keys(s).then(|| {
            Line::from(Span::styled(
                keymap::hint_line(
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
                theme.dim(),
            ))
        }));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
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
    let status = match (c.follow_up_due, c.follow_up_done, c.resolved) {
        (_, _, true) => lang.t("当场解决", "resolved on the spot").to_string(),
        (Some(due), false, _) => format!(
            "{} {}",
            lang.t("待回复", "to answer"),
            Deadline::at(due, now).describe(lang)
        ),
        (Some(_), true, _) => format!(
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
    lines.extend(page_keys(s).then(|| {
        Line::from(Span::styled(
            keymap::hint_line(
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
            theme.dim(),
        ))
    }));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
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
