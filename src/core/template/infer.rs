//! What a template's markdown shows, read off it: its sections and how their headings are
//! shaped, the blocks under them with their kinds, labels, prompts and defaults, and the
//! annotations that say what cannot be seen (`docs/templates-design.md`). [`parse_template`] is
//! the first step of compiling a template; [`super::compile`] turns what it saw into the one
//! [`super::Template`] type that import, render, checks and the form use. Nothing outside the
//! template module sees these types.

#![warn(missing_docs)]

use std::collections::{HashMap, HashSet};
use std::mem::{Discriminant, discriminant};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::core::text::{markdown_options, slug};

/// The most sections a template may have; later headings (and everything after them) are
/// dropped with a warning.
pub const MAX_SECTIONS: usize = 2_000;
/// The most blocks a template may have over all its sections; later blocks are dropped with a
/// warning.
pub const MAX_BLOCKS: usize = 20_000;
/// The most columns a table block may describe; further columns are dropped with a warning.
pub const MAX_COLUMNS: usize = 64;
/// The longest heading, label or name kept, in characters; longer ones are cut with a warning.
pub const MAX_LABEL: usize = 200;
/// The most items (list items, prompts) recorded for one block.
pub const MAX_ITEMS: usize = 1_000;
/// The most warnings kept; one more says that further warnings were left out.
pub const MAX_WARNINGS: usize = 100;

/// A stable path of slugs naming a section spec (`architecture-decision/option`), so stored plans
/// and share links name sections by words, not by indices that shift when a template changes.
pub type SpecId = String;

/// A template: the schema a plan's values follow, parsed from markdown by [`parse_template`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenTemplate {
    /// A slug of [`SeenTemplate::name`] (`technical-plan`).
    pub id: String,
    /// The template's name: the `name` annotation, else the title's prefix
    /// (`# Postmortem: [Incident]` → "Postmortem"), else the first heading that is not a prompt,
    /// else "Untitled template".
    pub name: String,
    /// The template's markdown, verbatim.
    pub source: String,
    /// Front matter (`---` YAML at the top, as MADR has), verbatim with its fences.
    pub preamble: Option<String>,
    /// The first heading when it is a level-1 heading that opens the document.
    pub title: Option<SeenTitle>,
    /// Blocks before the first section (after the title, if any): the header fields of the
    /// Technical Plan, the `- Feature Name:` bullets of a Rust RFC.
    pub blocks: Vec<SeenBlock>,
    /// The sections, nested as their headings nest.
    pub sections: Vec<SeenSection>,
    /// What did not fit: unknown annotation keys, annotations that applied to nothing, caps hit
    /// on hostile input. Never an error: a template from a newer Planform still parses.
    pub warnings: Vec<String>,
}

#[cfg(test)]
impl SeenTemplate {
    /// The header fields: every field of the [`SeenKind::Fields`] blocks before the first
    /// section (`**Spec:** SPEC-XXX`, `**Created:** YYYY-MM-DD`…).
    pub fn header_fields(&self) -> Vec<&SeenField> {
        self.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                SeenKind::Fields { fields, .. } => Some(fields.iter()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The section whose [`SeenSection::id`] is `id`, searched depth-first.
    pub fn section(&self, id: &str) -> Option<&SeenSection> {
        fn find<'s>(sections: &'s [SeenSection], id: &str) -> Option<&'s SeenSection> {
            sections.iter().find_map(|s| {
                if s.id == id {
                    Some(s)
                } else {
                    find(&s.children, id)
                }
            })
        }
        find(&self.sections, id)
    }
}

/// The title heading: `# Technical Plan: [Feature Name]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenTitle {
    /// The heading's plain text (`Technical Plan: [Feature Name]`).
    pub text: String,
    /// The fixed words before the colon when a prompt follows it (`Technical Plan`).
    pub prefix: Option<String>,
    /// The kind of the name prompt (`[Feature Name]` → [`Prompt::Bracketed`]).
    pub name_prompt: Option<Prompt>,
}

/// One section of a template: a heading, its blocks and its subsections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenSection {
    /// The path of slugs naming this section (`architecture-decision/option`).
    pub id: SpecId,
    /// What the heading looks like.
    pub heading: SeenHeading,
    /// The heading level, 1 to 6.
    pub level: u8,
    /// The blocks under the heading, before the first subsection, in order.
    pub blocks: Vec<SeenBlock>,
    /// The subsections.
    pub children: Vec<SeenSection>,
    /// Set when this spec stands for a group of sibling headings of one shape.
    pub repeat: Option<SeenRepeat>,
    /// An empty section is not reported (`optional` annotation, or a comment right before the
    /// heading that says "optional element", as MADR's do).
    pub optional: bool,
    /// The `require` annotations on the heading.
    pub require: Vec<Require>,
    /// The first block follows the heading on the next line, with no blank line between (the
    /// first instance's, for a repeated section): the canonical form writes it so.
    pub tight: bool,
}

/// What a section heading looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeenHeading {
    /// A heading with fixed words: `## Problem Statement`.
    Fixed {
        /// The heading's plain text.
        text: String,
        /// Other spellings accepted on import (none inferred yet).
        aliases: Vec<String>,
    },
    /// The shape shared by repeated sibling headings: `### Option A: [Approach 1]`.
    Pattern {
        /// The word before the ordinal, as written (`Option`, `User Story`); for headings that
        /// are prompts only (`### {title of option 1}`), a word read from the prompt.
        word: String,
        /// The kind of ordinal after the word; `None` when the headings are prompts only.
        ordinal: Option<Ordinal>,
        /// The kind of the name prompt after the ordinal (`[Approach 1]`), if it is one.
        name_prompt: Option<Prompt>,
        /// A parenthesised suffix of the first instance, verbatim (`(Day 1-2)`).
        suffix: Option<String>,
        /// What the suffix is called (`suffix Duration`), if the template says.
        suffix_name: Option<String>,
        /// The chosen marker one of the instances carries, verbatim (`✅ **(Chosen)**`).
        chosen_marker: Option<String>,
        /// Each instance's heading text, without its chosen marker, in order.
        texts: Vec<String>,
        /// Other words an instance's heading may start with (`aliases Alternative, Approach`).
        aliases: Vec<String>,
    },
}

impl Default for SeenHeading {
    fn default() -> Self {
        SeenHeading::Fixed {
            text: String::new(),
            aliases: Vec::new(),
        }
    }
}

/// True when the line after a heading that ends at byte `end` of `src` holds text that is not a
/// heading (annotation lines, which a new plan leaves out, are passed over): the section's first
/// block follows its heading with no blank line between.
fn tight_after(src: &str, end: usize) -> bool {
    let after = src.get(end..).unwrap_or("");
    // The heading's range may or may not take its line's end.
    let after = if src.get(..end).is_some_and(|h| h.ends_with('\n')) {
        after
    } else {
        after.split_once('\n').map_or("", |(_, rest)| rest)
    };
    after
        .split('\n')
        .map(str::trim)
        .find(|l| !is_annotation_line(l))
        .is_some_and(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A line that is a Planform annotation (`<!-- planform: … -->`).
fn is_annotation_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("<!--")
        && t.ends_with("-->")
        && t.get(4..)
            .is_some_and(|rest| rest.trim_start().starts_with("planform:"))
}

/// The ordinal that numbers repeated headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ordinal {
    /// `A`, `B`, `C`…
    Letter,
    /// `1`, `2`, `3`…
    Number,
}

/// A group of sibling sections of one shape (`### Option A`, `### Option B`…).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenRepeat {
    /// The lower-cased word naming one instance (`option`, `phase`, `user story`).
    pub word: String,
    /// Exactly one instance must be chosen (one of the template's instances carries a chosen
    /// marker).
    pub pick_one: bool,
    /// The fewest instances a plan should have: 2 for a pick-one group (a choice needs
    /// alternatives), else 1.
    pub min: usize,
    /// How many instances the template itself shows (a new plan starts with as many).
    pub instances: usize,
}

/// What a section or block requires (`require` annotation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Require {
    /// A checklist must be ticked.
    Ticked,
    /// A field of each repeated subsection must be filled.
    Filled,
    /// The chosen instance of a pick-one group needs its rationale block.
    Rationale,
    /// A checklist's unticked items are questions still open (reported as information).
    Answered,
}

/// One block of a section: its kind, its label and the template's text for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenBlock {
    /// What kind of block it is.
    pub kind: SeenKind,
    /// The bold label right before it (`**Pros:**` → "Pros"), plain text.
    pub label: Option<String>,
    /// The prompts found in the template's text, in order (one per item, cell or field value that
    /// is a prompt, or each prompt inside a longer text); capped at [`MAX_ITEMS`].
    pub prompts: Vec<Prompt>,
    /// The items of a list or checklist, without their markers (`Goal 1`); capped at
    /// [`MAX_ITEMS`].
    pub items: Vec<String>,
    /// The block's markdown in the template, verbatim (without the label line): a new plan's
    /// default and the prompt an empty value renders.
    pub source: String,
    /// The block may be absent: set by the `optional` annotation, and on blocks of a repeated
    /// section that not every instance has (`**Decision Rationale:**`).
    pub optional: bool,
    /// The `require` annotation on the block.
    pub require: Option<Require>,
    /// In a pick-one group, only the chosen instance has this block (the Technical Plan's
    /// `**Decision Rationale:**`).
    pub chosen_only: bool,
    /// Other spellings of the label (`aliases` annotation).
    pub label_aliases: Vec<String>,
    /// The name the form gives the block (`call` annotation), if not its label or section's.
    pub name: Option<String>,
    /// In a repeated section, the other instances' values of its fields, by field, in order
    /// (`Y days`, `Z days` after `X days`).
    pub alternates: Vec<Vec<String>>,
}

/// The kind of a block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SeenKind {
    /// A paragraph or block quote.
    #[default]
    Prose,
    /// A list that is not a checklist.
    List {
        /// Numbered (`1.`) rather than bulleted.
        ordered: bool,
    },
    /// A task list (`- [ ]`).
    Checklist,
    /// A table, described by its header.
    Table {
        /// One per header cell, capped at [`MAX_COLUMNS`].
        columns: Vec<SeenColumn>,
    },
    /// Labelled values: `**Label:** value` lines or `- Label: value` bullets.
    Fields {
        /// How the fields are written.
        style: SeenFieldStyle,
        /// The fields, in order.
        fields: Vec<SeenField>,
    },
    /// A fenced or indented code block.
    Code {
        /// The fence's language (`sql`), if any.
        lang: Option<String>,
    },
    /// Kept as written: HTML blocks (comments other than annotations), rules, footnote
    /// definitions, link reference definitions, stray front matter.
    Raw,
}

/// How a [`SeenKind::Fields`] block writes its fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SeenFieldStyle {
    /// `**Label:** value` lines (or paragraphs).
    #[default]
    Lines,
    /// `- Label: value` bullets.
    Bullets,
}

/// One column of a table block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenColumn {
    /// The header cell's plain text.
    pub name: String,
    /// What the column's cells hold.
    pub kind: SeenColumnKind,
}

/// What a column's cells hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SeenColumnKind {
    /// Any text.
    #[default]
    Text,
    /// Dates: the template's cells are date prompts (`YYYY-MM-DD`, `[DATE]`) or dates.
    Date,
    /// One of a few status values: inferred from status-emoji cells (the distinct cells, in
    /// order) or given by a `columns … Status=status(✅ Done|🔄 In progress)` annotation.
    Status(Vec<String>),
}

/// One field of a [`SeenKind::Fields`] block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenField {
    /// The label, plain text (`Last Updated`).
    pub label: String,
    /// Other labels accepted on import (none inferred yet).
    pub aliases: Vec<String>,
    /// What the value holds.
    pub kind: SeenFieldKind,
    /// The header role a `field Label=created|updated|id` annotation gave it.
    pub role: Option<super::MetaField>,
    /// The kind of prompt the template's value is, if it is one.
    pub prompt: Option<Prompt>,
    /// The template's value, verbatim (`SPEC-XXX`, `80%+`).
    pub default: String,
}

/// What a field's value holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SeenFieldKind {
    /// Any text.
    #[default]
    Text,
    /// A date: the template's value is `YYYY-MM-DD` (or contains it), or `[DATE]`.
    Date,
    /// A percentage (only from a `field Label=percent` annotation).
    Percent,
}

