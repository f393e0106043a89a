//! Any text as a period ("2019/20", "Q1 2020", "year ending March 2020", …),
//! alone and as a column: nothing may panic, and a parsed period's months
//! must be in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutineer::model::{parse_period_column, Period};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    if let Some(period) = Period::parse(&text, flags % 2 == 0) {
        let _ = period.to_string();
        if let (Some(first), Some(last)) = (period.first_month(), period.last_month()) {
            assert!(first <= last, "{text:?} -> {period}: {first:?} after {last:?}");
        }
    }
    let _ = parse_period_column(text.lines());
});
