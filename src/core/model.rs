//! The document model: a plan is an ordered list of sections; each section holds typed blocks
//! (the template's fields) and raw markdown blocks (anything the template does not know), in the
//! order they were written.
//!
//! The template itself is data (see [`crate::core::template`]): a block's spec names which template
//! field a block fills, and the slot's spec says how it is labelled, rendered and checked. Empty
//! values stand for "not filled in": they render as the template's placeholder.
//!
//! A plan keeps its own bytes. Each part read from a text (the preamble, a section's heading,
//! each block) remembers how it was written there, in a [`Repr`]: its source text with the
//! blank lines after it, and what it read as. Rendering writes that text back while the part
//! still holds what it read as; a part that was edited is written canonically (see
//! [`crate::core::render`]). Like [`Loc`], a `Repr` never takes part in comparisons: two plans
//! are equal when they say the same, however they were written.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use crate::core::template::{
    self, BlockSpec, HeadingPattern, SectionSpec, SpecRef, Template, TemplateRef,
};

/// A part id a plan names that its template does not have (see [`Plan::link`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown template part “{0}”")]
pub struct UnknownPart(pub String);

/// A technical plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    /// The template the plan follows.
    pub template: TemplateRef,
    /// The name of the file it was imported from, without its extension: what the library calls
    /// it while it has no title. Not part of the document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Markdown before the first heading (front matter, comments, notes), kept verbatim.
    pub preamble: String,
    /// How the preamble was written, with the blank lines after it.
    #[serde(skip)]
    pub preamble_repr: Repr<String>,
    /// How the text it was read from ended (its last whitespace: one newline, none, blank
    /// lines), whatever part ends the plan now.
    #[serde(skip)]
    pub ending: Repr<()>,
    /// The sections in document order; the title section, when present, comes first. Shared
    /// between versions of the plan: an edit copies the one section it changes, so the undo
    /// history, the previous version and the caches keyed by section cost nothing per keystroke.
    pub sections: Vec<Shared<Section>>,
}

/// A value shared between copies until one of them changes it (copy on write): cloning costs a
/// reference count, and two copies that were never changed compare equal without being read.
#[derive(Default, Eq)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    /// Shares `value`.
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }

    /// True when both are the same copy (not only equal).
    pub fn same(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared::new(value)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> std::ops::DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Shared::same(self, other) || *self.0 == *other.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Shared::new)
    }
}

/// How a part of a plan was written in the text it was read from: the source text, with the
/// blank lines that followed it up to the next part, and a copy of what the part read as
/// (toml_edit's `Repr` and `Decor` in one). Shared between copies of the plan; never compared
/// and never serialised.
pub struct Repr<T>(Option<Arc<Written<T>>>);

/// What a [`Repr`] holds.
#[derive(Debug)]
pub struct Written<T> {
    /// What the part read as: while the part still holds this, [`Written::text`] is written.
    pub was: T,
    /// The part's source text and the blank lines after it, as read.
    pub text: String,
    /// The text ran to the end of the document (what follows it is the document's ending).
    pub at_end: bool,
}

impl<T> Written<T> {
    /// The text without the blank lines (and spaces) after it.
    pub fn content(&self) -> &str {
        self.text.trim_end_matches([' ', '\t', '\n'])
    }

    /// The blank lines (and spaces) after the content, as written.
    pub fn gap(&self) -> &str {
        &self.text[self.content().len()..]
    }
}

impl<T> Repr<T> {
    /// A part as read: `text` is its source and what follows it, `was` what it read as.
    pub fn read(was: T, text: impl Into<String>, at_end: bool) -> Self {
        Repr(Some(Arc::new(Written {
            was,
            text: text.into(),
            at_end,
        })))
    }

    /// How the part was written, if it was read from a text.
    pub fn written(&self) -> Option<&Written<T>> {
        self.0.as_deref()
    }
}

impl<T> Default for Repr<T> {
    fn default() -> Self {
        Repr(None)
    }
}

impl<T> Clone for Repr<T> {
    fn clone(&self) -> Self {
        Repr(self.0.clone())
    }
}

impl<T> PartialEq for Repr<T> {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl<T> Eq for Repr<T> {}

impl<T> std::fmt::Debug for Repr<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(w) => write!(f, "Repr({} bytes)", w.text.len()),
            None => f.write_str("Repr(none)"),
        }
    }
}

