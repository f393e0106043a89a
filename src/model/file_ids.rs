//! File ids, handed out in one place.

/// A loaded file's id: unique within a session, so the crime registry can
/// forget a removed file's crimes.
pub type FileId = u32;

/// Hands out file ids. The ingestion worker numbers the files it reads from 1;
/// files restored from a saved workspace are numbered from [`WORKSPACE_IDS`],
/// so the two never meet and a workspace file is known by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileIds {
    next: FileId,
}

/// The first id of files restored from a saved workspace.
pub const WORKSPACE_IDS: FileId = 1 << 30;

impl FileIds {
    pub fn read() -> FileIds {
        FileIds { next: 1 }
    }

    pub fn workspace() -> FileIds {
        FileIds {
            next: WORKSPACE_IDS,
        }
    }

    /// Continues after ids already given (a restarted worker).
    pub fn from(next: FileId) -> FileIds {
        FileIds { next: next.max(1) }
    }

    pub fn give(&mut self) -> FileId {
        let id = self.next;
        self.next += 1;
        id
    }

    pub fn peek(&self) -> FileId {
        self.next
    }
}

pub fn is_workspace_id(id: FileId) -> bool {
    id >= WORKSPACE_IDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_and_workspace_ids_never_meet() {
        let mut read = FileIds::read();
        assert_eq!((read.give(), read.give()), (1, 2));
        assert!(!is_workspace_id(read.peek()));
        let mut restored = FileIds::from(read.peek());
        assert_eq!(restored.give(), 3);
        let mut workspace = FileIds::workspace();
        assert!(is_workspace_id(workspace.give()));
    }
}
