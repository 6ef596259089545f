//! The data the demo store is drawn from (names, regions, models, repair items) and small
//! date helpers.

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::sync::OnceLock;

pub const ADVISORS: &[&str] = &["陈志明", "李晓峰", "黄伟强", "林静", "张海燕", "刘建华"];
/// Sales consultants (销售顾问).
pub const SALESPEOPLE: &[&str] = &["何俊", "赵丽娜", "周杰", "吴敏", "郑浩然", "孙婷婷"];
/// The store itself, as the dealer of directly sold cars.
pub const STORE_NAME: &str = "深圳鹏城汽车销售服务有限公司";
pub(super) const SECONDARY_DEALERS: &[&str] = &[
    "惠州华骏汽车销售服务有限公司",
    "东莞鸿运汽车销售服务有限公司",
    "惠州鹏达汽车销售服务有限公司",
    "河源通利汽车销售服务有限公司",
    "汕尾宏达汽车销售服务有限公司",
];

/// Common surnames with weights (roughly per ten thousand people), a few rare and compound.
pub(super) const SURNAMES: &str = "王:710 李:700 张:640 刘:540 陈:520 杨:310 黄:260 赵:200 吴:200 周:190 \
    徐:170 孙:150 马:150 朱:130 胡:130 郭:120 何:120 高:110 林:130 罗:90 郑:90 梁:100 谢:80 \
    宋:70 唐:70 许:70 韩:70 冯:70 邓:70 曹:60 彭:60 曾:60 萧:50 田:50 董:50 潘:50 袁:50 蔡:50 \
    蒋:50 余:50 于:50 杜:50 叶:40 程:40 魏:40 苏:40 吕:40 丁:40 任:40 沈:40 姚:40 卢:40 姜:30 \
    崔:30 钟:30 谭:30 陆:30 汪:30 范:30 金:30 石:30 廖:30 贾:30 夏:30 韦:30 付:30 方:30 白:30 \
    邹:30 孟:30 熊:30 秦:30 邱:30 江:30 尹:30 薛:20 闫:20 段:20 雷:20 侯:20 龙:20 史:20 陶:20 \
    黎:20 贺:20 顾:20 毛:20 郝:20 龚:20 邵:20 万:20 钱:20 严:20 覃:20 武:20 戴:20 莫:20 孔:20 \
    向:20 汤:20 单:5 翟:5 解:5 区:5 仇:5 欧阳:4 司马:2";
pub(super) const MALE_CHARS: &str =
    "伟强磊军勇杰涛明超华建国志俊浩宇鹏飞斌辉刚健文博轩晨睿泽子然嘉豪振海峰亮平宏毅鑫凯";
pub(super) const FEMALE_CHARS: &str =
    "芳娜敏静丽艳娟霞秀英慧婷雪琳晶颖玲倩欣怡佳梦雨萱诗涵思悦彤蕾洁燕红梅兰";
pub(super) const MOBILE_PREFIXES: &str = "139 138 137 136 135 150 151 152 158 159 182 183 187 188 130 131 \
    132 155 156 185 186 133 153 180 181 189 177 199 166";
/// Province, city, plate prefix, area code, ID region code, weight, districts. Weighted
/// toward the store's city (Shenzhen) and its neighbours; a few from other provinces.
pub(super) const REGIONS: &str = "\
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
pub(super) const ROADS: &str = "深南大道 滨海大道 北环大道 科技园路 建设路 人民路 解放路 中山路 新华路 和平路 \
    文化路 东风路 友谊路 工业大道 学府路 创业路";
pub(super) const ESTATES: &str = "阳光花园 海景苑 翠竹苑 锦绣家园 金地名居 华侨新村 丽景城 碧水湾";
pub(super) const NOTES: &str = "只接受短信联系，勿在工作时间来电|公司车辆，联系人为行政部|\
    老客户介绍，注意服务态度|喜欢周末到店保养|车辆由家人使用，回访请联系本人";
/// Brand | model | WMI | new-energy plate letters (D battery electric, F plug-in or range
/// extender; empty for fuel) | on sale from | price range in thousand yuan | weight.
pub(super) const MODELS: &str = "\
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
pub(super) const COLORS: &str =
    "白色:30 黑色:22 灰色:12 银色:10 蓝色:8 红色:6 珍珠白:5 深空灰:4 棕色:2 绿色:1";
pub(super) const OIL_CHANGE: &str = "更换机油机滤";
/// Repair-order items: further maintenance (fuel, battery electric), repair, warranty,
/// accident.
pub(super) const ITEM_POOLS: [&str; 5] = [
    MAINTENANCE_ITEMS,
    EV_MAINTENANCE_ITEMS,
    REPAIR_ITEMS,
    WARRANTY_ITEMS,
    ACCIDENT_ITEMS,
];
pub(super) const MAINTENANCE_ITEMS: &str = "更换空气滤芯 更换空调滤芯 更换刹车油 更换火花塞 变速箱油更换 \
    雨刮更换 四轮定位 电瓶检测 轮胎换位";
