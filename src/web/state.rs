//! The editor's state: one reactive plan, the library, save state and undo history. Components
//! call these commands; every document change goes through [`AppState::edit`].

use leptos::prelude::*;

use crate::core::address::Addr;
use crate::core::checks::{Finding, check};
use crate::core::model::{MetaField, Plan};
use crate::core::to_markdown;
use crate::web::storage::{self, PlanMeta};

/// Edits closer together than this form one undo step.
const UNDO_COALESCE_MS: f64 = 800.0;
const UNDO_LIMIT: usize = 200;

/// What the status line says about storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is stored.
    Saved,
    /// The last write failed; the plan is only in memory.
    Failed(String),
}

/// Which editor tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The form.
    Form,
    /// The whole plan as markdown.
    Markdown,
}

#[derive(Default)]
struct History {
    past: Vec<Plan>,
    future: Vec<Plan>,
    last_edit_ms: f64,
}

/// Which pane a narrow screen shows (wide screens show all three).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The plan library and outline.
    Plans,
    /// The editor.
    Edit,
    /// The rendered plan.
    Preview,
}

/// The application state, cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The open plan.
    pub plan: RwSignal<Plan>,
    /// Its canonical markdown, rendered once per change and shared by the Markdown tab, the
    /// word count, the preview's link references and storage.
    pub markdown: Memo<String>,
    /// The core's checks over the open plan.
    pub findings: Memo<Vec<Finding>>,
    /// Its id in storage.
    pub id: RwSignal<String>,
    /// Its revision (bumped by each save).
    pub revision: RwSignal<u64>,
    /// The library index.
    pub library: RwSignal<Vec<PlanMeta>>,
    /// Storage status.
    pub save_state: RwSignal<SaveState>,
    /// The tab shown.
    pub tab: RwSignal<Tab>,
    /// The pane shown on a narrow screen.
    pub pane: RwSignal<Pane>,
    /// The first-visit hint is shown.
    pub hint: RwSignal<bool>,
    /// Text typed in the Markdown tab, kept as typed while it is being edited.
    pub markdown_draft: RwSignal<Option<String>>,
    /// A short message with an optional undo (e.g. after a delete).
    pub toast: RwSignal<Option<String>>,
    /// The last deleted plan, for undo.
    deleted: StoredValue<Option<(PlanMeta, Plan)>>,
    history: StoredValue<History>,
}

/// Today's date in the browser's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A new random plan id.
pub fn new_id() -> String {
    let r = (js_sys::Math::random() * 1e12) as u64;
    format!("{:x}{:x}", now_ms() as u64, r)
}

/// A new plan from the template, dated today.
pub fn new_plan() -> Plan {
    let mut plan = Plan::from_template();
    let today = today();
    plan.set_meta(MetaField::Created, &today);
    plan.set_meta(MetaField::Updated, &today);
    plan
}

impl AppState {
    /// Opens the last plan (or a new one) and loads the library.
    pub fn load() -> AppState {
        let library = storage::load_index();
        let opened = storage::last_open()
            .and_then(|id| storage::load_plan(&id).ok().map(|p| (id, p)))
            .or_else(|| {
                library
                    .first()
                    .and_then(|m| storage::load_plan(&m.id).ok().map(|p| (m.id.clone(), p)))
            });
        let fresh = opened.is_none();
        let (id, plan) = opened.unwrap_or_else(|| (new_id(), new_plan()));
        let revision = library
            .iter()
            .find(|m| m.id == id)
            .map_or(0, |m| m.revision);
        let plan = RwSignal::new(plan);
        let state = AppState {
            plan,
            markdown: Memo::new(move |_| plan.with(to_markdown)),
            findings: Memo::new(move |_| plan.with(check)),
            id: RwSignal::new(id),
            revision: RwSignal::new(revision),
            library: RwSignal::new(library),
            save_state: RwSignal::new(SaveState::Saved),
            tab: RwSignal::new(Tab::Form),
            pane: RwSignal::new(Pane::Edit),
            hint: RwSignal::new(fresh),
            markdown_draft: RwSignal::new(None),
            toast: RwSignal::new(None),
            deleted: StoredValue::new(None),
            history: StoredValue::new(History::default()),
        };
        if fresh {
            state.save_now();
        }
        state
    }

    /// Applies an edit to the open plan: one undo step (close edits coalesce), Last Updated set
    /// to today, and the plan written to storage before this returns. Writing at once (rather
    /// than after a debounce) is what makes a tab that is killed mid-typing lose nothing: no
    /// unload handler or timer has to run. A write costs a few milliseconds even for a large plan.
    pub fn edit(&self, f: impl FnOnce(&mut Plan)) {
        let before = self.plan.get_untracked();
        let mut after = before.clone();
        f(&mut after);
        if after == before {
            return;
        }
        let today = today();
        if after.meta(MetaField::Updated) != today && after.title_section().is_some() {
            after.set_meta(MetaField::Updated, &today);
        }
        let now = now_ms();
        self.history.update_value(|h| {
            if now - h.last_edit_ms > UNDO_COALESCE_MS || h.past.is_empty() {
                h.past.push(before);
                if h.past.len() > UNDO_LIMIT {
                    h.past.remove(0);
                }
            }
            h.future.clear();
            h.last_edit_ms = now;
        });
        self.plan.set(after);
        self.save_now();
    }

    /// Sets the text at an address (a form field).
    pub fn set_text(&self, addr: &Addr, text: &str) {
        self.edit(|p| {
            p.set_text_at(addr, text);
        });
    }

