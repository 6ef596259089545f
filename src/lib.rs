//! frontdesk: the customer relationship desk of a car dealership's after-sales department.
//!
//! Layers the compiler can see: `domain` is plain Rust (rules, validation, no terminal, no
//! database); `store` is SQLite (returns domain types); `ui` is ratatui (each tab a folder:
//! a pure state machine that turns keys and results into commands, a runner that carries
//! the commands out against the store, and views that never write); `cli` is the command
//! line.

pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod io;
pub mod setup;
pub mod store;
pub mod text;
pub mod ui;
