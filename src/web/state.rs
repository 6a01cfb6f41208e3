//! The editor's state: one reactive plan, the library, save state and undo history. Components
//! call these commands; every document change goes through [`AppState::edit`].

use leptos::prelude::*;

use crate::core::address::Addr;
use crate::core::checks::{Finding, check};
use crate::core::health::{Health, health};
use crate::core::import::Reread;
use crate::core::model::{MetaField, Plan, Section, Shared};
use crate::core::render::{SectionCache, SectionText, markdown_of};
use crate::core::to_markdown;
use crate::web::embed::{CHANGE_DEBOUNCE, Host, ToHost};

mod saving;
use crate::web::storage::{self, PlanMeta};
pub use saving::FLUSH_PAUSE;

/// A revision-history snapshot is taken when editing pauses this long.
const SNAPSHOT_PAUSE: std::time::Duration = std::time::Duration::from_secs(2);

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

/// An editor embedded in a host page: bound to one document, whose draft lives under `key`.
pub struct Embedded {
    /// The draft's storage key (per host origin and embed id).
    pub key: String,
    /// The host page.
    pub host: Host,
    /// The draft found in storage at start, offered back if the host then loads the same
    /// document it loaded last time (its edits never reached the host: a crash, a closed tab).
    recover: bool,
    /// The markdown the host has (loaded, or last sent in `change`).
    posted: String,
    /// The pending `change` message.
    timer: Option<TimeoutHandle>,
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
    /// Its canonical markdown, rendered once per change and shared by the Markdown tab, the
    /// preview's link references and storage.
    pub markdown: Memo<String>,
    /// The core's checks over the open plan.
    pub findings: Memo<Vec<Finding>>,
    /// The findings summarised for the Health panel and the outline.
    pub health: Memo<Health>,
    /// Its id in storage.
    pub id: RwSignal<String>,
    /// Its revision (bumped by each save).
    pub revision: RwSignal<u64>,
    /// The library index.
    pub library: RwSignal<Vec<PlanMeta>>,
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
    /// The first frame has been painted (start-up's slices began, [`Self::shown`]): what waits
    /// for it (the preview, the checks, the word count) renders now, so opening the app shows an
    /// editable plan first.
    pub painted: Memo<bool>,
    /// How much of the plan the form and the preview show: a screenful until the first frame is
    /// painted, then a slice more per frame ([`crate::web::reveal`]).
    pub shown: RwSignal<crate::web::reveal::Shown>,
    /// The tab shown.
    pub tab: RwSignal<Tab>,
    /// The pane shown on a narrow screen.
    pub pane: RwSignal<Pane>,
    /// The one-line hint above the editor: what to do on a first visit, what an import did.
    pub hint: RwSignal<Option<String>>,
    /// Text typed in the Markdown tab, kept as typed while it is being edited.
    pub markdown_draft: RwSignal<Option<String>>,
    /// The text the plan was last read from in the Markdown tab, and where its sections lie:
    /// the next keystroke reads again only the section it changes.
    source: StoredValue<Option<crate::core::import::Source>>,
    /// A short message with an optional undo (e.g. after a delete).
    pub toast: RwSignal<Option<String>>,
    /// The id of the plan deleted last, for undo from the toast.
    deleted: StoredValue<Option<String>>,
    history: StoredValue<History>,
    /// Set when another tab saved the plan open here while this tab had edits of its own.
    pub conflict: RwSignal<Option<Conflict>>,
    /// Unreadable data moved aside at start-up, offered for download.
    pub recovered: RwSignal<Vec<storage::Recovered>>,
    /// How full browser storage is (a running total; the capacity once measured).
    pub room: RwSignal<storage::Room>,
    /// The trash panel is open.
    pub trash_open: RwSignal<bool>,
    /// Bumped when the trash changes, so its list re-reads storage.
    pub trash_version: RwSignal<u64>,
    /// Bumped when a revision history changes, so the History dialog re-reads it. Kept apart
    /// from the trash's: a snapshot on every pause in typing must not re-parse the trash.
    pub history_version: RwSignal<u64>,
    /// The pending "editing paused" snapshot timer.
    snapshot_timer: StoredValue<Option<TimeoutHandle>>,
    /// A new build of the app is installed and waiting for a reload.
    pub update_ready: RwSignal<bool>,
    /// The share-link dialog is open.
    pub share_open: RwSignal<bool>,
    /// The Templates dialog is open.
    pub templates_open: RwSignal<bool>,
    /// Bumped when the user's templates or the default change (the dialog lists them anew).
    pub templates_version: RwSignal<u64>,
    /// The template deleted last, for Undo.
    pub deleted_template: RwSignal<Option<crate::web::storage::StoredTemplate>>,
    /// The history dialog is open.
    pub history_open: RwSignal<bool>,
    /// Whether the browser granted persistent storage (`None` until it answers).
    pub persisted: RwSignal<Option<bool>>,
    /// This tab's id, written into every record it saves: a save that lands on the same
    /// revision as ours but from another writer means the two tabs raced.
    tab_id: StoredValue<String>,
    /// Set when the editor is embedded in a host page (`?mode=embed`): no library at all.
    embed: StoredValue<Option<Embedded>>,
    /// The host's copy while a recovered draft is shown in its place, until the user picks one
    /// (embedded editors only).
    pub host_copy: RwSignal<Option<String>>,
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

/// A new plan from the default template (the user's choice, else the Technical Plan), dated
/// today.
pub fn new_plan() -> Plan {
    new_plan_from(&crate::web::user_templates::default_template())
}

/// A new plan from `template`, dated today where it has Created and Last Updated fields.
pub fn new_plan_from(template: &std::sync::Arc<crate::core::template::Template>) -> Plan {
    let mut plan = Plan::blank(template);
    let today = today();
    // Only fields the template has: a new MADR or RFC gets no header it never asked for.
    let has = |field: MetaField| {
        template.title.as_ref().is_some_and(|t| {
            t.blocks.iter().any(|b| {
                b.fields
                    .iter()
                    .any(|f| crate::core::template::meta_field_of(&f.label) == Some(field))
            })
        })
    };
    for field in [MetaField::Created, MetaField::Updated] {
        if has(field) {
            plan.set_meta(field, &today);
        }
    }
    plan
}

impl AppState {
    /// Repairs storage, opens the last plan (or a new one) and loads the library.
    /// With `store_new` false (a visitor who only views a share link) a first visit's new plan is
    /// not stored until the editor is opened.
    pub fn load(store_new: bool) -> AppState {
        // The user's templates first: stored plans name them.
        crate::web::user_templates::load();
        let recovered = storage::repair(now_ms());
        let library = storage::load_index();
        let opened = storage::last_open()
            .and_then(|id| storage::load_plan(&id).ok().map(|p| (id, p)))
            .or_else(|| {
                library
                    .first()
                    .and_then(|m| storage::load_plan(&m.id).ok().map(|p| (m.id.clone(), p)))
            });
        let fresh = opened.is_none();
        let (id, stored) = opened.unwrap_or_else(|| {
            (
                new_id(),
                storage::Stored {
                    plan: new_plan(),
                    revision: 0,
                    writer: String::new(),
                },
            )
        });
        let state = AppState::new(id, stored, library, recovered, fresh, None);
        // A first visit's new plan is stored once the first frame is painted (opening the app
        // shows it first), unless an edit has stored it by then.
        if fresh && store_new {
            crate::web::reveal::after_frame(move || {
                if state.revision.try_get_untracked() == Some(0) {
                    state.save_now();
                }
            });
        }
        state
    }

