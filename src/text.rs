//! Text made safe and fitted for the terminal: stored text never carries escape sequences
//! to the screen, and columns are measured in display cells (a Chinese character is 2).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces control characters (C0, DEL, C1), bidirectional overrides and zero-width
/// characters with a visible stand-in, so stored text is inert wherever it is printed.
pub fn inert(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                '\u{FFFD}'
            }
            '\u{FEFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` cells, ending with `~` when cut; pads with spaces to `max`
/// when `pad` is set.
pub fn fit(s: &str, max: usize, pad: bool) -> String {
    let mut out = String::new();
    let mut w = 0;
    let total = width(s);
    for c in s.chars() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        let reserve = if total > max { 1 } else { 0 };
        if w + cw + reserve > max {
            if total > max && w < max {
                out.push('~');
                w += 1;
            }
            break;
        }
        out.push(c);
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
    fn escapes_never_pass() {
        let s = inert("a\x1b[2Jb\x1b]52;c;Zm9v\x07c\u{9b}d\u{202E}e\u{200B}f\rg\u{8}h");
        assert!(!s.chars().any(|c| c.is_control()));
        assert!(!s.contains('\u{202E}') && !s.contains('\u{200B}'));
        assert!(s.starts_with('a') && s.ends_with('h'));
    }

    #[test]
    fn fits_by_cells() {
        assert_eq!(fit("张三丰", 6, false), "张三丰");
        assert_eq!(fit("张三丰", 5, false), "张三~");
        assert_eq!(fit("ab", 4, true), "ab  ");
        assert_eq!(width(&fit("欧阳娜娜娜", 7, true)), 7);
        assert_eq!(fit("", 3, true), "   ");
    }
}
