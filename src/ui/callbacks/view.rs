//! Drawing the Callbacks tab.

use super::CallbacksTab;
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::text::{inert, width};
use crate::ui::action::{Action, QueueOp};
use crate::ui::keymap;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use crate::ui::widgets::wrapped;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(
    s: &CallbacksTab,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    if let Some(w) = &s.work {
        let (d, form) = (&w.task, &w.form);
        let block = theme.block(&format!(
            "{}{}{}",
            d.row.kind.label(lang),
            lang.t("：", ": "),
            super::subject(&d.row, lang)
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let phone = d
            .mobile
            .clone()
            .or_else(|| d.landline.clone())
            .unwrap_or_else(|| "-".into());
        let head = vec![Line::from(vec![
            Span::styled(lang.t("电话 ", "Phone "), theme.label()),
            Span::raw(inert(&phone)),
            Span::styled(lang.t("  车辆 ", "  Car "), theme.label()),
            Span::raw(inert(d.row.plate.as_deref().unwrap_or("-"))),
            Span::styled(lang.t("  时限 ", "  Window "), theme.label()),
            Span::raw(format!("{} ~ {}", d.row.window_start, d.row.window_end)),
            Span::styled(lang.t("  已拨 ", "  tries "), theme.label()),
            Span::raw(d.attempts.len().to_string()),
        ])];
        let mut head = head;
        for l in &w.card {
            head.push(Line::from(Span::styled(inert(l), theme.dim())));
        }
        // The last try, whole (it wraps): when, who, what came of it and what was noted.
        if let Some(a) = d.attempts.last() {
            head.push(last_try(a, lang, clock, theme));
        }
        let per_row = usize::from(inner.width.max(1));
        if let Some(t) = &d.declined {
            let day = t.visit_at.with_timezone(&clock.tz()).format("%Y-%m-%d");
            let line = inert(&t.line(&day.to_string(), lang));
            // It wraps: the head gives it the rows it needs.
            head.push(Line::from(vec![
                Span::styled(lang.t("事由 ", "About "), theme.label()),
                Span::raw(line),
            ]));
        }
        head.extend(super::invite::seats_line(d, lang, theme));
        // The script wraps, whole: up to 4 rows at a time, PgUp / PgDn scroll the rest.
        let script = script_text(w, inner.width, lang, theme);
        let (lines, shown) = script_rows(&script, inner.width);
        let top = w.script_top.min(lines - shown);
        let head = wrapped::paragraph(head, inner.width);
        let head_rows = u16::try_from(head.line_count(inner.width.max(1))).unwrap_or(1);
        let [h, sc, f] = Layout::vertical([
            Constraint::Length(head_rows),
            Constraint::Length(shown),
            Constraint::Min(3),
        ])
        .areas(inner);
        frame.render_widget(head, h);
        frame.render_widget(script.scroll((top, 0)), sc);
        let info = wrapped::lines(work_info(d, form, inner.width, lang, theme), per_row);
        let info_rows = u16::try_from(info.len()).unwrap_or(u16::MAX);
        let mut keys = keymap::hint_line(
            &s.scopes(),
            s.typing(),
            &[
                (Action::Save, "记录本次结果", "record attempt"),
                (Action::NextField, "下一栏", "next"),
                (Action::Back, "返回队列", "back to queue"),
            ],
            lang,
        );
        // On a score: a digit is the score and moves on by itself (a Tab right after it
        // stays on the next question), so the agent need not press Tab.
        if let Some(survey) = &d.survey
            && super::work::on_score(form)
        {
            let scale = format!("1-{}", survey.scale);
            keys = match lang {
                Lang::Zh => format!("{scale} 打分即到下一题  {keys}"),
                Lang::En => format!("{scale} score, moves on  {keys}"),
            };
        }
        if lines > shown {
            // The script's keys first, with where it stands: its rows on screen of all.
            let scroll = keymap::hint_groups(
                &s.scopes(),
                s.typing(),
                &[(&[Action::PageUp, Action::PageDown], "话术", "script")],
                lang,
            );
            keys = format!("{scroll} {}-{}/{lines}  {keys}", top + 1, top + shown);
        }
        // The refusal (and an error too long for its field's row) shows whole, always.
        let said = refusal(form, inner.width, lang, theme);
        let said_rows = match said.is_empty() {
            true => 0,
            false => {
                let said = wrapped::paragraph(said.clone(), inner.width);
                u16::try_from(said.line_count(inner.width.max(1))).unwrap_or(1)
            }
        };
        // The key line wraps rather than lose its last keys, never between a key and its
        // word.
        let keys = crate::text::pack_line(&keys, usize::from(inner.width)).join("\n");
        let keys_rows = keys.lines().count().max(1) as u16;
        let [fields, more, said_at, hint] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(info_rows),
            Constraint::Length(said_rows),
            Constraint::Length(keys_rows),
        ])
        .areas(f);
        // A form taller than its rows scrolls with the focused field; the last row says
        // what is above and below.
        let fields = if form.height() > fields.height && fields.height > 1 {
            let [fields, rest] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(fields);
            let first = form.first_shown(fields.height, w.form_top.get());
            let shown = (first..form.fields.len())
                .take_while(|&i| form.row_of(i, first, fields.height).is_some())
                .count();
            let below = form.fields.len() - first - shown;
            frame.render_widget(
                Paragraph::new(scrolled(first, below, lang)).style(theme.dim()),
                rest,
            );
            fields
        } else {
            fields
        };
        let first = form.first_shown(fields.height, w.form_top.get());
        w.form_top.set(first);
        form.render_fields(frame, fields, lang, theme, first);
        beside_fields(frame, fields, first, d, form, lang, theme);
        frame.render_widget(Paragraph::new(info), more);
        frame.render_widget(wrapped::paragraph(said, said_at.width), said_at);
        frame.render_widget(Paragraph::new(keys).style(theme.dim()), hint);
        return;
    }
    // The title holds the count (it always fits); what the list shows, as `p`, `f`, `s`
    // and `o` chose it, wraps on the first line under it.
    let block = theme.block(&format!(
        "{}  {}",
        lang.t("回访队列", "Callback queue"),
        queue_count(s, lang)
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut counts: Vec<String> = s
        .kind_totals
        .iter()
        .map(|(k, n)| format!("{} {n}", k.label(lang)))
        .collect();
    // Each kind's count is what the list shows filtered to it: a row that holds more tasks
    // of one call (`+1`) counts under each of their kinds, so the counts add up to more
    // than the list's rows, and the line says why.
    if s.kind_totals.iter().map(|(_, n)| n).sum::<usize>() > s.total {
        counts.push(
            lang.t(
                "（+N：同一通电话的其他任务，各计入其类型）",
                "(+N: more tasks of one call, counted under each kind)",
            )
            .to_string(),
        );
    }
    // Every kind's count, wrapped (never cut) between counts, never between a kind and
    // its number: up to half the tab, then the keys.
    let mut lines = vec![Line::from(theme.text(&view_line(s, lang)).into_owned())];
    lines.extend(
        crate::text::pack(&counts, usize::from(inner.width))
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme.label()))),
    );
    let counts_line = wrapped::paragraph(lines, inner.width);
    // (Up to half the tab: a supervisor's English queue of every kind needs 8 rows at
    // 80x24, and a count left off reads as a kind with no tasks.)
    let count_rows = u16::try_from(counts_line.line_count(inner.width.max(1)))
        .unwrap_or(1)
        .clamp(1, (inner.height / 2).max(1));
    let text = match &s.message {
        Some((m, _)) => m.clone(),
        None => {
            let n = s.rows.len();
            let key = |a| crate::ui::keymap::key_in(crate::ui::keymap::Scope::CallbackQueue, a);
            let (f, p) = (
                key(crate::ui::action::Action::Filter),
                key(crate::ui::action::Action::Queue(
                    crate::ui::action::QueueOp::Whose,
                )),
            );
            match lang {
                Lang::Zh if s.total > n => {
                    format!(
                        "共 {} 条，只列出前 {n} 条（{f} 按类型、{p} 按归属缩小范围）",
                        s.total
                    )
                }
                Lang::En if s.total > n => format!(
                    "{} tasks, only the first {n} listed ({f} by kind, {p} by owner narrow it)",
                    s.total
                ),
                Lang::Zh => format!("{n} 条"),
                Lang::En => lang.count(n, "条", "task", "tasks"),
            }
        }
    };
    let style = match &s.message {
        Some((_, true)) => theme.error(),
        Some((_, false)) => theme.ok(),
        None => theme.dim(),
    };
    // The line under the queue (a refusal, what a step did, the count) wraps whole.
    let foot_line = wrapped::paragraph(text, inner.width).style(style);
    let foot_rows = u16::try_from(foot_line.line_count(inner.width.max(1)))
        .unwrap_or(1)
        .clamp(1, (inner.height / 3).max(1));
    // The queue's keys (a supervisor's reassign too) go on a second line rather than be
    // lost, a key never apart from its word.
    let hint = keymap::hint_line(
        &s.scopes(),
        s.typing(),
        &[
            (Action::Open, "领取并处理", "claim & work"),
            (Action::Queue(QueueOp::Release), "退回公共池", "to pool"),
            (Action::Filter, "按类型筛选", "filter kind"),
            (Action::Queue(QueueOp::Whose), "看谁的", "whose tasks"),
            (Action::Queue(QueueOp::Reassign), "指派", "reassign"),
        ],
        lang,
    );
    let keys_lines: Vec<Line> = crate::text::pack_line(&hint, usize::from(inner.width))
        .into_iter()
        .take(2)
        .map(Line::from)
        .collect();
    let keys_rows = keys_lines.len().max(1) as u16;
    let keys_line = Paragraph::new(keys_lines).style(theme.dim());
    let [counts, keys, rows, foot] = Layout::vertical([
        Constraint::Length(count_rows),
        Constraint::Length(keys_rows),
        Constraint::Min(1),
        Constraint::Length(foot_rows),
    ])
    .areas(inner);
    frame.render_widget(counts_line, counts);
    frame.render_widget(keys_line, keys);
    if s.rows.is_empty() {
        frame.render_widget(Paragraph::new(empty_line(s, lang)).style(theme.dim()), rows);
    }
    super::rows::render(s, frame, rows, lang, theme);
    frame.render_widget(foot_line, foot);
    if let Some((r, f)) = &s.assign {
        // A refusal said in the box (who took the task first) wraps onto up to 3 rows.
        let said = f.message_rows(58).max(1);
        let popup = crate::ui::widgets::popup::centered(area, 60, 3 + f.height() + said);
        frame.render_widget(crate::ui::widgets::popup::Cover, popup);
        let block = theme.block(&format!(
            "{}{}{}",
            lang.t("指派任务（主管）", "Reassign (supervisor)"),
            lang.t("：", ": "),
            super::subject(r, lang)
        ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        // The form's keys on its last row, as every other dialog has them.
        let [fields, keys] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Min(1),
            ratatui::layout::Constraint::Length(1),
        ])
        .areas(inner);
        f.render(frame, fields, lang, theme);
        let hint = crate::ui::keymap::form_hint(f, ("确定", "done"), ("取消", "cancel"), lang);
        frame.render_widget(Paragraph::new(hint).style(theme.dim()), keys);
    }
}