    /// An editor for one document of a host page: its draft (if any) until the host loads the
    /// document. Neither the library nor any other stored plan is read.
    pub fn load_embed(host: Host, id: &str) -> AppState {
        let key = storage::embed_key(host.origin(), id);
        // An unreadable draft is moved aside (the first-party app offers it for download).
        let draft = match storage::load_record(&key) {
            Ok(draft) => Some(draft),
            Err(storage::StorageError::Corrupt(reason)) => {
                storage::set_aside(&key, &reason, now_ms());
                None
            }
            Err(_) => None,
        };
        let recover = draft.is_some();
        let stored = draft.unwrap_or_else(|| storage::Stored {
            plan: new_plan(),
            revision: 0,
            writer: String::new(),
        });
        let posted = to_markdown(&stored.plan);
        let embedded = Embedded {
            key,
            host,
            recover,
            posted,
            timer: None,
        };
        AppState::new(
            "embedded".into(),
            stored,
            Vec::new(),
            Vec::new(),
            false,
            Some(embedded),
        )
    }

    fn new(
        id: String,
        stored: storage::Stored,
        library: Vec<PlanMeta>,
        recovered: Vec<storage::Recovered>,
        fresh: bool,
        embed: Option<Embedded>,
    ) -> AppState {
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
            revision: RwSignal::new(stored.revision),
            library: RwSignal::new(library),
            save_state: RwSignal::new(SaveState::Saved),
            pending: RwSignal::new(false),
            pending_since: StoredValue::new(0.0),
            flush_timer: StoredValue::new(None),
            written: StoredValue::new(None),
            painted: Memo::new(move |_| shown.get() != crate::web::reveal::Shown::FIRST),
            shown,
            tab: RwSignal::new(Tab::Form),
            pane: RwSignal::new(Pane::Edit),
            hint: RwSignal::new(
                fresh.then(|| {
                    first_visit_hint(&crate::web::user_templates::default_template().name)
                }),
            ),
            markdown_draft: RwSignal::new(None),
            source: StoredValue::new(None),
            toast: RwSignal::new(None),
            deleted: StoredValue::new(None),
            history: StoredValue::new(History::default()),
            conflict: RwSignal::new(None),
            recovered: RwSignal::new(recovered),
            room: RwSignal::new(storage::Room::default()),
            trash_open: RwSignal::new(false),
            trash_version: RwSignal::new(0),
            history_version: RwSignal::new(0),
            persisted: RwSignal::new(None),
            snapshot_timer: StoredValue::new(None),
            history_open: RwSignal::new(false),
            share_open: RwSignal::new(false),
            templates_open: RwSignal::new(false),
            templates_version: RwSignal::new(0),
            deleted_template: RwSignal::new(None),
            update_ready: RwSignal::new(false),
            tab_id: StoredValue::new(new_id()),
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
            .unwrap_or_else(|| storage::plan_key(&self.id.get_untracked()))
    }

