//! A report's notes: the definition of the figure under the cursor, the notes of the row
//! under it (the callback report's survey questions with their averages) and the notes that
//! say what the figures mean. Under the table they get their share of the height; `n`
//! shows them all on a page of their own, wrapped and scrolled, so words cut under the
//! table are read whole there (the cut line says so).

use super::View;
use crate::i18n::Lang;
use crate::store::reports::Report;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::Paragraph;

/// The notes of the table on top, as text (each a line of its own before wrapping).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Notes {
    /// `Definition: <column> <what it counts>`, on the report's own page.
    pub def: Option<String>,
    /// The notes of the row under the cursor (without its name).
    pub of_row: Vec<String>,
    /// The notes of no row.
    pub general: Vec<String>,
}

impl Notes {
    /// The notes of `v`, the table on top (`page`: the report itself, not a drill-down).
    pub fn of(v: &View, report: Report, page: bool, lang: Lang, theme: &Theme) -> Notes {
        let def = page
            .then(|| crate::store::reports::defs::definition(report, v.col, lang))
            .flatten()
            .map(|d| {
                let column = v.sheet.columns.get(v.col).cloned().unwrap_or_default();
                format!("{}{} {d}", lang.t("定义 ", "Definition: "), inert(&column))
            });
        // The callback report: its kinds' survey questions, the row's own shown apart.
        let (general, of_row) = if page && report == Report::Callbacks {
            row_notes(v)
        } else {
            (v.sheet.notes.clone(), Vec::new())
        };
        let shown = |notes: Vec<String>| -> Vec<String> {
            notes
                .iter()
                .map(|n| theme.text(&inert(n)).to_string())
                .collect()
        };
        Notes {
            def,
            of_row: shown(of_row),
            general: shown(general),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.def.is_none() && self.of_row.is_empty() && self.general.is_empty()
    }

    /// Every note wrapped to `w` cells, with its style: the definition, the row's, the rest.
    pub fn lines(&self, w: usize, theme: &Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        if let Some(d) = &self.def {
            out.extend(wrapped(d, w, usize::MAX, theme.label(), ""));
        }
        out.extend(wrapped(
            &self.of_row.join("\n"),
            w,
            usize::MAX,
            Style::default(),
            "",
        ));
        out.extend(wrapped(
            &self.general.join("\n"),
            w,
            usize::MAX,
            theme.dim(),
            "",
        ));
        out
    }
}

/// The notes of a report whose notes name its rows (`7DC新车回访 / 问题: 4.48/5 (42 人次)`,
/// the callback report's average per survey question): the notes of no row, and those of
/// the row under the cursor without its name.
fn row_notes(v: &View) -> (Vec<String>, Vec<String>) {
    let names: Vec<String> = v
        .sheet
        .rows
        .iter()
        .filter_map(|r| r.first().map(|c| format!("{} / ", c.text())))
        .collect();
    let here = names.get(v.selected);
    let (mut general, mut mine) = (Vec::new(), Vec::new());
    for n in &v.sheet.notes {
        match names.iter().find(|name| n.starts_with(name.as_str())) {
            Some(name) if Some(name) == here => mine.push(n[name.len()..].to_string()),
            Some(_) => {}
            None => general.push(n.clone()),
        }
    }
    (general, mine)
}

/// What a cut line under the table ends with: where the rest is read (`… n 全部说明`),
/// the key as the key table has it (its symbols in ASCII in the ASCII mode).
pub(super) fn more(lang: Lang, theme: &Theme) -> String {
    let key = keymap::key_for(
        &[Scope::Reports, Scope::Global],
        false,
        Action::Report(super::Op::Notes),
    )
    .unwrap_or_default();
    let text = match lang {
        Lang::Zh => format!("… {key} 全部说明"),
        Lang::En => format!("… {key} all notes"),
    };
    theme.text(&text).into_owned()
}

/// `text` wrapped by words to `w` cells (each of its lines on lines of its own) in at most
/// `cap` lines; when more is left the last line ends in `more` (where to read the rest).
pub(super) fn wrapped(
    text: &str,
    w: usize,
    cap: usize,
    style: Style,
    more: &str,
) -> Vec<Line<'static>> {
    let all: Vec<String> = text
        .lines()
        .flat_map(|l| crate::text::wrap_words(l, w))
        .collect();
    let cut = all.len() > cap;
    all.into_iter()
        .take(cap)
        .enumerate()
        .map(|(i, l)| {
            let l = if cut && i + 1 == cap {
                let room = w.saturating_sub(crate::text::width(more));
                let kept = fit(&l, room, false);
                format!("{}{more}", kept.trim_end_matches('~'))
            } else {
                l
            };
            Line::from(TSpan::styled(l, style))
        })
        .collect()
}

