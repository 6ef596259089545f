//! The scoring sheet being filled in: points per criterion (a digit 0..=max on the
//! criterion's row), the fatal-error item and the comment for the agent. Rows: the
//! criteria in the sheet's order, then the fatal error, then the comment.

use crate::domain::quality::{ReviewSheet, Scores};
use crate::i18n::Lang;
use crate::store::quality::Round;
use crate::ui::keymap::Scope;
use crate::ui::widgets::form_merge::changed;
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// Longest comment kept.
const MAX_COMMENT: usize = 500;

#[derive(Debug, Clone)]
pub struct Sheet {
    /// Points per criterion, in the sheet's order; `None` not scored yet.
    pub points: Vec<Option<u8>>,
    pub fatal: bool,
    pub comment: Input,
    /// The row with the cursor: a criterion, then `len` the fatal error, `len + 1` the comment.
    pub focus: usize,
    pub dirty: bool,
    /// A message about the sheet (why it was not saved), and whether it is an error.
    pub message: Option<(String, bool)>,
    /// The points and the fatal error as the stored review gave them when the sheet was
    /// built (or last followed the store): what the user has not touched.
    was: (Vec<Option<u8>>, bool),
    /// Beside points the user typed, the other points a follow brought from the store.
    pub theirs: Vec<Option<u8>>,
}

impl Sheet {
    /// A sheet to fill in; a re-score starts from the points of the round before.
    pub fn new(def: &ReviewSheet, before: Option<&Round>) -> Sheet {
        let points: Vec<Option<u8>> = def
            .criteria
            .iter()
            .map(|c| {
                before
                    .and_then(|r| r.points.get(&c.id))
                    .map(|p| p.0.min(def.max))
            })
            .collect();
        let fatal = before.is_some_and(|r| r.fatal);
        Sheet {
            was: (points.clone(), fatal),
            theirs: vec![None; def.criteria.len()],
            points,
            fatal,
            comment: Input::default(),
            focus: 0,
            dirty: false,
            message: None,
        }
    }

    /// Another supervisor scored the review meanwhile (`theirs`: the round now stored
    /// last): points and the fatal error the user did not touch take the stored ones,
    /// those typed stay with the stored one named beside them; the comment stays. Returns
    /// what changed, one phrase each (as `widgets::form_merge` says it).
    pub fn follow(&mut self, def: &ReviewSheet, theirs: Option<&Round>, lang: Lang) -> Vec<String> {
        let stored = Sheet::new(def, theirs);
        let points = |p: Option<u8>| p.map_or_else(|| "-".to_string(), |p| p.to_string());
        let mut said = Vec::new();
        for (i, c) in def.criteria.iter().enumerate() {
            let (was, now) = (self.was.0[i], stored.points[i]);
            if was == now {
                continue;
            }
            let typed = self.points[i] != was;
            if typed {
                self.theirs[i] = now.filter(|_| now != self.points[i]);
            } else {
                self.points[i] = now;
                self.theirs[i] = None;
            }
            said.push(changed(c.label(lang), &points(now), typed, lang));
        }
        if self.was.1 != stored.fatal {
            let typed = self.fatal != self.was.1;
            if !typed {
                self.fatal = stored.fatal;
            }
            let now = if stored.fatal {
                lang.t("是", "yes")
            } else {
                lang.t("否", "no")
            };
            said.push(changed(lang.t("致命错误", "Fatal error"), now, typed, lang));
        }
        self.was = stored.was;
        said
    }

    /// The points and the fatal error as the sheet opened on the stored review (what a
    /// follow measures the store's changes against).
    pub fn base(&self) -> (&[Option<u8>], bool) {
        (&self.was.0, self.was.1)
    }

    /// The sheet put back from a draft: opened on `base` (as the supervisor saw the review),
    /// though built on the review as stored now.
    pub fn set_base(&mut self, base: (Vec<Option<u8>>, bool)) {
        self.was = base;
    }

