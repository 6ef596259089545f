//! The Customers tab's state machine without a terminal or a store: keys in, commands
//! out; messages in, state out.

use super::*;
use crate::domain::archive::{Energy, Gender};
use crate::store::search::MatchKind;
use crossterm::event::{KeyCode, KeyModifiers};

pub(super) fn hit(id: i64, name: &str) -> Hit {
    Hit {
        customer_id: id,
        vehicle_id: Some(id * 10),
        name: name.into(),
        mobile: None,
        plate: None,
        vin: None,
        car: String::new(),
        vehicles: 1,
        matched: MatchKind::Recent,
    }
}

pub(super) fn customer(id: i64, name: &str, version: i64) -> Customer {
    Customer {
        id,
        uuid: format!("u{id}"),
        data: CustomerData {
            name: name.into(),
            gender: Some(Gender::Male),
            mobile: Some("13812341234".into()),
            region: "广东省深圳市".into(),
            ..Default::default()
        },
        created_at: String::new(),
        updated_at: String::new(),
        version,
    }
}

pub(super) fn car(id: i64, customer_id: i64, plate: &str) -> VehicleFiles {
    VehicleFiles {
        vehicle: Vehicle {
            id,
            customer_id,
            data: VehicleData {
                vin: format!("LSVAU2180N2{id:06}"),
                vin_check_ok: true,
                plate: Some(plate.into()),
                energy: Energy::Fuel,
                ..Default::default()
            },
            version: 1,
        },
        sales: None,
        repairs: Vec::new(),
        repair_total: 0,
    }
}

pub(super) fn archive(c: Customer, cars: Vec<VehicleFiles>) -> Box<Archive> {
    Box::new(Archive {
        customer: c,
        vehicles: cars,
        revealed: false,
        contacts: Vec::new(),
    })
}

pub(super) fn tab(lang: Lang) -> CustomersTab {
    CustomersTab {
        lang,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        ..Default::default()
    }
}

pub(super) fn press(t: &mut CustomersTab, action: Action) -> Vec<Cmd> {
    t.update(Msg::Key(
        Some(action),
        KeyEvent::new(KeyCode::Null, KeyModifiers::NONE),
    ))
}

pub(super) fn typed(t: &mut CustomersTab, text: &str) -> Vec<Cmd> {
    let mut out = Vec::new();
    for c in text.chars() {
        out = t.update(Msg::Key(
            None,
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        ));
    }
    out
}

/// The results as the store answers; the status line the tab asks for, if any.
pub(super) fn hits(t: &mut CustomersTab, list: Vec<Hit>) -> Option<String> {
    let cmds = t.update(Msg::Hits {
        hits: list,
        total: None,
    });
    cmds.into_iter().find_map(|c| match c {
        Cmd::Out(Out::Status(s)) => Some(s),
        _ => None,
    })
}

/// 张三 with two cars, open on his archive.
pub(super) fn open_zhang(t: &mut CustomersTab) {
    t.update(Msg::Loaded(archive(
        customer(1, "张三", 3),
        vec![car(10, 1, "粤B12345"), car(11, 1, "粤B67890")],
    )));
}

/// The search runs again after another agent's save (a recently changed customer lists
/// first): the highlight stays on the customer it was on; gone, it moves to the neighbour
/// and the status line names who left.
#[test]
fn the_highlight_stays_on_the_customer_when_the_results_reorder() {
    let mut t = tab(Lang::Zh);
    hits(&mut t, vec![hit(1, "张三"), hit(2, "李四")]);
    press(&mut t, Action::Down);
    let moved = hits(&mut t, vec![hit(3, "王五"), hit(1, "张三"), hit(2, "李四")]);
    assert_eq!(moved, None);
    assert_eq!(t.selected.index(), 2);
    assert_eq!(
        press(&mut t, Action::Open),
        vec![Cmd::Load {
            id: 2,
            revealed: false
        }]
    );
    let note = hits(&mut t, vec![hit(3, "王五"), hit(1, "张三")]).unwrap();
    assert!(note.contains("李四"), "{note}");
    assert_eq!(t.selected.id(), Some(&(1, Some(10))));
}

/// A customer with no car is listed under (customer, no car); once their first car is saved
/// the search lists them under that car. Same customer: the highlight stays on them and
/// nothing is said about anyone leaving (a new store's first customer read "已不在搜索结果中").
#[test]
fn a_customers_first_car_keeps_the_highlight_on_them() {
    let mut t = tab(Lang::Zh);
    let carless = |mut h: Hit| {
        h.vehicle_id = None;
        h
    };
    hits(
        &mut t,
        vec![carless(hit(1, "张三")), carless(hit(2, "李四"))],
    );
    press(&mut t, Action::Down);
    assert_eq!(t.selected.id(), Some(&(2, None)));
    let said = hits(&mut t, vec![hit(2, "李四"), carless(hit(1, "张三"))]);
    assert_eq!(said, None);
    assert_eq!(t.selected.id(), Some(&(2, Some(20))));
    assert_eq!(t.selected.index(), 0);
    // Truly gone: still said.
    let said = hits(&mut t, vec![carless(hit(1, "张三"))]).unwrap();
    assert!(said.contains("李四"), "{said}");
}

