//! Where the open dialog is mounted, and how its code arrives.
//!
//! Most sessions never open a dialog, so in the release build each dialog is its own small
//! WebAssembly module, fetched the first time it opens (Leptos's `#[lazy]`, split out of the app
//! by `scripts/split.mjs`; the service worker precaches the pieces, so they open offline too).
//! Builds that are not split (tests, `cargo check`) call the same functions directly.

use leptos::prelude::*;

use crate::web::state::{AppState, Dialog};

/// The open dialog, if any: at most one at a time.
#[component]
pub fn DialogHost() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.ui.dialog.get().map(|dialog| {
            Suspend::new(async move {
                match dialog {
                    Dialog::History => history().await,
                    Dialog::Share => share().await,
                    Dialog::Templates => templates().await,
                    Dialog::NewPlan => new_plan(false).await,
                    Dialog::Supersede => new_plan(true).await,
                    Dialog::Index => index().await,
                }
            })
        })
    }
}

// Each function below is a split point. `#[lazy]` makes it `async`; the unsplit twin is `async`
// by hand so the callers read the same either way.

#[cfg(feature = "split")]
#[lazy]
fn history() -> AnyView {
    view! { <super::history::HistoryDialog/> }.into_any()
}
#[cfg(not(feature = "split"))]
async fn history() -> AnyView {
    view! { <super::history::HistoryDialog/> }.into_any()
}

#[cfg(feature = "split")]
#[lazy]
fn share() -> AnyView {
    view! { <super::share::ShareDialog/> }.into_any()
}
#[cfg(not(feature = "split"))]
async fn share() -> AnyView {
    view! { <super::share::ShareDialog/> }.into_any()
}

#[cfg(feature = "split")]
#[lazy]
fn templates() -> AnyView {
    view! { <super::templates::TemplatesDialog/> }.into_any()
}
#[cfg(not(feature = "split"))]
async fn templates() -> AnyView {
    view! { <super::templates::TemplatesDialog/> }.into_any()
}

#[cfg(feature = "split")]
#[lazy]
fn new_plan(supersede: bool) -> AnyView {
    view! { <super::new_plan::NewPlanDialog supersede=supersede/> }.into_any()
}
#[cfg(not(feature = "split"))]
async fn new_plan(supersede: bool) -> AnyView {
    view! { <super::new_plan::NewPlanDialog supersede=supersede/> }.into_any()
}

#[cfg(feature = "split")]
#[lazy]
fn index() -> AnyView {
    view! { <super::index::IndexDialog/> }.into_any()
}
#[cfg(not(feature = "split"))]
async fn index() -> AnyView {
    view! { <super::index::IndexDialog/> }.into_any()
}
