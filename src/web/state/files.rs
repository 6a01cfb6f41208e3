//! A folder of plan files as the workspace ([`crate::web::folder`]): opening, reopening and
//! closing it, a new plan file, and a file that changed on disk.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::*;
use crate::core::folder as rules;
use crate::core::template::Template;
use crate::web::folder::{self, FolderWorkspace};
use crate::web::split::split_point;
use wasm_bindgen::JsValue;

impl AppState {
    /// The open folder, if any.
    pub fn open_folder_workspace(&self) -> Option<Rc<FolderWorkspace>> {
        self.folder.open.get_value()
    }

    /// The path of the open plan when it is a file of the open folder.
    pub fn open_path(&self) -> Option<String> {
        self.open_folder_workspace()?
            .path_of(&self.id.get_untracked())
    }

    /// Asks for a folder and opens it.
    pub fn open_folder(&self) {
        crate::web::split::spawn(self.ui.toast, choose_and_open(*self));
    }

    /// Looks for the folder of a past visit, to offer it again.
    pub fn offer_remembered_folder(&self) {
        if self.embedded() || !folder::supported() {
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            if let Some((handle, name)) = folder::remembered_folder().await
                && this.folder.name.get_untracked().is_none()
            {
                this.folder.handle.set_value(Some(handle));
                this.folder.remembered.set(Some(name));
            }
        });
    }

    /// Opens the folder of a past visit (the browser may ask for permission).
    pub fn reopen_folder(&self) {
        if let Some(handle) = self.folder.handle.get_value() {
            crate::web::split::spawn(self.ui.toast, reopen_and_open(*self, handle));
        }
    }

    /// The folder is the workspace: its plans are listed and the last one open there opens.
    fn use_folder(&self, ws: Rc<FolderWorkspace>) {
        self.flush();
        self.folder.remembered.set(None);
        self.folder.handle.set_value(None);
        self.folder.open.set_value(Some(Rc::clone(&ws)));
        self.set_workspace(Rc::new(Rc::clone(&ws)));
        let list = self.workspace().list();
        let next = self
            .workspace()
            .last_open()
            .or_else(|| list.first().map(|m| m.id.clone()));
        self.library.set(list);
        self.ui.hint.set(None);
        match next {
            Some(id) => self.open(&id),
            None => self.ui.dialog.set(Some(Dialog::NewPlan)),
        }
    }

    /// Closes the folder: the browser library is the workspace again. A write under way
    /// finishes; a draft the file does not have yet stays in the browser until the folder is
    /// opened again.
    pub fn close_folder(&self) {
        self.flush();
        self.folder.open.set_value(None);
        self.folder.name.set(None);
        self.folder.entries.set(Vec::new());
        self.folder.changed.set(None);
        self.folder.written.set(None);
        self.folder.unread.set(Vec::new());
        self.set_workspace(Rc::new(crate::web::workspace::BrowserLibrary));
        let list = self.workspace().list();
        let next = self
            .workspace()
            .last_open()
            .filter(|id| list.iter().any(|m| &m.id == id))
            .or_else(|| list.first().map(|m| m.id.clone()));
        self.library.set(list);
        match next {
            Some(id) => self.open(&id),
            None => self.new_plan(),
        }
        leptos::task::spawn_local(folder::forget_folder());
    }

    /// Compares the open plan's file with what was last read or written (the window regained
    /// focus): a change is offered, never taken or overwritten silently.
    pub fn check_disk(&self) {
        if self.folder.open.with_value(Option::is_some) {
            crate::web::split::spawn(self.ui.toast, check_disk(*self));
        }
    }

    /// Keeps a version in the plan's History.
    fn keep_in_history(&self, id: &str, markdown: &str) {
        if self
            .workspace()
            .push_snapshot(id, markdown, now_ms())
            .is_ok()
        {
            self.history_changed.notify();
        }
    }

    /// The file that changed on disk, taken: the user has decided.
    fn take_change(&self) -> Option<(Rc<FolderWorkspace>, folder::Disk)> {
        let ws = self.open_folder_workspace()?;
        let change = self.folder.changed.get_untracked()?;
        self.folder.changed.set(None);
        Some((ws, change))
    }

    /// The disk's version replaces the open plan's (which goes to History).
    pub fn reload_from_disk(&self) {
        crate::web::split::spawn(self.ui.toast, reload_from_disk(*self));
    }

    fn reload_from_disk_now(&self) {
        let Some((ws, change)) = self.take_change() else {
            return;
        };
        let mine = self.markdown.get_untracked();
        self.keep_in_history(&change.id, &mine);
        match change.theirs {
            Some(theirs) => {
                ws.accept_disk(&change.path, Some(&theirs));
                if self.id.get_untracked() == change.id {
                    let plan = ws.plan_of(&change.path, &theirs);
                    let before = self.plan.get_untracked();
                    self.undo.update_value(|u| u.push_step(before));
                    self.markdown_draft.set(None);
                    self.plan.set(plan);
                    // The draft in the browser becomes the disk's version (the write that
                    // follows finds it already there).
                    self.save_now();
                }
            }
            None => {
                // The file is gone: so is its plan from the list.
                ws.accept_disk(&change.path, None);
                storage::remove_file_draft(&storage::file_key(&change.id));
                self.library.set(self.workspace().list());
                if let Some(first) = self.library.get_untracked().first().cloned() {
                    self.open(&first.id);
                }
            }
        }
    }

    /// The open plan is written over the disk's version (which goes to History).
    pub fn keep_mine_on_disk(&self) {
        crate::web::split::spawn(self.ui.toast, keep_mine_on_disk(*self));
    }

    fn keep_mine_on_disk_now(&self) {
        let Some((ws, change)) = self.take_change() else {
            return;
        };
        if let Some(theirs) = &change.theirs {
            self.keep_in_history(&change.id, theirs);
        }
        ws.force_write(&change.path, self.markdown.get_untracked(), change.theirs);
    }

    /// The folder a new plan file goes in: the open plan's, else the first plan's, else the
    /// folder's top.
    pub fn new_file_dir(&self) -> String {
        let open = self.open_path();
        let first = self
            .folder
            .entries
            .with_untracked(|e| e.first().map(|e| e.path.clone()));
        open.or(first)
            .map(|p| rules::folder_of(&p).to_string())
            .unwrap_or_default()
    }

    /// The file name a new plan titled `title` gets in folder `dir`.
    pub fn new_file_path(&self, dir: &str, title: &str) -> String {
        let names: Vec<String> = self
            .open_folder_workspace()
            .map(|ws| ws.paths())
            .unwrap_or_default()
            .into_iter()
            .filter(|p| rules::folder_of(p) == dir)
            .map(|p| rules::file_name(&p).to_string())
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let name = rules::new_file_name(&names, title, &today());
        if dir.is_empty() {
            name
        } else {
            format!("{dir}/{name}")
        }
    }

    /// Makes `plan` a new file of the open folder (an import, a duplicate), next to the open plan,
    /// and opens it.
    pub(super) fn add_plan_file(&self, plan: Plan) {
        crate::web::split::spawn(self.ui.toast, add_plan_file(*self, plan));
    }

    fn add_plan_file_now(&self, plan: Plan) {
        let path = self.new_file_path(&self.new_file_dir(), &plan.display_title());
        let this = *self;
        self.create_and_open(path, to_markdown(&plan), move |done| {
            if let Err(e) = done {
                this.ui.toast.set(Some(e));
            }
        });
    }

    /// Creates the file `path` holding `text` in the open folder (never over one), lists it and
    /// opens it; `done` hears the outcome.
    fn create_and_open(
        &self,
        path: String,
        text: String,
        done: impl FnOnce(Result<(), String>) + 'static,
    ) {
        let Some(ws) = self.open_folder_workspace() else {
            done(Err("no folder is open".into()));
            return;
        };
        let this = *self;
        leptos::task::spawn_local(async move {
            match ws.create(&path, &text).await {
                Ok(id) => {
                    this.library.set(this.workspace().list());
                    this.open(&id);
                    done(Ok(()));
                }
                Err(e) => done(Err(format!("Could not create {path}: {e}"))),
            }
        });
    }

    /// Makes a new plan file titled `title` from `template` next to the open plan, and opens
    /// it; `done` hears the outcome (an error keeps the dialog open with its message).
    pub fn create_plan_file(
        &self,
        title: String,
        template: Arc<Template>,
        done: impl FnOnce(Result<(), String>) + 'static,
    ) {
        let path = self.new_file_path(&self.new_file_dir(), &title);
        let mut plan = new_plan_from(&template);
        plan.set_title(&title);
        let text = rules::new_plan_text(&to_markdown(&plan), &today());
        self.create_and_open(path, text, done);
    }
}

