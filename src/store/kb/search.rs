//! Finding articles as the agent types: each query word must start one of an article's
//! terms (`domain::kb::terms`: word suffixes in characters and pinyin). The longest word
//! reads one indexed range of `kb_terms` (by kind when one is asked for), the others are
//! checked in the article's own terms (its primary key); reading stops at the limit, so a
//! keystroke costs about the same on 100 articles as on 100,000.

use super::{COLUMNS, KbRow, row_of};
use crate::domain::kb::{KbKind, query_words};
use crate::store::{StoreError, prefix_end};
use chrono::NaiveDate;
use rusqlite::{Connection, ToSql};

/// What to look for.
#[derive(Debug, Clone, PartialEq)]
pub struct KbQuery {
    pub text: String,
    pub kind: Option<KbKind>,
    /// The store-local day validity is checked against.
    pub today: NaiveDate,
    /// Leave out articles outside their validity days (suggestions: always).
    pub current_only: bool,
    pub limit: usize,
}

impl KbQuery {
    /// What a consultation template is offered: current articles of one kind.
    pub fn suggest(kind: KbKind, text: &str, today: NaiveDate, limit: usize) -> KbQuery {
        KbQuery {
            text: text.to_string(),
            kind: Some(kind),
            today,
            current_only: true,
            limit,
        }
    }
}

/// The articles in service matching the query, by kind and title. An empty query lists
/// them (of the kind, if one is asked for).
pub fn search(conn: &Connection, q: &KbQuery) -> Result<Vec<KbRow>, StoreError> {
    let mut words = query_words(&q.text);
    let today = q.today.format("%Y-%m-%d").to_string();
    let lim = q.limit as i64;
    let current = "(?2 = 0 OR ((a.valid_from IS NULL OR a.valid_from <= ?1)
                    AND (a.valid_to IS NULL OR a.valid_to >= ?1)))";
    let mut rows = if words.is_empty() {
        let sql = format!(
            "SELECT {COLUMNS} FROM kb_articles a LEFT JOIN agents g ON g.id = a.updated_by
             WHERE a.retired = 0 AND (?3 IS NULL OR a.kind = ?3) AND {current}
             ORDER BY a.kind, a.title LIMIT ?4"
        );
        let kind = q.kind.map(|k| k.code());
        let p: [&dyn ToSql; 4] = [&today, &q.current_only, &kind, &lim];
        let mut st = conn.prepare_cached(&sql)?;
        st.query_map(&p[..], row_of)?
            .collect::<Result<Vec<_>, _>>()?
    } else {
        // The longest word is the most selective: it drives the read.
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let ends: Vec<String> = words.iter().map(|w| prefix_end(w)).collect();
        let mut sql =
            format!(
            "SELECT DISTINCT t.article_id FROM kb_terms t JOIN kb_articles a ON a.id = t.article_id
             WHERE {} t.term >= ?4 AND t.term < ?5 AND a.retired = 0 AND {current}",
            if q.kind.is_some() { "t.kind = ?3 AND" } else { "?3 IS NULL AND" }
        );
        for i in 1..words.len() {
            let (a, b) = (5 + 2 * i, 6 + 2 * i);
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM kb_terms u WHERE u.article_id = t.article_id
                   AND u.term >= ?{a} AND u.term < ?{b})"
            ));
        }
        sql.push_str(" LIMIT ?6");
        let kind = q.kind.map(|k| k.code());
        let mut p: Vec<&dyn ToSql> =
            vec![&today, &q.current_only, &kind, &words[0], &ends[0], &lim];
        for i in 1..words.len() {
            p.push(&words[i]);
            p.push(&ends[i]);
        }
        let ids: Vec<i64> = conn
            .prepare_cached(&sql)?
            .query_map(&p[..], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut one = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM kb_articles a LEFT JOIN agents g ON g.id = a.updated_by
             WHERE a.id = ?1"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(one.query_row([id], row_of)?);
        }
        out
    };
    // By kind; the newest warranty policy year first; then shorter (closer) titles.
    let year = |r: &KbRow| std::cmp::Reverse(r.article.get("year").parse::<i32>().unwrap_or(0));
    rows.sort_by(|a, b| {
        (a.article.kind, year(a), a.title.chars().count(), &a.title).cmp(&(
            b.article.kind,
            year(b),
            b.title.chars().count(),
            &b.title,
        ))
    });
    Ok(rows)
}
