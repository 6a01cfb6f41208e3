//! Templates as data: what a plan's sections and fields are, how they are written and checked.
//!
//! A [`Template`] is a tree of [`SectionSpec`]s: each gives a section its heading (with loose
//! aliases), its level and the blocks it holds. A [`BlockSpec`] says what kind of block a field is
//! (prose, list, checklist, table, labelled fields, code), its bold label and its placeholders.
//! Import, render, checks and the form are written once per block kind and heading pattern
//! against this description; nothing in them names a particular section.
//!
//! A plan's sections and blocks hold [`SpecRef`]s to their specs (shared, cheap to clone);
//! serialised, a reference is the spec's id: a path of slugs for a section
//! (`architecture-decision/option`), that path and the block's position for a block
//! (`architecture-decision/option#3`).
//!
//! Placeholders are the template's prompts (`[What problem are we solving? Why now?]`, `Goal 1`,
//! `X days`): they read back as empty values. Everything else in the template (checklist items,
//! milestone names, rollout steps, `80%+`) is a default: a new plan starts with it as content.

mod catalog;
mod compile;
mod infer;

pub use catalog::Catalog;
pub use compile::{Compiled, compile, compile_as, renamed, strip_annotations, with_id};

use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The Technical Plan template: its markdown with the annotations that say what cannot be seen
/// (aliases, field names, prompts without brackets, what the checks require). Without the
/// annotation lines it is the blank plan, `../shared/templates/technical-plan.md` byte for byte.
pub const TECHNICAL_PLAN_SOURCE: &str = include_str!("../../../templates/technical-plan.md");
/// The largest template accepted (its annotated markdown, in bytes): a user's, one a JSON
/// export carries, one stored.
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;
/// The placeholder of a date field.
pub const DATE_PLACEHOLDER: &str = "YYYY-MM-DD";
/// The canonical chosen marker after the name of the chosen one of a pick-one group.
pub const CHOSEN_MARKER: &str = "✅ **(Chosen)**";

/// A template: the sections a plan of this kind has, in order, and the blank plan.
#[derive(Debug)]
pub struct Template {
    /// Stable id (`technical-plan`).
    pub id: String,
    /// Name shown to people (`Technical Plan`).
    pub name: String,
    /// The blank plan: importing it gives a new plan, which renders back to it.
    pub markdown: String,
    /// The template's markdown as written, annotations included (what a JSON export carries
    /// for a template that is not built in, and what compiles back to this template).
    pub source: String,
    /// The title section (`# Technical Plan: [Feature Name]` and its header fields), if any.
    pub title: Option<Arc<SectionSpec>>,
    /// The top-level sections after the title, in template order.
    pub sections: Vec<Arc<SectionSpec>>,
    by_id: HashMap<String, Arc<SectionSpec>>,
    blocks_by_id: HashMap<String, Arc<BlockSpec>>,
    /// Top-level fixed sections by normalised title and alias, in template order.
    by_name: HashMap<String, Vec<usize>>,
}

