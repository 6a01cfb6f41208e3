//! The pictures the renderer draws from a plan's own text, highlighted code and timeline
//! charts ([`crate::core::html::Painters`]), loaded the first time a rendered plan needs them:
//! they are a split module, out of the start's download. When they arrive, every view that
//! reads [`arrivals`] renders again, with them.

use std::cell::Cell;

use leptos::prelude::*;

use crate::web::split::split_point;

thread_local! {
    /// How many times the painters arrived (0 or 1): views read it to render again then.
    static ARRIVED: ArcRwSignal<u32> = ArcRwSignal::new(0);
    static LOADING: Cell<bool> = const { Cell::new(false) };
}

split_point! {
    painters: fn install() -> () {
        crate::core::html::install_painters();
        // The timeline charts mark today (the core has no clock).
        if let Some(day) = crate::core::chart::parse_date(&crate::web::state::today()) {
            crate::core::chart::set_today(day);
        }
    }
}

/// Read (and tracked) by a view that renders plan HTML: it changes when the painters arrive.
pub fn arrivals() -> u32 {
    ARRIVED.with(|a| a.get())
}

/// Plan HTML for a view shown whole (the viewer, a share link, a version in History), through
/// `render`: read again when the painters arrive, and asking for them when it needed them.
pub fn rendered(render: impl FnOnce() -> String) -> String {
    arrivals();
    let html = render();
    want();
    html
}

/// Installs the painters (fetching their module the first time); true when they are there.
async fn load() -> bool {
    if install().await.is_err() {
        return false;
    }
    if ARRIVED.with(|a| a.get_untracked()) == 0 {
        ARRIVED.with(|a| a.set(1));
    }
    true
}

/// After a render: loads the painters if it needed them (once; a failed load is tried again
/// by the next render that needs them). Code stays plain and tables without a chart until
/// then, and where they cannot be loaded.
pub fn want() {
    if !crate::core::html::painters_wanted() || LOADING.with(|l| l.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        if !load().await {
            LOADING.with(|l| l.set(false));
        }
    });
}

/// Installs the painters before something that must have them (the HTML export).
pub async fn ready() {
    load().await;
}
