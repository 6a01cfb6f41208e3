//! A folder of plan files opened from the disk (the File System Access API): the second
//! [`Workspace`]. Which files are plans, their titles and statuses are the core's
//! ([`crate::core::folder`]); this keeps the handles, the text each file had when it was last
//! read or written, and the writes.
//!
//! **Nothing typed is lost.** An edit is saved as in the browser library: into the tab's
//! write-ahead record at once, then into a draft record in the browser (under the file's own
//! key) when typing pauses. That save then queues the write of the file, which is asynchronous.
//! The draft stays in the browser with the disk text it was made on (its base), so a tab that
//! dies before the write finds, next time, a draft whose base is still on disk: it writes it.
//!
//! **Nothing on disk is overwritten silently.** Before each write the file is read again; when
//! it is not the text last read or written, nothing is written and the user chooses
//! ([`Disk`]): Reload from disk or Keep mine. The version not kept goes to the plan's History.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::core::folder::{self as rules, Entry, Folder as Scan};
use crate::core::model::Plan;
use crate::core::template::{Catalog, Template};
use crate::web::storage::{self, PlanMeta, Snapshot, StorageError, Stored};
use crate::web::workspace::{BrowserLibrary, Workspace};

#[wasm_bindgen(module = "/src/web/folder/fs.js")]
extern "C" {
    /// True where the browser has `showDirectoryPicker`.
    pub fn supported() -> bool;
    #[wasm_bindgen(catch)]
    fn pick() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_name = handleName)]
    fn handle_name(handle: &JsValue) -> String;
    #[wasm_bindgen(js_name = readAll)]
    fn read_all(
        root: &JsValue,
        skip: &Closure<dyn Fn(String) -> bool>,
        wanted: &Closure<dyn Fn(String) -> bool>,
        max_bytes: f64,
    ) -> js_sys::Promise;
    fn read(root: &JsValue, path: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = readImage)]
    fn read_image(root: &JsValue, path: &str) -> js_sys::Promise;
    fn write(root: &JsValue, path: &str, text: &str, create: bool) -> js_sys::Promise;
    fn permission(handle: &JsValue, ask: bool) -> js_sys::Promise;
    fn remember(handle: &JsValue) -> js_sys::Promise;
    fn remembered() -> js_sys::Promise;
    fn forget() -> js_sys::Promise;
}

/// The largest file read (a plan of several megabytes is a mistake, not a plan).
const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// What a JS error says, in a sentence.
fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}

async fn wait(p: js_sys::Promise) -> Result<JsValue, String> {
    wasm_bindgen_futures::JsFuture::from(p)
        .await
        .map_err(|e| message(&e))
}

/// What the folder's status line and notices show: reactive, cheap to copy.
#[derive(Clone, Copy)]
pub struct FolderUi {
    /// The open folder.
    pub open: StoredValue<Option<Rc<FolderWorkspace>>, LocalStorage>,
    /// The remembered folder's handle, until it is reopened or forgotten.
    pub handle: StoredValue<Option<JsValue>, LocalStorage>,
    /// The open folder's name (`None`: the browser library).
    pub name: RwSignal<Option<String>>,
    /// Its plans, as the index lists them.
    pub entries: RwSignal<Vec<Entry>>,
    /// The last file write: `Ok(path)` saved, `Err(message)` failed.
    pub written: RwSignal<Option<Result<String, String>>>,
    /// The files being written now.
    pub writing: RwSignal<Vec<String>>,
    /// A file that changed on disk since it was read, and what it holds now.
    pub changed: RwSignal<Option<Disk>>,
    /// The folder remembered from a past visit, offered again (its name).
    pub remembered: RwSignal<Option<String>>,
    /// Files the walk could not read: (path, why).
    pub unread: RwSignal<Vec<(String, String)>>,
}

impl FolderUi {
    /// Nothing open.
    pub fn new() -> FolderUi {
        FolderUi {
            open: StoredValue::new_local(None),
            handle: StoredValue::new_local(None),
            name: RwSignal::new(None),
            entries: RwSignal::new(Vec::new()),
            written: RwSignal::new(None),
            writing: RwSignal::new(Vec::new()),
            changed: RwSignal::new(None),
            remembered: RwSignal::new(None),
            unread: RwSignal::new(Vec::new()),
        }
    }
}

