//! Diagrams in rendered HTML: the ```` ```mermaid ```` blocks a plan's HTML shows as code, found
//! and replaced by their pictures for the HTML export. The pictures are drawn by the app (a
//! sandboxed frame, `src/web/diagrams.rs`) and cleaned by [`crate::core::svg`]; the core only
//! knows where they go. A block without a picture stays code, so nothing is lost.

use crate::core::html::unescape_html;
use crate::core::svg::sanitize_svg;

/// How a mermaid block starts in rendered HTML (see `html::code_block_start`).
const OPEN: &str = "<pre tabindex=\"0\"><code class=\"language-mermaid\">";
const CLOSE: &str = "</code></pre>";

/// The source of each mermaid block in rendered `html`, in order, without repeats.
pub fn mermaid_sources(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else { break };
        let source = unescape_html(&after[..end]);
        if !out.contains(&source) {
            out.push(source);
        }
        rest = &after[end + CLOSE.len()..];
    }
    out
}

/// `html` with each mermaid block whose source has a picture in `pictures` (source, SVG as
/// drawn) replaced by a figure holding the picture, sanitised. Returns the HTML and how many
/// blocks stayed code (no picture, or one the sanitiser refused).
pub fn with_pictures(html: &str, pictures: &[(String, String)]) -> (String, usize) {
    let clean: Vec<(&str, Option<String>)> = pictures
        .iter()
        .map(|(source, svg)| (source.as_str(), sanitize_svg(svg)))
        .collect();
    let mut out = String::with_capacity(html.len());
    let mut left = 0;
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else { break };
        out.push_str(&rest[..at]);
        let source = unescape_html(&after[..end]);
        let block = &rest[at..at + OPEN.len() + end + CLOSE.len()];
        match clean
            .iter()
            .find(|(s, _)| *s == source)
            .and_then(|(_, svg)| svg.as_deref())
        {
            Some(svg) => {
                out.push_str("<figure class=\"mermaid-diagram\">");
                out.push_str(svg);
                out.push_str("</figure>");
            }
            None => {
                left += 1;
                out.push_str(block);
            }
        }
        rest = &after[end + CLOSE.len()..];
    }
    out.push_str(rest);
    (out, left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::html::{LinkRefs, Slugs, markdown_to_html};

    fn html(md: &str) -> String {
        markdown_to_html(md, &LinkRefs::default(), &mut Slugs::default())
    }

    #[test]
    fn finds_each_mermaid_block_once() {
        let md = "# Plan\n\n```mermaid\ngraph TD\n  A[\"a & b\"] --> B<br>\n```\n\n```rust\nfn main() {}\n```\n\n```mermaid\npie\n  \"x\" : 1\n```\n\n```mermaid\npie\n  \"x\" : 1\n```\n";
        assert_eq!(
            mermaid_sources(&html(md)),
            vec![
                "graph TD\n  A[\"a & b\"] --> B<br>\n".to_string(),
                "pie\n  \"x\" : 1\n".to_string()
            ]
        );
        assert!(mermaid_sources(&html("```\ngraph TD\n```\n")).is_empty());
    }

    #[test]
    fn puts_the_cleaned_picture_where_the_code_was() {
        let md = "Before\n\n```mermaid\ngraph TD; A-->B\n```\n\n```mermaid\nbroken\n```\n\nAfter\n";
        let page = html(md);
        let pictures = vec![(
            "graph TD; A-->B\n".to_string(),
            "<svg id=\"d1\" onload=\"alert(1)\"><script>alert(2)</script><text>A</text></svg>"
                .to_string(),
        )];
        let (out, left) = with_pictures(&page, &pictures);
        assert_eq!(left, 1, "the broken one stays code");
        assert!(out.contains(
            "<figure class=\"mermaid-diagram\"><svg id=\"d1\"><text>A</text></svg></figure>"
        ));
        assert!(out.contains("<code class=\"language-mermaid\">broken\n</code>"));
        assert!(!out.contains("script") && !out.contains("onload"));
        assert!(out.contains("<p>Before</p>") && out.contains("<p>After</p>"));
        // A picture the sanitiser refuses leaves the code.
        let (out, left) = with_pictures(&page, &[("graph TD; A-->B\n".into(), "<div/>".into())]);
        assert_eq!(left, 2);
        assert!(!out.contains("<figure"));
    }
}
