//! Drawing the rental desk (rendering only) and its list as a sheet for `Ctrl-E`.

use super::{FormKind, RentalsPage, fault_menu, overdue};
use crate::clock::Clock;
use crate::domain::rentals::format_when;
use crate::domain::validate::mask_mobile;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::rentals::Rental;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::theme::Theme;
use crate::ui::widgets::panel::list_panel;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn render(
    p: &RentalsPage,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    let now = clock.now();
    if let Some(e) = &p.editing {
        render_form(p, e, frame, area, lang, theme);
    } else if let Some((r, b)) = &p.detail {
        render_detail(p, r, b, frame, area, lang, now, clock.tz(), theme);
    } else {
        render_list(p, frame, area, lang, now, clock.tz(), theme);
    }
}

fn hint(p: &RentalsPage, items: &[(Action, &'static str, &'static str)], lang: Lang) -> String {
    crate::ui::desk::hint(p, items, lang)
}

fn when(t: DateTime<Utc>, tz: Tz) -> String {
    // `11-23 18:00`: the list's short form.
    format_when(t, tz).get(5..).unwrap_or_default().to_string()
}

fn phone(r: &Rental) -> String {
    r.mobile.as_deref().map(mask_mobile).unwrap_or_default()
}

const WIDTHS: [usize; 8] = [11, 9, 8, 11, 8, 11, 8, 4];

fn line_of(cells: [String; 8]) -> String {
    cells
        .iter()
        .zip(WIDTHS)
        .map(|(c, w)| fit(c, w, true))
        .collect::<Vec<_>>()
        .join(" ")
}

fn render_list(
    p: &RentalsPage,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    now: DateTime<Utc>,
    tz: Tz,
    theme: &Theme,
) {
    // The title counts the whole filter: a list stopped at its limit takes the store's
    // totals, a whole list its own rows.
    let (out, late) = match p.stopped {
        Some((out, late)) => (out as usize, late as usize),
        None => (
            p.rows.len(),
            p.rows.iter().filter(|r| overdue(r, now)).count(),
        ),
    };
    let mut title = match lang {
        Lang::Zh => format!("租赁合同  未还车 {out}  逾期 {late}"),
        Lang::En => format!("Rentals  out {out}  overdue {late}"),
    };
    // Its load runs on the loads thread: the rows of the last one stay meanwhile.
    if p.loads.showing() {
        title.push_str(lang.t("  计算中…", "  Loading…"));
    }
    let hint = hint(
        p,
        &[
            (Action::Open, "查看", "open"),
            (Action::NewRental, "新建", "new"),
            (Action::RecordReturn, "还车", "return"),
            (Action::LogBreakdown, "故障", "breakdown"),
            (Action::ExportList, "导出", "export"),
        ],
        lang,
    );
    // A draft that could not be put back says so over the foot, quoting what was typed.
    let width = area.width.saturating_sub(2) as usize;
    let note = crate::ui::widgets::wrapped::note_lines(p.note.as_deref(), width, 3, theme.error());
    let (rows_area, foot) = list_panel(frame, area, theme, &title, &hint, 1 + note.len() as u16);
    let header = line_of([
        lang.t("合同号", "Contract").into(),
        lang.t("车牌", "Plate").into(),
        lang.t("客户", "Customer").into(),
        lang.t("手机", "Mobile").into(),
        lang.t("网点", "Branch").into(),
        lang.t("预计还车", "Due back").into(),
        lang.t("状态", "Status").into(),
        lang.t("故障", "Brk").into(),
    ]);
    let mut lines = vec![Line::from(Span::styled(header, theme.label()))];
    if p.rows.is_empty() && p.loaded {
        lines.push(Line::from(Span::styled(
            {
                let n =
                    crate::ui::keymap::key_in(crate::ui::keymap::Scope::Rentals, Action::NewRental);
                match lang {
                    Lang::Zh => format!("没有未还的车辆。按 {n} 新建合同。"),
                    Lang::En => format!("No car is out. Press {n} for a new rental."),
                }
            },
            theme.dim(),
        )));
    }
    let room = rows_area.height.saturating_sub(1) as usize;
    let at = p.index().unwrap_or(0);
    let first = at.saturating_sub(room.saturating_sub(1));
    for r in p.rows.iter().skip(first).take(room) {
        let status = r.status(now);
        let text = line_of([
            inert(&r.contract_no),
            inert(r.plate.as_deref().unwrap_or("-")),
            inert(&r.customer),
            phone(r),
            inert(&r.branch),
            when(r.planned_return_at, tz),
            status.label(lang).to_string(),
            if r.breakdowns > 0 {
                r.breakdowns.to_string()
            } else {
                String::new()
            },
        ]);
        let style = if Some(r.id) == p.selected {
            theme.selected()
        } else if overdue(r, now) {
            theme.error()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), rows_area);
    let foot_text = if let Some((total, _)) = p.stopped {
        let n = p.rows.len();
        match lang {
            Lang::Zh => format!("共 {total} 份，只列出最早到期的 {n} 份"),
            Lang::En => format!("{n} of {total} listed, the earliest due first"),
        }
    } else {
        lang.t(
            "逾期未还的合同以醒目颜色显示",
            "Overdue returns are highlighted",
        )
        .to_string()
    };
    let mut foot_lines = note;
    foot_lines.push(Line::from(Span::styled(foot_text, theme.dim())));
    frame.render_widget(Paragraph::new(foot_lines), foot);
}

