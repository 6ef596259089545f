//! The frame around every screen: tab bar, status bar, and the overlays (help, global
//! search, quit confirmation, sign-in).

use super::action::{Action, Tab};
use super::app::{App, Overlay};
use super::keymap::Scope;
use super::theme::Level;
use super::widgets::popup::{Cover, centered};
use crate::i18n::Lang;
use crate::text::{fit, inert, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// The smallest terminal the app lays out for.
pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

pub fn render(app: &App, frame: &mut Frame) {
    // Every hint line of this frame is drawn for the signed-in user (keymap::viewing).
    let _viewer = super::keymap::viewing(app.supervisor());
    render_all(app, frame);
    if !app.theme.color {
        // NO_COLOR: whatever a widget brought along, no colour reaches the terminal.
        let buf = frame.buffer_mut();
        for cell in buf.content.iter_mut() {
            cell.fg = ratatui::style::Color::Reset;
            cell.bg = ratatui::style::Color::Reset;
        }
        mark_selected_rows(buf);
    }
}

/// NO_COLOR: besides its reverse video, a selected row gets a text marker, `>` in place of
/// the panel border to its left (the border is decoration; the row's text stays whole).
fn mark_selected_rows(buf: &mut ratatui::buffer::Buffer) {
    use ratatui::style::Modifier;
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left() + 1;
        while x < area.right() {
            // A wide character's hidden second cell counts as its first (a row that
            // starts with a Chinese name).
            let reversed = |x: u16| {
                let on = |x: u16| buf[(x, y)].modifier.contains(Modifier::REVERSED);
                on(x) || (x > area.left() && width(buf[(x - 1, y)].symbol()) > 1 && on(x - 1))
            };
            if !reversed(x) || reversed(x - 1) {
                x += 1;
                continue;
            }
            let run = (x..area.right()).take_while(|&x| reversed(x)).count();
            if run >= 8 && matches!(buf[(x - 1, y)].symbol(), "│" | "|") {
                buf[(x - 1, y)].set_symbol(">");
            }
            x += run as u16;
        }
    }
}

