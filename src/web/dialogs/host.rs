//! Where the open dialog is mounted, and how its code arrives.
//!
//! Most sessions never open a dialog, so each dialog is a [split point](crate::web::split): in
//! the release build its code is fetched the first time it opens (each its own module: the
//! splitter puts what two dialogs share in a module of its own).

use leptos::prelude::*;

use crate::web::split::split_point;
use crate::web::state::{AppState, Dialog};

/// The open dialog, if any: at most one at a time.
#[component]
pub fn DialogHost() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Escape closes the open dialog, also while its code is still being fetched (before the
    // dialog itself listens): a dialog asked for and dismissed at once does not pop up later.
    super::on_escape(move || {
        if state.ui.dialog.get_untracked().is_some() {
            state.ui.dialog.set(None);
        }
    });
    move || {
        state.ui.dialog.get().map(|dialog| {
            Suspend::new(async move {
                let loaded = match dialog {
                    Dialog::History => history().await,
                    Dialog::Share => share().await,
                    Dialog::Templates => templates().await,
                    Dialog::NewPlan => new_plan(false).await,
                    Dialog::Supersede => new_plan(true).await,
                    Dialog::Index => index().await,
                };
                loaded.unwrap_or_else(|e| {
                    state.ui.dialog.set(None);
                    state
                        .ui
                        .toast
                        .set(Some(format!("Could not open the dialog: {e}.")));
                    ().into_any()
                })
            })
        })
    }
}

split_point! {
    history: fn history() -> AnyView {
        view! { <super::history::HistoryDialog/> }.into_any()
    }
}
split_point! {
    share: fn share() -> AnyView {
        view! { <super::share::ShareDialog/> }.into_any()
    }
}
split_point! {
    templates: fn templates() -> AnyView {
        view! { <super::templates::TemplatesDialog/> }.into_any()
    }
}
split_point! {
    new_plan: fn new_plan(supersede: bool) -> AnyView {
        view! { <super::new_plan::NewPlanDialog supersede=supersede/> }.into_any()
    }
}
split_point! {
    index: fn index() -> AnyView {
        view! { <super::index::IndexDialog/> }.into_any()
    }
}
