//! Drafts of the form being filled: captured from the screens as data, saved ~1.5 s after
//! the last change, and offered back at the next start after a crash, a kill or a dropped
//! SSH session.

use super::action::Tab;
use super::app::{App, Overlay};
use super::appointments::{Msg as AppointmentsMsg, StepRestore as BookingStepRestore};
use super::callbacks::{AssignDraft, Msg as CallbacksMsg, Restore as CallbackRestore};
use super::calls::{Msg as CallsMsg, Restore};
use super::complaints::{Msg as ComplaintsMsg, StepRestore as ComplaintStepRestore};
use super::customers::{FormKind, Msg as CustomersMsg, Restore as ArchiveRestore};
use super::widgets::customer_pick::PickedDraft;
use crate::clock::{from_db, to_db};
use crate::domain::calls::{Channel, Direction};
use crate::store::drafts::{self, DraftRecord};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// How long after the last change a draft is saved.
pub const DEBOUNCE: Duration = Duration::from_millis(1500);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Draft {
    /// A customer or vehicle form.
    Archive {
        form: String,
        customer_id: Option<i64>,
        vehicle_id: Option<i64>,
        values: Vec<(String, String)>,
    },
    /// A complaint's register form, with the customer and car picked on it.
    Complaint {
        picked: Option<(i64, Option<i64>)>,
        values: Vec<(String, String)>,
    },
    /// A step form open on a complaint's page (a contact, a resolution, a note...).
    ComplaintStep {
        complaint_id: i64,
        step: crate::ui::complaints::Step,
        values: Vec<(String, String)>,
    },
    /// A booking form, with the customer and car picked on it.
    Booking {
        picked: Option<(i64, Option<i64>)>,
        values: Vec<(String, String)>,
    },
    /// A step form on a booking's page (completing, cancelling, rescheduling) or a
    /// reminder's outcome, with the booking's version it was typed on (none in a draft an
    /// earlier version kept).
    BookingStep {
        step: crate::ui::appointments::StepForm,
        values: Vec<(String, String)>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seen: Option<i64>,
    },
    /// A form on a page of the More tab (an article, an event).
    Desk(crate::ui::desk::PageDraft),
    /// A callback task's work form.
    Callback {
        task_id: i64,
        values: Vec<(String, String)>,
    },
    /// A supervisor's reassign box on a callback task, at the task's version seen.
    CallbackAssign {
        task_id: i64,
        version: i64,
        values: Vec<(String, String)>,
    },
    /// A small form of the Calls tab (a rescue case's dispatch or result, a follow-up's
    /// answer).
    CallStep(crate::ui::calls::StepDraft),
    /// The first-run setup of a brand-new store (before anyone signs in: kept under the
    /// operating-system user).
    FirstRun { values: Vec<(String, String)> },
    /// A call form.
    Call {
        template_id: String,
        customer_id: Option<i64>,
        vehicle_id: Option<i64>,
        direction: String,
        channel: String,
        query: String,
        values: Vec<(String, String)>,
        started_at: String,
        correcting: Option<(i64, i64)>,
    },
}

impl Draft {
    fn kind(&self) -> &'static str {
        match self {
            Draft::Archive { .. } => "archive",
            Draft::Call { .. } => "call",
            Draft::CallStep(_) => "call_step",
            Draft::Complaint { .. } => "complaint",
            Draft::ComplaintStep { .. } => "complaint_step",
            Draft::Booking { .. } => "booking",
            Draft::BookingStep { .. } => "booking_step",
            Draft::Callback { .. } => "callback",
            Draft::CallbackAssign { .. } => "callback_assign",
            Draft::FirstRun { .. } => "first_run",
            Draft::Desk(d) => match d.page.as_str() {
                "knowledge" => "desk_knowledge",
                "events" => "desk_events",
                "improvements" => "desk_improvements",
                "handover" => "desk_handover",
                "quality" => "desk_quality",
                "rentals" => "desk_rentals",
                "settings" => "desk_settings",
                _ => "desk",
            },
        }
    }
}

