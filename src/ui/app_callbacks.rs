//! The app's side of the Callbacks tab: carrying out its requests against the store.

use super::app::App;
use super::screens::callbacks::Request;
use crate::store::StoreError;

impl App {
    pub(super) fn apply_callbacks(&mut self, request: Request) -> Result<(), StoreError> {
        match request {
            Request::Reload => self.reload_callbacks(),
        }
    }

    /// Reloads what the tab shows (at start, on others' changes, on request).
    pub(super) fn reload_callbacks(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
}
