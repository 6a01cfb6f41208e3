//! [`Plan`] → markdown: as written, or canonical.
//!
//! [`to_markdown`] writes a plan as it was written: every part read from a text (the preamble, a
//! section's heading, a block) is written back as its source while it still holds what it read
//! as, with the blank lines that followed it; so importing a file and writing it back gives its
//! bytes back, and an edit changes only the part it edits. An edited part is written canonically;
//! a block whose lines still match its canonical lines one for one keeps the source of every line
//! the edit left alone ([`splice`]), so changing one cell, item or field rewrites one line.
//!
//! [`canonical`] (what `planform fmt` writes) is deterministic and laid out exactly as the
//! template: heading levels, bold labels, the two-space line breaks of the header, table
//! delimiter rows, `✅ **(Chosen)**`. An empty field renders as the template's placeholder for
//! it. Raw blocks are written verbatim.

use std::sync::Arc;

use crate::core::model::{Block, Plan, Section, Shared};
use crate::core::text::trim_md_end;
use crate::core::write::{block_markdown, head_markdown, ordinal_index, section_markdown};

/// The plan as it was written, edits canonical ([`Plan`]'s parts keep their source text).
pub fn to_markdown(plan: &Plan) -> String {
    markdown_of(plan, &SectionCache::default().texts(plan))
}

/// The plan in canonical form (`planform fmt`), ending with one newline: what the template's
/// layout writes, whatever the layout of the text it was read from.
pub fn canonical(plan: &Plan) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(plan.sections.len() + 1);
    let preamble = trim_md_end(&plan.preamble);
    if !preamble.trim().is_empty() {
        parts.push(preamble.to_string());
    }
    for section in &plan.sections {
        parts.push(section_markdown(section));
    }
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

/// The plan's markdown in parts, as written: the preamble (if it has any text), then each
/// top-level section, each without the blank lines after it. The HTML export renders them one
/// by one as the preview does.
pub fn parts(plan: &Plan) -> Vec<String> {
    let mut parts: Vec<String> = Vec::with_capacity(plan.sections.len() + 1);
    let preamble = preamble_markdown(plan);
    if !preamble.is_empty() {
        parts.push(preamble.to_string());
    }
    for text in SectionCache::default().texts(plan) {
        parts.push(text.markdown.clone());
    }
    parts
}

/// What separates a part of a plan's text from the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gap {
    /// As written after a part read from a text (blank lines, and the spaces on them);
    /// `at_end` when that text ended there.
    Written {
        /// The whitespace as written.
        text: String,
        /// The source text ended after it: it is the document's ending.
        at_end: bool,
    },
    /// Canonical: a blank line; none after a heading its template writes tight.
    Canonical {
        /// No blank line: the next part starts on the next line.
        tight: bool,
    },
}

impl Gap {
    /// The separator to write when another part follows. A written separator with no blank
    /// line is kept only when what follows is the part that followed it (`same_next`), or a
    /// heading, which no block before it can take in; else a blank line keeps the two apart
    /// (a paragraph after a list would become part of its last item).
    fn between(&self, same_next: bool, next_is_heading: bool) -> &str {
        match self {
            Gap::Written {
                text,
                at_end: false,
            } if text.contains("\n\n")
                || (text.contains('\n') && (same_next || next_is_heading)) =>
            {
                text
            }
            Gap::Canonical { tight: true } => "\n",
            _ => "\n\n",
        }
    }
}

/// One part of a plan's text as it is written now.
#[derive(Clone, Debug)]
struct Piece {
    /// Its text, without the blank lines after it.
    content: String,
    /// What follows it.
    gap: Gap,
    /// The part is written as it was read, or edited from what was read there: the part that
    /// followed it then follows it still, unless the plan's structure changed.
    read: bool,
    /// Its first line is a heading (or the comment that leads one).
    heading: bool,
}

