//! The morning appointment printout (`frontdesk appointments --date D`): plain text that
//! prints on A4 portrait in a monospaced font (at most 80 columns, 60 lines a page, the
//! header repeated after each form feed). Columns are padded by display width, so Chinese
//! lines up, and a cell longer than its column wraps onto the next lines of its row
//! (`textwrap`, which breaks between Chinese characters and at spaces) instead of being
//! cut with `~`.

use crate::domain::appointments::{self as da, StoreSetup};
use crate::i18n::Lang;
use crate::store::appointments::BookingRow;
use crate::text::{inert, width, wrap};
use chrono::NaiveDate;

/// The widest line, in display columns: A4 portrait at 10 pt with normal margins.
pub const PAGE_WIDTH: usize = 80;
/// Lines per page before a form feed.
pub const PAGE_LINES: usize = 60;

/// Columns: (Chinese, English heading, display width). One space between columns.
const COLUMNS: [(&str, &str, usize); 7] = [
    ("时间", "Time", 12),
    ("顾问", "Advisor", 8),
    ("工位", "Bay", 8),
    ("客户", "Customer", 10),
    ("车牌", "Plate", 9),
    ("服务", "Service", 15),
    // Wide enough for every status in both languages (`rescheduled`).
    ("状态", "Status", 11),
];

/// `s` padded with spaces to `w` display columns.
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// One table row: the cells wrapped in their columns, as many lines as the tallest.
fn row_lines(cells: &[String]) -> Vec<String> {
    let wrapped: Vec<Vec<String>> = cells
        .iter()
        .zip(COLUMNS.iter())
        .map(|(c, (_, _, w))| wrap(c, *w))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    (0..height)
        .map(|i| {
            let mut line = String::new();
            for (k, (lines, (_, _, w))) in wrapped.iter().zip(COLUMNS.iter()).enumerate() {
                let cell = lines.get(i).map(String::as_str).unwrap_or("");
                if k + 1 < COLUMNS.len() {
                    line.push_str(&pad(cell, *w));
                    line.push(' ');
                } else {
                    line.push_str(cell);
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// The day's bookings as a printout: the store, the date and the count on top, then the
/// table, page by page.
pub fn day_sheet(rows: &[BookingRow], setup: &StoreSetup, date: NaiveDate, lang: Lang) -> String {
    let title = match lang {
        Lang::Zh => format!(
            "{} 预约单 {date}（共 {} 个）",
            inert(&setup.name),
            rows.len()
        ),
        Lang::En => format!(
            "{} bookings {date} ({} in all)",
            inert(&setup.name),
            rows.len()
        ),
    };
    let header: Vec<String> = COLUMNS
        .iter()
        .map(|(zh, en, _)| lang.t(zh, en).to_string())
        .collect();
    let mut head = vec![title.trim().to_string()];
    head.extend(row_lines(&header));
    head.push("-".repeat(PAGE_WIDTH - 1));
    let mut out: Vec<String> = head.clone();
    let mut on_page = head.len();
    for r in rows {
        let time = format!(
            "{}-{}{}",
            da::local(setup.tz, r.start).format("%H:%M"),
            da::local(setup.tz, r.end).format("%H:%M"),
            if r.overflow { "*" } else { "" }
        );
        let cells = [
            time,
            inert(&r.advisor),
            inert(&r.bay),
            inert(&r.customer),
            inert(r.plate.as_deref().unwrap_or("-")),
            inert(&setup.services_text(&r.services, lang)),
            r.status.label(lang).to_string(),
        ];
        let lines = row_lines(&cells);
        if on_page + lines.len() > PAGE_LINES {
            // A new page: a form feed, then the heading again.
            out.push(format!("\x0c{}", head[0]));
            out.extend(head[1..].iter().cloned());
            on_page = head.len();
        }
        on_page += lines.len();
        out.extend(lines);
    }
    if rows.is_empty() {
        out.push(
            lang.t("（当天没有预约）", "(no bookings this day)")
                .to_string(),
        );
    }
    if rows.iter().any(|r| r.overflow) {
        out.push(
            lang.t("* 超出产能的加约", "* booked past capacity")
                .to_string(),
        );
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_wrap_in_their_columns_and_never_pass_the_page() {
        let cells = [
            "09:00-10:00*".to_string(),
            "欧阳晓明".into(),
            "1号工位".into(),
            "司马相如".into(),
            "粤BD12345".into(),
            "常规保养、更换空调滤芯、四轮定位、检查刹车片".into(),
            "Checked in".into(),
        ];
        let lines = row_lines(&cells);
        assert!(lines.len() >= 3, "{lines:#?}");
        for l in &lines {
            assert!(width(l) < PAGE_WIDTH, "{l}");
            assert!(!l.contains('~'), "{l}");
        }
        // The service column starts at the same display column on every line.
        let start: usize = COLUMNS[..5].iter().map(|c| c.2 + 1).sum();
        let services: String = lines
            .iter()
            .map(|l| {
                let mut w = 0;
                l.chars()
                    .skip_while(|c| {
                        w += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                        w <= start
                    })
                    .take_while(|c| *c != ' ')
                    .collect::<String>()
            })
            .collect();
        assert!(
            services.contains("常规保养、更换空调滤芯、四轮定位、检查刹车片"),
            "{services:?} in {lines:#?}"
        );
    }
}
