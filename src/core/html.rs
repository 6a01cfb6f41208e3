//! Markdown → safe HTML: the live preview (whole plan or one section) and the standalone export.
//!
//! GitHub-flavoured (tables, task lists, strikethrough, footnotes, heading ids). Nothing from the
//! input can run: raw HTML goes through [`sanitize`](crate::core::sanitize) (comments dropped, a
//! small allowlist of attribute-less tags kept, everything else shown as text), and links or images
//! whose URL is not safe lose their URL (the text stays).

use std::collections::HashMap;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::core::import::{markdown_options, normalize_source};
use crate::core::model::Plan;
use crate::core::render;
use crate::core::sanitize::{
    UrlUse, close_open_tags, escape_html, safe_url, sanitize_html_fragment,
};

/// Stylesheet of the rendered document (GitHub-like), shared by the export and the app preview.
pub const DOCUMENT_CSS: &str = include_str!("document.css");

/// Link reference definitions of a whole plan, so a section rendered on its own still resolves
/// `[text][ref]` defined in another section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkRefs(HashMap<String, (String, String)>);

impl LinkRefs {
    /// Collects the reference definitions of a markdown document.
    pub fn collect(markdown: &str) -> LinkRefs {
        let parser = Parser::new_ext(markdown, markdown_options());
        let map = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| {
                (
                    label.to_lowercase(),
                    (
                        def.dest.to_string(),
                        def.title
                            .as_ref()
                            .map(|t| t.to_string())
                            .unwrap_or_default(),
                    ),
                )
            })
            .collect();
        LinkRefs(map)
    }
}

/// Renders markdown to safe HTML. `slugs` carries heading ids already used in the document, so
/// ids stay unique when sections are rendered one by one.
pub fn markdown_to_html(
    markdown: &str,
    refs: &LinkRefs,
    slugs: &mut HashMap<String, usize>,
) -> String {
    let mut resolve = |link: BrokenLink<'_>| {
        refs.0
            .get(&link.reference.to_lowercase())
            .map(|(dest, title)| (CowStr::from(dest.clone()), CowStr::from(title.clone())))
    };
    let parser =
        Parser::new_with_broken_link_callback(markdown, markdown_options(), Some(&mut resolve));
    let events: Vec<Event<'_>> = parser.collect();
    let events = make_safe(events, slugs);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// The preview HTML of a whole plan.
pub fn plan_html(plan: &Plan) -> String {
    let md = render::to_markdown(plan);
    markdown_to_html(&md, &LinkRefs::collect(&md), &mut HashMap::new())
}

/// A GitHub heading id: lower case, punctuation dropped, spaces to hyphens.
pub fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().collect::<String>())
            } else if c == ' ' {
                Some("-".to_string())
            } else {
                None
            }
        })
        .collect()
}

fn unique_slug(base: String, slugs: &mut HashMap<String, usize>) -> String {
    match slugs.get_mut(&base) {
        None => {
            slugs.insert(base.clone(), 1);
            base
        }
        Some(n) => {
            let id = format!("{base}-{n}");
            *n += 1;
            slugs.insert(id.clone(), 1);
            id
        }
    }
}