impl Template {
    /// A template from its parts; ids must be unique (the first of a repeated id wins).
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        markdown: impl Into<String>,
        title: Option<Arc<SectionSpec>>,
        sections: Vec<Arc<SectionSpec>>,
    ) -> Template {
        let mut by_id = HashMap::new();
        let mut blocks_by_id = HashMap::new();
        let mut stack: Vec<&Arc<SectionSpec>> = title.iter().chain(sections.iter()).collect();
        while let Some(spec) = stack.pop() {
            by_id.entry(spec.id.clone()).or_insert_with(|| spec.clone());
            for block in &spec.blocks {
                blocks_by_id
                    .entry(block.id.clone())
                    .or_insert_with(|| block.clone());
            }
            stack.extend(spec.children.iter());
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, spec) in sections.iter().enumerate() {
            if spec.heading == HeadingPattern::Fixed {
                for name in &spec.names {
                    by_name.entry(name.clone()).or_default().push(i);
                }
            }
        }
        let markdown = markdown.into();
        Template {
            id: id.into(),
            name: name.into(),
            source: markdown.clone(),
            markdown,
            title,
            sections,
            by_id,
            blocks_by_id,
            by_name,
        }
    }

    /// The header field that plays `role`, if the template's title has one.
    pub fn meta_spec(&self, role: MetaField) -> Option<&FieldSpec> {
        self.title
            .iter()
            .flat_map(|t| &t.blocks)
            .flat_map(|b| &b.fields)
            .find(|f| f.role == Some(role))
    }

    /// True when a header field labelled `label` plays `role` in a plan of this template: the
    /// template's field for it is so labelled (or aliased); a template without one knows the
    /// role by the label ([`meta_field_of`]).
    pub fn is_meta(&self, label: &str, role: MetaField) -> bool {
        match self.meta_spec(role) {
            Some(spec) => field_index(std::slice::from_ref(spec), label).is_some(),
            None => meta_field_of(label) == Some(role),
        }
    }

    /// The role a header field labelled `label` plays in a plan of this template, if any.
    pub fn meta_role(&self, label: &str) -> Option<MetaField> {
        [MetaField::Spec, MetaField::Created, MetaField::Updated]
            .into_iter()
            .find(|&role| self.is_meta(label, role))
    }

    /// The label a new header field for `role` gets: the template's, else the canonical one.
    pub fn meta_label(&self, role: MetaField) -> &str {
        self.meta_spec(role)
            .map_or(role.label(), |f| f.label.as_str())
    }

    /// The top-level fixed sections a heading (already passed through [`normalize_title`])
    /// names, in template order.
    pub fn sections_named(&self, normalized: &str) -> &[usize] {
        self.by_name.get(normalized).map_or(&[], Vec::as_slice)
    }

    /// The section spec with this id.
    pub fn section(&self, id: &str) -> Option<&Arc<SectionSpec>> {
        self.by_id.get(id)
    }

    /// The block spec with this id.
    pub fn block(&self, id: &str) -> Option<&Arc<BlockSpec>> {
        self.blocks_by_id.get(id)
    }

    /// The position of a top-level section in template order.
    pub fn rank(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    /// The title's prefix (`Technical Plan`), empty when the template has none.
    pub fn title_prefix(&self) -> &str {
        match self.title.as_deref().map(|t| &t.heading) {
            Some(HeadingPattern::Title(t)) => &t.prefix,
            _ => "",
        }
    }
}

/// One section of a template.
#[derive(Debug)]
pub struct SectionSpec {
    /// A path of slugs, unique in the template (`detailed-design/api-changes`).
    pub id: String,
    /// The canonical heading text (for a repeated section: its word, `Option`).
    pub title: String,
    /// Other spellings recognised on import (compared after [`normalize_title`]).
    pub aliases: Vec<String>,
    /// The title and aliases, normalised once for matching.
    pub names: Vec<String>,
    /// Heading level in the template.
    pub level: u8,
    /// How the heading is written.
    pub heading: HeadingPattern,
    /// The first block follows the heading on the next line, with no blank line between.
    pub tight: bool,
    /// The blocks of the body, in template order.
    pub blocks: Vec<Arc<BlockSpec>>,
    /// Known subsections.
    pub children: Vec<Arc<SectionSpec>>,
}

impl SectionSpec {
    /// The repeated-heading shape, for a section that repeats (`### Option A`, `### Phase 1`).
    pub fn repeat(&self) -> Option<&RepeatShape> {
        match &self.heading {
            HeadingPattern::Repeated(r) => Some(r),
            _ => None,
        }
    }

    /// True for the title section.
    pub fn is_title(&self) -> bool {
        matches!(self.heading, HeadingPattern::Title(_))
    }

    /// True when `heading` names this (fixed) section, loosely.
    pub fn matches(&self, heading: &str) -> bool {
        self.matches_normalized(&normalize_title(heading))
    }

    /// [`SectionSpec::matches`] for a heading already passed through [`normalize_title`] (import
    /// normalises each heading once, not once per spec it is compared with).
    pub fn matches_normalized(&self, normalized: &str) -> bool {
        self.heading == HeadingPattern::Fixed
            && !normalized.is_empty()
            && self.names.iter().any(|n| n == normalized)
    }
}

