//! The change journal: an append-only file beside sled's, `<store>/journal`, that holds every
//! committed change and can be read without sled. Each commit is appended and flushed to disk
//! (fsync) *before* it is applied to sled, so a change reported saved is in the journal even when
//! sled's own files are later found broken; on open, a store behind its journal is brought up to
//! date from it.
//!
//! ```text
//! header   b"CLDKJRNL" | journal format u32 BE | store id u64 BE | CRC-32 of format and id (u32 BE)
//! entry    payload length u32 BE | CRC-32 u32 BE (of seq, kind, length, payload)
//!          | seq u64 BE | kind u8 (0 changes, 1 snapshot) | payload (bincode 2 of Vec<Op>)
//! ```
//!
//! Entries carry consecutive sequence numbers. The first entry is always a snapshot: every key and
//! value of every tree at that moment. So the journal alone rebuilds the whole store, and
//! [`write_new`] (compaction) rewrites it from the store's current state, leaving no older copy of
//! any record in it. A last entry cut short or garbled is a commit that was interrupted before it
//! was reported saved (a "torn tail"); anything wrong before the last entry is damage.

use std::fs::{File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The journal's file name inside the store folder.
pub const FILE: &str = "journal";
const MAGIC: [u8; 8] = *b"CLDKJRNL";
const VERSION: u32 = 1;
/// Magic, format, store id, checksum.
pub const HEADER_LEN: usize = 8 + 4 + 8 + 4;
/// Length, checksum, sequence number, kind.
const ENTRY_HEADER: usize = 4 + 4 + 8 + 1;

/// One change to one key: `Some` value to save, `None` to remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub tree: Vec<u8>,
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
}

/// What an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One commit's changes.
    Changes,
    /// The whole store: applied to an empty store only.
    Snapshot,
}

impl Kind {
    fn byte(self) -> u8 {
        match self {
            Kind::Changes => 0,
            Kind::Snapshot => 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: u64,
    pub kind: Kind,
    pub ops: Vec<Op>,
}

/// What is wrong with a journal file after its last good entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The last entry is cut short or garbled: a commit interrupted before it was reported saved.
    TornTail { at: u64, bytes: u64 },
    /// Something before the end does not read: entries after `at` cannot be trusted.
    Damaged { at: u64, detail: String },
}

/// A journal file as read: its good entries and what, if anything, follows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    pub store_id: u64,
    pub entries: Vec<Entry>,
    /// Where the last good entry ends.
    pub good_len: u64,
    /// Where the last good entry starts, and its checksum (what a clean-close mark records).
    pub last_at: u64,
    pub last_crc: u32,
    pub trouble: Option<Trouble>,
    /// After damage: the whole entries that still follow it, each matching its checksum and in
    /// sequence with the one before (a damaged snapshot at the head leaves the changes after it,
    /// which carry on from a backup). Empty when there was no damage.
    pub salvaged: Vec<Entry>,
}

impl Journal {
    /// The sequence number of the last good entry.
    pub fn last_seq(&self) -> Option<u64> {
        self.entries.last().map(|e| e.seq)
    }

    /// Whether the journal alone rebuilds the store: it starts with a snapshot.
    pub fn complete(&self) -> bool {
        self.entries
            .first()
            .is_some_and(|e| e.kind == Kind::Snapshot)
    }

    /// The sequence number of the last entry that reads, salvaged ones included.
    pub fn last_readable_seq(&self) -> Option<u64> {
        self.salvaged.last().or(self.entries.last()).map(|e| e.seq)
    }

    /// The changes after `seq`, good or salvaged, when they carry on from it without a gap to the
    /// last entry that reads: `None` when something after `seq` is missing.
    pub fn carried_on_from(&self, seq: u64) -> Option<Vec<&Entry>> {
        let all: Vec<&Entry> = self
            .entries
            .iter()
            .chain(&self.salvaged)
            .filter(|e| e.seq > seq)
            .collect();
        let gapless = (seq + 1..)
            .zip(&all)
            .all(|(expect, e)| e.seq == expect && e.kind == Kind::Changes);
        if !gapless {
            return None;
        }
        Some(all)
    }

    /// The entries after `seq`, when they carry on from it without a gap.
    pub fn after(&self, seq: u64) -> Option<&[Entry]> {
        let start = self.entries.iter().position(|e| e.seq > seq)?;
        (self.entries[start].seq == seq + 1 && self.entries[start].kind == Kind::Changes)
            .then(|| &self.entries[start..])
    }
}

/// Why a journal could not be read at all.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a journal, or its header is damaged.
    Header(String),
}

