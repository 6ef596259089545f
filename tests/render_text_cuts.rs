//! Text an agent reads is shown whole (issue 18, point 4), the cases a new receptionist
//! met, at 80x24 on a demo store: a template's long English label beside its field, a
//! booking's confirmation never split inside a time or a plate, and a status message that
//! does not fit beside the status line's left part.

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::app::App;
use support::demo::demo_app;
use support::screen::draw;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The text inside the outer border of each row, its ends trimmed.
fn inner(screen: &str) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
        .collect()
}

fn han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Rows where a line break falls inside a time, a number or a plate: the row ends with a
/// digit and the next starts with a digit or `:`, or it ends with a Chinese character and
/// the next starts with a capital letter and digits (`粤` / `B69510`).
fn split_tokens(rows: &[String]) -> Vec<String> {
    rows.windows(2)
        .filter(|w| {
            let (Some(a), Some(b)) = (w[0].chars().last(), w[1].chars().next()) else {
                return false;
            };
            let plate = han(a)
                && b.is_ascii_uppercase()
                && w[1]
                    .chars()
                    .nth(1)
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            (a.is_ascii_digit() && (b.is_ascii_digit() || b == ':')) || plate
        })
        .map(|w| format!("{} / {}", w[0], w[1]))
        .collect()
}

#[test]
fn a_templates_long_english_label_reads_whole_beside_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En, "1002");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "Service station");
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(
        screen.contains("*Station phone or address given "),
        "the label whole, a blank before its value:\n{screen}"
    );
    assert!(screen.contains("*Station region "), "{screen}");
    assert!(!screen.contains("address~"), "{screen}");
}

#[test]
fn a_bookings_confirmation_never_splits_a_time_or_a_plate() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang, "1002");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('2'));
        // Each booking of three days, opened in turn.
        let mut seen = 0;
        for _day in 0..3 {
            for i in 0..6 {
                key(&mut app, KeyCode::Enter);
                let screen = draw(&app);
                if !screen.contains(lang.t("确认", "onfirm")) {
                    break;
                }
                seen += 1;
                // The confirmation's rows: from its label to the history's.
                let rows = inner(&screen);
                let from = rows.iter().position(|r| {
                    ["确认预览", "确认短信", "To confirm", "Confirmation"]
                        .iter()
                        .any(|l| r.starts_with(l))
                });
                let to = rows.iter().position(|r| r == lang.t("记录", "History"));
                let (Some(from), Some(to)) = (from, to) else {
                    panic!("no confirmation:\n{screen}");
                };
                let bad = split_tokens(&rows[from..to]);
                assert!(bad.is_empty(), "booking {i}: {bad:?}\n{screen}");
                key(&mut app, KeyCode::Esc);
                key(&mut app, KeyCode::Down);
            }
            key(&mut app, KeyCode::Char(']'));
        }
        assert!(seen > 0, "no booking opened:\n{}", draw(&app));
    }
}

#[test]
fn an_over_long_status_message_wraps_above_the_status_line_whole() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        // An agent: the audit log (F9) is refused with a sentence.
        let mut app = demo_app(dir.path(), lang, "1002");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::F(9));
        let (msg, _) = app.status.clone().expect("a refusal");
        let screen = draw(&app);
        let joined: String = inner(&screen).concat().replace(' ', "");
        assert!(
            joined.contains(&msg.replace(' ', "")),
            "cut: {msg}\n{screen}"
        );
        assert!(!screen.contains('~'), "{screen}");
    }
}
