//! A command's report fitted to the terminal it is printed on: a line wider than the
//! terminal is broken where [`crate::text::wrap_words`] breaks it (at a space, between
//! fields, between Chinese characters), never inside a VIN, a plate, a phone number or a
//! date, as the terminal's own wrap at its last column would; the lines after the first
//! are indented two more cells than it, so each record still reads as one. Into a pipe or
//! a file nothing is changed: the data stays as it is.

use crate::text::{width, wrap_words};
use std::io::{self, Write};

/// Fewest cells a broken line's text keeps beside its indentation: narrower than that,
/// the continued lines are not indented.
const MIN_TEXT: usize = 20;

/// `inner` with each line wider than `width` cells broken (none when `width` is None).
/// A line is broken whole, when its newline comes: [`Fold::finish`] writes a last line
/// without one.
pub struct Fold<W: Write> {
    inner: W,
    width: Option<usize>,
    pending: Vec<u8>,
}

impl<W: Write> Fold<W> {
    pub fn new(inner: W, width: Option<usize>) -> Fold<W> {
        Fold {
            inner,
            width,
            pending: Vec::new(),
        }
    }

    /// Writes what is left (a last line without its newline) and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        let rest = std::mem::take(&mut self.pending);
        self.write_line(&rest)?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        match (self.width, std::str::from_utf8(line)) {
            (Some(w), Ok(text)) if width(text) > w => {
                let lines = fold_line(text, w);
                self.inner.write_all(lines.join("\n").as_bytes())
            }
            _ => self.inner.write_all(line),
        }
    }
}

impl<W: Write> Write for Fold<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.width.is_none() {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            self.write_line(&line[..end])?;
            self.inner.write_all(b"\n")?;
        }
        Ok(buf.len())
    }

    /// Flushes what is written; a line not yet ended waits for its newline.
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `line` in lines of at most `w` cells: its indentation kept on the first, two cells
/// more on the others (none when that leaves less than [`MIN_TEXT`] cells). It breaks
/// between fields ([`fields`]), filling each line; a field wider than a line is broken
/// as [`wrap_words`] breaks it.
pub fn fold_line(line: &str, w: usize) -> Vec<String> {
    let text = line.trim_start_matches(' ');
    let indent = line.len() - text.len();
    let more = indent + 2;
    let (first, rest, w) = if w >= more + MIN_TEXT {
        (indent, more, w - more)
    } else {
        (0, 0, w.max(1))
    };
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for field in fields(text) {
        if width(&current) + width(field.trim_end()) <= w {
            current.push_str(field);
            continue;
        }
        if !current.trim_end().is_empty() {
            parts.push(current.trim_end().to_string());
        }
        current = String::new();
        let mut pieces = wrap_words(field.trim_end(), w);
        let last = pieces.pop().unwrap_or_default();
        parts.extend(pieces);
        current.push_str(&last);
        current.push_str(&field[field.trim_end().len()..]);
    }
    if !current.trim_end().is_empty() || parts.is_empty() {
        parts.push(current.trim_end().to_string());
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let lead = if i == 0 { first } else { rest };
            format!("{}{part}", " ".repeat(lead))
        })
        .collect()
}

