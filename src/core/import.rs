//! Markdown → [`Plan`].
//!
//! A document is read against one [`Template`]: the one given ([`import_with`]), or the one its
//! headings fit best ([`import_markdown`], see [`detect`]). The grammar is the same for every
//! template (loose on purpose; anything that does not fit is kept as raw markdown in its place):
//!
//! ```text
//! document  := preamble? title? section*
//! preamble  := any blocks before the first heading (front matter, comments, notes)
//! title     := the first heading, when it is an H1, the template has a title, and it reads
//!              "{prefix}: {name}" (the template's title prefix, any case, then `:`, `—`, `–`
//!              or `-`; or the prefix alone) or is the document's only H1;
//!              its body is matched against the title's blocks (the header fields, if any)
//! section   := lead? heading body section*   (a subsection has a deeper heading level)
//! lead      := an HTML comment on the line right above the heading
//! heading   := a fixed title of the template (matched loosely, aliases too) not taken yet,
//!              else a repeated section whose shape it fits ("{word} {ordinal}: {name}";
//!              a shape that is a bare prompt takes any heading),
//!              else a section of the author's own (all raw markdown)
//! body      := (template block | raw block)*  matched against the section's spec in order
//! ```
//!
//! The source is first normalised (BOM, CRLF, mis-decoded UTF-8 repaired), then cut into
//! top-level blocks ("chunks") with pulldown-cmark's offset iterator. Headings split chunks into
//! sections; each section's chunks are matched against its [`SectionSpec`]. A typed section is
//! only accepted when rendering it and reading it back gives the same blocks and keeps every word
//! of its source; otherwise its body is kept as raw markdown. That guard is what makes import
//! lossless and render(import(x)) a fixed point for any input. Every part read (the preamble,
//! each heading, each block) keeps the text it was read from in its [`Repr`], so
//! [`crate::core::render::to_markdown`] can write it back byte for byte. [`reimport`] reads an
//! edited text again one top-level section at a time.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::core::model::{
    Block, Code, Field, Heading, Item, List, Loc, Plan, Repr, Section, Table, Value,
};
use crate::core::text::{
    align_of, markdown_options, normalize_source, split_cells, trim_block, words, words_kept,
};
use crate::core::write;
use std::sync::Arc;

use crate::core::template::{
    self, BlockKind, BlockSpec, Catalog, HeadingPattern, RepeatShape, SectionSpec, SpecRef,
    SuffixShape, Template, TemplateRef,
};

/// Reads any markdown (or mis-decoded markdown) into a plan. Never fails and never panics:
/// what the template does not describe is kept as raw markdown.
pub fn import_markdown(input: &str) -> Plan {
    import_in(input, &Catalog::new())
}

/// [`import_markdown`] with detection among every template of `catalog` (the built-ins and
/// the user's).
pub fn import_in(input: &str, catalog: &Catalog) -> Plan {
    // Normalised and split into blocks once: detection reads the same headings import uses.
    let text = source_text(input);
    let chunks = chunks(&text);
    let template = detect_by_headings(&headings_of(&text, &chunks), catalog);
    Importer::with_chunks(&text, &template, chunks).plan()
}

// ---------------------------------------------------------------------------------------------
// Which template a document follows.

/// How well a document's headings fit a template, from the share of the template's sections the
/// document has and the share of the document's headings the template knows, with the count of
/// sections matched.
pub fn fit(template: &Template, headings: &[(u8, String)]) -> (f64, usize) {
    let mut specs: Vec<&Arc<SectionSpec>> = Vec::new();
    let mut stack: Vec<&Arc<SectionSpec>> = template.sections.iter().collect();
    while let Some(s) = stack.pop() {
        specs.push(s);
        stack.extend(s.children.iter());
    }
    if specs.is_empty() || headings.is_empty() {
        return (0.0, 0);
    }
    let mut matched_specs: Vec<&str> = Vec::new();
    let mut matched_headings = 0usize;
    for (level, text) in headings {
        let hit = specs.iter().find(|s| {
            s.level == *level
                && match &s.heading {
                    HeadingPattern::Fixed => s.matches(text),
                    HeadingPattern::Repeated(r) if !r.bare => {
                        parse_heading(&s.heading, text).is_some()
                    }
                    _ => false,
                }
        });
        if let Some(s) = hit {
            matched_headings += 1;
            if !matched_specs.contains(&s.id.as_str()) {
                matched_specs.push(&s.id);
            }
        }
    }
    let recall = matched_specs.len() as f64 / specs.len() as f64;
    let precision = matched_headings as f64 / headings.len() as f64;
    if recall + precision == 0.0 {
        return (0.0, 0);
    }
    // F2: the share of the template found counts four times the share of the document known
    // (long documents add headings of their own; a template's sections are what identify it).
    (
        5.0 * recall * precision / (4.0 * precision + recall),
        matched_specs.len(),
    )
}

/// The template a document fits best among every known one: the Technical Plan unless another
/// fits clearly better (at least three of its sections, and a better score by a margin).
pub fn detect(markdown: &str, catalog: &Catalog) -> Arc<Template> {
    detect_by_headings(&headings(markdown), catalog)
}

/// [`detect`] for headings already read (level, text).
pub fn detect_by_headings(headings: &[(u8, String)], catalog: &Catalog) -> Arc<Template> {
    let plan = template::technical_plan();
    let (base, _) = fit(&plan, headings);
    let mut best = (plan, base);
    for t in catalog.all().into_iter().skip(1) {
        let (score, matched) = fit(&t, headings);
        let needed = 3.min(t.sections.len().max(1));
        if matched >= needed && score > best.1 + 0.05 {
            best = (t, score);
        }
    }
    best.0
}

/// The document's headings, with their levels, as import reads them.
pub fn headings(input: &str) -> Vec<(u8, String)> {
    let text = normalize_source(input);
    headings_of(&text, &chunks(&text))
}

fn headings_of(text: &str, chunks: &[Chunk]) -> Vec<(u8, String)> {
    chunks
        .iter()
        .filter_map(|c| match &c.kind {
            ChunkKind::Heading { level, text: t } => {
                Some((*level, heading_text(text.get(t.clone()).unwrap_or(""))))
            }
            _ => None,
        })
        .collect()
}

/// Reads any markdown into a plan following `template`. Never fails and never panics.
pub fn import_with(input: &str, template: &Arc<Template>) -> Plan {
    let text = source_text(input);
    let chunks = chunks(&text);
    Importer::with_chunks(&text, template, chunks).plan()
}

impl Plan {
    /// A new Technical Plan: the template, with placeholders empty and defaults in place.
    pub fn from_template() -> Plan {
        Plan::blank(&template::technical_plan())
    }

    /// A new plan following `template`: its blank plan read, so it is the template's text.
    pub fn blank(template: &Arc<Template>) -> Plan {
        import_with(&template.markdown, template)
    }
}

/// Where a top-level section lies in the text it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// Its first byte: the lead comment right above its heading, else the heading.
    pub start: usize,
    /// The first byte after its heading.
    pub body: usize,
}

/// The normalised text a plan was read from, and where each of its top-level sections lies in
/// it: what lets an edit of the text be read again section by section ([`reimport`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// The text, normalised ([`normalize_source`]).
    pub text: String,
    /// One per top-level section of the plan, in order.
    pub parts: Vec<Part>,
}

impl Source {
    /// The top-level section that byte `at` of the text lies in (`None`: the preamble).
    pub fn section_at(&self, at: usize) -> Option<usize> {
        self.parts.partition_point(|p| p.start <= at).checked_sub(1)
    }
}

/// [`import_with`], also giving the [`Source`] that [`reimport`] continues from.
pub fn import_source(input: &str, template: &Arc<Template>) -> (Plan, Source) {
    let text = source_text(input);
    let chunks = chunks(&text);
    let (plan, parts) = Importer::with_chunks(&text, template, chunks).plan_and_parts();
    (plan, Source { text, parts })
}

/// What [`reimport`] read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reread {
    /// Nothing: the text did not change.
    Nothing,
    /// The text before the first heading.
    Preamble,
    /// This top-level section.
    Section(usize),
}

