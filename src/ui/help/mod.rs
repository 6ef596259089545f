//! The help overlay (`?`/F1): every key of the screen under it, from the one key table
//! (in a form, only the keys that work in that form; for an agent, not the steps only a
//! supervisor may take), under why a key file was not used when one was refused. Each
//! key's description wraps beside it, never cut; when the list is longer than the screen,
//! ↑/↓ and PgUp/PgDn (Home/End) scroll it and its last line says which lines are shown.
//! Any other key closes it.

use super::action::Action;
use super::app::App;
use super::keymap;
use crate::i18n::Lang;
use crate::text::{width, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The popup's widest: room for a key column and a description beside it.
const WIDTH: u16 = 76;
/// The key column's widest; a longer list of keys wraps in it.
const KEY_W: usize = 22;

/// Where the help is drawn on a screen `area`, and its parts.
struct Layout {
    popup: Rect,
    /// The rows of keys shown at once.
    visible: usize,
    /// The help's lines, wrapped to the popup's width.
    lines: Vec<Line<'static>>,
}

impl Layout {
    fn new(app: &App, area: Rect) -> Layout {
        let w = area.width.min(WIDTH);
        let lines = lines(app, usize::from(w.saturating_sub(2)));
        // Two rows for the border, one for the line that says how to scroll and close;
        // the tab bar and the status line stay in view.
        let most = area.height.saturating_sub(2);
        let h = (lines.len() as u16 + 3).min(most);
        let popup = super::widgets::popup::centered(area, w, h);
        Layout {
            popup,
            visible: usize::from(h.saturating_sub(3)),
            lines,
        }
    }

    fn max_scroll(&self) -> usize {
        self.lines.len().saturating_sub(self.visible)
    }
}

/// The key table's rows for the screen under the overlay: the keys (wrapped in their
/// column) and the description (wrapped beside them), continuation lines indented. An
/// agent is not shown the steps only a supervisor may take.
fn lines(app: &App, inner_w: usize) -> Vec<Line<'static>> {
    let (scopes, typing) = app.tab_scopes();
    let bindings = keymap::help_bindings(&scopes, typing, app.supervisor());
    let labels: Vec<String> = bindings
        .iter()
        .map(|(_, keys)| app.theme.text(&keymap::keys_label(keys)).into_owned())
        .collect();
    let key_w = labels
        .iter()
        .map(|l| width(l))
        .max()
        .unwrap_or(0)
        .min(KEY_W)
        + 2;
    let desc_w = inner_w.saturating_sub(key_w).max(10);
    let mut out = Vec::new();
    // What start said (a file every user may read, a key file refused): whole, above the
    // keys.
    for note in &app.start_notes {
        for l in wrap(&app.theme.text(note), inner_w.max(10)) {
            out.push(Line::from(Span::styled(l, app.theme.error())));
        }
        out.push(Line::default());
    }
    for ((binding, _), label) in bindings.iter().zip(&labels) {
        let keys = wrap(label, key_w - 2);
        let desc = wrap(&app.theme.text(binding.desc(app.lang)), desc_w);
        for i in 0..keys.len().max(desc.len()) {
            let k = keys.get(i).map_or("", String::as_str);
            let pad = " ".repeat(key_w.saturating_sub(width(k)));
            out.push(Line::from(vec![
                Span::styled(format!("{k}{pad}"), app.theme.key()),
                Span::raw(desc.get(i).cloned().unwrap_or_default()),
            ]));
        }
    }
    out
}

/// The last line: how to scroll (when there is more) and that other keys close.
fn footer(lang: Lang, first: usize, last: usize, total: usize) -> String {
    if last >= total && first == 0 {
        return lang.t("任意键关闭", "Any key closes").to_string();
    }
    // The scrolling keys as the key table has them.
    let scroll = keymap::hint_groups(
        &[keymap::Scope::Help],
        false,
        &[(
            &[Action::Up, Action::Down, Action::PageUp, Action::PageDown],
            "翻看",
            "scroll",
        )],
        lang,
    );
    match lang {
        Lang::Zh => format!(
            "第 {}–{last} 行，共 {total} 行  {scroll}  其他键关闭",
            first + 1
        ),
        Lang::En => format!(
            "Lines {}–{last} of {total}  {scroll}  other keys close",
            first + 1
        ),
    }
}

/// A key while help is open (its action in `Scope::Help`): scrolls it, or closes it
/// (false).
pub fn key(app: &mut App, action: Option<Action>) -> bool {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let layout = Layout::new(app, area);
    let page = layout.visible.max(1);
    let max = layout.max_scroll();
    let at = app.help_scroll.min(max);
    app.help_scroll = match action {
        Some(Action::Up) => at.saturating_sub(1),
        Some(Action::Down) => (at + 1).min(max),
        Some(Action::PageUp) => at.saturating_sub(page),
        Some(Action::PageDown) => (at + page).min(max),
        Some(Action::Home) => 0,
        Some(Action::End) => max,
        _ => {
            app.help_scroll = 0;
            return false;
        }
    };
    true
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let layout = Layout::new(app, area);
    let popup = layout.popup;
    frame.render_widget(super::widgets::popup::Cover, popup);
    let block = app.theme.block(lang.t("按键帮助", "Keys"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let first = app.help_scroll.min(layout.max_scroll());
    let last = (first + layout.visible).min(layout.lines.len());
    let shown: Vec<Line> = layout.lines[first..last].to_vec();
    let list = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(shown), list);
    let foot = Rect {
        y: inner.bottom().saturating_sub(1),
        height: 1.min(inner.height),
        ..inner
    };
    let text = footer(lang, first, last, layout.lines.len());
    frame.render_widget(
        Paragraph::new(Span::styled(
            app.theme.text(&text).into_owned(),
            app.theme.dim(),
        )),
        foot,
    );
}
