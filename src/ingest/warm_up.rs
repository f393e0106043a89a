//! Warming the ingestion worker's compiled code before the user's first file.
//!
//! Browsers first run WebAssembly from a quick baseline compile, then recompile
//! the functions that turn out hot with their optimising compiler, on other
//! threads. Left to the user's first large file, that recompiling took about
//! half a second of CPU in the middle of the load (a Chromium trace of a 231 MB
//! load: BENCHMARKS.md), competing with the parse for a 2-core laptop's CPU
//! while the parse ran on the slower baseline code. Reading a small made-up
//! street file through the same path when the worker starts moves that cost
//! to while the page sits waiting for a file.

use super::{Ingest, Loaded, Registry};

const CRIME_TYPES: [&str; 8] = [
    "Anti-social behaviour",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Public order",
    "Shoplifting",
    "Vehicle crime",
    "Violence and sexual offences",
];

const OUTCOMES: [&str; 5] = [
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Awaiting court outcome",
    "Offender given a caution",
];

const HEADER: &str =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,\
                      LSOA name,Crime type,Last outcome category,Context\r\n";

/// Appends made-up rows `from..to` of a police.uk street file, in the published
/// layout: CRLF line ends, mostly unquoted lines with some quoted ones,
/// anti-social behaviour without Crime IDs, several councils, forces and months.
fn write_rows(out: &mut String, from: usize, to: usize) {
    use std::fmt::Write;
    for i in from..to {
        let crime_type = CRIME_TYPES[i % CRIME_TYPES.len()];
        let asb = i % CRIME_TYPES.len() == 0;
        if !asb {
            // 64 hex digits, as police.uk's are, different for every row.
            let h = super::formats::police_uk_street::crime_key(&(i as u64).to_le_bytes());
            let _ = write!(out, "{h:016x}{:016x}{h:016x}{:016x}", !h, h.rotate_left(7));
        }
        let outcome = if asb {
            ""
        } else {
            OUTCOMES[i % OUTCOMES.len()]
        };
        let force = if i % 97 == 0 {
            "Warm-up Constabulary"
        } else {
            "Warm-up Police"
        };
        let (quote, town) = if i % 50 == 0 {
            ("\"", ", Warm-up")
        } else {
            ("", "")
        };
        let _ = write!(
            out,
            ",2020-{:02},{force},{force},-1.{:06},53.{:06},{quote}On or near {} Road{town}{quote},\
             E01{:06},Town{} {:03}{},{crime_type},{outcome},\r\n",
            1 + (i / 500) % 12,
            i % 999_983,
            (i * 7) % 999_983,
            i % 300,
            i % 3000,
            i % 9,
            i % 200,
            ["A", "B", "C", "D"][i % 4],
        );
    }
}

#[cfg(test)]
/// A whole made-up street file of `rows` rows.
pub fn sample_street_csv(rows: usize) -> Vec<u8> {
    let mut out = String::from(HEADER);
    write_rows(&mut out, 0, rows);
    out.into_bytes()
}

/// Reads a made-up street file of `rows` rows the way the worker reads a
/// user's, into a registry of its own, and turns the result into the page's
/// JSON. The file is made and pushed about 1 MB at a time, so warming up
/// leaves the worker's memory (which never shrinks) barely larger. Returns
/// what was read, so tests can check it went all the way through.
pub fn warm_up(rows: usize) -> (Loaded, usize) {
    const BLOCK: usize = 4_000;
    let mut ingest = Ingest::new("warm-up.csv");
    let mut text = String::from(HEADER);
    for from in (0..rows).step_by(BLOCK) {
        write_rows(&mut text, from, (from + BLOCK).min(rows));
        // In two pushes split mid-line, so records split across chunks are
        // exercised too.
        let (a, b) = text.as_bytes().split_at(text.len() / 2);
        ingest.push(a);
        ingest.push(b);
        text.clear();
    }
    let mut loaded = ingest.finish();
    if let Some(content) = loaded.content.as_mut() {
        Registry::default().admit(1, content);
    }
    let json = serde_json::to_string(&loaded).map_or(0, |j| j.len());
    (loaded, json)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The warm-up is only worth anything if it runs the whole street path:
    /// a sample rejected at the header would warm nothing, silently.
    #[test]
    fn warm_up_reads_every_row_as_street_crime_without_warnings() {
        let (loaded, json) = warm_up(2_000);
        let report = &loaded.report;
        assert_eq!(report.error, None);
        assert_eq!(report.kind.as_deref(), Some("police.uk street crime"));
        assert_eq!(report.rows, 2_000);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert_eq!(report.periods.len(), 4, "{:?}", report.periods);
        assert_eq!(report.forces.len(), 2);
        assert_eq!(report.areas.len(), 9);
        // Every row has its own Crime ID, so the registry drops none.
        assert!(report.notices.iter().all(|n| !n.contains("duplicate")));
        let Some(crate::ingest::Content::Street(data)) = &loaded.content else {
            panic!("not street data");
        };
        assert_eq!(data.rows(), 2_000);
        assert!(json > 1_000);
    }

    /// Pushed in blocks or whole, the made-up file reads the same.
    #[test]
    fn warm_up_in_blocks_reads_as_the_whole_sample_does() {
        let (blocks, _) = warm_up(9_001);
        let whole = crate::ingest::ingest_bytes("warm-up.csv", &sample_street_csv(9_001));
        assert_eq!(blocks.report.rows, 9_001);
        assert_eq!(blocks.report, whole[0].report);
    }
}
