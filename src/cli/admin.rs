//! Store administration from the command line: backups, checks, agents, and a headless
//! write load for reliability tests.

use super::start::open_db;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::calls::{Channel, Direction};
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::agents::{self, Role};
use crate::store::{Actor, calls, maintenance};
use anyhow::{Result, anyhow};
use std::io::Write;
use std::path::Path;

/// `frontdesk [--agent ID] backup [--to PATH]`: a backup holds every number in full, so
/// it is a supervisor's (or, on a store with no agents yet, its administrator's) and audited.
pub fn backup(s: &Settings, agent: Option<&str>, to: Option<&Path>) -> Result<i32> {
    let lang = s.lang;
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let mut db = open_db(s)?;
    let who = crate::cli::start::who(&db, lang, agent)?;
    if !who.is_supervisor() {
        eprintln!(
            "frontdesk: {}",
            match lang {
                Lang::Zh => format!(
                    "备份含全部客户的完整号码，只有主管可以执行（{} 不是主管；主管请加 --agent 工号）",
                    crate::text::inert(&who.label())
                ),
                Lang::En => format!(
                    "a backup holds every customer's full numbers: supervisors only ({} is not one; a supervisor adds --agent EMP)",
                    crate::text::inert(&who.label())
                ),
            }
        );
        return Ok(1);
    }
    let target = match to {
        Some(p) if p.is_dir() || p.to_string_lossy().ends_with('/') => {
            p.join(maintenance::backup_name(db.path(), clock.now()))
        }
        Some(p) => p.to_path_buf(),
        None => maintenance::backup_dir(db.path())
            .join(maintenance::backup_name(db.path(), clock.now())),
    };
    let started = std::time::Instant::now();
    // What an earlier backup cut short left behind goes first.
    if let Some(dir) = target.parent() {
        let stem = db
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        maintenance::remove_incomplete(dir, &stem);
    }
    maintenance::backup_to(&db, &target).map_err(|e| anyhow!(e.message(lang)))?;
    let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    let detail = serde_json::json!({
        "file": target.display().to_string(),
        "bytes": size,
        "by": who.label(),
        "os_user": who.os_user,
    });
    let actor = Actor {
        agent_id: who.agent_id(),
        at: clock.now(),
    };
    crate::store::audit::data_out(&mut db, actor, "backup", &detail)
        .map_err(|e| anyhow!(e.message(lang)))?;
    match lang {
        Lang::Zh => println!(
            "已备份到 {}（{:.1} MB，{:.1} 秒，已通过完整性检查，仅本人可读）",
            target.display(),
            size as f64 / 1e6,
            started.elapsed().as_secs_f64()
        ),
        Lang::En => println!(
            "Backed up to {} ({:.1} MB in {:.1} s; integrity checked; owner-only)",
            target.display(),
            size as f64 / 1e6,
            started.elapsed().as_secs_f64()
        ),
    }
    Ok(0)
}

