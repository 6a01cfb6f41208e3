//! Share links with no server: the plan's markdown, deflated and base64url-encoded, in the URL
//! fragment (which browsers never send to a server): `#plan=1.<data>`, where `1` is the format
//! version. A plan whose template is not built in carries it: format 2, whose data inflates to
//! `<template length in bytes>\n<template markdown><plan markdown>`. Decoding is bounded: a
//! fragment may not inflate past [`MAX_PLAN_BYTES`], and a length that lies is an error.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The fragment key that marks a share link.
pub const FRAGMENT_KEY: &str = "plan=";
/// The share format written today for a plan of a built-in template (markdown only).
pub const VERSION: u32 = 1;
/// The share format of a plan that carries its template.
pub const VERSION_WITH_TEMPLATE: u32 = 2;
/// Links longer than this are refused: many tools (chat, mail, wikis) cut or reject longer URLs.
pub const MAX_LINK_BYTES: usize = 32 * 1024;
/// The most markdown a link may inflate to (guards against deflate bombs).
pub const MAX_PLAN_BYTES: usize = 4 * 1024 * 1024;

/// Why a share link could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The link would be longer than [`MAX_LINK_BYTES`].
    #[error(
        "this plan makes a {0} KB link, longer than the 32 KB that chat, mail and wikis reliably keep; export it as a file instead"
    )]
    TooLong(usize),
    /// The fragment is not a share link.
    #[error("this link holds no shared plan")]
    NotShare,
    /// Written by a newer Planform.
    #[error(
        "this link was made by a newer Planform (share format {0}); update Planform to open it"
    )]
    TooNew(u32),
    /// The browser has no deflate (`CompressionStream`) to make or read a link with.
    #[error(
        "this browser cannot compress or expand plans for links; export the plan as a file instead"
    )]
    Unsupported,
    /// Damaged: bad base64, truncated or corrupt deflate data, not UTF-8, or too large.
    #[error(
        "this share link is damaged or incomplete ({0}); ask for the link again, or for the file"
    )]
    Damaged(&'static str),
    /// The web app could not fetch the part of itself that reads links (offline before it was
    /// ever cached): what it said.
    #[error("{0}")]
    Unavailable(String),
}

/// What a plan's link deflates: its share format and payload (the markdown, or for a plan that
/// carries its template `<template length>\n<template><markdown>`).
pub fn payload(markdown: &str, template: Option<&str>) -> (u32, Vec<u8>) {
    match template {
        Some(t) => (
            VERSION_WITH_TEMPLATE,
            format!("{}\n{t}{markdown}", t.len()).into_bytes(),
        ),
        None => (VERSION, markdown.as_bytes().to_vec()),
    }
}

/// The fragment (without `#`) for a payload deflated (raw deflate, RFC 1951), or
/// [`ShareError::TooLong`] when the whole link, `base_len` bytes before the fragment included,
/// would pass the limit.
pub fn fragment(version: u32, deflated: &[u8], base_len: usize) -> Result<String, ShareError> {
    let fragment = format!(
        "{FRAGMENT_KEY}{version}.{}",
        URL_SAFE_NO_PAD.encode(deflated)
    );
    let total = base_len + 1 + fragment.len();
    if total > MAX_LINK_BYTES {
        return Err(ShareError::TooLong(total.div_ceil(1024)));
    }
    Ok(fragment)
}

/// A fragment's (with or without its leading `#`) share format and deflated payload.
pub fn deflated(fragment: &str) -> Result<(u32, Vec<u8>), ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let rest = fragment
        .strip_prefix(FRAGMENT_KEY)
        .ok_or(ShareError::NotShare)?;
    let (version, data) = rest
        .split_once('.')
        .ok_or(ShareError::Damaged("no format version"))?;
    let version: u32 = version
        .parse()
        .map_err(|_| ShareError::Damaged("no format version"))?;
    if version > VERSION_WITH_TEMPLATE {
        return Err(ShareError::TooNew(version));
    }
    if version == 0 {
        return Err(ShareError::Damaged("unknown format version"));
    }
    // Chat tools sometimes append punctuation or whitespace to a pasted link.
    let data =
        data.trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    let bytes = URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|_| ShareError::Damaged("not base64url"))?;
    Ok((version, bytes))
}

/// The markdown, and the template it carries if any, of a payload inflated (at most
/// [`MAX_PLAN_BYTES`]: the inflater stops there).
pub fn from_payload(
    version: u32,
    inflated: Vec<u8>,
) -> Result<(String, Option<String>), ShareError> {
    let text = String::from_utf8(inflated).map_err(|_| ShareError::Damaged("not text"))?;
    if version == VERSION {
        return Ok((text, None));
    }
    let (len, rest) = text
        .split_once('\n')
        .ok_or(ShareError::Damaged("no template length"))?;
    let len: usize = len
        .parse()
        .map_err(|_| ShareError::Damaged("no template length"))?;
    if len > rest.len() || !rest.is_char_boundary(len) {
        return Err(ShareError::Damaged("the template's length does not match"));
    }
    let (template, markdown) = rest.split_at(len);
    Ok((markdown.to_string(), Some(template.to_string())))
}

