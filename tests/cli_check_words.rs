//! `frontdesk check` and `--version` in the user's words: the tables counted by what they
//! hold, not their SQL names, and Chinese punctuation in Chinese.

mod support;

use support::{env, run};

#[test]
fn check_counts_the_tables_in_the_users_words() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let (code, out, err) = run(&["--db", db_s, "demo", "--customers", "30"], &env(h));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(&["--db", db_s, "--lang", "zh", "check"], &env(h));
    assert_eq!(code, 0, "{out}{err}");
    for said in [
        "数据库：",
        "结构版本：",
        "客户：30",
        "维修工单：",
        "审计记录：",
        "完整性检查：正常",
    ] {
        assert!(out.contains(said), "{said:?} in:\n{out}");
    }
    for raw in ["customers", "repair_orders", "sales_files", ": "] {
        assert!(!out.contains(raw), "{raw:?} in:\n{out}");
    }
    let (code, out, _) = run(&["--db", db_s, "--lang", "en", "check"], &env(h));
    assert_eq!(code, 0);
    for said in [
        "database: ",
        "customers: 30",
        "repair orders: ",
        "audit entries: ",
    ] {
        assert!(out.contains(said), "{said:?} in:\n{out}");
    }
    let (code, out, _) = run(&["--db", db_s, "--lang", "zh", "--version"], &env(h));
    assert_eq!(code, 0);
    assert!(out.contains(&format!("数据库：{db_s}")), "{out}");
}
