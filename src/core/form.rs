//! What the Form tab shows for a plan, worked out with no UI: one card per section with its
//! heading's shape and one editor per block (its kind, item counts, field labels, which table
//! cells take a date control), and the names and labels the controls carry. The web shell's form
//! builds its cards from this; host tests pin it.

use crate::core::checks;
use crate::core::model::{Plan, Section, Shared, Value};
use crate::core::status::Status;
use crate::core::template::{
    self, BlockKind, BlockSpec, ColumnKind, RepeatShape, SectionSpec, SpecRef,
};

/// The structure of a plan that decides which controls exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionShape {
    pub path: Vec<usize>,
    pub spec: Option<SpecRef<SectionSpec>>,
    pub depth: usize,
    pub name: String,
    pub chosen: bool,
    pub blocks: Vec<BlockShape>,
}

/// One block as the form edits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockShape {
    /// Raw comments or link definitions only (a template's scaffolding): not shown.
    pub scaffold: bool,
    /// The template field the block fills; `None` for markdown the template does not know.
    pub spec: Option<SpecRef<BlockSpec>>,
    /// Its kind (a raw block's is prose): which editor it gets.
    pub kind: BlockKind,
    /// Markdown the template does not know, edited as written.
    pub raw: bool,
    /// Items, rows or fields.
    pub len: usize,
    /// A fields block's labels.
    pub fields: Vec<String>,
    /// A table's header as written.
    pub columns: Vec<String>,
    /// Per row, per column: a date column's cell that is empty or a real date (edited with a
    /// date control; anything else keeps a text box so nothing typed is hidden).
    pub date_cells: Vec<Vec<bool>>,
}

/// The form's shape of `plan`: its sections depth first, each with its blocks.
pub fn shape_of(plan: &Plan) -> Vec<SectionShape> {
    plan.walk()
        .into_iter()
        .map(|(path, s)| SectionShape {
            depth: path.len() - 1,
            spec: s.spec.clone(),
            name: s.name(),
            chosen: s.heading.chosen,
            blocks: s
                .blocks
                .iter()
                .map(|b| {
                    let (len, fields, columns) = match &b.value {
                        Value::Markdown(_) | Value::Code(_) => (0, vec![], vec![]),
                        Value::List(l) => (l.items.len(), vec![], vec![]),
                        Value::Table(t) => (t.rows.len(), vec![], t.header.clone()),
                        Value::Fields(f) => {
                            (f.len(), f.iter().map(|f| f.label.clone()).collect(), vec![])
                        }
                    };
                    let date_cells = match (&b.value, b.spec.as_deref()) {
                        (Value::Table(t), Some(spec)) => t
                            .rows
                            .iter()
                            .map(|row| {
                                spec.columns
                                    .iter()
                                    .enumerate()
                                    .map(|(c, col)| {
                                        col.kind == ColumnKind::Date
                                            && row.get(c).is_none_or(|d| {
                                                d.trim().is_empty()
                                                    || checks::parse_date(d.trim()).is_some()
                                            })
                                    })
                                    .collect()
                            })
                            .collect(),
                        _ => vec![],
                    };
                    BlockShape {
                        scaffold: b.is_raw()
                            && matches!(&b.value, Value::Markdown(t) if crate::core::text::is_scaffolding(t)),
                        spec: b.spec.clone(),
                        kind: b.kind(),
                        raw: b.is_raw(),
                        len,
                        fields,
                        columns,
                        date_cells,
                    }
                })
                .collect(),
            path,
        })
        .collect()
}

/// How one of a repeated group is called in the form: its word and ordinal as written
/// ("Option B", "User Story 2"), or for headings that are a prompt alone ("{title of option
/// 1}") the group's word and the instance's position ("Option 2").
pub fn instance_name(plan: &Plan, path: &[usize], r: &RepeatShape) -> String {
    let Some(section) = plan.section_at(path) else {
        return r.word().to_string();
    };
    if !r.bare && !section.heading.ordinal.is_empty() {
        let word = if section.heading.prefix.is_empty() {
            r.word()
        } else {
            section.heading.prefix.as_str()
        };
        return format!("{word} {}", section.heading.ordinal);
    }
    let position = path.split_last().map_or(1, |(last, parent)| {
        let siblings: &[Shared<Section>] = if parent.is_empty() {
            &plan.sections
        } else {
            plan.section_at(parent).map_or(&[], |p| &p.children)
        };
        siblings
            .iter()
            .take(*last + 1)
            .filter(|s| s.spec_id() == section.spec_id())
            .count()
    });
    let mut word = r.noun.clone();
    // The first letter capitalised: ASCII only (a template's nouns are words like "option"), so
    // the Unicode upper-case tables (14 KB of wasm) are not linked for this one call.
    if let Some(first) = word.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    format!("{word} {position}")
}

