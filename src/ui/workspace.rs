//! Workspaces: the settings and the loaded data, saved to a gzipped
//! `.scrutineer.json.gz` file and opened again by dropping it in (a plain
//! `.scrutineer.json` opens too). The schema is versioned and checked on
//! opening; a bad file changes nothing.
//!
//! What is saved is what the app holds: aggregated counts (street crimes by
//! month, area, type and outcome; by LSOA; and by grid square of about 220 m
//! by 130 m of police.uk's already anonymised map points), measures and
//! reference tables. Scrutineer never keeps record-level rows (crime IDs,
//! exact points), so none can be saved.

use serde::{Deserialize, Serialize};

use crate::analysis::settings::Settings;
use crate::dataset::Dataset;
use crate::ingest::{Content, FileReport, Loaded};
use crate::ingest::{Rejection, RejectionKind};

pub const FORMAT: &str = "scrutineer-workspace";
pub const VERSION: u32 = 1;
/// Files whose names end so are workspaces, not data.
pub const EXTENSION: &str = ".scrutineer.json";
/// What the app saves: gzipped, a fifth to a tenth of the size (neighbourhood detail
/// makes a year of a force's files tens of megabytes of JSON).
pub const GZIP_EXTENSION: &str = ".scrutineer.json.gz";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedFile {
    report: FileReport,
    content: Content,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Workspace {
    format: String,
    version: u32,
    settings: Settings,
    files: Vec<SavedFile>,
}

/// Just enough to say what a file is before reading it all.
#[derive(Deserialize)]
struct Envelope {
    format: Option<String>,
    version: Option<u32>,
}

pub fn is_workspace(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(EXTENSION) || lower.ends_with(GZIP_EXTENSION)
}

/// The workspace gzipped, as the app saves it: quickly.
pub fn gzip(text: &str) -> Vec<u8> {
    gzip_at(text, flate2::Compression::fast())
}

/// The workspace gzipped as small as gzip can, for a published briefing:
/// about half the size of `gzip`'s for the Home Office tables' figures, and a
/// file that is sent round by e-mail.
pub fn gzip_smallest(text: &str) -> Vec<u8> {
    gzip_at(text, flate2::Compression::best())
}

fn gzip_at(text: &str, level: flate2::Compression) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(text.as_bytes());
    encoder.finish().unwrap_or_default()
}

/// A workspace file's text, gunzipped when it is gzipped (whatever its
/// name says), or why it cannot be read.
pub fn text_of(name: &str, bytes: &[u8]) -> Result<String, Rejection> {
    let damaged = |why: String| Rejection::of(RejectionKind::Workspace, name, &why);
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut text)
            .map_err(|e| {
                damaged(format!(
                    "this workspace could not be unzipped ({e}), so nothing was changed"
                ))
            })?;
        Ok(text)
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            damaged(format!(
                "this workspace is not text (byte {} is not UTF-8), so nothing was changed",
                e.utf8_error().valid_up_to() + 1
            ))
        })
    }
}

/// The workspace as JSON.
pub fn save(settings: &Settings, dataset: &Dataset) -> String {
    let workspace = Workspace {
        format: FORMAT.into(),
        version: VERSION,
        settings: settings.clone(),
        files: dataset
            .files()
            .iter()
            .map(|f| SavedFile {
                report: f.report.clone(),
                content: f.content.clone(),
            })
            .collect(),
    };
    serde_json::to_string(&workspace).unwrap_or_default()
}

/// The workspace a briefing for `home` carries: neighbourhood detail for
/// `home` only, since no view shows another area's and it would make the
/// file many times larger.
pub fn save_published(settings: &Settings, dataset: &Dataset, home: &str) -> String {
    let mut smaller = Dataset::default();
    for file in dataset.files() {
        let mut file = (**file).clone();
        if let Content::Street(data) = &mut file.content {
            data.keep_detail_for(home);
        }
        // The files were together in `dataset`, so they are again.
        let _ = smaller.add(file);
    }
    save(settings, &smaller)
}

