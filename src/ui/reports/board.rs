//! The today board, the Reports tab's first page: calls by group, follow-ups, rescue
//! cases, complaints, callbacks and bookings, with the last two weeks' calls and today's
//! calls per agent as charts (an agent's own beside the desk's average).

use crate::i18n::Lang;
use crate::store::board::Board;
use crate::ui::theme::{Level, Theme};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Sparkline};

/// Draws the board (or "counting" before the first count) inside `inner`.
pub fn render(board: Option<&Board>, frame: &mut Frame, inner: Rect, lang: Lang, theme: &Theme) {
    let Some(b) = board else {
        frame.render_widget(
            Paragraph::new(theme.text(lang.t("正在统计…", "Counting…"))).style(theme.dim()),
            inner,
        );
        return;
    };
    let [figures, charts] =
        Layout::vertical([Constraint::Length(8), Constraint::Min(4)]).areas(inner);
    let n = |v: i64| v.to_string();
    let consult = b.calls[0];
    let on_spot = if consult > 0 {
        format!("{:.0}%", b.resolved_on_spot as f64 * 100.0 / consult as f64)
    } else {
        "-".into()
    };
    // No call today has no average: `-`, as the on-the-spot rate (0.0 reads as a score).
    let standard = if b.calls.iter().sum::<i64>() > 0 {
        format!("{:.1}", b.avg_standard)
    } else {
        "-".into()
    };
    // A count that should be zero: red when not, or marked under NO_COLOR.
    let alarm = |v: i64| {
        if v > 0 {
            Span::styled(format!("{}{v}", theme.mark(Level::Error)), theme.error())
        } else {
            Span::styled(v.to_string(), theme.ok())
        }
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(lang.t("今日来电 ", "Calls today "), theme.label()),
            Span::raw(format!(
                "{} {}  {} {}  {} {}",
                lang.t("咨询", "consult"),
                consult,
                lang.t("救援", "rescue"),
                b.calls[1],
                lang.t("投诉", "complaint"),
                b.calls[2]
            )),
        ]),
        Line::from(vec![
            Span::styled(
                lang.t("咨询当场解决 ", "Consultations solved on the spot "),
                theme.label(),
            ),
            Span::raw(on_spot),
            Span::styled(
                lang.t("   记录规范平均分 ", "   records to standard (avg) "),
                theme.label(),
            ),
            Span::raw(standard),
        ]),
        Line::from(vec![
            Span::styled(lang.t("待回复 ", "Follow-ups open "), theme.label()),
            Span::raw(n(b.follow_ups_open)),
            Span::styled(lang.t("  其中超时 ", "  overdue "), theme.label()),
            alarm(b.follow_ups_overdue),
        ]),
        Line::from(vec![
            Span::styled(lang.t("进行中救援 ", "Rescues open "), theme.label()),
            Span::raw(n(b.rescues_open)),
            Span::styled(
                lang.t("  超过30分钟未联系 ", "  not contacted in 30 min "),
                theme.label(),
            ),
            alarm(b.rescues_late),
        ]),
        Line::from(vec![
            Span::styled(lang.t("处理中投诉 ", "Complaints open "), theme.label()),
            Span::raw(n(b.complaints_open)),
            Span::styled(lang.t("  超时 ", "  overdue "), theme.label()),
            alarm(b.complaints_overdue),
            Span::styled(lang.t("  已升级 ", "  escalated "), theme.label()),
            alarm(b.complaints_escalated),
            Span::styled(lang.t("  今日新增 ", "  new today "), theme.label()),
            Span::raw(n(b.complaints_today)),
        ]),
        Line::from(vec![
            // The whole store's, as the supervisor's queue and status bar count them; an
            // agent's status bar counts the pool and their own.
            Span::styled(
                lang.t("全店回访 待拨 ", "Callbacks due (whole store) "),
                theme.label(),
            ),
            Span::raw(n(b.callbacks_due)),
            Span::styled(lang.t("  其中逾期 ", "  overdue "), theme.label()),
            alarm(b.callbacks_overdue),
            Span::styled(lang.t("  今日完成 ", "  done today "), theme.label()),
            Span::raw(n(b.callbacks_done)),
        ]),
        Line::from(vec![
            Span::styled(lang.t("今日预约 ", "Bookings today "), theme.label()),
            Span::raw(n(b.appointments)),
            Span::styled(lang.t("  已到店 ", "  arrived "), theme.label()),
            Span::raw(n(b.arrived)),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), figures);
    let [spark_area, bars_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);
    let max = b.calls_per_day.iter().copied().max().unwrap_or(0);
    // The box's bottom edge says which end is which: the first day on the left, today on
    // the right (the bars carry no dates).
    let ago = b.calls_per_day.len().saturating_sub(1);
    let block = theme
        .block(&format!(
            "{} ({} {max})",
            lang.t("近14天来电，今天在右", "Calls, 14 days to today"),
            lang.t("最多", "max")
        ))
        .title_bottom(
            Line::from(Span::styled(
                match lang {
                    Lang::Zh => format!("{ago}天前"),
                    Lang::En => format!("{ago} days ago"),
                },
                theme.dim(),
            ))
            .left_aligned(),
        )
        .title_bottom(
            Line::from(Span::styled(lang.t("今天", "today"), theme.dim())).right_aligned(),
        );
    let days = stretched(&b.calls_per_day, block.inner(spark_area).width);
    frame.render_widget(
        Sparkline::default()
            .block(block)
            .data(days)
            .bar_set(theme.bar_set())
            .style(theme.chart_line()),
        spark_area,
    );
    let mut bars: Vec<Bar> = b
        .per_agent
        .iter()
        .map(|(emp, v)| Bar::default().label(Line::from(emp.clone())).value(*v))
        .collect();
    // An agent sees their own bar beside the desk's average, never a colleague's (as the
    // per-agent reports show them their own row and the desk's); a supervisor, every agent.
    let title = match b.desk {
        None => lang
            .t("今日各专员来电", "Calls today per agent")
            .to_string(),
        Some((total, agents)) => {
            let avg = match agents {
                0 => None,
                n => Some(total as f64 / n as f64),
            };
            bars.push(
                Bar::default()
                    .label(Line::from(lang.t("平均", "avg")))
                    .value(avg.map_or(0, |a| a.round() as u64))
                    .text_value(avg.map_or("-".into(), |a| format!("{a:.1}"))),
            );
            match lang {
                Lang::Zh => format!("今日来电：我与全组平均（全组{total}）"),
                Lang::En => format!("Calls today: me, desk avg (desk {total})"),
            }
        }
    };
    // No bar to draw (no call yet today): the empty box says so.
    if bars.is_empty() {
        let block = theme.block(&title);
        let w = block.inner(bars_area).width;
        let note = Span::styled(lang.t("今天还没有来电", "No calls yet today"), theme.dim());
        frame.render_widget(
            crate::ui::widgets::wrapped::paragraph(Line::from(note), w).block(block),
            bars_area,
        );
        return;
    }
    frame.render_widget(
        BarChart::default()
            .block(theme.block(&title))
            .data(BarGroup::default().bars(&bars))
            .bar_width(4)
            .bar_gap(1)
            .bar_set(theme.bar_set())
            .bar_style(theme.chart()),
        bars_area,
    );
}