/// The drafts a stored body holds: every form left open (a list), or the one form an
/// earlier version kept (an object). None: not a body this version reads.
pub fn parse(body: &str) -> Option<Vec<Draft>> {
    serde_json::from_str::<Vec<Draft>>(body)
        .ok()
        .or_else(|| serde_json::from_str::<Draft>(body).ok().map(|d| vec![d]))
}

/// What a stored draft's kinds (`call,booking`) name, for the offer to restore them.
pub fn kinds_said(kinds: &str, lang: crate::i18n::Lang) -> String {
    let names: Vec<&str> = kinds
        .split(',')
        .map(|k| match k {
            "call" => lang.t("来电登记", "a call record"),
            "call_step" => lang.t("救援或回复表单", "a rescue or follow-up form"),
            "complaint" => lang.t("投诉登记", "a complaint being registered"),
            "complaint_step" => lang.t("投诉处理表单", "a complaint's step form"),
            "booking" => lang.t("预约登记", "a booking being made"),
            "booking_step" => lang.t("预约处理表单", "a booking's step form"),
            "callback" => lang.t("回访记录", "a callback being worked"),
            "callback_assign" => lang.t("回访任务改派", "a callback task being reassigned"),
            "desk_knowledge" => lang.t("知识库条目", "a knowledge-base article"),
            "desk_events" => lang.t("客户活动", "a customer event"),
            "desk_improvements" => lang.t("整改措施", "an improvement action"),
            "desk_handover" => lang.t("资料交到登记", "a hand-over receipt"),
            "desk_quality" => lang.t("质检评分或申诉", "a quality review's scores or dispute"),
            "desk_rentals" => lang.t("租赁表单", "a rental form"),
            "desk_settings" => lang.t("门店设置", "a settings form"),
            "desk" => lang.t("「更多」页的表单", "a form on the More tab"),
            "first_run" => lang.t("首次设置", "the first-run setup"),
            _ => lang.t("客户/车辆资料", "a customer or vehicle form"),
        })
        .collect();
    names.join(lang.t("、", ", "))
}

pub(crate) fn values(form: &crate::ui::widgets::form::Form) -> Vec<(String, String)> {
    form.fields
        .iter()
        .map(|f| (f.key.to_string(), f.text().to_string()))
        .collect()
}

/// Why a draft could not be put back, with the prose typed in it (`keys`: the fields to
/// quote; empty: all), so nothing typed is lost without a word: the agent can note it
/// again. `what` names the form.
pub(crate) fn lost(
    what: (&str, &str),
    why: &str,
    values: &[(String, String)],
    keys: &[&str],
    lang: crate::i18n::Lang,
) -> String {
    let why = why.trim_end_matches(['。', '.', ' ']);
    let typed: Vec<&str> = values
        .iter()
        .filter(|(k, _)| keys.is_empty() || keys.contains(&k.as_str()))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    match lang {
        crate::i18n::Lang::Zh => format!(
            "未保存的{}无法恢复：{why}。当时填写：{}",
            what.0,
            typed.join("；")
        ),
        crate::i18n::Lang::En => format!(
            "The unsaved {} could not be put back: {why}. It said: {}",
            what.1,
            typed.join("; ")
        ),
    }
}

pub(crate) fn fill(form: &mut crate::ui::widgets::form::Form, values: &[(String, String)]) {
    for (k, v) in values {
        if let Some(f) = form.fields.iter_mut().find(|f| f.key == k.as_str())
            && f.text() != v
        {
            // Not the default the form offered: typed text (drawn as such, edited as such).
            f.set_text(v);
            f.fresh = false;
        }
    }
}

impl App {
    /// Who a draft belongs to: the agent, or the operating-system user before sign-in.
    pub fn draft_owner(&self) -> String {
        match &self.agent {
            Some(a) => a.emp_no.clone(),
            None => format!("os:{}", crate::store::agents::os_user().unwrap_or_default()),
        }
    }