    fn load_own(&self) -> Result<storage::Stored, storage::StorageError> {
        storage::load_record(&self.own_key())
    }

    /// The host's `load`: the document becomes the host's markdown (a fresh undo history), except
    /// that the first load after opening keeps a stored draft with edits the host never received
    /// (the host loads the same markdown as last time) and says so.
    pub fn host_load(&self, markdown: &str, template: Option<&str>) {
        let Some((key, recover)) = self
            .embed
            .with_value(|e| e.as_ref().map(|e| (e.key.clone(), e.recover)))
        else {
            return;
        };
        let plan = crate::web::document::load_document(markdown, template);
        let incoming = to_markdown(&plan);
        let unsent = self.markdown.with_untracked(|m| *m != incoming);
        let same_base = storage::draft_base(&key).as_deref() == Some(markdown);
        self.embed.update_value(|e| {
            if let Some(e) = e {
                e.recover = false;
            }
        });
        if recover && unsent && same_base {
            self.embed.update_value(|e| {
                if let Some(e) = e {
                    e.posted = incoming;
                }
            });
            self.host_copy.set(Some(markdown.to_string()));
            self.notify_host();
            return;
        }
        self.embed.update_value(|e| {
            if let Some(e) = e {
                e.posted = incoming;
            }
        });
        self.host_copy.set(None);
        let _ = storage::set_draft_base(&key, markdown);
        // The document the editor already holds (a host echoing `change` back, say): nothing to
        // replace, so the undo history and the caret stay as they are.
        if !unsent {
            return;
        }
        self.history.set_value(History::default());
        self.markdown_draft.set(None);
        self.plan.set(plan);
        self.save_now();
    }

    /// True while a recovered draft is shown in place of the host's copy.
    pub fn draft_restored(&self) -> bool {
        self.host_copy.with_untracked(Option::is_some)
    }

    /// Drops a recovered draft for the host's copy (one edit: Undo brings the draft back).
    pub fn use_host_copy(&self) {
        if let Some(markdown) = self.host_copy.try_update(Option::take).flatten() {
            let plan = crate::core::import_markdown(&markdown);
            self.markdown_draft.set(None);
            self.history.update_value(|h| h.last_edit_ms = 0.0);
            self.edit(|p| *p = plan);
        }
    }

    /// Tells the host that the document changed, once edits pause ([`CHANGE_DEBOUNCE`]).
    fn notify_host(&self) {
        if !self.embedded() {
            return;
        }
        let this = *self;
        let handle = set_timeout_with_handle(move || this.post_change(), CHANGE_DEBOUNCE).ok();
        self.embed.update_value(|e| {
            if let Some(e) = e {
                if let Some(old) = e.timer.take() {
                    old.clear();
                }
                e.timer = handle;
            }
        });
    }

    /// Posts `change` now if the host's copy is behind (also when the page is being hidden).
    pub fn post_change(&self) {
        let markdown = self.markdown.get_untracked();
        self.embed.update_value(|e| {
            if let Some(e) = e {
                if let Some(old) = e.timer.take() {
                    old.clear();
                }
                if e.posted != markdown {
                    e.host.post(&ToHost::Change {
                        markdown: &markdown,
                    });
                    e.posted = markdown;
                }
            }
        });
    }

