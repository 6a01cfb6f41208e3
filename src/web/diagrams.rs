//! Mermaid diagrams in the rendered plan: a ```` ```mermaid ```` block is shown as its picture,
//! drawn by `public/mermaid/host.js` in a sandboxed frame of its own (see that file for the
//! isolation and the message protocol). The host is loaded the first time a rendered plan has a
//! diagram, so a plan without one fetches nothing; until it is loaded, and where it cannot be,
//! the block shows as code.
//!
//! Rendered HTML that may hold a diagram is set with [`set_html`] (not `inner_html`), so that a
//! re-render keeps the diagrams' frames alive: the old picture stays until the new one is drawn.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// How a mermaid block starts in rendered HTML (`core::html`'s code block, language class).
const MARK: &str = "<code class=\"language-mermaid\">";

#[wasm_bindgen(inline_js = "export function import_module(url) { return import(url); }")]
extern "C" {
    /// `import(url)`: the host module, fetched when first needed.
    #[wasm_bindgen(catch)]
    fn import_module(url: &str) -> Result<js_sys::Promise, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The loaded `host.js` module.
    type Host;
    /// Replaces `el`'s HTML, keeping its diagrams' frames.
    #[wasm_bindgen(method, catch)]
    fn swap(this: &Host, el: &web_sys::Element, html: &str) -> Result<(), JsValue>;
    /// Draws the diagrams under `root` not drawn yet.
    #[wasm_bindgen(method, catch)]
    fn attach(this: &Host, root: &web_sys::Element) -> Result<(), JsValue>;
    /// `[{svg} | {error}]` for each source, in the light theme.
    #[wasm_bindgen(method, catch)]
    fn pictures(this: &Host, sources: Vec<String>) -> Result<js_sys::Promise, JsValue>;
}

enum Load {
    Idle,
    Loading,
    Ready(Host),
}

thread_local! {
    static HOST: RefCell<Load> = const { RefCell::new(Load::Idle) };
}

/// True when rendered `html` holds a mermaid block.
pub fn has_diagram(html: &str) -> bool {
    html.contains(MARK)
}

/// Sets `el`'s HTML to rendered `html`; its mermaid blocks become pictures (once the host is
/// loaded: the first one starts loading it). `had` says whether `el`'s HTML held a diagram
/// before. Returns whether `html` holds one, for the next call's `had`.
pub fn set_html(el: &web_sys::Element, html: &str, had: bool) -> bool {
    let has = has_diagram(html);
    let swapped = (has || had)
        && HOST.with_borrow(|h| match h {
            Load::Ready(host) => host.swap(el, html).is_ok(),
            _ => false,
        });
    if !swapped {
        el.set_inner_html(html);
    }
    if has {
        load();
    }
    has
}

/// Where the build put the host module (`index.html`'s `<meta name="planform-diagrams">`),
/// relative to the page. None in a page without it (the wasm tests'): blocks stay code.
fn host_url() -> Option<String> {
    let meta = document()
        .query_selector("meta[name=planform-diagrams]")
        .ok()
        .flatten()?;
    let path = meta.get_attribute("content")?;
    let base = document().base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(&path, &base)
        .ok()
        .map(|u| u.href())
}

/// Starts loading the host once; when it arrives it draws every diagram already on the page.
/// A failed load (offline before the first visit finished) leaves the code and is tried again
/// with the next diagram rendered.
fn load() {
    let start = HOST.with_borrow_mut(|h| match h {
        Load::Idle => {
            *h = Load::Loading;
            true
        }
        _ => false,
    });
    if !start {
        return;
    }
    leptos::task::spawn_local(async {
        let host = match ready_host().await {
            Some(host) => host,
            None => {
                HOST.with_borrow_mut(|h| *h = Load::Idle);
                return;
            }
        };
        if let Some(body) = document().body() {
            let _ = host.attach(&body);
        }
        HOST.with_borrow_mut(|h| *h = Load::Ready(host));
    });
}

async fn ready_host() -> Option<Host> {
    let url = host_url()?;
    let module = JsFuture::from(import_module(&url).ok()?).await.ok()?;
    Some(module.unchecked_into::<Host>())
}

/// The diagrams' pictures for an export, in the light theme: for each source, its SVG as the
/// frame drew it (not sanitised yet), or the reason there is none.
pub async fn pictures(sources: Vec<String>) -> Vec<Result<String, String>> {
    let count = sources.len();
    let unavailable = || vec![Err("the diagram renderer could not be loaded".to_string()); count];
    if count == 0 {
        return Vec::new();
    }
    let loaded = HOST.with_borrow(|h| match h {
        Load::Ready(host) => Some(JsValue::clone(host).unchecked_into::<Host>()),
        _ => None,
    });
    let host = match loaded {
        Some(host) => host,
        None => match ready_host().await {
            Some(host) => host,
            None => return unavailable(),
        },
    };
    let Ok(promise) = host.pictures(sources) else {
        return unavailable();
    };
    let Ok(answers) = JsFuture::from(promise).await else {
        return unavailable();
    };
    let field = |answer: &JsValue, name: &str| {
        js_sys::Reflect::get(answer, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    let mut out: Vec<Result<String, String>> = js_sys::Array::from(&answers)
        .iter()
        .map(|answer| match field(&answer, "svg") {
            Some(svg) => Ok(svg),
            None => Err(field(&answer, "error").unwrap_or_else(|| "no picture".into())),
        })
        .collect();
    out.resize(count, Err("no picture".into()));
    out
}

/// Keeps `node`'s HTML equal to `html()` through [`set_html`]: what `inner_html` does, with
/// the diagrams' frames kept across re-renders.
pub fn bind_html<E>(node: NodeRef<E>, html: impl Fn() -> String + 'static)
where
    E: leptos::tachys::html::element::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |had: Option<bool>| {
        let had = had.unwrap_or(false);
        let html = html();
        match node.get() {
            Some(el) => set_html(el.unchecked_ref(), &html, had),
            None => had,
        }
    });
}