/// A placeholder as a field shows it: without the template's comments to its writer
/// (`… <!-- numbers of drivers can vary -->` shows as `…`).
pub fn shown(placeholder: String) -> String {
    if !placeholder.contains("<!--") {
        return placeholder;
    }
    let mut out = String::new();
    let mut rest = placeholder.as_str();
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// What a block's controls are called: its spec's name (`Problem statement` for the problem,
/// whose name is its section's) or, under a section of another name, the section's name and its
/// own (`Goals item 2`, `Option A pros`); a raw block is the section's markdown.
pub fn block_label(name: &str, section: &str, raw: bool) -> String {
    if raw {
        format!("{section} markdown")
    } else if template::normalize_title(name) == template::normalize_title(section) {
        name.to_string()
    } else {
        format!("{section} {}", name.to_lowercase())
    }
}

/// Which of a status column's `values` a cell holding `text` stands for: the value written the
/// same, else (for a value that carries a status emoji) the value its words mean (`Done` for
/// `✅`). `None`: the cell says something else, shown as it is.
pub fn status_choice(values: &[String], text: &str) -> Option<usize> {
    let text = text.trim();
    values.iter().position(|v| v == text).or_else(|| {
        let meant = Status::parse(text).filter(|_| !text.is_empty())?;
        values.iter().position(|v| {
            Status::ALL
                .iter()
                .any(|s| v.starts_with(s.emoji()) && *s == meant)
        })
    })
}

/// How a status value is offered: a bare status emoji with its name (`✅ Done`), words as
/// written.
pub fn status_option(value: &str) -> String {
    Status::ALL
        .iter()
        .find(|s| s.emoji() == value)
        .map_or_else(|| value.to_string(), |s| format!("{value} {}", s.label()))
}

/// "Goals item 1" → "Goals item 2": the label of the same control at its new place.
pub fn renumber(label: &str, from: usize, to: usize) -> String {
    let words: Vec<&str> = label.split(' ').collect();
    let from = from.to_string();
    let to = to.to_string();
    words
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let numbered = k > 0 && matches!(words[k - 1], "item" | "row");
            if numbered && *w == from {
                to.as_str()
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `data-target` of a control's container, matching what a check finding points at (see
/// [`crate::core::checks::Target`]), so the Health panel can focus the exact control.
pub fn target_id(path: &[usize], block: usize, item: Option<usize>) -> String {
    let path = path
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("-");
    match item {
        Some(i) => format!("{path}/{block}/{i}"),
        None => format!("{path}/{block}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import::import_markdown;

    #[test]
    fn the_finished_plan_has_a_card_per_section_and_an_editor_per_block() {
        let plan = import_markdown(include_str!(
            "../../tests/fixtures/markdown/finished-plan.md"
        ));
        let shape = shape_of(&plan);
        assert_eq!(shape.len(), plan.walk().len());
        let goals = shape.iter().find(|s| s.name == "Goals").expect("goals");
        assert_eq!(goals.blocks[0].kind, BlockKind::Ordered);
        assert!(!goals.blocks[0].raw);
        assert_eq!(goals.blocks[0].len, 2);
        let header = &shape[0];
        assert_eq!(header.blocks[0].fields, ["Spec", "Created", "Last Updated"]);
        let timeline = shape
            .iter()
            .find(|s| s.name == "Timeline")
            .expect("timeline");
        assert_eq!(timeline.blocks[0].kind, BlockKind::Table);
        assert!(
            timeline.blocks[0]
                .date_cells
                .iter()
                .all(|row| row[1] && !row[0])
        );
    }

    #[test]
    fn labels_name_the_section_and_the_block() {
        assert_eq!(
            block_label("Problem statement", "Problem Statement", false),
            "Problem statement"
        );
        assert_eq!(block_label("Goals", "Goals", false), "Goals");
        assert_eq!(block_label("Pros", "Option A", false), "Option A pros");
        assert_eq!(block_label("Markdown", "Notes", true), "Notes markdown");
        assert_eq!(renumber("Goals item 1", 1, 2), "Goals item 2");
        assert_eq!(renumber("Timeline row 3 date", 3, 2), "Timeline row 2 date");
        assert_eq!(renumber("Item 1 of item 1", 1, 5), "Item 1 of item 5");
        assert_eq!(shown("… <!-- numbers of drivers can vary -->".into()), "…");
    }

    #[test]
    fn statuses_are_the_templates_values() {
        let emoji: Vec<String> = ["✅", "🔄", "⏳"].map(String::from).to_vec();
        assert_eq!(status_choice(&emoji, "🔄"), Some(1));
        assert_eq!(status_choice(&emoji, "Done"), Some(0));
        assert_eq!(status_choice(&emoji, "blocked by legal"), None);
        assert_eq!(status_choice(&emoji, ""), None);
        let words: Vec<String> = ["Open", "Mitigating", "Closed"].map(String::from).to_vec();
        assert_eq!(status_choice(&words, "Mitigating"), Some(1));
        assert_eq!(status_choice(&words, "done"), None);
        assert_eq!(status_option("✅"), "✅ Done");
        assert_eq!(status_option("Open"), "Open");
    }
}
