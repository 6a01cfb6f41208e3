//! Saving the open plan: the write-ahead record written on every edit, the plan's record
//! written when typing pauses (compare-and-swap on its revision), and what happens when another
//! tab saved the same plan meanwhile.

use leptos::prelude::*;

use super::{AppState, Conflict, SaveState, now_ms};
use crate::core::model::Plan;
pub(super) use crate::core::records::Written;
use crate::core::records::{SaveStep, save_step};
use crate::core::to_markdown;
use crate::web::storage::{self, PlanMeta};

/// The plan's record is written once edits pause this long (its write-ahead record holds them
/// meanwhile).
pub const FLUSH_PAUSE: std::time::Duration = std::time::Duration::from_millis(300);

impl AppState {
    /// Saves an edit of the open plan: the change goes into this tab's write-ahead record
    /// before this returns (a tab killed right after the keystroke loses nothing), and the plan's
    /// record is written once typing pauses ([`FLUSH_PAUSE`]). The plan's record is written at
    /// once when there is no write-ahead record to add to (the first save of a plan, another
    /// revision, a large change, a failed write). While a conflict is open nothing is written:
    /// the user decides first.
    pub fn save_now(&self) {
        // The host hears of every change, whether or not it could be stored here.
        self.notify_host();
        if self.persist.conflict.with_untracked(Option::is_some) {
            return;
        }
        if self.persist.save_state.get_untracked() != SaveState::Saved || !self.write_ahead() {
            self.save_record();
        }
        self.show_set_aside();
    }

    /// Lists what storage holds aside when a write has just set aside a stored value it could
    /// not read (as start-up does), so the user can download it.
    fn show_set_aside(&self) {
        if storage::take_set_aside() {
            self.persist.recovered.set(storage::recovered());
        }
    }

    /// Writes the change since the plan's record was written into this tab's write-ahead
    /// record; false when the record itself must be written now.
    fn write_ahead(&self) -> bool {
        // An embedded document is a page of its host's, small: its draft is written whole.
        if self.embedded() {
            return false;
        }
        let now = now_ms();
        let key = self.own_key();
        let revision = self.persist.revision.get_untracked();
        let pending_since = self
            .persist
            .pending
            .get_untracked()
            .then(|| self.persist.pending_since.get_value());
        // The decision is the core's (records::save_step, host-tested).
        let step = self.persist.written.with_value(|w| {
            self.markdown.with_untracked(|markdown| {
                save_step(w.as_ref(), &key, revision, markdown, pending_since, now)
            })
        });
        let SaveStep::WriteAhead(entry) = step else {
            return false;
        };
        if storage::write_ahead(&self.persist.tab_id.get_value(), &entry).is_err() {
            // Writing the record says what went wrong.
            return false;
        }
        if !self.persist.pending.get_untracked() {
            self.persist.pending.set(true);
            self.persist.pending_since.set_value(now);
        }
        self.schedule_flush();
        self.measure_room();
        true
    }

    /// Writes the plan's record once typing pauses.
    fn schedule_flush(&self) {
        self.persist.flush_timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        let this = *self;
        let handle = set_timeout_with_handle(
            move || {
                // The timer can outlive an unmounted test app: nothing to write then.
                if this.persist.save_state.try_get_untracked().is_some() {
                    this.flush();
                }
            },
            FLUSH_PAUSE,
        )
        .ok();
        self.persist.flush_timer.set_value(handle);
    }

    /// Writes the open plan's record now (compare-and-swap on its revision); the status line
    /// shows the outcome.
    fn save_record(&self) {
        if self.persist.conflict.with_untracked(Option::is_some) {
            return;
        }
        self.persist.flush_timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        let markdown = self.markdown.get_untracked();
        let base = self.persist.revision.get_untracked();
        if let Some(key) = self.embed.with_value(|e| e.as_ref().map(|e| e.key.clone())) {
            let result = self.plan.with_untracked(|plan| {
                storage::save_record(
                    &key,
                    plan,
                    &markdown,
                    base,
                    &self.persist.tab_id.get_value(),
                )
            });
            self.saved(result, |revision| {
                self.record_written(key, revision, markdown)
            });
            return;
        }
        let meta = self
            .plan
            .with_untracked(|plan| storage::meta_of(&self.id.get_untracked(), plan, base));
        let workspace = self.workspace();
        let result = self.plan.with_untracked(|plan| {
            workspace.save(
                &meta,
                plan,
                &markdown,
                base,
                &self.persist.tab_id.get_value(),
            )
        });
        self.saved(result, |revision| {
            let _ = workspace.set_last_open(&meta.id);
            self.refresh_library(&meta, revision);
            self.record_written(workspace.record_key(&meta.id), revision, markdown);
        });
    }

