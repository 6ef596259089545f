//! A deterministic synthetic store for demos, screenshots and load tests: customers with
//! realistic Chinese names, phones and regions, their vehicles (valid VINs and plates), sales
//! files and repair histories. Pure generation; nothing here touches the database.
//!
//! The same seed, `today` and sequence of calls always give the same data. Mobiles, plates,
//! VINs and repair-order numbers are unique over a run: mobiles for indexes below 100 million,
//! plates for the first 340,000 vehicles, VINs for the first million.

use crate::domain::archive::{
    CustomerData, Energy, Gender, RepairKind, RepairOrderData, SALES_DOCUMENTS, SalesChannel,
    SalesFileData, VehicleData,
};
use crate::domain::validate::{id_check_char, with_check_digit};
use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashMap};

/// Service advisors (服务顾问).
pub mod kb;
mod tables;
use tables::*;
pub use tables::{ADVISORS, SALESPEOPLE, STORE_NAME};

/// A vehicle with its sales file (None when bought elsewhere) and repair history.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoVehicle {
    pub vehicle: VehicleData,
    pub sales: Option<SalesFileData>,
    pub repairs: Vec<RepairOrderData>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoCustomer {
    pub customer: CustomerData,
    pub vehicles: Vec<DemoVehicle>,
}

/// Cumulative weights for weighted picks.
/// Generates customers one by one from a seeded ChaCha8 stream.
pub struct DemoGenerator {
    rng: ChaCha8Rng,
    today: NaiveDate,
    t: &'static Tables,
    /// Vehicles made so far: feeds plate and VIN serials.
    vehicles: u64,
    /// Repair orders per opening date, for the RO number's daily counter.
    ro_per_day: HashMap<NaiveDate, u32>,
    mobile_offset: u64,
    plate_offset: u64,
    serial_offset: u64,
    /// Model weights per purchase year, from `first_year`.
    models_by_year: Vec<Weighted>,
    first_year: i32,
}

impl DemoGenerator {
    pub fn new(seed: u64, today: NaiveDate) -> Self {
        let t = Tables::get();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let first_year = today.year() - 11;
        let models_by_year = (first_year..=today.year())
            .map(|y| {
                Weighted::new(t.models.iter().map(|m| {
                    match (y < m.from_year, m.nev.is_empty()) {
                        (true, _) => 0,
                        (false, true) => m.weight,
                        // New energy grows year by year.
                        (false, false) => m.weight * (2 + (y - 2020).clamp(0, 10) as u32) / 2,
                    }
                }))
            })
            .collect();
        DemoGenerator {
            mobile_offset: rng.random_range(0..MOBILE_SPACE),
            plate_offset: rng.random_range(0..PLATE_SPACE),
            serial_offset: rng.random_range(0..VIN_SERIAL_SPACE),
            rng,
            today,
            t,
            vehicles: 0,
            ro_per_day: HashMap::new(),
            models_by_year,
            first_year,
        }
    }

    /// A random element of a non-empty table.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    /// `a` with probability `p`, else `b`.
    fn either<T>(&mut self, p: f64, a: T, b: T) -> T {
        if self.chance(p) { a } else { b }
    }

    fn weighted<T: Copy>(&mut self, items: &[T], weights: &Weighted) -> T {
        let i = weights.pick(&mut self.rng);
        items[i.min(items.len().saturating_sub(1))]
    }

