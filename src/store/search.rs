//! Finding a customer in a few keystrokes: by name (汉字), pinyin (full or initials), phone
//! (whole, prefix or last 4), plate (any part, any case, with or without the province),
//! VIN (any 4+ characters) or date. Every branch is an indexed lookup with a limit, so a
//! keystroke costs the same on 100 customers as on 100,000.

use super::{StoreError, prefix_end};
use crate::domain::validate::{Field, parse_date, to_half_width};
use rusqlite::{Connection, params};

/// What matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    Mobile,
    Plate,
    Vin,
    Name,
    Pinyin,
    Date,
    Recent,
}

/// One row of search results: a customer, with the vehicle that matched (or their first).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub customer_id: i64,
    pub vehicle_id: Option<i64>,
    pub name: String,
    pub mobile: Option<String>,
    pub plate: Option<String>,
    pub vin: Option<String>,
    pub car: String,
    pub vehicles: i64,
    pub matched: MatchKind,
}

/// Candidates: (customer, vehicle, kind, rank within kind).
type Cand = (i64, Option<i64>, MatchKind, u8);

fn collect(
    conn: &Connection,
    sql: &str,
    p: &[&dyn rusqlite::ToSql],
    kind: MatchKind,
    rank: u8,
    out: &mut Vec<Cand>,
) -> Result<(), StoreError> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(p, |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
    })?;
    for row in rows {
        let (c, v) = row?;
        out.push((c, v, kind, rank));
    }
    Ok(())
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Normalises what was typed: half-width, trimmed, no inner spaces or plate dots, latin
/// letters upper-cased (plates and VINs are upper case; pinyin keys are compared lower).
pub fn normalize_query(q: &str) -> String {
    to_half_width(q)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '・' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Searches; `limit` bounds the rows returned.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
    let picked = pick(candidates(conn, query, limit)?, limit);
    hits(conn, picked)
}

/// How many rows `search` would return with `limit` as its limit, without reading what
/// each row shows (the count under a list that stops at its limit).
pub fn count(conn: &Connection, query: &str, limit: usize) -> Result<usize, StoreError> {
    Ok(pick(candidates(conn, query, limit)?, limit).len())
}

