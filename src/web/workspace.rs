//! Where plans are kept, as one interface. The browser's library (localStorage, [`storage`]) is
//! the one workspace today; a folder of plan files opened from the disk is the second (it keeps
//! each draft in the browser until the file has it, so the calls stay synchronous: a file write
//! is queued behind a save that already made the edit safe).
//!
//! The editor ([`crate::web::state`]) reaches plans only through this trait: what it lists,
//! opens, saves (compare-and-swap on the revision), deletes and snapshots. What only the
//! browser library has (its trash, backups, the recovery of unreadable values) stays in
//! [`storage`]. An embedded editor has no workspace: its host owns the document.

use crate::core::model::Plan;
use crate::web::storage::{self, PlanMeta, Snapshot, StorageError, Stored};

/// A place plans are kept.
pub trait Workspace {
    /// What the sidebar lists, newest first.
    fn list(&self) -> Vec<PlanMeta>;
    /// The plan last open here, if it still is.
    fn last_open(&self) -> Option<String>;
    /// Remembers the plan open now.
    fn set_last_open(&self, id: &str) -> Result<(), StorageError>;
    /// Reads one plan and its revision.
    fn load(&self, id: &str) -> Result<Stored, StorageError>;
    /// Writes a plan if its stored revision is still `base` (else
    /// [`StorageError::Conflict`]), signed by the `writer` tab; returns the new revision.
    fn save(
        &self,
        meta: &PlanMeta,
        plan: &Plan,
        markdown: &str,
        base: u64,
        writer: &str,
    ) -> Result<u64, StorageError>;
    /// The browser key whose record the tab's write-ahead record applies to, for plan `id`.
    fn record_key(&self, id: &str) -> String;
    /// Removes a plan (where the workspace can, restorably).
    fn delete(&self, id: &str, now_ms: f64) -> Result<(), StorageError>;
    /// Forgets a new plan nobody typed in (no trash): another plan was opened.
    fn discard(&self, id: &str) -> Result<(), StorageError>;
    /// What library search looks in for plan `id` (lower-cased), without opening it.
    fn search_text(&self, id: &str) -> Option<String>;
    /// The plan's snapshots, oldest first.
    fn history(&self, id: &str) -> Vec<Snapshot>;
    /// Adds a snapshot of `markdown` unless it is the last one.
    fn push_snapshot(&self, id: &str, markdown: &str, now_ms: f64) -> Result<(), StorageError>;
}

/// The plans kept in this browser (localStorage).
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserLibrary;

impl Workspace for BrowserLibrary {
    fn list(&self) -> Vec<PlanMeta> {
        storage::load_index()
    }

    fn last_open(&self) -> Option<String> {
        storage::last_open()
    }

    fn set_last_open(&self, id: &str) -> Result<(), StorageError> {
        storage::set_last_open(id)
    }

    fn load(&self, id: &str) -> Result<Stored, StorageError> {
        storage::load_plan(id)
    }

    fn save(
        &self,
        meta: &PlanMeta,
        plan: &Plan,
        markdown: &str,
        base: u64,
        writer: &str,
    ) -> Result<u64, StorageError> {
        storage::save_plan(meta, plan, markdown, base, writer)
    }

    fn record_key(&self, id: &str) -> String {
        storage::plan_key(id)
    }

    fn delete(&self, id: &str, now_ms: f64) -> Result<(), StorageError> {
        storage::delete_plan(id, now_ms)
    }

    fn discard(&self, id: &str) -> Result<(), StorageError> {
        storage::forget_plan(id)
    }

    fn search_text(&self, id: &str) -> Option<String> {
        crate::core::records::search_text(&storage::plan_text(id)?)
    }

    fn history(&self, id: &str) -> Vec<Snapshot> {
        storage::history(id)
    }

    fn push_snapshot(&self, id: &str, markdown: &str, now_ms: f64) -> Result<(), StorageError> {
        storage::push_snapshot(id, markdown, now_ms)
    }
}