fn render_all(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = match app.lang {
            Lang::Zh => format!(
                "终端太小（{}x{}），请放大到至少 {MIN_W}x{MIN_H}",
                area.width, area.height
            ),
            Lang::En => format!(
                "Terminal too small ({}x{}): please make it at least {MIN_W}x{MIN_H}",
                area.width, area.height
            ),
        };
        frame.render_widget(
            crate::ui::widgets::wrapped::paragraph(msg, area.width),
            area,
        );
        return;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1 + long_message_rows(app, area.width)),
    ])
    .areas(area);
    render_tabs(app, frame, tabs);
    let (lang, theme) = (app.lang, &app.theme);
    match app.tab {
        Tab::Calls => app.calls.render(frame, body, &app.calls_ctx(), theme),
        Tab::Appointments => app
            .appointments
            .render(frame, body, lang, &app.clock, theme),
        Tab::Callbacks => app
            .callbacks
            .render(frame, body, app.lang, &app.clock, theme),
        Tab::Complaints => app.complaints.render(frame, body, &app.clock, theme),
        Tab::Customers => app.customers.render(frame, body, lang, &app.clock, theme),
        Tab::Reports => app
            .reports
            .render(frame, body, lang, app.clock.today(), theme),
        Tab::Desk => app
            .desk
            .render(frame, body, &app.settings, &app.clock, theme),
    }
    render_status(app, frame, status);
    match &app.overlay {
        Some(Overlay::Help) => super::help::render(app, frame, area),
        Some(Overlay::Search(gs)) => render_search(app, gs, frame, area),
        Some(Overlay::ConfirmQuit) => render_confirm(app, frame, area),
        Some(Overlay::RestoreDraft(d)) => render_restore(app, d, frame, area),
        Some(Overlay::Audit(a)) => super::audit::render(
            a,
            frame,
            Rect {
                height: area.height - 1,
                ..area
            },
            app.lang,
            &app.clock,
            &app.templates,
            &app.theme,
        ),
        Some(Overlay::Login { input, error }) => {
            render_login(app, input, error.as_deref(), frame, area)
        }
        Some(Overlay::FirstRun(fr)) => super::first_run::render(fr, frame, area, &app.theme),
        None => {}
    }
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    let padded: Vec<String> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| format!(" {} {} ", i + 1, t.title(app.lang)))
        .collect();
    let needed: usize = padded.iter().map(|l| width(l) + 1).sum();
    // Every tab is always named: when the padded labels do not fit (English at 80
    // columns), they lose their padding rather than the last tabs.
    let labels = if needed <= area.width as usize {
        padded
    } else {
        Tab::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{} {}", i + 1, t.title(app.lang)))
            .collect()
    };
    let needed: usize = labels.iter().map(|l| width(l) + 1).sum();
    if needed + 11 <= area.width as usize {
        spans.push(Span::styled(" frontdesk ", app.theme.title()));
    }
    for (t, label) in Tab::ALL.iter().zip(labels) {
        let style = if *t == app.tab {
            app.theme.tab_active()
        } else {
            app.theme.tab()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status message as shown, with its mark.
fn status_message(app: &App) -> Option<String> {
    app.status.as_ref().map(|(m, err)| {
        let level = if *err { Level::Error } else { Level::Warn };
        let mark = if *err { app.theme.mark(level) } else { "" };
        format!(" {mark}{} ", app.theme.text(m))
    })
}

/// The rows a status message too long for its share of the status line takes above it,
/// wrapped (up to 4), so a refusal or an outcome is read whole, never cut.
fn long_message_rows(app: &App, w: u16) -> u16 {
    let Some(msg) = status_message(app) else {
        return 0;
    };
    let w = usize::from(w.max(1));
    let share = if matches!(app.status, Some((_, true))) {
        w * 2 / 3
    } else {
        w / 3
    };
    // It fits beside the left part shortened as far as it goes.
    let budget = w.saturating_sub(width(&msg));
    let left = super::status_line::left(&status_parts(app), app.lang, budget);
    if width(&msg) <= share && width(&left) + width(&msg) <= w {
        return 0;
    }
    crate::text::wrap_words(msg.trim(), w).len().clamp(1, 4) as u16
}

/// Who, when, which file and the work waiting: the status line's left part.
fn status_parts(app: &App) -> super::status_line::Parts {
    let lang = app.lang;
    let (emp, name, sup) = match &app.agent {
        Some(a) => {
            let sup = match a.role {
                crate::store::agents::Role::Supervisor => lang.t("(主管)", "(sup)"),
                crate::store::agents::Role::Agent => "",
            };
            (a.emp_no.clone(), inert(&a.name), sup)
        }
        None => (lang.t("未登录", "signed out").into(), String::new(), ""),
    };
    let db = app
        .db
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let local = app.clock.local_now();
    // Work waiting: rescue cases to contact (and those past 30 min), callbacks due,
    // complaints past a deadline.
    super::status_line::Parts {
        emp: inert(&emp),
        name,
        sup: sup.into(),
        date: local.format("%m-%d").to_string(),
        time: local.format("%H:%M").to_string(),
        db: inert(&db),
        ro: if app.db.is_read_only() {
            lang.t(" 只读", " read-only").into()
        } else {
            String::new()
        },
        rescues: app.rescue_counts,
        callbacks: app.callbacks_due,
        callbacks_all: app
            .agent
            .as_ref()
            .is_some_and(|a| a.role == crate::store::agents::Role::Supervisor),
        overdue: app.complaints.overdue(),
    }
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let extra = area.height.saturating_sub(1);
    let area = if extra > 0 {
        let [above, line] =
            Layout::vertical([Constraint::Length(extra), Constraint::Length(1)]).areas(area);
        let style = match &app.status {
            Some((_, true)) => app.theme.error(),
            _ => app.theme.ok(),
        };
        frame.render_widget(Clear, above);
        let msg = status_message(app).unwrap_or_default();
        let mut lines = crate::ui::widgets::wrapped::line(
            Line::from(msg.trim().to_string()),
            usize::from(area.width),
        );
        if lines.len() > usize::from(extra) {
            // More than the rows it may take: the last row shown says it goes on.
            let rest: String = lines[usize::from(extra) - 1..]
                .iter()
                .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
                .collect();
            lines.truncate(usize::from(extra) - 1);
            lines.push(Line::from(fit(&rest, usize::from(area.width), false)));
        }
        frame.render_widget(Paragraph::new(lines).style(style), above);
        line
    } else {
        area
    };
    let parts = status_parts(app);
    let right = match status_message(app) {
        Some(m) if extra == 0 => m,
        // A tab's load runs on the loads thread and takes long.
        _ if app.loading() => lang.t(" 计算中… ", " Computing… ").to_string(),
        _ => {
            // While a field takes typing, `?` is text: the key named is one that still
            // opens the help there (F1).
            let (mut scopes, typing) = app.tab_scopes();
            scopes.push(Scope::Global);
            let help = crate::ui::keymap::key_for(&scopes, typing, crate::ui::action::Action::Help)
                .unwrap_or_default();
            match lang {
                Lang::Zh => format!(" {help}帮助 "),
                Lang::En => format!(" {help} help "),
            }
        }
    };
    let w = area.width as usize;
    // Who, when, which file and the counters come first, shortened as the width needs;
    // a message gets what is left.
    // An error may take two thirds of the line (the left part shortens); others a third.
    let share = if extra == 0 && matches!(app.status, Some((_, true))) {
        w * 2 / 3
    } else {
        w / 3
    };
    let budget = w.saturating_sub(width(&right).min(share));
    let left = super::status_line::left(&parts, lang, budget);
    let right_w = width(&right).min(w.saturating_sub(width(&left)).max(w / 4));
    let left_w = w - right_w;
    let right_style = match &app.status {
        Some((_, true)) if extra == 0 => app.theme.error(),
        Some((_, false)) if extra == 0 => app.theme.ok(),
        _ => app.theme.status(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(fit(&left, left_w, true), app.theme.status()),
            Span::styled(fit(&right, right_w, true), right_style),
        ])),
        area,
    );
}

