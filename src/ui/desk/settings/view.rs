//! Drawing the Settings page: the sections with their fields, services and agents; the
//! form of a section or a record, with the focused field's label and problem whole under
//! it. Rendering only.

use super::{Mode, SettingsPage, Target};
use crate::i18n::Lang;
use crate::text::{fit, inert, width};
use crate::ui::action::Action;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(p: &SettingsPage, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    match p.mode {
        Mode::Form if p.form.is_some() => form(p, frame, area, lang, theme),
        _ => list(p, frame, area, lang, theme),
    }
}

fn hint(p: &SettingsPage, lang: Lang, items: &[(Action, &'static str, &'static str)]) -> String {
    crate::ui::desk::hint(p, items, lang)
}

/// Width of the label column.
const LABEL_W: usize = 26;

fn list(p: &SettingsPage, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let block = theme.block(lang.t("门店设置", "Store settings"));
    let block = crate::ui::desk::loads::note(block, p.loads.showing(), lang, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // A draft that could not be put back says so over the foot, quoting what was typed.
    let note = crate::ui::widgets::wrapped::note_lines(
        p.note.as_deref(),
        inner.width as usize,
        3,
        theme.error(),
    );
    let [source, rows_area, noted, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(note.len() as u16),
        Constraint::Length(2),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(note), noted);
    let w = rows_area.width as usize;
    if let Some(s) = &p.snap {
        let line = format!(
            "{}{}",
            lang.t("门店设置来源：", "Store setup from: "),
            s.source
        );
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&line, w, true), theme.dim())),
            source,
        );
    }
    // The row on screen of the highlighted record, to scroll it into view.
    let sel_row = p
        .selected
        .id()
        .and_then(|id| p.rows.iter().position(|r| r.id.as_ref() == Some(id)))
        .unwrap_or(0);
    let height = rows_area.height as usize;
    let start = sel_row.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    if p.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.t("正在读取设置……", "Reading the settings…"),
            theme.dim(),
        )));
    }
    // Which contact fields are still the built-in sample's: asked once a frame.
    let sample = p
        .snap
        .as_ref()
        .map(|s| s.setup.sample_contacts())
        .unwrap_or_default();
    for (i, r) in p.rows.iter().enumerate().skip(start).take(height) {
        let Some(_) = &r.id else {
            lines.push(Line::from(Span::styled(
                fit(&r.label, w, true),
                theme.label().add_modifier(Modifier::BOLD),
            )));
            continue;
        };
        let label = fit(&format!("  {}", inert(&r.label)), LABEL_W, true);
        let pad = " ".repeat(LABEL_W.saturating_sub(width(&label)) + 1);
        let unknown = row_note(p, &sample, r.id.as_deref(), lang);
        let text = match &unknown {
            None => format!("{label}{pad}{}", inert(&r.value)),
            Some(u) => format!("{label}{pad}{}  {u}", inert(&r.value)),
        };
        let style = if i == sel_row {
            theme.selected()
        } else if unknown.is_some() {
            theme.warn()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(fit(&text, w, true), style)));
    }
    frame.render_widget(Paragraph::new(lines), rows_area);
    let (first, first_style) = match footer_warning(&sample, lang) {
        Some(w) => (w, theme.warn()),
        None => (footer_note(p, lang), theme.dim()),
    };
    let keys = hint(
        p,
        lang,
        &[
            (Action::Down, "下一项", "next"),
            (Action::Open, "修改", "edit"),
            (Action::SettingsNew, "新增", "add"),
        ],
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(fit(&first, w, true), first_style)),
            Line::from(Span::styled(fit(&keys, w, false), theme.dim())),
        ]),
        footer,
    );
}

/// The list's first footer line: how to change a field, or that agents only look.
fn footer_note(p: &SettingsPage, lang: Lang) -> String {
    use crate::ui::keymap::{Scope, key_in};
    if !p.supervisor {
        return lang
            .t(
                "专员可查看设置；修改请找主管",
                "Agents may look; a supervisor makes changes",
            )
            .into();
    }
    let open = key_in(Scope::SettingsList, Action::Open);
    let new = key_in(Scope::SettingsList, Action::SettingsNew);
    match lang {
        Lang::Zh => format!("修改一栏：移到该项按 {open}；服务项目和坐席可按 {new} 新增"),
        Lang::En => {
            format!("{open} on a field changes its section; {new} adds a service or an agent")
        }
    }
}

