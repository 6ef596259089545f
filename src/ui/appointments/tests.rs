//! The Appointments tab's state without a terminal or a store: keys in, requests out; day
//! lists in, highlight out.

use super::*;
use crate::domain::appointments::{Status, Transition};
use crate::i18n::Lang;
use crate::ui::action::Action;
use crate::ui::desk::Out;
use crate::ui::desk::machine::Machine;
use chrono::{TimeZone, Utc};
use crossterm::event::KeyEvent;

pub(super) fn booking(id: i64, customer: &str, hour: u32, version: i64) -> BookingRow {
    let start = Utc.with_ymd_and_hms(2026, 11, 23, hour, 0, 0).unwrap();
    BookingRow {
        id,
        start,
        end: start + chrono::Duration::hours(1),
        advisor: "王顾问".into(),
        bay: "1号工位".into(),
        customer_id: id,
        customer: customer.into(),
        mobile: None,
        vehicle_id: id,
        plate: Some(format!("粤B{id:05}")),
        model: "大众 帕萨特".into(),
        services: vec!["maintenance".into()],
        channel: Default::default(),
        transport: Default::default(),
        status: Status::Booked,
        overflow: false,
        checked_in_at: None,
        service_started_at: None,
        version,
    }
}

/// A tab as the runner leaves it before each message: Chinese, Monday 2026-11-23 in
/// Shanghai.
pub(super) fn tab() -> AppointmentsTab {
    AppointmentsTab {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        tz: chrono_tz::Asia::Shanghai,
        ..Default::default()
    }
}

/// The runner's answer to a reload: these day rows (other lists empty), no page.
pub(super) fn loaded(rows: Vec<BookingRow>) -> Msg {
    Msg::Loaded(Box::new(Loaded {
        rows,
        week: Vec::new(),
        arrivals: Vec::new(),
        tomorrow: Vec::new(),
        numbers: Numbers::default(),
        page: None,
    }))
}

/// The status line a message asks the app to show, if any.
pub(super) fn status_of(cmds: &[Cmd]) -> Option<String> {
    cmds.iter().find_map(|c| match c {
        Cmd::Out(Out::Status(l)) => Some(l.clone()),
        _ => None,
    })
}

/// Day rows loaded; the status line the tab asks for.
pub(super) fn load(s: &mut AppointmentsTab, rows: Vec<BookingRow>) -> Option<String> {
    status_of(&s.update(loaded(rows)))
}

/// A key's action handed to the tab; its first command.
pub(super) fn act(s: &mut AppointmentsTab, a: Action) -> Option<Cmd> {
    let key = KeyEvent::from(crossterm::event::KeyCode::Null);
    s.update(Msg::Key(Some(a), key)).into_iter().next()
}

#[test]
fn a_check_in_from_the_day_list_acts_on_the_highlighted_booking_after_a_reload() {
    let mut s = tab();
    load(&mut s, vec![booking(1, "甲", 1, 1), booking(2, "乙", 2, 1)]);
    act(&mut s, Action::Down);
    // Another agent booked an earlier visit: the day list re-sorts.
    let note = load(
        &mut s,
        vec![
            booking(3, "丙", 0, 1),
            booking(1, "甲", 1, 1),
            booking(2, "乙", 2, 2),
        ],
    );
    assert_eq!(note, None);
    assert_eq!((s.selected.id(), s.selected.index()), (Some(&2), 2));
    assert_eq!(
        act(&mut s, Action::Booking(BookingStep::Arrive)),
        Some(Cmd::Step {
            id: 2,
            version: 2,
            step: Transition::Arrive,
            page: false,
        })
    );
}

#[test]
fn a_booking_that_left_the_day_hands_the_highlight_on_and_says_so() {
    let mut s = tab();
    load(&mut s, vec![booking(1, "甲", 1, 1), booking(2, "乙", 2, 1)]);
    let note = load(&mut s, vec![booking(2, "乙", 2, 1)]).expect("a status line");
    assert!(note.contains("预约 #1 甲 粤B00001"), "{note}");
    assert_eq!(s.selected.id(), Some(&2));
}