/// What a section's heading read as: the parts of [`Section`] that its heading line (and the
/// lead comment above it) are written from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadingWas {
    /// [`Section::spec`].
    pub spec: Option<SpecRef<SectionSpec>>,
    /// [`Section::lead`].
    pub lead: String,
    /// [`Section::level`].
    pub level: u8,
    /// [`Section::heading`].
    pub heading: Heading,
}

/// What a block read as: its spec and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockWas {
    /// [`Block::spec`].
    pub spec: Option<SpecRef<BlockSpec>>,
    /// [`Block::value`].
    pub value: Value,
}

/// One heading and what follows it up to the next heading of the same or a higher level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Section {
    /// Which template section this is; `None` for a section the template does not know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<SpecRef<SectionSpec>>,
    /// Comments written on the lines right above the heading, with no blank line between
    /// (MADR's `<!-- This is an optional element. Feel free to remove. -->`), kept as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lead: String,
    /// Heading level, 1–6.
    pub level: u8,
    /// The heading's words.
    pub heading: Heading,
    /// Body blocks before the first subsection.
    pub blocks: Vec<Block>,
    /// Subsections, in order (shared like the plan's sections).
    pub children: Vec<Shared<Section>>,
    /// Where the heading was in the imported source (never compared, never serialised).
    #[serde(skip)]
    pub loc: Loc,
    /// How the lead and the heading line were written, with the blank lines after them.
    #[serde(skip)]
    pub repr: Repr<HeadingWas>,
}

impl Default for Section {
    fn default() -> Self {
        Section {
            lead: String::new(),
            spec: None,
            level: 2,
            heading: Heading::default(),
            blocks: Vec::new(),
            children: Vec::new(),
            loc: Loc::default(),
            repr: Repr::default(),
        }
    }
}

/// The words of a heading. Which parts are used depends on the section's heading pattern:
/// a fixed or custom heading uses `text`; the title uses `prefix` and `text`; an architecture
/// option uses `ordinal`, `text` (its name) and `chosen`; a phase uses `ordinal`, `text` and
/// `suffix`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Heading {
    /// The heading text, or the name part of a patterned heading (markdown inline).
    pub text: String,
    /// Title prefix as written (`Technical Plan`); empty when the title has none.
    pub prefix: String,
    /// `A`, `B`, `1`… as written for options and phases.
    pub ordinal: String,
    /// The option is the chosen one.
    pub chosen: bool,
    /// The chosen marker as written when it is not the canonical `✅ **(Chosen)**` in other
    /// words (`(chosen)`, `[CHOSEN]`); empty otherwise.
    pub marker: String,
    /// A repeated heading's parenthesised suffix as written inside the parentheses (a phase's
    /// `Day 1-2`, a user story's `Priority: P1`), when its template's headings have one.
    /// (Envelopes written before it had this name call it `duration`.)
    #[serde(alias = "duration")]
    pub suffix: String,
}

/// A block of a section: either a template field (typed by its slot) or raw markdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// The template field this block fills; `None` for markdown the template does not know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<SpecRef<BlockSpec>>,
    /// The block's content.
    pub value: Value,
    /// Where the block started in the imported source (never compared, never serialised).
    #[serde(skip)]
    pub loc: Loc,
    /// How the block was written, with the blank lines after it.
    #[serde(skip)]
    pub repr: Repr<BlockWas>,
}

impl Block {
    /// A raw markdown block.
    pub fn raw(text: impl Into<String>) -> Self {
        Block {
            spec: None,
            value: Value::Markdown(text.into()),
            loc: Loc::default(),
            repr: Repr::default(),
        }
    }

    /// A typed block.
    pub fn new(spec: &Arc<BlockSpec>, value: Value) -> Self {
        Block {
            spec: Some(SpecRef(spec.clone())),
            value,
            loc: Loc::default(),
            repr: Repr::default(),
        }
    }

    /// What the block holds now, to compare with what it read as.
    pub fn was(&self) -> BlockWas {
        BlockWas {
            spec: self.spec.clone(),
            value: self.value.clone(),
        }
    }

    /// True while the block holds what it read as (its source text is written as it was).
    pub fn as_read(&self) -> bool {
        self.repr
            .written()
            .is_some_and(|w| w.was.spec == self.spec && w.was.value == self.value)
    }

