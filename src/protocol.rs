//! The messages between the page, the ingestion worker (`src/worker.rs`) and
//! the reader worker (`src/web/reader-worker.js`), defined once.
//!
//! Each message crosses as `{json, ...attachments}`: `json` is one of these
//! enums as JSON, and what serde cannot carry (a `File`, a `MessagePort`, an
//! `ArrayBuffer` of registry bytes) travels beside it under a fixed name.

use serde::{Deserialize, Serialize};

use crate::ingest::formats::measures::ColumnMapping;
use crate::ingest::formats::police_uk_street::StreetData;
use crate::ingest::{FileReport, Loaded, Member, Part, Split};

pub use crate::model::{FileId, FileIds};

/// A request to read one file, numbered by the page.
pub type RequestId = u32;

/// The request id of a `Readmit`, which the page does not track.
pub const READMIT: RequestId = 0;

/// Page to ingestion worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// Externally tagged (`{"ingest": {...}}`, serde's default): an internally
/// tagged enum would buffer its fields, and serde cannot then read maps with
/// number keys; an adjacently tagged one takes ~50 KB more of the page's wasm.
#[serde(rename_all = "camelCase")]
pub enum ToWorker {
    /// Read the attached `file`.
    Ingest {
        request: RequestId,
        mapping: Option<Box<ColumnMapping>>,
        /// Test-only: stop the worker dead after the first chunk, as a bug
        /// would, so the browser tests can prove the page recovers.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        crash_for_test: bool,
        /// Test-only: stop a helper dead in the first part it reads.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        crash_helper_for_test: bool,
    },
    Cancel {
        request: RequestId,
    },
    /// A file was removed: forget its crimes, so loading it again counts them.
    Forget {
        file: FileId,
    },
    /// A new worker after a crash: files are numbered from `next_file` on,
    /// so ids never repeat.
    Restore {
        next_file: FileId,
    },
    /// A new worker after a crash: read the attached `file` again into the
    /// crime registry only, its entries taking the ids the lost worker gave
    /// them (`None`: removed since, or not street data), so the registry
    /// holds what it held. Nothing is sent back but `Done` for [`READMIT`].
    /// Replaying costs a second read of the street files, once, after a
    /// crash; keeping a copy of the registry on the page instead cost 16 MB a
    /// million crimes, and a slower finish, on every load.
    Readmit {
        ids: Vec<Option<FileId>>,
        mapping: Option<Box<ColumnMapping>>,
    },
    /// The attached `port` reaches the reader worker.
    Reader,
    /// The attached `port` reaches helper `slot`, a worker that reads later
    /// parts of large files (`ToHelper`); it replaces any helper before.
    Helper {
        slot: u32,
    },
    /// Helper `slot` stopped: what it was reading is read here instead.
    HelperLost {
        slot: u32,
    },
    /// This worker is a helper: it reads the parts asked for on the
    /// attached `port`.
    Serve,
}

/// Ingestion worker to a helper, over their port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ToHelper {
    /// Read bytes `start..end` of the attached `file` (`path`) as a part.
    Part {
        job: u32,
        path: String,
        start: f64,
        end: f64,
        split: Split,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        crash_for_test: bool,
    },
    /// Read `member` of the attached zip archive `file` (`path`): a street
    /// file. `archive` names the archive (the page's request), so a helper
    /// reads its directory once for all the members it is given.
    Member {
        job: u32,
        path: String,
        archive: u32,
        member: Member,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        crash_for_test: bool,
    },
    Cancel {
        job: u32,
    },
}

impl ToHelper {
    pub fn set_job(&mut self, to: u32) {
        match self {
            ToHelper::Part { job, .. }
            | ToHelper::Member { job, .. }
            | ToHelper::Cancel { job } => *job = to,
        }
    }
}

/// An archive member a helper read: its report, and its street data (whose
/// per-row lists are in the attached `rows` buffer), `None` when it could
/// not be read (the report says why).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRead {
    pub report: FileReport,
    pub street: Option<StreetData>,
}

