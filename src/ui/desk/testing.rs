//! For the desk pages' render tests: a page drawn at 80x24 read back as text.

use crate::clock::Clock;
use chrono::TimeZone;
use ratatui::Frame;

/// The store's clock at 2026-11-23 09:30 in Shanghai.
pub fn clock() -> Clock {
    Clock::fixed(
        chrono_tz::Asia::Shanghai,
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 23, 1, 30, 0)
            .unwrap(),
    )
}

/// What `render` draws on an 80x24 terminal, as text.
pub fn draw(render: impl FnOnce(&mut Frame)) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(render).unwrap();
    crate::ui::testing::screen_text(t.backend().buffer())
}

/// The screen without spaces and borders: a wrapped sentence reads as one run.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

/// The dialog title starting `start` on the screen, to its frame's top-right corner (or
/// the end of the line); panics with the screen when no line holds it.
pub fn title_line(screen: &str, start: &str) -> String {
    let rest = screen
        .lines()
        .find_map(|l| l.find(start).map(|i| &l[i..]))
        .unwrap_or_else(|| panic!("no title {start:?} on\n{screen}"));
    match rest.find('┐') {
        Some(i) => rest[..i + '┐'.len_utf8()].to_string(),
        None => rest.trim_end().to_string(),
    }
}

/// Whether a title line from `title_line` was cut by width: it ends in `~`, a space and the
/// frame's top edge to its corner (one cell of edge left when a wide character did not fit).
pub fn cut_at_corner(title: &str) -> bool {
    title
        .trim_end_matches('┐')
        .trim_end_matches('─')
        .ends_with("~ ")
}

/// A temporary store with two agents for the pages' storage-backed tests: `me` (1001 刘芳,
/// a supervisor) works the page, `other` (1002 陈静) saves meanwhile.
pub struct Store {
    _dir: tempfile::TempDir,
    pub db: crate::store::Db,
    pub me: crate::store::agents::Agent,
    pub other: crate::store::agents::Agent,
    pub settings: crate::config::Settings,
    calendar: crate::domain::calendar::BusinessCalendar,
    sla: crate::domain::complaints::SlaSettings,
    clock: Clock,
}

impl Store {
    pub fn new(lang: crate::i18n::Lang) -> Store {
        use crate::store::agents::{Role, ensure};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        let mut db = crate::store::Db::open(&path).unwrap();
        let clock = clock();
        let sys = crate::store::Actor {
            agent_id: None,
            at: clock.now(),
        };
        let me = ensure(&mut db, sys, "1001", "刘芳", Role::Supervisor).unwrap();
        let other = ensure(&mut db, sys, "1002", "陈静", Role::Supervisor).unwrap();
        Store {
            _dir: dir,
            db,
            me,
            other,
            settings: crate::config::Settings::with_db(path, lang),
            calendar: crate::domain::calendar::BusinessCalendar::builtin(),
            sla: Default::default(),
            clock,
        }
    }