/// The task's last try as the work form shows it: `上次 12-01 10:00 1002 陈静 无人接听：…`.
fn last_try<'a>(
    a: &crate::store::callbacks::AttemptRow,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) -> Line<'a> {
    let sep = lang.t("：", ": ");
    let mut text = format!(
        "{} {} {}",
        a.at.with_timezone(&clock.tz()).format("%m-%d %H:%M"),
        inert(a.agent.as_deref().unwrap_or("")),
        crate::domain::callbacks::Outcome::label_of(&a.outcome, lang).unwrap_or(""),
    );
    if let Some(t) = a.call_back_at {
        text.push_str(&format!(
            " {}",
            t.with_timezone(&clock.tz()).format("%m-%d %H:%M")
        ));
    }
    if !a.notes.trim().is_empty() {
        text.push_str(sep);
        text.push_str(&inert(a.notes.trim()));
    }
    Line::from(vec![
        Span::styled(lang.t("上次 ", "Last try "), theme.label()),
        Span::raw(text),
    ])
}

/// What the queue lists, in words: whose tasks, which kind, in which state, in which
/// order (`查看 公共池+我的 · 全部类型 · 待办 · 按到期日排序`).
fn view_line(s: &CallbacksTab, lang: Lang) -> String {
    let kind = s
        .view
        .kind
        .map(|k| k.label(lang))
        .unwrap_or(lang.t("全部类型", "all kinds"));
    let state = s
        .view
        .status
        .map(|st| st.label(lang))
        .unwrap_or(lang.t("待办", "pending"));
    let sort = if s.view.by_priority {
        lang.t("按优先级排序", "sorted by priority")
    } else {
        lang.t("按到期日排序", "sorted by due date")
    };
    format!(
        "{} {} · {kind} · {state} · {sort}",
        lang.t("查看", "Showing"),
        s.whose().label(lang)
    )
}

