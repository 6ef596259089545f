//! Drawing the knowledge page: the search line and the list, one article whole (wrapped)
//! with its versions, the article form, the retire question. Rendering only.

use super::{Knowledge, Mode, Target};
use crate::clock::Clock;
use crate::domain::kb::Validity;
use crate::i18n::Lang;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(
    p: &Knowledge,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    clock: &Clock,
    theme: &Theme,
) {
    match p.mode {
        Mode::Article | Mode::ConfirmRetire if p.article.is_some() => {
            article(p, frame, area, lang, clock, theme)
        }
        Mode::Form => form(p, frame, area, lang, theme),
        Mode::PickKind(at) => {
            list(p, frame, area, lang, theme);
            kinds(p, at, frame, area, lang, theme);
        }
        _ => list(p, frame, area, lang, theme),
    }
}

/// The kinds a new article can be, over the list, the one at `at` highlighted.
fn kinds(p: &Knowledge, at: usize, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    use crate::domain::kb::KbKind;
    use crate::ui::widgets::popup::{Cover, centered};
    let keys = hint(
        p,
        lang,
        &[
            (Action::Open, "新建", "new"),
            (Action::Back, "取消", "cancel"),
        ],
    );
    let width = u16::try_from(crate::text::width(&keys) + 4)
        .unwrap_or(u16::MAX)
        .max(30);
    let rows = u16::try_from(KbKind::ALL.len()).unwrap_or(0);
    let popup = centered(area, width, rows + 3);
    frame.render_widget(Cover, popup);
    let block = theme.block(lang.t("新建条目：哪一类？", "New article: which kind?"));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut lines: Vec<Line> = KbKind::ALL
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let style = if i == at {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            Line::from(Span::styled(
                format!(
                    " {} ",
                    fit(k.label(lang), inner.width.saturating_sub(2) as usize, false)
                ),
                style,
            ))
        })
        .collect();
    lines.push(Line::from(Span::styled(
        fit(&keys, inner.width as usize, false),
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn hint(p: &Knowledge, lang: Lang, items: &[(Action, &'static str, &'static str)]) -> String {
    crate::ui::desk::hint(p, items, lang)
}

fn mark(p: &Knowledge, row: &crate::store::kb::KbRow, lang: Lang) -> String {
    match row.article.validity(p.today) {
        Validity::Current => String::new(),
        v => match lang {
            Lang::Zh => format!("（{}）", v.label(lang)),
            Lang::En => format!(" ({})", v.label(lang)),
        },
    }
}

fn list(p: &Knowledge, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let block = theme.block(lang.t("知识库", "Knowledge base"));
    let block = crate::ui::desk::loads::note(block, p.loads.showing(), lang, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [search, rows_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    let kind = p
        .kind
        .map(|k| k.label(lang))
        .unwrap_or(lang.t("全部", "all"));
    let label = lang.t("查找：", "Search: ");
    let searching = p.mode == Mode::Search;
    let line = Line::from(vec![
        Span::styled(
            label,
            if searching {
                theme.key()
            } else {
                theme.label()
            },
        ),
        Span::styled(
            fit(&inert(p.query.value()), 30, true),
            if searching {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            },
        ),
        Span::styled(lang.t("  类别：", "  Kind: "), theme.label()),
        Span::raw(kind),
    ]);
    frame.render_widget(Paragraph::new(line), search);
    if searching {
        let x = search.x + crate::text::width(label) as u16 + p.query.visual_cursor() as u16;
        frame.set_cursor_position(Position::new(
            x.min(search.right().saturating_sub(1)),
            search.y,
        ));
    }
    // The highlighted article's title and answer whole under the list (its row cuts them).
    let whole = p
        .selected
        .id()
        .and_then(|id| p.rows.iter().find(|r| r.id == *id))
        .map(|r| {
            format!(
                "{}{}  {}",
                inert(&r.title),
                mark(p, r, lang),
                inert(&r.article.answer(lang))
            )
        });
    let rows_area = crate::ui::desk::whole_row_under(frame, rows_area, whole, theme);
    let w = rows_area.width as usize;
    let height = rows_area.height as usize;
    let sel = p.selected.index();
    // The kind column as wide as the longest kind listed (`Troubleshooting`), never cut.
    let kind_w = p
        .rows
        .iter()
        .map(|r| crate::text::width(r.article.kind.label(lang)))
        .max()
        .unwrap_or(0)
        .max(8);
    let start = sel.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    if p.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.t(
                "没有找到条目（输入文字或拼音查找；f 换类别）",
                "No article found (type words or pinyin; f changes the kind)",
            ),
            theme.dim(),
        )));
    }
    for (i, r) in p.rows.iter().enumerate().skip(start).take(height) {
        let text = format!(
            "{} {}{}  {}",
            fit(r.article.kind.label(lang), kind_w, true),
            inert(&r.title),
            mark(p, r, lang),
            inert(&r.article.answer(lang))
        );
        let style = if Some(&r.id) == p.selected.id() && i == sel {
            theme.selected()
        } else if r.article.validity(p.today) != Validity::Current {
            theme.dim()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(fit(&text, w, true), style)));
    }
    frame.render_widget(Paragraph::new(lines), rows_area);
    let (n, total) = (p.rows.len(), p.total);
    let count = match lang {
        Lang::Zh if total > n => {
            format!("找到 {total} 条，只列出其中 {n} 条：请输入更多文字缩小范围")
        }
        Lang::En if total > n => {
            format!("{n} of {total} articles listed: type more words to narrow the search")
        }
        Lang::Zh => format!("共 {n} 条"),
        Lang::En => lang.count(n, "条", "article", "articles"),
    };
    let keys = if matches!(p.mode, Mode::PickKind(_)) {
        // The kinds over the list say their own keys.
        String::new()
    } else if searching {
        hint(
            p,
            lang,
            &[
                (Action::Open, "到结果", "results"),
                (Action::Back, "离开查找栏", "leave"),
            ],
        )
    } else {
        hint(
            p,
            lang,
            &[
                (Action::FocusSearch, "查找", "search"),
                (Action::Open, "全文", "read"),
                (Action::Filter, "类别", "kind"),
                (Action::KbNewArticle, "新建", "new"),
                (Action::KbEditArticle, "修改", "edit"),
                (Action::KbRetireArticle, "停用", "retire"),
                (Action::ExportList, "导出", "export"),
            ],
        )
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(count, theme.dim())),
            Line::from(Span::styled(
                fit(&keys, footer.width as usize, false),
                theme.dim(),
            )),
        ]),
        footer,
    );
}

