//! Any markdown template → a runtime [`Template`]: what [`infer`] reads off its markdown becomes
//! the section and block specs import, render, checks and the form work from.
//!
//! A new plan *is* the template, by construction: the blank plan is the template's markdown
//! without its `<!-- planform: … -->` annotation lines, and a plan keeps the text it was read
//! from ([`crate::core::model::Repr`]), so importing the blank and writing it gives it back byte
//! for byte whatever canonical rendering would write. Nothing is relaxed or checked in rounds:
//! what the canonical form needs of the template's style (a section written tight under its
//! heading) is read from the template itself.

use std::sync::Arc;

use super::infer::{self, Ordinal, Require, SeenHeading};
use super::{
    BlockKind, BlockSpec, ColumnKind, ColumnSpec, FieldKind, FieldSpec, HeadingPattern,
    RepeatShape, Rule, SectionSpec, SuffixShape, Template, TitleShape, normalize_title,
};

/// A compiled template and what did not fit.
pub struct Compiled {
    /// The template.
    pub template: Arc<Template>,
    /// Warnings from parsing (unknown annotations, caps).
    pub warnings: Vec<String>,
}

/// Compiles a template from its markdown. Total: any text gives a template, whose blank plan
/// renders to itself.
pub fn compile(markdown: &str) -> Compiled {
    let source = crate::core::text::normalize_source(markdown);
    let schema = infer::parse_template(&source);
    let blank = blank_of(&source);
    Compiled {
        template: Arc::new(build(&schema, &blank)),
        warnings: schema.warnings,
    }
}

/// The blank plan: the template without its annotation lines, ending with one newline.
fn blank_of(source: &str) -> String {
    let mut blank = strip_annotations(source);
    let body = blank.trim_end_matches(['\n', '\r']).len();
    blank.truncate(body);
    if !blank.is_empty() {
        blank.push('\n');
    }
    blank
}

/// [`compile`], with the template's id set to `id` (a user's template keeps the id it was
/// stored under even when its name, and so the id [`compile`] would give, changes).
pub fn compile_as(markdown: &str, id: &str) -> Compiled {
    with_id(compile(markdown), id)
}

/// A compiled template under another id (no second compile).
pub fn with_id(compiled: Compiled, id: &str) -> Compiled {
    let name = compiled.template.name.clone();
    renamed(compiled, id, &name)
}

/// A compiled template under another id and name (no second compile).
pub fn renamed(compiled: Compiled, id: &str, name: &str) -> Compiled {
    let t = &compiled.template;
    if t.id == id && t.name == name {
        return compiled;
    }
    let mut renamed = Template::new(
        id,
        name.to_string(),
        t.markdown.clone(),
        t.title.clone(),
        t.sections.clone(),
    );
    renamed.source = t.source.clone();
    Compiled {
        template: Arc::new(renamed),
        warnings: compiled.warnings,
    }
}

/// The template's markdown without annotation lines (`<!-- planform: … -->` alone on a line).
pub fn strip_annotations(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let t = line.trim();
        let is_annotation = t.starts_with("<!--")
            && t.ends_with("-->")
            && t.get(4..)
                .is_some_and(|rest| rest.trim_start().starts_with("planform:"))
            && t.matches("-->").count() == 1;
        if !is_annotation {
            out.push_str(line);
        }
    }
    out
}

/// The runtime template from the schema.
fn build(schema: &infer::SeenTemplate, blank: &str) -> Template {
    let mut template = build_specs(schema, blank);
    template.source = schema.source.clone();
    template
}

fn build_specs(schema: &infer::SeenTemplate, blank: &str) -> Template {
    let builder = Builder { blank };
    let title = schema
        .title
        .as_ref()
        .map(|t| builder.title(t, &schema.blocks));
    let sections = schema.sections.iter().map(|s| builder.section(s)).collect();
    let id = if schema.id.is_empty() {
        "template".to_string()
    } else {
        schema.id.clone()
    };
    Template::new(id, schema.name.clone(), blank.to_string(), title, sections)
}

struct Builder<'a> {
    blank: &'a str,
}