/// Reads `input`, an edited copy of `source.text`, into `plan` (read from `source.text`) by
/// reading again only the top-level section, or the preamble, that the edit lies in: a keystroke
/// in a large document costs what its section costs. The result is what [`import_with`] gives
/// for `input` (the tests compare the two over random edits); an edit that could change how
/// anything outside its section reads (it touches a heading, adds a heading at the section's
/// level or above, opens a fence that runs on, changes a lead comment, needs repair by
/// normalisation) returns `None` with nothing changed, and the caller imports in full.
pub fn reimport(plan: &mut Plan, source: &mut Source, input: &str) -> Option<Reread> {
    if plan.sections.len() != source.parts.len() {
        return None;
    }
    let old = source.text.as_str();
    let (a, old_end, new_end) = edit_span(old, input);
    if old_end == a && new_end == a {
        return Some(Reread::Nothing);
    }
    let delta = new_end as isize - old_end as isize;
    let moved = |at: usize| at.checked_add_signed(delta);
    let parts = &source.parts;
    // The section whose body holds the start of the edit (`None`: the preamble).
    let k = parts.partition_point(|p| p.body <= a).checked_sub(1);
    let start = k.and_then(|k| parts.get(k)).map_or(0, |p| p.start);
    let next = parts.get(k.map_or(0, |k| k + 1)).copied();
    if old_end > next.map_or(old.len(), |n| n.start) {
        return None;
    }
    // The section as edited, with the heading that follows it (still the next section's?).
    let probe_end = moved(next.map_or(old.len(), |n| n.body))?;
    let probe = input.get(start..probe_end)?;
    if normalize_source(probe) != probe {
        return None;
    }
    // A `---` line opens a metadata block wherever a closing line follows, however far on
    // (pulldown-cmark looks ahead to the end of the document): with one in the section, before
    // or after the edit, only a full read knows what it pairs with.
    let old_probe = old
        .get(start..next.map_or(old.len(), |n| n.body))
        .unwrap_or("");
    if has_metadata_fence(probe) || has_metadata_fence(old_probe) {
        return None;
    }
    let template = plan.template.0.clone();
    let mut importer = Importer::with_chunks(probe, &template, chunks(probe));
    importer.line_base = line_count(input.get(..start).unwrap_or(""));
    let (preamble, preamble_end, mut flat) = importer.flat();
    // The next section must start where it did, moved by the edit, and still be a section.
    if let Some(n) = next {
        let (Some(s), Some(b)) = (moved(n.start), moved(n.body)) else {
            return None;
        };
        match flat.pop() {
            Some(last) if last.start == s - start && last.body.start == b - start => {}
            _ => return None,
        }
    }
    let line_delta = i64::from(line_count(input.get(a..new_end).unwrap_or("")))
        - i64::from(line_count(old.get(a..old_end).unwrap_or("")));
    let from = k.map_or(0, |k| k + 1);
    let mut moved_parts = Vec::with_capacity(parts.len().saturating_sub(from));
    for p in parts.iter().skip(from) {
        match (moved(p.start), moved(p.body)) {
            (Some(s), Some(b)) => moved_parts.push(Part { start: s, body: b }),
            _ => return None,
        }
    }
    match k {
        None => {
            if !flat.is_empty() {
                return None;
            }
            plan.preamble_repr = importer.preamble_repr(&preamble, preamble_end);
            plan.preamble = preamble;
        }
        Some(k) => {
            let (Some(section), Some(part)) = (plan.sections.get(k), parts.get(k)) else {
                return None;
            };
            let first = flat.first()?;
            let is_title = k == 0
                && section.spec.is_some()
                && section.spec.as_ref().map(|s| &s.id) == template.title.as_ref().map(|t| &t.id);
            // Its heading is where it was and nothing in it became a section of its own.
            if first.start != 0
                || first.body.start != part.body - part.start
                || first.level != section.level
                || (is_title && flat.len() > 1)
                || flat.iter().skip(1).any(|n| n.level <= first.level)
            {
                return None;
            }
            let node = build_forest(flat).into_iter().next()?;
            let spec = section.spec.clone();
            let read = match spec {
                Some(spec) => importer.section(&node, &spec.0),
                None => importer.custom(&node),
            };
            plan.sections[k] = read.into();
        }
    }
    if line_delta != 0 {
        for s in plan.sections.iter_mut().skip(from) {
            shift_lines(s, line_delta);
        }
    }
    plan.ending = Repr::read((), ending_of(input), true);
    source.parts.truncate(from);
    source.parts.extend(moved_parts);
    source
        .text
        .replace_range(a..old_end, input.get(a..new_end).unwrap_or(""));
    Some(k.map_or(Reread::Preamble, Reread::Section))
}

/// How a text ends: its last whitespace (a newline, none, blank lines).
fn ending_of(text: &str) -> &str {
    &text[text.trim_end_matches([' ', '\t', '\n']).len()..]
}

/// Where two texts differ: `old[a..old_end]` became `new[a..new_end]`, on character
/// boundaries (the longest common prefix and suffix around it are left out).
pub fn edit_span(old: &str, new: &str) -> (usize, usize, usize) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let mut a = o.iter().zip(n).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(a) {
        a -= 1;
    }
    let room = o.len().min(n.len()) - a;
    let mut suffix = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(o.len() - suffix) || !new.is_char_boundary(n.len() - suffix) {
        suffix -= 1;
    }
    (a, o.len() - suffix, n.len() - suffix)
}

/// True when a line of `text` could open or close a YAML-style metadata block (`---` or `...`,
/// unindented, nothing after it but spaces).
fn has_metadata_fence(text: &str) -> bool {
    text.lines().any(|line| {
        let l = line.trim_end_matches([' ', '\t']);
        l == "---" || l == "..."
    })
}

