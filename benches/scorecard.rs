//! Time to compute every council's full scorecard (every measure, SPC, peers)
//! from a large police.uk street file already loaded.
//!
//! `cargo bench --bench scorecard -- FILE` (scripts/bench.sh makes the file).

use std::time::Instant;

use scrutineer::analysis::measures::observations;
use scrutineer::analysis::scorecard::{scorecard_from, ScorecardOptions};
use scrutineer::dataset::{Dataset, LoadedFile};
use scrutineer::ingest::{ingest_bytes, Registry};

fn main() {
    let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench scorecard -- FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).expect("the benchmark file");
    let mut dataset = Dataset::default();
    let mut registry = Registry::default();
    for (id, mut loaded) in ingest_bytes(&path, &bytes).into_iter().enumerate() {
        if let Some(content) = loaded.content.as_mut() {
            registry.admit(id as u32, content);
        }
        let rows = loaded.report.rows;
        dataset
            .add(LoadedFile::new(id as u32, loaded).expect("the file loads"))
            .expect("added");
        println!("loaded {rows} rows");
    }
    let councils: Vec<String> = dataset
        .councils()
        .into_iter()
        .filter(|c| !c.edge_of_area)
        .map(|c| c.name)
        .collect();
    let mut timings = Vec::new();
    let mut measures = 0;
    for _ in 0..5 {
        let start = Instant::now();
        measures = 0;
        // Worked out once per change of data, as the app does.
        let all = observations(&dataset);
        for council in &councils {
            let mut options = ScorecardOptions::new(council);
            options.peers = councils.iter().filter(|c| *c != council).cloned().collect();
            measures += scorecard_from(&dataset, &all, &options).len();
        }
        timings.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    timings.sort_by(f64::total_cmp);
    println!(
        "scorecards for {} councils ({measures} measure entries, SPC and peers): best {:.1} ms, median {:.1} ms ({:.1} ms per council)",
        councils.len(),
        timings[0],
        timings[2],
        timings[2] / councils.len() as f64
    );
}