impl Builder<'_> {
    fn title(&self, title: &infer::SeenTitle, header: &[infer::SeenBlock]) -> Arc<SectionSpec> {
        let placeholder = match (&title.prefix, title.name_prompt) {
            (Some(prefix), Some(_)) => title
                .text
                .get(prefix.len()..)
                .unwrap_or("")
                .trim_start_matches([' ', ':'])
                .trim()
                .to_string(),
            (None, Some(_)) => title.text.clone(),
            _ => String::new(),
        };
        let id = "title".to_string();
        let blocks = self.blocks(&id, header, "Header", false, &[]);
        let prefix = title.prefix.clone().unwrap_or_default();
        Arc::new(SectionSpec {
            title: if prefix.is_empty() {
                "Title".to_string()
            } else {
                prefix.clone()
            },
            aliases: Vec::new(),
            names: Vec::new(),
            level: 1,
            heading: HeadingPattern::Title(TitleShape {
                prefix,
                placeholder,
            }),
            tight: false,
            blocks,
            children: Vec::new(),
            id,
        })
    }

    fn section(&self, spec: &infer::SeenSection) -> Arc<SectionSpec> {
        let (title, aliases, heading) = match &spec.heading {
            SeenHeading::Fixed { text, aliases } => {
                (text.clone(), aliases.clone(), HeadingPattern::Fixed)
            }
            SeenHeading::Pattern {
                word,
                ordinal,
                suffix,
                suffix_name,
                chosen_marker,
                texts,
                aliases,
                ..
            } => {
                let mut shape = repeat_shape(
                    word,
                    *ordinal,
                    suffix
                        .as_deref()
                        .map(|s| SuffixShape::new(s, suffix_name.as_deref())),
                    chosen_marker.is_some(),
                    texts,
                );
                shape.words.extend(aliases.iter().cloned());
                (word.clone(), Vec::new(), HeadingPattern::Repeated(shape))
            }
        };
        let names = std::iter::once(&title)
            .chain(aliases.iter())
            .map(|t| normalize_title(t))
            .filter(|n| !n.is_empty())
            .collect();
        let pick_one = spec.repeat.as_ref().is_some_and(|r| r.pick_one);
        let blocks = self.blocks(&spec.id, &spec.blocks, &title, pick_one, &spec.require);
        let children = spec.children.iter().map(|c| self.section(c)).collect();
        Arc::new(SectionSpec {
            id: spec.id.clone(),
            title,
            aliases,
            names,
            level: spec.level,
            heading,
            tight: spec.tight,
            blocks,
            children,
        })
    }

    /// A section's block specs. Raw blocks get none (what no spec matches is kept as written);
    /// a run of field paragraphs becomes one fields block per paragraph.
    fn blocks(
        &self,
        section: &str,
        blocks: &[infer::SeenBlock],
        title: &str,
        pick_one: bool,
        require: &[Require],
    ) -> Vec<Arc<BlockSpec>> {
        let mut out = Vec::new();
        let mut unnamed = 0usize;
        let mut name_for = |label: &Option<String>| match label {
            Some(l) => l.clone(),
            None => {
                unnamed += 1;
                if unnamed == 1 {
                    title.to_string()
                } else {
                    format!("{title} {unnamed}")
                }
            }
        };
        let mut skip_to = 0usize;
        for (i, b) in blocks.iter().enumerate() {
            let id = format!("{section}#{i}");
            if i < skip_to || matches!(b.kind, infer::SeenKind::Raw) {
                continue;
            }
            let name = match &b.name {
                Some(called) => called.clone(),
                None => name_for(&b.label),
            };
            let annotated = b.prompts == [infer::Prompt::Annotated];
            let run = blocks
                .get(i..)
                .unwrap_or(&[])
                .iter()
                .take_while(|n| n.label.is_none() && !matches!(n.kind, infer::SeenKind::Raw))
                .count()
                .max(1);
            // A `prompt` annotation on prose, or on a block that more blocks follow: it and the
            // unlabelled blocks after it (up to scaffolding or a label) are one prompt, the
            // section's instructions (Rust RFC). On a lone list, table or code block, its items,
            // cells or code are the prompts.
            if b.label.is_none()
                && annotated
                && (run > 1 || matches!(b.kind, infer::SeenKind::Prose))
            {
                skip_to = i + run;
                let text: Vec<&str> = blocks
                    .get(i..i + run)
                    .unwrap_or(&[])
                    .iter()
                    .map(|n| n.source.as_str())
                    .collect();
                let mut spec = self.kept_as_written(id, name, b);
                spec.placeholders = vec![text.join("\n\n")];
                out.push(Arc::new(spec));
                continue;
            }
            let required = pick_one
                && require.contains(&Require::Filled)
                && !b.chosen_only
                && !matches!(b.kind, infer::SeenKind::Prose);
            let rule = match b.require.or_else(|| {
                require
                    .iter()
                    .copied()
                    .find(|r| matches!(r, Require::Ticked | Require::Answered))
            }) {
                Some(Require::Ticked) => Some(Rule::Ticked),
                Some(Require::Answered) => Some(Rule::Answered),
                _ => None,
            };
            let base = BlockSpec {
                label: b.label.clone(),
                label_aliases: b.label_aliases.clone(),
                label_sep: self.label_sep(b.label.as_deref()),
                colon_outside: self.colon_outside(b.label.as_deref()),
                required,
                chosen_only: pick_one && b.chosen_only,
                ..BlockSpec::prose(id.clone(), name)
            };
            match &b.kind {
                infer::SeenKind::Prose | infer::SeenKind::Raw => out.push(Arc::new(BlockSpec {
                    placeholders: if b.prompts.is_empty() {
                        Vec::new()
                    } else {
                        vec![b.source.clone()]
                    },
                    ..base
                })),
                infer::SeenKind::List { .. } | infer::SeenKind::Checklist => {
                    let (placeholders, repeat) = if annotated {
                        every_item(&b.items)
                    } else {
                        list_placeholders(&b.items)
                    };
                    let numbered = match b.kind {
                        infer::SeenKind::List { ordered } => ordered,
                        _ => b
                            .source
                            .trim_start()
                            .starts_with(|c: char| c.is_ascii_digit()),
                    };
                    let check = matches!(b.kind, infer::SeenKind::Checklist);
                    out.push(Arc::new(BlockSpec {
                        kind: match (check, numbered) {
                            (true, true) => BlockKind::NumberedChecklist,
                            (true, false) => BlockKind::Checklist,
                            (false, true) => BlockKind::Ordered,
                            (false, false) => BlockKind::Bullet,
                        },
                        bullet: bullet_of(&b.source),
                        placeholders,
                        repeat,
                        rule: if check { rule } else { None },
                        ..base
                    }));
                }
                infer::SeenKind::Table { columns } => out.push(Arc::new(BlockSpec {
                    kind: BlockKind::Table,
                    columns: table_columns(columns, &b.source, annotated),
                    delimiter: b.source.lines().nth(1).map(|l| l.trim().to_string()),
                    ..base
                })),
                infer::SeenKind::Code { lang } => {
                    let body = code_body(&b.source);
                    out.push(Arc::new(BlockSpec {
                        kind: BlockKind::Code,
                        lang: lang.clone().unwrap_or_default(),
                        placeholders: if b.prompts.is_empty() && !annotated {
                            Vec::new()
                        } else {
                            vec![body]
                        },
                        ..base
                    }));
                }
                infer::SeenKind::Fields { style, fields } => {
                    let specs: Vec<FieldSpec> = fields
                        .iter()
                        .enumerate()
                        .map(|(k, f)| field_spec(f, b.alternates.get(k).map_or(&[], Vec::as_slice)))
                        .collect();
                    match style {
                        infer::SeenFieldStyle::Bullets => out.push(Arc::new(BlockSpec {
                            kind: BlockKind::FieldList,
                            fields: specs,
                            ..base
                        })),
                        infer::SeenFieldStyle::Lines => {
                            // One block per paragraph of the run (spec-kit writes one field a
                            // paragraph); a paragraph's fields are its lines.
                            let paragraphs: Vec<&str> = b
                                .source
                                .split("\n\n")
                                .filter(|p| !p.trim().is_empty())
                                .collect();
                            let colon_outside = b.source.trim_start().starts_with("**")
                                && b.source.lines().all(|l| !l.contains(":**"));
                            if paragraphs.len() <= 1 {
                                out.push(Arc::new(BlockSpec {
                                    kind: BlockKind::FieldLines,
                                    fields: specs,
                                    colon_outside,
                                    ..base
                                }));
                                continue;
                            }
                            let mut rest = specs.into_iter();
                            for (k, paragraph) in paragraphs.iter().enumerate() {
                                let count: usize = paragraph
                                    .lines()
                                    .filter_map(infer::field_line)
                                    .map(|f| f.len())
                                    .sum();
                                let own: Vec<FieldSpec> = rest.by_ref().take(count).collect();
                                let Some(first) = own.first() else { continue };
                                let mut spec = base.clone();
                                spec.id = format!("{id}.{k}");
                                spec.name = first.label.clone();
                                spec.kind = BlockKind::FieldLines;
                                spec.colon_outside = colon_outside;
                                spec.label = None;
                                spec.label_aliases = Vec::new();
                                spec.fields = own;
                                out.push(Arc::new(spec));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// A block the canonical form could not write as the template does: prose, its text as
    /// written (a prompt when the template's text had one).
    fn kept_as_written(&self, id: String, name: String, b: &infer::SeenBlock) -> BlockSpec {
        BlockSpec {
            label_sep: "\n\n",
            placeholders: if b.prompts.is_empty() {
                Vec::new()
            } else {
                vec![b.source.clone()]
            },
            ..BlockSpec::prose(id, name)
        }
    }

    /// `"\n"` when the template writes the label's block on the next line, else `"\n\n"`.
    fn label_sep(&self, label: Option<&str>) -> &'static str {
        let Some(label) = label else { return "\n" };
        for form in [format!("**{label}:**"), format!("**{label}**:")] {
            if let Some(at) = self.blank.find(&form) {
                let after = self.blank.get(at + form.len()..).unwrap_or("");
                return if after.starts_with("\n\n") {
                    "\n\n"
                } else {
                    "\n"
                };
            }
        }
        "\n"
    }

    /// True when the template writes this label `**Label**:`.
    fn colon_outside(&self, label: Option<&str>) -> bool {
        label.is_some_and(|l| {
            !self.blank.contains(&format!("**{l}:**")) && self.blank.contains(&format!("**{l}**:"))
        })
    }
}

/// The heading shape of a repeated section, from its instances' headings.
fn repeat_shape(
    word: &str,
    ordinal: Option<Ordinal>,
    suffix: Option<SuffixShape>,
    pick_one: bool,
    texts: &[String],
) -> RepeatShape {
    let noun = word.to_lowercase();
    let Some(ordinal) = ordinal else {
        // Prompt-only headings: each instance's prompt, the last repeating.
        let placeholders = texts
            .iter()
            .filter(|t| infer::prompt_kind(t).is_some())
            .cloned()
            .collect();
        return RepeatShape {
            words: vec![word.to_string()],
            noun,
            letters: false,
            placeholders,
            sep: String::new(),
            bare: true,
            suffix: None,
            pick_one,
        };
    };
    let mut sep = String::new();
    let mut names = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let Some(parts) = infer::heading_parts(text) else {
            names.push(String::new());
            continue;
        };
        if i == 0 && !parts.name.is_empty() {
            // What stands between the ordinal and the name, as written (`: `, ` - `).
            let after_word = text.get(parts.word.len()..).unwrap_or("").trim_start();
            let ord_len = after_word
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(after_word.len());
            let after_ord = after_word.get(ord_len..).unwrap_or("");
            if let Some(at) = after_ord.find(&parts.name) {
                sep = after_ord.get(..at).unwrap_or("").to_string();
            }
        }
        let name = if infer::prompt_kind(&parts.name).is_some() {
            generalise(&parts.name, i, ordinal)
        } else {
            String::new()
        };
        names.push(name);
    }
    // One pattern when every instance's prompt is the same but for its number.
    let placeholders = if names.iter().all(String::is_empty) {
        Vec::new()
    } else if names.windows(2).all(|w| w[0] == w[1]) {
        names.truncate(1);
        names
    } else {
        names
    };
    if sep.is_empty() {
        sep = ": ".to_string();
    }
    RepeatShape {
        words: vec![word.to_string()],
        noun,
        letters: ordinal == Ordinal::Letter,
        placeholders,
        sep,
        bare: false,
        suffix,
        pick_one,
    }
}

/// `[Approach 2]` in the second instance → `[Approach {n}]`.
fn generalise(name: &str, index: usize, _ordinal: Ordinal) -> String {
    let n = (index + 1).to_string();
    let bytes = name.as_bytes();
    let mut out = String::with_capacity(name.len() + 2);
    let mut i = 0;
    while i < name.len() {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if digits > 0 && boundary && name.get(i..i + digits) == Some(n.as_str()) {
            let end = i + digits;
            if end == name.len() || !bytes[end].is_ascii_alphanumeric() {
                out.push_str("{n}");
                i = end;
                continue;
            }
        }
        let ch_len = name[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&name[i..i + ch_len]);
        i += ch_len;
    }
    out
}

/// A list's placeholders by position: its prompt items (`""` where an item is a default); an
/// enumerated run (`Goal 1`, `Goal 2`) becomes one repeating pattern (`Goal {n}`).
fn list_placeholders(items: &[String]) -> (Vec<String>, bool) {
    let prompt = |t: &str| infer::prompt_kind(t).is_some();
    if items.is_empty() || !items.iter().any(|t| prompt(t)) {
        return (Vec::new(), false);
    }
    let patterns: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, t)| generalise(t, i, Ordinal::Number))
        .collect();
    if items.len() >= 2
        && items.iter().all(|t| prompt(t))
        && patterns.iter().all(|p| p.contains("{n}"))
        && patterns.windows(2).all(|w| w[0] == w[1])
    {
        return (vec![patterns[0].clone()], true);
    }
    let placeholders = items
        .iter()
        .map(|t| if prompt(t) { t.clone() } else { String::new() })
        .collect();
    (placeholders, false)
}

/// An annotated list: every item is a prompt, by position; an enumerated run becomes its
/// pattern too.
fn every_item(items: &[String]) -> (Vec<String>, bool) {
    let mut all = items.to_vec();
    match pattern_of(&all) {
        Some(pattern) => {
            all.push(pattern);
            (all, true)
        }
        None => (all, false),
    }
}

/// The pattern a run of values follows when they differ only by a number (`^1.0.0`, `^2.0.0` →
/// `^{n}.0.0`) or by a capital letter standing alone (`Library A`, `Library B` → `Library {L}`;
/// `X days`, `Y days`, `Z days` → `{L} days`).
fn pattern_of(values: &[String]) -> Option<String> {
    if values.len() < 2 {
        return None;
    }
    let numbered: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| generalise(v, i, Ordinal::Number))
        .collect();
    if numbered.iter().all(|p| p.contains("{n}")) && numbered.windows(2).all(|w| w[0] == w[1]) {
        return numbered.into_iter().next();
    }
    // One capital letter standing alone, in the same place in every value.
    let lettered: Vec<Option<String>> = values
        .iter()
        .map(|v| {
            let words: Vec<&str> = v.split(' ').collect();
            let at = words
                .iter()
                .position(|w| w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase()))?;
            let mut out = words.clone();
            out[at] = "{L}";
            Some(out.join(" "))
        })
        .collect();
    let first = lettered.first().cloned().flatten()?;
    lettered
        .iter()
        .all(|l| l.as_deref() == Some(first.as_str()))
        .then_some(first)
}

