//! Drawing the Improvements page (rendering only) and its list for `Ctrl-E`.

use super::{ImprovementsPage, Item, Level};
use crate::clock::Clock;
use crate::domain::improvements::{Department, LinkKind, Status, is_overdue};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::improvements::{Link, Row};
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::desk::title::named;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn hints(page: &ImprovementsPage, lang: Lang) -> String {
    let items: &[(Action, &str, &str)] = match &page.level {
        Level::List if page.selected_proposal().is_some() => &[
            (
                Action::Open,
                "采纳（下达整改令）",
                "accept (issue the order)",
            ),
            (Action::DismissProposal, "不采纳", "dismiss"),
            (Action::RaiseImprovement, "提出", "raise"),
            (Action::NextPage, "换页", "page"),
            (Action::Help, "帮助", "help"),
        ],
        Level::List => &[
            (Action::Open, "打开", "open"),
            (Action::RaiseImprovement, "提出", "raise"),
            (Action::AdvanceImprovement, "推进", "advance"),
            (Action::VerifyImprovement, "验证", "verify"),
            (Action::Filter, "状态", "status"),
            (Action::FilterDepartment, "部门", "dept"),
            (Action::NextPage, "换页", "page"),
            (Action::Help, "帮助", "help"),
        ],
        Level::Detail { .. } => &[
            (Action::Open, "打开客户", "customer"),
            (Action::AdvanceImprovement, "推进", "advance"),
            (Action::VerifyImprovement, "验证", "verify"),
            (Action::Back, "返回", "back"),
            (Action::Help, "帮助", "help"),
        ],
        _ => &[
            (Action::Save, "保存", "save"),
            (Action::NextField, "下一栏", "next field"),
            (Action::Back, "取消", "cancel"),
        ],
    };
    crate::ui::desk::hint(page, items, lang)
}

fn when(t: chrono::DateTime<chrono::Utc>, clock: &Clock) -> String {
    t.with_timezone(&clock.tz())
        .format("%m-%d %H:%M")
        .to_string()
}

fn status_label(r: &Row, today: chrono::NaiveDate, lang: Lang) -> String {
    if is_overdue(r.status, r.due, today) {
        format!("{}{}", lang.t("逾期·", "LATE "), r.status.label(lang))
    } else {
        r.status.label(lang).to_string()
    }
}

pub(super) fn filter_line(page: &ImprovementsPage, lang: Lang, theme: &Theme) -> Line<'static> {
    let all = lang.t("全部", "all");
    let status = page.filter.status.map_or(all, |s| s.label(lang));
    let dep = page.filter.department.map_or(all, |d| d.label(lang));
    let (n, total, late) = page.data.as_ref().map_or((0, 0, 0), |d| {
        (
            d.rows.len(),
            d.total,
            d.rows
                .iter()
                .filter(|r| is_overdue(r.status, r.due, d.today))
                .count(),
        )
    });
    // A list stopped at its limit says so, with the total (overdue: of those listed).
    let text = match lang {
        Lang::Zh if total > n => {
            format!("状态：{status}  部门：{dep}  列出 {n} / {total} 项  其中逾期 {late} 项")
        }
        Lang::En if total > n => format!(
            "Status: {status}  Dept: {dep}  {n} of {total} actions listed, {late} of them overdue"
        ),
        Lang::Zh => format!("状态：{status}  部门：{dep}  共 {n} 项  逾期 {late} 项"),
        Lang::En => format!("Status: {status}  Dept: {dep}  {n} actions, {late} overdue"),
    };
    Line::from(Span::styled(text, theme.label()))
}

/// Widths of the list's columns before the finding: id, status, department, due, owner.
const COLS: [usize; 5] = [5, 13, 10, 10, 12];

