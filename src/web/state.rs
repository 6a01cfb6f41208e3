//! The editor's state: one reactive plan, the library, save state and undo history. Components
//! call these commands; every document change goes through [`AppState::edit`].

use leptos::prelude::*;

use crate::core::address::Addr;
use crate::core::checks::{Finding, check};
use crate::core::health::{Health, health};
use crate::core::import::Reread;
use crate::core::model::{MetaField, Plan, Section, Shared};
use crate::core::render::{SectionCache, SectionText, markdown_of};
use crate::core::template::Catalog;
use crate::core::to_markdown;
use crate::core::undo::Undo;
use crate::web::embed::{CHANGE_DEBOUNCE, Host, ToHost};

mod decisions;
mod editing;
mod embedding;
mod files;
pub use embedding::Embedded;
mod library;
mod saving;
mod snapshots;
use crate::web::storage::{self, PlanMeta};
use crate::web::workspace::{BrowserLibrary, Workspace};
pub use saving::FLUSH_PAUSE;

/// A revision-history snapshot is taken when editing pauses this long.
const SNAPSHOT_PAUSE: std::time::Duration = std::time::Duration::from_secs(2);

/// What the status line says about storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is stored.
    Saved,
    /// The last write failed; the plan is only in memory.
    Failed(String),
    /// Storage is full: the plan is only in memory until room is made.
    Full,
    /// Another tab saved this plan meanwhile; nothing is written until the user decides.
    Conflict,
}

/// How the toast after a delete begins (it alone offers Undo).
pub const DELETED_PREFIX: &str = "Moved “";

/// The other tab's version of the open plan, when both tabs edited it.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Their plan.
    pub theirs: Plan,
    /// Its stored revision.
    pub revision: u64,
}

/// A dialog over the editor (one at a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// The plan's revision history.
    History,
    /// The share link.
    Share,
    /// The templates.
    Templates,
    /// A new plan file in the open folder: its title and template.
    NewPlan,
    /// A new plan that supersedes the open one (its title; the same template).
    Supersede,
    /// Every plan of the workspace, as a table and a timeline.
    Index,
}

/// Which editor tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The form.
    Form,
    /// The whole plan as markdown.
    Markdown,
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
    /// One signal per top-level section index (made on first use), set only when that section
    /// changes: what a form field of that section depends on, so a keystroke wakes the fields
    /// of one section, not of the plan (memos would each be checked on every change of the
    /// plan, and each would wake its fields to check again).
    sections: crate::web::fanout::Fanout<Option<Shared<Section>>>,
    /// The owner the section signals live under (the app's, not a component's); weak, or the
    /// owner would hold itself and never be cleaned up.
    owner: StoredValue<Option<leptos::reactive::owner::WeakOwner>>,
    /// Each top-level section's markdown, pieces and words, rendered again only for the
    /// sections a change touched.
    pub texts: Memo<Vec<std::sync::Arc<SectionText>>>,
    /// Its markdown (as written: only edited parts are rewritten), rendered once per change and shared by the Markdown tab, the
    /// preview's link references and storage.
    pub markdown: Memo<String>,
    /// The core's checks over the open plan.
    pub findings: Memo<Vec<Finding>>,
    /// The findings summarised for the Health panel and the outline.
    pub health: Memo<Health>,
    /// Its id in storage.
    pub id: RwSignal<String>,
    /// The templates plans are read against: the built-ins and the user's.
    pub catalog: RwSignal<Catalog>,
    /// Where the plans are kept ([`crate::web::workspace`]).
    workspace: StoredValue<std::rc::Rc<dyn Workspace>, LocalStorage>,
    /// What the workspace lists.
    pub library: RwSignal<Vec<PlanMeta>>,
    /// A folder of plan files opened from the disk ([`crate::web::folder`]).
    pub folder: crate::web::folder::FolderUi,
    /// The first frame has been painted (start-up's slices began, [`Self::shown`]): what waits
    /// for it (the preview, the checks, the word count) renders now, so opening the app shows an
    /// editable plan first.
    pub painted: Memo<bool>,
    /// How much of the plan the form and the preview show: a screenful until the first frame is
    /// painted, then a slice more per frame ([`crate::web::reveal`]).
    pub shown: RwSignal<crate::web::reveal::Shown>,
    /// What the screen shows around the plan ([`Ui`]).
    pub ui: Ui,
    /// Saving the plan ([`Persist`]).
    pub persist: Persist,
    /// Text typed in the Markdown tab, kept as typed while it is being edited.
    pub markdown_draft: RwSignal<Option<String>>,
    /// The text the plan was last read from in the Markdown tab, and where its sections lie:
    /// the next keystroke reads again only the section it changes.
    source: StoredValue<Option<crate::core::import::Source>>,
    /// The id of the plan deleted last, for undo from the toast.
    deleted: StoredValue<Option<String>>,
    /// Undo and redo ([`crate::core::undo`]).
    undo: StoredValue<Undo<Plan>>,
    /// Notified when the trash changes, so its list reads storage again.
    pub trash_changed: Trigger,
    /// Notified when a revision history changes, so the History dialog reads it again. Kept apart
    /// from the trash's: a snapshot on every pause in typing must not re-parse the trash.
    pub history_changed: Trigger,
    /// The pending "editing paused" snapshot timer.
    snapshot_timer: StoredValue<Option<TimeoutHandle>>,
    /// Notified when the default template for New plan changes (it lives in storage; the
    /// templates themselves are `catalog`, which the dialog follows).
    pub templates_changed: Trigger,
    /// The template deleted last, for Undo.
    pub deleted_template: RwSignal<Option<crate::web::storage::StoredTemplate>>,
    /// Set when the editor is embedded in a host page (`?mode=embed`): no library at all.
    embed: StoredValue<Option<Embedded>>,
    /// The host's copy while a recovered draft is shown in its place, until the user picks one
    /// (embedded editors only).
    pub host_copy: RwSignal<Option<String>>,
}