#[test]
fn typing_in_the_search_field_searches_from_the_first_row() {
    let mut t = tab(Lang::Zh);
    hits(&mut t, vec![hit(1, "张三"), hit(2, "李四")]);
    press(&mut t, Action::Down);
    press(&mut t, Action::FocusSearch);
    assert!(t.typing());
    assert_eq!(typed(&mut t, "zs"), vec![Cmd::Search("zs".into())]);
    hits(&mut t, vec![hit(2, "李四"), hit(1, "张三")]);
    assert_eq!(t.selected.id(), Some(&(2, Some(20))));
    assert_eq!(
        t.update(Msg::Paste("1\n2".into())),
        vec![Cmd::Search("zs12".into())]
    );
}

/// Another agent saved: the results are searched again in every mode; an open archive is
/// loaded again (with full numbers if they were shown); an open edit form asks whether
/// its record moved.
#[test]
fn another_agents_save_reloads_what_is_shown() {
    let mut t = tab(Lang::Zh);
    let again = |ask| Cmd::Refresh {
        query: String::new(),
        ask,
    };
    assert_eq!(t.update(Msg::Follow), vec![again(1)]);
    open_zhang(&mut t);
    assert_eq!(t.mode(), Mode::Detail);
    assert_eq!(
        t.update(Msg::Follow),
        vec![
            again(2),
            Cmd::Reload {
                id: 1,
                revealed: false,
                ask: 2
            }
        ]
    );
    press(&mut t, Action::NextVehicle);
    press(&mut t, Action::EditVehicle);
    assert_eq!(
        t.update(Msg::Follow),
        vec![
            again(3),
            Cmd::Check {
                record: Record::Vehicle(11),
                version: 1,
                customer_id: 1,
                revealed: false,
                refused: false,
            }
        ]
    );
    // A new customer's form has no stored record to move.
    press(&mut t, Action::Back);
    press(&mut t, Action::Back);
    press(&mut t, Action::AddCustomer);
    assert_eq!(t.update(Msg::Follow), vec![again(4)]);
}

/// The archive reloads under the open page: the car shown stays the same car.
#[test]
fn the_archive_keeps_its_car_when_it_reloads() {
    let mut t = tab(Lang::Zh);
    open_zhang(&mut t);
    press(&mut t, Action::NextVehicle);
    open_zhang(&mut t);
    assert_eq!(t.form_subject(FormKind::EditVehicle), "粤B67890 张三");
}

/// Two agents edit the same customer: the second save is refused, the form follows the
/// store (their version, my typed fields kept) and says who changed what; the next save
/// is taken on the new version.
#[test]
fn a_refused_save_follows_the_store_and_keeps_what_was_typed() {
    let mut t = tab(Lang::Zh);
    open_zhang(&mut t);
    press(&mut t, Action::EditCustomer);
    let f = t.form_mut().unwrap();
    f.focus = f.fields.iter().position(|f| f.key == "address").unwrap();
    typed(&mut t, "南山区");
    let cmds = press(&mut t, Action::Save);
    assert!(
        matches!(&cmds[..], [Cmd::SaveCustomer { id: Some(1), version: 3, data }] if data.address == "南山区"),
        "{cmds:?}"
    );
    let check = t.update(Msg::Conflict);
    assert!(matches!(
        &check[..],
        [Cmd::Check {
            record: Record::Customer(1),
            version: 3,
            refused: true,
            ..
        }]
    ));
    let mut theirs = customer(1, "张三", 4);
    theirs.data.region = "广东省广州市".into();
    t.update(Msg::Moved {
        archive: archive(theirs, vec![]),
        who: Some("王芳".into()),
        refused: true,
    });
    let (_, form) = t.form().unwrap();
    assert_eq!(form.get("address"), "南山区");
    assert_eq!(form.get("region"), "广东省广州市");
    let (line, error) = form.message.clone().unwrap();
    assert!(error && line.starts_with("未保存：王芳"), "{line}");
    let cmds = press(&mut t, Action::Save);
    assert!(
        matches!(
            &cmds[..],
            [Cmd::SaveCustomer {
                id: Some(1),
                version: 4,
                ..
            }]
        ),
        "{cmds:?}"
    );
}