/// A helper to the ingestion worker, over their port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FromHelper {
    Progress {
        job: u32,
        bytes: f64,
        rows: u64,
    },
    /// The part read; its street data's per-row lists are in the attached
    /// `rows` buffer (`ingest::row_lists`). `Err`: the part could not be
    /// read (the browser could not read the file).
    Part {
        job: u32,
        part: Result<Box<Part>, String>,
    },
    /// An archive member read. `Err`: the ingestion worker should read it
    /// itself, for the reason given (it was not street data after all, or
    /// the browser could not read the archive).
    Member {
        job: u32,
        read: Result<Box<MemberRead>, String>,
    },
}

impl FromHelper {
    pub fn job(&self) -> u32 {
        match self {
            FromHelper::Progress { job, .. }
            | FromHelper::Part { job, .. }
            | FromHelper::Member { job, .. } => *job,
        }
    }
}

/// Where a file's time went, in milliseconds, for the benchmark.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timing {
    pub waiting_for_reads_ms: f64,
    pub parsing_ms: f64,
    pub finishing_ms: f64,
    /// Waiting for helpers' parts once this worker's own was read, and
    /// putting them together.
    #[serde(default)]
    pub waiting_for_parts_ms: f64,
    /// Parts read by helpers.
    #[serde(default)]
    pub parts: u32,
    /// The worker's WebAssembly memory, which only grows: its peak need.
    pub memory_bytes: f64,
}

/// Ingestion worker to page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FromWorker {
    /// Started: messages sent before this were dropped.
    Ready,
    /// Warmed up on made-up rows (`ingest::warm_up`).
    Warm {
        ms: f64,
        rows: u64,
    },
    Progress {
        request: RequestId,
        bytes: f64,
        rows: u64,
    },
    /// One file (or archive member) read.
    Loaded {
        request: RequestId,
        file: FileId,
        loaded: Box<Loaded>,
    },
    Cancelled {
        request: RequestId,
    },
    /// The request is finished, whatever came of it.
    Done {
        request: RequestId,
        timing: Timing,
    },
}

impl FromWorker {
    /// A loaded street file's neighbourhood detail, taken out to travel as
    /// bytes beside the message (`detail`), not as base64 inside its JSON.
    pub fn take_detail(&mut self) -> Option<Vec<u8>> {
        let FromWorker::Loaded { loaded, .. } = self else {
            return None;
        };
        let Some(crate::ingest::Content::Street(data)) = loaded.content.as_mut() else {
            return None;
        };
        Some(crate::ingest::formats::street_detail::columns::take_bytes(
            &mut data.places,
            &mut data.spots,
        ))
    }

    /// Puts back the detail [`FromWorker::take_detail`] took.
    pub fn restore_detail(&mut self, bytes: &[u8]) -> Result<(), String> {
        let FromWorker::Loaded { loaded, .. } = self else {
            return Err("detail for a message without a file".into());
        };
        let Some(crate::ingest::Content::Street(data)) = loaded.content.as_mut() else {
            return Err("detail for a file without street data".into());
        };
        (data.places, data.spots) =
            crate::ingest::formats::street_detail::columns::from_bytes(bytes)?;
        Ok(())
    }
}

/// Ingestion worker to reader worker: read bytes `start..end` of the attached
/// `file` into the attached `buffer` if it is big enough. `stream` names the
/// request, as a `File` posted twice arrives as two objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadRequest {
    pub id: u32,
    pub stream: RequestId,
    pub start: f64,
    pub end: f64,
}

/// Reader worker to ingestion worker: `length` bytes are in the attached
/// `buffer`, or the read failed with `error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadReply {
    pub id: u32,
    #[serde(default)]
    pub length: u32,
    #[serde(default)]
    pub error: Option<String>,
}

/// The browser side: messages as `{json, ...attachments}` objects.
#[cfg(target_arch = "wasm32")]
pub mod web {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;

