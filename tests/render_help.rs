//! Text an agent must read is shown whole (issue 18, point 4): the help overlay at 80x24
//! wraps each key's description and scrolls (↑/↓, PgUp/PgDn, Home/End) when the keys of a
//! screen do not fit, in both languages; any other key closes it; in a form it lists only
//! the keys that work there.

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::action::Action;
use frontdesk::ui::app::{App, Overlay};
use frontdesk::ui::keymap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use support::demo::demo_app;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn buffer(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    t.backend().buffer().clone()
}

/// The rows inside the help popup (its border found by its title), the last one being
/// the line on scrolling and closing.
fn help_rows(buf: &Buffer, lang: Lang) -> Vec<String> {
    let title = lang.t("按键帮助", "Keys");
    let area = buf.area;
    let row_text = |r: Rect| {
        let mut sub = Buffer::empty(Rect::new(0, 0, r.width, 1));
        for x in r.left()..r.right() {
            sub[(x - r.x, 0)] = buf[(x, r.y)].clone();
        }
        frontdesk::ui::testing::screen_text(&sub)
            .trim_end_matches('\n')
            .to_string()
    };
    for y in 0..area.height {
        for x in 0..area.width {
            if buf[(x, y)].symbol() != "┌" {
                continue;
            }
            let after = row_text(Rect::new(x, y, (area.width - x).min(12), 1));
            if !after.starts_with(&format!("┌ {title} ")) {
                continue;
            }
            let right = (x + 1..area.width)
                .find(|&r| buf[(r, y)].symbol() == "┐")
                .unwrap();
            let bottom = (y + 1..area.height)
                .find(|&b| buf[(x, b)].symbol() == "└")
                .unwrap();
            // The borders are whole: no line of the popup breaks them.
            let screen = frontdesk::ui::testing::screen_text(buf);
            for b in y + 1..bottom {
                assert_eq!(buf[(x, b)].symbol(), "│", "row {b}\n{screen}");
                assert_eq!(buf[(right, b)].symbol(), "│", "row {b}\n{screen}");
            }
            return (y + 1..bottom)
                .map(|b| row_text(Rect::new(x + 1, b, right - x - 1, 1)))
                .collect();
        }
    }
    panic!("no help popup on screen")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Opens help on the app's screen and reads every line of it, scrolling down one line at
/// a time; checks that each key of the screen and its whole description are there, and
/// nothing is cut with `~`. Returns (lines, whether it scrolled).
fn read_all_help(app: &mut App, lang: Lang, open: KeyCode) -> (Vec<String>, bool) {
    let (scopes, typing) = app.tab_scopes();
    // An agent is not shown the steps only a supervisor may take.
    let supervisor = app
        .agent
        .as_ref()
        .is_some_and(|a| a.role == frontdesk::store::agents::Role::Supervisor);
    let bindings = keymap::help_bindings(&scopes, typing, supervisor);
    key(app, open);
    assert!(matches!(app.overlay, Some(Overlay::Help)));
    let first = help_rows(&buffer(app), lang);
    let (foot, rows) = first.split_last().unwrap();
    let mut lines: Vec<String> = rows.to_vec();
    let scrolls = foot.contains(lang.t("翻看", "scroll"));
    let mut last = first.clone();
    loop {
        key(app, KeyCode::Down);
        assert!(matches!(app.overlay, Some(Overlay::Help)), "↓ closed help");
        let now = help_rows(&buffer(app), lang);
        if now == last {
            break;
        }
        lines.push(now[now.len() - 2].clone());
        last = now;
    }
    let text = squash(&lines.join(""));
    for line in &lines {
        assert!(!line.contains('~'), "cut: {line}");
    }
    for (b, keys) in &bindings {
        let desc = squash(b.desc(lang));
        assert!(
            text.contains(&desc),
            "`{desc}` not whole in help:\n{lines:#?}"
        );
        let label = squash(&keymap::keys_label(keys));
        assert!(text.contains(&label), "`{label}` not in help:\n{lines:#?}");
    }
    (lines, scrolls)
}

#[test]
fn help_wraps_and_scrolls_at_80x24_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang, "1001");
        // A booking open: more keys than the screen has rows.
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('2'));
        key(&mut app, KeyCode::Enter);
        assert!(
            app.appointments
                .scopes()
                .contains(&keymap::Scope::AppointmentDetail)
        );
        let (lines, scrolls) = read_all_help(&mut app, lang, KeyCode::Char('?'));
        assert!(scrolls, "the booking's keys fit at 80x24?\n{lines:#?}");
        assert!(lines.len() > 20, "{lines:#?}");
        // A description longer than its column wraps under itself.
        let long = keymap::bindings_for(&app.tab_scopes().0, false)
            .into_iter()
            .map(|(b, _)| b.desc(lang))
            .max_by_key(|d| frontdesk::text::width(d))
            .unwrap();
        let continued = lines.iter().filter(|l| l.starts_with("    ")).count();
        if lang == Lang::En {
            assert!(frontdesk::text::width(long) > 50, "{long}");
            assert!(continued > 0, "{lines:#?}");
        }
        // PgDn, End, PgUp and Home move by a page and to the ends; the footer says where.
        let top = help_rows(&buffer(&app), lang);
        key(&mut app, KeyCode::Home);
        let home = help_rows(&buffer(&app), lang);
        assert_ne!(top, home);
        let total = lines.len();
        let page = home.len() - 1;
        let footer = |rows: &[String]| rows.last().unwrap().clone();
        assert!(
            footer(&home).contains(&match lang {
                Lang::Zh => format!("第 1–{page} 行，共 {total} 行"),
                Lang::En => format!("Lines 1–{page} of {total}"),
            }),
            "{home:#?}"
        );
        key(&mut app, KeyCode::PageDown);
        let down = help_rows(&buffer(&app), lang);
        assert_eq!(down[0], lines[page.min(total - page)], "{down:#?}");
        key(&mut app, KeyCode::End);
        let end = help_rows(&buffer(&app), lang);
        assert_eq!(end[page - 1], lines[total - 1]);
        key(&mut app, KeyCode::PageUp);
        key(&mut app, KeyCode::PageUp);
        key(&mut app, KeyCode::PageUp);
        assert_eq!(help_rows(&buffer(&app), lang), home);
        // Any other key closes it, and help opens at the top again.
        key(&mut app, KeyCode::End);
        key(&mut app, KeyCode::Char('x'));
        assert!(app.overlay.is_none());
        key(&mut app, KeyCode::F(1));
        assert_eq!(help_rows(&buffer(&app), lang), home);
        key(&mut app, KeyCode::Esc);
        assert!(app.overlay.is_none());

        // The knowledge page (a list with many keys) and the calls list.
        for keys in [
            &[KeyCode::Char('7'), KeyCode::Right][..],
            &[KeyCode::Char('1')],
        ] {
            for k in keys {
                key(&mut app, *k);
            }
            read_all_help(&mut app, lang, KeyCode::Char('?'));
            key(&mut app, KeyCode::Esc);
            key(&mut app, KeyCode::Esc);
        }
    }
}

#[test]
fn help_in_the_booking_form_lists_only_its_keys() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang, "1002");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('2'));
        key(&mut app, KeyCode::Char('n'));
        assert!(app.appointments.typing(), "the booking form is open");
        let (lines, _) = read_all_help(&mut app, lang, KeyCode::F(1));
        let text = lines.join("\n");
        // Letters, digits and Tab type or move in a form: no tab switching, no `q` (but
        // Ctrl-Q, listed under its own words), no `?`.
        for gone in [Action::NextTab, Action::PrevTab] {
            let b = keymap::BINDINGS.iter().find(|b| b.action == gone).unwrap();
            assert!(
                !text.contains(b.desc(lang)),
                "{gone:?} offered in a form:\n{text}"
            );
        }
        assert!(
            !text.contains("? / F1") && !text.contains("q / Ctrl-Q"),
            "{text}"
        );
        assert!(text.contains("Ctrl-S"), "{text}");
        key(&mut app, KeyCode::Esc);
        assert!(app.overlay.is_none());
        assert!(
            app.appointments.typing(),
            "closing help leaves the form open"
        );
    }
}
