//! One customer search hit as a row of a pick list: name, masked mobile, plate, car.

use crate::domain::validate::mask_mobile;
use crate::store::search::Hit;
use crate::text::{fit, inert};

pub fn hit_line(h: &Hit) -> String {
    format!(
        "{} {} {} {}",
        fit(&inert(&h.name), 10, true),
        fit(
            &h.mobile.as_deref().map(mask_mobile).unwrap_or_default(),
            12,
            true
        ),
        fit(&inert(h.plate.as_deref().unwrap_or("")), 10, true),
        inert(&h.car),
    )
}