fn article(p: &Knowledge, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
    let Some((r, history)) = &p.article else {
        return;
    };
    let title = format!(
        "{}{}{}",
        r.article.kind.label(lang),
        lang.t("：", ": "),
        inert(&r.title)
    );
    let block = theme.block(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let mut lines = Vec::new();
    let state = if r.retired {
        lang.t("已停用", "retired").to_string()
    } else {
        r.article.validity(p.today).label(lang).to_string()
    };
    lines.push(Line::from(vec![
        Span::styled(lang.t("状态 ", "State "), theme.label()),
        Span::raw(state),
    ]));
    for f in r.article.kind.fields() {
        let v = r.article.get(f.key);
        if v.is_empty() {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", f.label(lang)), theme.label()),
            Span::raw(inert(v)),
        ]));
    }
    let day = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| lang.t("不限", "open").into())
    };
    lines.push(Line::from(vec![
        Span::styled(lang.t("有效期 ", "Valid "), theme.label()),
        Span::raw(format!(
            "{} {} {}",
            day(r.article.valid_from),
            lang.t("至", "to"),
            day(r.article.valid_to)
        )),
    ]));
    lines.push(Line::from(Span::styled(
        lang.t("答复用语", "Answer given"),
        theme.label(),
    )));
    lines.push(Line::from(inert(&r.article.answer(lang))));
    lines.push(Line::from(Span::styled(
        match lang {
            Lang::Zh => format!("历史版本（共 {} 版）", history.len()),
            Lang::En => format!("Versions ({})", history.len()),
        },
        theme.label(),
    )));
    for v in history {
        let who = v.saved_by.as_deref().map(inert).unwrap_or_default();
        let what = if v.retired {
            lang.t("停用", "retired").to_string()
        } else {
            inert(&v.article.answer(lang))
        };
        lines.push(Line::from(format!(
            "v{} {} {} {}",
            v.version,
            crate::clock::from_db(&v.saved_at)
                .map(|t| t
                    .with_timezone(&clock.tz())
                    .format("%Y-%m-%d %H:%M")
                    .to_string())
                .unwrap_or_default(),
            who,
            what
        )));
    }
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(lines, body.width).scroll((p.scroll, 0)),
        body,
    );
    let keys = if p.mode == Mode::ConfirmRetire {
        // The answer keys come from the key table.
        let keys = crate::ui::desk::prompt::yes_no(lang);
        Span::styled(
            match lang {
                Lang::Zh => format!("停用此条目？停用后不再被查到，历史保留（{keys}）"),
                Lang::En => {
                    format!("Retire this article? It leaves search; its versions are kept ({keys})")
                }
            },
            theme.warn(),
        )
    } else {
        Span::styled(
            hint(
                p,
                lang,
                &[
                    (Action::Back, "返回", "back"),
                    (Action::Down, "下翻", "scroll"),
                    (Action::KbEditArticle, "修改", "edit"),
                    (Action::KbRetireArticle, "停用", "retire"),
                ],
            ),
            theme.dim(),
        )
    };
    frame.render_widget(Paragraph::new(Line::from(keys)), footer);
}