/// Sanitises raw HTML, neutralises dangerous URLs, sets heading ids and shows front matter as
/// code.
fn make_safe<'a>(events: Vec<Event<'a>>, slugs: &mut HashMap<String, usize>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut open_tags: Vec<&'static str> = Vec::new();
    // For each open link/image: whether its tag was kept.
    let mut link_kept: Vec<bool> = Vec::new();
    let mut html_block: Option<String> = None;
    let mut heading_at: Option<usize> = None;
    let mut heading_text = String::new();

    for event in events {
        if let Some(buf) = html_block.as_mut() {
            match event {
                Event::Html(s) | Event::Text(s) => {
                    buf.push_str(&s);
                    continue;
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let mut safe = String::new();
                    sanitize_html_fragment(buf, &mut open_tags, &mut safe);
                    html_block = None;
                    out.push(Event::Html(safe.into()));
                    continue;
                }
                _ => {}
            }
        }
        if heading_at.is_some() {
            match &event {
                Event::Text(t) | Event::Code(t) => heading_text.push_str(t),
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(at) = heading_at.take() {
                        let id = unique_slug(slug(&heading_text), slugs);
                        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = out.get_mut(at) {
                            *slot = Some(id.into());
                        }
                        heading_text.clear();
                    }
                }
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::Html(s) | Event::InlineHtml(s) => {
                let mut safe = String::new();
                sanitize_html_fragment(&s, &mut open_tags, &mut safe);
                out.push(Event::InlineHtml(safe.into()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_at = Some(out.len());
                heading_text.clear();
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let ok =
                    safe_url(&dest_url, UrlUse::Link).is_some() || link_type == LinkType::Email;
                link_kept.push(ok);
                if ok {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let ok = safe_url(&dest_url, UrlUse::Image).is_some();
                link_kept.push(ok);
                if ok {
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if link_kept.pop().unwrap_or(false) {
                    out.push(event);
                }
            }
            Event::Start(Tag::MetadataBlock(_)) => {
                out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                    "yaml".into(),
                ))));
            }
            Event::End(TagEnd::MetadataBlock(_)) => out.push(Event::End(TagEnd::CodeBlock)),
            // pulldown-cmark's task checkbox has no accessible name; a screen reader should
            // hear whether the item is done.
            Event::TaskListMarker(done) => out.push(Event::InlineHtml(
                if done {
                    r#"<input type="checkbox" disabled checked aria-label="Done"> "#
                } else {
                    r#"<input type="checkbox" disabled aria-label="Not done"> "#
                }
                .into(),
            )),
            other => out.push(other),
        }
    }
    if let Some(buf) = html_block {
        let mut safe = String::new();
        sanitize_html_fragment(&buf, &mut open_tags, &mut safe);
        out.push(Event::Html(safe.into()));
    }
    if !open_tags.is_empty() {
        let mut closing = String::new();
        close_open_tags(&mut open_tags, &mut closing);
        out.push(Event::Html(closing.into()));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Standalone export.

const SOURCE_OPEN: &str =
    "<template id=\"planform-source\" data-format=\"markdown\" data-version=\"1\">";
const SOURCE_CLOSE: &str = "</template>";

/// Content-Security-Policy of the exported page: no script of any kind, no requests but images.
pub const EXPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; base-uri 'none'; form-action 'none'";

/// One self-contained, styled, printable HTML page with the plan's markdown embedded (in an inert
/// `<template>`), so the file can be imported again with nothing lost.
pub fn standalone_html(plan: &Plan) -> String {
    let md = render::to_markdown(plan);
    let body = markdown_to_html(&md, &LinkRefs::collect(&md), &mut HashMap::new());
    let mut title = String::new();
    escape_html(&plan.display_title(), &mut title);
    let mut source = String::with_capacity(md.len() + md.len() / 8);
    escape_html(&md, &mut source);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{EXPORT_CSP}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"Planform\">\n<title>{title}</title>\n<style>\n{DOCUMENT_CSS}</style>\n</head>\n\
<body>\n<article class=\"markdown-body\">\n{body}</article>\n{SOURCE_OPEN}{source}{SOURCE_CLOSE}\n</body>\n</html>\n"
    )
}

/// The markdown embedded in a Planform HTML export, if `html` is one.
pub fn markdown_from_html(html: &str) -> Option<String> {
    let start = html.find("<template id=\"planform-source\"")?;
    let after = html.get(start..)?;
    let open_end = after.find('>')? + 1;
    let content = after.get(open_end..)?;
    let end = content.find(SOURCE_CLOSE)?;
    Some(normalize_source(&unescape_html(content.get(..end)?)))
}

/// Decodes the entities [`escape_html`] writes (and numeric ones).
fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let tail = rest.get(amp..).unwrap_or("");
        let semi = tail.find(';').filter(|i| *i <= 10);
        let decoded = semi.and_then(|i| {
            let name = tail.get(1..i)?;
            let ch = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((ch, i + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = tail.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        markdown_to_html(md, &LinkRefs::default(), &mut HashMap::new())
    }

    #[test]
    fn github_features() {
        let h =
            html("# Hello World\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~gone~~\n");
        assert!(h.contains("<h1 id=\"hello-world\">"), "{h}");
        assert!(h.contains("<table>"));
        assert!(h.contains("checkbox"));
        assert!(h.contains("<del>gone</del>"));
    }

    #[test]
    fn duplicate_headings_get_numbered_ids() {
        let h = html("## Notes\n\n## Notes\n");
        assert!(
            h.contains("id=\"notes\"") && h.contains("id=\"notes-1\""),
            "{h}"
        );
    }

    #[test]
    fn script_and_handlers_are_text() {
        let h = html("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> there\n");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("alert(1)"));
    }

    #[test]
    fn dangerous_links_lose_their_url() {
        let h = html(
            "[click](javascript:alert(1)) ![x](data:image/svg+xml,<svg>) <JAVASCRIPT:alert(1)>\n",
        );
        assert!(!h.to_lowercase().contains("href=\"javascript"), "{h}");
        assert!(!h.contains("href"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("click"));
    }

    #[test]
    fn references_resolve_across_sections() {
        let refs = LinkRefs::collect("[site]: https://example.com\n");
        let h = markdown_to_html("See [home][site].", &refs, &mut HashMap::new());
        assert!(h.contains("href=\"https://example.com\""), "{h}");
    }

    #[test]
    fn export_round_trips_markdown() {
        let plan = crate::core::import_markdown(
            "# Technical Plan: A <b> & \"c\"\n\n## Notes\n\n</template> <script>x</script>\n",
        );
        let page = standalone_html(&plan);
        assert!(!page.contains("<script"));
        let md = markdown_from_html(&page).unwrap();
        assert_eq!(md, render::to_markdown(&plan));
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            unescape_html("a &lt;b&gt; &amp;amp; &#39; &#x1F600; &bogus; &"),
            "a <b> &amp; ' 😀 &bogus; &"
        );
    }
}
