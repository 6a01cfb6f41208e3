//! Sanitising what a plan's markdown may carry into the preview and the HTML export.
//!
//! The renderer turns pulldown-cmark events into HTML itself; this module supplies the two pure
//! string operations that make that output safe:
//!
//! * [`safe_url`] decides whether a link or image destination may be written into an `href` or
//!   `src` attribute, looking at the URL the way a browser does (ignored whitespace and control
//!   characters, case-insensitive scheme) and allowing only a small set of schemes.
//! * [`sanitize_html_fragment`] rewrites raw HTML found in markdown so that only the HTML GitHub
//!   keeps survives as markup: an allowlist of tags, each with the few attributes documents use
//!   to size and place things (`<img src width alt>`, `<a href>`, `<div align>`, `<td colspan>`,
//!   `<picture><source srcset media>`), every URL checked by [`safe_url`]. Everything else —
//!   disallowed tags, a tag with any attribute not allowed (an `on*` handler, `style`) or with an
//!   unsafe value, declarations, stray `<` — is escaped and shown as literal text, so no word of
//!   the author's source is lost and nothing in it can run. Comments are dropped (as GitHub hides
//!   them; the markdown source still has them).
//!
//! # Why not `ammonia`
//!
//! `ammonia` is the usual answer, but it pulls in `html5ever` and its tables, which adds a lot of
//! WebAssembly to an app with a 250 KB gzip budget. We only need to let a handful of tags without
//! attributes through, which needs no HTML tree builder: a small linear tokeniser suffices, and its
//! output contains only markup we wrote ourselves.
//!
//! # Guarantees
//!
//! Whatever the input, the output of [`sanitize_html_fragment`] and [`close_open_tags`] contains a
//! `<` only as the start of a tag from the allowlist, written by this module in lowercase with
//! only allowed attributes, each double-quoted and escaped, and an `&` only as the start of a
//! syntactically valid character reference. So it never contains `<script`, `<svg`, `<style`, an
//! `on*` or `style` attribute or a URL [`safe_url`] refuses, and concatenating the outputs of
//! several calls cannot form a new tag. All functions run in time linear in their input, use no recursion and never panic.
//!
//! # Using it with pulldown-cmark
//!
//! pulldown-cmark 0.13 reports an HTML block (between `Start(Tag::HtmlBlock)` and its end) as one
//! `Html` event per line, plus `Text` events for indentation inside containers. Concatenate the
//! events of one block and sanitise them in one call: a tag or comment that spans lines is only
//! recognised within a single fragment (split across calls, it is shown as escaped text — safe, but
//! visible).

/// Tags that raw HTML may use (with the attributes [`allowed_attribute`] lets through). Names
/// are lowercase ASCII.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "img",
    "picture",
    "source",
    "b",
    "i",
    "em",
    "strong",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "small",
    "sub",
    "sup",
    "kbd",
    "code",
    "samp",
    "var",
    "abbr",
    "q",
    "cite",
    "dfn",
    "br",
    "hr",
    "wbr",
    "p",
    "blockquote",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "li",
    "pre",
    "span",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "figure",
    "figcaption",
];

/// Allowed tags that have no content and are never pushed on the open-tag stack.
const VOID_TAGS: &[&str] = &["br", "hr", "wbr", "img", "source"];

/// The deepest nesting of allowed tags [`sanitize_html_fragment`] opens; deeper opening tags are
/// escaped as text.
const MAX_OPEN_DEPTH: usize = 64;

/// URL schemes allowed for links and images (compared case-insensitively).
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp", "sftp"];

/// Media types an image may carry in a `data:` URL: raster formats only (SVG can carry script).
const IMAGE_DATA_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
];

/// What a URL is used for: images may additionally carry raster `data:` URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlUse {
    /// A link target (`<a href>`).
    Link,
    /// An image source (`<img src>`).
    Image,
}

/// Returns `url` if it is safe to put in an `href`/`src` attribute, else `None` (the caller then
/// neutralises the link or image).
///
/// When safe, `url` is returned unchanged (borrowed, not normalised); the caller must still escape
/// it for the attribute, e.g. with [`escape_html`]. Nothing is percent-decoded. The decision is made
/// on the URL as a browser sees it: leading and trailing spaces and C0 controls are stripped, every
/// other control character (tab, newline, CR, C0, DEL, C1) is removed wherever it is, and the scheme
/// is compared case-insensitively.
///
/// * A URL without a scheme — relative path, `#fragment`, `?query`, `/abs`, `//host`, `./x` — is
///   safe. The scheme is the part before the first `:` when no `/`, `?` or `#` comes before it.
/// * If there is such a part, it must be a syntactically valid scheme
///   (`[A-Za-z][A-Za-z0-9+.-]*`) from the allowlist: `http`, `https`, `mailto`, `tel`, `ftp`,
///   `sftp`. Anything else (`javascript`, `vbscript`, `data`, `file`, `blob`, `filesystem`,
///   unknown schemes, or a "scheme" with other characters such as `&`, `;`, `\` or non-ASCII
///   letters) is unsafe.
/// * A `&` before the first `/`, `?` or `:` makes the URL unsafe, so text such as
///   `javascript&#58;…` or `&#x6A;avascript:…` is rejected even if something decodes it later. (The
///   price: a rare relative URL like `page#a&b` is rejected too.)
/// * For [`UrlUse::Image`], `data:` URLs with a raster media type (`image/png`, `image/jpeg`,
///   `image/jpg`, `image/gif`, `image/webp`, `image/avif`, `image/bmp`; case-insensitive, with
///   `;base64` or `name=value` parameters or neither) are also safe. `data:image/svg+xml` and every
///   other `data:` URL are not.
#[must_use]
pub fn safe_url(url: &str, usage: UrlUse) -> Option<&str> {
    let norm: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !c.is_control())
        .collect();

    let head_end = norm.find(['/', '?', ':']).unwrap_or(norm.len());
    if norm.get(..head_end).unwrap_or_default().contains('&') {
        return None;
    }

    let Some(delim) = norm.find([':', '/', '?', '#']) else {
        return Some(url);
    };
    if norm.as_bytes().get(delim) != Some(&b':') {
        return Some(url);
    }
    let scheme = norm.get(..delim).unwrap_or_default();
    let rest = norm.get(delim + 1..).unwrap_or_default();
    if !is_scheme_syntax(scheme) {
        // A bracket before the colon (`foo):`, from `[link](foo\)\:)`) can never be part of a
        // scheme, however the URL is decoded: it is a relative path, as a browser reads it.
        // Anything else odd stays refused (see the tests: `java;script:`, `java\script:`).
        return (!scheme.is_empty() && scheme.contains(['(', ')'])).then_some(url);
    }
    if ALLOWED_SCHEMES
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(scheme))
    {
        return Some(url);
    }
    if usage == UrlUse::Image && scheme.eq_ignore_ascii_case("data") && is_raster_data(rest) {
        return Some(url);
    }
    None
}