/// The codec whole, with Rust's own deflate (miniz_oxide): what the host uses (tests, tools).
/// The web app deflates with the browser's `CompressionStream` instead (`web::deflate`): the
/// same raw deflate, and 14 KB of gzip less in the app's wasm.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;

    /// The fragment (without `#`) for a plan's markdown (see [`fragment`]).
    pub fn encode(markdown: &str, base_len: usize) -> Result<String, ShareError> {
        encode_with(markdown, None, base_len)
    }

    /// [`encode`], carrying the plan's template (its markdown) when it is not a built-in.
    pub fn encode_with(
        markdown: &str,
        template: Option<&str>,
        base_len: usize,
    ) -> Result<String, ShareError> {
        let (version, payload) = payload(markdown, template);
        let deflated = miniz_oxide::deflate::compress_to_vec(&payload, 9);
        fragment(version, &deflated, base_len)
    }

    /// The markdown in a fragment; a template it carries is dropped.
    pub fn decode(fragment: &str) -> Result<String, ShareError> {
        decode_with_template(fragment).map(|(markdown, _)| markdown)
    }

    /// The markdown in a fragment and the template it carries, if any.
    pub fn decode_with_template(fragment: &str) -> Result<(String, Option<String>), ShareError> {
        let (version, bytes) = deflated(fragment)?;
        let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_PLAN_BYTES)
            .map_err(|_| ShareError::Damaged("truncated or corrupt data"))?;
        from_payload(version, inflated)
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::{decode, decode_with_template, encode, encode_with};

/// True when a fragment is a share link (whether or not it decodes).
pub fn is_share(fragment: &str) -> bool {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .starts_with(FRAGMENT_KEY)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn round_trip_of_the_template() {
        let md = &crate::core::template::technical_plan().markdown;
        let f = encode(md, 40).unwrap();
        assert!(f.starts_with("plan=1."));
        assert!(f.len() < md.len(), "compressed: {} < {}", f.len(), md.len());
        assert_eq!(&decode(&format!("#{f}")).unwrap(), md);
        assert!(is_share(&f));
    }

    #[test]
    fn unicode_survives() {
        let md = "# Plan: café ✅ 🔄 ⏳ — “quotes”\n";
        assert_eq!(decode(&encode(md, 0).unwrap()).unwrap(), md);
    }

    #[test]
    fn long_plans_are_refused_with_their_size() {
        // Incompressible text: 40 KB of pseudo-random letters.
        let mut x: u32 = 1;
        let md: String = (0..40_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
        assert!(matches!(encode(&md, 50), Err(ShareError::TooLong(kb)) if kb > 32));
    }

    #[test]
    fn damage_gives_clear_errors() {
        let good = encode("# A plan with some text in it\n", 0).unwrap();
        let cut = &good[..good.len() - 6];
        assert!(matches!(decode(cut), Err(ShareError::Damaged(_))));
        assert_eq!(decode("plan=9.abc"), Err(ShareError::TooNew(9)));
        assert_eq!(decode("other=1"), Err(ShareError::NotShare));
        assert!(matches!(decode("plan=1.***"), Err(ShareError::Damaged(_))));
        assert!(matches!(decode("plan=1"), Err(ShareError::Damaged(_))));
        assert!(matches!(decode("plan=x.abc"), Err(ShareError::Damaged(_))));
        // Trailing punctuation from a chat message is ignored.
        assert!(decode(&format!("{good}).")).is_ok());
    }

    #[test]
    fn a_link_carries_a_team_template_and_a_lying_length_is_damage() {
        let t = "# Retro: [Sprint]\n\n## Went Well\n";
        let md = "# Retro: Sprint 9\n\n## Went Well\n\nShipping.\n";
        let f = encode_with(md, Some(t), 0).unwrap();
        assert!(f.starts_with("plan=2."));
        assert_eq!(
            decode_with_template(&f).unwrap(),
            (md.to_string(), Some(t.to_string()))
        );
        assert_eq!(decode(&f).unwrap(), md);
        for payload in ["99999\n# short", "x\n# A", "no newline", "1\né"] {
            let data = miniz_oxide::deflate::compress_to_vec(payload.as_bytes(), 9);
            let f = format!("plan=2.{}", URL_SAFE_NO_PAD.encode(data));
            assert!(
                matches!(decode_with_template(&f), Err(ShareError::Damaged(_))),
                "{payload}"
            );
        }
    }

    #[test]
    fn deflate_bombs_are_refused() {
        let big = vec![b'a'; MAX_PLAN_BYTES + 1];
        let data = miniz_oxide::deflate::compress_to_vec(&big, 9);
        let f = format!("plan=1.{}", URL_SAFE_NO_PAD.encode(data));
        assert!(matches!(decode(&f), Err(ShareError::Damaged(_))));
    }
}
