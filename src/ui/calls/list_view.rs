//! The Calls list: open rescues, calls to answer and the day's calls, one line each, and
//! under them the highlighted one whole.

use super::view::{deadline_style, key_for, template_name};
use super::{CallsTab, Ctx, Entry, Mode};
use crate::domain::calls::Deadline;
use crate::domain::templates::Group;
use crate::i18n::Lang;
use crate::text::{fit, inert, width};
use crate::ui::action::Action;
use crate::ui::keymap;
use crate::ui::theme::Theme;
use crate::ui::widgets::panel::list_panel;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Paragraph;

pub(super) fn render_list(s: &CallsTab, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
    let lang = ctx.lang;
    let day = s.shown_day(ctx.clock);
    let today = day == ctx.clock.today();
    let title = if s.filter_text.is_empty() {
        crate::ui::widgets::day::day_title(lang, lang.t("来电登记", "Calls"), day, today)
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
    let cols = Cols::of(&s.entries, ctx, theme, now);
    // Under the rows, the highlighted entry whole: its names, clock and sentence in words
    // (the columns above cut them to fit).
    // A small form's draft that could not be put back says so there instead, quoting what
    // was typed.
    let whole = match &s.note {
        Some(n) => Some(ratatui::text::Text::from(inert(n)).style(theme.error())),
        None => s
            .entries
            .get(s.selected.index())
            .filter(|_| s.mode == Mode::List)
            .map(|e| {
                ratatui::text::Text::from(entry_text(e, ctx, theme, now, &cols).2)
                    .style(theme.dim())
            }),
    };
    let rows = crate::ui::widgets::panel::whole_under(frame, rows, whole);
    crate::ui::widgets::rows::draw(
        frame,
        rows,
        s.entries.len(),
        s.selected.index(),
        s.mode == Mode::List,
        theme,
        |i| {
            let (text, style, _) = entry_text(&s.entries[i], ctx, theme, now, &cols);
            (text, style)
        },
    );
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
        Lang::En => format!(
            "{}  {rescues} open rescue{}  {replies} to answer",
            lang.count(calls, "通", "call", "calls"),
            if rescues == 1 { "" } else { "s" }
        ),
    };
    frame.render_widget(Paragraph::new(foot_text).style(theme.dim()), foot);
}

/// The widths of the columns that hold words (a direction, a record's name, a state, a
/// clock): as wide as the widest on the list (up to a cap), so that `inbound` or
/// `overdue 1 h 10 min` is not cut where the row has room.
#[derive(Default)]
struct Cols {
    direction: usize,
    name: usize,
    status: usize,
    clock: usize,
}

impl Cols {
    fn of(entries: &[Entry], ctx: &Ctx, theme: &Theme, now: DateTime<Utc>) -> Cols {
        let mut c = Cols {
            direction: 4,
            name: 8,
            status: 6,
            clock: 8,
        };
        for e in entries {
            let (direction, name, status, clock) = words(e, ctx, theme, now);
            c.direction = c.direction.max(width(direction));
            c.name = c.name.max(width(&name)).min(28);
            c.status = c.status.max(width(status));
            c.clock = c.clock.max(width(&clock)).min(20);
        }
        c
    }
}

/// An entry's words as its columns show them: direction, record name, state and clock.
fn words(
    e: &Entry,
    ctx: &Ctx,
    theme: &Theme,
    now: DateTime<Utc>,
) -> (&'static str, String, &'static str, String) {
    let lang = ctx.lang;
    match e {
        Entry::Rescue(r) => ("", String::new(), "", rescue_clock(r, theme, now, lang).1),
        Entry::FollowUp(c) => (
            "",
            template_name(ctx, &c.template_id),
            "",
            follow_up_clock(c, theme, now, lang).1,
        ),
        Entry::Call(c) => (
            c.direction.label(lang),
            template_name(ctx, &c.template_id),
            call_status(c, lang),
            String::new(),
        ),
    }
}

