//! Withdrawing a complaint registered by mistake, drawn at 80x24: an agent pressing the
//! key (or the ruling's) is refused in their language (neither is on their hint line); the supervisor's
//! reason is required, and the page then shows the complaint withdrawn, with the reason,
//! who and when, and no clock; it leaves the open list and the overdue count.

mod support;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyCode;
use frontdesk::i18n::Lang;
use frontdesk::store::Db;
use frontdesk::store::agents;
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::ui::app::App;
use support::appointments_fx::*;
use support::drafts::{key, save, typed};
use support::screen::draw;

/// `emp`'s app on the fixture's store at `now`, in `lang`.
fn app_of(f: &Fx, emp: &str, lang: Lang, now: DateTime<Utc>) -> App {
    let agent = agents::by_emp_no(&Db::open(&f.path).unwrap(), emp).unwrap();
    App::new(
        Db::open(&f.path).unwrap(),
        frontdesk::clock::Clock::fixed(TZ, now),
        frontdesk::config::Settings::with_db(f.path.clone(), lang),
        agent,
    )
}

/// The Complaints tab's list (after the first-run screen), the first complaint opened.
fn open_first(app: &mut App) {
    app.tick();
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('4'));
    key(app, KeyCode::Enter);
}

/// One complaint received now, nobody called back: overdue a quarter of an hour on.
fn fixture() -> (Fx, i64) {
    let mut f = fx(1);
    let c = NewComplaint {
        station: String::new(),
        demand: String::new(),
        handler_id: None,
        ..new_complaint(&f, now(), "回访备注误填进投诉栏")
    };
    let id = sc::register(&mut f.db, f.agent, &c).unwrap();
    (f, id)
}

#[test]
fn an_agent_pressing_a_supervisors_key_is_refused_before_any_form() {
    let (f, id) = fixture();
    let later = now() + Duration::minutes(15);
    for (lang, says, word) in [
        (
            Lang::Zh,
            "无法撤销投诉：只有客服主管可以操作，请联系主管。",
            "撤销",
        ),
        (
            Lang::En,
            "Cannot withdraw the complaint: only a supervisor can; ask your supervisor.",
            "withdraw",
        ),
    ] {
        let mut app = app_of(&f, "1002", lang, later);
        open_first(&mut app);
        let page = draw(&app);
        assert!(page.contains(&format!("#{id}")), "{page}");
        assert!(
            !page.contains(&format!("w {word}")),
            "not on an agent's hints:\n{page}"
        );
        // Nor in their help.
        key(&mut app, KeyCode::Char('?'));
        let help = draw(&app);
        assert!(
            help.contains("添加备注") || help.contains("Add a note"),
            "{help}"
        );
        assert!(
            !help.contains("撤销误登记") && !help.contains("Withdraw a"),
            "{help}"
        );
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('w'));
        let page = draw(&app);
        assert!(page.contains(says), "{page}");
        assert!(
            !page.contains("撤销原因") && !page.contains("Reason"),
            "{page}"
        );
        // A ruling on validity likewise (it was refused only once its form was filled in).
        key(&mut app, KeyCode::Char('v'));
        let page = draw(&app);
        let ruling = match lang {
            Lang::Zh => "无法判定有效投诉：只有客服主管可以操作",
            Lang::En => "Cannot rule on validity: only a supervisor can",
        };
        assert!(page.contains(ruling), "{page}");
        assert!(!page.contains("理由") && !page.contains("Reason"), "{page}");
    }
    assert_eq!(complaint_status(&f, id), "new");
}

#[test]
fn the_supervisor_withdraws_it_and_the_page_shows_why_who_and_when() {
    let (f, id) = fixture();
    let later = now() + Duration::minutes(15);
    let mut app = app_of(&f, "1001", Lang::Zh, later);
    open_first(&mut app);
    let page = draw(&app);
    assert!(page.contains("首次联系 超时 5分"), "{page}");
    assert!(page.contains("w 撤销"), "on a supervisor's hints:\n{page}");
    let bar = page.lines().last().unwrap().to_string();
    assert!(bar.contains("投诉超时1"), "{bar}");
    key(&mut app, KeyCode::Char('?'));
    let help = draw(&app);
    assert!(
        help.contains("撤销误登记的投诉（主管，写明原因）"),
        "in help:\n{help}"
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('w'));
    let form = draw(&app);
    assert!(
        form.contains(&format!("撤销投诉（误登记）：投诉 #{id} 客户0")),
        "{form}"
    );
    // No reason, no withdrawal.
    save(&mut app);
    assert!(draw(&app).contains("必填"), "{}", draw(&app));
    typed(&mut app, "坐席把回访备注误填进投诉栏");
    save(&mut app);
    let page = draw(&app);
    assert!(page.contains("已撤销"), "{page}");
    assert!(page.contains("不计入统计"), "{page}");
    assert!(
        page.contains("撤销原因 坐席把回访备注误填进投诉栏  1001 刘芳 2026-11-23 09:45"),
        "{page}"
    );
    assert!(
        !page.contains("首次联系 超时") && !page.contains("处理完毕"),
        "no clock:\n{page}"
    );
    assert!(!page.contains("w 撤销"), "withdrawn is final:\n{page}");
    insta::assert_snapshot!("complaint_withdrawn_zh", page);
    // Back on the list: gone from the open complaints and the overdue count.
    key(&mut app, KeyCode::Esc);
    app.tick();
    let list = draw(&app);
    assert!(list.contains("投诉：处理中"), "{list}");
    assert!(!list.contains("回访备注误填"), "{list}");
    let bar = list.lines().last().unwrap().to_string();
    assert!(bar.contains("投诉超时0"), "{bar}");
    // Findable with the finished ones, marked withdrawn.
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    let finished = draw(&app);
    assert!(finished.contains("投诉：已结案/已撤销"), "{finished}");
    assert!(finished.contains("已撤销"), "{finished}");
    assert!(finished.contains("回访备注误填"), "{finished}");
}

