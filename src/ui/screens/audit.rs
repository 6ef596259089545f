//! The supervisor's audit screen: who viewed or changed what, when, filterable. Agents
//! cannot open it (the attempt is itself audited); nothing here can change the log. Each
//! entry reads as a sentence (`domain::audit`); the list says when it stops at its limit.

use crate::clock::{Clock, from_db};
use crate::domain::audit::{self as words_of, Entry, Reading, Sentence, words};
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Field, Form};
use crate::ui::widgets::panel::list_panel;
use crate::ui::widgets::popup::centered;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// How many entries the screen loads at most (newest first).
pub const LIMIT: usize = 500;

#[derive(Debug, Default)]
pub struct AuditScreen {
    pub entries: Vec<AuditEntry>,
    /// How many entries match the filter (more than `entries` when cut at `LIMIT`).
    pub total: usize,
    pub selected: usize,
    pub filter: AuditFilter,
    pub filter_form: Option<Form>,
}

/// An entry in words.
pub fn sentence(
    e: &AuditEntry,
    lang: Lang,
    templates: &TemplateSet,
    tz: chrono_tz::Tz,
) -> Sentence {
    let entry = Entry {
        action: &e.action,
        entity: &e.entity,
        entity_id: e.entity_id,
        who: e.agent_name.as_deref(),
        record: e.record.as_deref(),
        before: e.before.as_deref(),
        after: e.after.as_deref(),
    };
    words_of::sentence(
        &entry,
        Reading {
            lang,
            templates,
            tz,
        },
    )
}

impl AuditScreen {
    pub fn filter_form(&self) -> Form {
        Form::new(vec![
            Field::new("agent", "工号", "Agent no.")
                .value(self.filter.agent_emp_no.as_deref().unwrap_or("")),
            Field::new("entity", "对象", "Record type")
                .hints("见下方可选项", "one of the choices below")
                .value(self.filter.entity.as_deref().unwrap_or("")),
            Field::new("action", "操作", "Action")
                .hints("见下方可选项", "one of the choices below")
                .value(self.filter.action.as_deref().unwrap_or("")),
            Field::new("day", "日期", "Day").hint("2026-11-23"),
        ])
    }

    /// The filter from the form (the day becomes a UTC range in the store's zone). A
    /// record type or action that is not a choice is refused in `lang`, the form kept.
    pub fn apply_form(&mut self, clock: &Clock, lang: Lang) -> bool {
        let Some(f) = &mut self.filter_form else {
            return false;
        };
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let mut filter = AuditFilter {
            agent_emp_no: opt(f.get("agent")),
            entity: None,
            action: None,
            from: None,
            to: None,
        };
        let mut ok = true;
        for (key, action) in [("entity", false), ("action", true)] {
            let Some(typed) = opt(f.get(key)) else {
                continue;
            };
            match words::choice(&typed, action) {
                Some(code) if action => filter.action = Some(code),
                Some(code) => filter.entity = Some(code),
                None => {
                    f.set_error(key, lang.t("不是可选项", "not a choice").to_string());
                    ok = false;
                }
            }
        }
        let day = f.get("day").to_string();
        if !day.is_empty() {
            match crate::domain::validate::parse_date(&day, crate::domain::validate::Field::Date) {
                Ok(d) => {
                    use chrono::TimeZone;
                    let start = clock
                        .tz()
                        .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                        .earliest();
                    if let Some(s) = start {
                        let s = s.with_timezone(&chrono::Utc);
                        filter.from = Some(crate::clock::to_db(s));
                        filter.to = Some(crate::clock::to_db(s + chrono::Duration::days(1)));
                    }
                }
                Err(e) => {
                    f.set_error("day", e.message(lang));
                    ok = false;
                }
            }
        }
        if !ok {
            return false;
        }
        self.filter = filter;
        self.filter_form = None;
        self.selected = 0;
        true
    }

