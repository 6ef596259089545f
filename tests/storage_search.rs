//! Storage integration tests: finding customers by name, pinyin, phone, plate, VIN and
//! date.

mod storage_fx;

use chrono::NaiveDate;
use frontdesk::domain::archive::{CustomerData, Energy};
use frontdesk::store::search::MatchKind;
use frontdesk::store::{Db, customers, search, vehicles};
use storage_fx::*;

// ---------------------------------------------------------------- 9. search

struct Fixture {
    _dir: tempfile::TempDir,
    db: Db,
    zhang: i64,
    zhang_car: i64,
    zhang_vin: String,
    zeng: i64,
    zeng_car: i64,
    shan: i64,
    li: i64,
}

fn search_fixture() -> Fixture {
    let (dir, _path, mut db) = new_db();
    let a = actor();
    let zhang = customers::create(&mut db, a, &customer("张三", Some("13812341234"))).unwrap();
    let zhang_vin = vin(1, 'N', 'A', 700_001);
    let zhang_car = vehicles::create(
        &mut db,
        a,
        zhang,
        &vehicle(&zhang_vin, Some("粤B12345"), Energy::Fuel),
    )
    .unwrap();
    let zeng = customers::create(&mut db, a, &customer("曾小贤", Some("13900001111"))).unwrap();
    let zeng_car = vehicles::create(
        &mut db,
        a,
        zeng,
        &vehicle(
            &vin(2, 'P', 'C', 800_002),
            Some("粤BD12345"),
            Energy::NewEnergy,
        ),
    )
    .unwrap();
    let shan = customers::create(&mut db, a, &customer("单田芳", Some("13700002222"))).unwrap();
    let li_data = CustomerData {
        birthday: NaiveDate::from_ymd_opt(1990, 3, 7),
        ..customer("李四", None)
    };
    let li = customers::create(&mut db, a, &li_data).unwrap();
    Fixture {
        _dir: dir,
        db,
        zhang,
        zhang_car,
        zhang_vin,
        zeng,
        zeng_car,
        shan,
        li,
    }
}

fn find(f: &Fixture, q: &str) -> Vec<search::Hit> {
    search::search(f.db.conn(), q, 20).unwrap_or_else(|e| panic!("search {q:?}: {e:?}"))
}

fn customers_found(f: &Fixture, q: &str) -> Vec<i64> {
    find(f, q).iter().map(|h| h.customer_id).collect()
}

#[test]
fn search_by_name_and_pinyin() {
    let f = search_fixture();
    assert_eq!(customers_found(&f, "zs"), [f.zhang], "initials");
    assert_eq!(customers_found(&f, "ZS"), [f.zhang], "initials, upper case");
    assert_eq!(customers_found(&f, "zhangsan"), [f.zhang], "full pinyin");
    assert_eq!(customers_found(&f, "zhang"), [f.zhang], "pinyin prefix");
    assert_eq!(
        customers_found(&f, "zxx"),
        [f.zeng],
        "曾 as a surname reads zeng"
    );
    assert_eq!(customers_found(&f, "zengxiaoxian"), [f.zeng]);
    // Every reading counts: 曾 is also ceng, 单 also dan (tests/search_pinyin.rs).
    assert_eq!(customers_found(&f, "cxx"), [f.zeng], "ceng too");
    assert_eq!(
        customers_found(&f, "stf"),
        [f.shan],
        "单 as a surname reads shan"
    );
    assert_eq!(customers_found(&f, "dtf"), [f.shan], "dan too");
    // Mixed: some syllables in full, others by their initial.
    assert_eq!(customers_found(&f, "zsan"), [f.zhang], "mixed");
    assert_eq!(customers_found(&f, "zhangs"), [f.zhang], "mixed");
    assert_eq!(
        customers_found(&f, "zengxx"),
        [f.zeng],
        "mixed, surname reading"
    );
    assert!(
        customers_found(&f, "zsn").is_empty(),
        "not a reading of 张三"
    );
    assert_eq!(customers_found(&f, "张"), [f.zhang], "汉字 prefix");
    assert_eq!(customers_found(&f, "张三"), [f.zhang]);
    let hit = &find(&f, "zs")[0];
    assert_eq!(hit.name, "张三");
    assert_eq!(hit.matched, MatchKind::Pinyin);
    assert_eq!(hit.vehicles, 1);
}

