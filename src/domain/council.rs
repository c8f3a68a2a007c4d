//! The council: its name and kind, its protocol profile, its office holders (R-M2), its political
//! groups, and the Monitoring Officer as an external contact (R-O3).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ids::{GroupId, MemberId};
use super::profile::Role;
use super::rules::{FieldError, Refusal, Rejection};
use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouncilKind {
    Parish,
    Town,
}

impl CouncilKind {
    pub const ALL: [CouncilKind; 2] = [CouncilKind::Parish, CouncilKind::Town];

    pub fn label(self) -> &'static str {
        match self {
            CouncilKind::Parish => "parish",
            CouncilKind::Town => "town",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().as_str() {
            "parish" => Ok(CouncilKind::Parish),
            "town" => Ok(CouncilKind::Town),
            other => Err(FieldError::new(
                field,
                format!("'{other}' is not parish or town"),
            )),
        }
    }
}

/// Council offices with one holder at a time (R-M2). Group leaders sit on their group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Office {
    Chairman,
    ViceChairman,
    Leader,
    StaffingChair,
    TownMayor,
}

impl Office {
    pub const ALL: [Office; 5] = [
        Office::Chairman,
        Office::ViceChairman,
        Office::Leader,
        Office::StaffingChair,
        Office::TownMayor,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Office::Chairman => "Chairman",
            Office::ViceChairman => "Vice-Chairman",
            Office::Leader => "Leader",
            Office::StaffingChair => "Chair of Staffing",
            Office::TownMayor => "Town Mayor",
        }
    }

    pub fn role(self) -> Role {
        match self {
            Office::Chairman => Role::Chairman,
            Office::ViceChairman => Role::ViceChairman,
            Office::Leader => Role::Leader,
            Office::StaffingChair => Role::StaffingChair,
            Office::TownMayor => Role::TownMayor,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeTerm {
    pub office: Office,
    pub holder: MemberId,
    pub from: NaiveDate,
    /// Last day held; `None` while held.
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub leader: Option<MemberId>,
}

/// R-O3: the Monitoring Officer is the principal authority's, external to a parish.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub organisation: String,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Council {
    pub name: String,
    pub kind: CouncilKind,
    /// Key of the protocol profile in `assets/protocols/`.
    pub profile: String,
    pub monitoring_officer: Option<Contact>,
    pub groups: Vec<Group>,
    /// Every office term, past and present: the history is kept (R-M2).
    pub offices: Vec<OfficeTerm>,
}

impl Council {
    /// A new council from the set-up form.
    pub fn new(
        name: &str,
        kind: &str,
        profile: &str,
        known_profiles: &[&str],
    ) -> Result<Self, Rejection> {
        let mut errors = Vec::new();
        let name = text::required_name("council name", name)
            .map_err(|e| errors.push(e))
            .ok();
        let kind = CouncilKind::parse("kind", kind)
            .map_err(|e| errors.push(e))
            .ok();
        let profile = profile.trim().to_lowercase();
        if !known_profiles.contains(&profile.as_str()) {
            errors.push(FieldError::new(
                "protocol",
                format!(
                    "'{profile}' is not a known protocol model ({})",
                    known_profiles.join(", ")
                ),
            ));
        }
        match (name, kind, errors.is_empty()) {
            (Some(name), Some(kind), true) => Ok(Council {
                name,
                kind,
                profile,
                monitoring_officer: None,
                groups: Vec::new(),
                offices: Vec::new(),
            }),
            _ => Err(Rejection::Invalid(errors)),
        }
    }

    pub fn group(&self, id: GroupId) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn group_name(&self, id: Option<GroupId>) -> &str {
        id.and_then(|g| self.group(g))
            .map(|g| g.name.as_str())
            .unwrap_or("Independent")
    }

    /// Finds a group by name, ignoring case. Empty or "independent" means no group.
    pub fn group_by_name(
        &self,
        field: &'static str,
        raw: &str,
    ) -> Result<Option<GroupId>, FieldError> {
        let wanted = raw.trim();
        if wanted.is_empty()
            || wanted.eq_ignore_ascii_case("independent")
            || wanted.eq_ignore_ascii_case("none")
        {
            return Ok(None);
        }
        self.groups
            .iter()
            .find(|g| {
                g.name.eq_ignore_ascii_case(wanted) || g.id.to_string().eq_ignore_ascii_case(wanted)
            })
            .map(|g| Some(g.id))
            .ok_or_else(|| {
                let known: Vec<&str> = self.groups.iter().map(|g| g.name.as_str()).collect();
                FieldError::new(
                    field,
                    format!(
                        "no group called '{wanted}' (groups: {}, or Independent)",
                        known.join(", ")
                    ),
                )
            })
    }

    pub fn add_group(&mut self, name: &str) -> Result<GroupId, Rejection> {
        let name = text::required_name("group name", name)?;
        if self
            .groups
            .iter()
            .any(|g| g.name.eq_ignore_ascii_case(&name))
        {
            return Err(FieldError::new(
                "group name",
                format!("a group called '{name}' exists already"),
            )
            .into());
        }
        let id = GroupId(self.groups.iter().map(|g| g.id.0).max().unwrap_or(0) + 1);
        self.groups.push(Group {
            id,
            name,
            leader: None,
        });
        Ok(id)
    }

    /// R-O3: the Monitoring Officer is the principal authority's, a contact and not a member or an
    /// officer of this council. A name is needed; the rest is optional.
    pub fn set_monitoring_officer(
        &mut self,
        name: &str,
        organisation: &str,
        email: &str,
        phone: &str,
    ) -> Result<(), Rejection> {
        let mut errors = super::rules::FieldErrors::default();
        let name = errors.keep(text::required_name("name", name));
        let organisation = errors.keep(text::optional_name("organisation", organisation));
        let email = errors.keep(text::optional_name("email", email));
        let phone = errors.keep(text::optional_name("phone", phone));
        match (name, organisation, email, phone) {
            (Some(name), Some(organisation), Some(email), Some(phone)) if errors.is_empty() => {
                self.monitoring_officer = Some(Contact {
                    name,
                    organisation: organisation.unwrap_or_default(),
                    email: email.unwrap_or_default(),
                    phone: phone.unwrap_or_default(),
                });
                Ok(())
            }
            _ => Err(Rejection::Invalid(errors.0)),
        }
    }

    /// R-O3 (TWY §4.2): the Monitoring Officer is the principal authority's, external to the
    /// council: never a member serving on `day`, nor an officer in post (the Clerk included).
    pub fn check_monitoring_officer_is_external(
        name: &str,
        members: &[super::member::Member],
        officers: &[super::officer::Officer],
        day: NaiveDate,
    ) -> Result<(), Refusal> {
        let same = |other: &str| other.trim().eq_ignore_ascii_case(name.trim());
        if let Some(m) = members.iter().find(|m| m.is_serving(day) && same(&m.name)) {
            return Err(Refusal::new(
                "R-O3",
                "TWY §4.2",
                format!(
                    "{} is a serving member of this council; the Monitoring Officer is the \
                     principal authority's, external to it",
                    m.name
                ),
            ));
        }
        if let Some(o) = officers.iter().find(|o| o.in_post(day) && same(&o.name)) {
            return Err(Refusal::new(
                "R-O3",
                "TWY §4.2",
                format!(
                    "{} is this council's {}; the Monitoring Officer is the principal \
                     authority's, external to it",
                    o.name,
                    o.post_label()
                ),
            ));
        }
        Ok(())
    }

    /// The member holding `office` on `day`.
    pub fn holder(&self, office: Office, day: NaiveDate) -> Option<MemberId> {
        self.offices
            .iter()
            .find(|t| t.office == office && t.from <= day && t.to.is_none_or(|to| day <= to))
            .map(|t| t.holder)
    }

    /// The offices a member holds on `day`, group leadership included.
    pub fn offices_of(&self, member: MemberId, day: NaiveDate) -> Vec<String> {
        let mut held: Vec<String> = Office::ALL
            .iter()
            .filter(|o| self.holder(**o, day) == Some(member))
            .map(|o| o.label().to_string())
            .collect();
        for g in &self.groups {
            if g.leader == Some(member) {
                held.push(format!("{} group leader", g.name));
            }
        }
        held
    }

    /// R-M2: one holder per office at a time. Appointing ends the current holder's term the day before.
    pub fn appoint(
        &mut self,
        office: Office,
        holder: MemberId,
        from: NaiveDate,
    ) -> Result<(), Refusal> {
        if office == Office::TownMayor && self.kind != CouncilKind::Town {
            return Err(Refusal::new(
                "R-M2",
                "LLTC §3.1",
                "only a town council has a Town Mayor",
            ));
        }
        if let Some(current) = self
            .offices
            .iter_mut()
            .find(|t| t.office == office && t.to.is_none())
        {
            if current.from >= from {
                return Err(Refusal::new(
                    "R-M2",
                    "CAV §2.3",
                    format!(
                        "the current {} took office on {}; a new holder must start after that",
                        office.label(),
                        current.from
                    ),
                ));
            }
            current.to = Some(from - Days::new(1));
        }
        self.offices.push(OfficeTerm {
            office,
            holder,
            from,
            to: None,
        });
        Ok(())
    }

    /// Ends every office a member holds (their term ended on `last_day`).
    pub fn vacate_all(&mut self, member: MemberId, last_day: NaiveDate) {
        for t in self
            .offices
            .iter_mut()
            .filter(|t| t.holder == member && t.to.is_none())
        {
            t.to = Some(last_day);
        }
        for g in self.groups.iter_mut().filter(|g| g.leader == Some(member)) {
            g.leader = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn council(kind: &str) -> Council {
        Council::new("Ashcombe", kind, "banbury", &["banbury", "town"]).unwrap()
    }

    #[test]
    fn set_up_refuses_bad_fields_together() {
        let Err(Rejection::Invalid(errors)) = Council::new(" ", "city", "nope", &["banbury"])
        else {
            panic!("expected field errors")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["council name", "kind", "protocol"]);
    }

    #[test]
    fn one_holder_per_office_and_history_kept() {
        let mut c = council("parish");
        c.appoint(Office::Chairman, MemberId(1), d(2025, 5, 10))
            .unwrap();
        c.appoint(Office::Chairman, MemberId(2), d(2026, 5, 9))
            .unwrap();
        assert_eq!(c.holder(Office::Chairman, d(2026, 1, 1)), Some(MemberId(1)));
        assert_eq!(c.holder(Office::Chairman, d(2026, 5, 9)), Some(MemberId(2)));
        assert_eq!(c.offices.len(), 2);
        assert_eq!(c.offices[0].to, Some(d(2026, 5, 8)));
        let refused = c
            .appoint(Office::Chairman, MemberId(3), d(2026, 5, 1))
            .unwrap_err();
        assert_eq!(refused.cite.rule, "R-M2");
    }

    #[test]
    fn town_mayor_only_for_town_councils() {
        let mut parish = council("parish");
        assert_eq!(
            parish
                .appoint(Office::TownMayor, MemberId(1), d(2026, 5, 1))
                .unwrap_err()
                .cite
                .rule,
            "R-M2"
        );
        let mut town = council("town");
        assert!(town
            .appoint(Office::TownMayor, MemberId(1), d(2026, 5, 1))
            .is_ok());
    }

    #[test]
    fn the_monitoring_officer_needs_a_name() {
        let mut c = council("parish");
        assert!(c.set_monitoring_officer(" ", "District", "", "").is_err());
        c.set_monitoring_officer("Priya Natarajan", "West Ashcombe DC", "mo@example.org", "")
            .unwrap();
        assert_eq!(
            c.monitoring_officer.as_ref().unwrap().organisation,
            "West Ashcombe DC"
        );
    }

    #[test]
    fn the_monitoring_officer_is_never_a_serving_member_or_the_clerk() {
        use crate::domain::ids::OfficerId;
        use crate::domain::member::{JoinedBy, Member};
        use crate::domain::officer::{Employment, LineManager, Officer, Post};
        let member = Member {
            id: MemberId(1),
            name: "Ann Lee".into(),
            ward: String::new(),
            group: None,
            joined_by: JoinedBy::Elected,
            term_start: d(2023, 5, 8),
            term_end: None,
            end_reason: None,
            dpi_registered: None,
            email: None,
            phone: None,
        };
        let clerk = Officer {
            id: OfficerId(1),
            name: "Clara Whitcombe".into(),
            post: Post::Clerk,
            title: None,
            employment: Employment::Employee,
            line_manager: LineManager::Council,
            started: d(2020, 1, 6),
            protocol_briefed: None,
            left: None,
            email: None,
            phone: None,
        };
        let day = d(2026, 11, 22);
        let check = |name: &str| {
            Council::check_monitoring_officer_is_external(
                name,
                std::slice::from_ref(&member),
                std::slice::from_ref(&clerk),
                day,
            )
        };
        // Refused (R-O3, TWY §4.2): a serving member, the Clerk, whatever the case.
        for name in ["Ann Lee", "clara whitcombe "] {
            let r = check(name).unwrap_err();
            assert_eq!(
                (r.cite.rule.as_str(), r.cite.clause.as_str()),
                ("R-O3", "TWY §4.2")
            );
        }
        // Allowed: the principal authority's officer; and a former member once their term ended.
        assert!(check("Priya Natarajan").is_ok());
        let mut former = member.clone();
        former.term_end = Some(d(2025, 5, 1));
        assert!(Council::check_monitoring_officer_is_external(
            "Ann Lee",
            &[former],
            std::slice::from_ref(&clerk),
            day
        )
        .is_ok());
    }

    #[test]
    fn groups_resolve_by_name_and_independent_is_none() {
        let mut c = council("parish");
        let g = c.add_group("Green").unwrap();
        assert_eq!(c.group_by_name("group", "green").unwrap(), Some(g));
        assert_eq!(c.group_by_name("group", "Independent").unwrap(), None);
        assert!(c
            .group_by_name("group", "Purple")
            .unwrap_err()
            .message
            .contains("Green"));
        assert!(c.add_group("GREEN").is_err());
    }
}