/// The bullet character a list is written with.
fn bullet_of(source: &str) -> char {
    source
        .trim_start()
        .chars()
        .next()
        .filter(|c| matches!(c, '*' | '+'))
        .unwrap_or('-')
}

/// A fenced code block's text without its fences.
fn code_body(source: &str) -> String {
    let mut lines: Vec<&str> = source.lines().collect();
    let fenced = lines
        .first()
        .is_some_and(|l| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~"));
    if fenced {
        lines.remove(0);
        if lines
            .last()
            .is_some_and(|l| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~"))
        {
            lines.pop();
        }
    }
    lines.join("\n")
}

/// A table's columns with their kinds and the template's cells as placeholders by row (a cell
/// that is a default gives `""`).
fn table_columns(columns: &[infer::SeenColumn], source: &str, annotated: bool) -> Vec<ColumnSpec> {
    let rows: Vec<Vec<String>> = source
        .lines()
        .skip(2)
        .map(crate::core::text::split_cells)
        .collect();
    columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let cells: Vec<String> = rows
                .iter()
                .map(|r| r.get(c).cloned().unwrap_or_default())
                .collect();
            let placeholders = if annotated {
                let mut all = cells.clone();
                if let Some(pattern) = pattern_of(&cells) {
                    all.push(pattern);
                }
                all
            } else if cells.iter().any(|t| infer::prompt_kind(t).is_some()) {
                cells
                    .iter()
                    .map(|t| {
                        if infer::prompt_kind(t).is_some() {
                            t.clone()
                        } else {
                            String::new()
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            ColumnSpec {
                name: col.name.clone(),
                placeholders,
                kind: match &col.kind {
                    infer::SeenColumnKind::Text => ColumnKind::Text,
                    infer::SeenColumnKind::Date => ColumnKind::Date,
                    infer::SeenColumnKind::Status(values) => ColumnKind::Status(values.clone()),
                },
            }
        })
        .collect()
}

/// A field's spec; `alternates` are the values other instances of a repeated section give it
/// (`Y days`, `Z days`): prompts too, by position, with their pattern (`{L} days`) after them.
fn field_spec(f: &infer::SeenField, alternates: &[String]) -> FieldSpec {
    let placeholders = if f.prompt.is_some() {
        let mut all = vec![f.default.clone()];
        all.extend(
            alternates
                .iter()
                .filter(|a| infer::prompt_kind(a).is_some())
                .cloned(),
        );
        if let Some(pattern) = pattern_of(&all) {
            all.push(pattern);
        }
        all
    } else {
        Vec::new()
    };
    FieldSpec {
        label: f.label.clone(),
        aliases: f.aliases.clone(),
        placeholders,
        kind: match f.kind {
            infer::SeenFieldKind::Text => FieldKind::Text,
            infer::SeenFieldKind::Date => FieldKind::Date,
            infer::SeenFieldKind::Percent => FieldKind::Percent,
        },
        role: f.role.or_else(|| super::meta_field_of(&f.label)),
    }
}
