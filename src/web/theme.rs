//! The light and dark themes: the one the user chose, else the system's.

use leptos::prelude::*;

pub fn apply_theme(theme: Option<String>) {
    if let Some(root) = document().document_element() {
        match theme {
            Some(t) => {
                let _ = root.set_attribute("data-theme", &t);
            }
            None => {
                let _ = root.remove_attribute("data-theme");
            }
        }
    }
}

pub fn system_dark() -> bool {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}