fn checksum(seq: u64, kind: u8, payload: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&seq.to_be_bytes());
    h.update(&[kind]);
    h.update(&(payload.len() as u32).to_be_bytes());
    h.update(payload);
    h.finalize()
}

fn header(store_id: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_be_bytes());
    out.extend_from_slice(&store_id.to_be_bytes());
    let crc = crc32fast::hash(&out[8..20]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

/// The bytes of one entry.
///
/// The payload's size is counted first and it is encoded in place after the header: one buffer
/// of exactly the entry's size. (Encoding into a growing vector and copying it behind the
/// header held three times a 34 MB import entry at once.)
pub fn encode_entry(seq: u64, kind: Kind, ops: &[Op]) -> io::Result<Vec<u8>> {
    let config = bincode::config::standard();
    let failed = |e: bincode::error::EncodeError| io::Error::other(e.to_string());
    let mut size = bincode::enc::write::SizeWriter::default();
    bincode::serde::encode_into_writer(ops, &mut size, config).map_err(failed)?;
    let len = u32::try_from(size.bytes_written)
        .map_err(|_| io::Error::other("a change larger than 4 GiB cannot be journaled"))?;
    let mut out = vec![0u8; ENTRY_HEADER + size.bytes_written];
    let written =
        bincode::serde::encode_into_slice(ops, &mut out[ENTRY_HEADER..], config).map_err(failed)?;
    if written != size.bytes_written {
        return Err(io::Error::other(
            "a change encoded to a different size twice",
        ));
    }
    let crc = checksum(seq, kind.byte(), &out[ENTRY_HEADER..]);
    out[..4].copy_from_slice(&len.to_be_bytes());
    out[4..8].copy_from_slice(&crc.to_be_bytes());
    out[8..16].copy_from_slice(&seq.to_be_bytes());
    out[16] = kind.byte();
    Ok(out)
}

/// A writer that passes bytes on while counting them and folding them into a CRC-32.
pub(super) struct Hashing<W> {
    pub(super) inner: W,
    pub(super) hasher: crc32fast::Hasher,
    pub(super) written: u64,
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The largest single operation [`EntryReader`] decodes: a record's own limit (64 MiB, see
/// `envelope`) and room for its tree and key. A garbled length is refused, never allocated.
const OP_LIMIT: usize = 128 << 20;

/// Where a streamed entry's payload lies in the journal file, to be read back one operation at a
/// time ([`EntryReader`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payload {
    /// The byte where the payload starts (after the entry's header).
    pub at: u64,
    pub len: u64,
    /// How many operations it holds.
    pub count: usize,
}

/// Why a streamed append failed: the journal is cut back to where it was either way.
#[derive(Debug)]
pub enum StreamError<E> {
    /// The operations given failed (an encoding the caller does).
    Source(E),
    Io(io::Error),
}

/// The operations of one entry read back from the journal file, one at a time, so a large entry
/// (an import's 300,000 operations) is never held whole. Reads exactly what [`encode_entry`]
/// writes: bincode's count of the operations, then each in turn.
pub struct EntryReader {
    reader: io::Take<io::BufReader<File>>,
    /// Operations not read yet.
    left: usize,
    /// Where the payload ends in the file.
    end: u64,
}

/// Where an [`EntryReader`] stands: the byte its next operation starts at, and how many are left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadAt {
    at: u64,
    left: usize,
}

impl EntryReader {
    /// Opens the journal at `path` on `payload`, its count read and checked against the one written.
    pub fn open(path: &Path, payload: Payload) -> io::Result<EntryReader> {
        let end = payload.at + payload.len;
        let mut reader = EntryReader::resume(
            path,
            payload,
            ReadAt {
                at: payload.at,
                left: 0,
            },
        )?;
        let count: usize = bincode::decode_from_std_read(&mut reader.reader, config())
            .map_err(|e| io::Error::other(format!("a journal entry's count: {e}")))?;
        if count != payload.count {
            return Err(io::Error::other(format!(
                "a journal entry holds {count} changes, not the {} written",
                payload.count
            )));
        }
        reader.left = count;
        debug_assert_eq!(reader.end, end);
        Ok(reader)
    }