fn line_count(text: &str) -> u32 {
    u32::try_from(text.bytes().filter(|&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

/// Moves a section's (and its subsections' and blocks') source lines by `delta`.
fn shift_lines(section: &mut Section, delta: i64) {
    let shift = |line: &mut u32| {
        if *line > 0 {
            *line = u32::try_from(i64::from(*line) + delta).unwrap_or(*line);
        }
    };
    shift(&mut section.loc.line);
    for b in &mut section.blocks {
        shift(&mut b.loc.line);
    }
    for c in &mut section.children {
        shift_lines(c, delta);
    }
}

/// The text import reads: [`normalize_source`]. A text that needed repairing (mis-decoded,
/// CRLF, byte-order marks) is rewritten anyway, so it also gets the canonical ending, one
/// newline; a text that needed none is read as it is, to be written back byte for byte.
fn source_text(input: &str) -> String {
    let mut text = normalize_source(input);
    if text != input {
        let body = text.trim_end_matches(['\n', ' ', '\t']).len();
        if body > 0 && text.get(body..) != Some("\n") {
            text.truncate(body);
            text.push('\n');
        }
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Chunks: the top-level blocks of a markdown text.

#[derive(Clone, Debug)]
pub(crate) struct Chunk {
    pub(crate) range: Range<usize>,
    pub(crate) kind: ChunkKind,
}

#[derive(Clone, Debug)]
pub(crate) enum ChunkKind {
    Heading {
        level: u8,
        text: Range<usize>,
    },
    Paragraph,
    List {
        ordered: bool,
        start: u64,
        items: Vec<ItemInfo>,
    },
    Table,
    Code {
        info: String,
        text: String,
    },
    Other,
}

#[derive(Clone, Debug)]
pub(crate) struct ItemInfo {
    range: Range<usize>,
    task: Option<bool>,
}

/// Cuts `text` into top-level blocks, including the gaps between them that hold non-blank text
/// (link reference definitions produce no event but must not be lost).
pub(crate) fn chunks(text: &str) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Chunk> = None;
    let mut heading_text: Option<Range<usize>> = None;
    let mut item: Option<ItemInfo> = None;
    let mut item_seen_content = false;
    let mut code_text = String::new();

    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match &tag {
                        Tag::Heading { level, .. } => ChunkKind::Heading {
                            level: *level as u8,
                            text: range.end..range.end,
                        },
                        Tag::Paragraph => ChunkKind::Paragraph,
                        Tag::List(start) => ChunkKind::List {
                            ordered: start.is_some(),
                            start: start.unwrap_or(1),
                            items: Vec::new(),
                        },
                        Tag::Table(_) => ChunkKind::Table,
                        Tag::CodeBlock(kind) => {
                            code_text.clear();
                            ChunkKind::Code {
                                info: match kind {
                                    CodeBlockKind::Fenced(info) => info.to_string(),
                                    CodeBlockKind::Indented => String::new(),
                                },
                                text: String::new(),
                            }
                        }
                        _ => ChunkKind::Other,
                    };
                    heading_text = None;
                    current = Some(Chunk {
                        range: range.clone(),
                        kind,
                    });
                } else if depth == 1 && matches!(tag, Tag::Item) {
                    item = Some(ItemInfo {
                        range: range.clone(),
                        task: None,
                    });
                    item_seen_content = false;
                } else if depth >= 1 {
                    note_heading_inline(&current, &mut heading_text, &range);
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 1
                    && matches!(end, TagEnd::Item)
                    && let (
                        Some(info),
                        Some(Chunk {
                            kind: ChunkKind::List { items, .. },
                            ..
                        }),
                    ) = (item.take(), current.as_mut())
                {
                    items.push(info);
                }
                if depth == 0
                    && let Some(mut chunk) = current.take()
                {
                    match &mut chunk.kind {
                        ChunkKind::Heading { text: t, .. } => {
                            let Some(mut h) = heading_text.take() else {
                                push_chunk(text, &mut out, chunk);
                                continue;
                            };
                            // An escaped character's text event starts after its backslash;
                            // at the start of a heading that would drop the backslash (found
                            // by fuzzing: `\\<` read back as `\<`, then as `<`).
                            if h.start > chunk.range.start
                                && text.as_bytes().get(h.start - 1) == Some(&b'\\')
                                && text.get(h.start..).is_some_and(|r| {
                                    r.starts_with(|c: char| c.is_ascii_punctuation())
                                })
                            {
                                h.start -= 1;
                            }
                            *t = h;
                            // A setext heading's range can start with link reference
                            // definitions that preceded its text: keep them as their own chunk.
                            let line_start = text
                                .get(..t.start)
                                .and_then(|b| b.rfind('\n').map(|i| i + 1))
                                .unwrap_or(0);
                            if line_start > chunk.range.start && line_start <= t.start {
                                let before = Chunk {
                                    range: chunk.range.start..line_start,
                                    kind: ChunkKind::Other,
                                };
                                chunk.range.start = line_start;
                                push_chunk(text, &mut out, before);
                            }
                        }
                        ChunkKind::Code { text: t, .. } => *t = std::mem::take(&mut code_text),
                        // A list's range can run on over link reference definitions that follow
                        // it; end it with its last item so they become a chunk of their own.
                        ChunkKind::List { items, .. } => {
                            if let Some(last) = items.last() {
                                chunk.range.end =
                                    chunk.range.end.min(last.range.end).max(chunk.range.start);
                            }
                        }
                        _ => {}
                    }
                    push_chunk(text, &mut out, chunk);
                }
            }
            other => {
                if depth == 0 {
                    // Rules and other leaf events at the top level.
                    push_chunk(
                        text,
                        &mut out,
                        Chunk {
                            range,
                            kind: ChunkKind::Other,
                        },
                    );
                    continue;
                }
                if let Some(info) = item.as_mut()
                    && !item_seen_content
                {
                    if let Event::TaskListMarker(done) = other {
                        info.task = Some(done);
                    }
                    item_seen_content = true;
                }
                if let (
                    Some(Chunk {
                        kind: ChunkKind::Code { .. },
                        ..
                    }),
                    Event::Text(t),
                ) = (current.as_ref(), &other)
                {
                    code_text.push_str(t);
                }
                note_heading_inline(&current, &mut heading_text, &range);
            }
        }
    }
    if let Some(chunk) = current.take() {
        push_chunk(text, &mut out, chunk);
    }
    let end = out.last().map_or(0, |c| c.range.end);
    push_gap(text, &mut out, end, text.len());
    out
}

fn note_heading_inline(
    current: &Option<Chunk>,
    heading_text: &mut Option<Range<usize>>,
    range: &Range<usize>,
) {
    if let Some(Chunk {
        kind: ChunkKind::Heading { .. },
        ..
    }) = current
    {
        match heading_text {
            Some(h) => {
                h.start = h.start.min(range.start);
                h.end = h.end.max(range.end);
            }
            None => *heading_text = Some(range.clone()),
        }
    }
}

fn push_chunk(text: &str, out: &mut Vec<Chunk>, mut chunk: Chunk) {
    let prev_end = out.last().map_or(0, |c| c.range.end);
    // pulldown-cmark starts some blocks (indented code) after their indentation: take the
    // indentation too, or the block changes meaning when written back.
    let line_start = text
        .get(..chunk.range.start)
        .and_then(|before| before.rfind('\n').map(|i| i + 1))
        .unwrap_or(0);
    if line_start >= prev_end
        && text
            .get(line_start..chunk.range.start)
            .is_some_and(|indent| indent.bytes().all(|b| b == b' ' || b == b'\t'))
    {
        chunk.range.start = line_start;
    }
    if chunk.range.start < prev_end {
        // Overlap should not happen; merge defensively into the previous chunk.
        if let Some(last) = out.last_mut() {
            last.range.end = last.range.end.max(chunk.range.end);
            last.kind = ChunkKind::Other;
        }
        return;
    }
    push_gap(text, out, prev_end, chunk.range.start);
    out.push(chunk);
}

fn push_gap(text: &str, out: &mut Vec<Chunk>, start: usize, end: usize) {
    if let Some(gap) = text.get(start..end)
        && !gap.trim().is_empty()
    {
        out.push(Chunk {
            range: start..end,
            kind: ChunkKind::Other,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Sections.

struct Node {
    /// Where the section starts: its lead comment, else its heading.
    start: usize,
    level: u8,
    lead: String,
    heading: String,
    line: u32,
    body: Range<usize>,
    chunks: Range<usize>,
    children: Vec<Node>,
}

struct Importer<'a> {
    text: &'a str,
    template: &'a Arc<Template>,
    chunks: Vec<Chunk>,
    line_starts: Vec<usize>,
    /// Lines before `text` in the document it is part of (0 for a whole document).
    line_base: u32,
}

impl Node {
    fn part(&self) -> Part {
        Part {
            start: self.start,
            body: self.body.start,
        }
    }
}

impl<'a> Importer<'a> {
    fn with_chunks(text: &'a str, template: &'a Arc<Template>, chunks: Vec<Chunk>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Importer {
            text,
            template,
            chunks,
            line_starts,
            line_base: 0,
        }
    }

    /// True when chunk `c` is an HTML comment written on the lines right above heading `h`.
    fn is_lead(&self, c: usize, h: usize) -> bool {
        let (Some(comment), Some(heading)) = (self.chunks.get(c), self.chunks.get(h)) else {
            return false;
        };
        let text = self.text.get(comment.range.clone()).unwrap_or("");
        let body = text.trim_end_matches(['\n', ' ', '\t']);
        let between = self
            .text
            .get(comment.range.start + body.len()..heading.range.start)
            .unwrap_or("");
        matches!(comment.kind, ChunkKind::Other)
            && body.trim_start() == body
            && body.starts_with("<!--")
            && body.ends_with("-->")
            && between.matches('\n').count() == 1
            && between.trim_matches([' ', '\t', '\n']).is_empty()
    }

    fn line(&self, offset: usize) -> u32 {
        let i = self.line_starts.partition_point(|s| *s <= offset);
        u32::try_from(i)
            .unwrap_or(u32::MAX)
            .saturating_add(self.line_base)
    }

    fn plan(&self) -> Plan {
        self.plan_and_parts().0
    }

    /// The plan, and where each of its top-level sections lies in the text.
    fn plan_and_parts(&self) -> (Plan, Vec<Part>) {
        let (preamble, preamble_end, flat) = self.flat();
        let mut sections = Vec::new();
        let mut parts = Vec::new();
        let mut rest = flat.into_iter().peekable();
        let h1_count = self
            .chunks
            .iter()
            .filter(|c| matches!(c.kind, ChunkKind::Heading { level: 1, .. }))
            .count();
        if let Some(first) = rest.peek()
            && first.level == 1
            && let Some(title) = &self.template.title
            && (split_title_prefix(&first.heading, self.template.title_prefix()).is_some()
                || h1_count == 1)
            && let Some(node) = rest.next()
        {
            parts.push(node.part());
            sections.push(self.section(&node, title).into());
        }
        let forest = build_forest(rest.collect());
        let mut used: HashSet<&str> = HashSet::new();
        for node in &forest {
            parts.push(node.part());
            let specs = &self.template.sections;
            let normalized = template::normalize_title(&node.heading);
            let spec = self
                .template
                .sections_named(&normalized)
                .iter()
                .filter_map(|&i| specs.get(i))
                .find(|s| !used.contains(s.id.as_str()))
                .or_else(|| {
                    specs.iter().find(|s| {
                        s.repeat().is_some() && parse_heading(&s.heading, &node.heading).is_some()
                    })
                });
            match spec {
                Some(spec) => {
                    if spec.repeat().is_none() {
                        used.insert(&spec.id);
                    }
                    sections.push(self.section(node, spec).into());
                }
                None => sections.push(self.custom(node).into()),
            }
        }
        let ending = ending_of(self.text);
        let plan = Plan {
            template: TemplateRef(self.template.clone()),
            name: String::new(),
            preamble_repr: self.preamble_repr(&preamble, preamble_end),
            preamble,
            sections,
            ending: Repr::read((), ending, true),
        };
        (plan, parts)
    }

    /// How the preamble (`preamble`, read from the text before `end`) was written.
    fn preamble_repr(&self, preamble: &str, end: usize) -> Repr<String> {
        Repr::read(
            preamble.to_string(),
            self.text.get(..end).unwrap_or(""),
            end >= self.text.len(),
        )
    }

    /// Gives a section read from `node`, and its blocks (block `i` starting at byte
    /// `starts[i]` of the text), how they were written: each block's text runs to where the next
    /// starts (the last to the end of the section's own part, before its first subsection), the
    /// lead and heading's from the section's start to its first block.
    fn write_reprs(&self, node: &Node, section: &mut Section, starts: &[usize]) {
        let end = node.body.end;
        // A block starts at its first line with text: blank lines before it (a chunk can
        // begin with them) end the part before it.
        let starts: Vec<usize> = starts
            .iter()
            .map(|&at| first_text_line(self.text, at, end))
            .collect();
        let at_end = end >= self.text.len();
        let head_end = starts
            .first()
            .copied()
            .unwrap_or(end)
            .clamp(node.start, end);
        section.repr = Repr::read(
            section.heading_was(),
            self.text.get(node.start..head_end).unwrap_or(""),
            at_end && head_end == end,
        );
        for (i, block) in section.blocks.iter_mut().enumerate() {
            let (Some(&from), to) = (starts.get(i), starts.get(i + 1).copied().unwrap_or(end))
            else {
                continue;
            };
            block.repr = Repr::read(
                block.was(),
                self.text.get(from..to.max(from)).unwrap_or(""),
                at_end && to == end,
            );
        }
    }

    /// The preamble and where it ends, and every heading with its body in document order (not
    /// yet a forest).
    fn flat(&self) -> (String, usize, Vec<Node>) {
        let heading_ix: Vec<usize> = self
            .chunks
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.kind, ChunkKind::Heading { .. }))
            .map(|(i, _)| i)
            .collect();
        // A comment right above a heading (no blank line between) is the heading's lead.
        let starts: Vec<usize> = heading_ix
            .iter()
            .enumerate()
            .map(|(n, &hi)| {
                let floor = if n == 0 { 0 } else { heading_ix[n - 1] + 1 };
                if hi > floor && self.is_lead(hi - 1, hi) {
                    hi - 1
                } else {
                    hi
                }
            })
            .collect();
        let first_heading = starts.first().copied().unwrap_or(self.chunks.len());
        let preamble_end = self
            .chunks
            .get(first_heading)
            .map_or(self.text.len(), |c| c.range.start);
        let preamble = trim_block(self.text.get(..preamble_end).unwrap_or("")).to_string();

        // Flat list of headings with their bodies.
        let mut flat: Vec<Node> = Vec::new();
        for (n, &hi) in heading_ix.iter().enumerate() {
            let next = starts.get(n + 1).copied().unwrap_or(self.chunks.len());
            let Some(chunk) = self.chunks.get(hi) else {
                continue;
            };
            let lead = match starts.get(n) {
                Some(&l) if l < hi => self
                    .chunks
                    .get(l)
                    .and_then(|c| self.text.get(c.range.clone()))
                    .unwrap_or("")
                    .trim_end_matches(['\n', ' ', '\t'])
                    .to_string(),
                _ => String::new(),
            };
            let ChunkKind::Heading { level, text: t } = &chunk.kind else {
                continue;
            };
            let body_end = self
                .chunks
                .get(next)
                .map_or(self.text.len(), |c| c.range.start);
            flat.push(Node {
                start: self
                    .chunks
                    .get(starts.get(n).copied().unwrap_or(hi))
                    .map_or(chunk.range.start, |c| c.range.start),
                level: *level,
                heading: heading_text(self.text.get(t.clone()).unwrap_or("")),
                line: self.line(chunk.range.start),
                body: chunk.range.end.min(body_end)..body_end,
                chunks: hi + 1..next,
                children: Vec::new(),
                lead,
            });
        }

        (preamble, preamble_end, flat)
    }

    /// A section recognised as `spec`; falls back to custom when its heading does not fit.
    fn section(&self, node: &Node, spec: &Arc<SectionSpec>) -> Section {
        let Some(heading) = parse_heading(&spec.heading, &node.heading) else {
            return self.custom(node);
        };
        // The heading, written back, must read the same and keep every word (`[Approach 4]`
        // under Option C would come back as `[Approach 3]`).
        let rendered = write::heading_text(Some(spec), &heading);
        if rendered != node.heading
            && (parse_heading(&spec.heading, &rendered).as_ref() != Some(&heading)
                || !words_kept(&node.heading, &rendered))
        {
            return self.custom(node);
        }
        let chunks = self.chunks.get(node.chunks.clone()).unwrap_or(&[]);
        let (mut blocks, firsts) = match_blocks(self.text, chunks, &spec.blocks);
        // Where each block starts in the text.
        let mut starts: Vec<usize> = firsts
            .iter()
            .filter_map(|&f| chunks.get(f).map(|c| c.range.start))
            .collect();
        for (block, &start) in blocks.iter_mut().zip(&starts) {
            block.loc = Loc {
                line: self.line(start),
            };
        }
        let source = self.text.get(node.body.clone()).unwrap_or("");
        if !blocks_round_trip(
            spec,
            &blocks,
            source,
            write::ordinal_index(&heading.ordinal),
        ) {
            blocks = raw_body(source);
            starts = raw_body_start(node.body.start, source);
        }

        let mut children = Vec::new();
        let mut used: HashSet<&str> = HashSet::new();
        for child in &node.children {
            // A fixed subsection first: a repeated one whose heading is a bare prompt would
            // take any heading.
            let normalized = template::normalize_title(&child.heading);
            let child_spec = spec
                .children
                .iter()
                .find(|c| c.matches_normalized(&normalized) && !used.contains(c.id.as_str()))
                .or_else(|| {
                    spec.children.iter().find(|c| {
                        c.repeat().is_some() && parse_heading(&c.heading, &child.heading).is_some()
                    })
                });
            match child_spec {
                Some(c) => {
                    if c.heading == HeadingPattern::Fixed {
                        used.insert(&c.id);
                    }
                    children.push(self.section(child, c).into());
                }
                None => children.push(self.custom(child).into()),
            }
        }
        let mut section = Section {
            spec: Some(SpecRef(spec.clone())),
            lead: node.lead.clone(),
            level: node.level,
            heading,
            blocks,
            children,
            loc: Loc { line: node.line },
            repr: Repr::default(),
        };
        self.write_reprs(node, &mut section, &starts);
        section
    }

    fn custom(&self, node: &Node) -> Section {
        let source = self.text.get(node.body.clone()).unwrap_or("");
        let mut blocks = raw_body(source);
        let starts = raw_body_start(node.body.start, source);
        if let (Some(b), Some(&start)) = (blocks.first_mut(), starts.first()) {
            b.loc = Loc {
                line: self.line(start),
            };
        }
        let mut section = Section {
            spec: None,
            lead: node.lead.clone(),
            level: node.level,
            heading: Heading {
                text: node.heading.clone(),
                ..Heading::default()
            },
            blocks,
            children: node
                .children
                .iter()
                .map(|c| self.custom(c).into())
                .collect(),
            loc: Loc { line: node.line },
            repr: Repr::default(),
        };
        self.write_reprs(node, &mut section, &starts);
        section
    }
}

/// The start of the first line at or after byte `at` (itself a line start) that has more than
/// spaces and tabs on it, before `end` (else `end`).
fn first_text_line(text: &str, at: usize, end: usize) -> usize {
    let mut pos = at;
    while pos < end {
        let line_end = text
            .get(pos..end)
            .and_then(|rest| rest.find('\n'))
            .map_or(end, |i| pos + i + 1);
        if !text
            .get(pos..line_end)
            .unwrap_or("")
            .trim_matches([' ', '\t', '\n', '\r'])
            .is_empty()
        {
            return pos;
        }
        pos = line_end;
    }
    end
}

/// Where the one block of [`raw_body`] starts: after the blank lines that open the body (which
/// starts at byte `at` of the text); none when the body is blank.
fn raw_body_start(at: usize, source: &str) -> Vec<usize> {
    let body = trim_block(source);
    if body.is_empty() {
        return Vec::new();
    }
    // `trim_block` keeps a suffix of the source's start: its first byte is where it begins.
    let skipped = source.len() - source.trim_start_matches(['\n', ' ', '\t', '\r']).len();
    let line_start = source
        .get(..skipped)
        .and_then(|s| s.rfind('\n').map(|i| i + 1))
        .unwrap_or(0);
    vec![at + line_start]
}

fn raw_body(source: &str) -> Vec<Block> {
    let body = trim_block(source);
    if body.is_empty() {
        Vec::new()
    } else {
        vec![Block::raw(body)]
    }
}

/// Arranges headings into a forest by level: a heading owns the following deeper headings.
fn build_forest(nodes: Vec<Node>) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    for node in nodes {
        while stack.last().is_some_and(|top| top.level >= node.level) {
            if let Some(done) = stack.pop() {
                attach(&mut stack, &mut roots, done);
            }
        }
        stack.push(node);
    }
    while let Some(done) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn attach(stack: &mut [Node], roots: &mut Vec<Node>, node: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => roots.push(node),
    }
}

/// Heading inline source → one line of text.
fn heading_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for (i, line) in source.lines().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(line.trim());
    }
    out.trim().to_string()
}

