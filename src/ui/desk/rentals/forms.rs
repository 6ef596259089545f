//! The page's forms: a new rental, a car's return and a breakdown during the rental, opened
//! on the highlighted (or opened) rental, and what saving one asks the store.

use super::{Cmd, Draft, Editing, FormKind, RentalsPage};
use crate::domain::rentals::format_when;
use crate::ui::widgets::form::{Field, Form};

impl RentalsPage {
    pub(super) fn open_form(&mut self, kind: FormKind) -> Vec<Cmd> {
        let now = format_when(self.now, self.tz);
        let fields = match kind {
            FormKind::New => vec![
                Field::new("contract_no", "合同号", "Contract no.")
                    .required()
                    .hints("如 R-2026-0001", "e.g. R-2026-0001"),
                Field::new("plate", "车牌号", "Plate").required(),
                Field::new("mobile", "客户手机", "Customer mobile").required(),
                // Defaults (the first branch, the time now): what is typed replaces them.
                Field::new("branch", "取车网点", "Branch")
                    .default_value(self.branches.first().map(String::as_str).unwrap_or("")),
                Field::new("start", "取车时间", "Start")
                    .required()
                    .datetime_hint()
                    .default_value(&now),
                Field::new("planned_return", "预计还车", "Planned return")
                    .required()
                    .datetime_hint(),
            ],
            FormKind::Return { .. } => {
                let branch = self.target().map(|r| r.branch.clone()).unwrap_or_default();
                vec![
                    Field::new("at", "还车时间", "Returned")
                        .required()
                        .datetime_hint()
                        .default_value(&now),
                    Field::new("branch", "还车网点", "Branch").value(&branch),
                ]
            }
            FormKind::Breakdown { .. } => vec![
                Field::new("fault", "故障类型", "Fault type")
                    .required()
                    .hint("1-9"),
                Field::new("at", "故障时间", "When")
                    .required()
                    .datetime_hint()
                    .default_value(&now),
                Field::new("place", "故障地点", "Where").required(),
                Field::new("note", "情况说明", "Note"),
            ],
        };
        let contract = match kind {
            FormKind::New => String::new(),
            FormKind::Return { .. } | FormKind::Breakdown { .. } => self
                .target()
                .map(|r| r.contract_no.clone())
                .unwrap_or_default(),
        };
        self.editing = Some(Editing {
            kind,
            contract,
            form: Form::new(fields),
            asking: false,
        });
        Vec::new()
    }

    pub(super) fn save(&mut self) -> Vec<Cmd> {
        let Some(e) = &mut self.editing else {
            return Vec::new();
        };
        e.form.clear_errors();
        let missing: Vec<String> = e
            .form
            .fields
            .iter()
            .filter(|f| f.required && f.text().trim().is_empty())
            .map(|f| f.key.to_string())
            .collect();
        if !missing.is_empty() {
            let msg = self.lang.t("必填", "required").to_string();
            for k in &missing {
                e.form.set_error(k, msg.clone());
            }
            e.form.focus_first_error();
            return Vec::new();
        }
        let get = |k: &str| e.form.get(k).trim().to_string();
        let cmd = match e.kind {
            FormKind::New => Cmd::Create(Draft {
                contract_no: get("contract_no"),
                plate: get("plate"),
                mobile: get("mobile"),
                branch: get("branch"),
                start: get("start"),
                planned_return: get("planned_return"),
            }),
            FormKind::Return { id, version } => Cmd::Return {
                id,
                version,
                at: get("at"),
                branch: get("branch"),
            },
            FormKind::Breakdown { id, version } => Cmd::Breakdown {
                id,
                version,
                fault: get("fault"),
                at: get("at"),
                place: get("place"),
                note: get("note"),
            },
        };
        vec![cmd]
    }
}
