//! A complaint's page as the tab holds it: the complaint, its log folded into its state,
//! its clocks, and the names the page shows.

use crate::domain::complaints::{Clock, ComplaintState, Event};
use crate::i18n::Lang;
use crate::store::complaints::ComplaintRow;

/// A complaint's page.
#[derive(Debug, Clone)]
pub struct Detail {
    pub row: ComplaintRow,
    pub events: Vec<Event>,
    pub state: ComplaintState,
    pub clocks: Vec<Clock>,
    pub follow_ups: Vec<(String, String, bool)>,
    pub valid: bool,
    /// Names of the agents in the log, by id.
    pub names: Vec<(i64, String)>,
    /// The active agents a complaint can be handed to, "1002 陈静" each.
    pub handlers: Vec<String>,
    /// The id of the newest log entry shown: steps are taken on it.
    pub seen: i64,
}

impl Detail {
    /// The complaint as dialog titles name it: `投诉 #72 张三 粤B12345`.
    pub fn subject(&self, lang: Lang) -> String {
        let mut s = format!("{} #{}", lang.t("投诉", "Complaint"), self.row.id);
        for part in [Some(&self.row.customer), self.row.plate.as_ref()]
            .into_iter()
            .flatten()
        {
            if !part.is_empty() {
                s.push(' ');
                s.push_str(&crate::text::inert(part));
            }
        }
        s
    }
}