impl Piece {
    /// The pieces joined, each with the separator its gap asks for before the next; `end` says
    /// what ends the last (`None`: nothing, it is not the end of the document).
    fn join(pieces: &[Piece], out: &mut String) {
        for (i, piece) in pieces.iter().enumerate() {
            out.push_str(&piece.content);
            if let Some(next) = pieces.get(i + 1) {
                out.push_str(piece.gap.between(piece.read && next.read, next.heading));
            }
        }
    }
}

/// One top-level section as the app shows it: its markdown as written, the same cut at every
/// heading (the preview renders each piece on its own, so a keystroke re-renders the piece it
/// is in), what follows it, and its word count.
#[derive(Debug, PartialEq, Eq)]
pub struct SectionText {
    /// The section and its subsections as written, without the blank lines after it.
    pub markdown: String,
    /// What follows the section.
    pub gap: Gap,
    /// The markdown of the section and of each subsection (heading and blocks, without the
    /// subsections), depth first.
    pub pieces: Vec<String>,
    /// Its words ([`crate::core::text::words`]).
    pub words: usize,
}

impl SectionText {
    /// Renders `section` as written.
    pub fn of(section: &Section) -> Self {
        let mut all: Vec<Piece> = Vec::new();
        let mut pieces: Vec<String> = Vec::new();
        push_section_pieces(section, &mut all, &mut pieces);
        let mut markdown = String::new();
        Piece::join(&all, &mut markdown);
        let words = crate::core::text::words(&markdown).count();
        let gap = all
            .last()
            .map_or(Gap::Canonical { tight: false }, |p| p.gap.clone());
        SectionText {
            markdown,
            gap,
            pieces,
            words,
        }
    }
}

/// The pieces of `section` and its subsections, depth first; `own` gets each heading's own
/// part (its heading and blocks) joined.
fn push_section_pieces(section: &Section, all: &mut Vec<Piece>, own: &mut Vec<String>) {
    let from = all.len();
    own_pieces(section, all);
    let mut text = String::new();
    Piece::join(&all[from..], &mut text);
    own.push(text);
    for child in &section.children {
        push_section_pieces(child, all, own);
    }
}

/// A section's heading and blocks as written: each part as read, or canonical where edited.
fn own_pieces(section: &Section, out: &mut Vec<Piece>) {
    let spec = section.spec.as_deref();
    let has_blocks = section
        .blocks
        .iter()
        .any(|b| b.repr.written().is_some() || !block_markdown(b, 0).is_empty());
    let tight = spec.is_some_and(|s| s.tight) && has_blocks;
    match section.repr.written() {
        Some(w) if section.heading_as_read() => out.push(Piece {
            content: w.content().to_string(),
            gap: written_gap(w.gap(), w.at_end),
            read: true,
            heading: true,
        }),
        written => out.push(Piece {
            content: head_markdown(section),
            gap: written.map_or(Gap::Canonical { tight }, |w| written_gap(w.gap(), w.at_end)),
            read: written.is_some(),
            heading: true,
        }),
    }
    let index = ordinal_index(&section.heading.ordinal);
    for block in &section.blocks {
        let piece = match block.repr.written() {
            Some(w) if block.as_read() => Piece {
                content: w.content().to_string(),
                gap: written_gap(w.gap(), w.at_end),
                read: true,
                heading: false,
            },
            Some(w) => {
                let now = block_markdown(block, index);
                let was = Block {
                    spec: w.was.spec.clone(),
                    value: w.was.value.clone(),
                    ..Block::raw("")
                };
                let content = splice(w.content(), &block_markdown(&was, index), &now);
                Piece {
                    content,
                    gap: written_gap(w.gap(), w.at_end),
                    read: true,
                    heading: false,
                }
            }
            None => Piece {
                content: block_markdown(block, index),
                gap: Gap::Canonical { tight: false },
                read: false,
                heading: false,
            },
        };
        // A block with nothing to write (an empty raw block) takes no place.
        if !piece.content.is_empty() {
            out.push(piece);
        }
    }
}

