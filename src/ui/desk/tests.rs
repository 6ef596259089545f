//! The Desk tab's own behaviour: pages turn past those the store does not offer, a page in
//! a form keeps the arrow keys, and saves during a load reload once after it answers.

use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

/// A page that records what it was asked, with a list (top) and a form level.
struct Probe {
    name: &'static str,
    rental_only: bool,
    in_form: bool,
    entered: usize,
    loading: bool,
}

impl Page for Probe {
    fn title(&self, _: Lang) -> &'static str {
        self.name
    }
    fn shown(&self, settings: &Settings) -> bool {
        !self.rental_only || settings.store_name == "rental"
    }
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::List]
    }
    fn typing(&self) -> bool {
        self.in_form
    }
    fn has_unsaved_input(&self) -> bool {
        self.in_form
    }
    fn at_top(&self) -> bool {
        !self.in_form
    }
    fn enter(&mut self, _: &mut Env) -> Vec<Out> {
        self.entered += 1;
        vec![Out::Status(format!("{} loaded", self.name))]
    }
    fn follow(&mut self, _: &mut Env) -> Vec<Out> {
        self.loading = true;
        vec![Out::Status(format!("{} reloads", self.name))]
    }
    fn answer(&mut self, _: loads::Answer, _: &mut Env) -> Vec<Out> {
        self.loading = false;
        vec![Out::Status(format!("{} answered", self.name))]
    }
    fn loading(&self) -> bool {
        self.loading
    }
    fn key(&mut self, _: Option<Action>, _: KeyEvent, _: &mut Env) -> Vec<Out> {
        vec![Out::Status(format!("{} key", self.name))]
    }
    fn render(&self, _: &mut Frame, _: Rect, _: Lang, _: &Clock, _: &Theme) {}
}

fn probe(name: &'static str, rental_only: bool) -> Box<dyn Page> {
    Box::new(Probe {
        name,
        rental_only,
        in_form: false,
        entered: 0,
        loading: false,
    })
}

fn with_env(settings: &Settings, f: impl FnOnce(&mut Env)) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now());
    let calendar = BusinessCalendar::builtin();
    let mut env = Env {
        db: &mut db,
        clock: &clock,
        lang: Lang::En,
        agent: None,
        settings,
        calendar: &calendar,
        sla: &Default::default(),
    };
    f(&mut env);
}

fn right() -> KeyEvent {
    KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)
}

#[test]
fn pages_turn_past_the_ones_this_store_does_not_offer() {
    let settings = Settings::with_db("unused".into(), Lang::En);
    let mut desk = DeskTab::with_pages(vec![
        probe("A", false),
        probe("Rent", true),
        probe("B", false),
    ]);
    with_env(&settings, |env| {
        assert_eq!(desk.enter(env), vec![Out::Status("A loaded".into())]);
        let outs = desk.key(Some(Action::NextPage), right(), env);
        assert_eq!(outs, vec![Out::Status("B loaded".into())]);
        let outs = desk.key(Some(Action::NextPage), right(), env);
        assert_eq!(outs, vec![Out::Status("A loaded".into())]);
        let outs = desk.key(Some(Action::PrevPage), right(), env);
        assert_eq!(outs, vec![Out::Status("B loaded".into())]);
    });
}

#[test]
fn a_page_in_a_form_keeps_the_arrow_keys_and_the_page() {
    let settings = Settings::with_db("unused".into(), Lang::En);
    let mut desk = DeskTab::with_pages(vec![
        Box::new(Probe {
            name: "A",
            rental_only: false,
            in_form: true,
            entered: 0,
            loading: false,
        }),
        probe("B", false),
    ]);
    assert!(!desk.scopes().contains(&Scope::Desk));
    assert!(desk.has_unsaved_input());
    with_env(&settings, |env| {
        let outs = desk.key(Some(Action::NextPage), right(), env);
        assert_eq!(outs, vec![Out::Status("A key".into())]);
    });
}

#[test]
fn saves_during_a_load_reload_once_after_it_answers_instead_of_cutting_it_off() {
    let settings = Settings::with_db("unused".into(), Lang::En);
    let mut desk = DeskTab::with_pages(vec![probe("A", false), probe("B", false)]);
    let answer =
        || loads::Answer::new::<()>((crate::ui::background::Lane::DeskList, 1), None, Vec::new());
    with_env(&settings, |env| {
        desk.enter(env);
        // A save while the page is idle reloads it at once.
        assert_eq!(desk.follow(env), vec![Out::Status("A reloads".into())]);
        // More saves while that load runs do not start another one.
        assert_eq!(desk.follow(env), vec![]);
        assert_eq!(desk.follow(env), vec![]);
        // Its answer is shown, then the page reloads once for the saves it missed.
        assert_eq!(
            desk.answer(0, answer(), env),
            vec![
                Out::Status("A answered".into()),
                Out::Status("A reloads".into())
            ]
        );
        assert_eq!(
            desk.answer(0, answer(), env),
            vec![Out::Status("A answered".into())]
        );
        // A reload owed to a page left behind is dropped: the next page loads on entry.
        desk.follow(env);
        desk.follow(env);
        desk.key(Some(Action::NextPage), right(), env);
        assert_eq!(
            desk.answer(0, answer(), env),
            vec![Out::Status("A answered".into())]
        );
    });
}
