//! The versioned JSON envelope: `{"format": "planform", "version": N, "plan": …, "markdown": …}`.
//!
//! Reading validates the envelope, migrates older versions step by step, then restores the plan
//! field by field (missing fields take defaults, unknown ones are ignored). The plan's markdown
//! (as written: [`crate::core::render::to_markdown`]) travels beside the structured plan, so a plan whose structure cannot be read is still restored
//! from its markdown with nothing lost.

use serde::Serialize;
use serde_json::{Map, Value as Json};
use thiserror::Error;

use crate::core::model::{Block, Plan, Section, Value};
use crate::core::template::{self, BlockKind, BlockSpec, Catalog, MAX_TEMPLATE_BYTES};
use crate::core::{render, write};

/// The `format` value of every Planform envelope.
pub const FORMAT: &str = "planform";
/// The envelope version this build writes.
pub const VERSION: u64 = 2;

/// Why a JSON document could not be read as a plan.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum EnvelopeError {
    /// Not JSON at all.
    #[error("not valid JSON (line {line}, column {column}): {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// JSON, but not a Planform envelope.
    #[error("not a Planform file: {0}")]
    NotPlanform(String),
    /// Written by a newer Planform.
    #[error(
        "this plan was saved by a newer Planform (format version {found}; this version reads up to {supported}); update Planform to open it"
    )]
    TooNew {
        /// Version in the file.
        found: u64,
        /// Newest version this build reads.
        supported: u64,
    },
    /// A Planform envelope whose plan cannot be read.
    #[error("the plan in this file is damaged: {0}")]
    Invalid(String),
}

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    version: u64,
    source: &'static str,
    plan: &'a Plan,
    markdown: &'a str,
    /// The template's markdown when it is not a built-in, so the plan opens the same where
    /// that template has never been seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<&'a str>,
}

/// The plan as a pretty-printed JSON envelope (for files people may read and diff).
pub fn to_json(plan: &Plan) -> String {
    let markdown = render::to_markdown(plan);
    let env = envelope(plan, &markdown);
    // Serialising plain structs of strings, numbers and enums cannot fail.
    serde_json::to_string_pretty(&env).unwrap_or_default()
}

fn envelope<'a>(plan: &'a Plan, markdown: &'a str) -> Envelope<'a> {
    Envelope {
        format: FORMAT,
        version: VERSION,
        source: concat!("planform ", env!("CARGO_PKG_VERSION")),
        plan,
        markdown,
        template: (!template::is_builtin(&plan.template)).then_some(plan.template.source.as_str()),
    }
}

/// The envelope as the web app stores it on every edit: the plan's `markdown` (already
/// rendered by the caller) and the id of the template it follows, without the structured plan.
/// The markdown is the plan (import reads it back to the same plan), and leaving the structure
/// out halves what each keystroke writes and removes its serialisation.
pub fn to_record_json(plan: &Plan, markdown: &str) -> String {
    #[derive(Serialize)]
    struct Record<'a> {
        format: &'static str,
        version: u64,
        source: &'static str,
        template_id: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        name: &'a str,
        markdown: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        template: Option<&'a str>,
    }
    serde_json::to_string(&Record {
        format: FORMAT,
        version: VERSION,
        source: concat!("planform ", env!("CARGO_PKG_VERSION")),
        template_id: &plan.template.id,
        name: &plan.name,
        markdown,
        template: (!template::is_builtin(&plan.template)).then_some(plan.template.source.as_str()),
    })
    .unwrap_or_default()
}

/// True when `text` looks like a JSON envelope (used to detect the input format).
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Reads a JSON envelope of any supported version, against the built-in templates (and the
/// template it carries).
pub fn from_json(text: &str) -> Result<Plan, EnvelopeError> {
    from_json_in(text, &Catalog::new())
}

/// [`from_json`] against `catalog`: a plan that names a template it does not carry finds it
/// there.
pub fn from_json_in(text: &str, catalog: &Catalog) -> Result<Plan, EnvelopeError> {
    let text = text.trim_start_matches('\u{feff}');
    let value: Json = serde_json::from_str(text).map_err(|e| EnvelopeError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or("")
            .to_string(),
    })?;
    from_value_in(value, catalog)
}

/// Reads an already parsed envelope, against the built-in templates (and the one it carries).
pub fn from_value(value: Json) -> Result<Plan, EnvelopeError> {
    from_value_in(value, &Catalog::new())
}