/// In place of the footer's note: the store's address or phone still the built-in
/// sample's, said whole (the row's own note is cut at 80 columns after a long address).
fn footer_warning(sample: &[&str], lang: Lang) -> Option<String> {
    if sample.is_empty() {
        return None;
    }
    let names: Vec<&str> = sample
        .iter()
        .map(|k| match *k {
            "address" => lang.t("门店地址", "Address"),
            _ => lang.t("门店电话", "Phone"),
        })
        .collect();
    let open = crate::ui::keymap::key_in(crate::ui::keymap::Scope::SettingsList, Action::Open);
    Some(match lang {
        Lang::Zh => format!(
            "{}仍是内置示例，会印在客户短信里：移到该栏按 {open} 修改",
            names.join("、")
        ),
        Lang::En => format!(
            "{}: the built-in sample's, sent to customers; {open} to change",
            names.join(", ")
        ),
    })
}

fn form(p: &SettingsPage, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some((target, f)) = &p.form else {
        return;
    };
    let title = match target {
        Target::Section(s) => format!("{}{}", lang.t("修改：", "Edit: "), s.label(lang)),
        Target::Service { new: true, .. } => lang.t("新增服务项目", "New service type").into(),
        Target::Service { code, .. } => {
            let name = p
                .snap
                .as_ref()
                .and_then(|s| s.setup.service(code))
                .map(|s| s.label(lang).to_string())
                .unwrap_or_default();
            format!(
                "{}{}",
                lang.t("修改服务项目：", "Edit service type: "),
                inert(&name)
            )
        }
        // An agent is named by number and name.
        Target::Agent { id, emp_no, .. } => {
            let name = p
                .snap
                .as_ref()
                .and_then(|s| s.agents.iter().find(|a| a.agent.id == *id))
                .map(|a| inert(&a.agent.name))
                .unwrap_or_default();
            format!(
                "{}{emp_no} {name}",
                lang.t("修改坐席：工号 ", "Edit agent: no. ")
            )
        }
        Target::NewAgent => lang.t("新增坐席", "New agent").into(),
    };
    let block = crate::ui::desk::title::block(theme, title.trim_end(), area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = f.height().min(inner.height.saturating_sub(4));
    let [fields, about, footer] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render(frame, fields, lang, theme);
    // The focused field whole (labels are cut beside the field), its problem, the message.
    let mut lines = Vec::new();
    if let Some(field) = f.fields.get(f.focus) {
        let mut spans = vec![Span::styled(
            format!("{}{}", lang.t(&field.zh, &field.en), lang.t("：", ": ")),
            theme.label(),
        )];
        spans.push(Span::raw(explain_field(p, &field.key, lang)));
        lines.push(Line::from(spans));
        if let Some(e) = &field.error {
            lines.push(Line::from(Span::styled(e.clone(), theme.error())));
        }
    }
    if let Some((m, err)) = &f.message {
        lines.push(Line::from(Span::styled(
            m.clone(),
            if *err { theme.error() } else { theme.ok() },
        )));
    }
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(lines, about.width),
        about,
    );
    let keys = hint(
        p,
        lang,
        &[
            (Action::Save, "保存", "save"),
            (Action::NextField, "下一栏", "next"),
            (Action::Back, "取消", "cancel"),
        ],
    );
    frame.render_widget(Paragraph::new(Span::styled(keys, theme.dim())), footer);
}

/// What a row warns of, in brackets after its value: on the closed holidays' row, the
/// names the calendar does not have; on the address and phone, that they are still the
/// built-in sample's (printed in every message to customers).
fn row_note(p: &SettingsPage, sample: &[&str], id: Option<&str>, lang: Lang) -> Option<String> {
    let id = id?;
    if sample.contains(&id) {
        return Some(
            lang.t(
                "（仍是内置示例，会印在客户短信里：请改为本店的）",
                "(still the built-in sample, printed in customers' messages: change it)",
            )
            .into(),
        );
    }
    let u = unknown_holidays(p, id)?;
    let u = inert(&u);
    Some(match lang {
        Lang::Zh => format!("（日历中没有：{u}）"),
        Lang::En => format!("(not in the calendar: {u})"),
    })
}

