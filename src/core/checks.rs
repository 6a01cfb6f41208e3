//! Plan health: findings a person can act on, each with a stable code, a severity, the section
//! (and field) concerned and, for imported plans, the source line.

use std::borrow::Cow;

use serde::Serialize;

use crate::core::model::{Block, MetaField, Plan, Section, Table, Value};
use crate::core::template::{self, ColumnKind, FieldKind, HeadingPattern, Rule};
use crate::core::write::ordinal_index;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan is not finished (`planform check` exits 1).
    Error,
    /// Probably a mistake.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// Stable code (`placeholder`, `invalid-date`, …) for tools and suppressions.
    pub code: Cow<'static, str>,
    /// The section's name, as a person reads it.
    pub section: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// 1-based source line, when the plan was imported from a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Where in the plan: the section's index path, the field and the item or row, so an editor
    /// can focus the control concerned.
    pub target: Target,
}

/// The place a finding points at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Index path of the section (see [`Plan::section_at`]).
    pub path: Vec<usize>,
    /// The block (its position in the section), if the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// The list item or table row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
}

/// All findings for a plan, in document order.
pub fn check(plan: &Plan) -> Vec<Finding> {
    let mut c = Checker { out: Vec::new() };
    for (path, section) in plan.walk() {
        c.section(&path, section);
    }
    c.dates(plan);
    c.out
}

/// True when any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

struct Checker {
    out: Vec<Finding>,
}

