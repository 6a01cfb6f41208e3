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
    mount_over_storage()
}

/// The app mounted over what storage holds now. Keep the handle: dropping it unmounts.
fn mount_over_storage() -> (web_sys::HtmlElement, impl Drop) {
    let doc = document();
    with_app_stylesheet(&doc);
    let host: web_sys::HtmlElement = doc
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), App);
    (host, handle)
}

/// Adds the app's stylesheet to the test page (once), so what a test sees shown or hidden is
/// what a person sees: a rule such as `display: flex` can defeat the `hidden` attribute.
fn with_app_stylesheet(doc: &web_sys::Document) {
    if doc.get_element_by_id("pf-test-css").is_some() {
        return;
    }
    let style = doc.create_element("style").unwrap();
    style.set_id("pf-test-css");
    style.set_text_content(Some(include_str!("../public/app.css")));
    doc.head().unwrap().append_child(&style).unwrap();
}

/// Whether a person sees `el`: it has a layout box (as Playwright's `toBeVisible` asks); an
/// element hidden by `hidden`, `display: none` or inside one has none.
fn visible(el: &web_sys::Element) -> bool {
    el.get_client_rects().length() > 0
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

/// Waits for the app's first frame (and the task after it): the form's later sections and the
/// preview render then.
async fn painted() {
    // The first frame, then a slice of the form and the preview per frame until both are whole
    // (they say `aria-busy` until then).
    for _ in 0..50 {
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().request_animation_frame(&resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
        let task = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback(&resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(task).await;
        tick().await;
        let busy = document()
            .query_selector(".form[aria-busy], .preview[aria-busy]")
            .ok()
            .flatten();
        if busy.is_none() {
            return;
        }
    }
}

/// Lets the app's effects run until `done` holds (at most a few rounds): effects run after the
/// event that caused them, and how many rounds a change takes is the framework's business.
async fn settled(done: impl Fn() -> bool) {
    for _ in 0..20 {
        if done() {
            return;
        }
        tick().await;
    }
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
    painted().await;
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
    painted().await;
    let problem = textarea(&host, "textarea[aria-label='Problem statement']");
    type_into(&problem.clone().unchecked_into(), || {
        problem.set_value("Checkout times out under load.")
    });
    tick().await;
    assert!(preview_text(&host).contains("Checkout times out under load."));
    // Written before the input handler returns, into the tab's write-ahead record: nothing
    // waits for a timer; the plan's record follows when typing pauses, or the page is hidden.
    let status = find(&host, "[role=status]")
        .text_content()
        .unwrap_or_default();
    assert!(status.contains("Saved"), "{status}");
    let ahead: String = (0..local_storage().length().unwrap())
        .filter_map(|i| local_storage().key(i).ok().flatten())
        .filter(|k| k.starts_with("planform:wal:"))
        .filter_map(|k| local_storage().get_item(&k).ok().flatten())
        .collect();
    assert!(ahead.contains("Checkout times out under load."), "{ahead}");
    flush_saves();
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
    painted().await;
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
    painted().await;
    let title = input(&host, "input[aria-label=Title]");
    type_into(&title.clone().unchecked_into(), || title.set_value("First"));
    tick().await;
    let title_is = |v: &'static str| {
        let host = host.clone();
        move || input(&host, "input[aria-label=Title]").value() == v
    };
    button(&host, "Undo").click();
    settled(title_is("")).await;
    assert_eq!(input(&host, "input[aria-label=Title]").value(), "");
    button(&host, "Redo").click();
    settled(title_is("First")).await;
    assert_eq!(input(&host, "input[aria-label=Title]").value(), "First");
}

#[wasm_bindgen_test]
async fn hostile_markdown_in_the_preview_carries_no_script() {
    let (host, _app) = mount_fresh();
    painted().await;
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
    painted().await;
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
    painted().await;
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
            markdown: "# A".into(),
            template: None,
        })
    );
    assert_eq!(
        decode(js(
            r###"{"type":"load","markdown":"# A","template":"## Notes"}"###
        )),
        Some(FromHost::Load {
            markdown: "# A".into(),
            template: Some("## Notes".into()),
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
    painted().await;
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
    state.host_load(doc, None);
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
    again.host_load(doc, None);
    assert!(again.draft_restored());
    assert!(
        again
            .markdown
            .get_untracked()
            .contains("Slow pages, edited.")
    );
    // A later load replaces the document.
    again.host_load(doc, None);
    assert!(!again.draft_restored());
    assert!(!again.markdown.get_untracked().contains("edited"));
    // An edit the host received and saved is what it loads next time: no draft is offered.
    again.set_markdown(doc.replace("Slow pages.", "Slow pages, saved."));
    let saved = again.markdown.get_untracked();
    let third = AppState::load_embed(Host::new(wiki.into()), "page-1");
    third.host_load(&saved, None);
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
    third.host_load(&third.markdown.get_untracked(), None);
    assert!(
        third.can_undo(),
        "an echo of the same document keeps the undo history"
    );

    // Another origin with the same embed id starts from nothing of this one's.
    let other = AppState::load_embed(Host::new("https://other.example".into()), "page-1");
    assert!(!other.markdown.get_untracked().contains("Slow pages"));
    assert_eq!(library(), before, "the library is untouched");
}

/// Writes the open plan's record now, as when the page is hidden (typing writes a small
/// write-ahead record at once and the record when typing pauses).
fn flush_saves() {
    let event = web_sys::Event::new("pagehide").unwrap();
    window().dispatch_event(&event).unwrap();
}

/// The canonical markdown of the open plan, as Export ▸ Markdown writes it: the stored record's.
fn stored_markdown() -> String {
    flush_saves();
    let s = local_storage();
    let n = s.length().unwrap();
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with("planform:plan:"))
        .filter_map(|k| s.get_item(&k).ok().flatten())
        .filter_map(|v| js_sys::JSON::parse(&v).ok())
        .filter_map(|v| js_sys::Reflect::get(&v, &"markdown".into()).ok())
        .filter_map(|v| v.as_string())
        .next()
        .expect("a stored plan")
}

fn today_iso() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

#[wasm_bindgen_test]
async fn the_markdown_tab_shows_exactly_what_export_gives() {
    let (host, _app) = mount_fresh();
    painted().await;
    let tab: web_sys::HtmlElement = find(&host, "[role=tab]#pf-tab-md").dyn_into().unwrap();
    tab.click();
    tick().await;
    let source = textarea(&host, "textarea[aria-label='Markdown source']");
    // A whole plan pasted in: the date it says is the user's, not replaced by today's.
    let pasted = planform::core::template::technical_plan()
        .markdown
        .replacen("[Feature Name]", "Pasted plan", 1)
        .replacen(
            "**Last Updated:** YYYY-MM-DD",
            "**Last Updated:** 2026-10-17",
            1,
        );
    type_into(&source.clone().unchecked_into(), || {
        source.set_value(&pasted)
    });
    tick().await;
    assert!(stored_markdown().contains("**Last Updated:** 2026-10-17"));
    assert_eq!(source.value(), stored_markdown());

    // A later edit that leaves the date alone is stamped with today, in the tab too.
    let edited = source
        .value()
        .replacen("Pasted plan", "Pasted plan, edited", 1);
    type_into(&source.clone().unchecked_into(), || {
        source.set_value(&edited)
    });
    tick().await;
    let today = format!("**Last Updated:** {}", today_iso());
    assert!(stored_markdown().contains(&today), "{}", stored_markdown());
    assert_eq!(source.value(), stored_markdown());
}

/// Export ▸ Backup writes the trash; restoring the backup in another browser (here: the same
/// storage, emptied) brings it back into the trash, not into the library.
#[wasm_bindgen_test]
async fn a_backup_brings_back_the_trash() {
    use planform::web::storage;
    let (host, app) = mount_fresh();
    painted().await;
    set_field(&host, TITLE, "Doomed plan").await;
    button(&host, "New plan").click();
    tick().await;
    set_field(&host, TITLE, "Kept plan").await;
    button(&host, "Delete Doomed plan").click();
    tick().await;
    let trashed = storage::trash();
    assert_eq!(trashed.len(), 1, "{trashed:?}");
    flush_saves();
    let backup = storage::backup_json(true);
    drop(app);

    local_storage().clear().ok();
    assert!(storage::trash().is_empty());
    let state = planform::web::state::AppState::load(false);
    planform::web::files::import_text(state, "backup.json", &backup);
    // An import runs in the background (in the release build its code is fetched first).
    for _ in 0..20 {
        if state.ui.toast.get_untracked().is_some() {
            break;
        }
        tick().await;
    }
    let toast = state.ui.toast.get_untracked().unwrap_or_default();
    assert_eq!(
        toast,
        "Backup backup.json: 1 added, 0 already here, 0 kept as copies; \
         trash: 1 added, 0 already there, 0 kept as copies"
    );
    assert_eq!(
        storage::trash(),
        trashed,
        "the trash is back, with its date"
    );
    let titles: Vec<String> = storage::load_index().into_iter().map(|m| m.title).collect();
    assert_eq!(
        titles,
        ["Kept plan"],
        "the trashed plan stays out of the library"
    );
    // Imported twice, nothing is doubled.
    let again = storage::import_backup(&backup, || "new-id".to_string()).expect("read");
    assert_eq!((again.plans.same, again.trash.same), (1, 1), "{again:?}");
    assert_eq!(storage::trash(), trashed);
    assert_eq!(storage::load_index().len(), 1);
    // It can be restored like any trashed plan.
    let restored = storage::restore_from_trash(&trashed[0].id).expect("restored");
    assert_eq!(restored.plan.title(), "Doomed plan");
    assert!(storage::trash().is_empty());
    local_storage().clear().ok();
}

/// Stores plans (markdown) as the library would, over emptied storage; returns their ids.
fn store_plans(docs: &[&str]) -> Vec<String> {
    use planform::web::storage;
    local_storage().clear().ok();
    docs.iter()
        .enumerate()
        .map(|(i, md)| {
            let id = format!("plan-{i}");
            let plan = planform::core::import_markdown(md);
            let markdown = planform::core::to_markdown(&plan);
            let meta = storage::meta_of(&id, &plan, 0);
            storage::save_plan(&meta, &plan, &markdown, 0, "test").expect("stored");
            id
        })
        .collect()
}

/// Types `query` into the library's search box; returns the titles a person sees listed then
/// (on a narrow window, such as the test browser's, after showing the Plans pane).
async fn search(host: &web_sys::HtmlElement, query: &str) -> Vec<String> {
    let field = input(host, "input[aria-label='Search plans']");
    if !visible(&field) {
        button(host, "Plans").click();
        tick().await;
        assert!(visible(&field), "the library shows on the Plans pane");
    }
    type_into(&field.clone().unchecked_into(), || field.set_value(query));
    tick().await;
    let titles = host.query_selector_all(".plan-list .plan-title").unwrap();
    let mut out: Vec<String> = (0..titles.length())
        .filter_map(|i| titles.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter(visible)
        .filter_map(|t| t.text_content())
        .collect();
    out.sort();
    out
}

/// The library searches what plans say (title, spec, text), not how they are stored: every
/// record holds `"format":"planform"` and a `"markdown"` field, which must not match.
#[wasm_bindgen_test]
async fn library_search_finds_what_plans_say() {
    store_plans(&[
        "# Technical Plan: Checkout speed\n\n**Spec:** SPEC-7\n\n## Problem Statement\n\nPages load slowly.\n",
        "# Technical Plan: Editor\n\n## Problem Statement\n\nPaste markdown into Planform.\n",
        "# Technical Plan: Search\n\n## Problem Statement\n\nIndex the wiki.\n",
    ]);
    let (host, _app) = mount_over_storage();
    painted().await;
    let all = search(&host, "").await;
    assert_eq!(all, ["Checkout speed", "Editor", "Search"]);
    assert_eq!(search(&host, "planform").await, ["Editor"]);
    assert_eq!(search(&host, "Markdown").await, ["Editor"]);
    assert_eq!(search(&host, "revision").await, Vec::<String>::new());
    assert_eq!(search(&host, "wiki").await, ["Search"]);
    assert_eq!(search(&host, "spec-7").await, ["Checkout speed"]);
    assert_eq!(search(&host, "checkout").await, ["Checkout speed"]);

    // The open plan is searched as it is now, and after another plan is opened.
    let open = input(&host, TITLE).value();
    set_field(&host, PROBLEM, "A zeppelin delivers it.").await;
    assert_eq!(search(&host, "zeppelin").await, vec![open.clone()]);
    search(&host, "").await;
    let other = all.iter().find(|t| **t != open).unwrap();
    open_plan(&host, other).await;
    assert_eq!(search(&host, "zeppelin").await, vec![open.clone()]);
    // Edited while nothing is searched, then left: what it says now is found.
    search(&host, "").await;
    open_plan(&host, &open).await;
    set_field(&host, PROBLEM, "A quokka delivers it.").await;
    open_plan(&host, other).await;
    assert_eq!(search(&host, "quokka").await, vec![open.clone()]);
    assert_eq!(search(&host, "zeppelin").await, Vec::<String>::new());

    // Another tab saves a plan that is not open here: what it says now is found.
    use planform::web::storage;
    let third = all.iter().find(|t| **t != open && *t != other).unwrap();
    let id = storage::load_index()
        .into_iter()
        .find(|m| m.title == *third)
        .map(|m| m.id)
        .unwrap();
    let stored = storage::load_plan(&id).unwrap();
    let markdown = planform::core::to_markdown(&stored.plan) + "\nA narwhal appears.\n";
    let plan = planform::core::import_markdown(&markdown);
    let meta = storage::meta_of(&id, &plan, stored.revision);
    storage::save_plan(&meta, &plan, &markdown, stored.revision, "other tab").unwrap();
    let event = web_sys::Event::new("storage").unwrap();
    js_sys::Reflect::set(&event, &"key".into(), &storage::plan_key(&id).into()).unwrap();
    window().dispatch_event(&event).unwrap();
    assert_eq!(search(&host, "narwhal").await, vec![third.clone()]);
    local_storage().clear().ok();
}

/// Opens the plan titled `title` from the library list.
async fn open_plan(host: &web_sys::HtmlElement, title: &str) {
    let links = find(host, ".plan-list")
        .query_selector_all(".plan-link")
        .unwrap();
    (0..links.length())
        .filter_map(|i| links.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|l| {
            l.query_selector(".plan-title")
                .ok()
                .flatten()
                .and_then(|t| t.text_content())
                .as_deref()
                == Some(title)
        })
        .unwrap_or_else(|| panic!("no plan titled {title} is listed"))
        .click();
    settled(|| input(host, TITLE).value() == title).await;
    assert_eq!(input(host, TITLE).value(), title);
}

const TITLE: &str = "input[aria-label=Title]";
const PROBLEM: &str = "textarea[aria-label='Problem statement']";

/// Types `text` into the text field or text area that `selector` finds.
async fn set_field(host: &web_sys::HtmlElement, selector: &str, text: &str) {
    let field = find(host, selector);
    if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(text);
    } else if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(text);
    } else {
        panic!("{selector} is not a text field");
    }
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
}

