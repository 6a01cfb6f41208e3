//! [`Plan`] → canonical markdown.
//!
//! Deterministic and laid out exactly as the template: heading levels, bold labels, the
//! two-space line breaks of the header, table delimiter rows, `✅ **(Chosen)**`. An empty field
//! renders as the template's placeholder for it, so a new plan renders as the template itself.
//! Raw blocks are written verbatim.

use std::sync::Arc;

use crate::core::model::{
    Align, Block, Code, Field, Heading, List, Plan, Section, Shared, Table, Value,
};
use crate::core::template::{self, BlockKind, BlockSpec, HeadingPattern, SectionSpec};

/// The plan as canonical markdown, ending with one newline.
pub fn to_markdown(plan: &Plan) -> String {
    let mut out = parts(plan).join("\n\n");
    out.push('\n');
    out
}

/// The plan's markdown in parts: the preamble (if it has any text), then each top-level section.
/// Joined with blank lines and ended with a newline they are [`to_markdown`]; the preview renders
/// them one by one.
pub fn parts(plan: &Plan) -> Vec<String> {
    let mut parts: Vec<String> = Vec::with_capacity(plan.sections.len() + 1);
    let preamble = preamble_markdown(plan);
    if !preamble.is_empty() {
        parts.push(preamble.to_string());
    }
    for section in &plan.sections {
        parts.push(section_markdown(section));
    }
    parts
}

/// One top-level section as the app shows it: its markdown, the same cut at every heading (the
/// preview renders each piece on its own, so a keystroke re-renders the piece it is in), and its
/// word count.
#[derive(Debug, PartialEq, Eq)]
pub struct SectionText {
    /// [`section_markdown`].
    pub markdown: String,
    /// The markdown of the section and of each subsection (heading and blocks, without the
    /// subsections), depth first: joined with blank lines they are `markdown`.
    pub pieces: Vec<String>,
    /// Its words ([`crate::core::import::words`]).
    pub words: usize,
}

impl SectionText {
    /// Renders `section`.
    pub fn of(section: &Section) -> Self {
        let mut pieces = Vec::new();
        push_pieces(section, &mut pieces);
        let markdown = pieces.join("\n\n");
        let words = crate::core::import::words(&markdown).count();
        SectionText {
            markdown,
            pieces,
            words,
        }
    }
}

fn push_pieces(section: &Section, out: &mut Vec<String>) {
    let mut own = String::new();
    write_own(section, &mut own);
    out.push(own);
    for child in &section.children {
        push_pieces(child, out);
    }
}

/// The [`SectionText`] of each top-level section, kept per section: a plan that shares most of
/// its sections with the last one seen renders only the sections that changed.
#[derive(Debug, Default)]
pub struct SectionCache {
    seen: Vec<(Shared<Section>, Arc<SectionText>)>,
}

impl SectionCache {
    /// The text of every top-level section of `plan`, in order.
    pub fn texts(&mut self, plan: &Plan) -> Vec<Arc<SectionText>> {
        let mut seen = Vec::with_capacity(plan.sections.len());
        for (i, section) in plan.sections.iter().enumerate() {
            // Usually at the same place; after a section is added or removed, anywhere.
            let known = self
                .seen
                .get(i)
                .filter(|(s, _)| Shared::same(s, section))
                .or_else(|| self.seen.iter().find(|(s, _)| Shared::same(s, section)))
                .map(|(_, t)| t.clone());
            let text = known.unwrap_or_else(|| Arc::new(SectionText::of(section)));
            seen.push((section.clone(), text));
        }
        let texts = seen.iter().map(|(_, t)| t.clone()).collect();
        self.seen = seen;
        texts
    }
}

/// [`to_markdown`] from the plan's preamble and the texts of its sections.
pub fn markdown_of(plan: &Plan, texts: &[Arc<SectionText>]) -> String {
    let preamble = preamble_markdown(plan);
    let len = preamble.len() + texts.iter().map(|t| t.markdown.len() + 2).sum::<usize>() + 2;
    let mut out = String::with_capacity(len);
    out.push_str(preamble);
    for t in texts {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&t.markdown);
    }
    out.push('\n');
    out
}

/// The preamble as it stands in [`to_markdown`]: without trailing blank lines, and empty when
/// it has no text.
pub fn preamble_markdown(plan: &Plan) -> &str {
    if plan.preamble.trim().is_empty() {
        ""
    } else {
        trim_md_end(&plan.preamble)
    }
}

