//! Styled lines wrapped where [`crate::text::wrap_words`] wraps plain text: between words
//! and between Chinese characters, never inside a time, a date, a plate or a phone number.
//! ratatui's own `Wrap` breaks a Chinese sentence (one "word" to it, having no spaces)
//! wherever the line ends, `09:00` into `0` and `9:00`; lines wrapped here are never wider
//! than the area, so a `Paragraph` draws them as they are. No line starts with a closing
//! mark (`。，）`…, kinsoku), where ratatui's `Wrap` put a `。` first on a line.

use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Paragraph;

/// `l` in lines of at most `w` cells, each piece keeping its span's style (and the line's
/// own style and alignment).
pub fn line<'a>(l: Line<'a>, w: usize) -> Vec<Line<'a>> {
    let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
    if crate::text::width(&text) <= w {
        return vec![l];
    }
    let mut bounds = Vec::with_capacity(l.spans.len());
    let mut at = 0;
    for s in &l.spans {
        bounds.push(at..at + s.content.len());
        at += s.content.len();
    }
    crate::text::line_ranges(&text, w)
        .into_iter()
        .map(|r| {
            let pieces: Vec<Span<'a>> = l
                .spans
                .iter()
                .zip(&bounds)
                .filter_map(|(s, b)| {
                    let (from, to) = (b.start.max(r.start), b.end.min(r.end));
                    (from < to).then(|| Span::styled(text[from..to].to_string(), s.style))
                })
                .collect();
            let mut out = Line::from(pieces).style(l.style);
            out.alignment = l.alignment;
            out
        })
        .collect()
}

/// Every line of `lines` wrapped to `w` cells (see [`line`]).
pub fn lines<'a>(lines: Vec<Line<'a>>, w: usize) -> Vec<Line<'a>> {
    lines.into_iter().flat_map(|l| line(l, w)).collect()
}

/// A paragraph of `text` wrapped to `w` cells (the width of the area it is drawn in) by
/// [`lines`], the text's style and alignment kept: what `Paragraph::new(text).wrap(..)`
/// drew, without a line starting with `。` or a time split in two. Its `line_count(w)` is
/// the rows it takes.
pub fn paragraph<'a>(text: impl Into<Text<'a>>, w: u16) -> Paragraph<'a> {
    let text = text.into();
    let mut out = Text::from(lines(text.lines, usize::from(w.max(1)))).style(text.style);
    out.alignment = text.alignment;
    Paragraph::new(out)
}

/// A stored note (a draft that could not be put back, quoting what was typed) as at most
/// `max` lines of `w` cells in `style`, rendered inert; none for no note.
pub fn note_lines(
    note: Option<&str>,
    w: usize,
    max: usize,
    style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    note.map_or_else(Vec::new, |n| {
        crate::text::wrap_words(&crate::text::inert(n), w)
            .into_iter()
            .take(max)
            .map(|l| Line::styled(l, style))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    #[test]
    fn styles_follow_their_words_and_no_time_or_plate_is_split() {
        let bold = Style::new().bold();
        let l = Line::from(vec![
            Span::styled("确认预览：", bold),
            Span::raw("张先生您好，已为您预约11月25日09:00到店保养，车牌粤B69510。"),
        ]);
        for w in 12..40 {
            let out = line(l.clone(), w);
            let texts: Vec<String> = out
                .iter()
                .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
                .collect();
            assert!(
                texts.iter().all(|t| crate::text::width(t) <= w),
                "{w}: {texts:?}"
            );
            for token in ["09:00", "粤B69510", "11月25日"] {
                assert!(texts.iter().any(|t| t.contains(token)), "{w}: {texts:?}");
            }
            assert_eq!(out[0].spans[0].style, bold);
            assert!(out.last().unwrap().spans.iter().all(|s| s.style != bold));
        }
        let short = Line::from("short");
        assert_eq!(line(short.clone(), 10), vec![short]);
    }
}
