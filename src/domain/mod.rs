//! Domain rules: plain Rust, no terminal and no database. Time comes in as a value from
//! the one `Clock`.

pub mod appointments;
pub mod archive;
pub mod audit;
pub mod calendar;
pub mod callbacks;
pub mod calls;
pub mod complaints;
pub mod demo_data;
pub mod drill;
pub mod events;
pub mod handover;
pub mod improvements;
pub mod kb;
pub mod pinyin;
pub mod quality;
pub mod rentals;
pub mod store_fields;
pub mod templates;
#[cfg(test)]
pub(crate) mod testing;
pub mod validate;