/// The queue's count in its header: what the list holds (`300 / 430 条` when it stops at
/// its limit) and, for pending tasks, how many of its rows are due — for the default view
/// the status bar's figure.
fn queue_count(s: &CallbacksTab, lang: Lang) -> String {
    let n = s.rows.len();
    let listed = match (lang, s.total > n) {
        (Lang::Zh, true) => format!("{n} / {} 条", s.total),
        (Lang::En, true) => format!("{n} / {} tasks", s.total),
        (Lang::Zh, false) => format!("{n} 条"),
        (Lang::En, false) => lang.count(n, "条", "task", "tasks"),
    };
    match (s.due_in_view, lang) {
        (Some(d), Lang::Zh) => format!("到期 {d} · {listed}"),
        (Some(d), Lang::En) => format!("due {d} · {listed}"),
        (None, _) => listed,
    }
}

/// What an empty list says: nothing due, or (a kind, an owner or a state chosen) nothing in
/// this view, with the keys that change it.
fn empty_line(s: &CallbacksTab, lang: Lang) -> String {
    let v = &s.view;
    if v.kind.is_none() && v.whose.is_none() && v.status.is_none() {
        return lang.t("没有待回访的任务。", "No callbacks due.").into();
    }
    let key = |a| keymap::key_in(keymap::Scope::CallbackQueue, a);
    let (f, p, st) = (
        key(Action::Filter),
        key(Action::Queue(QueueOp::Whose)),
        key(Action::Queue(QueueOp::Status)),
    );
    match lang {
        Lang::Zh => format!("这一视图没有任务（{f} 换类型、{p} 换归属、{st} 换状态）"),
        Lang::En => format!("No task in this view ({f} kind, {p} whose, {st} state)"),
    }
}

