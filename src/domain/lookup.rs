//! Finding a member or an officer as a clerk types them, the one way every register and the case
//! CLI do it: a reference (`M-003`, `o2`), or an exact name with case and accents aside
//! ("Sian ap Dafydd" is Siân ap Dafydd).

use super::ids::{MemberId, OfficerId};
use super::officer::OfficerState;
use super::rules::FieldError;
use super::text;
use super::Context;

/// Whom a lookup may find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Among {
    Members,
    Officers,
    /// Members and officers alike: a reference needs its letter (a bare number could be either).
    Anyone,
}

impl Among {
    fn members(self) -> bool {
        self != Among::Officers
    }

    fn officers(self) -> bool {
        self != Among::Members
    }

    fn who(self) -> &'static str {
        match self {
            Among::Members => "member",
            Among::Officers => "officer",
            Among::Anyone => "member or officer",
        }
    }
}

/// A member or an officer on the council's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Member(MemberId),
    Officer(OfficerId),
}

impl Found {
    /// `M-003`, `O-002`.
    pub fn reference(self) -> String {
        match self {
            Found::Member(id) => id.to_string(),
            Found::Officer(id) => id.to_string(),
        }
    }
}

impl Context<'_> {
    /// The member or officer `raw` names, among `among`: by reference (`M-003`, `m3`; a bare `3`
    /// where only one kind is looked for), or by exact name, case and accents aside. Where a name
    /// is shared and only one of those who bear it still serves or is in post, that one; where
    /// more than one does, refused, naming their references. A reference that is on no record is
    /// refused; `Ok(None)` means nobody has that name, and the caller says whether a name from
    /// outside the council will do.
    pub fn find_person(
        &self,
        field: &'static str,
        raw: &str,
        among: Among,
    ) -> Result<Option<Found>, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new(field, format!("name the {}", among.who())));
        }
        let digits = |s: &str| {
            s.chars().all(|c| c == '-' || c.is_ascii_digit())
                && s.chars().any(|c| c.is_ascii_digit())
        };
        let first = raw.chars().next().map(|c| c.to_ascii_uppercase());
        let rest = &raw[raw.chars().next().map_or(0, char::len_utf8)..];
        let bare = digits(raw) && among != Among::Anyone;
        if among.members() && (first == Some('M') && digits(rest) || bare) {
            if let Ok(id) = raw.parse::<MemberId>() {
                return match self.member(id) {
                    Some(_) => Ok(Some(Found::Member(id))),
                    None => Err(FieldError::new(field, format!("there is no member {id}"))),
                };
            }
        }
        if among.officers() && (first == Some('O') && digits(rest) || bare) {
            if let Ok(id) = raw.parse::<OfficerId>() {
                return match self.officer(id) {
                    Some(_) => Ok(Some(Found::Officer(id))),
                    None => Err(FieldError::new(field, format!("there is no officer {id}"))),
                };
            }
        }
        let wanted = text::search_key(raw);
        // Each person of that name, and whether they still serve or are in post.
        let mut found: Vec<(Found, bool)> = Vec::new();
        if among.members() {
            found.extend(
                self.members
                    .iter()
                    .filter(|m| text::search_key(&m.name) == wanted)
                    .map(|m| (Found::Member(m.id), m.is_serving(self.today))),
            );
        }
        if among.officers() {
            found.extend(
                self.officers
                    .iter()
                    .filter(|o| text::search_key(&o.name) == wanted)
                    .map(|o| (Found::Officer(o.id), o.state() == OfficerState::InPost)),
            );
        }
        if found.len() > 1 && found.iter().filter(|(_, current)| *current).count() == 1 {
            found.retain(|(_, current)| *current);
        }
        match found.as_slice() {
            [] => Ok(None),
            [(one, _)] => Ok(Some(*one)),
            many => {
                let refs: Vec<String> = many.iter().map(|(f, _)| f.reference()).collect();
                Err(FieldError::new(
                    field,
                    format!(
                        "'{raw}' names more than one person ({}): give the reference",
                        refs.join(", ")
                    ),
                ))
            }
        }
    }

    /// [`Context::find_person`] where nobody else will do: no one of that name is refused too.
    pub fn find_known_person(
        &self,
        field: &'static str,
        raw: &str,
        among: Among,
    ) -> Result<Found, FieldError> {
        self.find_person(field, raw, among)?.ok_or_else(|| {
            FieldError::new(
                field,
                format!(
                    "no {} is called '{}' (give a reference such as {} or an exact name)",
                    among.who(),
                    raw.trim(),
                    match among {
                        Among::Members => "M-003",
                        Among::Officers => "O-001",
                        Among::Anyone => "M-003 or O-001",
                    }
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::{JoinedBy, Member};
    use crate::domain::officer::{Employment, LineManager, Officer, Post};
    use crate::domain::testkit::{d, Fixture};

    fn member(id: u32, name: &str, term_end: Option<chrono::NaiveDate>) -> Member {
        Member {
            id: MemberId(id),
            name: name.into(),
            sort_name: None,
            ward: "North".into(),
            group: None,
            joined_by: JoinedBy::Elected,
            term_start: d(2023, 5, 8),
            term_end,
            end_reason: term_end.map(|_| "resigned".into()),
            dpi_registered: None,
            email: None,
            phone: None,
        }
    }

    /// Siân ap Dafydd (M-001); Ann Able, a former member (M-002) and the Clerk in post (O-001);
    /// two serving members called Bob Roe (M-003, M-004).
    fn fixture() -> Fixture {
        let mut fx = Fixture::new(d(2026, 11, 22));
        fx.members = vec![
            member(1, "Siân ap Dafydd", None),
            member(2, "Ann Able", Some(d(2025, 3, 31))),
            member(3, "Bob Roe", None),
            member(4, "Bob Roe", None),
        ];
        fx.officers.push(Officer {
            id: OfficerId(1),
            name: "Ann Able".into(),
            post: Post::Clerk,
            title: None,
            employment: Employment::Employee,
            line_manager: LineManager::Council,
            started: d(2025, 6, 2),
            protocol_briefed: None,
            left: None,
            email: None,
            phone: None,
            briefed_by: None,
            recruitment: None,
        });
        fx
    }

    #[test]
    fn a_person_is_found_by_reference_or_by_name_whatever_the_case_and_accents() {
        let fx = fixture();
        let ctx = fx.ctx();
        let siân = Found::Member(MemberId(1));
        for (raw, among, want) in [
            ("M-001", Among::Anyone, siân),
            ("m1", Among::Anyone, siân),
            ("1", Among::Members, siân),
            ("SIAN AP DAFYDD", Among::Anyone, siân),
            ("  siân ap dafydd ", Among::Members, siân),
            ("o-1", Among::Anyone, Found::Officer(OfficerId(1))),
            // A shared name: the one still serving or in post.
            ("Ann Able", Among::Anyone, Found::Officer(OfficerId(1))),
            ("Ann Able", Among::Members, Found::Member(MemberId(2))),
        ] {
            assert_eq!(ctx.find_person("who", raw, among), Ok(Some(want)), "{raw}");
        }
    }

    #[test]
    fn a_stranger_an_unknown_reference_a_clash_and_the_wrong_kind_are_told_apart() {
        let fx = fixture();
        let ctx = fx.ctx();
        assert_eq!(
            ctx.find_person("who", "Jane Stranger", Among::Anyone),
            Ok(None)
        );
        let e = ctx.find_person("who", "M-099", Among::Anyone).unwrap_err();
        assert_eq!(
            (e.field, e.message.as_str()),
            ("who", "there is no member M-099")
        );
        // A bare number could be a member or an officer: only where one kind is wanted.
        assert_eq!(ctx.find_person("who", "1", Among::Anyone), Ok(None));
        let e = ctx
            .find_person("who", "bob roe", Among::Anyone)
            .unwrap_err();
        assert!(e.message.contains("M-003, M-004"), "{}", e.message);
        // A member's reference is nobody among the officers, and vice versa.
        assert_eq!(ctx.find_person("who", "M-001", Among::Officers), Ok(None));
        let e = ctx
            .find_known_person("member", "Olive Nobody", Among::Members)
            .unwrap_err();
        assert!(e.message.contains("no member is called"), "{}", e.message);
        assert!(ctx.find_person("who", "  ", Among::Anyone).is_err());
    }
}
