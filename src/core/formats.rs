//! Reading a plan from any format Planform writes, detecting which.

use std::sync::Arc;

use crate::core::envelope::{self, EnvelopeError};
use crate::core::html;
use crate::core::import::{import_in, import_with};
use crate::core::model::Plan;
use crate::core::render::to_markdown;
use crate::core::template::{Catalog, Template};

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
pub fn read_plan(text: &str) -> Result<(Plan, InputFormat), EnvelopeError> {
    read_plan_in(text, &Catalog::new())
}

/// [`read_plan`] against `catalog`: markdown is matched with every template in it, and a JSON
/// plan that names a template it does not carry finds it there.
pub fn read_plan_in(text: &str, catalog: &Catalog) -> Result<(Plan, InputFormat), EnvelopeError> {
    if envelope::looks_like_json(text) {
        return envelope::from_json_in(text, catalog).map(|p| (p, InputFormat::Json));
    }
    if let Some(md) = html::markdown_from_html(text) {
        return Ok((import_in(&md, catalog), InputFormat::Html));
    }
    Ok((import_in(text, catalog), InputFormat::Markdown))
}

/// [`read_plan`], then (when `template` is given) the plan re-read under that template, which
/// keeps every word: sections it does not know stay as custom sections.
pub fn read_plan_with(
    text: &str,
    template: Option<&Arc<Template>>,
) -> Result<(Plan, InputFormat), EnvelopeError> {
    let Some(template) = template else {
        return read_plan(text);
    };
    if envelope::looks_like_json(text) {
        let catalog = Catalog::with([template.clone()]);
        let plan = envelope::from_json_in(text, &catalog)?;
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