impl Default for FolderUi {
    fn default() -> Self {
        FolderUi::new()
    }
}

/// A file changed on disk since it was read: its path and what it holds now (`None`: gone).
#[derive(Clone, Debug, PartialEq)]
pub struct Disk {
    /// The file.
    pub path: String,
    /// Its plan id.
    pub id: String,
    /// What the disk holds now.
    pub theirs: Option<String>,
}

/// A plan id for a file: stable for the folder's name and the file's path, short enough for a
/// storage key (FNV-1a, 64 bits, twice).
pub fn file_id(folder: &str, path: &str) -> String {
    let hash = |seed: u64| {
        let mut h = seed;
        for b in folder.bytes().chain([0]).chain(path.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h
    };
    format!(
        "file-{:016x}{:016x}",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x8422_2325_cbf2_9ce4)
    )
}

/// A small map by key: a list. A folder holds tens or hundreds of files, and a list costs far
/// less WebAssembly than a `BTreeMap` for each value type.
struct Keyed<T>(Vec<(String, T)>);

impl<T> Keyed<T> {
    fn new() -> Keyed<T> {
        Keyed(Vec::new())
    }

    fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn insert(&mut self, key: String, value: T) {
        match self.get_mut(&key) {
            Some(v) => *v = value,
            None => self.0.push((key, value)),
        }
    }

    fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// What the folder holds, as last read or written.
struct Files {
    scan: Scan,
    /// Each markdown file's text as on disk when last read or written, by path.
    disk: Keyed<String>,
    /// Plan id → path.
    paths: Keyed<String>,
    /// Files being written now, and the text to write after (the latest save wins).
    writing: Keyed<Option<String>>,
}

/// A folder opened from the disk.
pub struct FolderWorkspace {
    root: JsValue,
    name: String,
    catalog: Catalog,
    files: RefCell<Files>,
    ui: FolderUi,
    /// The folder's images a plan showed, as `blob:` URLs by path ("" while being read).
    images: RefCell<Keyed<String>>,
}

impl Drop for FolderWorkspace {
    fn drop(&mut self) {
        for (_, url) in self.images.borrow().iter() {
            if !url.is_empty() {
                let _ = web_sys::Url::revoke_object_url(url);
            }
        }
    }
}

impl FolderWorkspace {
    /// The `blob:` URL of the image file at `path`, once read; `Some("")` while it is read.
    pub fn image_url(&self, path: &str) -> Option<String> {
        self.images.borrow().get(path).cloned()
    }

    /// Reads the image file at `path` (once) and gives its `blob:` URL.
    pub async fn load_image(&self, path: &str) -> Option<String> {
        if let Some(url) = self.image_url(path).filter(|u| !u.is_empty()) {
            return Some(url);
        }
        self.images
            .borrow_mut()
            .insert(path.to_string(), String::new());
        let blob = wait(read_image(&self.root, path))
            .await
            .ok()
            .and_then(|b| b.dyn_into::<web_sys::Blob>().ok());
        let url = blob.and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok());
        match &url {
            Some(u) => self.images.borrow_mut().insert(path.to_string(), u.clone()),
            None => self.images.borrow_mut().remove(path),
        }
        url
    }

    /// The image file at `path` as a `data:` URL (for the HTML export, which carries it).
    pub async fn image_data_url(&self, path: &str) -> Option<String> {
        use base64::Engine as _;
        let blob = wait(read_image(&self.root, path))
            .await
            .ok()?
            .dyn_into::<web_sys::Blob>()
            .ok()?;
        let bytes = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
            .await
            .ok()?;
        let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        Some(format!("data:{};base64,{data}", blob.type_()))
    }

    /// Its name (the folder's own).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the file at `path` held when last read or written.
    fn disk_text(&self, path: &str) -> Option<String> {
        self.files.borrow().disk.get(path).cloned()
    }

    /// The path of plan `id`, when it is a file of this folder.
    pub fn path_of(&self, id: &str) -> Option<String> {
        self.files.borrow().paths.get(id).cloned()
    }

    /// The id of the plan at `path`.
    pub fn id_of(&self, path: &str) -> String {
        file_id(&self.name, path)
    }

