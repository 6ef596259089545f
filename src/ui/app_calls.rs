//! The app's side of the Calls tab: carrying out its effects against the store.

use super::action::Tab;
use super::app::App;
use super::screens::Effect;
use super::screens::calls::{Ctx, EntryKey, Msg};
use crate::domain::archive::CustomerData;
use crate::i18n::Lang;
use crate::store::{StoreError, agents, calls, customers, search, vehicles};

/// Rows of the calls list loaded at once.
const CALLS_SHOWN: usize = 200;

impl App {
    pub fn calls_ctx(&self) -> Ctx<'_> {
        super::app::ctx_of(self.lang, &self.clock, &self.templates, &self.agent)
    }

    pub(super) fn apply_calls(&mut self, effect: Effect) -> Result<(), StoreError> {
        match effect {
            Effect::CallsReload => self.reload_calls(),
            Effect::CallsFilter {
                customer,
                agent_emp_no,
            } => {
                if let Some(q) = customer {
                    let hit = search::search(self.db.conn(), &q, 1)?;
                    // No such customer: a filter that matches nothing, said plainly.
                    self.calls.filter.customer_id =
                        Some(hit.first().map(|h| h.customer_id).unwrap_or(-1));
                }
                if let Some(emp) = agent_emp_no {
                    let a = agents::by_emp_no(&self.db, &emp)?;
                    self.calls.filter.agent_id = Some(a.map(|a| a.id).unwrap_or(-1));
                }
                self.reload_calls()
            }
            Effect::CallFor {
                customer_id,
                vehicle_id,
            } => {
                self.tab = Tab::Calls;
                self.calls.start_for();
                self.calls.pending_customer = Some((customer_id, vehicle_id));
                Ok(())
            }
            Effect::CallCustomerSearch(q) => {
                let hits = if q.trim().is_empty() {
                    Vec::new()
                } else {
                    search::search(self.db.conn(), &q, 6)?
                };
                self.calls.set_customer_hits(hits);
                Ok(())
            }
            Effect::CallPickCustomer {
                customer_id,
                vehicle_id,
            } => self.pick_call_customer(customer_id, vehicle_id),
            Effect::CallQuickCustomer { name, mobile } => {
                let data = CustomerData {
                    name,
                    mobile: Some(mobile),
                    ..Default::default()
                };
                let actor = self.actor();
                match customers::create(&mut self.db, actor, &data) {
                    Ok(id) => self.pick_call_customer(id, None),
                    Err(e) => {
                        self.calls_msg(Msg::Refused(e.message(self.lang)));
                        Ok(())
                    }
                }
            }
            Effect::SaveCall(call) => {
                let actor = self.actor();
                match calls::save(&mut self.db, actor, &call) {
                    Ok(saved) => {
                        let msg = match (
                            self.lang,
                            saved.rescue_id,
                            saved.complaint_id,
                            call.resolved,
                        ) {
                            (Lang::Zh, Some(_), _, _) => {
                                "已保存；救援单已开，30 分钟内联系客户".to_string()
                            }
                            (Lang::En, Some(_), _, _) => {
                                "Saved; rescue case opened: contact the customer within 30 min"
                                    .to_string()
                            }
                            (Lang::Zh, _, Some(id), _) => format!("已保存；投诉单 #{id} 已建立"),
                            (Lang::En, _, Some(id), _) => format!("Saved; complaint #{id} opened"),
                            (Lang::Zh, _, _, false) => "已保存；24 小时内回复客户".to_string(),
                            (Lang::En, _, _, false) => {
                                "Saved; answer the customer within 24 h".to_string()
                            }
                            (lang, ..) => lang.t("已保存", "Saved").to_string(),
                        };
                        // Today's list, on the record just made.
                        self.calls.day = None;
                        let select = Some(match saved.rescue_id {
                            Some(r) => EntryKey::Rescue(r),
                            None => EntryKey::Call(saved.call_id),
                        });
                        self.calls_msg(Msg::Done {
                            message: msg,
                            select,
                        });
                        self.reload_calls()
                    }
                    Err(e) => {
                        self.calls_msg(Msg::Refused(e.message(self.lang)));
                        Ok(())
                    }
                }
            }
            Effect::CorrectCall {
                id,
                version,
                fields,
                sentence,
                resolved,
                completeness,
            } => {
                let actor = self.actor();
                match calls::correct(
                    &mut self.db,
                    actor,
                    id,
                    version,
                    &fields,
                    &sentence,
                    resolved,
                    completeness,
                ) {
                    Ok(()) => {
                        let message = self
                            .lang
                            .t(
                                "已更正，原版本已保留",
                                "Corrected; the earlier version is kept",
                            )
                            .into();
                        self.calls_msg(Msg::Done {
                            message,
                            select: Some(EntryKey::Call(id)),
                        });
                        let d = calls::get(self.db.conn(), id)?;
                        self.calls.show_detail(d);
                        Ok(())
                    }
                    Err(e) => {
                        let conflict = matches!(e, StoreError::Conflict { .. });
                        self.calls_msg(Msg::Refused(e.message(self.lang)));
                        // Someone else corrected it first: their version is loaded and the
                        // form says who; saving again is taken on what the agent now sees.
                        if conflict {
                            self.follow_correction(id)?;
                        }
                        Ok(())
                    }
                }
            }
            Effect::OpenCall(id) => {
                let d = calls::get(self.db.conn(), id)?;
                self.calls.show_detail(d);
                Ok(())
            }
            Effect::OpenRescue(id) => {
                let r = calls::rescue(self.db.conn(), id)?;
                self.calls.show_rescue(r);
                Ok(())
            }
            Effect::RescueStep { id, version, step } => {
                let actor = self.actor();
                match calls::rescue_step_seen(&mut self.db, actor, id, version, &step) {
                    Ok(()) => {
                        let what = self.calls.subject_of(EntryKey::Rescue(id), self.lang);
                        let message = match self.lang {
                            Lang::Zh => format!("{what} 已更新"),
                            Lang::En => format!("{what} updated"),
                        };
                        self.calls_msg(Msg::Done {
                            message,
                            select: Some(EntryKey::Rescue(id)),
                        });
                        if self.calls.rescue.is_some() {
                            let r = calls::rescue(self.db.conn(), id)?;
                            self.calls.show_rescue(r);
                        }
                        self.reload_calls()
                    }
                    Err(e) => {
                        // Refused (someone else's step came first): the form stays open with
                        // the reason, and what it shows is loaded again, so the next try is
                        // taken on what the agent now sees.
                        let why = e.message(self.lang);
                        self.status = Some((why.clone(), true));
                        self.calls_msg(Msg::Refused(why));
                        self.refresh_rescue_step(id)?;
                        self.reload_calls()
                    }
                }
            }
            Effect::FollowUpDone { call_id, note } => {
                let actor = self.actor();
                match calls::complete_follow_up(&mut self.db, actor, call_id, &note) {
                    Ok(()) => {
                        self.calls_msg(Msg::Done {
                            message: self.lang.t("已记录回复", "Answer recorded").into(),
                            select: Some(EntryKey::FollowUp(call_id)),
                        });
                        if self.calls.detail.is_some() {
                            let d = calls::get(self.db.conn(), call_id)?;
                            self.calls.show_detail(d);
                        }
                        self.reload_calls()
                    }
                    Err(e) => {
                        self.calls_msg(Msg::Refused(e.message(self.lang)));
                        self.reload_calls()
                    }
                }
            }
            Effect::KbTransfer(id) => {
                let actor = self.actor();
                self.status = Some(
                    match crate::store::kb::transfers::mark(&mut self.db, actor, id, "") {
                        Ok(()) => (
                            match self.lang {
                                Lang::Zh => {
                                    format!("来电 #{id} 已标记：知识库无法解答，转技术支持")
                                }
                                Lang::En => format!(
                                    "Call #{id} marked: not answered by the knowledge base, transferred to technical support"
                                ),
                            },
                            false,
                        ),
                        Err(e) => (e.message(self.lang), true),
                    },
                );
                Ok(())
            }
            Effect::Copy(text) => {
                self.clipboard = Some(text);
                self.status = Some((
                    self.lang
                        .t("已复制到剪贴板", "Copied to the clipboard")
                        .into(),
                    false,
                ));
                Ok(())
            }
            other => {
                tracing::warn!("calls: effect not routed here: {other:?}");
                Ok(())
            }
        }
    }

    /// Another agent saved: the calls list, and an open rescue case or call, show what is
    /// stored now; an open form on a record that changed says who changed it.
    pub(super) fn follow_calls(&mut self) -> Result<(), StoreError> {
        self.reload_calls()?;
        if let Some(r) = &self.calls.rescue {
            let (id, shown) = (r.id, r.version);
            let now = calls::rescue(self.db.conn(), id)?;
            self.calls.rescue = Some(now);
            self.follow_rescue_step(id, shown)?;
        } else if let Some((kind, _)) = &self.calls.step {
            use super::screens::calls::StepKind;
            if let StepKind::Dispatch { id, version } | StepKind::RescueResult { id, version } =
                *kind
            {
                self.follow_rescue_step(id, version)?;
            }
        }
        if let Some(d) = &self.calls.detail {
            let (id, shown) = (d.row.id, d.version);
            let now = calls::get(self.db.conn(), id)?;
            let moved = now.version != shown;
            self.calls.detail = Some(now);
            if moved
                && self
                    .calls
                    .form
                    .as_ref()
                    .is_some_and(|f| f.correcting.is_some())
            {
                self.follow_correction(id)?;
            }
        }
        Ok(())
    }

    /// A step form open on rescue case `id` as of version `shown`: when the case moved on,
    /// the form acts on it as it is now and says who changed it.
    fn follow_rescue_step(&mut self, id: i64, shown: i64) -> Result<(), StoreError> {
        let now = calls::rescue(self.db.conn(), id)?;
        if now.version == shown || self.calls.step.is_none() {
            return Ok(());
        }
        self.calls.rebase_step(&now);
        let line = crate::store::stale::last_audited(self.db.conn(), "rescue", id)?.map(|c| {
            crate::store::stale::notice((&format!("救援 #{id}"), &format!("Rescue case {id}")), c)
                .message(self.lang)
        });
        if let (Some(line), Some((_, f))) = (line, &mut self.calls.step) {
            f.message = Some((line, true));
        }
        Ok(())
    }

    /// A correction form on call `id` whose call changed: the form keeps what was typed and
    /// now corrects the stored version, saying who changed it.
    fn follow_correction(&mut self, id: i64) -> Result<(), StoreError> {
        let now = calls::get(self.db.conn(), id)?;
        let version = now.version;
        self.calls.detail = Some(now);
        let change = crate::store::stale::last_audited(self.db.conn(), "call", id)?;
        if let Some(f) = &mut self.calls.form
            && let Some((cid, v)) = &mut f.correcting
            && *cid == id
        {
            *v = version;
            if let Some(c) = change {
                let e =
                    crate::store::stale::notice((&format!("来电 #{id}"), &format!("Call {id}")), c);
                f.message = Some((e.message(self.lang), true));
            }
        }
        Ok(())
    }

    /// Hands the store's answer to the Calls screen; its status line goes to the status bar.
    pub(super) fn calls_msg(&mut self, msg: Msg) {
        if let Some(line) = self.calls.update(msg, self.lang) {
            self.status = Some(line);
        }
    }

    /// After a refused rescue step: the case as it is now, in the open page and form.
    fn refresh_rescue_step(&mut self, id: i64) -> Result<(), StoreError> {
        let r = calls::rescue(self.db.conn(), id)?;
        if self.calls.rescue.is_some() {
            self.calls.rescue = Some(r.clone());
        }
        self.calls.rebase_step(&r);
        Ok(())
    }

    fn pick_call_customer(
        &mut self,
        customer_id: i64,
        vehicle_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let c = customers::get(self.db.conn(), customer_id)?;
        let vs = vehicles::of_customer(self.db.conn(), customer_id)?;
        let ctx = super::app::ctx_of(self.lang, &self.clock, &self.templates, &self.agent);
        // Full numbers only where this customer's were revealed (audited) in the archive.
        let revealed = self
            .customers
            .archive
            .as_ref()
            .is_some_and(|a| a.revealed && a.customer.id == customer_id);
        self.calls.set_customer(c, vs, vehicle_id, revealed, &ctx);
        Ok(())
    }

    pub(super) fn reload_calls(&mut self) -> Result<(), StoreError> {
        let conn = self.db.conn();
        let filter = self.calls.effective_filter(&self.clock);
        let rescues = calls::open_rescues(conn, 50)?;
        let follow_ups = calls::open_follow_ups(conn, 50)?;
        let list = calls::list(conn, &filter, CALLS_SHOWN)?;
        self.rescue_counts = calls::rescue_counts(conn, self.clock.now())?;
        let note = self.calls.update(
            Msg::Loaded {
                rescues,
                follow_ups,
                calls: list,
            },
            self.lang,
        );
        // Leaving the list is worth saying, after what was just done (an error stays).
        if let Some((line, _)) = note {
            self.note(line);
        }
        Ok(())
    }

    /// After a key on the Calls tab: a call started from a customer's archive gets that
    /// customer as soon as its form opens.
    pub(super) fn after_calls_key(&mut self) {
        if let Some(why) = self.calls.refusal.take() {
            self.status = Some((why, true));
        }
        if self.calls.form.is_some()
            && let Some((c, v)) = self.calls.pending_customer.take()
            && let Err(e) = self.pick_call_customer(c, v)
        {
            self.status = Some((e.message(self.lang), true));
        }
        self.kb_suggestions();
    }

    /// The call form's knowledge-base suggestions, searched again when the template's key
    /// field changed (current articles only: an expired promotion or policy is never offered).
    fn kb_suggestions(&mut self) {
        use crate::store::kb::search::{KbQuery, search as kb_search};
        let today = self.clock.today();
        if let Some(f) = &mut self.calls.form
            && let Some((kind, q)) = f.kb_wanted()
        {
            let ask = KbQuery::suggest(
                kind,
                &q,
                today,
                super::screens::calls::kb_suggest::SHOWN * 2,
            );
            match kb_search(self.db.conn(), &ask) {
                Ok(rows) => f.kb_found(rows),
                Err(e) => self.status = Some((e.message(self.lang), true)),
            }
        }
    }
}