    /// The plan's record now holds `markdown` at `revision`: the write-ahead record is done with.
    fn record_written(&self, key: String, revision: u64, markdown: String) {
        self.persist.written.set_value(Some(Written {
            key,
            revision,
            markdown,
        }));
        self.drop_write_ahead();
    }

    /// Forgets this tab's write-ahead record (written into the plan's record, or given up for
    /// another tab's version).
    fn drop_write_ahead(&self) {
        if self.persist.pending.get_untracked() {
            self.persist.pending.set(false);
        }
        storage::clear_write_ahead(&self.persist.tab_id.get_value());
        self.show_set_aside();
    }

    /// Shows the outcome of a save (`then` runs after a successful one).
    fn saved(&self, result: Result<u64, storage::StorageError>, then: impl FnOnce(u64)) {
        match result {
            Ok(revision) => {
                self.persist.revision.set(revision);
                if self.persist.save_state.get_untracked() != SaveState::Saved {
                    self.persist.save_state.set(SaveState::Saved);
                }
                then(revision);
                self.measure_room();
            }
            Err(storage::StorageError::Conflict { theirs }) => self.raise_conflict(theirs),
            Err(storage::StorageError::Full) => {
                self.persist.save_state.set(SaveState::Full);
                self.measure_room();
            }
            Err(e) => self
                .persist
                .save_state
                .set(SaveState::Failed(e.to_string())),
        }
    }

    /// The library re-renders only when what it shows changed, not on every key.
    fn refresh_library(&self, meta: &PlanMeta, revision: u64) {
        let shown = |m: &PlanMeta| (m.title.clone(), m.spec.clone(), m.updated.clone());
        let listed = self
            .library
            .with_untracked(|l| l.iter().find(|m| m.id == meta.id).map(shown));
        if listed != Some(shown(meta)) {
            self.library.set(self.workspace().list());
        } else {
            self.library.update_untracked(|l| {
                if let Some(m) = l.iter_mut().find(|m| m.id == meta.id) {
                    m.revision = revision;
                }
            });
        }
    }

    /// Reads how full storage is: a running total kept by every write, so this costs nothing
    /// per keystroke (storage itself probes its capacity only when it is filling up).
    pub fn measure_room(&self) {
        let room = storage::room();
        if room != self.persist.room.get_untracked() {
            self.persist.room.set(room);
        }
    }

    fn raise_conflict(&self, revision: u64) {
        match self.load_own() {
            // Both tabs hold the same plan (another tab applied this tab's write-ahead record,
            // say): nothing to decide.
            Ok(stored)
                if self
                    .markdown
                    .with_untracked(|m| *m == to_markdown(&stored.plan)) =>
            {
                self.persist.revision.set(stored.revision);
                self.record_written(
                    self.own_key(),
                    stored.revision,
                    self.markdown.get_untracked(),
                );
                if self.persist.save_state.get_untracked() != SaveState::Saved {
                    self.persist.save_state.set(SaveState::Saved);
                }
            }
            Ok(stored) => {
                self.persist.conflict.set(Some(Conflict {
                    theirs: stored.plan,
                    revision: stored.revision.max(revision),
                }));
                self.persist.save_state.set(SaveState::Conflict);
            }
            // Their copy is unreadable (or gone): ours is the only good one, so write it.
            Err(_) => {
                self.persist.revision.set(revision);
                self.save_now();
            }
        }
    }

    /// Resolves a conflict by keeping this tab's plan (it replaces the other tab's save).
    pub fn keep_mine(&self) {
        if let Some(c) = self.persist.conflict.get_untracked() {
            self.persist.conflict.set(None);
            self.persist.revision.set(c.revision);
            self.save_now();
        }
    }

