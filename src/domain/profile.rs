//! Protocol profiles: which role handles what under each model of member/officer protocol
//! (`shared/protocols/README.md`). Profiles are data in `assets/protocols/`; the domain only reads them,
//! so no council's arrangement is hard-coded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rules::Cite;

/// The protocols' short names, as clauses cite them (`shared/protocols/README.md`).
pub const PROTOCOLS: [&str; 5] = ["CAV", "WEN", "TWY", "LLTC", "BOR"];

/// What a citation says where the council's own protocol has no clause for the rule.
pub const NO_CLAUSE_OF_ITS_OWN: &str = "no clause in this council's protocol";

/// Someone the protocol can hand a matter to. Resolved against a council's office holders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    Chairman,
    ViceChairman,
    Leader,
    StaffingChair,
    TownMayor,
    MonitoringOfficer,
    /// The officer's own line manager (borough: Executive Director / Head of Service).
    LineManager,
    /// R-E1.7: where everyone the profile names is excluded, the council appoints an independent
    /// person for the case, recorded as such on it.
    IndependentPerson,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Clerk => "the Clerk",
            Role::Chairman => "the Chairman",
            Role::ViceChairman => "the Vice-Chairman",
            Role::Leader => "the Leader",
            Role::StaffingChair => "the Chair of the Staffing Committee",
            Role::TownMayor => "the Town Mayor (the Chairman)",
            Role::MonitoringOfficer => "the Monitoring Officer",
            Role::LineManager => "the officer's line manager",
            Role::IndependentPerson => "an independent person appointed by the council",
        }
    }
}

/// Who a matter goes to, in order, and the clause that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routing {
    /// Handlers in the order the matter reaches them (toolkit: the Chair, then the Clerk).
    pub handlers: Vec<Role>,
    pub clause: String,
    /// The first step the protocol names, where it names one (R-E2.1, toolkit: raising the matter
    /// with the Clerk in the first instance, TWY §4.4).
    #[serde(default)]
    pub first_step: Option<String>,
}

/// R-G3/R-G4: what the protocol says about officers at political group meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupMeetingPolicy {
    /// The Clerk may attend, send a representative or decline; other groups are told (CAV §4.3).
    ClerkMayAttend,
    /// Officers are not expected to attend (LLTC §7.4).
    NotExpected,
    /// Not normally, unless the head of paid service agrees (BOR §2.3).
    WithHeadOfPaidServiceAgreement,
    /// The protocol is silent.
    NotCovered,
}

impl GroupMeetingPolicy {
    /// What the council's protocol says, in the clerk's words.
    pub fn label(self) -> &'static str {
        match self {
            GroupMeetingPolicy::ClerkMayAttend => {
                "the Clerk may attend, send someone or decline; other groups are told"
            }
            GroupMeetingPolicy::NotExpected => "officers are not expected to attend",
            GroupMeetingPolicy::WithHeadOfPaidServiceAgreement => {
                "not normally, unless the head of paid service agrees"
            }
            GroupMeetingPolicy::NotCovered => "the protocol is silent",
        }
    }
}

/// R-G1/R-G2/R-G4: reports prepared for a political group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupReportPolicy {
    /// Facts and options only; every other group told, copy on request (CAV §4.2).
    OtherGroupsTold,
    /// Confidential to the group; the facts behind it available to all members (BOR §2.4).
    ConfidentialFactsAvailable,
    NotCovered,
}

/// Working-day targets (R-E1.3, R-E1.6, R-I1, R-I5, R-O2) and the least panel (R-E1.2). The
/// hearing, appeal, panel and briefing figures are in no protocol: the profile's defaults, which
/// the council may change (`figures::CouncilFigures`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub hearing_working_days: u32,
    pub appeal_working_days: u32,
    pub enquiry_working_days: u32,
    /// R-I5: a member's complaint (a concern about an officer, R-E2) is answered within this.
    pub complaint_working_days: u32,
    pub foi_working_days: u32,
    pub protocol_briefing_working_days: u32,
    /// R-E1.2: the fewest members on a grievance panel.
    #[serde(default = "two")]
    pub panel_minimum: u32,
    /// The figures the council changed, laid over the defaults by the session (never in a profile).
    #[serde(skip)]
    pub council_figures: crate::domain::figures::CouncilFigures,
}

fn two() -> u32 {
    2
}

/// Who recruits whom, where the council's protocol says (R-O1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recruiting {
    /// Councillors recruit the Clerk, and may take part for other senior roles (LLTC §8.5).
    pub clerk: String,
    /// Officers recruit everyone else (LLTC §8.6).
    pub others: String,
}

