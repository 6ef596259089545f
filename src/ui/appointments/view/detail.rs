//! A booking's detail and the booking form.

use super::Ctx;
use super::{foot, foot_rows, status_style};
use crate::domain::appointments::{ReminderOutcome, Status, StoreSetup, fmt_fen, local};
use crate::i18n::Lang;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::appointments::{AppointmentsTab, BookingStep};
use crate::ui::theme::Theme;
use crate::ui::widgets::panel::list_panel;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn render_detail(
    s: &AppointmentsTab,
    setup: &StoreSetup,
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    theme: &Theme,
) {
    let lang = ctx.lang;
    let Some(d) = &s.detail else {
        frame.render_widget(
            Paragraph::new(theme.text(lang.t("载入中…", "Loading…"))),
            area,
        );
        return;
    };
    let b = &d.booking;
    let r = &b.row;
    let title = crate::ui::appointments::subject(r, lang);
    // Made from the key table, so every key of the page is on it (short words: the
    // whole bar fits 78 columns; help has the long ones).
    let hint = crate::ui::keymap::hint_line(
        &[
            crate::ui::keymap::Scope::AppointmentDetail,
            crate::ui::keymap::Scope::Global,
        ],
        false,
        &[
            (Action::Booking(BookingStep::Confirm), "确认", "confirm"),
            (Action::Booking(BookingStep::Arrive), "到店", "in"),
            (Action::Booking(BookingStep::Start), "开始", "start"),
            (Action::Booking(BookingStep::Complete), "完工", "done"),
            (Action::Booking(BookingStep::Cancel), "取消", "cancel"),
            (Action::Booking(BookingStep::UndoNoShow), "撤销爽约", "undo"),
            (Action::Booking(BookingStep::Reschedule), "改期", "move"),
            (
                Action::Booking(BookingStep::CopyConfirmation),
                "复制",
                "copy",
            ),
            (Action::Back, "返回", "back"),
        ],
        lang,
    );
    let rows = foot_rows(s, "", area.width);
    let (body, summary) = list_panel(frame, area, theme, &title, &hint, rows);
    foot(s, frame, summary, String::new(), theme);
    let kv = |k: &str, v: String| -> Line {
        Line::from(vec![
            Span::styled(fit(k, LABEL, true), theme.label()),
            Span::raw(v),
        ])
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(fit(lang.t("状态", "Status"), LABEL, true), theme.label()),
            Span::styled(r.status.label(lang), status_style(r.status, theme)),
            Span::raw(if r.overflow {
                lang.t("（超额）", " (overflow)")
            } else {
                ""
            }),
            Span::styled(
                match lang {
                    Lang::Zh => format!("   爽约记录 {} 次", d.no_shows),
                    Lang::En => format!("   no-shows so far: {}", d.no_shows),
                },
                if d.no_shows > 0 {
                    theme.warn()
                } else {
                    theme.dim()
                },
            ),
        ]),
        kv(
            lang.t("客户", "Customer"),
            inert(&format!(
                "{} {}",
                r.customer,
                r.mobile.as_deref().map(mask).unwrap_or_default()
            )),
        ),
        kv(
            lang.t("车辆", "Vehicle"),
            inert(&format!(
                "{} {}",
                r.plate.as_deref().unwrap_or("-"),
                r.model
            )),
        ),
        kv(
            lang.t("时间", "Time"),
            format!(
                "{} {} {}",
                local(setup.tz, r.start).format("%Y-%m-%d %H:%M"),
                theme.sym("–", "-"),
                local(setup.tz, r.end).format("%H:%M")
            ),
        ),
        kv(
            lang.t("顾问/工位", "Advisor/bay"),
            inert(&format!("{} / {}", r.advisor, r.bay)),
        ),
        kv(
            lang.t("服务", "Services"),
            setup.services_text(&r.services, lang),
        ),
        kv(lang.t("需求", "Need"), inert(&b.need)),
        kv(
            lang.t("交通/渠道", "Transport"),
            format!("{} / {}", r.transport.label(lang), r.channel.label(lang)),
        ),
    ];
    if !b.parts.is_empty() {
        let parts: Vec<String> = b
            .parts
            .iter()
            .map(|p| {
                format!(
                    "{} {} ¥{}",
                    inert(&p.name),
                    p.availability.label(lang),
                    fmt_fen(p.quote_fen)
                )
            })
            .collect();
        lines.push(kv(lang.t("配件", "Parts"), parts.join("; ")));
    }
    if !b.items.is_empty() {
        lines.push(kv(
            lang.t("维修项目", "Items"),
            inert(&b.items.join(lang.t("、", ", "))),
        ));
    }
    if !b.history.is_empty() {
        lines.push(kv(lang.t("使用/保养史", "History"), inert(&b.history)));
    }
    // Declined and deferred services, each with the customer's reason: they come back
    // as follow-up calls once the customer has come.
    for (deferred, label) in [
        (false, lang.t("谢绝", "Declined")),
        (true, lang.t("延后", "Deferred")),
    ] {
        let items: Vec<String> = b
            .declined
            .iter()
            .filter(|d| d.deferred == deferred)
            .map(|d| match (d.reason.is_empty(), lang) {
                (true, _) => d.item.clone(),
                (false, Lang::Zh) => format!("{}（{}）", d.item, d.reason),
                (false, Lang::En) => format!("{} ({})", d.item, d.reason),
            })
            .collect();
        if !items.is_empty() {
            lines.push(kv(label, inert(&items.join(lang.t("、", ", ")))));
        }
    }
    if let Some(reason) = b.cancel_reason {
        lines.push(kv(
            lang.t("取消原因", "Cancelled"),
            format!(
                "{} {} {}",
                reason.label(lang),
                b.cancelled_by.map(|c| c.label(lang)).unwrap_or(""),
                inert(b.cancel_note.as_deref().unwrap_or(""))
            ),
        ));
    }
    if let Some(ro) = b.repair_order_id {
        lines.push(kv(lang.t("维修工单", "Repair order"), format!("#{ro}")));
    }
    // The text sent stays on record; one never sent is not offered for a booking that is
    // no longer on (cancelled, moved, missed, done).
    if b.confirmation.is_some() {
        lines.push(kv(
            lang.t("确认短信", "Confirmation"),
            inert(&d.confirmation),
        ));
    } else if b.row.status.holds_capacity() {
        lines.push(kv(lang.t("确认预览", "To confirm"), inert(&d.confirmation)));
    }
    lines.push(Line::styled(lang.t("记录", "History"), theme.label()));
    for e in &d.events {
        let outcome = e
            .body
            .get("outcome")
            .and_then(|o| o.as_str())
            .map(|o| ReminderOutcome::label_of(o, lang))
            .unwrap_or("");
        // The state a step led to, where the step does not say it already ("confirmed
        // confirmed"): a no-show undone goes back to the state before it.
        let to = e
            .body
            .get("to")
            .and_then(|o| o.as_str())
            .and_then(Status::from_code)
            .filter(|_| names_no_state(&e.kind))
            .map(|s| s.label(lang))
            .unwrap_or("");
        let what = match moved(&e.kind, &e.body, lang) {
            Some(moved) => moved,
            None => [event_label(&e.kind, lang), to, outcome]
                .into_iter()
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        };
        lines.push(Line::raw(inert(&format!(
            "  {} {} {}",
            ctx.clock.fmt_local(e.at),
            e.agent.as_deref().unwrap_or(lang.t("系统", "system")),
            what
        ))));
    }
    let w = body.width as usize;
    // Wrapped between words, never inside a time, a date or a plate.
    let lines = crate::ui::widgets::wrapped::lines(lines, w);
    let off = s.detail_scroll.min(lines.len().saturating_sub(1));
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(off).collect::<Vec<_>>()),
        body,
    );
}

