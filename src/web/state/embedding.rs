//! The editor embedded in a host page: bound to one document the host loads, with its draft kept
//! here per host origin and id, and the postMessage protocol (`load`, `get`, `change`).

use leptos::prelude::*;

use super::*;

/// An editor embedded in a host page: bound to one document, whose draft lives under `key`.
pub struct Embedded {
    /// The draft's storage key (per host origin and embed id).
    pub key: String,
    /// The host page.
    pub host: Host,
    /// The draft found in storage at start, offered back if the host then loads the same
    /// document it loaded last time (its edits never reached the host: a crash, a closed tab).
    pub(super) recover: bool,
    /// The markdown the host has (loaded, or last sent in `change`).
    pub(super) posted: String,
    /// The pending `change` message.
    pub(super) timer: Option<TimeoutHandle>,
}

impl AppState {
    /// An editor for one document of a host page: its draft (if any) until the host loads the
    /// document. Neither the library nor any other stored plan is read.
    pub fn load_embed(host: Host, id: &str) -> AppState {
        let key = storage::embed_key(host.origin(), id);
        // An unreadable draft is moved aside (the first-party app offers it for download).
        let draft = match storage::load_record(&key) {
            Ok(draft) => Some(draft),
            Err(storage::StorageError::Corrupt(reason)) => {
                storage::set_aside(&key, &reason.to_string(), now_ms());
                None
            }
            Err(_) => None,
        };
        let recover = draft.is_some();
        // An embedded editor reads its host's documents against the built-ins (and the template
        // a document comes with): the user's own templates are the first-party app's.
        let catalog = Catalog::new();
        let stored = draft.unwrap_or_else(|| storage::Stored {
            plan: new_plan(&catalog),
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
            catalog,
        )
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
        self.undo.set_value(Undo::default());
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
            let plan = self
                .catalog
                .with_untracked(|c| crate::core::import::import_in(&markdown, c));
            self.markdown_draft.set(None);
            self.undo.update_value(Undo::close_step);
            self.edit(|p| *p = plan);
        }
    }

    /// Tells the host that the document changed, once edits pause ([`CHANGE_DEBOUNCE`]).
    pub(super) fn notify_host(&self) {
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
}