/// Whether `s` matches `[A-Za-z][A-Za-z0-9+.-]*`.
fn is_scheme_syntax(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Whether the part of a `data:` URL after `data:` declares a raster image type.
fn is_raster_data(rest: &str) -> bool {
    let Some((meta, _payload)) = rest.split_once(',') else {
        return false;
    };
    let mut parts = meta.split(';');
    let mime = parts.next().unwrap_or_default().trim_matches(is_html_space);
    if !IMAGE_DATA_TYPES
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(mime))
    {
        return false;
    }
    parts.all(|param| {
        let param = param.trim_matches(is_html_space);
        param.eq_ignore_ascii_case("base64")
            || param
                .split_once('=')
                .is_some_and(|(name, _)| !name.is_empty())
    })
}

/// Sanitises a fragment of raw HTML found in markdown (one pulldown-cmark `Html` or `InlineHtml`
/// event, or the concatenated lines of one HTML block — it may be a whole block like
/// `"<div onclick=x>\nhello\n</div>\n"` or one tag like `"<br>"`) and appends safe HTML to `out`.
///
/// `open` is the caller's stack of allowed tags currently open, kept across calls for one document
/// or section; call [`close_open_tags`] at the end to balance them.
///
/// * An allowed tag without attributes (tag name in any case, whitespace before `>` and a
///   self-closing `/` are fine) is written in lowercase. Opening non-void tags are pushed on `open`;
///   a self-closed non-void tag such as `<div/>` is written as an empty element `<div></div>`.
///   `<details open>` keeps its `open` attribute.
/// * A closing tag is written only if its tag is open: the stack is popped down to it, closing
///   anything opened inside it first. An unmatched closing tag is escaped as text.
/// * At most 64 tags are open at once; a deeper opening tag is escaped as text.
/// * Comments (`<!-- … -->`, also the empty `<!-->` and `<!--->`, ended by `-->` or `--!>`) are
///   dropped; an unterminated comment runs to the end of the fragment, as in a browser.
/// * Everything else is escaped as literal text: text between tags, disallowed tags, allowed tags
///   with any attribute, declarations and processing instructions (`<!DOCTYPE`, `<![CDATA[`,
///   `<?php`), malformed or unterminated tags and stray `<`. A tag-like run is taken up to the first
///   `>`; with no `>` after it, only its `<` is escaped and the rest is read as text. In text, a
///   syntactically valid character reference (`&name;`, `&#123;`, `&#x1F;`) is kept; any other `&`
///   is escaped. NUL becomes U+FFFD.
pub fn sanitize_html_fragment(raw: &str, open: &mut Vec<&'static str>, out: &mut String) {
    out.reserve(raw.len());
    let mut pos = 0;
    let mut text_start = 0;
    let mut no_more_gt = false;
    while let Some(found) = raw.get(pos..).and_then(|rest| rest.find('<')) {
        let lt = pos + found;
        escape_into(sub(raw, text_start, lt), true, out);
        pos = markup(raw, lt, open, out, &mut no_more_gt);
        text_start = pos;
    }
    escape_into(sub(raw, text_start, raw.len()), true, out);
}

/// Closes every tag on `open`, innermost first, appending the closing tags to `out`; `open` is left
/// empty. Names that are not on the allowlist (only possible if the caller pushed them) are dropped
/// without output.
pub fn close_open_tags(open: &mut Vec<&'static str>, out: &mut String) {
    while let Some(name) = open.pop() {
        push_closing_tag(name, out);
    }
}

/// HTML-escapes text for element content and attribute values: `&`, `<`, `>`, `"` and `'` become
/// `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`, and NUL becomes U+FFFD; everything else is copied.
pub fn escape_html(text: &str, out: &mut String) {
    escape_into(text, false, out);
}

/// Handles the markup starting with the `<` at `lt` and returns the index just after what it
/// consumed (always greater than `lt`).
fn markup(
    raw: &str,
    lt: usize,
    open: &mut Vec<&'static str>,
    out: &mut String,
    no_more_gt: &mut bool,
) -> usize {
    let rest = sub(raw, lt, raw.len());
    let bytes = rest.as_bytes();
    if rest.starts_with("<!--") {
        return lt + comment_len(bytes);
    }
    let tag_like = match bytes.get(1) {
        Some(b) if b.is_ascii_alphabetic() => true,
        Some(b'/') => bytes.get(2).is_some_and(u8::is_ascii_alphabetic),
        Some(b'!' | b'?') => true,
        _ => false,
    };
    if tag_like && !*no_more_gt {
        match rest.find('>') {
            Some(gt) => {
                if !emit_allowed_tag(sub(rest, 1, gt), open, out) {
                    escape_into(sub(rest, 0, gt + 1), false, out);
                }
                return lt + gt + 1;
            }
            // Nothing later in the fragment can end a tag either: stop looking.
            None => *no_more_gt = true,
        }
    }
    out.push_str("&lt;");
    lt + 1
}

/// Length of the comment at the start of `bytes` (which starts with `<!--`), including its end;
/// the whole of `bytes` if it is unterminated.
fn comment_len(bytes: &[u8]) -> usize {
    let body = bytes.get(4..).unwrap_or_default();
    if body.starts_with(b">") {
        return 5;
    }
    if body.starts_with(b"->") {
        return 6;
    }
    let mut k = 0;
    while let Some(&b) = body.get(k) {
        if b == b'-' && body.get(k + 1) == Some(&b'-') {
            match (body.get(k + 2), body.get(k + 3)) {
                (Some(b'>'), _) => return 4 + k + 3,
                (Some(b'!'), Some(b'>')) => return 4 + k + 4,
                _ => {}
            }
        }
        k += 1;
    }
    bytes.len()
}

