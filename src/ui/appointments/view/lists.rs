//! The week overview, the day's arrivals and the "confirm tomorrow" list.

use super::Ctx;
use super::{day_title, foot, foot_rows, status_style, view_hint};
use crate::domain::appointments::{DayState, ReminderOutcome, StoreSetup, local};
use crate::i18n::Lang;
use crate::store::appointments::BookingRow;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::appointments::AppointmentsTab;
use crate::ui::appointments::BookingStep;
use crate::ui::theme::Theme;
use crate::ui::widgets::panel::list_panel;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn render_week(
    s: &AppointmentsTab,
    setup: &StoreSetup,
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    theme: &Theme,
) {
    let lang = ctx.lang;
    let day = s.day_or(ctx.clock.today());
    let monday = AppointmentsTab::monday_of(day);
    let title = format!(
        "{} {} {} {}",
        lang.t("一周预约", "Week"),
        monday.format("%Y-%m-%d"),
        theme.sym("–", "-"),
        monday
            .checked_add_days(chrono::Days::new(6))
            .unwrap_or(monday)
            .format("%m-%d")
    );
    let hint = view_hint(
        &[
            (&[Action::Up, Action::Down], "选日", "day"),
            (&[Action::Open], "看当天", "open the day"),
            (&[Action::PrevDay, Action::NextDay], "换周", "week"),
            (&[Action::Today], "本周", "this week"),
            (&[Action::Filter], "到店", "arrivals"),
        ],
        lang,
    );
    let rows = foot_rows(s, "", area.width);
    let (body, summary) = list_panel(frame, area, theme, &title, &hint, rows);
    foot(s, frame, summary, String::new(), theme);
    let heads = [
        (lang.t("日期", "Date"), 16),
        (lang.t("营业", "Hours"), 12),
        (lang.t("预约", "Total"), 7),
        (lang.t("待到", "Expected"), 9),
        (lang.t("已到", "Came"), 7),
        (lang.t("取消", "Cancel"), 7),
        (lang.t("爽约", "No-show"), 8),
        (lang.t("超额", "Over"), 6),
    ];
    let mut lines = vec![Line::from(
        heads
            .iter()
            .map(|(h, w)| Span::styled(fit(h, *w, true), theme.label()))
            .collect::<Vec<_>>(),
    )];
    for c in &s.week {
        let hours = match setup.day(c.date) {
            DayState::Open(h) => format!("{}-{}", h.open.format("%H:%M"), h.close.format("%H:%M")),
            DayState::Holiday(h) => h,
            _ => lang.t("休息", "closed").into(),
        };
        let cells = [
            format!(
                "{}{}",
                day_title(lang, "", c.date, false).trim(),
                if c.date == ctx.clock.today() { "*" } else { "" }
            ),
            hours,
            c.total.to_string(),
            c.expected.to_string(),
            c.showed.to_string(),
            c.cancelled.to_string(),
            c.no_shows.to_string(),
            c.overflow.to_string(),
        ];
        let text: String = cells
            .iter()
            .zip(heads.iter())
            .map(|(v, (_, w))| fit(v, *w, true))
            .collect();
        let style = if c.date == day {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(text, style));
    }
    if let Some(n) = &s.numbers {
        lines.push(Line::raw(""));
        lines.push(Line::styled(lang.t("本周数据", "This week"), theme.label()));
        for l in n.lines(lang) {
            lines.push(Line::raw(fit(&l, body.width as usize, false)));
        }
    }
    frame.render_widget(Paragraph::new(lines), body);
}

