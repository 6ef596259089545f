//! Drawing the events page: the list of events with their counts, one event with its
//! invitees (numbers masked), the event form, the answer popup and the invite question;
//! and the sheets `Ctrl-E` exports. Rendering only.

use super::{Events, Mode};
use crate::clock::Clock;
use crate::domain::events::EventStatus;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::events::{EventRow, InviteeRow};
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::desk::title::named;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(
    p: &Events,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    _clock: &Clock,
    theme: &Theme,
) {
    match p.mode {
        Mode::List => list(p, frame, area, lang, theme),
        Mode::Form => event_form(p, frame, area, lang, theme),
        Mode::Detail | Mode::Answer | Mode::ConfirmInvite | Mode::Asking(_) => {
            detail(p, frame, area, lang, theme);
            if p.mode == Mode::Answer {
                answer(p, frame, area, lang, theme);
            }
            if p.mode == Mode::ConfirmInvite {
                confirm(p, frame, area, lang, theme);
            }
            if let Mode::Asking(ask) = p.mode {
                super::ask::render(p, ask, frame, area, lang, theme);
            }
        }
    }
}

fn hint(p: &Events, lang: Lang, items: &[(Action, &'static str, &'static str)]) -> String {
    crate::ui::desk::hint(p, items, lang)
}

fn counts(e: &EventRow, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "邀约 {}  参加 {}（{} 人）  待定 {}  不参加 {}  到场 {}",
            e.invited, e.yes, e.accepted_people, e.maybe, e.no, e.attended
        ),
        Lang::En => format!(
            "invited {}  yes {} ({} ppl)  maybe {}  no {}  attended {}",
            e.invited, e.yes, e.accepted_people, e.maybe, e.no, e.attended
        ),
    }
}

/// The list's count: a list stopped at its limit says so, with the filter's total.
pub(super) fn list_count(n: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh if total > n => format!("列出 {n} / {total} 场"),
        Lang::En if total > n => format!("{n} of {total} events listed"),
        Lang::Zh => format!("共 {n} 场"),
        Lang::En => lang.count(n, "场", "event", "events"),
    }
}

fn list(p: &Events, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let title = format!(
        "{}  {}",
        lang.t("客户活动（讲座、车友会、自驾游）", "Customer events"),
        list_count(p.rows.len(), p.total, lang)
    );
    let block = crate::ui::desk::loads::note(theme.block(&title), p.loads.showing(), lang, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [head, rows_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let w = inner.width as usize;
    // English words are longer: the status column widens, the title narrows. The seats
    // say "over" in one word (`Seats::short`), so three-digit counts fit.
    let seats_w = crate::domain::events::Seats::COLUMN;
    let status_w = match lang {
        Lang::Zh => 6,
        Lang::En => 9,
    };
    let title_w = w
        .saturating_sub(11 + 8 + 5 + 4 + status_w + seats_w + 6)
        .max(8);
    let cols =
        |when: &str, kind: &str, title: &str, status: &str, inv: &str, seats: &str, came: &str| {
            format!(
                "{} {} {} {} {} {} {}",
                fit(when, 11, true),
                fit(kind, 8, true),
                fit(title, title_w, true),
                fit(status, status_w, true),
                fit(inv, 5, true),
                fit(seats, seats_w, true),
                fit(came, 4, true)
            )
        };
    frame.render_widget(
        Paragraph::new(Span::styled(
            cols(
                lang.t("时间", "When"),
                lang.t("类型", "Kind"),
                lang.t("活动", "Event"),
                lang.t("状态", "Status"),
                lang.t("邀约", "Inv."),
                lang.t("接受/名额", "Seats"),
                lang.t("到场", "Came"),
            ),
            theme.label(),
        )),
        head,
    );
    // The highlighted event's title and place whole under the list (its column cuts them).
    let whole = p
        .selected
        .id()
        .and_then(|id| p.rows.iter().find(|e| e.id == *id))
        .map(|e| {
            format!(
                "{} {}  {}",
                e.starts_at.format("%Y-%m-%d %H:%M"),
                inert(&e.title),
                inert(&e.place)
            )
        });
    let rows_area = crate::ui::desk::whole_row_under(frame, rows_area, whole, theme);
    let height = rows_area.height as usize;
    let sel = p.selected.index();
    let start = sel.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    if p.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            {
                let n = crate::ui::keymap::key_in(
                    crate::ui::keymap::Scope::EventsList,
                    Action::EventNew,
                );
                match lang {
                    Lang::Zh => format!("还没有活动（{n} 新建）"),
                    Lang::En => format!("No events yet ({n}: new event)"),
                }
            },
            theme.dim(),
        )));
    }
    for (i, e) in p.rows.iter().enumerate().skip(start).take(height) {
        let text = cols(
            &e.starts_at.format("%m-%d %H:%M").to_string(),
            e.kind.label(lang),
            &inert(&e.title),
            e.status.label_on(e.starts_at, p.today, lang),
            &e.invited.to_string(),
            &e.seats().short(lang),
            &e.attended.to_string(),
        );
        let style = if Some(&e.id) == p.selected.id() && i == sel {
            theme.selected()
        } else if e.seats().over() {
            theme.warn()
        } else if e.starts_at.date() < p.today {
            theme.dim()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), rows_area);
    let keys = hint(
        p,
        lang,
        &[
            (Action::Open, "打开", "open"),
            (Action::EventNew, "新建", "new"),
            (Action::EventEdit, "修改", "edit"),
            (Action::ExportList, "导出", "export"),
            (Action::NextPage, "换页", "page"),
        ],
    );
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&keys, w, false), theme.dim())),
        footer,
    );
}