/// Saving the open plan: its stored revision, whether the last save went through, this tab's
/// write-ahead state, a conflict with another tab, and how storage is doing.
#[derive(Clone, Copy)]
pub struct Persist {
    /// The open plan's stored revision (bumped by each save).
    pub revision: RwSignal<u64>,
    /// Storage status.
    pub save_state: RwSignal<SaveState>,
    /// Edits are in this tab's write-ahead record, not yet in the plan's record.
    pub pending: RwSignal<bool>,
    /// When `pending` last became true (ms).
    pending_since: StoredValue<f64>,
    /// The pending write of the plan's record.
    flush_timer: StoredValue<Option<TimeoutHandle>>,
    /// What the plan's record holds, as this tab last wrote it.
    written: StoredValue<Option<saving::Written>>,
    /// Set when another tab saved the plan open here while this tab had edits of its own.
    pub conflict: RwSignal<Option<Conflict>>,
    /// Unreadable data moved aside at start-up, offered for download.
    pub recovered: RwSignal<Vec<storage::Recovered>>,
    /// How full browser storage is (a running total; the capacity once measured).
    pub room: RwSignal<storage::Room>,
    /// Whether the browser granted persistent storage (`None` until it answers).
    pub persisted: RwSignal<Option<bool>>,
    /// The plan New plan (or a first visit) made, while nobody has typed in it: dropped, not
    /// kept, when another plan is opened or imported.
    untouched: StoredValue<Option<String>>,
    /// This tab's id, written into every record it saves: a save that lands on the same
    /// revision as ours but from another writer means the two tabs raced.
    tab_id: StoredValue<String>,
}

/// What the screen shows around the plan: which tab and pane, the hint, the toast, the open
/// dialog, the trash panel, an update waiting. No document or storage data: a component that
/// shows these needs nothing else of the state.
#[derive(Clone, Copy)]
pub struct Ui {
    /// The tab shown.
    pub tab: RwSignal<Tab>,
    /// The pane shown on a narrow screen.
    pub pane: RwSignal<Pane>,
    /// The one-line hint above the editor: what to do on a first visit, what an import did.
    pub hint: RwSignal<Option<String>>,
    /// A short message with an optional undo (e.g. after a delete).
    pub toast: RwSignal<Option<String>>,
    /// The dialog open over the editor, if any.
    pub dialog: RwSignal<Option<Dialog>>,
    /// The trash panel is open.
    pub trash_open: RwSignal<bool>,
    /// A new build of the app is installed and waiting for a reload.
    pub update_ready: RwSignal<bool>,
}