/// How a section's heading is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeadingPattern {
    /// A fixed title, matched loosely and kept as written.
    Fixed,
    /// The document title: `Technical Plan: {name}`.
    Title(TitleShape),
    /// One of a group of sibling sections: `Option {ordinal}: {name}`, `Phase {ordinal}: {name}
    /// ({suffix})`.
    Repeated(RepeatShape),
}

/// The title heading: a fixed prefix and a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleShape {
    /// `Technical Plan`; empty when the title is the name alone.
    pub prefix: String,
    /// The name's placeholder (`[Feature Name]`).
    pub placeholder: String,
}

/// The heading shape of a repeated section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatShape {
    /// The word before the ordinal, canonical first (`Option`), then other words accepted on
    /// import (`Alternative`, `Approach`).
    pub words: Vec<String>,
    /// Lower-case noun for controls and messages (`option`).
    pub noun: String,
    /// Ordinals are letters (`A`, `B`) rather than numbers.
    pub letters: bool,
    /// The name's placeholders by position, the last repeating (`[Approach {n}]`); empty when
    /// the name is not a prompt.
    pub placeholders: Vec<String>,
    /// What separates the ordinal from the name when both are written (`": "`, `" - "`).
    pub sep: String,
    /// The heading is the name alone, a prompt, with no word or ordinal
    /// (`### {title of option 1}`): any heading of the level under the parent is one.
    pub bare: bool,
    /// A parenthesised suffix follows the name (`(Day 1-2)`, `(Priority: P1)`), when the
    /// template's headings have one.
    pub suffix: Option<SuffixShape>,
    /// Exactly one of the group is chosen (`✅ **(Chosen)**`).
    pub pick_one: bool,
}

/// The parenthesised suffix of a repeated heading: what the template calls it and shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuffixShape {
    /// What it is called in the form (`Duration`): the `suffix` annotation, else the words
    /// before a colon in the template's own suffix (`Priority` of `(Priority: P1)`), else
    /// `Suffix`.
    pub name: String,
    /// The template's own suffix, inside its parentheses (`Day 1-2`): the form's placeholder.
    pub placeholder: String,
}

impl SuffixShape {
    /// The shape of a template's suffix `text` (with or without its parentheses), called
    /// `name` when the template says so.
    pub fn new(text: &str, name: Option<&str>) -> SuffixShape {
        let inner = text.trim();
        let inner = inner
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .unwrap_or(inner)
            .trim();
        let name = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .or_else(|| {
                let (label, _) = inner.split_once(':')?;
                let label = label.trim();
                (!label.is_empty() && label.len() <= 40).then(|| label.to_string())
            })
            .unwrap_or_else(|| "Suffix".to_string());
        SuffixShape {
            name,
            placeholder: inner.to_string(),
        }
    }
}

impl RepeatShape {
    /// The canonical word (`Option`).
    pub fn word(&self) -> &str {
        self.words.first().map_or("Item", String::as_str)
    }

    /// The name's placeholder at 0-based position `index`, with `{n}` filled in.
    pub fn placeholder(&self, index: usize) -> Option<String> {
        placeholder_at(&self.placeholders, index, true).filter(|p| !p.is_empty())
    }
}

/// The kind of a block, which decides how it is imported, rendered and edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Free markdown (one or more paragraphs, lists, code…).
    Prose,
    /// `1.` items.
    Ordered,
    /// `-` items.
    Bullet,
    /// `- [ ]` items.
    Checklist,
    /// `1. [ ]` items.
    NumberedChecklist,
    /// A table with the spec's columns.
    Table,
    /// `**Label:** value` lines joined by hard line breaks.
    FieldLines,
    /// `- Label: value` items.
    FieldList,
    /// A fenced code block.
    Code,
}

impl BlockKind {
    /// Lists and checklists.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            BlockKind::Ordered
                | BlockKind::Bullet
                | BlockKind::Checklist
                | BlockKind::NumberedChecklist
        )
    }

    /// Checklists.
    pub fn is_checklist(self) -> bool {
        matches!(self, BlockKind::Checklist | BlockKind::NumberedChecklist)
    }

    /// Numbered lists.
    pub fn is_ordered(self) -> bool {
        matches!(self, BlockKind::Ordered | BlockKind::NumberedChecklist)
    }

    /// Labelled fields.
    pub fn is_fields(self) -> bool {
        matches!(self, BlockKind::FieldLines | BlockKind::FieldList)
    }
}

