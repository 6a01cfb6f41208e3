//! Markdown → safe HTML: the live preview (whole plan or one part) and the standalone export.
//!
//! GitHub-flavoured, and laid out as GitHub lays it out: tables, task lists, strikethrough,
//! alerts (`> [!NOTE]`), bare URLs as links, front matter as a table, heading ids with a
//! permalink, footnotes numbered in order of first reference and gathered at the end with
//! back-links. Nothing from the input can run: raw HTML goes through
//! [`sanitize`](crate::core::sanitize) (comments dropped, a small allowlist of attribute-less
//! tags kept, everything else shown as text), links or images whose URL is not safe lose their
//! URL (the text stays), and every piece of markup added here is written by this module with
//! its text escaped.
//!
//! # Parts and ids
//!
//! The preview renders a plan part by part (the preamble, then each top-level section), so a
//! keystroke re-renders one part only. Ids must still be unique over the whole document, as
//! GitHub makes them: [`LinkRefs`] holds what every part needs from the whole document (link
//! reference definitions, footnote numbers and ids) and [`Slugs`] the ids handed out before a
//! part ([`slugs_before`] computes it for each part). Rendering the parts in order, then
//! [`footnotes_html`], gives the same HTML as rendering the whole document at once.

use std::collections::HashMap;
use std::sync::Arc;

use pulldown_cmark::{
    BlockQuoteKind, BrokenLink, BrokenLinkCallback, CodeBlockKind, CowStr, Event, LinkType, Parser,
    Tag, TagEnd,
};

use crate::core::chart;
use crate::core::highlight;
use crate::core::model::Plan;
use crate::core::render;
use crate::core::sanitize::{
    UrlUse, close_open_tags, escape_html, safe_url, sanitize_html_fragment,
};
use crate::core::text::{markdown_options, normalize_source};

// ---------------------------------------------------------------------------------------------
// Painters: the pictures drawn from a plan's own text.

/// What draws the pictures rendered HTML gets from a plan's own text: highlighted code and
/// timeline charts. Everywhere but in the browser they are always there. The app loads them
/// when a rendered plan first needs them (a split module: most starts show neither, so they
/// stay out of the start's download): until then code is plain and a table has no chart, and
/// [`painters_wanted`] says that one was needed.
#[derive(Clone, Copy)]
pub struct Painters {
    /// Whether `highlight` knows a fence's language.
    pub knows: fn(&str) -> bool,
    /// Highlighted HTML for code in a language.
    pub highlight: fn(&str, &str) -> Option<String>,
    /// A table's timeline chart (SVG), when it is a timeline.
    pub timeline: fn(&chart::Table) -> Option<String>,
    /// A section's implementation phases as bars (SVG), when it lists two or more.
    pub phases: fn(&str) -> Option<String>,
}

impl Painters {
    /// The core's own painters.
    pub const ALL: Painters = Painters {
        knows: highlight::knows,
        highlight: highlight::highlight,
        timeline: |t| chart::timeline(t, chart::today()).map(|layout| chart::svg(&layout)),
        phases: |md| chart::phases_svg(&chart::phases(md)),
    };
}

#[cfg(target_arch = "wasm32")]
static PAINTERS: std::sync::OnceLock<Painters> = std::sync::OnceLock::new();
#[cfg(target_arch = "wasm32")]
static WANTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The painters, if they are installed.
fn painters() -> Option<Painters> {
    #[cfg(target_arch = "wasm32")]
    return PAINTERS.get().copied();
    #[cfg(not(target_arch = "wasm32"))]
    Some(Painters::ALL)
}

fn want_painters() {
    #[cfg(target_arch = "wasm32")]
    WANTED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Installs the core's painters (in the browser: called from the module that carries them).
pub fn install_painters() {
    #[cfg(target_arch = "wasm32")]
    let _ = PAINTERS.set(Painters::ALL);
}

/// The chart of the phases a top-level section lists with their durations
/// (`### Phase 1: Foundation (Day 1-2)`), drawn after the section; empty when it has none.
pub fn phases_chart(section_markdown: &str) -> String {
    if !chart::mentions_durations(section_markdown) {
        return String::new();
    }
    match painters() {
        Some(p) => (p.phases)(section_markdown).unwrap_or_default(),
        None => {
            want_painters();
            String::new()
        }
    }
}

/// Whether something rendered since the last call needed a painter that is not installed.
pub fn painters_wanted() -> bool {
    #[cfg(target_arch = "wasm32")]
    return WANTED.swap(false, std::sync::atomic::Ordering::Relaxed);
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// Stylesheet of the rendered document (GitHub-like), shared by the export and the app preview.
pub const DOCUMENT_CSS: &str = include_str!("document.css");

/// The id of the footnotes' (visually hidden) heading, which every reference points at for its
/// description, as on GitHub.
const FOOTNOTE_LABEL: &str = "footnote-label";

/// What a part of a document needs from the whole of it: link reference definitions, so
/// `[text][ref]` resolves when defined in another part, and the footnotes, so a reference finds
/// its number and ids when its definition is written in another part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkRefs {
    links: HashMap<String, (String, String)>,
    /// Footnotes that are referenced, in the order of their numbers (number = index + 1).
    notes: Vec<Note>,
    /// Folded label → index in `notes`.
    note_at: HashMap<String, usize>,
    /// A stub definition of every footnote in `notes`, added to a part's text so pulldown-cmark
    /// reads `[^label]` as a reference (GFM footnotes only count when defined in the same text).
    stubs: String,
    /// Every id the footnotes use (the values mean nothing); heading ids avoid them. A map,
    /// not a set, to share the wasm code of the id maps.
    reserved: HashMap<String, usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Note {
    /// The label folded to lower case (labels match case-insensitively).
    key: String,
    /// The id of the definition's list item.
    def_id: String,
    /// The id of each reference, in rendering order (main text first, then the footnotes).
    ref_ids: Vec<String>,
}

/// The link reference definitions a parser found: folded label → (destination, title).
fn definitions<'p>(
    parser: &'p Parser<'_, impl BrokenLinkCallback<'p>>,
) -> impl Iterator<Item = (String, (String, String))> + 'p {
    parser.reference_definitions().iter().map(|(label, def)| {
        let title = def
            .title
            .as_ref()
            .map(|t| t.to_string())
            .unwrap_or_default();
        (label.to_lowercase(), (def.dest.to_string(), title))
    })
}

impl LinkRefs {
    /// Collects the reference definitions and footnotes of a whole markdown document.
    pub fn collect(markdown: &str) -> LinkRefs {
        let parser = Parser::new_ext(markdown, markdown_options());
        let links = definitions(&parser).collect();
        let (main, footnotes) = split_footnotes(parser);
        let mut refs = LinkRefs {
            links,
            ..LinkRefs::default()
        };
        refs.number_footnotes(&main, &footnotes);
        refs
    }

    /// The link reference definitions of one part of a document, in order (what [`collect`]
    /// finds in it): a part's block structure is its own, so the definitions of a document are
    /// those of its parts, the first of a label winning.
    ///
    /// [`collect`]: LinkRefs::collect
    pub fn part_links(markdown: &str) -> Vec<(String, (String, String))> {
        definitions(&Parser::new_ext(markdown, markdown_options())).collect()
    }

