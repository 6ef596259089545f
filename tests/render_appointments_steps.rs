//! A booking's steps on the Appointments tab at 80x24 (the fixture of
//! `render_appointments.rs`): checked in, served and completed into a repair order; a
//! no-show marked and undone; tomorrow's confirmation call; a reschedule.

mod appointments_tab_fx;
mod support;
use appointments_tab_fx::*;
use crossterm::event::KeyCode;
use frontdesk::domain::appointments::Status;
use frontdesk::i18n::Lang;
use frontdesk::store::appointments as sa;
use frontdesk::store::files;
use support::screen::draw;

#[test]
fn check_in_serve_and_complete_into_a_repair_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::En);
    let before = files::repair_count(fx.app.db.conn(), fx.zhang_vehicle).unwrap();
    let app = &mut fx.app;
    key(app, KeyCode::Enter);
    let screen = draw(app);
    // The page's title names the booking's customer and car, not only its number.
    assert!(
        screen.contains(&format!("Booking #{} 张三 ", fx.booking)),
        "{screen}"
    );
    assert!(screen.contains("no-shows so far: 0"), "{screen}");
    // Completing before the service started is refused on the page.
    key(app, KeyCode::Char('d'));
    assert!(draw(app).contains("Only a visit in service"));
    key(app, KeyCode::Char('c'));
    assert!(
        app.clipboard
            .as_deref()
            .is_some_and(|c| c.contains("粤B12345"))
    );
    // The text sent, apart from its label; the step said once in the history.
    let screen = draw(app);
    assert!(screen.contains("Confirmation 【"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.trim_end_matches([' ', '│']).ends_with("陈静 confirmed")),
        "{screen}"
    );
    assert!(!screen.contains("confirmed confirmed"), "{screen}");
    key(app, KeyCode::Char('a'));
    assert!(draw(app).contains("arrived"));
    key(app, KeyCode::Char('s'));
    assert!(draw(app).contains("in service"));
    key(app, KeyCode::Char('d'));
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    typed(app, "380");
    key(app, KeyCode::Tab);
    typed(app, "43000");
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("completed"), "{screen}");
    for twice in [
        "arrived arrived",
        "completed completed",
        "service started in service",
    ] {
        assert!(!screen.contains(twice), "{screen}");
    }
    let b = sa::get(app.db.conn(), fx.booking).unwrap();
    assert_eq!(b.row.status, Status::Completed);
    assert!(b.repair_order_id.is_some());
    let after = files::repair_count(app.db.conn(), fx.zhang_vehicle).unwrap();
    assert_eq!(after, before + 1);
    let ro = &files::repair_orders(app.db.conn(), fx.zhang_vehicle, 5).unwrap()[0];
    assert_eq!(ro.data.amount_fen, 38000);
    assert_eq!(ro.data.mileage_km, 43000);
    // A cancel attempt on a completed visit is refused on the page, before a form opens.
    key(app, KeyCode::Char('x'));
    let screen = draw(app);
    assert!(screen.contains("Cannot cancel"), "{screen}");
    assert!(
        !screen.contains("Cancelled by"),
        "the cancel form opened:\n{screen}"
    );
}

#[test]
fn a_missed_booking_becomes_a_no_show_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture_with(dir.path(), Lang::Zh, true);
    let app = &mut fx.app;
    // Loading the tab marked it: 08:30 + 30 min grace is before 09:30.
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE status = 'no_show'"
        ),
        1
    );
    let screen = draw(app);
    assert!(screen.contains("粤B67890 爽"), "{screen}");
    key(app, KeyCode::Enter); // the 08:30 booking comes first
    let screen = draw(app);
    assert!(screen.contains("爽约记录 1 次"), "{screen}");
    key(app, KeyCode::Char('u'));
    let screen = draw(app);
    assert!(screen.contains("已记录：已预约"), "{screen}");
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE status = 'no_show'"
        ),
        0
    );
    // Cancelling needs the reason and a note; it is then recorded as the customer's.
    key(app, KeyCode::Char('x'));
    typed(app, "1");
    ctrl_s(app);
    assert!(draw(app).contains("必填"));
    // The cursor went to the note, a multi-line field: Enter starts a second line.
    typed(app, "改天再来");
    key(app, KeyCode::Enter);
    typed(app, "下周三前回电");
    let screen = draw(app);
    assert!(
        screen.contains("改天再来") && screen.contains("下周三前回电"),
        "{screen}"
    );
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("客户时间有变"), "{screen}");
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE instr(cancel_note, char(10)) > 0 AND cancel_note LIKE '%下周三前回电%'"
        ),
        1
    );
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE status = 'cancelled' AND cancelled_by = 'customer'"
        ),
        1
    );
}

