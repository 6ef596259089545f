//! The demo store's knowledge base: service stations in the demo's cities for its brands,
//! three years of warranty policies (the oldest out of force), the price range of every
//! demo model, part prices, a current promotion, one not started and one expired, and
//! simple troubleshooting. Dates are relative to the demo's today.

use super::tables::Tables;
use crate::domain::kb::{Article, KbKind, number_text};
use chrono::{Datelike, Duration, NaiveDate};

/// (city, district, area code, street) of the demo's stations.
const STATION_PLACES: &[(&str, &str, &str, &str)] = &[
    ("深圳市", "南山区", "0755", "深南大道"),
    ("深圳市", "宝安区", "0755", "宝安大道"),
    ("深圳市", "龙岗区", "0755", "龙岗大道"),
    ("东莞市", "南城街道", "0769", "鸿福路"),
    ("惠州市", "惠城区", "0752", "江北文昌路"),
    ("广州市", "天河区", "020", "黄埔大道"),
    ("佛山市", "南海区", "0757", "桂澜路"),
    ("长沙市", "岳麓区", "0731", "麓谷大道"),
];

/// Part, coverage, months, kilometres (policy of the given year).
const POLICY_PARTS: &[(&str, &str, u32, u32)] = &[
    ("整车", "除易损件外的整车零部件", 36, 100_000),
    (
        "发动机",
        "缸体、缸盖、曲轴、凸轮轴、机油泵及其内部零件",
        60,
        150_000,
    ),
    ("变速箱", "变速箱壳体及其内部零件、变矩器", 60, 150_000),
    (
        "动力电池",
        "电芯、模组及电池管理系统（首任车主）",
        96,
        150_000,
    ),
    ("蓄电池", "12V 蓄电池本体", 24, 50_000),
    ("空调压缩机", "压缩机本体及电磁离合器", 36, 100_000),
    (
        "轮胎",
        "轮胎鼓包、脱层等制造缺陷（不含扎胎与磨损）",
        12,
        20_000,
    ),
    ("刹车片", "易损件：仅保修制造缺陷", 6, 10_000),
];

/// Part, specification, price in yuan.
const PARTS: &[(&str, &str, u32)] = &[
    ("前刹车片", "原厂陶瓷配方，一套四片", 680),
    ("后刹车片", "原厂配方，一套四片", 520),
    ("机油滤清器", "原厂滤芯", 68),
    ("空气滤芯", "原厂干式纸质滤芯", 120),
    ("空调滤芯", "活性炭 PM2.5 滤芯", 158),
    ("火花塞", "铱金火花塞，单只", 95),
    ("蓄电池", "12V 60Ah 免维护", 780),
    ("雨刮片", "无骨雨刮，一对", 168),
    ("刹车油", "DOT4，1 升", 98),
    ("前减震器", "单只，含安装附件", 1350),
    ("大灯总成", "LED 大灯总成，单侧", 3980),
    ("倒车镜", "电动折叠带加热，单侧", 1260),
];

/// Symptom, fix.
const FIXES: &[(&str, &str)] = &[
    (
        "刹车异响",
        "先检查刹车片厚度是否低于 3 毫米；新车或雨后短时异响多为浮锈，正常行驶几次后消失；持续尖叫请到店检查刹车片与刹车盘",
    ),
    (
        "空调不制冷",
        "确认 A/C 开关已开、温度调到最低、外循环改内循环；检查空调滤芯是否堵塞；仍不制冷请到店检测冷媒压力",
    ),
    (
        "发动机故障灯亮",
        "检查油箱盖是否拧紧，拧紧后行驶一段时间观察；灯常亮可继续低速行驶到店读取故障码，灯闪烁请停车并叫救援",
    ),
    (
        "胎压报警",
        "停车检查四个轮胎有无扎钉或明显缺气；按门框标签值补气后，在中控屏重置胎压监测",
    ),
    (
        "车辆无法启动",
        "确认挡位在 P 挡并踩下刹车；遥控钥匙没电时把钥匙贴近启动按钮再启动；仪表不亮多为蓄电池亏电，可搭电或叫救援",
    ),
    (
        "中控屏黑屏",
        "长按音量键或电源键 10 秒重启中控屏；仍无显示请熄火锁车 5 分钟后再启动",
    ),
    (
        "雨刮不回位",
        "关闭雨刮开关后熄火再启动，雨刮会自动复位；冬季先清除挡风玻璃上的积雪和冰",
    ),
    (
        "车窗一键升降失灵",
        "把车窗降到底再按住升窗键到顶并保持 3 秒，完成车窗防夹初始化",
    ),
    (
        "充电枪拔不出",
        "先用车钥匙或中控屏解锁车辆；仍无法拔出时拉动前舱或后备箱内的充电口应急解锁拉索",
    ),
    (
        "方向盘抖动",
        "检查轮胎有无鼓包和气压是否一致；高速抖动多为动平衡问题，请到店做四轮动平衡和定位",
    ),
    (
        "油耗突然升高",
        "检查胎压是否偏低、空气滤芯是否脏堵、是否长时间怠速开空调；排除后仍高请到店检测",
    ),
    (
        "钥匙无法解锁",
        "更换钥匙电池（CR2032）；用机械钥匙开驾驶位门后把钥匙贴近启动按钮启动",
    ),
];

