use super::*;
use crate::domain::validate::{
    normalize_id_number, normalize_landline, normalize_mobile, normalize_plate, normalize_vin,
    vin_check_digit,
};
use chrono::Days;
use std::collections::HashSet;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn generate(seed: u64, n: usize) -> Vec<DemoCustomer> {
    let mut g = DemoGenerator::new(seed, today());
    (0..n).map(|i| g.next_customer(i)).collect()
}

/// 20,000 customers, generated once for all the property tests.
fn sample() -> &'static [DemoCustomer] {
    static SAMPLE: std::sync::OnceLock<Vec<DemoCustomer>> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| generate(7, 20_000))
}

fn vehicles(customers: &[DemoCustomer]) -> impl Iterator<Item = &DemoVehicle> {
    customers.iter().flat_map(|c| &c.vehicles)
}

#[test]
fn tables_parse_completely() {
    let t = Tables::get();
    assert_eq!(t.regions.len(), REGIONS.lines().count());
    assert_eq!(t.models.len(), MODELS.lines().count());
    assert_eq!(t.surnames.len(), 107);
    assert!(t.surnames.contains(&"区") && t.surnames.contains(&"欧阳"));
    assert_eq!(t.mobile_prefixes.len(), 29);
    assert_eq!(t.colors.len(), 10);
    assert_eq!(t.notes.len(), 5);
    for list in [&t.roads, &t.estates, &t.mobile_prefixes, &t.colors] {
        assert!(!list.is_empty());
    }
    // Repair-order items are drawn with a 16-slot partial shuffle.
    assert!(
        t.items
            .iter()
            .all(|pool| !pool.is_empty() && pool.len() <= 16)
    );
    for r in &t.regions {
        assert!(!r.districts.is_empty());
        assert_eq!(r.id_code.len(), 6);
        assert!(
            normalize_plate(&format!("{}12345", r.plate)).is_ok(),
            "{}",
            r.plate
        );
        assert!(normalize_landline(&format!("{}-2345678", r.area_code)).is_ok());
    }
    for m in &t.models {
        assert_eq!(m.wmi.len(), 3);
        assert!(m.price_k.0 <= m.price_k.1 && m.weight > 0);
        assert!(m.nev.iter().all(|c| matches!(c, 'D' | 'F')));
    }
    assert_eq!(YEAR_CODES[(2015 - 1980) % 30], b'F');
    assert_eq!(YEAR_CODES[(2018 - 1980) % 30], b'J');
    assert_eq!(YEAR_CODES[(2024 - 1980) % 30], b'R');
    assert_eq!(YEAR_CODES[(2026 - 1980) % 30], b'T');
}

#[test]
fn deterministic_per_seed() {
    let a = generate(42, 50);
    assert_eq!(a, generate(42, 50));
    assert_ne!(a, generate(43, 50));
    let names = |cs: &[DemoCustomer]| {
        cs.iter()
            .map(|c| c.customer.name.clone())
            .collect::<Vec<_>>()
    };
    assert_ne!(names(&a), names(&generate(43, 50)));
}

#[test]
fn vins_valid_and_unique() {
    let cs = sample();
    let mut seen = HashSet::new();
    for v in vehicles(cs).map(|v| &v.vehicle) {
        assert_eq!(
            normalize_vin(&v.vin),
            Ok((v.vin.clone(), true)),
            "{}",
            v.vin
        );
        assert!(v.vin_check_ok);
        assert!(seen.insert(v.vin.clone()), "duplicate VIN {}", v.vin);
        let year = v.purchase_date.unwrap().year();
        assert_eq!(
            v.vin.as_bytes()[9],
            YEAR_CODES[(year - 1980) as usize % 30],
            "{}",
            v.vin
        );
        let m = Tables::get()
            .models
            .iter()
            .find(|m| m.model == v.model)
            .unwrap();
        assert!(v.vin.starts_with(m.wmi) && v.brand == m.brand);
        assert_eq!(vin_check_digit(&v.vin), v.vin.chars().nth(8));
    }
    assert!(seen.len() > 22_000);
}

#[test]
fn plates_valid_unique_and_local() {
    let cs = sample();
    let mut seen = HashSet::new();
    let (mut nev, mut unregistered) = (0, 0);
    for c in cs {
        let region = Tables::get()
            .regions
            .iter()
            .find(|r| format!("{}{}", r.province, r.city) == c.customer.region)
            .unwrap();
        for v in c.vehicles.iter().map(|v| &v.vehicle) {
            let Some(plate) = &v.plate else {
                unregistered += 1;
                assert!(v.purchase_date.unwrap() > today() - Days::new(3));
                continue;
            };
            assert_eq!(normalize_plate(plate).as_deref(), Ok(plate.as_str()));
            assert!(seen.insert(plate.clone()), "duplicate plate {plate}");
            assert!(
                plate.starts_with(region.plate),
                "{plate} in {}",
                c.customer.region
            );
            let chars: Vec<char> = plate.chars().collect();
            match v.energy {
                Energy::NewEnergy => {
                    nev += 1;
                    assert_eq!(chars.len(), 8, "{plate}");
                    assert!(matches!(chars[2], 'D' | 'F'), "{plate}");
                }
                Energy::Fuel => assert_eq!(chars.len(), 7, "{plate}"),
            }
            assert!(!plate.contains(['I', 'O']));
        }
    }
    assert!(nev > 1_000, "{nev} new-energy plates");
    assert!(unregistered > 0);
}

