//! Any text as a number cell ("1,234", "12.5%", "[x]", "(1.2)", …): nothing
//! may panic, in comma- or other-delimited files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutineer::ingest::parse_number;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_number(&text, true);
    let _ = parse_number(&text, false);
});
