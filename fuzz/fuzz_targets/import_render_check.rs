//! Any bytes: import (markdown, JSON or HTML export), render, check and HTML must not panic;
//! markdown import must keep every word and reach a fixed point after one pass.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use planform::core::checks::check;
use planform::core::html::{markdown_from_html, plan_html, standalone_html};
use planform::core::import::{normalize_source, words};
use planform::core::{envelope, import_markdown, to_markdown};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let plan = import_markdown(&text);
    let once = to_markdown(&plan);
    let have: HashSet<&str> = words(&once).collect();
    let normalized = normalize_source(&text);
    if let Some(lost) = words(&normalized).find(|w| !have.contains(w)) {
        panic!("lost word {lost:?}");
    }
    let again = import_markdown(&once);
    assert_eq!(to_markdown(&again), once, "not a fixed point");
    let _ = check(&plan);
    let _ = plan_html(&plan);
    let page = standalone_html(&plan);
    assert_eq!(markdown_from_html(&page).as_deref(), Some(once.as_str()));
    let _ = envelope::from_json(&text);
});