    /// Every markdown file's path (a new plan's name must not be one of them).
    pub fn paths(&self) -> Vec<String> {
        self.files.borrow().disk.keys().cloned().collect()
    }

    /// The template a plan in folder `dir` starts from: the one most of its plans follow, else
    /// the folder's template file, else `fallback`.
    pub fn template_for(&self, dir: &str, fallback: Arc<Template>) -> Arc<Template> {
        let files = self.files.borrow();
        let mut counts: Vec<(usize, &Arc<Template>)> = Vec::new();
        for (path, t) in files.scan.plan_templates() {
            if rules::folder_of(path) == dir {
                match counts.iter_mut().find(|(_, x)| x.id == t.id) {
                    Some(c) => c.0 += 1,
                    None => counts.push((1, t)),
                }
            }
        }
        if let Some((_, t)) = counts.iter().max_by_key(|(n, _)| *n) {
            return Arc::clone(t);
        }
        files
            .scan
            .template_path(dir)
            .and_then(|p| {
                files
                    .disk
                    .get(p)
                    .map(|text| rules::folder_template(p, text))
            })
            .unwrap_or(fallback)
    }

    /// The folders' own templates (for the New plan dialog's list).
    pub fn folder_templates(&self) -> Vec<Arc<Template>> {
        let files = self.files.borrow();
        files
            .scan
            .templates
            .iter()
            .map(|(_, p)| p)
            .filter_map(|p| {
                files
                    .disk
                    .get(p)
                    .map(|text| rules::folder_template(p, text))
            })
            .collect()
    }

    fn template_of(&self, path: &str) -> Arc<Template> {
        self.files
            .borrow()
            .scan
            .template_of(path)
            .cloned()
            .unwrap_or_else(crate::core::template::technical_plan)
    }

    fn set_entries(&self) {
        let entries = self.files.borrow().scan.plans.clone();
        self.ui.entries.set(entries);
    }

    /// Reads every file again (after a file was made, or to follow the disk) and lists it.
    fn rescan(&self, texts: &[(String, String)]) {
        let scan = Scan::scan(texts, &self.catalog);
        {
            let mut files = self.files.borrow_mut();
            files.paths = Keyed(
                scan.plans
                    .iter()
                    .map(|e| (file_id(&self.name, &e.path), e.path.clone()))
                    .collect(),
            );
            files.disk = Keyed(texts.to_vec());
            files.scan = scan;
        }
        self.set_entries();
    }

    /// The file at `path` now holds `text` (written or made by this tab): its entry follows.
    fn wrote(&self, path: &str, text: &str) {
        let known = self.files.borrow().disk.contains_key(path);
        if !known {
            // A new file: the folder is sorted out again (it may be the first plan there).
            let mut texts: Vec<(String, String)> = self
                .files
                .borrow()
                .disk
                .iter()
                .map(|(p, t)| (p.clone(), t.clone()))
                .collect();
            // In path order, as the walk reads them.
            let at = texts.partition_point(|(p, _)| p.as_str() < path);
            texts.insert(at, (path.to_string(), text.to_string()));
            self.rescan(&texts);
            return;
        }
        let changed = {
            let mut files = self.files.borrow_mut();
            files.disk.insert(path.to_string(), text.to_string());
            let template = files.scan.template_of(path).cloned();
            match (
                template,
                files.scan.plans.iter().position(|e| e.path == path),
            ) {
                (Some(t), Some(at)) => {
                    let entry = Entry::read(path, text, &t);
                    let before = files.scan.plans[at].clone();
                    files.scan.plans[at] = entry;
                    rules::link_both_sides(&mut files.scan.plans);
                    files.scan.plans[at] != before
                }
                _ => false,
            }
        };
        // A title or status the edit changed shows in the list.
        if changed {
            self.set_entries();
        }
    }

