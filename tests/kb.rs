//! The knowledge base on temporary databases: search by words and pinyin through the term
//! index, an expired promotion or policy never offered, versioned and audited edits,
//! supervisors only, imports with their row errors, and consultations transferred to
//! technical support.

mod support;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::kb::{Article, KbKind};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::kb_import;
use frontdesk::io::source;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::kb::{self, search::KbQuery, transfers};
use frontdesk::store::{Actor, Db, StoreError, audit};
use std::collections::BTreeMap;

/// 2026-11-23 09:30 in Shanghai.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn admin() -> Actor {
    Actor {
        agent_id: None,
        at: t0(),
    }
}

fn new_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("store.db")).unwrap();
    (dir, db)
}

fn fix(symptom: &str, how: &str) -> Article {
    Article::new(KbKind::Troubleshoot)
        .with("symptom", symptom)
        .with("fix", how)
}

fn station(region: &str, name: &str, brand: &str) -> Article {
    Article::new(KbKind::Station)
        .with("region", region)
        .with("name", name)
        .with("brand", brand)
        .with("phone", "0755-26660000")
        .with("address", "深南大道1号")
}

fn promo(name: &str, from: &str, to: &str) -> Article {
    let mut a = Article::new(KbKind::Promotion)
        .with("name", name)
        .with("content", "工时费八折");
    a.valid_from = Some(day(from));
    a.valid_to = Some(day(to));
    a
}

fn find(db: &Db, text: &str, kind: Option<KbKind>) -> Vec<String> {
    let q = KbQuery {
        text: text.into(),
        kind,
        today: today(),
        current_only: true,
        limit: 20,
    };
    kb::search::search(db.conn(), &q)
        .unwrap()
        .into_iter()
        .map(|r| r.title)
        .collect()
}

#[test]
fn search_finds_words_inside_key_fields_and_their_pinyin() {
    let (_d, mut db) = new_db();
    for a in [
        fix("刹车异响", "检查刹车片"),
        fix("空调不制冷", "检查冷媒"),
        station("深圳市南山区", "深圳南山大众特约服务站", "大众"),
        station("深圳市宝安区", "深圳宝安丰田特约服务站", "丰田"),
        station("广州市天河区", "广州天河大众特约服务站", "大众"),
    ] {
        kb::create(&mut db, admin(), &a).unwrap();
    }
    assert_eq!(find(&db, "刹车", None), vec!["刹车异响"]);
    // Inside a word, by characters, full pinyin, initials, any case.
    for q in ["异响", "yixiang", "YX", "scyx", "shache"] {
        assert_eq!(find(&db, q, None), vec!["刹车异响"], "{q}");
    }
    // Words of several fields must all match.
    assert_eq!(
        find(&db, "nanshan dazhong", None),
        vec!["深圳市南山区 深圳南山大众特约服务站"]
    );
    assert_eq!(find(&db, "大众 tianhe", None).len(), 1);
    assert_eq!(find(&db, "shenzhen", Some(KbKind::Station)).len(), 2);
    // The kind limits; a word not in a key field (the fix) is not searched.
    assert!(find(&db, "shenzhen", Some(KbKind::Troubleshoot)).is_empty());
    assert!(find(&db, "冷媒", None).is_empty());
    assert!(find(&db, "zzzz", None).is_empty());
    // An empty query lists the kind.
    assert_eq!(find(&db, "", Some(KbKind::Troubleshoot)).len(), 2);
    // The count is that of the same search without its limit.
    let cases = [
        ("", None, 5),
        ("", Some(KbKind::Station), 3),
        ("shenzhen", None, 2),
        ("shenzhen", Some(KbKind::Station), 2),
        ("shenzhen", Some(KbKind::Troubleshoot), 0),
        ("大众 tianhe", None, 1),
        ("zzzz", None, 0),
    ];
    for (text, kind, n) in cases {
        let mut q = KbQuery {
            text: text.into(),
            kind,
            today: today(),
            current_only: true,
            limit: 20,
        };
        assert_eq!(find(&db, text, kind).len(), n, "{text}");
        assert_eq!(kb::search::count(db.conn(), &q).unwrap(), n, "{text}");
        // Stopped at a limit of 1: one row, the count unchanged.
        q.limit = 1;
        assert_eq!(kb::search::search(db.conn(), &q).unwrap().len(), n.min(1));
        assert_eq!(kb::search::count(db.conn(), &q).unwrap(), n, "{text}");
    }
}