/// A save went through: the archive loads again on the car just saved, the results
/// search again, and the status line says so.
#[test]
fn a_saved_car_is_shown_when_the_archive_loads() {
    let mut t = tab(Lang::En);
    open_zhang(&mut t);
    press(&mut t, Action::AddVehicle);
    let cmds = t.update(Msg::Saved {
        customer_id: 1,
        vehicle_id: Some(12),
    });
    assert_eq!(
        cmds,
        vec![
            Cmd::Out(Out::Status("Saved".into())),
            Cmd::Load {
                id: 1,
                revealed: false
            },
            Cmd::Search(String::new()),
        ]
    );
    assert_eq!(t.mode(), Mode::Detail);
    t.update(Msg::Loaded(archive(
        customer(1, "张三", 3),
        vec![
            car(10, 1, "粤B12345"),
            car(11, 1, "粤B67890"),
            car(12, 1, "粤B00001"),
        ],
    )));
    assert_eq!(t.vehicle_idx, 2);
}

#[test]
fn a_refusal_is_said_on_the_form() {
    let mut t = tab(Lang::Zh);
    press(&mut t, Action::AddCustomer);
    t.update(Msg::Refused("数据库忙".into()));
    assert_eq!(t.form().unwrap().1.message, Some(("数据库忙".into(), true)));
    assert_eq!(t.mode(), Mode::Form);
}

/// From the archive: a call for this customer and the car shown (the Calls tab takes
/// it), and the audited reveal of full numbers, asked once.
#[test]
fn the_archive_asks_for_a_call_and_a_reveal() {
    let mut t = tab(Lang::Zh);
    open_zhang(&mut t);
    press(&mut t, Action::NextVehicle);
    assert_eq!(
        press(&mut t, Action::NewCall),
        vec![Cmd::Out(Out::CallFor {
            customer_id: 1,
            vehicle_id: Some(11)
        })]
    );
    assert_eq!(press(&mut t, Action::Reveal), vec![Cmd::Reveal(1)]);
    let mut shown = archive(customer(1, "张三", 3), vec![]);
    shown.revealed = true;
    t.update(Msg::Loaded(shown));
    assert_eq!(press(&mut t, Action::Reveal), vec![]);
    press(&mut t, Action::Back);
    assert!(t.at_list());
}

/// A draft of a car form: the customer's archive is loaded first, then the form is put
/// back on the same car with what was typed.
#[test]
fn a_draft_comes_back_on_its_car_once_the_archive_is_loaded() {
    let mut t = tab(Lang::Zh);
    let cmds = t.update(Msg::Restore(Box::new(Restore {
        kind: FormKind::EditVehicle,
        customer_id: Some(1),
        vehicle_id: Some(11),
        values: vec![("color".into(), "珍珠白".into())],
    })));
    assert_eq!(
        cmds,
        vec![Cmd::Load {
            id: 1,
            revealed: false
        }]
    );
    assert!(t.form().is_none());
    open_zhang(&mut t);
    let (kind, form) = t.form().unwrap();
    assert_eq!(kind, FormKind::EditVehicle);
    assert_eq!(form.get("color"), "珍珠白");
    assert_eq!(form.get("plate"), "粤B67890");
    assert_eq!(t.draft().map(|d| (d.1, d.2)), Some((Some(1), Some(11))));
}

/// Coded values are written in the user's language (issue #18): the English form says
/// M and fuel, not 男 and 燃油, and saves the same codes.
#[test]
fn coded_values_are_words_of_the_users_language() {
    for (lang, gender, energy) in [(Lang::Zh, "男", "燃油"), (Lang::En, "M", "fuel")] {
        let mut t = tab(lang);
        open_zhang(&mut t);
        press(&mut t, Action::EditCustomer);
        assert_eq!(t.form().unwrap().1.get("gender"), gender);
        let cmds = press(&mut t, Action::Save);
        assert!(
            matches!(&cmds[..], [Cmd::SaveCustomer { data, .. }] if data.gender == Some(Gender::Male)),
            "{cmds:?}"
        );
        press(&mut t, Action::Back);
        press(&mut t, Action::EditVehicle);
        assert_eq!(t.form().unwrap().1.get("energy"), energy);
    }
}