    /// [`collect`] from the definitions of each part, in document order, for a document with
    /// no footnote definition (see [`has_footnote_definition`]): what `collect` gives for it,
    /// without reading the whole document again.
    ///
    /// [`collect`]: LinkRefs::collect
    pub fn from_part_links<'a>(
        parts: impl IntoIterator<Item = &'a [(String, (String, String))]>,
    ) -> LinkRefs {
        let mut links = HashMap::new();
        for part in parts {
            for (label, def) in part {
                links.entry(label.clone()).or_insert_with(|| def.clone());
            }
        }
        LinkRefs {
            links,
            ..LinkRefs::default()
        }
    }

    /// Numbers the referenced footnotes as GitHub does: in order of first reference in the
    /// text, then those first referenced from inside a footnote, in the order the footnotes
    /// are listed. Unreferenced definitions are left out, as on GitHub.
    fn number_footnotes(&mut self, main: &[Event<'_>], footnotes: &Footnotes<'_>) {
        let defs = &footnotes.defs;
        let mut order: Vec<usize> = Vec::new();
        let mut counts = vec![0usize; defs.len()];
        let mut numbered = vec![false; defs.len()];
        let mut visit = |events: &[Event<'_>], order: &mut Vec<usize>| {
            for key in references(events) {
                let Some(&d) = footnotes.at.get(&key) else {
                    continue;
                };
                if let Some(count) = counts.get_mut(d) {
                    *count += 1;
                }
                if let Some(seen) = numbered.get_mut(d).filter(|seen| !**seen) {
                    *seen = true;
                    order.push(d);
                }
            }
        };
        visit(main, &mut order);
        let mut i = 0;
        while let Some(def) = order.get(i).and_then(|&d| defs.get(d)) {
            visit(&def.events, &mut order);
            i += 1;
        }

        if !order.is_empty() {
            self.reserved.insert(FOOTNOTE_LABEL.to_string(), 0);
        }
        for (n, &d) in order.iter().enumerate() {
            let Some(def) = defs.get(d) else { continue };
            let mut name = slug(&def.label);
            if name.is_empty() {
                name = (n + 1).to_string();
            }
            let def_id = reserve(&mut self.reserved, format!("fn-{name}"));
            let ref_ids = (0..counts.get(d).copied().unwrap_or(0))
                .map(|k| {
                    let base = if k == 0 {
                        format!("fnref-{name}")
                    } else {
                        format!("fnref-{name}-{}", k + 1)
                    };
                    reserve(&mut self.reserved, base)
                })
                .collect();
            self.note_at.insert(def.key.clone(), self.notes.len());
            self.notes.push(Note {
                key: def.key.clone(),
                def_id,
                ref_ids,
            });
            self.stubs.push_str("[^");
            self.stubs.push_str(&def.label);
            self.stubs.push_str("]: x\n\n");
        }
    }
}

/// `base`, or `base-1`, `base-2`… whichever is not in `taken` yet; marked taken.
fn reserve(taken: &mut HashMap<String, usize>, base: String) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains_key(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone(), 0);
    id
}

/// The ids handed out so far in a document, so parts rendered one by one get ids unique over
/// the whole document: heading ids (with how often each was asked for again) and the number of
/// references met so far to each footnote (the nth reference gets the nth reference id).
///
/// [`Slugs::default`] is the state at the start of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slugs {
    headings: HashMap<String, usize>,
    notes: HashMap<String, usize>,
}

impl Slugs {
    /// Moves past `markdown` (one part of the document `refs` was collected from) as if it had
    /// been rendered: afterwards `self` is the state for the next part.
    pub fn advance(&mut self, markdown: &str, refs: &LinkRefs) {
        render_part(markdown, refs, self, None);
    }

    /// A heading id for the slug `base`, as GitHub's slugger gives it: `base`, then `base-1`,
    /// `base-2`… for repeats, skipping any id already used by a heading or a footnote.
    fn heading_id(&mut self, base: &str, reserved: &HashMap<String, usize>) -> String {
        let mut id = base.to_string();
        while self.headings.contains_key(&id) || reserved.contains_key(&id) {
            let n = self.headings.entry(base.to_string()).or_insert(0);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.headings.insert(id.clone(), 0);
        id
    }

    /// The id for the next reference to the footnote `note` (`None` past the references counted
    /// in the whole document, which only a part not from that document can reach).
    fn next_ref_id<'n>(&mut self, note: &'n Note) -> Option<&'n str> {
        let seen = self.notes.entry(note.key.clone()).or_insert(0);
        let id = note.ref_ids.get(*seen).map(String::as_str);
        *seen += 1;
        id
    }
}

/// The [`Slugs`] state before each of `parts` (the parts of the document `refs` was collected
/// from, in order), and after the last one (for [`footnotes_html`]): `parts.len() + 1` states.
/// One parse of each part, without writing HTML.
pub fn slugs_before<S: AsRef<str>>(parts: &[S], refs: &LinkRefs) -> Vec<Slugs> {
    let mut state = Slugs::default();
    let mut out = Vec::with_capacity(parts.len() + 1);
    for part in parts {
        out.push(state.clone());
        state.advance(part.as_ref(), refs);
    }
    out.push(state);
    out
}

/// True when `markdown` may define a footnote: some `[^label]` is followed by `:`. Without one,
/// no `[^…]` is a footnote reference, so the document's [`LinkRefs`] are its link definitions
/// alone ([`LinkRefs::from_part_links`]). Errs on the side of yes.
pub fn has_footnote_definition(markdown: &str) -> bool {
    markdown.match_indices("[^").any(|(at, _)| {
        let mut chars = markdown[at + 2..].chars();
        let mut scanned = 0;
        while let Some(c) = chars.next() {
            scanned += 1;
            match c {
                '\\' => {
                    chars.next();
                }
                ']' => return chars.next() == Some(':'),
                '[' => return false,
                _ if scanned > 1000 => return false,
                _ => {}
            }
        }
        false
    })
}

/// [`slugs_before`] again for `parts` after an edit, from the states `old` computed for
/// `old_parts` from the same first state `start` (what comes before the parts): the states
/// before the first changed part are kept, and from it on parts are read again (`advance`: the
/// preview renders each as it goes, so a changed part is read once) only until a state is the
/// old one again at an unchanged part. A keystroke that adds no heading and no footnote
/// reference reads one part; states that come out equal are the old ones, shared.
pub fn slugs_after_edit_with<S: AsRef<str>>(
    parts: &[S],
    old_parts: &[S],
    old: &[Arc<Slugs>],
    start: Slugs,
    mut advance: impl FnMut(&str, &mut Slugs),
) -> Vec<Arc<Slugs>> {
    let from_scratch = |advance: &mut dyn FnMut(&str, &mut Slugs)| {
        let mut state = start.clone();
        let mut out = vec![Arc::new(state.clone())];
        for part in parts {
            advance(part.as_ref(), &mut state);
            out.push(Arc::new(state.clone()));
        }
        out
    };
    if old.len() != old_parts.len() + 1 || old.first().is_none_or(|s| **s != start) {
        return from_scratch(&mut advance);
    }
    let first = parts
        .iter()
        .zip(old_parts)
        .position(|(a, b)| a.as_ref() != b.as_ref())
        .unwrap_or(parts.len().min(old_parts.len()));
    let mut out: Vec<Arc<Slugs>> = old.iter().take(first + 1).cloned().collect();
    let Some(mut state) = out.last().map(|s| Slugs::clone(s)) else {
        return from_scratch(&mut advance);
    };
    // Parts are matched from the end after the edit too, so an added or removed part (a new
    // heading) still finds the unchanged parts after it.
    let same_tail = parts
        .iter()
        .rev()
        .zip(old_parts.iter().rev())
        .take_while(|(a, b)| a.as_ref() == b.as_ref())
        .count();
    for (i, part) in parts.iter().enumerate().skip(first) {
        advance(part.as_ref(), &mut state);
        let next = i + 1;
        if parts.len() - next <= same_tail {
            let j = old_parts.len() - (parts.len() - next);
            if let Some(o) = old.get(j).filter(|o| ***o == state) {
                out.push(o.clone());
                out.extend(old[j + 1..].iter().cloned());
                return out;
            }
        }
        out.push(Arc::new(state.clone()));
    }
    out
}

/// Renders one part of a document to safe HTML, footnote definitions left out (they are listed
/// by [`footnotes_html`]). `refs` comes from the whole document and `slugs` is the state before
/// this part; it is moved past it. Front matter is only read as such at the start of a part
/// (the preamble is the start of the document; any other part starts with a heading).
pub fn markdown_to_html(markdown: &str, refs: &LinkRefs, slugs: &mut Slugs) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    render_part(markdown, refs, slugs, Some(&mut out));
    out
}

