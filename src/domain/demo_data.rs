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
use chrono::{Datelike, Days, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Service advisors (服务顾问).
pub const ADVISORS: &[&str] = &["陈志明", "李晓峰", "黄伟强", "林静", "张海燕", "刘建华"];
/// Sales consultants (销售顾问).
pub const SALESPEOPLE: &[&str] = &["何俊", "赵丽娜", "周杰", "吴敏", "郑浩然", "孙婷婷"];
/// The store itself, as the dealer of directly sold cars.
pub const STORE_NAME: &str = "深圳鹏城汽车销售服务有限公司";
const SECONDARY_DEALERS: &[&str] = &[
    "惠州华骏汽车销售服务有限公司",
    "东莞鸿运汽车销售服务有限公司",
    "惠州鹏达汽车销售服务有限公司",
    "河源通利汽车销售服务有限公司",
    "汕尾宏达汽车销售服务有限公司",
];

/// Common surnames with weights (roughly per ten thousand people), a few rare and compound.
const SURNAMES: &str = "王:710 李:700 张:640 刘:540 陈:520 杨:310 黄:260 赵:200 吴:200 周:190 \
    徐:170 孙:150 马:150 朱:130 胡:130 郭:120 何:120 高:110 林:130 罗:90 郑:90 梁:100 谢:80 \
    宋:70 唐:70 许:70 韩:70 冯:70 邓:70 曹:60 彭:60 曾:60 萧:50 田:50 董:50 潘:50 袁:50 蔡:50 \
    蒋:50 余:50 于:50 杜:50 叶:40 程:40 魏:40 苏:40 吕:40 丁:40 任:40 沈:40 姚:40 卢:40 姜:30 \
    崔:30 钟:30 谭:30 陆:30 汪:30 范:30 金:30 石:30 廖:30 贾:30 夏:30 韦:30 付:30 方:30 白:30 \
    邹:30 孟:30 熊:30 秦:30 邱:30 江:30 尹:30 薛:20 闫:20 段:20 雷:20 侯:20 龙:20 史:20 陶:20 \
    黎:20 贺:20 顾:20 毛:20 郝:20 龚:20 邵:20 万:20 钱:20 严:20 覃:20 武:20 戴:20 莫:20 孔:20 \
    向:20 汤:20 单:5 翟:5 解:5 区:5 仇:5 欧阳:4 司马:2";
const MALE_CHARS: &str =
    "伟强磊军勇杰涛明超华建国志俊浩宇鹏飞斌辉刚健文博轩晨睿泽子然嘉豪振海峰亮平宏毅鑫凯";
const FEMALE_CHARS: &str = "芳娜敏静丽艳娟霞秀英慧婷雪琳晶颖玲倩欣怡佳梦雨萱诗涵思悦彤蕾洁燕红梅兰";
const MOBILE_PREFIXES: &str = "139 138 137 136 135 150 151 152 158 159 182 183 187 188 130 131 \
    132 155 156 185 186 133 153 180 181 189 177 199 166";
/// Province, city, plate prefix, area code, ID region code, weight, districts. Weighted
/// toward the store's city (Shenzhen) and its neighbours; a few from other provinces.
const REGIONS: &str = "\
    广东省 深圳市 粤B 0755 440305 640 南山区,福田区,罗湖区,宝安区,龙岗区,龙华区,光明区,坪山区
    广东省 东莞市 粤S 0769 441900 80 南城街道,长安镇,虎门镇
    广东省 惠州市 粤L 0752 441302 70 惠城区,惠阳区
    广东省 广州市 粤A 020 440106 50 天河区,番禺区,白云区
    广东省 佛山市 粤E 0757 440604 20 禅城区,南海区
    广东省 中山市 粤T 0760 442000 12 石岐街道
    广东省 珠海市 粤C 0756 440402 10 香洲区
    广东省 汕头市 粤D 0754 440507 10 龙湖区
    广东省 河源市 粤P 0762 441602 10 源城区
    广东省 汕尾市 粤N 0660 441502 8 城区
    广东省 梅州市 粤M 0753 441402 8 梅江区
    湖南省 长沙市 湘A 0731 430102 20 芙蓉区,岳麓区
    江西省 南昌市 赣A 0791 360102 12 东湖区
    广西壮族自治区 南宁市 桂A 0771 450103 12 青秀区
    湖北省 武汉市 鄂A 027 420106 10 武昌区,洪山区
    四川省 成都市 川A 028 510104 8 锦江区,武侯区
    福建省 厦门市 闽D 0592 350203 6 思明区
    河南省 郑州市 豫A 0371 410105 6 金水区";
const ROADS: &str = "深南大道 滨海大道 北环大道 科技园路 建设路 人民路 解放路 中山路 新华路 和平路 \
    文化路 东风路 友谊路 工业大道 学府路 创业路";
const ESTATES: &str = "阳光花园 海景苑 翠竹苑 锦绣家园 金地名居 华侨新村 丽景城 碧水湾";
const NOTES: &str = "只接受短信联系，勿在工作时间来电|公司车辆，联系人为行政部|\
    老客户介绍，注意服务态度|喜欢周末到店保养|车辆由家人使用，回访请联系本人";
/// Brand | model | WMI | new-energy plate letters (D battery electric, F plug-in or range
/// extender; empty for fuel) | on sale from | price range in thousand yuan | weight.
const MODELS: &str = "\
    大众|朗逸|LSV||2000|100|150|30
    大众|帕萨特|LSV||2000|180|260|12
    大众|途观L|LSV||2017|200|290|12
    丰田|凯美瑞|LVG||2000|170|260|14
    丰田|卡罗拉|LFM||2000|110|160|16
    丰田|RAV4荣放|LFM||2000|170|260|10
    本田|雅阁|LHG||2000|160|250|14
    本田|思域|LVH||2016|120|170|10
    本田|CR-V|LVH||2000|170|260|12
    比亚迪|秦PLUS|LGX|DF|2021|80|140|9
    比亚迪|汉|LGX|DF|2020|180|280|5
    比亚迪|宋PLUS DM-i|LGX|F|2021|140|190|7
    比亚迪|海豚|LGX|D|2021|100|140|5
    吉利|星越L|L6T||2021|140|200|6
    吉利|帝豪|L6T||2000|60|90|10
    长安|CS75 PLUS|LS5||2019|100|150|8
    别克|英朗|LSG||2000|90|130|10
    别克|GL8|LSG||2000|230|450|6
    日产|轩逸|LGB||2000|90|150|18
    特斯拉|Model 3|LRW|D|2019|230|330|4
    特斯拉|Model Y|LRW|D|2021|250|360|5
    理想|L6|LW4|F|2024|250|280|4";
const COLORS: &str =
    "白色:30 黑色:22 灰色:12 银色:10 蓝色:8 红色:6 珍珠白:5 深空灰:4 棕色:2 绿色:1";
const OIL_CHANGE: &str = "更换机油机滤";
/// Repair-order items: further maintenance (fuel, battery electric), repair, warranty,
/// accident.
const ITEM_POOLS: [&str; 5] = [
    MAINTENANCE_ITEMS,
    EV_MAINTENANCE_ITEMS,
    REPAIR_ITEMS,
    WARRANTY_ITEMS,
    ACCIDENT_ITEMS,
];
const MAINTENANCE_ITEMS: &str = "更换空气滤芯 更换空调滤芯 更换刹车油 更换火花塞 变速箱油更换 \
    雨刮更换 四轮定位 电瓶检测 轮胎换位";
const EV_MAINTENANCE_ITEMS: &str = "三电系统检测 更换空调滤芯 更换刹车油 轮胎换位 底盘检查 \
    冷却液检查 雨刮更换 四轮定位";
const REPAIR_ITEMS: &str = "更换刹车片 空调系统检查 更换蓄电池 轮胎更换 更换减震器 \
    发动机异响检查 更换水泵 更换点火线圈 车门异响处理 更换雨刮电机";
const WARRANTY_ITEMS: &str =
    "更换车窗升降器 更换中控屏 更换空调压缩机 更换氧传感器 车机软件升级 更换水泵";
const ACCIDENT_ITEMS: &str = "钣金喷漆 更换前保险杠 更换后保险杠 更换大灯总成 更换叶子板 更换倒车镜 \
    四轮定位 更换引擎盖";

/// Plate characters after the city letter (no I, O).
const PLATE_CHARS: &[u8; 34] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// VIN characters (no I, O, Q).
const VIN_CHARS: &[u8; 33] = b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
/// Model-year codes (position 10), 1980 = A, 2010 = A, 2026 = T.
const YEAR_CODES: &[u8; 30] = b"ABCDEFGHJKLMNPRSTVWXY123456789";
const PLATE_SPACE: u64 = 340_000;
const VIN_SERIAL_SPACE: u64 = 1_000_000;
const MOBILE_SPACE: u64 = 100_000_000;

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
struct Weighted(Vec<u32>);

impl Weighted {
    fn new(weights: impl IntoIterator<Item = u32>) -> Self {
        let mut total = 0u32;
        Weighted(
            weights
                .into_iter()
                .map(|w| {
                    total = total.saturating_add(w);
                    total
                })
                .collect(),
        )
    }
    /// An index into the weighted table (0 when all weights are zero).
    fn pick(&self, rng: &mut ChaCha8Rng) -> usize {
        match self.0.last() {
            Some(&total) if total > 0 => {
                let x = rng.random_range(0..total);
                self.0.partition_point(|&c| c <= x)
            }
            _ => 0,
        }
    }
}

/// `(n * 7919 + offset) mod space`: a bijection on `0..space` (7919 is a prime that divides
/// none of the spaces), so distinct counters give distinct values.
fn scramble(n: u64, offset: u64, space: u64) -> u64 {
    ((n % space) * 7919 + offset % space) % space
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    let r = if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    r.unwrap_or(d)
}

/// `d` plus whole months (29 February → 28 February).
fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(d)
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The first anniversary of `d` on or after `today` (at least one year after `d`).
fn next_anniversary(d: NaiveDate, today: NaiveDate) -> NaiveDate {
    let years = (today.year() - d.year()).clamp(1, 1000) as u32;
    let a = add_months(d, 12 * years);
    if a < today {
        add_months(d, 12 * (years + 1))
    } else {
        a
    }
}

struct Region {
    province: &'static str,
    city: &'static str,
    /// Province character and city letter of local plates, e.g. `粤B`.
    plate: &'static str,
    area_code: &'static str,
    /// Six-digit administrative code used in resident ID numbers.
    id_code: &'static str,
    districts: Vec<&'static str>,
}

struct ModelSpec {
    brand: &'static str,
    model: &'static str,
    wmi: &'static str,
    /// Possible new-energy plate letters; empty for fuel cars.
    nev: Vec<char>,
    from_year: i32,
    price_k: (i64, i64),
    weight: u32,
}

/// The tables above, split into lists once per process.
struct Tables {
    surnames: Vec<&'static str>,
    surname_w: Weighted,
    male_chars: Vec<char>,
    female_chars: Vec<char>,
    mobile_prefixes: Vec<&'static str>,
    regions: Vec<Region>,
    region_w: Weighted,
    roads: Vec<&'static str>,
    estates: Vec<&'static str>,
    notes: Vec<&'static str>,
    models: Vec<ModelSpec>,
    colors: Vec<&'static str>,
    color_w: Weighted,
    /// Item pools in the order of `ITEM_POOLS`.
    items: [Vec<&'static str>; 5],
}

/// `word:weight` pairs.
fn weighted_words(s: &'static str) -> (Vec<&'static str>, Weighted) {
    let (words, weights): (Vec<&'static str>, Vec<u32>) = s
        .split_whitespace()
        .map(|w| match w.split_once(':') {
            Some((w, n)) => (w, n.parse().unwrap_or(1)),
            None => (w, 1),
        })
        .unzip();
    (words, Weighted::new(weights))
}

impl Tables {
    fn get() -> &'static Tables {
        static TABLES: OnceLock<Tables> = OnceLock::new();
        TABLES.get_or_init(Tables::new)
    }

    fn new() -> Tables {
        let words = |s: &'static str| s.split_whitespace().collect::<Vec<&'static str>>();
        let (surnames, surname_w) = weighted_words(SURNAMES);
        let (colors, color_w) = weighted_words(COLORS);
        let mut regions = Vec::new();
        let mut region_weights = Vec::new();
        for line in REGIONS.lines() {
            let f: Vec<&'static str> = line.split_whitespace().collect();
            if let [province, city, plate, area_code, id_code, weight, districts] = f[..] {
                let districts = districts.split(',').collect();
                regions.push(Region {
                    province,
                    city,
                    plate,
                    area_code,
                    id_code,
                    districts,
                });
                region_weights.push(weight.parse().unwrap_or(1));
            }
        }
        let models = MODELS
            .lines()
            .filter_map(|line| {
                let f: Vec<&'static str> = line.trim().split('|').collect();
                let [brand, model, wmi, nev, from, lo, hi, weight] = f[..] else {
                    return None;
                };
                Some(ModelSpec {
                    brand,
                    model,
                    wmi,
                    nev: nev.chars().collect(),
                    from_year: from.parse().ok()?,
                    price_k: (lo.parse().ok()?, hi.parse().ok()?),
                    weight: weight.parse().ok()?,
                })
            })
            .collect();
        Tables {
            surnames,
            surname_w,
            male_chars: MALE_CHARS.chars().collect(),
            female_chars: FEMALE_CHARS.chars().collect(),
            mobile_prefixes: words(MOBILE_PREFIXES),
            regions,
            region_w: Weighted::new(region_weights),
            roads: words(ROADS),
            estates: words(ESTATES),
            notes: NOTES.split('|').collect(),
            models,
            colors,
            color_w,
            items: ITEM_POOLS.map(words),
        }
    }
}

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
#[path = "demo_data_tests.rs"]
mod tests;