    /// The `index`-th customer (call with 0, 1, 2, ... in order). Deterministic for the seed,
    /// `today` and the sequence of calls.
    pub fn next_customer(&mut self, index: usize) -> DemoCustomer {
        let t = self.t;
        let region = &t.regions[t.region_w.pick(&mut self.rng).min(t.regions.len() - 1)];
        let count = match self.rng.random_range(0..100) {
            0..2 => 3,
            2..14 => 2,
            _ => 1,
        };
        let vehicles: Vec<DemoVehicle> = (0..count).map(|_| self.vehicle(region)).collect();
        let first_purchase = vehicles
            .iter()
            .filter_map(|v| v.vehicle.purchase_date)
            .min()
            .unwrap_or(self.today);
        let gender = self.either(0.62, Gender::Male, Gender::Female);
        let name = self.name(gender);
        let birthday = self.birthday(first_purchase).filter(|_| self.chance(0.9));
        let prefix = self.pick(&t.mobile_prefixes);
        let suffix = scramble(index as u64, self.mobile_offset, MOBILE_SPACE);
        let mobile = format!("{prefix}{suffix:08}");
        let landline = self.chance(0.12).then(|| {
            let n = self.rng.random_range(2_000_000..10_000_000);
            match region.area_code.len() {
                3 => format!("{}-{}{n:07}", region.area_code, self.rng.random_range(2..9)),
                _ => format!("{}-{n}", region.area_code),
            }
        });
        let id_number = match birthday {
            Some(b) if self.chance(0.25) => Some(self.id_number(region.id_code, b, gender)),
            _ => None,
        };
        let district = self.pick(&region.districts);
        let road = self.pick(&t.roads);
        let no = self.rng.random_range(1..400);
        let mut address = format!("{district}{road}{no}号");
        if self.chance(0.6) {
            let estate = self.pick(&t.estates);
            let (b, r) = (
                self.rng.random_range(1..30),
                self.rng.random_range(101..3300),
            );
            address.push_str(&format!("{estate}{b}栋{r}室"));
        }
        let vip = self.chance(0.02 + 0.05 * (count - 1) as f64);
        let note = self.pick(&t.notes);
        let notes = self.either(0.05, note, "").to_string();
        let customer = CustomerData {
            name,
            gender: Some(gender),
            birthday,
            mobile: Some(mobile),
            landline,
            id_number,
            region: format!("{}{}", region.province, region.city),
            address,
            vip,
            notes,
        };
        DemoCustomer { customer, vehicles }
    }

    fn name(&mut self, gender: Gender) -> String {
        let t = self.t;
        let surname = self.weighted(&t.surnames, &t.surname_w);
        let chars = match gender {
            Gender::Male => &t.male_chars,
            Gender::Female => &t.female_chars,
        };
        let mut name = String::with_capacity(12);
        name.push_str(surname);
        let two = self.rng.random_bool(0.72);
        for _ in 0..(1 + usize::from(two)) {
            name.push(self.pick(chars));
        }
        name
    }

    /// Born 1955–2004, and at least 18 at the first purchase.
    fn birthday(&mut self, first_purchase: NaiveDate) -> Option<NaiveDate> {
        let last_year = (first_purchase.year() - 18).min(2004);
        let first = NaiveDate::from_ymd_opt(1955.min(last_year), 1, 1)?;
        let last = NaiveDate::from_ymd_opt(last_year, 12, 31)?.min(self.today);
        let span = days_between(first, last).max(0);
        Some(add_days(first, self.rng.random_range(0..=span)))
    }

    /// A synthetic resident ID with a valid check character (odd sequence for men).
    fn id_number(&mut self, code: &str, birthday: NaiveDate, gender: Gender) -> String {
        let seq = self.rng.random_range(0..500) * 2 + u32::from(gender == Gender::Male);
        let (y, m, d) = (birthday.year(), birthday.month(), birthday.day());
        let mut id = format!("{code}{y:04}{m:02}{d:02}{seq:03}");
        id.push(id_check_char(&id).unwrap_or('0'));
        id
    }

