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
/// it can and inside a word only when it alone is wider than a line: nothing is cut off.
/// The same as [`wrap_words`].
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    wrap_words(s, w)
}

/// `s` in lines of at most `w` cells, broken where Unicode allows a line to break (between
/// words, between two Chinese characters, not before a closing mark), but never inside a
/// token an agent reads as one: a time (`09:00`), a date (`11-25`, `11月25日`), a phone
/// number (`0757-26608328`), a plate (`粤B69510`), nor between a number and the word it
/// counts or numbers (`5 warranty repair`). A token is broken only when it alone is wider
/// than a line.
pub fn wrap_words(s: &str, w: usize) -> Vec<String> {
    line_ranges(s, w)
        .into_iter()
        .map(|r| s[r].to_string())
        .collect()
}

/// Where [`wrap_words`] breaks `s`: each line as a byte range of `s` (its trailing spaces
/// left out), so styled text can be cut at the same places. A token wider than a line is
/// broken inside, but never before a closing mark (`。，、；：？！）」』》`, kinsoku): the
/// character before the mark goes down with it, so no line is wider than `w`.
pub fn line_ranges(s: &str, w: usize) -> Vec<std::ops::Range<usize>> {
    if s.is_empty() {
        return std::iter::once(0..0).collect();
    }
    let w = w.max(1);
    let mut out = Vec::new();
    let mut at = 0;
    // As `textwrap::wrap`: each `\n`-separated line on its own, a short one as it is.
    for line in s.split('\n') {
        if line.len() < w {
            out.push(at..at + line.trim_end().len());
        } else {
            let words = unbroken_marks(tokens(line).collect(), line, w);
            let mut idx = 0;
            for group in textwrap::WrapAlgorithm::new().wrap(&words, &[w]) {
                let Some(last) = group.last() else {
                    out.push(at + idx..at + idx);
                    continue;
                };
                let len: usize = group
                    .iter()
                    .map(|x| x.len() + x.whitespace.len())
                    .sum::<usize>()
                    - last.whitespace.len();
                let kept = line[idx..idx + len].trim_end().len();
                out.push(at + idx..at + idx + kept);
                idx += len + last.whitespace.len();
            }
        }
        at += line.len() + 1;
    }
    out
}

/// A closing mark no line may start with (行首禁则): Chinese and ASCII closing
/// punctuation and brackets.
fn closing(c: char) -> bool {
    "。，、；：？！）」』》〉】〕”’．,.;:?!)]}".contains(c)
}

/// `words` (contiguous slices of `line`) with each one wider than `w` broken into pieces
/// of at most `w` cells, where a break that would put a closing mark first on a line moves
/// back before the character it closes; only a piece that would be left empty (or a mark
/// with its character wider than a line) keeps the mark first.
fn unbroken_marks<'a>(
    words: Vec<textwrap::core::Word<'a>>,
    line: &'a str,
    w: usize,
) -> Vec<textwrap::core::Word<'a>> {
    use textwrap::core::{Fragment, Word};
    use unicode_width::UnicodeWidthChar;
    let cell = |c: char| c.width().unwrap_or(0);
    let mut out = Vec::with_capacity(words.len());
    let mut at = 0;
    for word in words {
        let (len, whole) = (word.len(), word.len() + word.whitespace.len());
        if word.width() <= w as f64 {
            out.push(word);
            at += whole;
            continue;
        }
        let chars: Vec<(usize, char)> = line[at..at + len].char_indices().collect();
        let (mut start, mut cells) = (0, 0);
        for i in 0..chars.len() {
            let cw = cell(chars[i].1);
            if cells > 0 && cells + cw > w {
                let mut b = i;
                while b > start && closing(chars[b].1) {
                    b -= 1;
                }
                let carried: usize = chars[b..=i].iter().map(|&(_, c)| cell(c)).sum();
                if b == start || carried > w {
                    b = i;
                }
                out.push(Word::from(&line[at + chars[start].0..at + chars[b].0]));
                start = b;
                cells = chars[b..i].iter().map(|&(_, c)| cell(c)).sum();
            }
            cells += cw;
        }
        out.push(Word::from(&line[at + chars[start].0..at + whole]));
        at += whole;
    }
    out
}

