//! The command line: `frontdesk [--db PATH] [--lang zh|en] [--agent ID]` opens the app;
//! subcommands do the rest. `--db` and `FRONTDESK_DB` work the same for every subcommand.

mod admin;
mod appointments;
mod callbacks;
pub mod complaints;
mod demo;
mod errors;
mod events;
pub mod files;
mod flags;
mod fold;
pub mod help;
mod kb;
mod keys;
pub mod logging;
mod quality;
mod settings;
mod sms;
pub(crate) mod start;
mod templates;
pub mod values;

use crate::config;
use crate::i18n::Lang;
use crate::io::columns::Kind;
use crate::store::reports::Report;
use clap::{FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use values::{Format, Shell};

#[derive(Debug, Parser)]
#[command(
    name = "frontdesk",
    about = "Customer relationship desk for a car dealership's after-sales department (4S store)",
    long_about = "frontdesk: the customer relationship desk of a car dealership's after-sales \
                  department. Without a subcommand it opens the terminal app on the store's database.",
    disable_version_flag = true
)]
pub struct Cli {
    /// The store's database file (also FRONTDESK_DB, or `db` in the site or user config).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Interface language: zh or en (default: config, then the locale).
    #[arg(long, global = true, value_parser = parse_lang, value_name = "zh|en")]
    pub lang: Option<Lang>,
    /// Employee number of the agent at this terminal.
    #[arg(long, global = true, value_name = "ID")]
    pub agent: Option<String>,
    /// Print the version and which database would be opened.
    #[arg(short = 'V', long)]
    pub version: bool,
    /// Crash on purpose, to test the crash handling: with `screen`, F12 makes the next
    /// frame panic.
    #[arg(long, hide = true, value_enum, value_name = "WHERE")]
    pub panic_at: Option<values::PanicAt>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill a database with a realistic synthetic store (deterministic per seed).
    Demo {
        /// How many customers.
        #[arg(long, default_value_t = 2000)]
        customers: usize,
        /// Random seed: the same seed gives the same store.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A car-rental company's store (rental mode, branches, rentals, breakdowns).
        #[arg(long)]
        rental: bool,
    },
    /// Complaints with state and next deadline; --month adds the valid tally per station.
    Complaints {
        /// Only those past a deadline.
        #[arg(long)]
        overdue: bool,
        /// A month, YYYY-MM: all its complaints and the valid-complaint tally.
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// Write the month-end summary (the quality feedback summary sheet) as CSV.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
    /// The callbacks due on a day (planning first): kind, customer, due and window, agent,
    /// status.
    Callbacks {
        /// The day, YYYY-MM-DD (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Customer events (talks, clubs, tours) with invited / accepted / attended; `show ID`
    /// lists one event's invitees (numbers masked).
    Events {
        /// First day (included), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (included), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[command(subcommand)]
        action: Option<EventsCommand>,
    },
    /// The day's bookings (time, advisor, bay, customer, plate, service, status).
    Appointments {
        /// The day, YYYY-MM-DD (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Mark text messages sent from the SMS gateway's result file (CSV: id,status with
    /// status sent or failed).
    SmsResults {
        /// The gateway's result file.
        file: PathBuf,
    },
    /// Import customers, vehicles, sales files and repair orders from CSV or XLSX: every kind
    /// the header names, in one run.
    Import {
        /// The CSV or XLSX file to import.
        file: PathBuf,
        /// Import only this kind: customers, vehicles, sales or repairs (default: every kind
        /// the header names).
        #[arg(long, value_enum, hide_possible_values = true)]
        kind: Option<Kind>,
        /// Check every row and report; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Repeatable: --map "Phone no.=mobile" (field `-` ignores a column).
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        map: Vec<String>,
    },
    /// Export a report as CSV or XLSX (owner-only file).
    Export {
        /// The report.
        #[arg(value_enum)]
        report: Report,
        /// First day (included), or a month such as 2026-11.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (included), or a month such as 2026-11.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// The file format; without it, from the --out extension.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Print a report as plain text.
    Report {
        /// The report.
        #[arg(value_enum)]
        report: Report,
        /// First day (included), or a month such as 2026-11.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (included), or a month such as 2026-11.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Copy the database with SQLite's online backup while agents keep working.
    Backup {
        /// Target file or folder (default: backups/ beside the database).
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Run the integrity and foreign-key checks and report in plain words.
    Check,
    /// List the agents, or add one.
    Agents {
        #[command(subcommand)]
        action: Option<AgentsCommand>,
    },
    /// Save N call records as fast as possible (reliability tests).
    #[command(hide = true)]
    Stress {
        #[arg(long, default_value_t = 1000)]
        ops: usize,
        /// Save again a record refused as busy (up to 10 tries), as an agent would.
        #[arg(long)]
        retry_busy: bool,
    },
    /// The call record templates: list them, check a template file, render a sentence.
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesCommand>,
    },
    /// The knowledge base: search it, import articles, count what it could not answer.
    Kb {
        #[command(subcommand)]
        action: KbCommand,
    },
    /// Call-quality review: fill the review queue by the sampling rule.
    Quality {
        #[command(subcommand)]
        action: QualityCommand,
    },
    /// Write a shell completion script (bash, zsh, fish) to stdout.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Write the man page (roff) to stdout.
    Man,
    /// The keys in force: the key table with the site's and the user's keys.toml on top,
    /// in the file's own format. Exit 1 when a key file is refused.
    Keys {
        /// Only say whether the key files are taken.
        #[arg(long)]
        check: bool,
        /// Check this file as the user's keys.toml (before putting it in place).
        #[arg(value_name = "FILE", requires = "check")]
        file: Option<PathBuf>,
    },
    /// The store-wide settings (one per store, in the database): list, set, install files.
    Settings {
        #[command(subcommand)]
        action: Option<SettingsCommand>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Every setting, and where each setup file comes from.
    List,
    /// Set one value (supervisors; audited).
    Set {
        /// The setting's key, as `settings list` names it.
        key: String,
        /// Its new value.
        value: String,
    },
    /// Install setup files (store.toml, templates.toml, callback_rules.toml, calendar.toml)
    /// for the whole store, each checked first (supervisors; audited).
    Import {
        /// The setup files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the store's installed setup files into a folder.
    Export {
        /// The folder to write them in.
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AgentsCommand {
    /// Add an agent (or, with --supervisor, a supervisor).
    Add {
        /// Employee number (digits).
        emp_no: String,
        /// Name.
        name: String,
        /// Make a supervisor.
        #[arg(long)]
        supervisor: bool,
        /// The operating-system user who signs in as this agent without --agent.
        #[arg(long)]
        os_user: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// One event: its details, counts and invitees with their answers and attendance.
    Show {
        /// The event's number.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Check a template file (errors name the file, line and problem).
    Check {
        /// The template file.
        file: PathBuf,
    },
    /// Print a template's sentence from key=value pairs.
    Render {
        /// The template's id.
        id: String,
        /// The fields' values, key=value.
        #[arg(value_name = "KEY=VALUE")]
        values: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Find articles by words or pinyin (only those in their validity days unless --all).
    Search {
        /// The words to find (characters or pinyin).
        #[arg(required = true)]
        text: Vec<String>,
        /// Only this kind: station, policy, vehicle_price, part_price, promotion, troubleshoot.
        #[arg(long)]
        kind: Option<String>,
        /// Include articles outside their validity days.
        #[arg(long)]
        all: bool,
    },
    /// Check a CSV or XLSX file of articles; with --apply, write it (supervisors).
    Import {
        /// The CSV or XLSX file.
        file: PathBuf,
        /// Write the articles (without it the file is only checked).
        #[arg(long)]
        apply: bool,
    },
    /// Articles per kind and the consultations transferred to technical support.
    Stats {
        /// First day (included), YYYY-MM-DD (default: the 1st of this month).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (included), YYYY-MM-DD (default: today).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum QualityCommand {
    /// Queue calls for review by the rule (N per agent per week, every complaint call, every
    /// short call); supervisors, audited. Running it again queues nothing twice.
    Sample {
        /// One ISO week, e.g. 2026-W47 (default: the weeks of the last 35 days).
        #[arg(long, value_name = "YYYY-Www")]
        week: Option<String>,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use zh or en"))
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang_hint = help::startup_lang(&args);
    let parsed = help::parser(lang_hint)
        .try_get_matches_from(&args)
        .or_else(|e| {
            // Help or an error shows a usage line: in Chinese, the whole definition has it
            // in words (in English the two definitions are one).
            if lang_hint == Lang::Zh && e.kind() != clap::error::ErrorKind::DisplayVersion {
                help::command(lang_hint).try_get_matches_from(&args)
            } else {
                Err(e)
            }
        })
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        // A parse error in the user's language (help and version print as they are).
        Err(e) if lang_hint == Lang::Zh && e.use_stderr() => {
            eprint!("{}", errors::render(&e, lang_hint));
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let lang_hint = cli.lang.unwrap_or(lang_hint);
    // What needs no configuration works with a broken one.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            help::completions(*shell, lang_hint, &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Some(Command::Man) => {
            return match help::man(lang_hint, &mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("frontdesk: {e}");
                    ExitCode::from(1)
                }
            };
        }
        _ => {}
    }
    let settings = match config::resolve(cli.db.clone(), cli.lang) {
        Ok(s) => s,
        Err(e) => {
            let what = lang_hint.t("配置错误", "configuration error");
            eprintln!("frontdesk: {what}: {e:#}");
            if cli.version {
                println!("frontdesk {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            return ExitCode::from(1);
        }
    };
    let code = if cli.version {
        start::print_version(&settings);
        Ok(0)
    } else {
        logging::init(&settings);
        match cli.command {
            None => {
                if cli.panic_at == Some(values::PanicAt::Screen) {
                    crate::ui::PANIC_IN_SCREEN.store(true, std::sync::atomic::Ordering::SeqCst);
                }
                start::run_app(settings, cli.agent.as_deref())
            }
            Some(Command::Demo {
                customers,
                seed,
                rental,
            }) => demo::run(&settings, customers, seed, rental),
            Some(Command::Templates { action: None }) => templates::list(&settings),
            Some(Command::Backup { to }) => {
                admin::backup(&settings, cli.agent.as_deref(), to.as_deref())
            }
            Some(Command::Import {
                file,
                kind,
                dry_run,
                map,
            }) => files::stdio(|io| {
                files::import::run(
                    &settings,
                    cli.agent.as_deref(),
                    &file,
                    kind.map(Kind::code),
                    dry_run,
                    &map,
                    io,
                )
            }),
            Some(Command::Export {
                report,
                from,
                to,
                format,
                out,
            }) => files::stdio(|io| {
                files::export::run(
                    &settings,
                    cli.agent.as_deref(),
                    report.code(),
                    from.as_deref(),
                    to.as_deref(),
                    format.map(Format::code).unwrap_or(""),
                    &out,
                    io,
                )
            }),
            Some(Command::Report { report, from, to }) => files::stdio(|io| {
                files::report::run(
                    &settings,
                    cli.agent.as_deref(),
                    report.code(),
                    from.as_deref(),
                    to.as_deref(),
                    io,
                )
            }),
            Some(Command::Appointments { date }) => appointments::run(&settings, date.as_deref()),
            Some(Command::Events {
                from,
                to,
                action: None,
            }) => events::list(&settings, from.as_deref(), to.as_deref()),
            Some(Command::Events {
                action: Some(EventsCommand::Show { id }),
                ..
            }) => events::show(&settings, id),
            Some(Command::Callbacks { date }) => callbacks::run(&settings, date.as_deref()),
            Some(Command::SmsResults { file }) => {
                sms::results(&settings, cli.agent.as_deref(), &file)
            }
            Some(Command::Complaints {
                overdue,
                month,
                csv,
            }) => complaints::run(&settings, overdue, month.as_deref(), csv.as_deref()),
            Some(Command::Check) => admin::check(&settings),
            Some(Command::Keys { check, file }) => keys::run(&settings, check, file.as_deref()),
            Some(Command::Agents { action: None }) => admin::agents_list(&settings),
            Some(Command::Agents {
                action:
                    Some(AgentsCommand::Add {
                        emp_no,
                        name,
                        supervisor,
                        os_user,
                    }),
            }) => admin::agents_add(
                &settings,
                cli.agent.as_deref(),
                admin::AddAgent {
                    emp_no: &emp_no,
                    name: &name,
                    supervisor,
                    os_user: os_user.as_deref(),
                },
            ),
            Some(Command::Settings {
                action: None | Some(SettingsCommand::List),
            }) => settings::list(&settings),
            Some(Command::Settings {
                action: Some(SettingsCommand::Set { key, value }),
            }) => settings::set(&settings, cli.agent.as_deref(), &key, &value),
            Some(Command::Settings {
                action: Some(SettingsCommand::Import { files }),
            }) => settings::import(&settings, cli.agent.as_deref(), &files),
            Some(Command::Settings {
                action: Some(SettingsCommand::Export { dir }),
            }) => settings::export(&settings, &dir),
            Some(Command::Stress { ops, retry_busy }) => {
                admin::stress(&settings, ops, cli.agent.as_deref(), retry_busy)
            }
            Some(Command::Templates {
                action: Some(TemplatesCommand::Check { file }),
            }) => templates::check(&settings, &file),
            Some(Command::Templates {
                action: Some(TemplatesCommand::Render { id, values }),
            }) => templates::render(&settings, &id, &values),
            Some(Command::Kb {
                action: KbCommand::Search { text, kind, all },
            }) => kb::search(&settings, &text.join(" "), kind.as_deref(), all),
            Some(Command::Kb {
                action: KbCommand::Import { file, apply },
            }) => kb::import(&settings, cli.agent.as_deref(), &file, apply),
            Some(Command::Kb {
                action: KbCommand::Stats { from, to },
            }) => kb::stats(&settings, from.as_deref(), to.as_deref()),
            Some(Command::Quality {
                action: QualityCommand::Sample { week },
            }) => quality::sample(&settings, cli.agent.as_deref(), week.as_deref()),
            Some(Command::Completions { .. } | Command::Man) => Ok(0),
        }
    };
    match code {
        Ok(c) => ExitCode::from(c.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("frontdesk: {e:#}");
            ExitCode::from(1)
        }
    }
}