    /// Reads `payload` on from where [`EntryReader::position`] said a reader stood.
    pub fn resume(path: &Path, payload: Payload, from: ReadAt) -> io::Result<EntryReader> {
        use std::io::{Read, Seek, SeekFrom};
        let end = payload.at + payload.len;
        if from.at < payload.at || from.at > end {
            return Err(io::Error::other("a place outside the journal entry"));
        }
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(from.at))?;
        Ok(EntryReader {
            reader: io::BufReader::with_capacity(64 * 1024, file).take(end - from.at),
            left: from.left,
            end,
        })
    }

    /// Where the next operation starts, and how many are left.
    pub fn position(&self) -> ReadAt {
        ReadAt {
            at: self.end - self.reader.limit(),
            left: self.left,
        }
    }

    /// The next operation, `None` after the last (and then the payload must be all read).
    pub fn next_op(&mut self) -> io::Result<Option<Op>> {
        if self.left == 0 {
            if self.reader.limit() != 0 {
                return Err(io::Error::other(
                    "a journal entry holds more than its changes",
                ));
            }
            return Ok(None);
        }
        let op: Op = bincode::serde::decode_from_std_read(
            &mut self.reader,
            config().with_limit::<OP_LIMIT>(),
        )
        .map_err(|e| io::Error::other(format!("a journal entry's change: {e}")))?;
        self.left -= 1;
        Ok(Some(op))
    }
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Reads journal bytes: the header must be whole; entries are read up to the first that is not.
pub fn decode(bytes: &[u8]) -> Result<Journal, ReadError> {
    if bytes.len() < HEADER_LEN || bytes[..8] != MAGIC {
        return Err(ReadError::Header(
            "it does not start with the clerkdesk journal marker".into(),
        ));
    }
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    if crc32fast::hash(&bytes[8..20]) != word(20) {
        return Err(ReadError::Header(
            "its header's checksum does not match".into(),
        ));
    }
    let version = word(8);
    if version != VERSION {
        return Err(ReadError::Header(format!(
            "journal format {version}; this clerkdesk reads format {VERSION}"
        )));
    }
    let store_id = u64::from_be_bytes(bytes[12..20].try_into().expect("8 bytes"));
    let mut journal = Journal {
        store_id,
        entries: Vec::new(),
        good_len: HEADER_LEN as u64,
        last_at: HEADER_LEN as u64,
        last_crc: 0,
        trouble: None,
        salvaged: Vec::new(),
    };
    let mut at = HEADER_LEN;
    let end = bytes.len();
    while at < end {
        let torn = Trouble::TornTail {
            at: at as u64,
            bytes: (end - at) as u64,
        };
        if end - at < ENTRY_HEADER {
            journal.trouble = Some(torn);
            break;
        }
        let len = word(at) as usize;
        let crc = word(at + 4);
        let seq = u64::from_be_bytes(bytes[at + 8..at + 16].try_into().expect("8 bytes"));
        let kind = bytes[at + 16];
        let body = at + ENTRY_HEADER;
        let Some(next) = body.checked_add(len).filter(|n| *n <= end) else {
            // Longer than what is left: cut short, unless a garbled length says so in the middle.
            journal.trouble = Some(torn);
            break;
        };
        let payload = &bytes[body..next];
        let damaged = |detail: String| Trouble::Damaged {
            at: at as u64,
            detail,
        };
        if checksum(seq, kind, payload) != crc {
            journal.trouble = Some(if next == end {
                torn
            } else {
                journal.salvaged = salvage(bytes, next);
                damaged(format!(
                    "the entry at byte {at} does not match its checksum"
                ))
            });
            break;
        }
        let kind = match kind {
            0 => Kind::Changes,
            1 => Kind::Snapshot,
            k => {
                journal.trouble = Some(damaged(format!("entry kind {k} at byte {at}")));
                break;
            }
        };
        let expected = journal.last_seq().map(|s| s + 1);
        let in_order = match (expected, kind) {
            (None, Kind::Snapshot) => true,
            (Some(e), Kind::Changes) => seq == e,
            _ => false,
        };
        if !in_order {
            journal.trouble = Some(damaged(format!(
                "entry {seq} at byte {at} does not follow entry {}",
                journal.last_seq().map_or("none".into(), |s| s.to_string())
            )));
            break;
        }
        let ops = match bincode::serde::decode_from_slice::<Vec<Op>, _>(
            payload,
            bincode::config::standard(),
        ) {
            Ok((ops, used)) if used == payload.len() => ops,
            _ => {
                journal.trouble =
                    Some(damaged(format!("entry {seq} at byte {at} does not decode")));
                break;
            }
        };
        journal.entries.push(Entry { seq, kind, ops });
        journal.last_at = at as u64;
        journal.last_crc = crc;
        at = next;
        journal.good_len = at as u64;
    }
    Ok(journal)
}

