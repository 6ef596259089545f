//! Drafts of the form being filled: captured from the screens as data, saved ~1.5 s after
//! the last change, and offered back at the next start after a crash, a kill or a dropped
//! SSH session.

use super::action::Tab;
use super::app::App;
use super::calls::{Msg as CallsMsg, Restore};
use super::complaints::{Msg as ComplaintsMsg, Restore as ComplaintRestore};
use super::customers::{FormKind, Msg as CustomersMsg, Restore as ArchiveRestore};
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
            Draft::Complaint { .. } => "complaint",
        }
    }
}

fn values(form: &crate::ui::widgets::form::Form) -> Vec<(String, String)> {
    form.fields
        .iter()
        .map(|f| (f.key.to_string(), f.text().to_string()))
        .collect()
}

pub(crate) fn fill(form: &mut crate::ui::widgets::form::Form, values: &[(String, String)]) {
    for (k, v) in values {
        if let Some(f) = form.fields.iter_mut().find(|f| f.key == k.as_str()) {
            f.set_text(v);
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

    /// The form in progress with unsaved input, as data.
    pub fn current_draft(&self) -> Option<Draft> {
        if let Some(f) = self.calls.form()
            && f.is_dirty()
        {
            return Some(Draft::Call {
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
        if let Some((form, picked)) = self.complaints.register_draft() {
            return Some(Draft::Complaint {
                picked,
                values: values(form),
            });
        }
        if let Some((kind, customer_id, vehicle_id, form)) = self.customers.draft()
            && form.is_dirty()
        {
            return Some(Draft::Archive {
                form: kind.code().into(),
                customer_id,
                vehicle_id,
                values: values(form),
            });
        }
        None
    }

    /// The draft as it would be stored now (None: nothing to keep).
    pub fn draft_record(&self) -> Option<DraftRecord> {
        let d = self.current_draft()?;
        Some(DraftRecord {
            owner: self.draft_owner(),
            kind: d.kind().into(),
            body: serde_json::to_string(&d).ok()?,
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

    /// Puts a saved draft back on screen.
    pub fn restore_draft(&mut self, record: &DraftRecord) {
        let Ok(d) = serde_json::from_str::<Draft>(&record.body) else {
            return;
        };
        match d {
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
                self.complaints_run(ComplaintsMsg::Restore(ComplaintRestore { values, picked }));
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
        self.saved_draft_body = Some(record.body.clone());
    }
}
