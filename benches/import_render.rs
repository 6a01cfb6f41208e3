//! Import + render throughput on the large corpus document, beside pulldown-cmark's own parse of
//! the same input. Run: `cargo bench --bench import_render` (divan prints time and MB/s).

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use planform::core::html::plan_html;
use planform::core::text::markdown_options;
use planform::core::{import_markdown, to_markdown};

fn main() {
    divan::main();
}

fn large_document() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/rust-rfc-3935-Project-Goals-2026.md"
    );
    std::fs::read_to_string(path).unwrap_or_else(|_| {
        planform::core::template::technical_plan()
            .markdown
            .repeat(38)
    })
}

#[divan::bench]
fn pulldown_cmark_parse(b: Bencher) {
    let doc = large_document();
    b.counter(BytesCount::of_str(&doc))
        .bench(|| pulldown_cmark::Parser::new_ext(black_box(&doc), markdown_options()).count());
}

#[divan::bench]
fn import_then_render_markdown(b: Bencher) {
    let doc = large_document();
    b.counter(BytesCount::of_str(&doc))
        .bench(|| to_markdown(&import_markdown(black_box(&doc))));
}

#[divan::bench]
fn import_only(b: Bencher) {
    let doc = large_document();
    b.counter(BytesCount::of_str(&doc))
        .bench(|| import_markdown(black_box(&doc)));
}

#[divan::bench]
fn render_markdown_only(b: Bencher) {
    let plan = import_markdown(&large_document());
    let bytes = to_markdown(&plan).len();
    b.counter(BytesCount::new(bytes))
        .bench(|| to_markdown(black_box(&plan)));
}

#[divan::bench]
fn render_preview_html(b: Bencher) {
    let plan = import_markdown(&large_document());
    let bytes = to_markdown(&plan).len();
    b.counter(BytesCount::new(bytes))
        .bench(|| plan_html(black_box(&plan)));
}

#[divan::bench]
fn template_import_then_render(b: Bencher) {
    let doc = planform::core::template::technical_plan().markdown.clone();
    b.counter(BytesCount::of_str(&doc))
        .bench(|| to_markdown(&import_markdown(black_box(&doc))));
}
