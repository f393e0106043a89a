//! What several test files share: South Yorkshire's 26 real months
//! (January 2018 to March 2020, police.uk having no July 2019) from
//! ../shared/data, read through the registry as the worker reads them.

use std::path::Path;

use scrutineer::dataset::{Dataset, LoadedFile};
use scrutineer::ingest::{ingest_bytes, Registry};

/// The 26 months, then `again` (a month of `street/`) a second time under
/// another name, as a newer download would bring it. `None`, saying so,
/// when ../shared/data is absent.
pub fn south_yorkshire(again: Option<&str>) -> Option<Dataset> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/police-uk");
    if !root.join("street-2018-01-to-2019-03").is_dir() {
        eprintln!("SKIPPED: ../shared/data/police-uk/street-2018-01-to-2019-03 not found");
        return None;
    }
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    for folder in ["street-2018-01-to-2019-03", "street"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with("-south-yorkshire-street.csv"))
            .collect();
        paths.sort();
        files.extend(
            paths
                .into_iter()
                .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p)),
        );
    }
    if let Some(month) = again {
        let name = format!("{month}-south-yorkshire-street.csv");
        files.push((format!("download-2/{name}"), root.join("street").join(name)));
    }
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    for (id, (name, path)) in files.iter().enumerate() {
        let mut loaded = ingest_bytes(name, &std::fs::read(path).unwrap()).remove(0);
        registry.admit(id as u32 + 1, loaded.content.as_mut().unwrap());
        dataset
            .add(LoadedFile::new(id as u32 + 1, loaded).unwrap())
            .unwrap();
    }
    assert_eq!(dataset.files().len(), 26 + usize::from(again.is_some()));
    Some(dataset)
}