/// What a first visit says above the new plan (and a new plan while the hint still shows).
pub fn first_visit_hint(template: &str) -> String {
    format!(
        "A new plan from the {template} template: fill in the form, or drop, paste or import a \
         markdown file."
    )
}

/// Today's date in the browser's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    local_date(&js_sys::Date::new_0())
}

/// A date in the browser's time zone, `YYYY-MM-DD`.
pub fn local_date(d: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// The local date of a time in ms since 1970, `YYYY-MM-DD`, with `HH:MM:SS` when `seconds`.
pub fn local_time(ms: f64, seconds: bool) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    if seconds {
        format!(
            "{} {:02}:{:02}:{:02}",
            local_date(&d),
            d.get_hours(),
            d.get_minutes(),
            d.get_seconds()
        )
    } else {
        local_date(&d)
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A new random plan id.
pub fn new_id() -> String {
    let r = (js_sys::Math::random() * 1e12) as u64;
    format!("{:x}{:x}", now_ms() as u64, r)
}

/// A new plan from the default template (the user's choice in `catalog`, else the Technical
/// Plan), dated today.
pub fn new_plan(catalog: &Catalog) -> Plan {
    new_plan_from(&crate::web::user_templates::default_template(catalog))
}

/// A new plan from `template`, dated today where it has Created and Last Updated fields.
pub fn new_plan_from(template: &std::sync::Arc<crate::core::template::Template>) -> Plan {
    let mut plan = Plan::blank(template);
    let today = today();
    // Only fields the template has: a new MADR or RFC gets no header it never asked for.
    let has = |field: MetaField| template.meta_spec(field).is_some();
    for field in [MetaField::Created, MetaField::Updated] {
        if has(field) {
            plan.set_meta(field, &today);
        }
    }
    plan
}

impl AppState {
    /// Where the plans are kept.
    pub fn workspace(&self) -> std::rc::Rc<dyn Workspace> {
        self.workspace.get_value()
    }

    /// Plans are kept in `workspace` from now on.
    fn set_workspace(&self, workspace: std::rc::Rc<dyn Workspace>) {
        self.workspace.set_value(workspace);
    }

    /// Repairs storage, opens the last plan (or a new one) and loads the library.
    /// With `store_new` false (a visitor who only views a share link) a first visit's new plan is
    /// not stored until the editor is opened.
    pub fn load(store_new: bool) -> AppState {
        // The user's templates first: New plan may start from one.
        let catalog = crate::web::user_templates::load();
        let recovered = storage::repair(now_ms());
        let workspace = BrowserLibrary;
        let library = workspace.list();
        let opened = workspace
            .last_open()
            .and_then(|id| workspace.load(&id).ok().map(|p| (id, p)))
            .or_else(|| {
                library
                    .first()
                    .and_then(|m| workspace.load(&m.id).ok().map(|p| (m.id.clone(), p)))
            });
        let fresh = opened.is_none();
        let (id, stored) = opened.unwrap_or_else(|| {
            (
                new_id(),
                storage::Stored {
                    plan: new_plan(&catalog),
                    revision: 0,
                    writer: String::new(),
                },
            )
        });
        let state = AppState::new(id, stored, library, recovered, fresh, None, catalog);
        // A first visit's new plan is stored once the first frame is painted (opening the app
        // shows it first), unless an edit has stored it by then.
        if fresh && store_new {
            crate::web::reveal::after_frame(move || {
                if state.persist.revision.try_get_untracked() == Some(0) {
                    state.save_now();
                }
            });
        }
        state
    }

    fn new(
        id: String,
        stored: storage::Stored,
        library: Vec<PlanMeta>,
        recovered: Vec<storage::Recovered>,
        fresh: bool,
        embed: Option<Embedded>,
        catalog: Catalog,
    ) -> AppState {
        // Only a first visit's hint names the template (read from storage only then).
        let hint = fresh.then(|| {
            first_visit_hint(&crate::web::user_templates::default_template(&catalog).name)
        });
        let id_for_untouched = id.clone();
        let plan = RwSignal::new(stored.plan);
        let shown = RwSignal::new(crate::web::reveal::Shown::FIRST);
        let findings = Memo::new(move |_| plan.with(check));
        let cache = StoredValue::new(SectionCache::default());
        let texts = Memo::new(move |_| {
            plan.with(|p| {
                cache
                    .try_update_value(|c| c.texts(p))
                    .unwrap_or_else(|| SectionCache::default().texts(p))
            })
        });
        AppState {
            plan,
            sections: crate::web::fanout::Fanout::default(),
            owner: StoredValue::new(Owner::current().map(|o| o.downgrade())),
            texts,
            markdown: Memo::new(move |_| texts.with(|t| plan.with(|p| markdown_of(p, t)))),
            findings,
            health: Memo::new(move |_| plan.with(|p| findings.with(|f| health(p, f)))),
            id: RwSignal::new(id),
            workspace: StoredValue::new_local(std::rc::Rc::new(BrowserLibrary)),
            catalog: RwSignal::new(catalog),
            library: RwSignal::new(library),
            folder: crate::web::folder::FolderUi::new(),
            painted: Memo::new(move |_| shown.get() != crate::web::reveal::Shown::FIRST),
            persist: Persist {
                revision: RwSignal::new(stored.revision),
                save_state: RwSignal::new(SaveState::Saved),
                pending: RwSignal::new(false),
                pending_since: StoredValue::new(0.0),
                flush_timer: StoredValue::new(None),
                written: StoredValue::new(None),
                conflict: RwSignal::new(None),
                recovered: RwSignal::new(recovered),
                room: RwSignal::new(storage::Room::default()),
                persisted: RwSignal::new(None),
                tab_id: StoredValue::new(new_id()),
                untouched: StoredValue::new(fresh.then(|| id_for_untouched.clone())),
            },
            ui: Ui {
                tab: RwSignal::new(Tab::Form),
                pane: RwSignal::new(Pane::Edit),
                hint: RwSignal::new(hint),
                toast: RwSignal::new(None),
                dialog: RwSignal::new(None),
                trash_open: RwSignal::new(false),
                update_ready: RwSignal::new(false),
            },
            shown,
            markdown_draft: RwSignal::new(None),
            source: StoredValue::new(None),
            deleted: StoredValue::new(None),
            undo: StoredValue::new(Undo::default()),
            trash_changed: Trigger::new(),
            history_changed: Trigger::new(),
            snapshot_timer: StoredValue::new(None),
            templates_changed: Trigger::new(),
            deleted_template: RwSignal::new(None),
            embed: StoredValue::new(embed),
            host_copy: RwSignal::new(None),
        }
    }

    /// Top-level section `i` of the open plan, as a signal that changes only when that section
    /// does (sections are shared between versions of the plan, so most compare by identity).
    pub fn section(&self, i: usize) -> ReadSignal<Option<Shared<Section>>> {
        let plan = self.plan;
        let owner = self
            .owner
            .with_value(|o| o.as_ref().and_then(|o| o.upgrade()))
            .unwrap_or_default();
        self.sections
            .signal(i, &owner, move |at| {
                plan.with(|p| p.sections.get(at).cloned())
            })
            .read_only()
    }

    /// What start-up's slices are measured against: the open plan's number of cards, and the
    /// markdown length of each of its top-level sections.
    pub fn plan_sizes(&self) -> (usize, Vec<usize>) {
        let cards = self.plan.with_untracked(|p| p.walk().len());
        let lengths = self
            .texts
            .with_untracked(|t| t.iter().map(|s| s.markdown.len()).collect());
        (cards, lengths)
    }

    /// True in an editor embedded in a host page.
    pub fn embedded(&self) -> bool {
        self.embed.with_value(Option::is_some)
    }

    /// The storage key of the open document's record.
    fn own_key(&self) -> String {
        self.embed
            .with_value(|e| e.as_ref().map(|e| e.key.clone()))
            .unwrap_or_else(|| self.workspace().record_key(&self.id.get_untracked()))
    }

    fn load_own(&self) -> Result<storage::Stored, storage::StorageError> {
        storage::load_record(&self.own_key())
    }
}