/// Rows the script shows at a time.
const SCRIPT_ROWS: u16 = 4;

/// The script to read out (the customer's and the store's names filled in), wrapped.
fn script_text<'a>(w: &super::Work, width: u16, lang: Lang, theme: &Theme) -> Paragraph<'a> {
    let script = w
        .task
        .render(&w.task.script, &w.store_name)
        .replace(['\n', '\r'], " ");
    wrapped::paragraph(
        Line::from(vec![
            Span::styled(lang.t("话术 ", "Script "), theme.label()),
            Span::raw(inert(&script)),
        ]),
        width,
    )
}

/// The script's wrapped rows at this width, and how many of them show at a time.
fn script_rows(script: &Paragraph, width: u16) -> (u16, u16) {
    let lines = u16::try_from(script.line_count(width.max(1)))
        .unwrap_or(u16::MAX)
        .max(1);
    (lines, lines.min(SCRIPT_ROWS))
}

/// The first script row PgDn may bring to the top, with the tab drawn `width` cells wide.
pub(super) fn script_last_top(w: &super::Work, lang: Lang, width: u16) -> u16 {
    let theme = Theme::new(false);
    let width = width.saturating_sub(2);
    let (lines, shown) = script_rows(&script_text(w, width, lang, &theme), width);
    lines - shown
}

/// Where a one-line field's row has room after what it shows: (x, y, cells free), or
/// None when the row is not on screen (the fields from `first` on are shown).
fn room_after(area: Rect, form: &Form, first: usize, i: usize) -> Option<(u16, u16, usize)> {
    let y = area.y + form.row_of(i, first, area.height)?;
    let f = form.fields.get(i)?;
    let label_w = 12u16.min(area.width / 3);
    let shown = if f.text().is_empty() {
        width(f.hint).max(width(f.hint_en))
    } else {
        width(f.text())
    };
    let used = shown.max(3) as u16 + 2;
    let x = area.x + label_w + 1 + used;
    let free = (area.x + area.width).saturating_sub(x) as usize;
    Some((x, y, free))
}

