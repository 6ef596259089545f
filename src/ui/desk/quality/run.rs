//! Carries the quality page's commands out against the store and answers with the next
//! message.

use super::{Cmd, Msg, Opened};
use crate::domain::callbacks::Rules;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::quality::{self, Counts, ReviewDetail, Source};
use crate::store::{Actor, StoreError};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};

/// The commands that read much of the store: they run on the loads thread. Sampling too
/// (it reads the weeks' calls to pick from; its write is one IMMEDIATE transaction on the
/// loads thread's connection, waiting on the busy timeout like any writer), in a lane of
/// its own so the list load asked after it does not supersede it. The loads thread runs
/// them in the order asked: the list read after the sampling shows what it queued.
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        // The sheet in force: one settings row, read here so the sheet is there before a
        // review can be opened.
        Cmd::ReadSheet => None,
        Cmd::Load(_) => Some(Lane::DeskList),
        // Whether the record under the open form moved on: never read on the UI thread.
        Cmd::Check { .. } => Some(Lane::DeskFollow),
        Cmd::Sample => Some(Lane::DeskSample),
        Cmd::Open(_) | Cmd::Score { .. } | Cmd::Dispute { .. } | Cmd::Status(_) | Cmd::Error(_) => {
            None
        }
    }
}

/// A follow check's flag saying a save was just refused over it (`Runner::refused`).
pub(super) fn refused_flag(cmd: &mut Cmd) -> Option<&mut bool> {
    match cmd {
        Cmd::ReadSheet | Cmd::Load(_) => None,
        Cmd::Check { refused, .. } => Some(refused),
        Cmd::Sample => None,
        Cmd::Open(_) | Cmd::Score { .. } | Cmd::Dispute { .. } | Cmd::Status(_) | Cmd::Error(_) => {
            None
        }
    }
}

/// The review sheet in force, as the page's message.
fn read_sheet(env: &Env) -> Msg {
    Msg::SheetRead(quality::config(env.db.conn()).review)
}

pub fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let failed = |e: StoreError, outs: &mut Vec<Out>| {
        outs.push(Out::Error(e.message(lang)));
        None
    };
    let Some(agent) = env.agent.cloned() else {
        // Without an agent signed in there is nothing to list (and nothing to do).
        return match cmd {
            Cmd::ReadSheet => Some(read_sheet(env)),
            Cmd::Load(_) => Some(Msg::Loaded(Vec::new(), Counts::default())),
            Cmd::Status(s) | Cmd::Error(s) => {
                outs.push(Out::Status(s));
                None
            }
            Cmd::Sample
            | Cmd::Open(_)
            | Cmd::Check { .. }
            | Cmd::Score { .. }
            | Cmd::Dispute { .. } => None,
        };
    };
    let actor = Actor {
        agent_id: Some(agent.id),
        at: env.clock.now(),
    };
    match cmd {
        Cmd::ReadSheet => Some(read_sheet(env)),
        Cmd::Sample => {
            let rule = quality::config(env.db.conn()).sampling;
            match quality::sample(env.db, actor, env.clock.tz(), &rule) {
                Ok(0) => None,
                Ok(n) => {
                    outs.push(Out::Status(match lang {
                        Lang::Zh => format!("已按抽检规则新加入 {n} 条待评通话"),
                        Lang::En => {
                            format!(
                                "{n} new call{} queued for review by the sampling rule",
                                crate::i18n::plural(n)
                            )
                        }
                    }));
                    None
                }
                Err(e) => failed(e, outs),
            }
        }
        Cmd::Load(view) => {
            // A list stopped at its limit is told the store's counts (same view).
            let listed = quality::list(env.db, &agent, view).and_then(|rows| {
                let counts = if rows.len() < quality::LIST_LIMIT {
                    Counts::of(&rows)
                } else {
                    quality::counts(env.db, &agent, view)?
                };
                Ok((rows, counts))
            });
            match listed {
                Ok((rows, counts)) => Some(Msg::Loaded(rows, counts)),
                Err(e) => failed(e, outs),
            }
        }
        Cmd::Check {
            id,
            version,
            refused,
        } => super::follow::look(env, &agent, (id, version, refused), outs)
            .unwrap_or_else(|e| failed(e, outs)),
        Cmd::Open(id) => match quality::detail(env.db, &agent, id) {
            Ok(d) => {
                let rules = crate::ui::desk::callback_rules(env, outs);
                Some(Msg::Opened(Box::new(label(d, &rules, lang))))
            }
            Err(e) => failed(e, outs),
        },
        Cmd::Score {
            id,
            version,
            scores,
            comment,
        } => {
            let sheet = quality::config(env.db.conn()).review;
            let at = env.clock.now();
            Some(
                match quality::score(env.db, at, &agent, id, version, &scores, &comment, &sheet) {
                    Ok(total) => Msg::Saved {
                        id,
                        message: match lang {
                            Lang::Zh => format!("评分已保存：{total:.1} 分"),
                            Lang::En => format!("Score saved: {total:.1}"),
                        },
                    },
                    Err(e) => Msg::Refused(e.message(lang)),
                },
            )
        }
        Cmd::Dispute {
            id,
            version,
            reason,
        } => Some(
            match quality::dispute(env.db, env.clock.now(), &agent, id, version, &reason) {
                Ok(()) => Msg::Saved {
                    id,
                    message: lang
                        .t(
                            "已提出申诉，等待主管复评",
                            "Disputed; a supervisor will score it again",
                        )
                        .into(),
                },
                Err(e) => Msg::Refused(e.message(lang)),
            },
        ),
        Cmd::Status(line) => {
            outs.push(Out::Status(line));
            None
        }
        Cmd::Error(line) => {
            outs.push(Out::Error(line));
            None
        }
    }
}