// ---------------------------------------------------------------------------------------------
// Headings.

/// Splits `Technical Plan: name` into (`Technical Plan`, `name`) for the title prefix
/// `Technical Plan` (compared without regard to case).
fn split_title_prefix<'t>(heading: &'t str, prefix: &str) -> Option<(&'t str, &'t str)> {
    if prefix.is_empty() {
        return None;
    }
    let head = heading.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) && head.to_lowercase() != prefix.to_lowercase() {
        return None;
    }
    let prefix = head;
    let rest = heading.get(prefix.len()..)?.trim_start();
    for sep in [":", "—", "–", "-"] {
        if let Some(name) = rest.strip_prefix(sep) {
            return Some((prefix, name.trim()));
        }
    }
    if rest.is_empty() {
        return Some((prefix, ""));
    }
    None
}

/// Reads a heading according to its pattern; `None` when it does not fit.
pub(crate) fn parse_heading(pattern: &HeadingPattern, text: &str) -> Option<Heading> {
    match pattern {
        HeadingPattern::Fixed => Some(Heading {
            text: text.to_string(),
            ..Heading::default()
        }),
        HeadingPattern::Title(shape) => {
            let (prefix, name) = split_title_prefix(text, &shape.prefix).unwrap_or(("", text));
            let name = if template::is_placeholder(name, std::slice::from_ref(&shape.placeholder)) {
                ""
            } else {
                name
            };
            Some(Heading {
                text: name.to_string(),
                prefix: prefix.to_string(),
                ..Heading::default()
            })
        }
        HeadingPattern::Repeated(shape) => parse_repeated(shape, text),
    }
}

