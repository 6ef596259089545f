//! Drawing the Appointments tab: the day timeline, the week, the arrivals, a booking's
//! detail, the booking form and the step forms.

mod detail;
mod lists;

use super::{AppointmentsTab, Mode, StepForm, View};
use crate::domain::appointments::{CancelReason, DayState, Status, StoreSetup, local};
use crate::i18n::Lang;
use crate::store::appointments::BookingRow;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::theme::Theme;
pub(super) use crate::ui::widgets::day::{day_title, weekday};
use crate::ui::widgets::panel::list_panel;
use crate::ui::widgets::popup::{Cover, centered};
use detail::{render_book, render_detail};
use lists::{render_arrivals, render_tomorrow, render_week};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What drawing needs besides the tab: the language and the clock (today, now).
pub struct Ctx<'a> {
    pub lang: Lang,
    pub clock: &'a crate::clock::Clock,
}

pub fn render(s: &AppointmentsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let Some(setup) = &s.setup else {
        frame.render_widget(
            Paragraph::new(theme.text(ctx.lang.t("载入中…", "Loading…"))),
            area,
        );
        return;
    };
    match s.mode {
        Mode::Detail | Mode::Step if s.detail.is_some() => {
            render_detail(s, setup, frame, area, ctx, theme)
        }
        Mode::View | Mode::Detail | Mode::Step => match s.view {
            View::Day => render_day(s, setup, frame, area, ctx, theme),
            View::Week => render_week(s, setup, frame, area, ctx, theme),
            View::Arrivals => render_arrivals(s, setup, frame, area, ctx, theme),
            View::Tomorrow => render_tomorrow(s, setup, frame, area, ctx, theme),
        },
        Mode::Book => render_book(s, setup, frame, area, ctx, theme),
    }
    if let (Mode::Step, Some((kind, f))) = (s.mode, &s.step) {
        let lang = ctx.lang;
        let (what, extra) = match kind {
            StepForm::Complete(_) => (lang.t("完工", "Complete the visit"), 0),
            StepForm::Cancel(_) => (lang.t("取消预约", "Cancel the booking"), 5),
            StepForm::Reminder(_) => (lang.t("提醒电话结果", "Reminder call outcome"), 5),
            StepForm::Reschedule(_) => (lang.t("改期", "Reschedule"), 0),
        };
        // The title names the booking the step is taken on.
        let booking = match (&s.detail, kind) {
            (Some(d), _) => Some(&d.booking.row),
            (None, StepForm::Reminder(_)) => s.step_subject.as_ref(),
            _ => None,
        };
        let title = match booking {
            Some(b) => format!("{what}{}{}", lang.t("：", ": "), super::subject(b, lang)),
            None => what.to_string(),
        };
        // A choice whose options do not fit beside it (the reschedule's advisor and bay)
        // lists them under the fields while it has the cursor.
        let options = f.choice_lines(lang, 72);
        let extra = extra + u16::try_from(options.len()).unwrap_or(0);
        let popup = centered(area, 74, f.height() + 5 + extra);
        frame.render_widget(Cover, popup);
        let block = theme.block(&title);
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [fields, more, hint] = Layout::vertical([
            Constraint::Length(f.height() + 2),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(inner);
        f.render(frame, fields, lang, theme);
        if let StepForm::Reminder(_) = kind {
            let outcomes = lang.t(
                "结果：1 已发送 2 客户确认 3 需改期 4 联系不上 5 客户取消（填原因）",
                "Outcome: 1 sent 2 confirmed 3 reschedule 4 unreachable 5 cancelled (reason)",
            );
            let [o, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(more);
            frame.render_widget(Paragraph::new(fit(outcomes, o.width as usize, false)), o);
            frame.render_widget(reasons(lang, rest.width, theme), rest);
        } else if !options.is_empty() {
            frame.render_widget(Paragraph::new(options.join("\n")).style(theme.dim()), more);
        } else if extra > 0 {
            frame.render_widget(reasons(lang, more.width, theme), more);
        }
        // Made from the key table (Ctrl-R shows when the booking changed under the form).
        let keys = crate::ui::keymap::hint_line(
            &s.scopes(),
            s.typing(),
            &[
                (Action::Save, "确定", "done"),
                (Action::NextField, "下一栏", "next"),
                (Action::ReloadRecord, "载入新内容", "load the change"),
                (Action::Back, "取消", "cancel"),
            ],
            lang,
        );
        frame.render_widget(Paragraph::new(keys).style(theme.dim()), hint);
    }
}

pub fn status_style(st: Status, theme: &Theme) -> Style {
    match st {
        Status::Arrived | Status::InService => theme.warn(),
        Status::Completed => theme.ok(),
        Status::Cancelled | Status::NoShow | Status::Rescheduled => theme.dim(),
        _ => Style::new(),
    }
}

/// Most rows the foot takes: a message or the highlighted booking wraps whole onto them.
const FOOT_ROWS: usize = 3;

/// The foot's lines at `width`: the last message, or `other` (a summary) when there is none,
/// wrapped whole (never a time, plate or number split from its word), up to [`FOOT_ROWS`].
fn foot_lines(s: &AppointmentsTab, other: &str, width: u16) -> Vec<String> {
    let text = s.message.as_ref().map_or(other, |(m, _)| m.as_str());
    let mut lines = crate::text::wrap_words(text, usize::from(width.max(1)));
    lines.truncate(FOOT_ROWS);
    lines
}

/// The rows the foot takes in a panel `width` cells wide (its border inside): at least one.
pub(super) fn foot_rows(s: &AppointmentsTab, other: &str, width: u16) -> u16 {
    foot_lines(s, other, width.saturating_sub(2)).len().max(1) as u16
}

/// The bottom lines: the last message, or `other` (a summary) when there is none, whole.
fn foot(s: &AppointmentsTab, frame: &mut Frame, area: Rect, other: String, theme: &Theme) {
    let style = match &s.message {
        Some((_, true)) => theme.error(),
        Some((_, false)) => theme.ok(),
        None => Style::new(),
    };
    let lines = foot_lines(s, &other, area.width);
    frame.render_widget(Paragraph::new(lines.join("\n")).style(style), area);
}

fn row_summary(r: &BookingRow, setup: &StoreSetup, lang: Lang) -> String {
    format!(
        "{}-{} {} {} {} {} {}",
        local(setup.tz, r.start).format("%H:%M"),
        local(setup.tz, r.end).format("%H:%M"),
        inert(&r.customer),
        inert(r.plate.as_deref().unwrap_or("-")),
        setup.services_text(&r.services, lang),
        r.status.label(lang),
        inert(&format!("{} {}", r.advisor, r.bay)),
    )
}

fn render_day(
    s: &AppointmentsTab,
    setup: &StoreSetup,
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    theme: &Theme,
) {
    let lang = ctx.lang;
    let day = s.day_or(ctx.clock.today());
    let what = if s.by_bay {
        lang.t("预约·按工位", "Bookings by bay")
    } else {
        lang.t("预约·按顾问", "Bookings by advisor")
    };
    let title = day_title(lang, what, day, day == ctx.clock.today());
    let hint = view_hint(
        &[
            (&[Action::NewCall], "预约", "book"),
            (&[Action::Open], "详情", "open"),
            (&[Action::PrevDay, Action::NextDay], "换日", "day"),
            (&[Action::Today], "今天", "today"),
            (&[Action::TimelineColumns], "顾问/工位", "advisor/bay"),
            (&[Action::Filter], "周/到店", "week/arrivals"),
        ],
        lang,
    );
    let selected = s.selected_row();
    let other = selected
        .map(|r| {
            format!(
                "{}/{} {}",
                s.selected.index() + 1,
                s.rows.len(),
                row_summary(r, setup, lang)
            )
        })
        .unwrap_or_else(|| lang.t("当天没有预约", "No bookings this day").into());
    let rows = foot_rows(s, &other, area.width);
    let (body, summary) = list_panel(frame, area, theme, &title, &hint, rows);
    foot(s, frame, summary, other, theme);
    let slots = setup.slot_starts(day);
    if slots.is_empty() {
        let why = match setup.day(day) {
            DayState::Holiday(h) => format!("{}{h}", lang.t("门店休息：", "Closed: ")),
            _ => lang
                .t("门店当天不营业", "The store is closed this day")
                .into(),
        };
        frame.render_widget(Paragraph::new(why).style(theme.warn()), body);
        return;
    }
    let cols: &[String] = if s.by_bay {
        &setup.bays
    } else {
        &setup.advisors
    };
    let time_w = 6usize;
    let avail = (body.width as usize).saturating_sub(time_w);
    let col_w = (avail / cols.len().max(1)).clamp(6, 16);
    let shown_cols = (avail / col_w).min(cols.len());
    // Header.
    let mut header = vec![Span::raw(fit("", time_w, true))];
    for c in cols.iter().take(shown_cols) {
        header.push(Span::styled(fit(&inert(c), col_w, true), theme.label()));
    }
    let [head, grid] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
    frame.render_widget(Paragraph::new(Line::from(header)), head);
    let h = grid.height as usize;
    // Keep the selected booking in sight.
    let sel_row = selected.and_then(|r| slots.iter().position(|t| *t + setup.slot > r.start));
    let max_off = slots.len().saturating_sub(h);
    let mut off = s.scroll.min(max_off);
    if let Some(r) = sel_row.filter(|_| s.follow) {
        if r < off {
            off = r;
        } else if r >= off + h {
            off = r + 1 - h;
        }
    }
    let now = ctx.clock.now();
    let mut lines = Vec::new();
    for t in slots.iter().skip(off).take(h) {
        let slot_end = *t + setup.slot;
        let time_style = if now >= *t && now < slot_end {
            theme.key()
        } else {
            theme.dim()
        };
        let mut spans = vec![Span::styled(
            fit(
                &local(setup.tz, *t).format("%H:%M").to_string(),
                time_w,
                true,
            ),
            time_style,
        )];
        for c in cols.iter().take(shown_cols) {
            let in_cell = |r: &&BookingRow| {
                (if s.by_bay { &r.bay } else { &r.advisor }) == c
                    && r.start < slot_end
                    && r.end > *t
            };
            // Every live booking in the cell counts: one is drawn (the highlighted one, else
            // one starting here, else one holding the slot) and `+N` says how many more. A
            // cancelled, missed or moved booking shows only in a cell no live one holds (or
            // highlighted): never drawn over a live one.
            let all: Vec<&BookingRow> = s.rows.iter().filter(in_cell).collect();
            let live = |r: &&BookingRow| {
                r.status.holds_capacity()
                    || r.status == Status::Completed
                    || selected.is_some_and(|sel| sel.id == r.id)
            };
            let here: Vec<&BookingRow> = if all.iter().any(live) {
                all.into_iter().filter(live).collect()
            } else {
                all
            };
            let hit = here
                .iter()
                .min_by_key(|r| {
                    (
                        selected.is_none_or(|sel| sel.id != r.id),
                        r.start < *t,
                        !(r.status.holds_capacity() || r.status == Status::Completed),
                    )
                })
                .copied();
            let (text, mut style) = match hit {
                None => (theme.sym("·", ".").to_string(), theme.dim()),
                Some(r) => {
                    let first = r.start >= *t;
                    let text = if first {
                        // The plate whole before its status word: a new-energy plate
                        // (粤BF45589) leaves no room for it, and the colour says it.
                        let who = inert(&r.plate.clone().unwrap_or_else(|| r.customer.clone()));
                        let both = format!("{who} {}", short(r.status, lang));
                        if crate::text::width(&both) < col_w {
                            both
                        } else {
                            who
                        }
                    } else {
                        theme.sym("│", "|").to_string()
                    };
                    (text, status_style(r.status, theme))
                }
            };
            if let (Some(h), Some(sel)) = (hit, selected)
                && h.id == sel.id
            {
                style = theme.selected();
            }
            // Two or more: each by the tail of its plate (or its customer), in start
            // order; what does not fit is counted as `+N`.
            let text = if here.len() > 1 {
                if here
                    .iter()
                    .any(|r| selected.is_some_and(|sel| sel.id == r.id))
                {
                    style = theme.selected();
                }
                crowded(&here, col_w - 1)
            } else {
                text
            };
            spans.push(Span::styled(fit(&text, col_w - 1, true), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), grid);
}

/// The bookings sharing a timeline cell, within `width`: the last four characters of
/// each one's plate (its customer without one), joined by `/`, and `+N` for those that
/// do not fit.
pub(super) fn crowded(here: &[&BookingRow], width: usize) -> String {
    let mut rows = here.to_vec();
    rows.sort_by_key(|r| (r.start, r.id));
    let tails: Vec<String> = rows
        .iter()
        .map(|r| {
            let who = inert(r.plate.as_deref().unwrap_or(&r.customer));
            let n = who.chars().count();
            who.chars().skip(n.saturating_sub(4)).collect()
        })
        .collect();
    for shown in (1..=tails.len()).rev() {
        let mut text = tails[..shown].join("/");
        if shown < tails.len() {
            text.push_str(&format!("+{}", tails.len() - shown));
        }
        if crate::text::width(&text) <= width {
            return text;
        }
    }
    format!(
        "{}+{}",
        fit(&tails[0], width.saturating_sub(3), false),
        tails.len() - 1
    )
}

/// A status in one or two cells' worth of text, for the timeline.
fn short(st: Status, lang: Lang) -> &'static str {
    match st {
        Status::Booked => lang.t("约", "bk"),
        Status::Confirmed => lang.t("确", "ok"),
        Status::Reminded => lang.t("提", "rm"),
        Status::Arrived => lang.t("到", "in"),
        Status::InService => lang.t("修", "wk"),
        Status::Completed => lang.t("完", "dn"),
        Status::Cancelled => lang.t("消", "cx"),
        Status::NoShow => lang.t("爽", "ns"),
        Status::Rescheduled => lang.t("改", "rs"),
    }
}

/// A hint line of the bookings' views, made from the key table (the keys it names are the
/// keys bound, a user's overrides included).
pub(super) fn view_hint(items: &[(&[Action], &'static str, &'static str)], lang: Lang) -> String {
    crate::ui::keymap::hint_groups(
        &[
            crate::ui::keymap::Scope::Appointments,
            crate::ui::keymap::Scope::Global,
        ],
        false,
        items,
        lang,
    )
}

/// The cancellation reasons by number, each whole on a line `width` wide: never a number
/// at one line's end and its name on the next.
fn reasons(lang: Lang, width: u16, theme: &Theme) -> Paragraph<'static> {
    let items: Vec<String> = CancelReason::ALL
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{} {}", i + 1, r.label(lang)))
        .collect();
    Paragraph::new(crate::text::pack(&items, usize::from(width)).join("\n")).style(theme.dim())
}