// What only an open folder runs is fetched when a folder is first opened (one module of split
// points: see `crate::web::split`); a session that never opens one never downloads it.

split_point! {
    folder: async fn choose_and_open(this: AppState) -> () {
        match folder::choose(this.catalog.get_untracked(), this.folder).await {
            Ok(Some(ws)) => this.use_folder(ws),
            Ok(None) => {}
            Err(e) => this
                .ui
                .toast
                .set(Some(format!("Could not open the folder: {e}"))),
        }
    }
}

split_point! {
    folder: async fn reopen_and_open(this: AppState, handle: JsValue) -> () {
        match folder::reopen(handle, this.catalog.get_untracked(), this.folder).await {
            Ok(ws) => this.use_folder(ws),
            Err(e) => this
                .ui
                .toast
                .set(Some(format!("Could not open the folder: {e}"))),
        }
    }
}

split_point! {
    folder: async fn check_disk(this: AppState) -> () {
        if let Some(ws) = this.open_folder_workspace() {
            ws.check_disk(&this.id.get_untracked()).await;
        }
    }
}

split_point! {
    folder: fn reload_from_disk(this: AppState) -> () {
        this.reload_from_disk_now();
    }
}

split_point! {
    folder: fn keep_mine_on_disk(this: AppState) -> () {
        this.keep_mine_on_disk_now();
    }
}

split_point! {
    folder: fn add_plan_file(this: AppState, plan: Plan) -> () {
        this.add_plan_file_now(plan);
    }
}
