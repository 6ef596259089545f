//! An import file streams from the disk a buffer at a time (`source::open`): a file many
//! buffers long reads exactly as the same bytes held whole, in each encoding, with the line
//! of each row (blank lines, CRLF and cells holding line breaks that straddle a buffer), and
//! a damaged line far into the file is still named by its number.

use encoding_rs::GBK;
use frontdesk::i18n::Lang;
use frontdesk::io::source::{self, Format, RawRow, SourceError};

/// Rows of text; blank lines and quoted cells with a line break among them; CRLF. Returns
/// the text, the rows expected (line, cells) and the line after the last.
fn dealer_text(rows: usize) -> (String, Vec<RawRow>, usize) {
    let mut text = String::from("客户姓名,手机,备注\r\n");
    let mut expected = vec![RawRow {
        line: 1,
        cells: vec!["客户姓名".into(), "手机".into(), "备注".into()],
    }];
    let mut line = 2;
    for i in 0..rows {
        if i % 11 == 3 {
            text.push_str("\r\n");
            line += 1;
        }
        let name = format!("张{}", ["伟", "芳", "娜", "敏"][i % 4]);
        let mobile = format!("138{i:08}");
        let note = if i % 7 == 0 {
            format!("第一行 {i}\n第二行，含逗号")
        } else {
            format!("老客户 {}", "备注".repeat(i % 5))
        };
        text.push_str(&format!("{name},{mobile},\"{note}\"\r\n"));
        expected.push(RawRow {
            line,
            cells: vec![name, mobile, note.clone()],
        });
        line += 1 + note.matches('\n').count();
    }
    (text, expected, line)
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    b
}

#[test]
fn a_file_many_buffers_long_streams_like_the_same_bytes_held_whole() {
    let dir = tempfile::tempdir().unwrap();
    // About 400 KB in UTF-8: several of the reader's 64 KB buffers.
    let (text, expected, _) = dealer_text(8000);
    let (gbk, _, unmappable) = GBK.encode(&text);
    assert!(!unmappable);
    let files: [(&str, Vec<u8>); 4] = [
        ("utf8.csv", text.clone().into_bytes()),
        (
            "bom.csv",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        ("gbk.csv", gbk.into_owned()),
        ("utf16.csv", utf16le(&text)),
    ];
    for (name, bytes) in files {
        assert!(bytes.len() > 4 * 64 * 1024, "{name}: {}", bytes.len());
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let streamed = source::read(&path).unwrap();
        let whole = source::read_bytes(bytes).unwrap();
        assert!(
            matches!(
                streamed.format,
                Format::Text {
                    delimiter: b',',
                    ..
                }
            ),
            "{name}"
        );
        assert_eq!(streamed.format, whole.format, "{name}");
        assert_eq!(streamed.rows.len(), expected.len(), "{name}");
        for (got, want) in streamed.rows.iter().zip(&expected) {
            assert_eq!(got, want, "{name}");
        }
        assert_eq!(streamed.rows, whole.rows, "{name}");
    }
}

#[test]
fn a_damaged_line_far_into_a_streamed_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, next) = dealer_text(8000);
    // A GBK line at the end of a UTF-8 file: mixed encodings, on its line.
    let (gbk, _, _) = GBK.encode("李四,13900000000,备注\n");
    let mixed = [text.as_bytes(), &gbk].concat();
    let path = dir.path().join("mixed.csv");
    std::fs::write(&path, mixed).unwrap();
    let e = source::read(&path).unwrap_err();
    let msg = e.message(Lang::En);
    assert!(
        msg.contains(&format!("line {next}")) && msg.contains("mixed"),
        "{msg}"
    );
    // A control character in a cell after many buffers of GBK.
    let bad = format!("{text}王五,13900000001,\"a\nb\u{7}\"\r\n");
    let (gbk, _, _) = GBK.encode(&bad);
    let path = dir.path().join("control.csv");
    std::fs::write(&path, gbk).unwrap();
    match source::read(&path) {
        Err(SourceError::Decode(d)) => assert_eq!(d.line, next + 1, "{d:?}"),
        other => panic!("{:?}", other.map(|t| t.rows.len())),
    }
    // A file past the limit is refused before it is read, naming the limit.
    let tight = source::Limits {
        file_bytes: 100_000,
        ..source::LIMITS
    };
    let path = dir.path().join("utf8.csv");
    std::fs::write(&path, &text).unwrap();
    match source::read_limited(&path, tight) {
        Err(SourceError::TooBig(source::TooBig::File(100_000))) => {}
        other => panic!("{:?}", other.map(|t| t.rows.len())),
    }
}
