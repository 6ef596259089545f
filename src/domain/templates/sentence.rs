//! A template's sentence: text with `{key}` placeholders and `[…]` optional clauses. A
//! clause holds the words that only make sense with its value (`[行驶了{mileage},]`); when
//! a placeholder directly inside it is left empty the whole clause is left out, nested
//! clauses with it. A placeholder outside every clause must be a required field (the
//! template parser checks it), so a saved sentence never keeps a placeholder.

/// A piece of a sentence: literal text, a `{key}` placeholder, or a clause's bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seg<'a> {
    Lit(&'a str),
    Key(&'a str),
    /// `[`: an optional clause begins.
    Open,
    /// `]`: it ends.
    Close,
}

impl<'a> Seg<'a> {
    pub(super) fn key(self) -> Option<&'a str> {
        if let Seg::Key(k) = self {
            Some(k)
        } else {
            None
        }
    }
}

pub(super) fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

/// Splits a sentence into text, `{key}` placeholders and `[` `]` clause brackets (which
/// must pair up).
pub(super) fn segments(s: &str) -> Result<Vec<Seg<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut depth = 0usize;
    while let Some(i) = rest.find(['{', '}', '[', ']']) {
        if i > 0 {
            out.push(Seg::Lit(&rest[..i]));
        }
        let c = rest[i..].chars().next().unwrap_or('{');
        let after = &rest[i + 1..];
        match c {
            '}' => return Err("`}` without a matching `{`".into()),
            '[' => {
                depth += 1;
                out.push(Seg::Open);
                rest = after;
            }
            ']' => {
                depth = depth.checked_sub(1).ok_or("`]` without a matching `[`")?;
                out.push(Seg::Close);
                rest = after;
            }
            _ => {
                let end = after.find('}').ok_or("`{` without a closing `}`")?;
                let key = &after[..end];
                if !valid_key(key) {
                    return Err(format!(
                        "bad placeholder `{{{key}}}`: use lower-case ascii, digits and `_`"
                    ));
                }
                out.push(Seg::Key(key));
                rest = &after[end + 1..];
            }
        }
    }
    if depth > 0 {
        return Err("`[` without a closing `]`".into());
    }
    if !rest.is_empty() {
        out.push(Seg::Lit(rest));
    }
    Ok(out)
}

/// The placeholders outside every clause, in order.
pub(super) fn bare_keys<'a>(segs: &[Seg<'a>]) -> Vec<&'a str> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for seg in segs {
        match seg {
            Seg::Open => depth += 1,
            Seg::Close => depth = depth.saturating_sub(1),
            Seg::Key(k) if depth == 0 => out.push(*k),
            _ => {}
        }
    }
    out
}

/// The sentence with each placeholder replaced by `piece(key)`; a clause with a placeholder
/// directly inside it for which `piece` gives None is left out whole.
pub(super) fn fill<'a>(
    segs: &[Seg<'a>],
    mut piece: impl FnMut(&'a str) -> Option<String>,
) -> String {
    // Each open clause: its text so far, and whether it is kept.
    let mut stack: Vec<(String, bool)> = vec![(String::new(), true)];
    for seg in segs {
        match *seg {
            Seg::Open => stack.push((String::new(), true)),
            Seg::Close if stack.len() > 1 => {
                if let Some((text, true)) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    top.0.push_str(&text);
                }
            }
            Seg::Close => {}
            Seg::Lit(s) => {
                if let Some(top) = stack.last_mut() {
                    top.0.push_str(s);
                }
            }
            Seg::Key(k) => {
                let value = piece(k);
                if let Some(top) = stack.last_mut() {
                    match value {
                        Some(v) => top.0.push_str(&v),
                        None => top.1 = false,
                    }
                }
            }
        }
    }
    // Balanced brackets leave the sentence itself; clauses never closed are dropped.
    stack.truncate(1);
    stack.pop().map(|(text, _)| text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(s: &str, filled: &[(&str, &str)]) -> String {
        let segs = segments(s).unwrap();
        fill(&segs, |k| {
            filled
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn clauses_are_kept_with_their_value_and_left_out_without_it() {
        let s = "{a}客户于{d}购车,[行驶了{m},]客户咨询";
        assert_eq!(
            render(
                s,
                &[("a", "广州"), ("d", "2026年3月5日"), ("m", "35000公里")]
            ),
            "广州客户于2026年3月5日购车,行驶了35000公里,客户咨询"
        );
        assert_eq!(
            render(s, &[("a", "广州"), ("d", "2026年3月5日")]),
            "广州客户于2026年3月5日购车,客户咨询"
        );
        // Nested: the outer clause needs {x}, the inner one {y} as well.
        let s = "A[ b{x}[ c{y}] d]";
        assert_eq!(render(s, &[("x", "1"), ("y", "2")]), "A b1 c2 d");
        assert_eq!(render(s, &[("x", "1")]), "A b1 d");
        assert_eq!(render(s, &[("y", "2")]), "A");
        assert_eq!(
            bare_keys(&segments("{a}[{b}[{c}]]{d}").unwrap()),
            ["a", "d"]
        );
    }

    #[test]
    fn brackets_must_pair_up() {
        assert!(segments("a[b").unwrap_err().contains("closing `]`"));
        assert!(segments("a]b").unwrap_err().contains("matching `[`"));
        assert!(segments("{a").unwrap_err().contains("closing `}`"));
        assert!(segments("a}").unwrap_err().contains("matching `{`"));
        assert!(segments("{A}").unwrap_err().contains("bad placeholder"));
        assert_eq!(
            segments("x[{k}]").unwrap(),
            [Seg::Lit("x"), Seg::Open, Seg::Key("k"), Seg::Close]
        );
    }
}