#[test]
fn confirm_tomorrow_records_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::En);
    let app = &mut fx.app;
    key(app, KeyCode::Char('n'));
    typed(app, "李四");
    key(app, KeyCode::Enter); // picked from the list: on to the time
    for _ in 0..11 {
        key(app, KeyCode::Backspace);
    }
    typed(app, "2026-11-24 10:00");
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab); // the date: the shown day
    typed(app, "maintenance");
    ctrl_s(app);
    assert!(draw(app).contains("Booking #2 saved"), "{}", draw(app));
    key(app, KeyCode::Char('t'));
    for _ in 0..3 {
        key(app, KeyCode::Char('f'));
    }
    let screen = draw(app);
    assert!(screen.contains("Confirm tomorrow"), "{screen}");
    assert!(screen.contains("粤B67890"), "{screen}");
    assert!(screen.contains("not called"), "{screen}");
    key(app, KeyCode::Char('r'));
    typed(app, "2");
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("confirmed"), "{screen}");
    let b = sa::get(app.db.conn(), 2).unwrap();
    assert_eq!(b.row.status, Status::Reminded);
}

/// The list follows the day the other views were on: an empty day that is not tomorrow
/// is named, not called "tomorrow".
#[test]
fn an_empty_confirm_list_names_its_day() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = fixture(dir.path(), lang);
        let app = &mut fx.app;
        for _ in 0..3 {
            key(app, KeyCode::Char('f'));
        }
        let tomorrow = lang.t("明天没有预约", "No bookings tomorrow");
        assert!(draw(app).contains(tomorrow), "{}", draw(app));
        key(app, KeyCode::Char(']'));
        let screen = draw(app);
        let named = lang.t("2026-11-25 没有预约", "No bookings on 2026-11-25");
        assert!(
            screen.contains(named) && !screen.contains(tomorrow),
            "{screen}"
        );
    }
}

#[test]
fn check_in_from_the_arrivals_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::En);
    let app = &mut fx.app;
    key(app, KeyCode::Char('f'));
    key(app, KeyCode::Char('f'));
    key(app, KeyCode::Char('a'));
    let screen = draw(app);
    assert!(screen.contains("Recorded: arrived"), "{screen}");
    assert!(screen.contains("waited 0 min"), "{screen}");
    // Checking in twice is refused on the page.
    key(app, KeyCode::Char('a'));
    let screen = draw(app);
    assert!(screen.contains("Cannot check in"), "{screen}");
    key(app, KeyCode::Char('s'));
    assert_eq!(
        sa::get(app.db.conn(), fx.booking).unwrap().row.status,
        Status::InService
    );
}

#[test]
fn rescheduling_keeps_the_old_booking_and_links_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::Zh);
    let app = &mut fx.app;
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('m'));
    typed(app, "2026-11-24 10:00");
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    typed(app, "客户临时出差");
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("已改期为预约"), "{screen}");
    assert_eq!(count(app, "SELECT count(*) FROM appointments"), 2);
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE status = 'rescheduled'"
        ),
        1
    );
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE rescheduled_from IS NOT NULL"
        ),
        1
    );
    // The new booking's history says where it came from and why.
    assert!(screen.contains("由 #1 改期：客户临时出差"), "{screen}");
}