    fn vehicle(&mut self, region: &Region) -> DemoVehicle {
        let (t, today) = (self.t, self.today);
        // Ten years, recent ones more common (linearly falling density); about 2 % delivered
        // in the last two weeks (7DC work).
        let age = if self.chance(0.01) {
            self.rng.random_range(0..14)
        } else {
            ((1.0 - self.rng.random::<f64>().sqrt()) * 3650.0) as i64
        };
        let purchase = add_days(today, -age);
        let year_idx = (purchase.year() - self.first_year).clamp(0, 11) as usize;
        let model_idx = match self.models_by_year.get(year_idx) {
            Some(w) => w.pick(&mut self.rng),
            None => 0,
        };
        let m = &t.models[model_idx.min(t.models.len() - 1)];
        let serial = self.vehicles;
        self.vehicles += 1;
        let nev = (!m.nev.is_empty()).then(|| self.pick(&m.nev));
        let vin = self.vin(m.wmi, purchase.year(), serial);
        let registered = age >= 3 || self.chance(0.5);
        let plate = registered.then(|| self.plate(region.plate, nev, serial));
        let color = self.weighted(&t.colors, &t.color_w);
        let km_per_day = self.rng.random_range(8_000.0..25_000.0) / 365.0;
        let delivery_km = self.rng.random_range(3..60);
        let km_at = |d: NaiveDate| {
            delivery_km + (days_between(purchase, d).max(0) as f64 * km_per_day) as u32
        };
        let repairs = self.repairs(purchase, nev, km_at);
        let last_service = repairs
            .iter()
            .rev()
            .find(|r| r.kind == RepairKind::Maintenance)
            .map_or(purchase, |r| r.opened);
        let inspection_due = [add_months(purchase, 72), add_months(purchase, 120)]
            .into_iter()
            .find(|&d| d >= today)
            .unwrap_or_else(|| next_anniversary(purchase, today));
        let sales = self.chance(0.85).then(|| self.sales_file(purchase, m));
        let vehicle = VehicleData {
            vin,
            vin_check_ok: true,
            plate,
            brand: m.brand.to_string(),
            model: m.model.to_string(),
            color: color.to_string(),
            energy: nev.map_or(Energy::Fuel, |_| Energy::NewEnergy),
            purchase_date: Some(purchase),
            mileage_km: Some(km_at(today)),
            insurance_due: Some(next_anniversary(purchase, today)),
            inspection_due: Some(inspection_due),
            maintenance_due: Some(add_months(last_service, 6)),
        };
        DemoVehicle {
            vehicle,
            sales,
            repairs,
        }
    }

    /// WMI + random VDS + check digit + model-year code + plant + unique 6-digit serial.
    fn vin(&mut self, wmi: &str, year: i32, serial: u64) -> String {
        let mut raw = String::with_capacity(17);
        raw.push_str(wmi);
        for _ in 0..5 {
            raw.push(char::from(self.pick(VIN_CHARS)));
        }
        raw.push('0');
        raw.push(char::from(
            YEAR_CODES[(year - 1980).rem_euclid(30) as usize],
        ));
        raw.push(char::from(self.pick(VIN_CHARS)));
        let serial = scramble(serial, self.serial_offset, VIN_SERIAL_SPACE);
        raw.push_str(&format!("{serial:06}"));
        with_check_digit(&raw).unwrap_or(raw)
    }

    /// Local plate for the region: 7 characters, or 8 for new energy (D/F after the letter).
    fn plate(&mut self, prefix: &str, nev: Option<char>, serial: u64) -> String {
        let t = scramble(serial, self.plate_offset, PLATE_SPACE);
        let head = char::from(PLATE_CHARS[(t / 10_000) as usize % PLATE_CHARS.len()]);
        let digits = t % 10_000;
        match nev {
            Some(df) => format!("{prefix}{df}{head}{digits:04}"),
            None => format!("{prefix}{head}{digits:04}"),
        }
    }

    fn sales_file(&mut self, delivery: NaiveDate, m: &ModelSpec) -> SalesFileData {
        let secondary = self.chance(0.15);
        let other = self.pick(SECONDARY_DEALERS);
        let dealer = if secondary { other } else { STORE_NAME };
        let (lo, hi) = m.price_k;
        let price_yuan = self.rng.random_range(lo..=hi) * 1000 + self.rng.random_range(0..10) * 100;
        let received = add_days(delivery, self.rng.random_range(0..=4));
        let documents_received = (received <= self.today).then_some(received);
        let mut documents = BTreeMap::new();
        for (key, _, _) in SALES_DOCUMENTS {
            let p = match *key {
                "residence_permit" => 0.3,
                "accessory_contract" => 0.75,
                "membership_form" => 0.85,
                _ => 0.97,
            };
            let have = documents_received.is_some() && self.chance(p);
            documents.insert((*key).to_string(), have);
        }
        SalesFileData {
            delivery_date: delivery,
            invoice_date: add_days(delivery, -self.rng.random_range(0..=3)),
            channel: [SalesChannel::Direct, SalesChannel::Secondary][usize::from(secondary)],
            dealer: dealer.to_string(),
            salesperson: self.pick(SALESPEOPLE).to_string(),
            price_yuan,
            documents,
            documents_received,
        }
    }