    /// True for markdown the template does not know.
    pub fn is_raw(&self) -> bool {
        self.spec.is_none()
    }

    /// The spec's id, if the block fills a template field.
    pub fn spec_id(&self) -> Option<&str> {
        self.spec.as_ref().map(|s| s.id.as_str())
    }

    /// The kind of the block; raw markdown counts as prose.
    pub fn kind(&self) -> template::BlockKind {
        self.spec
            .as_ref()
            .map_or(template::BlockKind::Prose, |s| s.kind)
    }
}

/// The content of a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// Prose, or raw markdown for a block without a spec.
    Markdown(String),
    /// Ordered, bullet or checklist items.
    List(List),
    /// A table whose columns the slot names.
    Table(Table),
    /// Labelled values (`**Spec:** SPEC-1`, `- Expected load: 50 rps`).
    Fields(Vec<Field>),
    /// A fenced code block.
    Code(Code),
}

/// List items. Whether the list is ordered or a checklist comes from the slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct List {
    /// First number of an ordered list.
    pub start: u64,
    /// The items.
    pub items: Vec<Item>,
}

impl Default for List {
    fn default() -> Self {
        List {
            start: 1,
            items: Vec::new(),
        }
    }
}

/// One list item: markdown text (may span lines) and, in checklists, its check state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Item {
    /// The item's markdown, without marker or checkbox; continuation lines are not indented.
    pub text: String,
    /// The checkbox is ticked (checklists only).
    pub checked: bool,
}

impl Item {
    /// An unticked item.
    pub fn new(text: impl Into<String>) -> Self {
        Item {
            text: text.into(),
            checked: false,
        }
    }
}

/// A table: the header as written, column alignments and rows of cells (inline markdown).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Table {
    /// Header cells as written; they match the slot's columns loosely.
    pub header: Vec<String>,
    /// Alignment per column.
    pub align: Vec<Align>,
    /// Body rows; each has exactly as many cells as the header.
    pub rows: Vec<Vec<String>>,
}

pub use crate::core::template::MetaField;
pub use crate::core::text::Align;

/// A labelled value. Labels are kept as written; the slot's spec recognises the known ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Field {
    /// The label without emphasis or colon (`Last Updated`).
    pub label: String,
    /// The value (inline markdown); empty when not filled in.
    pub value: String,
}

impl Field {
    /// A field.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Field {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// A code block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Code {
    /// The info string (usually a language: `sql`, `typescript`).
    pub lang: String,
    /// The code, without the final newline; empty when not filled in.
    pub text: String,
}

/// A source position kept for messages. It never takes part in comparisons, so a plan equals its
/// re-import whatever the layout of the source was.
#[derive(Clone, Copy, Debug, Default, Eq)]
pub struct Loc {
    /// 1-based line, 0 when unknown.
    pub line: u32,
}

impl PartialEq for Loc {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Plan {
    /// The title section, when the plan has one.
    pub fn title_section(&self) -> Option<&Section> {
        self.sections.first().map(|s| &**s).filter(|s| s.is_title())
    }

    /// The plan's title (the feature name), empty when not filled in.
    pub fn title(&self) -> &str {
        self.title_section().map_or("", |s| s.heading.text.as_str())
    }

    /// A name to show for the plan: its title; for a document without a title section (an
    /// imported RFC, say) its first heading; else "Untitled plan".
    pub fn display_title(&self) -> String {
        let title = self.title().trim();
        if !title.is_empty() {
            return title.to_string();
        }
        if !self.name.trim().is_empty() {
            return self.name.trim().to_string();
        }
        self.first_filled_field()
            .unwrap_or_else(|| "Untitled plan".to_string())
    }

    /// The first header field that holds something of the writer's (`- Feature Name:
    /// \`min_rust_version\``): not a prompt, not a date. What a plan with no title and no file
    /// name is called.
    fn first_filled_field(&self) -> Option<String> {
        let header = self.title_section().map(|s| {
            s.blocks
                .iter()
                .filter_map(|b| match &b.value {
                    Value::Fields(fields) => {
                        Some(fields.iter().map(|f| f.value.clone()).collect::<Vec<_>>())
                    }
                    _ => None,
                })
                .flatten()
                .collect::<Vec<_>>()
        });
        let bullets = self.preamble.lines().filter_map(|l| {
            let l = l.trim_start().strip_prefix(['-', '*'])?.trim();
            Some(l.split_once(':')?.1.to_string())
        });
        header
            .unwrap_or_default()
            .into_iter()
            .chain(bullets)
            .map(|v| v.trim().trim_matches('`').trim().to_string())
            .find(|v| {
                !v.is_empty()
                    && !v.starts_with(['(', '[', '{', '<'])
                    && !v.chars().all(|c| {
                        c.is_ascii_digit()
                            || c == '-'
                            || c == 'X'
                            || c == 'Y'
                            || c == 'M'
                            || c == 'D'
                    })
            })
    }