/// If `inner` (the text between `<` and `>`) is an allowed tag without attributes, writes it in
/// normalised form (updating `open`) and returns `true`; otherwise writes nothing and returns
/// `false`, and the caller escapes the tag as text.
fn emit_allowed_tag(inner: &str, open: &mut Vec<&'static str>, out: &mut String) -> bool {
    let (closing, body) = match inner.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, inner),
    };
    let name_len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let Some(name) = allowed_tag(sub(body, 0, name_len)) else {
        return false;
    };
    let after = sub(body, name_len, body.len());

    if closing {
        if !after.chars().all(is_html_space) {
            return false;
        }
        let Some(index) = open.iter().rposition(|&t| t == name) else {
            return false;
        };
        while open.len() > index {
            if let Some(inner_name) = open.pop() {
                push_closing_tag(inner_name, out);
            }
        }
        return true;
    }

    let mut attrs = after.trim_end_matches(is_html_space);
    let self_closing = match attrs.strip_suffix('/') {
        Some(before) => {
            attrs = before;
            true
        }
        None => false,
    };
    // Attributes must be separated from the name by whitespace, each one allowed for this tag
    // with a safe value; otherwise the whole tag is shown as text (nothing is silently dropped).
    if !attrs.is_empty() && !attrs.starts_with(is_html_space) {
        return false;
    }
    let Some(attributes) = parse_attributes(attrs) else {
        return false;
    };
    let mut written = String::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for (attr, value) in attributes {
        let Some((attr, value)) = allowed_attribute(name, attr, value) else {
            return false;
        };
        if seen.contains(&attr) {
            continue;
        }
        seen.push(attr);
        written.push(' ');
        written.push_str(attr);
        if let Some(value) = value {
            written.push_str("=\"");
            escape_into(&value, true, &mut written);
            written.push('"');
        }
    }

    let is_void = VOID_TAGS.contains(&name);
    if !is_void && !self_closing && open.len() >= MAX_OPEN_DEPTH {
        return false;
    }
    out.push('<');
    out.push_str(name);
    out.push_str(&written);
    out.push('>');
    if is_void {
        // Nothing to close.
    } else if self_closing {
        push_closing_tag(name, out);
    } else {
        open.push(name);
    }
    true
}

/// The attributes of a tag (what follows its name, without the `>` or a self-closing `/`), as
/// written: `name`, `name=value`, `name='value'` or `name="value"`. `None` when it does not read
/// as attributes (an unterminated quote, a quote or `<` inside a name or an unquoted value).
pub(crate) fn parse_attributes(text: &str) -> Option<Vec<(&str, Option<&str>)>> {
    let mut out = Vec::new();
    let mut rest = text.trim_start_matches(is_html_space);
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| is_html_space(c) || c == '=')
            .unwrap_or(rest.len());
        let name = sub(rest, 0, name_len);
        if name.is_empty() || name.contains(['"', '\'', '<', '/', '`']) {
            return None;
        }
        rest = sub(rest, name_len, rest.len()).trim_start_matches(is_html_space);
        let value = match rest.strip_prefix('=') {
            Some(after) => {
                let after = after.trim_start_matches(is_html_space);
                let (value, next) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = sub(after, 1, after.len());
                        let end = body.find(q)?;
                        (sub(body, 0, end), sub(body, end + 1, body.len()))
                    }
                    Some(_) => {
                        let end = after.find(is_html_space).unwrap_or(after.len());
                        let value = sub(after, 0, end);
                        if value.contains(['"', '\'', '<', '=', '`']) {
                            return None;
                        }
                        (value, sub(after, end, after.len()))
                    }
                    None => return None,
                };
                // Attributes are separated by whitespace.
                if !next.is_empty() && !next.starts_with(is_html_space) {
                    return None;
                }
                rest = next.trim_start_matches(is_html_space);
                Some(value)
            }
            None => None,
        };
        out.push((name, value));
    }
    Some(out)
}

/// What GitHub keeps of an attribute on `tag`, of the ones a design document uses to size and
/// place things (`<img width>`, `<div align>`, `<a href>`, `<td colspan>`, `<picture><source
/// srcset media>`): its lowercase name and value, or `None` when it is not allowed there or its
/// value is not safe. No `on*` handler, `style`, `class` or `id` is ever allowed, and URLs must
/// pass [`safe_url`] (and in the preview an image from another origin is a placeholder: see
/// `html::remote_images_as_placeholders`).
fn allowed_attribute<'a>(
    tag: &str,
    name: &str,
    value: Option<&'a str>,
) -> Option<(&'static str, Option<std::borrow::Cow<'a, str>>)> {
    const NAMES: &[&str] = &[
        "name", "align", "title", "lang", "dir", "href", "src", "alt", "width", "height",
        "colspan", "rowspan", "start", "type", "reversed", "open", "srcset", "media",
    ];
    let name = NAMES
        .iter()
        .copied()
        .find(|n| n.eq_ignore_ascii_case(name))?;
    let words =
        |allowed: &[&str]| value.filter(|v| allowed.iter().any(|a| a.eq_ignore_ascii_case(v)));
    let number = |max_len: usize, suffixes: &[&str]| {
        value.filter(|v| {
            let digits = suffixes.iter().find_map(|s| v.strip_suffix(s)).unwrap_or(v);
            (1..=max_len).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
        })
    };
    let kept = match (name, tag) {
        ("align", _) => words(&[
            "left", "center", "right", "justify", "top", "middle", "bottom",
        ]),
        ("title", _) => value,
        ("lang", _) => value.filter(|v| {
            (1..=35).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }),
        ("dir", _) => words(&["ltr", "rtl", "auto"]),
        ("href", "a") => value.filter(|v| safe_url(v, UrlUse::Link).is_some()),
        ("src", "img") => value.filter(|v| safe_url(v, UrlUse::Image).is_some()),
        ("alt", "img") => value,
        ("width" | "height", "img" | "td" | "th" | "table") => number(5, &["%", "px"]),
        ("colspan" | "rowspan", "td" | "th") => number(4, &[]),
        ("start", "ol") => number(9, &[]),
        ("type", "ol") => value.filter(|v| ["1", "a", "A", "i", "I"].contains(v)),
        ("reversed", "ol") | ("open", "details") => return value.is_none().then_some((name, None)),
        ("srcset", "source" | "img") => value.filter(|v| {
            v.split(',').all(|candidate| {
                candidate
                    .split_whitespace()
                    .next()
                    .is_some_and(|url| safe_url(url, UrlUse::Image).is_some())
            })
        }),
        ("media", "source") => value,
        // An anchor to link to, as GitHub writes it: prefixed, so it cannot shadow a name the
        // page uses (`<a name="top">` becomes `user-content-top`).
        ("name", "a") => {
            let v = value.filter(|v| {
                (1..=64).contains(&v.len())
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })?;
            return Some((name, Some(format!("user-content-{v}").into())));
        }
        _ => None,
    }?;
    Some((name, Some(kept.into())))
}

/// The allowlisted spelling of the tag `name` (compared case-insensitively), if allowed.
fn allowed_tag(name: &str) -> Option<&'static str> {
    ALLOWED_TAGS
        .iter()
        .copied()
        .find(|allowed| allowed.eq_ignore_ascii_case(name))
}