pub fn check(s: &Settings) -> Result<i32> {
    let lang = s.lang;
    // Refuse what the app refuses (an empty, foreign or newer file), with its message.
    use crate::store::{OpenError, open::FileState};
    match crate::store::open::identify(&s.db_path) {
        Ok(FileState::Frontdesk(_)) | Err(OpenError::Corrupt { .. }) => {}
        Ok(FileState::Missing) => {
            eprintln!(
                "frontdesk: {}: {}",
                s.db_path.display(),
                lang.t("文件不存在", "no such file")
            );
            return Ok(1);
        }
        Err(e) => {
            eprintln!("frontdesk: {}", e.message(lang));
            return Ok(1);
        }
    }
    let r = maintenance::check(&s.db_path)
        .map_err(|e| anyhow!("{}: {}", s.db_path.display(), e.message(lang)))?;
    println!(
        "{}{}",
        lang.t("数据库：", "database: "),
        s.db_path.display()
    );
    println!(
        "{}{}",
        lang.t("结构版本：", "schema version: "),
        r.schema_version
    );
    for (table, n) in &r.counts {
        println!("  {}{n}", table_label(table, lang));
    }
    if r.integrity.is_empty() {
        println!("{}", lang.t("完整性检查：正常", "Integrity check: ok"));
    } else {
        println!(
            "{}",
            lang.t("完整性检查：发现损坏", "Integrity check: damage found")
        );
        for line in &r.integrity {
            println!("  {}", crate::text::inert(line));
        }
    }
    if r.foreign_keys.is_empty() {
        println!("{}", lang.t("关联检查：正常", "Foreign-key check: ok"));
    } else {
        println!(
            "{}",
            lang.t(
                "关联检查：有记录指向不存在的数据",
                "Foreign-key check: records point at missing rows"
            )
        );
        for line in &r.foreign_keys {
            println!("  {line}");
        }
    }
    if !r.ok() {
        println!(
            "{}",
            lang.t(
                "建议：停止使用并从最近的备份恢复（frontdesk backup 生成的文件）",
                "Advice: stop using it and restore the latest backup"
            )
        );
    }
    Ok(if r.ok() { 0 } else { 1 })
}

pub fn agents_list(s: &Settings) -> Result<i32> {
    let lang = s.lang;
    let db = open_db(s)?;
    for a in agents::list(&db).map_err(|e| anyhow!(e.message(lang)))? {
        let role = match a.role {
            Role::Supervisor => lang.t("主管", "supervisor"),
            Role::Agent => lang.t("专员", "agent"),
        };
        let active = if a.active {
            ""
        } else {
            lang.t("（停用）", " (inactive)")
        };
        println!(
            "{:<8} {:<10} {role}{active}",
            a.emp_no,
            crate::text::inert(&a.name)
        );
    }
    Ok(0)
}

/// `frontdesk [--agent ID] agents add EMP NAME [--supervisor] [--os-user U]`.
pub fn agents_add(s: &Settings, agent: Option<&str>, add: AddAgent<'_>) -> Result<i32> {
    let AddAgent {
        emp_no,
        name,
        supervisor,
        os_user,
    } = add;
    let lang = s.lang;
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let mut db = open_db(s)?;
    let msg = |e: crate::store::StoreError| anyhow!(e.message(lang));
    // Agents and their bindings decide who sees full numbers: a supervisor's, the
    // database administrator's (the file's owner), or anyone's on a store with none yet.
    let who = crate::cli::start::who(&db, lang, agent)?;
    if !who.is_supervisor() && !agents::claim::Me::current(db.path()).administers() {
        eprintln!(
            "frontdesk: {}",
            match lang {
                Lang::Zh => format!(
                    "只有主管或数据库管理员（文件所有者）可以新增专员（{} 不是主管；主管请加 --agent 工号）",
                    crate::text::inert(&who.label())
                ),
                Lang::En => format!(
                    "only a supervisor or the database's administrator (the file's owner) may add agents ({} is not a supervisor; a supervisor adds --agent EMP)",
                    crate::text::inert(&who.label())
                ),
            }
        );
        return Ok(1);
    }
    if agents::by_emp_no(&db, emp_no).map_err(msg)?.is_some() {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("工号 {emp_no} 已存在"),
            Lang::En => format!("agent {emp_no} already exists"),
        }));
    }
    // The agent and its OS user in one transaction, checked like the Settings page's:
    // a taken OS user leaves no agent half made.
    let actor = Actor {
        agent_id: who.agent_id().filter(|_| who.is_supervisor()),
        at: clock.now(),
    };
    let edit = agents::admin::AgentEdit {
        name: name.to_string(),
        supervisor,
        active: true,
        os_user: os_user.map(str::to_string),
    };
    let a = agents::admin::add(&mut db, actor, emp_no, &edit).map_err(msg)?;
    println!(
        "{} {} {}",
        lang.t("已添加", "Added"),
        a.emp_no,
        crate::text::inert(&a.name)
    );
    Ok(0)
}