pub(super) const EV_MAINTENANCE_ITEMS: &str = "三电系统检测 更换空调滤芯 更换刹车油 轮胎换位 底盘检查 \
    冷却液检查 雨刮更换 四轮定位";
pub(super) const REPAIR_ITEMS: &str = "更换刹车片 空调系统检查 更换蓄电池 轮胎更换 更换减震器 \
    发动机异响检查 更换水泵 更换点火线圈 车门异响处理 更换雨刮电机";
pub(super) const WARRANTY_ITEMS: &str =
    "更换车窗升降器 更换中控屏 更换空调压缩机 更换氧传感器 车机软件升级 更换水泵";
pub(super) const ACCIDENT_ITEMS: &str = "钣金喷漆 更换前保险杠 更换后保险杠 更换大灯总成 更换叶子板 更换倒车镜 \
    四轮定位 更换引擎盖";

/// Plate characters after the city letter (no I, O).
pub(super) const PLATE_CHARS: &[u8; 34] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// VIN characters (no I, O, Q).
pub(super) const VIN_CHARS: &[u8; 33] = b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
/// Model-year codes (position 10), 1980 = A, 2010 = A, 2026 = T.
pub(super) const YEAR_CODES: &[u8; 30] = b"ABCDEFGHJKLMNPRSTVWXY123456789";
pub(super) const PLATE_SPACE: u64 = 340_000;
pub(super) const VIN_SERIAL_SPACE: u64 = 1_000_000;
pub(super) const MOBILE_SPACE: u64 = 100_000_000;

pub(super) struct Weighted(Vec<u32>);

impl Weighted {
    pub(super) fn new(weights: impl IntoIterator<Item = u32>) -> Self {
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
    pub(super) fn pick(&self, rng: &mut ChaCha8Rng) -> usize {
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
pub(super) fn scramble(n: u64, offset: u64, space: u64) -> u64 {
    ((n % space) * 7919 + offset % space) % space
}

pub(super) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    let r = if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    r.unwrap_or(d)
}

/// `d` plus whole months (29 February → 28 February).
pub(super) fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(d)
}

pub(super) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The first anniversary of `d` on or after `today` (at least one year after `d`).
pub(super) fn next_anniversary(d: NaiveDate, today: NaiveDate) -> NaiveDate {
    let years = (today.year() - d.year()).clamp(1, 1000) as u32;
    let a = add_months(d, 12 * years);
    if a < today {
        add_months(d, 12 * (years + 1))
    } else {
        a
    }
}

pub(super) struct Region {
    pub(super) province: &'static str,
    pub(super) city: &'static str,
    /// Province character and city letter of local plates, e.g. `粤B`.
    pub(super) plate: &'static str,
    pub(super) area_code: &'static str,
    /// Six-digit administrative code used in resident ID numbers.
    pub(super) id_code: &'static str,
    pub(super) districts: Vec<&'static str>,
}

pub(super) struct ModelSpec {
    pub(super) brand: &'static str,
    pub(super) model: &'static str,
    pub(super) wmi: &'static str,
    /// Possible new-energy plate letters; empty for fuel cars.
    pub(super) nev: Vec<char>,
    pub(super) from_year: i32,
    pub(super) price_k: (i64, i64),
    pub(super) weight: u32,
}

/// The tables above, split into lists once per process.
pub(super) struct Tables {
    pub(super) surnames: Vec<&'static str>,
    pub(super) surname_w: Weighted,
    pub(super) male_chars: Vec<char>,
    pub(super) female_chars: Vec<char>,
    pub(super) mobile_prefixes: Vec<&'static str>,
    pub(super) regions: Vec<Region>,
    pub(super) region_w: Weighted,
    pub(super) roads: Vec<&'static str>,
    pub(super) estates: Vec<&'static str>,
    pub(super) notes: Vec<&'static str>,
    pub(super) models: Vec<ModelSpec>,
    pub(super) colors: Vec<&'static str>,
    pub(super) color_w: Weighted,
    /// Item pools in the order of `ITEM_POOLS`.
    pub(super) items: [Vec<&'static str>; 5],
}

/// `word:weight` pairs.
pub(super) fn weighted_words(s: &'static str) -> (Vec<&'static str>, Weighted) {
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
    pub(super) fn get() -> &'static Tables {
        static TABLES: OnceLock<Tables> = OnceLock::new();
        TABLES.get_or_init(Tables::new)
    }

    pub(super) fn new() -> Tables {
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