/// The kind of a prompt: template text a plan's author replaces, as opposed to a default (content
/// a new plan starts with).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prompt {
    /// `[What problem are we solving?]`, or a parenthesised instruction
    /// `(fill me in with a unique ident)`.
    Bracketed,
    /// `{short title, representative of solved problem}`.
    Braced,
    /// `YYYY-MM-DD`.
    DateMask,
    /// An enumerated example: `Goal 1`, `Pro 2`, `Question 1?`.
    Enumerated,
    /// A quantity with a placeholder letter: `X days`, `$X`, `< Yms`, `X%`, `X requests/sec`.
    Quantity,
    /// An id mask: `SPEC-XXX`, `INC-XXXX`.
    IdMask,
    /// A link to fill in: `[Design Document](link)`.
    Link,
    /// A choice to make: `Yes/No`.
    Choice,
    /// "More may follow": `…` or `...` alone.
    Ellipsis,
    /// Marked a prompt by a `prompt` annotation.
    Annotated,
}

/// Parses a template from markdown. Total: any input gives a template, quickly and without
/// panicking; what does not fit becomes a warning.
///
/// Grammar (loose; every top-level block lands somewhere):
///
/// ```text
/// template   := preamble? annotation* title? block* section*
/// preamble   := front matter ("---" YAML "---") at the very top, kept verbatim
/// annotation := "<!-- planform: " key value? (";" key value?)* " -->"
///               applies to the next heading or block; "name" names the template
/// title      := the first heading, when it is a level-1 heading: "# Prefix: [Prompt]"
/// section    := heading block* section*       (a subsection has a deeper heading level)
/// block      := label? (prose | list | checklist | table | fields | code | raw)
/// label      := a paragraph "**Label:**" alone, labelling the block right after it
/// fields     := ("**Label:** value" lines)+ | ("- Label: value" bullets)+
/// ```
///
/// Inference, in short (see `docs/templates-design.md`):
/// - Sibling headings of one shape become one repeated [`SeenSection`] (id `<parent>/<word>`):
///   two or more *consecutive* siblings with the same one-to-three words before an ordinal of
///   one kind (`Option A`/`Option B`, `Phase 1`/`Phase 2`; what follows the ordinal may differ:
///   `Foundation (Day 1-2)`, `Core Logic (Day 3-4)`), or two or more headings that are prompts
///   only (`### {title of option 1}`). A chosen marker (`✅ **(Chosen)**`, `(chosen)`) on one of
///   them makes the group pick-one. The spec's blocks are the union of the instances' blocks:
///   the first instance's, then (in order) those of later instances whose kind and label the
///   first lacks, marked `optional` (the Technical Plan's `**Decision Rationale:**`, which only
///   the chosen option has). Its subsections are the first instance's.
/// - A comment that is not an annotation is kept as a raw block where it stands; when it says
///   "optional element" (MADR) and a heading follows it, that section is `optional`.
/// - Block annotations (`prompt`, `columns`, `field`) wait for the next block, across headings;
///   `optional` and `require` apply to the next heading or block, whichever comes first.
///
/// Caps (each with a warning): [`MAX_SECTIONS`] sections, [`MAX_BLOCKS`] blocks,
/// [`MAX_COLUMNS`] columns, [`MAX_LABEL`] characters of heading or label, [`MAX_ITEMS`] items or
/// prompts per block. Nesting is bounded by heading levels (six); nested lists and quotes are
/// read as one block, never recursed into.
pub fn parse_template(markdown: &str) -> SeenTemplate {
    TemplateParser::new(markdown).parse()
}

/// Whether `text` (a whole field value, list item or table cell) is a prompt, and which kind.
/// `None` means it is a default: content a new plan starts with (`Add logging`, `80%+`).
///
/// Inline HTML comments are ignored, and so is emphasis or code wrapping the whole text.
pub fn prompt_kind(text: &str) -> Option<Prompt> {
    let stripped = strip_html_comments(text);
    let t = unwrap_emphasis(stripped.trim());
    if t.is_empty() {
        return None;
    }
    if t == "…" || t == "..." {
        return Some(Prompt::Ellipsis);
    }
    if is_link_prompt(t) {
        return Some(Prompt::Link);
    }
    if enclosed(t, '[', ']') || enclosed(t, '(', ')') {
        return Some(Prompt::Bracketed);
    }
    if enclosed(t, '{', '}') {
        return Some(Prompt::Braced);
    }
    if t.eq_ignore_ascii_case("YYYY-MM-DD") {
        return Some(Prompt::DateMask);
    }
    if is_yes_no(t) {
        return Some(Prompt::Choice);
    }
    if is_id_mask(t) {
        return Some(Prompt::IdMask);
    }
    if is_quantity(t) {
        return Some(Prompt::Quantity);
    }
    if is_enumerated(t) {
        return Some(Prompt::Enumerated);
    }
    None
}

/// The prompts in a longer text: the whole text's kind when it is a prompt, else each
/// `[bracketed]` or `{braced}` span and each `YYYY-MM-DD` inside it.
fn prompts_in(text: &str, out: &mut Vec<Prompt>) {
    if let Some(p) = prompt_kind(text) {
        push_capped(out, p);
        return;
    }
    let text = strip_html_comments(text);
    let bytes = text.as_bytes();
    let squares = pairs(bytes, b'[', b']');
    let braces = pairs(bytes, b'{', b'}');
    let parens = pairs(bytes, b'(', b')');
    let mut i = 0;
    while i < bytes.len() && out.len() < MAX_ITEMS {
        match bytes[i] {
            b'{' => match braces.get(&i) {
                Some(&end) => {
                    if text
                        .get(i + 1..end)
                        .is_some_and(|inner| !inner.trim().is_empty())
                    {
                        out.push(Prompt::Braced);
                    }
                    i = end + 1;
                }
                None => i += 1,
            },
            b'[' => {
                let Some(&end) = squares.get(&i) else {
                    i += 1;
                    continue;
                };
                let inner = text.get(i + 1..end).unwrap_or("");
                let next = bytes.get(end + 1).copied();
                if next == Some(b'(') {
                    let target = parens.get(&(end + 1)).and_then(|&e| text.get(end + 2..e));
                    if target.is_some_and(is_link_target_prompt) {
                        out.push(Prompt::Link);
                    }
                } else if next != Some(b':')
                    && !matches!(inner, " " | "x" | "X")
                    && !inner.starts_with('^')
                    && !inner.trim().is_empty()
                {
                    out.push(Prompt::Bracketed);
                }
                i = end + 1;
            }
            b'Y' | b'y'
                if text
                    .get(i..i + 10)
                    .is_some_and(|s| s.eq_ignore_ascii_case("YYYY-MM-DD")) =>
            {
                out.push(Prompt::DateMask);
                i += 10;
            }
            _ => i += 1,
        }
    }
}

/// Matching bracket pairs in one linear pass: opening index → closing index. A blank line
/// closes nothing across it.
fn pairs(bytes: &[u8], open: u8, close: u8) -> HashMap<usize, usize> {
    let mut found = HashMap::new();
    let mut stack = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b == open {
            stack.push(i);
        } else if b == close {
            if let Some(start) = stack.pop() {
                found.insert(start, i);
            }
        } else if b == b'\n' && bytes.get(i + 1) == Some(&b'\n') {
            stack.clear();
        }
    }
    found
}

fn push_capped(out: &mut Vec<Prompt>, p: Prompt) {
    if out.len() < MAX_ITEMS {
        out.push(p);
    }
}

/// The index of the byte closing the bracket opened at `start` (nesting counted), if any.
fn matching(bytes: &[u8], start: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if b == open {
            depth += 1;
        } else if b == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        } else if b == b'\n' && bytes.get(i + 1) == Some(&b'\n') {
            return None;
        }
    }
    None
}

/// Whether `t` starts with `open` whose matching `close` is its last character.
fn enclosed(t: &str, open: char, close: char) -> bool {
    if !(t.starts_with(open) && t.ends_with(close)) || t.len() < 3 {
        return false;
    }
    let (o, c) = (open as u8, close as u8);
    matching(t.as_bytes(), 0, o, c) == Some(t.len() - 1)
}

fn is_link_prompt(t: &str) -> bool {
    let bytes = t.as_bytes();
    if !t.starts_with('[') || !t.ends_with(')') {
        return false;
    }
    let Some(end) = matching(bytes, 0, b'[', b']') else {
        return false;
    };
    if bytes.get(end + 1) != Some(&b'(')
        || matching(bytes, end + 1, b'(', b')') != Some(t.len() - 1)
    {
        return false;
    }
    is_link_target_prompt(t.get(end + 2..t.len() - 1).unwrap_or(""))
}

fn is_link_target_prompt(target: &str) -> bool {
    let target = target.trim();
    ["", "#", "link", "url", "..."]
        .iter()
        .any(|p| target.eq_ignore_ascii_case(p))
        || enclosed(target, '[', ']')
        || enclosed(target, '{', '}')
}

fn is_yes_no(t: &str) -> bool {
    let mut parts = t.split('/').map(str::trim);
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
        if a.eq_ignore_ascii_case("yes") && b.eq_ignore_ascii_case("no"))
}

/// `SPEC-XXX`, `INC-XXXX`: capitals, a dash, two or more `X`.
fn is_id_mask(t: &str) -> bool {
    let Some((head, tail)) = t.split_once('-') else {
        return false;
    };
    // `SPEC-XXX`, `INC-XXXX`; a single `X` (`SEV-X`) after a prefix of two or more capitals.
    !head.is_empty()
        && head.chars().all(|c| c.is_ascii_uppercase())
        && (tail.len() >= 2 || head.len() >= 2)
        && !tail.is_empty()
        && tail.chars().all(|c| c == 'X' || c == 'x')
}

/// A short text whose first word (after comparison signs) is a placeholder letter `X`, `Y`,
/// `Z` or `N`, alone or glued to a unit: `X days`, `$X`, `< Yms`, `X%`, `X requests/sec`.
fn is_quantity(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > 4 {
        return false;
    }
    let Some(word) = words
        .iter()
        .map(|w| w.trim_start_matches(['$', '<', '>', '~', '≈', '≤', '≥', '=', '+', '-']))
        .find(|w| !w.is_empty())
    else {
        return false;
    };
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    matches!(first, 'X' | 'Y' | 'Z' | 'N')
        && [
            "", "%", "%+", "+", "ms", "s", "k", "m", "h", "d", "x", "gb", "mb", "kb", "k+", "/s",
        ]
        .contains(&rest)
}

/// `Goal 1`, `Pro 2`, `Question 1?`: one to three capitalised words and a small number.
fn is_enumerated(t: &str) -> bool {
    let t = t.trim_end_matches(['?', '.', ':']);
    let words: Vec<&str> = t.split_whitespace().collect();
    let Some((last, head)) = words.split_last() else {
        return false;
    };
    (1..=3).contains(&head.len())
        && (1..=3).contains(&last.len())
        && last.chars().all(|c| c.is_ascii_digit())
        && head.iter().all(|w| w.chars().all(char::is_alphabetic))
        && head
            .first()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
}

/// Removes emphasis or code wrapping the whole text: `**[Entity 1]**` → `[Entity 1]`.
fn unwrap_emphasis(mut t: &str) -> &str {
    for _ in 0..8 {
        let before = t;
        for m in ["**", "__", "*", "_", "`"] {
            if t.len() > 2 * m.len() && t.starts_with(m) && t.ends_with(m) {
                t = t.get(m.len()..t.len() - m.len()).unwrap_or(t).trim();
                break;
            }
        }
        if before == t {
            break;
        }
    }
    t
}

/// The text without HTML comments (an unclosed one runs to the end).
fn strip_html_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Plain text as a label: markdown emphasis and code marks removed, whitespace collapsed. HTML
/// is kept as literal text, never interpreted.
fn plain_label(text: &str) -> String {
    let no_marks: String = text.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    no_marks.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to [`MAX_LABEL`] characters; says whether it did.
fn cap_label(text: String) -> (String, bool) {
    match text.char_indices().nth(MAX_LABEL) {
        Some((at, _)) => (text[..at].to_string(), true),
        None => (text, false),
    }
}

/// A parsed `<!-- planform: … -->` entry waiting for the heading or block it applies to.
#[derive(Clone, Debug)]
enum Annotation {
    Prompt,
    /// What a repeated heading's suffix is called (applies to the heading that follows).
    Suffix(String),
    Columns(Vec<(String, SeenColumnKind)>),
    Field(Vec<(String, (SeenFieldKind, Option<super::MetaField>))>),
    Optional,
    Require(Require),
    /// Other spellings: of a heading, a repeated heading's word, a block's label
    /// (`aliases Pro, Advantages`), or of fields (`aliases Spec=Spec ID|ID, Created=Date`).
    Aliases(String),
    /// The name the form gives a block (`call Rollback steps`).
    Call(String),
}

/// A section before nesting: its heading's text and markdown, its blocks.
#[derive(Debug, Default)]
struct Node {
    level: u8,
    text: String,
    raw: String,
    aliases: Vec<String>,
    /// `suffix NAME`: what a repeated heading's parenthesised suffix is called.
    suffix_name: Option<String>,
    blocks: Vec<SeenBlock>,
    children: Vec<Node>,
    optional: bool,
    require: Vec<Require>,
    tight: bool,
}

type Spanned<'a> = (Event<'a>, Range<usize>);