/// The labels' column: the longest label ("Confirmation", "Repair order": 12 cells) and
/// a space before its value.
const LABEL: usize = 13;

fn mask(m: &str) -> String {
    crate::domain::validate::mask_in_text(m)
}

/// Rows the booking form's fields keep at least, whatever the lines under them need (the
/// fields scroll, the focused one always shown).
const MIN_FIELD_ROWS: u16 = 10;

pub(super) fn render_book(
    s: &AppointmentsTab,
    setup: &StoreSetup,
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    theme: &Theme,
) {
    let lang = ctx.lang;
    let Some(f) = &s.book else { return };
    let block = theme.block(lang.t("新预约", "New booking"));
    let inner = block.inner(area);
    let w = usize::from(inner.width);
    let mut lines = book_lines(s, f, setup, lang, theme, w, false);
    // Short of rows for every field beside the lines (the English services' names are
    // long): the services listed tight, when that saves a row.
    if lines.len() > usize::from(inner.height.saturating_sub(f.height())) {
        let tight = book_lines(s, f, setup, lang, theme, w, true);
        if tight.len() < lines.len() {
            lines = tight;
        }
    }
    // The lines under the fields take the rows they need; the fields the rest, scrolled
    // so the focused one shows (a field's own list shows only while it has the cursor).
    let room = inner.height.saturating_sub(f.height().min(MIN_FIELD_ROWS));
    let info_h = u16::try_from(lines.len()).unwrap_or(u16::MAX).min(room);
    let fields_h = f.height().min(inner.height - info_h);
    let first = f.first_shown(fields_h, 0);
    let shown_end = (first..f.fields.len())
        .take_while(|i| f.row_of(*i, first, fields_h).is_some())
        .last()
        .map_or(first, |i| i + 1);
    let block = match more_fields(first, f.fields.len() - shown_end, lang) {
        Some(more) if !s.picker_open() => {
            block.title_bottom(Line::styled(theme.text(&more).into_owned(), theme.dim()))
        }
        _ => block,
    };
    frame.render_widget(block, area);
    let [fields, info] =
        Layout::vertical([Constraint::Length(fields_h), Constraint::Min(0)]).areas(inner);
    let mut shown = f.clone();
    shown.message = None;
    shown.render_fields(frame, fields, lang, theme, first);
    s.pick.render(&shown, frame, fields, lang, theme);
    frame.render_widget(Paragraph::new(lines), info);
    if s.offering {
        render_offers(s, frame, area, lang, theme);
    }
}