/// `Option B: Queue ✅ **(Chosen)**`, `Phase 1: Foundation (Day 1-2)`: the word, the ordinal,
/// the name, a parenthesised suffix (when the shape has one) and a chosen marker (when the group
/// is pick-one).
fn parse_repeated(shape: &RepeatShape, text: &str) -> Option<Heading> {
    let whole = text;
    let (text, chosen, marker) = if shape.pick_one {
        let (text, chosen) = strip_chosen(text);
        // Keep a marker written in other words (`(chosen)`) so no word changes case.
        let written = whole.get(text.len()..).unwrap_or("").trim();
        let canonical_words = words(written).all(|w| w == "Chosen");
        let marker = if chosen && !canonical_words {
            written.to_string()
        } else {
            String::new()
        };
        (text, chosen, marker)
    } else {
        (text, false, String::new())
    };
    let (rest, suffix) = match &shape.suffix {
        Some(s) => split_suffix(text, s),
        None => (text, ""),
    };
    if shape.bare {
        // The name alone: kept as written (a prompt left in is reported by the checks), so
        // each instance keeps its own prompt (`{title of option 1}`, `{title of other option}`).
        let name = rest.trim();
        if name.is_empty() {
            return None;
        }
        return Some(Heading {
            text: name.to_string(),
            chosen,
            marker,
            suffix: suffix.to_string(),
            ..Heading::default()
        });
    }
    let (prefix, ordinal, name) = split_ordinal(rest, &shape.words)?;
    let name = match shape.placeholder(write::ordinal_index(ordinal)) {
        Some(p) if template::is_placeholder(name, std::slice::from_ref(&p)) => "",
        _ => name,
    };
    Some(Heading {
        text: name.to_string(),
        prefix: prefix.to_string(),
        ordinal: ordinal.to_string(),
        chosen,
        marker,
        suffix: suffix.to_string(),
    })
}

const CHOSEN_MARKERS: &[&str] = &[
    "**(chosen)**",
    "*(chosen)*",
    "_(chosen)_",
    "__(chosen)__",
    "(chosen)",
    "[chosen]",
    "**chosen**",
    "**[chosen]**",
    "✅ chosen",
    "— chosen",
    "– chosen",
    "- chosen",
    ": chosen",
    "✅",
    "✔️",
    "✔",
    "☑️",
    "☑",
];

fn strip_chosen(text: &str) -> (&str, bool) {
    let mut t = text.trim_end();
    let mut chosen = false;
    'outer: loop {
        for marker in CHOSEN_MARKERS {
            if let Some(start) = t.len().checked_sub(marker.len())
                && let Some(tail) = t.get(start..)
                && tail.eq_ignore_ascii_case(marker)
            {
                let head = t.get(..start).unwrap_or("");
                // A bare marker word must stand apart from the name.
                if !head.is_empty()
                    && !head.ends_with(char::is_whitespace)
                    && marker.starts_with(char::is_alphanumeric)
                {
                    continue;
                }
                t = head.trim_end();
                chosen = true;
                continue 'outer;
            }
        }
        break;
    }
    (t, chosen)
}

/// `Option B: name` → (`Option`, `B`, `name`).
fn split_ordinal<'t>(text: &'t str, words: &[String]) -> Option<(&'t str, &'t str, &'t str)> {
    let text = text.trim();
    // The longest of the words (one or more: `User Story`) that starts the text.
    let word_len = words
        .iter()
        .filter(|w| {
            !w.is_empty()
                && text
                    .get(..w.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(w))
        })
        .map(String::len)
        .max()?;
    let word = text.get(..word_len)?;
    let rest = text.get(word_len..)?;
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim_start();
    let ord_len = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    if ord_len == 0 || ord_len > 4 {
        return None;
    }
    let ordinal = rest.get(..ord_len)?;
    let after = rest.get(ord_len..)?;
    let name = if after.is_empty() {
        ""
    } else if let Some(n) = [":", " —", " –", " -", "."]
        .iter()
        .find_map(|s| after.strip_prefix(s))
    {
        n.trim()
    } else {
        return None;
    };
    Some((word, ordinal, name))
}

/// `Foundation (Day 1-2)` → (`Foundation`, `Day 1-2`).
fn split_suffix<'t>(text: &'t str, shape: &SuffixShape) -> (&'t str, &'t str) {
    let t = text.trim_end();
    if let Some(body) = t.strip_suffix(')')
        && let Some(open) = body.rfind('(')
    {
        let inner = body.get(open + 1..).unwrap_or("");
        // A suffix, not a name's own parentheses (`Add caching (Redis)`): it has a number, or
        // opens with the word the template's own suffix opens with (`Priority`, `Day`), or a
        // unit of time.
        let lower = inner.to_lowercase();
        let first_word = |s: &str| {
            s.split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase()
        };
        let template_word = first_word(&shape.placeholder);
        let suffixish = inner.chars().any(|c| c.is_ascii_digit())
            || (!template_word.is_empty() && first_word(inner) == template_word)
            || ["day", "week", "sprint", "month", "quarter"]
                .iter()
                .any(|w| lower.starts_with(w));
        if suffixish && !inner.contains(['(', ')']) {
            return (body.get(..open).unwrap_or("").trim_end(), inner.trim());
        }
    }
    (t, "")
}