fn list(page: &ImprovementsPage, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some(d) = &page.data else {
        return;
    };
    // The highlighted row's words whole under the list (its columns cut them).
    let whole = match page.items().get(page.selected.index()) {
        Some(Item::Proposal(code)) => d.proposals.iter().find(|p| p.key.code() == *code).map(|p| {
            format!(
                "{}{}",
                lang.t("【整改令建议】", "[Proposed order] "),
                inert(&p.summary(d.rule, lang))
            )
        }),
        Some(Item::Action(id)) => d
            .rows
            .iter()
            .find(|r| r.id == *id)
            .map(|r| format!("#{} {}", r.id, inert(&r.finding.replace('\n', " ")))),
        None => None,
    };
    let area = crate::ui::desk::whole_row_under(frame, area, whole, theme);
    // The status column holds `LATE In progress` whole in English.
    let mut cols = COLS;
    if lang == Lang::En {
        cols[1] = 16;
    }
    let rest = (area.width as usize).saturating_sub(cols.iter().sum::<usize>() + cols.len());
    let head = [
        "#",
        lang.t("状态", "Status"),
        lang.t("部门", "Dept"),
        lang.t("期限", "Due"),
        lang.t("责任人", "Owner"),
        lang.t("发现的问题", "What was found"),
    ];
    let mut cells: Vec<String> = head
        .iter()
        .zip(cols.iter().chain([&rest]))
        .map(|(h, w)| fit(h, *w, true))
        .collect();
    let mut lines = vec![Line::from(Span::styled(cells.join(" "), theme.dim()))];
    let items = page.items();
    let height = area.height.saturating_sub(1) as usize;
    let at = page.selected.index();
    let skip = at.saturating_sub(height.saturating_sub(1));
    for (i, item) in items.iter().enumerate().skip(skip).take(height) {
        let chosen = i == at && page.selected.id() == Some(item);
        let (text, style): (String, Style) = match item {
            Item::Proposal(code) => {
                let Some(p) = d.proposals.iter().find(|p| p.key.code() == *code) else {
                    continue;
                };
                let tag = lang.t("【整改令建议】", "[Proposed order] ");
                (
                    fit(
                        &format!("{tag}{}", inert(&p.summary(d.rule, lang))),
                        area.width as usize,
                        true,
                    ),
                    theme.warn(),
                )
            }
            Item::Action(id) => {
                let Some(r) = d.rows.iter().find(|r| r.id == *id) else {
                    continue;
                };
                cells = vec![
                    format!("#{}", r.id),
                    status_label(r, d.today, lang),
                    r.department.label(lang).to_string(),
                    r.due.format("%Y-%m-%d").to_string(),
                    r.owner.clone().unwrap_or_default(),
                    inert(&r.finding.replace('\n', " ")),
                ];
                let text = cells
                    .iter()
                    .zip(cols.iter().chain([&rest]))
                    .map(|(c, w)| fit(c, *w, true))
                    .collect::<Vec<_>>()
                    .join(" ");
                let style = if is_overdue(r.status, r.due, d.today) {
                    theme.error()
                } else if r.status.finished() {
                    theme.dim()
                } else {
                    Style::default()
                };
                (text, style)
            }
        };
        let style = if chosen { theme.selected() } else { style };
        lines.push(Line::from(Span::styled(text, style)));
    }
    if items.is_empty() {
        lines.push(Line::from(Span::styled(
            {
                let n = crate::ui::keymap::key_in(
                    crate::ui::keymap::Scope::Improvements,
                    Action::RaiseImprovement,
                );
                match lang {
                    Lang::Zh => format!("没有符合筛选的整改。按 {n} 提出一项。"),
                    Lang::En => format!("No action matches the filter. {n} raises one."),
                }
            },
            theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn detail(
    page: &ImprovementsPage,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    let Level::Detail { row: r, links, at } = &page.level else {
        return;
    };
    let today = page.data.as_ref().map_or(clock.today(), |d| d.today);
    // A label column of 10 and a space: a label as wide as the column (发现的问题) never
    // runs into its value.
    let label = |zh: &str, en: &str| {
        Span::styled(format!("{} ", fit(lang.t(zh, en), 10, true)), theme.label())
    };
    let status_style = if is_overdue(r.status, r.due, today) {
        theme.error()
    } else {
        Style::default()
    };
    let mut lines = vec![
        Line::from(vec![
            label("状态", "Status"),
            Span::styled(status_label(r, today, lang), status_style),
            Span::raw("  "),
            label("部门", "Dept"),
            Span::raw(r.department.label(lang).to_string()),
        ]),
        Line::from(vec![
            label("完成期限", "Due"),
            Span::raw(r.due.to_string()),
            Span::raw("  "),
            label("责任人", "Owner"),
            Span::raw(r.owner.clone().unwrap_or_default()),
        ]),
        Line::from(vec![
            label("提出", "Raised"),
            Span::raw(format!(
                "{} {}",
                when(r.raised_at, clock),
                r.raised_by.clone().unwrap_or_default()
            )),
            Span::raw(if r.order_key.is_some() {
                lang.t("  （质量整改令）", "  (rectification order)")
            } else {
                ""
            }),
        ]),
        Line::from(vec![
            label("发现的问题", "Found"),
            Span::raw(inert(&r.finding.replace('\n', " "))),
        ]),
        Line::from(vec![
            label("客户原话", "Words"),
            Span::raw(inert(&r.words.replace('\n', " "))),
        ]),
    ];
    if let Some(t) = r.done_at {
        lines.push(Line::from(vec![
            label("完成于", "Done"),
            Span::raw(when(t, clock)),
        ]));
    }
    if r.status == Status::Verified {
        lines.push(Line::from(vec![
            label("验证", "Verified"),
            Span::raw(format!(
                "{} {} {}",
                r.verified_at.map(|t| when(t, clock)).unwrap_or_default(),
                r.verified_by.clone().unwrap_or_default(),
                inert(&r.verify_note.replace('\n', " "))
            )),
        ]));
    }
    let open = crate::ui::keymap::key_in(crate::ui::keymap::Scope::ImprovementDetail, Action::Open);
    lines.push(Line::from(Span::styled(
        match lang {
            Lang::Zh => format!("关联记录（{} 条，{open} 打开客户档案）", links.len()),
            Lang::En => format!(
                "Linked records ({}; {open} opens the customer)",
                links.len()
            ),
        },
        theme.title(),
    )));
    if links.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.t("（无，手工提出）", "(none: raised by hand)"),
            theme.dim(),
        )));
    }
    for (i, l) in links.iter().enumerate() {
        let text = format!(
            "{} {} {}",
            link_label(l, lang),
            l.mobile,
            inert(&l.about.replace('\n', " "))
        );
        // The highlighted record whole (wrapped); the others on a line each.
        if i == *at {
            for part in crate::text::hang("", &text, area.width as usize) {
                lines.push(Line::from(Span::styled(
                    fit(&part, area.width as usize, true),
                    theme.selected(),
                )));
            }
        } else {
            lines.push(Line::from(Span::raw(fit(&text, area.width as usize, true))));
        }
    }
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(lines, area.width),
        area,
    );
}