/// Beside the form's fields, whole: what the outcome codes 1–7 mean (on the outcome row and
/// the row kept free under it when they need two), and each survey question in full on its score's row.
fn beside_fields(
    frame: &mut Frame,
    area: Rect,
    first: usize,
    d: &crate::store::callbacks::TaskDetail,
    form: &Form,
    lang: crate::i18n::Lang,
    theme: &Theme,
) {
    if let Some(at) = form.fields.iter().position(|f| f.key == "outcome") {
        let mut items = super::work::OUTCOME_ITEMS
            .iter()
            .map(|(zh, en)| lang.t(zh, en));
        let mut next = items.next();
        // The outcome's row and the rows kept under it: never beside another field.
        let Some((x, top, free)) = room_after(area, form, first, at) else {
            return beside_questions(frame, area, first, d, form);
        };
        for y in top..=top + form.fields[at].below {
            if y >= area.y + area.height {
                break;
            }
            let mut line = String::new();
            while let Some(item) = next {
                let add = if line.is_empty() { 0 } else { 1 } + width(item);
                if width(&line) + add > free {
                    break;
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(item);
                next = items.next();
            }
            draw(frame, x, y, line, theme.dim());
        }
    }
    beside_questions(frame, area, first, d, form);
}

/// One row of text from (x, y), as wide as it is.
fn draw(frame: &mut Frame, x: u16, y: u16, text: String, style: Style) {
    let w = width(&text) as u16;
    frame.render_widget(Paragraph::new(text).style(style), Rect::new(x, y, w, 1));
}

/// Each survey question in full on its score's row.
fn beside_questions(
    frame: &mut Frame,
    area: Rect,
    first: usize,
    d: &crate::store::callbacks::TaskDetail,
    form: &Form,
) {
    let Some(survey) = &d.survey else {
        return;
    };
    for (i, f) in form.fields.iter().enumerate() {
        let Some(q) = f.key.strip_prefix("q:").and_then(|id| survey.question(id)) else {
            continue;
        };
        let text = inert(&q.text);
        if let Some((x, y, free)) = room_after(area, form, first, i)
            && width(&text) <= free
        {
            draw(frame, x, y, text, Style::new());
        }
    }
}

/// Under the work form, wrapped: the survey question with the cursor when it is too long
/// for its row (a store's own longer question); nothing otherwise.
fn work_info<'a>(
    d: &crate::store::callbacks::TaskDetail,
    form: &Form,
    area_width: u16,
    lang: crate::i18n::Lang,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let focused = form.fields.get(form.focus).map(|f| f.key.as_ref());
    if let (Some(survey), Some(id)) = (&d.survey, focused.and_then(|k| k.strip_prefix("q:")))
        && let Some(i) = survey.questions.iter().position(|q| q.id == id)
        && width(&survey.questions[i].text) + 26 > usize::from(area_width)
    {
        let q = &survey.questions[i];
        out.push(Line::from(vec![
            Span::styled(
                format!(
                    "{}{}/{} ",
                    lang.t("问题 ", "Question "),
                    i + 1,
                    survey.questions.len()
                ),
                theme.label(),
            ),
            Span::raw(inert(&q.text)),
        ]));
    }
    out.extend(super::invite::over_line(d, form, lang, theme));
    out
}

/// What the form says about saving, whole: the refusal or note, and the focused field's
/// error when its row is too narrow for it.
fn refusal<'a>(form: &Form, area_width: u16, lang: Lang, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if let Some((m, is_error)) = &form.message {
        let style = if *is_error {
            theme.error()
        } else {
            theme.warn()
        };
        lines.push(Line::from(Span::styled(inert(m), style)));
    }
    // The form draws an error in half the row after the label (see `Form::render_fields`).
    let room = usize::from(area_width.saturating_sub(12u16.min(area_width / 3) + 1) / 2);
    if let Some(f) = form.fields.get(form.focus)
        && let Some(e) = &f.error
        && width(e) + 1 > room
    {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", lang.t(&f.zh, &f.en)), theme.label()),
            Span::styled(inert(e), theme.error()),
        ]));
    }
    lines
}

/// Under a form that scrolls: how many fields are above and below the view.
fn scrolled(above: usize, below: usize, lang: Lang) -> String {
    match (above, below, lang) {
        (a, 0, Lang::Zh) => format!("上面还有 {a} 栏"),
        (0, b, Lang::Zh) => format!("下面还有 {b} 栏"),
        (a, b, Lang::Zh) => format!("上面还有 {a} 栏，下面还有 {b} 栏"),
        (a, 0, Lang::En) => format!("{a} more fields above"),
        (0, b, Lang::En) => format!("{b} more fields below"),
        (a, b, Lang::En) => format!("{a} more fields above, {b} below"),
    }
}
