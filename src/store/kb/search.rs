//! Finding articles as the agent types: each query word must start one of an article's
//! terms (`domain::kb::terms`: word suffixes in characters and pinyin). The longest word
//! reads one indexed range of `kb_terms` (by kind when one is asked for), the others are
//! checked in the article's own terms (its primary key). All the matches are ranked in SQL
//! and only the best `limit` are read whole, so the best answer is never left out.

use super::{COLUMNS, KbRow, row_of};
use crate::domain::kb::{KbKind, kind_named, query_words};
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

/// The order of search results in SQL, `kb_articles a` the article: by kind, the newest
/// warranty policy year first, then shorter (closer) titles; as `search` sorts its rows.
fn order_sql() -> String {
    let mut kinds = KbKind::ALL;
    kinds.sort();
    let rank: String = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| format!(" WHEN '{}' THEN {i}", k.code()))
        .collect();
    // The year field as Rust reads it (`str::parse::<i32>`, else 0): an optional sign and
    // digits, within an i32.
    let y = "trim(coalesce(json_extract(a.fields, '$.year'), ''))";
    let digits =
        format!("(CASE WHEN substr({y}, 1, 1) IN ('+', '-') THEN substr({y}, 2) ELSE {y} END)");
    let year = format!(
        "(CASE WHEN {digits} <> '' AND {digits} NOT GLOB '*[^0-9]*'
              AND CAST({y} AS INTEGER) BETWEEN -2147483648 AND 2147483647
              THEN CAST({y} AS INTEGER) ELSE 0 END)"
    );
    format!("CASE a.kind{rank} END, {year} DESC, length(a.title), a.title, a.id")
}

/// The ids of the best `limit` (parameter ?`last`) of all the articles `ids_sql` finds, by
/// `order_sql`: SQLite's sorter keeps no more than that many, and the matching ids are
/// collected once (no article read whole); not the first `limit` the term index reads.
fn ranked_sql(words: usize, kind: bool, last: usize) -> String {
    format!(
        "SELECT a.id FROM kb_articles a WHERE a.id IN ({})
         ORDER BY {} LIMIT ?{last}",
        ids_sql(words, kind),
        order_sql()
    )
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

/// The query a search runs: `q`, or, when `q` finds nothing, names a kind by itself
/// (`domain::kb::kind_named`) and no kind is chosen, that kind's articles.
fn effective(conn: &Connection, q: &KbQuery) -> Result<Option<KbQuery>, StoreError> {
    let Some(kind) = q.kind.is_none().then(|| kind_named(&q.text)).flatten() else {
        return Ok(None);
    };
    if count_of(conn, q)? > 0 {
        return Ok(None);
    }
    Ok(Some(KbQuery {
        text: String::new(),
        kind: Some(kind),
        ..q.clone()
    }))
}

/// How many articles `search` finds without its limit.
pub fn count(conn: &Connection, q: &KbQuery) -> Result<usize, StoreError> {
    match effective(conn, q)? {
        Some(by_kind) => count_of(conn, &by_kind),
        None => count_of(conn, q),
    }
}

fn count_of(conn: &Connection, q: &KbQuery) -> Result<usize, StoreError> {
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
    match effective(conn, q)? {
        Some(by_kind) => search_of(conn, &by_kind),
        None => search_of(conn, q),
    }
}

fn search_of(conn: &Connection, q: &KbQuery) -> Result<Vec<KbRow>, StoreError> {
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
             WHERE {LISTED} ORDER BY {} LIMIT ?{last}",
            order_sql()
        );
        let mut st = conn.prepare_cached(&sql)?;
        st.query_map(&p[..], row_of)?
            .collect::<Result<Vec<_>, _>>()?
    } else {
        let ids: Vec<i64> = conn
            .prepare_cached(&ranked_sql(words.len(), q.kind.is_some(), last))?
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranking reads the matches from the term index, and the articles by their key.
    #[test]
    fn the_ranked_search_reads_the_term_index_and_the_articles_by_key() {
        for (kind, index) in [(true, "kb_terms_kind_term"), (false, "kb_terms_term")] {
            let plan = crate::store::query_plan(
                &ranked_sql(2, kind, 8),
                rusqlite::params!["2026-11-23", 1, "policy", "a", "b", "c", "d", 5],
            );
            let all = plan.join(" | ");
            assert!(
                all.contains(&format!("USING COVERING INDEX {index}")),
                "{all}"
            );
            assert!(!all.contains("SCAN"), "{all}");
        }
    }
}