fn form(page: &ImprovementsPage, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some(f) = page.form() else {
        return;
    };
    let w = area.width as usize;
    let mut head: Vec<Line> = Vec::new();
    match &page.level {
        Level::Raise(r) => {
            let deps: Vec<String> = Department::ALL
                .iter()
                .enumerate()
                .map(|(i, d)| format!("{} {}", i + 1, d.label(lang)))
                .collect();
            head.push(Line::from(Span::styled(
                format!("{}{}", lang.t("部门：", "Dept: "), deps.join("  ")),
                theme.dim(),
            )));
            let links = if r.prefill.links.is_empty() {
                lang.t("（无）", "(none)").to_string()
            } else {
                r.prefill
                    .links
                    .iter()
                    .map(|(_, _, l)| inert(l))
                    .collect::<Vec<_>>()
                    .join(lang.t("，", ", "))
            };
            head.extend(wrapped(
                &format!("{}{links}", lang.t("关联：", "Linked: ")),
                w,
                theme.label(),
            ));
        }
        Level::Verify { row, .. } => head.extend(wrapped(
            &format!("#{} {}", row.id, inert(&row.finding.replace('\n', " "))),
            w,
            Style::default(),
        )),
        Level::Dismiss { proposal, .. } => {
            let rule = page.data.as_ref().map(|d| d.rule).unwrap_or_default();
            head.extend(wrapped(
                &inert(&proposal.summary(rule, lang)),
                w,
                Style::default(),
            ));
        }
        _ => {}
    }
    // A refusal or a note is read whole: it wraps under the form.
    let message = f.message.as_ref().map(|(m, err)| {
        let style = if *err { theme.error() } else { theme.ok() };
        wrapped(m, w, style)
    });
    let [top, body, msg] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Min(1),
        Constraint::Length(message.as_ref().map_or(1, |m| m.len() as u16)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head), top);
    f.render(frame, body, lang, theme);
    if let Some(m) = message {
        frame.render_widget(Paragraph::new(m), msg);
    }
}

/// `text` wrapped to `w` cells, every line in `style`.
fn wrapped(text: &str, w: usize, style: Style) -> Vec<Line<'static>> {
    crate::text::wrap(text, w)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect()
}

