//! Figures no protocol sets (RULES.md, top): the 5-working-day hearing target (R-E1.3), the
//! 10-working-day appeal window (R-E1.6), a panel of at least 2 (R-E1.2) and 5 working days for
//! the protocol briefing (R-O2). They are the profile's defaults, which the council may change; the
//! screen and the command line always say which they are ("5 working days (council default)").
//!
//! The council's choices are one record ([`CouncilFigures`]); the session lays them over the
//! profile's [`Deadlines`] once, so every rule reads the figure in force from
//! `ctx.profile.deadlines` and every face words it through [`Deadlines::wording`].

use serde::{Deserialize, Serialize};

use super::profile::Deadlines;
use super::rules::{Cite, FieldError};

/// One figure the council may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    Hearing,
    Appeal,
    Panel,
    Briefing,
}

impl Figure {
    pub const ALL: [Figure; 4] = [
        Figure::Hearing,
        Figure::Appeal,
        Figure::Panel,
        Figure::Briefing,
    ];

    /// The CLI option (`council set --hearing-days 7`).
    pub fn option(self) -> &'static str {
        match self {
            Figure::Hearing => "hearing-days",
            Figure::Appeal => "appeal-days",
            Figure::Panel => "panel-minimum",
            Figure::Briefing => "briefing-days",
        }
    }

    /// What it is, in the clerk's words.
    pub fn label(self) -> &'static str {
        match self {
            Figure::Hearing => "hearing target",
            Figure::Appeal => "appeal window",
            Figure::Panel => "grievance panel",
            Figure::Briefing => "protocol briefing",
        }
    }

    /// The rule the figure serves.
    pub fn cite(self) -> Cite {
        match self {
            Figure::Hearing => Cite::new("R-E1.3", "ACAS Code of Practice"),
            Figure::Appeal => Cite::new("R-E1.6", "ACAS Code of Practice"),
            Figure::Panel => Cite::new("R-E1.2", "TWY §4.2"),
            Figure::Briefing => Cite::new("R-O2", "LLTC §3.3"),
        }
    }

    fn unit(self, n: u32) -> String {
        match (self, n) {
            (Figure::Panel, 1) => "at least 1 member".into(),
            (Figure::Panel, n) => format!("at least {n} members"),
            (_, 1) => "1 working day".into(),
            (_, n) => format!("{n} working days"),
        }
    }

    /// The least the council may set: a panel is never one person (the Chairman may never hear a
    /// grievance alone, TWY §4.2); a day count is at least 1.
    fn least(self) -> u32 {
        match self {
            Figure::Panel => 2,
            _ => 1,
        }
    }

    /// The value in force in `d`.
    pub fn value(self, d: &Deadlines) -> u32 {
        match self {
            Figure::Hearing => d.hearing_working_days,
            Figure::Appeal => d.appeal_working_days,
            Figure::Panel => d.panel_minimum,
            Figure::Briefing => d.protocol_briefing_working_days,
        }
    }

    fn slot(self, d: &mut Deadlines) -> &mut u32 {
        match self {
            Figure::Hearing => &mut d.hearing_working_days,
            Figure::Appeal => &mut d.appeal_working_days,
            Figure::Panel => &mut d.panel_minimum,
            Figure::Briefing => &mut d.protocol_briefing_working_days,
        }
    }
}

/// The figures the council has changed from the profile's defaults; `None` keeps the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilFigures {
    pub hearing_working_days: Option<u32>,
    pub appeal_working_days: Option<u32>,
    pub panel_minimum: Option<u32>,
    pub protocol_briefing_working_days: Option<u32>,
}

impl CouncilFigures {
    pub fn get(&self, f: Figure) -> Option<u32> {
        match f {
            Figure::Hearing => self.hearing_working_days,
            Figure::Appeal => self.appeal_working_days,
            Figure::Panel => self.panel_minimum,
            Figure::Briefing => self.protocol_briefing_working_days,
        }
    }

    fn slot(&mut self, f: Figure) -> &mut Option<u32> {
        match f {
            Figure::Hearing => &mut self.hearing_working_days,
            Figure::Appeal => &mut self.appeal_working_days,
            Figure::Panel => &mut self.panel_minimum,
            Figure::Briefing => &mut self.protocol_briefing_working_days,
        }
    }

