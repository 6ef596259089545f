//! A customer's archive: who they are, their vehicles, and per vehicle its two files — the
//! sales file and the repair history (一车两档) — plus the timeline of their contacts.

use super::{Archive, CustomersTab, VehicleFiles};
use crate::clock::Clock;
use crate::domain::archive::{Gender, RepairKind, SALES_DOCUMENTS, SalesChannel};
use crate::domain::validate::{mask_id_number, mask_mobile};
use crate::i18n::Lang;
use crate::store::timeline::Contact;
use crate::text::{fit, inert};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(
    s: &CustomersTab,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    let Some(a) = &s.archive else { return };
    let c = &a.customer.data;
    let block = theme.block(&format!(
        "{} {}",
        lang.t("客户档案", "Customer"),
        inert(&c.name)
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The head wraps (a long note reads whole): as many rows as it takes, up to a third.
    let head_text = head_text(a, inner.width, lang, theme);
    let head_rows = u16::try_from(head_text.line_count(inner.width.max(1)))
        .unwrap_or(2)
        .clamp(2, (inner.height / 3).max(2));
    // The timeline: each call's sentence whole (wrapped under its time), newest first, as
    // many calls as fit whole in a third of the page (the files keep at least 6 rows).
    let room = inner
        .height
        .saturating_sub(head_rows + 1 + 6)
        .min((inner.height / 3).max(3))
        .max(2) as usize;
    let timeline_lines = timeline_lines(a, inner.width as usize, room, lang, clock, theme);
    let [head, cars, files, timeline] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(timeline_lines.len() as u16),
    ])
    .areas(inner);

    frame.render_widget(head_text, head);
    render_car_tabs(s, a, frame, cars, lang, theme);
    if let Some(v) = a.vehicles.get(s.vehicle_idx) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(files);
        render_sales(v, frame, left, lang, theme);
        render_repairs(v, s.repair_scroll, frame, right, lang, theme);
    } else {
        let v = crate::ui::keymap::key_in(
            crate::ui::keymap::Scope::Detail,
            crate::ui::action::Action::AddVehicle,
        );
        frame.render_widget(
            Paragraph::new(match lang {
                Lang::Zh => format!("这位客户还没有车辆。按 {v} 添加。"),
                Lang::En => format!("No vehicle yet. Press {v} to add one."),
            })
            .style(theme.dim()),
            files,
        );
    }
    frame.render_widget(Paragraph::new(timeline_lines), timeline);
}

/// The timeline's lines in `rows` rows of `w` cells: its head, then each contact (time,
/// what kind, its words wrapped whole under them), newest first, as many as fit whole;
/// the head says how many are shown when not all are.
fn timeline_lines(
    a: &Archive,
    w: usize,
    rows: usize,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut body: Vec<Line<'static>> = Vec::new();
    let mut shown = 0;
    for c in &a.contacts {
        let (what, text) = contact_words(c, lang);
        let lead = format!("{} {what} ", clock.fmt_local(c.at()));
        let text = crate::domain::validate::mask_in_text(&text);
        let entry = crate::text::hang(&lead, &text, w);
        if 1 + body.len() + entry.len() > rows && shown > 0 {
            break;
        }
        body.extend(entry.into_iter().map(Line::from));
        shown += 1;
    }
    let head = if shown < a.contacts.len() {
        match lang {
            Lang::Zh => format!("联络时间线（显示最近 {shown} 条）"),
            Lang::En => format!("Timeline (the latest {shown} shown)"),
        }
    } else {
        lang.t("联络时间线", "Timeline").to_string()
    };
    let mut lines = vec![Line::from(Span::styled(head, theme.label()))];
    if a.contacts.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.t(
                "暂无来电、预约、回访或投诉记录",
                "No calls, bookings, callbacks or complaints yet",
            ),
            theme.dim(),
        )));
    }
    lines.extend(body.into_iter().take(rows.saturating_sub(1)));
    lines
}

/// A contact's kind (a call's channel) and its words, stored text made inert.
fn contact_words(c: &Contact, lang: Lang) -> (String, String) {
    use crate::domain::{appointments as da, callbacks as dcb, complaints as dc};
    let sep = lang.t("：", ": ");
    match c {
        Contact::Call(call) => (call.channel.label(lang).to_string(), inert(&call.sentence)),
        Contact::Booking {
            status, advisor, ..
        } => {
            let status = da::Status::from_code(status)
                .map_or_else(|| inert(status), |s| s.label(lang).into());
            let words = match lang {
                Lang::Zh => format!("{status}，顾问 {}", inert(advisor)),
                Lang::En => format!("{status}, advisor {}", inert(advisor)),
            };
            (lang.t("预约", "Booking").into(), words)
        }
        Contact::Callback {
            kind,
            status,
            notes,
            ..
        } => {
            let kind =
                dcb::Kind::from_code(kind).map_or_else(|| inert(kind), |k| k.label(lang).into());
            let status = dcb::Status::from_code(status)
                .map_or_else(|| inert(status), |s| s.label(lang).into());
            let mut words = format!("{kind}{sep}{status}");
            if !notes.trim().is_empty() {
                words.push_str(lang.t("，", ", "));
                words.push_str(&inert(notes.trim()));
            }
            (lang.t("回访", "Callback").into(), words)
        }
        Contact::Complaint {
            id,
            status,
            summary,
            withdrawn,
            ..
        } => {
            let mut status = dc::Status::from_code(status)
                .map_or_else(|| inert(status), |s| s.label(lang).into());
            // Withdrawn as registered by mistake: why, beside the word.
            if let Some(why) = withdrawn.as_deref().filter(|w| !w.trim().is_empty()) {
                status = format!(
                    "{status}{}{}{}",
                    lang.t("（", " ("),
                    inert(why.trim()),
                    lang.t("）", ")")
                );
            }
            (
                lang.t("投诉", "Complaint").into(),
                format!("#{id} {status}{sep}{}", inert(summary)),
            )
        }
    }
}

