//! Styled lines wrapped where [`crate::text::wrap_words`] wraps plain text: between words
//! and between Chinese characters, never inside a time, a date, a plate or a phone number.
//! ratatui's own `Wrap` breaks a Chinese sentence (one "word" to it, having no spaces)
//! wherever the line ends, `09:00` into `0` and `9:00`; lines wrapped here are never wider
//! than the area, so a `Paragraph` draws them as they are.

use ratatui::text::{Line, Span};

/// `l` in lines of at most `w` cells, each piece keeping its span's style (and the line's
/// own style and alignment).
pub fn line(l: Line<'static>, w: usize) -> Vec<Line<'static>> {
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
            let pieces: Vec<Span<'static>> = l
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
pub fn lines(lines: Vec<Line<'static>>, w: usize) -> Vec<Line<'static>> {
    lines.into_iter().flat_map(|l| line(l, w)).collect()
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