/// Says on the form's border how many fields are out of sight above and below.
fn more_fields(above: usize, below: usize, lang: Lang) -> Option<String> {
    let up = (above > 0).then(|| match lang {
        Lang::Zh => format!("↑ 上方还有 {above} 栏"),
        Lang::En => format!("↑ {above} more above"),
    });
    let down = (below > 0).then(|| match lang {
        Lang::Zh => format!("↓ 下方还有 {below} 栏"),
        Lang::En => format!("↓ {below} more below"),
    });
    let both: Vec<String> = [up, down].into_iter().flatten().collect();
    (!both.is_empty()).then(|| format!(" {} ", both.join("  ")))
}

/// The lines under the booking form, wrapped in `w` cells: what matters now first (whom
/// the customer text found, why saving failed), then the focused field's own list (the
/// services, or a choice's options that do not fit beside it, each number with its name;
/// the services `tight`, see `services::tight`, their numbers marked), then the keys.
fn book_lines(
    s: &AppointmentsTab,
    f: &crate::ui::widgets::form::Form,
    setup: &StoreSetup,
    lang: Lang,
    theme: &Theme,
    w: usize,
    tight: bool,
) -> Vec<Line<'static>> {
    let wrapped = |text: &str, style| -> Vec<Line<'static>> {
        crate::text::wrap_words(text, w)
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect()
    };
    let mut lines = Vec::new();
    if let Some(note) = &s.book_note {
        lines.extend(wrapped(&inert(note), theme.warn()));
    }
    // Over the offers, the clash is said once, in their popup.
    if let Some((m, err)) = f.message.as_ref().filter(|_| !s.offering) {
        let style = if *err { theme.error() } else { theme.warn() };
        lines.extend(wrapped(&inert(m), style));
    }
    let services = crate::ui::appointments::services::FIELD;
    let on_services = f.fields.get(f.focus).is_some_and(|x| x.key == services);
    let tight = tight
        .then(|| crate::ui::appointments::services::tight(setup, lang, w))
        .flatten()
        .filter(|_| on_services);
    let list = if let Some(tight) = tight {
        lines.extend(tight.into_iter().map(|items| {
            let mut spans = Vec::new();
            for (i, (n, name)) in items.into_iter().enumerate() {
                let gap = if i == 0 { "" } else { " " };
                spans.push(Span::styled(format!("{gap}{n}"), theme.key()));
                spans.push(Span::styled(format!(" {name}"), theme.dim()));
            }
            Line::from(spans)
        }));
        Vec::new()
    } else if on_services {
        let items = crate::ui::appointments::services::listed(setup, lang);
        crate::ui::widgets::form_choice::list_lines(lang.t("服务项目", "Services"), &items, lang, w)
    } else {
        f.choice_lines(lang, u16::try_from(w).unwrap_or(u16::MAX))
    };
    lines.extend(list.into_iter().map(|l| Line::styled(l, theme.dim())));
    // (Over the offers, their own keys are shown instead.)
    if !s.offering {
        // Made from the key table, for the keys that work in the form now.
        let hint = crate::ui::keymap::hint_line(
            &s.scopes(),
            s.typing(),
            &[
                (Action::Save, "保存", "save"),
                (Action::Open, "选中", "pick"),
                (Action::NextField, "下一栏", "next"),
                (Action::PrevField, "上一栏", "previous"),
                (Action::Back, "取消", "cancel"),
            ],
            lang,
        );
        lines.extend(wrapped(&hint, theme.dim()));
    }
    lines
}