/// The whole entries from byte `at` on, each matching its checksum and each the change after the
/// one before, up to the end or a torn last entry; none when more damage follows (what came after
/// it could not be told).
fn salvage(bytes: &[u8], mut at: usize) -> Vec<Entry> {
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    let mut out: Vec<Entry> = Vec::new();
    while bytes.len() - at >= ENTRY_HEADER {
        let len = word(at) as usize;
        let seq = u64::from_be_bytes(bytes[at + 8..at + 16].try_into().expect("8 bytes"));
        let kind = bytes[at + 16];
        let body = at + ENTRY_HEADER;
        let Some(next) = body.checked_add(len).filter(|n| *n <= bytes.len()) else {
            break;
        };
        let payload = &bytes[body..next];
        let follows = out.last().is_none_or(|e| e.seq + 1 == seq);
        if kind != Kind::Changes.byte() || !follows || checksum(seq, kind, payload) != word(at + 4)
        {
            if next == bytes.len() {
                break;
            }
            return Vec::new();
        }
        match bincode::serde::decode_from_slice::<Vec<Op>, _>(payload, bincode::config::standard())
        {
            Ok((ops, used)) if used == payload.len() => out.push(Entry {
                seq,
                kind: Kind::Changes,
                ops,
            }),
            _ => return Vec::new(),
        }
        at = next;
    }
    out
}

/// Entries up to this size have their checksum verified by [`tail_is`]; a larger last entry (a
/// snapshot just after compaction) is checked by its header alone.
const TAIL_CHECK_MAX: u64 = 1024 * 1024;

