//! Sanitising the SVG a diagram renderer hands back (mermaid's, drawn in the app's sandboxed
//! frame), before the HTML export inlines it into a page that has no other protection than its
//! own policy: the picture must carry no script, no event handler and no reference to anything
//! outside itself (no remote image, font, stylesheet or link).
//!
//! It is an allowlist, rebuilt from a linear tokeniser: an element not on the list is dropped
//! with everything in it (`script`, `foreignObject`, `image`, `iframe`…), except a link, whose
//! content is kept without the link; an attribute not on the list is dropped (every `on*`); a
//! reference (`href`, `url(…)`) is kept only when it points inside the picture (`#id`); CSS (a
//! `<style>` element or a `style` attribute) is kept only when it loads nothing and hides no
//! escape. Text and values are decoded and escaped again, so what comes out is markup this
//! module wrote.
//!
//! # Why our own
//! `ammonia` sanitises HTML, not SVG, and `usvg` rewrites the picture (text to paths, CSS
//! dropped or resolved) and costs more than this whole module; mermaid's output is a small,
//! regular subset of SVG that a tokeniser reads exactly.

use crate::core::sanitize::escape_html;

/// The elements kept, with what is in them. The filter primitives are those mermaid's shadows
/// and themes use.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "marker",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "title",
    "desc",
    "style",
    "clipPath",
    "mask",
    "pattern",
    "linearGradient",
    "radialGradient",
    "stop",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComposite",
    "feDropShadow",
    "feFlood",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
];

/// Elements whose content is kept without them.
const UNWRAPPED: &[&str] = &["a", "switch"];

/// The attributes kept (besides `aria-*` and `data-*`), with checked values.
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "style",
    "role",
    "xmlns",
    "xmlns:xlink",
    "version",
    "viewBox",
    "preserveAspectRatio",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "d",
    "points",
    "pathLength",
    "transform",
    "transform-origin",
    "fill",
    "fill-opacity",
    "fill-rule",
    "clip-rule",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "vector-effect",
    "shape-rendering",
    "text-rendering",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "font-variant",
    "letter-spacing",
    "word-spacing",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "writing-mode",
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "marker-start",
    "marker-mid",
    "marker-end",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "clip-path",
    "clipPathUnits",
    "mask",
    "maskUnits",
    "maskContentUnits",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "stop-color",
    "stop-opacity",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "filter",
    "filterUnits",
    "primitiveUnits",
    "in",
    "in2",
    "result",
    "stdDeviation",
    "flood-color",
    "flood-opacity",
    "operator",
    "mode",
    "type",
    "values",
    "k1",
    "k2",
    "k3",
    "k4",
    "radius",
    "name",
    "href",
    "xlink:href",
];

/// The largest picture taken (a diagram is tens of kilobytes).
pub const MAX_SVG_BYTES: usize = 4 << 20;
/// The deepest nesting taken.
const MAX_DEPTH: usize = 256;

/// What an open element became.
#[derive(Clone, Copy, PartialEq)]
enum Kept {
    Yes,
    /// Its content is kept, not the element.
    Unwrapped,
    /// Neither it nor its content.
    Dropped,
}