/// The free slots offered after a clash, over the form: why it was refused, the slots
/// numbered, and the keys (from the key table).
fn render_offers(s: &AppointmentsTab, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let why = s
        .book
        .as_ref()
        .and_then(|f| f.message.as_ref())
        .map(|(m, _)| inert(m))
        .unwrap_or_default();
    let w = area.width.saturating_sub(4).min(76);
    // Rows the reason takes wrapped at word ends (as drawn, inside the border).
    let why_rows =
        u16::try_from(crate::text::wrap_words(&why, usize::from(w.saturating_sub(2))).len())
            .unwrap_or(5)
            .min(5);
    let n = s.offers.len() as u16;
    let popup = crate::ui::widgets::popup::centered(area, w, why_rows + n + 4);
    frame.render_widget(crate::ui::widgets::popup::Cover, popup);
    let block = theme.block(lang.t("时段已满：选一个空闲时段", "Slot taken: pick a free one"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [why_area, slots, hint_area] = Layout::vertical([
        Constraint::Length(why_rows),
        Constraint::Length(n),
        Constraint::Length(2),
    ])
    .areas(inner);
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(why, why_area.width).style(theme.error()),
        why_area,
    );
    let lines: Vec<Line> = s
        .offers
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), theme.key()),
                Span::raw(inert(&slot.describe(lang))),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), slots);
    // Each slot's key, from the key table, with the slot it takes (`1 周二 09:00`).
    let scopes = s.scopes();
    let mut keys: Vec<String> = s
        .offers
        .iter()
        .enumerate()
        .filter_map(|(i, slot)| {
            let n = u8::try_from(i + 1).ok()?;
            let key = crate::ui::keymap::key_for(&scopes, s.typing(), Action::TakeSlot(n))?;
            let wd = super::weekday(lang, slot.local.date());
            Some(format!("{key} {wd} {}", slot.local.format("%H:%M")))
        })
        .collect();
    keys.push(crate::ui::keymap::hint_line(
        &scopes,
        s.typing(),
        &[(Action::Back, "回表单修改", "back to the form")],
        lang,
    ));
    let hint = keys.join("  ");
    frame.render_widget(
        Paragraph::new(vec![Line::raw(""), Line::styled(hint, theme.dim())]),
        hint_area,
    );
}