/// The footnotes of a document, as GitHub lists them after its text: a section with a visually
/// hidden heading and an ordered list, each footnote with a back-link to each of its references.
/// Empty when nothing is referenced. `markdown` is the whole document `refs` came from and
/// `slugs` the state after its last part.
pub fn footnotes_html(markdown: &str, refs: &LinkRefs, slugs: &mut Slugs) -> String {
    if refs.notes.is_empty() {
        return String::new();
    }
    let (_, mut footnotes) = split_footnotes(parse(markdown, refs).map(|(event, _)| event));
    let mut out = format!(
        "<section class=\"footnotes\" data-footnotes>\n<h2 id=\"{FOOTNOTE_LABEL}\" class=\"sr-only\">Footnotes</h2>\n<ol>\n"
    );
    for (n, note) in refs.notes.iter().enumerate() {
        let body = footnotes.take(&note.key);
        let mut events = make_safe(merge_text(body), refs, slugs, false);
        let back = back_links(n + 1, note);
        if matches!(events.last(), Some(Event::End(TagEnd::Paragraph))) {
            events.insert(events.len() - 1, Event::InlineHtml(back.into()));
        } else {
            events.push(Event::Html(format!("<p>{back}</p>\n").into()));
        }
        out.push_str("<li id=\"");
        escape_html(&note.def_id, &mut out);
        out.push_str("\">\n");
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
    out
}

/// The back-links of the footnote numbered `number`, one per reference, as GitHub writes them.
fn back_links(number: usize, note: &Note) -> String {
    let mut out = String::new();
    for (k, id) in note.ref_ids.iter().enumerate() {
        let which = if k == 0 {
            number.to_string()
        } else {
            format!("{number}-{}", k + 1)
        };
        out.push_str(" <a href=\"#");
        escape_html(id, &mut out);
        out.push_str(&format!(
            "\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to reference {which}\">↩"
        ));
        if k > 0 {
            out.push_str(&format!("<sup class=\"footnote-ref\">{}</sup>", k + 1));
        }
        out.push_str("</a>");
    }
    out
}

/// Rendered HTML as the app shows it: an image from another origin becomes a placeholder with
/// its alternative text and address, since the app loads nothing from other origins (its policy
/// would block the image anyway). The HTML export keeps the images: it is a file the reader
/// opens, with its own policy.
///
/// `html` is this module's output, where every `<img` is one the renderer or the sanitiser
/// wrote, with double-quoted, escaped attributes; other text passes through unchanged.
pub fn remote_images_as_placeholders(html: String) -> String {
    map_images(html, |_, src, alt| {
        let lower = src.trim_start().to_ascii_lowercase();
        if !(lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")) {
            return None;
        }
        let alt = alt.filter(|a| !a.trim().is_empty()).unwrap_or("Image");
        Some(format!(
            "<span class=\"image-remote\" title=\"Not loaded: Planform loads nothing from other sites\">\
             <span class=\"image-remote-alt\">{alt}</span> <a class=\"image-remote-src\" href=\"{src}\">{src}</a></span>"
        ))
    })
}

/// Rewrites each `<img>` of this module's output: `replace(tag, src, alt)` gives what to write
/// instead of the whole tag, or `None` to keep it. `src` and `alt` are as written in the tag
/// (escaped); other text passes through unchanged.
pub fn map_images(
    html: String,
    mut replace: impl FnMut(&str, &str, Option<&str>) -> Option<String>,
) -> String {
    if !html.contains("<img ") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find("<img ") {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let Some(end) = tag.find('>') else {
            out.push_str(tag);
            rest = "";
            break;
        };
        let inner = tag[5..end].trim_end_matches('/');
        let attrs = crate::core::sanitize::parse_attributes(inner).unwrap_or_default();
        let attr = |name: &str| attrs.iter().find(|(n, _)| *n == name).and_then(|(_, v)| *v);
        match replace(&tag[..=end], attr("src").unwrap_or_default(), attr("alt")) {
            Some(instead) => out.push_str(&instead),
            None => out.push_str(&tag[..=end]),
        }
        rest = &tag[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A whole markdown document as safe HTML, footnotes included.
pub fn document_html(markdown: &str) -> String {
    parts_html(markdown, &[markdown])
}

/// The preview HTML of a whole plan: its parts rendered in order, as the app's preview renders
/// them, then the footnotes.
pub fn plan_html(plan: &Plan) -> String {
    parts_html(&render::to_markdown(plan), &render::parts(plan))
}

/// `parts` (which make up the document `markdown`) rendered in order, then the footnotes.
fn parts_html<S: AsRef<str>>(markdown: &str, parts: &[S]) -> String {
    let refs = LinkRefs::collect(markdown);
    let mut slugs = Slugs::default();
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    for part in parts {
        render_part(part.as_ref(), &refs, &mut slugs, Some(&mut out));
        out.push_str(&phases_chart(part.as_ref()));
    }
    out.push_str(&footnotes_html(markdown, &refs, &mut slugs));
    out
}

/// Resolves a reference link whose definition is in another part, from the whole document's.
struct Resolve<'r>(&'r LinkRefs);

impl<'input> BrokenLinkCallback<'input> for Resolve<'_> {
    fn handle_broken_link(
        &mut self,
        link: BrokenLink<'input>,
    ) -> Option<(CowStr<'input>, CowStr<'input>)> {
        self.0
            .links
            .get(&link.reference.to_lowercase())
            .map(|(dest, title)| (CowStr::from(dest.clone()), CowStr::from(title.clone())))
    }
}

/// The events of a part (or the whole document) with their source ranges, reference links
/// resolved from `refs`. The one way this module parses with `refs`: every distinct parser type
/// is another copy of pulldown-cmark's inline parser in the wasm.
fn parse<'a>(
    text: &'a str,
    refs: &'a LinkRefs,
) -> impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)> {
    Parser::new_with_broken_link_callback(text, markdown_options(), Some(Resolve(refs)))
        .into_offset_iter()
}

/// Parses and renders one part (into `out`, when given), moving `slugs` past it.
fn render_part(markdown: &str, refs: &LinkRefs, slugs: &mut Slugs, out: Option<&mut String>) {
    // In the whole document every part is followed by a line break; without one, an unclosed
    // code block at the end of a part would lose its last newline.
    let newline = if markdown.ends_with('\n') { "" } else { "\n" };
    let (text, stubs) = if refs.stubs.is_empty() || !markdown.contains("[^") {
        // Every footnote reference is written `[^…`, so most parts need no stubs.
        (format!("{markdown}{newline}"), 0..0)
    } else {
        // A reference to a footnote defined in another part is only read as one with a
        // definition in the same text: stub definitions go before the part's own text, where
        // nothing in it (an unclosed code block) can swallow them, but after its front matter,
        // which must come first. An HTML comment ends the last stub, so an indented first
        // line of the part stays its own code block. `split_footnotes` drops the stubs'
        // events, the filter below the comment's.
        let head = if markdown.starts_with("---") {
            front_matter_len(markdown)
        } else {
            0
        };
        let (front, rest) = markdown.split_at_checked(head).unwrap_or(("", markdown));
        let gap = if front.is_empty() || front.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        let start = front.len() + gap.len();
        let end = start + refs.stubs.len() + STUBS_END.len();
        let text = format!("{front}{gap}{}{STUBS_END}{rest}{newline}", refs.stubs);
        (text, start..end)
    };
    let events = parse(&text, refs)
        .filter(|(_, range)| !(stubs.start <= range.start && range.end <= stubs.end))
        .map(|(event, _)| event);
    let (main, _) = split_footnotes(events);
    let events = make_safe(merge_text(main), refs, slugs, true);
    if let Some(out) = out {
        pulldown_cmark::html::push_html(out, events.into_iter());
    }
}

/// Ends the stub footnote definitions put before a part: a comment line closes a definition
/// and renders nothing.
const STUBS_END: &str = "<!-- -->\n";

/// The length of the front matter that `markdown` starts with (0 if none).
fn front_matter_len(markdown: &str) -> usize {
    match Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .next()
    {
        Some((Event::Start(Tag::MetadataBlock(_)), range)) => range.end,
        _ => 0,
    }
}