// ---------------------------------------------------------------------------------------------
// Blocks.

/// Matches a section's chunks against its block specs, in order; what fits no spec is raw
/// (consecutive unmatched chunks form one raw block, with the source between them). Returns the
/// blocks and the index of each block's first chunk.
fn match_blocks(
    text: &str,
    chunks: &[Chunk],
    specs: &[Arc<BlockSpec>],
) -> (Vec<Block>, Vec<usize>) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut firsts: Vec<usize> = Vec::new();
    let mut raw_open = false;
    let mut next_spec = 0;
    let mut i = 0;
    while i < chunks.len() {
        let found = specs
            .iter()
            .enumerate()
            .skip(next_spec)
            .find_map(|(j, spec)| {
                let later = specs.get(j + 1..).unwrap_or(&[]);
                match_block(text, chunks, i, spec, later).map(|(b, n)| (j, b, n))
            });
        if let Some((j, block, consumed)) = found {
            blocks.push(block);
            firsts.push(i);
            next_spec = j + 1;
            i += consumed.max(1);
            raw_open = false;
            continue;
        }
        let end = chunks.get(i).map_or(0, |c| c.range.end);
        if raw_open {
            let first = firsts.last().copied().unwrap_or(i);
            let start = chunks.get(first).map_or(0, |c| c.range.start);
            if let Some(last) = blocks.last_mut() {
                last.value =
                    Value::Markdown(trim_block(text.get(start..end).unwrap_or("")).to_string());
            }
        } else {
            let start = chunks.get(i).map_or(0, |c| c.range.start);
            blocks.push(Block::raw(trim_block(text.get(start..end).unwrap_or(""))));
            firsts.push(i);
            raw_open = true;
        }
        i += 1;
    }
    (blocks, firsts)
}

/// Tries to read the block `spec` starting at chunk `i`; returns it and how many chunks it took.
fn match_block(
    text: &str,
    chunks: &[Chunk],
    i: usize,
    spec: &Arc<BlockSpec>,
    later: &[Arc<BlockSpec>],
) -> Option<(Block, usize)> {
    let chunk = chunks.get(i)?;
    let src = text.get(chunk.range.clone())?;
    if let Some(label) = &spec.label {
        if !matches!(chunk.kind, ChunkKind::Paragraph) {
            return None;
        }
        let (first, rest) = src.split_once('\n').unwrap_or((src, ""));
        let remainder = match_label(first, label, &spec.label_aliases)?;
        let inline = join_nonempty(remainder, rest.trim());
        if spec.kind == BlockKind::Prose {
            let (more, n) = prose_run(text, chunks, i + 1, later);
            let body = join_blocks(&inline, more);
            let value = Value::Markdown(unplaceholder(&body, &spec.placeholders));
            return Some((Block::new(spec, value), 1 + n));
        }
        if !inline.is_empty() {
            return None;
        }
        let next = chunks.get(i + 1);
        return match next.and_then(|c| read_block(text, c, spec)) {
            Some(value) => Some((Block::new(spec, value), 2)),
            None => Some((Block::new(spec, empty_value(spec)), 1)),
        };
    }
    if spec.kind == BlockKind::Prose {
        let (body, n) = prose_run(text, chunks, i, later);
        if n == 0 {
            return None;
        }
        return Some((
            Block::new(
                spec,
                Value::Markdown(unplaceholder(body, &spec.placeholders)),
            ),
            n,
        ));
    }
    read_block(text, chunk, spec).map(|v| (Block::new(spec, v), 1))
}

/// Prose runs over chunks until one starts a later spec; returns the source and chunk count.
fn prose_run<'t>(
    text: &'t str,
    chunks: &[Chunk],
    from: usize,
    later: &[Arc<BlockSpec>],
) -> (&'t str, usize) {
    let mut end = from;
    while end < chunks.len() {
        if later.iter().any(|s| starts_block(text, chunks, end, s)) || scaffold(text, chunks, end) {
            break;
        }
        end += 1;
    }
    if end == from {
        return ("", 0);
    }
    let start = chunks.get(from).map_or(0, |c| c.range.start);
    let stop = chunks.get(end - 1).map_or(start, |c| c.range.end);
    (trim_block(text.get(start..stop).unwrap_or("")), end - from)
}

/// A template's scaffolding between prose: an HTML comment (`<!-- optional element -->`) or a
/// link reference definition (`[summary]: #summary`). Prose neither starts nor runs over one,
/// so the prose reads as the template wrote it and the scaffolding stays where it stands.
fn scaffold(text: &str, chunks: &[Chunk], i: usize) -> bool {
    let Some(chunk) = chunks.get(i) else {
        return false;
    };
    if !matches!(chunk.kind, ChunkKind::Other) {
        return false;
    }
    let t = text.get(chunk.range.clone()).unwrap_or("").trim();
    t.starts_with("<!--")
        || (t.starts_with('[')
            && t.lines().all(|l| {
                l.split_once("]:")
                    .is_some_and(|(label, _)| label.starts_with('[') && !label.contains(']'))
            }))
}

fn starts_block(text: &str, chunks: &[Chunk], i: usize, spec: &BlockSpec) -> bool {
    let Some(chunk) = chunks.get(i) else {
        return false;
    };
    match &spec.label {
        Some(label) => {
            matches!(chunk.kind, ChunkKind::Paragraph)
                && text
                    .get(chunk.range.clone())
                    .and_then(|s| s.lines().next())
                    .and_then(|first| match_label(first, label, &spec.label_aliases))
                    .is_some()
        }
        None => spec.kind != BlockKind::Prose && read_block(text, chunk, spec).is_some(),
    }
}

fn join_nonempty(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}\n{b}"),
    }
}

fn join_blocks(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}\n\n{b}"),
    }
}

fn unplaceholder(text: &str, placeholders: &[String]) -> String {
    if template::is_placeholder(text, placeholders) {
        String::new()
    } else {
        text.to_string()
    }
}

pub(crate) fn empty_value(spec: &BlockSpec) -> Value {
    match spec.kind {
        BlockKind::Prose => Value::Markdown(String::new()),
        BlockKind::Table => Value::Table(Table::default()),
        BlockKind::FieldLines | BlockKind::FieldList => Value::Fields(Vec::new()),
        BlockKind::Code => Value::Code(Code {
            lang: spec.lang.to_string(),
            text: String::new(),
        }),
        _ => Value::List(List::default()),
    }
}

/// Reads a label line such as `**Pros:**`, `**Pros**:`, `__Pros:__` or `Pros:`; returns what
/// follows the label on the line.
pub(crate) fn match_label<'t, S: AsRef<str>>(
    line: &'t str,
    label: &str,
    aliases: &[S],
) -> Option<&'t str> {
    let (name, rest) = split_label(line)?;
    let n = template::normalize_title(name);
    let ok = n == template::normalize_title(label)
        || aliases
            .iter()
            .any(|a| template::normalize_title(a.as_ref()) == n);
    ok.then_some(rest)
}

/// Splits `**Label:** rest` (and its variants) into (`Label`, `rest`).
pub(crate) fn split_label(line: &str) -> Option<(&str, &str)> {
    let line = strip_hard_break(line.trim());
    for (open, close) in [("**", "**"), ("__", "__")] {
        if let Some(inner) = line.strip_prefix(open) {
            let end = inner.find(close)?;
            let name = inner.get(..end)?;
            let after = inner.get(end + close.len()..)?;
            if let Some(name) = name.trim_end().strip_suffix(':') {
                return nonempty_label(name, after.trim());
            }
            if let Some(after) = after.strip_prefix(':') {
                return nonempty_label(name, after.trim());
            }
            return None;
        }
    }
    let colon = line.find(':')?;
    let name = line.get(..colon)?;
    if name.is_empty() || name.len() > 60 || name.contains(['*', '_', '`', '[', ']', '<', '(', '|'])
    {
        return None;
    }
    nonempty_label(name, line.get(colon + 1..)?.trim())
}