/// A move in a booking's log, with the other booking and the reason: `由 #406 改期：原因`
/// on the new booking, `改期到 #579：原因` on the old one. None for any other event.
fn moved(kind: &str, body: &serde_json::Value, lang: Lang) -> Option<String> {
    let id = |key: &str| body.get(key).and_then(serde_json::Value::as_i64);
    let link = match (kind, lang) {
        ("book", Lang::Zh) => format!("由 #{} 改期", id("rescheduled_from")?),
        ("book", Lang::En) => format!("moved here from #{}", id("rescheduled_from")?),
        ("reschedule" | "rescheduled", Lang::Zh) => format!("改期到 #{}", id("new_id")?),
        ("reschedule" | "rescheduled", Lang::En) => format!("moved to #{}", id("new_id")?),
        _ => return None,
    };
    let note = body.get("note").and_then(|n| n.as_str()).map(str::trim);
    Some(match note.filter(|n| !n.is_empty()) {
        Some(note) => format!("{link}{}{note}", lang.t("：", ": ")),
        None => link,
    })
}

/// A step whose name does not say the state it led to: a no-show undone, or a step this
/// version does not know.
fn names_no_state(kind: &str) -> bool {
    kind == "undo_no_show" || known_label(kind, Lang::En).is_none()
}

/// A booking event's name in the user's language (the stored kind is a code).
fn event_label(kind: &str, lang: Lang) -> &'static str {
    known_label(kind, lang).unwrap_or_else(|| lang.t("其他", "other"))
}

/// The name of a step this version knows.
fn known_label(kind: &str, lang: Lang) -> Option<&'static str> {
    Some(match kind {
        "book" => lang.t("预约", "booked"),
        "confirm" => lang.t("确认", "confirmed"),
        "remind" => lang.t("提醒", "reminded"),
        "reminder_outcome" => lang.t("提醒结果", "reminder outcome"),
        "arrive" => lang.t("到店", "arrived"),
        // `start_service` as the store writes it (`StepKind::code`); `start` as older
        // versions did.
        "start" | "start_service" => lang.t("开始维修", "service started"),
        "complete" => lang.t("完工", "completed"),
        "cancel" => lang.t("取消", "cancelled"),
        "no_show" => lang.t("爽约", "no-show"),
        "undo_no_show" => lang.t("撤销爽约", "no-show undone"),
        "reschedule" | "rescheduled" => lang.t("改期", "rescheduled"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_move_names_the_other_booking_and_the_reason_on_both_sides() {
        let new = json!({"rescheduled_from": 406, "note": "客户出差"});
        let old = json!({"to": "rescheduled", "new_id": 579, "note": "客户出差"});
        assert_eq!(
            moved("book", &new, Lang::Zh).unwrap(),
            "由 #406 改期：客户出差"
        );
        assert_eq!(
            moved("reschedule", &old, Lang::Zh).unwrap(),
            "改期到 #579：客户出差"
        );
        assert_eq!(
            moved("reschedule", &old, Lang::En).unwrap(),
            "moved to #579: 客户出差"
        );
        // Moved before the reason was kept on the new booking: the link alone.
        let bare = json!({"rescheduled_from": 406});
        assert_eq!(
            moved("book", &bare, Lang::En).unwrap(),
            "moved here from #406"
        );
        // A booking made afresh is no move.
        let fresh = json!({"rescheduled_from": null});
        assert_eq!(moved("book", &fresh, Lang::Zh), None);
        assert_eq!(moved("confirm", &old, Lang::Zh), None);
    }
}