    /// Replaces the plan with what the Markdown tab holds.
    pub fn set_markdown(&self, text: String) {
        let plan = crate::core::import_markdown(&text);
        self.markdown_draft.set(Some(text));
        self.edit(|p| *p = plan);
    }

    /// Undoes the last edit.
    pub fn undo(&self) {
        let current = self.plan.get_untracked();
        let mut restored = None;
        self.history.update_value(|h| {
            if let Some(prev) = h.past.pop() {
                h.future.push(current);
                h.last_edit_ms = 0.0;
                restored = Some(prev);
            }
        });
        if let Some(p) = restored {
            self.markdown_draft.set(None);
            self.plan.set(p);
            self.save_now();
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&self) {
        let current = self.plan.get_untracked();
        let mut restored = None;
        self.history.update_value(|h| {
            if let Some(next) = h.future.pop() {
                h.past.push(current);
                h.last_edit_ms = 0.0;
                restored = Some(next);
            }
        });
        if let Some(p) = restored {
            self.markdown_draft.set(None);
            self.plan.set(p);
            self.save_now();
        }
    }

    /// True when there is something to undo / redo.
    pub fn can_undo(&self) -> bool {
        self.history.with_value(|h| !h.past.is_empty())
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.history.with_value(|h| !h.future.is_empty())
    }

    /// Writes the open plan now; the status line shows the outcome.
    pub fn save_now(&self) {
        let markdown = self.markdown.get_untracked();
        let revision = self.revision.get_untracked() + 1;
        let meta = self.plan.with_untracked(|plan| PlanMeta {
            id: self.id.get_untracked(),
            title: plan.display_title(),
            spec: plan.meta(MetaField::Spec).to_string(),
            updated: plan.meta(MetaField::Updated).to_string(),
            revision,
        });
        let result = self
            .plan
            .with_untracked(|plan| storage::save_plan(&meta, plan, &markdown))
            .and_then(|()| storage::set_last_open(&meta.id));
        match result {
            Ok(()) => {
                self.revision.set(revision);
                if self.save_state.get_untracked() != SaveState::Saved {
                    self.save_state.set(SaveState::Saved);
                }
                // The library re-renders only when what it shows changed, not on every key.
                let shown = |m: &PlanMeta| (m.title.clone(), m.spec.clone(), m.updated.clone());
                let listed = self
                    .library
                    .with_untracked(|l| l.iter().find(|m| m.id == meta.id).map(shown));
                if listed != Some(shown(&meta)) {
                    self.library.set(storage::load_index());
                } else {
                    self.library.update_untracked(|l| {
                        if let Some(m) = l.iter_mut().find(|m| m.id == meta.id) {
                            m.revision = revision;
                        }
                    });
                }
            }
            Err(e) => self.save_state.set(SaveState::Failed(e.to_string())),
        }
    }

    /// Saves if edits are waiting (page hidden or closing).
    pub fn flush(&self) {
        if self.save_state.get_untracked() != SaveState::Saved {
            self.save_now();
        }
    }

    fn open_plan(&self, id: String, plan: Plan) {
        self.flush();
        let revision = self
            .library
            .get_untracked()
            .iter()
            .find(|m| m.id == id)
            .map_or(0, |m| m.revision);
        self.history.set_value(History::default());
        self.markdown_draft.set(None);
        self.id.set(id.clone());
        self.revision.set(revision);
        self.plan.set(plan);
        let _ = storage::set_last_open(&id);
        self.save_state.set(SaveState::Saved);
    }

    /// Opens a stored plan.
    pub fn open(&self, id: &str) {
        match storage::load_plan(id) {
            Ok(plan) => self.open_plan(id.to_string(), plan),
            Err(e) => self.toast.set(Some(e.to_string())),
        }
    }

    /// Starts a new plan from the template.
    pub fn new_plan(&self) {
        self.open_plan(new_id(), new_plan());
        self.save_now();
    }

    /// Adds an imported or copied plan to the library and opens it (never overwrites the open one).
    pub fn add_plan(&self, plan: Plan) {
        self.open_plan(new_id(), plan);
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

    /// Deletes a plan; it can be brought back with [`AppState::undo_delete`].
    pub fn delete(&self, id: &str) {
        let meta = self
            .library
            .get_untracked()
            .into_iter()
            .find(|m| m.id == id);
        let plan = storage::load_plan(id).ok();
        if let Err(e) = storage::delete_plan(id) {
            self.toast.set(Some(e.to_string()));
            return;
        }
        if let (Some(meta), Some(plan)) = (meta, plan) {
            self.toast.set(Some(format!("Deleted “{}”", meta.title)));
            self.deleted.set_value(Some((meta, plan)));
        }
        self.library.set(storage::load_index());
        if self.id.get_untracked() == id {
            match self.library.get_untracked().first().cloned() {
                Some(next) => self.open(&next.id),
                None => self.new_plan(),
            }
        }
    }

    /// Restores the last deleted plan.
    pub fn undo_delete(&self) {
        if let Some((meta, plan)) = self.deleted.get_value() {
            self.deleted.set_value(None);
            match storage::save_plan(&meta, &plan, &to_markdown(&plan)) {
                Ok(()) => {
                    self.library.set(storage::load_index());
                    self.toast.set(None);
                    self.open(&meta.id);
                }
                Err(e) => self.toast.set(Some(e.to_string())),
            }
        }
    }
}
