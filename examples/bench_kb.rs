//! Knowledge-base search per keystroke, rerunnable by anyone:
//!
//!     cargo run --release --example bench_kb -- [DB] [ARTICLES] [RUNS]
//!
//! Makes a store of ARTICLES (default 10,000) synthetic articles of every kind at DB
//! (default /tmp/frontdesk-bench-kb.sqlite3) if it does not exist, then types each query
//! one character at a time and searches after every keystroke, both as the Desk page does
//! (all kinds, 50 rows) and as the call form's suggestions do (one kind, current only, 5
//! rows). RUNS (default 5) runs; prints min, median and max per keystroke for each run
//! and over all of them.

use chrono::{Duration as Days, NaiveDate, Utc};
use frontdesk::domain::kb::{Article, KbKind};
use frontdesk::store::kb::{self, search::KbQuery};
use frontdesk::store::{Actor, Db};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const REGIONS: &[&str] = &[
    "深圳市南山区",
    "深圳市福田区",
    "深圳市宝安区",
    "东莞市南城街道",
    "惠州市惠城区",
    "广州市天河区",
    "佛山市南海区",
    "长沙市岳麓区",
    "南昌市东湖区",
    "武汉市洪山区",
];
const BRANDS: &[&str] = &[
    "大众",
    "丰田",
    "本田",
    "比亚迪",
    "吉利",
    "长安",
    "别克",
    "日产",
    "特斯拉",
    "理想",
];
const PARTS: &[&str] = &[
    "前刹车片",
    "后刹车片",
    "机油滤清器",
    "空气滤芯",
    "空调滤芯",
    "火花塞",
    "蓄电池",
    "雨刮片",
    "刹车油",
    "前减震器",
    "大灯总成",
    "倒车镜",
    "水泵",
    "点火线圈",
    "氧传感器",
    "空调压缩机",
];
const SYMPTOMS: &[&str] = &[
    "刹车异响",
    "空调不制冷",
    "发动机故障灯亮",
    "胎压报警",
    "车辆无法启动",
    "中控屏黑屏",
    "雨刮不回位",
    "方向盘抖动",
    "油耗升高",
    "钥匙无法解锁",
    "充电枪拔不出",
    "车窗升降失灵",
];

/// A small deterministic generator (no extra crates in an example).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn article(i: usize, r: &mut Lcg, today: NaiveDate) -> Article {
    let region = REGIONS[r.next(REGIONS.len())];
    let brand = BRANDS[r.next(BRANDS.len())];
    let part = PARTS[r.next(PARTS.len())];
    let symptom = SYMPTOMS[r.next(SYMPTOMS.len())];
    match i % 6 {
        0 => Article::new(KbKind::Station)
            .with("region", region)
            .with("name", &format!("{}{brand}第{i}服务站", &region[..6]))
            .with("brand", brand)
            .with("phone", &format!("0755-{}", 26_000_000 + i))
            .with("address", &format!("{region}人民路{i}号")),
        1 => {
            let mut a = Article::new(KbKind::Policy)
                .with("year", &(2020 + i % 7).to_string())
                .with("brand", brand)
                .with("part", &format!("{part}{i}"))
                .with("coverage", "本体及制造缺陷")
                .with("months", "36")
                .with("km", "100000");
            if i % 4 == 1 {
                a.valid_to = Some(today - Days::days(30));
            }
            a
        }
        2 => Article::new(KbKind::VehiclePrice)
            .with("brand", brand)
            .with("model", &format!("车型{i}"))
            .with("low", "10.98")
            .with("high", "15.98"),
        3 => Article::new(KbKind::PartPrice)
            .with("part", &format!("{part}{i}"))
            .with("brand", brand)
            .with("price", &(100 + i % 900).to_string()),
        4 => {
            let mut a = Article::new(KbKind::Promotion)
                .with("name", &format!("{brand}{symptom}关爱活动{i}"))
                .with("brand", brand)
                .with("content", "工时费八折，送玻璃水");
            // Some running, some over (their last day before today).
            let from = today - Days::days((i % 60) as i64 + 10);
            a.valid_from = Some(from);
            a.valid_to = Some(from + Days::days((i % 90) as i64));
            a
        }
        _ => Article::new(KbKind::Troubleshoot)
            .with("symptom", &format!("{symptom}{i}"))
            .with("brand", brand)
            .with("fix", "按手册检查，仍有问题请到店"),
    }
}

fn stats(v: &mut [Duration]) -> (Duration, Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| "/tmp/frontdesk-bench-kb.sqlite3".into()),
    );
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5).max(1);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let fresh = !path.exists();
    let mut db = Db::open(&path).map_err(|e| anyhow::anyhow!("{e}"))?;
    if fresh {
        let started = Instant::now();
        let actor = Actor {
            agent_id: None,
            at: Utc::now(),
        };
        let mut r = Lcg(7);
        db.write(|tx| {
            for i in 0..n {
                kb::create_in(tx, actor, &article(i, &mut r, today))?;
            }
            Ok(())
        })
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!(
            "made {n} articles in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let terms: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM kb_terms", [], |r| r.get(0))?;
    let articles: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM kb_articles", [], |r| r.get(0))?;
    println!("{articles} articles, {terms} search terms");
    let queries: &[(&str, Option<KbKind>)] = &[
        ("nanshan dazhong", None),
        ("shenzhen", Some(KbKind::Station)),
        ("刹车异响", None),
        ("scyx", Some(KbKind::Troubleshoot)),
        ("kongtiao", Some(KbKind::PartPrice)),
        ("fdj", None),
        ("大众 前刹车片", Some(KbKind::PartPrice)),
        ("guanai", Some(KbKind::Promotion)),
        ("xudianchi", Some(KbKind::Policy)),
        ("zzzz", None),
    ];
    let mut all = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for run in 1..=runs {
        let mut times = Vec::new();
        let mut found = 0;
        for (q, kind) in queries {
            let chars: Vec<char> = q.chars().collect();
            for k in 1..=chars.len() {
                let typed: String = chars[..k].iter().collect();
                let query = match kind {
                    Some(kind) => KbQuery::suggest(*kind, &typed, today, 5),
                    None => KbQuery {
                        text: typed,
                        kind: None,
                        today,
                        current_only: false,
                        limit: 50,
                    },
                };
                let t = Instant::now();
                let rows =
                    kb::search::search(db.conn(), &query).map_err(|e| anyhow::anyhow!("{e}"))?;
                let took = t.elapsed();
                if took > slowest.0 {
                    slowest = (took, format!("{:?} ({:?})", query.text, query.kind));
                }
                times.push(took);
                found += rows.len();
            }
        }
        all.extend(times.iter().copied());
        let (min, med, max) = stats(&mut times);
        println!(
            "run {run}: {} keystrokes, {found} rows: min {:.3} ms, median {:.3} ms, max {:.3} ms",
            times.len(),
            ms(min),
            ms(med),
            ms(max)
        );
    }
    println!(
        "slowest keystroke: {} in {:.3} ms",
        slowest.1,
        ms(slowest.0)
    );
    let (min, med, max) = stats(&mut all);
    println!(
        "all {} keystrokes: min {:.3} ms, median {:.3} ms, max {:.3} ms",
        all.len(),
        ms(min),
        ms(med),
        ms(max)
    );
    Ok(())
}