    /// Sets the title, adding a title section (`# Technical Plan: …`, as the template writes it)
    /// when there is none.
    pub fn set_title(&mut self, title: &str) {
        if self.title_section().is_none() {
            let Some(spec) = self.template.title.clone() else {
                return;
            };
            self.sections.insert(
                0,
                Section {
                    level: spec.level,
                    heading: Heading {
                        prefix: self.template.title_prefix().to_string(),
                        ..Heading::default()
                    },
                    spec: Some(SpecRef(spec)),
                    ..Section::default()
                }
                .into(),
            );
        }
        if let Some(s) = self.sections.first_mut() {
            s.heading.text = title.trim().to_string();
        }
    }

    /// A header field (`Spec`, `Created`, `Last Updated`), empty when absent or unfilled.
    pub fn meta(&self, field: MetaField) -> &str {
        self.title_section()
            .and_then(|s| s.blocks.iter().find(|b| b.is_meta()))
            .and_then(|b| match &b.value {
                Value::Fields(fields) => fields
                    .iter()
                    .find(|f| self.template.is_meta(&f.label, field)),
                _ => None,
            })
            .map_or("", |f| f.value.as_str())
    }

    /// Sets a header field, creating the title section or the field when missing.
    pub fn set_meta(&mut self, field: MetaField, value: &str) {
        if self.title_section().is_none() {
            self.set_title("");
        }
        let template = self.template.0.clone();
        let Some(section) = self.sections.first_mut() else {
            return;
        };
        // The block that already has the field (a template may give each field its own
        // paragraph, as spec-kit does), else the first header block.
        let holder = section.blocks.iter().position(|b| {
            b.is_meta()
                && matches!(&b.value, Value::Fields(fields)
                    if fields.iter().any(|f| template.is_meta(&f.label, field)))
        });
        let pos = match holder.or_else(|| section.blocks.iter().position(Block::is_meta)) {
            Some(pos) => pos,
            None => {
                let Some(spec) = section
                    .spec
                    .as_ref()
                    .and_then(|s| s.blocks.iter().find(|b| b.kind.is_fields()).cloned())
                else {
                    return;
                };
                section
                    .blocks
                    .insert(0, Block::new(&spec, Value::Fields(Vec::new())));
                0
            }
        };
        if let Some(Value::Fields(fields)) = section.blocks.get_mut(pos).map(|b| &mut b.value) {
            match fields
                .iter_mut()
                .find(|f| template.is_meta(&f.label, field))
            {
                Some(f) => f.value = value.trim().to_string(),
                None => {
                    let at = fields
                        .iter()
                        .position(|f| template.meta_role(&f.label).is_some_and(|k| k > field))
                        .unwrap_or(fields.len());
                    fields.insert(at, Field::new(template.meta_label(field), value.trim()));
                }
            }
        }
    }

    /// Points the plan, and every section and block of it, at `template`'s parts by id: what
    /// a plan read from JSON needs before use (its references are stand-ins with ids alone).
    /// An error names the first id `template` does not have.
    pub fn link(&mut self, template: &Arc<Template>) -> Result<(), UnknownPart> {
        fn section(s: &mut Section, t: &Template) -> Result<(), UnknownPart> {
            if let Some(spec) = &s.spec {
                let linked = spec.linked(t).ok_or_else(|| UnknownPart(spec.id.clone()))?;
                s.spec = Some(linked);
            }
            for b in &mut s.blocks {
                if let Some(spec) = &b.spec {
                    let linked = spec.linked(t).ok_or_else(|| UnknownPart(spec.id.clone()))?;
                    b.spec = Some(linked);
                }
            }
            for child in &mut s.children {
                section(child, t)?;
            }
            Ok(())
        }
        for s in &mut self.sections {
            section(s, template)?;
        }
        self.template = TemplateRef(template.clone());
        Ok(())
    }

