//! pulldown-cmark's own parse + HTML render of a file, timed beside `planform convert --to md`
//! by `scripts/bench.sh` (issue 11's CLI target). Prints the HTML's size, not the HTML.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pulldown_html FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let parser = pulldown_cmark::Parser::new_ext(&text, planform::core::text::markdown_options());
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    println!("{}", html.len());
}
