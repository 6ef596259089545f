//! Reusable pieces: forms with labelled fields, the help overlay, popups.

pub mod customer_pick;
pub mod day;
pub mod form;
pub mod form_choice;
pub mod form_merge;
mod form_scroll;
pub mod hit;
pub mod panel;
pub mod popup;
pub mod rows;
pub mod text_area;
pub mod wrapped;
