//! The demo store's improvement actions (整改): what customers said in the past weeks'
//! complaints and callbacks turned into actions for the departments — some verified, some
//! done late, some overdue, some just raised — and a run of parts-supply complaints that
//! leaves a rectification order waiting for the supervisor.

use crate::domain::calendar::BusinessCalendar;
use crate::domain::complaints::SlaSettings;
use crate::domain::improvements::{Department, LinkKind, Status};
use crate::store::improvements::proposals::{self, Judge};
use crate::store::improvements::{self as si, NewImprovement};
use crate::store::{Actor, Db, StoreError};
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// (department, finding, customers' words, days ago raised, days given, where it got to:
/// 0 open, 1 in progress, 2 done on time, 3 done late, 4 verified)
type Plan = (Department, &'static str, &'static str, i64, i64, u8);

const PLANS: [Plan; 10] = [
    (
        Department::Service,
        "保养后车辆未清洗、座椅有油污",
        "客户：取车时驾驶座上有黑手印，很不舒服",
        34,
        7,
        4,
    ),
    (
        Department::Service,
        "四轮定位后方向盘仍跑偏，需返修",
        "客户：做完定位还是往右跑，又跑了一趟",
        26,
        10,
        3,
    ),
    (
        Department::Parts,
        "常用保养件（机滤、空滤）缺货，客户等待超过一周",
        "客户：预约好了来却说没货，白请了半天假",
        20,
        7,
        1,
    ),
    (
        Department::FrontDesk,
        "接车等待时间长，高峰期无人引导",
        "7DC回访：接待及时性 2 分，说等了四十分钟",
        18,
        5,
        0,
    ),
    (
        Department::Sales,
        "交车时未讲解车机和保养手册",
        "7DC回访：交车讲解 3 分，很多功能不会用",
        15,
        14,
        2,
    ),
    (
        Department::Service,
        "结算时工时费与报价不一致，未提前说明",
        "客户：报价八百，结账一千二，没人打电话说",
        12,
        7,
        4,
    ),
    (
        Department::FrontDesk,
        "预约电话占线，客户多次打不进",
        "客户：打了五次都占线",
        9,
        14,
        1,
    ),
    (
        Department::Parts,
        "原厂配件价格高于厂家指导价",
        "3DC回访：价格满意度 1 分",
        6,
        10,
        0,
    ),
    (
        Department::Service,
        "维修完工未按约定时间通知客户",
        "客户：说好下午四点好，六点才打电话",
        3,
        14,
        0,
    ),
    (
        Department::Other,
        "客休区饮水机故障、无线网络不通",
        "3DC回访：客休区 2 分",
        2,
        21,
        1,
    ),
];