/// The agent `frontdesk agents add` makes.
pub struct AddAgent<'a> {
    pub emp_no: &'a str,
    pub name: &'a str,
    pub supervisor: bool,
    pub os_user: Option<&'a str>,
}

/// `frontdesk stress --ops N`: saves N real call records as fast as it can, printing
/// `ack <n>` after each commit (for the many-writers and kill -9 tests). With `retry_busy`
/// a save refused as busy (the write lock not had within the busy timeout: nothing written)
/// is tried again, as an agent told 数据库忙 would save again, and said on stderr as
/// `busy <n> after <ms> ms`; without it, it is an error.
pub fn stress(s: &Settings, ops: usize, agent: Option<&str>, retry_busy: bool) -> Result<i32> {
    let lang = s.lang;
    let clock = Clock::system(s.tz);
    let mut db = open_db(s)?;
    // Saved as the agent it may act as, like every other command.
    let agent_id = crate::cli::start::who(&db, lang, agent)?.agent_id();
    let templates = TemplateSet::builtin();
    let t = templates
        .get("consult_part_price")
        .ok_or_else(|| anyhow!("template missing"))?;
    let mut out = std::io::stdout().lock();
    let mut worst = std::time::Duration::ZERO;
    let mut errors = 0usize;
    let mut busy = 0usize;
    let tag = std::process::id();
    for i in 0..ops {
        let mut values = std::collections::BTreeMap::new();
        values.insert("region".to_string(), "广东省深圳市".to_string());
        values.insert("brand".to_string(), "大众".to_string());
        values.insert("part".to_string(), format!("stress-{tag}-{i}"));
        values.insert("price".to_string(), "100".to_string());
        let call = calls::NewCall {
            customer_id: None,
            vehicle_id: None,
            direction: Direction::Inbound,
            channel: Channel::Phone,
            template_id: t.id.clone(),
            template_version: t.version,
            group: t.group,
            sentence: t
                .record_sentence(&values)
                .map_err(|_| anyhow!("template {} needs more fields", t.id))?,
            completeness: t.completeness(&values),
            fields: values,
            resolved: true,
            started_at: clock.now(),
        };
        // At most 10 tries: a store busy for a minute is an error.
        let most = if retry_busy { 10 } else { 1 };
        for tries in 1.. {
            let started = std::time::Instant::now();
            let saved = calls::save(
                &mut db,
                Actor {
                    agent_id,
                    at: clock.now(),
                },
                &call,
            );
            match saved {
                Ok(_) => {
                    worst = worst.max(started.elapsed());
                    writeln!(out, "ack {tag}-{i}")?;
                    out.flush()?;
                    break;
                }
                Err(crate::store::StoreError::Busy) if tries < most => {
                    busy += 1;
                    eprintln!("busy {tag}-{i} after {} ms", started.elapsed().as_millis());
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("error {tag}-{i}: {}", e.message(Lang::En));
                    break;
                }
            }
        }
    }
    eprintln!(
        "done {ops} ops, {errors} errors, {busy} busy, worst save {} ms",
        worst.as_millis()
    );
    Ok(if errors == 0 { 0 } else { 1 })
}

/// A table `check` counts, as the user reads it ("客户：", "customers: "); a table not
/// named here by its own name.
fn table_label(table: &str, lang: Lang) -> String {
    let (zh, en) = match table {
        "customers" => ("客户", "customers"),
        "vehicles" => ("车辆", "vehicles"),
        "sales_files" => ("销售档案", "sales files"),
        "repair_orders" => ("维修工单", "repair orders"),
        "calls" => ("来电记录", "calls"),
        "complaints" => ("投诉", "complaints"),
        "agents" => ("专员", "agents"),
        "audit" => ("审计记录", "audit entries"),
        other => (other, other),
    };
    match lang {
        Lang::Zh => format!("{zh}："),
        Lang::En => format!("{en}: "),
    }
}
