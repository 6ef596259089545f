//! Text files as dealer systems and Excel write them: UTF-8 (with or without a BOM),
//! UTF-16 with a BOM (Excel's "Unicode text"), or GBK — which is decoded as GB18030, its
//! superset, so characters only GB18030 has (𠮷) come through. A file that is none of these,
//! or mixes two of them, is refused with the line where it goes wrong.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    /// GBK or GB18030 (decoded as GB18030).
    Gb18030,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16LeBom => "UTF-16LE (BOM)",
            Encoding::Utf16BeBom => "UTF-16BE (BOM)",
            Encoding::Gb18030 => "GBK/GB18030",
        }
    }
}

/// Why a file is not text we can read; `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub line: usize,
    pub kind: DecodeProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeProblem {
    /// Bytes that are not valid in the detected encoding (or binary data).
    Garbage,
    /// Some lines are UTF-8 and others GBK.
    Mixed,
}

impl DecodeError {
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        let line = self.line;
        match (self.kind, lang) {
            (DecodeProblem::Garbage, Lang::Zh) => format!(
                "第 {line} 行含有无法识别的字符：文件不是 UTF-8、UTF-16 或 GBK 编码的文本（是否选错了文件？）"
            ),
            (DecodeProblem::Garbage, Lang::En) => format!(
                "line {line} holds bytes that are not text: the file is not UTF-8, UTF-16 or GBK (wrong file?)"
            ),
            (DecodeProblem::Mixed, Lang::Zh) => format!(
                "第 {line} 行的编码与前面不同（文件混用了 UTF-8 和 GBK），请统一另存为 UTF-8 后重试"
            ),
            (DecodeProblem::Mixed, Lang::En) => format!(
                "line {line} is in a different encoding from the lines before (UTF-8 and GBK mixed); save the file as UTF-8 and retry"
            ),
        }
    }
}

/// Decodes a whole file. Control characters other than tab, CR and LF mean the file is not
/// text (a spreadsheet or a binary picked by mistake).
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let (text, enc) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, Encoding::Utf8Bom)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, true)?, Encoding::Utf16LeBom)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, false)?, Encoding::Utf16BeBom)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), Encoding::Utf8)
    } else {
        (gb18030(bytes)?, Encoding::Gb18030)
    };
    check_text(&text)?;
    Ok((text, enc))
}

/// Like `decode`, taking the bytes: UTF-8 without a BOM (the common case) becomes the text
/// without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    let bom = [b"\xEF\xBB\xBF".as_slice(), b"\xFF\xFE", b"\xFE\xFF"];
    if bom.iter().any(|b| bytes.starts_with(b)) {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            check_text(&text)?;
            Ok((text, Encoding::Utf8))
        }
        Err(e) => decode(e.as_bytes()),
    }
}

/// The 1-based line of byte offset `at` in `bytes`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(DecodeError {
            line: line_of(bytes, e.valid_up_to()),
            kind: DecodeProblem::Garbage,
        }),
    }
}

fn utf16(bytes: &[u8], le: bool) -> Result<String, DecodeError> {
    let enc = if le { UTF_16LE } else { UTF_16BE };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError {
            line: first_bad_line(&text),
            kind: DecodeProblem::Garbage,
        });
    }
    Ok(text.into_owned())
}

/// Not UTF-8 as a whole: GBK, unless some lines with Chinese are valid UTF-8 (a file pasted
/// together from two sources), or bytes GB18030 cannot decode.
fn gb18030(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut first: Option<bool> = None;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        let is_utf8 = std::str::from_utf8(line).is_ok();
        match first {
            None => first = Some(is_utf8),
            Some(f) if f != is_utf8 => {
                return Err(DecodeError {
                    line: i + 1,
                    kind: DecodeProblem::Mixed,
                });
            }
            Some(_) => {}
        }
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError {
            line: first_bad_line(&text),
            kind: DecodeProblem::Garbage,
        });
    }
    Ok(text.into_owned())
}

fn first_bad_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.contains('\u{FFFD}'))
        .map_or(1, |i| i + 1)
}