/// Filtering 300 plans as one types (or deletes) narrows and widens the list as it should (how
/// long a key takes is measured by `scripts/bench.sh`, not asserted here).
#[wasm_bindgen_test]
async fn library_search_keeps_up_with_300_plans() {
    let body = "Words about caching, queues and retries. ".repeat(40);
    let docs: Vec<String> = (0..300)
        .map(|i| format!("# Technical Plan: Plan {i}\n\n## Problem Statement\n\n{body} tag{i}\n"))
        .collect();
    store_plans(&docs.iter().map(String::as_str).collect::<Vec<_>>());
    let (host, _app) = mount_over_storage();
    painted().await;
    assert_eq!(search(&host, "t").await.len(), 300);
    // Typing narrows the list; deleting widens it again.
    for (query, count) in [
        ("ta", 300),
        ("tag", 300),
        ("tag2", 111),
        ("tag29", 11),
        ("tag299", 1),
        ("tag29", 11),
        ("tag2", 111),
        ("tag", 300),
    ] {
        assert_eq!(search(&host, query).await.len(), count, "{query}");
    }
    assert_eq!(search(&host, "tag299").await, ["Plan 299"]);
    local_storage().clear().ok();
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
    painted().await;
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

/// A tab that closed between a keystroke and the write of its plan's record left a write-ahead
/// record: the next start puts its edits into the record. One made to a version of the plan that
/// another tab has replaced since is not applied blindly: it is set aside for download.
#[wasm_bindgen_test]
async fn write_ahead_records_are_applied_on_the_next_start() {
    use planform::core::records::WriteAhead;
    use planform::web::storage;
    let (host, app) = mount_fresh();
    painted().await;
    set_field(&host, TITLE, "Journal").await;
    flush_saves();
    drop(app);
    let id = storage::load_index()[0].id.clone();
    let key = storage::plan_key(&id);
    let stored = storage::load_plan(&id).unwrap();
    let markdown = planform::core::to_markdown(&stored.plan);
    let typed = markdown.replacen("Journal", "Journal, typed before the crash", 1);
    let ahead = WriteAhead::between(&key, stored.revision, &markdown, &typed);
    local_storage()
        .set_item("planform:wal:dead-tab", &ahead.encode())
        .unwrap();
    let (host, _app) = mount_over_storage();
    settled(|| input(&host, TITLE).value() == "Journal, typed before the crash").await;
    assert_eq!(
        input(&host, TITLE).value(),
        "Journal, typed before the crash"
    );
    assert_eq!(
        storage::load_plan(&id).unwrap().revision,
        stored.revision + 1
    );
    assert!(
        local_storage()
            .get_item("planform:wal:dead-tab")
            .unwrap()
            .is_none()
    );

    // Written against revision 1 while the record has moved on: kept aside, not applied.
    let stale = WriteAhead {
        base: 1,
        ..WriteAhead::between(&key, 1, &markdown, &typed)
    };
    let stale = WriteAhead {
        text: "Stale words".into(),
        ..stale
    };
    local_storage()
        .set_item("planform:wal:other-dead-tab", &stale.encode())
        .unwrap();
    let recovered = storage::repair(0.0);
    assert!(
        recovered
            .iter()
            .any(|r| r.original == "planform:wal:other-dead-tab"),
        "{recovered:?}"
    );
    assert!(!planform::core::to_markdown(&storage::load_plan(&id).unwrap().plan).contains("Stale"));
    local_storage().clear().ok();
}

/// Start-up's slices: the form's cards a fixed number at a time, the preview's sections by bytes
/// of markdown (a section over the budget alone), until both are whole.
#[wasm_bindgen_test]
fn start_up_shows_the_plan_a_slice_per_frame() {
    use planform::web::reveal::{FIRST_CARDS, STEP_BYTES, STEP_CARDS, Shown, card_slices};
    let lengths = [100, 9_000, 2_000, 300, 400, 500, 2 * STEP_BYTES, 50];
    let cards = FIRST_CARDS + 3 * STEP_CARDS + 1;
    let mut shown = Shown::FIRST;
    let mut steps = 0;
    while shown != Shown::ALL {
        let next = shown.next(cards, &lengths);
        // The form: a slice of cards per step, then all.
        if shown.form_whole() || shown.cards + STEP_CARDS >= cards {
            assert!(next.form_whole());
        } else {
            assert_eq!(next.cards, shown.cards + STEP_CARDS);
        }
        // The preview: at least one more section per step, no more than the budget holds
        // unless a single section is over it.
        if !next.preview_whole() {
            let added = &lengths[shown.sections..next.sections];
            assert!(!added.is_empty());
            assert!(added.len() == 1 || added.iter().sum::<usize>() <= STEP_BYTES);
        }
        shown = next;
        steps += 1;
        assert!(steps <= lengths.len() + 4, "start-up never ends");
    }
    assert_eq!(Shown::FIRST.next(FIRST_CARDS, &[]), Shown::ALL);
    assert_eq!(card_slices(usize::MAX, cards), 4);
    assert_eq!(card_slices(FIRST_CARDS + STEP_CARDS, cards), 1);
    assert_eq!(card_slices(FIRST_CARDS, cards), 0);
    assert_eq!(card_slices(usize::MAX, FIRST_CARDS), 0);
}

/// A link definition typed in one section resolves a reference written in another, whose own
/// text did not change; and the link goes when the definition does.
#[wasm_bindgen_test]
async fn a_link_definition_in_one_section_resolves_a_reference_in_another() {
    let without = "# Technical Plan: Links\n\n## Problem Statement\n\nRead [the spec][s] first.\n\n\
## Goals\n\n1. Ship\n";
    let with = format!("{without}\n[s]: https://example.com/s\n");
    let (host, _app) = mount_fresh();
    painted().await;
    let source = open_markdown_tab(&host).await;
    let link = || {
        host.query_selector("[aria-label=Preview] a[href='https://example.com/s']")
            .ok()
            .flatten()
    };
    type_into(&source.clone().unchecked_into(), || {
        source.set_value(without)
    });
    settled(|| false).await;
    assert!(link().is_none());
    type_into(&source.clone().unchecked_into(), || source.set_value(&with));
    settled(|| link().is_some()).await;
    let a = link().expect("the reference resolved by the later definition");
    assert_eq!(a.text_content().unwrap_or_default(), "the spec");
    type_into(&source.clone().unchecked_into(), || {
        source.set_value(without)
    });
    settled(|| link().is_none()).await;
    assert!(link().is_none(), "the link stays after its definition went");
    local_storage().clear().ok();
}

/// Share links deflate in the browser (`CompressionStream`, raw deflate): a link another
/// encoder made (these two by Python's zlib, as the host's Rust codec would) opens, what the
/// browser makes opens again, a damaged link says so, and a deflate bomb is stopped.
#[wasm_bindgen_test]
async fn share_links_deflate_in_the_browser_as_everywhere() {
    use planform::core::share::{MAX_PLAN_BYTES, ShareError};
    use planform::web::deflate::{decode_link, deflate, encode_link};
    let made_elsewhere = "plan=1.U1YISU3OyMtMTsxRCMhJzLNScE5MO7xS4dGcVi4uZWWFgKL8pJzUXIXgksSS1NzUvBIuruCc_HKFgsT01GI9LgA";
    assert_eq!(
        decode_link(made_elsewhere).await,
        Ok((
            "# Technical Plan: Café ✅\n\n## Problem Statement\n\nSlow pages.\n".to_string(),
            None
        ))
    );
    let with_template =
        "#plan=2.MzbiUlYISi0pyrdSiA4uKMrMK4nl4lJWVghPzSsBEjk5CHmItIIlmjxXcEZmQUFmXroeFwA";
    assert_eq!(
        decode_link(with_template).await,
        Ok((
            "# Retro: Sprint 9\n\n## Went Well\n\nShipping.\n".to_string(),
            Some("# Retro: [Sprint]\n\n## Went Well\n".to_string())
        ))
    );
    let md = &planform::core::template::technical_plan().markdown;
    let f = encode_link(md, None, 40).await.expect("a link");
    assert!(
        f.starts_with("plan=1.") && f.len() < md.len(),
        "{}",
        f.len()
    );
    assert_eq!(decode_link(&f).await, Ok((md.clone(), None)));
    let cut = &f[..f.len() - 6];
    assert!(matches!(
        decode_link(cut).await,
        Err(ShareError::Damaged(_))
    ));
    // A payload past the limit, however small its link, is refused while it inflates.
    let bomb = deflate(&vec![b'a'; MAX_PLAN_BYTES + 1])
        .await
        .expect("deflated");
    let f = planform::core::share::fragment(1, &bomb, 0).expect("short");
    assert_eq!(decode_link(&f).await, Err(ShareError::Damaged("too large")));
}