/// Each day as wide as the box lets every day be (a day a column left most of the box
/// empty, today in its middle), the last day at the right edge: the columns left over
/// (None: drawn blank) come first.
fn stretched(days: &[u64], width: u16) -> Vec<Option<u64>> {
    let each = (usize::from(width) / days.len().max(1)).max(1);
    let spare = usize::from(width).saturating_sub(each * days.len());
    std::iter::repeat_n(None, spare)
        .chain(
            days.iter()
                .flat_map(|d| std::iter::repeat_n(Some(*d), each)),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::{Terminal, backend::TestBackend};

    fn screen(b: &Board, lang: Lang) -> String {
        let mut t = Terminal::new(TestBackend::new(80, 20)).unwrap();
        t.draw(|f| render(Some(b), f, f.area(), lang, &Theme::new(false)))
            .unwrap();
        crate::ui::testing::screen_text(t.backend().buffer())
    }

    #[test]
    fn a_day_without_calls_has_no_average_score() {
        let empty = Board::default();
        assert!(
            screen(&empty, Lang::En).contains("records to standard (avg) -"),
            "{}",
            screen(&empty, Lang::En)
        );
        assert!(screen(&empty, Lang::Zh).contains("记录规范平均分 -"));
        let one = Board {
            calls: [0, 1, 0],
            avg_standard: 100.0,
            ..Board::default()
        };
        assert!(screen(&one, Lang::En).contains("records to standard (avg) 100.0"));
    }

    /// The 14 days fill the chart's box, each as wide as the others, today's last: a call
    /// today stands at the box's right edge.
    #[test]
    fn the_days_chart_fills_its_box_with_today_on_the_right() {
        let mut days = vec![0; 14];
        days[13] = 3;
        let b = Board {
            calls_per_day: days,
            ..Board::default()
        };
        for lang in [Lang::Zh, Lang::En] {
            let s = screen(&b, lang);
            // The chart is the left half (40 columns: 38 inside its border, 2 a day, the
            // 10 left over on the left): today's bar is in the 2 columns before the border.
            let bar: Vec<usize> = s
                .lines()
                .filter(|l| l.contains('█'))
                .flat_map(|l| {
                    l.chars()
                        .take(40)
                        .enumerate()
                        .filter(|(_, c)| *c == '█')
                        .map(|(i, _)| i)
                        .collect::<Vec<_>>()
                })
                .collect();
            assert!(!bar.is_empty(), "{s}");
            assert!(bar.iter().all(|i| (37..=38).contains(i)), "{bar:?}\n{s}");
            // The box's bottom edge names its ends: 13 days ago on the left, today on the
            // right.
            let (first, last) = match lang {
                Lang::Zh => ("13天前", "今天"),
                Lang::En => ("13 days ago", "today"),
            };
            let bottom = s
                .lines()
                .find(|l| l.contains(last) && l.contains(first))
                .unwrap_or_else(|| panic!("{s}"));
            // The left box's bottom edge (its Chinese labels are two columns a character).
            let left = bottom.split_inclusive('┘').next().unwrap_or_default();
            assert!(left.starts_with(&format!("└{first}")), "{bottom}");
            assert!(left.ends_with(&format!("{last}┘")), "{bottom}");
        }
        assert_eq!(
            stretched(&[1, 2], 5),
            vec![None, Some(1), Some(1), Some(2), Some(2)]
        );
        assert_eq!(stretched(&[1, 2], 1), vec![Some(1), Some(2)]);
    }

    /// A supervisor's chart of calls per agent before the first call of the day: the box
    /// says there is none yet instead of standing empty; with calls, the note is gone.
    #[test]
    fn the_per_agent_chart_says_when_there_is_no_call_yet() {
        for lang in [Lang::Zh, Lang::En] {
            let none = lang.t("今天还没有来电", "No calls yet today");
            assert!(screen(&Board::default(), lang).contains(none));
            let one = Board {
                calls: [1, 0, 0],
                per_agent: vec![("1002".into(), 1)],
                ..Board::default()
            };
            let s = screen(&one, lang);
            assert!(!s.contains(none) && s.contains("1002"), "{s}");
        }
    }
}