fn answer_text(i: &InviteeRow, lang: Lang) -> String {
    match i.answer {
        None => lang.t("未答复", "no answer").to_string(),
        Some(a) if i.party > 0 => match lang {
            Lang::Zh => format!("{} {}人", a.label(lang), i.party),
            Lang::En => format!("{} {}", a.label(lang), i.party),
        },
        Some(a) => a.label(lang).to_string(),
    }
}

fn detail(p: &Events, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some(e) = &p.event else {
        return;
    };
    let title = format!("#{} {}", e.id, inert(&e.title));
    let block = crate::ui::desk::title::block(theme, &title, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The invitee list stops at the store's limit: then a fourth line says so.
    let listed = p.invitees.len();
    let invited = e.invited as usize;
    let stopped = invited > listed;
    // A draft that could not be put back says so over the keys, quoting what was typed.
    let note = crate::ui::widgets::wrapped::note_lines(
        p.note.as_deref(),
        inner.width as usize,
        3,
        theme.error(),
    );
    let [info, head, rows_area, noted, footer] = Layout::vertical([
        Constraint::Length(3 + u16::from(stopped)),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(note.len() as u16),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(note), noted);
    let w = inner.width as usize;
    // The short warning ("over"), so the counts beside it fit 80 columns.
    let seats_text = format!("{} {}", lang.t("名额", "Seats"), e.seats().short(lang));
    let counts_w = w.saturating_sub(crate::text::width(&seats_text) + 2);
    let seats = Span::styled(
        seats_text,
        if e.seats().over() {
            theme.warn()
        } else {
            theme.ok()
        },
    );
    let mut info_lines = vec![
        Line::from(fit(
            &format!(
                "{}  {}  {}  {}",
                e.kind.label(lang),
                e.starts_at.format("%Y-%m-%d %H:%M"),
                inert(&e.place),
                e.status.label_on(e.starts_at, p.today, lang)
            ),
            w,
            false,
        )),
        Line::from(fit(
            &format!(
                "{} {}  {} {}",
                lang.t("对象：", "Target:"),
                inert(&e.target.describe(lang)),
                lang.t("邀约方式：", "by:"),
                e.channel.label(lang)
            ),
            w,
            false,
        )),
        Line::from(vec![
            seats,
            Span::raw("  "),
            Span::raw(fit(&counts(e, lang), counts_w, false)),
        ]),
    ];
    if stopped {
        info_lines.push(Line::from(Span::styled(
            match lang {
                Lang::Zh => format!("受邀 {invited} 位，按姓名拼音只列出前 {listed} 位"),
                Lang::En => format!("{listed} of {invited} invitees listed, by name"),
            },
            theme.warn(),
        )));
    }
    frame.render_widget(Paragraph::new(info_lines), info);
    let name_w = 8;
    let cols = |name: &str, phone: &str, plate: &str, ans: &str, came: &str, task: &str| {
        format!(
            "{} {} {} {} {} {}",
            fit(name, name_w, true),
            fit(phone, 11, true),
            fit(plate, 9, true),
            fit(ans, 10, true),
            fit(came, 6, true),
            fit(task, w.saturating_sub(name_w + 11 + 9 + 10 + 6 + 5), true)
        )
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            cols(
                lang.t("客户", "Customer"),
                lang.t("手机", "Mobile"),
                lang.t("车牌", "Plate"),
                lang.t("答复", "Answer"),
                lang.t("签到", "In"),
                lang.t("邀约/回访任务", "Invite/feedback task"),
            ),
            theme.label(),
        )),
        head,
    );
    let height = rows_area.height as usize;
    let sel = p.invitee.index();
    let start = sel.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    if p.invitees.is_empty() {
        lines.push(Line::from(Span::styled(
            {
                let i = crate::ui::keymap::key_in(
                    crate::ui::keymap::Scope::EventDetail,
                    Action::EventInvite,
                );
                match lang {
                    Lang::Zh => format!("还没有邀约客户（{i} 按目标规则邀约）"),
                    Lang::En => format!("Nobody invited yet ({i}: invite the target list)"),
                }
            },
            theme.dim(),
        )));
    }
    let task = |s: &Option<String>| -> String {
        s.as_deref()
            .and_then(crate::domain::callbacks::Status::from_code)
            .map(|s| s.label(lang).to_string())
            .unwrap_or_else(|| "-".into())
    };
    for (i, r) in p.invitees.iter().enumerate().skip(start).take(height) {
        let came = if r.attended {
            theme.sym("✓", "v").to_string()
        } else {
            String::new()
        };
        let text = cols(
            &inert(&r.name),
            &r.mobile,
            &inert(r.plate.as_deref().unwrap_or("")),
            &answer_text(r, lang),
            &came,
            &format!("{} / {}", task(&r.invite_task), task(&r.feedback_task)),
        );
        let style = if Some(&r.id) == p.invitee.id() && i == sel {
            theme.selected()
        } else if r.attended {
            theme.ok()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), rows_area);
    // The steps the event's status still takes: a cancelled one only opens an archive,
    // one held is no longer cancelled; a planned one whose seats are taken offers to stop
    // inviting rather than to invite more.
    let status = p.event.as_ref().map(|e| e.status);
    let full = p.event.as_ref().is_some_and(|e| e.seats().left() <= 0);
    let steps: &[(Action, &str, &str)] = match status {
        Some(EventStatus::Cancelled) => &[
            (Action::Open, "档案", "archive"),
            (Action::Back, "返回", "back"),
        ],
        Some(EventStatus::Held) => &[
            (Action::EventCheckIn, "签到", "check in"),
            (Action::EventAnswer, "答复", "answer"),
            (Action::EventInvite, "邀约", "invite"),
            (Action::Open, "档案", "archive"),
            (Action::Back, "返回", "back"),
        ],
        _ if full => &[
            (Action::EventCheckIn, "签到", "check in"),
            (Action::EventAnswer, "答复", "answer"),
            (Action::EventStopInviting, "停止邀约", "stop inviting"),
            (Action::Open, "档案", "archive"),
            (Action::EventCancel, "取消活动", "cancel event"),
            (Action::Back, "返回", "back"),
        ],
        _ => &[
            (Action::EventCheckIn, "签到", "check in"),
            (Action::EventAnswer, "答复", "answer"),
            (Action::EventInvite, "邀约", "invite"),
            (Action::Open, "档案", "archive"),
            (Action::EventCancel, "取消活动", "cancel event"),
            (Action::Back, "返回", "back"),
        ],
    };
    let keys = hint(p, lang, steps);
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&keys, w, false), theme.dim())),
        footer,
    );
}

