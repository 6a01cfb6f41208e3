//! Reading a plan from any format Planform writes, detecting which.

use std::sync::Arc;

use crate::core::envelope;
use crate::core::html;
use crate::core::import::import_with;
use crate::core::import_markdown;
use crate::core::model::Plan;
use crate::core::render::to_markdown;
use crate::core::template::Template;

/// The format an input was written in.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// Markdown (anything that is not one of the others).
    Markdown,
    /// A Planform JSON envelope.
    Json,
    /// A Planform HTML export.
    Html,
}

/// Reads a plan from text in any supported format: a JSON envelope, a Planform HTML export, or
/// else markdown. Only a broken JSON envelope is an error; markdown always reads.
pub fn read_plan(text: &str) -> Result<(Plan, InputFormat), String> {
    if envelope::looks_like_json(text) {
        return envelope::from_json(text)
            .map(|p| (p, InputFormat::Json))
            .map_err(|e| e.to_string());
    }
    if let Some(md) = html::markdown_from_html(text) {
        return Ok((import_markdown(&md), InputFormat::Html));
    }
    Ok((import_markdown(text), InputFormat::Markdown))
}

/// [`read_plan`], then (when `template` is given) the plan re-read under that template, which
/// keeps every word: sections it does not know stay as custom sections.
pub fn read_plan_with(
    text: &str,
    template: Option<&Arc<Template>>,
) -> Result<(Plan, InputFormat), String> {
    let Some(template) = template else {
        return read_plan(text);
    };
    if envelope::looks_like_json(text) {
        let plan = envelope::from_json(text).map_err(|e| e.to_string())?;
        if Arc::ptr_eq(&plan.template.0, template) {
            return Ok((plan, InputFormat::Json));
        }
        return Ok((
            import_with(&to_markdown(&plan), template),
            InputFormat::Json,
        ));
    }
    if let Some(md) = html::markdown_from_html(text) {
        return Ok((import_with(&md, template), InputFormat::Html));
    }
    Ok((import_with(text, template), InputFormat::Markdown))
}
