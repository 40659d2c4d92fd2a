//! One measured figure beside its baseline from the same run. Every bench subcommand appends its figures
//! as JSON lines to `$BENCH_FIGURES` (scripts/bench.sh sets it) and prints them as it goes; `report` turns
//! the file into the results table.

use std::io::Write;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figure {
    /// Which of issue 7's groups: signing, client, bills, refunds, app.
    pub group: String,
    pub name: String,
    /// None = not measured (the note says why).
    pub value: Option<f64>,
    pub unit: String,
    /// What the value is compared with, e.g. "openssl speed rsa2048".
    pub baseline: String,
    pub baseline_value: Option<f64>,
    /// value / baseline_value, whatever the direction; `higher_is_better` says how to read it.
    pub ratio: Option<f64>,
    pub higher_is_better: bool,
    #[serde(default)]
    pub note: String,
    /// The target this figure is held to (issue 15), and whether this run met it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Goal>,
}

/// A target and whether the run met it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Goal {
    /// e.g. "ratio ≤ 1.3", "< 100 ms".
    pub text: String,
    pub met: bool,
}

impl Figure {
    pub fn new(
        group: &str,
        name: &str,
        value: f64,
        unit: &str,
        baseline: &str,
        baseline_value: f64,
        higher_is_better: bool,
    ) -> Figure {
        let ratio = (baseline_value > 0.0).then(|| value / baseline_value);
        Figure {
            group: group.into(),
            name: name.into(),
            value: Some(value),
            unit: unit.into(),
            baseline: baseline.into(),
            baseline_value: Some(baseline_value),
            ratio,
            higher_is_better,
            note: String::new(),
            goal: None,
        }
    }

    /// A figure the run could not measure; it stays in the table, visibly empty.
    pub fn not_measured(group: &str, name: &str, unit: &str, baseline: &str, why: &str) -> Figure {
        Figure {
            group: group.into(),
            name: name.into(),
            value: None,
            unit: unit.into(),
            baseline: baseline.into(),
            baseline_value: None,
            ratio: None,
            higher_is_better: true,
            note: format!("NOT MEASURED: {why}"),
            goal: None,
        }
    }

    /// A goal on the ratio: at most `limit` when lower is better, at least `limit` when higher is.
    pub fn ratio_goal(mut self, limit: f64) -> Figure {
        let (sign, met) = if self.higher_is_better {
            ("≥", self.ratio.is_some_and(|r| r >= limit))
        } else {
            ("≤", self.ratio.is_some_and(|r| r <= limit))
        };
        self.goal = Some(Goal { text: format!("ratio {sign} {limit}"), met });
        self
    }

    /// A goal on the value itself (in its unit): below `limit` when lower is better, above when higher.
    pub fn value_goal(mut self, limit: f64, text: &str) -> Figure {
        let met = self.value.is_some_and(|v| if self.higher_is_better { v > limit } else { v < limit });
        self.goal = Some(Goal { text: text.to_string(), met });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Figure {
        self.note = note.into();
        self
    }

    /// Appends to `$BENCH_FIGURES` (if set) and prints a line.
    pub fn emit(&self) {
        eprintln!("  {}", self.line());
        if let Some(path) = std::env::var_os("BENCH_FIGURES") {
            let mut f =
                std::fs::OpenOptions::new().create(true).append(true).open(&path).expect("BENCH_FIGURES is writable");
            writeln!(f, "{}", serde_json::to_string(self).expect("figure serialises"))
                .expect("BENCH_FIGURES is writable");
        }
    }

    pub fn line(&self) -> String {
        match (self.value, self.baseline_value, self.ratio) {
            (Some(v), Some(b), Some(r)) => {
                format!(
                    "{:<44} {:>12} {:<6} vs {:>12} ({}) ratio {:.2} ({} is better){}",
                    self.name,
                    num(v),
                    self.unit,
                    num(b),
                    self.baseline,
                    r,
                    if self.higher_is_better { "higher" } else { "lower" },
                    if self.note.is_empty() { String::new() } else { format!(" — {}", self.note) }
                ) + &self
                    .goal
                    .as_ref()
                    .map(|g| format!(" [goal {}: {}]", g.text, if g.met { "met" } else { "NOT met" }))
                    .unwrap_or_default()
            }
            _ => format!("{:<44} {}", self.name, self.note),
        }
    }
}

/// A number with sensible precision for the table.
pub fn num(v: f64) -> String {
    if v.abs() >= 1000.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}