struct TemplateParser<'a> {
    src: &'a str,
    warnings: Vec<String>,
    name: Option<String>,
    preamble: Option<String>,
    title: Option<SeenTitle>,
    top: Vec<SeenBlock>,
    nodes: Vec<Node>,
    pending: Vec<Annotation>,
    pending_label: Option<(String, String)>,
    optional_hint: bool,
    /// Where the last top-level thing ended (text between two is kept as a raw block).
    last_end: usize,
    /// Where the last block started, and whether it was a `**Label:** value` paragraph (the
    /// next such paragraph joins it).
    /// The span of the last block while it is a run of `**Label:** value` paragraphs (the next
    /// such paragraph joins it); its source is set once, when the run ends.
    fields_span: Option<Range<usize>>,
    headings: usize,
    blocks: usize,
    label_capped: bool,
}

impl<'a> TemplateParser<'a> {
    fn new(src: &'a str) -> Self {
        TemplateParser {
            src,
            warnings: Vec::new(),
            name: None,
            preamble: None,
            title: None,
            top: Vec::new(),
            nodes: Vec::new(),
            pending: Vec::new(),
            pending_label: None,
            optional_hint: false,
            last_end: 0,
            fields_span: None,
            headings: 0,
            blocks: 0,
            label_capped: false,
        }
    }

    fn warn(&mut self, message: impl Into<String>) {
        match self.warnings.len() {
            n if n < MAX_WARNINGS => self.warnings.push(message.into()),
            n if n == MAX_WARNINGS => self.warnings.push("further warnings left out".into()),
            _ => {}
        }
    }

    fn label(&mut self, text: String) -> String {
        let (text, capped) = cap_label(text);
        if capped && !self.label_capped {
            self.label_capped = true;
            self.warn(format!(
                "a heading or label is longer than {MAX_LABEL} characters: cut"
            ));
        }
        text
    }

    /// template := preamble? annotation* title? block* section*
    fn parse(mut self) -> SeenTemplate {
        let src = self.src;
        let events = Parser::new_ext(src, markdown_options()).into_offset_iter();
        let mut chunk: Vec<Spanned<'a>> = Vec::new();
        let mut depth = 0usize;
        for (event, range) in events {
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            chunk.push((event, range));
            if depth == 0 {
                let taken = std::mem::take(&mut chunk);
                if !self.top_level(&taken) {
                    break;
                }
            }
        }
        self.flush_label();
        self.gap(src.len());
        self.close_fields();
        if !self.pending.is_empty() {
            self.warn("an annotation at the end of the template applies to nothing");
        }
        self.finish()
    }

