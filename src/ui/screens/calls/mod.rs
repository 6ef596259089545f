//! The Calls tab has moved to `ui::calls`; the screens not yet moved (appointments,
//! callbacks) still draw with its `Ctx` under this name until they move too.

pub use crate::ui::calls::Ctx;
