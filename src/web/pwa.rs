//! The service worker: registered once the app runs; when a new build is waiting, the app
//! offers "A new version is ready — reload", and switches only when the user asks and nothing
//! is unsaved (the old build keeps serving until then).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;

use crate::web::state::{AppState, SaveState};

/// Registers `sw.js` (present in release builds) and watches for a new build waiting.
pub fn register(state: AppState) {
    // No service worker outside secure contexts: the app then simply works online only.
    let Some(container) = container() else { return };
    let promise = container.register("sw.js");
    leptos::task::spawn_local(async move {
        let Ok(reg) = JsFuture::from(promise).await else {
            return; // no worker (a debug build) or not allowed here: the app works without
        };
        let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        if reg.waiting().is_some() && has_controller() {
            state.ui.update_ready.set(true);
        }
        let watched = reg.clone();
        let on_update = Closure::<dyn Fn()>::new(move || {
            let Some(worker) = watched.installing() else {
                return;
            };
            let w = worker.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                if w.state() == web_sys::ServiceWorkerState::Installed && has_controller() {
                    state.ui.update_ready.set(true);
                }
            });
            worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget(); // lives as long as the worker object
        });
        reg.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget(); // lives as long as the page
    });
}

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    crate::web::navigator_api("serviceWorker")
}

fn has_controller() -> bool {
    container().is_some_and(|c| c.controller().is_some())
}

/// Switches to the waiting build and reloads — only when every edit is stored.
pub fn apply_update(state: AppState) {
    if state.persist.save_state.get_untracked() != SaveState::Saved {
        state.ui.toast.set(Some(
            "Save your edits first: storage is not up to date".into(),
        ));
        return;
    }
    let Some(container) = container() else {
        let _ = window().location().reload();
        return;
    };
    let reload = Closure::<dyn Fn()>::new(|| {
        let _ = window().location().reload();
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    let ready = container.get_registration();
    leptos::task::spawn_local(async move {
        let reg = JsFuture::from(ready)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::ServiceWorkerRegistration>().ok());
        match reg.and_then(|r| r.waiting()) {
            Some(waiting) => {
                let _ = waiting.post_message(&"skip-waiting".into());
            }
            None => {
                let _ = window().location().reload();
            }
        }
    });
}
