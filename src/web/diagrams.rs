//! Mermaid diagrams in the rendered plan: a ```` ```mermaid ```` block is shown as its picture,
//! drawn and shown by `public/mermaid/host.js` in sandboxed frames (see that file for the
//! isolation and the message protocol). The host is loaded the first time a rendered plan has a
//! diagram, so a plan without one fetches nothing; until it is loaded, and where it cannot be,
//! the block shows as code.
//!
//! Rendered HTML that may hold a diagram is set with [`set_html`] (not `inner_html`), so that a
//! re-render keeps the pictures' frames: the old picture stays until the new one is drawn.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

// The page side is a few lines of JavaScript, not Rust: it is on every start's path, and as
// JavaScript it costs a tenth of the wasm (the host module it loads is fetched only when used).
#[wasm_bindgen(inline_js = r#"
const MARK = '<code class="language-mermaid">';
let host = null;
let loading = null;
function load() {
  if (!loading) {
    const meta = document.querySelector('meta[name=planform-diagrams]');
    loading = meta
      ? import(new URL(meta.content, document.baseURI).href).then((h) => { host = h; h.attach(document.body); return h; })
      : Promise.reject(new Error('this build has no diagram renderer'));
    loading.catch(() => { loading = null; });
  }
  return loading;
}
export function set_html(el, html, had) {
  const has = html.includes(MARK);
  if (host && (has || had)) host.swap(el, html);
  else el.innerHTML = html;
  if (has && !host) load().catch(() => {});
  return has;
}
export function pictures(sources) {
  return load().then((h) => h.pictures(sources));
}
"#)]
extern "C" {
    /// Sets `el`'s HTML to rendered `html`; its mermaid blocks become pictures (once the host
    /// is loaded: the first one starts loading it; where it cannot be, they stay code). `had`
    /// says whether `el`'s HTML held a diagram before; returns whether `html` does.
    #[wasm_bindgen(js_name = set_html)]
    pub fn set_html(el: &web_sys::Element, html: &str, had: bool) -> bool;
    /// `[{svg} | {error}]` for each source, in the light theme; rejects when the renderer
    /// cannot be loaded.
    #[wasm_bindgen(js_name = pictures)]
    fn pictures_js(sources: Vec<String>) -> js_sys::Promise;
}

/// The diagrams' pictures for an export, in the light theme: for each source, its SVG as the
/// renderer drew it (not sanitised yet), or the reason there is none.
pub async fn pictures(sources: Vec<String>) -> Vec<Result<String, String>> {
    let count = sources.len();
    if count == 0 {
        return Vec::new();
    }
    let Ok(answers) = wasm_bindgen_futures::JsFuture::from(pictures_js(sources)).await else {
        return vec![Err("the diagram renderer could not be loaded".to_string()); count];
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
/// the diagrams' pictures kept across re-renders.
pub fn bind_html<E>(node: NodeRef<E>, html: impl Fn() -> String + 'static)
where
    E: leptos::tachys::html::element::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    bind(
        Box::new(move || node.get().map(|e| e.unchecked_into())),
        Box::new(html),
    );
}

/// [`bind_html`]'s one effect, not generic: one copy in the wasm for every use.
fn bind(node: Box<dyn Fn() -> Option<web_sys::Element>>, html: Box<dyn Fn() -> String>) {
    Effect::new(move |had: Option<bool>| {
        let had = had.unwrap_or(false);
        let html = html();
        match node() {
            Some(el) => set_html(&el, &html, had),
            None => had,
        }
    });
}
