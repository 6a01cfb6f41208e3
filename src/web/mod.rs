//! The web shell (wasm32 only): Leptos components over the core. `state` holds the document and
//! its commands; `storage` is the only code that touches localStorage.

pub mod app;
pub mod embed;
pub mod files;
pub mod form;
pub mod pwa;
pub mod state;
pub mod storage;

pub use app::mount;
