//! Drawing the Calls tab, and the small forms it uses (dispatch, result, follow-up answer,
//! filter).

use super::form::CallForm;
use super::{CallsScreen, Ctx, Entry, Mode, StepKind};
use crate::domain::calls::{Deadline, Dispatch, span};
use crate::domain::templates::Group;
use crate::domain::validate::{self, Field as VField};
use crate::i18n::Lang;
use crate::store::calls::{CallFilter, RescueStep};
use crate::text::{fit, inert};
use crate::ui::screens::Effect;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Field, Form};
use crate::ui::widgets::popup::centered;
use chrono::{Duration, TimeZone, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn render(s: &CallsScreen, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    match s.mode {
        Mode::List | Mode::Picker | Mode::Filter => render_list(s, frame, area, ctx, theme),
        Mode::Form => {
            if let Some(f) = &s.form {
                f.render(frame, area, ctx.lang, theme);
            }
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
                let title = match kind {
                    StepKind::Dispatch(_) => ctx.lang.t("救援派出", "Dispatch help"),
                    StepKind::RescueResult(_) => ctx.lang.t("救援结果", "Rescue result"),
                    StepKind::FollowUp(_) => ctx.lang.t("回复客户", "Answer the customer"),
                };
                small_form(frame, area, title, f, ctx.lang, theme);
            }
        }
        _ => {}
    }
}