/// The first line shown of `total` lines in `h` rows, scrolled to `at` (kept in range).
pub(super) fn first_line(at: usize, total: usize, h: usize) -> usize {
    at.min(total.saturating_sub(h))
}

/// The notes page: every note whole, scrolled to `at`, the lines shown on the last line
/// (the tab's key line says how to scroll and go back).
pub(super) fn render_page(
    notes: &Notes,
    at: usize,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
) {
    let [body, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let lines = if notes.is_empty() {
        vec![Line::from(TSpan::styled(
            lang.t("这张表没有说明。", "This table has no notes."),
            theme.dim(),
        ))]
    } else {
        notes.lines(usize::from(body.width.max(1)), theme)
    };
    let h = usize::from(body.height);
    let first = first_line(at, lines.len(), h);
    let last = (first + h).min(lines.len());
    frame.render_widget(Paragraph::new(lines[first..last].to_vec()), body);
    let place = match lang {
        Lang::Zh => format!("第 {}–{last} 行，共 {} 行", first + 1, lines.len()),
        Lang::En => format!("lines {}–{last} of {}", first + 1, lines.len()),
    };
    frame.render_widget(
        Paragraph::new(fit(&theme.text(&place), usize::from(foot.width), false)).style(theme.dim()),
        foot,
    );
}

#[cfg(test)]
mod tests {
    use super::super::{Cmd, Job, Msg, Now, Op, Outcome, ReportsTab};
    use super::*;
    use crate::io::sheet::{Sheet, Value};
    use crate::store::reports::{ApptFilter, Drill};
    use crate::ui::machine::Machine;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn key(s: &mut ReportsTab, a: Action, lang: Lang) -> Vec<Cmd> {
        s.update(Msg::Key(
            a,
            Now {
                today: today(),
                lang,
                size: (80, 24),
            },
        ))
    }

    fn answer(s: &mut ReportsTab, cmds: &[Cmd], outcome: Outcome) {
        let [Cmd::Compute { generation, .. }] = cmds else {
            panic!("not one job: {cmds:?}");
        };
        s.update(Msg::Done {
            generation: *generation,
            outcome,
        });
    }

    /// The first report with a sheet of two rows and 30 long notes.
    fn with_notes(lang: Lang) -> (ReportsTab, Vec<String>) {
        let notes: Vec<String> = (1..=30)
            .map(|i| {
                format!(
                    "Note {i}: callbacks due in the period, each column their state now \
                     whatever day they were done or expired (end {i})"
                )
            })
            .collect();
        let sheet = Sheet {
            columns: vec!["name".into(), "n".into()],
            rows: vec![
                vec![Value::Text("a".into()), Value::Int(1)],
                vec![Value::Text("b".into()), Value::Int(2)],
            ],
            keys: vec![
                Some(crate::store::reports::RowKey::Drill(Drill::Appointments {
                    from: today(),
                    to: today(),
                    filter: ApptFilter::All,
                })),
                None,
            ],
            notes: notes.clone(),
            ..Default::default()
        };
        let mut s = ReportsTab::default();
        let cmds = key(&mut s, Action::Report(Op::NextReport), lang);
        answer(&mut s, &cmds, Outcome::Report(sheet));
        (s, notes)
    }

    fn screen(s: &ReportsTab, lang: Lang) -> String {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let theme = Theme::new(false);
        t.draw(|f| s.render(f, f.area(), lang, today(), &theme))
            .unwrap();
        crate::ui::testing::screen_text(t.backend().buffer())
    }

    /// Words as the screen reads them across its lines (borders and blanks left out).
    fn flat(t: &str) -> String {
        t.chars()
            .filter(|c| !c.is_whitespace() && *c != '│')
            .collect()
    }

    /// Under the table the notes are cut where the height ends, saying where the rest is;
    /// `n` shows every note whole, scrolled to the last and no further; `n` or Esc goes
    /// back to the table (not out of a drill-down).
    #[test]
    fn every_note_reads_whole_on_the_notes_page_at_80x24() {
        for lang in [Lang::Zh, Lang::En] {
            let (mut s, notes) = with_notes(lang);
            let table = screen(&s, lang);
            assert!(table.contains(&more(lang, &Theme::new(false))), "{table}");
            assert!(
                table
                    .lines()
                    .all(|l| !l.trim_end_matches([' ', '│']).ends_with('~')),
                "{table}"
            );
            assert!(!flat(&table).contains(&flat(&notes[29])), "{table}");
            key(&mut s, Action::Report(Op::Notes), lang);
            assert_eq!(s.notes_page(), Some(0));
            let page = screen(&s, lang);
            assert!(flat(&page).contains(&flat(&notes[0])), "{page}");
            // Scrolled to the end every note has been shown whole.
            let mut seen = flat(&page);
            for _ in 0..80 {
                key(&mut s, Action::Down, lang);
                seen.push_str(&flat(&screen(&s, lang)));
            }
            for n in &notes {
                assert!(seen.contains(&flat(n)), "{n}");
            }
            let end = s.notes_page();
            key(&mut s, Action::Down, lang);
            assert_eq!(s.notes_page(), end, "no further than the last line");
            key(&mut s, Action::Home, lang);
            assert_eq!(s.notes_page(), Some(0));
            key(&mut s, Action::Back, lang);
            assert_eq!((s.notes_page(), s.depth()), (None, 1));
            // Over a drill-down, Esc leaves the notes page, then the drill-down.
            let cmds = key(&mut s, Action::Open, lang);
            assert!(matches!(
                cmds.as_slice(),
                [Cmd::Compute {
                    job: Job::Drill(_),
                    ..
                }]
            ));
            answer(
                &mut s,
                &cmds,
                Outcome::Drill(
                    Drill::Appointments {
                        from: today(),
                        to: today(),
                        filter: ApptFilter::All,
                    },
                    Sheet {
                        notes: notes.clone(),
                        ..Default::default()
                    },
                ),
            );
            key(&mut s, Action::Report(Op::Notes), lang);
            assert_eq!((s.notes_page(), s.depth()), (Some(0), 2));
            key(&mut s, Action::Back, lang);
            assert_eq!((s.notes_page(), s.depth()), (None, 2));
            key(&mut s, Action::Back, lang);
            assert_eq!(s.depth(), 1);
        }
    }

    /// Another key of the table closes the page and does its work there.
    #[test]
    fn a_table_key_leaves_the_notes_page_and_acts() {
        let (mut s, _) = with_notes(Lang::En);
        key(&mut s, Action::Report(Op::Notes), Lang::En);
        let page = s.page();
        let cmds = key(&mut s, Action::Report(Op::NextReport), Lang::En);
        assert_eq!(s.notes_page(), None);
        assert_eq!(s.page(), page + 1);
        assert!(matches!(
            cmds.as_slice(),
            [Cmd::Compute {
                job: Job::Report { .. },
                ..
            }]
        ));
        // The board has no notes page.
        let mut board = ReportsTab::default();
        key(&mut board, Action::Report(Op::Notes), Lang::En);
        assert_eq!(board.notes_page(), None);
    }

    #[test]
    fn a_cut_note_says_where_the_rest_is_and_fits_its_line() {
        let text = "5-point surveys: average 4.33 (7DC new-car callback, 3DC repair callback, \
                    Complaint follow-up; 663 scores; scales are never averaged together)";
        let more = "… n all notes";
        for w in 20..60 {
            let lines = wrapped(text, w, 1, Style::default(), more);
            assert_eq!(lines.len(), 1);
            let l: String = lines[0].spans.iter().map(|s| s.content.as_ref()).collect();
            assert!(l.ends_with(more), "{w}: {l}");
            assert!(crate::text::width(&l) <= w, "{w}: {l}");
            assert!(!l.contains('~'), "{w}: {l}");
        }
        // Whole when it fits: no marker.
        let lines = wrapped(text, 200, 3, Style::default(), more);
        let l: String = lines[0].spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(l, text);
    }

    #[test]
    fn the_page_scrolls_within_its_lines() {
        assert_eq!(first_line(0, 30, 10), 0);
        assert_eq!(first_line(5, 30, 10), 5);
        assert_eq!(first_line(99, 30, 10), 20);
        assert_eq!(first_line(3, 4, 10), 0);
    }
}
