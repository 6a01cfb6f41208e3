//! Plan health as a person reads it while writing: how many of the template's fields are filled
//! (unfilled prompts are progress still to make, not a wall of errors), and the other findings
//! grouped by top-level section with counts by severity.

use crate::core::checks::{Finding, Severity, Target};
use crate::core::model::{Plan, Section, Value};

/// The code of a finding that only says a prompt is still unfilled.
pub const PLACEHOLDER: &str = "placeholder";

/// A plan's health, summarised.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Health {
    /// Fields (prose, items, cells, labelled values, code) that hold something.
    pub filled: usize,
    /// All fields of the template's blocks.
    pub fields: usize,
    /// Findings other than unfilled prompts, by severity.
    pub counts: Counts,
    /// One group per top-level section that has findings, in document order.
    pub groups: Vec<Group>,
}

impl Health {
    /// `12 of 68 fields filled`.
    pub fn progress(&self) -> String {
        format!("{} of {} fields filled", self.filled, self.fields)
    }
}

/// Findings counted by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes (info).
    pub notes: usize,
}

impl Counts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.notes += 1,
        }
    }

    /// The most serious severity counted, if any.
    pub fn worst(&self) -> Option<Severity> {
        if self.errors > 0 {
            Some(Severity::Error)
        } else if self.warnings > 0 {
            Some(Severity::Warning)
        } else if self.notes > 0 {
            Some(Severity::Info)
        } else {
            None
        }
    }

    /// `1 error, 2 warnings` (empty when nothing was counted).
    pub fn describe(&self) -> String {
        [
            (self.errors, "error", "errors"),
            (self.warnings, "warning", "warnings"),
            (self.notes, "note", "notes"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// The findings of one top-level section (its subsections' included).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    /// Index of the top-level section.
    pub index: usize,
    /// Its name.
    pub section: String,
    /// Prompts still unfilled in it.
    pub unfilled: usize,
    /// The first of them, to jump to.
    pub first_unfilled: Option<Target>,
    /// The other findings, by severity.
    pub counts: Counts,
    /// The other findings, in document order.
    pub findings: Vec<Finding>,
}

/// Summarises `findings` (the checks of `plan`) for the editor.
pub fn health(plan: &Plan, findings: &[Finding]) -> Health {
    let mut out = Health::default();
    for (_, section) in plan.walk() {
        if let Some((filled, total)) = completion(section) {
            out.filled += filled;
            out.fields += total;
        }
    }
    for finding in findings {
        let index = finding.target.path.first().copied().unwrap_or(0);
        // Groups stay in section order as they are made (no sort of them afterwards).
        let at = out.groups.partition_point(|g| g.index < index);
        if out.groups.get(at).is_none_or(|g| g.index != index) {
            let section = plan
                .sections
                .get(index)
                .map_or_else(|| finding.section.clone(), |s| s.name());
            out.groups.insert(
                at,
                Group {
                    index,
                    section,
                    ..Group::default()
                },
            );
        }
        let group = &mut out.groups[at];
        if finding.code == PLACEHOLDER {
            group.unfilled += 1;
            if group.first_unfilled.is_none() {
                group.first_unfilled = Some(finding.target.clone());
            }
        } else {
            group.counts.add(finding.severity);
            out.counts.add(finding.severity);
            group.findings.push(finding.clone());
        }
    }
    out
}

/// "N of M filled" for a section's own typed blocks: prose and code count one each, lists by
/// item, tables by cell, labelled values by field. `None` when it has no typed block.
pub fn completion(section: &Section) -> Option<(usize, usize)> {
    let mut total = 0;
    let mut filled = 0;
    let full = |t: &str| usize::from(!t.trim().is_empty());
    for b in section.blocks.iter().filter(|b| !b.is_raw()) {
        let (f, t) = match &b.value {
            Value::Markdown(t) => (full(t), 1),
            Value::Code(c) => (full(&c.text), 1),
            Value::List(l) => (l.items.iter().map(|i| full(&i.text)).sum(), l.items.len()),
            Value::Table(t) => {
                let cells = t.rows.iter().flatten();
                (cells.clone().map(|c| full(c)).sum(), cells.count())
            }
            Value::Fields(fs) => (fs.iter().map(|f| full(&f.value)).sum(), fs.len()),
        };
        filled += f;
        total += t;
    }
    (total > 0).then_some((filled, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::checks::check;
    use crate::core::import_markdown;

    #[test]
    fn a_new_plan_is_progress_to_make_not_errors() {
        let plan = Plan::from_template();
        let h = health(&plan, &check(&plan));
        assert!(h.fields > 20, "{h:?}");
        assert!(h.filled < h.fields);
        assert_eq!(h.counts.errors, 0, "{:?}", h.groups);
        assert!(h.groups.iter().any(|g| g.unfilled > 0));
        assert!(h.groups.windows(2).all(|w| w[0].index < w[1].index));
    }

    #[test]
    fn other_findings_are_grouped_and_counted() {
        let plan = import_markdown(
            "# Technical Plan: X\n\n**Created:** 2026-13-40\n\n## Goals\n\n- Fast\n",
        );
        let h = health(&plan, &check(&plan));
        assert!(h.counts.errors >= 1, "{h:?}");
        let header = &h.groups[0];
        assert_eq!(header.index, 0);
        assert!(header.findings.iter().any(|f| f.code == "invalid-date"));
        assert_eq!(
            Counts {
                errors: 1,
                warnings: 2,
                notes: 0
            }
            .describe(),
            "1 error, 2 warnings"
        );
    }
}
