//! Any text as a police.uk month ("2019-04") and any index as a month: nothing
//! may panic, and a month read back is the same month.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutineer::model::{Month, Period};

fuzz_target!(|data: &[u8]| {
    if let [a, b, ..] = data {
        if let Some(month) = Month::from_index(u16::from_le_bytes([*a, *b])) {
            assert_eq!(Month::from_index(month.index()), Some(month));
            let _ = (month.long_name(), month.short_name(), month.next());
            let _ = Period::quarter_of(month).to_string();
        }
    }
    let text = String::from_utf8_lossy(data);
    if let Some(month) = Month::parse_iso(&text) {
        let _ = (month.long_name(), month.next());
        assert_eq!(Month::from_index(month.index()), Some(month));
    }
});