    pub fn fatal_row(&self) -> usize {
        self.points.len()
    }

    pub fn comment_row(&self) -> usize {
        self.points.len() + 1
    }

    pub fn focus_step(&mut self, def: &ReviewSheet, d: isize) {
        let rows = def.criteria.len() + 2;
        self.focus = (self.focus as isize + d).rem_euclid(rows as isize) as usize;
    }

    pub fn toggle_fatal(&mut self) {
        self.fatal = !self.fatal;
        self.dirty = true;
        self.message = None;
    }

    /// The scores as entered.
    pub fn scores(&self, def: &ReviewSheet) -> Scores {
        Scores {
            points: def
                .criteria
                .iter()
                .zip(&self.points)
                .filter_map(|(c, p)| p.map(|p| (c.id.clone(), p)))
                .collect(),
            fatal: self.fatal,
        }
    }

    /// The total the points make now (what saving would keep).
    pub fn total(&self, def: &ReviewSheet) -> f64 {
        def.total(&self.scores(def))
    }

    /// How many criteria are still to score (none once the fatal error is marked: the
    /// review then scores 0 whatever the points).
    pub fn missing(&self) -> usize {
        if self.fatal {
            0
        } else {
            self.points.iter().filter(|p| p.is_none()).count()
        }
    }

    pub fn focus_first_missing(&mut self, def: &ReviewSheet) {
        if let Some(i) = self.points.iter().position(Option::is_none) {
            self.focus = i.min(def.criteria.len().saturating_sub(1));
        }
    }

    /// The key scopes while the sheet is filled in: the fatal-error row's own keys above
    /// the sheet's while it has the cursor.
    pub fn scopes(&self) -> Vec<Scope> {
        if self.focus == self.fatal_row() {
            vec![Scope::QualityFatalRow, Scope::QualitySheet]
        } else {
            vec![Scope::QualitySheet]
        }
    }

    /// A key typed on the focused row: a digit scores the criterion (and moves on), text
    /// goes into the comment. (The fatal-error row's keys are the key table's.)
    pub fn key(&mut self, def: &ReviewSheet, key: KeyEvent, lang: Lang) {
        self.message = None;
        if self.focus < self.points.len() {
            match key.code {
                KeyCode::Char(c) if c.is_ascii_digit() => {
                    let p = c as u8 - b'0';
                    if p > def.max {
                        self.message = Some((
                            match lang {
                                Lang::Zh => format!("每项 0–{} 分", def.max),
                                Lang::En => format!("Each criterion scores 0–{}", def.max),
                            },
                            true,
                        ));
                        return;
                    }
                    self.points[self.focus] = Some(p);
                    self.dirty = true;
                    self.focus += 1;
                }
                KeyCode::Backspace | KeyCode::Delete => {
                    self.points[self.focus] = None;
                    self.dirty = true;
                }
                KeyCode::Char(_) => {
                    self.message = Some((
                        match lang {
                            Lang::Zh => format!("请输入 0–{} 的分数", def.max),
                            Lang::En => format!("Type a score from 0 to {}", def.max),
                        },
                        true,
                    ));
                }
                _ => {}
            }
        } else if self.focus == self.fatal_row() {
            // Nothing is typed here: its keys are the table's (`Scope::QualityFatalRow`).
        } else if (self.comment.value().chars().count() < MAX_COMMENT
            || !matches!(key.code, KeyCode::Char(_)))
            && self
                .comment
                .handle_event(&Event::Key(key))
                .is_some_and(|s| s.value)
        {
            self.dirty = true;
        }
    }

    /// Pasted text: into the comment when it has the cursor.
    pub fn paste(&mut self, text: &str) {
        if self.focus == self.comment_row() {
            let room = MAX_COMMENT.saturating_sub(self.comment.value().chars().count());
            let mut v = self.comment.value().to_string();
            v.extend(text.chars().take(room));
            self.comment = Input::new(v);
            self.dirty = true;
        }
    }
}