    /// Every form in progress with unsaved input, as data: the call first, as the tab a
    /// restore ends on.
    pub fn current_drafts(&self) -> Vec<Draft> {
        let mut out = Vec::new();
        if let Some(Overlay::FirstRun(fr)) = &self.overlay
            && fr.form.is_dirty()
        {
            out.push(Draft::FirstRun {
                values: values(&fr.form),
            });
        }
        if let Some(f) = self.calls.form()
            && f.is_dirty()
        {
            out.push(Draft::Call {
                template_id: f.template.id.clone(),
                customer_id: f.customer.as_ref().map(|c| c.id),
                vehicle_id: f.vehicle().map(|v| v.id),
                direction: f.direction.code().into(),
                channel: f.channel.code().into(),
                query: f.query.value().into(),
                values: values(&f.fields),
                started_at: to_db(f.started_at),
                correcting: f.correcting,
            });
        }
        if let Some(d) = self.calls.step_draft() {
            out.push(Draft::CallStep(d));
        }
        if let Some(d) = self.complaints.register_draft() {
            out.push(Draft::Complaint {
                picked: d.picked,
                values: d.values,
            });
        }
        if let Some(d) = self.complaints.step_draft() {
            out.push(Draft::ComplaintStep {
                complaint_id: d.complaint_id,
                step: d.step,
                values: d.values,
            });
        }
        if let Some(d) = self.appointments.book_draft() {
            out.push(Draft::Booking {
                picked: d.picked,
                values: d.values,
            });
        }
        if let Some(d) = self.appointments.step_draft() {
            out.push(Draft::BookingStep {
                step: d.step,
                values: d.values,
                seen: d.seen,
            });
        }
        if let Some(d) = self.callbacks.work_draft() {
            out.push(Draft::Callback {
                task_id: d.task_id,
                values: d.values,
            });
        }
        if let Some(d) = self.callbacks.assign_draft() {
            out.push(Draft::CallbackAssign {
                task_id: d.task_id,
                version: d.version,
                values: d.values,
            });
        }
        out.extend(self.desk.drafts().into_iter().map(Draft::Desk));
        if let Some((kind, customer_id, vehicle_id, form)) = self.customers.draft()
            && form.is_dirty()
        {
            out.push(Draft::Archive {
                form: kind.code().into(),
                customer_id,
                vehicle_id,
                values: values(form),
            });
        }
        out
    }

    /// The drafts as they would be stored now (None: nothing to keep).
    pub fn draft_record(&self) -> Option<DraftRecord> {
        let drafts = self.current_drafts();
        if drafts.is_empty() {
            return None;
        }
        let kinds: Vec<&str> = drafts.iter().map(Draft::kind).collect();
        Some(DraftRecord {
            owner: self.draft_owner(),
            kind: kinds.join(","),
            body: serde_json::to_string(&drafts).ok()?,
            saved_at: self.clock.now(),
        })
    }

    /// Saves the draft when it changed and the user paused; drops it when the form is
    /// gone. Called from the loop; cheap when nothing changed.
    pub fn autosave(&mut self, last_input: Instant) {
        if last_input.elapsed() < DEBOUNCE {
            return;
        }
        self.save_draft_now();
    }

    /// Saves (or clears) the draft at once: on quitting, on a signal.
    pub fn save_draft_now(&mut self) {
        // "Quit anyway" discards what was typed: no draft is offered back next time.
        let record = self.draft_record().filter(|_| !self.discard_draft);
        let body = record.as_ref().map(|r| r.body.clone());
        if body == self.saved_draft_body {
            return;
        }
        let owner = self.draft_owner();
        let result = match &record {
            Some(r) => drafts::save(&mut self.db, r),
            None => drafts::delete(&mut self.db, &owner),
        };
        match result {
            Ok(()) => self.saved_draft_body = body,
            // Busy or full: the form is still on screen; the next pause tries again.
            Err(e) => tracing::warn!("draft not saved: {}", e.message(crate::i18n::Lang::En)),
        }
    }