/// What each branch of the search found, at most `limit` of each.
fn candidates(conn: &Connection, query: &str, limit: usize) -> Result<Vec<Cand>, StoreError> {
    let raw = query.trim();
    let q = normalize_query(raw);
    let lim = limit as i64;
    let mut cands: Vec<Cand> = Vec::new();
    if q.is_empty() {
        collect(
            conn,
            "SELECT id, NULL FROM customers ORDER BY id DESC LIMIT ?1",
            &[&lim],
            MatchKind::Recent,
            0,
            &mut cands,
        )?;
        return Ok(cands);
    }
    let looks_like_date = raw.len() >= 8
        && raw.chars().next().is_some_and(|c| c == '1' || c == '2')
        && (raw.chars().any(|c| matches!(c, '-' | '/' | '.' | '年')) || raw.len() == 8);
    if looks_like_date && let Ok(d) = parse_date(raw, Field::Date) {
        let d = d.format("%Y-%m-%d").to_string();
        let by_date: [(&str, MatchKind); 4] = [
            ("SELECT id, NULL FROM customers WHERE birthday = ?1 LIMIT ?2", MatchKind::Date),
            ("SELECT customer_id, id FROM vehicles WHERE purchase_date = ?1 LIMIT ?2", MatchKind::Date),
            (
                "SELECT v.customer_id, v.id FROM sales_files s JOIN vehicles v ON v.id = s.vehicle_id
                 WHERE s.delivery_date = ?1 LIMIT ?2",
                MatchKind::Date,
            ),
            (
                "SELECT v.customer_id, v.id FROM repair_orders o JOIN vehicles v ON v.id = o.vehicle_id
                 WHERE o.opened = ?1 LIMIT ?2",
                MatchKind::Date,
            ),
        ];
        for (i, (sql, kind)) in by_date.iter().enumerate() {
            collect(conn, sql, &[&d, &lim], *kind, i as u8, &mut cands)?;
        }
        // `19900307` may also be the start of a phone number; a date with separators may not.
        if !raw.chars().all(|c| c.is_ascii_digit()) {
            return Ok(cands);
        }
    }

    let digits = q.chars().all(|c| c.is_ascii_digit());
    let alnum = q.chars().all(|c| c.is_ascii_alphanumeric());
    let letters = q.chars().all(|c| c.is_ascii_alphabetic());
    let first_han = q.chars().next().is_some_and(is_han);
    let rest_alnum = q.chars().skip(1).all(|c| c.is_ascii_alphanumeric());

    if digits {
        if q.len() == 11 {
            collect(
                conn,
                "SELECT id, NULL FROM customers WHERE mobile = ?1 LIMIT ?2",
                &[&q, &lim],
                MatchKind::Mobile,
                0,
                &mut cands,
            )?;
        }
        if q.len() == 4 {
            collect(
                conn,
                "SELECT id, NULL FROM customers WHERE substr(mobile, 8, 4) = ?1 LIMIT ?2",
                &[&q, &lim],
                MatchKind::Mobile,
                1,
                &mut cands,
            )?;
        }
        if q.len() >= 3 && q.len() < 11 {
            let end = prefix_end(&q);
            collect(
                conn,
                "SELECT id, NULL FROM customers WHERE mobile >= ?1 AND mobile < ?2 LIMIT ?3",
                &[&q, &end, &lim],
                MatchKind::Mobile,
                2,
                &mut cands,
            )?;
        }
    }
    if alnum {
        // Plates without the province character, VINs: prefix first, then any part.
        let end = prefix_end(&q);
        collect(
            conn,
            "SELECT customer_id, id FROM vehicles WHERE plate_key >= ?1 AND plate_key < ?2 LIMIT ?3",
            &[&q, &end, &lim],
            MatchKind::Plate,
            if q.len() >= 6 { 0 } else { 3 },
            &mut cands,
        )?;
        if q.len() >= 3 {
            let fts = format!("{{plate_key}} : \"{q}\"");
            collect(
                conn,
                "SELECT v.customer_id, v.id FROM vehicles_fts f JOIN vehicles v ON v.id = f.rowid
                           WHERE vehicles_fts MATCH ?1 LIMIT ?2",
                &[&fts, &lim],
                MatchKind::Plate,
                4,
                &mut cands,
            )?;
        }
        if q.len() >= 4 {
            let fts = format!("{{vin}} : \"{q}\"");
            collect(
                conn,
                "SELECT v.customer_id, v.id FROM vehicles_fts f JOIN vehicles v ON v.id = f.rowid
                           WHERE vehicles_fts MATCH ?1 LIMIT ?2",
                &[&fts, &lim],
                MatchKind::Vin,
                if q.len() == 17 { 0 } else { 5 },
                &mut cands,
            )?;
        }
    }
    if letters {
        // Pinyin: every key a name is found under (each reading, ü as v and u), by the
        // start of its initials or of its full pinyin.
        let lower = q.to_ascii_lowercase();
        let end = prefix_end(&lower);
        collect(
            conn,
            "SELECT DISTINCT customer_id, NULL FROM customer_name_keys
             WHERE initials >= ?1 AND initials < ?2 LIMIT ?3",
            &[&lower, &end, &lim],
            MatchKind::Pinyin,
            if lower.len() <= 4 { 0 } else { 2 },
            &mut cands,
        )?;
        collect(
            conn,
            "SELECT DISTINCT customer_id, NULL FROM customer_name_keys
             WHERE pinyin >= ?1 AND pinyin < ?2 LIMIT ?3",
            &[&lower, &end, &lim],
            MatchKind::Pinyin,
            1,
            &mut cands,
        )?;
        if lower.len() >= 3 {
            mixed_pinyin(conn, &lower, limit, &mut cands)?;
        }
    }
    if first_han {
        if rest_alnum && q.chars().count() >= 2 {
            let end = prefix_end(&q);
            collect(
                conn,
                "SELECT customer_id, id FROM vehicles WHERE plate >= ?1 AND plate < ?2 LIMIT ?3",
                &[&q, &end, &lim],
                MatchKind::Plate,
                0,
                &mut cands,
            )?;
        }
        let name = raw.split_whitespace().collect::<String>();
        let end = prefix_end(&name);
        collect(
            conn,
            "SELECT id, NULL FROM customers WHERE name >= ?1 AND name < ?2 LIMIT ?3",
            &[&name, &end, &lim],
            MatchKind::Name,
            0,
            &mut cands,
        )?;
    }
    Ok(cands)
}

