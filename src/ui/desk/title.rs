//! Dialog titles that name the record they act on (customer, plate, case number or the
//! record's own title), cut by display width to the frame they head.

use crate::i18n::Lang;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::widgets::Block;

/// `what` is done to `record`: "验证整改：#12 …" / "Verify the action: #12 …".
pub fn named(what: &str, record: &str, lang: Lang) -> String {
    let record = record.trim();
    if record.is_empty() {
        return what.to_string();
    }
    format!("{what}{}{record}", lang.t("：", ": "))
}

/// A bordered block over `area` titled `title`, cut to the cells the border leaves (a cut
/// ends in `~`; a wide character is never halved).
pub fn block(theme: &Theme, title: &str, area: Rect) -> Block<'static> {
    // The two corners and the space either side of the title.
    let room = usize::from(area.width).saturating_sub(4);
    theme.block(&crate::text::fit(title, room, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn a_long_chinese_title_is_cut_by_width_to_whole_characters_in_its_frame() {
        let theme = Theme::new(false);
        let title = named(
            "验证整改",
            &format!("#12 {}", "前台接待".repeat(20)),
            Lang::Zh,
        );
        let area = Rect::new(0, 0, 31, 3);
        let text =
            crate::ui::desk::testing::draw(|f| f.render_widget(block(&theme, &title, area), area));
        let top = text.lines().next().unwrap_or_default().trim_end();
        // " title " between the corners: the cut ends in `~`, the right corner stays.
        assert!(top.starts_with("┌ 验证整改：#12 前台接待"), "{top}");
        assert!(top.ends_with("~ ┐"), "{top}");
        assert_eq!(width(top), 31, "{top}");
        assert_eq!(named("New", "  ", Lang::En), "New");
        assert_eq!(named("Verify", "#3 x", Lang::En), "Verify: #3 x");
    }
}
