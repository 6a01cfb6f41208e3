//! Browser tests (wasm32 only): the app's components against a real DOM and real localStorage,
//! in headless Chromium. Run: `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use planform::web::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh app in a fresh element over empty storage. Keep the handle: dropping it unmounts.
fn mount_fresh() -> (web_sys::HtmlElement, impl Drop) {
    local_storage().clear().ok();
    let doc = document();
    let host: web_sys::HtmlElement = doc
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), App);
    (host, handle)
}

fn local_storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

fn find(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn input(host: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlInputElement {
    find(host, selector).dyn_into().unwrap()
}

fn textarea(host: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlTextAreaElement {
    find(host, selector).dyn_into().unwrap()
}

fn type_into(el: &web_sys::HtmlElement, set: impl FnOnce()) {
    set();
    let ev = web_sys::Event::new("input").unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// The button whose accessible name (aria-label, else text) is `name`.
fn button(host: &web_sys::HtmlElement, name: &str) -> web_sys::HtmlElement {
    let all = host.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| {
            b.get_attribute("aria-label")
                .unwrap_or_else(|| b.text_content().unwrap_or_default())
                .trim()
                == name
        })
        .unwrap_or_else(|| panic!("no button named {name}"))
}

/// Shows the Markdown tab and returns its source textarea.
async fn open_markdown_tab(host: &web_sys::HtmlElement) -> web_sys::HtmlTextAreaElement {
    let tab: web_sys::HtmlElement = find(host, "[role=tab]#pf-tab-md").dyn_into().unwrap();
    tab.click();
    tick().await;
    textarea(host, "textarea[aria-label='Markdown source']")
}

fn preview_text(host: &web_sys::HtmlElement) -> String {
    find(host, "[aria-label=Preview]")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn first_visit_opens_the_template_and_stores_it() {
    let (host, _app) = mount_fresh();
    tick().await;
    let title = input(&host, "input[aria-label=Title]");
    assert_eq!(title.value(), "", "a new plan has an empty title");
    assert_eq!(title.placeholder(), "[Feature Name]");
    assert!(preview_text(&host).contains("Problem Statement"));
    let status = find(&host, "[role=status]")
        .text_content()
        .unwrap_or_default();
    assert!(status.contains("Saved"), "status says {status:?}");
    let index = local_storage()
        .get_item("planform:index")
        .unwrap()
        .unwrap_or_default();
    assert!(index.contains("\"revision\""), "index {index}");
}

#[wasm_bindgen_test]
async fn typing_in_the_form_updates_the_preview_and_saves() {
    let (host, _app) = mount_fresh();
    tick().await;
    let problem = textarea(&host, "textarea[aria-label='Problem statement']");
    type_into(&problem.clone().unchecked_into(), || {
        problem.set_value("Checkout times out under load.")
    });
    tick().await;
    assert!(preview_text(&host).contains("Checkout times out under load."));
    // Written before the input handler returns: nothing waits for a timer.
    let status = find(&host, "[role=status]")
        .text_content()
        .unwrap_or_default();
    assert!(status.contains("Saved"), "{status}");
    let stored: String = (0..local_storage().length().unwrap())
        .filter_map(|i| local_storage().key(i).ok().flatten())
        .filter(|k| k.starts_with("planform:plan:"))
        .filter_map(|k| local_storage().get_item(&k).ok().flatten())
        .collect();
    assert!(stored.contains("Checkout times out under load."));
}

#[wasm_bindgen_test]
async fn markdown_tab_edits_reach_the_form() {
    let (host, _app) = mount_fresh();
    tick().await;
    let source = open_markdown_tab(&host).await;
    let text = source.value();
    assert!(
        text.starts_with("# Technical Plan: [Feature Name]"),
        "{}",
        &text[..40.min(text.len())]
    );
    let edited = text.replacen("[Feature Name]", "Faster checkout", 1);
    type_into(&source.clone().unchecked_into(), || {
        source.set_value(&edited)
    });
    tick().await;
    let form_tab: web_sys::HtmlElement = find(&host, "[role=tab]#pf-tab-form").dyn_into().unwrap();
    form_tab.click();
    // The Form tab is mounted anew when shown: one tick for the switch, one for its controls.
    tick().await;
    tick().await;
    assert!(
        preview_text(&host).contains("Faster checkout"),
        "{}",
        preview_text(&host)
    );
    assert_eq!(
        input(&host, "input[aria-label=Title]").value(),
        "Faster checkout"
    );
}

#[wasm_bindgen_test]
async fn undo_and_redo_restore_form_edits() {
    let (host, _app) = mount_fresh();
    tick().await;
    let title = input(&host, "input[aria-label=Title]");
    type_into(&title.clone().unchecked_into(), || title.set_value("First"));
    tick().await;
    button(&host, "Undo").click();
    tick().await;
    assert_eq!(input(&host, "input[aria-label=Title]").value(), "");
    button(&host, "Redo").click();
    tick().await;
    assert_eq!(input(&host, "input[aria-label=Title]").value(), "First");
}

#[wasm_bindgen_test]
async fn hostile_markdown_in_the_preview_carries_no_script() {
    let (host, _app) = mount_fresh();
    tick().await;
    let problem = textarea(&host, "textarea[aria-label='Problem statement']");
    let hostile = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=1\"> [x](javascript:alert(1))";
    type_into(&problem.clone().unchecked_into(), || {
        problem.set_value(hostile)
    });
    tick().await;
    let preview = find(&host, "[aria-label=Preview]");
    assert!(preview.query_selector("script").unwrap().is_none());
    assert!(preview.query_selector("[onerror]").unwrap().is_none());
    let linked = preview.query_selector_all("[href], [src]").unwrap();
    for i in 0..linked.length() {
        let el: web_sys::Element = linked.item(i).unwrap().dyn_into().unwrap();
        let url = el
            .get_attribute("href")
            .or_else(|| el.get_attribute("src"))
            .unwrap_or_default();
        assert!(!url.to_lowercase().contains("script:"), "{url}");
    }
}

#[wasm_bindgen_test]
async fn a_full_storage_is_reported_not_claimed_saved() {
    let (host, _app) = mount_fresh();
    tick().await;
    // Fill localStorage until the browser refuses, then edit.
    let storage = local_storage();
    let chunk = "x".repeat(512 * 1024);
    let mut n = 0;
    while storage.set_item(&format!("filler:{n}"), &chunk).is_ok() && n < 64 {
        n += 1;
    }
    let small = "y".repeat(1024);
    let mut m = 0;
    while storage
        .set_item(&format!("filler-small:{m}"), &small)
        .is_ok()
        && m < 20_000
    {
        m += 1;
    }
    let problem = textarea(&host, "textarea[aria-label='Problem statement']");
    let long = "A problem worth stating. ".repeat(400);
    type_into(&problem.clone().unchecked_into(), || {
        problem.set_value(&long)
    });
    tick().await;
    let status = find(&host, "[role=status]")
        .text_content()
        .unwrap_or_default();
    storage.clear().ok();
    assert!(
        !status.contains("Saved"),
        "full storage must not read as saved: {status}"
    );
    assert!(status.contains("Not saved"), "{status}");
}

#[wasm_bindgen_test]
async fn timeline_rows_edit_dates_and_statuses_with_real_controls() {
    let (host, _app) = mount_fresh();
    tick().await;
    let status: web_sys::HtmlSelectElement =
        find(&host, "select[aria-label='Timeline row 1 status']")
            .dyn_into()
            .unwrap();
    assert_eq!(
        status.value(),
        "✅",
        "the template's first milestone is done"
    );
    status.set_value("⏳");
    status
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    let date = input(&host, "input[aria-label='Timeline row 1 date']");
    assert_eq!(date.type_(), "date");
    date.set_value("2026-12-01");
    date.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    let rows = host
        .query_selector_all("[aria-label=Preview] tbody tr")
        .unwrap();
    let texts: Vec<String> = (0..rows.length())
        .filter_map(|i| rows.item(i).and_then(|r| r.text_content()))
        .collect();
    assert!(
        texts
            .iter()
            .any(|r| r.contains("Design complete") && r.contains("2026-12-01") && r.contains('⏳')),
        "{texts:?}"
    );
}

/// Host messages: only well-formed `load` and `get` pass; everything else is dropped.
#[wasm_bindgen_test]
fn host_messages_are_checked_before_use() {
    use planform::web::embed::{FromHost, MAX_MARKDOWN, decode};
    let js = |text: &str| js_sys::JSON::parse(text).unwrap();
    assert_eq!(
        decode(js(r##"{"type":"load","markdown":"# A","extra":1}"##)),
        Some(FromHost::Load {
            markdown: "# A".into()
        })
    );
    match decode(js(r#"{"type":"get","id":7}"#)) {
        Some(FromHost::Get { id }) => assert_eq!(id.as_f64(), Some(7.0)),
        other => panic!("{other:?}"),
    }
    match decode(js(r#"{"type":"get","id":"req-1"}"#)) {
        Some(FromHost::Get { id }) => assert_eq!(id.as_string().as_deref(), Some("req-1")),
        other => panic!("{other:?}"),
    }
    for bad in [
        r#"{"type":"get"}"#,
        r#"{"type":"get","id":{"a":1}}"#,
        r#"{"type":"get","id":null}"#,
        r#"{"type":"load"}"#,
        r#"{"type":"load","markdown":5}"#,
        r#"{"type":"LOAD","markdown":"x"}"#,
        r#"{"type":"change","markdown":"x"}"#,
        r#"{"markdown":"x"}"#,
        r#""load""#,
        "null",
        "[1,2]",
    ] {
        assert_eq!(decode(js(bad)), None, "{bad}");
    }
    let huge = wasm_bindgen::JsValue::from_str(&"x".repeat(MAX_MARKDOWN + 1));
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"type".into(), &"load".into()).unwrap();
    js_sys::Reflect::set(&message, &"markdown".into(), &huge).unwrap();
    assert_eq!(
        decode(message.into()),
        None,
        "oversized documents are refused"
    );
}

/// The embed URL's origin must be exactly a web origin.
#[wasm_bindgen_test]
fn host_origins_are_bare_web_origins() {
    use planform::web::embed::host_origin;
    // Kept in the browser's own spelling, as `MessageEvent.origin` will carry it.
    for (given, origin) in [
        ("https://wiki.example.com", "https://wiki.example.com"),
        ("https://wiki.example.com/", "https://wiki.example.com"),
        ("http://127.0.0.1:4174", "http://127.0.0.1:4174"),
        ("HTTPS://Wiki.Example.COM:443", "https://wiki.example.com"),
        ("https://wïki.example", "https://xn--wki-zma.example"),
    ] {
        assert_eq!(host_origin(given).as_deref(), Ok(origin), "{given}");
    }
    for bad in [
        "",
        "*",
        "null",
        "wiki.example.com",
        "https://wiki.example.com/page",
        "https://wiki.example.com?x=1",
        "https://wiki.example.com/#top",
        "https://user:pw@wiki.example.com",
        "https://user@wiki.example.com",
        "javascript:alert(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
    ] {
        assert!(host_origin(bad).is_err(), "{bad}");
    }
}

/// An embedded editor reads and writes only its own draft: never the library.
#[wasm_bindgen_test]
async fn an_embedded_editor_keeps_only_its_own_draft() {
    use planform::web::embed::Host;
    use planform::web::state::AppState;
    local_storage().clear().ok();
    // A library with one plan, written by the first-party app.
    let (_host, app) = mount_fresh();
    tick().await;
    drop(app);
    let library = || {
        let s = local_storage();
        let mut all: Vec<(String, String)> = (0..s.length().unwrap())
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| !k.starts_with("planform:embed"))
            .map(|k| (k.clone(), s.get_item(&k).unwrap().unwrap_or_default()))
            .collect();
        all.sort();
        all
    };
    let before = library();
    assert!(before.iter().any(|(k, _)| k == "planform:index"));

    let wiki = "https://wiki.example.com";
    let doc = "# Technical Plan: Wiki page\n\n## 1. Problem Statement\n\nSlow pages.\n";
    let state = AppState::load_embed(Host::new(wiki.into()), "page-1");
    assert!(state.library.with_untracked(Vec::is_empty));
    state.host_load(doc);
    assert!(state.markdown.get_untracked().contains("Slow pages."));
    state.set_markdown(doc.replace("Slow pages.", "Slow pages, edited."));
    let draft = local_storage()
        .get_item(&format!("planform:embed:{wiki} page-1"))
        .unwrap()
        .unwrap_or_default();
    assert!(draft.contains("Slow pages, edited."), "{draft}");
    assert_eq!(library(), before, "the library is untouched");

    // Reopened, the first load of the same document keeps the unsent draft and says so.
    let again = AppState::load_embed(Host::new(wiki.into()), "page-1");
    again.host_load(doc);
    assert!(again.draft_restored());
    assert!(
        again
            .markdown
            .get_untracked()
            .contains("Slow pages, edited.")
    );
    // A later load replaces the document.
    again.host_load(doc);
    assert!(!again.draft_restored());
    assert!(!again.markdown.get_untracked().contains("edited"));
    // An edit the host received and saved is what it loads next time: no draft is offered.
    again.set_markdown(doc.replace("Slow pages.", "Slow pages, saved."));
    let saved = again.markdown.get_untracked();
    let third = AppState::load_embed(Host::new(wiki.into()), "page-1");
    third.host_load(&saved);
    assert!(!third.draft_restored());
    assert!(
        third
            .markdown
            .get_untracked()
            .contains("Slow pages, saved.")
    );

    // A host echoing the document back changes nothing: the undo history stays.
    third.set_markdown(saved.replace("Slow pages, saved.", "Slow pages, saved twice."));
    assert!(third.can_undo());
    third.host_load(&third.markdown.get_untracked());
    assert!(
        third.can_undo(),
        "an echo of the same document keeps the undo history"
    );

    // Another origin with the same embed id starts from nothing of this one's.
    let other = AppState::load_embed(Host::new("https://other.example".into()), "page-1");
    assert!(!other.markdown.get_untracked().contains("Slow pages"));
    assert_eq!(library(), before, "the library is untouched");
}

/// The ids of every element under `root` that has one, in document order.
fn ids_under(root: &web_sys::Element) -> Vec<String> {
    let all = root.query_selector_all("[id]").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .map(|e| e.id())
        .collect()
}

#[wasm_bindgen_test]
async fn the_preview_renders_what_github_renders() {
    let doc = "---\ntitle: Offline drafts\nowner: ana\n---\n\n\
# Technical Plan: Offline drafts\n\n\
## Problem Statement\n\n\
> [!WARNING]\n> Drafts are lost on reload.\n\n\
See https://example.com/spec, for details[^why].\n\n\
### Overview\n\nFirst overview.\n\n\
## Detailed Design\n\n\
### Overview\n\nSecond overview[^why] and[^how].\n\n\
[^why]: Because users asked.\n\n\
[^how]: With localStorage.\n";
    let (host, _app) = mount_fresh();
    tick().await;
    let source = open_markdown_tab(&host).await;
    type_into(&source.clone().unchecked_into(), || source.set_value(doc));
    tick().await;
    tick().await;
    let preview = find(&host, "[aria-label=Preview]");

    // The alert, with its title.
    let title = preview
        .query_selector(".markdown-alert.markdown-alert-warning > .markdown-alert-title")
        .unwrap()
        .expect("a warning callout");
    assert_eq!(title.text_content().unwrap_or_default(), "Warning");

    // The bare URL, without the comma after it.
    let link = preview
        .query_selector("a[href='https://example.com/spec']")
        .unwrap()
        .expect("the bare URL as a link");
    assert_eq!(
        link.text_content().unwrap_or_default(),
        "https://example.com/spec"
    );

    // Front matter as a table of keys and values.
    let cells = |selector: &str| -> Vec<String> {
        let all = preview.query_selector_all(selector).unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    };
    assert_eq!(cells("table.front-matter th"), ["title", "owner"]);
    assert_eq!(cells("table.front-matter td"), ["Offline drafts", "ana"]);

    // The title's heading is named by its text alone: the permalink sits beside it.
    let h1 = find(&host, "[aria-label=Preview] h1");
    assert_eq!(
        h1.text_content().unwrap_or_default(),
        "Technical Plan: Offline drafts"
    );

    // Ids are unique over the whole app, repeated headings in different sections included.
    let ids = ids_under(&host.clone().unchecked_into());
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate ids: {ids:?}");
    assert!(ids.iter().any(|i| i == "overview"), "{ids:?}");
    assert!(ids.iter().any(|i| i == "overview-1"), "{ids:?}");

    // Footnotes: numbered by first reference, listed once at the end, every link resolves.
    let refs = preview.query_selector_all("a[data-footnote-ref]").unwrap();
    assert_eq!(refs.length(), 3);
    assert_eq!(cells("a[data-footnote-ref]"), ["1", "1", "2"]);
    let backs = preview.query_selector_all("a.footnote-backref").unwrap();
    assert_eq!(backs.length(), 3);
    let in_preview = |href: String| {
        let id = href.strip_prefix('#').expect("a fragment link").to_string();
        let target = document()
            .get_element_by_id(&id)
            .unwrap_or_else(|| panic!("no #{id}"));
        assert!(preview.contains(Some(&target)), "#{id} outside the preview");
        target
    };
    for list in [&refs, &backs] {
        for i in 0..list.length() {
            let a: web_sys::Element = list.item(i).unwrap().dyn_into().unwrap();
            in_preview(a.get_attribute("href").unwrap_or_default());
        }
    }
    let back: web_sys::Element = backs.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        back.get_attribute("aria-label").as_deref(),
        Some("Back to reference 1")
    );
    let reference = in_preview(back.get_attribute("href").unwrap_or_default());
    assert_eq!(reference.text_content().unwrap_or_default(), "1");
    assert_eq!(
        preview
            .query_selector_all("section.footnotes li")
            .unwrap()
            .length(),
        2
    );

    // The preview, rendered part by part, has the ids of the export's whole-document HTML.
    let plan = planform::core::import_markdown(doc);
    let export = document().create_element("div").unwrap();
    export.set_inner_html(&planform::core::html::plan_html(&plan));
    assert_eq!(ids_under(&preview), ids_under(&export));
}