#[test]
fn the_search_reads_the_term_index_not_the_tables() {
    let (_d, db) = new_db();
    let plan: Vec<String> = db
        .conn()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT DISTINCT t.article_id FROM kb_terms t
             JOIN kb_articles a ON a.id = t.article_id
             WHERE t.kind = 'station' AND t.term >= 'ns' AND t.term < 'nt' AND a.retired = 0",
        )
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let all = plan.join(" | ");
    assert!(all.contains("kb_terms_kind_term"), "{all}");
    assert!(!all.contains("SCAN"), "{all}");
}

#[test]
fn an_expired_promotion_or_policy_is_never_offered() {
    let (_d, mut db) = new_db();
    kb::create(
        &mut db,
        admin(),
        &promo("冬季关爱", "2026-11-01", "2026-11-23"),
    )
    .unwrap();
    kb::create(
        &mut db,
        admin(),
        &promo("国庆保养", "2026-09-20", "2026-10-07"),
    )
    .unwrap();
    kb::create(
        &mut db,
        admin(),
        &promo("春节出行", "2026-12-15", "2027-01-31"),
    )
    .unwrap();
    let mut old = Article::new(KbKind::Policy)
        .with("year", "2024")
        .with("part", "蓄电池")
        .with("coverage", "本体");
    old.valid_to = Some(day("2024-12-31"));
    kb::create(&mut db, admin(), &old).unwrap();
    let new = Article::new(KbKind::Policy)
        .with("year", "2026")
        .with("part", "蓄电池")
        .with("coverage", "本体");
    kb::create(&mut db, admin(), &new).unwrap();
    let last = Article::new(KbKind::Policy)
        .with("year", "2025")
        .with("part", "蓄电池")
        .with("coverage", "本体");
    kb::create(&mut db, admin(), &last).unwrap();

    let offer = |kind, text: &str| -> Vec<String> {
        kb::search::search(db.conn(), &KbQuery::suggest(kind, text, today(), 10))
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect()
    };
    // The last day is still on; the expired one and the one not begun are not offered.
    assert_eq!(offer(KbKind::Promotion, ""), vec!["冬季关爱"]);
    assert!(offer(KbKind::Promotion, "guoqing").is_empty());
    assert!(offer(KbKind::Promotion, "春节").is_empty());
    // The policy out of force is not offered; last year's, still in force, comes after
    // this year's.
    assert_eq!(
        offer(KbKind::Policy, "xdc"),
        vec!["2026 蓄电池", "2025 蓄电池"]
    );
    // The day after, nothing is running.
    let tomorrow = KbQuery::suggest(KbKind::Promotion, "", day("2026-11-24"), 10);
    assert!(kb::search::search(db.conn(), &tomorrow).unwrap().is_empty());
    // Listed with everything (the Desk page, `kb search --all`), the expired one shows.
    let all = KbQuery {
        current_only: false,
        ..KbQuery::suggest(KbKind::Promotion, "", today(), 10)
    };
    assert_eq!(kb::search::search(db.conn(), &all).unwrap().len(), 3);
}

#[test]
fn an_edit_keeps_every_version_and_is_audited_and_version_checked() {
    let (_d, mut db) = new_db();
    let id = kb::create(&mut db, admin(), &fix("刹车异响", "检查刹车片")).unwrap();
    let edited = fix("刹车抖动", "检查刹车盘");
    assert_eq!(kb::update(&mut db, admin(), id, 1, &edited).unwrap(), 2);
    // Someone working on version 1 is refused, nothing overwritten.
    let stale = kb::update(&mut db, admin(), id, 1, &fix("x", "y"));
    assert!(matches!(
        stale,
        Err(StoreError::Conflict { theirs: 2, mine: 1 })
    ));
    let row = kb::get(db.conn(), id).unwrap();
    assert_eq!((row.version, row.article.get("fix")), (2, "检查刹车盘"));
    // The terms follow the text.
    assert!(find(&db, "yixiang", None).is_empty());
    assert_eq!(find(&db, "doudong", None), vec!["刹车抖动"]);
    let h = kb::history(db.conn(), id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!((h[1].version, h[1].article.get("symptom")), (1, "刹车异响"));
    // Retired: out of search, history kept, no more edits.
    assert_eq!(kb::retire(&mut db, admin(), id, 2).unwrap(), 3);
    assert!(find(&db, "doudong", None).is_empty());
    assert!(kb::history(db.conn(), id).unwrap()[0].retired);
    assert!(kb::update(&mut db, admin(), id, 3, &edited).is_err());
    let log = audit::for_entity(db.conn(), "kb_article", id, 10).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["kb_retire", "kb_update", "kb_create"]);
    assert!(log[1].before.as_deref().unwrap().contains("刹车异响"));
    assert!(log[1].after.as_deref().unwrap().contains("刹车抖动"));
}