    /// Every section, depth first, with its path of indices.
    pub fn walk(&self) -> Vec<(Vec<usize>, &Section)> {
        let mut out = Vec::new();
        let mut stack: Vec<(Vec<usize>, &Section)> = self
            .sections
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (vec![i], &**s))
            .collect();
        while let Some((path, s)) = stack.pop() {
            for (i, c) in s.children.iter().enumerate().rev() {
                let mut p = path.clone();
                p.push(i);
                stack.push((p, &**c));
            }
            out.push((path, s));
        }
        out
    }

    /// The first section following the template section `id`, searching depth first.
    pub fn find(&self, id: &str) -> Option<&Section> {
        self.walk()
            .into_iter()
            .map(|(_, s)| s)
            .find(|s| s.spec_id() == Some(id))
    }

    /// The section at a path of indices.
    pub fn section_at(&self, path: &[usize]) -> Option<&Section> {
        let (first, rest) = path.split_first()?;
        let mut s: &Section = self.sections.get(*first)?;
        for i in rest {
            s = s.children.get(*i)?;
        }
        Some(s)
    }

    /// The section at a path of indices, mutably.
    pub fn section_at_mut(&mut self, path: &[usize]) -> Option<&mut Section> {
        let (first, rest) = path.split_first()?;
        let mut s: &mut Section = self.sections.get_mut(*first)?;
        for i in rest {
            s = s.children.get_mut(*i)?;
        }
        Some(s)
    }
}

impl Block {
    /// The header fields of a title section.
    fn is_meta(&self) -> bool {
        self.spec.as_ref().is_some_and(|s| s.kind.is_fields())
    }
}

impl Section {
    /// What the section's heading holds now, to compare with what it read as.
    pub fn heading_was(&self) -> HeadingWas {
        HeadingWas {
            spec: self.spec.clone(),
            lead: self.lead.clone(),
            level: self.level,
            heading: self.heading.clone(),
        }
    }

    /// True while the lead and heading hold what they read as.
    pub fn heading_as_read(&self) -> bool {
        self.repr.written().is_some_and(|w| {
            w.was.spec == self.spec
                && w.was.lead == self.lead
                && w.was.level == self.level
                && w.was.heading == self.heading
        })
    }

    /// The spec's id, if the section is one the template knows.
    pub fn spec_id(&self) -> Option<&str> {
        self.spec.as_ref().map(|s| s.id.as_str())
    }

    /// True for the title section.
    pub fn is_title(&self) -> bool {
        self.spec.as_ref().is_some_and(|s| s.is_title())
    }

    /// True for a section the template does not know.
    pub fn is_custom(&self) -> bool {
        self.spec.is_none()
    }

    /// The first block filling the template field `id`.
    pub fn block(&self, id: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.spec_id() == Some(id))
    }

    /// The markdown of the first block filling `id` (prose), if any.
    pub fn prose(&self, id: &str) -> Option<&str> {
        match &self.block(id)?.value {
            Value::Markdown(s) => Some(s),
            _ => None,
        }
    }

    /// The list of the first block filling `id`, if any.
    pub fn list(&self, id: &str) -> Option<&List> {
        match &self.block(id)?.value {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The table of the first block filling `id`, if any.
    pub fn table(&self, id: &str) -> Option<&Table> {
        match &self.block(id)?.value {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The fields of the first block filling `id`, if any.
    pub fn fields(&self, id: &str) -> Option<&[Field]> {
        match &self.block(id)?.value {
            Value::Fields(f) => Some(f),
            _ => None,
        }
    }

    /// A name for messages: the heading text, or the template title for an empty heading.
    pub fn name(&self) -> String {
        let text = self.heading.text.trim();
        let Some(spec) = &self.spec else {
            return if text.is_empty() { "Untitled" } else { text }.to_string();
        };
        match &spec.heading {
            HeadingPattern::Repeated(r) => {
                if text.is_empty() {
                    format!("{} {}", r.word(), self.heading.ordinal)
                } else {
                    format!("{} {}: {}", r.word(), self.heading.ordinal, text)
                }
            }
            HeadingPattern::Title(_) => "Header".to_string(),
            HeadingPattern::Fixed if text.is_empty() => spec.title.clone(),
            HeadingPattern::Fixed => text.to_string(),
        }
    }
}