/// One footnote definition: its label as written, folded, and the events of its content.
struct FootnoteDef<'a> {
    label: String,
    key: String,
    events: Vec<Event<'a>>,
}

/// The footnote definitions of a document, and where each folded label's is in `defs`.
#[derive(Default)]
struct Footnotes<'a> {
    defs: Vec<FootnoteDef<'a>>,
    at: HashMap<String, usize>,
}

impl<'a> Footnotes<'a> {
    /// Takes the events of the definition of `key` (none if it has none).
    fn take(&mut self, key: &str) -> Vec<Event<'a>> {
        self.at
            .get(key)
            .and_then(|&d| self.defs.get_mut(d))
            .map(|def| std::mem::take(&mut def.events))
            .unwrap_or_default()
    }
}

/// Splits a document's events into its main text and its footnote definitions (the first one
/// of each label; a later one with the same label is dropped, as on GitHub). A definition
/// nested in another is a definition of its own.
fn split_footnotes<'a>(events: impl Iterator<Item = Event<'a>>) -> (Vec<Event<'a>>, Footnotes<'a>) {
    let mut main = Vec::new();
    let mut footnotes = Footnotes::default();
    let Footnotes { defs, at } = &mut footnotes;
    // For each open definition: where its events go (None: a repeated label, dropped).
    let mut open: Vec<Option<usize>> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let key = label.to_lowercase();
                if !at.contains_key(&key) {
                    at.insert(key.clone(), defs.len());
                    open.push(Some(defs.len()));
                    defs.push(FootnoteDef {
                        label: label.to_string(),
                        key,
                        events: Vec::new(),
                    });
                } else {
                    open.push(None);
                }
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                open.pop();
            }
            other => match open.last() {
                None => main.push(other),
                Some(Some(d)) => {
                    if let Some(def) = defs.get_mut(*d) {
                        def.events.push(other);
                    }
                }
                Some(None) => {}
            },
        }
    }
    (main, footnotes)
}

/// The folded labels of the footnote references among `events`, in order.
fn references<'e>(events: &'e [Event<'_>]) -> impl Iterator<Item = String> + 'e {
    events.iter().filter_map(|e| match e {
        Event::FootnoteReference(label) => Some(label.to_lowercase()),
        _ => None,
    })
}

/// Joins adjacent text events: pulldown-cmark splits text at characters that might have been
/// markup (`_`, `[`, entities), and a bare URL must be seen whole to become one link.
fn merge_text<'a>(events: Vec<Event<'a>>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut run: Vec<CowStr<'a>> = Vec::new();
    let flush = |run: &mut Vec<CowStr<'a>>, out: &mut Vec<Event<'a>>| {
        if run.len() > 1 {
            let mut joined = String::with_capacity(run.iter().map(|t| t.len()).sum());
            for t in run.drain(..) {
                joined.push_str(&t);
            }
            out.push(Event::Text(joined.into()));
        } else if let Some(t) = run.pop() {
            out.push(Event::Text(t));
        }
    };
    for event in events {
        match event {
            Event::Text(t) => run.push(t),
            other => {
                flush(&mut run, &mut out);
                out.push(other);
            }
        }
    }
    flush(&mut run, &mut out);
    out
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

/// The class suffix and title of an alert, as GitHub writes them.
fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Sanitises raw HTML, neutralises dangerous URLs, links bare URLs, sets heading ids and
/// permalinks, writes alerts, footnote references and front matter. `top`: the events start a
/// part, where front matter may stand.
fn make_safe<'a>(
    events: Vec<Event<'a>>,
    refs: &LinkRefs,
    slugs: &mut Slugs,
    top: bool,
) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut open_tags: Vec<&'static str> = Vec::new();
    // For each open link/image: whether its tag was kept.
    let mut link_kept: Vec<bool> = Vec::new();
    let mut html_block: Option<String> = None;
    let mut heading_at: Option<usize> = None;
    let mut heading_text = String::new();
    // Inside a code block or a metadata block shown as one: text is code, never a link.
    let mut in_code = false;
    // The text of front matter being read, to show as a table.
    let mut front: Option<String> = None;
    // The table being read (its cells as text), to draw as a timeline when it is one; and
    // whether its header is being read, and the cell being read.
    let mut table: Option<chart::Table> = None;
    let mut table_head = false;
    let mut table_cell: Option<String> = None;
    // A fenced block in a language `highlight` knows: its language and its code so far.
    let mut code_block: Option<(String, String)> = None;

    for (index, event) in events.into_iter().enumerate() {
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
        if let Some(buf) = front.as_mut() {
            match event {
                Event::Text(s) => {
                    buf.push_str(&s);
                    continue;
                }
                Event::End(TagEnd::MetadataBlock(_)) => {
                    out.extend(front_matter(buf));
                    front = None;
                    continue;
                }
                _ => {}
            }
        }
        if let Some((_, code)) = code_block.as_mut() {
            match &event {
                Event::Text(t) => {
                    code.push_str(t);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((lang, code)) = code_block.take() {
                        let html = painters().and_then(|p| (p.highlight)(&lang, &code));
                        let html = html.unwrap_or_else(|| {
                            let mut plain = String::new();
                            escape_html(&code, &mut plain);
                            plain
                        });
                        out.push(Event::Html(html.into()));
                    }
                    in_code = false;
                    out.push(Event::Html(CODE_BLOCK_END.into()));
                    continue;
                }
                _ => {}
            }
        }
        if let Some(t) = table.as_mut() {
            match &event {
                Event::Start(Tag::TableHead) => table_head = true,
                Event::End(TagEnd::TableHead) => table_head = false,
                Event::Start(Tag::TableRow) => t.rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => table_cell = Some(String::new()),
                Event::Text(s) | Event::Code(s) => {
                    if let Some(c) = table_cell.as_mut() {
                        c.push_str(s);
                    }
                }
                Event::End(TagEnd::TableCell) => {
                    let text = table_cell.take().unwrap_or_default();
                    match (table_head, t.rows.last_mut()) {
                        (true, _) => t.header.push(text),
                        (false, Some(row)) => row.push(text),
                        (false, None) => {}
                    }
                }
                _ => {}
            }
        }
        if heading_at.is_some() {
            match &event {
                Event::Text(t) | Event::Code(t) => heading_text.push_str(t),
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(at) = heading_at.take() {
                        let base = slug(&heading_text);
                        let id =
                            (!base.is_empty()).then(|| slugs.heading_id(&base, &refs.reserved));
                        out.push(event);
                        out.push(Event::Html(permalink(id.as_deref(), &heading_text).into()));
                        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = out.get_mut(at) {
                            *slot = id.map(CowStr::from);
                        }
                        heading_text.clear();
                        continue;
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
                // GitHub's layout: the permalink is a sibling of the heading, so the heading's
                // accessible name stays its text.
                out.push(Event::Html("<div class=\"markdown-heading\">".into()));
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
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(kind);
                out.push(Event::Html(
                    format!("<div class=\"markdown-alert markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{title}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>\n".into())),
            Event::FootnoteReference(label) => {
                out.push(footnote_reference(
                    &label,
                    refs,
                    slugs,
                    !link_kept.is_empty(),
                ));
            }
            Event::Start(Tag::MetadataBlock(_)) if top && index == 0 => {
                front = Some(String::new());
            }
            Event::Start(Tag::MetadataBlock(_)) => {
                in_code = true;
                out.push(code_block_start(&CodeBlockKind::Fenced("yaml".into())));
            }
            Event::End(TagEnd::MetadataBlock(_)) | Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(Event::Html(CODE_BLOCK_END.into()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                if let CodeBlockKind::Fenced(info) = &kind {
                    let lang = info.split(' ').next().unwrap_or("");
                    match painters() {
                        Some(p) if (p.knows)(lang) => {
                            code_block = Some((lang.to_string(), String::new()));
                        }
                        Some(_) => {}
                        None if !lang.is_empty() && lang != "mermaid" => want_painters(),
                        None => {}
                    }
                }
                out.push(code_block_start(&kind));
            }
            // A wide table scrolls sideways inside its frame, which the keyboard must reach
            // too (like a code block's `pre`).
            Event::Start(Tag::Table(_)) => {
                table = Some(chart::Table::default());
                out.push(Event::Html(TABLE_FRAME_START.into()));
                out.push(event);
            }
            // A table of dates is drawn under it as a timeline.
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(TABLE_FRAME_END.into()));
                if let Some(t) = table.take() {
                    match painters() {
                        Some(p) => {
                            if let Some(svg) = (p.timeline)(&t) {
                                out.push(Event::Html(svg.into()));
                            }
                        }
                        None if chart::mentions_a_year(&t) => want_painters(),
                        None => {}
                    }
                }
            }
            Event::Text(text)
                if !in_code
                    && link_kept.is_empty()
                    && !open_tags
                        .iter()
                        .any(|t| matches!(*t, "code" | "pre" | "kbd" | "samp")) =>
            {
                push_autolinked(text, &mut out);
            }
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
    if let Some(buf) = front {
        out.extend(front_matter(&buf));
    }
    if !open_tags.is_empty() {
        let mut closing = String::new();
        close_open_tags(&mut open_tags, &mut closing);
        out.push(Event::Html(closing.into()));
    }
    out
}

/// What follows a heading: a permalink to it (shown on hover or focus; named for a screen
/// reader, so the link is not an anonymous "#"), and the end of the heading's wrapper.
fn permalink(id: Option<&str>, text: &str) -> String {
    let Some(id) = id else {
        return "</div>\n".to_string();
    };
    let mut out = String::from("<a class=\"anchor\" aria-label=\"Permalink: ");
    escape_html(text.trim(), &mut out);
    out.push_str("\" href=\"#");
    escape_html(id, &mut out);
    out.push_str("\"></a></div>\n");
    out
}

/// A footnote reference as GitHub writes it: its number, superscript, linking to the footnote.
/// Inside a link (where a link cannot nest) only the number, keeping the id the back-link
/// needs. A label the whole document does not define is shown as written.
fn footnote_reference<'a>(
    label: &str,
    refs: &LinkRefs,
    slugs: &mut Slugs,
    in_link: bool,
) -> Event<'a> {
    let key = label.to_lowercase();
    let Some((number, note)) = refs
        .note_at
        .get(&key)
        .and_then(|&n| Some((n + 1, refs.notes.get(n)?)))
    else {
        return Event::Text(format!("[^{label}]").into());
    };
    let ref_id = slugs.next_ref_id(note);
    let mut id_attr = String::new();
    if let Some(id) = ref_id {
        id_attr.push_str(" id=\"");
        escape_html(id, &mut id_attr);
        id_attr.push('"');
    }
    let html = if in_link {
        format!("<sup class=\"footnote-ref\"{id_attr}>{number}</sup>")
    } else {
        let mut href = String::new();
        escape_html(&note.def_id, &mut href);
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#{href}\"{id_attr} data-footnote-ref aria-describedby=\"{FOOTNOTE_LABEL}\">{number}</a></sup>"
        )
    };
    Event::InlineHtml(html.into())
}