/// `text` cut into its fields, each with the spaces after it: a field ends at a space or
/// after a Chinese list mark (`，、；：`), so `车牌号=粤B30002` or `“LSVAU2180N2000019”：`
/// is one.
fn fields(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut spaces) = (0, false);
    for (i, c) in text.char_indices() {
        if c == ' ' {
            spaces = true;
            continue;
        }
        if spaces {
            out.push(&text[start..i]);
            start = i;
            spaces = false;
        }
        if "，、；：".contains(c) {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The width to fit a stream's lines to: its terminal's columns (80 when a terminal does
/// not say), None when it is not a terminal.
pub fn terminal_width(is_terminal: bool) -> Option<usize> {
    is_terminal.then(|| {
        crossterm::terminal::size()
            .ok()
            .map(|(cols, _)| usize::from(cols))
            .filter(|&c| c > 0)
            .unwrap_or(80)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str, w: Option<usize>, chunk: usize) -> String {
        let mut f = Fold::new(Vec::new(), w);
        // Written in pieces that cut lines and characters anywhere.
        for piece in text.as_bytes().chunks(chunk) {
            f.write_all(piece).unwrap();
        }
        String::from_utf8(f.finish().unwrap()).unwrap()
    }

    const REPORT: &str = "提示：\n  第 2 行 [车架号] “LSVAU2180N2000019”：车架号第9位校验位应为 6（国内车辆常不使用校验位），按原样保存，请核对\n  第 3 行：客户姓名=李四  手机=13800000002  车架号=LSVAU2180N2000029  车牌号=粤B30002  品牌=比亚迪\n  line 4 [VIN] \"LSVAU2180N2000029\": the VIN's check digit (9th) should be 6; kept as it is, please check\n试运行：未写入任何数据";

    #[test]
    fn a_line_wider_than_the_terminal_breaks_between_fields_never_inside_a_vin_plate_or_phone() {
        for w in [40, 56, 80] {
            for chunk in [1, 7, 4096] {
                let out = folded(REPORT, Some(w), chunk);
                let lines: Vec<&str> = out.lines().collect();
                assert!(lines.iter().all(|l| width(l) <= w), "{w}:\n{out}");
                for token in [
                    "LSVAU2180N2000019",
                    "LSVAU2180N2000029",
                    "13800000002",
                    "粤B30002",
                ] {
                    let whole = lines.iter().filter(|l| l.contains(token)).count();
                    assert_eq!(
                        whole,
                        REPORT.matches(token).count(),
                        "{token} at {w}:\n{out}"
                    );
                }
                // Nothing lost: the same text, spaces aside.
                let squeeze = |t: &str| t.split_whitespace().collect::<String>();
                assert_eq!(squeeze(&out), squeeze(REPORT), "{w}");
                // A continued line is indented under its record's first line.
                assert!(
                    lines
                        .iter()
                        .any(|l| l.starts_with("    ") && !l.starts_with("     ")),
                    "{w}:\n{out}"
                );
            }
        }
        // Lines that fit are as they were.
        assert_eq!(folded(REPORT, Some(400), 3), REPORT);
    }

    /// A line breaks between fields, never inside one that fits on a line.
    #[test]
    fn fields_end_at_spaces_and_chinese_list_marks() {
        assert_eq!(
            fields("第 2 行：车牌号=粤B30002  手机，品牌"),
            ["第 ", "2 ", "行：", "车牌号=粤B30002  ", "手机，", "品牌"]
        );
        let line = "  第 2 行：客户姓名=张三丰  手机=13800000001  车架号=LSVAU2180N2000019  车牌号=粤B30001  品牌=大众";
        for w in 40..80 {
            let lines = fold_line(line, w);
            assert!(lines.len() > 1, "{w}: {lines:?}");
            // Each line is whole fields, in order.
            let mut all = fields(line.trim_start()).into_iter();
            for l in &lines {
                let mut acc = String::new();
                while acc.trim_end() != l.trim() {
                    acc.push_str(all.next().unwrap_or_else(|| panic!("{w}: {lines:?}")));
                }
            }
            assert_eq!(all.next(), None, "{w}: {lines:?}");
        }
    }

    /// Into a pipe or a file nothing is broken or cut.
    #[test]
    fn without_a_width_the_text_passes_unchanged() {
        assert_eq!(folded(REPORT, None, 5), REPORT);
        assert_eq!(terminal_width(false), None);
    }

    /// Chinese is measured in cells (2 a character): a line of 41 characters is 82 cells.
    #[test]
    fn chinese_is_two_cells_a_character() {
        let line = "试".repeat(41);
        let lines = fold_line(&line, 80);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 80), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), line);
        let fits = "试".repeat(40);
        assert_eq!(
            folded(&format!("{fits}\n"), Some(80), 4),
            format!("{fits}\n")
        );
    }
}
