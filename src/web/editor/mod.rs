//! The editor's chrome around the form: toolbar, Markdown tab, status line, Health panel.

pub mod decision;
pub mod health_panel;
pub mod markdown_tab;
pub mod status_line;
pub mod toolbar;
