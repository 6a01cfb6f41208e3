//! Embedding in a host page (a wiki): the URL parameters of `?mode=embed` and `?mode=view`, and
//! the postMessage API between the embedded app and its host.
//!
//! The host names its origin in the URL (`&origin=https://wiki.example.com`). Messages from any
//! other origin, or from any window but the embedding one, are ignored; messages are only ever
//! posted to the parent window with that origin as the target, so the browser drops them if the
//! parent is anything else. Only the embedded document is reachable: the first-party app installs
//! no message listener, and an embedded editor never reads the plan library.
//!
//! Messages are plain objects, converted with serde-wasm-bindgen; anything else is ignored:
//! - `{ type: "ready", mode: "embed" | "view" }`, editor → host, once it listens;
//! - `{ type: "load", markdown }`, host → editor: the document to edit (or show);
//! - `{ type: "get", id }` → `{ type: "markdown", id, markdown }`: the current markdown, `id`
//!   (a string or number) echoed back;
//! - `{ type: "change", markdown }`, editor → host, after edits pause.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// How long edits must pause before `change` is posted.
pub const CHANGE_DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(300);

/// Larger documents from a host are ignored (localStorage holds about 5 MB in all).
pub const MAX_MARKDOWN: usize = 4 * 1024 * 1024;

/// Longest accepted embed id (it becomes part of a storage key).
const MAX_ID: usize = crate::core::records::MAX_ID_LEN;

/// Which face of the app the URL asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The first-party app with its plan library.
    App,
    /// `?mode=view`: read-only.
    View,
    /// `?mode=embed`: an editor bound to one document owned by the host page.
    Embed,
}

/// Why the page cannot open as asked: said to the user as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// `&id=` is empty or too long.
    #[error("the embed id must be 1 to {MAX_ID} characters long")]
    IdLength,
    /// `&id=` has control characters.
    #[error("the embed id must not contain control characters")]
    IdControl,
    /// `&origin=` is not a bare web origin.
    #[error("“{0}” is not an origin such as https://wiki.example.com")]
    NotAnOrigin(String),
    /// `?mode=embed` without `&origin=`.
    #[error(
        "the embedding page must name its origin in the URL, e.g. \
         ?mode=embed&origin=https://wiki.example.com"
    )]
    NoOrigin,
    /// `?mode=view` with neither a share link nor a host page.
    #[error(
        "no plan was given: add a share link's #plan=… fragment, or name the host page \
         that sends one with &origin="
    )]
    NoPlan,
    /// A share link that does not read.
    #[error(transparent)]
    Share(#[from] crate::core::share::ShareError),
}

/// What the page's query string says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    /// The mode asked for.
    pub mode: Mode,
    /// `&origin=`: the host page's origin, when given (checked).
    pub origin: Option<Result<String, OpenError>>,
    /// `&id=`: which of the host's documents this is (drafts are kept per origin and id).
    pub id: Result<String, OpenError>,
}

/// Reads the query string of the page.
pub fn params() -> Params {
    let search = window().location().search().unwrap_or_default();
    let query = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |name: &str| query.as_ref().and_then(|q| q.get(name));
    let mode = match get("mode").as_deref() {
        Some("view") => Mode::View,
        Some("embed") => Mode::Embed,
        _ => Mode::App,
    };
    let id = match get("id") {
        None => Ok("default".to_string()),
        Some(id) if id.is_empty() || id.chars().count() > MAX_ID => Err(OpenError::IdLength),
        Some(id) if id.chars().any(char::is_control) => Err(OpenError::IdControl),
        Some(id) => Ok(id),
    };
    Params {
        mode,
        origin: get("origin").map(|o| host_origin(&o)),
        id,
    }
}

/// Checks that `raw` is exactly a web origin (`https://host[:port]`, nothing after it) and
/// returns it in the browser's own spelling.
pub fn host_origin(raw: &str) -> Result<String, OpenError> {
    let bad = || OpenError::NotAnOrigin(raw.to_string());
    let url = web_sys::Url::new(raw).map_err(|_| bad())?;
    let origin = url.origin();
    let web = matches!(url.protocol().as_str(), "https:" | "http:");
    // Only a bare origin is accepted: a path, query or credentials would mean the embedder
    // believes something other than the origin is being checked. The browser's spelling
    // (lower case, default port dropped, punycode) is what `MessageEvent.origin` carries.
    let bare = url.pathname() == "/"
        && url.search().is_empty()
        && url.hash().is_empty()
        && url.username().is_empty()
        && url.password().is_empty();
    if web && bare && origin != "null" {
        Ok(origin)
    } else {
        Err(bad())
    }
}