    /// A message object: `json` from `message`, plus named attachments.
    pub fn envelope<T: serde::Serialize>(message: &T, attachments: &[(&str, &JsValue)]) -> Object {
        let object = Object::new();
        let json = serde_json::to_string(message).unwrap_or_default();
        let _ = Reflect::set(&object, &"json".into(), &json.into());
        for (name, value) in attachments {
            let _ = Reflect::set(&object, &JsValue::from_str(name), value);
        }
        object
    }

    /// The message in an envelope, or why it could not be read.
    pub fn open<T: serde::de::DeserializeOwned>(data: &JsValue) -> Result<T, String> {
        let json = attachment(data, "json")
            .as_string()
            .ok_or("a message without json")?;
        serde_json::from_str(&json).map_err(|e| e.to_string())
    }

    pub fn attachment(data: &JsValue, name: &str) -> JsValue {
        Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive's street members read as a helper reads them (its own
    /// reader of the archive, then the report and street data as JSON with
    /// the per-row lists as bytes) arrive equal, hidden lists included, to
    /// the ingestion worker reading them in turn. Real police.uk files: the
    /// South Yorkshire months in ../shared/data and another publisher's
    /// copy of Merseyside's September 2019 (tests/fixtures).
    #[test]
    fn an_archive_member_read_by_a_helper_crosses_whole() {
        use crate::ingest::{restore_row_lists, row_lists, Content, ZipMembers};
        use std::io::{Cursor, Read, Write};
        let root = env!("CARGO_MANIFEST_DIR");
        let street = format!("{root}/../shared/data/police-uk/street");
        let mut merseyside = Vec::new();
        flate2::read::GzDecoder::new(
            std::fs::File::open(format!(
                "{root}/tests/fixtures/merseyside-download-2019-11/2019-09-merseyside-street.csv.gz"
            ))
            .unwrap(),
        )
        .read_to_end(&mut merseyside)
        .unwrap();
        let mut files = vec![(
            "2019-09/2019-09-merseyside-street.csv".to_string(),
            merseyside,
        )];
        for month in ["2019-04", "2019-05"] {
            let name = format!("{month}-south-yorkshire-street.csv");
            files.push((
                format!("{month}/{name}"),
                std::fs::read(format!("{street}/{name}")).unwrap(),
            ));
        }
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in &files {
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        let archive = zip.finish().unwrap().into_inner();
        let open = || {
            let size = archive.len() as u64;
            ZipMembers::open("a.zip", size, Cursor::new(archive.as_slice()))
                .0
                .unwrap()
        };
        let (mut worker, mut helper) = (open(), open());
        let mut read = 0;
        while let Some(member) = worker.take_next() {
            assert!(member.is_street());
            let asked: ToHelper = serde_json::from_str(
                &serde_json::to_string(&ToHelper::Member {
                    job: 1,
                    path: "a.zip".into(),
                    archive: 1,
                    member: member.clone(),
                    crash_for_test: false,
                })
                .unwrap(),
            )
            .unwrap();
            let ToHelper::Member { member: theirs, .. } = asked else {
                panic!("{asked:?}")
            };
            let mut loaded = helper.read(theirs);
            let Some(Content::Street(mut data)) = loaded[0].content.take() else {
                panic!()
            };
            let rows = row_lists(&mut data);
            let json = serde_json::to_string(&FromHelper::Member {
                job: 1,
                read: Ok(Box::new(MemberRead {
                    report: loaded[0].report.clone(),
                    street: Some(data),
                })),
            })
            .unwrap();
            let Ok(FromHelper::Member { read: Ok(back), .. }) = serde_json::from_str(&json) else {
                panic!("{json}")
            };
            let MemberRead { report, street } = *back;
            let mut data = street.unwrap();
            restore_row_lists(&mut data, &rows).unwrap();
            let by_helper = Loaded {
                report,
                content: Some(Content::Street(data)),
            };
            let mine = worker.read(member);
            assert_eq!(mine.len(), 1);
            assert!(mine[0].report.rows > 5_000, "{}", mine[0].report.rows);
            let Some(Content::Street(d)) = &mine[0].content else {
                panic!()
            };
            assert!(!d.crimes.is_empty() && !d.crime_places.is_empty());
            assert_eq!(by_helper, mine[0]);
            read += 1;
        }
        assert_eq!(read, 3);
    }

    /// Every kind of content the worker sends arrives whole, number-keyed
    /// maps (Home Office outcome names) included.
    #[test]
    fn a_loaded_file_crosses_whole() {
        let tables = [
            "financial_year,financial_quarter,force_name,offence_description,offence_group,offence_subgroup,offence_code,offence_code_expired,outcome_description,outcome_group,outcome_type,offences,force_outcomes_recorded_in_quarter\n\
             2017/18,1,Avon and Somerset,Absconding from lawful custody,Miscellaneous crimes against society,Miscellaneous crimes,80,NA,Caution - adults,Out-of-court (formal),3,2,2\n",
            "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n\
             a,2019-04,Force,Force,0,0,Street,E0,Rotherham 001A,Burglary,,\n",
        ];
        for table in tables {
            let mut loaded = crate::ingest::ingest_bytes("t.csv", table.as_bytes()).remove(0);
            // As the worker does: the registry takes a street file's Crime IDs,
            // which never leave the worker.
            let content = loaded.content.as_mut().expect("content");
            crate::ingest::Registry::default().admit(2, content);
            let message = FromWorker::Loaded {
                request: 1,
                file: 2,
                loaded: Box::new(loaded),
            };
            let json = serde_json::to_string(&message).unwrap();
            assert_eq!(serde_json::from_str::<FromWorker>(&json).unwrap(), message);
            crosses_with_detail_as_bytes(message);
        }
        // A real month: thousands of LSOA and grid-square counts.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/police-uk/street/2019-04-south-yorkshire-street.csv"
        );
        if let Ok(bytes) = std::fs::read(path) {
            let mut loaded = crate::ingest::ingest_bytes("s.csv", &bytes).remove(0);
            let content = loaded.content.as_mut().expect("content");
            crate::ingest::Registry::default().admit(2, content);
            let Some(crate::ingest::Content::Street(data)) = &loaded.content else {
                panic!("street data")
            };
            let sizes = (data.places.len(), data.spots.len());
            assert!(sizes.0 > 1_000 && sizes.1 > 1_000, "{sizes:?}");
            crosses_with_detail_as_bytes(FromWorker::Loaded {
                request: 1,
                file: 2,
                loaded: Box::new(loaded),
            });
        }
    }

    /// As the worker sends a loaded file and the page reads it: detail as
    /// bytes beside the JSON, put back after.
    fn crosses_with_detail_as_bytes(message: FromWorker) {
        let mut sent = message.clone();
        let bytes = sent.take_detail();
        let json = serde_json::to_string(&sent).unwrap();
        let mut back = serde_json::from_str::<FromWorker>(&json).unwrap();
        match bytes {
            Some(bytes) => back.restore_detail(&bytes).unwrap(),
            None => assert!(back.restore_detail(&[0; 4]).is_err()),
        }
        assert_eq!(back, message);
    }

    #[test]
    fn messages_cross_as_json_named_by_kind() {
        let message = ToWorker::Ingest {
            request: 3,
            mapping: None,
            crash_for_test: false,
            crash_helper_for_test: false,
        };
        let json = serde_json::to_string(&message).unwrap();
        assert_eq!(json, r#"{"ingest":{"request":3,"mapping":null}}"#);
        assert_eq!(serde_json::from_str::<ToWorker>(&json).unwrap(), message);
        let back: FromWorker =
            serde_json::from_str(r#"{"progress":{"request":2,"bytes":10.0,"rows":4}}"#).unwrap();
        assert_eq!(
            back,
            FromWorker::Progress {
                request: 2,
                bytes: 10.0,
                rows: 4
            }
        );
        // The reader worker (JavaScript) replies with no length on an error.
        let reply: ReadReply = serde_json::from_str(r#"{"id":1,"error":"gone"}"#).unwrap();
        assert_eq!(reply.error.as_deref(), Some("gone"));
    }
}
