//! Identifiers. Each shows with a prefix a clerk can type back (`M-003`, `O-002`, `G-01`).

use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($name:ident, $prefix:literal, $width:literal, $what:literal) => {
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
        )]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "-{:0", $width, "}"), self.0)
            }
        }

        impl FromStr for $name {
            type Err = String;
            /// Accepts `M-003`, `m3`, `M3` or a bare `3`.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                let digits = t
                    .strip_prefix($prefix)
                    .or_else(|| t.strip_prefix(&$prefix.to_lowercase()))
                    .map(|rest| rest.trim_start_matches('-'))
                    .unwrap_or(t);
                digits.parse::<u32>().map($name).map_err(|_| {
                    format!("'{}' is not {} reference (like {}-001)", t, $what, $prefix)
                })
            }
        }
    };
}

id_type!(MemberId, "M", 3, "a member");
id_type!(OfficerId, "O", 3, "an officer");
id_type!(GroupId, "G", 2, "a political group");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_show_and_parse_back() {
        assert_eq!(MemberId(3).to_string(), "M-003");
        assert_eq!("M-003".parse::<MemberId>().unwrap(), MemberId(3));
        assert_eq!("m7".parse::<MemberId>().unwrap(), MemberId(7));
        assert_eq!("12".parse::<OfficerId>().unwrap(), OfficerId(12));
        assert!("X-1".parse::<MemberId>().unwrap_err().contains("member"));
        assert_eq!(GroupId(2).to_string(), "G-02");
    }
}