/// The SVG picture `input` (one `<svg>` element, as a browser serialises it) with only what
/// may be inlined into a page: see the module's documentation. None when it is not one
/// well-formed `<svg>` element, or is too large or too deep.
pub fn sanitize_svg(input: &str) -> Option<String> {
    if input.len() > MAX_SVG_BYTES {
        return None;
    }
    let mut out = String::with_capacity(input.len());
    let mut open: Vec<(&str, Kept)> = Vec::new();
    let mut dropped = 0usize;
    let mut seen_root = false;
    let mut rest = input.trim();
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            // Text after the root's end is not part of the picture.
            if open.is_empty() {
                break;
            }
            text(rest, dropped, &mut out);
            break;
        };
        if lt > 0 {
            if open.is_empty() && !rest[..lt].trim().is_empty() {
                return None;
            }
            text(&rest[..lt], dropped, &mut out);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>")?;
            if !open.is_empty() {
                let mut raw = String::new();
                escape_html(&after[..end], &mut raw);
                if dropped == 0 {
                    out.push_str(&raw);
                }
            }
            rest = &after[end + 3..];
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>')?;
            let name = after[..end].trim();
            let (top, kept) = open.pop()?;
            if top != name {
                return None;
            }
            match kept {
                Kept::Yes if dropped == 0 => {
                    out.push_str("</");
                    out.push_str(name);
                    out.push('>');
                }
                Kept::Dropped => dropped -= 1,
                _ => {}
            }
            rest = &after[end + 1..];
            if open.is_empty() {
                break;
            }
            continue;
        }
        // A start tag.
        let end = tag_end(rest)?;
        let inner = &rest[1..end];
        rest = &rest[end + 1..];
        let (inner, empty) = match inner.strip_suffix('/') {
            Some(i) => (i, true),
            None => (inner, false),
        };
        let name_end = inner
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(inner.len());
        let name = &inner[..name_end];
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':')
        {
            return None;
        }
        if !seen_root {
            if name != "svg" {
                return None;
            }
            seen_root = true;
        } else if open.is_empty() {
            break;
        }
        let kept = if dropped > 0 {
            Kept::Dropped
        } else if ELEMENTS.contains(&name) {
            Kept::Yes
        } else if UNWRAPPED.contains(&name) {
            Kept::Unwrapped
        } else {
            Kept::Dropped
        };
        if kept == Kept::Yes {
            out.push('<');
            out.push_str(name);
            attributes(&inner[name_end..], &mut out)?;
            out.push_str(if empty { "/>" } else { ">" });
        }
        if empty {
            continue;
        }
        // Raw text: CSS, or a script (dropped above, its text skipped here).
        if name == "style" || name == "script" {
            let close = format!("</{name}");
            let stop = rest.find(&close)?;
            if kept == Kept::Yes {
                let css = decode(&rest[..stop]);
                if safe_css(&css) {
                    escape_html(&css, &mut out);
                }
            }
            rest = &rest[stop..];
        }
        if kept == Kept::Dropped {
            dropped += 1;
        }
        open.push((name, kept));
        if open.len() > MAX_DEPTH {
            return None;
        }
    }
    if !seen_root || !open.is_empty() {
        return None;
    }
    Some(out)
}

/// Where a start tag that begins `s` ends (its `>`), quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

fn text(raw: &str, dropped: usize, out: &mut String) {
    if dropped == 0 {
        escape_html(&decode(raw), out);
    }
}

/// Writes the kept attributes of a start tag's attribute text, each checked and escaped. None
/// when the attribute text does not parse.
fn attributes(mut s: &str, out: &mut String) -> Option<()> {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Some(());
        }
        let name_end = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(s.len());
        let name = &s[..name_end];
        s = s[name_end..].trim_start();
        let value = if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (value, rest) = match after.as_bytes().first() {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let close = after[1..].find(q as char)? + 1;
                    (&after[1..close], &after[close + 1..])
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            s = rest;
            decode(value)
        } else {
            String::new()
        };
        if name.is_empty() {
            return None;
        }
        if let Some(value) = allowed(name, value) {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            escape_html(&value, out);
            out.push('"');
        }
    }
}

