//! Planform: a pure core for technical plans (model, import, render, checks), shared by the
//! web app and the `planform` command-line tool.

pub mod core;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod web;