/// Reads a workspace, or says exactly why it cannot be read.
pub fn open(name: &str, text: &str) -> Result<(Settings, Vec<Loaded>), Rejection> {
    // "line 1, column 889: missing field `rows`" (serde's own text ends with
    // the place again, which is dropped).
    let where_ = |e: &serde_json::Error| {
        let text = e.to_string();
        let what = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(w, _)| w);
        format!("line {}, column {}: {what}", e.line(), e.column())
    };
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| {
        Rejection::of(
            RejectionKind::Workspace,
            name,
            format!(
                "this is not a Scrutineer workspace: it is not valid JSON ({})",
                where_(&e)
            ),
        )
    })?;
    if envelope.format.as_deref() != Some(FORMAT) {
        return Err(Rejection::of(
            RejectionKind::Workspace,
            name,
            "this JSON file is not a Scrutineer workspace (it has no \"format\": \"scrutineer-workspace\")",
        ));
    }
    match envelope.version {
        Some(VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(Rejection::of(
            RejectionKind::Workspace,
                name,
                format!("this workspace was saved by a newer Scrutineer (version {v}); this one reads version {VERSION}. Please update Scrutineer."),
            ))
        }
        other => {
            return Err(Rejection::of(
            RejectionKind::Workspace,
                name,
                format!(
                    "this workspace's version ({}) is not one Scrutineer can read",
                    other.map_or("missing".to_string(), |v| v.to_string())
                ),
            ))
        }
    }
    let workspace: Workspace = serde_json::from_str(text).map_err(|e| {
        Rejection::of(
            RejectionKind::Workspace,
            name,
            format!(
                "this workspace is damaged or was edited by hand, so nothing was opened ({})",
                where_(&e)
            ),
        )
    })?;
    if let Some(why) = workspace
        .files
        .iter()
        .find_map(|f| impossible_figures(&f.content))
    {
        return Err(Rejection::of(
            RejectionKind::Workspace,
            name,
            format!(
                "this workspace is damaged or was edited by hand, so nothing was opened ({why})"
            ),
        ));
    }
    // Settings are checked the same way as those in browser storage.
    let settings =
        Settings::from_json(&serde_json::to_string(&workspace.settings).unwrap_or_default());
    let files = workspace
        .files
        .into_iter()
        .map(|f| Loaded {
            report: f.report,
            content: Some(f.content),
        })
        .collect();
    Ok((settings, files))
}

