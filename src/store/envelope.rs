//! The envelope every stored value travels in:
//!
//! ```text
//! b"CLDK" | record version (u32, big-endian) | bincode 2 payload (serde, standard config)
//! ```
//!
//! The magic catches values that are not ours (or are garbled); the version lets a newer clerkdesk
//! read records written by an older one (through [`Record::migrate`]) and lets an older clerkdesk
//! refuse records written by a newer one instead of misreading them.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Record;

/// The first four bytes of every stored value.
pub const MAGIC: [u8; 4] = *b"CLDK";

/// Magic plus version.
pub const HEADER_LEN: usize = 8;

/// Why a stored value could not be read or written.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeError {
    /// Not one of our values, cut short, or a payload that does not decode.
    #[error("damaged record: {0}")]
    Damaged(String),
    /// Written by a newer clerkdesk at a record version this one does not know.
    #[error("record version {found} is newer than this clerkdesk reads (up to {supported})")]
    TooNew { found: u32, supported: u32 },
    /// The value could not be turned into bytes (nothing is written).
    #[error("record could not be encoded: {0}")]
    Encode(String),
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// The most a stored record may claim to hold. No record comes near it; a damaged or crafted
/// length field that claims more is refused before anything is allocated (without a limit,
/// bincode would try to allocate whatever a garbled length says, and the process would abort).
const RECORD_LIMIT: usize = 64 << 20;

fn decode_config() -> impl bincode::config::Config {
    config().with_limit::<RECORD_LIMIT>()
}

/// Wraps `value` at record version `version`.
pub fn encode<T: Serialize>(version: u32, value: &T) -> Result<Vec<u8>, EnvelopeError> {
    let payload = bincode::serde::encode_to_vec(value, config())
        .map_err(|e| EnvelopeError::Encode(one_line(&e.to_string())))?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Splits a stored value into its record version and payload, checking the magic.
pub fn split(bytes: &[u8]) -> Result<(u32, &[u8]), EnvelopeError> {
    if bytes.len() < HEADER_LEN {
        return Err(EnvelopeError::Damaged(format!(
            "only {} bytes, too short for a record",
            bytes.len()
        )));
    }
    let (header, payload) = bytes.split_at(HEADER_LEN);
    if header[..4] != MAGIC {
        return Err(EnvelopeError::Damaged(
            "does not start with the clerkdesk marker".into(),
        ));
    }
    let mut version = [0u8; 4];
    version.copy_from_slice(&header[4..8]);
    Ok((u32::from_be_bytes(version), payload))
}

/// Decodes a bincode payload as `T`, insisting that every byte is used.
pub fn decode_payload<T: DeserializeOwned>(payload: &[u8]) -> Result<T, EnvelopeError> {
    let (value, used) = bincode::serde::decode_from_slice::<T, _>(payload, decode_config())
        .map_err(|e| EnvelopeError::Damaged(one_line(&e.to_string())))?;
    if used != payload.len() {
        return Err(EnvelopeError::Damaged(format!(
            "{} unexpected bytes after the record",
            payload.len() - used
        )));
    }
    Ok(value)
}

/// Reads a stored value as record kind `R`, migrating it when it was written at an older version.
pub fn decode<R: Record>(bytes: &[u8]) -> Result<R, EnvelopeError> {
    let (version, payload) = split(bytes)?;
    match version.cmp(&R::VERSION) {
        std::cmp::Ordering::Equal => decode_payload(payload),
        std::cmp::Ordering::Less => R::migrate(version, payload),
        std::cmp::Ordering::Greater => Err(EnvelopeError::TooNew {
            found: version,
            supported: R::VERSION,
        }),
    }
}

/// Error text from a library may run over several lines; a clerk gets one.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Thing {
        name: String,
        n: u32,
    }

    #[derive(Serialize, Deserialize)]
    struct ThingV0 {
        name: String,
    }

    impl Record for Thing {
        const TREE: &'static str = "things";
        const VERSION: u32 = 2;
        fn key(&self) -> Vec<u8> {
            self.n.to_be_bytes().to_vec()
        }
        fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
            match from_version {
                0 | 1 => {
                    let old: ThingV0 = decode_payload(payload)?;
                    Ok(Thing {
                        name: old.name,
                        n: from_version,
                    })
                }
                v => Err(EnvelopeError::Damaged(format!("no version {v}"))),
            }
        }
    }

    fn thing() -> Thing {
        Thing {
            name: "Siân ap Dafydd".into(),
            n: 7,
        }
    }

    #[test]
    fn round_trip_at_the_current_version() {
        let bytes = encode(Thing::VERSION, &thing()).unwrap();
        assert_eq!(&bytes[..4], b"CLDK");
        assert_eq!(&bytes[4..8], &2u32.to_be_bytes());
        assert_eq!(decode::<Thing>(&bytes).unwrap(), thing());
    }

    #[test]
    fn wrong_magic_is_damaged() {
        let mut bytes = encode(Thing::VERSION, &thing()).unwrap();
        bytes[0] = b'X';
        assert!(
            matches!(decode::<Thing>(&bytes), Err(EnvelopeError::Damaged(m)) if m.contains("marker"))
        );
    }

    #[test]
    fn short_value_is_damaged() {
        assert!(matches!(
            decode::<Thing>(b"CLD"),
            Err(EnvelopeError::Damaged(_))
        ));
        assert!(matches!(
            decode::<Thing>(b""),
            Err(EnvelopeError::Damaged(_))
        ));
    }

    #[test]
    fn undecodable_payload_is_damaged() {
        let mut bytes = encode(Thing::VERSION, &thing()).unwrap();
        bytes.truncate(bytes.len() - 3);
        assert!(matches!(
            decode::<Thing>(&bytes),
            Err(EnvelopeError::Damaged(_))
        ));
        let mut bytes = encode(Thing::VERSION, &thing()).unwrap();
        bytes.extend_from_slice(&[1, 2, 3]);
        assert!(
            matches!(decode::<Thing>(&bytes), Err(EnvelopeError::Damaged(m)) if m.contains("unexpected"))
        );
    }

    #[test]
    fn newer_version_is_too_new() {
        let bytes = encode(3, &thing()).unwrap();
        assert_eq!(
            decode::<Thing>(&bytes),
            Err(EnvelopeError::TooNew {
                found: 3,
                supported: 2
            })
        );
    }

    #[test]
    fn older_version_goes_through_migrate() {
        let bytes = encode(
            1,
            &ThingV0 {
                name: "Zoë Ó Briain".into(),
            },
        )
        .unwrap();
        assert_eq!(
            decode::<Thing>(&bytes).unwrap(),
            Thing {
                name: "Zoë Ó Briain".into(),
                n: 1
            }
        );
    }

    /// A garbled length (here a string claiming 2^62 bytes: bincode's varint marker 253, then a
    /// u64) is a damaged record, not an attempt to allocate it, which would abort the process.
    #[test]
    fn a_length_claiming_more_than_any_record_is_damage_not_an_allocation() {
        let mut payload = vec![253u8];
        payload.extend_from_slice(&(1u64 << 62).to_le_bytes());
        payload.extend_from_slice(b"short");
        assert!(matches!(
            decode_payload::<String>(&payload),
            Err(EnvelopeError::Damaged(_))
        ));
    }
}
