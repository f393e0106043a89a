//! Any bytes, in any chunking, through sniff, decode, parse and every format
//! reader, then the registry, a dataset and the scorecard: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutineer::ingest::{ingest_bytes, Content, Ingest, Registry};
use scrutineer::analysis::measures::observations;
use scrutineer::analysis::periods::Granularity;
use scrutineer::analysis::scorecard::{scorecard_from, ScorecardOptions};
use scrutineer::dataset::{Dataset, LoadedFile};
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
    // …then into a dataset twice, as two extracts (dated by name), and on to
    // the scorecard: maturity, revisions, year to date and seasons.
    let mut dataset = Dataset::default();
    let mut registry = Registry::default();
    for (id, name) in [(1u32, "fuzz-2019-05-31.csv"), (2, "fuzz-2019-08-31.csv")] {
        for mut loaded in ingest_bytes(name, rest) {
            if let Some(content) = loaded.content.as_mut() {
                registry.admit(id, content);
            }
            if let Ok(file) = LoadedFile::new(id, loaded) {
                let _ = dataset.add(file);
            }
        }
    }
    let all = observations(&dataset);
    if let Some(first) = all.first() {
        let mut options = ScorecardOptions::new(&first.area);
        options.granularity = if chunk % 3 == 0 { Granularity::Quarter } else { Granularity::Month };
        let _ = scorecard_from(&dataset, &all, &options);
    }
});