/// Trims the end of markdown text: only spaces, tabs and line breaks, which markdown itself
/// ignores there. Rust's `trim_end` would also take a no-break space or other Unicode space,
/// which markdown reads as text: dropping one can turn `#\u{a0}` (a paragraph line) into `#`
/// (an empty heading), so the output would not be a fixed point (found by fuzzing).
pub(crate) fn trim_md_end(s: &str) -> &str {
    s.trim_end_matches([' ', '\t', '\n', '\r'])
}

/// One section with its subsections, without a trailing newline.
pub fn section_markdown(section: &Section) -> String {
    let mut out = String::new();
    write_section(section, &mut out);
    out
}

fn write_section(section: &Section, out: &mut String) {
    write_own(section, out);
    for child in &section.children {
        out.push_str("\n\n");
        write_section(child, out);
    }
}

/// A section's lead, heading and blocks, without its subsections.
fn write_own(section: &Section, out: &mut String) {
    let lead = trim_md_end(&section.lead);
    if !lead.trim().is_empty() {
        out.push_str(lead);
        // Only a comment can stand right above a heading and read back as its lead; anything
        // else (hand-made JSON) is written as a block of its own, so no word is lost.
        let comment = lead.starts_with("<!--")
            && lead.ends_with("-->")
            && lead.matches("-->").count() == 1
            && !lead.contains("\n\n");
        out.push_str(if comment { "\n" } else { "\n\n" });
    }
    let level = usize::from(section.level.clamp(1, 6));
    out.push_str(&"#".repeat(level));
    let spec = section.spec.as_deref();
    let text = heading_text(spec, &section.heading);
    if !text.is_empty() {
        out.push(' ');
        out.push_str(&escape_closing_hashes(&text));
    }
    let body = blocks_markdown(&section.blocks, ordinal_index(&section.heading.ordinal));
    if !body.is_empty() {
        let tight = spec.is_some_and(|s| s.tight);
        out.push_str(if tight { "\n" } else { "\n\n" });
        out.push_str(&body);
    }
}

/// The text of a heading line after the `#` marks, as the section's spec writes it.
pub fn heading_text(spec: Option<&SectionSpec>, heading: &Heading) -> String {
    let one_line = |s: &str| {
        s.split('\n')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_string()
    };
    let Some(spec) = spec else {
        return one_line(&heading.text);
    };
    match &spec.heading {
        HeadingPattern::Fixed => {
            let t = one_line(&heading.text);
            if t.is_empty() { spec.title.clone() } else { t }
        }
        HeadingPattern::Title(shape) => {
            let name = one_line(&heading.text);
            let name = if name.is_empty() {
                shape.placeholder.clone()
            } else {
                name
            };
            if heading.prefix.is_empty() {
                name
            } else {
                format!("{}: {}", heading.prefix, name)
            }
        }
        HeadingPattern::Repeated(shape) => {
            let name = one_line(&heading.text);
            let name = match shape.placeholder(ordinal_index(&heading.ordinal)) {
                Some(p) if name.is_empty() => p,
                _ => name,
            };
            let mut t = String::new();
            if shape.bare {
                t.push_str(&name);
            } else {
                let prefix = if heading.prefix.is_empty() {
                    shape.word()
                } else {
                    &heading.prefix
                };
                t = format!("{} {}", prefix, heading.ordinal);
                if !name.is_empty() {
                    t.push_str(if shape.sep.is_empty() {
                        ": "
                    } else {
                        &shape.sep
                    });
                    t.push_str(&name);
                }
            }
            let d = one_line(&heading.duration);
            if shape.suffix && !d.is_empty() {
                t.push_str(" (");
                t.push_str(&d);
                t.push(')');
            }
            if shape.pick_one && heading.chosen {
                t.push(' ');
                t.push_str(if heading.marker.trim().is_empty() {
                    template::CHOSEN_MARKER
                } else {
                    heading.marker.trim()
                });
            }
            t
        }
    }
}

/// A heading text ending in ` #` would lose its last word to the ATX closing sequence: escape it.
fn escape_closing_hashes(text: &str) -> String {
    let head = text.trim_end_matches('#');
    if head.len() < text.len() && (head.is_empty() || head.ends_with([' ', '\t'])) {
        format!("{head}\\{}", &text[head.len()..])
    } else {
        text.to_string()
    }
}

