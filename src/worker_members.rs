//! A zip archive's street files read on several cores. While the ingestion
//! worker reads members itself (`crate::worker::read_zip`), each helper with
//! room is given the next member in line if it is a street file: the helper
//! opens the archive's directory once from the same `File`, reads that
//! member through the same readers and sends back its report and street
//! data, the per-row lists as one buffer (`ingest::row_lists`). The
//! ingestion worker hands members on in the archive's order whoever read
//! them, so the registry admits them as it would from one reader. Anything
//! a helper cannot answer (it stopped, the member was not street data after
//! all) is read by the ingestion worker.

use std::cell::RefCell;

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, MessagePort};

use crate::ingest::{restore_row_lists, row_lists, Content, Loaded, Member, ZipMembers};
use crate::protocol::web::{attachment, open};
use crate::protocol::{FromHelper, MemberRead, ToHelper};
use crate::worker_zip::FileSource;

/// A member a helper was asked to read.
pub struct Asked {
    job: u32,
    answer: JsFuture,
    member: Member,
}

impl Asked {
    pub fn job(&self) -> u32 {
        self.job
    }
}

/// Asks the helper in `slot` to read `member` of the archive `file`, which
/// the page's request `archive` is reading. `Err` gives the member back.
pub fn ask(
    slot: u32,
    file: &File,
    archive: u32,
    member: Member,
    crash_for_test: bool,
) -> Result<Asked, Member> {
    let message = ToHelper::Member {
        job: 0,
        path: file.name(),
        archive,
        member: member.clone(),
        crash_for_test,
    };
    match crate::worker_parts::ask(slot, file, message) {
        Some((job, answer)) => Ok(Asked {
            job,
            answer,
            member,
        }),
        None => Err(member),
    }
}

/// The member's results as the helper read them, or the member back, to
/// be read here (and why, for the console).
pub async fn take(asked: Asked) -> Result<Vec<Loaded>, (Member, String)> {
    let Asked { answer, member, .. } = asked;
    let reply = match answer.await {
        Ok(reply) => reply,
        Err(e) => return Err((member, crate::worker::describe(e))),
    };
    match answered(&reply) {
        Ok(loaded) => Ok(vec![loaded]),
        Err(why) => Err((member, why)),
    }
}

fn answered(reply: &wasm_bindgen::JsValue) -> Result<Loaded, String> {
    let read = match open::<FromHelper>(reply) {
        Ok(FromHelper::Member { read, .. }) => read?,
        Ok(_) => return Err("the helper answered something else".into()),
        Err(e) => return Err(e.to_string()),
    };
    let MemberRead { report, street } = *read;
    let content = match street {
        Some(mut data) => {
            let rows = attachment(reply, "rows")
                .dyn_into::<js_sys::ArrayBuffer>()
                .map(|b| Uint8Array::new(&b).to_vec())
                .map_err(|_| "the helper's row lists are missing")?;
            restore_row_lists(&mut data, &rows)?;
            Some(Content::Street(data))
        }
        None => None,
    };
    Ok(Loaded { report, content })
}

/// An archive by the request reading it, its name and size (a re-read
/// after a restart numbers every file's request alike).
type ArchiveKey = (u32, String, u64);

thread_local! {
    /// In a helper: the archive last read from, by the request reading it,
    /// so its directory is read once, not once a member.
    static OPEN: RefCell<Option<(ArchiveKey, ZipMembers<FileSource>)>> = const { RefCell::new(None) };
}

/// In a helper: reads the member asked for and answers on `port`.
pub fn read(port: &MessagePort, message: ToHelper, file: File) {
    let ToHelper::Member {
        job,
        path,
        archive,
        member,
        crash_for_test,
    } = message
    else {
        return;
    };
    if crash_for_test {
        // Test-only (see `ToWorker::Ingest`): stops as a bug would.
        panic!("the test asked this helper to crash");
    }
    let (read, rows) = match read_member(&path, archive, member, file) {
        Ok((read, rows)) => (Ok(Box::new(read)), rows),
        Err(why) => (Err(why), Vec::new()),
    };
    crate::worker_parts::answer_with_rows(port, &FromHelper::Member { job, read }, &rows);
}

fn read_member(
    path: &str,
    archive: u32,
    member: Member,
    file: File,
) -> Result<(MemberRead, Vec<u8>), String> {
    OPEN.with(|open| {
        let mut open = open.borrow_mut();
        let size = file.size() as u64;
        let key = (archive, path.to_string(), size);
        if open.as_ref().is_none_or(|(open_key, _)| *open_key != key) {
            *open = None;
            let source = FileSource::new(file, Box::new(|_| {}))?;
            let (members, _) = ZipMembers::open(path, size, source);
            let members = members.ok_or("the helper could not open the archive")?;
            *open = Some((key, members));
        }
        let Some((_, members)) = open.as_mut() else {
            return Err("the helper could not open the archive".to_string());
        };
        let mut results = members.read(member);
        if results.len() != 1 {
            return Err("not one table".into());
        }
        let Loaded { report, content } = results.remove(0);
        match content {
            Some(Content::Street(mut data)) => {
                let rows = row_lists(&mut data);
                Ok((
                    MemberRead {
                        report,
                        street: Some(data),
                    },
                    rows,
                ))
            }
            None => Ok((
                MemberRead {
                    report,
                    street: None,
                },
                Vec::new(),
            )),
            Some(other) => Err(format!("it is {}, not street data", other.label())),
        }
    })
}