    /// Listens to the host page's messages (embedded editors only).
    pub fn embed_listen(
        &self,
        on: impl Fn(crate::web::embed::FromHost) + 'static,
    ) -> Option<WindowListenerHandle> {
        self.embed
            .with_value(|e| e.as_ref().map(|e| e.host.listen(on)))
    }

    /// Posts a message to the host page (embedded editors only).
    pub fn post(&self, message: &ToHost) {
        self.embed.with_value(|e| {
            if let Some(e) = e {
                e.host.post(message);
            }
        });
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
        if let Some(old) = crate::core::edit::stamp_updated(&before, &mut after, &today) {
            // The Markdown tab shows the text as typed: it must show the stamp too.
            if self.markdown_draft.with_untracked(Option::is_some) {
                self.markdown_draft.update(|d| {
                    if let Some(text) = d.as_mut() {
                        match crate::core::edit::restamp_source(text, &old, &today) {
                            Some(stamped) => *text = stamped,
                            None => *d = None,
                        }
                    }
                });
            }
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
        self.schedule_snapshot();
    }

    /// (Re)starts the pause timer; when it fires, the plan goes into its revision history.
    fn schedule_snapshot(&self) {
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
        let Some(saved) = self.save_state.try_get_untracked() else {
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
        let _ = storage::push_snapshot(&self.id.get_untracked(), &markdown, now_ms());
        self.history_version.update(|v| *v += 1);
    }

    /// Replaces the plan with a snapshot's markdown: one edit, so Undo brings the current
    /// version back. The current version is snapshotted first so it stays in the history too.
    pub fn restore_snapshot(&self, markdown: &str) {
        self.snapshot_now();
        let template = self.plan.with_untracked(|p| p.template.0.clone());
        self.replace_as_one_edit(crate::core::import::import_with(markdown, &template));
    }

    /// Replaces the whole plan as one undo step of its own (typing before or after it never
    /// joins it): a restore, an import into an embedded document, a template switch.
    fn replace_as_one_edit(&self, plan: Plan) {
        self.markdown_draft.set(None);
        self.history.update_value(|h| h.last_edit_ms = 0.0);
        self.edit(|p| *p = plan);
        self.history.update_value(|h| h.last_edit_ms = 0.0);
    }

    /// Frees room by keeping only the newest snapshot of each plan's history.
    pub fn prune_history(&self) {
        let n = storage::prune_history();
        self.history_version.update(|v| *v += 1);
        self.measure_room();
        self.toast.set(Some(format!(
            "Removed {n} old snapshot{}",
            if n == 1 { "" } else { "s" }
        )));
        self.flush();
    }

    /// Sets the text at an address (a form field).
    pub fn set_text(&self, addr: &Addr, text: &str) {
        self.edit(|p| {
            p.set_text_at(addr, text);
        });
    }

    /// Reads the open plan again under another template: one edit (Undo switches back), and
    /// every word kept (what the template does not know stays as sections of the plan's own).
    pub fn switch_template(&self, template: &std::sync::Arc<crate::core::template::Template>) {
        let markdown = self.markdown.get_untracked();
        self.replace_as_one_edit(crate::core::import::import_with(&markdown, template));
    }

    /// Replaces the plan with what the Markdown tab holds. A keystroke reads again only the
    /// section it is in ([`crate::core::import::reimport`]); anything else reads the whole text.
    /// Returns the top-level section the edit is in (`None`: the preamble, or not known).
    pub fn set_markdown(&self, text: String) -> Option<usize> {
        // The plan keeps its template while it is typed in: detection is for documents that
        // arrive whole (import, share links, a host's load).
        let template = self.plan.with_untracked(|p| p.template.0.clone());
        let mut source = self.source.try_update_value(Option::take).flatten();
        // The plan was read from `source.text` only while the Markdown tab still shows that text:
        // any other change (undo, another tab, a stamp, the form) drops or rewrites the draft.
        let current = source.as_ref().is_some_and(|s| {
            self.markdown_draft
                .with_untracked(|d| d.as_deref() == Some(s.text.as_str()))
        });
        let mut section = None;
        let mut plan = None;
        if current && let Some(src) = source.as_mut() {
            let mut p = self.plan.get_untracked();
            match crate::core::import::reimport(&mut p, src, &text) {
                Some(Reread::Section(k)) => {
                    section = Some(k);
                    plan = Some(p);
                }
                Some(_) => plan = Some(p),
                None => {}
            }
        }
        let plan = plan.unwrap_or_else(|| {
            // Read in full: the section the edit began in, found in the new text's sections.
            let at = source
                .as_ref()
                .map(|s| crate::core::import::edit_span(&s.text, &text).0);
            let (plan, read) = crate::core::import::import_source(&text, &template);
            section = at.and_then(|at| read.section_at(at));
            source = Some(read);
            plan
        });
        self.source.set_value(source);
        self.markdown_draft.set(Some(text));
        self.edit(|p| *p = plan);
        section
    }

    /// Undoes the last edit.
    pub fn undo(&self) {
        self.travel(true);
    }

    /// Redoes the last undone edit.
    pub fn redo(&self) {
        self.travel(false);
    }

    /// One step back (undo) or forward (redo) through the edit history.
    fn travel(&self, back: bool) {
        let current = self.plan.get_untracked();
        let mut restored = None;
        self.history.update_value(|h| {
            let (from, to) = if back {
                (&mut h.past, &mut h.future)
            } else {
                (&mut h.future, &mut h.past)
            };
            if let Some(plan) = from.pop() {
                to.push(current);
                h.last_edit_ms = 0.0;
                restored = Some(plan);
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

    fn open_plan(&self, id: String, stored: storage::Stored) {
        self.flush();
        self.conflict.set(None);
        self.history.set_value(History::default());
        self.markdown_draft.set(None);
        self.id.set(id.clone());
        self.revision.set(stored.revision);
        self.plan.set(stored.plan);
        let _ = storage::set_last_open(&id);
        self.save_state.set(SaveState::Saved);
    }

    /// Opens a stored plan.
    pub fn open(&self, id: &str) {
        match storage::load_plan(id) {
            Ok(stored) => self.open_plan(id.to_string(), stored),
            Err(e) => self.toast.set(Some(e.to_string())),
        }
    }

    /// Starts a new plan from the default template.
    pub fn new_plan(&self) {
        self.new_plan_from(&crate::web::user_templates::default_template());
    }

    /// Starts a new plan from `template`.
    pub fn new_plan_from(&self, template: &std::sync::Arc<crate::core::template::Template>) {
        if self.hint.with_untracked(Option::is_some) {
            self.hint.set(Some(first_visit_hint(&template.name)));
        }
        self.open_plan(
            new_id(),
            storage::Stored {
                plan: new_plan_from(template),
                revision: 0,
                writer: String::new(),
            },
        );
        self.save_now();
    }

    /// Adds an imported or copied plan to the library and opens it (never overwrites the open one).
    /// An embedded editor has no library: there the import replaces its one document, as one
    /// edit that Undo takes back.
    pub fn add_plan(&self, plan: Plan) {
        if self.embedded() {
            self.replace_as_one_edit(plan);
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
        if let Err(e) = storage::delete_plan(id, now_ms()) {
            self.toast.set(Some(format!("Could not delete: {e}")));
            return;
        }
        self.toast
            .set(Some(format!("{DELETED_PREFIX}{title}” to the trash")));
        self.deleted.set_value(Some(id.to_string()));
        self.library.set(storage::load_index());
        self.trash_version.update(|v| *v += 1);
        if self.id.get_untracked() == id {
            // Nothing of the deleted plan may be written again from this tab.
            self.save_state.set(SaveState::Saved);
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
            self.toast.set(None);
            self.restore(&id);
        }
    }

    /// Brings a plan back from the trash and opens it.
    pub fn restore(&self, id: &str) {
        match storage::restore_from_trash(id) {
            Ok(stored) => {
                self.library.set(storage::load_index());
                self.trash_version.update(|v| *v += 1);
                self.open_plan(id.to_string(), stored);
            }
            Err(e) => self.toast.set(Some(format!("Could not restore: {e}"))),
        }
    }

    /// Empties the trash (all of it, or what was deleted more than 30 days ago).
    pub fn empty_trash(&self, only_old: bool) {
        let before = only_old.then(|| now_ms() - 30.0 * 24.0 * 3600.0 * 1000.0);
        let n = storage::empty_trash(before);
        self.trash_version.update(|v| *v += 1);
        self.measure_room();
        self.toast.set(Some(format!(
            "Deleted {n} plan{} for good",
            if n == 1 { "" } else { "s" }
        )));
        if matches!(
            self.save_state.get_untracked(),
            SaveState::Full | SaveState::Failed(_)
        ) {
            self.save_now();
        }
    }
}
