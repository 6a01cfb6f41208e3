//! The only module that touches localStorage.
//!
//! Layout (all keys start with `planform:`):
//! - `planform:index` — JSON list of [`PlanMeta`] (id, title, spec, dates, revision);
//! - `planform:plan:<id>` — the plan's versioned JSON envelope (see `core::envelope`);
//! - `planform:last` — id of the plan open last; `planform:theme` — `light`, `dark` or absent.
//!
//! Every call returns a result: a failed write is reported to the user, never swallowed.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::core::envelope;
use crate::core::model::Plan;

const INDEX: &str = "planform:index";
const LAST: &str = "planform:last";
const THEME: &str = "planform:theme";

fn plan_key(id: &str) -> String {
    format!("planform:plan:{id}")
}

/// What the library lists for a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanMeta {
    /// Stable id (also in the storage key).
    pub id: String,
    /// Display title.
    pub title: String,
    /// Spec id, if any.
    pub spec: String,
    /// Last Updated as shown in the plan (`YYYY-MM-DD`).
    pub updated: String,
    /// Revision, bumped on every save.
    pub revision: u64,
}

/// Why storage failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The browser refused the write because storage is full.
    #[error("browser storage is full; download a backup and free some space")]
    Full,
    /// Storage is missing or blocked (private mode, disabled cookies…).
    #[error("browser storage is not available: {0}")]
    Unavailable(String),
    /// Stored data could not be read.
    #[error("stored plan could not be read: {0}")]
    Corrupt(String),
}

fn write(key: &str, value: &str) -> Result<(), StorageError> {
    let storage = LocalStorage::raw();
    storage.set_item(key, value).map_err(|e| {
        let text = format!("{e:?}");
        if text.contains("Quota") || text.contains("quota") {
            StorageError::Full
        } else {
            StorageError::Unavailable(text)
        }
    })
}

fn read(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// The library index; a missing or unreadable index reads as empty (plans are kept).
pub fn load_index() -> Vec<PlanMeta> {
    read(INDEX)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save_index(index: &[PlanMeta]) -> Result<(), StorageError> {
    let text = serde_json::to_string(index).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    write(INDEX, &text)
}

/// Reads one plan.
pub fn load_plan(id: &str) -> Result<Plan, StorageError> {
    let text = read(&plan_key(id))
        .ok_or_else(|| StorageError::Corrupt(format!("plan {id} is missing")))?;
    envelope::from_json(&text).map_err(|e| StorageError::Corrupt(e.to_string()))
}

/// The stored text of a plan (its JSON envelope, markdown included), for full-text search
/// without parsing.
pub fn plan_text(id: &str) -> Option<String> {
    read(&plan_key(id))
}

/// Writes a plan (with its canonical `markdown`), then its index entry: the plan first, so a
/// failure between the two leaves a readable plan that the index can be rebuilt from. The index
/// is rewritten only when the entry changed, so typing costs one write.
pub fn save_plan(meta: &PlanMeta, plan: &Plan, markdown: &str) -> Result<(), StorageError> {
    write(
        &plan_key(&meta.id),
        &envelope::to_compact_json(plan, markdown),
    )?;
    let mut index = load_index();
    match index.iter_mut().find(|m| m.id == meta.id) {
        Some(m) if m == meta => return Ok(()),
        Some(m) => *m = meta.clone(),
        None => index.insert(0, meta.clone()),
    }
    save_index(&index)
}

/// Removes a plan and its index entry.
pub fn delete_plan(id: &str) -> Result<(), StorageError> {
    let mut index = load_index();
    index.retain(|m| m.id != id);
    save_index(&index)?;
    LocalStorage::delete(plan_key(id));
    Ok(())
}

/// Id of the plan open last.
pub fn last_open() -> Option<String> {
    read(LAST)
}

/// Remembers the plan open now.
pub fn set_last_open(id: &str) -> Result<(), StorageError> {
    write(LAST, id)
}

/// The remembered theme (`light` or `dark`), if the user chose one.
pub fn theme() -> Option<String> {
    read(THEME).filter(|t| t == "light" || t == "dark")
}

/// Remembers the theme.
pub fn set_theme(theme: &str) -> Result<(), StorageError> {
    write(THEME, theme)
}
