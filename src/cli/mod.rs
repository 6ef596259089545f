//! The command line: `frontdesk [--db PATH] [--lang zh|en] [--agent ID]` opens the app;
//! subcommands do the rest. `--db` and `FRONTDESK_DB` work the same for every subcommand.

mod demo;
mod start;
mod templates;

use crate::config;
use crate::i18n::Lang;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Employee number (工号) of the agent at this terminal.
    #[arg(long, value_name = "ID")]
    pub agent: Option<String>,
    /// Print the version and which database would be opened.
    #[arg(short = 'V', long)]
    pub version: bool,
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
    },
    /// The call record templates: list them, check a template file, render a sentence.
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesCommand>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Check a template file (errors name the file, line and problem).
    Check { file: PathBuf },
    /// Print a template's sentence from key=value pairs.
    Render {
        id: String,
        #[arg(value_name = "KEY=VALUE")]
        values: Vec<String>,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use zh or en"))
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let lang_hint = cli.lang.unwrap_or_else(Lang::from_env);
    let settings = match config::resolve(cli.db.clone(), cli.lang) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "frontdesk: {}: {e:#}",
                lang_hint.t("配置错误", "configuration error")
            );
            return ExitCode::from(1);
        }
    };
    let code = if cli.version {
        start::print_version(&settings);
        Ok(0)
    } else {
        match cli.command {
            None => start::run_app(settings, cli.agent.as_deref()),
            Some(Command::Demo { customers, seed }) => demo::run(&settings, customers, seed),
            Some(Command::Templates { action: None }) => templates::list(&settings),
            Some(Command::Templates {
                action: Some(TemplatesCommand::Check { file }),
            }) => templates::check(&settings, &file),
            Some(Command::Templates {
                action: Some(TemplatesCommand::Render { id, values }),
            }) => templates::render(&settings, &id, &values),
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
