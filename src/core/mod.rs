//! The pure core: no web or UI dependency, no clock. Everything here is host-testable.

pub mod address;
pub mod chart;
pub mod checks;
pub mod decision;
pub mod diagram;
pub mod diff;
pub mod edit;
pub mod encoding;
pub mod envelope;
pub mod folder;
pub mod form;
pub mod formats;
pub mod health;
pub mod highlight;
pub mod html;
pub mod import;
pub mod model;
pub mod records;
pub mod render;
pub mod sanitize;
pub mod share;
pub mod slices;
pub mod status;
pub mod svg;
pub mod template;
pub mod text;
pub mod undo;
pub mod write;

/// The `shared/` folder beside the repository, for the unit tests that read its corpus (one
/// file with the integration tests' helper).
#[cfg(test)]
#[path = "../../tests/common/shared.rs"]
pub(crate) mod shared_data;

pub use import::import_markdown;
pub use model::Plan;
pub use render::to_markdown;