impl Checker {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        severity: Severity,
        code: impl Into<Cow<'static, str>>,
        section: &Section,
        path: &[usize],
        block: Option<usize>,
        item: Option<usize>,
        line: u32,
        message: String,
    ) {
        self.out.push(Finding {
            severity,
            code: code.into(),
            section: section.name(),
            message,
            line: (line > 0).then_some(line),
            target: Target {
                path: path.to_vec(),
                block,
                item,
            },
        });
    }

    fn section(&mut self, path: &[usize], s: &Section) {
        let line = s.loc.line;
        let spec = s.spec.as_deref();
        match spec.map(|spec| &spec.heading) {
            Some(HeadingPattern::Title(shape)) if s.heading.text.trim().is_empty() => self.push(
                Severity::Error,
                "placeholder",
                s,
                path,
                None,
                None,
                line,
                format!(
                    "The title is still the placeholder “{}”.",
                    shape.placeholder
                ),
            ),
            Some(HeadingPattern::Repeated(shape))
                if s.heading.text.trim().is_empty()
                    || template::is_placeholder(&s.heading.text, &shape.placeholders) =>
            {
                if let Some(p) = shape.placeholder(ordinal_index(&s.heading.ordinal)) {
                    self.push(
                        Severity::Error,
                        "placeholder",
                        s,
                        path,
                        None,
                        None,
                        line,
                        format!(
                            "{}: the {}'s name is still the placeholder “{}”.",
                            s.name(),
                            shape.noun,
                            if shape.bare {
                                s.heading.text.trim().to_string()
                            } else {
                                p
                            }
                        ),
                    );
                }
            }
            _ => {}
        }
        self.pick_one_groups(path, s);
        if s.spec
            .as_ref()
            .and_then(|spec| spec.repeat())
            .is_some_and(|r| r.pick_one)
        {
            self.member_parts(path, s);
        }
        let index = ordinal_index(&s.heading.ordinal);
        for (b, block) in s.blocks.iter().enumerate() {
            self.placeholders(path, s, b, block, index);
            self.block_rules(path, s, b, block);
        }
        let empty = s.children.is_empty()
            && s.blocks.iter().all(|b| {
                matches!(&b.value, Value::Markdown(t) if t.trim().is_empty()) && b.is_raw()
            });
        if empty && !s.is_title() {
            self.push(
                Severity::Info,
                "empty-section",
                s,
                path,
                None,
                None,
                line,
                format!("“{}” has no content yet.", s.name()),
            );
        }
    }

    fn placeholders(&mut self, path: &[usize], s: &Section, b: usize, block: &Block, index: usize) {
        let Some(spec) = block.spec.as_deref() else {
            return;
        };
        let line = block.loc.line;
        // "Goals: item 2 …" rather than "Goals: Goals item 2 …".
        let same = template::normalize_title(&s.name()) == template::normalize_title(&spec.name);
        let name = if same { "" } else { spec.name.as_str() };
        let report = |this: &mut Self, item: Option<usize>, what: String, placeholder: String| {
            this.push(
                Severity::Error,
                "placeholder",
                s,
                path,
                Some(b),
                item,
                line,
                format!(
                    "{}: {} still the placeholder “{placeholder}”.",
                    s.name(),
                    if what.is_empty() {
                        "the text is".to_string()
                    } else {
                        format!("{what} is")
                    }
                ),
            );
        };
        match &block.value {
            Value::Markdown(t) if t.trim().is_empty() => {
                if let Some(p) = spec.placeholders.first() {
                    report(
                        self,
                        None,
                        name.to_string(),
                        template::fill_pattern(p, index),
                    );
                }
            }
            Value::Code(c) if c.text.trim().is_empty() => {
                if let Some(p) = spec.placeholders.first() {
                    let first_line = p.lines().next().unwrap_or("");
                    let shown = if p.contains('\n') {
                        format!("{first_line} …")
                    } else {
                        first_line.to_string()
                    };
                    report(self, None, name.to_string(), shown);
                }
            }
            Value::List(list) => {
                for (i, item) in list.items.iter().enumerate() {
                    if item.text.trim().is_empty() {
                        if let Some(p) =
                            template::placeholder_at(&spec.placeholders, i, spec.repeat)
                        {
                            report(
                                self,
                                Some(i),
                                format!("{name} item {}", i + 1).trim().to_string(),
                                p,
                            );
                        }
                    } else if item.text.contains("](link)") {
                        report(
                            self,
                            Some(i),
                            format!("the link in item {}", i + 1),
                            "(link)".to_string(),
                        );
                    }
                }
            }
            Value::Table(table) => {
                for (r, row) in table.rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        if !cell.trim().is_empty() {
                            continue;
                        }
                        let Some(col) = spec.columns.get(c) else {
                            continue;
                        };
                        if let Some(p) = template::placeholder_at(&col.placeholders, r, true) {
                            report(
                                self,
                                Some(r),
                                format!("{name} row {}, {}", r + 1, col.name)
                                    .trim()
                                    .to_string(),
                                p,
                            );
                        }
                    }
                }
            }
            Value::Fields(fields) => {
                for f in fields {
                    if !f.value.trim().is_empty() {
                        continue;
                    }
                    let known = template::field_index(&spec.fields, &f.label)
                        .and_then(|k| spec.fields.get(k));
                    if let Some(p) = known.and_then(|fs| template::field_placeholder(fs, index)) {
                        report(self, None, f.label.clone(), p);
                    }
                }
            }
            _ => {}
        }
    }

    fn block_rules(&mut self, path: &[usize], s: &Section, b: usize, block: &Block) {
        let Some(spec) = block.spec.as_deref() else {
            return;
        };
        let line = block.loc.line;
        match (&block.value, spec.rule) {
            (Value::Fields(fields), _) => {
                for f in fields {
                    let v = f.value.trim();
                    let kind = template::field_index(&spec.fields, &f.label)
                        .and_then(|k| spec.fields.get(k))
                        .map(|fs| fs.kind);
                    if v.is_empty() {
                        continue;
                    }
                    match kind {
                        Some(FieldKind::Percent) if !is_percentage(v) => self.push(
                            Severity::Warning,
                            "coverage-not-percentage",
                            s,
                            path,
                            Some(b),
                            None,
                            line,
                            format!("{} “{v}” is not a percentage such as 80%.", f.label.trim()),
                        ),
                        Some(FieldKind::Date) if parse_date(v).is_none() => self.push(
                            Severity::Error,
                            "invalid-date",
                            s,
                            path,
                            Some(b),
                            None,
                            line,
                            format!(
                                "{} “{v}” is not a real date in the form YYYY-MM-DD.",
                                f.label.trim()
                            ),
                        ),
                        _ => {}
                    }
                }
            }
            (Value::List(list), Some(Rule::Answered)) => {
                for (i, item) in list.items.iter().enumerate() {
                    if !item.checked && !item.text.trim().is_empty() {
                        self.push(
                            Severity::Info,
                            "open-question",
                            s,
                            path,
                            Some(b),
                            Some(i),
                            line,
                            format!("Open question not answered yet: {}", first_line(&item.text)),
                        );
                    }
                }
            }
            (Value::List(list), Some(Rule::Ticked)) => {
                let section = s.name();
                let word = section.split_whitespace().next().unwrap_or("item");
                // `unchecked-security` for "Security Considerations".
                let code = format!("unchecked-{}", template::slug(word));
                for (i, item) in list.items.iter().enumerate() {
                    if !item.checked && !item.text.trim().is_empty() {
                        self.push(
                            Severity::Warning,
                            code.clone(),
                            s,
                            path,
                            Some(b),
                            Some(i),
                            line,
                            format!("{word} item not checked off: {}", first_line(&item.text)),
                        );
                    }
                }
            }
            (Value::Table(table), _) => self.date_column(path, s, b, block, table),
            _ => {}
        }
    }

    /// A pick-one group among the section's subsections (the options of an architecture
    /// decision): exactly one must be chosen.
    fn pick_one_groups(&mut self, path: &[usize], s: &Section) {
        let Some(spec) = s.spec.as_deref() else {
            return;
        };
        for group in spec
            .children
            .iter()
            .filter(|c| c.repeat().is_some_and(|r| r.pick_one))
        {
            let noun = group.repeat().map_or("option", |r| r.noun.as_str());
            let members: Vec<&Section> = s
                .children
                .iter()
                .filter(|c| c.spec_id() == Some(group.id.as_str()))
                .map(|c| &**c)
                .collect();
            if members.is_empty() {
                continue;
            }
            let chosen = members.iter().filter(|o| o.heading.chosen).count();
            if chosen == 0 {
                self.push(
                    Severity::Error,
                    "no-chosen-option",
                    s,
                    path,
                    None,
                    None,
                    s.loc.line,
                    format!(
                        "No {noun} is marked as chosen (add {} to one {noun}).",
                        template::CHOSEN_MARKER
                    ),
                );
            } else if chosen > 1 {
                let names: Vec<String> = members
                    .iter()
                    .filter(|o| o.heading.chosen)
                    .map(|o| o.name())
                    .collect();
                self.push(
                    Severity::Error,
                    "several-chosen-options",
                    s,
                    path,
                    None,
                    None,
                    s.loc.line,
                    format!(
                        "{chosen} {noun}s are marked as chosen ({}); choose one.",
                        names.join(", ")
                    ),
                );
            }
        }
    }

    /// A member of a pick-one group: the chosen one has its chosen-only blocks (the decision
    /// rationale); every one fills its required lists and fields (pros, cons, effort).
    fn member_parts(&mut self, path: &[usize], s: &Section) {
        let Some(spec) = s.spec.as_deref() else {
            return;
        };
        for block_spec in &spec.blocks {
            let present = s
                .blocks
                .iter()
                .position(|b| b.spec_id() == Some(&block_spec.id));
            if block_spec.chosen_only && s.heading.chosen && present.is_none() {
                // An empty rationale is already reported as an unfilled placeholder.
                self.push(
                    Severity::Warning,
                    "missing-rationale",
                    s,
                    path,
                    None,
                    None,
                    s.loc.line,
                    format!(
                        "{} is chosen but has no {}.",
                        s.name(),
                        block_spec.name.to_lowercase()
                    ),
                );
            }
            if !block_spec.required {
                continue;
            }
            let block = present.and_then(|p| s.blocks.get(p));
            let missing = match block.map(|b| &b.value) {
                Some(Value::List(l)) => l.items.is_empty(),
                Some(Value::Fields(f)) => f.is_empty(),
                Some(_) => false,
                None => true,
            };
            if missing {
                let what = block_spec.name.to_lowercase();
                let message = if block_spec.kind.is_list() {
                    format!("{} lists no {what}.", s.name())
                } else {
                    format!("{} has no {what}.", s.name())
                };
                self.push(
                    Severity::Warning,
                    "option-incomplete",
                    s,
                    path,
                    present,
                    None,
                    s.loc.line,
                    message,
                );
            }
        }
    }

    /// Created after Last Updated, where the header has both.
    fn dates(&mut self, plan: &Plan) {
        let Some(title) = plan.title_section() else {
            return;
        };
        let meta = title.blocks.iter().position(|b| b.kind().is_fields());
        let meta_line = meta
            .and_then(|m| title.blocks.get(m))
            .map_or(title.loc.line, |b| b.loc.line);
        let created = parse_date(plan.meta(MetaField::Created).trim());
        let updated = parse_date(plan.meta(MetaField::Updated).trim());
        if let (Some(created), Some(updated)) = (created, updated)
            && created > updated
        {
            self.push(
                Severity::Error,
                "created-after-updated",
                title,
                &[0],
                meta,
                None,
                meta_line,
                format!(
                    "Created ({}) is after Last Updated ({}).",
                    plan.meta(MetaField::Created).trim(),
                    plan.meta(MetaField::Updated).trim()
                ),
            );
        }
    }

    /// Date columns hold real dates, in order.
    fn date_column(&mut self, path: &[usize], s: &Section, b: usize, block: &Block, t: &Table) {
        let Some(spec) = block.spec.as_deref() else {
            return;
        };
        for (c, col) in spec.columns.iter().enumerate() {
            if col.kind != ColumnKind::Date {
                continue;
            }
            let what = col.name.to_lowercase();
            let mut last: Option<(u32, &str)> = None;
            for (r, row) in t.rows.iter().enumerate() {
                let Some(cell) = row.get(c).map(|c| c.trim()) else {
                    continue;
                };
                if cell.is_empty() {
                    continue;
                }
                let Some(d) = parse_date(cell) else {
                    self.push(
                        Severity::Error,
                        "invalid-date",
                        s,
                        path,
                        Some(b),
                        Some(r),
                        block.loc.line,
                        format!(
                            "{} row {} {what} “{cell}” is not a real date in the form YYYY-MM-DD.",
                            s.name(),
                            r + 1
                        ),
                    );
                    continue;
                };
                if let Some((prev, prev_text)) = last
                    && d < prev
                {
                    self.push(
                        Severity::Warning,
                        "timeline-order",
                        s,
                        path,
                        Some(b),
                        Some(r),
                        block.loc.line,
                        format!(
                            "{} row {} ({cell}) comes before the previous row ({prev_text}).",
                            s.name(),
                            r + 1
                        ),
                    );
                }
                last = Some((d, cell));
            }
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// Parses a real calendar date `YYYY-MM-DD` into a sortable number.
pub fn parse_date(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1 && (1..=days).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

/// `80%`, `80%+`, `≥ 80 %`, `>= 90.5%`, `at least 75%`.
fn is_percentage(s: &str) -> bool {
    let mut t = s.trim();
    for p in ["at least", "≥", ">=", ">", "~", "min", "minimum"] {
        if let Some(rest) = t.strip_prefix(p) {
            t = rest.trim_start();
        }
    }
    let t = t.strip_suffix('+').unwrap_or(t).trim_end();
    let Some(num) = t.strip_suffix('%') else {
        return false;
    };
    percent_in_range(num.trim())
}

/// A plain decimal (`75`, `+75`, `90.5`, `.5`, `100.0`) from 0 to 100. Written out rather than
/// parsed as `f64`: `f64::from_str` would link the float parser and its tables (about 14 KB) into
/// the web app for this one check.
fn percent_in_range(num: &str) -> bool {
    let num = num.strip_prefix('+').unwrap_or(num);
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return false;
    }
    let int = int.trim_start_matches('0');
    match int.len() {
        0..=2 => true,
        3 => int == "100" && frac.bytes().all(|b| b == b'0'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2023-13-01").is_none());
        assert!(parse_date("2023-1-01").is_none());
        assert!(parse_date("YYYY-MM-DD").is_none());
        assert!(parse_date("2023-04-31").is_none());
    }

    #[test]
    fn percentages() {
        for ok in [
            "80%",
            "80%+",
            "≥ 80 %",
            ">= 90.5%",
            "at least 75%",
            "0%",
            "100%",
            "100.00%",
            "+75%",
            ".5%",
            "007%",
        ] {
            assert!(is_percentage(ok), "{ok}");
        }
        for bad in [
            "eighty", "80", "120%", "high", "100.5%", "1000%", "%", ".%", "-5%", "8 0%", "1e2%",
            "NaN%", "inf%", "5.5.5%",
        ] {
            assert!(!is_percentage(bad), "{bad}");
        }
    }
}
