//! How each part of a plan is written canonically: a heading line, a block (prose, list,
//! checklist, table, labelled fields, code), a section with its subsections. Deterministic and
//! laid out as the template lays it out; an empty field is the template's placeholder. Import's
//! guard reads these back, and [`crate::core::render`] writes an edited part with them.

use crate::core::model::{Block, Code, Field, Heading, List, Section, Table, Value};
use crate::core::template::{self, BlockKind, BlockSpec, HeadingPattern, SectionSpec};
use crate::core::text::{Align, trim_md_end};

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

/// A section's lead, heading and blocks, without its subsections, canonical.
fn write_own(section: &Section, out: &mut String) {
    out.push_str(&head_markdown(section));
    let spec = section.spec.as_deref();
    let body = blocks_markdown(&section.blocks, ordinal_index(&section.heading.ordinal));
    if !body.is_empty() {
        let tight = spec.is_some_and(|s| s.tight);
        out.push_str(if tight { "\n" } else { "\n\n" });
        out.push_str(&body);
    }
}

/// A section's lead and heading line, canonical.
pub fn head_markdown(section: &Section) -> String {
    let mut out = String::new();
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
    let text = heading_text(section.spec.as_deref(), &section.heading);
    if !text.is_empty() {
        out.push(' ');
        out.push_str(&escape_closing_hashes(&text));
    }
    out
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
            let d = one_line(&heading.suffix);
            if shape.suffix.is_some() && !d.is_empty() {
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
pub fn blocks_markdown(blocks: &[Block], index: usize) -> String {
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
                && crate::core::text::split_cells(delimiter).len() == header.len()
                && crate::core::text::split_cells(delimiter)
                    .iter()
                    .map(|d| crate::core::text::align_of(d))
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