    /// Queues the write of `text` to the file of plan `id`: after the one under way, if any.
    fn queue_write(self: &Rc<Self>, path: String, text: String) {
        {
            let mut files = self.files.borrow_mut();
            if let Some(next) = files.writing.get_mut(&path) {
                *next = Some(text);
                return;
            }
            files.writing.insert(path.clone(), None);
        }
        self.ui.writing.update(|w| w.push(path.clone()));
        let this = Rc::clone(self);
        leptos::task::spawn_local(async move {
            let mut text = text;
            loop {
                this.write_file(&path, &text).await;
                let next = this
                    .files
                    .borrow_mut()
                    .writing
                    .get_mut(&path)
                    .and_then(Option::take);
                match next {
                    Some(t) => text = t,
                    None => break,
                }
            }
            this.files.borrow_mut().writing.remove(&path);
            this.ui.writing.update(|w| w.retain(|p| *p != path));
        });
    }

    /// Writes `text` to `path` unless the disk changed since it was read or written.
    async fn write_file(&self, path: &str, text: &str) {
        let known = self.disk_text(path);
        let now = match self.read_disk(path).await {
            Ok(now) => now,
            Err(e) => {
                self.ui.written.set(Some(Err(format!("{path}: {e}"))));
                return;
            }
        };
        if now.as_deref() == Some(text) {
            // Already there (written by another tab, or nothing changed).
            self.files
                .borrow_mut()
                .disk
                .insert(path.to_string(), text.to_string());
            self.settled(path, text);
            return;
        }
        if now != known {
            self.files
                .borrow_mut()
                .writing
                .insert(path.to_string(), None);
            self.ui.changed.set(Some(Disk {
                path: path.to_string(),
                id: self.id_of(path),
                theirs: now,
            }));
            return;
        }
        match wait(write(&self.root, path, text, false)).await {
            Ok(_) => {
                self.wrote(path, text);
                self.settled(path, text);
            }
            Err(e) => self.ui.written.set(Some(Err(format!("{path}: {e}")))),
        }
    }

    /// The file holds `text`: the draft's base is it, and the status line says so.
    fn settled(&self, path: &str, text: &str) {
        let _ = storage::set_draft_base(&storage::file_key(&self.id_of(path)), text);
        self.ui.written.set(Some(Ok(path.to_string())));
    }

    /// What the file at `path` holds now (`None`: it is gone).
    pub async fn read_disk(&self, path: &str) -> Result<Option<String>, String> {
        let v = wait(read(&self.root, path)).await?;
        if v.is_null() {
            return Ok(None);
        }
        let pair = js_sys::Array::from(&v);
        Ok(pair.get(0).as_string())
    }

    /// The file of plan `id` changed on disk: is it still what was last read or written?
    /// Raises [`FolderUi::changed`] when not.
    pub async fn check_disk(&self, id: &str) {
        let Some(path) = self.path_of(id) else { return };
        if self.ui.changed.with_untracked(Option::is_some) {
            return;
        }
        let known = self.disk_text(&path);
        if let Ok(now) = self.read_disk(&path).await
            && now != known
        {
            self.ui.changed.set(Some(Disk {
                id: id.to_string(),
                path,
                theirs: now,
            }));
        }
    }

    /// Takes what the disk holds as read (the user reloaded it, or keeps theirs).
    pub fn accept_disk(&self, path: &str, text: Option<&str>) {
        let mut files = self.files.borrow_mut();
        match text {
            Some(t) => {
                files.disk.insert(path.to_string(), t.to_string());
            }
            None => {
                files.disk.remove(path);
            }
        }
    }

    /// Writes `text` to the file of `path` over what the disk holds (the user chose Keep mine).
    pub fn force_write(self: &Rc<Self>, path: &str, text: String, theirs: Option<String>) {
        self.accept_disk(path, theirs.as_deref());
        self.queue_write(path.to_string(), text);
    }

    /// Creates a new file at `path` holding `text` (never over an existing one) and lists it.
    pub async fn create(&self, path: &str, text: &str) -> Result<String, String> {
        wait(write(&self.root, path, text, true)).await?;
        self.wrote(path, text);
        let id = self.id_of(path);
        let _ = storage::set_draft_base(&storage::file_key(&id), text);
        Ok(id)
    }