/// A template field.
#[derive(Clone, Debug)]
pub struct BlockSpec {
    /// `<section id>#<position>`, unique in the template.
    pub id: String,
    /// Its kind.
    pub kind: BlockKind,
    /// A human name for the form and messages.
    pub name: String,
    /// A bold label line before the block (`**Pros:**`), if the template has one.
    pub label: Option<String>,
    /// Other spellings of the label.
    pub label_aliases: Vec<String>,
    /// What separates the label from the block: `"\n"` or `"\n\n"`.
    pub label_sep: &'static str,
    /// Labels are written `**Label**:` rather than `**Label:**` (spec-kit's style).
    pub colon_outside: bool,
    /// The bullet of an unordered list or checklist (`-`, `*` or `+`).
    pub bullet: char,
    /// Placeholders: prose/code text, or list items by position. `{n}` stands for a number
    /// (the position when rendering). Fewer entries than items: see `repeat`.
    pub placeholders: Vec<String>,
    /// The last placeholder applies to every later item.
    pub repeat: bool,
    /// Table columns.
    pub columns: Vec<ColumnSpec>,
    /// The template's delimiter row as written (`| --- | --- |`), used while the table keeps
    /// the template's header and alignment; else the canonical one is written.
    pub delimiter: Option<String>,
    /// Known labelled fields.
    pub fields: Vec<FieldSpec>,
    /// Default language of a code block.
    pub lang: String,
    /// What the checks ask of the items of a checklist.
    pub rule: Option<Rule>,
    /// In a pick-one group, each member should fill this list or field (`option-incomplete`).
    pub required: bool,
    /// In a pick-one group, only the chosen member has this block (`missing-rationale`); it
    /// moves with the choice and a new member starts without it.
    pub chosen_only: bool,
}

impl BlockSpec {
    /// A prose block with nothing else set: what a template's blocks are built from.
    pub fn prose(id: String, name: String) -> BlockSpec {
        BlockSpec {
            id,
            kind: BlockKind::Prose,
            name,
            label: None,
            label_aliases: Vec::new(),
            label_sep: "\n",
            colon_outside: false,
            bullet: '-',
            placeholders: Vec::new(),
            repeat: false,
            columns: Vec::new(),
            delimiter: None,
            fields: Vec::new(),
            lang: String::new(),
            rule: None,
            required: false,
            chosen_only: false,
        }
    }
}

/// A table column.
#[derive(Clone, Debug)]
pub struct ColumnSpec {
    /// Header text.
    pub name: String,
    /// Placeholders by row (the last repeats); `{n}` a number, `{L}` a capital letter.
    pub placeholders: Vec<String>,
    /// What the cells hold.
    pub kind: ColumnKind,
}

/// What a column's cells hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text.
    Text,
    /// Dates (`YYYY-MM-DD`), checked to be real and in order.
    Date,
    /// A status chosen from the template's values, in its order: the Technical Plan's `✅`,
    /// `🔄`, `⏳`, or a `status(Open|Mitigating|Closed)` annotation's.
    Status(Vec<String>),
}

/// A labelled field.
#[derive(Clone, Debug)]
pub struct FieldSpec {
    /// Canonical label.
    pub label: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Placeholders (the first is rendered; all are recognised).
    pub placeholders: Vec<String>,
    /// What the value holds.
    pub kind: FieldKind,
    /// What the field means to Planform when it is a header field (the plan's id, when it was
    /// created, when it was last updated): a `field Label=updated` annotation says, else the
    /// label does ([`meta_field_of`]).
    pub role: Option<MetaField>,
}

/// What a field's value holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Text.
    Text,
    /// A date (`YYYY-MM-DD`), checked to be real.
    Date,
    /// A percentage (`80%`).
    Percent,
}

/// What the checks ask of a checklist's items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Every item should be ticked (a warning, `unchecked-<first word of the section>`).
    Ticked,
    /// Unticked items are questions still open (information, `open-question`).
    Answered,
}

