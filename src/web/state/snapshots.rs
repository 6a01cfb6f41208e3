//! The plan's revision history: a snapshot when editing pauses, restoring one as an edit.

use leptos::prelude::*;

use super::*;

impl AppState {
    /// (Re)starts the pause timer; when it fires, the plan goes into its revision history.
    pub(super) fn schedule_snapshot(&self) {
        self.snapshot_timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        let this = *self;
        let handle = set_timeout_with_handle(move || this.snapshot_now(), SNAPSHOT_PAUSE).ok();
        self.snapshot_timer.set_value(handle);
    }

    /// Puts the open plan into its revision history now (if it changed since the last snapshot).
    pub fn snapshot_now(&self) {
        // The pause timer can outlive the app (an unmounted test app): then there is nothing
        // to snapshot, and reading its disposed signals would panic.
        let Some(saved) = self.persist.save_state.try_get_untracked() else {
            return;
        };
        self.snapshot_timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        if saved != SaveState::Saved || self.embedded() {
            return;
        }
        let markdown = self.markdown.get_untracked();
        let _ = self
            .workspace()
            .push_snapshot(&self.id.get_untracked(), &markdown, now_ms());
        self.history_changed.notify();
    }

    /// Replaces the plan with a snapshot's markdown: one edit, so Undo brings the current
    /// version back. The current version is snapshotted first so it stays in the history too.
    pub fn restore_snapshot(&self, markdown: &str) {
        self.snapshot_now();
        let template = self.plan.with_untracked(|p| p.template.0.clone());
        self.replace_as_one_edit(crate::core::import::import_with(markdown, &template));
    }

    /// Frees room by keeping only the newest snapshot of each plan's history.
    pub fn prune_history(&self) {
        let n = storage::prune_history();
        self.history_changed.notify();
        self.measure_room();
        self.ui.toast.set(Some(format!(
            "Removed {n} old snapshot{}",
            if n == 1 { "" } else { "s" }
        )));
        self.flush();
    }
}