/// Steps of a case that one model's protocol adds, each named by its clause; `None` where the
/// council's protocol has no such step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSteps {
    /// R-E2.1: a member's concern about an officer starts with direct discussion with the employee
    /// (BOR §2.7).
    #[serde(default)]
    pub direct_discussion: Option<String>,
    /// R-E1.1: whoever handles an officer's grievance consults the member concerned and/or their
    /// group leader (BOR §2.8).
    #[serde(default)]
    pub consultation: Option<String>,
    /// R-E2.4: the Chair does not deal alone with performance or line-management matters
    /// (TWY §4.2).
    #[serde(default)]
    pub chair_not_alone: Option<String>,
    /// R-E2.4: members hear an appeal on a concern about an officer (LLTC §8.8).
    #[serde(default)]
    pub concern_appeal: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Short key stored with the council (`banbury`, `toolkit`, `town`, `borough`).
    pub id: String,
    pub name: String,
    /// Protocols this model is drawn from, by short name (CAV, WEN, TWY, LLTC, BOR).
    pub sources: Vec<String>,
    pub summary: String,
    /// R-E2.1: a member's concern about an officer other than the Clerk.
    pub member_concern: Routing,
    /// R-E2.1: a member's concern about the Clerk.
    pub member_concern_about_clerk: Routing,
    /// R-E1: an officer's grievance about a member.
    pub officer_grievance: Routing,
    /// R-E1.7: who takes the Clerk's steps when the Clerk is the complainant.
    pub clerk_complainant_holder: Role,
    /// R-E1.7: the chain of stand-ins, in order, for a handler, decider or step-taker who is a
    /// party, conflicted (R-D1) or not in post. Empty: `clerk_complainant_holder` alone.
    #[serde(default)]
    pub stand_ins: Vec<Role>,
    pub group_meetings: GroupMeetingPolicy,
    pub group_meetings_clause: String,
    pub group_reports: GroupReportPolicy,
    pub group_reports_clause: String,
    /// R-I4: advice to one member is kept from the others always (BOR §2.4), not only on request.
    #[serde(default)]
    pub advice_kept_private: bool,
    /// R-E3: where the protocol lets an office-holder (a chairman, a leader) give an officer
    /// instructions, the clause that does (BOR §6.3); such an instruction is then no breach.
    #[serde(default)]
    pub office_holders_may_instruct: Option<String>,
    /// R-C1: where an officer's letter to a member about a ward matter normally goes to the other
    /// members for the ward too, the clause that says so (BOR §7.1); `None` where the council's
    /// protocol asks nothing of the kind.
    #[serde(default)]
    pub ward_copies: Option<String>,
    /// R-O1: where the protocol says who recruits whom (LLTC §8.5–8.6), its clauses; `None` where
    /// it leaves recruitment to the council's own process, and only R-D1 bars anyone from a panel.
    #[serde(default)]
    pub recruitment: Option<Recruiting>,
    /// Steps of a case that only this model's protocol has, each with its clause.
    #[serde(default)]
    pub model_steps: ModelSteps,
    pub deadlines: Deadlines,
    /// The clause of this model's own protocol behind each rule it words differently (RULES.md,
    /// top: a Banbury council's refusal cites CAV, a toolkit council's TWY). Rules resting on a
    /// statute or the ACAS Code are not listed: their citation is the same under every model.
    #[serde(default)]
    pub clauses: BTreeMap<String, String>,
}

impl Profile {
    /// The model in a line, for a clerk choosing one at set-up: its key, the protocols it is drawn
    /// from, and the first sentence of its summary.
    pub fn in_a_line(&self) -> String {
        let first = match self.summary.find(". ") {
            Some(end) => &self.summary[..=end],
            None => self.summary.trim(),
        };
        format!("{} ({}): {first}", self.id, self.sources.join(", "))
    }

    /// This model's clause for `rule`, if it words the rule its own way.
    pub fn clause_for(&self, rule: &str) -> Option<&str> {
        self.clauses.get(rule).map(String::as_str)
    }