fn small_form(frame: &mut Frame, area: Rect, title: &str, f: &Form, lang: Lang, theme: &Theme) {
    let popup = centered(area, 70, f.fields.len() as u16 + 5);
    frame.render_widget(Clear, popup);
    let block = theme.block(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [fields, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    f.render(frame, fields, lang, theme);
    frame.render_widget(
        Paragraph::new(lang.t(
            "Enter/Ctrl-S 确定  Tab 下一栏  Esc 取消",
            "Enter/Ctrl-S done  Tab next  Esc cancel",
        ))
        .style(theme.dim()),
        hint,
    );
}

fn deadline_style(d: Deadline, theme: &Theme) -> Style {
    match d {
        Deadline::Overdue(_) => theme.error(),
        Deadline::Left(left) if left < Duration::minutes(10) => theme.warn(),
        Deadline::Left(_) => theme.ok(),
    }
}

fn render_list(s: &CallsScreen, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
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
    let block = theme.block(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [hint, rows, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(lang.t(
            "n 新登记  Enter 打开  f 筛选  [/] 换日  t 今天  c 已联系  d 派出  x 完成",
            "n new  Enter open  f filter  [/] day  t today  c contacted  d dispatch  x close",
        ))
        .style(theme.dim()),
        hint,
    );
    if s.entries.is_empty() {
        frame.render_widget(
            Paragraph::new(lang.t(
                "没有记录。按 n 登记一通来电。",
                "No calls. Press n to log one.",
            ))
            .style(theme.dim()),
            rows,
        );
    }
    let now = ctx.clock.now();
    let w = rows.width as usize;
    let height = rows.height as usize;
    let offset = s.selected.saturating_sub(height.saturating_sub(1));
    for (i, e) in s.entries.iter().enumerate().skip(offset).take(height) {
        let (text, style) = match e {
            Entry::Rescue(r) => {
                let d = Deadline::at(r.contact_due, now);
                let clock = if r.contacted_at.is_some() {
                    r.stage().label(lang).to_string()
                } else {
                    d.describe(lang)
                };
                let line = format!(
                    "{} {} {} {} {}",
                    fit(lang.t("救援", "RESCUE"), 6, true),
                    fit(&inert(&r.customer), 8, true),
                    fit(&inert(r.plate.as_deref().unwrap_or("")), 9, true),
                    fit(&clock, 16, true),
                    inert(&r.location)
                );
                let style = if r.contacted_at.is_none() {
                    deadline_style(d, theme)
                } else {
                    theme.warn()
                };
                (line, style)
            }
            Entry::FollowUp(c) => {
                let d = c.follow_up_due.map(|due| Deadline::at(due, now));
                let line = format!(
                    "{} {} {} {} {}",
                    fit(lang.t("待回复", "REPLY"), 6, true),
                    fit(&inert(&c.customer), 8, true),
                    fit(&template_name(ctx, &c.template_id), 14, true),
                    fit(&d.map(|d| d.describe(lang)).unwrap_or_default(), 16, true),
                    crate::domain::validate::mask_in_text(&inert(&c.sentence))
                );
                (
                    line,
                    d.map(|d| deadline_style(d, theme)).unwrap_or_default(),
                )
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
        let style = if i == s.selected && s.mode == Mode::List {
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

fn template_name(ctx: &Ctx, id: &str) -> String {
    ctx.templates
        .get(id)
        .map(|t| t.name(ctx.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn render_picker(s: &CallsScreen, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let lang = ctx.lang;
    let found = ctx.templates.search(s.picker_query.value());
    let popup = centered(area, 60, (found.len() as u16 + 5).min(area.height));
    frame.render_widget(Clear, popup);
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
        Paragraph::new(lang.t(
            "按模板字母直接打开；或输入名称查找，Enter 选用",
            "Press a template's letter, or type to search and Enter",
        ))
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

fn render_detail(s: &CallsScreen, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
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
            None => lines.push(Line::from(vec![
                Span::styled(lang.t("联系时限 ", "Contact by "), theme.label()),
                Span::raw(ctx.clock.fmt_local(r.contact_due)),
                Span::raw("  "),
                Span::styled(d.describe(lang), deadline_style(d, theme)),
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
        lines.push(Line::from(Span::styled(
            lang.t(
                "c 已联系  d 派出  x 记录结果  Esc 返回",
                "c contacted  d dispatch  x result  Esc back",
            ),
            theme.dim(),
        )));
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
                lines.push(kv(
                    f.label(lang),
                    crate::domain::validate::mask_in_text(&inert(v)),
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
    lines.push(Line::from(Span::styled(
        lang.t(
            "e 更正  y 复制  x 已回复  Esc 返回",
            "e correct  y copy  x answered  Esc back",
        ),
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

pub fn dispatch_form() -> Form {
    Form::new(vec![
        Field::new("how", "方式", "How")
            .required()
            .hint("技师/电话/拖车  tech/phone/tow"),
        Field::new("technician", "技师", "Technician"),
        Field::new("eta", "预计到达", "ETA").hint("10:40"),
    ])
}

/// The store step a small form asks for, or None with the form showing what is wrong.
pub fn step_effect(kind: StepKind, f: &mut Form, lang: Lang) -> Option<Effect> {
    f.clear_errors();
    match kind {
        StepKind::Dispatch(id) => {
            let how = match f.get("how").to_lowercase().as_str() {
                "技师" | "tech" | "technician" | "1" => Dispatch::Technician,
                "电话" | "phone" | "2" => Dispatch::PhoneGuidance,
                "拖车" | "tow" | "3" => Dispatch::Tow,
                _ => {
                    f.set_error(
                        "how",
                        lang.t("请填 技师、电话 或 拖车", "enter tech, phone or tow")
                            .into(),
                    );
                    return None;
                }
            };
            if how == Dispatch::Technician && f.get("technician").is_empty() {
                f.set_error(
                    "technician",
                    lang.t("派技师时请写技师姓名", "name the technician").into(),
                );
                return None;
            }
            let step = RescueStep::Dispatched {
                how,
                technician: f.get("technician").into(),
                eta: f.get("eta").into(),
            };
            Some(Effect::RescueStep { id, step })
        }
        StepKind::RescueResult(id) | StepKind::FollowUp(id) => {
            let key = if matches!(kind, StepKind::FollowUp(_)) {
                "note"
            } else {
                "result"
            };
            let text = f.get(key).to_string();
            if text.is_empty() {
                f.set_error(key, lang.t("必填", "required").into());
                return None;
            }
            Some(match kind {
                StepKind::FollowUp(_) => Effect::FollowUpDone {
                    call_id: id,
                    note: text,
                },
                _ => Effect::RescueStep {
                    id,
                    step: RescueStep::Closed { result: text },
                },
            })
        }
    }
}

/// Ctrl-N in the customer row: a new customer from "name phone".
pub fn quick_customer(f: &mut CallForm, lang: Lang) -> Option<Effect> {
    let q = f.query.value().trim().to_string();
    let digits: String = q
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let name: String = q
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '+' && *c != '-')
        .collect::<String>()
        .trim()
        .to_string();
    let name = match validate::validate_name(&name) {
        Ok(n) => n,
        Err(e) => {
            f.message = Some((
                format!(
                    "{}  ({})",
                    e.message(lang),
                    lang.t("格式：姓名 手机", "type: name phone")
                ),
                true,
            ));
            return None;
        }
    };
    let mobile = match validate::normalize_mobile(&digits) {
        Ok(m) => m,
        Err(e) => {
            f.message = Some((
                format!(
                    "{}  ({})",
                    e.message(lang),
                    lang.t("格式：姓名 手机", "type: name phone")
                ),
                true,
            ));
            return None;
        }
    };
    Some(Effect::CallQuickCustomer { name, mobile })
}

pub fn filter_form(_current: &str) -> Form {
    Form::new(vec![
        Field::new("from", "从", "From").hint("2026-11-01"),
        Field::new("to", "到", "To").hint("2026-11-30"),
        Field::new("group", "类别", "Group").hint("咨询/救援/投诉"),
        Field::new("template", "模板", "Template").hint("保修 / warranty"),
        Field::new("agent", "工号", "Agent no."),
        Field::new("customer", "客户", "Customer").hint("姓名/手机/车牌"),
        Field::new("status", "状态", "Status").hint("未解决/已解决  open/resolved"),
    ])
}

pub fn filter_summary(f: &Form) -> String {
    [
        "from", "to", "group", "template", "agent", "customer", "status",
    ]
    .iter()
    .map(|k| f.get(k))
    .filter(|v| !v.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// What the filter form asks for: the filter, and the customer text and employee number
/// the app looks up.
pub struct FilterAsk {
    pub filter: CallFilter,
    pub customer: Option<String>,
    pub agent_emp_no: Option<String>,
}

/// The filter from the form, or None with the form showing what is wrong.
pub fn parse_filter(f: &mut Form, ctx: &Ctx) -> Option<FilterAsk> {
    f.clear_errors();
    let lang = ctx.lang;
    let tz = ctx.clock.tz();
    let mut out = CallFilter::default();
    let mut ok = true;
    for (key, end) in [("from", false), ("to", true)] {
        let v = f.get(key).to_string();
        if v.is_empty() {
            continue;
        }
        match validate::parse_date(&v, VField::Date) {
            Ok(d) => {
                let d = if end { d.succ_opt().unwrap_or(d) } else { d };
                let at = tz
                    .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                    .earliest()
                    .map(|t| t.with_timezone(&Utc));
                if end { out.to = at } else { out.from = at }
            }
            Err(e) => {
                f.set_error(key, e.message(lang));
                ok = false;
            }
        }
    }
    if out.from.is_some() && out.to.is_none() {
        out.to = Some(ctx.clock.now() + Duration::days(1));
    }
    if out.to.is_some() && out.from.is_none() {
        out.from = Some(Utc.timestamp_opt(0, 0).single().unwrap_or_default());
    }
    out.group = match f.get("group").to_lowercase().as_str() {
        "" => None,
        "咨询" | "consult" => Some(Group::Consult),
        "救援" | "rescue" => Some(Group::Rescue),
        "投诉" | "complaint" => Some(Group::Complaint),
        _ => {
            f.set_error(
                "group",
                lang.t("咨询、救援或投诉", "consult, rescue or complaint")
                    .into(),
            );
            ok = false;
            None
        }
    };
    let t = f.get("template").to_string();
    if !t.is_empty() {
        match ctx.templates.search(&t).first() {
            Some(found) => out.template_id = Some(found.id.clone()),
            None => {
                f.set_error(
                    "template",
                    lang.t("没有这个模板", "no such template").into(),
                );
                ok = false;
            }
        }
    }
    out.resolved = match f.get("status").to_lowercase().as_str() {
        "" => None,
        "未解决" | "open" => Some(false),
        "已解决" | "resolved" => Some(true),
        _ => {
            f.set_error(
                "status",
                lang.t("未解决或已解决", "open or resolved").into(),
            );
            ok = false;
            None
        }
    };
    if !ok {
        f.focus_first_error();
        return None;
    }
    Some(FilterAsk {
        filter: out,
        customer: Some(f.get("customer").to_string()).filter(|c| !c.is_empty()),
        agent_emp_no: Some(f.get("agent").to_string()).filter(|a| !a.is_empty()),
    })
}