    /// Maintenance every 5–11 months until the customer churns (30 % do), plus occasional
    /// repairs, warranty work and accidents; sorted by date, mileage rising.
    fn repairs(
        &mut self,
        purchase: NaiveDate,
        nev: Option<char>,
        km_at: impl Fn(NaiveDate) -> u32,
    ) -> Vec<RepairOrderData> {
        let today = self.today;
        let age = days_between(purchase, today).max(0);
        let churn_day = self.rng.random_range(200..3000);
        let churn = self.either(0.3, churn_day, i64::MAX);
        let mut visits: Vec<(NaiveDate, RepairKind)> = Vec::new();
        let mut day = self.rng.random_range(60..200);
        while day <= age && day < churn {
            visits.push((add_days(purchase, day), RepairKind::Maintenance));
            day += self.rng.random_range(150..330);
        }
        let unplanned = (age as f64 / 365.0 * 0.4 + self.rng.random::<f64>()) as usize;
        for _ in 0..unplanned {
            let day = self.rng.random_range(1..=age.max(1));
            if day > age || day >= churn {
                continue;
            }
            let kind = if self.chance(0.25) {
                RepairKind::Accident
            } else if day < 3 * 365 && self.chance(0.5) {
                RepairKind::Warranty
            } else {
                RepairKind::Repair
            };
            visits.push((add_days(purchase, day), kind));
        }
        visits.sort_by_key(|v| v.0);
        let advisor = self.rng.random_range(0..ADVISORS.len());
        visits
            .into_iter()
            .map(|(opened, kind)| {
                let other = self.pick(ADVISORS);
                let advisor = self.either(0.75, ADVISORS[advisor], other);
                self.repair_order(opened, kind, nev, km_at(opened), advisor)
            })
            .collect()
    }

    fn repair_order(
        &mut self,
        opened: NaiveDate,
        kind: RepairKind,
        nev: Option<char>,
        mileage_km: u32,
        advisor: &str,
    ) -> RepairOrderData {
        let counter = self.ro_per_day.entry(opened).or_insert(0);
        *counter += 1;
        let n = *counter;
        let ro_number = format!("RO{}{n:04}", opened.format("%Y%m%d"));
        let electric = nev == Some('D');
        let t = self.t;
        // Fixed item, pool of further items, how many, days in the workshop, bill in yuan.
        let (fixed, pool, count, days, yuan): (_, &[&str], _, _, (i64, i64)) = match kind {
            RepairKind::Maintenance if electric => (None, &t.items[1], 1..=3, 0..=1, (200, 800)),
            RepairKind::Maintenance => (Some(OIL_CHANGE), &t.items[0], 0..=3, 0..=1, (400, 1500)),
            RepairKind::Repair => (None, &t.items[2], 1..=3, 0..=3, (300, 6000)),
            RepairKind::Warranty => (None, &t.items[3], 1..=2, 0..=3, (0, 0)),
            RepairKind::Accident => (None, &t.items[4], 1..=4, 1..=6, (800, 32_000)),
        };
        let mut items: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
        let n = self.rng.random_range(count.clone());
        // Distinct items: a partial shuffle of the pool's indexes.
        let mut idx: [usize; 16] = std::array::from_fn(|i| i);
        let len = pool.len().min(idx.len());
        for i in 0..n.min(len) {
            let j = self.rng.random_range(i..len);
            idx.swap(i, j);
            items.push(pool[idx[i]].to_string());
        }
        // The bill grows with the number of items: n of at most `max` items bill within the
        // n-th of `max` equal slices of the range.
        let (lo, hi) = yuan;
        let max = (usize::from(fixed.is_some()) + *count.end()).max(1) as f64;
        let u: f64 = self.rng.random();
        let share = ((items.len() as f64 - 1.0).max(0.0) + u) / max;
        // Most accidents are scrapes; a few are expensive.
        let share = if kind == RepairKind::Accident {
            share * share
        } else {
            share
        };
        let amount_yuan = lo + ((hi - lo) as f64 * share) as i64;
        let fen = if amount_yuan > 0 && self.chance(0.3) {
            50
        } else {
            0
        };
        let closed = add_days(opened, self.rng.random_range(days));
        RepairOrderData {
            ro_number,
            opened,
            closed: (closed <= self.today).then_some(closed),
            advisor: advisor.to_string(),
            kind,
            items,
            amount_fen: amount_yuan * 100 + fen,
            mileage_km,
            accident: kind == RepairKind::Accident,
        }
    }
}

#[cfg(test)]
mod tests;
