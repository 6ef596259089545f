//! Where a file's header is and which kinds it names. A dealer export row usually holds a
//! customer, their car and its sale: each kind whose columns the header has is imported, in
//! the order a row's records link (the owner, the car, then its sale). `--kind` takes one.

use super::ImportError;
use crate::io::columns::{self, Columns, Field, KINDS, Kind, MapEntry};

/// What a header must have for a kind to be read from it without `--kind`, in words
/// (Chinese, English) for the refusal.
pub(super) const RULES: [(Kind, &str, &str); 4] = [
    (
        Kind::Customers,
        "：姓名，加手机、电话或其他客户信息",
        ": name, with mobile, phone or other customer details",
    ),
    (Kind::Vehicles, "：车架号", ": VIN"),
    (
        Kind::Sales,
        "：车架号，加交车日期、渠道、经销商、销售顾问或价格",
        ": VIN, with delivery date, channel, dealer, salesperson or price",
    ),
    (
        Kind::Repairs,
        "：工单号和进厂日期",
        ": RO number and date in",
    ),
];

/// The header row and the kinds it names, each with its columns, in the order a row's
/// records are written; the last kind is the row's own record (the one a row repeating an
/// earlier row is refused for; the others may repeat: a customer with two cars).
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub header: Vec<String>,
    pub header_line: usize,
    pub kinds: Vec<(Kind, Columns)>,
}

impl Layout {
    /// Each column's header and the field it feeds for the first kind that reads it.
    pub fn columns(&self) -> Vec<(String, Option<Field>)> {
        self.header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let f = self.kinds.iter().find_map(|(_, c)| c.fields[i]);
                (h.clone(), f)
            })
            .collect()
    }

    pub fn kind_list(&self) -> Vec<Kind> {
        self.kinds.iter().map(|(k, _)| *k).collect()
    }
}

/// The kinds a header row names (or the one asked for), with their columns.
fn kinds_of(header: &[String], map: &[MapEntry], only: Option<Kind>) -> Vec<(Kind, Columns)> {
    if let Some(k) = only {
        return vec![(k, Columns::new(columns::assign(k, header, map)))];
    }
    use Field::*;
    let all: Vec<(Kind, Columns)> = KINDS
        .iter()
        .map(|k| (*k, Columns::new(columns::assign(*k, header, map))))
        .collect();
    let has = |k: Kind, f: Field| all[k.index()].1.has(f);
    let any = |k: Kind, fs: &[Field]| fs.iter().any(|f| has(k, *f));
    // A repair-order file links its own cars and owners (many orders per car).
    if has(Kind::Repairs, RoNumber) && has(Kind::Repairs, Opened) {
        return vec![all[Kind::Repairs.index()].clone()];
    }
    let wanted = [
        has(Kind::Customers, Name)
            && any(
                Kind::Customers,
                &[
                    Mobile, Phone, Gender, Birthday, IdNumber, Region, Address, Notes, Vip,
                ],
            ),
        has(Kind::Vehicles, Vin),
        has(Kind::Sales, Vin)
            && any(
                Kind::Sales,
                &[DeliveryDate, Channel, Dealer, Salesperson, Price],
            ),
        false,
    ];
    all.into_iter()
        .zip(wanted)
        .filter(|(_, on)| *on)
        .map(|(k, _)| k)
        .collect()
}

/// Finds the header among the first rows: the row naming the most fields (at least two, or
/// all a kind requires; without `--kind`, at least one kind). Checks `--map` against it.
pub(super) fn layout(
    rows: &[(usize, Vec<String>)],
    map: &[MapEntry],
    only: Option<Kind>,
) -> Result<(usize, Layout), ImportError> {
    // (row, columns used, kinds)
    type Best = (usize, usize, Vec<(Kind, Columns)>);
    let mut best: Option<Best> = None;
    for (i, (_, cells)) in rows.iter().enumerate() {
        let kinds = kinds_of(cells, map, only);
        let used = (0..cells.len())
            .filter(|c| kinds.iter().any(|(_, k)| k.fields[*c].is_some()))
            .count();
        let candidate = match only {
            Some(k) => used >= 2 || k.required().iter().all(|f| kinds[0].1.has(*f)),
            None => !kinds.is_empty(),
        };
        if candidate && best.as_ref().is_none_or(|(_, s, _)| used > *s) {
            best = Some((i, used, kinds));
        }
    }
    let Some((i, _, kinds)) = best else {
        return Err(ImportError::NoHeader {
            kind: only,
            first_row: rows.first().map(|r| r.1.clone()).unwrap_or_default(),
        });
    };
    let (line, header) = &rows[i];
    for m in map {
        let n = columns::normalize_header(&m.header);
        if !header.iter().any(|x| columns::normalize_header(x) == n) {
            return Err(ImportError::MapColumn(m.header.clone()));
        }
    }
    if let Some(k) = only {
        let missing: Vec<Field> = k
            .required()
            .iter()
            .copied()
            .filter(|f| !kinds[0].1.has(*f))
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::Missing(missing));
        }
    }
    Ok((
        i,
        Layout {
            header: header.clone(),
            header_line: *line,
            kinds,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<(usize, Vec<String>)> {
        vec![(1, cells.iter().map(|c| c.to_string()).collect())]
    }

    fn kinds(cells: &[&str], only: Option<Kind>) -> Vec<Kind> {
        layout(&header(cells), &[], only).unwrap().1.kind_list()
    }

    #[test]
    fn a_dealer_export_names_customer_vehicle_and_sale() {
        let dealer = [
            "客户姓名",
            "手机",
            "车架号",
            "车牌号",
            "交车日期",
            "销售顾问",
        ];
        assert_eq!(
            kinds(&dealer, None),
            [Kind::Customers, Kind::Vehicles, Kind::Sales]
        );
        assert_eq!(kinds(&dealer, Some(Kind::Sales)), [Kind::Sales]);
        assert_eq!(kinds(&["姓名", "手机"], None), [Kind::Customers]);
        assert_eq!(
            kinds(&["车架号", "车主", "手机"], None),
            [Kind::Customers, Kind::Vehicles]
        );
        // A purchase date alone is the vehicle's, not a sale.
        assert_eq!(kinds(&["车架号", "购车日期"], None), [Kind::Vehicles]);
        assert_eq!(
            kinds(&["工单号", "进厂日期", "车架号", "车主", "手机"], None),
            [Kind::Repairs]
        );
    }

    #[test]
    fn no_kind_is_refused_with_what_each_needs() {
        let e = layout(&header(&["备注", "金额"]), &[], None).unwrap_err();
        assert!(matches!(e, ImportError::NoHeader { kind: None, .. }));
        let zh = e.message(crate::i18n::Lang::Zh);
        assert!(zh.contains("任何一类") && zh.contains("车架号"), "{zh}");
        let en = e.message(crate::i18n::Lang::En);
        assert!(en.contains("any kind") && en.contains("VIN"), "{en}");
    }
}
