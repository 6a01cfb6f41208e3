//! The web shell (wasm32 only): Leptos components over the core. `state` holds the document and
//! its commands; `storage` is the only code that touches localStorage.

pub mod app;
pub mod deflate;
pub mod diagrams;
pub mod dialogs;
pub mod document;
pub mod editor;
pub mod embed;
pub mod fanout;
pub mod files;
pub mod folder;
pub mod form;
pub mod notices;
pub mod painters;
pub mod preview;
pub mod pwa;
pub mod reveal;
pub mod sidebar;
pub mod split;
pub mod state;
pub mod storage;
pub mod theme;
pub mod user_templates;
pub mod viewer;
pub mod workspace;

pub use app::mount;

/// The nearest element around an event's target that matches `selector` (the element clicked
/// or focused, or one of its ancestors): what a delegated listener acts on.
pub fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    target?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

/// A member of `navigator` that only secure contexts have (`serviceWorker`, `clipboard`,
/// `storage`): `None` where it is missing, e.g. when the app is served over plain http from
/// another machine. web-sys's getters would hand back `undefined` as the object, and the first
/// call on it would throw and kill the page.
pub fn navigator_api<T: wasm_bindgen::JsCast>(name: &str) -> Option<T> {
    let navigator = leptos::prelude::window().navigator();
    js_sys::Reflect::get(&navigator, &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
        .and_then(|v| wasm_bindgen::JsCast::dyn_into(v).ok())
}
