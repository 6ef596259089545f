//! The demo store's rentals.