/// The record's labels: the call's template name and its fields in the template's order,
/// each formatted for its kind (the built-in templates' labels; a field they do not know
/// shows its key and the value as saved), or the callback's kind and its survey answers
/// under their questions, in the survey's order (an answer to a question the survey no
/// longer has: under its key).
pub(super) fn label(detail: ReviewDetail, rules: &Rules, lang: Lang) -> Opened {
    let r = &detail.record;
    let (what, fields) = match detail.row.source {
        Source::Call => {
            let set = TemplateSet::builtin();
            match set.get(&r.template) {
                Some(t) => {
                    let mut fields: Vec<(String, String)> = t
                        .fields
                        .iter()
                        .filter_map(|f| {
                            r.fields
                                .get(&f.key)
                                .map(|v| (f.label(lang).to_string(), f.format(lang, v)))
                        })
                        .collect();
                    fields.extend(
                        r.fields
                            .iter()
                            .filter(|(k, _)| t.field(k).is_none())
                            .map(|(k, v)| (k.clone(), v.clone())),
                    );
                    (t.name(lang).to_string(), fields)
                }
                None => (
                    r.template.clone(),
                    r.fields
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                ),
            }
        }
        Source::Callback => {
            let kind = crate::domain::callbacks::Kind::from_code(&detail.row.what);
            let what = kind
                .map(|k| k.label(lang).to_string())
                .unwrap_or_else(|| detail.row.what.clone());
            let survey = kind.and_then(|k| rules.survey(k));
            let mut fields: Vec<(String, String)> = survey
                .map(|s| {
                    s.questions
                        .iter()
                        .filter_map(|q| r.fields.get(&q.id).map(|v| (q.text.clone(), v.clone())))
                        .collect()
                })
                .unwrap_or_default();
            fields.extend(
                r.fields
                    .iter()
                    .filter(|(k, _)| survey.and_then(|s| s.question(k)).is_none())
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            (what, fields)
        }
    };
    Opened {
        detail,
        what,
        fields,
    }
}