/// Something with a stable id in its template.
pub trait HasId {
    /// The id.
    fn id(&self) -> &str;
    /// The spec with this id in `template`.
    fn lookup(template: &Template, id: &str) -> Option<Arc<Self>>;
    /// A stand-in that has only the id: what a reference reads as until the plan it is in is
    /// linked to its template (`Plan::link`).
    fn unlinked(id: &str) -> Self;
}

impl HasId for SectionSpec {
    fn id(&self) -> &str {
        &self.id
    }
    fn lookup(template: &Template, id: &str) -> Option<Arc<Self>> {
        template.section(id).cloned()
    }
    fn unlinked(id: &str) -> Self {
        SectionSpec {
            id: id.to_string(),
            title: String::new(),
            aliases: Vec::new(),
            names: Vec::new(),
            level: 0,
            heading: HeadingPattern::Fixed,
            tight: false,
            blocks: Vec::new(),
            children: Vec::new(),
        }
    }
}

impl HasId for BlockSpec {
    fn id(&self) -> &str {
        &self.id
    }
    fn lookup(template: &Template, id: &str) -> Option<Arc<Self>> {
        template.block(id).cloned()
    }
    fn unlinked(id: &str) -> Self {
        BlockSpec::prose(id.to_string(), String::new())
    }
}

/// A shared reference from a plan's section or block to its spec. Equal when the ids are;
/// serialised as the id. Read back, it is a stand-in with the id alone until the plan is linked
/// to its template (`Plan::link`, which the envelope does): no global or thread-local state
/// decides what an id means.
pub struct SpecRef<T>(pub Arc<T>);

impl<T> Clone for SpecRef<T> {
    fn clone(&self) -> Self {
        SpecRef(self.0.clone())
    }
}

impl<T> Deref for SpecRef<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: HasId> PartialEq for SpecRef<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.id() == other.0.id()
    }
}

impl<T: HasId> Eq for SpecRef<T> {}

impl<T: HasId> fmt::Debug for SpecRef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SpecRef({})", self.0.id())
    }
}

impl<T: HasId> Serialize for SpecRef<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.id())
    }
}

impl<'de, T: HasId> Deserialize<'de> for SpecRef<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Ok(SpecRef(Arc::new(T::unlinked(&id))))
    }
}

impl<T: HasId> SpecRef<T> {
    /// The same reference into `template`; `None` when it has no part with this id.
    pub fn linked(&self, template: &Template) -> Option<SpecRef<T>> {
        T::lookup(template, self.0.id()).map(SpecRef)
    }
}

/// A plan's template: shared; equal when id and blank plan are; serialised as the id.
#[derive(Clone)]
pub struct TemplateRef(pub Arc<Template>);

impl Default for TemplateRef {
    fn default() -> Self {
        TemplateRef(technical_plan())
    }
}

impl Deref for TemplateRef {
    type Target = Template;
    fn deref(&self) -> &Template {
        &self.0
    }
}

impl PartialEq for TemplateRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.id == other.0.id && self.0.markdown == other.0.markdown)
    }
}

impl Eq for TemplateRef {}

impl fmt::Debug for TemplateRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TemplateRef({})", self.0.id)
    }
}

impl Serialize for TemplateRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.id)
    }
}

impl<'de> Deserialize<'de> for TemplateRef {
    /// A stand-in with the id alone, until the plan is linked (as for [`SpecRef`]).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Ok(TemplateRef(Arc::new(Template::new(
            id,
            String::new(),
            String::new(),
            None,
            Vec::new(),
        ))))
    }
}

/// The Technical Plan, built once.
pub fn technical_plan() -> Arc<Template> {
    static PLAN: OnceLock<Arc<Template>> = OnceLock::new();
    PLAN.get_or_init(|| compile(TECHNICAL_PLAN_SOURCE).template)
        .clone()
}

/// The other built-in templates: id and annotated markdown.
const BUILTIN_SOURCES: [(&str, &str); 4] = [
    ("madr", include_str!("../../../templates/madr.md")),
    ("rust-rfc", include_str!("../../../templates/rust-rfc.md")),
    (
        "spec-kit-plan",
        include_str!("../../../templates/spec-kit-plan.md"),
    ),
    (
        "spec-kit-spec",
        include_str!("../../../templates/spec-kit-spec.md"),
    ),
];