    /// Resolves a conflict by taking the other tab's plan (this tab's edits can be undone back).
    pub fn take_theirs(&self) {
        if let Some(c) = self.persist.conflict.get_untracked() {
            self.persist.conflict.set(None);
            let mine = self.plan.get_untracked();
            self.undo.update_value(|u| u.push_step(mine));
            self.markdown_draft.set(None);
            self.drop_write_ahead();
            self.persist.revision.set(c.revision);
            self.plan.set(c.theirs);
            self.persist.save_state.set(SaveState::Saved);
            self.notify_host();
        }
    }

    /// Resolves a conflict by keeping both: this tab's plan becomes a copy, theirs stays.
    pub fn keep_both(&self) {
        if let Some(c) = self.persist.conflict.get_untracked() {
            self.persist.conflict.set(None);
            let mut mine = self.plan.get_untracked();
            let title = mine.title().to_string();
            if !title.is_empty() {
                mine.set_title(&format!("{title} (my copy)"));
            }
            // This tab's edits go into the copy: none may be written over theirs.
            self.drop_write_ahead();
            self.persist.revision.set(c.revision);
            self.persist.save_state.set(SaveState::Saved);
            self.add_plan(mine);
            self.ui
                .toast
                .set(Some("Kept both: your version is now a copy".into()));
        }
    }

    /// Another tab changed storage (`key` changed, `None` for a clear): follow it.
    pub fn on_storage_event(&self, key: Option<String>) {
        storage::changed_elsewhere(key.as_deref());
        let ours = self.own_key();
        match key.as_deref() {
            Some(k) if k == ours => {
                let Ok(stored) = self.load_own() else {
                    return;
                };
                let ours = self.persist.revision.get_untracked();
                // The same revision from another writer: both tabs saved on one base at once
                // and ours was overwritten. Never let that pass silently.
                // Plans compare by their markdown: a stored record is read back from it.
                let differs =
                    |plan: &Plan| self.markdown.with_untracked(|m| *m != to_markdown(plan));
                let raced = stored.revision == ours
                    && stored.writer != self.persist.tab_id.get_value()
                    && differs(&stored.plan);
                if raced {
                    self.raise_conflict(stored.revision);
                    return;
                }
                if stored.revision <= ours {
                    return;
                }
                // This tab has nothing unsaved: follow the other tab live.
                if self.persist.save_state.get_untracked() == SaveState::Saved
                    && !self.persist.pending.get_untracked()
                    && self.persist.conflict.with_untracked(Option::is_none)
                {
                    self.persist.revision.set(stored.revision);
                    if differs(&stored.plan) {
                        self.markdown_draft.set(None);
                        self.plan.set(stored.plan);
                        self.notify_host();
                    }
                } else {
                    self.raise_conflict(stored.revision);
                }
            }
            // An embedded editor has nothing else to follow; a clear is retried.
            _ if self.embedded() => self.retry_failed(),
            // Only what changed is re-read: another tab typing in another plan writes that
            // plan's record on every key, which this tab has no reason to parse.
            _ => {
                let kind = key.as_deref().map(storage::key_kind);
                if matches!(kind, None | Some(storage::KeyKind::Index)) {
                    self.library.set(self.workspace().list());
                }
                if matches!(kind, None | Some(storage::KeyKind::Trash)) {
                    self.trash_changed.notify();
                }
                if matches!(kind, None | Some(storage::KeyKind::History)) {
                    self.history_changed.notify();
                }
                self.measure_room();
                // Room may have been made by another tab: retry a failed save.
                self.retry_failed();
            }
        }
    }

    /// Writes the plan's record again after a failed write (room may have been made).
    fn retry_failed(&self) {
        if matches!(
            self.persist.save_state.get_untracked(),
            SaveState::Full | SaveState::Failed(_)
        ) {
            self.notify_host();
            self.save_record();
        }
    }

    /// Writes the plan's record if edits are waiting for it: typing paused, the page is hidden
    /// or closing, another plan is opened, or room was made after a failed write.
    pub fn flush(&self) {
        if self.persist.pending.get_untracked()
            || matches!(
                self.persist.save_state.get_untracked(),
                SaveState::Full | SaveState::Failed(_)
            )
        {
            self.notify_host();
            self.save_record();
            self.show_set_aside();
        }
    }
}
