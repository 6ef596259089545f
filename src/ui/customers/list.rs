//! The search field and the result list.

use super::CustomersTab;
use crate::domain::validate::mask_mobile;
use crate::i18n::Lang;
use crate::store::search::MatchKind;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::keymap;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(s: &CustomersTab, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let block = theme.block(lang.t("客户档案", "Customer archive"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [search_row, help_row, header_row, rows_area, foot_row] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);

    let label = lang.t("查找：", "Find: ");
    let label_w = crate::text::width(label) as u16;
    let field_w = search_row.width.saturating_sub(label_w) as usize;
    let scroll = s.search.visual_scroll(field_w.saturating_sub(1));
    let value: String = inert(s.search.value());
    let shown: String = value.chars().skip(scroll).collect();
    let field_style = if s.search_focused {
        theme.selected()
    } else {
        theme.dim()
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label, theme.key()),
            Span::styled(fit(&shown, field_w, true), field_style),
        ])),
        search_row,
    );
    if s.search_focused {
        let x = search_row.x + label_w + (s.search.visual_cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position(Position::new(
            x.min(search_row.right().saturating_sub(1)),
            search_row.y,
        ));
    }
    frame.render_widget(
        Paragraph::new({
            let what = lang.t(
                "姓名/拼音(zs)/手机(后4位)/车牌/车架号/日期",
                "name/pinyin (zs)/phone (last 4)/plate/VIN/date",
            );
            let keys = keymap::hint_line(
                &s.scopes(),
                s.typing(),
                &[
                    (Action::FocusSearch, "输入查找", "search"),
                    (Action::Open, "打开", "open"),
                    (Action::AddCustomer, "新建", "new"),
                    (Action::Back, "离开查找栏", "leave the field"),
                ],
                lang,
            );
            format!("{what}   {keys}")
        })
        .style(theme.dim()),
        help_row,
    );

    // Columns: name 10, mobile 12, plate 10, car rest, VIN tail 8.
    let w = rows_area.width as usize;
    let car_w = w.saturating_sub(10 + 12 + 10 + 9 + 4 + 5);
    let header = format!(
        "{} {} {} {} {} {}",
        fit(lang.t("姓名", "Name"), 10, true),
        fit(lang.t("手机", "Mobile"), 12, true),
        fit(lang.t("车牌", "Plate"), 10, true),
        fit(lang.t("车型", "Car"), car_w, true),
        fit(lang.t("车架号尾", "VIN tail"), 9, true),
        fit(lang.t("车辆", "Cars"), 4, false),
    );
    frame.render_widget(Paragraph::new(header).style(theme.label()), header_row);

    if s.hits.is_empty() {
        let add = crate::ui::keymap::key_in(
            crate::ui::keymap::Scope::List,
            crate::ui::action::Action::AddCustomer,
        );
        let enter = crate::ui::keymap::key_in(
            crate::ui::keymap::Scope::List,
            crate::ui::action::Action::Open,
        );
        let msg = match (s.query().trim().is_empty(), lang) {
            (true, Lang::Zh) => {
                format!("还没有客户。按 {add} 新建，或用 frontdesk import 导入客户档案。")
            }
            (true, Lang::En) => {
                format!(
                    "No customers yet. Press {add} to add one, or import them with `frontdesk import`."
                )
            }
            // In the field a letter is typed, so Enter starts the new customer there.
            (false, Lang::Zh) if s.search_focused => {
                format!("没有找到。换个写法试试，或按 {enter} 新建这位客户。")
            }
            (false, Lang::En) if s.search_focused => {
                format!(
                    "Nothing found. Try another spelling, or press {enter} to add the customer."
                )
            }
            (false, Lang::Zh) => format!("没有找到。换个写法试试，或按 {add} 新建客户。"),
            (false, Lang::En) => {
                format!("Nothing found. Try another spelling, or press {add} to add the customer.")
            }
        };
        frame.render_widget(Paragraph::new(msg).style(theme.dim()), rows_area);
    }
    let height = rows_area.height as usize;
    let offset = s.selected.index().saturating_sub(height.saturating_sub(1));
    for (i, h) in s.hits.iter().enumerate().skip(offset).take(height) {
        let vin_tail = h
            .vin
            .as_deref()
            .map(|v| &v[v.len().saturating_sub(8)..])
            .unwrap_or("");
        let line = format!(
            "{} {} {} {} {} {}",
            fit(&inert(&h.name), 10, true),
            fit(
                &h.mobile.as_deref().map(mask_mobile).unwrap_or_default(),
                12,
                true
            ),
            fit(&inert(h.plate.as_deref().unwrap_or("")), 10, true),
            fit(&inert(&h.car), car_w, true),
            fit(&inert(vin_tail), 9, true),
            fit(&h.vehicles.to_string(), 4, false),
        );
        let style = if i == s.selected.index() && !s.search_focused {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let row = Rect {
            y: rows_area.y + (i - offset) as u16,
            height: 1,
            ..rows_area
        };
        frame.render_widget(Paragraph::new(line).style(style), row);
    }
    let foot = if s.hits.is_empty() {
        String::new()
    } else {
        let how = match s.hits.first().map(|h| h.matched) {
            Some(MatchKind::Recent) => lang.t("最近添加", "recently added"),
            Some(MatchKind::Mobile) => lang.t("按手机", "by phone"),
            Some(MatchKind::Plate) => lang.t("按车牌", "by plate"),
            Some(MatchKind::Vin) => lang.t("按车架号", "by VIN"),
            Some(MatchKind::Name) => lang.t("按姓名", "by name"),
            Some(MatchKind::Pinyin) => lang.t("按拼音", "by pinyin"),
            Some(MatchKind::Date) => lang.t("按日期", "by date"),
            None => "",
        };
        let (n, row) = (s.hits.len(), s.selected.index() + 1);
        match (lang, s.total) {
            // The results stop at their limit: said, with the total.
            (Lang::Zh, Some((total, more))) => format!(
                "共 {}{} 条，只列出前 {n} 条，请输入更多以缩小（{how}）  第 {row} 条",
                total,
                if more { "+" } else { "" }
            ),
            (Lang::En, Some((total, more))) => format!(
                "{n} of {}{} shown, type more to narrow ({how})  row {row}",
                total,
                if more { "+" } else { "" }
            ),
            (Lang::Zh, None) => format!("{n} 条（{how}）  第 {row} 条"),
            (Lang::En, None) => format!("{} ({how})  row {row}", lang.count(n, "", "row", "rows")),
        }
    };
    frame.render_widget(Paragraph::new(foot).style(theme.dim()), foot_row);
}