#[test]
fn only_supervisors_write_and_a_bad_article_is_refused_by_name() {
    let (_d, mut db) = new_db();
    let sup = agents::ensure(&mut db, admin(), "1001", "刘芳", Role::Supervisor).unwrap();
    let agent = agents::ensure(&mut db, admin(), "1002", "陈静", Role::Agent).unwrap();
    let by = |id: i64| Actor {
        agent_id: Some(id),
        at: t0(),
    };
    let e = kb::create(&mut db, by(agent.id), &fix("a", "b")).unwrap_err();
    assert_eq!(e.message(Lang::Zh), "只有主管可以修改知识库");
    let id = kb::create(&mut db, by(sup.id), &fix("a", "b")).unwrap();
    assert!(kb::update(&mut db, by(agent.id), id, 1, &fix("a", "c")).is_err());
    let e = kb::create(
        &mut db,
        by(sup.id),
        &Article::new(KbKind::Station).with("name", "x"),
    )
    .unwrap_err();
    assert_eq!(e.message(Lang::Zh), "未保存：地区必填");
    assert_eq!(e.message(Lang::En), "Not saved: Region: required");
    let e = kb::create(
        &mut db,
        by(sup.id),
        &Article::new(KbKind::Promotion)
            .with("name", "x")
            .with("content", "y"),
    )
    .unwrap_err();
    assert!(
        e.message(Lang::En)
            .contains("a promotion needs its last day")
    );
}

fn parse(csv: &str, lang: Lang) -> Result<kb_import::Parsed, String> {
    let table = source::read_bytes(csv.as_bytes().to_vec()).unwrap();
    kb_import::parse(&table, lang)
}

#[test]
fn an_import_names_each_bad_row_in_the_users_language_and_writes_all_or_nothing() {
    let csv = "类别,地区,服务站名称,品牌,电话,地址,症状,故障现象,排除方法,活动名称,活动内容,开始日期,截止日期\n";
    // `症状` is not a column name.
    let e = parse(csv, Lang::Zh).unwrap_err();
    assert!(e.contains("第 1 行") && e.contains("症状"), "{e}");
    let csv = "类别,地区,服务站名称,品牌,电话,地址,故障现象,排除方法,活动名称,活动内容,开始日期,截止日期\n\
        服务站,深圳市南山区,南山大众站,大众,0755-1,南山路1号,,,,,,\n\
        故障排除,,,,,,刹车异响,检查刹车片,,,,\n\
        维修,,,,,,,,,,,\n\
        服务站,深圳市福田区,,,0755-2,,,,,,,\n\
        促销活动,,,,,,,,冬季关爱,八折,2026-11-01,2026-13-01\n";
    let p = parse(csv, Lang::Zh).unwrap();
    assert_eq!(p.articles.len(), 2);
    let lines: Vec<usize> = p.problems.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![4, 5, 6]);
    assert!(
        p.problems[0].1.contains("类别“维修”不认识"),
        "{:?}",
        p.problems
    );
    assert!(
        p.problems[1].1.contains("服务站名称：必填"),
        "{:?}",
        p.problems
    );
    assert!(p.problems[1].1.contains("地址：必填"), "{:?}", p.problems);
    assert!(
        p.problems[2].1.contains("截止日期“2026-13-01”不是日期"),
        "{:?}",
        p.problems
    );
    let en = parse(csv, Lang::En).unwrap();
    assert!(
        en.problems[0].1.contains("kind \"维修\" is not known"),
        "{:?}",
        en.problems
    );
    assert!(
        en.problems[1].1.contains("Station name: required"),
        "{:?}",
        en.problems
    );

    // A dry run counts, writes nothing; the apply writes; again it is unchanged.
    let (_d, mut db) = new_db();
    let good: Vec<Article> = p.articles.iter().map(|(_, a)| a.clone()).collect();
    let c = kb::import::import(&mut db, admin(), &good, false).unwrap();
    assert_eq!((c.created, c.updated), (2, 0));
    assert!(find(&db, "", None).is_empty());
    kb::import::import(&mut db, admin(), &good, true).unwrap();
    assert_eq!(find(&db, "", None).len(), 2);
    let c = kb::import::import(&mut db, admin(), &good, true).unwrap();
    assert_eq!((c.created, c.updated, c.unchanged), (0, 0, 2));
    // Same title, new values: a new version.
    let mut changed = good.clone();
    changed[1] = fix("刹车异响", "更换刹车片");
    let c = kb::import::import(&mut db, admin(), &changed, true).unwrap();
    assert_eq!((c.created, c.updated), (0, 1));
    // One bad article in an apply: nothing of the file is written.
    let mut bad = changed.clone();
    bad.push(fix("新症状", "新方法"));
    bad.push(Article::new(KbKind::Station));
    assert!(kb::import::import(&mut db, admin(), &bad, true).is_err());
    assert!(find(&db, "新症状", None).is_empty());
}