    /// Writes the index (`text`) to `index.md` at the folder's top, or, when an `index.md` is
    /// there that Planform did not write, to `planform-index.md`. Returns the path written.
    pub async fn write_index(&self, text: &str) -> Result<String, String> {
        for path in ["index.md", "planform-index.md"] {
            let now = self.read_disk(path).await?;
            let ours = now
                .as_deref()
                .is_none_or(|t| t.starts_with(rules::INDEX_HEADING));
            if ours {
                wait(write(&self.root, path, text, now.is_none())).await?;
                self.files
                    .borrow_mut()
                    .disk
                    .insert(path.to_string(), text.to_string());
                return Ok(path.to_string());
            }
        }
        Err("index.md and planform-index.md are both the folder's own".into())
    }

    /// A plan read from the file at `path` (its draft is not consulted).
    pub fn plan_of(&self, path: &str, text: &str) -> Plan {
        crate::core::import::import_with(text, &self.template_of(path))
    }
}

impl Workspace for Rc<FolderWorkspace> {
    fn list(&self) -> Vec<PlanMeta> {
        self.files
            .borrow()
            .scan
            .plans
            .iter()
            .map(|e| PlanMeta {
                id: file_id(&self.name, &e.path),
                title: e.title.clone(),
                spec: e.path.clone(),
                updated: e.date.clone().unwrap_or_default(),
                revision: 0,
            })
            .collect()
    }

    fn last_open(&self) -> Option<String> {
        let id = storage::folder_last_open(&self.name)?;
        self.path_of(&id).map(|_| id)
    }

    fn set_last_open(&self, id: &str) -> Result<(), StorageError> {
        if self.path_of(id).is_some() {
            storage::set_folder_last_open(&self.name, id)
        } else {
            BrowserLibrary.set_last_open(id)
        }
    }

    /// The file's plan; its draft when the browser holds edits the file does not have yet
    /// (a tab that died before the write): written now when the disk still holds the draft's
    /// base, else offered beside the disk's version.
    fn load(&self, id: &str) -> Result<Stored, StorageError> {
        let Some(path) = self.path_of(id) else {
            return BrowserLibrary.load(id);
        };
        let disk = self.disk_text(&path).unwrap_or_default();
        let key = storage::file_key(id);
        let Ok(draft) = storage::load_record(&key) else {
            return Ok(Stored {
                plan: self.plan_of(&path, &disk),
                revision: 0,
                writer: String::new(),
            });
        };
        let mine = crate::core::to_markdown(&draft.plan);
        if mine != disk {
            if storage::draft_base(&key).as_deref() == Some(disk.as_str()) {
                self.queue_write(path, mine);
            } else {
                self.ui.changed.set(Some(Disk {
                    path,
                    id: id.to_string(),
                    theirs: Some(disk),
                }));
            }
            return Ok(draft);
        }
        Ok(Stored {
            plan: self.plan_of(&path, &disk),
            ..draft
        })
    }

    fn save(
        &self,
        meta: &PlanMeta,
        plan: &Plan,
        markdown: &str,
        base: u64,
        writer: &str,
    ) -> Result<u64, StorageError> {
        let Some(path) = self.path_of(&meta.id) else {
            return BrowserLibrary.save(meta, plan, markdown, base, writer);
        };
        let key = storage::file_key(&meta.id);
        let revision = storage::save_record(&key, plan, markdown, base, writer)?;
        // The draft's base: the disk text it was made on (a tab that dies before the write
        // finds both next time, and writes the draft only if the disk still holds its base).
        if !storage::has_draft_base(&key) {
            let disk = self.disk_text(&path).unwrap_or_default();
            storage::set_draft_base(&key, &disk)?;
        }
        // While the disk's change waits for the user, nothing is written to the file.
        if self
            .ui
            .changed
            .with_untracked(|c| c.as_ref().is_none_or(|c| c.path != path))
        {
            self.queue_write(path, markdown.to_string());
        }
        Ok(revision)
    }

    fn record_key(&self, id: &str) -> String {
        if self.path_of(id).is_some() {
            storage::file_key(id)
        } else {
            BrowserLibrary.record_key(id)
        }
    }

    fn delete(&self, id: &str, now_ms: f64) -> Result<(), StorageError> {
        if self.path_of(id).is_some() {
            return Err(StorageError::Missing(
                "a plan file is deleted in the folder, not here".into(),
            ));
        }
        BrowserLibrary.delete(id, now_ms)
    }

    fn discard(&self, id: &str) -> Result<(), StorageError> {
        // A file is never discarded: only a browser plan nobody typed in.
        if self.path_of(id).is_some() {
            return Ok(());
        }
        BrowserLibrary.discard(id)
    }