/// A rescue's style and clock: running until it is contacted or closed, then its stage.
fn rescue_clock(
    r: &crate::store::calls::Rescue,
    theme: &Theme,
    now: DateTime<Utc>,
    lang: Lang,
) -> (Style, String) {
    let d = Deadline::at(r.contact_due, now);
    // A closed case never shows a running clock.
    let running = r.contacted_at.is_none() && r.closed_at.is_none();
    if running {
        let (style, mark) = deadline_style(d, theme);
        (style, format!("{mark}{}", d.describe(lang)))
    } else {
        (theme.warn(), r.stage().label(lang).to_string())
    }
}

/// A call to answer's style and clock.
fn follow_up_clock(
    c: &crate::store::calls::CallRow,
    theme: &Theme,
    now: DateTime<Utc>,
    lang: Lang,
) -> (Style, String) {
    let d = c.follow_up_due.map(|due| Deadline::at(due, now));
    let (style, mark) = d.map(|d| deadline_style(d, theme)).unwrap_or_default();
    let clock = d
        .map(|d| format!("{mark}{}", d.describe(lang)))
        .unwrap_or_default();
    (style, clock)
}

/// A call's state in a word.
fn call_status(c: &crate::store::calls::CallRow, lang: Lang) -> &'static str {
    if c.group == Group::Rescue {
        lang.t("救援", "rescue")
    } else if c.group == Group::Complaint {
        lang.t("投诉", "complaint")
    } else if c.resolved || c.follow_up_done {
        lang.t("已解决", "resolved")
    } else {
        lang.t("待回复", "open")
    }
}

/// An entry's row (its columns cut to fit), its style, and the entry whole in words.
fn entry_text(
    e: &Entry,
    ctx: &Ctx,
    theme: &Theme,
    now: DateTime<Utc>,
    w: &Cols,
) -> (String, Style, String) {
    let lang = ctx.lang;
    let sep = lang.t("；", "; ");
    match e {
        Entry::Rescue(r) => {
            let (style, clock) = rescue_clock(r, theme, now, lang);
            let (customer, plate) = (inert(&r.customer), inert(r.plate.as_deref().unwrap_or("")));
            let line = format!(
                "{} {} {} {} {}",
                fit(lang.t("救援", "RESCUE"), 6, true),
                fit(&customer, 8, true),
                fit(&plate, 9, true),
                fit(&clock, w.clock.max(16), true),
                inert(&r.location)
            );
            let whole = format!(
                "{} #{} {customer} {plate}{sep}{clock}{sep}{}",
                lang.t("救援", "Rescue"),
                r.id,
                inert(&r.location)
            );
            (line, style, whole)
        }
        Entry::FollowUp(c) => {
            let (style, clock) = follow_up_clock(c, theme, now, lang);
            let (customer, name) = (inert(&c.customer), template_name(ctx, &c.template_id));
            let sentence = crate::domain::validate::mask_in_text(&inert(&c.sentence));
            let line = format!(
                "{} {} {} {} {sentence}",
                fit(lang.t("待回复", "REPLY"), 6, true),
                fit(&customer, 8, true),
                fit(&name, w.name, true),
                fit(&clock, w.clock, true),
            );
            let whole = format!(
                "{} {customer}{sep}{name}{sep}{clock}{sep}{sentence}",
                lang.t("待回复", "To answer:"),
            );
            (line, style, whole)
        }
        Entry::Call(c) => {
            let status = call_status(c, lang);
            let at = ctx.clock.fmt_local(c.started_at);
            let at = at.get(11..16).unwrap_or("");
            let (customer, name) = (inert(&c.customer), template_name(ctx, &c.template_id));
            let sentence = crate::domain::validate::mask_in_text(&inert(&c.sentence));
            let line = format!(
                "{at} {} {} {} {} {} {sentence}",
                fit(c.direction.label(lang), w.direction, true),
                fit(&customer, 8, true),
                fit(&name, w.name, true),
                fit(status, w.status, true),
                fit(&c.agent, 4, true),
            );
            let whole = format!(
                "{at} {} {customer}{sep}{name}{sep}{status}{sep}{} {}{sep}{sentence}",
                c.direction.label(lang),
                lang.t("工号", "agent"),
                c.agent,
            );
            (line, Style::new(), whole)
        }
    }
}
