//! The command line's closed sets of values as clap enumerations: `--help` lists them, the
//! shell completes them, and a typo gets the nearest name suggested.

use crate::io::columns::Kind;
use crate::store::reports::Report;
use clap::ValueEnum;
use clap::builder::PossibleValue;

impl ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &[Kind::Customers, Kind::Vehicles, Kind::Sales, Kind::Repairs]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let v = PossibleValue::new(self.code());
        // The names dealer systems and people use, as `Kind::parse` accepts them.
        Some(match self {
            Kind::Customers => v.aliases(["customer", "客户"]).help("客户 customers"),
            Kind::Vehicles => v.aliases(["vehicle", "车辆"]).help("车辆 vehicles"),
            Kind::Sales => v
                .aliases(["sale", "销售", "销售档案"])
                .help("销售档案 sales files"),
            Kind::Repairs => v
                .aliases(["repair", "ro", "维修", "维修档案", "工单"])
                .help("维修工单 repair orders"),
        })
    }
}

impl ValueEnum for Report {
    fn value_variants<'a>() -> &'a [Self] {
        &Report::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let zh = self.title(crate::i18n::Lang::Zh);
        let en = self.title(crate::i18n::Lang::En);
        Some(PossibleValue::new(self.code()).help(format!("{zh} {en}")))
    }
}

/// The file format of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// CSV, UTF-8 with a BOM (Excel opens it)
    Csv,
    /// Excel workbook
    Xlsx,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Where `--panic-at` crashes (a hidden debugging flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PanicAt {
    /// While a screen is drawn, after F12.
    Screen,
}

/// The shells `frontdesk completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_report_round_trips_through_its_parser() {
        for k in Kind::value_variants() {
            let pv = k.to_possible_value().unwrap();
            for name in pv.get_name_and_aliases() {
                assert_eq!(Kind::parse(name), Some(*k), "{name}");
            }
        }
        for r in Report::value_variants() {
            assert_eq!(
                Report::parse(r.to_possible_value().unwrap().get_name()),
                Some(*r)
            );
        }
    }
}