/// [`from_value`] against `catalog`.
pub fn from_value_in(value: Json, catalog: &Catalog) -> Result<Plan, EnvelopeError> {
    let Json::Object(mut obj) = value else {
        return Err(EnvelopeError::NotPlanform("expected a JSON object".into()));
    };
    match obj.get("format") {
        Some(Json::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(EnvelopeError::NotPlanform(format!(
                "\"format\" is {other}, expected \"{FORMAT}\""
            )));
        }
        None => return Err(EnvelopeError::NotPlanform("no \"format\" field".into())),
    }
    let version = match obj.get("version") {
        Some(Json::Number(n)) => n.as_u64().ok_or_else(|| {
            EnvelopeError::NotPlanform(format!("\"version\" {n} is not a whole number"))
        })?,
        Some(other) => {
            return Err(EnvelopeError::NotPlanform(format!(
                "\"version\" is {other}, expected a number"
            )));
        }
        None => return Err(EnvelopeError::NotPlanform("no \"version\" field".into())),
    };
    if version == 0 {
        return Err(EnvelopeError::NotPlanform(
            "version 0 does not exist".into(),
        ));
    }
    if version > VERSION {
        return Err(EnvelopeError::TooNew {
            found: version,
            supported: VERSION,
        });
    }
    for from in version..VERSION {
        migrate(from, &mut obj);
    }
    restore(obj, catalog)
}

/// Upgrades an envelope from `from` to `from + 1`. Each released format version adds one step
/// here.
///
/// 1 → 2: version 1 named sections and fields by the Technical Plan's fixed keys (`"key":
/// "goals"`, `"slot": "goals"`); version 2 names them by template ids. The version 1 plan is
/// read again from its markdown, which every version 1 envelope Planform wrote has;
/// a hand-made one without it has its structure written out as markdown, generically (every
/// heading and word kept), and that is read instead.
fn migrate(from: u64, obj: &mut Map<String, Json>) {
    if from == 1 {
        // A plan that is not an object stays, to be reported as damaged.
        if !matches!(obj.get("plan"), Some(Json::Object(_))) {
            return;
        }
        let plan = obj.remove("plan");
        if !matches!(obj.get("markdown"), Some(Json::String(_)))
            && let Some(plan) = plan
        {
            obj.insert("markdown".into(), Json::String(v1_markdown(&plan)));
        }
    }
}

/// A version 1 plan's structure as markdown: headings at their levels, then each block's value
/// written by its shape.
fn v1_markdown(plan: &Json) -> String {
    fn text<'a>(v: &'a Json, key: &str) -> &'a str {
        v.get(key).and_then(Json::as_str).unwrap_or("")
    }
    fn section(s: &Json, depth: usize, out: &mut Vec<String>) {
        if depth > 64 {
            return;
        }
        let level = s
            .get("level")
            .and_then(Json::as_u64)
            .unwrap_or(2)
            .clamp(1, 6);
        let h = s.get("heading").unwrap_or(&Json::Null);
        let mut heading = String::new();
        for part in [text(h, "prefix"), text(h, "ordinal")] {
            if !part.trim().is_empty() {
                if !heading.is_empty() {
                    heading.push(' ');
                }
                heading.push_str(part.trim());
            }
        }
        let name = text(h, "text").trim();
        if !name.is_empty() {
            if !heading.is_empty() {
                heading.push_str(": ");
            }
            heading.push_str(name);
        }
        if !text(h, "duration").trim().is_empty() {
            heading.push_str(&format!(" ({})", text(h, "duration").trim()));
        }
        if h.get("chosen").and_then(Json::as_bool) == Some(true) {
            heading.push(' ');
            heading.push_str(template::CHOSEN_MARKER);
        }
        out.push(format!("{} {heading}", "#".repeat(level as usize)));
        for block in s
            .get("blocks")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let value = block.get("value").unwrap_or(&Json::Null);
            let md = match serde_json::from_value::<Value>(value.clone()) {
                Ok(v) => write::block_markdown(
                    &Block {
                        spec: None,
                        value: v,
                        ..Block::raw("")
                    },
                    0,
                ),
                Err(_) => String::new(),
            };
            if !md.trim().is_empty() {
                out.push(md);
            }
        }
        for child in s
            .get("children")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            section(child, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    let preamble = text(plan, "preamble");
    if !preamble.trim().is_empty() {
        out.push(preamble.trim_end().to_string());
    }
    for s in plan
        .get("sections")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        section(s, 0, &mut out);
    }
    out.join("\n\n") + "\n"
}

fn restore(obj: Map<String, Json>, catalog: &Catalog) -> Result<Plan, EnvelopeError> {
    let mut obj = obj;
    // The file it was imported from (what the library calls it when it has no title).
    let name = match obj.remove("name") {
        Some(Json::String(s)) => s,
        _ => String::new(),
    };
    let mut plan = restore_plan(obj, catalog)?;
    if plan.name.is_empty() {
        plan.name = name;
    }
    Ok(plan)
}