    fn search_text(&self, id: &str) -> Option<String> {
        let path = self.path_of(id)?;
        self.files
            .borrow()
            .disk
            .get(&path)
            .map(|t| t.to_lowercase())
    }

    fn history(&self, id: &str) -> Vec<Snapshot> {
        storage::history(id)
    }

    fn push_snapshot(&self, id: &str, markdown: &str, now_ms: f64) -> Result<(), StorageError> {
        storage::push_snapshot(id, markdown, now_ms)
    }
}

/// Asks for a folder (the browser's picker), reads it and remembers it.
pub async fn choose(catalog: Catalog, ui: FolderUi) -> Result<Option<Rc<FolderWorkspace>>, String> {
    let picked = match pick() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    let handle = match picked {
        Ok(h) => h,
        // The user closed the picker: nothing to say.
        Err(e)
            if e.dyn_ref::<js_sys::Error>()
                .is_some_and(|e| e.name() == "AbortError") =>
        {
            return Ok(None);
        }
        Err(e) => return Err(message(&e)),
    };
    let _ = wait(remember(&handle)).await;
    open(handle, catalog, ui).await.map(Some)
}

/// The folder remembered from a past visit, if any: its handle and name.
pub async fn remembered_folder() -> Option<(JsValue, String)> {
    let h = wait(remembered()).await.ok()?;
    if h.is_null() || h.is_undefined() {
        return None;
    }
    let name = handle_name(&h);
    Some((h, name))
}

/// Opens the remembered folder, asking the browser for permission (a click must lead here).
pub async fn reopen(
    handle: JsValue,
    catalog: Catalog,
    ui: FolderUi,
) -> Result<Rc<FolderWorkspace>, String> {
    let granted = wait(permission(&handle, true)).await?;
    if granted.as_string().as_deref() != Some("granted") {
        return Err("the browser did not allow Planform to edit this folder".into());
    }
    open(handle, catalog, ui).await
}

/// Forgets the remembered folder.
pub async fn forget_folder() {
    let _ = wait(forget()).await;
}

/// A JS array of `[string, string, …]` arrays as pairs (what `fs.js` hands back: a path and
/// its text, or a path and why it was not read); anything else is left out.
fn string_pairs(v: &JsValue) -> Vec<(String, String)> {
    js_sys::Array::from(v)
        .iter()
        .filter_map(|f| {
            let f = js_sys::Array::from(&f);
            Some((f.get(0).as_string()?, f.get(1).as_string()?))
        })
        .collect()
}

/// Reads every markdown file under `root` and sorts them out.
async fn open(
    root: JsValue,
    catalog: Catalog,
    ui: FolderUi,
) -> Result<Rc<FolderWorkspace>, String> {
    let skip = Closure::<dyn Fn(String) -> bool>::new(|n: String| rules::skip_dir(&n));
    let wanted = Closure::<dyn Fn(String) -> bool>::new(|n: String| rules::is_markdown(&n));
    let read = wait(read_all(&root, &skip, &wanted, MAX_FILE_BYTES)).await?;
    let pair = js_sys::Array::from(&read);
    let texts = string_pairs(&pair.get(0));
    let unread = string_pairs(&pair.get(1));
    let name = handle_name(&root);
    let folder = Rc::new(FolderWorkspace {
        root,
        name: name.clone(),
        catalog,
        files: RefCell::new(Files {
            scan: Scan::default(),
            disk: Keyed::new(),
            paths: Keyed::new(),
            writing: Keyed::new(),
        }),
        ui,
        images: RefCell::new(Keyed::new()),
    });
    folder.rescan(&texts);
    // Drafts the files already hold are done with (no plan of this folder is open yet).
    for (id, path) in folder.files.borrow().paths.iter() {
        let key = storage::file_key(id);
        if let Ok(d) = storage::load_record(&key)
            && folder.files.borrow().disk.get(path).map(String::as_str)
                == Some(crate::core::to_markdown(&d.plan).as_str())
        {
            storage::remove_file_draft(&key);
        }
    }
    ui.unread.set(unread);
    ui.name.set(Some(name));
    Ok(folder)
}
