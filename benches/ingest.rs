//! Native ingest throughput on a large police.uk street file.
//!
//! `cargo bench --bench ingest -- FILE` (scripts/bench.sh makes the file: the
//! real South Yorkshire rows repeated to ~1,000,000 rows). Prints MB/s for the
//! same code path the browser worker runs: 4 MB chunks through `Ingest`, then
//! the registry.

use std::io::Read;
use std::time::Instant;

use scrutineer::ingest::stages::{Flow, Record, TextPipeline};
use scrutineer::ingest::{Ingest, Registry};

/// Counts live heap bytes, to report the ingest's peak: in the browser the
/// same allocations are the ingestion worker's WebAssembly memory, which
/// never shrinks, so this peak is a floor for that worker's size.
struct Counting;
static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use std::sync::atomic::Ordering::Relaxed;
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench ingest -- FILE");
        std::process::exit(2);
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut timings = Vec::new();
    let mut admits = Vec::new();
    let mut rows = 0;
    let mut peak_heap = 0;
    for _ in 0..5 {
        PEAK.store(
            LIVE.load(std::sync::atomic::Ordering::Relaxed),
            std::sync::atomic::Ordering::Relaxed,
        );
        let mut file = std::fs::File::open(&path).expect("the benchmark file");
        let mut buffer = vec![0u8; 4 << 20];
        let start = Instant::now();
        let mut ingest = Ingest::new(&path);
        ingest.expect_bytes(size);
        loop {
            let n = file.read(&mut buffer).expect("read");
            if n == 0 {
                break;
            }
            ingest.push(&buffer[..n]);
        }
        let mut loaded = ingest.finish();
        let parsed = start.elapsed().as_secs_f64();
        let mut registry = Registry::default();
        if let Some(content) = loaded.content.as_mut() {
            registry.admit(1, content);
        }
        timings.push(start.elapsed().as_secs_f64());
        admits.push(start.elapsed().as_secs_f64() - parsed);
        rows = loaded.report.rows;
        drop(loaded);
        drop(registry);
        peak_heap = PEAK.load(std::sync::atomic::Ordering::Relaxed);
    }
    timings.sort_by(f64::total_cmp);
    admits.sort_by(f64::total_cmp);
    println!(
        "of which registry (de-duplication): best {:.3} s",
        admits[0]
    );
    println!(
        "peak heap while ingesting and de-duplicating: {:.1} MB",
        peak_heap as f64 / 1e6
    );
    let mb = size as f64 / 1e6;
    // The floor: the byte pipeline and csv_core alone, records counted and dropped.
    let mut floor = Vec::new();
    for _ in 0..3 {
        let bytes = std::fs::read(&path).expect("the benchmark file");
        let start = Instant::now();
        let mut pipeline = TextPipeline::new(&path);
        let mut records = 0u64;
        let mut count = |_: &Record| {
            records += 1;
            Flow::Continue
        };
        for chunk in bytes.chunks(4 << 20) {
            let _ = pipeline.push(chunk, &mut count);
        }
        let _ = pipeline.finish(&mut count);
        floor.push(start.elapsed().as_secs_f64());
    }
    floor.sort_by(f64::total_cmp);
    println!(
        "native records only (gzip/encoding/delimiter sniffing + csv_core): best {:.0} MB/s",
        mb / floor[0]
    );
    println!(
        "native ingest: {mb:.0} MB, {rows} rows: best {:.3} s ({:.0} MB/s), median {:.3} s ({:.0} MB/s)",
        timings[0],
        mb / timings[0],
        timings[timings.len() / 2],
        mb / timings[timings.len() / 2]
    );
}