/// The title of article `id` as stored (open or listed), inert.
fn article_title(p: &Knowledge, id: i64) -> String {
    let open = p.article.as_ref().map(|(r, _)| r);
    open.into_iter()
        .chain(&p.rows)
        .find(|r| r.id == id)
        .map(|r| inert(&r.title))
        .unwrap_or_default()
}

fn form(p: &Knowledge, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some((target, f)) = &p.form else {
        return;
    };
    let title = match (target, lang) {
        (Target::New(k), Lang::Zh) => format!("新建知识库条目：{}", k.label(lang)),
        (Target::New(k), Lang::En) => format!("New article: {}", k.label(lang)),
        // An edit names the article by its title too.
        (Target::Edit { id, version, kind }, Lang::Zh) => {
            format!(
                "修改条目 #{id} {}（{}，第 {version} 版）",
                article_title(p, *id),
                kind.label(lang)
            )
        }
        (Target::Edit { id, version, kind }, Lang::En) => {
            format!(
                "Edit article #{id} {} ({}, version {version})",
                article_title(p, *id),
                kind.label(lang)
            )
        }
    };
    let block = crate::ui::desk::title::block(theme, &title, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // A long message (who changed the article, and what) wraps onto up to 3 rows.
    let [fields, msg, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(crate::ui::desk::follow_form::message_rows(f, inner.width)),
        Constraint::Length(1),
    ])
    .areas(inner);
    // The fields only: the message has its own rows below them (drawn once).
    f.render_fields(frame, fields, lang, theme, 0);
    f.render_message(frame, msg, lang, theme);
    let keys = hint(
        p,
        lang,
        &[
            // An edit saves a new version of the article; a new one is its first.
            match target {
                Target::New(_) => (Action::Save, "保存", "save"),
                Target::Edit { .. } => (Action::Save, "保存（新版本）", "save (new version)"),
            },
            (Action::NextField, "下一栏", "next"),
            (Action::Back, "取消", "cancel"),
        ],
    );
    frame.render_widget(Paragraph::new(Span::styled(keys, theme.dim())), footer);
}

/// The list on screen as a sheet (`Ctrl-E`): the articles are the store's own data, with
/// no customer's number in them.
pub fn sheet(p: &Knowledge, lang: Lang) -> crate::io::sheet::Sheet {
    use crate::io::sheet::{Sheet, Value};
    let day = |d: Option<chrono::NaiveDate>| match d {
        Some(d) => Value::Text(d.format("%Y-%m-%d").to_string()),
        None => Value::Empty,
    };
    Sheet {
        title: lang.t("知识库", "Knowledge base").to_string(),
        columns: [
            lang.t("类别", "Kind"),
            lang.t("条目", "Article"),
            lang.t("答复用语", "Answer given"),
            lang.t("开始日期", "First day"),
            lang.t("截止日期", "Last day"),
            lang.t("状态", "State"),
            lang.t("版本", "Version"),
        ]
        .map(String::from)
        .to_vec(),
        rows: p
            .rows
            .iter()
            .map(|r| {
                vec![
                    Value::Text(r.article.kind.label(lang).into()),
                    Value::Text(r.title.clone()),
                    Value::Text(r.article.answer(lang)),
                    day(r.article.valid_from),
                    day(r.article.valid_to),
                    Value::Text(r.article.validity(p.today).label(lang).into()),
                    Value::Int(r.version),
                ]
            })
            .collect(),
        ..Default::default()
    }
}
