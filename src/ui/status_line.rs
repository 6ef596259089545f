//! The left part of the status bar: who is signed in, when, which store file, and the work
//! waiting. It is made to fit its width by dropping what matters least first: the file's
//! name, then the counters' long labels, then the date; the agent's name stays, cut by
//! display width (never inside a Han character) only when nothing else is left to drop.

use crate::i18n::Lang;
use crate::text::{fit, width};

/// What the left part shows, as plain text (already made inert).
#[derive(Debug, Clone, Default)]
pub struct Parts {
    /// The employee number, or "signed out".
    pub emp: String,
    pub name: String,
    /// `(主管)` for a supervisor, else empty.
    pub sup: String,
    /// `12-06` and `14:36`.
    pub date: String,
    pub time: String,
    /// The store file's name.
    pub db: String,
    /// ` 只读` when the store is open read-only (never dropped), else empty.
    pub ro: String,
    /// Rescue cases waiting for their first contact (§2.2) and how many of them are past
    /// its 30 minutes; callbacks due; complaints past a deadline.
    pub rescues: (i64, i64),
    /// The callback calls due in the user's default queue: the whole store's for a
    /// supervisor (`callbacks_all`, the Reports tab's today board's figure), else the pool's
    /// and the user's own; the label names which.
    pub callbacks: i64,
    pub callbacks_all: bool,
    pub overdue: usize,
}

/// The work waiting, each count with the words of what it counts (whatever the number);
/// `short` with the shorter labels. The rescue figure is the 30-minute contact clock's
/// (§2.2): the cases no one has contacted yet, and those of them past it; a case contacted
/// and still open is on the Calls tab, not here.
pub fn counters(p: &Parts, lang: Lang, short: bool) -> String {
    let (n, late) = p.rescues;
    let rescue = match (lang, n, late) {
        (_, 0, _) => String::new(),
        (Lang::Zh, n, 0) => format!("救援待联系{n} "),
        (Lang::Zh, n, l) => format!("救援待联系{n}(超时{l}) "),
        // As long as "rescues 3(1 late)" was, so the date stays at 80 columns.
        (Lang::En, n, 0) if short => format!("contact {n} "),
        (Lang::En, n, l) if short => format!("contact {n}({l} late) "),
        (Lang::En, n, 0) => format!(
            "{} to contact ",
            lang.count(n as usize, "", "rescue", "rescues")
        ),
        // Bracketed like 救援待联系3(超时1), so the late count never reads with the next
        // label ("1 late callbacks").
        (Lang::En, n, l) => format!(
            "{} to contact ({l} late) ",
            lang.count(n as usize, "", "rescue", "rescues")
        ),
    };
    let (cb, ov) = (p.callbacks, p.overdue);
    // Whose callbacks: the queue's default view's (查看 公共池+我的 / 全部), the pool's and
    // the user's own for an agent, all of the store's for a supervisor (the today board's).
    let whose = match (p.callbacks_all, lang, short) {
        (true, Lang::Zh, _) => "全部回访",
        (false, Lang::Zh, false) => "公共池+我的回访",
        (false, Lang::Zh, true) => "池+我回访",
        (true, Lang::En, _) => "all",
        (false, Lang::En, _) => "pool+mine",
    };
    // Short enough that a name stays whole at 80 columns.
    match (lang, short) {
        (Lang::Zh, false) => format!("{rescue}{whose}到期{cb} 投诉超时{ov}"),
        (Lang::Zh, true) => format!("{rescue}{whose}{cb} 投诉超时{ov}"),
        (Lang::En, false) => format!("{rescue}{whose} callbacks due {cb} complaints overdue {ov}"),
        // `pool+mine 41` as long as `callbacks 41` was: the date and a long name stay.
        (Lang::En, true) if !p.callbacks_all => {
            format!("{rescue}{whose} {cb} complaints late {ov}")
        }
        (Lang::En, true) => format!("{rescue}{whose} due {cb} complaints late {ov}"),
    }
}

