//! Search alone, per keystroke, without drawing: for comparing the search's speed between
//! two builds on the same store (the whole-app `bench` adds the redraw, whose noise on a
//! shared machine hides the search's own cost).
//!
//!     cargo run --release --example bench_search -- DB [ROUNDS] [QUERY...]
//!
//! For each query (the same kinds `bench` types: plate, pinyin initials, full and mixed
//! pinyin, the commonest initials, a miss, a name, phone digits, a VIN piece, a date), every
//! prefix is searched ROUNDS times (default 30); prints per query the median over its keys
//! of each key's median time, and the slowest key's median.
//!
//! Then the same for what the Customers tab runs per key (`tab`): the 50 rows listed and,
//! when the list stops there, how many match (up to 1,000), counted with `search::count`;
//! beside it the way it was counted before (`search` again with a limit of 1,000, reading
//! every row it shows), in the same run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Rows the Customers tab lists, and up to how many it counts when the list is full
/// (`ui::customers::run`).
const LISTED: usize = 50;
const COUNTED: usize = 1000;

/// One key on the Customers tab: the list, and its total when the list is full, counted
/// without reading the rows (`count`) or, as before, by a second search (`!count`).
fn tab_key(conn: &rusqlite::Connection, typed: &str, count: bool) -> anyhow::Result<usize> {
    let e = |e| anyhow::anyhow!("{e:?}");
    let hits = frontdesk::store::search::search(conn, typed, LISTED).map_err(e)?;
    if hits.len() < LISTED {
        return Ok(hits.len());
    }
    if frontdesk::store::search::normalize_query(typed).is_empty() {
        return Ok(frontdesk::store::customers::count(conn).map_err(e)? as usize);
    }
    Ok(if count {
        frontdesk::store::search::count(conn, typed, COUNTED).map_err(e)?
    } else {
        frontdesk::store::search::search(conn, typed, COUNTED)
            .map_err(e)?
            .len()
    })
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/big.sqlite3".into()));
    let rounds: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(30);
    let conn =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let (plate, initials, pinyin, name, mobile, vin, birthday): (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    ) = conn.query_row(
        "SELECT v.plate, c.name_initials, c.name_pinyin, c.name, c.mobile, v.vin, c.birthday
             FROM customers c JOIN vehicles v ON v.customer_id = c.id
             WHERE c.birthday IS NOT NULL AND v.plate IS NOT NULL
             ORDER BY c.id LIMIT 1 OFFSET 4321",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    )?;
    let syl = frontdesk::domain::pinyin::syllables(&name);
    let mixed = format!("{}{}", &initials[..1], syl[1..].concat());
    let plate_tail: String = plate.chars().skip(1).collect();
    let given: Vec<String> = args.collect();
    let mut queries = vec![
        plate_tail.to_lowercase(),
        initials,
        pinyin,
        mixed,
        "ljun".to_string(),
        "ljzq".to_string(),
        name,
        mobile[7..].to_string(),
        vin[9..].to_string(),
        birthday,
    ];
    if !given.is_empty() {
        queries = given;
    }
    println!("store: {}, {rounds} rounds per key", path.display());
    let mut all = Vec::new();
    for q in &queries {
        let mut per_key = Vec::new();
        let mut hits = 0;
        let chars: Vec<char> = q.chars().collect();
        for k in 1..=chars.len() {
            let typed: String = chars[..k].iter().collect();
            let mut times = Vec::with_capacity(rounds);
            for _ in 0..rounds {
                let t = Instant::now();
                hits = frontdesk::store::search::search(&conn, &typed, 20)
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?
                    .len();
                times.push(t.elapsed());
            }
            let m = median(&mut times);
            if std::env::var_os("BENCH_KEYS").is_some() {
                println!("    {typed:<20} {:7.3} ms", m.as_secs_f64() * 1000.0);
            }
            per_key.push(m);
        }
        let slowest = per_key.iter().max().copied().unwrap_or_default();
        all.extend(per_key.iter().copied());
        let mid = median(&mut per_key);
        println!(
            "  {q:<20} -> {hits:>3} rows, key median {:7.3} ms, slowest key {:7.3} ms",
            mid.as_secs_f64() * 1000.0,
            slowest.as_secs_f64() * 1000.0
        );
    }
    println!(
        "all keys: median {:.3} ms",
        median(&mut all).as_secs_f64() * 1000.0
    );
    println!("tab (list of {LISTED} and its total): counted now | as before");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (mut now_all, mut before_all) = (Vec::new(), Vec::new());
    for q in &queries {
        let (mut now, mut before) = (Vec::new(), Vec::new());
        let mut total = 0;
        let chars: Vec<char> = q.chars().collect();
        for k in 1..=chars.len() {
            let typed: String = chars[..k].iter().collect();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                let t = Instant::now();
                total = tab_key(&conn, &typed, true)?;
                a.push(t.elapsed());
                let t = Instant::now();
                let old = tab_key(&conn, &typed, false)?;
                b.push(t.elapsed());
                anyhow::ensure!(old == total, "{typed}: counted {total}, before {old}");
            }
            now.push(median(&mut a));
            before.push(median(&mut b));
        }
        let slow = |v: &[Duration]| ms(v.iter().max().copied().unwrap_or_default());
        println!(
            "  {q:<20} -> {total:>4} in all, key median {:7.3} | {:7.3} ms, slowest key {:7.3} | {:7.3} ms",
            ms(median(&mut now.clone())),
            ms(median(&mut before.clone())),
            slow(&now),
            slow(&before)
        );
        now_all.extend(now);
        before_all.extend(before);
    }
    println!(
        "tab, all keys: median {:.3} | {:.3} ms, slowest {:.3} | {:.3} ms",
        ms(median(&mut now_all)),
        ms(median(&mut before_all)),
        ms(now_all.last().copied().unwrap_or_default()),
        ms(before_all.last().copied().unwrap_or_default()),
    );
    Ok(())
}
