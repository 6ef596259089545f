//! Sampling on entry runs on the loads thread (issue 14, point 1): the page says
//! "计算中… / Computing…" until it answers, the list load asked after it does not drop its
//! answer, and two supervisors entering at once queue each record once.

use super::QualityPage;
use super::tests_follow::short_call;
use crate::i18n::Lang;
use crate::store::quality::{self, View};
use crate::ui::SHOW_LOADING_MS;
use crate::ui::background::Lane;
use crate::ui::desk::machine::Machine;
use crate::ui::desk::testing::draw_with;
use crate::ui::desk::{Out, Page};

fn draw(p: &QualityPage, lang: Lang) -> String {
    draw_with(|f, clock, theme| super::view::render(p, f, f.area(), lang, clock, theme))
}

fn queued(outs: &[Out]) -> Vec<&str> {
    outs.iter()
        .filter_map(|o| match o {
            Out::Status(s) if s.contains("queued for review") => Some(s.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn entering_asks_the_loads_thread_to_sample_then_list_and_says_it_computes_meanwhile() {
    let mut st = short_call();
    let mut p = QualityPage::new(Lang::En);
    // Nothing is written on the app's thread: the sampling goes out as a job.
    let outs = p.enter(&mut st.env());
    assert!(queued(&outs).is_empty(), "{outs:?}");
    let me = st.me.clone();
    assert_eq!(quality::count(&st.db, &me, View::Queue).unwrap(), 0);
    let jobs = p.take_jobs();
    let lanes: Vec<Lane> = jobs.iter().map(|j| j.lane).collect();
    assert_eq!(lanes, vec![Lane::DeskSample, Lane::DeskList]);
    // A quick sampling never says so (the words would flash); one that takes a moment does.
    assert!(!draw(&p, Lang::En).contains("Computing…"));
    p.loads.age(SHOW_LOADING_MS);
    assert!(draw(&p, Lang::En).contains("Computing…"));
    assert!(draw(&p, Lang::Zh).contains("计算中…"));
    // The loads thread runs them in the order asked: the list read after the sampling.
    let answers: Vec<_> = jobs.into_iter().map(|j| (j.run)(&mut st.env())).collect();
    let [sampled, listed] = <[_; 2]>::try_from(answers).unwrap();
    // The list's answer comes first here: it does not make the sampling's unwanted.
    p.answer(listed, &mut st.env());
    assert_eq!(p.rows.len(), 1);
    assert!(draw(&p, Lang::En).contains("Computing…"));
    let outs = p.answer(sampled, &mut st.env());
    assert_eq!(
        queued(&outs),
        vec!["1 new call queued for review by the sampling rule"]
    );
    let screen = draw(&p, Lang::En);
    assert!(
        !screen.contains("Computing…") && !screen.contains("Loading…"),
        "{screen}"
    );
}

#[test]
fn a_second_entry_supersedes_the_sampling_not_yet_answered() {
    let mut st = short_call();
    let mut p = QualityPage::new(Lang::En);
    p.enter(&mut st.env());
    let first = p.take_jobs();
    assert_eq!(first.first().map(|j| j.lane), Some(Lane::DeskSample));
    p.enter(&mut st.env());
    let second = p.take_jobs();
    // The older sampling's answer is not wanted; the newer one's is.
    let old = first
        .into_iter()
        .next()
        .map(|j| (j.run)(&mut st.env()))
        .unwrap();
    assert!(p.answer(old, &mut st.env()).is_empty());
    let mut answers = second.into_iter().map(|j| (j.run)(&mut st.env()));
    let newer = answers.next().unwrap();
    // The first sampling queued the call already: the second queues nothing more.
    assert!(queued(&p.answer(newer, &mut st.env())).is_empty());
    let me = st.me.clone();
    assert_eq!(quality::count(&st.db, &me, View::Queue).unwrap(), 1);
}

#[test]
fn two_supervisors_entering_at_once_queue_each_record_once() {
    let st = short_call();
    let barrier = std::sync::Barrier::new(2);
    let outs: Vec<Vec<Out>> = std::thread::scope(|s| {
        let runs: Vec<_> = [false, true]
            .map(|other| {
                let mut seat = st.seat(other);
                let barrier = &barrier;
                s.spawn(move || {
                    let mut p = QualityPage::new(Lang::En);
                    p.enter(&mut seat.env());
                    let jobs = p.take_jobs();
                    // Both sample at the same moment, each on its own connection.
                    barrier.wait();
                    let mut outs = Vec::new();
                    for job in jobs {
                        let answer = (job.run)(&mut seat.env());
                        outs.extend(p.answer(answer, &mut seat.env()));
                    }
                    outs
                })
            })
            .into_iter()
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let all: Vec<&Out> = outs.iter().flatten().collect();
    assert!(!all.iter().any(|o| matches!(o, Out::Error(_))), "{all:?}");
    let said: Vec<&str> = outs.iter().flat_map(|o| queued(o)).collect();
    assert_eq!(said.len(), 1, "{outs:?}");
    let me = st.me.clone();
    assert_eq!(quality::count(&st.db, &me, View::Queue).unwrap(), 1);
}

#[test]
fn the_sheet_in_force_arrives_as_the_runners_message_on_entry() {
    let mut st = short_call();
    // The machine alone reads nothing: entering asks for the sheet first.
    let mut p = QualityPage::new(Lang::En);
    let viewer = super::Viewer {
        id: st.me.id,
        supervisor: true,
    };
    let cmds = p.update(super::Msg::Enter { viewer });
    assert_eq!(cmds.first(), Some(&super::Cmd::ReadSheet));
    assert!(p.sheet_def.is_none());
    // Entering through the runner: the sheet is the store's, before any review is opened.
    let mut p = QualityPage::new(Lang::En);
    p.enter(&mut st.env());
    let stored = quality::config(st.db.conn()).review;
    assert_eq!(p.sheet_def.as_ref(), Some(&stored));
}