/// Who the customer is: name, gender, numbers, region and the record's note, wrapped.
fn head_text<'a>(a: &Archive, w: u16, lang: Lang, theme: &Theme) -> Paragraph<'a> {
    let c = &a.customer.data;
    let show = |full: &Option<String>, mask: fn(&str) -> String| -> String {
        match full {
            Some(v) if a.revealed => inert(v),
            Some(v) => mask(v),
            None => "-".into(),
        }
    };
    let gender = match c.gender {
        Some(Gender::Male) => lang.t("男", "M"),
        Some(Gender::Female) => lang.t("女", "F"),
        None => "-",
    };
    let birthday = c
        .birthday
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".into());
    let mut l1 = vec![
        Span::styled(inert(&c.name), theme.title()),
        Span::raw(format!(" {gender}  ")),
        Span::styled(lang.t("手机 ", "Mob "), theme.label()),
        Span::raw(show(&c.mobile, mask_mobile)),
        Span::styled(lang.t("  生日 ", "  Born "), theme.label()),
        Span::raw(birthday),
    ];
    if c.vip {
        l1.push(Span::styled("  VIP", theme.warn()));
    }
    // The reveal key only where a number is masked.
    if !a.revealed && a.has_numbers() {
        let r = crate::ui::keymap::key_in(
            crate::ui::keymap::Scope::Detail,
            crate::ui::action::Action::Reveal,
        );
        l1.push(Span::styled(
            match lang {
                Lang::Zh => format!("  ({r} 显示号码)"),
                Lang::En => format!("  ({r} reveals)"),
            },
            theme.dim(),
        ));
    }
    let mut l2 = vec![
        Span::styled(lang.t("地区 ", "Region "), theme.label()),
        Span::raw(inert(if c.region.is_empty() { "-" } else { &c.region })),
    ];
    if let Some(l) = &c.landline {
        l2.push(Span::styled(lang.t("  固话 ", "  Tel "), theme.label()));
        l2.push(Span::raw(if a.revealed {
            inert(l)
        } else {
            mask_mobile(l)
        }));
    }
    if c.id_number.is_some() {
        l2.push(Span::styled(lang.t("  身份证 ", "  ID "), theme.label()));
        l2.push(Span::raw(show(&c.id_number, mask_id_number)));
    }
    if !c.notes.is_empty() {
        l2.push(Span::styled(lang.t("  备注 ", "  Notes "), theme.label()));
        l2.push(Span::raw(inert(&c.notes)));
    }
    crate::ui::widgets::wrapped::paragraph(vec![Line::from(l1), Line::from(l2)], w)
}

