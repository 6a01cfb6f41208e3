//! Stored data decoding (what the web app reads back from localStorage, and backups): arbitrary
//! bytes, and arbitrary JSON placed where a plan is expected, must give a plan or an error,
//! never a panic; whatever decodes must encode and decode again to the same plan.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planform::core::checks::check;
use planform::core::records::{
    SetAside, decode_backup, decode_history, decode_index, decode_record, decode_template,
    decode_trash_entry, encode_record,
};
use planform::core::to_markdown;

fn round_trip(text: &str) {
    if let Ok(record) = decode_record(text) {
        let markdown = to_markdown(&record.plan);
        let _ = check(&record.plan);
        let again = encode_record(&record.plan, &markdown, record.revision, &record.writer);
        let back = decode_record(&again).expect("an encoded record decodes");
        assert_eq!(back.plan, record.plan, "record round trip");
        assert_eq!(back.revision, record.revision);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    round_trip(&text);
    let _ = decode_index(&text);
    let _ = decode_backup(&text);
    let _ = decode_history(&text);
    let _ = decode_template("t", &text);
    let _ = decode_trash_entry("t", &text);
    let _ = SetAside::decode(&text);
    // Arbitrary JSON in the places a record and a backup hold structure.
    if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
        round_trip(&format!("{{\"format\":\"planform\",\"version\":1,\"revision\":3,\"plan\":{text}}}"));
        round_trip(&format!("{{\"format\":\"planform\",\"version\":1,\"plan\":{{\"sections\":{text}}}}}"));
        let _ = decode_backup(&format!("{{\"format\":\"planform-backup\",\"version\":1,\"plans\":[{text}]}}"));
        let _ = decode_backup(&format!("{{\"format\":\"planform-backup\",\"version\":1,\"trash\":[{text}]}}"));
    }
});