/// The demo's articles for a store whose today is `today`.
pub fn articles(today: NaiveDate) -> Vec<Article> {
    let t = Tables::get();
    let mut out = Vec::new();
    let mut brands: Vec<&str> = Vec::new();
    for m in &t.models {
        if !brands.contains(&m.brand) {
            brands.push(m.brand);
        }
    }
    // Service stations: each place serves a few brands.
    for (i, (city, district, code, street)) in STATION_PLACES.iter().enumerate() {
        for (j, brand) in brands.iter().enumerate() {
            if (i + j) % 3 != 0 {
                continue;
            }
            let short = city.trim_end_matches('市');
            let dist = district
                .trim_end_matches(['区', '镇'])
                .trim_end_matches("街道");
            out.push(
                Article::new(KbKind::Station)
                    .with("region", &format!("{city}{district}"))
                    .with("name", &format!("{short}{dist}{brand}特约服务站"))
                    .with("brand", brand)
                    .with(
                        "phone",
                        &format!("{code}-{}", 26_600_000 + i * 1_317 + j * 71),
                    )
                    .with(
                        "address",
                        &format!("{city}{district}{street}{}号", 100 + i * 37 + j * 11),
                    )
                    .with("hours", "周一至周日 8:30-18:00"),
            );
        }
    }
    // Warranty policies: this year's and last year's in force, the one before superseded.
    let year = today.year();
    for y in [year - 2, year - 1, year] {
        for (part, coverage, months, km) in POLICY_PARTS {
            let mut a = Article::new(KbKind::Policy)
                .with("year", &y.to_string())
                .with("part", part)
                .with("coverage", coverage)
                .with("months", &months.to_string())
                .with("km", &km.to_string());
            a.valid_from = NaiveDate::from_ymd_opt(y, 1, 1);
            if y == year - 2 {
                a.valid_to = NaiveDate::from_ymd_opt(y, 12, 31);
            }
            out.push(a);
        }
    }
    // Vehicle price ranges of every demo model.
    for m in &t.models {
        out.push(
            Article::new(KbKind::VehiclePrice)
                .with("brand", m.brand)
                .with("model", m.model)
                .with("low", &number_text(m.price_k.0 as f64 / 10.0 - 0.02))
                .with("high", &number_text(m.price_k.1 as f64 / 10.0 - 0.02)),
        );
    }
    // Part prices, for every brand (one list; a store's own prices are imported).
    for (part, spec, price) in PARTS {
        out.push(
            Article::new(KbKind::PartPrice)
                .with("part", part)
                .with("spec", spec)
                .with("price", &price.to_string()),
        );
    }
    // Promotions: one running, one starting next month, one over.
    let month_start = today.with_day(1).unwrap_or(today);
    let mut running = Article::new(KbKind::Promotion)
        .with("name", "冬季关爱免费检测")
        .with(
            "content",
            "到店免费检测蓄电池、轮胎和空调，工时费八折，保养送玻璃水一瓶",
        );
    running.valid_from = Some(month_start);
    running.valid_to = Some(month_start + Duration::days(75));
    out.push(running);
    let mut trade_in = Article::new(KbKind::Promotion)
        .with("name", "以旧换新补贴")
        .with("brand", "大众")
        .with("model", "朗逸")
        .with("content", "置换购买朗逸补贴 8000 元，首年保险送 500 元油卡");
    trade_in.valid_from = Some(month_start - Duration::days(20));
    trade_in.valid_to = Some(month_start + Duration::days(40));
    out.push(trade_in);
    let mut later = Article::new(KbKind::Promotion)
        .with("name", "春节安心出行")
        .with("content", "节前免费 28 项安全检查，预约保养送洗车券");
    later.valid_from = Some(month_start + Duration::days(45));
    later.valid_to = Some(month_start + Duration::days(90));
    out.push(later);
    let mut over = Article::new(KbKind::Promotion)
        .with("name", "国庆自驾保养套餐")
        .with("content", "机油机滤保养套餐 399 元，送四轮定位");
    over.valid_from = Some(month_start - Duration::days(70));
    over.valid_to = Some(month_start - Duration::days(25));
    out.push(over);
    // Troubleshooting.
    for (symptom, fix) in FIXES {
        out.push(
            Article::new(KbKind::Troubleshoot)
                .with("symptom", symptom)
                .with("fix", fix),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kb::Validity;
    use crate::i18n::Lang;

    #[test]
    fn the_demo_base_is_valid_and_has_every_kind_with_an_expired_promotion() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let all = articles(today);
        for a in &all {
            assert!(a.problems(Lang::Zh).is_empty(), "{a:?}");
        }
        for k in KbKind::ALL {
            assert!(all.iter().any(|a| a.kind == k), "{k:?}");
        }
        let promos: Vec<Validity> = all
            .iter()
            .filter(|a| a.kind == KbKind::Promotion)
            .map(|a| a.validity(today))
            .collect();
        assert!(promos.contains(&Validity::Current) && promos.contains(&Validity::Expired));
        assert!(all.iter().filter(|a| a.kind == KbKind::Station).count() >= 10);
        // Same day, same base.
        assert_eq!(all, articles(today));
    }
}