/// A message from the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum FromHost {
    /// The document to edit or show.
    Load {
        /// Its markdown.
        markdown: String,
        /// The template it follows (markdown), when the host owns one; else detected.
        template: Option<String>,
    },
    /// Asks for the current markdown.
    Get {
        /// The request's id (a string or a number), echoed in the answer as it came.
        id: JsValue,
    },
}

/// A message as it arrives: one flat shape for every type (read without buffering, and with the
/// id kept as the JavaScript value it is, so a number is never parsed into Rust and back).
#[derive(Deserialize)]
struct Incoming {
    #[serde(rename = "type")]
    kind: String,
    markdown: Option<String>,
    #[serde(default)]
    template: Option<String>,
    #[serde(with = "serde_wasm_bindgen::preserve", default)]
    id: JsValue,
}

/// A message to the host page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ToHost<'a> {
    /// The app listens now.
    Ready {
        /// `embed` or `view`.
        mode: &'a str,
    },
    /// The answer to `get`.
    Markdown {
        /// The request's id.
        #[serde(with = "serde_wasm_bindgen::preserve")]
        id: JsValue,
        /// The current markdown.
        markdown: &'a str,
    },
    /// The document changed.
    Change {
        /// Its markdown now.
        markdown: &'a str,
    },
}

/// The embedding page, reachable only at the origin named in the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    origin: String,
}

/// The parent window, when the page is framed (a top-level page has none).
fn parent() -> Option<web_sys::Window> {
    let own = window();
    let parent = own.parent().ok().flatten()?;
    (!js_sys::Object::is(parent.as_ref(), own.as_ref())).then_some(parent)
}

impl Host {
    /// A host at a checked origin (see [`host_origin`]).
    pub fn new(origin: String) -> Host {
        Host { origin }
    }

    /// Its origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Posts a message to the parent window, only if it is at the host's origin (the browser
    /// checks: the origin is the target, never `*`).
    pub fn post(&self, message: &ToHost) {
        let Some(parent) = parent() else { return };
        if let Ok(value) = serde_wasm_bindgen::to_value(message) {
            let _ = parent.post_message(&value, &self.origin);
        }
    }

    /// Calls `on` with each well-formed message that the parent window sends from the host's
    /// origin; everything else is dropped unread.
    pub fn listen(&self, on: impl Fn(FromHost) + 'static) -> WindowListenerHandle {
        let origin = self.origin.clone();
        window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
            if ev.origin() != origin {
                return;
            }
            let from_parent = match (ev.source(), parent()) {
                (Some(source), Some(parent)) => js_sys::Object::is(&source, parent.as_ref()),
                _ => false,
            };
            if !from_parent {
                return;
            }
            match decode(ev.data()) {
                Some(message) => on(message),
                None => leptos::logging::debug_warn!("Planform: ignored a malformed message"),
            }
        })
    }
}

/// A host message, if `data` is one: a known type with the fields it needs, an id that is a
/// string or a finite number, and a document no larger than [`MAX_MARKDOWN`].
pub fn decode(data: JsValue) -> Option<FromHost> {
    let message: Incoming = serde_wasm_bindgen::from_value(data).ok()?;
    match (message.kind.as_str(), message.markdown) {
        ("load", Some(markdown))
            if markdown.len() <= MAX_MARKDOWN
                && message
                    .template
                    .as_ref()
                    .is_none_or(|t| t.len() <= crate::web::storage::MAX_TEMPLATE_BYTES) =>
        {
            Some(FromHost::Load {
                markdown,
                template: message.template,
            })
        }
        ("get", _) if message.id.is_string() || message.id.as_f64().is_some_and(f64::is_finite) => {
            Some(FromHost::Get { id: message.id })
        }
        _ => None,
    }
}