pub(super) fn render_tomorrow(
    s: &AppointmentsTab,
    setup: &StoreSetup,
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    theme: &Theme,
) {
    let lang = ctx.lang;
    let day = s
        .day_or(ctx.clock.today())
        .succ_opt()
        .unwrap_or(s.day_or(ctx.clock.today()));
    let title = day_title(lang, lang.t("明日确认", "Confirm tomorrow"), day, false);
    let hint = view_hint(
        &[
            (
                &[Action::Booking(BookingStep::Reminder)],
                "记录提醒结果",
                "record the call",
            ),
            (&[Action::Open], "详情", "open"),
            (&[Action::PrevDay, Action::NextDay], "换日", "day"),
            (&[Action::Today], "今天", "today"),
            (&[Action::Filter], "日视图", "day view"),
        ],
        lang,
    );
    let other = s
        .tomorrow
        .get(s.selected.index())
        .map(|r| inert(&r.text))
        .unwrap_or_default();
    let rows = foot_rows(s, &other, area.width);
    let (body, summary) = list_panel(frame, area, theme, &title, &hint, rows);
    foot(s, frame, summary, other, theme);
    if s.tomorrow.is_empty() {
        // "Tomorrow" only when it is: the list follows the day the other views were on.
        let none = match (ctx.clock.today().succ_opt() == Some(day), lang) {
            (true, _) => lang.t("明天没有预约", "No bookings tomorrow").to_string(),
            (false, Lang::Zh) => format!("{day} 没有预约"),
            (false, Lang::En) => format!("No bookings on {day}"),
        };
        frame.render_widget(Paragraph::new(none).style(theme.dim()), body);
        return;
    }
    let h = body.height as usize;
    let off = s.selected.index().saturating_sub(h.saturating_sub(1));
    let w = body.width as usize;
    let lines: Vec<Line> = s
        .tomorrow
        .iter()
        .enumerate()
        .skip(off)
        .take(h)
        .map(|(i, r)| {
            let b = &r.booking;
            let outcome = match &r.outcome {
                Some(o) => ReminderOutcome::label_of(o, lang).to_string(),
                None => lang.t("未联系", "not called").to_string(),
            };
            let text = format!(
                "{} {} {} {} {} {}",
                local(setup.tz, b.start).format("%H:%M"),
                fit(&inert(&b.customer), 8, true),
                fit(&inert(b.plate.as_deref().unwrap_or("-")), 9, true),
                fit(b.status.label(lang), 8, true),
                fit(&outcome, 10, true),
                inert(r.outcome_by.as_deref().unwrap_or("")),
            );
            let style = if i == s.selected.index() {
                theme.selected()
            } else {
                status_style(b.status, theme)
            };
            Line::styled(fit(&text, w, false), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

/// How long a visitor has waited (arrived), or how late / early they are (expected).
fn wait_text(r: &BookingRow, now: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    if let Some(w) = r.wait(now) {
        let m = minutes(w.num_minutes(), lang);
        return match lang {
            Lang::Zh => format!("等候 {m}"),
            Lang::En => format!("waited {m}"),
        };
    }
    if r.status.is_expected() {
        let late = (now - r.start).num_minutes();
        let m = minutes(late.abs(), lang);
        return match (lang, late > 0) {
            (Lang::Zh, true) => format!("迟到 {m}"),
            (Lang::En, true) => format!("{m} late"),
            (Lang::Zh, false) => format!("{m}后到"),
            (Lang::En, false) => format!("in {m}"),
        };
    }
    String::new()
}

/// `m` minutes as a desk reads them: `30 分`, and from an hour on in hours and minutes
/// (`7时30分`, not `450 分`), as the other clocks say it.
fn minutes(m: i64, lang: Lang) -> String {
    if m < 60 {
        return match lang {
            Lang::Zh => format!("{m} 分"),
            Lang::En => format!("{m} min"),
        };
    }
    crate::domain::calls::span(chrono::Duration::minutes(m), lang)
}

pub(super) fn render_arrivals(
    s: &AppointmentsTab,
    setup: &StoreSetup,
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    theme: &Theme,
) {
    let lang = ctx.lang;
    let day = s.day_or(ctx.clock.today());
    let title = day_title(
        lang,
        lang.t("到店接待", "Arrivals"),
        day,
        day == ctx.clock.today(),
    );
    let hint = view_hint(
        &[
            (&[Action::Booking(BookingStep::Arrive)], "到店", "arrived"),
            (&[Action::Booking(BookingStep::Start)], "开始维修", "start"),
            (&[Action::Open], "详情", "open"),
            (&[Action::PrevDay, Action::NextDay], "换日", "day"),
            (&[Action::Today], "今天", "today"),
            (&[Action::Filter], "明日确认", "confirm tomorrow"),
        ],
        lang,
    );
    let rows = foot_rows(s, "", area.width);
    let (body, summary) = list_panel(frame, area, theme, &title, &hint, rows);
    foot(s, frame, summary, String::new(), theme);
    if s.arrivals.is_empty() {
        frame.render_widget(
            Paragraph::new(lang.t("当天没有待到或已到的预约", "Nobody expected or here"))
                .style(theme.dim()),
            body,
        );
        return;
    }
    let now = ctx.clock.now();
    let h = body.height as usize;
    let off = s.selected.index().saturating_sub(h.saturating_sub(1));
    let w = body.width as usize;
    let lines: Vec<Line> = s
        .arrivals
        .iter()
        .enumerate()
        .skip(off)
        .take(h)
        .map(|(i, r)| {
            let text = format!(
                "{} {} {} {} {} {}",
                local(setup.tz, r.start).format("%H:%M"),
                fit(&inert(&r.customer), 8, true),
                fit(&inert(r.plate.as_deref().unwrap_or("-")), 9, true),
                fit(r.status.label(lang), 10, true),
                // As wide as the longest it says (`waited 1 h 05 min`).
                fit(
                    &wait_text(r, now, lang),
                    if lang == Lang::Zh { 14 } else { 17 },
                    true
                ),
                inert(&format!(
                    "{} {}",
                    r.advisor,
                    setup.services_text(&r.services, lang)
                )),
            );
            let style = if i == s.selected.index() {
                theme.selected()
            } else {
                status_style(r.status, theme)
            };
            Line::styled(fit(&text, w, false), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::appointments::tests::booking;

    #[test]
    fn an_hour_or_more_away_reads_in_hours_and_minutes() {
        // The booking starts at 02:00 UTC.
        let b = booking(1, "张三", 2, 1);
        let at = |h: u32, m: u32| {
            use chrono::TimeZone;
            chrono::Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
        };
        let cases = [
            (at(1, 30), "30 分后到", "in 30 min"),
            (at(0, 0), "2时00分后到", "in 2 h 00 min"),
            (at(0, 20), "1时40分后到", "in 1 h 40 min"),
            (at(2, 20), "迟到 20 分", "20 min late"),
            (at(3, 5), "迟到 1时05分", "1 h 05 min late"),
        ];
        for (now, zh, en) in cases {
            assert_eq!(wait_text(&b, now, Lang::Zh), zh);
            assert_eq!(wait_text(&b, now, Lang::En), en);
        }
    }
}