fn render_search(app: &App, gs: &super::app::GlobalSearch, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let popup = centered(area, 76, 16);
    frame.render_widget(Cover, popup);
    let block = app
        .theme
        .block(lang.t("查找客户/车辆", "Find a customer or vehicle"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [field, rows] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    let label = lang.t("查找：", "Find: ");
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(label, app.theme.key()),
                Span::raw(inert(gs.input.value())),
            ]),
            Line::from(Span::styled(
                format!(
                    "{}  {}",
                    lang.t(
                        "姓名/拼音/手机/车牌/车架号/日期",
                        "name/pinyin/phone/plate/VIN/date"
                    ),
                    // The keys from the key table, like every hint line.
                    crate::ui::keymap::hint_line(
                        &[Scope::SearchPopup],
                        true,
                        &[
                            (Action::Open, "打开", "open"),
                            (Action::Back, "关闭", "close"),
                        ],
                        lang,
                    )
                ),
                app.theme.dim(),
            )),
        ]),
        field,
    );
    let x = field.x + width(label) as u16 + gs.input.visual_cursor() as u16;
    frame.set_cursor_position(Position::new(
        x.min(field.right().saturating_sub(1)),
        field.y,
    ));
    let w = rows.width as usize;
    for (i, h) in gs.hits.iter().take(rows.height as usize).enumerate() {
        let line = super::widgets::hit::hit_line(h);
        let style = if i == gs.selected {
            app.theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        frame.render_widget(
            Paragraph::new(fit(&line, w, true)).style(style),
            Rect {
                y: rows.y + i as u16,
                height: 1,
                ..rows
            },
        );
    }
}