fn render_car_tabs(
    s: &CustomersTab,
    a: &Archive,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
) {
    let mut spans = vec![Span::styled(lang.t("车辆 ", "Cars "), theme.label())];
    for (i, v) in a.vehicles.iter().enumerate() {
        let d = &v.vehicle.data;
        let name = format!(
            " {} {} ",
            inert(d.plate.as_deref().unwrap_or("-")),
            inert(&d.model)
        );
        let style = if i == s.vehicle_idx {
            theme.tab_active()
        } else {
            theme.tab()
        };
        spans.push(Span::styled(name, style));
        spans.push(Span::raw(" "));
    }
    if a.vehicles.len() > 1 {
        spans.push(Span::styled(
            theme.text(lang.t("←/→ 切换", "←/→ switch")),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn kv<'a>(k: &'a str, v: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![Span::styled(k, theme.label()), Span::raw(v)])
}

fn render_sales(v: &VehicleFiles, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let block = theme.block(lang.t("销售档案", "Sales file"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let d = &v.vehicle.data;
    let date = |x: Option<chrono::NaiveDate>| {
        x.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "-".into())
    };
    let mut lines = vec![
        kv(
            lang.t("车架号 ", "VIN "),
            inert(&d.vin) + if d.vin_check_ok { "" } else { " !" },
            theme,
        ),
        kv(
            lang.t("车型   ", "Car "),
            inert(&format!("{} {} {}", d.brand, d.model, d.color)),
            theme,
        ),
        kv(
            lang.t("里程   ", "Km  "),
            d.mileage_km
                .map(|m| format!("{m} km"))
                .unwrap_or_else(|| "-".into()),
            theme,
        ),
    ];
    // The papers still missing come last: a long list never hides the due dates.
    let mut missing_line = None;
    match &v.sales {
        Some(sf) => {
            let s = &sf.data;
            let channel = match s.channel {
                SalesChannel::Direct => lang.t("本店直销", "direct"),
                SalesChannel::Secondary => lang.t("二级网点", "secondary dealer"),
            };
            let have = SALES_DOCUMENTS
                .iter()
                .filter(|(k, _, _)| s.documents.get(*k).copied().unwrap_or(false))
                .count();
            let missing: Vec<&str> = SALES_DOCUMENTS
                .iter()
                .filter(|(k, _, _)| !s.documents.get(*k).copied().unwrap_or(false))
                .map(|(_, zh, en)| lang.t(zh, en))
                .collect();
            lines.push(kv(
                lang.t("交车   ", "Deliv "),
                format!("{}  {channel}", s.delivery_date.format("%Y-%m-%d")),
                theme,
            ));
            lines.push(kv(
                lang.t("开票   ", "Inv   "),
                s.invoice_date.format("%Y-%m-%d").to_string(),
                theme,
            ));
            if s.channel == SalesChannel::Secondary || !s.dealer.is_empty() {
                // Wrapped under its label (a long name breaks where it must, not whole
                // onto the next row).
                let label = lang.t("经销商 ", "Dealer ");
                let w = usize::from(inner.width);
                for (i, part) in crate::text::hang(label, &inert(&s.dealer), w)
                    .into_iter()
                    .enumerate()
                {
                    let (label, rest) = match i {
                        0 => (label, part.get(label.len()..).unwrap_or("").to_string()),
                        _ => ("", part),
                    };
                    lines.push(kv(label, rest, theme));
                }
            }
            lines.push(kv(
                lang.t("销售顾问 ", "Sales "),
                format!("{}  ¥{}", inert(&s.salesperson), s.price_yuan),
                theme,
            ));
            lines.push(kv(
                lang.t("单据   ", "Docs  "),
                format!("{have}/{} {}", SALES_DOCUMENTS.len(), lang.t("齐", "in")),
                theme,
            ));
            missing_line = (!missing.is_empty()).then(|| {
                Line::from(Span::styled(
                    format!(
                        "{}{}",
                        lang.t("缺：", "missing: "),
                        missing.join(lang.t("、", ", "))
                    ),
                    theme.warn(),
                ))
            });
        }
        None => {
            lines.push(kv(
                lang.t("购车   ", "Bought "),
                date(d.purchase_date),
                theme,
            ));
            lines.push(Line::from(Span::styled(
                lang.t("非本店销售，无销售档案", "Not sold here: no sales file"),
                theme.dim(),
            )));
        }
    }
    lines.push(kv(
        lang.t("保险到期 ", "Insur. "),
        date(d.insurance_due),
        theme,
    ));
    lines.push(kv(
        lang.t("年审到期 ", "Inspect "),
        date(d.inspection_due),
        theme,
    ));
    lines.extend(missing_line);
    // A dealer's name and the missing documents wrap rather than run past the border.
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(lines, inner.width),
        inner,
    );
}

fn render_repairs(
    v: &VehicleFiles,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
) {
    let title = match lang {
        Lang::Zh => format!("维修档案 {} 次", v.repair_total),
        Lang::En => format!("Repair file: {} visits", v.repair_total),
    };
    let block = theme.block(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if v.repairs.is_empty() {
        frame.render_widget(
            Paragraph::new(lang.t("暂无维修记录", "No repair orders yet")).style(theme.dim()),
            inner,
        );
        return;
    }
    let w = inner.width as usize;
    let mut lines = Vec::new();
    for o in v
        .repairs
        .iter()
        .skip(scroll.min(v.repairs.len().saturating_sub(1)))
    {
        let r = &o.data;
        let kind = match r.kind {
            RepairKind::Maintenance => lang.t("保养", "Maint."),
            RepairKind::Repair => lang.t("维修", "Repair"),
            RepairKind::Warranty => lang.t("保修", "Warr."),
            RepairKind::Accident => lang.t("事故", "Accid."),
        };
        let head = format!(
            "{} {} ¥{:.0} {}km {}",
            r.opened.format("%Y-%m-%d"),
            kind,
            r.amount_fen as f64 / 100.0,
            r.mileage_km,
            inert(&r.advisor),
        );
        let style = if r.accident {
            theme.warn()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(fit(&head, w, false), style)));
        // The work done, whole: it wraps under its order number.
        let items = format!("{} {}", inert(&r.ro_number), inert(&r.items.join("、")));
        for part in crate::text::hang("  ", &items, w) {
            lines.push(Line::from(Span::styled(part, theme.dim())));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