#[allow(clippy::too_many_arguments)]
fn render_detail(
    p: &RentalsPage,
    r: &Rental,
    breakdowns: &[crate::store::rentals::Breakdown],
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    now: DateTime<Utc>,
    tz: Tz,
    theme: &Theme,
) {
    let title = format!("{} {}", lang.t("租赁合同", "Rental"), inert(&r.contract_no));
    let hint = hint(
        p,
        &[
            (Action::Back, "返回", "back"),
            (Action::RecordReturn, "还车", "return"),
            (Action::LogBreakdown, "故障", "breakdown"),
        ],
        lang,
    );
    let (body, _) = list_panel(frame, area, theme, &title, &hint, 0);
    let status = r.status(now);
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(fit(k, 10, true), theme.label()),
            Span::raw(v),
        ])
    };
    let mut lines = vec![
        kv(lang.t("状态", "Status"), status.label(lang).to_string()),
        kv(
            lang.t("车辆", "Car"),
            format!(
                "{} {}",
                inert(r.plate.as_deref().unwrap_or("-")),
                inert(&r.car)
            ),
        ),
        kv(
            lang.t("客户", "Customer"),
            format!("{}  {}", inert(&r.customer), phone(r)),
        ),
        kv(lang.t("取车网点", "Branch"), inert(&r.branch)),
        kv(lang.t("取车时间", "Start"), format_when(r.start_at, tz)),
        kv(
            lang.t("预计还车", "Due back"),
            format_when(r.planned_return_at, tz),
        ),
        kv(
            lang.t("实际还车", "Returned"),
            match r.returned_at {
                Some(t) => format!(
                    "{}  {}",
                    format_when(t, tz),
                    inert(r.return_branch.as_deref().unwrap_or(""))
                ),
                None => "-".into(),
            },
        ),
        Line::from(""),
        Line::from(Span::styled(
            match lang {
                Lang::Zh => format!("途中故障 {} 次", breakdowns.len()),
                Lang::En => format!("Breakdowns: {}", breakdowns.len()),
            },
            theme.title(),
        )),
    ];
    if breakdowns.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.t("无", "none").to_string(),
            theme.dim(),
        )));
    }
    for b in breakdowns {
        lines.push(Line::from(vec![
            Span::raw(format!("{}  ", format_when(b.occurred_at, tz))),
            Span::styled(fit(b.fault.label(lang), 16, true), theme.warn()),
            Span::raw(format!(" {}", inert(&b.place))),
        ]));
        if !b.note.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("    {}", inert(&b.note)),
                theme.dim(),
            )));
        }
        if let Some(line) = rescue_line(b, tz, lang) {
            let style = if b.contacted {
                theme.dim()
            } else {
                theme.warn()
            };
            lines.push(Line::from(Span::styled(line, style)));
        }
    }
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(lines, body.width),
        body,
    );
}