/// The 0-based position an ordinal stands for: `A`/`1` → 0, `B`/`2` → 1. Placeholders that vary
/// by option (`X days`, `Y days`) use it.
pub fn ordinal_index(ordinal: &str) -> usize {
    let o = ordinal.trim();
    if let Ok(n) = o.parse::<usize>() {
        return n.saturating_sub(1);
    }
    let mut chars = o.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => {
            usize::from(c.to_ascii_uppercase() as u8 - b'A')
        }
        _ => 0,
    }
}

/// A section's body blocks, joined by blank lines (also used by import's round-trip guard).
pub(crate) fn blocks_markdown(blocks: &[Block], index: usize) -> String {
    let parts: Vec<String> = blocks
        .iter()
        .map(|b| block_markdown(b, index))
        .filter(|s| !s.is_empty())
        .collect();
    parts.join("\n\n")
}

/// One block as markdown. `index` is the position of the enclosing option or phase.
pub fn block_markdown(block: &Block, index: usize) -> String {
    let Some(spec) = block.spec.as_deref() else {
        return match &block.value {
            Value::Markdown(s) => trim_md_end(s).to_string(),
            other => generic_value(other),
        };
    };
    let body = match &block.value {
        Value::Markdown(text) => {
            if text.trim().is_empty() {
                spec.placeholders
                    .first()
                    .map(|p| template::fill_pattern(p, index))
                    .unwrap_or_default()
            } else {
                trim_md_end(text).to_string()
            }
        }
        Value::List(list) => list_markdown(list, spec),
        Value::Table(table) => table_markdown(table, spec),
        Value::Fields(fields) => fields_markdown(fields, spec, index),
        Value::Code(code) => {
            code_markdown(code, spec.placeholders.first().map_or("", String::as_str))
        }
    };
    let label = spec.label.as_ref().map(|l| {
        if spec.colon_outside {
            format!("**{l}**:")
        } else {
            format!("**{l}:**")
        }
    });
    match label {
        Some(label) if body.is_empty() => label,
        Some(label) => format!("{label}{}{body}", spec.label_sep),
        None => body,
    }
}

/// A typed value whose slot has no spec (only reachable through hand-made JSON).
fn generic_value(value: &Value) -> String {
    match value {
        Value::Markdown(s) => trim_md_end(s).to_string(),
        Value::List(l) => l
            .items
            .iter()
            .map(|i| format!("- {}", i.text.replace('\n', "\n  ")))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Table(t) => rows_markdown(&t.header, &t.align, &t.rows, |_, _| None),
        Value::Fields(f) => f
            .iter()
            .map(|f| format!("**{}:** {}", f.label, f.value))
            .collect::<Vec<_>>()
            .join("  \n"),
        Value::Code(c) => code_markdown(c, ""),
    }
}

fn list_markdown(list: &List, spec: &BlockSpec) -> String {
    let ordered = spec.kind.is_ordered();
    let check = spec.kind.is_checklist();
    let mut out = String::new();
    let mut n = list.start;
    for (i, item) in list.items.iter().enumerate() {
        let text = if item.text.trim().is_empty() {
            match template::placeholder_at(&spec.placeholders, i, spec.repeat) {
                Some(p) if !p.is_empty() => p,
                _ => continue,
            }
        } else {
            trim_md_end(&item.text).to_string()
        };
        let marker = if ordered {
            format!("{n}.")
        } else {
            spec.bullet.to_string()
        };
        n += 1;
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&marker);
        out.push(' ');
        if check {
            out.push_str(if item.checked { "[x] " } else { "[ ] " });
        }
        let indent = " ".repeat(marker.len() + 1);
        for (j, line) in text.split('\n').enumerate() {
            if j > 0 {
                out.push('\n');
                if !line.trim().is_empty() {
                    out.push_str(&indent);
                    out.push_str(trim_md_end(line));
                }
            } else {
                out.push_str(trim_md_end(line.trim_start_matches([' ', '\t'])));
            }
        }
    }
    out
}

