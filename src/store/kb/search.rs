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

/// Articles in service, of the kind asked for (?3, or any), inside their validity days
/// (?1 today) unless ?2 is 0.
const LISTED: &str = "a.retired = 0 AND (?3 IS NULL OR a.kind = ?3)
    AND (?2 = 0 OR ((a.valid_from IS NULL OR a.valid_from <= ?1)
                    AND (a.valid_to IS NULL OR a.valid_to >= ?1)))";

/// The query words, the longest (the most selective: it drives the read) first, with the
/// ends of their prefix ranges.
fn words_of(q: &KbQuery) -> (Vec<String>, Vec<String>) {
    let mut words = query_words(&q.text);
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let ends = words.iter().map(|w| prefix_end(w)).collect();
    (words, ends)
}

/// The ids of the articles matching `words` (at least one): each word starts one of an
/// article's terms. Parameters: ?1–?3 as in `LISTED`, then each word and its end.
fn ids_sql(words: usize, kind: bool) -> String {
    // `t.kind = ?3` when a kind is asked for, so the (kind, term) index is read.
    let mut sql = format!(
        "SELECT DISTINCT t.article_id FROM kb_terms t JOIN kb_articles a ON a.id = t.article_id
         WHERE {} t.term >= ?4 AND t.term < ?5 AND {LISTED}",
        if kind {
            "t.kind = ?3 AND"
        } else {
            "?3 IS NULL AND"
        }
    );
    for i in 1..words {
        let (a, b) = (4 + 2 * i, 5 + 2 * i);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM kb_terms u WHERE u.article_id = t.article_id
               AND u.term >= ?{a} AND u.term < ?{b})"
        ));
    }
    sql
}

/// The parameters of `LISTED` and `ids_sql`.
fn params_of<'a>(
    today: &'a dyn ToSql,
    q: &'a KbQuery,
    kind: &'a Option<&'static str>,
    words: &'a [String],
    ends: &'a [String],
) -> Vec<&'a dyn ToSql> {
    let mut p: Vec<&dyn ToSql> = vec![today, &q.current_only, kind];
    for (w, e) in words.iter().zip(ends) {
        p.push(w);
        p.push(e);
    }
    p
}

/// How many articles `search` finds without its limit.
pub fn count(conn: &Connection, q: &KbQuery) -> Result<usize, StoreError> {
    let (words, ends) = words_of(q);
    let today = q.today.format("%Y-%m-%d").to_string();
    let kind = q.kind.map(|k| k.code());
    let sql = if words.is_empty() {
        format!("SELECT count(*) FROM kb_articles a WHERE {LISTED}")
    } else {
        format!(
            "SELECT count(*) FROM ({})",
            ids_sql(words.len(), q.kind.is_some())
        )
    };
    let p = params_of(&today, q, &kind, &words, &ends);
    let n: i64 = conn.prepare_cached(&sql)?.query_row(&p[..], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The articles in service matching the query, by kind and title. An empty query lists
/// them (of the kind, if one is asked for); at most `q.limit` of them (`count` says how
/// many there are).
pub fn search(conn: &Connection, q: &KbQuery) -> Result<Vec<KbRow>, StoreError> {
    let (words, ends) = words_of(q);
    let today = q.today.format("%Y-%m-%d").to_string();
    let kind = q.kind.map(|k| k.code());
    let lim = q.limit as i64;
    let mut p = params_of(&today, q, &kind, &words, &ends);
    // The limit is the last parameter.
    p.push(&lim);
    let last = p.len();
    let mut rows = if words.is_empty() {
        let sql = format!(
            "SELECT {COLUMNS} FROM kb_articles a LEFT JOIN agents g ON g.id = a.updated_by
             WHERE {LISTED} ORDER BY a.kind, a.title LIMIT ?{last}"
        );
        let mut st = conn.prepare_cached(&sql)?;
        st.query_map(&p[..], row_of)?
            .collect::<Result<Vec<_>, _>>()?
    } else {
        let sql = format!("{} LIMIT ?{last}", ids_sql(words.len(), q.kind.is_some()));
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