// ---------------------------------------------------------------------------------------------
// Bare URLs (GitHub's autolink extension).

/// Pushes `text` as text events, its bare URLs (`https://…`, `http://…`, `www.…`) as links.
fn push_autolinked<'a>(text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
    let links = find_autolinks(&text);
    if links.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    let piece = |from: usize, to: usize| -> CowStr<'a> {
        CowStr::from(text.get(from..to).unwrap_or_default().to_string())
    };
    let mut last = 0;
    for (start, end, href) in links {
        if start > last {
            out.push(Event::Text(piece(last, start)));
        }
        if safe_url(&href, UrlUse::Link).is_some() {
            out.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: href.into(),
                title: "".into(),
                id: "".into(),
            }));
            out.push(Event::Text(piece(start, end)));
            out.push(Event::End(TagEnd::Link));
        } else {
            out.push(Event::Text(piece(start, end)));
        }
        last = end;
    }
    if last < text.len() {
        out.push(Event::Text(piece(last, text.len())));
    }
}

/// The bare URLs in `text`: byte ranges and the link each becomes, in order. As GFM: a URL
/// starts the text or follows whitespace or one of `*_~(`, and runs to whitespace or `<`, less
/// trailing punctuation. Linear in the text.
fn find_autolinks(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    let mut prev: Option<char> = None;
    while let Some(rest) = text.get(at..) {
        let Some(c) = rest.chars().next() else { break };
        let boundary = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '*' | '_' | '~' | '('));
        if boundary
            && matches!(c, 'h' | 'H' | 'w' | 'W' | 'f' | 'F')
            && let Some((len, href)) = autolink_at(rest)
        {
            found.push((at, at + len, href));
            prev = rest.get(..len).and_then(|l| l.chars().next_back());
            at += len;
            continue;
        }
        let since = found.last().map_or(0, |&(_, end, _)| end);
        if c == '@'
            && let Some((start, end)) = email_at(text, since, at)
        {
            found.push((
                start,
                end,
                format!("mailto:{}", text.get(start..end).unwrap_or_default()),
            ));
            prev = Some('a');
            at = end;
            continue;
        }
        prev = Some(c);
        at += c.len_utf8();
    }
    found
}

/// The email address around the `@` at `at` (GFM's extended email autolink), not starting before
/// `since`: its byte range. The local part is letters, digits and `.-_+`; the domain, letters,
/// digits, `-` and `_` in two or more segments, not ending in `-` or `_`; a final `.` is left out.
fn email_at(text: &str, since: usize, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+');
    let mut start = at;
    while start > since && bytes.get(start - 1).copied().is_some_and(local) {
        start -= 1;
    }
    if start == at {
        return None;
    }
    let domain_start = at + 1;
    let mut end = domain_start;
    while end - domain_start < MAX_DOMAIN
        && bytes
            .get(end)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    {
        end += 1;
    }
    while end > domain_start && bytes.get(end - 1) == Some(&b'.') {
        end -= 1;
    }
    let domain = text.get(domain_start..end)?;
    let ok = domain.contains('.')
        && domain.split('.').all(|s| !s.is_empty())
        && !domain.ends_with(['-', '_']);
    ok.then_some((start, end))
}

/// The longest domain a bare URL may have: also what keeps scanning linear, as a candidate
/// whose domain turns out invalid has only cost this much.
const MAX_DOMAIN: usize = 255;

/// The bare URL at the start of `rest`, if any: its length and the link it becomes.
fn autolink_at(rest: &str) -> Option<(usize, String)> {
    let starts = |prefix: &str| {
        rest.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let (scheme, www) = if starts("https://") {
        (8, false)
    } else if starts("http://") {
        (7, false)
    } else if starts("ftp://") {
        (6, false)
    } else if starts("www.") {
        (0, true)
    } else {
        return None;
    };
    let after = rest.get(scheme..)?;
    let domain_len = after
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map_or(after.len(), |(i, _)| i);
    if domain_len > MAX_DOMAIN {
        return None;
    }
    let path = after.get(domain_len..)?;
    let path_len = path
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(path.len());
    let end = trim_link_end(rest.get(..scheme + domain_len + path_len)?);
    let domain = rest.get(scheme..(scheme + domain_len).min(end))?;
    if !valid_domain(domain, www) {
        return None;
    }
    let link = rest.get(..end)?;
    let href = if www {
        format!("http://{link}")
    } else {
        link.to_string()
    };
    Some((end, href))
}

/// GFM's valid domain: segments of letters, digits, `-` and `_` separated by periods, no `_` in
/// the last two; a `www.` link needs a period after `www`.
fn valid_domain(domain: &str, www: bool) -> bool {
    let segments: Vec<&str> = domain.split('.').collect();
    !domain.is_empty()
        && segments.iter().all(|s| !s.is_empty())
        && (!www || segments.len() >= 2)
        && segments.iter().rev().take(2).all(|s| !s.contains('_'))
}

/// Where a bare URL ends once GFM's trailing punctuation is left out: `?!.,:*_~'"`, a `;` (with
/// the `&name` before it, which reads as an entity), and a `)` that has no `(` to match.
fn trim_link_end(link: &str) -> usize {
    let bytes = link.as_bytes();
    let opens = bytes.iter().filter(|&&b| b == b'(').count();
    let mut closes = bytes.iter().filter(|&&b| b == b')').count();
    let mut end = bytes.len();
    // Only ASCII bytes are removed, so `end` stays on a character boundary.
    while let Some(&last) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        match last {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b';' => {
                let mut start = end - 1;
                while start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_alphabetic) {
                    start -= 1;
                }
                end = if start + 1 < end && start > 0 && bytes.get(start - 1) == Some(&b'&') {
                    start - 1
                } else {
                    end - 1
                };
            }
            b')' if closes > opens => {
                closes -= 1;
                end -= 1;
            }
            _ => break,
        }
    }
    end
}