#[test]
fn phones_and_ids_valid_and_unique() {
    let cs = sample();
    let mut mobiles = HashSet::new();
    let (mut landlines, mut ids) = (0, 0);
    for c in cs.iter().map(|c| &c.customer) {
        let m = c.mobile.as_deref().unwrap();
        assert_eq!(normalize_mobile(m).as_deref(), Ok(m));
        assert!(mobiles.insert(m.to_string()), "duplicate mobile {m}");
        if let Some(l) = &c.landline {
            landlines += 1;
            assert_eq!(normalize_landline(l).as_deref(), Ok(l.as_str()));
        }
        if let Some(id) = &c.id_number {
            ids += 1;
            assert_eq!(normalize_id_number(id).as_deref(), Ok(id.as_str()));
            let b = c.birthday.unwrap();
            assert_eq!(&id[6..14], b.format("%Y%m%d").to_string());
            let male = (id.as_bytes()[16] - b'0') % 2 == 1;
            assert_eq!(male, c.gender == Some(Gender::Male));
        }
    }
    assert!(landlines > 1_000 && ids > 1_000, "{landlines} {ids}");
}

#[test]
fn customers_look_real() {
    let cs = sample();
    let t = Tables::get();
    let (mut two, mut three, mut vip, mut no_birthday) = (0, 0, 0, 0);
    for c in cs {
        let cu = &c.customer;
        let n = cu.name.chars().count();
        assert!((2..=4).contains(&n), "{}", cu.name);
        assert!(t.surnames.iter().any(|s| cu.name.starts_with(s)));
        assert!(!cu.address.is_empty() && !cu.region.is_empty());
        match c.vehicles.len() {
            1 => {}
            2 => two += 1,
            3 => three += 1,
            n => panic!("{n} vehicles"),
        }
        vip += usize::from(cu.vip);
        let first = c
            .vehicles
            .iter()
            .filter_map(|v| v.vehicle.purchase_date)
            .min()
            .unwrap();
        match cu.birthday {
            Some(b) => {
                assert!(b <= today() && b.year() >= 1900);
                assert!((1955..=2004).contains(&b.year()), "{b}");
                assert!(b.year() <= first.year() - 18, "{b} bought {first}");
            }
            None => no_birthday += 1,
        }
    }
    let share = |n: usize| n as f64 / cs.len() as f64;
    assert!((0.09..0.15).contains(&share(two)), "{two}");
    assert!((0.01..0.03).contains(&share(three)), "{three}");
    assert!((0.015..0.05).contains(&share(vip)), "{vip}");
    assert!((0.05..0.15).contains(&share(no_birthday)));
}

#[test]
fn vehicles_and_sales_files_consistent() {
    let cs = sample();
    let today = today();
    let (mut total, mut sold_here, mut secondary, mut recent) = (0, 0, 0, 0);
    for dv in vehicles(cs) {
        total += 1;
        let v = &dv.vehicle;
        let p = v.purchase_date.unwrap();
        assert!(p <= today && p >= today - Days::new(3651));
        recent += usize::from(p > today - Days::new(14));
        let km = v.mileage_km.unwrap();
        let years = (today - p).num_days() as f64 / 365.0;
        assert!(f64::from(km) <= 60.0 + years * 25_000.0 && f64::from(km) >= years * 8_000.0 - 1.0);
        assert!(v.insurance_due.unwrap() >= today && v.insurance_due.unwrap() > p);
        assert_eq!(
            (
                v.insurance_due.unwrap().month(),
                v.insurance_due.unwrap().day() <= p.day()
            ),
            (p.month(), true)
        );
        assert!(v.inspection_due.unwrap() >= today);
        assert!(v.maintenance_due.unwrap() > p);
        let Some(s) = &dv.sales else { continue };
        sold_here += 1;
        assert_eq!(s.delivery_date, p);
        assert!(s.invoice_date <= p && s.invoice_date >= p - Days::new(3));
        let keys: Vec<&str> = s.documents.keys().map(String::as_str).collect();
        let mut want: Vec<&str> = SALES_DOCUMENTS.iter().map(|d| d.0).collect();
        want.sort_unstable();
        assert_eq!(keys, want);
        match s.documents_received {
            Some(r) => assert!(r >= p && r <= p + Days::new(4) && r <= today),
            None => assert!(p > today - Days::new(5) && s.documents.values().all(|&b| !b)),
        }
        assert!(SALESPEOPLE.contains(&s.salesperson.as_str()));
        assert!(s.price_yuan >= 60_000 && s.price_yuan <= 451_000);
        match s.channel {
            SalesChannel::Direct => assert_eq!(s.dealer, STORE_NAME),
            SalesChannel::Secondary => {
                secondary += 1;
                assert!(SECONDARY_DEALERS.contains(&s.dealer.as_str()));
            }
        }
    }
    let share = |n: usize, of: usize| n as f64 / of as f64;
    assert!((0.82..0.88).contains(&share(sold_here, total)));
    assert!((0.12..0.18).contains(&share(secondary, sold_here)));
    assert!(recent > 100, "{recent} delivered in the last two weeks");
}