fn form_body(p: &Events, f: &Form, frame: &mut Frame, inner: Rect, lang: Lang, theme: &Theme) {
    // A long message (who changed the event, and what) wraps onto up to 3 rows.
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
            (Action::Save, "保存", "save"),
            (Action::NextField, "下一栏", "next"),
            (Action::Back, "取消", "cancel"),
        ],
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(&keys, inner.width as usize, false),
            theme.dim(),
        )),
        footer,
    );
}

fn event_form(p: &Events, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some((target, f)) = &p.form else {
        return;
    };
    // An edit names the event: its number and title (as it is stored now).
    let title = match target {
        None => lang.t("新建活动", "New event").to_string(),
        Some((id, _)) => {
            let stored = p.rows.iter().chain(&p.event).find(|e| e.id == *id);
            let name = stored.map(|e| inert(&e.title)).unwrap_or_default();
            named(
                lang.t("修改活动", "Edit event"),
                &format!("#{id} {name}"),
                lang,
            )
        }
    };
    let block = crate::ui::desk::title::block(theme, &title, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    form_body(p, f, frame, inner, lang, theme);
}

fn answer(p: &Events, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some((id, _, f)) = &p.answer else {
        return;
    };
    let who = p
        .invitees
        .iter()
        .find(|r| r.id == *id)
        .map(|r| inert(&r.name))
        .unwrap_or_default();
    let title = match lang {
        Lang::Zh => format!("{who} 的答复"),
        Lang::En => format!("Answer of {who}"),
    };
    let pop = crate::ui::widgets::popup::centered(area, 60, f.height() + 4);
    frame.render_widget(crate::ui::widgets::popup::Cover, pop);
    let block = crate::ui::desk::title::block(theme, &title, pop);
    let inner = block.inner(pop);
    frame.render_widget(block, pop);
    form_body(p, f, frame, inner, lang, theme);
}

fn confirm(p: &Events, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some(v) = &p.preview else {
        return;
    };
    // The answer keys come from the key table.
    let keys = crate::ui::desk::prompt::yes_no(lang);
    let text = match lang {
        Lang::Zh => format!(
            "符合目标规则的客户 {} 位，其中已邀约 {} 位。\n将新邀约 {} 位，并在回访队列中安排邀约任务。\n\n确认邀约？（{keys}）",
            v.matching, v.already, v.new
        ),
        Lang::En => format!(
            "{} customers match the target rule; {} are invited already.\n{} will be invited, with invitation tasks in the callback queue.\n\nInvite them? ({keys})",
            v.matching, v.already, v.new
        ),
    };
    let event = p
        .event
        .as_ref()
        .map(|e| inert(&e.title))
        .unwrap_or_default();
    let title = named(
        lang.t("邀约目标客户", "Invite the target list"),
        &event,
        lang,
    );
    super::ask::question(frame, area, 8, &title, text, theme);
}

fn n(v: u32) -> Value {
    Value::Int(i64::from(v))
}

/// The events list as a sheet, each status as read on `today`.
pub fn events_sheet(rows: &[EventRow], lang: Lang, today: chrono::NaiveDate) -> Sheet {
    let mut s = Sheet::with_columns(
        lang.t("客户活动", "Customer events").into(),
        lang,
        &[
            ("编号", "No."),
            ("时间", "Starts"),
            ("类型", "Kind"),
            ("活动", "Event"),
            ("地点", "Place"),
            ("对象", "Target"),
            ("状态", "Status"),
            ("名额", "Capacity"),
            ("邀约", "Invited"),
            ("参加", "Yes"),
            ("参加人数", "People"),
            ("待定", "Maybe"),
            ("不参加", "No"),
            ("到场", "Attended"),
        ],
    );
    for e in rows {
        s.rows.push(vec![
            Value::Int(e.id),
            Value::text_of(e.starts_at.format("%Y-%m-%d %H:%M").to_string()),
            Value::text_of(e.kind.label(lang)),
            Value::text_of(e.title.clone()),
            Value::text_of(e.place.clone()),
            Value::text_of(e.target.describe(lang)),
            Value::text_of(e.status.label_on(e.starts_at, today, lang)),
            n(e.capacity),
            n(e.invited),
            n(e.yes),
            n(e.accepted_people),
            n(e.maybe),
            n(e.no),
            n(e.attended),
        ]);
    }
    s
}

/// One event's invitees as a sheet (mobiles masked, as on screen).
pub fn invitees_sheet(e: &EventRow, rows: &[InviteeRow], lang: Lang) -> Sheet {
    let mut s = Sheet::with_columns(
        format!("{} {}", lang.t("活动受邀名单", "Event invitees"), e.title),
        lang,
        &[
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("车辆", "Car"),
            ("车牌", "Plate"),
            ("答复", "Answer"),
            ("人数", "Party"),
            ("签到", "Attended"),
        ],
    );
    s.notes.push(counts(e, lang));
    for r in rows {
        s.rows.push(vec![
            Value::text_of(r.name.clone()),
            Value::code_of(Some(&r.mobile)),
            Value::text_of(r.car.clone()),
            Value::code_of(r.plate.as_deref()),
            Value::text_of(r.answer.map_or("", |a| a.label(lang))),
            n(r.party),
            Value::text_of(if r.attended { lang.t("是", "yes") } else { "" }),
        ]);
    }
    s
}
