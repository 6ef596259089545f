//! Text made safe and fitted for the terminal: stored text never carries escape sequences
//! to the screen, and columns are measured in display cells (a Chinese character is 2).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Replaces control characters (C0, DEL, C1), bidirectional overrides and zero-width
/// characters with a visible stand-in, so stored text is inert wherever it is printed. The
/// one exception is a zero-width joiner between two emoji (👨‍👩‍👧): there it joins them into
/// one glyph and can hide nothing.
pub fn inert(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            ZWJ if joins_emoji(&chars, i) => ZWJ,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                '\u{FFFD}'
            }
            '\u{FEFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

const ZWJ: char = '\u{200D}';

/// True when the joiner at `i` follows an emoji (or its variation selector or skin tone)
/// and precedes an emoji: an emoji ZWJ sequence.
fn joins_emoji(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
    let after = chars.get(i + 1).copied();
    matches!(before, Some(b) if emoji(b) || b == '\u{FE0F}') && after.is_some_and(emoji)
}

/// Pictographic emoji (a conservative set of Extended_Pictographic blocks, with the skin
/// tones and the symbols used in ZWJ sequences such as ♀ ♂ ⚕ ❤).
fn emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{2300}'..='\u{23FF}')
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` in lines of at most `w` cells (a Chinese character is 2), broken between words where
/// it can and inside a word (or a run of Chinese) where it must: nothing is cut off.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    if s.is_empty() {
        return vec![String::new()];
    }
    let opts = textwrap::Options::new(w.max(1)).break_words(true);
    textwrap::wrap(s, opts)
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// Like [`wrap`], but a word is never broken at its hyphens (`11-25`, `0757-26608328`
/// stay whole) unless it is wider than a line.
pub fn wrap_words(s: &str, w: usize) -> Vec<String> {
    if s.is_empty() {
        return vec![String::new()];
    }
    let opts = textwrap::Options::new(w.max(1))
        .break_words(true)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(s, opts)
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// `s` after `lead`, wrapped whole (as [`wrap_words`]) in lines of `w` cells, the lines
/// after the first indented under it.
pub fn hang(lead: &str, s: &str, w: usize) -> Vec<String> {
    let indent = width(lead);
    wrap_words(s, w.saturating_sub(indent).max(10))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let lead = if i == 0 {
                lead.to_string()
            } else {
                " ".repeat(indent)
            };
            format!("{lead}{part}")
        })
        .collect()
}

/// `items` side by side in lines of `w` cells, two spaces apart: an item is never split
/// between lines (one wider than a line has a line of its own, and wraps there).
pub fn pack(items: &[String], w: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        match out.last_mut() {
            Some(line) if width(line) + 2 + width(item) <= w => {
                line.push_str("  ");
                line.push_str(item);
            }
            _ => out.push(item.clone()),
        }
    }
    out
}

/// Cuts `s` to at most `max` cells, ending with `~` when cut; pads with spaces to `max`
/// when `pad` is set.
pub fn fit(s: &str, max: usize, pad: bool) -> String {
    let mut out = String::new();
    let mut w = 0;
    let total = width(s);
    // By grapheme, so an emoji ZWJ sequence is measured and cut as the one glyph it is.
    for g in s.graphemes(true) {
        let cw = width(g);
        let reserve = if total > max { 1 } else { 0 };
        if w + cw + reserve > max {
            if total > max && w < max {
                out.push('~');
                w += 1;
            }
            break;
        }
        out.push_str(g);
        w += cw;
    }
    if pad {
        out.extend(std::iter::repeat_n(' ', max.saturating_sub(w)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_words_keeps_dates_and_numbers_whole() {
        let s = "moved booking #1 from 11-24 10:00 to 11-25 14:00, phone 0757-26608328";
        let lines = wrap_words(s, 30);
        assert!(lines.iter().all(|l| width(l) <= 30), "{lines:?}");
        for word in ["11-24", "11-25", "0757-26608328"] {
            assert!(lines.iter().any(|l| l.contains(word)), "{word}: {lines:?}");
        }
        assert_eq!(lines.join(" "), s);
    }

    #[test]
    fn wrap_keeps_every_word_within_the_width() {
        let zh = "改期（保留历史；主管可超额预约，需写明原因并记入审计）";
        let lines = wrap(zh, 20);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(lines.concat(), zh);
        let en = "Reschedule (history kept; supervisors may overbook with a reason)";
        let lines = wrap(en, 24);
        assert!(lines.iter().all(|l| width(l) <= 24), "{lines:?}");
        assert_eq!(lines.join(" "), en);
    }

    #[test]
    fn escapes_never_pass() {
        let s = inert("a\x1b[2Jb\x1b]52;c;Zm9v\x07c\u{9b}d\u{202E}e\u{200B}f\rg\u{8}h");
        assert!(!s.chars().any(|c| c.is_control()));
        assert!(!s.contains('\u{202E}') && !s.contains('\u{200B}'));
        assert!(s.starts_with('a') && s.ends_with('h'));
    }

    #[test]
    fn emoji_joined_by_zwj_stay_one_glyph_and_other_joiners_do_not() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(inert(family), family);
        assert_eq!(width(&inert(family)), 2);
        // With variation selector: ❤️‍🔥; the rainbow flag 🏳️‍🌈.
        assert_eq!(inert("❤\u{FE0F}\u{200D}🔥"), "❤\u{FE0F}\u{200D}🔥");
        assert_eq!(inert("🏳\u{FE0F}\u{200D}🌈"), "🏳\u{FE0F}\u{200D}🌈");
        // A joiner between letters, at an end, or next to a bidi override hides things.
        assert_eq!(inert("a\u{200D}b"), "a\u{FFFD}b");
        assert_eq!(inert("👨\u{200D}"), "👨\u{FFFD}");
        assert_eq!(inert("\u{200D}👨"), "\u{FFFD}👨");
        assert_eq!(inert("👨\u{200D}\u{202E}👩"), "👨\u{FFFD}\u{FFFD}👩");
        assert_eq!(inert("👨\u{200B}👩"), "👨\u{FFFD}👩");
        assert_eq!(inert("张\u{200D}三"), "张\u{FFFD}三");
    }

    #[test]
    fn a_zwj_family_renders_as_one_cell_pair_in_ratatui() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        use ratatui::widgets::Paragraph;
        let name = inert("王👨\u{200D}👩\u{200D}👧x");
        let mut t = Terminal::new(TestBackend::new(8, 1)).unwrap();
        t.draw(|f| f.render_widget(Paragraph::new(name.as_str()), f.area()))
            .unwrap();
        let buf = t.backend().buffer();
        assert_eq!(buf[(0, 0)].symbol(), "王");
        assert_eq!(buf[(2, 0)].symbol(), "👨\u{200D}👩\u{200D}👧");
        assert_eq!(buf[(4, 0)].symbol(), "x");
        assert!((0..8).all(|x| !buf[(x, 0)].symbol().contains('\u{FFFD}')));
    }

    #[test]
    fn fits_by_cells() {
        assert_eq!(fit("张三丰", 6, false), "张三丰");
        assert_eq!(fit("张三丰", 5, false), "张三~");
        assert_eq!(fit("ab", 4, true), "ab  ");
        assert_eq!(width(&fit("欧阳娜娜娜", 7, true)), 7);
        assert_eq!(fit("", 3, true), "   ");
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(fit(&format!("{family}ab"), 4, true), format!("{family}ab"));
        assert_eq!(
            fit(&format!("a{family}{family}"), 4, false),
            format!("a{family}~")
        );
    }
}