fn table_markdown(table: &Table, spec: &BlockSpec) -> String {
    let header: Vec<String> = if table.header.len() == spec.columns.len() {
        table.header.clone()
    } else {
        spec.columns.iter().map(|c| c.name.clone()).collect()
    };
    let out = rows_markdown(&header, &table.align, &table.rows, |r, c| {
        spec.columns
            .get(c)
            .and_then(|col| template::placeholder_at(&col.placeholders, r, true))
    });
    // The template's own delimiter row (`| --- | --- |`) while the header and alignment are the
    // template's: a plan keeps the table as its team writes tables.
    match &spec.delimiter {
        Some(delimiter)
            if header
                .iter()
                .map(String::as_str)
                .eq(spec.columns.iter().map(|c| c.name.as_str()))
                && crate::core::import::split_cells(delimiter).len() == header.len()
                && crate::core::import::split_cells(delimiter)
                    .iter()
                    .map(|d| crate::core::import::align_of(d))
                    .eq(header
                        .iter()
                        .enumerate()
                        .map(|(i, _)| table.align.get(i).copied().unwrap_or_default())) =>
        {
            let mut lines: Vec<&str> = out.split('\n').collect();
            if let Some(second) = lines.get_mut(1) {
                *second = delimiter;
            }
            lines.join("\n")
        }
        _ => out,
    }
}

fn rows_markdown(
    header: &[String],
    align: &[Align],
    rows: &[Vec<String>],
    placeholder: impl Fn(usize, usize) -> Option<String>,
) -> String {
    let mut out = String::new();
    out.push('|');
    for h in header {
        out.push(' ');
        out.push_str(&cell(h));
        out.push_str(" |");
    }
    out.push_str("\n|");
    for (c, h) in header.iter().enumerate() {
        let width = cell(h).chars().count() + 2;
        let a = align.get(c).copied().unwrap_or_default();
        let dashes = "-".repeat(
            width
                .saturating_sub(match a {
                    Align::None => 0,
                    Align::Left | Align::Right => 1,
                    Align::Center => 2,
                })
                .max(1),
        );
        match a {
            Align::None => out.push_str(&dashes),
            Align::Left => {
                out.push(':');
                out.push_str(&dashes);
            }
            Align::Right => {
                out.push_str(&dashes);
                out.push(':');
            }
            Align::Center => {
                out.push(':');
                out.push_str(&dashes);
                out.push(':');
            }
        }
        out.push('|');
    }
    for (r, row) in rows.iter().enumerate() {
        out.push_str("\n|");
        for c in 0..header.len() {
            let value = row.get(c).map(String::as_str).unwrap_or("");
            let text = if value.trim().is_empty() {
                placeholder(r, c).unwrap_or_default()
            } else {
                cell(value)
            };
            if text.is_empty() {
                out.push_str("  |");
            } else {
                out.push(' ');
                out.push_str(&text);
                out.push_str(" |");
            }
        }
    }
    out
}

/// A table cell on one line with its pipes escaped.
fn cell(text: &str) -> String {
    let one_line = text
        .split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(one_line.len());
    let mut escaped = false;
    for ch in one_line.trim().chars() {
        if ch == '|' && !escaped {
            out.push('\\');
        }
        out.push(ch);
        escaped = ch == '\\' && !escaped;
    }
    if escaped {
        // A trailing backslash would escape the cell's closing pipe.
        out.push('\\');
    }
    out
}