#[test]
fn the_import_command_checks_by_default_and_applies_on_request() {
    let home = tempfile::tempdir().unwrap();
    let env = support::env(home.path());
    let db = home.path().join("s.sqlite3");
    let file = home.path().join("kb.csv");
    std::fs::write(
        &file,
        "kind,symptom,fix\ntroubleshoot,刹车异响,检查刹车片\ntroubleshoot,,x\n",
    )
    .unwrap();
    let db_arg = db.to_str().unwrap();
    let file_arg = file.to_str().unwrap();
    let (code, _, err) = support::run(
        &["--db", db_arg, "--lang", "en", "kb", "import", file_arg],
        &env,
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("line 3: Troubleshooting: Symptom: required"),
        "{err}"
    );
    std::fs::write(
        &file,
        "kind,symptom,fix\ntroubleshoot,刹车异响,检查刹车片\n",
    )
    .unwrap();
    let (code, out, _) = support::run(
        &["--db", db_arg, "--lang", "en", "kb", "import", file_arg],
        &env,
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("nothing written: 1 new") && out.contains("--apply"),
        "{out}"
    );
    let (code, out, _) = support::run(
        &[
            "--db", db_arg, "--lang", "en", "kb", "import", file_arg, "--apply",
        ],
        &env,
    );
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = support::run(
        &["--db", db_arg, "--lang", "zh", "kb", "search", "scyx"],
        &env,
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("刹车异响") && out.contains("检查刹车片"),
        "{out}"
    );
    let (code, _, err) = support::run(
        &[
            "--db", db_arg, "--lang", "en", "kb", "search", "x", "--kind", "nope",
        ],
        &env,
    );
    assert_eq!(code, 2);
    assert!(err.contains("--kind nope: use station"), "{err}");
}

fn consult(db: &mut Db, template: &str) -> i64 {
    let set = TemplateSet::builtin();
    let t = set.get(template).unwrap();
    let call = NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        fields: BTreeMap::from([("region".to_string(), "深圳".to_string())]),
        sentence: "记录".into(),
        resolved: false,
        completeness: 80,
        started_at: t0(),
    };
    calls::save(db, admin(), &call).unwrap().call_id
}

