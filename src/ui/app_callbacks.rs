//! The app's side of the Callbacks tab: planning tasks from the data, loading the queue,
//! claiming, releasing and recording attempts.

use super::app::App;
use super::screens::callbacks::{Request, Whose};
use crate::i18n::Lang;
use crate::store::StoreError;
use crate::store::callbacks::{self as cb, QueueFilter, Scope as QScope};

/// Rows of the queue loaded at once.
const QUEUE_LIMIT: usize = 300;

impl App {
    /// Another agent saved: the task being worked, when it changed, is shown as it is now
    /// and its form (what was typed stays) says who changed it.
    pub(super) fn follow_callback_work(&mut self) -> Result<(), StoreError> {
        let Some((d, _)) = &self.callbacks.work else {
            return Ok(());
        };
        let (id, shown) = (d.row.id, d.row.version);
        let now = cb::task(self.db.conn(), &self.callback_rules, id, self.clock.today())?;
        if now.row.version == shown {
            return Ok(());
        }
        self.callbacks.rebase(now);
        let change = crate::store::stale::last_audited(self.db.conn(), "callback_task", id)?;
        if let (Some(c), Some((_, f))) = (change, &mut self.callbacks.work) {
            let e = crate::store::stale::notice(
                (&format!("回访任务 #{id}"), &format!("Callback task {id}")),
                c,
            );
            f.message = Some((e.message(self.lang), true));
        }
        Ok(())
    }

    pub(super) fn apply_callbacks(&mut self, request: Request) -> Result<(), StoreError> {
        match request {
            Request::Reload => self.reload_callbacks(),
            Request::Work { id, version } => {
                let actor = self.actor();
                if let Err(e) =
                    cb::claim_seen(&mut self.db, &self.callback_rules, actor, id, version)
                {
                    self.callbacks.failed(e.message(self.lang));
                    return self.reload_callbacks();
                }
                let d = cb::task(self.db.conn(), &self.callback_rules, id, self.clock.today())?;
                self.callbacks.card = self.customer_card(d.row.customer_id, d.row.vehicle_id)?;
                self.callbacks.store_name = self.store_name();
                self.callbacks.start_work(d);
                Ok(())
            }
            Request::Release { id, version } => {
                let actor = self.actor();
                match cb::release_seen(&mut self.db, actor, id, version) {
                    Ok(_) => self
                        .callbacks
                        .done_working(self.lang.t("已退回公共池", "Back in the pool").into()),
                    Err(e) => self.callbacks.failed(e.message(self.lang)),
                }
                self.reload_callbacks()
            }
            Request::SendTexts => {
                let lang = self.lang;
                match self.send_texts() {
                    Ok((0, _)) => self.callbacks.done_working(
                        lang.t("今天没有待发的短信", "No text messages due today")
                            .into(),
                    ),
                    Ok((n, path)) => self.callbacks.done_working(match lang {
                        Lang::Zh => format!(
                            "已交给短信网关 {n} 条，待网关回执（frontdesk sms-results）：{}",
                            path.display()
                        ),
                        Lang::En => format!(
                            "Handed {n} texts to the SMS gateway, awaiting its result (frontdesk sms-results): {}",
                            path.display()
                        ),
                    }),
                    Err(e) => self.callbacks.failed(e),
                }
                self.reload_callbacks()
            }
            Request::Reassign {
                id,
                version,
                emp_no,
            } => {
                let to = match &emp_no {
                    Some(emp) => match crate::store::agents::by_emp_no(&self.db, emp)? {
                        Some(a) => Some(a.id),
                        None => {
                            self.callbacks.failed(match self.lang {
                                Lang::Zh => format!("工号 {emp} 不存在"),
                                Lang::En => format!("No agent {emp}"),
                            });
                            return Ok(());
                        }
                    },
                    None => None,
                };
                let actor = self.actor();
                match cb::reassign_seen(&mut self.db, actor, id, to, version) {
                    Ok(()) => self
                        .callbacks
                        .done_working(self.lang.t("已重新指派", "Reassigned").into()),
                    Err(e) => self.callbacks.failed(e.message(self.lang)),
                }
                self.reload_callbacks()
            }
            Request::Attempt { id, version, input } => {
                let actor = self.actor();
                let now = self.clock.local_now();
                let rules = &self.callback_rules;
                match cb::record_attempt_seen(&mut self.db, rules, actor, id, version, &input, now)
                {
                    Ok(r) => {
                        let mut msg = format!(
                            "{}{}{}",
                            self.lang.t("已记录", "Recorded"),
                            self.lang.t("：", ": "),
                            r.status.label(self.lang)
                        );
                        if let Some(t) = r.next_try_at {
                            msg.push_str(&format!(
                                "  {} {}",
                                self.lang.t("下次拨打", "next try"),
                                self.clock.fmt_local(t)
                            ));
                        }
                        if let Some(c) = r.complaint_id {
                            msg.push_str(&match self.lang {
                                Lang::Zh => format!("  已建投诉单 #{c}"),
                                Lang::En => format!("  complaint #{c} opened"),
                            });
                        }
                        self.callbacks.done_working(msg);
                        if r.complaint_id.is_some() {
                            self.complaints_run(crate::ui::complaints::Msg::Enter);
                        }
                        self.reload_callbacks()
                    }
                    Err(e) => {
                        self.callbacks.failed(e.message(self.lang));
                        // The task as it is now under the open form (what was typed
                        // stays), so trying again is taken on what the agent was told.
                        if matches!(e, StoreError::Said { .. }) {
                            let d = cb::task(
                                self.db.conn(),
                                &self.callback_rules,
                                id,
                                self.clock.today(),
                            )?;
                            self.callbacks.rebase(d);
                        }
                        Ok(())
                    }
                }
            }
        }
    }