    /// A draft left by an earlier session of this agent, if any.
    pub fn pending_draft(&self) -> Option<DraftRecord> {
        drafts::load(self.db.conn(), &self.draft_owner())
            .ok()
            .flatten()
    }

    /// Puts saved drafts back on screen, each in its tab; the first one's tab is shown.
    pub fn restore_draft(&mut self, record: &DraftRecord) {
        let Some(drafts) = parse(&record.body) else {
            return;
        };
        for d in drafts.into_iter().rev() {
            self.restore_one(d);
        }
        self.saved_draft_body = Some(record.body.clone());
    }

    fn restore_one(&mut self, d: Draft) {
        match d {
            // Only while the setup is on screen: once the store is set up it is moot.
            Draft::FirstRun { values } => {
                if let Some(Overlay::FirstRun(fr)) = &mut self.overlay {
                    fr.restore(&values);
                }
            }
            Draft::Archive {
                form,
                customer_id,
                vehicle_id,
                values,
            } => {
                let Some(kind) = FormKind::from_code(&form) else {
                    return;
                };
                self.tab = Tab::Customers;
                self.customers_run(CustomersMsg::Restore(Box::new(ArchiveRestore {
                    kind,
                    customer_id,
                    vehicle_id,
                    values,
                })));
            }
            Draft::Complaint { picked, values } => {
                self.tab = Tab::Complaints;
                self.complaints_run(ComplaintsMsg::Restore(PickedDraft { values, picked }));
            }
            Draft::ComplaintStep {
                complaint_id,
                step,
                values,
            } => {
                self.tab = Tab::Complaints;
                self.complaints_run(ComplaintsMsg::RestoreStep(ComplaintStepRestore {
                    complaint_id,
                    step,
                    values,
                }));
            }
            Draft::Booking { picked, values } => {
                self.tab = Tab::Appointments;
                self.appointments_run(AppointmentsMsg::Restore(PickedDraft { values, picked }));
            }
            Draft::BookingStep { step, values, seen } => {
                self.tab = Tab::Appointments;
                let d = BookingStepRestore { step, values, seen };
                self.appointments_run(AppointmentsMsg::RestoreStep(d));
            }
            Draft::Desk(d) => {
                self.tab = Tab::Desk;
                self.desk_run(|desk, env| desk.restore(&d, env));
            }
            Draft::CallStep(d) => {
                self.tab = Tab::Calls;
                self.calls_run(CallsMsg::RestoreStep(d));
            }
            Draft::Callback { task_id, values } => {
                self.tab = Tab::Callbacks;
                self.callbacks_run(CallbacksMsg::Restore(CallbackRestore { task_id, values }));
            }
            Draft::CallbackAssign {
                task_id,
                version,
                values,
            } => {
                self.tab = Tab::Callbacks;
                let d = AssignDraft {
                    task_id,
                    version,
                    values,
                };
                self.callbacks_run(CallbacksMsg::RestoreAssign(d));
            }
            Draft::Call {
                template_id,
                customer_id,
                vehicle_id,
                direction,
                channel,
                query,
                values,
                started_at,
                correcting,
            } => {
                if self.templates.get(&template_id).is_none() {
                    return;
                }
                self.tab = Tab::Calls;
                let started_at = from_db(&started_at).unwrap_or_else(|| self.clock.now());
                self.calls_run(CallsMsg::Restore(Box::new(Restore {
                    template_id,
                    started_at,
                    correcting,
                    customer: customer_id.map(|c| (c, vehicle_id)),
                    direction: Direction::from_code(&direction),
                    channel: Channel::from_code(&channel),
                    query,
                    values,
                })));
            }
        }
    }
}
