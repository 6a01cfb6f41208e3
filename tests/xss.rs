//! Hostile markdown: the preview and the HTML export never carry script, an event handler or a
//! dangerous URL, and code spans still show their text.

use planform::core::html::{
    LinkRefs, Slugs, document_html, footnotes_html, markdown_to_html, plan_html, slugs_before,
    standalone_html,
};
use planform::core::import_markdown;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<body onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<style>@import 'javascript:alert(1)';</style>",
    "<img src=x onerror=alert(1)//",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](\u{1}javascript:alert(1))",
    "[x](java\u{0}script:alert(1))",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "- [ ] <script>alert(1)</script>",
    "> <iframe srcdoc=\"<script>alert(1)</script>\">",
    "[^1]\n\n[^1]: <script>alert(1)</script>",
    "# <img src=x onerror=alert(1)>",
    "<p onclick=alert(1)>x</p>",
    "<kbd onmouseover=alert(1)>k</kbd>",
    // Alerts: the title is ours, the body is markdown like any other.
    "> [!NOTE]\n> <script>alert(1)</script> [x](javascript:alert(1))",
    "> [!WARNING] <img src=x onerror=alert(1)>\n> x",
    "> [!CAUTION]\n> <svg onload=alert(1)>",
    // Bare URLs: only http(s) and www. become links, and still go through safe_url.
    "javascript:alert(1) javascript://www.example.com/%0aalert(1)",
    "www.example.com/\"onmouseover=\"alert(1) https://a.io/\"><script>alert(1)</script>",
    "https://a.io/'onmouseover='alert(1)' http://x.io/<img src=x onerror=alert(1)>",
    "(www.javascript:alert(1)) *https://a.io/&lt;script&gt;*",
    // Front matter: keys and values are text.
    "---\n<script>alert(1)</script>: \"<img src=x onerror=alert(1)>\"\nlist:\n  - <svg onload=alert(1)>\n---\n",
    "---\n{<script>: 1}\n---\n",
    // Footnote labels with quotes and `<` end up in ids, hrefs and labels.
    "x[^\"><script>alert(1)</script>]\n\n[^\"><script>alert(1)</script>]: y",
    "x[^a' onmouseover='alert(1)] [^<b>]\n\n[^a' onmouseover='alert(1)]: y\n\n[^<b>]: [z](javascript:alert(1))",
    // Headings: the permalink's label carries the heading's text.
    "# x\" onmouseover=\"alert(1) <img src=x onerror=alert(1)>",
];

/// Every real tag in `html` (a `<` followed by a letter or `/`).
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            let end = after.find('>').unwrap_or(after.len());
            out.push(after[..end].to_ascii_lowercase());
        }
        rest = after;
    }
    out
}

/// The attributes of a tag (its text after `<`, up to `>`): names lowercased, values unquoted.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag
        .trim_start_matches('/')
        .trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if name_len == 0 {
            break;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = tail;
        }
        out.push((name, value));
    }
    out
}

fn assert_safe(html: &str, payload: &str) {
    for tag in tags(html) {
        if tag == "input type=\"checkbox\" disabled aria-label=\"not done\""
            || tag == "input type=\"checkbox\" disabled checked aria-label=\"done\""
        {
            continue; // task list checkboxes rendered by us
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "svg"
                    | "math"
                    | "style"
                    | "link"
                    | "meta"
                    | "base"
                    | "form"
                    | "input"
                    | "button"
                    | "body"
            ),
            "dangerous <{tag}> for {payload:?}:\n{html}"
        );
        for (attr, value) in attributes(&tag) {
            assert!(
                !attr.starts_with("on") && attr != "srcdoc",
                "{attr} attribute in <{tag}> for {payload:?}"
            );
            // pulldown-cmark aligns table cells with a fixed style; no other style is written.
            assert!(
                attr != "style"
                    || matches!(
                        value.as_str(),
                        "text-align: left" | "text-align: center" | "text-align: right"
                    ),
                "style in <{tag}> for {payload:?}"
            );
            // The only attributes this renderer writes; anything else came from the input.
            assert!(
                matches!(
                    attr.as_str(),
                    "href"
                        | "src"
                        | "alt"
                        | "title"
                        | "id"
                        | "class"
                        | "open"
                        | "start"
                        | "style"
                        | "aria-label"
                        | "aria-describedby"
                        | "data-footnotes"
                        | "data-footnote-ref"
                        | "data-footnote-backref"
                        | "data-format"
                        | "data-version"
                        // Code blocks and table frames scroll sideways: the keyboard reaches them.
                        | "tabindex"
                ),
                "unexpected {attr} attribute in <{tag}> for {payload:?}"
            );
            assert!(
                attr != "tabindex" || (value == "0" && matches!(name.as_str(), "pre" | "div")),
                "tabindex on <{tag}> for {payload:?}"
            );
            if matches!(attr.as_str(), "href" | "src" | "action" | "data") {
                let compact: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !compact.starts_with("javascript:")
                        && !compact.starts_with("vbscript:")
                        && !compact.starts_with("data:text")
                        && !compact.starts_with("data:image/svg")
                        && !compact.contains('<')
                        && !compact.contains('"'),
                    "dangerous URL in <{tag}> for {payload:?}"
                );
            }
        }
    }
}

#[test]
fn preview_of_hostile_markdown_is_safe() {
    for payload in PAYLOADS {
        let html = document_html(payload);
        assert_safe(&html, payload);
    }
}

#[test]
fn export_of_hostile_plan_is_safe() {
    let doc = format!(
        "# Technical Plan: <script>alert(1)</script>\n\n## Problem Statement\n\n{}\n",
        PAYLOADS.join("\n\n")
    );
    let page = standalone_html(&import_markdown(&doc));
    assert!(
        !page.to_ascii_lowercase().contains("<script"),
        "script in export"
    );
    let head_end = page.find("<body>").unwrap();
    assert!(page[..head_end].contains("Content-Security-Policy"));
    assert!(page[..head_end].contains("default-src 'none'"));
    let body = &page[head_end + "<body>".len()..page.rfind("</body>").unwrap()];
    assert_safe(body, "whole document");
}

#[test]
fn code_spans_show_their_text() {
    let html = markdown_to_html(
        "`<script>alert(1)</script>`",
        &LinkRefs::default(),
        &mut Slugs::default(),
    );
    assert!(
        html.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"),
        "{html}"
    );
}

#[test]
fn safe_links_and_raster_images_stay() {
    let md = "[ok](https://example.com/a?b=1) [mail](mailto:a@example.com) [rel](../x.md) ![png](data:image/png;base64,iVBORw0KGgo=)";
    let html = document_html(md);
    assert!(html.contains("href=\"https://example.com/a?b=1\""));
    assert!(html.contains("href=\"mailto:a@example.com\""));
    assert!(html.contains("href=\"../x.md\""));
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""));
}

#[test]
fn hostile_parts_rendered_one_by_one_are_safe() {
    // The preview renders part by part, with stub footnote definitions after each part.
    let parts: Vec<String> = PAYLOADS.iter().map(|p| format!("## Part\n\n{p}")).collect();
    let whole = format!("{}\n", parts.join("\n\n"));
    let refs = LinkRefs::collect(&whole);
    let states = slugs_before(&parts, &refs);
    for (part, state) in parts.iter().zip(&states) {
        assert_safe(&markdown_to_html(part, &refs, &mut state.clone()), part);
    }
    let mut last = states.last().cloned().unwrap_or_default();
    assert_safe(&footnotes_html(&whole, &refs, &mut last), "footnotes");
    assert_safe(&plan_html(&import_markdown(&whole)), "plan");
}
