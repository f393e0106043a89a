//! Any bytes as a saved workspace: opened, added to a dataset and analysed as
//! the app does. A damaged or hand-edited workspace may be refused, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutineer::analysis::measures::observations;
use scrutineer::model::FileIds;
use scrutineer::dataset::{Dataset, LoadedFile};
use scrutineer::ui::workspace::open;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok((settings, files)) = open("fuzz.scrutineer.json", text) else { return };
    let mut dataset = Dataset::default();
    let mut ids = FileIds::workspace();
    for loaded in files {
        if let Ok(file) = LoadedFile::new(ids.give(), loaded) {
            let _ = dataset.add(file);
        }
    }
    let observed = observations(&dataset);
    let _ = scrutineer::analysis::card::build(
        &dataset,
        &observed,
        &settings,
        scrutineer::analysis::periods::Granularity::Month,
    );
});