    /// One top-level event group; false when a cap stops the parse.
    fn top_level(&mut self, chunk: &[Spanned<'a>]) -> bool {
        let Some((first, range)) = chunk.first() else {
            return true;
        };
        let range = chunk
            .last()
            .map_or(range.clone(), |(_, r)| range.start..r.end.max(range.end));
        self.gap(range.start);
        let go_on = match first {
            Event::Start(Tag::Heading { level, .. }) => self.heading(*level as u8, chunk, &range),
            Event::Start(Tag::MetadataBlock(_))
                if self.preamble.is_none()
                    && self
                        .src
                        .get(..range.start)
                        .is_some_and(|s| s.trim().is_empty()) =>
            {
                self.preamble = self.src.get(range.clone()).map(str::to_string);
                true
            }
            Event::Start(Tag::HtmlBlock) => self.html(&range),
            _ => self.block(chunk, &range),
        };
        self.last_end = self.last_end.max(range.end);
        go_on
    }

    /// Text between two top-level blocks that no event covers (link reference definitions):
    /// kept as a raw block.
    fn gap(&mut self, until: usize) {
        let text = self.src.get(self.last_end..until).unwrap_or("");
        if !text.trim().is_empty() {
            let source = text.trim_matches('\n').to_string();
            self.flush_label();
            self.push_block(SeenBlock {
                kind: SeenKind::Raw,
                source,
                ..Default::default()
            });
        }
        self.last_end = self.last_end.max(until);
    }

    /// heading := "#"+ text — the title when it is the first heading and level 1.
    fn heading(&mut self, level: u8, chunk: &[Spanned<'a>], range: &Range<usize>) -> bool {
        self.flush_label();
        self.close_fields();
        let text = inline_text(chunk);
        let text = self.label(text);
        let raw = heading_raw(self.src.get(range.clone()).unwrap_or(""));
        let optional_hint = std::mem::take(&mut self.optional_hint);
        if self.headings == 0 && level == 1 {
            self.headings += 1;
            self.title = Some(title_spec(text));
            return true;
        }
        if self.nodes.len() >= MAX_SECTIONS {
            self.warn(format!(
                "the template has more than {MAX_SECTIONS} sections: the rest is left out"
            ));
            return false;
        }
        self.headings += 1;
        let mut node = Node {
            level,
            text,
            raw,
            optional: optional_hint,
            tight: tight_after(self.src, range.end),
            ..Default::default()
        };
        let mut kept = Vec::new();
        for a in std::mem::take(&mut self.pending) {
            match a {
                Annotation::Optional => node.optional = true,
                Annotation::Require(r) => node.require.push(r),
                Annotation::Aliases(list) => node.aliases = alias_list(&list),
                Annotation::Suffix(name) => node.suffix_name = Some(name),
                other => kept.push(other),
            }
        }
        self.pending = kept;
        self.nodes.push(node);
        true
    }

    /// An HTML block: an annotation, or kept as a raw block.
    fn html(&mut self, range: &Range<usize>) -> bool {
        let text = self.src.get(range.clone()).unwrap_or("");
        let trimmed = text.trim();
        let body = trimmed
            .strip_prefix("<!--")
            .and_then(|t| t.strip_suffix("-->"))
            .filter(|t| !t.contains("-->"));
        if let Some(spec) = body.and_then(|b| b.trim_start().strip_prefix("planform:")) {
            self.annotation(spec);
            return true;
        }
        self.flush_label();
        self.push_block(SeenBlock {
            kind: SeenKind::Raw,
            source: text.trim_end_matches('\n').to_string(),
            ..Default::default()
        });
        self.close_fields();
        self.optional_hint =
            body.is_some_and(|b| b.to_ascii_lowercase().contains("optional element"));
        true
    }

    /// annotation := key value? (";" key value?)*
    fn annotation(&mut self, spec: &str) {
        for entry in spec.split(';') {
            let entry = entry.trim();
            if entry.is_empty() {
                continue;
            }
            let (key, value) = entry.split_once(char::is_whitespace).unwrap_or((entry, ""));
            let value = value.trim();
            match key {
                "name" if !value.is_empty() => {
                    let name = self.label(plain_label(value));
                    self.name = Some(name);
                }
                "prompt" => self.pending.push(Annotation::Prompt),
                "aliases" if !value.is_empty() => {
                    self.pending.push(Annotation::Aliases(value.to_string()))
                }
                "call" if !value.is_empty() => {
                    let name = self.label(plain_label(value));
                    self.pending.push(Annotation::Call(name));
                }
                "optional" => self.pending.push(Annotation::Optional),
                "suffix" if !value.is_empty() => {
                    let name = self.label(plain_label(value));
                    self.pending.push(Annotation::Suffix(name));
                }
                "require" => match value {
                    "ticked" => self.pending.push(Annotation::Require(Require::Ticked)),
                    "filled" => self.pending.push(Annotation::Require(Require::Filled)),
                    "rationale" => self.pending.push(Annotation::Require(Require::Rationale)),
                    "answered" => self.pending.push(Annotation::Require(Require::Answered)),
                    _ => self.warn(format!("unknown requirement `require {}`", short(value))),
                },
                "columns" => {
                    let columns = self.kinds(value, |kind| match kind {
                        "text" => Some(SeenColumnKind::Text),
                        "date" => Some(SeenColumnKind::Date),
                        _ => {
                            let values = kind.strip_prefix("status(")?.strip_suffix(')')?;
                            let values = values.split('|').map(|v| v.trim().to_string());
                            Some(SeenColumnKind::Status(
                                values.filter(|v| !v.is_empty()).collect(),
                            ))
                        }
                    });
                    self.pending.push(Annotation::Columns(columns));
                }
                "field" => {
                    use super::MetaField;
                    let fields = self.kinds(value, |kind| match kind {
                        "text" => Some((SeenFieldKind::Text, None)),
                        "date" => Some((SeenFieldKind::Date, None)),
                        "percent" => Some((SeenFieldKind::Percent, None)),
                        // Header roles: the plan's id, and the dates Planform keeps.
                        "id" => Some((SeenFieldKind::Text, Some(MetaField::Spec))),
                        "created" => Some((SeenFieldKind::Date, Some(MetaField::Created))),
                        "updated" => Some((SeenFieldKind::Date, Some(MetaField::Updated))),
                        _ => None,
                    });
                    self.pending.push(Annotation::Field(fields));
                }
                _ => self.warn(format!("unknown annotation `{}`", short(entry))),
            }
        }
    }

    /// `Name=kind, Name=kind` (kinds may contain commas inside parentheses).
    fn kinds<K>(&mut self, value: &str, kind: impl Fn(&str) -> Option<K>) -> Vec<(String, K)> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut start = 0;
        let mut parts = Vec::new();
        for (i, c) in value.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    parts.push(&value[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&value[start..]);
        for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
            match part
                .split_once('=')
                .and_then(|(n, k)| Some((n.trim(), kind(k.trim())?)))
            {
                Some((name, k)) if out.len() < MAX_COLUMNS => out.push((plain_label(name), k)),
                Some(_) => {}
                None => self.warn(format!("cannot read the kind in `{}`", short(part))),
            }
        }
        out
    }

    /// block := label? (prose | list | checklist | table | fields | code | raw)
    fn block(&mut self, chunk: &[Spanned<'a>], range: &Range<usize>) -> bool {
        let source = self.src.get(range.clone()).unwrap_or("");
        self.optional_hint = false;
        let spec = match chunk.first().map(|(e, _)| e) {
            Some(Event::Start(Tag::Paragraph)) => return self.paragraph(source, range.start),
            Some(Event::Start(Tag::List(start))) => self.list(start.is_some(), chunk, source),
            Some(Event::Start(Tag::Table(_))) => self.table(chunk, source),
            Some(Event::Start(Tag::CodeBlock(kind))) => code(kind, chunk, source),
            Some(Event::Start(Tag::BlockQuote(_))) => prose(source),
            _ => SeenBlock {
                kind: SeenKind::Raw,
                source: source.trim_end_matches('\n').to_string(),
                ..Default::default()
            },
        };
        self.close_fields();
        self.labelled(spec)
    }

    /// Adds a block, with the pending label and annotations; false when the block cap is hit.
    fn labelled(&mut self, mut spec: SeenBlock) -> bool {
        if let Some((label, _)) = self.pending_label.take() {
            spec.label = Some(label);
        }
        for a in std::mem::take(&mut self.pending) {
            self.apply(a, &mut spec);
        }
        self.push_block(spec)
    }

    fn apply(&mut self, annotation: Annotation, spec: &mut SeenBlock) {
        match (annotation, &mut spec.kind) {
            (Annotation::Prompt, _) => spec.prompts = vec![Prompt::Annotated],
            (Annotation::Call(name), _) => spec.name = Some(name),
            (Annotation::Aliases(list), SeenKind::Fields { fields, .. }) if list.contains('=') => {
                for entry in list.split(',') {
                    let Some((label, others)) = entry.split_once('=') else {
                        continue;
                    };
                    let label = plain_label(label);
                    match fields
                        .iter_mut()
                        .find(|f| f.label.eq_ignore_ascii_case(&label))
                    {
                        Some(field) => {
                            field.aliases = others
                                .split('|')
                                .map(plain_label)
                                .filter(|a| !a.is_empty())
                                .take(MAX_ITEMS)
                                .collect();
                        }
                        None => self.warn(format!("no field `{}` for `aliases`", short(&label))),
                    }
                }
            }
            (Annotation::Aliases(list), _) => spec.label_aliases = alias_list(&list),
            (Annotation::Optional, _) => spec.optional = true,
            (Annotation::Require(r), _) => spec.require = Some(r),
            (Annotation::Columns(kinds), SeenKind::Table { columns }) => {
                for (name, kind) in kinds {
                    match columns
                        .iter_mut()
                        .find(|c| c.name.eq_ignore_ascii_case(&name))
                    {
                        Some(column) => column.kind = kind,
                        None => self.warn(format!("no column `{}` for `columns`", short(&name))),
                    }
                }
            }
            (Annotation::Field(kinds), SeenKind::Fields { fields, .. }) => {
                for (name, (kind, role)) in kinds {
                    let lower = name.to_lowercase();
                    match fields
                        .iter_mut()
                        .find(|f| f.label.to_lowercase().contains(&lower))
                    {
                        Some(field) => {
                            field.kind = kind;
                            field.role = role;
                        }
                        None => self.warn(format!("no field `{}` for `field`", short(&name))),
                    }
                }
            }
            (Annotation::Suffix(_), _) => {
                self.warn("`suffix` applies to a repeated heading, not to a block")
            }
            (Annotation::Columns(_), _) => {
                self.warn("`columns` applies to a block that is not a table")
            }
            (Annotation::Field(_), _) => self.warn("`field` applies to a block that is not fields"),
        }
    }

    fn push_block(&mut self, spec: SeenBlock) -> bool {
        self.close_fields();
        if self.blocks >= MAX_BLOCKS {
            self.warn(format!(
                "the template has more than {MAX_BLOCKS} blocks: the rest is left out"
            ));
            return false;
        }
        self.blocks += 1;
        match self.nodes.last_mut() {
            Some(node) => node.blocks.push(spec),
            None => self.top.push(spec),
        }
        true
    }

    /// Ends a run of field paragraphs: the block's source becomes the whole run, verbatim.
    fn close_fields(&mut self) {
        let Some(span) = self.fields_span.take() else {
            return;
        };
        let text = self.src.get(span).unwrap_or("");
        let last = self
            .nodes
            .last_mut()
            .map_or(&mut self.top, |n| &mut n.blocks);
        if let Some(block) = last.last_mut()
            && matches!(block.kind, SeenKind::Fields { .. })
            && block.source.len() != text.len()
        {
            block.source = text.to_string();
        }
    }

    /// A label waiting for a block that never came (a heading or the end followed): prose.
    fn flush_label(&mut self) {
        if let Some((label, source)) = self.pending_label.take() {
            let mut spec = prose(&source);
            spec.label = Some(label);
            self.push_block(spec);
        }
    }

    /// A paragraph: `**Label:** value` fields, a `**Label:**` label, or prose.
    fn paragraph(&mut self, source: &str, start: usize) -> bool {
        let source = source.trim_end_matches('\n');
        let mut lines = source.lines();
        let first = lines.next().unwrap_or("");
        let first_fields = field_line(first);
        // A label alone: it labels the next block, or (with more lines) the rest as prose.
        if let Some([(label, value)]) = first_fields.as_deref()
            && value.is_empty()
        {
            let label = self.label(label.clone());
            self.flush_label();
            self.close_fields();
            let rest: Vec<&str> = lines.collect();
            if rest.is_empty() {
                self.pending_label = Some((label, source.to_string()));
                return true;
            }
            let mut spec = prose(&rest.join("\n"));
            spec.label = Some(label);
            return self.labelled(spec);
        }
        let Some(mut pairs) = first_fields else {
            self.close_fields();
            let spec = prose(source);
            return self.labelled(spec);
        };
        for line in lines {
            match field_line(line) {
                Some(more) => pairs.extend(more),
                None => {
                    if let Some((_, value)) = pairs.last_mut() {
                        value.push('\n');
                        value.push_str(line.trim_end_matches('\\').trim());
                    }
                }
            }
        }
        let mut fields = Vec::new();
        for (label, value) in pairs {
            let label = self.label(label);
            fields.push(field_spec(label, value));
        }
        // A fields paragraph right after another joins it.
        let end = start + source.len();
        if let (Some(span), None, true) = (
            self.fields_span.as_mut(),
            &self.pending_label,
            self.pending.is_empty(),
        ) {
            span.end = end;
            let last = self
                .nodes
                .last_mut()
                .map_or(&mut self.top, |n| &mut n.blocks);
            if let Some(SeenBlock {
                kind: SeenKind::Fields { fields: prev, .. },
                prompts,
                ..
            }) = last.last_mut()
            {
                for f in &fields {
                    if let Some(p) = f.prompt {
                        push_capped(prompts, p);
                    }
                }
                prev.extend(fields);
                return true;
            }
        }
        let mut prompts = Vec::new();
        for f in &fields {
            if let Some(p) = f.prompt {
                push_capped(&mut prompts, p);
            }
        }
        let spec = SeenBlock {
            kind: SeenKind::Fields {
                style: SeenFieldStyle::Lines,
                fields,
            },
            prompts,
            source: source.to_string(),
            ..Default::default()
        };
        let go_on = self.labelled(spec);
        if go_on {
            self.fields_span = Some(start..end);
        }
        go_on
    }

    /// list := items; a checklist when its first item has a task marker; fields when every item
    /// is a one-line `Label: value`.
    fn list(&mut self, ordered: bool, chunk: &[Spanned<'a>], source: &str) -> SeenBlock {
        let mut items = Vec::new();
        let mut checklist = false;
        let mut depth = 0usize;
        for (event, range) in chunk {
            match event {
                Event::Start(tag) => {
                    depth += 1;
                    if depth == 2 && matches!(tag, Tag::Item) && items.len() < MAX_ITEMS {
                        items.push(item_text(self.src.get(range.clone()).unwrap_or("")));
                    }
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::TaskListMarker(_) if (2..=3).contains(&depth) && items.len() == 1 => {
                    checklist = true
                }
                _ => {}
            }
        }
        let source = source.trim_end_matches('\n').to_string();
        if !ordered && !checklist {
            let pairs: Option<Vec<(String, String)>> =
                items.iter().map(|i| bullet_field(i)).collect();
            if let Some(pairs) = pairs.filter(|p| !p.is_empty()) {
                let mut fields = Vec::new();
                for (label, value) in pairs {
                    let label = self.label(label);
                    fields.push(field_spec(label, value));
                }
                let prompts = fields
                    .iter()
                    .filter_map(|f| f.prompt)
                    .take(MAX_ITEMS)
                    .collect();
                return SeenBlock {
                    kind: SeenKind::Fields {
                        style: SeenFieldStyle::Bullets,
                        fields,
                    },
                    prompts,
                    source,
                    ..Default::default()
                };
            }
        }
        let mut prompts = Vec::new();
        for item in &items {
            prompts_in(item, &mut prompts);
        }
        let kind = if checklist {
            SeenKind::Checklist
        } else {
            SeenKind::List { ordered }
        };
        SeenBlock {
            kind,
            prompts,
            items,
            source,
            ..Default::default()
        }
    }

    /// table := header row, body rows; columns from the header, kinds from the body cells.
    fn table(&mut self, chunk: &[Spanned<'a>], source: &str) -> SeenBlock {
        let mut header: Vec<String> = Vec::new();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut in_head = false;
        let mut cell: Option<String> = None;
        let mut cell_start = 0;
        for (event, range) in chunk {
            match event {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => {
                    cell = Some(String::new());
                    cell_start = range.start;
                }
                Event::End(TagEnd::TableCell) => {
                    let text = cell.take().unwrap_or_default();
                    if in_head {
                        header.push(text);
                    } else if let Some(row) = rows.last_mut() {
                        let raw = self.src.get(cell_start..range.end).unwrap_or("");
                        let raw = raw.trim().trim_matches('|').trim();
                        row.push(if raw.is_empty() {
                            text
                        } else {
                            raw.to_string()
                        });
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                    if let Some(c) = cell.as_mut() {
                        c.push_str(t);
                    }
                }
                _ => {}
            }
        }
        if header.len() > MAX_COLUMNS {
            self.warn(format!(
                "a table has {} columns: only the first {MAX_COLUMNS} are described",
                header.len()
            ));
            header.truncate(MAX_COLUMNS);
        }
        let mut columns = Vec::new();
        for (i, name) in header.into_iter().enumerate() {
            let name = self.label(plain_label(&name));
            let cells: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.get(i).map(|c| c.trim()))
                .filter(|c| !c.is_empty())
                .collect();
            columns.push(SeenColumn {
                name,
                kind: column_kind(&cells),
            });
        }
        let mut prompts = Vec::new();
        for cell in rows.iter().flatten() {
            if let Some(p) = prompt_kind(cell) {
                push_capped(&mut prompts, p);
            }
        }
        SeenBlock {
            kind: SeenKind::Table { columns },
            prompts,
            source: source.trim_end_matches('\n').to_string(),
            ..Default::default()
        }
    }

    /// Nests the sections, groups repeated siblings, names everything.
    fn finish(mut self) -> SeenTemplate {
        let mut top = std::mem::take(&mut self.top);
        let nodes = nest(std::mem::take(&mut self.nodes));
        let mut sections = shape(nodes, "");
        if sections.is_empty() && self.title.is_none() {
            // No heading at all: one prose section holding everything.
            if top.is_empty() {
                top.push(SeenBlock::default());
            }
            sections.push(SeenSection {
                id: "body".into(),
                level: 1,
                blocks: std::mem::take(&mut top),
                ..Default::default()
            });
        }
        let name = self
            .name
            .clone()
            .or_else(|| self.title.as_ref().and_then(|t| t.prefix.clone()))
            .or_else(|| {
                self.title
                    .as_ref()
                    .filter(|t| t.name_prompt.is_none() && !t.text.is_empty())
                    .map(|t| t.text.clone())
            })
            .or_else(|| first_heading(&sections))
            .unwrap_or_else(|| "Untitled template".into());
        let id = Some(slug(&name))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "template".into());
        SeenTemplate {
            id,
            name,
            source: self.src.to_string(),
            preamble: self.preamble,
            title: self.title,
            blocks: top,
            sections,
            warnings: self.warnings,
        }
    }
}

/// `a, b, c` → the aliases, plain text, capped.
fn alias_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(plain_label)
        .filter(|a| !a.is_empty())
        .take(MAX_ITEMS)
        .collect()
}

fn short(text: &str) -> String {
    let (t, _) = cap_label(text.chars().take(40).collect());
    t
}

/// A paragraph's or heading's text: text and code, breaks as spaces, HTML as literal text.
fn inline_text(chunk: &[Spanned<'_>]) -> String {
    let mut out = String::new();
    for (event, _) in chunk {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                out.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
        if out.len() > 4 * MAX_LABEL {
            break;
        }
    }
    plain_label(&out)
}

/// A heading's markdown without its `#` marks (first line only, for setext headings).
fn heading_raw(source: &str) -> String {
    let line = source.lines().next().unwrap_or("").trim();
    let line = line.trim_start_matches('#').trim();
    let line = line.trim_end_matches('#').trim_end();
    line.chars().take(4 * MAX_LABEL).collect()
}

fn title_spec(text: String) -> SeenTitle {
    if let Some((prefix, rest)) = text.split_once(':')
        && let Some(p) = prompt_kind(rest)
    {
        let prefix = prefix.trim().to_string();
        return SeenTitle {
            prefix: Some(prefix).filter(|p| !p.is_empty()),
            name_prompt: Some(p),
            text,
        };
    }
    let name_prompt = prompt_kind(&text);
    SeenTitle {
        text,
        prefix: None,
        name_prompt,
    }
}

fn first_heading(sections: &[SeenSection]) -> Option<String> {
    sections.iter().find_map(|s| match &s.heading {
        SeenHeading::Fixed { text, .. } if prompt_kind(text).is_none() && !text.is_empty() => {
            Some(text.clone())
        }
        _ => first_heading(&s.children),
    })
}

fn prose(source: &str) -> SeenBlock {
    let source = source.trim_end_matches('\n');
    let mut prompts = Vec::new();
    prompts_in(source, &mut prompts);
    SeenBlock {
        kind: SeenKind::Prose,
        prompts,
        source: source.to_string(),
        ..Default::default()
    }
}

fn code(kind: &CodeBlockKind<'_>, chunk: &[Spanned<'_>], source: &str) -> SeenBlock {
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_string),
        CodeBlockKind::Indented => None,
    };
    let mut body = String::new();
    for (event, _) in chunk {
        if let Event::Text(t) = event {
            body.push_str(t);
        }
    }
    SeenBlock {
        kind: SeenKind::Code { lang },
        prompts: prompt_kind(&body).into_iter().collect(),
        source: source.trim_end_matches('\n').to_string(),
        ..Default::default()
    }
}

/// `**Label:** value` or `**Label**: value`; several on one line split by ` | `.
pub(crate) fn field_line(line: &str) -> Option<Vec<(String, String)>> {
    let parts: Vec<&str> = line.split(" | ").collect();
    if parts.len() > 1 {
        let all: Option<Vec<_>> = parts.iter().map(|p| one_field(p)).collect();
        if all.is_some() {
            return all;
        }
    }
    one_field(line).map(|f| vec![f])
}

fn one_field(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let (marker, rest) = match line.strip_prefix("**") {
        Some(rest) => ("**", rest),
        None => ("__", line.strip_prefix("__")?),
    };
    let close = rest.find(marker)?;
    let inner = &rest[..close];
    let after = &rest[close + marker.len()..];
    let (label, value) = match inner.trim_end().strip_suffix(':') {
        Some(label) => (label, after),
        None => (inner, after.strip_prefix(':')?),
    };
    let label = plain_label(label);
    if label.is_empty() {
        return None;
    }
    let value = value.trim().trim_end_matches('\\').trim_end();
    Some((label, value.to_string()))
}

/// `Label: value` in a bullet: a short label of words (not an id like `FR-001`), no comma, no
/// brackets.
fn bullet_field(item: &str) -> Option<(String, String)> {
    if item.contains('\n') {
        return None;
    }
    let (label, value) = item.split_once(": ")?;
    let label = plain_label(label);
    let ok = !label.is_empty()
        && label.chars().count() <= 40
        && label.split_whitespace().count() <= 5
        && label.chars().any(char::is_alphabetic)
        && !(label.chars().any(|c| c.is_ascii_digit())
            && label
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'))
        && !label.contains([',', '[', ']', '{', '}', '(', ')', '"'])
        && !value.trim().is_empty();
    ok.then(|| (label, value.trim().to_string()))
}

fn field_spec(label: String, value: String) -> SeenField {
    let prompt = prompt_kind(&value);
    let date = value.to_ascii_uppercase().contains("YYYY-MM-DD")
        || unwrap_emphasis(value.trim()).eq_ignore_ascii_case("[date]");
    let kind = if date {
        SeenFieldKind::Date
    } else {
        SeenFieldKind::Text
    };
    SeenField {
        label,
        aliases: Vec::new(),
        kind,
        role: None,
        prompt,
        default: value,
    }
}

/// A list item's text without its marker and task box.
fn item_text(source: &str) -> String {
    let t = source.trim_start();
    let t = match t.strip_prefix(['-', '*', '+']) {
        Some(rest) => rest,
        None => {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            t[digits..].strip_prefix(['.', ')']).unwrap_or(t)
        }
    };
    let t = t.trim_start();
    let t = ["[ ]", "[x]", "[X]"]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .unwrap_or(t);
    t.trim().to_string()
}

fn is_date(cell: &str) -> bool {
    let b = cell.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

const STATUS_WORDS: [&str; 8] = [
    "done",
    "in progress",
    "pending",
    "blocked",
    "todo",
    "not started",
    "complete",
    "completed",
];

fn is_status(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    ['✅', '🔄', '⏳', '❌', '🚧', '⚠']
        .iter()
        .any(|e| cell.starts_with(*e))
        || STATUS_WORDS.contains(&lower.as_str())
}

fn column_kind(cells: &[&str]) -> SeenColumnKind {
    if cells.is_empty() {
        return SeenColumnKind::Text;
    }
    let date = |c: &&str| {
        prompt_kind(c) == Some(Prompt::DateMask)
            || is_date(c)
            || unwrap_emphasis(c).eq_ignore_ascii_case("[date]")
    };
    if cells.iter().all(date) {
        return SeenColumnKind::Date;
    }
    if cells.iter().all(|c| is_status(c)) {
        let mut values: Vec<String> = Vec::new();
        for c in cells {
            if !values.iter().any(|v| v == c) && values.len() < MAX_ITEMS {
                values.push((*c).to_string());
            }
        }
        return SeenColumnKind::Status(values);
    }
    SeenColumnKind::Text
}

/// Nests sections by heading level (a stack: each node goes under the nearest shallower one).
fn nest(flat: Vec<Node>) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    fn close(stack: &mut Vec<Node>, roots: &mut Vec<Node>) {
        if let Some(done) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    }
    for node in flat {
        while stack.last().is_some_and(|top| top.level >= node.level) {
            close(&mut stack, &mut roots);
        }
        stack.push(node);
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// The repeat key of a heading: its word and ordinal kind, or "prompt only".
#[derive(Clone, Debug, PartialEq, Eq)]
enum ShapeKey {
    Ordinal(String, Ordinal),
    PromptOnly,
}

/// A heading split into word, ordinal, name and suffix: `Phase 1: Foundation (Day 1-2)`.
pub(crate) struct Parts {
    pub(crate) word: String,
    pub(crate) ordinal: Ordinal,
    pub(crate) name: String,
    pub(crate) suffix: Option<String>,
}

pub(crate) fn heading_parts(text: &str) -> Option<Parts> {
    let words: Vec<&str> = text.split(' ').collect();
    for n in 1..=3.min(words.len().saturating_sub(1)) {
        let head = &words[..n];
        if !head
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
        {
            return None;
        }
        if !head[0].chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let token = words[n];
        let core = token.trim_end_matches([':', '.', ')', ',']);
        let ordinal = if core.len() == 1 && core.chars().all(|c| c.is_ascii_uppercase()) {
            Ordinal::Letter
        } else if (1..=3).contains(&core.len()) && core.chars().all(|c| c.is_ascii_digit()) {
            Ordinal::Number
        } else {
            continue;
        };
        let rest = words[n + 1..].join(" ");
        let rest = rest.trim_start_matches([':', '-', '–', '—', ' ']).trim();
        let (name, suffix) = match (rest.ends_with(')'), rest.rfind(" (")) {
            (true, Some(at)) => (rest[..at].trim(), Some(rest[at + 1..].to_string())),
            _ => (rest, None),
        };
        return Some(Parts {
            word: head.join(" "),
            ordinal,
            name: name.to_string(),
            suffix,
        });
    }
    None
}

/// Splits a chosen marker off a heading: (text without it, the marker as written in `raw`).
fn chosen(text: &str, raw: &str) -> (String, Option<String>) {
    let lower = raw.to_ascii_lowercase();
    let Some(at) = lower.find("(chosen)") else {
        return (text.to_string(), None);
    };
    let before = raw[..at].trim_end_matches(['*', ' ']);
    let start = before.strip_suffix('✅').map_or(at, |b| b.len());
    let after = &raw[at + "(chosen)".len()..];
    let end = raw.len() - after.trim_start_matches('*').len();
    let marker = raw[start..end].trim().to_string();
    let lower_text = text.to_ascii_lowercase();
    let cleaned = match lower_text.find("(chosen)") {
        Some(i) => format!("{}{}", &text[..i], &text[i + "(chosen)".len()..]),
        None => text.to_string(),
    };
    let cleaned = cleaned.trim().trim_end_matches('✅').trim().to_string();
    (cleaned, Some(marker))
}

fn shape_key(text: &str) -> Option<ShapeKey> {
    if let Some(p) = heading_parts(text) {
        return Some(ShapeKey::Ordinal(p.word.to_lowercase(), p.ordinal));
    }
    matches!(prompt_kind(text), Some(Prompt::Bracketed | Prompt::Braced))
        .then_some(ShapeKey::PromptOnly)
}

/// The word for a group of prompt-only headings: the word before a number in the first prompt
/// (`{title of option 1}` → "option"), else "item".
fn prompt_word(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .find(|w| w[1].chars().all(|c| c.is_ascii_digit()) && w[0].chars().all(char::is_alphabetic))
        .map_or_else(|| "item".to_string(), |w| w[0].to_lowercase())
}

/// Turns nodes into specs: groups runs of two or more siblings of one shape, names each spec by
/// a path of slugs unique among its siblings.
fn shape(nodes: Vec<Node>, parent: &str) -> Vec<SeenSection> {
    let keyed: Vec<(Node, String, Option<String>, Option<ShapeKey>)> = nodes
        .into_iter()
        .map(|n| {
            let (text, marker) = chosen(&n.text, &n.raw);
            let key = shape_key(&text);
            (n, text, marker, key)
        })
        .collect();
    let mut out: Vec<SeenSection> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut unique = |base: String| {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let n = next_suffix.entry(base.clone()).or_insert(2);
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        if parent.is_empty() {
            id
        } else {
            format!("{parent}/{id}")
        }
    };
    let mut iter = keyed.into_iter().peekable();
    while let Some((node, text, marker, key)) = iter.next() {
        let mut group = vec![(node, text, marker)];
        if let Some(key) = &key {
            while let Some((_, _, _, k)) = iter.peek() {
                if k.as_ref() != Some(key) {
                    break;
                }
                if let Some((n, t, m, _)) = iter.next() {
                    group.push((n, t, m));
                }
            }
        }
        if group.len() < 2 {
            let (node, text, _) = group.remove(0);
            let id = unique(slug(&text));
            let children = shape(node.children, &id);
            out.push(SeenSection {
                id,
                heading: SeenHeading::Fixed {
                    text,
                    aliases: node.aliases,
                },
                level: node.level,
                blocks: node.blocks,
                children,
                repeat: None,
                optional: node.optional,
                require: node.require,
                tight: node.tight,
            });
            continue;
        }
        let instances = group.len();
        let chosen_marker = group.iter().find_map(|(_, _, m)| m.clone());
        let first_text = group[0].1.clone();
        let (word, ordinal, name_prompt, suffix) = match heading_parts(&first_text) {
            Some(p) => (p.word, Some(p.ordinal), prompt_kind(&p.name), p.suffix),
            None => (
                prompt_word(&first_text),
                None,
                prompt_kind(&first_text),
                None,
            ),
        };
        let pick_one = chosen_marker.is_some();
        let texts: Vec<String> = group.iter().map(|(_, t, _)| t.clone()).collect();
        let mut nodes = group.into_iter().map(|(n, _, m)| (n, m.is_some()));
        let Some((first, _)) = nodes.next() else {
            continue;
        };
        let mut blocks = first.blocks;
        let mut seen: HashSet<(Discriminant<SeenKind>, Option<String>)> = blocks
            .iter()
            .map(|b| (discriminant(&b.kind), b.label.clone()))
            .collect();
        let (mut optional, mut require) = (first.optional, first.require);
        for (later, is_chosen) in nodes {
            optional |= later.optional;
            for r in later.require {
                if !require.contains(&r) {
                    require.push(r);
                }
            }
            for b in later.blocks {
                if seen.insert((discriminant(&b.kind), b.label.clone())) {
                    blocks.push(SeenBlock {
                        optional: true,
                        chosen_only: is_chosen,
                        ..b
                    });
                    continue;
                }
                // A block the group already has: its field values are other prompts for the
                // same fields (`Y days` in Option B after `X days` in Option A).
                if let SeenKind::Fields {
                    fields: later_fields,
                    ..
                } = &b.kind
                    && let Some(existing) = blocks.iter_mut().find(|e| {
                        discriminant(&e.kind) == discriminant(&b.kind) && e.label == b.label
                    })
                    && let SeenKind::Fields { fields, .. } = &existing.kind
                {
                    let more: Vec<Vec<String>> = fields
                        .iter()
                        .map(|f| {
                            later_fields
                                .iter()
                                .filter(|l| l.label.eq_ignore_ascii_case(&f.label))
                                .map(|l| l.default.clone())
                                .collect()
                        })
                        .collect();
                    if existing.alternates.is_empty() {
                        existing.alternates = vec![Vec::new(); more.len()];
                    }
                    for (all, add) in existing.alternates.iter_mut().zip(more) {
                        all.extend(add);
                    }
                }
            }
        }
        let id = unique(slug(&word));
        let aliases = first.aliases;
        let suffix_name = first.suffix_name;
        let tight = first.tight;
        let children = shape(first.children, &id);
        out.push(SeenSection {
            id,
            heading: SeenHeading::Pattern {
                word: word.clone(),
                ordinal,
                name_prompt,
                suffix,
                suffix_name,
                chosen_marker,
                texts,
                aliases,
            },
            level: first.level,
            blocks,
            children,
            repeat: Some(SeenRepeat {
                word: word.to_lowercase(),
                pick_one,
                min: if pick_one { 2 } else { 1 },
                instances,
            }),
            optional,
            require,
            tight,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An upstream template of the corpus (`madr-adr-template.md`): the repository's copy
    /// without its annotation lines, which is the upstream file byte for byte.
    fn corpus(name: &str) -> String {
        let annotated = match name {
            "madr-adr-template.md" => include_str!("../../../templates/madr.md"),
            "rust-rfc-0000-template.md" => include_str!("../../../templates/rust-rfc.md"),
            "spec-kit-plan-template.md" => include_str!("../../../templates/spec-kit-plan.md"),
            "spec-kit-spec-template.md" => include_str!("../../../templates/spec-kit-spec.md"),
            _ => panic!("{name} is no template"),
        };
        annotated
            .split_inclusive('\n')
            .filter(|l| !is_annotation_line(l))
            .collect()
    }

    fn technical_plan() -> SeenTemplate {
        parse_template(include_str!("../../../templates/technical-plan.md"))
    }

    fn outline(t: &SeenTemplate) -> String {
        fn block(b: &SeenBlock) -> String {
            format!(
                "{:?} label={:?} prompts={:?} items={:?} opt={}",
                b.kind, b.label, b.prompts, b.items, b.optional
            )
        }
        fn sec(s: &SeenSection, out: &mut String) {
            out.push_str(&format!(
                "{}{} {:?} repeat={:?} optional={}\n",
                "  ".repeat(s.level as usize),
                s.id,
                s.heading,
                s.repeat,
                s.optional
            ));
            for b in &s.blocks {
                out.push_str(&format!(
                    "{}  - {}\n",
                    "  ".repeat(s.level as usize),
                    block(b)
                ));
            }
            for c in &s.children {
                sec(c, out);
            }
        }
        let mut out = format!(
            "id={} name={:?} title={:?} preamble={:?} warnings={:?}\n",
            t.id,
            t.name,
            t.title,
            t.preamble.as_ref().map(|p| p.len()),
            t.warnings
        );
        for b in &t.blocks {
            out.push_str(&format!("  top - {}\n", block(b)));
        }
        for s in &t.sections {
            sec(s, &mut out);
        }
        out
    }

    fn fields(b: &SeenBlock) -> &[SeenField] {
        match &b.kind {
            SeenKind::Fields { fields, .. } => fields,
            _ => &[],
        }
    }

    fn columns(b: &SeenBlock) -> &[SeenColumn] {
        match &b.kind {
            SeenKind::Table { columns } => columns,
            _ => &[],
        }
    }

    fn sec<'t>(t: &'t SeenTemplate, id: &str) -> &'t SeenSection {
        t.section(id)
            .unwrap_or_else(|| panic!("no section {id} in\n{}", outline(t)))
    }

    fn fixed(text: &str) -> SeenHeading {
        SeenHeading::Fixed {
            text: text.into(),
            aliases: vec![],
        }
    }

    // ---- small rules, against hand-built specs ----

    #[test]
    fn heading_and_paragraph() {
        let t = parse_template("## Problem Statement\n\n[What problem?]\n");
        assert_eq!(
            t.sections,
            vec![SeenSection {
                id: "problem-statement".into(),
                heading: fixed("Problem Statement"),
                level: 2,
                blocks: vec![SeenBlock {
                    prompts: vec![Prompt::Bracketed],
                    source: "[What problem?]".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }]
        );
        assert_eq!(t.name, "Problem Statement");
        assert_eq!(t.id, "problem-statement");
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn title_with_prefix_and_header_fields() {
        let t = parse_template(
            "# Postmortem: [Incident Title]\n\n**Incident:** INC-XXXX  \n**Date:** YYYY-MM-DD\n",
        );
        assert_eq!(
            t.title,
            Some(SeenTitle {
                text: "Postmortem: [Incident Title]".into(),
                prefix: Some("Postmortem".into()),
                name_prompt: Some(Prompt::Bracketed),
            })
        );
        assert_eq!(
            (t.name.as_str(), t.id.as_str()),
            ("Postmortem", "postmortem")
        );
        assert_eq!(
            t.header_fields(),
            vec![
                &SeenField {
                    label: "Incident".into(),
                    prompt: Some(Prompt::IdMask),
                    default: "INC-XXXX".into(),
                    ..Default::default()
                },
                &SeenField {
                    label: "Date".into(),
                    kind: SeenFieldKind::Date,
                    prompt: Some(Prompt::DateMask),
                    default: "YYYY-MM-DD".into(),
                    ..Default::default()
                },
            ]
        );
    }

    #[test]
    fn title_without_prefix_falls_back() {
        let t = parse_template("# {short title}\n\n## Context\n\ntext\n");
        assert_eq!(t.title.as_ref().and_then(|t| t.prefix.clone()), None);
        assert_eq!(t.name, "Context");
        assert_eq!(parse_template("# [Title]\n").name, "Untitled template");
        assert_eq!(parse_template("# Postmortem\n").name, "Postmortem");
        assert_eq!(parse_template("").name, "Untitled template");
    }

    #[test]
    fn block_kinds() {
        let t = parse_template(
            "## S\n\n- [ ] a\n- [x] b\n\n1. one\n2. two\n\n- x\n- y\n\n```sql\nSELECT 1;\n```\n\n    indented\n\n> quote\n\n---\n",
        );
        let kinds: Vec<SeenKind> = sec(&t, "s").blocks.iter().map(|b| b.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                SeenKind::Checklist,
                SeenKind::List { ordered: true },
                SeenKind::List { ordered: false },
                SeenKind::Code {
                    lang: Some("sql".into())
                },
                SeenKind::Code { lang: None },
                SeenKind::Prose,
                SeenKind::Raw,
            ]
        );
        assert_eq!(sec(&t, "s").blocks[0].items, vec!["a", "b"]);
        assert_eq!(sec(&t, "s").blocks[3].source, "```sql\nSELECT 1;\n```");
    }

    #[test]
    fn label_before_block() {
        let t =
            parse_template("## S\n\n**Pros:**\n- Pro 1\n\n**Description:**\n[How]\n\n**Alone:**\n");
        assert_eq!(
            sec(&t, "s").blocks,
            vec![
                SeenBlock {
                    kind: SeenKind::List { ordered: false },
                    label: Some("Pros".into()),
                    prompts: vec![Prompt::Enumerated],
                    items: vec!["Pro 1".into()],
                    source: "- Pro 1".into(),
                    ..Default::default()
                },
                SeenBlock {
                    label: Some("Description".into()),
                    prompts: vec![Prompt::Bracketed],
                    source: "[How]".into(),
                    ..Default::default()
                },
                SeenBlock {
                    label: Some("Alone".into()),
                    source: "**Alone:**".into(),
                    ..Default::default()
                },
            ]
        );
    }

    #[test]
    fn field_lines_join_and_split_on_pipes() {
        let t = parse_template(
            "# T\n\n**Branch**: `[x]` | **Date**: [DATE]\n\n**Status**: Draft\n\nprose\n",
        );
        let labels: Vec<&str> = t.header_fields().iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["Branch", "Date", "Status"]);
        assert_eq!(t.header_fields()[1].kind, SeenFieldKind::Date);
        assert_eq!(
            t.blocks[0].source,
            "**Branch**: `[x]` | **Date**: [DATE]\n\n**Status**: Draft"
        );
        assert_eq!(t.blocks[1].kind, SeenKind::Prose);
    }

    #[test]
    fn bullet_fields_and_lists_that_are_not() {
        let t = parse_template(
            "## A\n\n- Expected load: X requests/sec\n- Caching strategy: [describe]\n\n## B\n\n- **FR-001**: System MUST x\n- **FR-002**: y\n\n## C\n\n- For a, b: c\n",
        );
        assert_eq!(
            sec(&t, "a").blocks[0].kind,
            SeenKind::Fields {
                style: SeenFieldStyle::Bullets,
                fields: vec![
                    SeenField {
                        label: "Expected load".into(),
                        prompt: Some(Prompt::Quantity),
                        default: "X requests/sec".into(),
                        ..Default::default()
                    },
                    SeenField {
                        label: "Caching strategy".into(),
                        prompt: Some(Prompt::Bracketed),
                        default: "[describe]".into(),
                        ..Default::default()
                    },
                ],
            }
        );
        assert_eq!(
            sec(&t, "b").blocks[0].kind,
            SeenKind::List { ordered: false }
        );
        assert_eq!(
            sec(&t, "c").blocks[0].kind,
            SeenKind::List { ordered: false }
        );
    }

    #[test]
    fn table_columns_and_kinds() {
        let t = parse_template(
            "## T\n\n| Milestone | Date | Status |\n|---|---|---|\n| a | YYYY-MM-DD | ✅ |\n| b | 2026-01-02 | Pending |\n",
        );
        assert_eq!(
            columns(&sec(&t, "t").blocks[0]),
            [
                SeenColumn {
                    name: "Milestone".into(),
                    kind: SeenColumnKind::Text
                },
                SeenColumn {
                    name: "Date".into(),
                    kind: SeenColumnKind::Date
                },
                SeenColumn {
                    name: "Status".into(),
                    kind: SeenColumnKind::Status(vec!["✅".into(), "Pending".into()])
                },
            ]
        );
    }

    #[test]
    fn nesting_follows_levels() {
        let t = parse_template("## A\n### B\n#### C\n### D\n## E\n");
        let ids = |s: &[SeenSection]| s.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&t.sections), ["a", "e"]);
        assert_eq!(ids(&t.sections[0].children), ["a/b", "a/d"]);
        assert_eq!(ids(&t.sections[0].children[0].children), ["a/b/c"]);
    }

    #[test]
    fn duplicate_headings_get_unique_ids() {
        let t = parse_template("## Notes\n## Notes\n");
        let ids: Vec<&str> = t.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["notes", "notes-2"]);
    }

    #[test]
    fn repeated_headings_become_one_spec() {
        let t = parse_template(
            "## Decision\n\n### Option A: [Approach 1]\n\n[How]\n\n### Option B: [Approach 2] ✅ **(Chosen)**\n\n[How]\n\n**Decision Rationale:**\n[Why]\n\n## Next\n",
        );
        let option = sec(&t, "decision/option");
        assert_eq!(
            option.heading,
            SeenHeading::Pattern {
                word: "Option".into(),
                ordinal: Some(Ordinal::Letter),
                name_prompt: Some(Prompt::Bracketed),
                suffix: None,
                suffix_name: None,
                chosen_marker: Some("✅ **(Chosen)**".into()),
                texts: vec![
                    "Option A: [Approach 1]".into(),
                    "Option B: [Approach 2]".into()
                ],
                aliases: Vec::new(),
            }
        );
        assert_eq!(
            option.repeat,
            Some(SeenRepeat {
                word: "option".into(),
                pick_one: true,
                min: 2,
                instances: 2
            })
        );
        assert_eq!(option.blocks.len(), 2);
        assert_eq!(
            option.blocks[1].label.as_deref(),
            Some("Decision Rationale")
        );
        assert!(option.blocks[1].optional && !option.blocks[0].optional);
        assert_eq!(t.sections.len(), 2);
    }

    #[test]
    fn repeated_with_numbers_and_suffix() {
        let t = parse_template(
            "## Plan\n### Phase 1: Foundation (Day 1-2)\n1. a\n### Phase 2: Core (Day 3-4)\n1. b\n### Other\n",
        );
        let phase = sec(&t, "plan/phase");
        assert!(matches!(
            &phase.heading,
            SeenHeading::Pattern { ordinal: Some(Ordinal::Number), suffix: Some(s), name_prompt: None, .. }
                if s == "(Day 1-2)"
        ));
        assert_eq!(
            phase.repeat,
            Some(SeenRepeat {
                word: "phase".into(),
                pick_one: false,
                min: 1,
                instances: 2
            })
        );
        assert_eq!(t.sections[0].children.len(), 2);
        let t =
            parse_template("### Investigation 1: [Question]\n### Investigation 2: [Question]\n");
        assert_eq!(
            t.sections[0].repeat.as_ref().map(|r| r.word.as_str()),
            Some("investigation")
        );
        // One alone is not a group; a lower-case "(chosen)" marks the chosen one too.
        assert!(
            parse_template("### Option A: x\n").sections[0]
                .repeat
                .is_none()
        );
        let t = parse_template("### Option 1 (chosen)\n### Option 2\n");
        assert!(t.sections[0].repeat.as_ref().is_some_and(|r| r.pick_one));
    }

    #[test]
    fn annotations_apply_to_what_follows() {
        let t = parse_template(
            "<!-- planform: name Post Mortem; frobnicate 3 -->\n# Postmortem: [X]\n\n<!-- planform: optional; require filled -->\n## Notes\n\n<!-- planform: prompt -->\nWrite here.\n\n<!-- planform: columns Date=date, Status=status(✅ Done|🔄 In progress); field Coverage=percent -->\n| Date | Status | Who |\n|---|---|---|\n| a | b | c |\n\n<!-- planform: field Target Coverage=percent; require ticked -->\n**Target Coverage:** 80%+\n",
        );
        assert_eq!(
            (t.name.as_str(), t.id.as_str()),
            ("Post Mortem", "post-mortem")
        );
        assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
        assert!(t.warnings[0].contains("frobnicate"));
        assert!(t.warnings[1].contains("not fields"));
        let notes = sec(&t, "notes");
        assert!(notes.optional);
        assert_eq!(notes.require, [Require::Filled]);
        assert_eq!(notes.blocks[0].prompts, [Prompt::Annotated]);
        assert_eq!(
            columns(&notes.blocks[1]),
            [
                SeenColumn {
                    name: "Date".into(),
                    kind: SeenColumnKind::Date
                },
                SeenColumn {
                    name: "Status".into(),
                    kind: SeenColumnKind::Status(vec!["✅ Done".into(), "🔄 In progress".into()])
                },
                SeenColumn {
                    name: "Who".into(),
                    kind: SeenColumnKind::Text
                },
            ]
        );
        assert_eq!(fields(&notes.blocks[2])[0].kind, SeenFieldKind::Percent);
        assert_eq!(notes.blocks[2].require, Some(Require::Ticked));
        // Annotations are not blocks; other comments are kept as raw blocks.
        assert_eq!(notes.blocks.len(), 3);
        let t = parse_template("## A\n\n<!-- a note -->\n\ntext\n\n<!-- planform: optional -->\n");
        assert_eq!(sec(&t, "a").blocks[0].kind, SeenKind::Raw);
        assert_eq!(sec(&t, "a").blocks[0].source, "<!-- a note -->");
        assert!(t.warnings[0].contains("applies to nothing"));
    }

    #[test]
    fn front_matter_is_the_preamble() {
        let t = parse_template("---\nstatus: x\n---\n\n# T\n");
        assert_eq!(t.preamble.as_deref(), Some("---\nstatus: x\n---"));
        assert!(t.blocks.is_empty());
    }

    #[test]
    fn link_reference_definitions_are_kept() {
        let t = parse_template("## Summary\n[summary]: #summary\n\nOne paragraph.\n");
        let blocks = &sec(&t, "summary").blocks;
        assert_eq!(blocks[0].kind, SeenKind::Raw);
        assert_eq!(blocks[0].source, "[summary]: #summary");
        assert_eq!(blocks[1].source, "One paragraph.");
    }

    // ---- prompt recognition ----

    #[test]
    fn prompt_table() {
        use Prompt::*;
        let cases: &[(&str, Option<Prompt>)] = &[
            ("[What problem are we solving? Why now?]", Some(Bracketed)),
            ("[Feature Name]", Some(Bracketed)),
            ("`[###-feature-name]`", Some(Bracketed)),
            ("[DATE]", Some(Bracketed)),
            (
                "(fill me in with a unique ident, `my_awesome_feature`)",
                Some(Bracketed),
            ),
            ("**[Entity 1]**", Some(Bracketed)),
            (
                "{short title, representative of solved problem}",
                Some(Braced),
            ),
            ("{title of option 1}", Some(Braced)),
            ("YYYY-MM-DD", Some(DateMask)),
            ("Goal 1", Some(Enumerated)),
            ("Pro 2", Some(Enumerated)),
            ("Item 1", Some(Enumerated)),
            ("Action 3", Some(Enumerated)),
            ("Question 1?", Some(Enumerated)),
            ("X days", Some(Quantity)),
            ("$X", Some(Quantity)),
            ("< Yms", Some(Quantity)),
            ("X%", Some(Quantity)),
            ("< Z%", Some(Quantity)),
            ("X requests/sec", Some(Quantity)),
            ("SPEC-XXX", Some(IdMask)),
            ("INC-XXXX", Some(IdMask)),
            ("[Design Document](link)", Some(Link)),
            ("[Related PR](url)", Some(Link)),
            ("Yes/No", Some(Choice)),
            ("…", Some(Ellipsis)),
            ("… <!-- numbers of options can vary -->", Some(Ellipsis)),
            ("Add logging for key operations", None),
            ("80%+", None),
            ("Draft", None),
            ("Module X must be completed first", None),
            ("Service Y must be available", None),
            ("Library A", None),
            ("^1.0.0", None),
            ("Purpose", None),
            ("Authentication/Authorization", None),
            ("Yesterday", None),
            (
                "[rust-lang/rfcs#0000](https://github.com/rust-lang/rfcs/pull/0000)",
                None,
            ),
            ("[a] and [b]", None),
            ("ADR-0123", None),
            ("Rust 1.75", None),
            ("", None),
            ("   ", None),
            ("[", None),
            ("[]", None),
            ("<!-- only a comment -->", None),
        ];
        for (text, want) in cases {
            assert_eq!(prompt_kind(text), *want, "prompt_kind({text:?})");
        }
    }

    #[test]
    fn prompts_inside_longer_text() {
        let mut out = Vec::new();
        prompts_in(
            "Chosen option: \"{title}\", because {why}. See [x](link), [a] and YYYY-MM-DD; - [ ] not",
            &mut out,
        );
        assert_eq!(
            out,
            [
                Prompt::Braced,
                Prompt::Braced,
                Prompt::Link,
                Prompt::Bracketed,
                Prompt::DateMask
            ]
        );
    }

    // ---- the built-in and corpus templates ----

    #[test]
    fn technical_plan_parses() {
        let t = technical_plan();
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        assert_eq!(
            (t.name.as_str(), t.id.as_str()),
            ("Technical Plan", "technical-plan")
        );
        let title = t.title.clone().unwrap_or_default();
        assert_eq!(title.prefix.as_deref(), Some("Technical Plan"));
        assert_eq!(title.name_prompt, Some(Prompt::Bracketed));
        let header: Vec<(&str, SeenFieldKind)> = t
            .header_fields()
            .iter()
            .map(|f| (f.label.as_str(), f.kind))
            .collect();
        assert_eq!(
            header,
            [
                ("Spec", SeenFieldKind::Text),
                ("Created", SeenFieldKind::Date),
                ("Last Updated", SeenFieldKind::Date)
            ]
        );
        let top: Vec<&str> = t
            .sections
            .iter()
            .map(|s| match &s.heading {
                SeenHeading::Fixed { text, .. } => text.as_str(),
                SeenHeading::Pattern { word, .. } => word.as_str(),
            })
            .collect();
        assert_eq!(top.len(), 18, "{top:?}");
        assert_eq!(top[0], "Problem Statement");
        assert_eq!(top[17], "References");

        let goals = &sec(&t, "goals").blocks[0];
        assert_eq!(goals.kind, SeenKind::List { ordered: true });
        assert_eq!(goals.prompts, [Prompt::Enumerated; 3]);

        let decision = sec(&t, "architecture-decision");
        assert_eq!(decision.children.len(), 1);
        let option = &decision.children[0];
        assert_eq!(option.id, "architecture-decision/option");
        let repeat = option.repeat.clone().unwrap_or_default();
        assert_eq!(
            (repeat.word.as_str(), repeat.pick_one, repeat.instances),
            ("option", true, 3)
        );
        let labels: Vec<Option<&str>> = option.blocks.iter().map(|b| b.label.as_deref()).collect();
        assert_eq!(
            labels,
            [
                Some("Description"),
                Some("Pros"),
                Some("Cons"),
                None,
                Some("Decision Rationale")
            ]
        );
        assert_eq!(fields(&option.blocks[3])[0].prompt, Some(Prompt::Quantity));

        let phase = sec(&t, "implementation-steps/phase");
        assert_eq!(
            phase.repeat.as_ref().map(|r| (r.word.as_str(), r.pick_one)),
            Some(("phase", false))
        );

        assert_eq!(
            columns(&sec(&t, "timeline").blocks[0]),
            [
                SeenColumn {
                    name: "Milestone".into(),
                    kind: SeenColumnKind::Text
                },
                SeenColumn {
                    name: "Date".into(),
                    kind: SeenColumnKind::Date
                },
                SeenColumn {
                    name: "Status".into(),
                    kind: SeenColumnKind::Status(vec!["✅".into(), "🔄".into(), "⏳".into()])
                },
            ]
        );
        assert_eq!(
            sec(&t, "testing-strategy/unit-tests").blocks[0].kind,
            SeenKind::Checklist
        );
        let coverage = &sec(&t, "testing-strategy/e2e-tests").blocks[1];
        assert_eq!(fields(coverage)[0].default, "80%+");
        assert_eq!(fields(coverage)[0].prompt, None);
        let metrics: Vec<&str> = columns(&sec(&t, "success-metrics").blocks[0])
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(metrics, ["Metric", "Target"]);
        let perf = fields(&sec(&t, "performance-considerations").blocks[0]);
        assert_eq!(perf.len(), 4);
        assert_eq!(perf[2].prompt, Some(Prompt::Choice));
        assert_eq!(sec(&t, "references").blocks[0].prompts, [Prompt::Link; 3]);
        assert_eq!(
            sec(&t, "open-questions").blocks[0].kind,
            SeenKind::Checklist
        );
        let rollback = &sec(&t, "rollback-plan").blocks;
        assert_eq!(
            rollback[1].kind,
            SeenKind::Code {
                lang: Some("sql".into())
            }
        );
        assert_eq!(rollback[1].label.as_deref(), Some("Rollback Script"));
        assert_eq!(
            sec(&t, "detailed-design/api-changes/new-endpoints").blocks[0].kind,
            SeenKind::Code {
                lang: Some("typescript".into())
            }
        );
    }

    #[test]
    fn madr_parses() {
        let source = corpus("madr-adr-template.md");
        let t = parse_template(&source);
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        let preamble = t.preamble.clone().unwrap_or_default();
        assert!(preamble.starts_with("---\n# These are optional metadata elements."));
        assert!(preamble.contains("decision-makers: {list everyone"));
        let title = t.title.clone().unwrap_or_default();
        assert_eq!(
            (title.prefix, title.name_prompt),
            (None, Some(Prompt::Braced))
        );
        // No prefix and no annotation: named after the first heading that is not a prompt.
        assert_eq!(t.name, "Context and Problem Statement");
        let named = parse_template(&format!("<!-- planform: name MADR -->\n{source}"));
        assert_eq!((named.name.as_str(), named.id.as_str()), ("MADR", "madr"));
        assert_eq!(
            named.preamble, None,
            "front matter is only a preamble at the very top"
        );

        let options = &sec(&t, "considered-options").blocks[0];
        assert_eq!(options.kind, SeenKind::List { ordered: false });
        assert_eq!(
            &options.items[..3],
            [
                "{title of option 1}",
                "{title of option 2}",
                "{title of option 3}"
            ]
        );
        assert_eq!(
            options.prompts,
            [
                Prompt::Braced,
                Prompt::Braced,
                Prompt::Braced,
                Prompt::Ellipsis
            ]
        );
        assert_eq!(
            sec(&t, "context-and-problem-statement").blocks[0].prompts,
            [Prompt::Braced]
        );
        assert_eq!(
            sec(&t, "decision-outcome").blocks[0].prompts,
            [Prompt::Braced, Prompt::Braced]
        );
        // "<!-- This is an optional element. -->" before a heading makes it optional, and stays
        // in the template's text as a raw block.
        assert!(sec(&t, "decision-drivers").optional);
        assert!(!sec(&t, "considered-options").optional);
        assert!(sec(&t, "decision-outcome/confirmation").optional);
        assert_eq!(sec(&t, "decision-outcome").blocks[1].kind, SeenKind::Raw);
        // The two prompt-only option headings form a repeated "option".
        let option = sec(&t, "pros-and-cons-of-the-options/option");
        assert_eq!(
            option.repeat,
            Some(SeenRepeat {
                word: "option".into(),
                pick_one: false,
                min: 1,
                instances: 2
            })
        );
    }

    #[test]
    fn rust_rfc_parses() {
        let t = parse_template(&corpus("rust-rfc-0000-template.md"));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        assert_eq!(t.title, None);
        assert_eq!(t.name, "Summary");
        let header: Vec<(&str, Option<Prompt>, SeenFieldKind)> = t
            .header_fields()
            .iter()
            .map(|f| (f.label.as_str(), f.prompt, f.kind))
            .collect();
        assert_eq!(
            header,
            [
                ("Feature Name", Some(Prompt::Bracketed), SeenFieldKind::Text),
                ("Start Date", Some(Prompt::Bracketed), SeenFieldKind::Date),
                ("RFC PR", None, SeenFieldKind::Text),
                ("Rust Issue", None, SeenFieldKind::Text),
            ]
        );
        assert!(matches!(
            t.blocks[0].kind,
            SeenKind::Fields {
                style: SeenFieldStyle::Bullets,
                ..
            }
        ));
        let ids: Vec<&str> = t.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "summary",
                "motivation",
                "guide-level-explanation",
                "reference-level-explanation",
                "drawbacks",
                "rationale-and-alternatives",
                "prior-art",
                "unresolved-questions",
                "future-possibilities"
            ]
        );
        // The link reference definition under each heading is kept; the prose has no brackets,
        // so it is a default until a `prompt` annotation says otherwise.
        let summary = &sec(&t, "summary").blocks;
        assert_eq!(summary[0].source, "[summary]: #summary");
        assert_eq!(
            summary[1].source,
            "One paragraph explanation of the feature."
        );
        assert!(summary[1].prompts.is_empty());
        assert_eq!(
            sec(&t, "prior-art").blocks[2].kind,
            SeenKind::List { ordered: false }
        );
    }

    #[test]
    fn spec_kit_plan_parses() {
        let t = parse_template(&corpus("spec-kit-plan-template.md"));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        assert_eq!(t.name, "Implementation Plan");
        let header: Vec<&str> = t.header_fields().iter().map(|f| f.label.as_str()).collect();
        assert_eq!(header, ["Branch", "Date", "Spec", "Input", "Note"]);
        assert_eq!(t.header_fields()[1].kind, SeenFieldKind::Date);
        let context = &sec(&t, "technical-context").blocks;
        assert_eq!(
            context[0].kind,
            SeenKind::Raw,
            "the ACTION REQUIRED comment"
        );
        assert_eq!(fields(&context[1]).len(), 9);
        assert_eq!(fields(&context[1])[0].label, "Language/Version");
        let complexity = &sec(&t, "complexity-tracking").blocks;
        assert_eq!(complexity[0].kind, SeenKind::Prose);
        assert_eq!(columns(&complexity[1]).len(), 3);
        assert_eq!(complexity[1].prompts, [Prompt::Bracketed; 6]);
        assert_eq!(
            sec(&t, "project-structure/documentation-this-feature").blocks[0].kind,
            SeenKind::Code {
                lang: Some("text".into())
            }
        );
    }

    #[test]
    fn spec_kit_spec_parses() {
        let t = parse_template(&corpus("spec-kit-spec-template.md"));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        assert_eq!(t.name, "Feature Specification");
        let header: Vec<&str> = t.header_fields().iter().map(|f| f.label.as_str()).collect();
        assert_eq!(header, ["Feature Branch", "Created", "Status", "Input"]);
        assert_eq!(t.header_fields()[2].prompt, None, "Draft is a default");
        let story = sec(&t, "user-scenarios-testing-mandatory/user-story");
        assert!(matches!(
            &story.heading,
            SeenHeading::Pattern { word, ordinal: Some(Ordinal::Number), name_prompt: Some(Prompt::Bracketed), .. }
                if word == "User Story"
        ));
        assert_eq!(story.repeat.as_ref().map(|r| r.instances), Some(3));
        assert_eq!(
            story.blocks[2].label.as_deref(),
            Some("Acceptance Scenarios")
        );
        assert_eq!(story.blocks[2].kind, SeenKind::List { ordered: true });
        let requirements = &sec(&t, "requirements-mandatory/functional-requirements").blocks[0];
        assert_eq!(requirements.kind, SeenKind::List { ordered: false });
        assert_eq!(requirements.items.len(), 5);
    }

    #[test]
    fn every_corpus_document_parses() {
        let Some(dir) = crate::core::shared_data::shared("corpus") else {
            return;
        };
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("corpus directory {} ({e})", dir.display()));
        let mut count = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let t = parse_template(&text);
                assert!(!t.name.is_empty(), "{}", path.display());
                assert!(
                    t.warnings.is_empty(),
                    "{}: {:?}",
                    path.display(),
                    t.warnings
                );
                count += 1;
            }
        }
        assert!(
            count >= 4,
            "only {count} corpus documents in {}",
            dir.display()
        );
    }

    // ---- hostile input ----

    #[test]
    fn no_headings_is_one_prose_section() {
        let t = parse_template("just some text\n\nand more\n");
        assert_eq!(t.sections.len(), 1);
        assert_eq!(t.sections[0].id, "body");
        assert_eq!(t.sections[0].blocks.len(), 2);
        assert!(t.blocks.is_empty());
        let empty = parse_template("");
        assert_eq!(empty.sections[0].blocks, [SeenBlock::default()]);
    }

    #[test]
    fn ten_thousand_headings_are_capped() {
        let source: String = (0..10_000)
            .map(|i| format!("## H{i}\n\ntext\n\n"))
            .collect();
        let t = parse_template(&source);
        assert_eq!(t.sections.len(), MAX_SECTIONS);
        assert!(
            t.warnings.iter().any(|w| w.contains("sections")),
            "{:?}",
            t.warnings
        );
    }

    #[test]
    fn many_repeated_headings_are_one_spec() {
        let source: String = (0..3_000)
            .map(|i| format!("### Step {}: [x]\n", i % 900))
            .collect();
        let t = parse_template(&source);
        assert_eq!(t.sections.len(), 1);
        assert_eq!(
            t.sections[0].repeat.as_ref().map(|r| r.instances),
            Some(MAX_SECTIONS)
        );
    }

    #[test]
    fn five_hundred_columns_are_capped() {
        let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(500));
        let source = format!("## T\n\n{}{}{}", row("h"), row("---"), row("YYYY-MM-DD"));
        let t = parse_template(&source);
        assert_eq!(columns(&sec(&t, "t").blocks[0]).len(), MAX_COLUMNS);
        assert!(
            t.warnings.iter().any(|w| w.contains("500 columns")),
            "{:?}",
            t.warnings
        );
    }

    #[test]
    fn html_in_labels_is_plain_text() {
        let t = parse_template(
            "# <script>alert(1)</script>: [x]\n\n## <script>alert(2)</script> Risks\n\n**<b>Owner</b>:** [name]\n",
        );
        assert_eq!(t.name, "<script>alert(1)</script>");
        assert_eq!(
            t.sections[0].heading,
            fixed("<script>alert(2)</script> Risks")
        );
        assert_eq!(t.sections[0].id, "script-alert-2-script-risks");
        assert_eq!(fields(&t.sections[0].blocks[0])[0].label, "<b>Owner</b>");
        // An HTML block is kept as raw text, never read.
        let t = parse_template("## A\n\n<script>\nalert(3)\n</script>\n");
        assert_eq!(sec(&t, "a").blocks[0].kind, SeenKind::Raw);
    }

    #[test]
    fn many_field_paragraphs_join_in_linear_time() {
        let source: String = (0..50_000).map(|i| format!("**F{i}:** v\n\n")).collect();
        let t = parse_template(&format!("## S\n\n{source}"));
        let block = &sec(&t, "s").blocks[0];
        assert_eq!(fields(block).len(), 50_000);
        assert_eq!(block.source, source.trim_end());
        // An annotation between two runs starts a new block, so it applies.
        let t = parse_template("## S\n\n**A:** 1\n\n<!-- planform: optional -->\n**B:** 2\n");
        assert_eq!(sec(&t, "s").blocks.len(), 2);
        assert!(sec(&t, "s").blocks[1].optional);
        assert_eq!(sec(&t, "s").blocks[0].source, "**A:** 1");
    }

    #[test]
    fn many_duplicates_and_distinct_repeated_blocks_run() {
        let t = parse_template(&"## Notes\n".repeat(5_000));
        assert_eq!(
            t.sections[MAX_SECTIONS - 1].id,
            format!("notes-{MAX_SECTIONS}")
        );
        let source: String = (0..2_000)
            .map(|i| format!("### Option {}\n\n**L{i}:**\n- x\n\n", i % 500))
            .collect();
        let t = parse_template(&source);
        assert_eq!(t.sections.len(), 1);
        assert_eq!(t.sections[0].blocks.len(), 2_000);
    }

    #[test]
    fn deep_nesting_runs() {
        let lists = format!("## L\n\n{}x\n", "- ".repeat(5_000));
        let t = parse_template(&lists);
        assert_eq!(
            sec(&t, "l").blocks[0].kind,
            SeenKind::List { ordered: false }
        );
        let quotes = format!("## Q\n\n{}x\n", "> ".repeat(5_000));
        assert_eq!(
            sec(&parse_template(&quotes), "q").blocks[0].kind,
            SeenKind::Prose
        );
        let brackets = format!("## B\n\n{}\n", "[{(".repeat(50_000));
        assert_eq!(sec(&parse_template(&brackets), "b").blocks.len(), 1);
    }

    #[test]
    fn a_megabyte_line_runs() {
        let long = "é".repeat(600_000);
        let t = parse_template(&format!(
            "# {long}\n\n## {long}\n\n**{long}:** x\n\n- {long}: y\n"
        ));
        assert_eq!(
            t.title.as_ref().map(|t| t.text.chars().count()),
            Some(MAX_LABEL)
        );
        assert!(
            matches!(&t.sections[0].heading, SeenHeading::Fixed { text, .. } if text.chars().count() == MAX_LABEL)
        );
        assert!(
            t.warnings.iter().any(|w| w.contains("longer than")),
            "{:?}",
            t.warnings
        );
        let t = parse_template(&"[x] {y} YYYY-MM-DD ".repeat(60_000));
        assert_eq!(t.sections[0].blocks[0].prompts.len(), MAX_ITEMS);
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "#",
            "# ",
            "##",
            "**",
            "**:**",
            "** **: x",
            "- ",
            "1.",
            "|a|\n|-|",
            "<!--",
            "<!-- planform:",
            "<!-- planform: columns",
            "<!-- planform: columns =, =x, a=status( -->\n| a |\n|---|\n",
            "<!-- planform: require; name -->",
            "---\n---",
            "---\na: b",
            "```",
            "### A 1\n### A 2 (chosen)\n### A 3 ✅ (Chosen)",
            "### (chosen)\n### (chosen)",
            "✅ (chosen)",
            "# ✅ **(Chosen)**",
            "\u{0}",
            "\r\n# a\r\n\r\n**b:** c\r\n",
            "[^1]: note\n\n## x [^1]",
            "## a\n==\n",
            "Title\n=====\n\nSub\n---\n",
        ] {
            let t = parse_template(s);
            assert!(!t.name.is_empty(), "{s:?}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Any markdown-ish text parses: a name, an id, at least a title or a section, and no
        /// more warnings than the cap.
        #[test]
        fn any_text_parses(text in "[#*_\\-\\[\\]{}()|:;=` \n>0-9aAXY✅é<!>]{0,300}") {
            let t = parse_template(&text);
            proptest::prop_assert!(!t.name.is_empty() && !t.id.is_empty());
            proptest::prop_assert!(t.title.is_some() || !t.sections.is_empty());
            proptest::prop_assert!(t.warnings.len() <= MAX_WARNINGS + 1);
        }

        /// Prompt recognition is total on any text.
        #[test]
        fn prompt_kind_is_total(text in "\\PC{0,80}") {
            let _ = prompt_kind(&text);
            let mut out = Vec::new();
            prompts_in(&text, &mut out);
            proptest::prop_assert!(out.len() <= MAX_ITEMS);
        }
    }
}