/// Every built-in template, Technical Plan first, each built once.
pub fn builtins() -> Vec<Arc<Template>> {
    std::iter::once(technical_plan())
        .chain((0..BUILTIN_SOURCES.len()).filter_map(compiled_builtin))
        .collect()
}

/// The built-in at `index` of [`BUILTIN_SOURCES`], compiled the first time it is asked for (a
/// plan of one template does not pay, at start, for compiling the others).
fn compiled_builtin(index: usize) -> Option<Arc<Template>> {
    static CELLS: [OnceLock<Arc<Template>>; BUILTIN_SOURCES.len()] =
        [const { OnceLock::new() }; BUILTIN_SOURCES.len()];
    let (_, source) = BUILTIN_SOURCES.get(index)?;
    Some(
        CELLS
            .get(index)?
            .get_or_init(|| compile(source).template)
            .clone(),
    )
}

/// The annotated markdown of a built-in template (what `planform templates show` prints and a
/// user duplicates to start their own).
pub fn builtin_source(id: &str) -> Option<&'static str> {
    if id == "technical-plan" {
        return Some(TECHNICAL_PLAN_SOURCE);
    }
    BUILTIN_SOURCES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, s)| *s)
}

/// True when `template` is the built-in of its id (a user's template may reuse no built-in id,
/// but a plan read from elsewhere may carry an older copy of one).
pub fn is_builtin(template: &Template) -> bool {
    // Asked on every save: the pointer answers for the plans that hold the built-in itself.
    builtin(&template.id)
        .is_some_and(|b| std::ptr::eq(&*b, template) || b.markdown == template.markdown)
}

/// A built-in template by id, compiling only that one (the user's are in a [`Catalog`]).
pub fn builtin(id: &str) -> Option<Arc<Template>> {
    if id == "technical-plan" {
        return Some(technical_plan());
    }
    let index = BUILTIN_SOURCES.iter().position(|(i, _)| *i == id)?;
    compiled_builtin(index)
}

/// What a header field means to Planform (which field of a template plays each is the
/// template's to say: [`FieldSpec::role`]), in their canonical order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MetaField {
    /// `**Spec:** SPEC-123`
    Spec,
    /// `**Created:** 2026-01-31`
    Created,
    /// `**Last Updated:** 2026-02-01`
    Updated,
}

impl MetaField {
    /// The canonical label.
    pub fn label(self) -> &'static str {
        match self {
            MetaField::Spec => "Spec",
            MetaField::Created => "Created",
            MetaField::Updated => "Last Updated",
        }
    }
}

/// The labels a header field is known by, canonical first.
const META_LABELS: [(MetaField, &[&str]); 3] = [
    (
        MetaField::Spec,
        &["Spec", "Spec ID", "Spec Id", "Specification", "ID"],
    ),
    (
        MetaField::Created,
        &["Created", "Date Created", "Created On"],
    ),
    (
        MetaField::Updated,
        &["Last Updated", "Updated", "Last Modified", "Modified"],
    ),
];

/// Which header field a label names, if any.
pub fn meta_field_of(label: &str) -> Option<MetaField> {
    let n = normalize_title(label);
    META_LABELS
        .iter()
        .find(|(_, labels)| labels.iter().any(|l| normalize_title(l) == n))
        .map(|(m, _)| *m)
}

/// A slug: lower-case letters and digits, runs of anything else as one `-`.
pub fn slug(text: &str) -> String {
    crate::core::text::slug(text)
}

/// The index of the known field a label names.
pub fn field_index(fields: &[FieldSpec], label: &str) -> Option<usize> {
    let n = normalize_title(label);
    fields.iter().position(|f| {
        normalize_title(&f.label) == n || f.aliases.iter().any(|a| normalize_title(a) == n)
    })
}