    /// A citation as this council's protocol gives it. A clause may list the places each protocol
    /// says the same thing ("CAV §5.1, TWY §4.1"): only this model's are kept, with any statute or
    /// code cited beside them. Where none of this model's remain, its own clause for the rule is
    /// used (see `clauses`); where it has none, the rule is cited with [`NO_CLAUSE_OF_ITS_OWN`].
    pub fn localise(&self, cite: Cite) -> Cite {
        let mut source: Option<&str> = None;
        let mut kept: Vec<&str> = Vec::new();
        let mut foreign = false;
        for part in cite.clause.split(", ") {
            if let Some(name) = PROTOCOLS.iter().find(|p| part.starts_with(*p)) {
                source = Some(name);
            } else if !part.starts_with('§') {
                // A statute or code: the same under every model.
                source = None;
            }
            match source {
                Some(name) if !self.sources.iter().any(|s| s == name) => foreign = true,
                _ => kept.push(part),
            }
        }
        if !foreign {
            return cite;
        }
        let own = kept.iter().any(|part| {
            part.starts_with('§') || self.sources.iter().any(|s| part.starts_with(s.as_str()))
        });
        if own {
            return Cite::new(cite.rule, kept.join(", "));
        }
        match self.clause_for(&cite.rule) {
            Some(clause) if kept.is_empty() => Cite::new(cite.rule, clause),
            Some(clause) => Cite::new(cite.rule, format!("{clause}, {}", kept.join(", "))),
            // Never another model's clause (RULES.md, top): the statute alone where there is one,
            // else say that this council's protocol has none for the rule.
            None if kept.is_empty() => Cite::new(cite.rule, NO_CLAUSE_OF_ITS_OWN),
            None => Cite::new(cite.rule, kept.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_sources(sources: &[&str], clauses: &[(&str, &str)]) -> Profile {
        let mut p = crate::domain::testkit::banbury_profile();
        p.sources = sources.iter().map(|s| s.to_string()).collect();
        p.clauses = clauses
            .iter()
            .map(|(r, c)| (r.to_string(), c.to_string()))
            .collect();
        p
    }

    #[test]
    fn a_model_in_a_line_is_its_key_sources_and_first_sentence() {
        let mut p = with_sources(&["CAV", "WEN"], &[]);
        p.summary = "Concerns go to the Clerk. Then the Monitoring Officer.".into();
        assert_eq!(
            p.in_a_line(),
            format!("{} (CAV, WEN): Concerns go to the Clerk.", p.id)
        );
        p.summary = "One sentence only".into();
        assert!(p.in_a_line().ends_with(": One sentence only"));
    }

    #[test]
    fn a_citation_keeps_only_the_councils_own_protocol() {
        let banbury = with_sources(&["CAV", "WEN"], &[("R-E1.1", "CAV §5.1")]);
        let toolkit = with_sources(&["TWY"], &[("R-E1.1", "TWY §4.1")]);
        let town = with_sources(&["LLTC"], &[("R-E1.1", "LLTC §5 (closing lines)")]);
        let cite = |c: &str| Cite::new("R-E1.1", c);
        let mixed = cite("CAV §5.1, TWY §4.1");
        assert_eq!(banbury.localise(mixed.clone()).clause, "CAV §5.1");
        assert_eq!(toolkit.localise(mixed.clone()).clause, "TWY §4.1");
        // None of the town's own: its clause for the rule.
        assert_eq!(town.localise(mixed).clause, "LLTC §5 (closing lines)");
        // A bare § continues the protocol before it; a statute stays under every model.
        assert_eq!(
            banbury
                .localise(cite("LLTC §8.7, §8.1–8.2, CAV §5.2"))
                .clause,
            "CAV §5.2"
        );
        assert_eq!(
            toolkit
                .localise(cite("TWY §4.2, ACAS Code of Practice"))
                .clause,
            "TWY §4.2, ACAS Code of Practice"
        );
        assert_eq!(
            toolkit
                .localise(cite("CAV §5.1, ACAS Code of Practice"))
                .clause,
            "TWY §4.1, ACAS Code of Practice"
        );
        // Already the council's own, or a statute alone: unchanged.
        assert_eq!(banbury.localise(cite("CAV §5.1")).clause, "CAV §5.1");
        assert_eq!(
            town.localise(cite("Localism Act 2011 s32")).clause,
            "Localism Act 2011 s32"
        );
        // No clause of its own for the rule: never another model's; a statute beside it stays.
        let bare = with_sources(&["BOR"], &[]);
        assert_eq!(bare.localise(cite("CAV §5.1")).clause, NO_CLAUSE_OF_ITS_OWN);
        assert_eq!(
            bare.localise(cite("CAV §5.1, Localism Act 2011 s30"))
                .clause,
            "Localism Act 2011 s30"
        );
    }

    /// RULES.md, top: a council's citation never names another model's protocol, under any of
    /// the four profiles, for every clause the domain cites that names protocols.
    #[test]
    fn no_profile_ever_cites_another_models_protocol() {
        use crate::domain::grievance::BreachCategory;
        let mut cites: Vec<Cite> = BreachCategory::ALL.iter().map(|c| c.cite()).collect();
        cites.extend([
            Cite::new("R-D1", "BOR §2.11, LLTC §7.7"),
            Cite::new("R-D3", "LLTC App A"),
            Cite::new("R-D4", "BOR §2.11"),
            Cite::new("R-I2", "BOR §4.1"),
            Cite::new("R-I4", "LLTC App A general §1–3, BOR §4.2"),
            Cite::new("R-E1.5", "CAV §5.1, TWY §4.2"),
            crate::domain::rules::cites::no_members_in_publicity(),
            crate::domain::rules::cites::pre_election_period(),
        ]);
        for id in ["banbury", "toolkit", "town", "borough"] {
            let profile = crate::assets::profile(id).unwrap();
            for cite in &cites {
                let local = profile.localise(cite.clone());
                for other in PROTOCOLS
                    .iter()
                    .filter(|p| !profile.sources.iter().any(|s| s == *p))
                {
                    assert!(
                        !local.clause.contains(other),
                        "{id}: {cite} became {local}, naming {other}"
                    );
                }
                assert_eq!(local.rule, cite.rule);
                assert!(!local.clause.is_empty(), "{id}: {cite}");
            }
        }
    }

    #[test]
    fn role_labels_are_prose() {
        assert_eq!(
            Role::StaffingChair.label(),
            "the Chair of the Staffing Committee"
        );
    }
}
