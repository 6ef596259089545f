//! The call form drawn: the rows above the template's fields (direction, channel,
//! customer, car), the fields, the standard sentence previewed, and the keys.

use super::{CallForm, HEADER, Row};
use crate::i18n::Lang;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

impl CallForm {
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        let title = match (self.correcting, lang) {
            // A correction names the call it corrects.
            (Some((id, _)), Lang::Zh) => format!("更正来电 #{id}：{}", self.template.name(lang)),
            (Some((id, _)), Lang::En) => {
                format!("Correct call #{id}: {}", self.template.name(lang))
            }
            (None, Lang::Zh) => format!(
                "登记{}：{}",
                self.template.group.label(lang),
                self.template.name(lang)
            ),
            (None, Lang::En) => format!(
                "Log {}: {}",
                self.template.group.label(lang),
                self.template.name(lang)
            ),
        };
        let block = theme.block(&title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let n_fields = self.fields.fields.len() as u16;
        // The key line wraps rather than lose its last keys.
        let keys = theme
            .text(&format!(
                "{}  {}",
                crate::ui::keymap::hint_line(
                    &[crate::ui::keymap::Scope::CallForm],
                    true,
                    &[
                        (Action::Save, "保存", "save"),
                        (Action::NextField, "下一栏", "next"),
                        (
                            Action::QuickCreate,
                            "新建客户(姓名 手机)",
                            "new customer (name phone)"
                        ),
                        (Action::Back, "取消", "cancel"),
                    ],
                    lang,
                ),
                // The choice rows (direction, channel, vehicle) turn in place: not a table key.
                lang.t("←/→ 切换选项", "Left/Right change"),
            ))
            .into_owned();
        // Never between a key and its word (`Left/` `Right change`).
        let keys = crate::text::pack_line(&keys, usize::from(inner.width)).join("\n");
        let keys_rows = u16::try_from(keys.lines().count()).unwrap_or(2).clamp(1, 2);
        let [head, fields, preview, hint] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Length(n_fields.min(inner.height.saturating_sub(8 + keys_rows))),
            Constraint::Min(3),
            Constraint::Length(keys_rows),
        ])
        .areas(inner);
        self.render_head(frame, head, lang, theme);
        let mut form = self.fields.clone();
        form.message = None;
        if self.focus < HEADER.len() {
            form.focus = usize::MAX;
        }
        form.render(frame, fields, lang, theme);
        // The customer search results drop over the fields while searching.
        if self.picker_open() {
            let rows = Rect {
                y: head.y + 3,
                height: (self.hits.len() as u16).min(6),
                ..head
            };
            frame.render_widget(crate::ui::widgets::popup::Cover, rows);
            for (i, h) in self.hits.iter().take(6).enumerate() {
                let line = format!(
                    "  {} {} {} {}",
                    fit(&inert(&h.name), 10, true),
                    fit(
                        &h.mobile
                            .as_deref()
                            .map(crate::domain::validate::mask_mobile)
                            .unwrap_or_default(),
                        12,
                        true
                    ),
                    fit(&inert(h.plate.as_deref().unwrap_or("")), 10, true),
                    inert(&h.car)
                );
                let style = if i == self.hit_sel {
                    theme.selected()
                } else {
                    theme.warn()
                };
                frame.render_widget(
                    Paragraph::new(fit(&line, rows.width as usize, true)).style(style),
                    Rect {
                        y: rows.y + i as u16,
                        height: 1,
                        ..rows
                    },
                );
            }
        }
        let sentence = self.template.render(lang, &self.values());
        let missing: Vec<&str> = self
            .template
            .missing_required(&self.values())
            .iter()
            .map(|f| f.label(lang))
            .collect();
        // The note (what Ctrl-K filled, else what is left to fill) goes on the preview's
        // label row, where nothing pushes it off: under the sentence, a long sentence and
        // the suggestions pushed it off the bottom at 80x24.
        let mut head = vec![Span::styled(
            lang.t("标准记录预览", "Standard sentence"),
            theme.label(),
        )];
        match &self.message {
            Some((m, err)) => head.extend([
                Span::raw("  "),
                Span::styled(m.clone(), if *err { theme.error() } else { theme.ok() }),
            ]),
            None if !missing.is_empty() => head.extend([
                Span::raw("  "),
                Span::styled(
                    format!(
                        "{}{}",
                        lang.t("待填：", "to fill: "),
                        missing.join(lang.t("、", ", "))
                    ),
                    theme.dim(),
                ),
            ]),
            None => {}
        }
        // Wrapped where the shared wrapper wraps: never inside a price (15.98万), a plate,
        // a phone number or a time.
        let w = usize::from(preview.width.max(1));
        let mut lines = crate::ui::widgets::wrapped::line(Line::from(head), w);
        let more = u16::try_from(lines.len().saturating_sub(1)).unwrap_or(u16::MAX);
        let preview = self.render_kb(frame, preview, more, lang, theme);
        lines.extend(crate::ui::widgets::wrapped::line(
            Line::from(inert(&sentence)),
            w,
        ));
        frame.render_widget(Paragraph::new(lines), preview);
        frame.render_widget(
            crate::ui::widgets::wrapped::paragraph(keys, hint.width).style(theme.dim()),
            hint,
        );
    }

    fn render_head(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        // As wide as the fields' labels below.
        let label_w = usize::from(self.fields.label_width(lang, area.width));
        for (i, row) in HEADER.iter().enumerate() {
            let focused = self.focus == i;
            let (label, value) = match row {
                Row::Direction => (
                    lang.t("方向", "Direction"),
                    format!("< {} >", self.direction.label(lang)),
                ),
                Row::Channel => (
                    lang.t("渠道", "Channel"),
                    format!("< {} >", self.channel.label(lang)),
                ),
                Row::Customer => (
                    lang.t("客户", "Customer"),
                    match &self.customer {
                        Some(c) if !focused => format!(
                            "{} {}",
                            inert(&c.data.name),
                            c.data
                                .mobile
                                .as_deref()
                                .map(crate::domain::validate::mask_mobile)
                                .unwrap_or_default()
                        ),
                        _ => inert(self.query.value()),
                    },
                ),
                Row::Vehicle => (
                    lang.t("车辆", "Vehicle"),
                    match self.vehicle() {
                        Some(v) => format!(
                            "< {} {} {} >",
                            inert(v.data.plate.as_deref().unwrap_or("-")),
                            inert(&v.data.brand),
                            inert(&v.data.model)
                        ),
                        None => lang.t("（无）", "(none)").to_string(),
                    },
                ),
            };
            let style = if focused {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            let line = Line::from(vec![
                Span::styled(
                    fit(&format!(" {label}"), label_w, true),
                    if focused { theme.key() } else { theme.label() },
                ),
                Span::raw(" "),
                Span::styled(fit(&value, area.width as usize - label_w - 1, true), style),
            ]);
            let r = Rect {
                y: area.y + i as u16,
                height: 1,
                ..area
            };
            frame.render_widget(Paragraph::new(line), r);
            if focused && *row == Row::Customer {
                let x = area.x + label_w as u16 + 1 + self.query.visual_cursor() as u16;
                frame
                    .set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), r.y));
            }
        }
    }
}