/// Normalises a heading or label for loose comparison: drops leading numbering (`1.`, `2.3)`,
/// `IV.`), emoji and punctuation, reads `&` as `and`, ignores case and spacing.
pub fn normalize_title(text: &str) -> String {
    let t = strip_numbering(text.trim());
    let mut out = String::with_capacity(t.len());
    for ch in t.chars() {
        if ch == '&' {
            out.push_str("and");
        } else if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// Strips section numbering such as `1.`, `2.3`, `4)`, `IV.` or `A.` from the start of a heading.
fn strip_numbering(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i > 0 {
        let mut j = i;
        if j < bytes.len() && bytes[j] == b')' {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b' ' || j < bytes.len() && bytes[j] == b':' {
            return text.get(j..).unwrap_or(text).trim_start_matches([' ', ':']);
        }
        if j == bytes.len() {
            return "";
        }
    }
    // Roman numerals or a single capital letter followed by `.` or `)` and a space.
    let word_end = bytes
        .iter()
        .position(|b| *b == b'.' || *b == b')')
        .unwrap_or(0);
    if word_end > 0
        && word_end <= 4
        && bytes[..word_end]
            .iter()
            .all(|b| matches!(b, b'I' | b'V' | b'X') || (word_end == 1 && b.is_ascii_uppercase()))
        && bytes.get(word_end + 1) == Some(&b' ')
    {
        return text.get(word_end + 2..).unwrap_or(text);
    }
    text
}

/// True when `text` is one of the placeholders (`{n}` matches any number, `{L}` any capital
/// letter; comparison ignores case and surrounding space).
pub fn is_placeholder<S: AsRef<str>>(text: &str, placeholders: &[S]) -> bool {
    let t = text.trim();
    !t.is_empty() && placeholders.iter().any(|p| pattern_matches(p.as_ref(), t))
}

/// The placeholder a labelled field shows in option or phase number `index` (0-based): the
/// template varies some by option (`X days`, `Y days`, `Z days`).
pub fn field_placeholder(field: &FieldSpec, index: usize) -> Option<String> {
    let concrete: Vec<&String> = field
        .placeholders
        .iter()
        .filter(|p| !p.contains('{'))
        .collect();
    let p = concrete.get(index).or(concrete.first())?;
    Some(fill_pattern(p, index))
}

/// True when a multi-line text (code) equals one of the placeholders, ignoring trailing spaces.
pub fn is_placeholder_text<S: AsRef<str>>(text: &str, placeholders: &[S]) -> bool {
    fn norm(s: &str) -> String {
        s.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
    let t = norm(text);
    !t.is_empty() && placeholders.iter().any(|p| norm(p.as_ref()) == t)
}

/// The placeholder for position `index` (0-based) of a list, or `None` past the end of a
/// non-repeating list.
pub fn placeholder_at<S: AsRef<str>>(
    placeholders: &[S],
    index: usize,
    repeat: bool,
) -> Option<String> {
    let p = placeholders
        .get(index)
        .or_else(|| if repeat { placeholders.last() } else { None })?;
    Some(fill_pattern(p.as_ref(), index))
}

/// Substitutes `{n}` with `index + 1` and `{L}` with the letter of `index`.
pub fn fill_pattern(pattern: &str, index: usize) -> String {
    pattern
        .replace("{n}", &(index + 1).to_string())
        .replace("{L}", &letter(index))
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based index.
pub fn letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

fn pattern_matches(pattern: &str, text: &str) -> bool {
    let mut p = pattern.trim();
    let mut t = text;
    loop {
        if let Some(rest) = p.strip_prefix("{n}") {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return false;
            }
            p = rest;
            t = t.get(digits..).unwrap_or("");
            continue;
        }
        if let Some(rest) = p.strip_prefix("{L}") {
            match t.chars().next() {
                Some(c) if c.is_ascii_uppercase() => {
                    p = rest;
                    t = t.get(1..).unwrap_or("");
                    continue;
                }
                _ => return false,
            }
        }
        match (p.chars().next(), t.chars().next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.is_whitespace() && b.is_whitespace() => {
                p = p.trim_start();
                t = t.trim_start();
            }
            (Some(a), Some(b)) if a.to_lowercase().eq(b.to_lowercase()) => {
                p = p.get(a.len_utf8()..).unwrap_or("");
                t = t.get(b.len_utf8()..).unwrap_or("");
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_normalise_loosely() {
        assert_eq!(normalize_title("1. Goals"), "goals");
        assert_eq!(normalize_title("2.3) Non Goals"), "nongoals");
        assert_eq!(
            normalize_title("Monitoring & Observability"),
            "monitoringandobservability"
        );
        assert_eq!(normalize_title("🎯 GOALS:"), "goals");
        assert_eq!(normalize_title("IV. Timeline"), "timeline");
        assert_eq!(normalize_title("3D Rendering"), "3drendering");
    }

    #[test]
    fn placeholders_match_patterns() {
        assert!(is_placeholder("Goal 12", &["Goal {n}"]));
        assert!(is_placeholder(" goal  1 ", &["Goal {n}"]));
        assert!(!is_placeholder("Goal one", &["Goal {n}"]));
        assert!(is_placeholder("Q days", &["X days", "{L} days"]));
        assert!(!is_placeholder("", &["Goal {n}"]));
        assert_eq!(
            placeholder_at(&["Goal {n}"], 4, true).as_deref(),
            Some("Goal 5")
        );
        assert_eq!(placeholder_at(&["a", "b"], 2, false), None);
    }

    #[test]
    fn letters_count_like_spreadsheet_columns() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
    }

    #[test]
    fn every_spec_has_a_unique_id_that_finds_it() {
        let t = technical_plan();
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<&Arc<SectionSpec>> = t.title.iter().chain(&t.sections).collect();
        let mut count = 0;
        while let Some(s) = stack.pop() {
            count += 1;
            assert!(seen.insert(s.id.clone()), "{} twice", s.id);
            assert!(Arc::ptr_eq(t.section(&s.id).unwrap(), s));
            for b in &s.blocks {
                assert!(seen.insert(b.id.clone()), "{} twice", b.id);
                assert!(Arc::ptr_eq(t.block(&b.id).unwrap(), b));
            }
            stack.extend(&s.children);
        }
        assert_eq!(count, 38);
        assert!(t.section("architecture-decision/option").is_some());
        assert_eq!(meta_field_of("last updated"), Some(MetaField::Updated));
        assert_eq!(meta_field_of("Spec ID"), Some(MetaField::Spec));
    }

    /// A built-in's blank plan is its source without its annotation lines, and renders to
    /// itself by construction (a plan keeps its bytes). Its canonical form writes tight the
    /// sections the template writes with no blank line under the heading: read from the
    /// template, not recorded beside it.
    #[test]
    fn builtins_are_their_sources_and_know_their_tight_sections() {
        let all = std::iter::once(("technical-plan", TECHNICAL_PLAN_SOURCE)).chain(BUILTIN_SOURCES);
        let tight_of = |t: &Template| {
            let mut out = Vec::new();
            let mut stack: Vec<&Arc<SectionSpec>> = t.sections.iter().collect();
            while let Some(s) = stack.pop() {
                if s.tight {
                    out.push(s.id.clone());
                }
                stack.extend(&s.children);
            }
            out.sort();
            out
        };
        let want: [(&str, &[&str]); 5] = [
            (
                "technical-plan",
                &[
                    "implementation-steps/phase",
                    "rollout-plan/development",
                    "rollout-plan/production",
                    "rollout-plan/staging",
                    "testing-strategy/e2e-tests",
                    "testing-strategy/integration-tests",
                    "testing-strategy/unit-tests",
                ],
            ),
            ("madr", &[]),
            (
                "rust-rfc",
                &[
                    "drawbacks",
                    "future-possibilities",
                    "guide-level-explanation",
                    "motivation",
                    "prior-art",
                    "rationale-and-alternatives",
                    "reference-level-explanation",
                    "summary",
                    "unresolved-questions",
                ],
            ),
            (
                "spec-kit-plan",
                &["project-structure/source-code-repository-root"],
            ),
            ("spec-kit-spec", &[]),
        ];
        for ((id, source), (want_id, tight)) in all.zip(want) {
            assert_eq!(id, want_id);
            let t = builtin(id).expect("built in");
            assert_eq!(t.id, id);
            assert_eq!(t.markdown, strip_annotations(source), "{id}");
            assert_eq!(tight_of(&t), tight, "{id}");
            let blank = crate::core::model::Plan::blank(&t);
            assert_eq!(crate::core::render::to_markdown(&blank), t.markdown, "{id}");
            assert!(std::ptr::eq(
                &*builtin(id).expect("built in"),
                &*builtin(id).expect("built in")
            ));
        }
    }
}