/// The rescue case a breakdown opened, with its first-contact deadline until the customer
/// was contacted (§2.2).
fn rescue_line(b: &crate::store::rentals::Breakdown, tz: Tz, lang: Lang) -> Option<String> {
    let id = b.rescue_id?;
    let case = format!("    {} #{id}", lang.t("救援单", "Rescue case"));
    Some(match (b.contacted, b.contact_due) {
        (true, _) => format!("{case}  {}", lang.t("已联系客户", "customer contacted")),
        (false, Some(due)) => match lang {
            Lang::Zh => format!("{case}  须于 {} 前联系客户", format_when(due, tz)),
            Lang::En => format!("{case}  contact the customer by {}", format_when(due, tz)),
        },
        (false, None) => case,
    })
}

fn render_form(
    p: &RentalsPage,
    e: &super::Editing,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
) {
    let contract = inert(&e.contract);
    let title = match e.kind {
        FormKind::New => lang.t("新建租赁合同", "New rental").to_string(),
        FormKind::Return { .. } => format!("{} {contract}", lang.t("登记还车", "Return of")),
        FormKind::Breakdown { .. } => {
            format!("{} {contract}", lang.t("登记途中故障", "Breakdown on"))
        }
    };
    let hint = if e.asking {
        crate::ui::desk::prompt::discard(lang)
    } else {
        hint(
            p,
            &[
                (Action::Save, "保存", "save"),
                (Action::NextField, "下一栏", "next field"),
                (Action::Back, "取消", "cancel"),
            ],
            lang,
        )
    };
    let (body, foot) = list_panel(frame, area, theme, &title, &hint, 3);
    let [fields, _] =
        Layout::vertical([Constraint::Length(e.form.height()), Constraint::Min(0)]).areas(body);
    e.form.render(frame, fields, lang, theme);
    let mut notes = Vec::new();
    if let Some((m, err)) = &e.form.message {
        let style = if *err { theme.error() } else { theme.ok() };
        notes.push(Line::from(Span::styled(m.clone(), style)));
    }
    if matches!(e.kind, FormKind::Breakdown { .. }) {
        // Packed by item: a number never on one line and its name on the next.
        for line in crate::text::pack_line(&fault_menu(lang), usize::from(foot.width)) {
            notes.push(Line::from(Span::styled(line, theme.dim())));
        }
    }
    if matches!(e.kind, FormKind::Return { .. }) {
        notes.push(Line::from(Span::styled(
            lang.t(
                "保存后自动安排还车回访（满意度调查）",
                "Saving plans the return survey (satisfaction callback)",
            )
            .to_string(),
            theme.dim(),
        )));
    }
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(notes, foot.width),
        foot,
    );
}

/// The list on screen, numbers masked.
pub(super) fn sheet(p: &RentalsPage, lang: Lang, clock: &Clock) -> Sheet {
    let now = clock.now();
    let tz = clock.tz();
    let columns = [
        lang.t("合同号", "Contract"),
        lang.t("车牌", "Plate"),
        lang.t("车型", "Car"),
        lang.t("客户", "Customer"),
        lang.t("手机", "Mobile"),
        lang.t("网点", "Branch"),
        lang.t("取车时间", "Start"),
        lang.t("预计还车", "Due back"),
        lang.t("状态", "Status"),
        lang.t("途中故障", "Breakdowns"),
    ];
    let rows = p
        .rows
        .iter()
        .map(|r| {
            vec![
                Value::Code(r.contract_no.clone()),
                Value::code_of(r.plate.as_deref()),
                Value::text_of(r.car.clone()),
                Value::text_of(r.customer.clone()),
                Value::code_of(Some(&phone(r))),
                Value::text_of(r.branch.clone()),
                Value::text_of(format_when(r.start_at, tz)),
                Value::text_of(format_when(r.planned_return_at, tz)),
                Value::text_of(r.status(now).label(lang)),
                Value::Int(r.breakdowns),
            ]
        })
        .collect();
    crate::io::privacy::masked(&Sheet {
        title: lang.t("租赁合同", "Rentals").to_string(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
        ..Default::default()
    })
}
