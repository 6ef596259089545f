//! Drawing the first-run setup over the whole screen: what it is for, the form, the
//! message and the keys. Rendering only.

use super::FirstRun;
use crate::ui::action::Action;
use crate::ui::keymap::{Scope, hint_line};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(fr: &FirstRun, frame: &mut Frame, area: Rect, theme: &Theme) {
    let lang = fr.lang;
    frame.render_widget(Clear, area);
    let block = theme.block(lang.t("首次设置", "First-run setup"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [intro, _, form, message, keys] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(1),
        Constraint::Length(fr.form.height()),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let esc = crate::ui::keymap::key_in(Scope::FirstRun, Action::Back);
    let words = match lang {
        crate::i18n::Lang::Zh => format!(
            "这是一个新的门店数据库。请填写店名、门店地址和电话（印在给客户的短信里）、第一位主管和服务顾问；坐席、营业时间等以后由主管在“7更多→设置”中修改。全部填好后一起保存；按 {esc} 退出则什么都不保存（连接中断时已填的会保留）。"
        ),
        crate::i18n::Lang::En => format!(
            "This is a new store database. Give the store's name, address and phone (for messages to customers), its first supervisor (who later adds agents and sets hours and more in 7 More → Settings) and the service advisors. All is saved together at the end; {esc} leaves and saves nothing."
        ),
    };
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(words.as_str(), intro.width),
        intro,
    );
    fr.form.render(frame, form, lang, theme);
    let mut lines = Vec::new();
    // The field's error, unless the message under it says it already ("未保存：栏：…").
    if let Some(field) = fr.form.fields.get(fr.form.focus)
        && let Some(e) = &field.error
        && !fr.form.message.as_ref().is_some_and(|(m, _)| m.contains(e))
    {
        lines.push(Line::from(Span::styled(e.clone(), theme.error())));
    }
    if let Some((m, err)) = &fr.form.message {
        lines.push(Line::from(Span::styled(
            m.clone(),
            if *err { theme.error() } else { theme.ok() },
        )));
    }
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(lines, message.width),
        message,
    );
    let hint = hint_line(
        &[Scope::FirstRun],
        true,
        &[
            (Action::Save, "保存并开始", "save and start"),
            (Action::NextField, "下一栏", "next"),
            (Action::Back, "退出", "leave"),
        ],
        lang,
    );
    frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), keys);
}
