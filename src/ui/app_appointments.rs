//! The app's side of the Appointments tab: carrying out its requests against the store.

use super::app::App;
use super::screens::appointments::Request;
use crate::store::StoreError;

impl App {
    pub(super) fn apply_appointments(&mut self, request: Request) -> Result<(), StoreError> {
        match request {
            Request::Reload => self.reload_appointments(),
        }
    }

    /// Reloads what the tab shows (at start, on others' changes, on request).
    pub(super) fn reload_appointments(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
}