#[test]
fn back_from_a_booking_page_highlights_that_booking() {
    let mut s = tab();
    load(&mut s, vec![booking(1, "甲", 1, 1), booking(2, "乙", 2, 1)]);
    s.show_detail(page(booking(2, "乙", 2, 5)));
    // A step on the page carries the version the page shows.
    assert_eq!(
        act(&mut s, Action::Booking(BookingStep::Confirm)),
        Some(Cmd::Step {
            id: 2,
            version: 5,
            step: Transition::Confirm,
            page: true,
        })
    );
    act(&mut s, Action::Back);
    load(&mut s, vec![booking(2, "乙", 2, 6), booking(1, "甲", 1, 1)]);
    assert_eq!(s.selected.id(), Some(&2));
}

/// The day timeline drawn at 80x24 from rows given directly.
pub(super) fn timeline(s: &AppointmentsTab) -> String {
    timeline_in(s, Lang::Zh)
}

/// The day timeline drawn at 80x24 in `lang`.
pub(super) fn timeline_in(s: &AppointmentsTab, lang: Lang) -> String {
    let clock = crate::clock::Clock::fixed(
        chrono_tz::Asia::Shanghai,
        Utc.with_ymd_and_hms(2026, 11, 23, 0, 30, 0).unwrap(),
    );
    let ctx = view::Ctx {
        lang,
        clock: &clock,
    };
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::render(s, f, f.area(), &ctx, &crate::ui::theme::Theme::new(false)))
        .unwrap();
    crate::ui::testing::screen_text(t.backend().buffer())
}

#[test]
fn two_bookings_in_one_timeline_cell_are_both_visible() {
    let mut s = tab();
    let mut setup = StoreSetup::load(None).0.with_tz(chrono_tz::Asia::Shanghai);
    setup.advisors = vec!["王顾问".into()];
    s.setup = Some(setup);
    // 10:00 local (02:00 UTC): one booking, and a second overbooked into the same slot.
    let a = booking(1, "甲", 2, 1);
    let mut b = booking(2, "乙", 2, 1);
    b.plate = Some("粤B99999".into());
    load(&mut s, vec![a, b]);
    let screen = timeline(&s);
    let row = screen
        .lines()
        .find(|l| l.contains("10:00"))
        .expect("a 10:00 row")
        .to_string();
    // Both drawn in the cell, by the tails of their plates, in start order.
    assert!(row.contains("0001/9999"), "a booking is hidden:\n{screen}");
    assert!(!row.contains('+'), "{screen}");
    // Down moves the highlight to the other booking: both stay drawn.
    act(&mut s, Action::Down);
    let screen = timeline(&s);
    let row = screen.lines().find(|l| l.contains("10:00")).unwrap();
    assert!(row.contains("0001/9999"), "{screen}");
    // Three in a narrow cell: the ones that fit, and how many more.
    let three = [
        booking(3, "丙", 2, 1),
        booking(1, "甲", 2, 1),
        booking(2, "乙", 2, 1),
    ];
    let refs: Vec<&BookingRow> = three.iter().collect();
    assert_eq!(super::view::crowded(&refs, 15), "0001/0002/0003");
    assert_eq!(super::view::crowded(&refs, 11), "0001/0002+1");
    assert_eq!(super::view::crowded(&refs, 9), "0001+2");
    // One booking alone: no `+`.
    load(&mut s, vec![booking(1, "甲", 2, 2)]);
    let screen = timeline(&s);
    let row = screen.lines().find(|l| l.contains("10:00")).unwrap();
    assert!(!row.contains('+'), "{screen}");
}

/// The tab in `lang` with a store of one advisor, 王顾问.
pub(super) fn one_advisor(lang: Lang) -> AppointmentsTab {
    let mut s = tab();
    s.lang = lang;
    let mut setup = StoreSetup::load(None).0.with_tz(chrono_tz::Asia::Shanghai);
    setup.advisors = vec!["王顾问".into()];
    s.setup = Some(setup);
    s
}

