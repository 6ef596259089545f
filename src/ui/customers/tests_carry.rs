//! A search for a car that finds nobody: Enter starts the new customer, and the plate or
//! VIN searched for goes on into that customer's add-vehicle form once they are saved (the
//! new-customer form has no field for a car).

use super::tests::{archive, customer, draw, hits, press, tab, typed};
use super::*;

#[test]
fn a_plate_or_vin_that_found_nobody_goes_into_the_new_customers_car() {
    for lang in [Lang::Zh, Lang::En] {
        for (typed_in, key, value) in [
            ("粤B12345", "plate", "粤B12345"),
            ("粤b·12345", "plate", "粤B12345"),
            ("粤BD12345", "plate", "粤BD12345"),
            // Without its province, as the search takes it: kept so (the form asks).
            ("b12345", "plate", "B12345"),
            ("lsvau2180n2123456", "vin", "LSVAU2180N2123456"),
        ] {
            let mut t = tab(lang);
            press(&mut t, Action::FocusSearch);
            typed(&mut t, typed_in);
            hits(&mut t, Vec::new());
            press(&mut t, Action::Open);
            let (kind, form) = t.form.as_ref().unwrap();
            assert_eq!(*kind, FormKind::NewCustomer, "{typed_in}");
            assert_eq!(form.get("name"), "", "{typed_in}");
            // The form says where the car goes.
            let s = draw(&t, lang);
            let said = lang.t("保存客户后填入“添加车辆”", "goes into Add vehicle");
            assert!(s.contains(value) && s.contains(said), "{typed_in}\n{s}");
            // Saved and shown: the car's form opens with it.
            t.update(Msg::Saved {
                customer_id: 5,
                vehicle_id: None,
            });
            t.update(Msg::Loaded(archive(customer(5, "欧阳娜娜", 1), Vec::new())));
            let (kind, form) = t.form.as_ref().expect("the car's form");
            assert_eq!(*kind, FormKind::NewVehicle, "{typed_in}");
            assert_eq!(form.get(key), value, "{typed_in}");
            // Only once: the archive shown again opens nothing more.
            press(&mut t, Action::Back);
            press(&mut t, Action::Back);
            assert_eq!(t.mode, Mode::Detail);
            t.update(Msg::Loaded(archive(customer(5, "欧阳娜娜", 2), Vec::new())));
            assert_eq!(t.mode, Mode::Detail);
        }
    }
    // A form left unsaved forgets the car: the next customer saved gets no car's form.
    let mut t = tab(Lang::Zh);
    press(&mut t, Action::FocusSearch);
    typed(&mut t, "粤B12345");
    hits(&mut t, Vec::new());
    press(&mut t, Action::Open);
    press(&mut t, Action::Back);
    press(&mut t, Action::AddCustomer);
    t.update(Msg::Saved {
        customer_id: 6,
        vehicle_id: None,
    });
    t.update(Msg::Loaded(archive(customer(6, "王五", 1), Vec::new())));
    assert!(t.form.is_none());
}
