//! Any bytes, in any chunking, through sniff, decode, parse and every format
//! reader, then the registry: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutineer::ingest::{ingest_bytes, Content, Ingest, Registry};
use scrutineer::model::Period;

fuzz_target!(|data: &[u8]| {
    let Some((&chunk, rest)) = data.split_first() else { return };
    // Whole, as the CLI and zip members do…
    let mut registry = Registry::default();
    for (id, mut loaded) in ingest_bytes("fuzz.csv", rest).into_iter().enumerate() {
        if let Some(content) = loaded.content.as_mut() {
            registry.admit(id as u32, content);
            if let Content::Measures(m) = content {
                for row in &m.rows {
                    let _ = row.period.to_string();
                }
            }
        }
    }
    // …and in small chunks, as the browser reads files.
    let mut ingest = Ingest::new("fuzz.csv");
    for piece in rest.chunks(usize::from(chunk).max(1)) {
        ingest.push(piece);
    }
    let _ = ingest.finish();
    if let Ok(text) = std::str::from_utf8(rest) {
        let _ = Period::parse(text, chunk % 2 == 0);
    }
});