    /// What the list says under its rows: how many entries, and that it stops at its limit.
    pub fn count_line(&self, lang: Lang) -> String {
        let n = self.entries.len();
        match (self.total > n, lang) {
            (true, Lang::Zh) => format!(
                "共 {} 条，只列出最近 {n} 条（f 筛选以缩小范围）",
                self.total
            ),
            (true, Lang::En) => {
                format!("{} in all; the latest {n} listed (f to filter)", self.total)
            }
            (false, Lang::Zh) => format!("共 {n} 条"),
            (false, Lang::En) => format!("{n} in all"),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        lang: Lang,
        clock: &Clock,
        templates: &TemplateSet,
        theme: &Theme,
    ) {
        frame.render_widget(Clear, area);
        let title = lang.t("审计记录（只读）", "Audit log (read-only)");
        let hint = keymap::hint_line(
            &[Scope::AuditLog],
            false,
            &[
                (Action::Down, "选择", "select"),
                (Action::Filter, "筛选", "filter"),
                (Action::Back, "关闭", "close"),
            ],
            lang,
        );
        let selected = self
            .entries
            .get(self.selected)
            .map(|e| sentence(e, lang, templates, clock.tz()));
        // The selected entry whole, wrapped: its head, then its changes.
        let detail: Vec<Line> = selected
            .iter()
            .flat_map(|s| {
                let changes = s.changes.join(lang.t("；", "; "));
                [
                    Line::from(Span::styled(inert(&s.head), theme.label())),
                    Line::from(inert(&changes)),
                ]
            })
            .filter(|l| l.width() > 0)
            .collect();
        let inner_w = area.width.saturating_sub(2).max(1) as usize;
        let needed: usize = detail
            .iter()
            .map(|l| l.width().div_ceil(inner_w).max(1))
            .sum::<usize>()
            + 1;
        let foot = (needed as u16)
            .min(area.height.saturating_sub(6) / 2)
            .max(2);
        let (rows, detail_area) = list_panel(frame, area, theme, title, &hint, foot);
        let h = rows.height.saturating_sub(1) as usize;
        let offset = self.selected.saturating_sub(h.saturating_sub(1));
        for (i, e) in self.entries.iter().enumerate().skip(offset).take(h) {
            let at = from_db(&e.at)
                .map(|t| clock.fmt_local(t))
                .unwrap_or_else(|| e.at.clone());
            let head = sentence(e, lang, templates, clock.tz()).head;
            let line = format!("{} {}", &at[at.len().min(5)..], inert(&head));
            let style = if i == self.selected {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            frame.render_widget(
                Paragraph::new(fit(&line, rows.width as usize, true)).style(style),
                Rect {
                    y: rows.y + (i - offset) as u16,
                    height: 1,
                    ..rows
                },
            );
        }
        if rows.height > 0 {
            frame.render_widget(
                Paragraph::new(self.count_line(lang)).style(theme.dim()),
                Rect {
                    y: rows.y + rows.height - 1,
                    height: 1,
                    ..rows
                },
            );
        }
        frame.render_widget(
            Paragraph::new(detail).wrap(Wrap { trim: true }),
            detail_area,
        );
        if let Some(f) = &self.filter_form {
            self.render_filter(f, frame, area, lang, theme);
        }
    }

    fn render_filter(&self, f: &Form, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        let popup = centered(area, 76, 10);
        frame.render_widget(Clear, popup);
        let block = theme.block(lang.t("筛选审计记录", "Filter the audit log"));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let form_h = f.height().min(inner.height);
        f.render(
            frame,
            Rect {
                height: form_h,
                ..inner
            },
            lang,
            theme,
        );
        let choices = vec![
            Line::from(vec![
                Span::styled(lang.t("对象：", "Record type: "), theme.label()),
                Span::raw(words::choices(false, lang)),
            ]),
            Line::from(vec![
                Span::styled(lang.t("操作：", "Action: "), theme.label()),
                Span::raw(words::choices(true, lang)),
            ]),
        ];
        frame.render_widget(
            Paragraph::new(choices).wrap(Wrap { trim: true }),
            Rect {
                y: inner.y + form_h,
                height: inner.height - form_h,
                ..inner
            },
        );
    }
}