    /// Sets `f` from what the clerk typed: a whole number, or `default` (or nothing) to go back to
    /// the profile's default.
    pub fn set(&mut self, f: Figure, raw: &str) -> Result<(), FieldError> {
        let raw = raw.trim();
        if raw.is_empty() || raw.eq_ignore_ascii_case("default") {
            *self.slot(f) = None;
            return Ok(());
        }
        let n: u32 = raw.parse().map_err(|_| {
            FieldError::new(
                f.option(),
                format!("'{raw}' is not a whole number (or 'default')"),
            )
        })?;
        if n < f.least() || n > 365 {
            return Err(FieldError::new(
                f.option(),
                format!("must be from {} to 365 (given {n})", f.least()),
            ));
        }
        *self.slot(f) = Some(n);
        Ok(())
    }

    /// The profile's deadlines with the council's figures laid over them, remembering which were
    /// changed so the faces can say so.
    pub fn over(&self, defaults: &Deadlines) -> Deadlines {
        let mut d = defaults.clone();
        for f in Figure::ALL {
            if let Some(n) = self.get(f) {
                *f.slot(&mut d) = n;
            }
        }
        d.council_figures = self.clone();
        d
    }
}

impl Deadlines {
    /// The figure in force, saying whether it is the council's default or its own choice:
    /// "5 working days (council default)", "7 working days (set by the council)".
    pub fn wording(&self, f: Figure) -> String {
        let n = f.value(self);
        match self.council_figures.get(f) {
            Some(_) => format!("{} (set by the council)", f.unit(n)),
            None => format!("{} (council default)", f.unit(n)),
        }
    }

    /// "hearing target 5 working days (council default)".
    pub fn labelled(&self, f: Figure) -> String {
        format!("{} {}", f.label(), self.wording(f))
    }

    /// All four in one line, for a screen with no room for more: "Council defaults: hearing 5,
    /// appeal 10, briefing 5 working days; panel of 2"; a figure the council set is starred.
    pub fn in_a_line(&self) -> String {
        let n = |f: Figure| {
            let star = if self.council_figures.get(f).is_some() {
                "*"
            } else {
                ""
            };
            format!("{}{star}", f.value(self))
        };
        let head = if Figure::ALL
            .iter()
            .any(|f| self.council_figures.get(*f).is_some())
        {
            "Figures (* set by the council, the rest its defaults)"
        } else {
            "Council defaults"
        };
        format!(
            "{head}: hearing {}, appeal {}, briefing {} working days; panel of {}",
            n(Figure::Hearing),
            n(Figure::Appeal),
            n(Figure::Briefing),
            n(Figure::Panel)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::banbury_profile;

    #[test]
    fn a_figure_reads_as_the_councils_default_until_it_is_changed() {
        let defaults = banbury_profile().deadlines;
        let none = CouncilFigures::default().over(&defaults);
        assert_eq!(
            none.labelled(Figure::Hearing),
            "hearing target 5 working days (council default)"
        );
        assert_eq!(
            none.labelled(Figure::Panel),
            "grievance panel at least 2 members (council default)"
        );
        let mut figures = CouncilFigures::default();
        figures.set(Figure::Hearing, "7").unwrap();
        figures.set(Figure::Panel, "3").unwrap();
        let set = figures.over(&defaults);
        assert_eq!(set.hearing_working_days, 7);
        assert_eq!(set.panel_minimum, 3);
        assert_eq!(
            set.wording(Figure::Hearing),
            "7 working days (set by the council)"
        );
        // Untouched figures stay the default and say so.
        assert_eq!(
            set.wording(Figure::Appeal),
            "10 working days (council default)"
        );
        assert_eq!(
            none.in_a_line(),
            "Council defaults: hearing 5, appeal 10, briefing 5 working days; panel of 2"
        );
        assert_eq!(
            set.in_a_line(),
            "Figures (* set by the council, the rest its defaults): hearing 7*, appeal 10, \
             briefing 5 working days; panel of 3*"
        );
        // Back to the default.
        figures.set(Figure::Hearing, "default").unwrap();
        assert_eq!(figures.over(&defaults).hearing_working_days, 5);
    }

    #[test]
    fn a_figure_out_of_range_is_refused_naming_the_option() {
        let mut figures = CouncilFigures::default();
        for (f, raw, says) in [
            (Figure::Hearing, "five", "not a whole number"),
            (Figure::Hearing, "0", "from 1 to 365"),
            (Figure::Panel, "1", "from 2 to 365"),
            (Figure::Appeal, "400", "from 1 to 365"),
        ] {
            let e = figures.set(f, raw).unwrap_err();
            assert_eq!(e.field, f.option());
            assert!(e.message.contains(says), "{raw}: {}", e.message);
        }
        assert_eq!(figures, CouncilFigures::default());
    }
}
