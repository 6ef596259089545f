//! A demo booking's life up to `now`: confirmed, reminded, then cancelled, a no-show, or
//! come, served and completed with its repair order.

use super::super::flow::{event_kind, next_ro_number};
use super::{Rng, Vehicle};
use crate::clock::to_db;
use crate::domain::appointments::{
    self as da, CancelReason, CancelledBy, MessageCtx, Status, StoreSetup, Want,
};
use crate::domain::archive::{RepairKind, RepairOrderData};
use crate::i18n::Lang;
use crate::store::{Actor, StoreError, files};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, params};

/// Moves a demo booking along its life up to `now`.
pub(super) struct Life<'a> {
    pub(super) tx: &'a Connection,
    pub(super) store_id: &'a str,
    pub(super) setup: &'a StoreSetup,
    pub(super) id: i64,
    pub(super) agent: Option<i64>,
    pub(super) created: DateTime<Utc>,
    pub(super) now: DateTime<Utc>,
}

impl Life<'_> {
    fn step(
        &self,
        at: DateTime<Utc>,
        kind: &str,
        from: Status,
        to: Status,
        extra: &str,
        p: &[&dyn rusqlite::ToSql],
    ) -> Result<(), StoreError> {
        let mut sql = format!(
            "UPDATE appointments SET status = '{}', updated_at = '{}'",
            to.code(),
            to_db(at)
        );
        if !extra.is_empty() {
            sql.push_str(", ");
            sql.push_str(extra);
        }
        sql.push_str(&format!(" WHERE id = {}", self.id));
        self.tx.execute(&sql, p)?;
        let body = serde_json::json!({"from": from.code(), "to": to.code()});
        event_kind(self.tx, self.id, at, self.agent, kind, &body)
    }

    pub(super) fn play(
        &self,
        rng: &mut Rng,
        v: &Vehicle,
        want: &Want,
        ctx: &MessageCtx,
        services: &[String],
    ) -> Result<(), StoreError> {
        let (start, now) = (want.start, self.now);
        let mut status = Status::Booked;
        // Confirmed soon after booking, unless it was a walk-in.
        let confirm_at = self.created + rng.minutes(2, 60);
        if confirm_at < start && confirm_at <= now && rng.chance(0.85) {
            let text = da::confirmation_text(self.setup, ctx, Lang::Zh);
            self.step(
                confirm_at,
                "confirm",
                status,
                Status::Confirmed,
                "confirmation = ?1",
                &[&text],
            )?;
            status = Status::Confirmed;
        }
        // Day-before reminder calls that are due are done.
        let due: Vec<(i64, String)> = {
            let mut st = self
                .tx
                .prepare_cached("SELECT id, due_at FROM reminders WHERE appointment_id = ?1")?;
            let rows = st.query_map([self.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let cancel = rng.chance(0.09);
        for (rid, due_at) in due {
            let Some(at) = crate::clock::from_db(&due_at).map(|t| t + rng.minutes(0, 90)) else {
                continue;
            };
            if at > now || at >= start {
                continue;
            }
            let outcome = if cancel {
                "cancelled"
            } else if rng.chance(0.08) {
                "unreachable"
            } else {
                "confirmed"
            };
            self.tx.execute(
                "UPDATE reminders SET outcome = ?1, outcome_at = ?2, outcome_by = ?3 WHERE id = ?4",
                params![outcome, to_db(at), self.agent, rid],
            )?;
            event_kind(
                self.tx,
                self.id,
                at,
                self.agent,
                "reminder_outcome",
                &serde_json::json!({"reminder_id": rid, "outcome": outcome}),
            )?;
            if outcome == "confirmed" && status.is_expected() {
                self.step(at, "remind", status, Status::Reminded, "", &[])?;
                status = Status::Reminded;
            }
        }
        if cancel {
            let at =
                (start - rng.minutes(60, 2 * 24 * 60)).max(self.created + Duration::minutes(5));
            if at <= now {
                let reason = *rng.pick(&CancelReason::ALL[..8]);
                let by = if reason == CancelReason::StoreCapacity {
                    CancelledBy::Store
                } else {
                    CancelledBy::Customer
                };
                let note = match reason {
                    CancelReason::ScheduleChanged => "客户临时出差，改天再约",
                    CancelReason::ServicedElsewhere => "客户已在附近快修店处理",
                    CancelReason::Price => "客户觉得报价偏高，再考虑",
                    CancelReason::PartsUnavailable => "配件未能按期到货",
                    CancelReason::StoreCapacity => "当天技师请假，门店致电取消并致歉",
                    CancelReason::WeatherTraffic => "暴雨天气，客户不便出行",
                    CancelReason::NoLongerNeeded => "故障已自行消失，客户暂不需要",
                    _ => "客户已将车辆出售",
                };
                self.step(
                    at,
                    "cancel",
                    status,
                    Status::Cancelled,
                    "cancel_reason = ?1, cancel_note = ?2, cancelled_by = ?3",
                    &[&reason.code(), &note, &by.code()],
                )?;
                return Ok(());
            }
        }
        let grace = self.setup.grace;
        if start + grace > now {
            return Ok(());
        }
        if rng.chance(0.08) {
            let at = start + grace + rng.minutes(0, 20);
            self.tx.execute("UPDATE appointments SET status = 'no_show', no_show_at = ?1, updated_at = ?1 WHERE id = ?2", params![to_db(at), self.id])?;
            event_kind(
                self.tx,
                self.id,
                at,
                None,
                "no_show",
                &serde_json::json!({"from": status.code(), "to": "no_show"}),
            )?;
            return Ok(());
        }
        let arrived = start + rng.minutes(-15, 20);
        self.step(
            arrived,
            "arrive",
            status,
            Status::Arrived,
            "checked_in_at = ?1",
            &[&to_db(arrived)],
        )?;
        let started = arrived + rng.minutes(3, 35);
        if started > now {
            return Ok(());
        }
        self.step(
            started,
            "start_service",
            Status::Arrived,
            Status::InService,
            "service_started_at = ?1",
            &[&to_db(started)],
        )?;
        let done = want.end + rng.minutes(-20, 40);
        if done > now {
            return Ok(());
        }
        let date = da::local(self.setup.tz, done).date();
        let kind = match services.first().map(String::as_str) {
            Some("warranty") => RepairKind::Warranty,
            Some("maintenance" | "major_maintenance" | "inspection") => RepairKind::Maintenance,
            Some("body_paint") => RepairKind::Accident,
            _ => RepairKind::Repair,
        };
        let amount = if kind == RepairKind::Warranty {
            0
        } else {
            (300 + rng.below(2700) as i64) * 100
        };
        let actor = Actor {
            agent_id: self.agent,
            at: done,
        };
        let o = RepairOrderData {
            ro_number: next_ro_number(self.tx, date)?,
            opened: da::local(self.setup.tz, arrived).date(),
            closed: Some(date),
            advisor: want.advisor.clone(),
            kind,
            items: services
                .iter()
                .map(|s| self.setup.service_label(s, Lang::Zh))
                .collect(),
            amount_fen: amount,
            mileage_km: v.mileage,
            accident: kind == RepairKind::Accident,
        };
        let ro = files::insert_repair_order_in(self.tx, self.store_id, actor, v.vehicle_id, &o)?;
        self.step(
            done,
            "complete",
            Status::InService,
            Status::Completed,
            "completed_at = ?1, repair_order_id = ?2",
            &[&to_db(done), &ro],
        )?;
        Ok(())
    }
}