/// Whether the journal at `path` is the one of store `store_id` and ends exactly at `at`: its
/// length, its header, and its last entry (where it starts, its sequence number, its checksum,
/// and for an entry of a commit's size, its bytes against that checksum). Reads the header and
/// the last entry only, never the entries before it.
pub fn tail_is(path: &Path, store_id: u64, at: Position) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = File::open(path)?;
    if file.metadata()?.len() != at.len || at.last_at < HEADER_LEN as u64 || at.last_at >= at.len {
        return Ok(false);
    }
    let mut head = [0u8; HEADER_LEN];
    file.read_exact(&mut head)?;
    if head[..8] != MAGIC
        || crc32fast::hash(&head[8..20]) != u32::from_be_bytes(head[20..24].try_into().expect("4"))
        || u32::from_be_bytes(head[8..12].try_into().expect("4")) != VERSION
        || u64::from_be_bytes(head[12..20].try_into().expect("8")) != store_id
    {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(at.last_at))?;
    let mut entry = [0u8; ENTRY_HEADER];
    file.read_exact(&mut entry)?;
    let len = u64::from(u32::from_be_bytes(entry[0..4].try_into().expect("4")));
    let crc = u32::from_be_bytes(entry[4..8].try_into().expect("4"));
    let seq = u64::from_be_bytes(entry[8..16].try_into().expect("8"));
    let kind = entry[16];
    if at.last_at + ENTRY_HEADER as u64 + len != at.len
        || crc != at.last_crc
        || seq != at.last_seq
        || kind > Kind::Snapshot.byte()
    {
        return Ok(false);
    }
    if len <= TAIL_CHECK_MAX {
        let mut payload = vec![0u8; len as usize];
        file.read_exact(&mut payload)?;
        if checksum(seq, kind, &payload) != crc {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The length of the journal's header and first entry (its snapshot), read from its header alone.
pub fn head_len(path: &Path) -> io::Result<u64> {
    use std::io::Read;
    let mut head = [0u8; HEADER_LEN + 4];
    File::open(path)?.read_exact(&mut head)?;
    let len = u32::from_be_bytes(head[HEADER_LEN..].try_into().expect("4 bytes"));
    Ok((HEADER_LEN + ENTRY_HEADER) as u64 + u64::from(len))
}

/// Reads the journal at `path`; `Ok(None)` when there is none.
pub fn read(path: &Path) -> Result<Option<Journal>, ReadError> {
    match std::fs::read(path) {
        Ok(bytes) => decode(&bytes).map(Some),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ReadError::Io(e)),
    }
}

fn open_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Writes a new journal at `path` holding one snapshot entry (`ops`, at `seq`), replacing any
/// journal there as a whole: written beside it, synced, then renamed over it.
pub fn write_new(path: &Path, store_id: u64, seq: u64, ops: &[Op]) -> io::Result<()> {
    let partial = path.with_file_name(format!("{FILE}.new"));
    let written = (|| {
        let mut f = open_options().open(&partial)?;
        f.write_all(&header(store_id))?;
        f.write_all(&encode_entry(seq, Kind::Snapshot, ops)?)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&partial, path)?;
        if let Some(dir) = path.parent() {
            super::folder::sync_dir(dir);
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// The journal open for appending.
#[derive(Debug)]
pub struct Appender {
    file: File,
    path: PathBuf,
    at: Position,
}

/// Where a journal ends: its length, and its last entry's sequence number, start and checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub len: u64,
    pub last_seq: u64,
    pub last_at: u64,
    pub last_crc: u32,
}

impl Appender {
    /// Opens the journal at `path` to append after its last good entry (`read`), cutting off a torn
    /// tail first.
    pub fn open(path: &Path, read: &Journal) -> io::Result<Appender> {
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        let len = file.metadata()?.len();
        if len != read.good_len {
            file.set_len(read.good_len)?;
            file.sync_all()?;
        }
        Ok(Appender {
            file,
            path: path.to_path_buf(),
            at: Position {
                len: read.good_len,
                last_seq: read.last_seq().unwrap_or(0),
                last_at: read.last_at,
                last_crc: read.last_crc,
            },
        })
    }

    /// Opens the journal at `path` to append at `at` without reading its entries: only when
    /// [`tail_is`] has just said the file ends there.
    pub fn resume(path: &Path, at: Position) -> io::Result<Appender> {
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        Ok(Appender {
            file,
            path: path.to_path_buf(),
            at,
        })
    }

    /// Where the journal ends now.
    pub fn position(&self) -> Position {
        self.at
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn last_seq(&self) -> u64 {
        self.at.last_seq
    }

    pub fn len(&self) -> u64 {
        self.at.len
    }

    pub fn is_empty(&self) -> bool {
        self.at.len <= HEADER_LEN as u64
    }

    /// Appends one commit's changes and flushes them to disk; returns its sequence number. On
    /// failure the journal is cut back to where it was, so nothing of it stays.
    pub fn append(&mut self, ops: &[Op]) -> io::Result<u64> {
        use std::io::{Seek, SeekFrom};
        let seq = self.at.last_seq + 1;
        let bytes = encode_entry(seq, Kind::Changes, ops)?;
        let written = (|| {
            self.file.seek(SeekFrom::Start(self.at.len))?;
            self.file.write_all(&bytes)?;
            self.file.sync_data()
        })();
        match written {
            Ok(()) => {
                let crc = u32::from_be_bytes(bytes[4..8].try_into().expect("4 bytes"));
                self.at = Position {
                    len: self.at.len + bytes.len() as u64,
                    last_seq: seq,
                    last_at: self.at.len,
                    last_crc: crc,
                };
                Ok(seq)
            }
            Err(e) => {
                let _ = self.cut_back(self.at.len);
                Err(e)
            }
        }
    }

    /// Appends one commit of `count` changes, each encoded and written as `ops` gives it, so the
    /// whole entry is never held at once (an import's 300,000 changes), and flushes it to disk;
    /// returns its sequence number and where its payload lies, to be read back with
    /// [`EntryReader`]. The bytes are exactly those of [`encode_entry`]: until the entry is
    /// whole its header gives a length past the end of the file, so an append cut short is a
    /// torn tail on the next read, as any other. On failure (of `ops`, of the disk, or a count
    /// other than `count`) the journal is cut back to where it was, so nothing of it stays.
    pub fn append_each<E>(
        &mut self,
        count: usize,
        ops: impl IntoIterator<Item = Result<Op, E>>,
    ) -> Result<(u64, Payload), StreamError<E>> {
        use std::io::{Seek, SeekFrom};
        let seq = self.at.last_seq + 1;
        let start = self.at.len;
        let kind = Kind::Changes.byte();
        let mut head = [0u8; ENTRY_HEADER];
        head[..4].copy_from_slice(&u32::MAX.to_be_bytes());
        head[8..16].copy_from_slice(&seq.to_be_bytes());
        head[16] = kind;
        let written = (|| {
            self.file
                .seek(SeekFrom::Start(start))
                .map_err(StreamError::Io)?;
            self.file.write_all(&head).map_err(StreamError::Io)?;
            let (hasher, len) = {
                let mut out = Hashing {
                    inner: io::BufWriter::with_capacity(64 * 1024, &mut self.file),
                    hasher: crc32fast::Hasher::new(),
                    written: 0,
                };
                let encoded = |e: bincode::error::EncodeError| {
                    StreamError::Io(io::Error::other(e.to_string()))
                };
                bincode::encode_into_std_write(count, &mut out, config()).map_err(encoded)?;
                let mut n = 0usize;
                for op in ops {
                    let op = op.map_err(StreamError::Source)?;
                    bincode::serde::encode_into_std_write(&op, &mut out, config())
                        .map_err(encoded)?;
                    n += 1;
                }
                if n != count {
                    return Err(StreamError::Io(io::Error::other(format!(
                        "a change of {n} parts was announced as {count}"
                    ))));
                }
                out.flush().map_err(StreamError::Io)?;
                (out.hasher.clone(), out.written)
            };
            let len32 = u32::try_from(len).map_err(|_| {
                StreamError::Io(io::Error::other(
                    "a change larger than 4 GiB cannot be journaled",
                ))
            })?;
            // The checksum of `checksum`: sequence number, kind and length, then the payload.
            let mut crc = crc32fast::Hasher::new();
            crc.update(&seq.to_be_bytes());
            crc.update(&[kind]);
            crc.update(&len32.to_be_bytes());
            crc.combine(&hasher);
            let crc = crc.finalize();
            head[..4].copy_from_slice(&len32.to_be_bytes());
            head[4..8].copy_from_slice(&crc.to_be_bytes());
            self.file
                .seek(SeekFrom::Start(start))
                .map_err(StreamError::Io)?;
            self.file.write_all(&head[..8]).map_err(StreamError::Io)?;
            self.file.sync_data().map_err(StreamError::Io)?;
            Ok((crc, len))
        })();
        match written {
            Ok((crc, len)) => {
                self.at = Position {
                    len: start + ENTRY_HEADER as u64 + len,
                    last_seq: seq,
                    last_at: start,
                    last_crc: crc,
                };
                Ok((
                    seq,
                    Payload {
                        at: start + ENTRY_HEADER as u64,
                        len,
                        count,
                    },
                ))
            }
            Err(e) => {
                let _ = self.cut_back(start);
                Err(e)
            }
        }
    }

    /// Takes back the last entry appended (its commit could not be applied); `before` is where the
    /// journal ended before it.
    pub fn undo(&mut self, before: Position) -> io::Result<()> {
        self.cut_back(before.len)?;
        self.at = before;
        Ok(())
    }

    fn cut_back(&mut self, len: u64) -> io::Result<()> {
        self.file.set_len(len)?;
        self.file.sync_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(tree: &str, key: &str, value: Option<&str>) -> Op {
        Op {
            tree: tree.as_bytes().to_vec(),
            key: key.as_bytes().to_vec(),
            value: value.map(|v| v.as_bytes().to_vec()),
        }
    }

    fn sample(dir: &Path) -> PathBuf {
        let path = dir.join(FILE);
        write_new(&path, 7, 3, &[op("members", "1", Some("Ann"))]).unwrap();
        let read = read(&path).unwrap().unwrap();
        let mut app = Appender::open(&path, &read).unwrap();
        assert_eq!(app.append(&[op("members", "2", Some("Bo"))]).unwrap(), 4);
        assert_eq!(app.append(&[op("members", "1", None)]).unwrap(), 5);
        path
    }

    #[test]
    fn entries_round_trip_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let path = sample(tmp.path());
        let j = read(&path).unwrap().unwrap();
        assert_eq!(j.store_id, 7);
        assert!(j.complete());
        assert_eq!(j.trouble, None);
        assert_eq!(
            j.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [3, 4, 5]
        );
        assert_eq!(j.entries[2].ops, [op("members", "1", None)]);
        assert_eq!(j.after(3).map(|e| e.len()), Some(2));
        assert_eq!(j.after(5).map(|e| e.len()), None);
        assert_eq!(
            j.after(1).map(|e| e.len()),
            None,
            "a gap is not carried on from"
        );
        assert_eq!(read(&tmp.path().join("none")).unwrap(), None);
    }

    #[test]
    fn a_cut_or_garbled_last_entry_is_a_torn_tail_and_is_cut_off() {
        let tmp = tempfile::tempdir().unwrap();
        let path = sample(tmp.path());
        let bytes = std::fs::read(&path).unwrap();
        let whole = read(&path).unwrap().unwrap();
        for cut in 1..20 {
            let j = decode(&bytes[..bytes.len() - cut]).unwrap();
            assert_eq!(j.last_seq(), Some(4), "cut {cut}");
            assert!(
                matches!(j.trouble, Some(Trouble::TornTail { .. })),
                "cut {cut}"
            );
        }
        let mut garbled = bytes.clone();
        *garbled.last_mut().unwrap() ^= 1;
        let j = decode(&garbled).unwrap();
        assert_eq!(j.last_seq(), Some(4));
        assert!(matches!(j.trouble, Some(Trouble::TornTail { .. })));
        // Appending after a torn tail cuts it off first.
        std::fs::write(&path, &garbled).unwrap();
        let mut app = Appender::open(&path, &j).unwrap();
        assert_eq!(app.append(&[op("x", "k", Some("v"))]).unwrap(), 5);
        let again = read(&path).unwrap().unwrap();
        assert_eq!(again.trouble, None);
        assert_eq!(again.entries.len(), whole.entries.len());
    }

    #[test]
    fn damage_before_the_end_is_damage() {
        let tmp = tempfile::tempdir().unwrap();
        let path = sample(tmp.path());
        let mut bytes = std::fs::read(&path).unwrap();
        // A byte of the first entry's payload.
        bytes[HEADER_LEN + ENTRY_HEADER + 2] ^= 1;
        let j = decode(&bytes).unwrap();
        assert!(j.entries.is_empty());
        assert!(matches!(j.trouble, Some(Trouble::Damaged { .. })), "{j:?}");
        // A damaged header is not a journal at all.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[13] ^= 1;
        assert!(matches!(decode(&bytes), Err(ReadError::Header(_))));
        assert!(matches!(decode(b"db"), Err(ReadError::Header(_))));
    }

    #[test]
    fn changes_after_a_damaged_snapshot_are_salvaged_to_carry_on_from_a_backup() {
        let tmp = tempfile::tempdir().unwrap();
        let path = sample(tmp.path());
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[HEADER_LEN + ENTRY_HEADER + 2] ^= 1;
        let j = decode(&bytes).unwrap();
        assert!(!j.complete());
        assert_eq!(j.salvaged.iter().map(|e| e.seq).collect::<Vec<_>>(), [4, 5]);
        assert_eq!(j.last_readable_seq(), Some(5));
        // A backup taken at the snapshot (3) or later is carried on from; an older one is not.
        assert_eq!(j.carried_on_from(3).map(|e| e.len()), Some(2));
        assert_eq!(j.carried_on_from(4).map(|e| e.len()), Some(1));
        assert_eq!(j.carried_on_from(5).map(|e| e.len()), Some(0));
        assert!(j.carried_on_from(2).is_none());
        // More damage after it: nothing after the first damage can be vouched for.
        let mut twice = bytes.clone();
        let entry4 = HEADER_LEN
            + ENTRY_HEADER
            + u32::from_be_bytes(bytes[HEADER_LEN..HEADER_LEN + 4].try_into().unwrap()) as usize;
        twice[entry4 + ENTRY_HEADER + 1] ^= 1;
        assert!(decode(&twice).unwrap().salvaged.is_empty());
    }

    #[test]
    fn the_tail_is_checked_without_reading_the_entries_before_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = sample(tmp.path());
        let j = read(&path).unwrap().unwrap();
        let app = Appender::open(&path, &j).unwrap();
        let at = app.position();
        assert_eq!(at.last_seq, 5);
        assert_eq!(at.len, j.good_len);
        assert!(tail_is(&path, 7, at).unwrap());
        // Another store's journal, or a position it does not end at, is not this one's tail.
        assert!(!tail_is(&path, 8, at).unwrap());
        for other in [
            Position {
                len: at.len + 1,
                ..at
            },
            Position { last_seq: 4, ..at },
            Position {
                last_crc: at.last_crc ^ 1,
                ..at
            },
            Position {
                last_at: at.last_at - 1,
                ..at
            },
            Position { last_at: 0, ..at },
        ] {
            assert!(!tail_is(&path, 7, other).unwrap(), "{other:?}");
        }
        // A journal that grew, or whose last entry was garbled, is not either.
        let mut app = Appender::resume(&path, at).unwrap();
        app.append(&[op("x", "k", Some("v"))]).unwrap();
        assert!(!tail_is(&path, 7, at).unwrap());
        assert!(tail_is(&path, 7, app.position()).unwrap());
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, bytes).unwrap();
        assert!(!tail_is(&path, 7, app.position()).unwrap());
    }

    /// Enough changes to pass the writer's 64 KiB buffer several times.
    fn many(n: usize) -> Vec<Op> {
        (0..n)
            .map(|i| {
                let value = (i % 7 != 3).then(|| format!("value {i} ").repeat(i % 13));
                op(
                    ["members", "audit", "audit_index"][i % 3],
                    &format!("key {i}"),
                    value.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn a_streamed_entry_is_the_same_bytes_as_one_encoded_whole_and_reads_back_a_change_at_a_time() {
        let tmp = tempfile::tempdir().unwrap();
        let path = sample(tmp.path());
        let j = read(&path).unwrap().unwrap();
        let mut app = Appender::open(&path, &j).unwrap();
        let before = app.position();
        let ops = many(5000);
        let (seq, payload) = app
            .append_each(ops.len(), ops.iter().cloned().map(Ok::<_, ()>))
            .unwrap();
        assert_eq!(seq, 6);
        let bytes = std::fs::read(&path).unwrap();
        let whole = encode_entry(6, Kind::Changes, &ops).unwrap();
        assert_eq!(&bytes[before.len as usize..], &whole[..]);
        assert_eq!(payload.at, before.len + ENTRY_HEADER as u64);
        assert_eq!(payload.len as usize, whole.len() - ENTRY_HEADER);
        let at = app.position();
        assert_eq!(
            (at.len, at.last_seq, at.last_at),
            (bytes.len() as u64, 6, before.len)
        );
        assert!(tail_is(&path, 7, at).unwrap());
        let again = read(&path).unwrap().unwrap();
        assert_eq!(again.trouble, None);
        assert_eq!(again.entries.last().unwrap().ops, ops);

        // Read back one change at a time; a reader stopped part-way resumes where it stood.
        let mut reader = EntryReader::open(&path, payload).unwrap();
        let mut back = Vec::new();
        let mut halfway = None;
        while let Some(op) = reader.next_op().unwrap() {
            back.push(op);
            if back.len() == 2500 {
                halfway = Some(reader.position());
            }
        }
        assert_eq!(back, ops);
        let mut resumed = EntryReader::resume(&path, payload, halfway.unwrap()).unwrap();
        let mut rest = Vec::new();
        while let Some(op) = resumed.next_op().unwrap() {
            rest.push(op);
        }
        assert_eq!(rest, ops[2500..]);
        // A count other than the one written is refused.
        let wrong = Payload {
            count: 4999,
            ..payload
        };
        assert!(EntryReader::open(&path, wrong).is_err());

        // An empty change streams as one encoded whole does too.
        let (_, empty) = app
            .append_each(0, std::iter::empty::<Result<Op, ()>>())
            .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            &bytes[(empty.at as usize - ENTRY_HEADER)..],
            &encode_entry(7, Kind::Changes, &[]).unwrap()[..]
        );
    }

    #[test]
    fn a_streamed_entry_cut_short_is_a_torn_tail_and_a_failed_one_is_taken_back() {
        let tmp = tempfile::tempdir().unwrap();
        let path = sample(tmp.path());
        let j = read(&path).unwrap().unwrap();
        let mut app = Appender::open(&path, &j).unwrap();
        let ops = many(5000);
        // What the file holds part-way through the stream, as a process killed then leaves it.
        let copies = tmp.path().join("copies");
        std::fs::create_dir(&copies).unwrap();
        let copy_at = [1usize, 2000, 4999];
        let source = ops.iter().cloned().enumerate().map(|(i, op)| {
            if copy_at.contains(&i) {
                std::fs::copy(&path, copies.join(i.to_string())).unwrap();
            }
            Ok::<_, ()>(op)
        });
        app.append_each(ops.len(), source).unwrap();
        for i in copy_at {
            let cut = std::fs::read(copies.join(i.to_string())).unwrap();
            assert!(
                cut.len() > j.good_len as usize,
                "copy {i} holds part of the entry"
            );
            let torn = decode(&cut).unwrap();
            assert_eq!(torn.last_seq(), Some(5), "copy {i}");
            assert!(
                matches!(torn.trouble, Some(Trouble::TornTail { at, .. }) if at == j.good_len),
                "copy {i}: {:?}",
                torn.trouble
            );
            // Appending after it cuts the torn entry off first.
            let copy = copies.join(i.to_string());
            let mut after = Appender::open(&copy, &torn).unwrap();
            assert_eq!(after.append(&[op("x", "k", Some("v"))]).unwrap(), 6);
            let read_again = read(&copy).unwrap().unwrap();
            assert_eq!(read_again.trouble, None);
            assert_eq!(read_again.entries.len(), j.entries.len() + 1);
        }

        // A source that fails, or gives another count than announced: nothing of it stays.
        let was = app.position();
        let whole = read(&path).unwrap().unwrap();
        let failing =
            ops.iter()
                .cloned()
                .enumerate()
                .map(|(i, op)| if i == 3000 { Err("no") } else { Ok(op) });
        assert!(matches!(
            app.append_each(ops.len(), failing),
            Err(StreamError::Source("no"))
        ));
        assert_eq!(app.position(), was);
        assert_eq!(read(&path).unwrap().unwrap(), whole);
        for count in [ops.len() - 1, ops.len() + 1] {
            let given = ops.iter().cloned().map(Ok::<_, ()>);
            assert!(matches!(
                app.append_each(count, given),
                Err(StreamError::Io(_))
            ));
            assert_eq!(app.position(), was);
            assert_eq!(read(&path).unwrap().unwrap(), whole);
        }
        assert_eq!(app.append(&[op("x", "k", Some("v"))]).unwrap(), 7);
    }

    #[test]
    fn a_failed_commit_is_taken_back() {
        let tmp = tempfile::tempdir().unwrap();
        let path = sample(tmp.path());
        let j = read(&path).unwrap().unwrap();
        let mut app = Appender::open(&path, &j).unwrap();
        let before = app.position();
        app.append(&[op("x", "k", Some("v"))]).unwrap();
        app.undo(before).unwrap();
        assert_eq!(read(&path).unwrap().unwrap(), j);
    }
}
