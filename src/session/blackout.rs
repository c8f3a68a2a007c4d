//! Elections and their pre-election periods (R-P1), and council publicity checked against them
//! (R-P2 to R-P4).

use super::{Result, Session};
use crate::domain::audit::{diff, Subject};
use crate::domain::blackout::{
    self, Election, ElectionAction, ElectionEvent, ElectionInput, PeriodStatus,
};
use crate::domain::dates;
use crate::domain::publicity::{
    self, CheckContext, Finding, ItemAction, ItemEvent, PublicityInput, PublicityItem,
};
use crate::domain::rules::Cite;

pub(crate) use crate::domain::publicity::check_data_for;
pub use crate::domain::publicity::CheckData;

fn item_fields(item: &PublicityItem) -> Vec<(&'static str, String)> {
    vec![
        ("title", item.title.clone()),
        ("channel", item.channel.label().to_string()),
        ("planned", dates::show(item.planned)),
        ("state", format!("{:?}", item.state).to_lowercase()),
        ("findings", item.findings.len().to_string()),
    ]
}

fn election_cite() -> Option<Cite> {
    Some(crate::domain::rules::cites::pre_election_period())
}

impl Session {
    pub fn election_subject(id: u32) -> Subject {
        Subject(format!("election E-{id}"))
    }

    pub fn publicity_subject(id: u32) -> Subject {
        Subject(format!("publicity P-{id}"))
    }

    /// Today's standing: in a pre-election period, counting down to one, or clear.
    pub fn period_status(&self) -> PeriodStatus {
        blackout::period_status(&self.elections, self.today, &self.calendars.election)
    }

    pub fn election(&self, reference: &str) -> Result<&Election> {
        Self::find_numbered(&self.elections, |x| x.id, "E", "election", reference)
    }

    pub fn add_election(&mut self, input: &ElectionInput) -> Result<Election> {
        self.require_ctx()?;
        let id = self.elections.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        let election = self.decided(Election::create(
            id,
            input,
            self.today,
            &self.calendars.election,
        ))?;
        let changes = diff(&[], &election.fields(&self.calendars.election));
        self.save(
            &election,
            Self::election_subject(id),
            "scheduled",
            changes,
            None,
            election_cite(),
        )?;
        self.elections.push(election.clone());
        Ok(election)
    }

    pub fn election_action(&mut self, id: u32, action: ElectionAction) -> Result<ElectionEvent> {
        self.require_ctx()?;
        let before = self.election(&id.to_string())?;
        let event = self.decide(before, action)?;
        let changes = diff(
            &before.fields(&self.calendars.election),
            &event.election.fields(&self.calendars.election),
        );
        self.save(
            &event.election,
            Self::election_subject(id),
            event.action,
            changes,
            event.note.clone(),
            election_cite(),
        )?;
        if let Some(slot) = self.elections.iter_mut().find(|e| e.id == id) {
            *slot = event.election.clone();
        }
        Ok(event)
    }

    /// Who the checker looks for, for this council today.
    pub fn check_data(&self) -> CheckData {
        match &self.council {
            Some(c) => check_data_for(c, &self.members, self.today),
            None => CheckData {
                names: Vec::new(),
                groups: Vec::new(),
                ruling_group: None,
            },
        }
    }

    /// Checks any text as if it were an item planned for `planned` (the CLI's `publicity check`).
    pub fn check_text(
        &self,
        text: &str,
        planned: chrono::NaiveDate,
        channel: publicity::Channel,
        statutory: bool,
    ) -> Vec<Finding> {
        let data = self.check_data();
        let ctx = CheckContext {
            planned,
            in_period: blackout::in_period(&self.elections, planned, &self.calendars.election)
                .is_some(),
            periods: blackout::period_names_on(&self.elections, planned, &self.calendars.election),
            channel,
            statutory_election_notice: statutory,
            members: data.names.clone(),
            group_names: data.groups.clone(),
            ruling_group: data.ruling_group.clone(),
        };
        publicity::check(text, &ctx)
    }

    pub fn publicity_item(&self, reference: &str) -> Result<&PublicityItem> {
        Self::find_numbered(&self.publicity, |x| x.id, "P", "publicity item", reference)
    }

    pub fn add_publicity(&mut self, input: &PublicityInput) -> Result<PublicityItem> {
        self.require_ctx()?;
        let id = self.publicity.iter().map(|p| p.id).max().unwrap_or(0) + 1;
        let item = self.decided(PublicityItem::create(id, input))?;
        let changes = diff(&[], &item_fields(&item));
        self.save(
            &item,
            Self::publicity_subject(id),
            "drafted",
            changes,
            None,
            None,
        )?;
        self.publicity.push(item.clone());
        Ok(item)
    }

    pub fn publicity_action(&mut self, id: u32, action: ItemAction) -> Result<ItemEvent> {
        self.require_ctx()?;
        let before = self.publicity_item(&id.to_string())?;
        let event = self.decide(before, action)?;
        let changes = diff(&item_fields(before), &item_fields(&event.item));
        let cite = event
            .item
            .findings
            .iter()
            .find(|f| f.is_blocking())
            .map(|f| f.cite.clone());
        self.save(
            &event.item,
            Self::publicity_subject(id),
            event.action,
            changes,
            event.note.clone(),
            cite,
        )?;
        if let Some(slot) = self.publicity.iter_mut().find(|p| p.id == id) {
            *slot = event.item.clone();
        }
        Ok(event)
    }
}
