//! The archive's timeline (联络时间线) reads a customer's calls, bookings, callbacks worked
//! and complaints, newest first, at most the number asked, each matching its own table.

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::store::timeline::{self, Contact};
use frontdesk::store::{Actor, Db};

#[test]
fn a_customers_timeline_has_every_kind_newest_first_and_matches_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("demo.sqlite3")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    frontdesk::demo::fill(
        &mut db,
        actor,
        chrono_tz::Asia::Shanghai,
        today,
        300,
        3,
        |_| {},
    )
    .unwrap();
    let conn = db.conn();
    // A customer with a complaint, a booking and a callback tried: the busiest such.
    let customer: i64 = conn
        .query_row(
            "SELECT c.customer_id FROM complaints c
             WHERE c.customer_id IN (SELECT customer_id FROM appointments)
               AND c.customer_id IN (SELECT customer_id FROM callback_tasks
                                     WHERE last_attempt_at IS NOT NULL)
             GROUP BY c.customer_id ORDER BY count(*) DESC, c.customer_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the demo has a customer with every kind");
    let all = timeline::for_customer(conn, customer, 1000).unwrap();
    let count = |sql: &str| -> usize {
        conn.query_row(sql, [customer], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    };
    let of = |f: fn(&Contact) -> bool| all.iter().filter(|c| f(c)).count();
    assert_eq!(
        of(|c| matches!(c, Contact::Call(_))),
        count("SELECT count(*) FROM calls WHERE customer_id = ?1")
    );
    assert_eq!(
        of(|c| matches!(c, Contact::Booking { .. })),
        count("SELECT count(*) FROM appointments WHERE customer_id = ?1")
    );
    assert_eq!(
        of(|c| matches!(c, Contact::Callback { .. })),
        count(
            "SELECT count(*) FROM callback_tasks WHERE customer_id = ?1
             AND last_attempt_at IS NOT NULL"
        )
    );
    assert_eq!(
        of(|c| matches!(c, Contact::Complaint { .. })),
        count("SELECT count(*) FROM complaints WHERE customer_id = ?1")
    );
    assert!(all.windows(2).all(|w| w[0].at() >= w[1].at()), "{all:?}");
    // Cut at the limit: the newest of them all.
    let three = timeline::for_customer(conn, customer, 3).unwrap();
    assert_eq!(three, all[..3.min(all.len())].to_vec());
    // A customer with no contact has an empty timeline.
    let quiet: i64 = conn
        .query_row("SELECT max(id) + 1 FROM customers", [], |r| r.get(0))
        .unwrap();
    assert!(timeline::for_customer(conn, quiet, 8).unwrap().is_empty());
}