    /// The customer card beside a callback: the car, the last visit, open complaints and
    /// the latest calls.
    fn customer_card(
        &self,
        customer: Option<i64>,
        vehicle: Option<i64>,
    ) -> Result<Vec<String>, StoreError> {
        let lang = self.lang;
        let conn = self.db.conn();
        let mut lines = Vec::new();
        if let Some(vid) = vehicle {
            let v = crate::store::vehicles::get(conn, vid)?;
            let last = crate::store::files::repair_orders(conn, vid, 1)?;
            let visit = last
                .first()
                .map(|o| {
                    format!(
                        "{} {}",
                        o.data.opened.format("%Y-%m-%d"),
                        o.data.items.join("、")
                    )
                })
                .unwrap_or_else(|| lang.t("无", "none").into());
            lines.push(format!(
                "{}{} {} {}  {}{}",
                lang.t("车辆 ", "Car "),
                v.data.brand,
                v.data.model,
                v.data
                    .mileage_km
                    .map(|m| format!("{m}km"))
                    .unwrap_or_default(),
                lang.t("上次进厂 ", "last visit "),
                visit
            ));
        }
        if let Some(cid) = customer {
            let open = crate::store::complaints::open_count_for_customer(conn, cid)?;
            let calls = crate::store::calls::for_customer(conn, cid, 2)?;
            let recent: Vec<String> = calls
                .iter()
                .map(|c| {
                    format!(
                        "{} {}",
                        self.clock.fmt_local(c.started_at).get(..10).unwrap_or(""),
                        self.templates
                            .get(&c.template_id)
                            .map(|t| t.name(lang))
                            .unwrap_or(&c.template_id)
                    )
                })
                .collect();
            lines.push(format!(
                "{}{open}  {}{}",
                lang.t("未结投诉 ", "open complaints "),
                lang.t("最近来电 ", "recent calls "),
                if recent.is_empty() {
                    lang.t("无", "none").to_string()
                } else {
                    recent.join("；")
                }
            ));
        }
        Ok(lines)
    }