// ---------------------------------------------------------------------------------------------
// Blocks that scroll sideways.

/// Opens the frame a table scrolls in: focusable, so a keyboard can scroll it (a scrolling
/// region that cannot take focus is out of a keyboard user's reach).
const TABLE_FRAME_START: &str = "<div class=\"table-frame\" tabindex=\"0\">";
/// Closes [`TABLE_FRAME_START`].
const TABLE_FRAME_END: &str = "</div>\n";
/// Closes [`code_block_start`].
const CODE_BLOCK_END: &str = "</code></pre>\n";

/// A code block's opening tags, as pulldown-cmark writes them (the info string's first word is
/// the language class), and focusable: a long line scrolls the block sideways.
fn code_block_start<'a>(kind: &CodeBlockKind) -> Event<'a> {
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or(""),
        CodeBlockKind::Indented => "",
    };
    let mut html = String::from("<pre tabindex=\"0\"><code");
    if !lang.is_empty() {
        html.push_str(" class=\"language-");
        escape_html(lang, &mut html);
        html.push('"');
    }
    html.push('>');
    Event::Html(html.into())
}

// ---------------------------------------------------------------------------------------------
// Front matter.

/// Front matter as GitHub shows it: a table with a header row of keys and one row of values;
/// YAML that is not simple `key: value` lines is shown as a YAML code block instead.
fn front_matter<'a>(yaml: &str) -> Vec<Event<'a>> {
    let Some(fields) = front_matter_fields(yaml) else {
        return vec![
            code_block_start(&CodeBlockKind::Fenced("yaml".into())),
            Event::Text(yaml.to_string().into()),
            Event::Html(CODE_BLOCK_END.into()),
        ];
    };
    if fields.is_empty() {
        return Vec::new();
    }
    let mut html = format!("{TABLE_FRAME_START}<table class=\"front-matter\">\n<thead>\n<tr>\n");
    for (key, _) in &fields {
        html.push_str("<th>");
        escape_html(key, &mut html);
        html.push_str("</th>\n");
    }
    html.push_str("</tr>\n</thead>\n<tbody>\n<tr>\n");
    for (_, value) in &fields {
        html.push_str("<td>");
        if value.contains('\n') {
            html.push_str("<pre><code>");
            escape_html(value, &mut html);
            html.push_str("</code></pre>");
        } else {
            escape_html(value, &mut html);
        }
        html.push_str("</td>\n");
    }
    html.push_str("</tr>\n</tbody>\n</table>\n");
    html.push_str(TABLE_FRAME_END);
    vec![Event::Html(html.into())]
}

/// The fields of simple front matter: `key: value` lines, a nested value (indented lines or a
/// `- ` list under a key) kept as its text. `None` for anything else (flow mappings, keys that
/// are not plain, text without a key), which needs a YAML parser to show faithfully.
fn front_matter_fields(yaml: &str) -> Option<Vec<(String, String)>> {
    let mut fields: Vec<(String, Vec<&str>)> = Vec::new();
    for line in yaml.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t']) || trimmed == "-" || line.starts_with("- ") {
            fields.last_mut()?.1.push(line);
            continue;
        }
        let (key, value) = match line.split_once(": ") {
            Some(pair) => pair,
            None => (line.trim_end().strip_suffix(':')?, ""),
        };
        let key = unquote(key.trim());
        if key.is_empty()
            || key.starts_with([
                '[', '{', '?', '&', '*', '!', '|', '>', '%', '@', '`', '-', '#',
            ])
        {
            return None;
        }
        let mut value = value.trim();
        if !value.starts_with(['"', '\''])
            && let Some(comment) = value.find(" #")
        {
            value = value.get(..comment).unwrap_or(value).trim_end();
        }
        fields.push((key.to_string(), vec![value]));
    }
    Some(
        fields
            .into_iter()
            .map(|(key, lines)| (key, field_value(&lines)))
            .collect(),
    )
}

/// A field's value: a one-line value unquoted, a nested one as its lines, dedented.
fn field_value(lines: &[&str]) -> String {
    let (first, nested) = match lines.split_first() {
        Some((first, nested)) => (*first, nested),
        None => return String::new(),
    };
    if nested.is_empty() {
        return unquote(first).to_string();
    }
    let indent = nested
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    // A block scalar's `|` or `>` says how to fold the text below; the text is what to show.
    if !first.is_empty() && !first.starts_with(['|', '>']) {
        out.push(first);
    }
    out.extend(nested.iter().map(|l| l.get(indent..).unwrap_or(l)));
    out.join("\n")
}

/// `s` without one pair of surrounding quotes.
fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
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
    let body = parts_html(&md, &render::parts(plan));
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