/// On the closed holidays' row: the names saved that the store's calendar does not have
/// (saved before they were checked, or by a file): such a name never closes the store.
fn unknown_holidays(p: &SettingsPage, id: &str) -> Option<String> {
    let s = p.snap.as_ref()?;
    if id != crate::domain::store_fields::CLOSED_HOLIDAYS {
        return None;
    }
    let known = s.setup.calendar.holiday_names();
    let unknown: Vec<&str> = s
        .setup
        .closed_holidays
        .iter()
        .filter(|n| !known.contains(n))
        .map(String::as_str)
        .collect();
    (!unknown.is_empty()).then(|| unknown.join("、"))
}

/// What to type into a field; the holidays' field names those the store's calendar has.
fn explain_field(p: &SettingsPage, key: &str, lang: Lang) -> String {
    use crate::domain::store_fields::CLOSED_HOLIDAYS;
    match &p.snap {
        Some(s) if key == CLOSED_HOLIDAYS => {
            let names = s.setup.calendar.holiday_names();
            match lang {
                Lang::Zh => format!("节日名，用逗号分开；可填：{}", names.join("、")),
                Lang::En => format!(
                    "holiday names, separated by commas; there are: {}",
                    names.join(", ")
                ),
            }
        }
        _ => explain(key, lang),
    }
}

/// What to type into a field.
pub(super) fn explain(key: &str, lang: Lang) -> String {
    use crate::domain::store_fields::{Kind, spec};
    let said = match spec(key).map(|s| s.kind) {
        Some(Kind::Hours) => lang.t(
            "开门-关门，如 08:30-18:00；不营业填“休息”",
            "opening-closing, e.g. 08:30-18:00; \"closed\" when shut",
        ),
        Some(Kind::Time) => lang.t("时:分，如 16:00", "HH:MM, e.g. 16:00"),
        Some(Kind::Number(lo, hi)) => {
            return match lang {
                Lang::Zh => format!("{lo}–{hi} 的整数"),
                Lang::En => format!("a whole number, {lo}–{hi}"),
            };
        }
        Some(Kind::Names(_)) => lang.t("名字用逗号分开", "names separated by commas"),
        Some(Kind::Days) => lang.t(
            "日期或范围，用逗号分开，如 2027-02-05..2027-02-08",
            "dates or ranges, separated by commas, e.g. 2027-02-05..2027-02-08",
        ),
        Some(Kind::YesNo) => lang.t("是 / 否", "yes / no"),
        Some(Kind::TimeZone) => lang.t(
            "时区名称，如 Asia/Shanghai（下次启动时钟生效）",
            "a zone name such as Asia/Shanghai (the clock follows at the next start)",
        ),
        // Printed in every message to customers: a number they can call.
        Some(Kind::Text(_)) if key == "phone" => lang.t(
            "带区号的固定电话、手机或 400/800 热线，印在客户短信里",
            "a landline with area code, a mobile or a 400/800 line",
        ),
        Some(Kind::Text(_)) => lang.t("文字", "text"),
        None => match key {
            "code" => lang.t(
                "小写英文字母、数字或下划线；预约记录保存此代码，保存后不能改",
                "lower-case letters, digits or _; bookings keep it, so it cannot change later",
            ),
            "minutes" => lang.t(
                "预约默认时长，1 到 1440 分钟",
                "default length of a booking, 1 to 1440",
            ),
            "emp_no" => lang.t("1–16 位数字", "1–16 digits"),
            "supervisor" | "active" => lang.t("是 / 否", "yes / no"),
            "os_user" => lang.t(
                "此系统用户启动时自动以该坐席登录；可空",
                "this OS user starts signed in as the agent; optional",
            ),
            _ => "",
        },
    };
    said.to_string()
}