fn written_gap(text: &str, at_end: bool) -> Gap {
    Gap::Written {
        text: text.to_string(),
        at_end,
    }
}

/// An edited block written from its source: when the source's lines and the canonical lines of
/// what it read as correspond one for one, every line the edit left alone (in the canonical
/// lines' diff) keeps its source, and the others are canonical, a new list item taking the
/// bullet of the items around it. Otherwise the block is canonical.
pub fn splice(source: &str, was: &str, now: &str) -> String {
    let src: Vec<&str> = source.split('\n').collect();
    let old: Vec<&str> = was.split('\n').collect();
    let new: Vec<&str> = now.split('\n').collect();
    if src.len() != old.len() {
        return now.to_string();
    }
    let style = Style::of(&src);
    let mut out: Vec<String> = Vec::with_capacity(new.len());
    // Lines removed just before: an added line takes the style of the one it replaces first.
    let mut replaced: Vec<usize> = Vec::new();
    for op in crate::core::diff::line_ops(&old, &new) {
        match op {
            crate::core::diff::LineOp::Same(i, _) => {
                replaced.clear();
                out.push(src[i].to_string());
            }
            crate::core::diff::LineOp::Added(j) => {
                let line = if replaced.is_empty() {
                    style.apply(new[j])
                } else {
                    Style::of(&[src[replaced.remove(0)]])
                        .or(&style)
                        .apply(new[j])
                };
                out.push(line);
            }
            crate::core::diff::LineOp::Removed(i) => replaced.push(i),
        }
    }
    out.join("\n")
}

/// How the lines of a part were written, where canonical lines could differ: list markers,
/// bold labels with the colon inside or outside, hard line breaks.
struct Style {
    marker: Option<Marker>,
    /// `**Label**:` (`true`) or `**Label:**` (`false`).
    colon_outside: Option<bool>,
    /// A backslash (`true`) or two spaces (`false`) ends a line that breaks.
    backslash_break: Option<bool>,
}

impl Style {
    fn of(lines: &[&str]) -> Style {
        Style {
            marker: lines.iter().find_map(|l| marker(l).map(|(m, _)| m)),
            colon_outside: lines
                .iter()
                .find_map(|l| label_colon(l).map(|(outside, _)| outside)),
            backslash_break: lines.iter().find_map(|l| {
                if l.ends_with('\\') {
                    Some(true)
                } else if l.ends_with("  ") && !l.trim().is_empty() {
                    Some(false)
                } else {
                    None
                }
            }),
        }
    }

    /// This style, and where it says nothing, `other`'s.
    fn or(self, other: &Style) -> Style {
        Style {
            marker: self.marker.or(other.marker),
            colon_outside: self.colon_outside.or(other.colon_outside),
            backslash_break: self.backslash_break.or(other.backslash_break),
        }
    }

    /// A canonical line in this style.
    fn apply(&self, line: &str) -> String {
        let mut out = restyle_marker(line, self.marker);
        if let (Some(outside), Some((is_outside, end))) = (self.colon_outside, label_colon(&out))
            && outside != is_outside
        {
            // `**Label:**` ↔ `**Label**:`: either way the label's text is between the opening
            // `**` and the last three characters.
            let label = out[2..end - 3].to_string();
            let rest = out[end..].to_string();
            out = if outside {
                format!("**{label}**:{rest}")
            } else {
                format!("**{label}:**{rest}")
            };
        }
        if self.backslash_break == Some(true)
            && let Some(body) = out.strip_suffix("  ")
            && !body.trim().is_empty()
        {
            out = format!("{}\\", body.trim_end());
        }
        out
    }
}