#[test]
fn a_cancelled_booking_is_never_drawn_over_a_live_one_in_its_cell() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = one_advisor(lang);
        // 11:00: a booking cancelled, and a live one booked into the freed slot; 10:00 a
        // cancelled one alone; 12:00 two live ones.
        let mut gone = booking(186, "甲", 3, 1);
        gone.status = Status::Cancelled;
        let mut alone = booking(7, "丁", 2, 1);
        alone.status = Status::Cancelled;
        let rows = vec![
            alone,
            gone,
            booking(1896, "乙", 3, 1),
            booking(21, "丙", 4, 1),
            booking(22, "戊", 4, 1),
        ];
        load(&mut s, rows);
        // The highlight on the 12:00 bookings (not on the cancelled ones).
        while s.selected.id().is_some_and(|id| *id != 21) {
            act(&mut s, Action::Down);
        }
        let screen = timeline_in(&s, lang);
        let row = |t: &str| {
            screen
                .lines()
                .find(|l| l.contains(t))
                .unwrap_or_else(|| panic!("no {t} row:\n{screen}"))
                .to_string()
        };
        let eleven = row("11:00");
        assert!(eleven.contains("1896"), "the live booking:\n{screen}");
        assert!(
            !eleven.contains("0186"),
            "the cancelled one drawn over it:\n{screen}"
        );
        assert!(!eleven.contains('/'), "{screen}");
        // A cancelled booking alone in its cell still shows; two live ones both do.
        assert!(row("10:00").contains("00007"), "{screen}");
        assert!(row("12:00").contains("0021/0022"), "{screen}");
    }
}

#[test]
fn the_highlighted_booking_and_a_message_show_whole_under_the_grid_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = one_advisor(lang);
        let mut b = booking(1, "欧阳娜娜娜娜娜娜娜娜", 2, 1);
        b.bay = "2号工位（快修区）".into();
        load(&mut s, vec![b]);
        let screen = timeline_in(&s, lang);
        let read: String = screen.lines().collect::<String>().replace(['│', ' '], "");
        assert!(read.contains("2号工位（快修区）"), "{screen}");
        assert!(!screen.contains('~'), "{screen}");
        // A long message (a refusal) wraps whole too.
        let why = lang.t(
            "未保存：该时段王顾问已满，可选 10:30、11:00 或 14:00，也可换一位顾问或改日再约",
            "Not saved: 王顾问 is full at that time; 10:30, 11:00 or 14:00 are free, or book another advisor or another day",
        );
        s.message = Some((why.into(), true));
        let screen = timeline_in(&s, lang);
        let read: String = screen.lines().collect::<String>().replace(['│', ' '], "");
        assert!(read.contains(&why.replace(' ', "")), "{screen}");
    }
}

pub(super) fn page(row: BookingRow) -> Detail {
    Detail {
        booking: crate::store::appointments::Booking {
            row,
            uuid: String::new(),
            need: String::new(),
            items: Vec::new(),
            parts: Vec::new(),
            loaner: None,
            history: String::new(),
            declined: Vec::new(),
            overflow_reason: None,
            confirmation: None,
            cancel_reason: None,
            cancel_note: None,
            cancelled_by: None,
            completed_at: None,
            no_show_at: None,
            repair_order_id: None,
            rescheduled_from: None,
            created_at: None,
            created_by: None,
            updated_at: None,
            version: 5,
        },
        events: Vec::new(),
        no_shows: 0,
        confirmation: String::new(),
    }
}

#[test]
fn cancel_and_reschedule_not_allowed_are_refused_before_their_forms_open() {
    let mut s = tab();
    let mut done = booking(3, "丙", 2, 4);
    done.status = Status::Completed;
    load(&mut s, vec![done.clone()]);
    s.show_detail(page(done));
    for key in [BookingStep::Cancel, BookingStep::Reschedule] {
        assert_eq!(act(&mut s, Action::Booking(key)), None);
        assert_eq!(s.mode, Mode::Detail, "{key:?} opened a form");
        assert!(s.step.is_none());
        let (why, err) = s.message.clone().expect("a refusal");
        assert!(err && why.contains("无法"), "{why}");
    }
    // A booked visit still opens both forms.
    let open = booking(4, "丁", 3, 1);
    load(&mut s, vec![open.clone()]);
    s.show_detail(page(open));
    act(&mut s, Action::Booking(BookingStep::Cancel));
    assert_eq!(s.mode, Mode::Step);
}

#[test]
fn ctrl_e_hands_the_runner_the_rows_of_the_view_shown() {
    let mut s = tab();
    let rows = vec![booking(1, "张三", 9, 1), booking(2, "李四", 10, 1)];
    load(&mut s, rows.clone());
    assert_eq!(
        act(&mut s, Action::ExportList),
        Some(Cmd::Export(Box::new(export::Shown::Day(rows))))
    );
    act(&mut s, Action::Filter);
    assert!(matches!(
        act(&mut s, Action::ExportList),
        Some(Cmd::Export(x)) if matches!(*x, export::Shown::Week(_))
    ));
}