    /// What the page works with, as `me`.
    pub fn env(&mut self) -> super::Env<'_> {
        super::Env {
            db: &mut self.db,
            clock: &self.clock,
            lang: self.settings.lang,
            agent: Some(&self.me),
            settings: &self.settings,
            calendar: &self.calendar,
            sla: &self.sla,
        }
    }

    /// Runs the loads `page` asked for (`Page::take_jobs`) here, as the loads thread
    /// would, and hands it their answers, until it asks for none; what the page asks of
    /// the app meanwhile.
    pub fn settle(&mut self, page: &mut dyn super::Page) -> Vec<super::Out> {
        let mut outs = Vec::new();
        loop {
            let jobs = page.take_jobs();
            if jobs.is_empty() {
                return outs;
            }
            for job in jobs {
                let answer = (job.run)(&mut self.env());
                outs.extend(page.answer(answer, &mut self.env()));
            }
        }
    }

    /// The follow check `page` asked for (has the record under its open form moved on?):
    /// a job in its own lane (`Lane::DeskFollow`), never read at once. The page's other
    /// loads settle first (here, as the loads thread would); the check is handed back
    /// unrun. Panics when the page asked for none.
    pub fn follow_check(&mut self, page: &mut dyn super::Page) -> super::loads::Job {
        let mut check = None;
        loop {
            let jobs = page.take_jobs();
            if jobs.is_empty() {
                return check.expect("the page asked for no follow check");
            }
            for job in jobs {
                if job.lane == crate::ui::background::Lane::DeskFollow {
                    // A newer check supersedes the older.
                    check = Some(job);
                    continue;
                }
                let answer = (job.run)(&mut self.env());
                page.answer(answer, &mut self.env());
            }
        }
    }

    /// Runs `job` here as the loads thread would, hands `page` its answer and settles what
    /// that asks for; what the page asks of the app.
    pub fn answer(
        &mut self,
        page: &mut dyn super::Page,
        job: super::loads::Job,
    ) -> Vec<super::Out> {
        let answer = (job.run)(&mut self.env());
        let mut outs = page.answer(answer, &mut self.env());
        outs.extend(self.settle(page));
        outs
    }

    /// A customer (张三) with a car (粤B20000) in the archive: their ids.
    pub fn car(&mut self) -> (i64, i64) {
        use crate::domain::archive::{CustomerData, VehicleData};
        let sys = crate::store::Actor {
            agent_id: None,
            at: self.clock.now(),
        };
        let c = CustomerData {
            name: "张三".into(),
            mobile: Some("13800000001".into()),
            ..Default::default()
        };
        let customer = crate::store::customers::create(&mut self.db, sys, &c).unwrap();
        let v = VehicleData {
            vin: "LFVFOLLOW00000001".into(),
            plate: Some("粤B20000".into()),
            brand: "丰田".into(),
            model: "卡罗拉".into(),
            ..Default::default()
        };
        let vehicle = crate::store::vehicles::create(&mut self.db, sys, customer, &v).unwrap();
        (customer, vehicle)
    }

    /// A second connection to the store, as `me` or the other agent: what another app
    /// (or thread) works with.
    pub fn seat(&self, other: bool) -> Seat {
        Seat {
            db: self.db.another().unwrap(),
            agent: if other { &self.other } else { &self.me }.clone(),
            settings: self.settings.clone(),
            calendar: self.calendar.clone(),
            sla: self.sla.clone(),
            clock: self.clock.clone(),
        }
    }

    /// The other agent, saving now.
    pub fn other(&self) -> crate::store::Actor {
        crate::store::Actor {
            agent_id: Some(self.other.id),
            at: self.clock.now(),
        }
    }
}

/// An agent's own connection to a `Store`'s file (`Store::seat`), to be moved to a thread.
pub struct Seat {
    db: crate::store::Db,
    agent: crate::store::agents::Agent,
    settings: crate::config::Settings,
    calendar: crate::domain::calendar::BusinessCalendar,
    sla: crate::domain::complaints::SlaSettings,
    clock: Clock,
}

impl Seat {
    pub fn env(&mut self) -> super::Env<'_> {
        super::Env {
            db: &mut self.db,
            clock: &self.clock,
            lang: self.settings.lang,
            agent: Some(&self.agent),
            settings: &self.settings,
            calendar: &self.calendar,
            sla: &self.sla,
        }
    }
}

/// A key event for a page's `key` (the action carries the meaning).
pub fn no_key() -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Null,
        crossterm::event::KeyModifiers::NONE,
    )
}

/// A typed character for a page's `key`.
pub fn char_key(c: char) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    )
}

/// What `render` draws on an 80x24 terminal with the test clock and a 16-colour theme.
pub fn draw_with(render: impl FnOnce(&mut Frame, &Clock, &crate::ui::theme::Theme)) -> String {
    let (clock, theme) = (clock(), crate::ui::theme::Theme::new(false));
    draw(|f| render(f, &clock, &theme))
}
