//! A document handed in from outside (a host page's `load`): read under the template it came
//! with, else under the one it fits.

use crate::core::import_markdown;

/// A host's document: under the template the host sent (its markdown), else the one that fits.
pub fn load_document(markdown: &str, template: Option<&str>) -> crate::core::Plan {
    match template {
        Some(source) => {
            let t = crate::core::template::compile(source).template;
            crate::core::import::import_with(markdown, &t)
        }
        None => import_markdown(markdown),
    }
}