/// Decodes the entities [`escape_html`] writes, numeric ones and `&nbsp;`.
pub(crate) fn unescape_html(s: &str) -> String {
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
                "nbsp" => '\u{a0}',
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
    use std::collections::HashSet;

    use super::*;

    fn html(md: &str) -> String {
        document_html(md)
    }

    #[test]
    fn remote_images_become_placeholders_and_local_ones_stay() {
        let md = "![Architecture](https://cdn.example.com/arch.png?a=1&b=2)\n\n\
                  ![Local](img/arch.png)\n\n\
                  <img src=\"//example.com/x.png\" width=\"600\">\n\n\
                  <div align=\"center\"><img src=\"diagram.png\" width=\"600\" alt=\"Flow\"></div>\n";
        let out = remote_images_as_placeholders(html(md));
        assert!(
            !out.contains("<img src=\"https:") && !out.contains("<img src=\"//"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"image-remote-alt\">Architecture</span>"),
            "{out}"
        );
        assert!(
            out.contains(">https://cdn.example.com/arch.png?a=1&amp;b=2</a>"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"image-remote-alt\">Image</span>"),
            "{out}"
        );
        assert!(
            out.contains("<img src=\"img/arch.png\" alt=\"Local\""),
            "{out}"
        );
        assert!(
            out.contains(
                "<div align=\"center\"><img src=\"diagram.png\" width=\"600\" alt=\"Flow\"></div>"
            ),
            "{out}"
        );
        assert_eq!(out.matches("<img").count(), 2, "{out}");
        // The export keeps them.
        assert!(html(md).contains("<img src=\"https://cdn.example.com/arch.png?a=1&amp;b=2\""));
    }

    /// Every `id="…"` in `html`.
    fn ids(html: &str) -> Vec<&str> {
        html.split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    fn assert_unique_ids(html: &str) {
        let all = ids(html);
        let unique: HashSet<&&str> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "duplicate ids {all:?} in\n{html}");
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
        let h = html("## Notes\n\n## Notes\n\n## Notes-1\n\n## Notes\n");
        assert_eq!(ids(&h), ["notes", "notes-1", "notes-1-1", "notes-2"], "{h}");
    }

    #[test]
    fn headings_carry_a_permalink_beside_them() {
        let h = html("## Detailed \"Design\" <i>now</i>\n");
        assert_eq!(
            h,
            "<div class=\"markdown-heading\">\n<h2 id=\"detailed-design-now\">Detailed \"Design\" <i>now</i></h2>\n\
             <a class=\"anchor\" aria-label=\"Permalink: Detailed &quot;Design&quot; now\" href=\"#detailed-design-now\"></a></div>\n"
        );
        // A heading with no letters has no id, so no permalink either.
        assert_eq!(
            html("## !!!\n"),
            "<div class=\"markdown-heading\">\n<h2>!!!</h2>\n</div>\n"
        );
    }

    #[test]
    fn alerts_are_callouts_with_their_title() {
        for (marker, class, title) in [
            ("NOTE", "note", "Note"),
            ("tip", "tip", "Tip"),
            ("IMPORTANT", "important", "Important"),
            ("Warning", "warning", "Warning"),
            ("CAUTION", "caution", "Caution"),
        ] {
            let h = html(&format!("> [!{marker}]\n> Mind **this**.\n"));
            assert_eq!(
                h,
                format!(
                    "<div class=\"markdown-alert markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{title}</p>\n<p>Mind <strong>this</strong>.</p>\n</div>\n"
                )
            );
        }
        // Not an alert: an unknown kind, or text after the marker on its line.
        assert!(html("> [!DANGER]\n> x\n").starts_with("<blockquote>"));
        assert!(html("> [!NOTE] x\n").starts_with("<blockquote>"));
    }

    #[test]
    fn bare_emails_and_ftp_addresses_become_links() {
        let h = html("Mail hello+xyz@mail.example, not hello@mail+xyz.example; a.b-c_d@a.b. End.");
        assert!(
            h.contains("<a href=\"mailto:hello+xyz@mail.example\">hello+xyz@mail.example</a>,")
        );
        assert!(h.contains("not hello@mail+xyz.example;"));
        assert!(h.contains("<a href=\"mailto:a.b-c_d@a.b\">a.b-c_d@a.b</a>. End."));
        for bad in ["a@b.c-", "a@b.c_", "@b.c", "a@b"] {
            assert!(!html(bad).contains("<a "), "{bad}");
        }
        // Inside a link already, or after a URL: no second link.
        assert!(!html("[x@y.z](https://e.com)").contains("mailto:"));
        let h = html("Anonymous FTP is available at ftp://foo.bar.baz.");
        assert!(h.contains("<a href=\"ftp://foo.bar.baz\">ftp://foo.bar.baz</a>."));
    }

    #[test]
    fn bare_urls_become_links() {
        let h = html("See https://example.com/a_b?c=1, www.example.org. And (https://x.io/p_(q)).");
        assert!(
            h.contains("<a href=\"https://example.com/a_b?c=1\">https://example.com/a_b?c=1</a>, "),
            "{h}"
        );
        assert!(
            h.contains("<a href=\"http://www.example.org\">www.example.org</a>. "),
            "{h}"
        );
        assert!(
            h.contains("(<a href=\"https://x.io/p_(q)\">https://x.io/p_(q)</a>)."),
            "{h}"
        );
        for (text, link) in [
            ("https://a.io/x&lt;y", "https://a.io/x"),
            // `&b;` reads as an entity: left out with its `;`.
            ("https://a.io/q?a&b;", "https://a.io/q?a"),
            ("*https://a.io/x*", "https://a.io/x"),
            ("https://a.io/x!?:;", "https://a.io/x"),
            ("https://localhost:8080/p", "https://localhost:8080/p"),
        ] {
            let h = html(text);
            assert!(h.contains(&format!("<a href=\"{link}\">")), "{text}: {h}");
        }
        for text in [
            "`https://a.io`",
            "```\nhttps://a.io\n```",
            "    https://a.io",
            "[here](https://b.io) [https://a.io](https://b.io)",
            "xhttps://a.io and www. and www..a",
            "www._a.b_c and https://",
            "<code>https://a.io</code>",
            "<div>\nhttps://a.io\n</div>",
        ] {
            let h = html(text);
            assert!(!h.contains("\"><a "), "{text}: {h}");
            assert!(!h.contains("href=\"https://a.io"), "{text}: {h}");
            assert!(!h.contains("href=\"http://www"), "{text}: {h}");
        }
    }

    #[test]
    fn autolinks_in_angle_brackets_are_linked_once() {
        assert_eq!(
            html("<https://a.io>"),
            "<p><a href=\"https://a.io\">https://a.io</a></p>\n"
        );
    }

    #[test]
    fn bare_url_scanning_is_linear() {
        let hostile = format!(
            "{} {}",
            "(www._".repeat(20_000),
            "https://a.io/".to_string() + &")".repeat(20_000)
        );
        let started = std::time::Instant::now();
        let h = html(&hostile);
        assert!(h.contains("<a href=\"https://a.io/\">"));
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn front_matter_is_a_table() {
        let h = html(
            "---\ntitle: \"Rate limits\"\nowners:\n  - ana\n  - bo\n# a comment\nstatus: draft # for now\n<b>x</b>: \"<script>\"\n---\n\nText\n",
        );
        assert_eq!(
            h,
            "<div class=\"table-frame\" tabindex=\"0\"><table class=\"front-matter\">\n<thead>\n<tr>\n<th>title</th>\n<th>owners</th>\n<th>status</th>\n<th>&lt;b&gt;x&lt;/b&gt;</th>\n</tr>\n</thead>\n\
             <tbody>\n<tr>\n<td>Rate limits</td>\n<td><pre><code>- ana\n- bo</code></pre></td>\n<td>draft</td>\n<td>&lt;script&gt;</td>\n</tr>\n</tbody>\n</table>\n</div>\n\
             <p>Text</p>\n"
        );
    }

    #[test]
    fn front_matter_that_is_not_simple_is_code() {
        for yaml in [
            "{a: 1}",
            "just text",
            "  indented: first",
            "? complex\n: key",
        ] {
            let h = html(&format!("---\n{yaml}\n---\n"));
            assert!(
                h.starts_with("<pre tabindex=\"0\"><code class=\"language-yaml\">"),
                "{yaml}: {h}"
            );
        }
        // Only at the top of the document; further down it stays a code block as before.
        let h = html("Intro\n\n---\na: 1\n---\n");
        assert!(!h.contains("<table"), "{h}");
    }

    #[test]
    fn footnotes_are_numbered_and_listed_with_back_links() {
        let h = html(
            "Second[^b] first? No: first[^a] then[^b].\n\n[^a]: Alpha.\n[^b]: Beta [^c].\n[^c]: Gamma.\n[^unused]: Never shown.\n",
        );
        assert!(
            h.starts_with(
                "<p>Second<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\" data-footnote-ref aria-describedby=\"footnote-label\">1</a></sup> first? No: first\
                 <sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\" data-footnote-ref aria-describedby=\"footnote-label\">2</a></sup> then\
                 <sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b-2\" data-footnote-ref aria-describedby=\"footnote-label\">1</a></sup>.</p>\n"
            ),
            "{h}"
        );
        let notes = h.get(h.find("<section").unwrap()..).unwrap();
        assert_eq!(
            notes,
            "<section class=\"footnotes\" data-footnotes>\n<h2 id=\"footnote-label\" class=\"sr-only\">Footnotes</h2>\n<ol>\n\
             <li id=\"fn-b\">\n<p>Beta <sup class=\"footnote-ref\"><a href=\"#fn-c\" id=\"fnref-c\" data-footnote-ref aria-describedby=\"footnote-label\">3</a></sup>. \
             <a href=\"#fnref-b\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to reference 1\">↩</a> \
             <a href=\"#fnref-b-2\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to reference 1-2\">↩<sup class=\"footnote-ref\">2</sup></a></p>\n</li>\n\
             <li id=\"fn-a\">\n<p>Alpha. <a href=\"#fnref-a\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to reference 2\">↩</a></p>\n</li>\n\
             <li id=\"fn-c\">\n<p>Gamma. <a href=\"#fnref-c\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to reference 3\">↩</a></p>\n</li>\n\
             </ol>\n</section>\n"
        );
        assert!(!h.contains("Never shown"));
        assert_unique_ids(&h);
    }

    #[test]
    fn footnote_labels_are_escaped_and_never_clash() {
        let md = "# fn-1\n\n## Footnote label\n\nA[^1] b[^\"<x>\"] c[^ü ber].\n\n[^1]: one\n\n[^\"<x>\"]: <script>x</script>\n\n[^ü ber]: two\n\n## fnref-1\n";
        let h = html(md);
        assert_unique_ids(&h);
        assert!(h.contains("id=\"fn-1-1\""), "{h}");
        assert!(h.contains("id=\"footnote-label-1\""), "{h}");
        assert!(h.contains("id=\"fnref-1-1\""), "{h}");
        assert!(
            h.contains("id=\"fn-x\"") && h.contains("href=\"#fn-x\""),
            "{h}"
        );
        assert!(h.contains("id=\"fn-ü-ber\""), "{h}");
        assert!(!h.contains("<script") && !h.contains("<x>"), "{h}");
        // Every back-link and reference points at an id that exists.
        let all = ids(&h);
        for target in h
            .split("href=\"#")
            .skip(1)
            .filter_map(|r| r.split('"').next())
        {
            assert!(all.contains(&target), "#{target} missing in\n{h}");
        }
    }

    /// A plan's markdown and its parts (preamble, then each top-level section).
    const PARTS: [&str; 4] = [
        "---\ntitle: X\n---\n\nSee[^late] and [site].",
        "# Technical Plan: X\n\n## Overview\n\nA[^n].\n\n[^n]: From the first section, see https://a.io.",
        "## Design\n\n### Overview\n\nB[^late] [^n]\n\n> [!TIP]\n> www.example.com",
        "## More\n\n### Overview\n\n[^late]: Defined last, [home][site].\n\n[site]: https://example.com",
    ];

    /// `parts` rendered one by one, as the preview does, then the footnotes; and the markdown
    /// of the whole document they make.
    fn by_parts(parts: &[&str]) -> (String, String) {
        let whole = format!("{}\n", parts.join("\n\n"));
        let refs = LinkRefs::collect(&whole);
        let states = slugs_before(parts, &refs);
        assert_eq!(states.len(), parts.len() + 1);
        let mut html = String::new();
        for (part, state) in parts.iter().zip(&states) {
            html.push_str(&markdown_to_html(part, &refs, &mut state.clone()));
        }
        let mut last = states.last().cloned().unwrap_or_default();
        html.push_str(&footnotes_html(&whole, &refs, &mut last));
        (html, whole)
    }

    /// Reading slugs again after an edit gives what reading every part gives, and reads few.
    #[test]
    fn slugs_after_edits_equal_slugs_from_scratch() {
        let whole = format!("{}\n", PARTS.join("\n\n"));
        let refs = LinkRefs::collect(&whole);
        let old: Vec<Arc<Slugs>> = slugs_before(&PARTS, &refs)
            .into_iter()
            .map(Arc::new)
            .collect();
        let again = |parts: &[&str]| {
            slugs_after_edit_with(parts, &PARTS, &old, Slugs::default(), |part, slugs| {
                slugs.advance(part, &refs)
            })
        };
        // PARTS with part `i` replaced by `text`.
        let with = |i: usize, text: &'static str| {
            let mut parts = PARTS.to_vec();
            parts[i] = text;
            parts
        };
        let edits: Vec<Vec<&str>> = vec![
            PARTS.to_vec(),
            // Typing in a part.
            with(2, "## Design\n\n### Overview\n\nB[^late] [^n] typed"),
            // A heading that takes an id the parts after it had.
            with(1, "## Overview\n\n### Overview"),
            // A part added, a part removed, the last one changed.
            [&PARTS[..2], &["## New\n\n### Overview"], &PARTS[2..]].concat(),
            [&PARTS[..1], &PARTS[2..]].concat(),
            PARTS[..PARTS.len() - 1].to_vec(),
            vec![],
        ];
        for parts in edits {
            let counted = again(&parts);
            let fresh = slugs_before(&parts, &refs);
            assert_eq!(
                counted.iter().map(|s| (**s).clone()).collect::<Vec<_>>(),
                fresh,
                "{parts:?}"
            );
        }
        // Unchanged parts keep their states (shared, not recomputed).
        let counted = again(&with(2, "## Design\n\n### Overview\n\nB[^late] [^n] more"));
        assert!(counted.iter().zip(&old).all(|(a, b)| Arc::ptr_eq(a, b)));
    }

    #[test]
    fn footnote_definitions_are_found_and_links_merge_by_part() {
        for (text, defines) in [
            ("plain [link][a]", false),
            ("a reference [^note] only", false),
            ("[^note]: a definition", true),
            ("> [^quoted]: in a quote", true),
            ("[^esc\\]aped]: escaped bracket", true),
            ("[^a\\\\]: escaped backslash", true),
            ("[^open and [nested]: no", false),
        ] {
            assert_eq!(has_footnote_definition(text), defines, "{text}");
        }
        let parts = [
            "# T\n\n[a]: https://a.example \"A\"\n\nText [a] [b].",
            "## S\n\n[B]: https://b.example\n\n[a]: https://ignored.example",
        ];
        let whole = format!("{}\n", parts.join("\n\n"));
        let links: Vec<_> = parts.iter().map(|p| LinkRefs::part_links(p)).collect();
        assert_eq!(
            LinkRefs::from_part_links(links.iter().map(Vec::as_slice)),
            LinkRefs::collect(&whole)
        );
    }

    #[test]
    fn parts_render_as_the_whole_document() {
        let (by_parts, whole) = by_parts(&PARTS);
        let at_once = document_html(&whole);
        assert_eq!(by_parts, at_once);
        let refs = LinkRefs::collect(&whole);
        let states = slugs_before(&PARTS, &refs);
        assert_unique_ids(&at_once);
        for id in [
            "overview",
            "overview-1",
            "overview-2",
            "fn-n",
            "fn-late",
            "fnref-late-2",
        ] {
            assert!(ids(&at_once).contains(&id), "{id} in {at_once}");
        }
        assert!(at_once.contains("<table class=\"front-matter\">"));
        assert!(at_once.contains("href=\"https://example.com\">home</a>"));
        assert!(at_once.contains("<a href=\"http://www.example.com\">"));
        // The reference in the preamble comes first, so `late` is footnote 1.
        assert!(at_once.contains("<li id=\"fn-late\">"));
        assert!(at_once.find("id=\"fn-late\"") < at_once.find("id=\"fn-n\""));
        // A part rendered alone after its state sees the state of the parts before.
        let mut state = states.get(2).cloned().unwrap_or_default();
        let third = markdown_to_html(PARTS[2], &refs, &mut state);
        assert!(third.contains("id=\"overview-1\""), "{third}");
        assert_eq!(Some(&state), states.get(3));
    }

    #[test]
    fn stub_footnotes_never_show() {
        for parts in [
            [
                "    indented code\n\nText[^n].",
                "## A\n\nB[^n]\n\n```\nunclosed",
            ],
            [
                "---\na: 1\n---\n    indented\n\nSee[^n]",
                "## A\n\n> B[^n]\n\n<pre>\nunclosed",
            ],
        ] {
            let parts = [parts[0], "## Notes\n\n[^n]: The note.", parts[1]];
            let (html, whole) = by_parts(&parts);
            assert_eq!(html, document_html(&whole));
            assert!(!html.contains("[^n]") && !html.contains("x\n"), "{html}");
            assert_eq!(html.matches("data-footnote-ref").count(), 2, "{html}");
        }
    }

    #[test]
    fn plan_html_renders_by_parts() {
        let whole = format!("{}\n", PARTS.join("\n\n"));
        let plan = crate::core::import_markdown(&whole);
        assert_eq!(render::to_markdown(&plan), whole);
        assert_eq!(plan_html(&plan), document_html(&whole));
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
            "[click](javascript:alert(1)) ![x](data:image/svg+xml,<svg>) <JAVASCRIPT:alert(1)> javascript://www.a.io\n",
        );
        assert!(!h.to_lowercase().contains("href=\"javascript"), "{h}");
        assert!(!h.contains("href"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("click"));
    }

    #[test]
    fn references_resolve_across_parts() {
        let refs = LinkRefs::collect("[site]: https://example.com\n");
        let h = markdown_to_html("See [home][site].", &refs, &mut Slugs::default());
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
