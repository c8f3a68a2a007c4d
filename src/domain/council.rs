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
    /// The chair of a committee the council names (R-M2); the committee is on the term.
    CommitteeChair,
    /// The vice-chair of a committee the council names (R-M2).
    CommitteeViceChair,
}

impl Office {
    /// The offices a member is appointed to (R-M2). `TownMayor` is not among them: a town
    /// council's Town Mayor is its Chairman (LGA 1972 s245(6)); the variant stays only so stores
    /// that recorded one separately still read (see [`Council::merge_town_mayor_terms`]).
    pub const ALL: [Office; 4] = [
        Office::Chairman,
        Office::ViceChairman,
        Office::Leader,
        Office::StaffingChair,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Office::Chairman => "Chairman",
            Office::ViceChairman => "Vice-Chairman",
            Office::Leader => "Leader",
            Office::StaffingChair => "Chair of Staffing",
            Office::TownMayor => "Town Mayor",
            Office::CommitteeChair => "committee chair",
            Office::CommitteeViceChair => "committee vice-chair",
        }
    }

    pub fn role(self) -> Role {
        match self {
            Office::Chairman => Role::Chairman,
            Office::ViceChairman => Role::ViceChairman,
            Office::Leader => Role::Leader,
            Office::StaffingChair => Role::StaffingChair,
            Office::TownMayor => Role::TownMayor,
            // Committee offices route nothing under any profile: their chair is not a protocol role.
            Office::CommitteeChair | Office::CommitteeViceChair => Role::Chairman,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeTerm {
    pub office: Office,
    /// For a committee chair or vice-chair, the committee (R-M2); `None` for council offices.
    pub committee: Option<String>,
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
    /// The day the current leader took over, where it was recorded (R-M2).
    pub leader_from: Option<NaiveDate>,
    /// Earlier leaders, oldest first: the history is kept like an office's (R-M2).
    pub past_leaders: Vec<LeaderTerm>,
}

impl Group {
    /// The group's past leaders as the screens show them: `M-001 2023-05-10–2025-05-09`, with
    /// `name` turning a member into how the screen names them.
    pub fn past_leaders_text(&self, name: impl Fn(MemberId) -> String) -> Option<String> {
        (!self.past_leaders.is_empty()).then(|| {
            self.past_leaders
                .iter()
                .map(|t| {
                    format!(
                        "{} {}–{}",
                        name(t.holder),
                        t.from.map(|d| d.to_string()).unwrap_or_else(|| "?".into()),
                        t.to
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

/// A group leader who has since stood down (R-M2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderTerm {
    pub holder: MemberId,
    /// `None` where the start was not recorded (stores from before the history was kept).
    pub from: Option<NaiveDate>,
    /// Last day led.
    pub to: NaiveDate,
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
            leader_from: None,
            past_leaders: Vec::new(),
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

    /// The member holding `office` (a council office, not a committee's) on `day`.
    pub fn holder(&self, office: Office, day: NaiveDate) -> Option<MemberId> {
        self.offices
            .iter()
            .find(|t| {
                t.office == office
                    && t.committee.is_none()
                    && t.from <= day
                    && t.to.is_none_or(|to| day <= to)
            })
            .map(|t| t.holder)
    }

    /// How the council styles an office: on a town council the Chairman is the Town Mayor and
    /// the Vice-Chairman the Deputy Town Mayor (LGA 1972 s245(6), R-M2); a parish has neither.
    pub fn office_label(&self, office: Office) -> String {
        match (self.kind, office) {
            (CouncilKind::Town, Office::Chairman) => "Town Mayor (Chairman)".to_string(),
            (CouncilKind::Town, Office::ViceChairman) => {
                "Deputy Town Mayor (Vice-Chairman)".to_string()
            }
            _ => office.label().to_string(),
        }
    }

    /// The offices a member holds on `day`, group leadership included.
    pub fn offices_of(&self, member: MemberId, day: NaiveDate) -> Vec<String> {
        let mut held: Vec<String> = Office::ALL
            .iter()
            .filter(|o| self.holder(**o, day) == Some(member))
            .map(|o| self.office_label(*o))
            .collect();
        for t in self.offices.iter().filter(|t| {
            t.committee.is_some()
                && t.holder == member
                && t.from <= day
                && t.to.is_none_or(|to| day <= to)
        }) {
            held.push(self.term_label(t));
        }
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
        // R-M2: the Town Mayor is the Chairman, styled so (LGA 1972 s245(6)); a parish has none.
        let office = match (office, self.kind) {
            (Office::TownMayor, CouncilKind::Town) => Office::Chairman,
            (Office::TownMayor, CouncilKind::Parish) => {
                return Err(Refusal::new(
                    "R-M2",
                    "LGA 1972 s245(6)",
                    "only a town council has a Town Mayor (its Chairman); a parish council has \
                     none",
                ));
            }
            (other, _) => other,
        };
        // R-M2: nobody is Chairman and Vice-Chairman at once.
        let other = match office {
            Office::Chairman => Some(Office::ViceChairman),
            Office::ViceChairman => Some(Office::Chairman),
            Office::Leader
            | Office::StaffingChair
            | Office::TownMayor
            | Office::CommitteeChair
            | Office::CommitteeViceChair => None,
        };
        if let Some(other) = other {
            let holds_other = self.offices.iter().any(|t| {
                t.office == other && t.holder == holder && t.to.is_none_or(|to| from <= to)
            });
            if holds_other {
                return Err(Refusal::new(
                    "R-M2",
                    "LGA 1972 s245(6)",
                    format!(
                        "nobody is Chairman and Vice-Chairman at once: this member is {} on {}; \
                         appoint another {} first",
                        self.office_label(other),
                        from,
                        self.office_label(other)
                    ),
                ));
            }
        }
        if matches!(office, Office::CommitteeChair | Office::CommitteeViceChair) {
            return Err(Refusal::new(
                "R-M2",
                "CAV §2.3",
                "name the committee: appoint its chair or vice-chair with the committee's name",
            ));
        }
        if let Some(current) = self
            .offices
            .iter_mut()
            .find(|t| t.office == office && t.committee.is_none() && t.to.is_none())
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
            committee: None,
            holder,
            from,
            to: None,
        });
        Ok(())
    }

    /// R-M2: the chair or vice-chair of a committee the council names: one holder of each at a
    /// time (the current one's term ends the day before), nobody both chair and vice-chair of the
    /// same committee, the history kept.
    pub fn appoint_committee(
        &mut self,
        office: Office,
        committee: &str,
        holder: MemberId,
        from: NaiveDate,
    ) -> Result<(), Rejection> {
        let committee = text::required_name("committee", committee)?;
        let committee = committee
            .trim_end_matches(" Committee")
            .trim_end_matches(" committee")
            .to_string();
        // The committee as first recorded, however it is typed now.
        let committee = self
            .offices
            .iter()
            .filter_map(|t| t.committee.as_deref())
            .find(|c| c.eq_ignore_ascii_case(&committee))
            .map(str::to_string)
            .unwrap_or(committee);
        let other = match office {
            Office::CommitteeChair => Office::CommitteeViceChair,
            Office::CommitteeViceChair => Office::CommitteeChair,
            _ => {
                return Err(FieldError::new(
                    "office",
                    format!("{} is not a committee office", office.label()),
                )
                .into())
            }
        };
        let same = |t: &OfficeTerm| {
            t.committee
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(&committee))
        };
        if self.offices.iter().any(|t| {
            t.office == other && same(t) && t.holder == holder && t.to.is_none_or(|to| from <= to)
        }) {
            return Err(Refusal::new(
                "R-M2",
                "CAV §2.3",
                format!(
                    "nobody is chair and vice-chair of the {committee} Committee at once: appoint \
                     another {} first",
                    other.label()
                ),
            )
            .into());
        }
        if let Some(current) = self
            .offices
            .iter_mut()
            .find(|t| t.office == office && same(t) && t.to.is_none())
        {
            if current.from >= from {
                return Err(Refusal::new(
                    "R-M2",
                    "CAV §2.3",
                    format!(
                        "the current {} of the {committee} Committee took office on {}; a new \
                         holder must start after that",
                        office.label(),
                        current.from
                    ),
                )
                .into());
            }
            current.to = Some(from - Days::new(1));
        }
        self.offices.push(OfficeTerm {
            office,
            committee: Some(committee),
            holder,
            from,
            to: None,
        });
        Ok(())
    }

    /// How a term's office is shown: the council's styling, or the committee it chairs.
    pub fn term_label(&self, term: &OfficeTerm) -> String {
        match (&term.committee, term.office) {
            (Some(c), Office::CommitteeChair) => format!("Chair of the {c} Committee"),
            (Some(c), Office::CommitteeViceChair) => format!("Vice-chair of the {c} Committee"),
            _ => self.office_label(term.office),
        }
    }

    /// Stores from before R-M2 was mended may hold a separately recorded Town Mayor. Each such
    /// term becomes a Chairman term where no Chairman term overlaps it; one held by the Chairman
    /// of the time is dropped as the same office; one that overlaps another member's chairmanship
    /// is kept as it is, and [`Council::town_mayor_clashes`] shows it to the clerk.
    pub fn merge_town_mayor_terms(&mut self) {
        let overlaps = |a: &OfficeTerm, b: &OfficeTerm| {
            a.from <= b.to.unwrap_or(NaiveDate::MAX) && b.from <= a.to.unwrap_or(NaiveDate::MAX)
        };
        let chairs: Vec<OfficeTerm> = self
            .offices
            .iter()
            .filter(|t| t.office == Office::Chairman)
            .cloned()
            .collect();
        let mut kept = Vec::new();
        for mut t in std::mem::take(&mut self.offices) {
            if t.office == Office::TownMayor {
                let clashing: Vec<&OfficeTerm> =
                    chairs.iter().filter(|c| overlaps(&t, c)).collect();
                if clashing.is_empty() && self.kind == CouncilKind::Town {
                    t.office = Office::Chairman;
                } else if clashing.iter().all(|c| c.holder == t.holder) && !clashing.is_empty() {
                    continue;
                }
            }
            kept.push(t);
        }
        self.offices = kept;
    }

    /// R-M2: separately recorded Town Mayor terms that could not be merged into the Chairman's,
    /// described for the clerk to resolve.
    pub fn town_mayor_clashes(&self) -> Vec<String> {
        self.offices
            .iter()
            .filter(|t| t.office == Office::TownMayor)
            .map(|t| {
                format!(
                    "R-M2: {} was recorded as a separate Town Mayor from {}{}; the Town Mayor is the \
                     Chairman (LGA 1972 s245(6)), and another member chaired then: appoint the \
                     right Chairman",
                    t.holder,
                    t.from,
                    t.to.map(|d| format!(" to {d}")).unwrap_or_default()
                )
            })
            .collect()
    }

    /// R-M2: `holder` leads `group` from `from`; the leader before them is kept in the history,
    /// their leadership ending the day before.
    pub fn set_group_leader(
        &mut self,
        group: GroupId,
        holder: MemberId,
        from: NaiveDate,
    ) -> Result<(), Refusal> {
        let Some(g) = self.groups.iter_mut().find(|g| g.id == group) else {
            return Err(Refusal::new(
                "R-M2",
                "CAV §5.1",
                format!("there is no group {group}"),
            ));
        };
        if let Some(current) = g.leader {
            if current == holder {
                return Ok(());
            }
            if g.leader_from.is_some_and(|since| since >= from) {
                return Err(Refusal::new(
                    "R-M2",
                    "CAV §5.1",
                    format!(
                        "the current leader of {} took over on {}; a new leader must start after that",
                        g.name,
                        g.leader_from.map(|d| d.to_string()).unwrap_or_default()
                    ),
                ));
            }
            g.past_leaders.push(LeaderTerm {
                holder: current,
                from: g.leader_from,
                to: from - Days::new(1),
            });
        }
        g.leader = Some(holder);
        g.leader_from = Some(from);
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
            g.past_leaders.push(LeaderTerm {
                holder: member,
                from: g.leader_from,
                to: last_day,
            });
            g.leader = None;
            g.leader_from = None;
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
    fn the_town_mayor_is_the_chairman_and_a_parish_has_none() {
        // R-M2 (LGA 1972 s245(6)): refused on a parish council.
        let mut parish = council("parish");
        let r = parish
            .appoint(Office::TownMayor, MemberId(1), d(2026, 5, 1))
            .unwrap_err();
        assert_eq!(r.cite.rule, "R-M2");
        assert_eq!(parish.office_label(Office::Chairman), "Chairman");
        // On a town council "Town Mayor" appoints the Chairman, styled Town Mayor.
        let mut town = council("town");
        town.appoint(Office::TownMayor, MemberId(1), d(2026, 5, 1))
            .unwrap();
        assert_eq!(
            town.holder(Office::Chairman, d(2026, 5, 2)),
            Some(MemberId(1))
        );
        assert_eq!(town.holder(Office::TownMayor, d(2026, 5, 2)), None);
        assert_eq!(
            town.offices_of(MemberId(1), d(2026, 5, 2)),
            ["Town Mayor (Chairman)"]
        );
        assert!(!Office::ALL.contains(&Office::TownMayor));
    }

    #[test]
    fn nobody_is_chairman_and_vice_chairman_at_once() {
        let mut c = council("parish");
        c.appoint(Office::Chairman, MemberId(1), d(2025, 5, 10))
            .unwrap();
        // Refused: the sitting Chairman as Vice-Chairman (R-M2).
        let r = c
            .appoint(Office::ViceChairman, MemberId(1), d(2026, 1, 1))
            .unwrap_err();
        assert_eq!(r.cite.rule, "R-M2");
        assert!(r.reason.contains("at once"), "{}", r.reason);
        // Allowed: another member as Vice-Chairman; and the Vice-Chairman becoming Chairman once
        // a new Vice-Chairman takes over.
        c.appoint(Office::ViceChairman, MemberId(2), d(2026, 1, 1))
            .unwrap();
        let r = c
            .appoint(Office::Chairman, MemberId(2), d(2026, 5, 9))
            .unwrap_err();
        assert_eq!(r.cite.rule, "R-M2");
        c.appoint(Office::ViceChairman, MemberId(3), d(2026, 5, 9))
            .unwrap();
        c.appoint(Office::Chairman, MemberId(2), d(2026, 5, 9))
            .unwrap();
        assert_eq!(c.holder(Office::Chairman, d(2026, 5, 9)), Some(MemberId(2)));
    }

    #[test]
    fn a_separately_recorded_town_mayor_merges_into_the_chairman_or_is_shown_as_a_clash() {
        let term = |office, holder, from, to| OfficeTerm {
            office,
            committee: None,
            holder: MemberId(holder),
            from,
            to,
        };
        let mut town = council("town");
        town.offices = vec![
            // No Chairman recorded then: the Town Mayor was the Chairman.
            term(Office::TownMayor, 1, d(2023, 5, 10), Some(d(2024, 5, 9))),
            term(Office::Chairman, 2, d(2024, 5, 10), None),
            // The same member as the Chairman: one office, the duplicate dropped.
            term(Office::TownMayor, 2, d(2024, 5, 10), Some(d(2025, 5, 9))),
            // Another member while Member 2 chaired: a clash, kept and shown.
            term(Office::TownMayor, 3, d(2025, 5, 10), None),
        ];
        town.merge_town_mayor_terms();
        assert_eq!(
            town.holder(Office::Chairman, d(2023, 6, 1)),
            Some(MemberId(1))
        );
        assert_eq!(town.offices.len(), 3);
        let clashes = town.town_mayor_clashes();
        assert_eq!(clashes.len(), 1);
        assert!(clashes[0].contains("M-003"), "{}", clashes[0]);
        assert!(clashes[0].starts_with("R-M2"), "{}", clashes[0]);
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
            sort_name: None,
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
            briefed_by: None,
            recruitment: None,
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
    fn committee_chairs_and_vice_chairs_one_at_a_time_with_history() {
        // R-M2: any committee the council names has a chair and a vice-chair, one holder each.
        let mut c = council("parish");
        let chair = Office::CommitteeChair;
        let vice = Office::CommitteeViceChair;
        c.appoint_committee(chair, "Planning", MemberId(1), d(2025, 5, 10))
            .unwrap();
        c.appoint_committee(vice, "planning committee", MemberId(2), d(2025, 5, 10))
            .unwrap();
        c.appoint_committee(chair, "Finance", MemberId(2), d(2025, 5, 10))
            .unwrap();
        assert_eq!(
            c.offices_of(MemberId(2), d(2025, 6, 1)),
            [
                "Vice-chair of the Planning Committee",
                "Chair of the Finance Committee"
            ]
        );
        // A committee office is not a council office.
        assert_eq!(c.holder(Office::Chairman, d(2025, 6, 1)), None);
        // Refused: the vice-chair also as chair of the same committee; a nameless committee; a
        // committee office through the council-office path.
        let Err(Rejection::Refused(r)) =
            c.appoint_committee(chair, "Planning", MemberId(2), d(2026, 5, 9))
        else {
            panic!("chair and vice-chair at once")
        };
        assert_eq!(r.cite.rule, "R-M2");
        assert!(matches!(
            c.appoint_committee(chair, " ", MemberId(3), d(2026, 5, 9)),
            Err(Rejection::Invalid(_))
        ));
        assert_eq!(
            c.appoint(chair, MemberId(3), d(2026, 5, 9))
                .unwrap_err()
                .cite
                .rule,
            "R-M2"
        );
        // A new chair ends the old one's term the day before; the history is kept.
        c.appoint_committee(chair, "Planning", MemberId(3), d(2026, 5, 9))
            .unwrap();
        let planning: Vec<&OfficeTerm> = c
            .offices
            .iter()
            .filter(|t| t.office == chair && t.committee.as_deref() == Some("Planning"))
            .collect();
        assert_eq!(planning.len(), 2);
        assert_eq!(planning[0].to, Some(d(2026, 5, 8)));
    }

    #[test]
    fn group_leaders_keep_their_history_like_offices() {
        // R-M2: a new leader ends the old one's leadership the day before; leaving ends it too.
        let mut c = council("parish");
        let g = c.add_group("Green").unwrap();
        c.set_group_leader(g, MemberId(1), d(2023, 5, 10)).unwrap();
        c.set_group_leader(g, MemberId(2), d(2025, 5, 10)).unwrap();
        let r = c
            .set_group_leader(g, MemberId(3), d(2025, 5, 1))
            .unwrap_err();
        assert_eq!(r.cite.rule, "R-M2");
        c.vacate_all(MemberId(2), d(2026, 1, 31));
        let group = c.group(g).unwrap();
        assert_eq!(group.leader, None);
        assert_eq!(
            group.past_leaders,
            [
                LeaderTerm {
                    holder: MemberId(1),
                    from: Some(d(2023, 5, 10)),
                    to: d(2025, 5, 9)
                },
                LeaderTerm {
                    holder: MemberId(2),
                    from: Some(d(2025, 5, 10)),
                    to: d(2026, 1, 31)
                },
            ]
        );
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