fn nonempty_label<'t>(name: &'t str, rest: &'t str) -> Option<(&'t str, &'t str)> {
    let name = name.trim();
    (!name.is_empty() && !name.contains('\n')).then_some((name, rest))
}

fn strip_hard_break(line: &str) -> &str {
    let t = line.trim_end();
    t.strip_suffix('\\').unwrap_or(t).trim_end()
}

/// Reads one chunk as the typed value of `spec` (not the label).
fn read_block(text: &str, chunk: &Chunk, spec: &BlockSpec) -> Option<Value> {
    let src = text.get(chunk.range.clone())?;
    match spec.kind {
        BlockKind::Prose => None,
        BlockKind::Code => match &chunk.kind {
            ChunkKind::Code { info, text: code } => {
                let body = code.trim_end_matches('\n');
                let body = if template::is_placeholder_text(body, &spec.placeholders) {
                    ""
                } else {
                    body
                };
                Some(Value::Code(Code {
                    lang: info.trim().to_string(),
                    text: body.to_string(),
                }))
            }
            _ => None,
        },
        BlockKind::Table => {
            if !matches!(chunk.kind, ChunkKind::Table) {
                return None;
            }
            read_table(src, spec).map(Value::Table)
        }
        BlockKind::FieldLines => {
            if !matches!(chunk.kind, ChunkKind::Paragraph) {
                return None;
            }
            let mut fields = Vec::new();
            let mut known = false;
            for line in src.lines() {
                let (label, value) = split_label(line)?;
                if !line.trim_start().starts_with(['*', '_']) {
                    return None;
                }
                let k = template::field_index(&spec.fields, label);
                known |= k.is_some();
                let placeholders = k
                    .and_then(|k| spec.fields.get(k))
                    .map_or(&[][..], |f| f.placeholders.as_slice());
                fields.push(Field::new(label.trim(), unplaceholder(value, placeholders)));
            }
            known.then_some(Value::Fields(fields))
        }
        BlockKind::FieldList => {
            let ChunkKind::List { items, .. } = &chunk.kind else {
                return None;
            };
            let mut fields = Vec::new();
            let mut known = false;
            for item in items {
                if item.task.is_some() {
                    return None;
                }
                let t = item_text(text, item, false)?;
                if t.contains('\n') {
                    return None;
                }
                let (label, value) = split_label(&t)?;
                let k = template::field_index(&spec.fields, label);
                known |= k.is_some();
                let placeholders = k
                    .and_then(|k| spec.fields.get(k))
                    .map_or(&[][..], |f| f.placeholders.as_slice());
                fields.push(Field::new(label.trim(), unplaceholder(value, placeholders)));
            }
            known.then_some(Value::Fields(fields))
        }
        _ => {
            let ChunkKind::List {
                ordered,
                start,
                items,
            } = &chunk.kind
            else {
                return None;
            };
            let check = spec.kind.is_checklist();
            let mut out = Vec::with_capacity(items.len());
            for (n, item) in items.iter().enumerate() {
                if item.task.is_some() != check {
                    return None;
                }
                let t = item_text(text, item, check)?;
                let placeholder = template::placeholder_at(&spec.placeholders, n, spec.repeat);
                let is_ph = template::is_placeholder(&t, &spec.placeholders)
                    && placeholder
                        .as_deref()
                        .is_some_and(|p| template::is_placeholder(&t, &[p]));
                out.push(Item {
                    text: if is_ph { String::new() } else { t },
                    checked: item.task.unwrap_or(false),
                });
            }
            Some(Value::List(List {
                start: if *ordered && spec.kind.is_ordered() {
                    *start
                } else {
                    1
                },
                items: out,
            }))
        }
    }
}

/// The markdown of a list item without its marker (and checkbox), continuation lines dedented.
/// `None` when the item cannot be rewritten safely (tabs, lazy continuation lines).
fn item_text(text: &str, item: &ItemInfo, task: bool) -> Option<String> {
    let src = text.get(item.range.clone())?;
    let mut lines = src.split('\n');
    let first = lines.next()?;
    let lead = first.len() - first.trim_start_matches(' ').len();
    if lead > 3 || first.starts_with('\t') {
        return None;
    }
    let after_lead = first.get(lead..)?;
    let marker_len = if after_lead.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = after_lead.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 || !after_lead.get(digits..)?.starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let after_marker = after_lead.get(marker_len..)?;
    if after_marker.starts_with('\t') {
        return None;
    }
    let spaces = after_marker.len() - after_marker.trim_start_matches(' ').len();
    let content_first = after_marker.trim_start_matches(' ');
    let indent = if content_first.is_empty() {
        lead + marker_len + 1
    } else if spaces > 4 {
        return None;
    } else {
        lead + marker_len + spaces
    };
    let mut first_line = content_first.trim_end();
    if task {
        let rest = first_line.get(3..)?;
        let bx = first_line.get(..3)?;
        if !matches!(bx, "[ ]" | "[x]" | "[X]") {
            return None;
        }
        first_line = rest.strip_prefix(' ').unwrap_or(rest);
    }
    let mut out = String::from(first_line);
    let mut pending_blank = 0;
    for line in lines {
        if line.trim().is_empty() {
            pending_blank += 1;
            continue;
        }
        let ws = line.len() - line.trim_start_matches(' ').len();
        if ws < indent || line.get(..ws.min(indent + 4))?.contains('\t') {
            return None;
        }
        for _ in 0..pending_blank {
            out.push('\n');
        }
        pending_blank = 0;
        out.push('\n');
        out.push_str(line.get(indent..)?.trim_end());
    }
    if out.starts_with(' ') || out.starts_with('\t') {
        return None;
    }
    Some(out)
}

/// Reads a GitHub table whose header matches the spec's columns.
fn read_table(src: &str, spec: &BlockSpec) -> Option<Table> {
    let mut lines = src.lines().filter(|l| !l.trim().is_empty());
    let header = split_cells(lines.next()?);
    let delim = split_cells(lines.next()?);
    if header.len() != spec.columns.len() || delim.len() != header.len() {
        return None;
    }
    for (cell, col) in header.iter().zip(&spec.columns) {
        if template::normalize_title(cell) != template::normalize_title(&col.name) {
            return None;
        }
    }
    let align = delim.iter().map(|d| align_of(d)).collect();
    let mut rows = Vec::new();
    for (r, line) in lines.enumerate() {
        let mut cells = split_cells(line);
        if cells.len() > header.len() {
            return None;
        }
        cells.resize(header.len(), String::new());
        for (c, cell) in cells.iter_mut().enumerate() {
            if let Some(col) = spec.columns.get(c) {
                let ph = template::placeholder_at(&col.placeholders, r, true);
                if template::is_placeholder(cell, &col.placeholders)
                    && ph
                        .as_deref()
                        .is_some_and(|p| template::is_placeholder(cell, &[p]))
                {
                    cell.clear();
                }
            }
        }
        rows.push(cells);
    }
    Some(Table {
        header: header.into_iter().map(|h| h.trim().to_string()).collect(),
        align,
        rows,
    })
}

// ---------------------------------------------------------------------------------------------
// The guard.