#[test]
fn the_page_in_english() {
    let (f, _) = fixture();
    let later = now() + Duration::minutes(15);
    let mut app = app_of(&f, "1001", Lang::En, later);
    open_first(&mut app);
    key(&mut app, KeyCode::Char('w'));
    typed(&mut app, "registered the wrong customer");
    save(&mut app);
    let page = draw(&app);
    assert!(page.contains("withdrawn"), "{page}");
    assert!(page.contains("counted nowhere"), "{page}");
    assert!(
        page.contains("Withdrawn: registered the wrong customer  1001 刘芳 2026-11-23 09:45"),
        "{page}"
    );
    insta::assert_snapshot!("complaint_withdrawn_en", page);
}

/// The agent recorded a contact after the supervisor's page was loaded: the withdrawal is
/// refused naming who changed the complaint, and the reason typed stays in the form.
#[test]
fn a_stale_page_is_refused_naming_who_changed_it_and_keeps_the_reason() {
    let (mut f, id) = fixture();
    let later = now() + Duration::minutes(15);
    let mut app = app_of(&f, "1001", Lang::Zh, later);
    open_first(&mut app);
    key(&mut app, KeyCode::Char('w'));
    typed(&mut app, "重复登记");
    let e = frontdesk::domain::complaints::Event::new(
        later,
        f.agent.agent_id.unwrap(),
        frontdesk::domain::complaints::EventKind::Contacted,
    );
    sc::append(&mut f.db, id, e, TZ).unwrap();
    save(&mut app);
    let form = draw(&app);
    assert!(form.contains("1002 陈静"), "{form}");
    assert!(form.contains("记录联系客户"), "{form}");
    assert!(
        form.contains("重复登记"),
        "the reason typed is kept:\n{form}"
    );
    assert_eq!(complaint_status(&f, id), "contacted");
}

/// Closed, reopened (its follow-up call still scheduled), then withdrawn: its calls were
/// withdrawn with it, and the page shows no follow-up date as still to do.
#[test]
fn a_reopened_complaint_withdrawn_shows_no_follow_up_to_do() {
    let (mut f, id) = fixture();
    let by = f.sup.agent_id.unwrap();
    let mut at = now();
    let reopened = frontdesk::domain::complaints::EventKind::Reopened {
        reason: "客户来电".into(),
    };
    let withdrawn = frontdesk::domain::complaints::EventKind::Withdrawn {
        reason: "登记错了客户".into(),
    };
    let handler = frontdesk::domain::complaints::EventKind::HandlerAssigned { handler: by };
    let steps = [handler].into_iter().chain(closing_steps());
    for kind in steps.chain([reopened, withdrawn]) {
        at += Duration::minutes(5);
        let e = frontdesk::domain::complaints::Event::new(at, by, kind);
        sc::append(&mut f.db, id, e, TZ).unwrap();
    }
    assert_eq!(sc::follow_ups(f.db.conn(), id).unwrap().len(), 4);
    let mut app = app_of(&f, "1001", Lang::Zh, at + Duration::minutes(5));
    app.tick();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Enter);
    let page = draw(&app);
    assert!(page.contains("撤销原因 登记错了客户"), "{page}");
    assert!(!page.contains("回访电话"), "{page}");
}

/// Closed, then reopened: its follow-up call was superseded (the next closing schedules
/// its own), and the page shows no follow-up date as still to do while it is worked again.
#[test]
fn a_reopened_complaint_shows_no_follow_up_to_do() {
    use frontdesk::domain::complaints::{Event, EventKind};
    let (mut f, id) = fixture();
    let by = f.sup.agent_id.unwrap();
    let mut at = now();
    let reopened = EventKind::Reopened {
        reason: "客户来电".into(),
    };
    let handler = EventKind::HandlerAssigned { handler: by };
    let steps = [handler].into_iter().chain(closing_steps());
    for kind in steps.chain([reopened]) {
        at += Duration::minutes(5);
        sc::append(&mut f.db, id, Event::new(at, by, kind), TZ).unwrap();
    }
    let mut app = app_of(&f, "1001", Lang::Zh, at + Duration::minutes(5));
    app.tick();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Enter);
    let page = draw(&app);
    assert!(page.contains("客户来电"), "{page}");
    assert!(!page.contains("回访电话"), "{page}");
}