/// Figures no download could give, which JSON alone cannot rule out: an
/// earlier download's month with more positive outcomes, or more cases open,
/// than crimes would draw a rate over 100%.
fn impossible_figures(content: &crate::ingest::Content) -> Option<String> {
    let crate::ingest::Content::Street(street) = content else {
        return None;
    };
    street
        .earlier
        .iter()
        .find(|e| e.positive > e.crimes || e.open > e.crimes)
        .map(|e| {
            format!(
                "the earlier download's figures for {} in {} give {} positive outcomes and {} cases open of {} crimes",
                e.council,
                e.month.long_name(),
                e.positive,
                e.open,
                e.crimes
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::scorecard::{scorecard, ScorecardOptions};
    use crate::dataset::LoadedFile;
    use crate::ingest::ingest_bytes;

    const STREET: &str = "Crime ID,Month,Falls within,LSOA name,Crime type,Last outcome category\n\
        a,2019-04,P,Rotherham 001A,Burglary,Under investigation\n\
        b,2019-04,P,Rotherham 001A,Drugs,Local resolution\n\
        ,2019-04,P,Barnsley 001A,Anti-social behaviour,\n";

    fn dataset() -> Dataset {
        let mut d = Dataset::default();
        let l = ingest_bytes("2019-04-x-street.csv", STREET.as_bytes()).remove(0);
        d.add(LoadedFile::new(0, l).unwrap()).unwrap();
        d
    }

    #[test]
    fn a_saved_workspace_reopens_with_the_same_scorecard() {
        let d = dataset();
        let settings = Settings {
            home: Some("Rotherham".into()),
            run_length: 7,
            ..Settings::default()
        };
        let text = save(&settings, &d);
        let (back, files) = open("w.scrutineer.json", &text).unwrap();
        assert_eq!(back, settings);
        let mut reopened = Dataset::default();
        for (i, f) in files.into_iter().enumerate() {
            reopened.add(LoadedFile::new(i as u32, f).unwrap()).unwrap();
        }
        let options = ScorecardOptions::new("Rotherham");
        assert_eq!(scorecard(&reopened, &options), scorecard(&d, &options));
        assert!(
            !text.contains("\"crimes\""),
            "no record-level keys are saved"
        );
    }

    /// Saved gzipped, reopened whatever the name says; the neighbourhood
    /// detail comes back too.
    #[test]
    fn a_gzipped_workspace_reopens_and_damage_is_refused() {
        let street = "Crime ID,Month,Falls within,Longitude,Latitude,LSOA name,Crime type\n\
            a,2019-04,P,-1.35,53.43,Rotherham 001A,Burglary\n";
        let mut d = Dataset::default();
        let l = ingest_bytes("2019-04-y-street.csv", street.as_bytes()).remove(0);
        d.add(LoadedFile::new(0, l).unwrap()).unwrap();
        let text = save(&Settings::default(), &d);
        let bytes = gzip(&text);
        assert!(bytes.len() < text.len());
        for name in ["w.scrutineer.json.gz", "renamed.scrutineer.json"] {
            assert!(is_workspace(name));
            assert_eq!(text_of(name, &bytes).unwrap(), text);
        }
        let (_, files) = open("w", &text_of("w", &bytes).unwrap()).unwrap();
        match &files[0].content {
            Some(Content::Street(s)) => assert_eq!((s.places.len(), s.spots.len()), (1, 1)),
            other => panic!("{other:?}"),
        }
        assert_eq!(text_of("plain", text.as_bytes()).unwrap(), text);
        let cut = &bytes[..bytes.len() / 2];
        assert!(text_of("cut.scrutineer.json.gz", cut)
            .unwrap_err()
            .to_string()
            .contains("could not be unzipped"));
        assert!(text_of("bin", &[0xff, 0xfe, 0x00]).is_err());
    }

    #[test]
    fn bad_workspaces_say_why_and_where() {
        let good = save(&Settings::default(), &dataset());
        let reason = |text: &str| open("w.scrutineer.json", text).unwrap_err().reason;
        assert!(reason("{\"format\": ").starts_with(
            "this is not a Scrutineer workspace: it is not valid JSON (line 1, column 11"
        ));
        assert!(reason("[1, 2]").contains("not a Scrutineer workspace"));
        assert!(
            reason("{\"format\": \"other\"}").contains("no \"format\": \"scrutineer-workspace\"")
        );
        let newer = good.replacen("\"version\":1", "\"version\":9", 1);
        assert!(reason(&newer).contains("newer Scrutineer (version 9)"));
        let edited = good.replacen("\"rows\":", "\"rowz\":", 1);
        let why = reason(&edited);
        assert!(why.starts_with("this workspace is damaged or was edited by hand, so nothing was opened (line 1, column"), "{why}");
        let mut d = dataset();
        let mut street = d.files()[0].street().unwrap().clone();
        street
            .earlier
            .push(crate::dataset::street_extracts::EarlierOutcomes {
                force: "P".into(),
                council: "Rotherham".into(),
                month: crate::model::Month::new(2019, 4).unwrap(),
                crimes: 2,
                positive: 3,
                open: 0,
                latest: crate::model::Month::new(2019, 4).unwrap(),
                download: "the files chosen together (1)".into(),
            });
        let mut file = (*d.files()[0]).clone();
        file.content = crate::ingest::Content::Street(street);
        d.remove(0);
        d.add(file).unwrap();
        let why = reason(&save(&Settings::default(), &d));
        assert!(why.ends_with("(the earlier download's figures for Rotherham in April 2019 give 3 positive outcomes and 0 cases open of 2 crimes)"), "{why}");
        assert!(is_workspace("Rotherham.Scrutineer.JSON"));
        assert!(!is_workspace("data.json"));
    }
}