fn fields_markdown(fields: &[Field], spec: &BlockSpec, index: usize) -> String {
    let lines: Vec<String> = fields
        .iter()
        .map(|f| {
            let value = if f.value.trim().is_empty() {
                template::field_index(&spec.fields, &f.label)
                    .and_then(|k| spec.fields.get(k))
                    .and_then(|fs| template::field_placeholder(fs, index))
                    .unwrap_or_default()
            } else {
                f.value
                    .split('\n')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let label = f.label.trim();
            match (spec.kind, value.is_empty()) {
                (BlockKind::FieldList, true) => format!("- {label}:"),
                (BlockKind::FieldList, false) => format!("- {label}: {value}"),
                (_, true) if spec.colon_outside => format!("**{label}**:"),
                (_, false) if spec.colon_outside => format!("**{label}**: {value}"),
                (_, true) => format!("**{label}:**"),
                (_, false) => format!("**{label}:** {value}"),
            }
        })
        .collect();
    lines.join(if spec.kind == BlockKind::FieldList {
        "\n"
    } else {
        "  \n"
    })
}

fn code_markdown(code: &Code, placeholder: &str) -> String {
    let text = if code.text.trim().is_empty() {
        placeholder
    } else {
        code.text.trim_end_matches('\n')
    };
    let lang = code.lang.split('\n').next().unwrap_or("").trim();
    let use_tilde = lang.contains('`');
    let ch = if use_tilde { '~' } else { '`' };
    let longest = text
        .lines()
        .map(|l| l.trim_start().chars().take_while(|c| *c == ch).count())
        .max()
        .unwrap_or(0);
    let fence: String = std::iter::repeat_n(ch, longest.max(2) + 1).collect();
    if text.is_empty() {
        format!("{fence}{lang}\n{fence}")
    } else {
        format!("{fence}{lang}\n{text}\n{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Item;
    use crate::core::template::technical_plan;

    /// The cache gives `to_markdown` exactly, cut at every heading, and renders again only
    /// the sections an edit changed.
    #[test]
    fn section_cache_renders_what_changed() {
        let text = "front\n\n# Technical Plan: A\n\n## Problem Statement\n\nSlow.\n\n### Detail\n\nMore words here.\n\n## Goals\n\n1. Fast\n\n# Other\n\nEnd.\n";
        let mut plan = crate::core::import_markdown(text);
        let mut cache = SectionCache::default();
        let texts = cache.texts(&plan);
        assert_eq!(markdown_of(&plan, &texts), to_markdown(&plan));
        for t in &texts {
            assert_eq!(t.pieces.join("\n\n"), t.markdown);
        }
        assert_eq!(
            texts.iter().map(|t| t.words).sum::<usize>() + 1,
            crate::core::import::words(&to_markdown(&plan)).count()
        );
        let problem = texts
            .iter()
            .position(|t| t.markdown.contains("Slow."))
            .unwrap();
        assert_eq!(texts[problem].pieces.len(), 2);
        plan.sections[problem].children[0].blocks.clear();
        let again = cache.texts(&plan);
        assert_eq!(markdown_of(&plan, &again), to_markdown(&plan));
        for (i, (a, b)) in texts.iter().zip(&again).enumerate() {
            assert_eq!(Arc::ptr_eq(a, b), i != problem, "section {i}");
        }
        // A section removed: the others are found where they went.
        plan.sections.remove(0);
        let fewer = cache.texts(&plan);
        assert_eq!(markdown_of(&plan, &fewer), to_markdown(&plan));
        assert!(Arc::ptr_eq(&fewer[0], &again[1]));
        let empty = Plan {
            sections: Vec::new(),
            preamble: String::new(),
            ..plan.clone()
        };
        assert_eq!(
            markdown_of(&empty, &cache.texts(&empty)),
            to_markdown(&empty)
        );
    }

    #[test]
    fn lists_render_with_markers_and_placeholders() {
        let b = Block::new(
            technical_plan().block("goals#0").unwrap(),
            Value::List(List {
                start: 1,
                items: vec![Item::new("Ship it"), Item::new(""), Item::new("a\n- b")],
            }),
        );
        assert_eq!(block_markdown(&b, 0), "1. Ship it\n2. Goal 2\n3. a\n   - b");
    }

    #[test]
    fn labelled_code_and_fences() {
        let b = Block::new(
            technical_plan().block("rollback-plan#1").unwrap(),
            Value::Code(Code {
                lang: "sql".into(),
                text: "```\nDROP TABLE x;".into(),
            }),
        );
        assert_eq!(
            block_markdown(&b, 0),
            "**Rollback Script:**\n````sql\n```\nDROP TABLE x;\n````"
        );
    }

    #[test]
    fn cells_escape_pipes() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("a\\|b"), "a\\|b");
        assert_eq!(cell("end\\"), "end\\\\");
    }

    #[test]
    fn closing_hashes_are_escaped() {
        assert_eq!(escape_closing_hashes("a #"), "a \\#");
        assert_eq!(escape_closing_hashes("#"), "\\#");
        assert_eq!(escape_closing_hashes("C#"), "C#");
    }

    #[test]
    fn ordinals_index() {
        assert_eq!(ordinal_index("A"), 0);
        assert_eq!(ordinal_index("c"), 2);
        assert_eq!(ordinal_index("3"), 2);
        assert_eq!(ordinal_index("IV"), 0);
    }
}