/// The left part in at most `budget` cells: the first of the shortenings that fits.
pub fn left(p: &Parts, lang: Lang, budget: usize) -> String {
    let long = counters(p, lang, false);
    let short = counters(p, lang, true);
    let who = |name: &str| {
        if name.is_empty() {
            format!(" {}", p.emp)
        } else {
            format!(" {} {name}{}", p.emp, p.sup)
        }
    };
    let full = who(&p.name);
    let candidates = [
        format!("{full} {} {} {}{} {long} ", p.date, p.time, p.db, p.ro),
        format!("{full} {} {}{} {long} ", p.date, p.time, p.ro),
        format!("{full} {} {}{} {short} ", p.date, p.time, p.ro),
        format!("{full} {}{} {short} ", p.time, p.ro),
    ];
    if let Some(c) = candidates.iter().find(|c| width(c) <= budget) {
        return c.clone();
    }
    // Nothing left to drop: the name is cut to the cells that remain (at least one
    // character and its `~`), by display width.
    let rest = format!(" {}{} {short} ", p.time, p.ro);
    let room = budget.saturating_sub(width(&who("")) + 1 + width(&p.sup) + width(&rest));
    if room >= 3 && !p.name.is_empty() {
        return format!("{}{rest}", who(&fit(&p.name, room, false)));
    }
    format!("{}{rest}", who(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(name: &str) -> Parts {
        Parts {
            emp: "1003".into(),
            name: name.into(),
            date: "12-06".into(),
            time: "14:36".into(),
            db: "demo.sqlite3".into(),
            rescues: (3, 1),
            callbacks: 41,
            ..Default::default()
        }
    }

    #[test]
    fn the_file_goes_first_then_the_long_labels_then_the_date_and_the_name_stays() {
        let p = parts("王磊");
        // 80 columns less ` ? help `: the name and the date stay, the file's name goes.
        let en = left(&p, Lang::En, 72);
        assert_eq!(
            en,
            " 1003 王磊 12-06 14:36 contact 3(1 late) pool+mine 41 complaints late 0 "
        );
        // (` ?帮助 ` takes 7: beside 救援待联系 the short labels.)
        let zh = left(&p, Lang::Zh, 73);
        assert!(zh.contains("王磊 12-06 14:36"), "{zh}");
        assert!(
            zh.contains("救援待联系3(超时1) 池+我回访41 投诉超时0"),
            "{zh}"
        );
        let wide = left(&p, Lang::Zh, 90);
        assert!(
            wide.contains("救援待联系3(超时1) 公共池+我的回访到期41 投诉超时0"),
            "{wide}"
        );
        // Wide enough: everything, long labels.
        let wide = left(&p, Lang::En, 200);
        assert!(
            wide.contains("demo.sqlite3 3 rescues to contact (1 late) pool+mine callbacks due 41")
        );
    }

    /// The callbacks figure says whose it is, at 80 columns in both languages and both
    /// roles: the pool's and the user's own for an agent (the queue's default view), all of
    /// the store's for a supervisor (the today board's figure); the name stays whole.
    #[test]
    fn the_callbacks_figure_says_whose_it_counts() {
        for (all, sup, zh_says, en_says) in [
            // (The long Chinese labels no longer fit beside 救援待联系3(超时2).)
            (false, "", "池+我回访414", "pool+mine 414"),
            (true, "(主管)", "全部回访464", "all due 464"),
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let p = Parts {
                    sup: lang.t(sup, if all { "(sup)" } else { "" }).into(),
                    callbacks: if all { 464 } else { 414 },
                    callbacks_all: all,
                    rescues: (3, 2),
                    overdue: 12,
                    ..parts("陈静")
                };
                // 80 columns less ` ?帮助 ` / ` ? help `.
                let budget = lang.t("73", "72").parse().unwrap();
                let s = left(&p, lang, budget);
                assert!(width(&s) <= budget, "{s}");
                assert!(s.contains(lang.t(zh_says, en_says)), "{s}");
                assert!(
                    s.contains(&format!("陈静{}", p.sup)) && !s.contains('~'),
                    "{s}"
                );
            }
        }
    }

    #[test]
    fn a_long_name_is_cut_by_display_width_never_inside_a_han_character() {
        let name = "欧阳诺娃·买买提江阿依古丽";
        // At 80 columns the Chinese line keeps a name of 9 whole (the date goes: the
        // callbacks' label says whose they are).
        let nine = "欧阳诺娃·买买提江";
        let zh = left(&parts(nine), Lang::Zh, 73);
        assert!(zh.contains(&format!("{nine} 14:36")), "{zh}");
        for (lang, budget) in [
            (Lang::En, 72),
            (Lang::Zh, 73),
            (Lang::Zh, 66),
            (Lang::En, 71),
        ] {
            let s = left(&parts(name), lang, budget);
            assert!(width(&s) <= budget, "{s}");
            assert!(s.contains("欧阳诺娃"), "the name stays, cut: {s}");
            assert!(s.contains('~'), "the cut is marked: {s}");
            assert!(s.contains("14:36"), "{s}");
            // Every Han character shown is whole (a width-2 glyph never halved).
            let shown = s.split_whitespace().nth(1).unwrap();
            assert!(name.starts_with(shown.trim_end_matches('~')), "{s}");
        }
    }
}
