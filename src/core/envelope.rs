//! The versioned JSON envelope: `{"format": "planform", "version": N, "plan": …, "markdown": …}`.
//!
//! Reading validates the envelope, migrates older versions step by step, then restores the plan
//! field by field (missing fields take defaults, unknown ones are ignored). The canonical markdown
//! travels beside the structured plan, so a plan whose structure cannot be read is still restored
//! from its markdown with nothing lost.

use serde::Serialize;
use serde_json::{Map, Value as Json};
use thiserror::Error;

use crate::core::import::import_markdown;
use crate::core::model::{Block, Plan, Section, Value};
use crate::core::render;
use crate::core::template::{BlockKind, Slot};

/// The `format` value of every Planform envelope.
pub const FORMAT: &str = "planform";
/// The envelope version this build writes.
pub const VERSION: u64 = 1;

/// Why a JSON document could not be read as a plan.
#[derive(Debug, Error, PartialEq, Eq)]
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
}

/// The plan as a pretty-printed JSON envelope (for files people may read and diff).
pub fn to_json(plan: &Plan) -> String {
    let markdown = render::to_markdown(plan);
    let env = envelope(plan, &markdown);
    // Serialising plain structs of strings, numbers and enums cannot fail.
    serde_json::to_string_pretty(&env).unwrap_or_default()
}

/// The same envelope, compact, with the plan's canonical `markdown` already rendered by the
/// caller: what the web app stores on every edit, where size and time count.
pub fn to_compact_json(plan: &Plan, markdown: &str) -> String {
    serde_json::to_string(&envelope(plan, markdown)).unwrap_or_default()
}

fn envelope<'a>(plan: &'a Plan, markdown: &'a str) -> Envelope<'a> {
    Envelope {
        format: FORMAT,
        version: VERSION,
        source: concat!("planform ", env!("CARGO_PKG_VERSION")),
        plan,
        markdown,
    }
}

/// True when `text` looks like a JSON envelope (used to detect the input format).
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Reads a JSON envelope of any supported version.
pub fn from_json(text: &str) -> Result<Plan, EnvelopeError> {
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
    from_value(value)
}

/// Reads an already parsed envelope.
pub fn from_value(value: Json) -> Result<Plan, EnvelopeError> {
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
    restore(obj)
}

/// Upgrades an envelope from `from` to `from + 1`. Each released format version adds one step
/// here; version 1 is the first, so there is nothing to upgrade yet.
fn migrate(from: u64, _obj: &mut Map<String, Json>) {
    debug_assert!(from < VERSION);
}

fn restore(mut obj: Map<String, Json>) -> Result<Plan, EnvelopeError> {
    let markdown = match obj.remove("markdown") {
        Some(Json::String(s)) => Some(s),
        _ => None,
    };
    let structured = match obj.remove("plan") {
        Some(plan @ Json::Object(_)) => {
            Some(serde_json::from_value::<Plan>(plan).map_err(|e| e.to_string()))
        }
        Some(Json::Null) | None => None,
        Some(other) => Some(Err(format!(
            "\"plan\" is {}, expected an object",
            kind_of(&other)
        ))),
    };
    match (structured, markdown) {
        (Some(Ok(mut plan)), _) => {
            repair(&mut plan);
            Ok(plan)
        }
        (Some(Err(_)), Some(md)) | (None, Some(md)) => Ok(import_markdown(&md)),
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
    let mut stack: Vec<&mut Section> = plan.sections.iter_mut().collect();
    while let Some(s) = stack.pop() {
        s.level = s.level.clamp(1, 6);
        for block in &mut s.blocks {
            if !value_fits(block.slot, &block.value) {
                let text = render::block_markdown(&Block::new(Slot::Raw, block.value.clone()), 0);
                *block = Block::raw(text);
            }
        }
        stack.extend(s.children.iter_mut());
    }
}

fn value_fits(slot: Slot, value: &Value) -> bool {
    let kind = slot.kind();
    match value {
        Value::Markdown(_) => kind == BlockKind::Prose,
        Value::List(_) => kind.is_list(),
        Value::Table(t) => {
            kind == BlockKind::Table
                && slot
                    .spec()
                    .is_some_and(|s| t.rows.iter().all(|r| r.len() == s.columns.len()))
        }
        Value::Fields(_) => matches!(kind, BlockKind::FieldLines | BlockKind::FieldList),
        Value::Code(_) => kind == BlockKind::Code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let plan = Plan::from_template();
        let json = to_json(&plan);
        assert_eq!(from_json(&json).unwrap(), plan);
        let compact = to_compact_json(&plan, &render::to_markdown(&plan));
        assert!(!compact.contains('\n') || compact.len() < json.len());
        assert_eq!(from_json(&compact).unwrap(), plan);
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
        let json = r#"{"format":"planform","version":1,"plan":{"sections":[{"key":"goals","level":9,"heading":{"text":"Goals"},
            "blocks":[{"slot":"goals","value":{"code":{"lang":"","text":"x"}}}]}]}}"#;
        let plan = from_json(json).unwrap();
        assert_eq!(plan.sections[0].level, 6);
        assert!(plan.sections[0].blocks[0].is_raw());
    }
}