/// A bold label at the start of `line`: whether its colon stands outside (`**Label**:`), and
/// where the label ends (after `**:` or `:**`).
fn label_colon(line: &str) -> Option<(bool, usize)> {
    let rest = line.strip_prefix("**")?;
    let close = rest.find("**")?;
    let label = &rest[..close];
    if label.is_empty() {
        return None;
    }
    if let Some(stripped) = label.strip_suffix(':')
        && !stripped.is_empty()
    {
        return Some((false, 2 + close + 2));
    }
    rest[close + 2..]
        .starts_with(':')
        .then_some((true, 2 + close + 3))
}

/// A list item's marker at the start of `line` (after indentation), and where its text begins.
fn marker(line: &str) -> Option<(Marker, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let b = rest.chars().next()?;
    if matches!(b, '-' | '*' | '+') && rest[1..].starts_with(' ') {
        return Some((Marker::Bullet(b), indent + 2));
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let delim = rest[digits..].chars().next()?;
    (digits > 0 && digits < 10 && matches!(delim, '.' | ')') && rest[digits + 1..].starts_with(' '))
        .then_some((Marker::Number(delim), indent + digits + 2))
}

/// How a list's items are marked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// `-`, `*` or `+`.
    Bullet(char),
    /// A number followed by `.` or `)`.
    Number(char),
}

