//! The More tab's bar of pages, fitted to the width it has: every page's name when they
//! fit; else the arrows' words shortened and the gaps dropped; else a window of the names
//! around the current page, with `…` where names are left out, so the page one is on is
//! always named (English at 80 columns in a rental store holds seven pages).

use crate::text::width;

/// One piece of the bar: text, and whether it is the current page's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// The hint before the names (" ← → page: ").
    Lead(String),
    /// A page's name, padded (" Events "); true for the current page.
    Name(String, bool),
    /// The gap after a name.
    Gap,
    /// Names left out on this side.
    More,
}

impl Piece {
    fn cells(&self) -> usize {
        match self {
            Piece::Lead(s) | Piece::Name(s, _) => width(s),
            Piece::Gap | Piece::More => 1,
        }
    }
}

/// The bar for `titles` with `current` (an index into them) in `w` cells: `lead` the
/// arrows' hint, `short` its shortened form.
pub fn fit(lead: &str, short: &str, titles: &[String], current: usize, w: usize) -> Vec<Piece> {
    let name = |i: usize| Piece::Name(format!(" {} ", titles[i]), i == current);
    let cells = |p: &[Piece]| p.iter().map(Piece::cells).sum::<usize>();
    // Every name, with gaps.
    let mut full = vec![Piece::Lead(lead.to_string())];
    for i in 0..titles.len() {
        full.push(name(i));
        full.push(Piece::Gap);
    }
    // The last gap may fall off the edge.
    if cells(&full) <= w + 1 {
        return full;
    }
    // Every name, no gaps, the hint shortened.
    let mut tight = vec![Piece::Lead(short.to_string())];
    tight.extend((0..titles.len()).map(name));
    if cells(&tight) <= w {
        return tight;
    }
    // A window of names around the current one: grown to the right, then the left, while
    // it fits with a `…` on each side where names are left out.
    let current = current.min(titles.len().saturating_sub(1));
    let (mut from, mut to) = (current, current + 1);
    let window = |from: usize, to: usize| {
        let mut p = vec![Piece::Lead(short.to_string())];
        if from > 0 {
            p.push(Piece::More);
        }
        p.extend((from..to).map(name));
        if to < titles.len() {
            p.push(Piece::More);
        }
        p
    };
    loop {
        let grown = if to < titles.len() && cells(&window(from, to + 1)) <= w {
            to += 1;
            true
        } else if from > 0 && cells(&window(from - 1, to)) <= w {
            from -= 1;
            true
        } else {
            false
        };
        if !grown {
            return window(from, to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn text(p: &[Piece]) -> String {
        p.iter()
            .map(|p| match p {
                Piece::Lead(s) | Piece::Name(s, _) => s.as_str(),
                Piece::Gap => " ",
                Piece::More => "…",
            })
            .collect()
    }

    const EN: [&str; 7] = [
        "Improvements",
        "Knowledge",
        "Hand-over",
        "Rentals",
        "Settings",
        "Quality",
        "Events",
    ];

    #[test]
    fn names_that_fit_are_all_shown_with_gaps() {
        let t = titles(&["整改", "知识库", "交接", "租赁", "设置", "质检", "活动"]);
        let bar = fit(" ← → 换页：", " ←→", &t, 6, 80);
        assert_eq!(
            text(&bar),
            " ← → 换页： 整改   知识库   交接   租赁   设置   质检   活动  "
        );
        assert!(bar.contains(&Piece::Name(" 活动 ".into(), true)));
    }

    #[test]
    fn seven_english_pages_fit_80_columns_without_the_gaps() {
        let t = titles(&EN);
        for (current, here) in EN.iter().enumerate() {
            let bar = fit(" ← → page: ", " ←→", &t, current, 78);
            let s = text(&bar);
            assert!(width(&s) <= 78, "{s}");
            for name in EN {
                assert!(s.contains(name), "{name} missing: {s}");
            }
            let named = format!(" {here} ");
            assert!(bar.contains(&Piece::Name(named, true)), "{s}");
        }
    }

    #[test]
    fn a_narrow_bar_shows_a_window_around_the_current_page() {
        let t = titles(&EN);
        for (current, here) in EN.iter().enumerate() {
            let bar = fit(" ← → page: ", " ←→", &t, current, 40);
            let s = text(&bar);
            assert!(width(&s) <= 40, "{s}");
            let named = format!(" {here} ");
            assert!(bar.contains(&Piece::Name(named, true)), "{current}: {s}");
            // Left-out names are marked on their side.
            assert_eq!(
                s.starts_with(" ←→…"),
                current > 0 && !s.contains("Improvements")
            );
            assert_eq!(s.ends_with('…'), !s.contains("Events"), "{s}");
        }
        // The first page: the window starts at it and goes right.
        assert_eq!(
            text(&fit(" ← → page: ", " ←→", &t, 0, 40)),
            " ←→ Improvements  Knowledge  Hand-over …"
        );
    }
}