/// Writes `</name>` if `name` is on the allowlist.
fn push_closing_tag(name: &str, out: &mut String) {
    if let Some(name) = allowed_tag(name) {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

/// HTML whitespace: space, tab, line feed, form feed, carriage return.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}

/// Escapes `text` into `out` (see [`escape_html`]); with `keep_refs`, a syntactically valid
/// character reference is copied as is instead of having its `&` escaped.
fn escape_into(text: &str, keep_refs: bool, out: &mut String) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let replacement = match b {
            b'&' => {
                let len = if keep_refs {
                    char_ref_len(bytes.get(i..).unwrap_or_default())
                } else {
                    0
                };
                if len > 0 {
                    i += len;
                    continue;
                }
                "&amp;"
            }
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            0 => "\u{FFFD}",
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(sub(text, start, i));
        out.push_str(replacement);
        i += 1;
        start = i;
    }
    out.push_str(sub(text, start, bytes.len()));
}

/// Length of the syntactically valid character reference at the start of `s` (which starts with
/// `&`): `&name;` (a letter then up to 31 letters or digits), `&#` and 1–7 decimal digits then `;`,
/// or `&#x` and 1–6 hex digits then `;`. Returns 0 if there is none.
fn char_ref_len(s: &[u8]) -> usize {
    let count = |from: usize, max: usize, ok: fn(&u8) -> bool| {
        s.iter()
            .skip(from)
            .take(max + 1)
            .take_while(|b| ok(b))
            .count()
    };
    let (from, max, digits) = match (s.get(1), s.get(2)) {
        (Some(b'#'), Some(b'x' | b'X')) => (3, 6, count(3, 6, u8::is_ascii_hexdigit)),
        (Some(b'#'), _) => (2, 7, count(2, 7, u8::is_ascii_digit)),
        (Some(b), _) if b.is_ascii_alphabetic() => (1, 32, count(1, 32, u8::is_ascii_alphanumeric)),
        _ => return 0,
    };
    if digits == 0 || digits > max || s.get(from + digits) != Some(&b';') {
        return 0;
    }
    from + digits + 1
}

/// `s[start..end]`, or `""` if that is not a valid range (never happens: every index used here is
/// at an ASCII byte or an end of the string).
fn sub(s: &str, start: usize, end: usize) -> &str {
    s.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sanitize(raw: &str) -> String {
        let mut open = Vec::new();
        let mut out = String::new();
        sanitize_html_fragment(raw, &mut open, &mut out);
        close_open_tags(&mut open, &mut out);
        out
    }

    fn sanitize_open(raw: &str) -> (String, Vec<&'static str>) {
        let mut open = Vec::new();
        let mut out = String::new();
        sanitize_html_fragment(raw, &mut open, &mut out);
        (out, open)
    }

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_html(text, &mut out);
        out
    }

    /// Scans the output for real markup: every `<` must start an allowlisted lowercase tag whose
    /// attributes are each allowed there with a safe, double-quoted value; every `&` a valid
    /// character reference. Returns the tag names found, e.g. `["b", "/b"]`.
    fn assert_safe_markup(out: &str) -> Vec<String> {
        let bytes = out.as_bytes();
        let mut tags = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'<' => {
                    let gt = out[i..]
                        .find('>')
                        .unwrap_or_else(|| panic!("unterminated tag in {out:?}"));
                    let inner = &out[i + 1..i + gt];
                    let closing = inner.starts_with('/');
                    let body = inner.strip_prefix('/').unwrap_or(inner);
                    let name = body.split(' ').next().unwrap_or_default();
                    let ok = ALLOWED_TAGS.contains(&name)
                        && !(closing && VOID_TAGS.contains(&name))
                        && !(closing && body != name);
                    assert!(ok, "unexpected markup <{inner}> in {out:?}");
                    let attrs = parse_attributes(&body[name.len()..])
                        .unwrap_or_else(|| panic!("unreadable attributes in <{inner}>"));
                    for (attr, value) in attrs {
                        assert!(
                            attr.bytes().all(|b| b.is_ascii_lowercase()),
                            "attribute {attr} in {out:?}"
                        );
                        assert!(
                            !attr.starts_with("on") && attr != "style",
                            "{attr} in {out:?}"
                        );
                        assert!(
                            allowed_attribute(name, attr, value).is_some() || attr == "name",
                            "attribute {attr}={value:?} on {name} in {out:?}"
                        );
                        let raw = &body[name.len()..];
                        assert!(!raw.contains('\''), "single quote in <{inner}>");
                    }
                    tags.push(if closing {
                        format!("/{name}")
                    } else {
                        name.to_string()
                    });
                    i += gt + 1;
                }
                b'&' => {
                    assert!(char_ref_len(&bytes[i..]) > 0, "bare & in {out:?}");
                    i += 1;
                }
                0 => panic!("NUL in {out:?}"),
                _ => i += 1,
            }
        }
        let lower = out.to_ascii_lowercase();
        for bad in [
            "<script", "<style", "<iframe", "<object", "<embed", "<svg", "<math", "<link", "<meta",
            "<base", "<form", "<!--", "<!", "<?",
        ] {
            assert!(!lower.contains(bad), "{bad} in {out:?}");
        }
        tags
    }

    /// Asserts that opening and closing tags in `out` nest properly.
    fn assert_balanced(out: &str) {
        let mut stack = Vec::new();
        for tag in assert_safe_markup(out) {
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "misnested in {out:?}");
            } else if !VOID_TAGS.contains(&tag.as_str()) {
                stack.push(tag);
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?} in {out:?}");
    }

    /// ASCII letter/digit words of at least two characters, lowercased.
    fn words(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 2)
            .map(str::to_ascii_lowercase)
            .collect()
    }

    // ---- escape_html ----

    #[test]
    fn escape_html_escapes_the_five_characters() {
        assert_eq!(escaped(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    }

    #[test]
    fn escape_html_escapes_entities_too() {
        assert_eq!(escaped("&amp; &#60;"), "&amp;amp; &amp;#60;");
    }

    #[test]
    fn escape_html_keeps_unicode_and_replaces_nul() {
        assert_eq!(escaped("é\u{0}日本"), "é\u{FFFD}日本");
        assert_eq!(escaped(""), "");
    }

    // ---- safe_url ----

    #[test]
    fn url_allows_listed_schemes() {
        for url in [
            "http://example.com",
            "https://example.com/a?b=c#d",
            "HTTPS://EXAMPLE.COM",
            "mailto:someone@example.com",
            "tel:+15551234",
            "ftp://files.example.com/x",
            "sftp://host/x",
            "  https://example.com  ",
        ] {
            assert_eq!(safe_url(url, UrlUse::Link), Some(url), "{url}");
            assert_eq!(safe_url(url, UrlUse::Image), Some(url), "{url}");
        }
    }

    #[test]
    fn url_allows_scheme_less() {
        for url in [
            "",
            "page.md",
            "dir/page.html",
            "./x",
            "../x/y",
            "/abs/path",
            "#fragment",
            "?query=1",
            "//cdn.example.com/x.png",
            "dir/a:b",
            "page?t=12:30",
            "#section:2",
            "?a=1&b=2",
            "a/b&c:d",
        ] {
            assert_eq!(safe_url(url, UrlUse::Link), Some(url), "{url}");
        }
    }

    #[test]
    fn url_rejects_javascript_spellings() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "JAVASCRIPT:alert(1)",
            "  javascript:alert(1)",
            "\tjava\nscript:alert(1)",
            "java\tscript:alert(1)",
            "java\rscript:alert(1)",
            "\u{0}javascript:alert(1)",
            "\u{1}\u{1f} javascript:alert(1)",
            "java\u{0}script:alert(1)",
            "java\u{7f}script:alert(1)",
            "java\u{85}script:alert(1)",
            "javascript\u{0}:alert(1)",
            "javascript:alert(1)\n",
            "javascript:",
            "javascript://%0aalert(1)",
        ] {
            assert_eq!(safe_url(url, UrlUse::Link), None, "{url:?}");
            assert_eq!(safe_url(url, UrlUse::Image), None, "{url:?}");
        }
    }

    #[test]
    fn url_rejects_entity_encoded_schemes() {
        for url in [
            "javascript&#58;alert(1)",
            "javascript&#x3A;alert(1)",
            "javascript&#x3a;alert(1)",
            "javascript&colon;alert(1)",
            "javascript&#0000058alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "jav&#x0A;ascript:alert(1)",
            "java;script:alert(1)",
        ] {
            assert_eq!(safe_url(url, UrlUse::Link), None, "{url}");
        }
    }

    #[test]
    fn url_rejects_other_schemes() {
        for url in [
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "livescript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "file:///etc/passwd",
            "blob:https://example.com/uuid",
            "filesystem:https://example.com/x",
            "chrome://settings",
            "svn+ssh://host/x",
            "foo:bar",
            "C:\\Windows",
            ":nothing",
        ] {
            assert_eq!(safe_url(url, UrlUse::Link), None, "{url}");
        }
    }

    #[test]
    fn url_with_a_bracket_before_its_colon_is_a_relative_path() {
        assert_eq!(safe_url("foo):", UrlUse::Link), Some("foo):"));
        assert_eq!(safe_url("a(b):c", UrlUse::Link), Some("a(b):c"));
        assert_eq!(safe_url("():x", UrlUse::Link), Some("():x"));
        assert_eq!(
            safe_url("java(script:alert(1)", UrlUse::Link),
            Some("java(script:alert(1)")
        );
    }

    #[test]
    fn url_rejects_odd_scheme_characters() {
        for url in [
            "ｊavascript:alert(1)",
            "\u{a0}javascript:alert(1)",
            "java\u{200b}script:alert(1)",
            "java script:alert(1)",
            "java\\script:alert(1)",
        ] {
            assert_eq!(safe_url(url, UrlUse::Link), None, "{url:?}");
        }
    }

    #[test]
    fn url_rejects_fragment_with_ampersand_before_colon() {
        // The documented price of rejecting encoded schemes.
        assert_eq!(safe_url("#a&b", UrlUse::Link), None);
    }

    #[test]
    fn url_returns_input_unchanged() {
        let url = " \thttps://example.com/x\n";
        assert_eq!(safe_url(url, UrlUse::Link), Some(url));
    }

    #[test]
    fn url_allows_raster_data_for_images_only() {
        for url in [
            "data:image/png;base64,iVBORw0KGgo=",
            "data:image/jpeg;base64,/9j/4AAQ",
            "data:image/jpg;base64,/9j/4AAQ",
            "data:image/gif;base64,R0lGODlh",
            "data:image/webp;base64,UklGR",
            "data:image/avif;base64,AAAA",
            "data:image/bmp;base64,Qk0=",
            "DATA:IMAGE/PNG;BASE64,iVBORw0KGgo=",
            "data:image/png,rawbytes",
            "data: image/png ;base64,iVBOR",
            "data:image/png;charset=utf-8;base64,iVBOR",
            "\tdata:image/png;base64,iVBOR",
        ] {
            assert_eq!(safe_url(url, UrlUse::Image), Some(url), "{url}");
            assert_eq!(safe_url(url, UrlUse::Link), None, "{url}");
        }
    }

    #[test]
    fn url_rejects_other_data_for_images() {
        for url in [
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data:IMAGE/SVG+XML;base64,PHN2Zz4=",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/png",
            "data:,hello",
            "data:;base64,AAAA",
            "data:image/pngx;base64,AAAA",
            "data:image/png;;base64,AAAA",
            "data:image/png;=x,AAAA",
            "data:image/svg+xml;x=image/png,<svg>",
            "data:application/octet-stream,AAAA",
        ] {
            assert_eq!(safe_url(url, UrlUse::Image), None, "{url}");
        }
    }

    #[test]
    fn url_handles_long_input() {
        let long = format!("https://example.com/{}", "a".repeat(5_000_000));
        assert!(safe_url(&long, UrlUse::Link).is_some());
        let evil = format!("{}javascript:alert(1)", "\t".repeat(1_000_000));
        assert_eq!(safe_url(&evil, UrlUse::Link), None);
    }

    // ---- sanitize_html_fragment: allowed markup ----

    #[test]
    fn plain_text_is_escaped() {
        assert_eq!(
            sanitize(r#"a > b "c" 'd'"#),
            "a &gt; b &quot;c&quot; &#39;d&#39;"
        );
    }

    #[test]
    fn allowed_tags_pass_through_lowercased() {
        assert_eq!(sanitize("<B>x</B>"), "<b>x</b>");
        assert_eq!(sanitize("<Strong>x</STRONG>"), "<strong>x</strong>");
        assert_eq!(sanitize("<H2>t</h2>"), "<h2>t</h2>");
        assert_eq!(
            sanitize("<table><tr><td>1</td></tr></table>"),
            "<table><tr><td>1</td></tr></table>"
        );
    }

    #[test]
    fn whitespace_and_self_closing_slash_are_accepted() {
        assert_eq!(sanitize("<b >x</b >"), "<b>x</b>");
        assert_eq!(sanitize("<b\n\t>x</b\n>"), "<b>x</b>");
        assert_eq!(sanitize("<br/>"), "<br>");
        assert_eq!(sanitize("<BR />"), "<br>");
        assert_eq!(sanitize("<br / >"), "<br>");
        assert_eq!(sanitize("<hr>"), "<hr>");
        assert_eq!(sanitize("a<wbr>b"), "a<wbr>b");
    }

    #[test]
    fn self_closed_non_void_tag_is_empty() {
        assert_eq!(sanitize("<div/>x"), "<div></div>x");
        assert_eq!(sanitize("<span />"), "<span></span>");
    }

    #[test]
    fn void_closing_tag_is_escaped() {
        assert_eq!(sanitize("</br>"), "&lt;/br&gt;");
    }

    #[test]
    fn details_may_keep_open() {
        assert_eq!(
            sanitize("<details OPEN><summary>s</summary>x</details>"),
            "<details open><summary>s</summary>x</details>"
        );
        assert_eq!(sanitize("<details  open >"), "<details open></details>");
        assert_eq!(sanitize("<details open=x>"), "&lt;details open=x&gt;");
        assert_eq!(sanitize("<details opener>"), "&lt;details opener&gt;");
        assert_eq!(sanitize("<div open>"), "&lt;div open&gt;");
    }

    #[test]
    fn tags_with_attributes_are_escaped() {
        assert_eq!(
            sanitize(r#"<b onclick="x">y</b>"#),
            "&lt;b onclick=&quot;x&quot;&gt;y&lt;/b&gt;"
        );
        assert_eq!(sanitize("<p style=color:red>"), "&lt;p style=color:red&gt;");
        assert_eq!(sanitize("<b/x>"), "&lt;b/x&gt;");
        assert_eq!(sanitize("<b1>"), "&lt;b1&gt;");
    }

    #[test]
    fn disallowed_tags_are_escaped_whole() {
        assert_eq!(
            sanitize("<a href=javascript:x>y</a>"),
            "&lt;a href=javascript:x&gt;y&lt;/a&gt;"
        );
        assert_eq!(
            sanitize("<center>c</center>"),
            "&lt;center&gt;c&lt;/center&gt;"
        );
    }

    #[test]
    fn multi_line_block() {
        assert_eq!(
            sanitize("<div onclick=x>\nhello\n</div>\n"),
            "&lt;div onclick=x&gt;\nhello\n&lt;/div&gt;\n"
        );
        assert_eq!(sanitize("<div>\nhello\n</div>\n"), "<div>\nhello\n</div>\n");
    }

    #[test]
    fn non_ascii_around_tags() {
        assert_eq!(sanitize("é<b>ü</b>日本<"), "é<b>ü</b>日本&lt;");
        assert_eq!(sanitize("<bé>"), "&lt;bé&gt;");
    }

    #[test]
    fn nul_bytes() {
        assert_eq!(sanitize("a\u{0}b"), "a\u{FFFD}b");
        assert_eq!(sanitize("<b\u{0}>"), "&lt;b\u{FFFD}&gt;");
    }

    // ---- balancing ----

    #[test]
    fn unmatched_closer_is_escaped() {
        assert_eq!(sanitize("</b>"), "&lt;/b&gt;");
        assert_eq!(sanitize("<i>x</b></i>"), "<i>x&lt;/b&gt;</i>");
    }

    #[test]
    fn closer_closes_tags_opened_inside() {
        assert_eq!(
            sanitize("<div><b><i>x</div>y"),
            "<div><b><i>x</i></b></div>y"
        );
    }

    #[test]
    fn closer_matches_innermost_of_same_name() {
        assert_eq!(
            sanitize("<div><p><div>x</div>"),
            "<div><p><div>x</div></p></div>"
        );
    }

    #[test]
    fn open_stack_is_reported_and_closed() {
        let (mut out, mut open) = sanitize_open("<div><b>x");
        assert_eq!(out, "<div><b>x");
        assert_eq!(open, vec!["div", "b"]);
        close_open_tags(&mut open, &mut out);
        assert_eq!(out, "<div><b>x</b></div>");
        assert!(open.is_empty());
    }

    #[test]
    fn stack_carries_across_calls() {
        let mut open = Vec::new();
        let mut out = String::new();
        sanitize_html_fragment("<details>\n", &mut open, &mut out);
        out.push_str("<p>markdown</p>");
        sanitize_html_fragment("</details>\n", &mut open, &mut out);
        assert_eq!(out, "<details>\n<p>markdown</p></details>\n");
        assert!(open.is_empty());
    }

    #[test]
    fn close_open_tags_skips_foreign_names() {
        let mut open = vec!["div", "script", "b"];
        let mut out = String::new();
        close_open_tags(&mut open, &mut out);
        assert_eq!(out, "</b></div>");
        assert!(open.is_empty());
    }

    #[test]
    fn deep_nesting_is_capped() {
        let input = "<div>".repeat(100) + &"</div>".repeat(100);
        let (mut out, mut open) = sanitize_open(&input);
        assert!(open.len() <= MAX_OPEN_DEPTH);
        close_open_tags(&mut open, &mut out);
        assert_eq!(out.matches("<div>").count(), MAX_OPEN_DEPTH);
        assert_eq!(out.matches("&lt;div&gt;").count(), 100 - MAX_OPEN_DEPTH);
        assert_eq!(out.matches("&lt;/div&gt;").count(), 100 - MAX_OPEN_DEPTH);
        assert_balanced(&out);
    }

    #[test]
    fn void_and_self_closed_tags_ignore_the_cap() {
        let input = "<b>".repeat(MAX_OPEN_DEPTH) + "<br><span/>";
        let out = sanitize(&input);
        assert!(out.contains("<br><span></span>"));
        assert_balanced(&out);
    }

    #[test]
    fn output_is_balanced_for_messy_input() {
        for input in [
            "<b><i>x</b></i>",
            "</div><div>",
            "<ul><li>a<li>b</ul>",
            "<p><div></p></div>",
            "<table><tr><td>x</table>",
            "<details><summary>s",
        ] {
            assert_balanced(&sanitize(input));
        }
    }

    // ---- comments, declarations, stray < ----

    #[test]
    fn comments_are_dropped() {
        assert_eq!(sanitize("a<!-- x -->b"), "ab");
        assert_eq!(sanitize("a<!---->b"), "ab");
        assert_eq!(sanitize("a<!-- <b> -- -> -->b"), "ab");
        assert_eq!(sanitize("a<!-- x --!>b"), "ab");
        assert_eq!(sanitize("a<!-- x --->b"), "ab");
        assert_eq!(sanitize("<!--\nmulti\nline\n-->\n"), "\n");
    }

    #[test]
    fn abruptly_closed_comments() {
        assert_eq!(sanitize("a<!-->b"), "ab");
        assert_eq!(sanitize("a<!--->b"), "ab");
    }

    #[test]
    fn unterminated_comment_runs_to_the_end() {
        assert_eq!(sanitize("a<!-- x <script>alert(1)</script>"), "a");
        assert_eq!(sanitize("<!--"), "");
        assert_eq!(sanitize("<!--x--"), "");
    }

    #[test]
    fn comment_hiding_markup_is_dropped() {
        let out = sanitize("<!--<script>alert(1)</script>-->ok");
        assert_eq!(out, "ok");
    }

    #[test]
    fn declarations_are_escaped() {
        assert_eq!(sanitize("<!DOCTYPE html>"), "&lt;!DOCTYPE html&gt;");
        assert_eq!(sanitize("<?php echo 1; ?>"), "&lt;?php echo 1; ?&gt;");
        assert_eq!(sanitize("<!x>"), "&lt;!x&gt;");
        assert_eq!(sanitize("<![CDATA[x]]>"), "&lt;![CDATA[x]]&gt;");
    }

    #[test]
    fn stray_less_than_is_escaped() {
        assert_eq!(sanitize("a < b"), "a &lt; b");
        assert_eq!(sanitize("1<2"), "1&lt;2");
        assert_eq!(sanitize("a<"), "a&lt;");
        assert_eq!(sanitize("</>"), "&lt;/&gt;");
        assert_eq!(sanitize("</ b>"), "&lt;/ b&gt;");
        assert_eq!(sanitize("<<b>>"), "&lt;<b>&gt;</b>");
    }

    #[test]
    fn unterminated_tag_is_escaped_and_later_text_kept() {
        assert_eq!(sanitize("<b"), "&lt;b");
        assert_eq!(sanitize("x <b y <i"), "x &lt;b y &lt;i");
    }

    #[test]
    fn split_fragments_cannot_form_a_tag() {
        let mut open = Vec::new();
        let mut out = String::new();
        sanitize_html_fragment("<", &mut open, &mut out);
        sanitize_html_fragment("script>alert(1)", &mut open, &mut out);
        sanitize_html_fragment("&", &mut open, &mut out);
        sanitize_html_fragment("lt;", &mut open, &mut out);
        assert_eq!(out, "&lt;script&gt;alert(1)&amp;lt;");
        assert_safe_markup(&out);
    }

    // ---- entities ----

    #[test]
    fn valid_character_references_are_kept() {
        assert_eq!(
            sanitize("&amp; &lt; &#60; &#x3C; &#X3c; &nbsp; &frac12; &#1114111;"),
            "&amp; &lt; &#60; &#x3C; &#X3c; &nbsp; &frac12; &#1114111;"
        );
    }

    #[test]
    fn invalid_character_references_are_escaped() {
        assert_eq!(sanitize("AT&T"), "AT&amp;T");
        assert_eq!(sanitize("& x"), "&amp; x");
        assert_eq!(sanitize("&#;"), "&amp;#;");
        assert_eq!(sanitize("&#x;"), "&amp;#x;");
        assert_eq!(sanitize("&#12345678;"), "&amp;#12345678;");
        assert_eq!(sanitize("&#x1234567;"), "&amp;#x1234567;");
        assert_eq!(sanitize("&amp"), "&amp;amp");
        assert_eq!(sanitize("&1a;"), "&amp;1a;");
        assert_eq!(sanitize("&#xZ;"), "&amp;#xZ;");
        let long = format!("&{};", "a".repeat(33));
        assert_eq!(sanitize(&long), format!("&amp;{};", "a".repeat(33)));
    }

    #[test]
    fn references_inside_escaped_tags_are_escaped() {
        assert_eq!(
            sanitize("<a title=&amp; onclick=x>"),
            "&lt;a title=&amp;amp; onclick=x&gt;"
        );
        // In an allowed attribute, a reference is kept for the browser to read.
        assert_eq!(sanitize("<a title=&amp;>"), "<a title=\"&amp;\"></a>");
    }

    // ---- the attributes GitHub keeps ----

    #[test]
    fn images_links_and_alignment_keep_their_safe_attributes() {
        assert_eq!(
            sanitize(r#"<img src="diagram.png" width="600" alt="The architecture">"#),
            r#"<img src="diagram.png" width="600" alt="The architecture">"#
        );
        assert_eq!(
            sanitize("<div align=\"center\">\n<img src='a.png' height=40%/>\n</div>\n"),
            "<div align=\"center\">\n<img src=\"a.png\" height=\"40%\">\n</div>\n"
        );
        assert_eq!(
            sanitize(r#"<a href="https://example.com/?a=1&amp;b=2" title='Say "hi"'>x</a>"#),
            r#"<a href="https://example.com/?a=1&amp;b=2" title="Say &quot;hi&quot;">x</a>"#
        );
        assert_eq!(sanitize("<P ALIGN=RIGHT>x</P>"), "<p align=\"RIGHT\">x</p>");
        assert_eq!(
            sanitize("<td colspan=2 rowspan=\"3\">"),
            "<td colspan=\"2\" rowspan=\"3\"></td>"
        );
        assert_eq!(
            sanitize("<ol start=3 reversed>"),
            "<ol start=\"3\" reversed></ol>"
        );
        assert_eq!(sanitize("<details open>"), "<details open></details>");
        assert_eq!(
            sanitize(r#"<a name="top"></a>"#),
            r#"<a name="user-content-top"></a>"#
        );
        assert_eq!(
            sanitize(
                r#"<picture><source media="(prefers-color-scheme: dark)" srcset="dark.png 1x, dark@2x.png 2x"><img src="light.png"></picture>"#
            ),
            r#"<picture><source media="(prefers-color-scheme: dark)" srcset="dark.png 1x, dark@2x.png 2x"><img src="light.png"></picture>"#
        );
        // The first of a repeated attribute counts, as in a browser.
        assert_eq!(sanitize("<img src=a.png src=b.png>"), "<img src=\"a.png\">");
    }

    #[test]
    fn an_unsafe_attribute_shows_the_whole_tag_as_text() {
        for tag in [
            "<img src=x onerror=alert(1)>",
            "<img src=\"javascript:alert(1)\">",
            "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
            "<a href=\"vbscript:x\">",
            "<a href=x style=color:red>",
            "<div align=\"center;x\">",
            "<img width=\"100vh\">",
            "<img src=a.png class=x>",
            "<a id=top>",
            "<a name=\"x y\">",
            "<source srcset=\"a.png, javascript:x 2x\">",
            "<img src=\"a.png\"alt=x>",
            "<img src=a.png alt=\"unterminated>",
            "<td colspan=99999>",
        ] {
            let out = sanitize(tag);
            assert!(out.starts_with("&lt;"), "{tag} -> {out}");
            assert_safe_markup(&out);
        }
    }

    // ---- XSS corpus ----

    const XSS: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<script>alert(1)",
        "<script",
        "</script><script>alert(1)</script>",
        "\"><script>alert(1)</script>",
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<scr\u{0}ipt>alert(1)</scr\u{0}ipt>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=\"jav\tascript:alert('XSS');\">",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<img src=x onerror=alert(1)//",
        "<img src=`x` onerror=alert(1)>",
        "<img \"\"\"><script>alert(1)</script>\">",
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        "<IMG\tSRC=x\tONERROR=alert(1)>",
        "<img src=x onerror=alert(1)\u{0}>",
        "<<img src=x onerror=alert(1)>>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<iframe src=javascript:alert(1)>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<body onload=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"x:expression(alert(1))\">x</p>",
        "<h1 style=color:red>x</h1>",
        "<div/onclick=alert(1)>x</div>",
        "<b onmouseover=alert(1)>hover</b>",
        "<b/onclick=alert(1)>x",
        "<b\nonclick=alert(1)>x</b>",
        "<span onclick=\"alert(1)\" >x</span>",
        "<br onload=alert(1)>",
        "<BR SIZE=\"&{alert('XSS')}\">",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<keygen autofocus onfocus=alert(1)>",
        "<object data=\"javascript:alert(1)\">",
        "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<style>@import 'javascript:alert(1)';</style>",
        "<table background=\"javascript:alert(1)\">",
        "<video><source onerror=\"alert(1)\">",
        "<textarea><script>alert(1)</script></textarea>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<template><script>alert(1)</script></template>",
        "<xmp><script>alert(1)</script></xmp>",
        "<plaintext><script>alert(1)</script>",
        "<frameset onload=alert(1)>",
        "<marquee onstart=alert(1)>",
        "<isindex type=image src=1 onerror=alert(1)>",
        "<!--><script>alert(1)</script>-->",
        "<!---><img src=x onerror=alert(1)>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<?xml version=\"1.0\"?><script>alert(1)</script>",
        "<!DOCTYPE html><script>alert(1)</script>",
        "<div>\n<img src=x onerror=alert(1)>\n</div>",
        "<b>bold<script>alert(1)</script></b>",
        "<details><summary onclick=alert(1)>s</summary></details>",
        "<x onclick=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<scrIpt\n>alert(1)</script\n>",
    ];

    #[test]
    fn xss_corpus_is_neutralised() {
        assert!(XSS.len() >= 40);
        for payload in XSS {
            let out = sanitize(payload);
            assert_safe_markup(&out);
            assert_balanced(&out);
            let lower = out.to_ascii_lowercase();
            for word in words(payload) {
                assert!(
                    lower.contains(&word),
                    "{word:?} lost: {payload:?} -> {out:?}"
                );
            }
        }
    }

    #[test]
    fn xss_corpus_split_into_lines_is_neutralised() {
        let mut open = Vec::new();
        let mut out = String::new();
        for payload in XSS {
            for line in payload.split_inclusive('\n') {
                sanitize_html_fragment(line, &mut open, &mut out);
            }
        }
        close_open_tags(&mut open, &mut out);
        assert_safe_markup(&out);
        assert_balanced(&out);
    }

    #[test]
    fn script_payload_is_shown_as_text() {
        assert_eq!(
            sanitize("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            sanitize("<img src=x onerror=alert(1)//"),
            "&lt;img src=x onerror=alert(1)//"
        );
    }

    /// A deterministic pseudo-random fuzz over tricky pieces: no panic, always safe markup.
    #[test]
    fn fuzz_pieces_always_give_safe_markup() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "/",
            "!",
            "-",
            "--",
            "?",
            "script",
            "b",
            "i",
            "img",
            "details",
            "open",
            " ",
            "\n",
            "=",
            "\"",
            "'",
            "&",
            "#",
            "x",
            ";",
            "amp",
            "60",
            "\u{0}",
            "é",
            "on",
            "div",
            "br",
            "<!--",
            "-->",
            "<!",
            "`",
            "\t",
            "src",
            "javascript:",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = usize::try_from(next() % 40).unwrap_or_default();
            let input: String = (0..len)
                .filter_map(|_| {
                    let index = usize::try_from(next()).unwrap_or_default() % PIECES.len();
                    PIECES.get(index).copied()
                })
                .collect();
            let out = sanitize(&input);
            assert_safe_markup(&out);
            assert_balanced(&out);
        }
    }

    // ---- performance ----

    /// Sanitises `input` and checks that it took at most `release_ms` milliseconds in an
    /// optimised build (ten times that in an unoptimised test build, which is ~10x slower and may
    /// share the machine with a compiler), and that the output is safe.
    fn assert_fast(input: &str, release_ms: u64) {
        let limit_ms = if cfg!(debug_assertions) {
            release_ms * 10
        } else {
            release_ms
        };
        let start = std::time::Instant::now();
        let mut open = Vec::new();
        let mut out = String::new();
        sanitize_html_fragment(input, &mut open, &mut out);
        close_open_tags(&mut open, &mut out);
        let elapsed = start.elapsed();
        assert!(
            elapsed.as_millis() < u128::from(limit_ms),
            "took {elapsed:?}"
        );
        assert_safe_markup(&out);
    }

    #[test]
    fn stress_mixed_5mb() {
        let chunk = "<div><b>Plan</b> step &amp; <i>note</i> <!-- c --> a<b <x y=\"z\"></div>\n";
        let input = chunk.repeat(5_000_000 / chunk.len() + 1);
        assert!(input.len() >= 5_000_000);
        assert_fast(&input, 500);
    }

    #[test]
    fn stress_less_than_5mb() {
        assert_fast(&"<".repeat(5_000_000), 500);
    }

    #[test]
    fn stress_pathological_1mb_each() {
        // Quadratic behaviour on any of these would take minutes at 1 MB.
        for unit in [
            "<a", "<a \"", "<!--", "<!-- -", "&#", "&a", "<b>", "</b>", "<!", "-->", "<b/", "<b",
        ] {
            assert_fast(&unit.repeat(1_000_000 / unit.len() + 1), 200);
        }
    }

    #[test]
    fn stress_unterminated_comment_5mb() {
        let input = format!("<!--{}", "- ".repeat(2_600_000));
        assert_fast(&input, 500);
    }
}