#[test]
fn mixed_pinyin_finds_a_name_among_many_with_the_same_initials() {
    let (_dir, _path, mut db) = new_db();
    let a = actor();
    let store = db.store_id().to_string();
    // 600 people with initials zj (周杰, 赵娟, ...) and one 张军 added last.
    db.write(|tx| {
        for i in 0..600 {
            let name = ["周杰", "赵娟", "朱佳", "郑晶"][i % 4];
            customers::insert_in(tx, &store, a, &customer(name, None))?;
        }
        Ok(())
    })
    .unwrap();
    let zhang = customers::create(&mut db, a, &customer("张军", None)).unwrap();
    let found: Vec<i64> = search::search(db.conn(), "zjun", 20)
        .unwrap()
        .iter()
        .map(|h| h.customer_id)
        .collect();
    assert_eq!(found, [zhang]);
    let found = search::search(db.conn(), "zhangj", 20).unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn search_by_phone() {
    let f = search_fixture();
    let last4 = find(&f, "1234");
    assert!(!last4.is_empty());
    assert_eq!(
        last4[0].customer_id, f.zhang,
        "the phone match ranks first: {last4:?}"
    );
    assert_eq!(last4[0].matched, MatchKind::Mobile);
    assert_eq!(
        customers_found(&f, "13812341234"),
        [f.zhang],
        "whole number"
    );
    assert_eq!(
        customers_found(&f, "138 1234 1234"),
        [f.zhang],
        "with spaces"
    );
    assert_eq!(customers_found(&f, "138123"), [f.zhang], "prefix");
    assert_eq!(customers_found(&f, "1111")[0], f.zeng);
}

#[test]
fn search_by_plate_and_vin() {
    let f = search_fixture();
    for q in ["粤B12345", "b12345", "B123", "12345", "粤b123", "粤B·12345"] {
        let hits = find(&f, q);
        assert!(
            hits.iter().any(|h| h.customer_id == f.zhang
                && h.vehicle_id == Some(f.zhang_car)
                && h.plate.as_deref() == Some("粤B12345")),
            "{q:?} should find 张三's car: {hits:?}"
        );
    }
    for q in ["粤B12345", "b12345", "B123", "粤b123"] {
        assert_eq!(
            customers_found(&f, q),
            [f.zhang],
            "{q:?} must not find the BD plate"
        );
    }
    let d = find(&f, "D12345");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].customer_id, d[0].vehicle_id),
        (f.zeng, Some(f.zeng_car))
    );
    assert_eq!(d[0].plate.as_deref(), Some("粤BD12345"));
    assert_eq!(customers_found(&f, "粤BD12345"), [f.zeng]);
    assert_eq!(
        customers_found(&f, "12345").len(),
        2,
        "both plates contain 12345"
    );

    let piece = &f.zhang_vin[10..17];
    let hits = find(&f, piece);
    assert_eq!(hits.len(), 1, "{piece}: {hits:?}");
    assert_eq!(hits[0].vehicle_id, Some(f.zhang_car));
    assert_eq!(hits[0].vin.as_deref(), Some(f.zhang_vin.as_str()));
    let piece4 = &f.zhang_vin[12..16];
    assert!(
        find(&f, &piece4.to_lowercase())
            .iter()
            .any(|h| h.vehicle_id == Some(f.zhang_car))
    );
    let whole = find(&f, &f.zhang_vin.to_lowercase());
    assert_eq!(whole[0].vehicle_id, Some(f.zhang_car));
    assert_eq!(whole[0].matched, MatchKind::Vin);
}

#[test]
fn search_by_date_nothing_recent_and_limit() {
    let f = search_fixture();
    let by_birthday = find(&f, "1990-03-07");
    assert_eq!(by_birthday.len(), 1, "{by_birthday:?}");
    assert_eq!(by_birthday[0].customer_id, f.li);
    assert_eq!(by_birthday[0].matched, MatchKind::Date);

    for q in ["xyzq", "王", "99999999", "1990-03-08"] {
        assert!(find(&f, q).is_empty(), "{q:?} should match nothing");
    }

    let recent = find(&f, "");
    let ids: Vec<i64> = recent.iter().map(|h| h.customer_id).collect();
    assert_eq!(ids, [f.li, f.shan, f.zeng, f.zhang], "newest first");
    assert!(recent.iter().all(|h| h.matched == MatchKind::Recent));
    assert_eq!(find(&f, "   ").len(), 4, "blank is the empty query");

    assert_eq!(search::search(f.db.conn(), "", 2).unwrap().len(), 2);
    assert_eq!(search::search(f.db.conn(), "12345", 1).unwrap().len(), 1);
    assert!(search::search(f.db.conn(), "", 0).unwrap().is_empty());
}

#[test]
fn the_count_under_a_full_list_is_the_rows_the_search_would_list() {
    // Customers who match by phone and again by their cars' plates, several cars each, so
    // the search leaves out a customer's cars when it lists the customer.
    let (_dir, _path, mut db) = new_db();
    let a = actor();
    for i in 0..40u32 {
        let name = ["张三", "张珊", "章三丰", "李四"][i as usize % 4];
        let id = customers::create(&mut db, a, &customer(name, Some(&format!("1381234{i:04}"))))
            .unwrap();
        for k in 0..=(i % 3) {
            let plate = format!("粤B{:04}{k}", 1230 + i);
            let v = vehicle(
                &vin(1, 'N', 'A', 100_000 + i * 10 + k),
                Some(&plate),
                Energy::Fuel,
            );
            vehicles::create(&mut db, a, id, &v).unwrap();
        }
    }
    let conn = db.conn();
    let mut cut = 0;
    for q in [
        "", "1", "138", "1381234", "0012", "1234", "B123", "b1231", "123", "zs", "zhang", "zsan",
        "张", "张三", "粤B1235", "LSV", "xyzq",
    ] {
        for limit in [0, 1, 3, 10, 50, 1000] {
            let listed = search::search(conn, q, limit).unwrap().len();
            assert_eq!(
                search::count(conn, q, limit).unwrap(),
                listed,
                "{q:?}, {limit}"
            );
            cut += usize::from(listed == limit && limit > 0);
        }
    }
    // Some lists stop at their limit, others end before it.
    assert!(cut > 10, "{cut}");
    assert_eq!(search::count(conn, "1381234", 1000).unwrap(), 40);
    assert_eq!(search::count(conn, "xyzq", 1000).unwrap(), 0);
}