fn restore_plan(mut obj: Map<String, Json>, catalog: &Catalog) -> Result<Plan, EnvelopeError> {
    let markdown = match obj.remove("markdown") {
        Some(Json::String(s)) => Some(s),
        _ => None,
    };
    // A template carried along: compiled, so the plan's ids read against it (the caller may
    // add it to its catalog: `plan.template`).
    let carried = match obj.remove("template") {
        Some(Json::String(source)) if source.len() <= MAX_TEMPLATE_BYTES => {
            Some(template::compile(&source).template)
        }
        _ => None,
    };
    // The template a markdown-only record follows (see `to_record_json`).
    let follows = match obj.remove("template_id") {
        Some(Json::String(id)) => carried
            .clone()
            .filter(|t| t.id == id)
            .or_else(|| catalog.get(&id)),
        _ => None,
    };
    let structured = match obj.remove("plan") {
        Some(plan @ Json::Object(_)) => {
            let id = plan
                .get("template")
                .and_then(Json::as_str)
                .unwrap_or("technical-plan");
            let found = carried
                .clone()
                .filter(|t| t.id == id)
                .or_else(|| catalog.get(id));
            match found {
                Some(t) => Some(
                    serde_json::from_value::<Plan>(plan)
                        .map_err(|e| e.to_string())
                        .and_then(|mut p| p.link(&t).map(|()| p).map_err(|e| e.to_string())),
                ),
                None => Some(Err(format!("the plan follows an unknown template “{id}”"))),
            }
        }
        Some(Json::Null) | None => None,
        Some(other) => Some(Err(format!(
            "\"plan\" is {}, expected an object",
            kind_of(&other)
        ))),
    };
    match (structured, markdown) {
        (Some(Ok(mut plan)), md) => {
            repair(&mut plan);
            // The markdown, where it says the same, gives the plan as it was written (a plan
            // keeps its own bytes); the structure alone would be written canonically.
            if let Some(md) = md {
                let mut read = crate::core::import::import_with(&md, &plan.template.0);
                read.name.clone_from(&plan.name);
                if read == plan {
                    return Ok(read);
                }
            }
            Ok(plan)
        }
        (Some(Err(_)), Some(md)) | (None, Some(md)) => {
            Ok(match follows.as_ref().or(carried.as_ref()) {
                Some(t) => crate::core::import::import_with(&md, t),
                None => crate::core::import::import_in(&md, catalog),
            })
        }
        (Some(Err(e)), None) => Err(EnvelopeError::Invalid(e)),
        (None, None) => Err(EnvelopeError::Invalid(
            "it has neither a \"plan\" nor a \"markdown\" field".into(),
        )),
    }
}

fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// Makes a deserialised plan consistent: heading levels in 1–6, and a block whose value does not
/// suit its field becomes raw markdown (rendered, so nothing is lost).
pub fn repair(plan: &mut Plan) {
    let mut stack: Vec<&mut Section> = plan.sections.iter_mut().map(|s| &mut **s).collect();
    while let Some(s) = stack.pop() {
        s.level = s.level.clamp(1, 6);
        for block in &mut s.blocks {
            if !value_fits(block.spec.as_deref(), &block.value) {
                let raw = Block {
                    spec: None,
                    value: block.value.clone(),
                    ..Block::raw("")
                };
                *block = Block::raw(write::block_markdown(&raw, 0));
            }
        }
        stack.extend(s.children.iter_mut().map(|c| &mut **c));
    }
}

