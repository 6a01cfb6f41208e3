//! Share links' raw deflate (RFC 1951) through the browser's `CompressionStream` and
//! `DecompressionStream`: the same format the host's Rust codec writes and reads
//! (`core::share`), with no deflate compiled into the app's wasm (14 KB of gzip). Both are
//! asynchronous; inflating stops at a limit, so a link cannot inflate into gigabytes.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair, TransformStream,
};

use crate::core::share::{self, ShareError};

// The two streams, bound here as the transform streams they are: web-sys has them only behind
// its unstable-API flag, which would have to be set for every build.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(extends = TransformStream)]
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(extends = TransformStream)]
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// Raw deflate: no zlib or gzip header (what `core::share` reads and writes).
const FORMAT: &str = "deflate-raw";

/// `bytes` through a transform, read back whole (`Ok(None)` past `limit` bytes). A transform
/// the browser could not make, or whose input it could not stream, is [`ShareError::Unsupported`].
async fn transform(
    stream: Result<TransformStream, JsValue>,
    bytes: &[u8],
    limit: usize,
) -> Result<Result<Option<Vec<u8>>, JsValue>, ShareError> {
    let stream = stream.map_err(|_| ShareError::Unsupported)?;
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(|_| ShareError::Unsupported)?;
    let out = blob.stream().pipe_through(&ReadableWritablePair::new(
        &stream.readable(),
        &stream.writable(),
    ));
    Ok(read_all(out, limit).await)
}

/// Reads a stream to its end, or `None` once it passes `limit` bytes (the rest is cancelled).
async fn read_all(stream: ReadableStream, limit: usize) -> Result<Option<Vec<u8>>, JsValue> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(Some(out));
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())?.dyn_into()?;
        if out.len() + value.length() as usize > limit {
            let _ = reader.cancel();
            return Ok(None);
        }
        let at = out.len();
        out.resize(at + value.length() as usize, 0);
        value.copy_to(&mut out[at..]);
    }
}

/// Raw-deflates `bytes`.
pub async fn deflate(bytes: &[u8]) -> Result<Vec<u8>, ShareError> {
    let stream = CompressionStream::new(FORMAT).map(Into::into);
    match transform(stream, bytes, usize::MAX).await? {
        Ok(Some(deflated)) => Ok(deflated),
        _ => Err(ShareError::Unsupported),
    }
}

/// Inflates raw-deflated `bytes`, at most `limit` bytes of them.
pub async fn inflate(bytes: &[u8], limit: usize) -> Result<Vec<u8>, ShareError> {
    let stream = DecompressionStream::new(FORMAT).map(Into::into);
    match transform(stream, bytes, limit).await? {
        Ok(Some(inflated)) => Ok(inflated),
        Ok(None) => Err(ShareError::Damaged("too large")),
        Err(_) => Err(ShareError::Damaged("truncated or corrupt data")),
    }
}

/// The fragment (without `#`) of a share link for a plan's markdown and, when it is not built
/// in, its template (see [`share::fragment`]).
pub async fn encode_link(
    markdown: &str,
    template: Option<&str>,
    base_len: usize,
) -> Result<String, ShareError> {
    let (version, payload) = share::payload(markdown, template);
    let deflated = deflate(&payload).await?;
    share::fragment(version, &deflated, base_len)
}

/// The markdown of a share link's fragment and the template it carries, if any.
pub async fn decode_link(fragment: &str) -> Result<(String, Option<String>), ShareError> {
    decode_fragment(fragment.to_string())
        .await
        .unwrap_or_else(|e| Err(ShareError::Unavailable(e.to_string())))
}

// Only a share link runs this: a split point (`crate::web::split`), fetched when one opens.
crate::web::split::split_point! {
    share_link: async fn decode_fragment(fragment: String) -> Result<(String, Option<String>), ShareError> {
        decode(&fragment).await
    }
}

async fn decode(fragment: &str) -> Result<(String, Option<String>), ShareError> {
    let (version, bytes) = share::deflated(fragment)?;
    let inflated = inflate(&bytes, share::MAX_PLAN_BYTES).await?;
    share::from_payload(version, inflated)
}