    /// Today's due text messages (holiday and birthday greetings by default) as the SMS
    /// gateway's hand-off file (`crate::io::sms`): fixed columns, readable by the store's
    /// group, written under a temporary name and renamed. The tasks are marked handed off
    /// (not exported again) but stay pending until the gateway's result file says sent.
    /// At most 5,000 a batch; run again for the next.
    fn send_texts(&mut self) -> Result<(usize, std::path::PathBuf), String> {
        let lang = self.lang;
        let msg = |e: StoreError| e.message(lang);
        let today = self.clock.today();
        let f = QueueFilter {
            channel: Some(crate::domain::callbacks::Channel::Sms),
            due_to: Some(today),
            ..Default::default()
        };
        let rows = cb::queue(self.db.conn(), &f, today, 5000).map_err(msg)?;
        let store = self.store_name();
        let mut lines = Vec::new();
        for r in &rows {
            if crate::store::sms::batch_of(&self.db, r.id)
                .map_err(msg)?
                .is_some()
            {
                continue;
            }
            let d = cb::task(self.db.conn(), &self.callback_rules, r.id, today).map_err(msg)?;
            if let Some(m) = d.mobile.clone() {
                lines.push((r.id, m, d.render(&d.text, &store)));
            }
        }
        if lines.is_empty() {
            return Ok((0, std::path::PathBuf::new()));
        }
        let stem = self
            .db
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let name = format!(
            "{stem}-sms-{}.csv",
            self.clock.local_now().format("%Y%m%d-%H%M%S")
        );
        let path = self.file_beside_db("sms", &name)?;
        let db_dir = path
            .parent()
            .and_then(|p| p.parent())
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let group = crate::export::group_of(&db_dir);
        if let Some(dir) = path.parent() {
            crate::export::share_dir(dir, group).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let bytes = crate::io::sms::handoff_bytes(&lines).map_err(|e| e.to_string())?;
        let ids: Vec<i64> = lines.iter().map(|l| l.0).collect();
        let actor = self.actor();
        // Marked and written together: a file that could not be written leaves no task
        // marked, and no task is marked without its file.
        let n = crate::store::sms::hand_off(&mut self.db, actor, &ids, &name, || {
            crate::export::write_file(&path, &bytes, crate::export::Access::Group(group))
        })
        .map_err(|e| match e {
            crate::store::sms::HandOffError::Store(e) => e.message(lang),
            crate::store::sms::HandOffError::File(e) => format!("{}: {e}", path.display()),
        })?;
        Ok((n, path))
    }

    /// The signed-in agent when not a supervisor: the queue and its counts hold only the
    /// tasks that agent can take.
    fn taker(&self) -> Option<i64> {
        self.agent
            .as_ref()
            .filter(|a| a.role != crate::store::agents::Role::Supervisor)
            .map(|a| a.id)
    }

    /// Reloads the queue and the status bar's count of callbacks due.
    pub(super) fn reload_callbacks(&mut self) -> Result<(), StoreError> {
        let today = self.clock.today();
        let scope = match self.callbacks.whose {
            Whose::All => QScope::All,
            Whose::Pool => QScope::Pool,
            Whose::Mine => QScope::Agent(self.agent.as_ref().map(|a| a.id).unwrap_or(-1)),
        };
        // Calls to make; text greetings are sent in batches, not worked one by one here.
        let f = QueueFilter {
            kind: self.callbacks.kind,
            scope,
            merge: true,
            channel: Some(crate::domain::callbacks::Channel::Call),
            sort: if self.callbacks.by_priority {
                cb::Sort::Priority
            } else {
                cb::Sort::Due
            },
            status: self.callbacks.status,
            taker: self.taker(),
            ..Default::default()
        };
        let rows = cb::queue(self.db.conn(), &f, today, QUEUE_LIMIT)?;
        let total = if rows.len() < QUEUE_LIMIT {
            rows.len()
        } else {
            cb::queue_total(self.db.conn(), &f)?
        };
        self.callbacks.total = total;
        let mut counts = cb::counts_by_kind(self.db.conn(), today)?;
        if f.taker.is_some() {
            // `f` does not step to a kind this agent cannot take.
            counts.retain(|c| c.kind.level() < 3);
        }
        // The header's count of a kind is what the list shows filtered to it.
        let mut kind_totals = Vec::new();
        for c in &counts {
            let by_kind = QueueFilter {
                kind: Some(c.kind),
                ..f.clone()
            };
            let n = cb::queue_total(self.db.conn(), &by_kind)?;
            if n > 0 {
                kind_totals.push((c.kind, n));
            }
        }
        self.callbacks.kind_totals = kind_totals;
        if let Some(line) = self.callbacks.set_rows(rows, counts, self.lang) {
            self.note(line);
        }
        self.callbacks_due = cb::due_count(self.db.conn(), today, self.taker())?;
        Ok(())
    }

    /// Creates the tasks due from the data (idempotent), and returns stale personal tasks
    /// to the pool. Run at start and every few minutes: on the planning thread when the
    /// app has one (the holiday day plans ~100k greetings), the queue reloading when it
    /// is done (`planned`); else here.
    pub(super) fn plan_callbacks(&mut self) {
        if self.db.is_read_only() {
            return;
        }
        let (actor, today, tz) = (self.actor(), self.clock.today(), self.clock.tz());
        let (rules, calendar) = (self.callback_rules.clone(), self.calendar.clone());
        let now = self.clock.local_now();
        let plan = move |db: &mut crate::store::Db| {
            if let Err(e) = cb::plan(db, actor, today, tz, &rules, &calendar) {
                tracing::warn!("callback planning: {}", e.message(Lang::En));
            }
            if let Err(e) = cb::return_stale_to_pool(db, &rules, now) {
                tracing::warn!("stale callbacks: {}", e.message(Lang::En));
            }
        };
        match &mut self.background {
            Some(bg) => bg.plan(&self.db, plan),
            None => plan(&mut self.db),
        }
    }

    /// Planning finished on its thread: the queue and its counts load again.
    pub(super) fn planned(&mut self) {
        if let Err(e) = self.reload_callbacks() {
            tracing::warn!("callbacks reload: {}", e.message(Lang::En));
        }
    }

    /// The store's name for scripts and messages: the site setting, else the store setup's.
    pub(super) fn store_name(&self) -> String {
        if self.settings.store_name.is_empty() {
            self.store_setup.name.clone()
        } else {
            self.settings.store_name.clone()
        }
    }
}