pub fn render(
    page: &ImprovementsPage,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    // A dialog names its record: the action by number and finding, the proposal by what
    // recurs, a raise by the record it comes from.
    let action = |row: &Row| format!("#{} {}", row.id, inert(&row.finding.replace('\n', " ")));
    let source = |r: &super::RaiseForm| match r.prefill.links.as_slice() {
        [] => String::new(),
        [(_, _, one)] => inert(one),
        [(_, _, first), rest @ ..] => format!("{} +{}", inert(first), rest.len()),
    };
    let title = match &page.level {
        Level::List => lang.t("整改跟踪", "Improvement actions").to_string(),
        Level::Detail { row, .. } => {
            named(lang.t("整改", "Improvement action"), &action(row), lang)
        }
        Level::Raise(r) if r.prefill.order.is_some() => named(
            lang.t("下达质量整改令", "Issue a rectification order"),
            &source(r),
            lang,
        ),
        Level::Raise(r) => named(
            lang.t("提出整改", "Raise an improvement action"),
            &source(r),
            lang,
        ),
        Level::Verify { row, .. } => {
            named(lang.t("验证整改", "Verify the action"), &action(row), lang)
        }
        Level::Dismiss { proposal, .. } => named(
            lang.t("不采纳整改令建议", "Dismiss the proposed order"),
            &inert(&proposal.key.label(lang)),
            lang,
        ),
    };
    let block = crate::ui::desk::title::block(theme, &title, area);
    let waiting = matches!(page.level, Level::List) && page.loads.showing();
    let block = crate::ui::desk::loads::note(block, waiting, lang, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // A long message (a draft that could not be put back quotes what was typed) wraps, up
    // to three lines.
    let message: Vec<Line> = page.message.as_ref().map_or_else(Vec::new, |(m, err)| {
        let style = if *err { theme.error() } else { theme.ok() };
        crate::text::wrap_words(&inert(m), inner.width as usize)
            .into_iter()
            .take(3)
            .map(|l| Line::from(Span::styled(l, style)))
            .collect()
    });
    let [top, body, msg, hint] = Layout::vertical([
        Constraint::Length(if matches!(page.level, Level::List) {
            1
        } else {
            0
        }),
        Constraint::Min(1),
        Constraint::Length(message.len().max(1) as u16),
        Constraint::Length(1),
    ])
    .areas(inner);
    match &page.level {
        Level::List => {
            frame.render_widget(Paragraph::new(filter_line(page, lang, theme)), top);
            list(page, frame, body, lang, theme);
        }
        Level::Detail { .. } => detail(page, frame, body, lang, clock, theme),
        _ => form(page, frame, body, lang, theme),
    }
    frame.render_widget(Paragraph::new(message), msg);
    frame.render_widget(
        Paragraph::new(Span::styled(hints(page, lang), theme.dim())),
        hint,
    );
}

/// The list on screen, numbers inside the text masked.
pub fn sheet(page: &ImprovementsPage, lang: Lang) -> Sheet {
    let mut s = Sheet {
        title: lang.t("整改跟踪", "Improvement actions").into(),
        columns: [
            ("编号", "No."),
            ("状态", "Status"),
            ("逾期", "Overdue"),
            ("部门", "Department"),
            ("完成期限", "Due"),
            ("责任人", "Owner"),
            ("发现的问题", "What was found"),
            ("客户原话", "Customers' words"),
            ("关联记录数", "Linked records"),
            ("验证情况", "Verification note"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    if let Some(d) = &page.data {
        for r in &d.rows {
            let late = is_overdue(r.status, r.due, d.today);
            s.rows.push(vec![
                Value::Int(r.id),
                Value::text_of(r.status.label(lang)),
                Value::text_of(if late { lang.t("是", "yes") } else { "" }),
                Value::text_of(r.department.label(lang)),
                Value::Text(r.due.to_string()),
                Value::Text(r.owner.clone().unwrap_or_default()),
                Value::Text(r.finding.clone()),
                Value::Text(r.words.clone()),
                Value::Int(r.links as i64),
                Value::Text(r.verify_note.clone()),
            ]);
        }
    }
    crate::io::privacy::masked(&s)
}

/// The link kinds' labels, for the views.
fn link_label(l: &Link, lang: Lang) -> String {
    let tag = match l.kind {
        LinkKind::Complaint => crate::domain::complaints::Category::from_code(&l.tag)
            .map(|c| c.label(lang).to_string()),
        LinkKind::Callback => {
            crate::domain::callbacks::Kind::from_code(&l.tag).map(|k| k.label(lang).to_string())
        }
        LinkKind::Call => None,
    };
    format!(
        "{} #{} {}{}",
        l.kind.label(lang),
        l.record_id,
        tag.map(|t| format!("{t} ")).unwrap_or_default(),
        l.customer
    )
}