#[test]
fn a_consultation_the_base_could_not_answer_is_marked_once_and_counted() {
    let (_d, mut db) = new_db();
    let a = consult(&mut db, "consult_part_price");
    let b = consult(&mut db, "consult_station");
    let rescue = consult(&mut db, "rescue_roadside");
    transfers::mark(&mut db, admin(), a, "技术部王工").unwrap();
    assert!(transfers::is_marked(db.conn(), a).unwrap());
    assert!(!transfers::is_marked(db.conn(), b).unwrap());
    let again = transfers::mark(&mut db, admin(), a, "").unwrap_err();
    assert!(again.message(Lang::En).contains("already marked"));
    let not = transfers::mark(&mut db, admin(), rescue, "").unwrap_err();
    assert!(not.message(Lang::Zh).contains("只有咨询类"));
    assert!(matches!(
        transfers::mark(&mut db, admin(), 9999, ""),
        Err(StoreError::NotFound)
    ));
    let day = chrono::Duration::days(1);
    assert_eq!(
        transfers::count(db.conn(), t0() - day, t0() + day).unwrap(),
        (2, 1)
    );
    assert_eq!(
        transfers::count(db.conn(), t0() + day, t0() + day * 2).unwrap(),
        (0, 0)
    );
    let log = audit::for_entity(db.conn(), "call", a, 5).unwrap();
    assert!(log.iter().any(|e| e.action == "kb_transfer"));
}

/// More matches than the limit: the best are returned (the newest policy year, then the
/// shortest title), not the first ones the term index (or the title order) reads.
#[test]
fn a_search_past_its_limit_returns_the_best_matches_not_the_first_read() {
    let (_d, mut db) = new_db();
    let policy = |year: &str| {
        Article::new(KbKind::Policy)
            .with("year", year)
            .with("brand", "大众")
            .with("part", "发动机")
            .with("coverage", "缸体、缸盖")
    };
    // The newest year is added last: the term index reads it last.
    for year in ["2021", "2022", "2023", "2026"] {
        kb::create(&mut db, admin(), &policy(year)).unwrap();
    }
    // The long symptoms end in the word searched for, so their term is the bare word and
    // comes first in the index; the short one's term goes on past it.
    for symptom in [
        "发动机舱内部持续异响",
        "底盘左前方间歇性异响",
        "仪表台后方高速时异响",
        "异响大",
    ] {
        kb::create(&mut db, admin(), &fix(symptom, "到店检查")).unwrap();
    }
    let top = |text: &str, kind: KbKind, limit: usize| -> Vec<String> {
        let q = KbQuery {
            text: text.into(),
            kind: Some(kind),
            today: today(),
            current_only: true,
            limit,
        };
        assert_eq!(kb::search::count(db.conn(), &q).unwrap(), 4, "{text}");
        kb::search::search(db.conn(), &q)
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect()
    };
    assert_eq!(
        top("发动机", KbKind::Policy, 3),
        ["2026 大众 发动机", "2023 大众 发动机", "2022 大众 发动机"]
    );
    assert_eq!(top("发动机", KbKind::Policy, 1), ["2026 大众 发动机"]);
    // Listed without words, likewise.
    assert_eq!(top("", KbKind::Policy, 1), ["2026 大众 发动机"]);
    assert_eq!(
        top("异响", KbKind::Troubleshoot, 2),
        ["异响大", "仪表台后方高速时异响"]
    );
}

/// A query that names a category by itself (保修, baoxiu, warranty) and finds nothing in
/// the articles' words lists that category: the category's name is no article's term, and
/// a new user searched by it and got "nothing found". A word found in articles is searched
/// as before.
#[test]
fn a_search_by_a_categorys_name_lists_that_category() {
    let (_d, mut db) = new_db();
    kb::create(
        &mut db,
        admin(),
        &Article::new(KbKind::Policy)
            .with("year", "2026")
            .with("part", "蓄电池")
            .with("coverage", "本体"),
    )
    .unwrap();
    kb::create(&mut db, admin(), &fix("刹车异响", "检查刹车片")).unwrap();
    for q in ["保修", "保修政策", "baoxiu", "Warranty"] {
        assert_eq!(find(&db, q, None), vec!["2026 蓄电池"], "{q}");
        let query = KbQuery {
            text: q.into(),
            kind: None,
            today: today(),
            current_only: true,
            limit: 20,
        };
        assert_eq!(kb::search::count(db.conn(), &query).unwrap(), 1, "{q}");
    }
    assert_eq!(find(&db, "故障", None), vec!["刹车异响"]);
    assert_eq!(find(&db, "刹车", None), vec!["刹车异响"]);
    // One kind chosen: the query is searched in it only.
    assert!(find(&db, "保修", Some(KbKind::Troubleshoot)).is_empty());
}