fn check_text(text: &str) -> Result<(), DecodeError> {
    if is_text(text) {
        return Ok(());
    }
    match text.split('\n').position(|l| !l.chars().all(is_text_char)) {
        Some(i) => Err(DecodeError {
            line: i + 1,
            kind: DecodeProblem::Garbage,
        }),
        None => Ok(()),
    }
}

/// Whether text holds no control character but tab, CR and LF, and no U+FFFD (a byte that
/// was not text). A pass over the bytes: no ASCII control but tab, CR and LF, no DEL, no C1
/// control (U+0080–U+009F, `C2 80`–`C2 9F`), no U+FFFD (`EF BF BD`).
pub(crate) fn is_text(text: &str) -> bool {
    let b = text.as_bytes();
    // Every byte each test below starts from is below 0x20, 0x7F, 0xC2 or 0xEF: a text
    // with none of them (most rows: no Latin-1 sign, no full-width form) passes without
    // the test of each, in blocks the compiler turns into vector instructions (the byte
    // by byte test was a fifth of the import's reading of a CSV file).
    let suspect = |x: u8| x < 0x20 || x == 0x7F || x == 0xC2 || x == 0xEF;
    if !b
        .chunks(64)
        .any(|block| block.iter().fold(false, |any, &x| any | suspect(x)))
    {
        return true;
    }
    !b.iter().enumerate().any(|(i, &x)| {
        (x < 0x20 && !matches!(x, b'\t' | b'\r' | b'\n'))
            || x == 0x7F
            || (x == 0xC2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
            || (x == 0xEF && b.get(i + 1..i + 3) == Some(&[0xBF, 0xBD]))
    })
}

/// `is_text` of one character.
pub(crate) fn is_text_char(c: char) -> bool {
    !((c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || c == '\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_text_tells_what_its_characters_tell() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(30);
        let odd: Vec<char> =
            "\t\r\n\u{0}\u{1F}\u{7F}\u{80}\u{9F}\u{A0}·°\u{FFFD}\u{FFFC}\u{FF01}Ｚ￥"
                .chars()
                .collect();
        let plain: Vec<char> = "张王a1, -粤B".chars().collect();
        let (mut clean, mut dirty) = (0, 0);
        for _ in 0..50_000 {
            let n = rng.random_range(0..=150);
            let s: String = (0..n)
                .map(|_| match rng.random_range(0..40) {
                    0 => odd[rng.random_range(0..odd.len())],
                    _ => plain[rng.random_range(0..plain.len())],
                })
                .collect();
            let want = s.chars().all(is_text_char);
            assert_eq!(is_text(&s), want, "{s:?}");
            if want { clean += 1 } else { dirty += 1 }
        }
        assert!(clean > 5_000 && dirty > 5_000, "{clean} {dirty}");
    }

    #[test]
    fn detects_each_encoding() {
        let s = "姓名,手机\n张三,13812341234\n";
        assert_eq!(decode(s.as_bytes()).unwrap(), (s.into(), Encoding::Utf8));
        let bom = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().1, Encoding::Utf8Bom);
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&u16).unwrap(), (s.into(), Encoding::Utf16LeBom));
        let gb = "姓名\n吉𠮷\n";
        let (bytes, _, _) = GB18030.encode(gb);
        assert_eq!(decode(&bytes).unwrap(), (gb.into(), Encoding::Gb18030));
    }

    #[test]
    fn garbage_and_mixed_name_the_line() {
        let e = decode(b"a,b\nc,d\n\x00\x01\x02\xff\xfe\x80\x81\n").unwrap_err();
        assert_eq!(e.line, 3);
        let (gbk, _, _) = GB18030.encode("李四\n");
        let mixed = [b"a\n".as_slice(), "张三\n".as_bytes(), &gbk].concat();
        let e = decode(&mixed).unwrap_err();
        assert_eq!((e.line, e.kind), (3, DecodeProblem::Mixed));
        let bad = [b"\xEF\xBB\xBFok\nok\n".as_slice(), b"\xC3(\n"].concat();
        assert_eq!(decode(&bad).unwrap_err().line, 3);
    }
}