fn render_confirm(app: &App, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 50, 5);
    frame.render_widget(Cover, popup);
    let block = app.theme.block(app.lang.t("退出？", "Quit?"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(app.lang.t(
                "表单有未保存的内容，确定退出吗？",
                "A form has unsaved input. Quit anyway?",
            )),
            Line::from(Span::styled(
                answer_keys(
                    app.lang,
                    ("退出并放弃", "quit and discard"),
                    ("返回", "go back"),
                ),
                app.theme.key(),
            )),
        ]),
        inner,
    );
}

/// The answer keys of a yes/no overlay (quit, restore a draft), from the key table's
/// `Confirm` scope: "y 恢复  n 丢弃".
fn answer_keys(
    lang: Lang,
    yes: (&'static str, &'static str),
    no: (&'static str, &'static str),
) -> String {
    super::keymap::hint_line(
        &[Scope::Confirm],
        false,
        &[(Action::Yes, yes.0, yes.1), (Action::No, no.0, no.1)],
        lang,
    )
}

fn render_login(
    app: &App,
    input: &tui_input::Input,
    error: Option<&str>,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = app.lang;
    // Room for a refusal that names its reason and the fix (wrapped below).
    let popup = centered(area, 50, if error.is_some() { 9 } else { 6 });
    frame.render_widget(Cover, popup);
    let block = app.theme.block(lang.t("登录", "Sign in"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let label = lang.t("工号：", "Employee no.: ");
    let mut lines = vec![Line::from(vec![
        Span::styled(label, app.theme.key()),
        Span::raw(inert(input.value())),
    ])];
    if let Some(e) = error {
        lines.push(Line::from(Span::styled(e.to_string(), app.theme.error())));
    } else {
        let enter = super::keymap::key_in(Scope::Login, Action::Open);
        lines.push(Line::from(Span::styled(
            match lang {
                Lang::Zh => format!("输入工号后按 {enter}"),
                Lang::En => format!("Type your employee number, then {enter}"),
            },
            app.theme.dim(),
        )));
    }
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(lines, inner.width),
        inner,
    );
    let x = inner.x + width(label) as u16 + input.visual_cursor() as u16;
    frame.set_cursor_position(Position::new(x, inner.y));
}

fn render_restore(app: &App, d: &crate::store::drafts::DraftRecord, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let popup = centered(area, 60, 6);
    frame.render_widget(Cover, popup);
    let block = app
        .theme
        .block(lang.t("恢复未完成的表单？", "Restore an unfinished form?"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let what = crate::ui::drafts::kinds_said(&d.kind, lang);
    let when = app.clock.fmt_local(d.saved_at);
    let text = match lang {
        Lang::Zh => format!("上次在 {when} 有一份未保存的{what}。"),
        Lang::En => format!("You left {what} unsaved at {when}."),
    };
    // The sentence wraps (a long form's name, English): the time is never cut off.
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(
            vec![
                Line::from(text),
                Line::from(Span::styled(
                    answer_keys(lang, ("恢复", "restore"), ("丢弃", "discard")),
                    app.theme.key(),
                )),
            ],
            inner.width,
        ),
        inner,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn an_overlays_answer_keys_are_the_keys_that_answer_it() {
        let line = answer_keys(Lang::Zh, ("恢复", "restore"), ("丢弃", "discard"));
        assert_eq!(line, "y 恢复  n 丢弃");
        let en = answer_keys(Lang::En, ("恢复", "restore"), ("丢弃", "discard"));
        assert_eq!(en, "y restore  n discard");
        for (c, action) in [('y', Action::Yes), ('n', Action::No)] {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(
                super::super::keymap::lookup(&[Scope::Confirm], &key, false),
                Some(action)
            );
        }
    }
}
