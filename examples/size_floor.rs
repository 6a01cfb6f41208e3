//! The size floor of the web app: the pure core alone (import, canonical render, preview HTML,
//! checks, stored records, share links, file formats) compiled to wasm with the release profile,
//! with no UI at all. `scripts/bench.sh` builds it, runs wasm-bindgen and `wasm-opt -Oz` on it
//! as Trunk does for the app, and prints its size beside the app's. Not part of the app.

#[cfg(target_arch = "wasm32")]
mod floor {
    use planform::core::checks::check;
    use planform::core::diff;
    use planform::core::formats::read_plan;
    use planform::core::html::{plan_html, standalone_html};
    use planform::core::{import_markdown, records, share, to_markdown};
    use wasm_bindgen::prelude::*;

    /// Every core entry point the app uses, kept alive by one export.
    #[wasm_bindgen]
    pub fn floor(text: &str) -> String {
        let plan = match read_plan(text) {
            Ok((plan, _)) => plan,
            Err(_) => import_markdown(text),
        };
        let markdown = to_markdown(&plan);
        let record = records::encode_record(&plan, &markdown, 1, "w");
        let revision = records::decode_record(&record).map_or(0, |r| r.revision);
        // The link's deflate is the browser's in the app (web::deflate): not in the floor.
        let (version, payload) = share::payload(&markdown, None);
        let link = share::fragment(version, &payload, 0).unwrap_or_default();
        let shared = share::deflated(&link)
            .and_then(|(v, bytes)| share::from_payload(v, bytes))
            .map(|(md, _)| md)
            .unwrap_or_default();
        format!(
            "{}{}{}{revision}{}{}{}",
            plan_html(&plan),
            standalone_html(&plan),
            check(&plan).len(),
            shared.len(),
            records::decode_backup(text).map_or(0, |b| b.unreadable),
            diff::line_diff(text, &markdown).len(),
        )
    }
}

fn main() {}
