//! The customer and vehicle forms' checks that ask before saving: a VIN whose check digit
//! is wrong, a yes/no field holding neither.

use super::tests::{draw, open_zhang, press, tab, typed};
use super::*;

/// A VIN with a wrong check digit: the first save asks, once, to save again (the field says
/// what is wrong, the message line what to do); the second save keeps it.
#[test]
fn a_wrong_check_digit_is_asked_about_once_then_kept() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        open_zhang(&mut t);
        press(&mut t, Action::AddVehicle);
        typed(&mut t, "LSVAU2180N2000001");
        assert_eq!(press(&mut t, Action::Save), Vec::new(), "{lang:?}");
        let screen = draw(&t, lang);
        let again = lang.t("再按", "again");
        assert_eq!(screen.matches(again).count(), 1, "{screen}");
        assert!(
            screen.contains(lang.t("校验位应为 9", "check digit should be 9")),
            "{screen}"
        );
        let cmds = press(&mut t, Action::Save);
        assert!(
            matches!(&cmds[..], [Cmd::SaveVehicle { data, .. }] if !data.vin_check_ok),
            "{cmds:?}"
        );
    }
}

/// VIP is yes or no (empty: no): anything else is asked about on the field instead of
/// being saved as "not VIP".
#[test]
fn a_vip_field_that_is_neither_yes_nor_no_is_asked_about() {
    for lang in [Lang::Zh, Lang::En] {
        for (typed_in, vip) in [
            ("VIP客户", None),
            ("是的", None),
            ("", Some(false)),
            ("n", Some(false)),
            ("Y", Some(true)),
            ("是", Some(true)),
        ] {
            let mut t = tab(lang);
            press(&mut t, Action::AddCustomer);
            let (_, form) = t.form.as_mut().expect("the form");
            form.fields
                .iter_mut()
                .find(|f| f.key == "name")
                .expect("name")
                .set_text("王芳");
            form.fields
                .iter_mut()
                .find(|f| f.key == "vip")
                .expect("vip")
                .set_text(typed_in);
            let cmds = press(&mut t, Action::Save);
            let at = format!("{lang:?} {typed_in:?}");
            match vip {
                Some(want) => assert!(
                    matches!(&cmds[..], [Cmd::SaveCustomer { data, .. }] if data.vip == want),
                    "{at}: {cmds:?}"
                ),
                None => {
                    assert_eq!(cmds, Vec::new(), "{at}");
                    let screen = draw(&t, lang);
                    assert!(
                        screen.contains(lang.t("请填 是 或 否", "enter y or n")),
                        "{at}: {screen}"
                    );
                }
            }
        }
    }
}