/// The words of a line where Unicode line breaking finds them, with the breaks that would
/// split a token taken out (see [`wrap_words`]).
fn tokens(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // start, word end, end
    let mut at = 0;
    for w in textwrap::WordSeparator::UnicodeBreakProperties.find_words(line) {
        let end = at + w.word.len() + w.whitespace.len();
        spans.push((at, at + w.word.len(), end));
        at = end;
    }
    let mut merged: Vec<(usize, usize)> = Vec::new(); // start, end
    let mut last_word = 0..0;
    for (start, word_end, end) in spans {
        let word = &line[start..word_end];
        if let Some(prev) = merged.last_mut()
            && glued(&line[last_word.clone()], &line[last_word.end..start], word)
        {
            prev.1 = end;
        } else {
            merged.push((start, end));
        }
        last_word = start..word_end;
    }
    Box::new(
        merged
            .into_iter()
            .map(move |(a, b)| textwrap::core::Word::from(&line[a..b])),
    )
}

/// A Chinese character (CJK unified ideographs and extension A), not a Chinese
/// punctuation mark: a line may well break after `，`.
fn han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// True when no line may break between `prev` and `next` (with `gap`, the spaces between
/// them): a Chinese character run straight into a capital letter (`粤B69510`), a date in
/// Chinese (`2026年11月25日`: digits into their unit, 年 and 月 into the digits after), a
/// number into its unit or measure word (`15.98万`, `36606公里`, `3次`), or a number
/// counting or numbering the word after it (`5 warranty`, `3 天`), or a command to type: the
/// program's name into its subcommand (`frontdesk sms-results`).
fn glued(prev: &str, gap: &str, next: &str) -> bool {
    let (Some(last), Some(first)) = (prev.chars().next_back(), next.chars().next()) else {
        return false;
    };
    if gap.is_empty() {
        return (han(last) && first.is_ascii_uppercase())
            || (last.is_ascii_digit()
                && "年月日号时点分秒万千亿元角公次天个位辆台件人".contains(first))
            || ("年月".contains(last) && first.is_ascii_digit());
    }
    let command = prev
        .strip_suffix("frontdesk")
        .is_some_and(|before| !before.ends_with(char::is_alphanumeric))
        && first.is_ascii_lowercase();
    gap == " "
        && (command
            || (!prev.is_empty()
                && prev.chars().all(|c| c.is_ascii_digit())
                && first.is_alphabetic()))
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

/// A key line (`a 新建  Enter 打开  …`, items two spaces apart, as the key table's hint
/// lines are made) in lines of `w` cells: it wraps between items, never between a key and
/// its word ([`pack`]).
pub fn pack_line(line: &str, w: usize) -> Vec<String> {
    let items: Vec<String> = line.split("  ").map(str::to_string).collect();
    pack(&items, w.max(1))
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

    /// Every line within `w` cells, and nothing lost: the lines joined again (with `sep`
    /// where the breaks fell) give the text back.
    fn whole(s: &str, w: usize, sep: &str) -> Vec<String> {
        let lines = wrap_words(s, w);
        assert!(lines.iter().all(|l| width(l) <= w), "{w}: {lines:?}");
        let joined = lines.join(sep);
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        assert_eq!(squeeze(&joined), squeeze(s), "{lines:?}");
        lines
    }

    #[test]
    fn tokens_an_agent_reads_as_one_never_break_at_any_width() {
        // Chinese without spaces: a time, a date, a plate, a phone; every width from one
        // wider than the longest token to the whole text.
        let zh = "已为张先生预约11月25日09:00到店保养，车牌粤B69510，联系电话0757-26608328。";
        // (From 16: `0757-26608328。` is one token of 15 cells.)
        for w in 16..=width(zh) {
            let lines = whole(zh, w, "");
            for token in ["09:00", "11月25日", "粤B69510", "0757-26608328"] {
                assert!(
                    lines.iter().any(|l| l.contains(token)),
                    "{token} split at {w}: {lines:?}"
                );
            }
            assert!(
                lines.iter().skip(1).all(|l| !l.starts_with(['，', '。'])),
                "no line starts with a closing mark: {lines:?}"
            );
        }
        let en = "Booked Mr Zhang for 2026-11-25 09:00, plate 粤B69510, services 1 oil change \
                  5 warranty repair, phone 138****1234.";
        for w in 14..=width(en) {
            let lines = whole(en, w, " ");
            for token in [
                "2026-11-25",
                "09:00,",
                "粤B69510,",
                "5 warranty",
                "138****1234.",
            ] {
                assert!(
                    lines.iter().any(|l| l.contains(token)),
                    "{token} split at {w}: {lines:?}"
                );
            }
        }
    }

    /// A command to type (`frontdesk sms-results`) stays on one line at any width it fits.
    #[test]
    fn a_frontdesk_command_is_never_broken() {
        let zh = "已交给短信网关 18 条：/tmp/sms/walk16-sms-20261207-093000.csv。网关回执到后请运行 frontdesk sms-results 读入。";
        let en = "Handed 18 texts to the SMS gateway: /tmp/sms/walk16-sms-20261207-093000.csv. Read its result with frontdesk sms-results when it comes.";
        for (text, sep) in [(zh, ""), (en, " ")] {
            for w in 24..=width(text) {
                let lines = whole(text, w, sep);
                assert!(
                    lines.iter().any(|l| l.contains("frontdesk sms-results")),
                    "split at {w}: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn a_token_wider_than_the_line_is_broken_and_only_then() {
        let lines = whole("plate 粤B69510", 5, "");
        assert!(lines.iter().all(|l| width(l) <= 5), "{lines:?}");
        assert_eq!(lines.concat(), "plate粤B69510");
        // Chinese text still breaks between characters, each line full but never over.
        let zh = "到店接待是否热情周到，您对本次服务满意吗";
        let lines = whole(zh, 9, "");
        assert!(lines.iter().all(|l| width(l) >= 7), "filled: {lines:?}");
    }

    #[test]
    fn line_ranges_cut_the_text_where_wrap_words_does() {
        let s = "  预约11月25日09:00 at the desk, plate 粤B69510";
        let ranges = line_ranges(s, 12);
        let cut: Vec<&str> = ranges.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(cut, wrap_words(s, 12));
        assert!(
            cut[0].starts_with("  "),
            "the first line keeps its indent: {cut:?}"
        );
        assert_eq!(
            line_ranges("", 5),
            std::iter::once(0..0).collect::<Vec<_>>()
        );
    }

    /// Kinsoku: a token wider than a line is broken, but no line starts with a closing
    /// mark; the character before it goes down with it and no line is wider than asked.
    #[test]
    fn no_line_starts_with_a_closing_mark() {
        let samples = [
            "张先生您好，已为您预约11月25日09:00到店保养，车牌粤B69510。请准时到店；如有变动请致电（0757-26608328）。",
            "预约成功。「确认」已发送、请查收：谢谢！客户车辆ABCDEFGHIJKLMNOP。然后",
            "abcdefghij。klmnopqrstuv，wxyz 0757-26608328）、",
        ];
        for s in samples {
            // From 5 cells: `8）。`, a digit and the two marks after it, is 5 wide.
            for w in 5..60 {
                let lines = wrap_words(s, w);
                for (i, l) in lines.iter().enumerate() {
                    assert!(width(l) <= w, "{w}: {lines:?}");
                    let mark = |c: char| "。，、；：？！）」』》".contains(c);
                    assert!(i == 0 || !l.starts_with(mark), "{w}: {lines:?}");
                }
                assert_eq!(lines.concat().replace(' ', ""), s.replace(' ', ""));
            }
        }
        // Where the break used to fall: the plate's last digit goes down with its `。`.
        assert_eq!(
            wrap_words("车牌粤B69510。请准", 8),
            ["车牌", "粤B6951", "0。请准"]
        );
        assert_eq!(
            wrap_words("致电（0757-26608328）。", 17),
            ["致电", "（0757-2660832", "8）。"]
        );
        // Too narrow for a character and its mark together: the mark comes first after all,
        // rather than a line wider than the area.
        assert_eq!(wrap_words("好。", 2), ["好", "。"]);
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