#[test]
fn the_forms_key_line_comes_from_the_key_table_and_names_only_keys_that_work() {
    use ratatui::{Terminal, backend::TestBackend};
    for lang in [Lang::Zh, Lang::En] {
        let mut form = forms::build(forms::FormKind::NewCustomer, None, None, false, lang);
        let draw = |form: &crate::ui::widgets::form::Form| {
            let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
            t.draw(|f| {
                forms::render(
                    forms::FormKind::NewCustomer,
                    form,
                    "",
                    false,
                    f,
                    f.area(),
                    lang,
                    &crate::ui::theme::Theme::new(false),
                )
            })
            .unwrap();
            crate::ui::testing::screen_text(t.backend().buffer())
        };
        let screen = draw(&form);
        assert!(
            screen.contains(lang.t(
                "Tab 下一栏  Ctrl-S 保存  Esc 取消",
                "Tab next  Ctrl-S save  Esc cancel"
            )),
            "{screen}"
        );
        // In the multi-line notes ↓ is the field's own: the line does not offer it.
        form.focus = form.fields.iter().position(|f| f.key == "notes").unwrap();
        let screen = draw(&form);
        assert!(
            !screen.contains("↓") && !screen.contains("Down"),
            "{screen}"
        );
        assert!(
            screen.contains(lang.t("Ctrl-S 保存", "Ctrl-S save")),
            "{screen}"
        );
    }
}

/// A customer with no number on file: no reveal key offered, and `r` says why instead of
/// an audited reveal of nothing.
#[test]
fn the_reveal_key_is_offered_only_where_a_number_is_masked() {
    for lang in [Lang::Zh, Lang::En] {
        let draw = |t: &CustomersTab| draw(t, lang);
        let hint = lang.t("显示号码", "reveals");
        let mut t = tab(lang);
        open_zhang(&mut t);
        assert!(draw(&t).contains(hint));
        let mut walk_in = customer(2, "李四", 1);
        walk_in.data.mobile = None;
        t.update(Msg::Loaded(archive(walk_in, vec![])));
        let screen = draw(&t);
        assert!(!screen.contains(hint), "{screen}");
        let cmds = press(&mut t, Action::Reveal);
        assert!(matches!(&cmds[..], [Cmd::Out(Out::Status(_))]), "{cmds:?}");
    }
}

/// An example in an empty field is said as one: a bare grey `广东省深圳市` or
/// `13812341234` reads as filled in.
#[test]
fn example_hints_say_they_are_examples() {
    let examples = [
        (forms::FormKind::NewCustomer, "mobile"),
        (forms::FormKind::NewCustomer, "landline"),
        (forms::FormKind::NewCustomer, "region"),
        (forms::FormKind::NewVehicle, "plate"),
        (forms::FormKind::NewVehicle, "mileage"),
    ];
    for (kind, key) in examples {
        let f = forms::build(kind, None, None, false, Lang::Zh);
        let field = f.fields.iter().find(|x| x.key == key).unwrap();
        assert!(field.text().is_empty(), "{key}");
        assert!(field.hint_in(Lang::Zh).starts_with("如 "), "{key}");
        let en = field.hint_in(Lang::En);
        assert!(
            en.starts_with("e.g. ") || !en.chars().any(|c| c.is_ascii_digit()),
            "{key}: {en}"
        );
    }
}

/// A search that finds nobody: Enter in the field (where `a` is a letter typed) starts the
/// new customer with what was typed, a Chinese name as the name, a mobile as the mobile;
/// what is neither (pinyin initials) fills nothing. The empty list says which key.
#[test]
fn enter_on_a_search_that_found_nobody_starts_that_customer() {
    for (typed_in, field, value) in [
        ("欧阳娜娜", "name", "欧阳娜娜"),
        ("139 1234 5678", "mobile", "13912345678"),
        ("oyn", "name", ""),
    ] {
        let mut t = tab(Lang::Zh);
        press(&mut t, Action::FocusSearch);
        typed(&mut t, typed_in);
        hits(&mut t, Vec::new());
        let screen = draw(&t, Lang::Zh);
        assert!(screen.contains("按 Enter 新建这位客户"), "{screen}");
        assert_eq!(press(&mut t, Action::Open), Vec::new());
        assert_eq!(t.mode, Mode::Form, "{typed_in}");
        let (kind, form) = t.form.as_ref().unwrap();
        assert_eq!(*kind, FormKind::NewCustomer);
        assert_eq!(form.get(field), value, "{typed_in}");
    }
    // Found someone: Enter leaves the field for the list, as before.
    let mut t = tab(Lang::Zh);
    press(&mut t, Action::FocusSearch);
    typed(&mut t, "张");
    hits(&mut t, vec![hit(1, "张三")]);
    press(&mut t, Action::Open);
    assert_eq!(t.mode, Mode::List);
    assert!(!t.typing());
}

pub(super) fn draw(t: &CustomersTab, lang: Lang) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let clock = crate::clock::Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now());
    term.draw(|f| {
        t.render(
            f,
            f.area(),
            lang,
            &clock,
            &crate::ui::theme::Theme::new(false),
        )
    })
    .unwrap();
    crate::ui::testing::screen_text(term.backend().buffer())
}