#[test]
fn repair_orders_plausible_and_unique() {
    let cs = sample();
    let today = today();
    let mut numbers = HashSet::new();
    let (mut orders, mut accidents, mut open) = (0, 0, 0);
    for dv in vehicles(cs) {
        let v = &dv.vehicle;
        let p = v.purchase_date.unwrap();
        let mut last_km = 0;
        let mut last_date = p;
        for r in &dv.repairs {
            orders += 1;
            assert!(r.opened > p && r.opened <= today, "{} {p}", r.opened);
            assert!(r.opened >= last_date);
            last_date = r.opened;
            match r.closed {
                Some(c) => assert!(c >= r.opened && c <= today && c <= r.opened + Days::new(6)),
                None => {
                    open += 1;
                    assert!(r.opened > today - Days::new(7));
                }
            }
            assert!(
                numbers.insert(r.ro_number.clone()),
                "duplicate {}",
                r.ro_number
            );
            assert!(
                r.ro_number
                    .starts_with(&format!("RO{}", r.opened.format("%Y%m%d")))
            );
            assert_eq!(r.ro_number.len(), 14, "{}", r.ro_number);
            assert!(ADVISORS.contains(&r.advisor.as_str()));
            assert!((1..=4).contains(&r.items.len()), "{:?}", r.items);
            let distinct: HashSet<_> = r.items.iter().collect();
            assert_eq!(distinct.len(), r.items.len());
            assert!(r.mileage_km >= last_km && r.mileage_km <= v.mileage_km.unwrap());
            last_km = r.mileage_km;
            assert_eq!(r.accident, r.kind == RepairKind::Accident);
            accidents += usize::from(r.accident);
            let yuan = r.amount_fen / 100;
            match r.kind {
                RepairKind::Maintenance => assert!((200..=1500).contains(&yuan)),
                RepairKind::Repair => assert!((300..=6000).contains(&yuan)),
                RepairKind::Warranty => assert_eq!(r.amount_fen, 0),
                RepairKind::Accident => assert!((800..=32_000).contains(&yuan)),
            }
        }
        if let Some(last) = dv
            .repairs
            .iter()
            .rev()
            .find(|r| r.kind == RepairKind::Maintenance)
        {
            assert_eq!(v.maintenance_due, Some(add_months(last.opened, 6)));
        }
    }
    let share = accidents as f64 / orders as f64;
    assert!((0.03..0.08).contains(&share), "accident share {share}");
    assert!(orders > 60_000 && open > 0, "{orders} orders, {open} open");
}

#[test]
fn odd_todays_do_not_panic() {
    let days = [
        NaiveDate::MIN,
        NaiveDate::MAX,
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2016, 2, 29).unwrap(),
        NaiveDate::from_ymd_opt(2100, 12, 31).unwrap(),
    ];
    for today in days {
        let mut g = DemoGenerator::new(1, today);
        for i in [0, 1, 2, usize::MAX] {
            let c = g.next_customer(i);
            assert!(c.customer.birthday.is_none_or(|b| b <= today));
            for v in &c.vehicles {
                assert!(v.repairs.iter().all(|r| r.opened <= today));
            }
        }
    }
}

#[test]
fn helpers() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(
        next_anniversary(d(2024, 2, 29), d(2026, 11, 22)),
        d(2027, 2, 28)
    );
    assert_eq!(
        next_anniversary(d(2026, 11, 22), d(2026, 11, 22)),
        d(2027, 11, 22)
    );
    assert_eq!(
        next_anniversary(d(2020, 12, 1), d(2026, 11, 22)),
        d(2026, 12, 1)
    );
    assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
    let mut seen = HashSet::new();
    for n in 0..PLATE_SPACE {
        assert!(seen.insert(scramble(n, 12_345, PLATE_SPACE)));
    }
    assert!(seen.iter().all(|&v| v < PLATE_SPACE));
}