/// Records of a kind from the past weeks to link an action to.
fn recent(db: &Db, sql: &str, since: &str) -> Result<Vec<i64>, StoreError> {
    let mut st = db.conn().prepare(sql)?;
    let rows = st.query_map([since], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds the actions and the pending order. Returns the actions added.
pub fn fill_improvements(
    db: &mut Db,
    now: DateTime<Utc>,
    tz: Tz,
    seed: u64,
) -> Result<usize, StoreError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1A9B_0E5E_0000_0016);
    let agents: Vec<(i64, bool)> = {
        let mut st = db.conn().prepare(
            "SELECT id, role = 'supervisor' FROM agents WHERE active = 1 ORDER BY emp_no",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    let Some(sup) = agents.iter().find(|a| a.1).map(|a| a.0) else {
        return Ok(0);
    };
    let staff: Vec<i64> = agents.iter().filter(|a| !a.1).map(|a| a.0).collect();
    if staff.is_empty() {
        return Ok(0);
    }
    let since = crate::clock::to_db(now - Duration::days(40));
    let complaints = recent(
        db,
        "SELECT id FROM complaints WHERE received_at >= ?1 ORDER BY id",
        &since,
    )?;
    let callbacks = recent(
        db,
        "SELECT id FROM callback_tasks WHERE status = 'done' AND completed_at >= ?1 ORDER BY id",
        &since,
    )?;
    let mut added = 0;
    for (i, (dep, finding, words, ago, days, reached)) in PLANS.iter().enumerate() {
        let raised = now - Duration::days(*ago) - Duration::minutes(rng.random_range(0..300));
        let raised_day = raised.with_timezone(&tz).date_naive();
        let owner = staff[i % staff.len()];
        let mut links = Vec::new();
        let from_callback = words.contains("回访");
        let pool = if from_callback {
            &callbacks
        } else {
            &complaints
        };
        if !pool.is_empty() {
            let kind = if from_callback {
                LinkKind::Callback
            } else {
                LinkKind::Complaint
            };
            links.push((kind, pool[rng.random_range(0..pool.len())]));
        }
        let raiser = if i % 3 == 0 { sup } else { owner };
        let id = si::raise(
            db,
            Actor {
                agent_id: Some(raiser),
                at: raised,
            },
            raised_day,
            &NewImprovement {
                department: *dep,
                finding: (*finding).into(),
                words: (*words).into(),
                owner_id: Some(owner),
                due: Some(raised_day + Duration::days(*days)),
                links,
                order: None,
            },
        )?;
        added += 1;
        let by = |agent: i64, at: DateTime<Utc>| Actor {
            agent_id: Some(agent),
            at: at.min(now),
        };
        let mut version = si::get(db.conn(), id)?.version;
        if *reached >= 1 {
            let r = si::step(
                db,
                by(owner, raised + Duration::hours(20)),
                id,
                version,
                Status::InProgress,
                false,
                None,
            )?;
            version = r.version;
        }
        if *reached >= 2 {
            // On time: a day before the due day; late: three days after it.
            let done_after = if *reached == 3 { days + 3 } else { days - 1 };
            let done = raised + Duration::days(done_after);
            let r = si::step(db, by(owner, done), id, version, Status::Done, false, None)?;
            version = r.version;
            if *reached == 4 {
                si::step(
                    db,
                    by(sup, done + Duration::days(2)),
                    id,
                    version,
                    Status::Verified,
                    true,
                    Some("电话回访两位相关客户，均表示问题已解决；现场抽查符合要求"),
                )?;
            }
        }
    }
    pending_order(db, now, tz, &mut rng, staff[0])?;
    Ok(added)
}

/// Complaint calls about repeated repairs in the last two weeks, worked as the desk would,
/// until the rule offers a rectification order.
fn pending_order(
    db: &mut Db,
    now: DateTime<Utc>,
    tz: Tz,
    rng: &mut ChaCha8Rng,
    agent: i64,
) -> Result<(), StoreError> {
    let sla = SlaSettings::default();
    let calendar = BusinessCalendar::builtin();
    let judge = Judge {
        sla: &sla,
        calendar: &calendar,
        tz,
        now,
    };
    let rule = proposals::rule(db.conn());
    // (customer, vehicle, region, brand, model, purchase day, vin, plate)
    type Car = (i64, i64, String, String, String, String, String, String);
    let cars: Vec<Car> = {
        let mut st = db.conn().prepare(
            "SELECT c.id, v.id, c.region, v.brand, v.model, coalesce(v.purchase_date, ''),
                    coalesce(v.vin, ''), coalesce(v.plate, '')
             FROM vehicles v JOIN customers c ON c.id = v.customer_id
             WHERE v.plate IS NOT NULL ORDER BY v.id LIMIT 200",
        )?;
        st.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<Result<_, _>>()?
    };
    if cars.is_empty() {
        return Ok(());
    }
    const SAID: [(&str, &str); 3] = [
        ("刹车异响", "彻底修好并延长该部件质保"),
        ("空调不制冷", "更换压缩机"),
        ("发动机故障灯亮", "派技术经理检查并给出书面结论"),
    ];
    let store_id = db.store_id().to_string();
    let time = db.business_time();
    for (n, (symptom, demand)) in SAID.iter().enumerate() {
        if !proposals::pending(db.conn(), rule, &judge)?.is_empty() {
            break;
        }
        let (c, v, region, brand, model, bought, vin, plate) =
            cars[rng.random_range(0..cars.len())].clone();
        // 10:00, 11:30, 13:00 store time, 12, 8 and 4 days ago.
        let day = now.with_timezone(&tz).date_naive() - Duration::days(12 - 4 * n as i64);
        let local =
            day.and_hms_opt(10, 0, 0).unwrap_or_default() + Duration::minutes(90 * n as i64);
        let started = tz
            .from_local_datetime(&local)
            .earliest()
            .map_or(now, |t| t.with_timezone(&Utc));
        let last = (started - Duration::days(6))
            .with_timezone(&tz)
            .date_naive();
        let station = "本店售后车间";
        let sentence = format!(
            "{region}{brand}客户于{bought}购车,客户多次到{station}维修{symptom},最后一次是{last}到的服务站,至今故障仍未排除,客户对该服务站的维修水平表示不满,要求{demand}。{vin},{plate}"
        );
        let fields: std::collections::BTreeMap<String, String> = [
            ("region", region),
            ("brand", format!("{brand} {model}")),
            ("purchase_date", bought),
            ("station", station.to_string()),
            ("symptom", symptom.to_string()),
            ("last_visit", last.to_string()),
            ("demand", demand.to_string()),
            ("factory_no", vin),
            ("plate", plate),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let actor = Actor {
            agent_id: Some(agent),
            at: started + Duration::minutes(6),
        };
        db.write(|tx| {
            let saved = crate::store::calls::save_in(
                tx,
                &store_id,
                actor,
                &crate::store::calls::NewCall {
                    customer_id: Some(c),
                    vehicle_id: Some(v),
                    direction: crate::domain::calls::Direction::Inbound,
                    channel: crate::domain::calls::Channel::Phone,
                    template_id: "complaint_repair".into(),
                    template_version: 2,
                    group: crate::domain::templates::Group::Complaint,
                    fields: fields.clone(),
                    sentence: sentence.clone(),
                    resolved: false,
                    completeness: 100,
                    started_at: started,
                },
                &time,
            )?;
            if let Some(id) = saved.complaint_id {
                super::calls::work_complaint(tx, rng, id, started, now, Some(agent), tz, &time)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}