/// A canonical line with a list item's marker in the style of the lines around it: their
/// bullet, or their number's delimiter; a number where they are numbered.
fn restyle_marker(line: &str, style: Option<Marker>) -> String {
    let (Some(style), Some((mine, text_at))) = (style, marker(line)) else {
        return line.to_string();
    };
    if mine == style {
        return line.to_string();
    }
    let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
    let text = &line[text_at..];
    match (style, mine) {
        (Marker::Bullet(b), _) => format!("{indent}{b} {text}"),
        (Marker::Number(d), Marker::Number(_)) => {
            let number = &line[indent.len()..text_at - 2];
            format!("{indent}{number}{d} {text}")
        }
        (Marker::Number(d), Marker::Bullet(_)) => format!("{indent}1{d} {text}"),
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
    // A document with no heading, unchanged, is its text (even an empty one).
    if texts.is_empty()
        && let Some(w) = plan.preamble_repr.written()
        && w.was == plan.preamble
    {
        return w.text.clone();
    }
    let len = plan.preamble.len() + texts.iter().map(|t| t.markdown.len() + 2).sum::<usize>() + 2;
    let mut out = String::with_capacity(len);
    // What follows the last part written, if any: sections start with a heading, which ends
    // no written separator early.
    let mut gap: Option<Gap> = None;
    match plan.preamble_repr.written() {
        // Blank lines before the first heading, as written.
        Some(w) if w.was == plan.preamble && w.content().trim().is_empty() => {
            out.push_str(&w.text);
        }
        _ => {
            let preamble = preamble_markdown(plan);
            if !preamble.is_empty() {
                out.push_str(preamble);
                gap = Some(preamble_gap(plan));
            }
        }
    }
    for t in texts {
        if let Some(g) = &gap {
            out.push_str(g.between(true, true));
        }
        out.push_str(&t.markdown);
        gap = Some(t.gap.clone());
    }
    match gap {
        Some(Gap::Written { text, at_end: true }) => out.push_str(&text),
        // The document's own ending, whatever part ends it now.
        _ => out.push_str(plan.ending.written().map_or("\n", |w| w.text.as_str())),
    }
    out
}

/// The preamble as it stands in [`to_markdown`], without the blank lines after it: as written
/// while it is unchanged; else without trailing blank lines; empty when it has no text.
pub fn preamble_markdown(plan: &Plan) -> &str {
    match plan.preamble_repr.written() {
        Some(w) if w.was == plan.preamble && !w.content().trim().is_empty() => w.content(),
        _ if plan.preamble.trim().is_empty() => "",
        _ => trim_md_end(&plan.preamble),
    }
}

/// What follows the preamble.
fn preamble_gap(plan: &Plan) -> Gap {
    match plan.preamble_repr.written() {
        Some(w) => written_gap(w.gap(), w.at_end),
        None => Gap::Canonical { tight: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            crate::core::text::words(&to_markdown(&plan)).count()
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
}

#[cfg(test)]
mod as_written {
    use super::*;
    use crate::core::address::{Addr, Part};
    use crate::core::import::import_markdown;
    use crate::core::model::MetaField;

    const DOC: &str = "# Technical Plan: Queue\n\
**Spec**: SPEC-9\\\n\
**Created:** 2026-01-02\\\n\
**Last Updated:**   2026-01-03\n\
\n\n## Goals\n\
* Fast\n\
* Cheap\n\
## Timeline\n\n\
|Milestone|Date|Status|\n\
|-|-|-|\n\
|Design|2026-02-01|✅|\n\
|Build|2026-03-01|⏳|\n";

    fn path_of(plan: &Plan, id: &str) -> Vec<usize> {
        plan.walk()
            .into_iter()
            .find(|(_, s)| s.spec_id() == Some(id))
            .map(|(p, _)| p)
            .unwrap_or_default()
    }

    /// The lines of `after` that differ from `before`'s, as a diff shows them.
    fn changed(before: &str, after: &str) -> Vec<String> {
        crate::core::diff::line_diff(before, after)
            .into_iter()
            .filter_map(|l| match l {
                crate::core::diff::DiffLine::Same(_) => None,
                crate::core::diff::DiffLine::Added(t) => Some(format!("+{t}")),
                crate::core::diff::DiffLine::Removed(t) => Some(format!("-{t}")),
            })
            .collect()
    }

    #[test]
    fn a_file_comes_back_as_written() {
        let plan = import_markdown(DOC);
        assert_eq!(to_markdown(&plan), DOC);
        // The canonical form is another text, and a fixed point.
        let fmt = canonical(&plan);
        assert_ne!(fmt, DOC);
        assert_eq!(canonical(&import_markdown(&fmt)), fmt);
    }

    #[test]
    fn one_cell_edited_rewrites_one_row() {
        let mut plan = import_markdown(DOC);
        let path = path_of(&plan, "timeline");
        assert!(plan.set_text_at(
            &Addr {
                path,
                part: Part::Cell(0, 1, 2)
            },
            "🔄"
        ));
        assert_eq!(
            changed(DOC, &to_markdown(&plan)),
            ["-|Build|2026-03-01|⏳|", "+| Build | 2026-03-01 | 🔄 |"]
        );
    }

    #[test]
    fn an_item_added_takes_its_neighbours_bullet() {
        let mut plan = import_markdown(DOC);
        let path = path_of(&plan, "goals");
        plan.insert_item(&path, 0, 2);
        assert!(plan.set_text_at(
            &Addr {
                path,
                part: Part::Item(0, 2)
            },
            "Safe"
        ));
        let after = to_markdown(&plan);
        assert_eq!(changed(DOC, &after), ["+* Safe"]);
    }

    #[test]
    fn the_last_updated_stamp_rewrites_its_line_only() {
        let mut plan = import_markdown(DOC);
        plan.set_meta(MetaField::Updated, "2026-12-06");
        assert_eq!(
            changed(DOC, &to_markdown(&plan)),
            [
                "-**Last Updated:**   2026-01-03",
                "+**Last Updated:** 2026-12-06"
            ]
        );
    }

    #[test]
    fn a_section_removed_or_added_leaves_the_others_as_written() {
        let mut plan = import_markdown(DOC);
        let goals = plan.sections.remove(1);
        let after = to_markdown(&plan);
        assert_eq!(changed(DOC, &after), ["-## Goals", "-* Fast", "-* Cheap"]);
        // Appended at the end: the document's old last part gets a blank line after it.
        plan.sections.push(goals);
        let again = to_markdown(&plan);
        assert!(
            again.ends_with("|Build|2026-03-01|⏳|\n\n## Goals\n* Fast\n* Cheap\n"),
            "{again}"
        );
    }
}