/// Mixed pinyin (`zsan`, `zhangs`, `lubyu`): the keys under each place the query could
/// start (two initials, an indexed range read in customer order, and the start of the
/// key's full pinyin, checked in the same covering index); a key whose full pinyin does
/// not hold the query's letters in order cannot match and is passed over, the others'
/// names are checked by `ib-matcher` ([`NameMatcher`]). Stops at `limit` names found or
/// 5,000 keys read.
fn mixed_pinyin(
    conn: &Connection,
    q: &str,
    limit: usize,
    out: &mut Vec<Cand>,
) -> Result<(), StoreError> {
    use crate::domain::pinyin::{NameMatcher, mixed_cuts};
    const READ_AT_MOST: usize = 5000;
    let mut st = conn.prepare_cached(
        "SELECT customer_id, pinyin FROM customer_name_keys
         WHERE initials >= ?1 AND initials < ?2 AND pinyin >= ?3 AND pinyin < ?4",
    )?;
    let mut name_of = conn.prepare_cached("SELECT name FROM customers WHERE id = ?1")?;
    let matcher = NameMatcher::new(q);
    let letters_in_order = |key: &str| {
        let mut k = key.bytes();
        q.bytes().all(|c| k.any(|x| x == c))
    };
    let mut seen = std::collections::HashSet::new();
    let mut found = 0;
    let mut read = 0;
    'cuts: for (initials, first) in mixed_cuts(q) {
        let rows = st.query_map(
            params![initials, prefix_end(&initials), first, prefix_end(&first)],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
        for row in rows {
            let (id, key) = row?;
            read += 1;
            if letters_in_order(&key) && seen.insert(id) {
                let name: String = name_of.query_row([id], |r| r.get(0))?;
                if matcher.is_match(&name) {
                    out.push((id, None, MatchKind::Pinyin, 2));
                    found += 1;
                    if found >= limit {
                        break 'cuts;
                    }
                }
            }
            if read >= READ_AT_MOST {
                break 'cuts;
            }
        }
    }
    Ok(())
}

/// Orders and de-duplicates the candidates: best first, a customer once when matched by
/// name or phone (not again per car), at most `limit` of them.
fn pick(mut cands: Vec<Cand>, limit: usize) -> Vec<Cand> {
    cands.sort_by_key(|&(_, _, kind, rank)| (rank, kind));
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Cand> = Vec::new();
    for (cid, vid, kind, rank) in cands {
        if out.len() >= limit {
            break;
        }
        if !seen.insert((cid, vid)) || (vid.is_some() && seen.contains(&(cid, None))) {
            continue;
        }
        // A customer matched by name or phone: don't also list them per vehicle.
        if vid.is_none() && out.iter().any(|c| c.0 == cid) {
            continue;
        }
        out.push((cid, vid, kind, rank));
    }
    out
}

/// Reads what each picked row shows.
fn hits(conn: &Connection, picked: Vec<Cand>) -> Result<Vec<Hit>, StoreError> {
    let mut out = Vec::with_capacity(picked.len());
    let mut cust = conn.prepare_cached(
        "SELECT name, mobile, (SELECT count(*) FROM vehicles WHERE customer_id = c.id)
         FROM customers c WHERE id = ?1",
    )?;
    let mut veh = conn.prepare_cached(
        "SELECT id, plate, vin, brand || ' ' || model FROM vehicles
         WHERE id = coalesce(?2, (SELECT min(id) FROM vehicles WHERE customer_id = ?1))",
    )?;
    for (cid, vid, kind, _) in picked {
        let (name, mobile, vehicles): (String, Option<String>, i64) =
            cust.query_row([cid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let v: Option<(i64, Option<String>, String, String)> = veh
            .query_row(params![cid, vid], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .ok();
        out.push(Hit {
            customer_id: cid,
            vehicle_id: v.as_ref().map(|v| v.0),
            name,
            mobile,
            plate: v.as_ref().and_then(|v| v.1.clone()),
            vin: v.as_ref().map(|v| v.2.clone()),
            car: v.map(|v| v.3).unwrap_or_default(),
            vehicles,
            matched: kind,
        });
    }
    Ok(out)
}
