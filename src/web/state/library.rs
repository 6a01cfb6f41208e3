//! The plans of the browser library: opening, new, import, duplicate, delete with Undo, the trash.

use leptos::prelude::*;

use super::*;

impl AppState {
    fn open_plan(&self, id: String, stored: storage::Stored) {
        self.flush();
        self.drop_untouched(&id);
        self.persist.conflict.set(None);
        self.undo.set_value(Undo::default());
        self.markdown_draft.set(None);
        self.id.set(id.clone());
        self.persist.revision.set(stored.revision);
        self.plan.set(stored.plan);
        let _ = self.workspace().set_last_open(&id);
        self.persist.save_state.set(SaveState::Saved);
    }

    /// Forgets the open plan when New plan made it and nobody typed in it, as `next` opens:
    /// a plan list is no place for "Untitled plan" twice.
    fn drop_untouched(&self, next: &str) {
        let Some(id) = self.persist.untouched.get_value() else {
            return;
        };
        self.persist.untouched.set_value(None);
        if id != next && self.id.get_untracked() == id && self.workspace().discard(&id).is_ok() {
            self.library.update(|l| l.retain(|m| m.id != id));
        }
    }

    /// Opens a stored plan.
    pub fn open(&self, id: &str) {
        match self.workspace().load(id) {
            Ok(stored) => self.open_plan(id.to_string(), stored),
            Err(e) => self.ui.toast.set(Some(e.to_string())),
        }
    }

    /// Starts a new plan from the default template.
    pub fn new_plan(&self) {
        let template = self
            .catalog
            .with_untracked(crate::web::user_templates::default_template);
        self.new_plan_from(&template);
    }

    /// Starts a new plan from `template`.
    pub fn new_plan_from(&self, template: &std::sync::Arc<crate::core::template::Template>) {
        if self.ui.hint.with_untracked(Option::is_some) {
            self.ui.hint.set(Some(first_visit_hint(&template.name)));
        }
        let id = new_id();
        self.open_plan(
            id.clone(),
            storage::Stored {
                plan: new_plan_from(template),
                revision: 0,
                writer: String::new(),
            },
        );
        self.save_now();
        self.persist.untouched.set_value(Some(id));
    }

    /// Starts a new plan titled `title` from `template` in the browser library, starting
    /// Proposed where the template keeps a status.
    pub fn new_plan_titled(
        &self,
        title: &str,
        template: &std::sync::Arc<crate::core::template::Template>,
    ) {
        let mut plan = new_plan_from(template);
        plan.set_title(title);
        let text = crate::core::folder::new_plan_text(&to_markdown(&plan), &today());
        self.add_plan(crate::core::import::import_with(&text, template));
    }

    /// Adds an imported or copied plan to the library and opens it (never overwrites the open one).
    /// An embedded editor has no library: there the import replaces its one document, as one
    /// edit that Undo takes back. With a folder open, the plan becomes a new file of the folder,
    /// next to the open plan and named as New plan names one.
    pub fn add_plan(&self, plan: Plan) {
        if self.embedded() {
            self.replace_as_one_edit(plan);
            return;
        }
        if self.folder.name.with_untracked(Option::is_some) {
            self.add_plan_file(plan);
            return;
        }
        self.open_plan(
            new_id(),
            storage::Stored {
                plan,
                revision: 0,
                writer: String::new(),
            },
        );
        self.save_now();
    }

    /// Duplicates the open plan.
    pub fn duplicate(&self) {
        let mut copy = self.plan.get_untracked();
        let title = copy.title().to_string();
        if !title.is_empty() {
            copy.set_title(&format!("{title} (copy)"));
        }
        self.add_plan(copy);
    }

    /// Moves a plan to the trash; the toast's Undo (or the trash panel) brings it back.
    pub fn delete(&self, id: &str) {
        let title = self
            .library
            .with_untracked(|l| l.iter().find(|m| m.id == id).map(|m| m.title.clone()))
            .unwrap_or_else(|| "the plan".into());
        if self.id.get_untracked() == id {
            self.flush();
        }
        if let Err(e) = self.workspace().delete(id, now_ms()) {
            self.ui.toast.set(Some(format!("Could not delete: {e}")));
            return;
        }
        self.ui
            .toast
            .set(Some(format!("{DELETED_PREFIX}{title}” to the trash")));
        self.deleted.set_value(Some(id.to_string()));
        self.library.set(self.workspace().list());
        self.trash_changed.notify();
        if self.id.get_untracked() == id {
            // Nothing of the deleted plan may be written again from this tab.
            self.persist.save_state.set(SaveState::Saved);
            match self.library.get_untracked().first().cloned() {
                Some(next) => self.open(&next.id),
                None => self.new_plan(),
            }
        }
    }

    /// Restores the plan deleted last.
    pub fn undo_delete(&self) {
        if let Some(id) = self.deleted.get_value() {
            self.deleted.set_value(None);
            self.ui.toast.set(None);
            self.restore(&id);
        }
    }

    /// Brings a plan back from the trash and opens it.
    pub fn restore(&self, id: &str) {
        match storage::restore_from_trash(id) {
            Ok(stored) => {
                self.library.set(self.workspace().list());
                self.trash_changed.notify();
                self.open_plan(id.to_string(), stored);
            }
            Err(e) => self.ui.toast.set(Some(format!("Could not restore: {e}"))),
        }
    }

    /// Empties the trash (all of it, or what was deleted more than 30 days ago).
    pub fn empty_trash(&self, only_old: bool) {
        let before = only_old.then(|| now_ms() - 30.0 * 24.0 * 3600.0 * 1000.0);
        let n = storage::empty_trash(before);
        self.trash_changed.notify();
        self.measure_room();
        self.ui.toast.set(Some(format!(
            "Deleted {n} plan{} for good",
            if n == 1 { "" } else { "s" }
        )));
        if matches!(
            self.persist.save_state.get_untracked(),
            SaveState::Full | SaveState::Failed(_)
        ) {
            self.save_now();
        }
    }
}