fn value_fits(spec: Option<&BlockSpec>, value: &Value) -> bool {
    let kind = spec.map_or(BlockKind::Prose, |s| s.kind);
    match value {
        Value::Markdown(_) => kind == BlockKind::Prose,
        Value::List(_) => kind.is_list(),
        Value::Table(t) => {
            kind == BlockKind::Table
                && spec.is_some_and(|s| t.rows.iter().all(|r| r.len() == s.columns.len()))
        }
        Value::Fields(_) => matches!(kind, BlockKind::FieldLines | BlockKind::FieldList),
        Value::Code(_) => kind == BlockKind::Code,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_plans_name_is_its_title_else_its_file_name_else_its_first_filled_field() {
        let catalog = Catalog::new();
        // An RFC has no title: imported, it is named by its file; made here, by its feature.
        let rfc =
            "- Feature Name: `min_rust_version`\n- Start Date: 2018-06-28\n\n## Summary\n\nMSRV.\n";
        let mut plan = crate::core::import::import_in(rfc, &catalog);
        assert_eq!(plan.display_title(), "min_rust_version");
        plan.name = "rust-rfc-2495".into();
        assert_eq!(plan.display_title(), "rust-rfc-2495");
        // The name travels with the stored record, not in the document.
        let md = crate::core::to_markdown(&plan);
        assert_eq!(md, rfc);
        let back = from_json_in(&to_record_json(&plan, &md), &catalog).expect("reads");
        assert_eq!(back.display_title(), "rust-rfc-2495");
        assert_eq!(crate::core::to_markdown(&back), rfc);
        // A blank plan: prompts and dates are not names.
        let blank = crate::core::template::technical_plan().markdown.clone();
        let mut tp = crate::core::import::import_in(&blank, &catalog);
        tp.set_meta(crate::core::model::MetaField::Created, "2026-12-06");
        assert_eq!(tp.display_title(), "Untitled plan");
        tp.set_title("Offline drafts");
        assert_eq!(tp.display_title(), "Offline drafts");
    }

    use super::*;

    #[test]
    fn round_trip() {
        let plan = Plan::from_template();
        let json = to_json(&plan);
        assert_eq!(from_json(&json).unwrap(), plan);
        let record = to_record_json(&plan, &render::to_markdown(&plan));
        assert!(record.len() < json.len() / 2, "{record}");
        assert_eq!(from_json(&record).unwrap(), plan);
    }

    /// A stored record names its template: a plan switched to a template that detection would
    /// not pick comes back under it.
    #[test]
    fn records_keep_the_template_they_follow() {
        let madr = template::builtin("madr").unwrap();
        let markdown = "# Technical Plan: Cache\n\n## Problem Statement\n\nSlow.\n";
        let plan = crate::core::import::import_with(markdown, &madr);
        let record = to_record_json(&plan, &render::to_markdown(&plan));
        assert!(!record.contains("\"plan\""), "{record}");
        let back = from_json(&record).unwrap();
        assert_eq!(back.template.id, "madr");
        assert_eq!(back, plan);
        // An id no one knows: the markdown is read as an import would (nothing lost).
        let unknown = record.replace("\"template_id\":\"madr\"", "\"template_id\":\"gone\"");
        let back = from_json(&unknown).unwrap();
        assert_eq!(render::to_markdown(&back), render::to_markdown(&plan));
    }

    #[test]
    fn clear_errors() {
        assert!(matches!(
            from_json("{\"format\":"),
            Err(EnvelopeError::Syntax { .. })
        ));
        assert!(matches!(
            from_json("[]"),
            Err(EnvelopeError::NotPlanform(_))
        ));
        assert!(matches!(
            from_json("{\"format\":\"x\",\"version\":1}"),
            Err(EnvelopeError::NotPlanform(_))
        ));
        assert_eq!(
            from_json("{\"format\":\"planform\",\"version\":99,\"plan\":{}}"),
            Err(EnvelopeError::TooNew {
                found: 99,
                supported: VERSION
            })
        );
        assert!(matches!(
            from_json("{\"format\":\"planform\",\"version\":1,\"plan\":7}"),
            Err(EnvelopeError::Invalid(_))
        ));
    }

    #[test]
    fn markdown_rescues_a_damaged_structure() {
        let json = "{\"format\":\"planform\",\"version\":1,\"plan\":{\"sections\":5},\"markdown\":\"## Goals\\n\\n1. Ship\\n\"}";
        let plan = from_json(json).unwrap();
        assert_eq!(render::to_markdown(&plan), "## Goals\n\n1. Ship\n");
    }

    #[test]
    fn mismatched_blocks_become_raw() {
        let json = r#"{"format":"planform","version":2,"plan":{"sections":[{"spec":"goals","level":9,"heading":{"text":"Goals"},
            "blocks":[{"spec":"goals#0","value":{"code":{"lang":"","text":"x"}}}]}]}}"#;
        let plan = from_json(json).unwrap();
        assert_eq!(plan.sections[0].level, 6);
        assert!(plan.sections[0].blocks[0].is_raw());
    }

    #[test]
    fn version_1_reads_its_markdown_or_its_structure() {
        let json = r###"{"format":"planform","version":1,"plan":{"sections":[{"key":"goals","level":2,"heading":{"text":"Goals"},
            "blocks":[{"slot":"goals","value":{"list":{"start":1,"items":[{"text":"Ship it"}]}}}]}]},"markdown":"## Goals\n\n1. Ship it\n"}"###;
        let plan = from_json(json).unwrap();
        assert_eq!(plan.sections[0].spec_id(), Some("goals"));
        assert_eq!(render::to_markdown(&plan), "## Goals\n\n1. Ship it\n");
        let bare = r#"{"format":"planform","version":1,"plan":{"sections":[{"key":"arch_option","level":3,"heading":{"prefix":"Option","ordinal":"B","text":"Queue","chosen":true},
            "blocks":[{"slot":"pros","value":{"list":{"start":1,"items":[{"text":"Fast"}]}}}]}]}}"#;
        let md = render::to_markdown(&from_json(bare).unwrap());
        assert!(md.contains("### Option B: Queue ✅ **(Chosen)**"), "{md}");
        assert!(md.contains("Fast"), "{md}");
    }
}
