//! The supervisor's audit screen: who viewed or changed what, when, filterable. Agents
//! cannot open it (the attempt is itself audited); nothing here can change the log.

use crate::clock::{Clock, from_db};
use crate::i18n::Lang;
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::text::{fit, inert};
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Field, Form};
use crate::ui::widgets::panel::list_panel;
use crate::ui::widgets::popup::centered;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

#[derive(Debug, Default)]
pub struct AuditScreen {
    pub entries: Vec<AuditEntry>,
    pub selected: usize,
    pub filter: AuditFilter,
    pub filter_form: Option<Form>,
}

impl AuditScreen {
    pub fn filter_form(&self) -> Form {
        Form::new(vec![
            Field::new("agent", "工号", "Agent no.")
                .value(self.filter.agent_emp_no.as_deref().unwrap_or("")),
            Field::new("entity", "对象", "Record type")
                .hint("customer/vehicle/call/rescue/agent")
                .value(self.filter.entity.as_deref().unwrap_or("")),
            Field::new("action", "操作", "Action")
                .hint("create/update/reveal/correct")
                .value(self.filter.action.as_deref().unwrap_or("")),
            Field::new("day", "日期", "Day").hint("2026-11-23"),
        ])
    }

    /// The filter from the form (the day becomes a UTC range in the store's zone).
    pub fn apply_form(&mut self, clock: &Clock) -> bool {
        let Some(f) = &mut self.filter_form else {
            return false;
        };
        let opt = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
        let mut filter = AuditFilter {
            agent_emp_no: opt(f.get("agent")),
            entity: opt(f.get("entity")),
            action: opt(f.get("action")),
            from: None,
            to: None,
        };
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
                    f.set_error("day", e.message(Lang::Zh));
                    return false;
                }
            }
        }
        self.filter = filter;
        self.filter_form = None;
        self.selected = 0;
        true
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
        frame.render_widget(Clear, area);
        let title = lang.t("审计记录（只读）", "Audit log (read-only)");
        let hint = lang.t(
            "↑/↓ 选择  f 筛选  Esc 关闭",
            "Up/Down select  f filter  Esc close",
        );
        let (rows, detail) = list_panel(frame, area, theme, title, hint, 4);
        let h = rows.height as usize;
        let offset = self.selected.saturating_sub(h.saturating_sub(1));
        for (i, e) in self.entries.iter().enumerate().skip(offset).take(h) {
            let at = from_db(&e.at)
                .map(|t| clock.fmt_local(t))
                .unwrap_or_else(|| e.at.clone());
            let line = format!(
                "{} {} {} {}#{}",
                at,
                fit(&inert(e.agent.as_deref().unwrap_or("-")), 12, true),
                fit(&inert(&e.action), 24, true),
                inert(&e.entity),
                e.entity_id.unwrap_or(0)
            );
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
        if let Some(e) = self.entries.get(self.selected) {
            let lines = vec![
                Line::from(vec![
                    Span::styled(lang.t("之前 ", "before "), theme.label()),
                    Span::raw(inert(e.before.as_deref().unwrap_or("-"))),
                ]),
                Line::from(vec![
                    Span::styled(lang.t("之后 ", "after  "), theme.label()),
                    Span::raw(inert(e.after.as_deref().unwrap_or("-"))),
                ]),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail);
        }
        if let Some(f) = &self.filter_form {
            let popup = centered(area, 64, 8);
            frame.render_widget(Clear, popup);
            let block = theme.block(lang.t("筛选审计记录", "Filter the audit log"));
            let inner = block.inner(popup);
            frame.render_widget(block, popup);
            f.render(frame, inner, lang, theme);
        }
    }
}
