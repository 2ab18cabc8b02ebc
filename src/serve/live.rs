//! What a page shows of a run while it goes: its status, progress, phase and best plan so far.

use super::store::{Figures, RunRow, Status};
use crate::lang::{Lang, Text};
use crate::plan::Incumbent;
use crate::text;
use std::collections::BTreeMap;

/// What a page shows of a run while it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Live {
    pub status: Status,
    /// Bases planned (a plan) or variations planned (a sweep), out of `total`.
    pub done: usize,
    pub total: usize,
    /// Where the solve stands: the base (or variation) and the planner's phase, put in each
    /// follower's language when sent.
    pub phase: Option<(String, Text)>,
    /// The best plan so far (a plan's run): each base's latest report, by component.
    pub best: BTreeMap<usize, Incumbent>,
    /// A cancel was asked for and the planner is finishing its best plan.
    pub stopping: bool,
}

/// The best plan so far (once the run is over, the best it found) in words of `lang`; empty
/// before any base reported.
fn best_words(best: &BTreeMap<usize, Incumbent>, over: bool, lang: Lang) -> String {
    let b = best_json(best);
    if b.is_null() {
        return String::new();
    }
    let gap = b["gap_pct"]
        .as_f64()
        .map_or("–".to_string(), |g| format!("{g:.2} %"));
    text!(
        "serve-best-words",
        what = crate::lang::tr(
            lang,
            if over {
                "serve-best-found"
            } else {
                "serve-best-live"
            }
        ),
        line = text!(
            "serve-best-line",
            met = b["visits_met"].as_u64().unwrap_or(0) as usize,
            required = b["visits_required"].as_u64().unwrap_or(0) as usize,
            cost = format!("{:.2}", b["cost"].as_f64().unwrap_or(0.0)),
            gap = gap
        )
        .render(lang),
        bases = text!("serve-best-bases", bases = best.len()).render(lang)
    )
    .render(lang)
}

/// The whole plan's figures from the bases' best plans so far: `None` before any base reported.
fn best_json(best: &BTreeMap<usize, Incumbent>) -> serde_json::Value {
    if best.is_empty() {
        return serde_json::Value::Null;
    }
    let sum = |f: &dyn Fn(&Incumbent) -> f64| best.values().map(f).sum::<f64>();
    let objective = sum(&|b| b.objective);
    // A gap needs a bound of every base reported; costs are never negative, so 0 bounds any.
    let bound: Option<f64> = best.values().map(|b| b.bound.map(|x| x.max(0.0))).sum();
    let gap = bound.map(|b| {
        if objective.abs() < 1e-9 {
            0.0
        } else {
            ((objective - b) / objective.abs()).max(0.0)
        }
    });
    serde_json::json!({
        "cost": (sum(&|b| b.cost) * 100.0).round() / 100.0,
        "objective": (objective * 100.0).round() / 100.0,
        "visits_met": best.values().map(|b| b.visits_met).sum::<u32>(),
        "visits_required": best.values().map(|b| b.visits_required).sum::<u32>(),
        "gap_pct": gap.map(|g| (g * 10000.0).round() / 100.0),
        "bases": best.len(),
    })
}

impl Live {
    pub(super) fn queued() -> Live {
        Live {
            status: Status::Queued,
            done: 0,
            total: 0,
            phase: None,
            best: BTreeMap::new(),
            stopping: false,
        }
    }

    /// The state as JSON for the page's script, its words in `lang`.
    pub fn json(&self, run: i64, lang: Lang) -> String {
        serde_json::json!({
            "run": run,
            "status": self.status.name(),
            "label": if self.stopping && !self.status.is_final() {
                crate::lang::tr(lang, "serve-status-stopping")
            } else {
                super::pages::status_words(self.status, lang)
            },
            "done": self.done,
            "total": self.total,
            "percent": (100 * self.done).checked_div(self.total).unwrap_or(0),
            "phase": self
                .phase
                .as_ref()
                .map_or(String::new(), |(at, what)| {
                    text!("serve-phase-at", at = at.as_str(), what = what.render(lang)).render(lang)
                }),
            "best": best_json(&self.best),
            "best_text": self.best_words(lang),
            "stopping": self.stopping,
            "final": self.status.is_final(),
        })
        .to_string()
    }

    /// The state of a run no worker holds, from the database: the figures it ended with.
    pub fn of_row(row: &RunRow) -> Live {
        let f = &row.figures;
        // Runs an older workbench kept have no figures: a done one is whole all the same.
        let total = if f.total == 0 && row.status == Status::Done {
            1
        } else {
            f.total
        };
        Live {
            status: row.status,
            done: if row.status == Status::Done {
                total
            } else {
                f.done
            },
            total,
            phase: None,
            best: f.best.iter().map(|b| (b.component, b.clone())).collect(),
            stopping: false,
        }
    }

    /// The figures to keep when the run ends.
    pub(super) fn figures(&self) -> Figures {
        Figures {
            done: self.done,
            total: self.total,
            best: self.best.values().cloned().collect(),
        }
    }

    /// The run ended with `status`: a finished run has planned all it had to.
    pub fn finish(&mut self, status: Status) {
        self.status = status;
        if self.total > 0 && status == Status::Done {
            self.done = self.total;
        }
    }

    /// The best plan so far (or found) in words of `lang`; empty before any base reported.
    pub fn best_words(&self, lang: Lang) -> String {
        best_words(&self.best, self.status.is_final(), lang)
    }
}
