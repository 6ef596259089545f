//! What an appointment reminder call is about: the booking its reminder belongs to, so the
//! agent says the day and time (and whom the customer meets) without leaving the task.

use crate::clock::from_db;
use crate::domain::appointments::{local, when_en, when_zh};
use crate::i18n::Lang;
use crate::store::StoreError;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};

/// The booking an appointment reminder task reminds the customer of.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitTopic {
    pub start: DateTime<Utc>,
    pub advisor: String,
}

impl VisitTopic {
    /// The visit as the (Chinese) scripts say it to the customer: `2026年12月8日（周二）10:00`.
    pub fn said(&self, tz: Tz) -> String {
        when_zh(local(tz, self.start))
    }

    /// One line for the agent: the visit's day and time and its advisor.
    pub fn line(&self, tz: Tz, lang: Lang) -> String {
        let t = local(tz, self.start);
        match lang {
            Lang::Zh => format!("预约 {}，服务顾问 {}", when_zh(t), self.advisor),
            Lang::En => format!("Booked for {}, advisor {}", when_en(t), self.advisor),
        }
    }
}

/// The booking of the reminder `reminder` (None: gone).
pub(super) fn topic(conn: &Connection, reminder: i64) -> Result<Option<VisitTopic>, StoreError> {
    let row = conn
        .query_row(
            "SELECT a.start_at, a.advisor FROM reminders r
             JOIN appointments a ON a.id = r.appointment_id WHERE r.id = ?1",
            [reminder],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(start, advisor)| from_db(&start).map(|start| VisitTopic { start, advisor })))
}