/// The value kept for attribute `name`, if it is kept.
fn allowed(name: &str, value: String) -> Option<String> {
    let listed = ATTRIBUTES.contains(&name)
        || ((name.starts_with("aria-") || name.starts_with("data-"))
            && name[5..]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    if !listed {
        return None;
    }
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    if squeezed.contains("javascript:") || squeezed.contains("expression(") {
        return None;
    }
    match name {
        "href" | "xlink:href" => internal_ref(&value).then_some(value),
        "xmlns" => (value == "http://www.w3.org/2000/svg").then_some(value),
        "xmlns:xlink" => (value == "http://www.w3.org/1999/xlink").then_some(value),
        "style" => safe_css(&value).then_some(value),
        _ => urls_internal(&squeezed).then_some(value),
    }
}

/// `#id`: a reference inside the picture.
fn internal_ref(value: &str) -> bool {
    value.strip_prefix('#').is_some_and(|id| {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
    })
}

/// Every `url(…)` in `squeezed` (lowercase, no whitespace) names a fragment of the picture.
fn urls_internal(squeezed: &str) -> bool {
    let mut rest = squeezed;
    while let Some(at) = rest.find("url(") {
        let after = &rest[at + 4..];
        let inner = after.trim_start_matches(['"', '\'']);
        if !inner.starts_with('#') {
            return false;
        }
        rest = after;
    }
    true
}

/// CSS that loads nothing and runs nothing: no `@import`, no reference outside the picture, no
/// escape (which could spell any of them), no legacy script hooks.
fn safe_css(css: &str) -> bool {
    let squeezed: String = css
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    !css.contains('\\')
        && !squeezed.contains("@import")
        && !squeezed.contains("@font-face")
        && !squeezed.contains("image-set(")
        && !squeezed.contains("src(")
        && !squeezed.contains("expression(")
        && !squeezed.contains("javascript:")
        && !squeezed.contains("behavior:")
        && !squeezed.contains("-moz-binding")
        && !squeezed.contains("</")
        && urls_internal(&squeezed)
}

/// Text with its character references decoded (numeric ones, and the XML names and `nbsp`);
/// anything else is kept as written (and escaped on output).
fn decode(s: &str) -> String {
    if s.contains('&') {
        crate::core::html::unescape_html(s)
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOWCHART: &str = include_str!("../../tests/fixtures/diagrams/flowchart.svg");
    const SEQUENCE: &str = include_str!("../../tests/fixtures/diagrams/sequence.svg");

    fn count(s: &str, what: &str) -> usize {
        s.matches(what).count()
    }

    #[test]
    fn keeps_mermaids_pictures_whole() {
        for svg in [FLOWCHART, SEQUENCE] {
            let clean = sanitize_svg(svg).expect("a mermaid picture is taken");
            for element in [
                "<path", "<rect", "<text", "<tspan", "<marker", "<g", "<style>", "<circle",
            ] {
                assert_eq!(count(&clean, element), count(svg, element), "{element}");
            }
            assert!(clean.starts_with("<svg id=\"planform-diagram-"));
            assert!(clean.contains("url(#planform-diagram-"));
            assert!(clean.contains("font-family:"), "the theme's CSS is kept");
            assert!(clean.ends_with("</svg>"));
        }
        // The labels, as text.
        let clean = sanitize_svg(FLOWCHART).expect("taken");
        for label in [">Web<", "> client<", "Gateway", ">Orders<", "REST"] {
            assert!(clean.contains(label), "{label}");
        }
        let clean = sanitize_svg(SEQUENCE).expect("taken");
        assert!(clean.contains("enqueue order"));
    }

    #[test]
    fn a_link_keeps_its_content_not_its_address() {
        assert!(FLOWCHART.contains("xlink:href=\"https://example.com/\""));
        let clean = sanitize_svg(FLOWCHART).expect("taken");
        assert!(!clean.contains("example.com"));
        assert!(!clean.contains("<a"));
        assert!(clean.contains("> client<"));
    }

    #[test]
    fn scripts_and_handlers_are_dropped() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><g onclick="alert(3)" class="node"><text x="1" onmouseover='alert(4)'>Kept</text></g><script type="text/ecmascript"><![CDATA[alert(5)]]></script></svg>"#;
        let clean = sanitize_svg(svg).expect("taken");
        assert_eq!(
            clean,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><g class="node"><text x="1">Kept</text></g></svg>"#
        );
    }

    #[test]
    fn foreign_content_and_images_are_dropped_whole() {
        let svg = r#"<svg><foreignObject width="10"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/>Label</div></foreignObject><image href="https://tracker.example/p.png"/><iframe src="https://evil.example"></iframe><text>ok</text></svg>"#;
        assert_eq!(
            sanitize_svg(svg).expect("taken"),
            "<svg><text>ok</text></svg>"
        );
    }

    #[test]
    fn only_references_inside_the_picture_are_kept() {
        let svg = r##"<svg><use href="#node"/><use xlink:href="https://evil.example/s.svg#x"/><use href="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"/><path marker-end="url(#arrow)" fill="url(https://evil.example/p)" clip-path="url( 'https://x' )"/><rect filter="url(&quot;#shadow&quot;)"/></svg>"##;
        let clean = sanitize_svg(svg).expect("taken");
        assert_eq!(
            clean,
            "<svg><use href=\"#node\"/><use/><use/><path marker-end=\"url(#arrow)\"/><rect filter=\"url(&quot;#shadow&quot;)\"/></svg>"
        );
    }

    #[test]
    fn javascript_is_refused_however_it_is_spelled() {
        let svg = "<svg><g class=\"j&#x61;vascript:x\" transform=\"java&#9;script:alert(1)\" fill=\"JaVaScRiPt:1\" style=\"fill:red\"><text>t</text></g></svg>";
        assert_eq!(
            sanitize_svg(svg).expect("taken"),
            "<svg><g style=\"fill:red\"><text>t</text></g></svg>"
        );
    }

    #[test]
    fn css_that_loads_or_hides_something_is_dropped() {
        for css in [
            "@import url(https://evil.example/a.css);",
            ".a{background:url(https://evil.example/p.png)}",
            ".a{background:url( \"//evil.example/p\" )}",
            ".a{background:u\\72l(https://evil.example)}",
            "@font-face{font-family:x;src:url(https://evil.example/f.woff)}",
            ".a{width:expression(alert(1))}",
            ".a{background-image:image-set('https://evil.example/x' 1x)}",
            ".a{behavior:url(x.htc)}",
        ] {
            let svg = format!("<svg><style>{css}</style><rect style=\"{css}\"/></svg>");
            let clean = sanitize_svg(&svg).expect("taken");
            assert_eq!(clean, "<svg><style></style><rect/></svg>", "{css}");
        }
        let ok =
            "<svg><style>#d .node rect{fill:#ececff;stroke:url(#g)}#d>g{opacity:1}</style></svg>";
        assert_eq!(
            sanitize_svg(ok).expect("taken"),
            "<svg><style>#d .node rect{fill:#ececff;stroke:url(#g)}#d&gt;g{opacity:1}</style></svg>"
        );
    }

    #[test]
    fn style_cannot_end_early_in_the_page() {
        let svg = "<svg><style>.a{fill:red}&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;</style></svg>";
        assert_eq!(
            sanitize_svg(svg).expect("taken"),
            "<svg><style></style></svg>"
        );
        // Text is escaped again: a decoded `<` cannot open a tag.
        let svg = "<svg><text>&lt;script&gt;alert(1)&lt;/script&gt; &amp; A&B</text></svg>";
        assert_eq!(
            sanitize_svg(svg).expect("taken"),
            "<svg><text>&lt;script&gt;alert(1)&lt;/script&gt; &amp; A&amp;B</text></svg>"
        );
    }

    #[test]
    fn unknown_attributes_are_dropped_and_values_escaped() {
        let svg = r#"<svg><rect x="1" formaction="x" data-id="A" data-Bad="x" aria-label='say "hi"' tabindex="0"/></svg>"#;
        assert_eq!(
            sanitize_svg(svg).expect("taken"),
            "<svg><rect x=\"1\" data-id=\"A\" aria-label=\"say &quot;hi&quot;\"/></svg>"
        );
    }

    #[test]
    fn what_is_not_one_svg_element_is_refused() {
        for bad in [
            "",
            "<div>x</div>",
            "text<svg></svg>",
            "<svg><g></svg>",
            "<svg><g></text></g></svg>",
            "<svg><rect x=\"1></svg>",
            "<svg><style>never closed</svg>",
            "<svg>",
            "<sv\u{0}g></svg>",
        ] {
            assert_eq!(sanitize_svg(bad), None, "{bad:?}");
        }
        // What follows the root is not part of the picture.
        assert_eq!(
            sanitize_svg("<svg></svg><script>alert(1)</script>").as_deref(),
            Some("<svg></svg>")
        );
        let deep = format!("<svg>{}{}</svg>", "<g>".repeat(300), "</g>".repeat(300));
        assert_eq!(sanitize_svg(&deep), None);
        assert_eq!(sanitize_svg(&"x".repeat(MAX_SVG_BYTES + 1)), None);
    }

    #[test]
    fn never_panics_on_any_prefix_of_a_picture() {
        // Every cut of a real picture (on char boundaries) is taken or refused, never a panic.
        let svg = SEQUENCE;
        for (at, _) in svg.char_indices().step_by(31) {
            let _ = sanitize_svg(&svg[..at]);
        }
    }
}