/// A section's typed blocks are kept only if rendering them and reading them back gives the same
/// blocks, and every word of the source survives.
fn blocks_round_trip(spec: &SectionSpec, blocks: &[Block], source: &str, index: usize) -> bool {
    if blocks.iter().all(Block::is_raw) {
        return true;
    }
    let rendered = write::blocks_markdown(blocks, index);
    let (again, _) = match_blocks(&rendered, &chunks(&rendered), &spec.blocks);
    again == blocks && words_kept(source, &rendered)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus document: an upstream template from the built-ins (their files without the
    /// annotation lines), anything else from the shared folder (`None` where there is none:
    /// that part of the test is skipped).
    fn corpus(name: &str) -> Option<String> {
        let builtin = match name {
            "madr-adr-template.md" => Some("madr"),
            "rust-rfc-0000-template.md" => Some("rust-rfc"),
            "spec-kit-plan-template.md" => Some("spec-kit-plan"),
            "spec-kit-spec-template.md" => Some("spec-kit-spec"),
            _ => None,
        };
        builtin
            .and_then(template::builtin_source)
            .map(template::strip_annotations)
            .or_else(|| crate::core::shared_data::shared_text(&format!("corpus/{name}")))
    }

    #[test]
    fn detection() {
        for (name, want) in [
            ("madr-0000-use-markdown-adrs.md", "madr"),
            ("madr-adr-template.md", "madr"),
            ("rust-rfc-1522-conservative-impl-trait.md", "rust-rfc"),
            ("rust-rfc-2094-nll.md", "rust-rfc"),
            ("rust-rfc-2495-min-rust-version.md", "rust-rfc"),
            ("rust-rfc-3935-Project-Goals-2026.md", "rust-rfc"),
            ("rust-rfc-0000-template.md", "rust-rfc"),
            ("spec-kit-plan-template.md", "spec-kit-plan"),
            ("spec-kit-spec-template.md", "spec-kit-spec"),
        ] {
            let Some(src) = corpus(name) else {
                continue;
            };
            let h = headings(&src);
            let scores: Vec<_> = crate::core::template::Catalog::new()
                .all()
                .iter()
                .map(|t| (t.id.clone(), fit(t, &h)))
                .collect();
            assert_eq!(
                detect(&src, &crate::core::template::Catalog::new()).id,
                want,
                "{name}: {scores:?}"
            );
        }
    }

    #[test]
    /// Each upstream template compiles, and its blank plan renders to itself.
    fn upstream_templates_render_their_blank() {
        for name in [
            "madr-adr-template.md",
            "rust-rfc-0000-template.md",
            "spec-kit-plan-template.md",
            "spec-kit-spec-template.md",
        ] {
            let Some(src) = corpus(name) else {
                continue;
            };
            let c = template::compile(&src);
            let same = c.template.markdown == src;
            eprintln!("{name}: blank==source {same}; warnings {:?}", c.warnings);
            let plan = import_with(&c.template.markdown, &c.template);
            let out = crate::core::render::to_markdown(&plan);
            assert_eq!(out, c.template.markdown, "{name}");
            if !same {
                let a: Vec<&str> = src.lines().collect();
                let b: Vec<&str> = c.template.markdown.lines().collect();
                for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
                    if x != y {
                        eprintln!("  line {i}: {x:?} vs {y:?}");
                        break;
                    }
                }
            }
        }
    }

    fn option_pattern() -> HeadingPattern {
        template::technical_plan()
            .section("architecture-decision/option")
            .unwrap()
            .heading
            .clone()
    }

    fn phase_pattern() -> HeadingPattern {
        template::technical_plan()
            .section("implementation-steps/phase")
            .unwrap()
            .heading
            .clone()
    }

    /// One pass of import + render reaches a fixed point.
    fn assert_fixed_point(input: &str) {
        let once = crate::core::to_markdown(&import_markdown(input));
        let twice = crate::core::to_markdown(&import_markdown(&once));
        assert_eq!(twice, once, "{input:?}");
    }

    #[test]
    fn front_matter_is_kept_byte_for_byte() {
        let front = "---\ntitle: \"Rate limits\"  \nowners:\n  - ana\n  - bo # lead\n<script>x</script>: 1\n---\n";
        for rest in [
            "",
            "\n# Technical Plan: X\n\n## Problem Statement\n\nWhy.\n",
        ] {
            let input = format!("{front}{rest}");
            let out = crate::core::to_markdown(&import_markdown(&input));
            assert!(out.starts_with(front), "{out:?}");
            assert_fixed_point(&input);
        }
    }

    #[test]
    fn alerts_are_kept_as_written() {
        for body in [
            "> [!NOTE]\n> Read this.\n",
            "> [!warning]\n> Careful\n> - one\n",
            "- item\n\n  > [!TIP]\n  > nested\n",
        ] {
            let input = format!("# Technical Plan: X\n\n## Problem Statement\n\n{body}");
            let out = crate::core::to_markdown(&import_markdown(&input));
            assert!(out.contains(body.trim_end()), "{out:?}");
            assert_fixed_point(&input);
        }
    }

    #[test]
    fn escapes_at_the_start_of_a_heading_are_kept() {
        for input in [
            "\n \\\\<\n-",
            "# \\\\x\n",
            "# \\# not a tag\n",
            "Title \\*\n===",
        ] {
            assert_fixed_point(input);
        }
    }

    #[test]
    fn unicode_spaces_at_the_end_of_a_block_are_text() {
        // Found by fuzzing: `#` + no-break space is a paragraph line; trimmed to `#` it became
        // an empty heading.
        for input in [
            "x\n#\u{a0}",
            "para\u{a0}\n",
            "- item\u{2003}\n",
            "#\u{a0}\n",
        ] {
            assert_fixed_point(input);
        }
    }

    #[test]
    fn byte_order_marks_anywhere_are_dropped() {
        // Found by fuzzing: a BOM after a newline became the first character of the output.
        for input in ["\n\u{feff}", "\u{feff}# T\n", "a\u{feff}\n\n\u{feff}b"] {
            let once = crate::core::to_markdown(&import_markdown(input));
            assert!(!once.contains('\u{feff}'), "{once:?}");
            assert_eq!(crate::core::to_markdown(&import_markdown(&once)), once);
        }
    }

    #[test]
    fn chunks_cover_blocks_and_gaps() {
        let text = "# Title\n\npara\n\n[ref]: https://example.com\n\n- a\n- b\n";
        let c = chunks(text);
        let kinds: Vec<&str> = c
            .iter()
            .map(|c| match c.kind {
                ChunkKind::Heading { .. } => "h",
                ChunkKind::Paragraph => "p",
                ChunkKind::List { .. } => "l",
                ChunkKind::Other => "o",
                _ => "?",
            })
            .collect();
        assert_eq!(kinds, ["h", "p", "o", "l"]);
    }

    #[test]
    fn item_text_dedents_continuations() {
        let text = "1. first\n   - nested\n2. [x] done\n";
        let c = chunks(text);
        let ChunkKind::List { items, .. } = &c[0].kind else {
            panic!()
        };
        assert_eq!(
            item_text(text, &items[0], false).as_deref(),
            Some("first\n- nested")
        );
    }

    #[test]
    fn lazy_continuation_is_not_rewritten() {
        let text = "- first\nlazy\n";
        let c = chunks(text);
        let ChunkKind::List { items, .. } = &c[0].kind else {
            panic!()
        };
        assert_eq!(item_text(text, &items[0], false), None);
    }

    #[test]
    fn labels_in_their_spellings() {
        assert_eq!(split_label("**Pros:**"), Some(("Pros", "")));
        assert_eq!(split_label("**Pros**: fast"), Some(("Pros", "fast")));
        assert_eq!(split_label("__Cons:__"), Some(("Cons", "")));
        assert_eq!(split_label("Pros:"), Some(("Pros", "")));
        assert_eq!(split_label("**Spec:** SPEC-1  "), Some(("Spec", "SPEC-1")));
        assert_eq!(split_label("just text"), None);
    }

    #[test]
    fn option_headings() {
        let h = parse_heading(&option_pattern(), "Option B: Queue ✅ **(Chosen)**").unwrap();
        assert_eq!(
            (h.ordinal.as_str(), h.text.as_str(), h.chosen),
            ("B", "Queue", true)
        );
        let h = parse_heading(&option_pattern(), "option 2 - Cache (chosen)").unwrap();
        assert_eq!(
            (h.ordinal.as_str(), h.text.as_str(), h.chosen),
            ("2", "Cache", true)
        );
        let h = parse_heading(&option_pattern(), "Option A: [Approach 1]").unwrap();
        assert_eq!(h.text, "");
        assert!(parse_heading(&option_pattern(), "Options considered").is_none());
    }

    #[test]
    fn phase_headings() {
        let h = parse_heading(&phase_pattern(), "Phase 1: Foundation (Day 1-2)").unwrap();
        assert_eq!(
            (h.ordinal.as_str(), h.text.as_str(), h.suffix.as_str()),
            ("1", "Foundation", "Day 1-2")
        );
        let h = parse_heading(&phase_pattern(), "Phase 4: Polish").unwrap();
        assert_eq!(h.suffix, "");
    }

    #[test]
    fn cells_split_on_unescaped_pipes() {
        assert_eq!(
            split_cells("| a | b \\| c | `d` |"),
            ["a", "b \\| c", "`d`"]
        );
        assert_eq!(split_cells("a|b"), ["a", "b"]);
    }
}
