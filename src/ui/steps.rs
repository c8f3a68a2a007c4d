//! A record's step forms, generated from the action's spec ([`crate::domain::machine`]): one
//! field per spec field, labelled as the spec labels it and keyed by its name, a yes/no, a word
//! list, a group or a person offered as a choice, a day opening on today. On save the form's values
//! go, by field name, through the machine's own builder ([`BuildAction::build`]) — the function
//! `clerkdesk <kind> do` calls with its options — so both faces build a step the same way and a
//! bad value is named on the form by the label beside it.

use crate::domain::machine::{
    ActionKind, ActionSpec, BuildAction, Create, FieldKind, FieldSpec, Machine, Values,
};
use crate::domain::rules::Rejection;
use crate::domain::Context;
use crate::session::SessionError;

use super::form::Form;
use super::people::ActionKey;
use super::Model;

/// What a choice field offers: the words shown, the value each gives, and what typing searches.
#[derive(Clone)]
pub struct Options {
    pub shown: Vec<String>,
    pub gives: Vec<String>,
    /// Searched instead of the words shown (a person's name where meeting-safe shows a reference).
    pub search: Option<Vec<String>>,
}

impl Options {
    /// Options that give the words they show.
    pub fn words(words: Vec<String>) -> Options {
        Options {
            gives: words.clone(),
            shown: words,
            search: None,
        }
    }
}

impl Model {
    /// The options a field of this kind offers from the council in hand; `None` for a typed field.
    pub(super) fn options_for(&self, field: &FieldSpec) -> Option<Options> {
        let s = self.session.as_ref()?;
        match field.kind {
            FieldKind::YesNo => Some(Options::words(vec!["no".into(), "yes".into()])),
            FieldKind::Choice(words) => {
                // Nothing is chosen until the clerk chooses (an office, a basis, a rule are never
                // a default); a required one left so is named when saved.
                let mut gives: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                let mut shown = gives.clone();
                gives.insert(0, String::new());
                shown.insert(0, "—".into());
                Some(Options {
                    shown,
                    gives,
                    search: None,
                })
            }
            FieldKind::Group => Some(Options::words(
                s.council
                    .as_ref()
                    .map(|c| c.groups.iter().map(|g| g.name.clone()).collect())
                    .unwrap_or_default(),
            )),
            FieldKind::Member => {
                let mut shown = vec!["—".to_string()];
                let mut gives = vec![String::new()];
                let mut search = vec![String::new()];
                for m in s.members.iter().filter(|m| m.term_end.is_none()) {
                    shown.push(format!("{} {}", m.id, self.member_label(m)));
                    gives.push(m.id.to_string());
                    search.push(format!("{} {}", m.id, m.name));
                }
                Some(Options {
                    shown,
                    gives,
                    search: Some(search),
                })
            }
            FieldKind::Person => {
                let today = self.today;
                let members = s.members.iter().filter(|m| m.term_end.is_none());
                let officers = s
                    .officers
                    .iter()
                    .filter(|o| o.left.is_none_or(|l| l >= today));
                let mut shown = vec!["—".to_string()];
                let mut gives = vec![String::new()];
                let mut search = vec![String::new()];
                for m in members {
                    shown.push(format!("{} {}", m.id, self.member_label(m)));
                    gives.push(m.id.to_string());
                    search.push(format!("{} {}", m.id, m.name));
                }
                for o in officers {
                    shown.push(format!("{} {}", o.id, self.officer_label(o)));
                    gives.push(o.id.to_string());
                    search.push(format!("{} {}", o.id, o.name));
                }
                Some(Options {
                    shown,
                    gives,
                    search: Some(search),
                })
            }
            _ => None,
        }
    }

    /// The form for one step, from the action's spec. It opens on the values the CLI's `do`
    /// would take for fields left out ([`Values::defaults`]: `start`, else today for a day);
    /// `options` may narrow a field's choices (the groups still to be told first), else each
    /// field's kind decides ([`Model::options_for`]). The intro is the action's own help line.
    pub(super) fn step_form<K: ActionKind>(
        &self,
        title: String,
        kind: K,
        start: &[(&'static str, String)],
        options: impl Fn(&FieldSpec) -> Option<Options>,
    ) -> Form {
        let spec = kind.spec();
        let values = Values::defaults(spec, self.today, start);
        self.spec_form(title, spec, &values, options)
    }

    /// The form to create a record of kind `C`, from its creation spec ([`Create`]) as the CLI's
    /// `add` takes it: titled by the spec's label, opening on its defaults and today for a day, a
    /// person or a member picked from a list. The intro is the spec's help line; a tab may add to it.
    pub(super) fn create_form<C: Create>(&self) -> Form {
        self.create_form_with::<C>(|_| None)
    }

    /// [`create_form`](Model::create_form) with some fields' choices given by the tab (words as
    /// the screen shows them), as [`step_form`](Model::step_form) takes them.
    pub(super) fn create_form_with<C: Create>(
        &self,
        options: impl Fn(&FieldSpec) -> Option<Options>,
    ) -> Form {
        self.create_form_from::<C>(&[], options)
    }

    /// [`create_form_with`](Model::create_form_with) opening on some values the tab takes from
    /// the council in hand (a new officer's likeliest line manager), the rest as `add` fills them.
    pub(super) fn create_form_from<C: Create>(
        &self,
        start: &[(&'static str, String)],
        options: impl Fn(&FieldSpec) -> Option<Options>,
    ) -> Form {
        let spec = C::spec();
        let mut values = C::start(self.today);
        for (name, value) in start {
            values.set(name, value.clone());
        }
        self.spec_form(spec.label.to_string(), spec, &values, options)
    }

    /// The people a field of several is picked from (shown, the value each gives, what a search
    /// matches): the serving members, in list order, and for [`FieldKind::People`] the officers in
    /// post after them. `None` for a field of one value.
    fn many_for(&self, f: &FieldSpec) -> Option<(Vec<String>, Vec<String>, Vec<String>)> {
        let officers = match f.kind {
            FieldKind::Members => false,
            FieldKind::People => true,
            _ => return None,
        };
        let s = self.session.as_ref()?;
        let mut serving: Vec<&crate::domain::member::Member> =
            s.members.iter().filter(|m| m.term_end.is_none()).collect();
        crate::domain::member::in_list_order(&mut serving);
        let (mut shown, mut gives, mut search) = (Vec::new(), Vec::new(), Vec::new());
        for m in serving {
            shown.push(format!("{} {}", m.id, self.member_label(m)));
            gives.push(m.id.to_string());
            search.push(format!("{} {}", m.id, m.name));
        }
        if officers {
            let today = self.today;
            for o in s
                .officers
                .iter()
                .filter(|o| o.left.is_none_or(|l| l >= today))
            {
                shown.push(format!("{} {}", o.id, self.officer_label(o)));
                gives.push(o.id.to_string());
                search.push(format!("{} {}", o.id, o.name));
            }
        }
        Some((shown, gives, search))
    }

    /// One field per spec field, keyed by its name and labelled as the spec labels it.
    fn spec_form(
        &self,
        title: String,
        spec: &'static ActionSpec,
        values: &Values,
        options: impl Fn(&FieldSpec) -> Option<Options>,
    ) -> Form {
        let mut form = Form::new(title).with_intro(vec![spec.help.to_string()]);
        for f in spec.fields {
            let value = values.get(f.name);
            if let Some((shown, gives, search)) = self.many_for(f) {
                // A panel is picked from the people serving, never typed as references (#14).
                form = form
                    .many(f.name, shown, gives, search, &value)
                    .labelled(f.name, f.label);
                form.intro.push(format!(
                    "{}: ←/→ move through the list, Space picks or drops, type to find.",
                    f.label
                ));
                continue;
            }
            form = match options(f).or_else(|| self.options_for(f)) {
                Some(o) => {
                    let at = o
                        .gives
                        .iter()
                        .position(|g| g.eq_ignore_ascii_case(&value))
                        .unwrap_or(0);
                    let pick = o.shown.get(at).cloned().unwrap_or_default();
                    let mut form = form
                        .choice(f.name, o.shown, &pick)
                        .choice_values(f.name, o.gives);
                    if let Some(keys) = o.search {
                        form = form.search_by(f.name, keys);
                    }
                    form
                }
                None => {
                    let spec: &'static FieldSpec = f;
                    form.text(f.name, &value)
                        .checked_by(f.name, Box::new(move |raw| spec.check(raw)))
                }
            }
            .labelled(f.name, f.label);
        }
        form
    }
}

/// The step's action from its saved form, through the machine's builder (the CLI's too).
/// A required field left empty is named as the CLI names it.
pub fn step_action<K: BuildAction>(kind: K, form: &Form) -> Result<K::Action, SessionError> {
    let values = form.named();
    let missing = values.missing(kind.spec());
    if !missing.is_empty() {
        return Err(SessionError::Rejected(Rejection::Invalid(missing)));
    }
    kind.build(&values).map_err(SessionError::Rejected)
}

/// A new record's input from its saved creation form, through the builder the CLI's `add` uses
/// ([`Create::input_of`]); the record's own `create` judges it, naming a bad field as the form
/// labels it. A required field left empty is named first, as a step's is.
pub fn create_input<C: Create>(form: &Form) -> Result<C::Input, SessionError> {
    let values = form.named();
    let missing = values.missing(C::spec());
    if !missing.is_empty() {
        return Err(SessionError::Rejected(Rejection::Invalid(missing)));
    }
    Ok(C::input_of(&values))
}

/// The steps open on `record` now (its machine's `available`), as the key bar shows them.
pub fn keys_of<M: Machine>(record: &M, ctx: &Context) -> Vec<ActionKey> {
    record
        .available(ctx)
        .into_iter()
        .map(|k| ActionKey {
            key: k.key(),
            label: k.label(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::blackout::ElectionActionKind;
    use crate::domain::disclosure::DisclosureActionKind;
    use crate::domain::grievance::CaseActionKind;
    use crate::domain::member::MemberActionKind;
    use crate::domain::officer::OfficerActionKind;
    use crate::domain::publicity::ItemActionKind;
    use crate::domain::requests::{AttendanceActionKind, InfoActionKind, ReportActionKind};

    /// Every step of `K` opens a form with exactly its spec's fields, keyed by name and labelled as
    /// the spec labels them; a day opens on today.
    fn forms_follow_the_spec<K: ActionKind>(model: &Model) {
        for &kind in K::ALL {
            let form = model.step_form("t".into(), kind, &[], |_| None);
            let fields: Vec<(&str, &str)> = form.fields.iter().map(|f| (f.key, f.label)).collect();
            let spec: Vec<(&str, &str)> = kind.fields().iter().map(|f| (f.name, f.label)).collect();
            assert_eq!(fields, spec, "{kind:?}");
            for f in kind.fields().iter().filter(|f| f.kind == FieldKind::Day) {
                assert_eq!(
                    form.value(f.name),
                    crate::domain::dates::show(model.today),
                    "{kind:?} {}",
                    f.name
                );
            }
            assert_eq!(
                form.intro.first().map(String::as_str),
                Some(kind.spec().help)
            );
        }
    }

    #[test]
    fn every_machines_step_forms_come_from_its_spec() {
        let h = crate::ui::tests::Harness::demo();
        forms_follow_the_spec::<CaseActionKind>(&h.model);
        forms_follow_the_spec::<DisclosureActionKind>(&h.model);
        forms_follow_the_spec::<MemberActionKind>(&h.model);
        forms_follow_the_spec::<OfficerActionKind>(&h.model);
        forms_follow_the_spec::<ElectionActionKind>(&h.model);
        forms_follow_the_spec::<ItemActionKind>(&h.model);
        forms_follow_the_spec::<ReportActionKind>(&h.model);
        forms_follow_the_spec::<AttendanceActionKind>(&h.model);
        forms_follow_the_spec::<InfoActionKind>(&h.model);
        forms_follow_the_spec::<crate::domain::gifts::GiftActionKind>(&h.model);
        forms_follow_the_spec::<crate::domain::dispensations::DispensationActionKind>(&h.model);
        forms_follow_the_spec::<crate::domain::sar::SarActionKind>(&h.model);
    }

    /// A creation form has exactly its spec's fields, keyed by name and labelled as the spec
    /// labels them, and opens on the values `add` would fill in (the kind's defaults, today).
    fn creation_form_follows_the_spec<C: Create>(model: &Model) {
        let form = model.create_form::<C>();
        let fields: Vec<(&str, &str)> = form.fields.iter().map(|f| (f.key, f.label)).collect();
        let spec: Vec<(&str, &str)> = C::spec().fields.iter().map(|f| (f.name, f.label)).collect();
        assert_eq!(fields, spec, "{}", C::spec().label);
        let start = C::start(model.today);
        let opened = form.named();
        for f in C::spec().fields {
            // A list with no blank entry opens on its first: a group (the council's groups
            // only), or no for a yes/no, which reads as empty does.
            let listed = matches!(f.kind, FieldKind::Group | FieldKind::YesNo);
            if listed && start.get(f.name).is_empty() {
                continue;
            }
            assert_eq!(opened.get(f.name), start.get(f.name), "{}", f.name);
        }
    }

    #[test]
    fn the_registers_creation_forms_come_from_their_spec() {
        let h = crate::ui::tests::Harness::demo();
        creation_form_follows_the_spec::<crate::domain::gifts::Gift>(&h.model);
        creation_form_follows_the_spec::<crate::domain::sar::Sar>(&h.model);
        creation_form_follows_the_spec::<crate::domain::dispensations::Dispensation>(&h.model);
        creation_form_follows_the_spec::<crate::domain::requests::GroupReport>(&h.model);
        creation_form_follows_the_spec::<crate::domain::requests::GroupAttendance>(&h.model);
        creation_form_follows_the_spec::<crate::domain::requests::InfoRequest>(&h.model);
        creation_form_follows_the_spec::<crate::domain::disclosure::Disclosure>(&h.model);
    }

    /// The Members and Officers tabs' `n` opens the creation form from the spec (`members add`'s
    /// and `officers add`'s fields), with the edit form's pickers and the edit's field list: an
    /// edit opens the same fields on the record's values.
    #[test]
    fn the_people_creation_forms_come_from_their_spec() {
        use crate::domain::member::Member;
        use crate::domain::officer::{Officer, Post};
        let keyed = |form: &Form| -> Vec<(&'static str, &'static str)> {
            form.fields.iter().map(|f| (f.key, f.label)).collect()
        };
        let mut h = crate::ui::tests::Harness::demo();
        creation_form_follows_the_spec::<Member>(&h.model);
        creation_form_follows_the_spec::<Officer>(&h.model);
        let today = crate::domain::dates::show(h.model.today);

        h.keys("1n");
        let Some((form, _)) = &h.model.form else {
            panic!("n opens a form");
        };
        let spec: Vec<(&str, &str)> = Member::spec()
            .fields
            .iter()
            .map(|f| (f.name, f.label))
            .collect();
        assert_eq!(keyed(form), spec);
        assert_eq!(form.title, Member::spec().label);
        assert_eq!(
            form.intro.first().map(String::as_str),
            Some(Member::spec().help)
        );
        // The edit's pickers: Independent unless a group is chosen, elected unless co-opted.
        assert_eq!(form.named().get("group"), "Independent");
        assert_eq!(form.named().get("joined-by"), "elected");
        assert_eq!(form.named().get("term-start"), today);
        let screen = h.screen(80, 24);
        assert!(screen.contains(Member::spec().label), "{screen}");
        assert!(screen.contains("DPI registered"), "{screen}");
        // The edit form has the same fields, on the member's own values.
        h.model.form = None;
        h.keys("e");
        let Some((edit, _)) = &h.model.form else {
            panic!("e opens the edit form");
        };
        assert_eq!(keyed(edit), spec);
        assert!(!edit.value("name").is_empty());

        h.model.form = None;
        h.keys("2n");
        let Some((form, _)) = &h.model.form else {
            panic!("n opens a form");
        };
        let spec: Vec<(&str, &str)> = Officer::spec()
            .fields
            .iter()
            .map(|f| (f.name, f.label))
            .collect();
        assert_eq!(keyed(form), spec);
        assert_eq!(form.title, Officer::spec().label);
        assert_eq!(form.named().get("post"), Post::Assistant.label());
        assert_eq!(form.named().get("employment"), "employee");
        assert_eq!(form.named().get("started"), today);
        // Managed by the Clerk in post (R-O1).
        let clerk = h
            .model
            .session
            .as_ref()
            .and_then(|s| s.officers.iter().find(|o| o.post == Post::Clerk))
            .map(|o| o.name.clone())
            .expect("the demo has a Clerk");
        assert_eq!(form.named().get("line-manager"), clerk);
        let screen = h.screen(80, 24);
        assert!(screen.contains(Officer::spec().label), "{screen}");
        h.model.form = None;
        h.keys("e");
        let Some((edit, _)) = &h.model.form else {
            panic!("e opens the edit form");
        };
        assert_eq!(keyed(edit), spec);
    }

    /// A new member or officer saved with its name left empty names the field as `add` does, on
    /// the form, which stays open with what was typed; filled, it is saved.
    #[test]
    fn a_new_person_with_no_name_is_named_on_the_form() {
        use crossterm::event::KeyCode;
        for (tab, typed) in [("1", "ward"), ("2", "title")] {
            let mut h = crate::ui::tests::Harness::demo();
            h.keys(tab);
            h.keys("n");
            let at = h
                .model
                .form
                .as_ref()
                .and_then(|(f, _)| f.fields.iter().position(|x| x.key == typed))
                .expect("the field is on the form");
            for _ in 0..at {
                h.key(KeyCode::Tab);
            }
            h.keys("Vale");
            h.key(KeyCode::Enter);
            let s = h.screen(80, 24);
            let Some((form, _)) = &h.model.form else {
                panic!("the form stays open: {s}");
            };
            let error = form
                .fields
                .iter()
                .find(|f| f.key == "name")
                .and_then(|f| f.error.clone())
                .expect("the name is named");
            assert!(error.contains("required ("), "{error}");
            assert!(s.contains("required ("), "{s}");
            assert_eq!(form.named().get(typed), "Vale");
            // The form went back to the field named.
            h.keys("Nia Prosser");
            h.key(KeyCode::Enter);
            assert!(h.model.form.is_none(), "{}", h.screen(80, 24));
            assert!(h.screen(80, 24).contains("Nia Prosser"));
        }
    }

    /// `c` opens the capture from the case's creation spec (`case new`'s fields): people picked
    /// from a list giving their reference, someone else named in the other's name field, nobody
    /// in particular for whom it is about; the channel in words, confidential unless said. Nobody
    /// in particular reads as `case new --about nobody` does, and goes on to triage.
    #[test]
    fn the_capture_comes_from_the_case_creation_spec() {
        use crate::domain::grievance::Case;
        use crossterm::event::KeyCode;
        let mut h = crate::ui::tests::Harness::demo();
        creation_form_follows_the_spec::<Case>(&h.model);
        h.keys("c");
        let Some((form, _)) = &h.model.form else {
            panic!("c opens the capture");
        };
        let fields: Vec<(&str, &str)> = form.fields.iter().map(|f| (f.key, f.label)).collect();
        let spec: Vec<(&str, &str)> = Case::spec()
            .fields
            .iter()
            .map(|f| (f.name, f.label))
            .collect();
        assert_eq!(fields, spec);
        assert_eq!(form.title, Case::spec().label);
        assert_eq!(form.value("how"), "in person");
        assert_eq!(form.named().get("how"), "in-person");
        assert_eq!(form.named().get("confidential"), "yes");
        assert_eq!(
            form.named().get("on"),
            crate::domain::dates::show(h.model.today)
        );
        let screen = h.screen(80, 24);
        assert!(screen.contains("other's name"), "{screen}");
        assert!(screen.contains("Type to find a person"), "{screen}");

        h.keys("Margaret");
        let Some((form, _)) = &h.model.form else {
            panic!("still open");
        };
        assert!(form.named().get("raised-by").starts_with("M-"));
        h.key(KeyCode::Tab);
        h.keys("nobody");
        h.key(KeyCode::Tab);
        h.key(KeyCode::Tab);
        h.key(KeyCode::Tab);
        h.keys("Saw a councillor using the council van.");
        let Some((form, _)) = &h.model.form else {
            panic!("still open");
        };
        assert_eq!(form.named().get("about"), "nobody");
        h.key(KeyCode::Enter);
        let Some((form, _)) = &h.model.form else {
            panic!("triage follows");
        };
        assert_eq!(form.title, "Triage", "{}", h.screen(80, 24));
        let about = h
            .model
            .pending_capture
            .as_ref()
            .map(|f| f.named().get("about"));
        assert_eq!(about.as_deref(), Some("nobody"));
    }

    /// The Disclosures tab's `n` opens the entry's creation form from its spec, keeping its intro
    /// on the categories and its officer picker (in post only, none for an interest).
    #[test]
    fn the_disclosure_creation_form_comes_from_its_spec() {
        use crate::domain::disclosure::Disclosure;
        let mut h = crate::ui::tests::Harness::demo();
        h.model.open_new_disclosure();
        let Some((form, _)) = &h.model.form else {
            panic!("n opens a form");
        };
        let fields: Vec<(&str, &str)> = form.fields.iter().map(|f| (f.key, f.label)).collect();
        let spec: Vec<(&str, &str)> = Disclosure::spec()
            .fields
            .iter()
            .map(|f| (f.name, f.label))
            .collect();
        assert_eq!(fields, spec);
        assert_eq!(form.title, Disclosure::spec().label);
        assert!(
            form.intro[0].starts_with("Relationship:"),
            "{:?}",
            form.intro
        );
        assert_eq!(form.value("officer"), "— none (an interest) —");
        assert_eq!(form.named().get("officer"), "");
        assert_eq!(form.named().get("kind"), "");
        assert_eq!(
            form.named().get("on"),
            crate::domain::dates::show(h.model.today)
        );
    }

    /// The Blackout tab's `n` opens the publicity item's creation form, its channels worded as
    /// the screen words them, none chosen until the clerk chooses.
    #[test]
    fn blackout_creation_forms_come_from_their_spec() {
        use crate::domain::publicity::PublicityItem;
        let mut h = crate::ui::tests::Harness::demo();
        creation_form_follows_the_spec::<PublicityItem>(&h.model);
        creation_form_follows_the_spec::<crate::domain::blackout::Election>(&h.model);
        h.model.open_new_blackout('n');
        let Some((form, _)) = &h.model.form else {
            panic!("n opens a form");
        };
        let fields: Vec<(&str, &str)> = form.fields.iter().map(|f| (f.key, f.label)).collect();
        let spec: Vec<(&str, &str)> = PublicityItem::spec()
            .fields
            .iter()
            .map(|f| (f.name, f.label))
            .collect();
        assert_eq!(fields, spec);
        assert_eq!(form.title, PublicityItem::spec().label);
        assert_eq!(form.named().get("channel"), "");
        assert_eq!(
            form.value("planned"),
            crate::domain::dates::show(h.model.today)
        );

        // N schedules an election: an ordinary one unless the clerk says otherwise, as `blackout
        // add` takes it, its kinds worded as the screen words them; the note on the notice kept.
        use crate::domain::blackout::Election;
        h.model.form = None;
        h.model.open_new_blackout('N');
        let Some((form, _)) = &h.model.form else {
            panic!("N opens a form");
        };
        let fields: Vec<(&str, &str)> = form.fields.iter().map(|f| (f.key, f.label)).collect();
        let spec: Vec<(&str, &str)> = Election::spec()
            .fields
            .iter()
            .map(|f| (f.name, f.label))
            .collect();
        assert_eq!(fields, spec);
        assert_eq!(form.title, Election::spec().label);
        assert_eq!(form.named().get("kind"), "ordinary");
        assert_eq!(form.value("kind"), "ordinary election");
        assert!(
            form.intro.iter().any(|l| l.contains("R-P5")),
            "{:?}",
            form.intro
        );
    }

    #[test]
    fn a_required_field_left_empty_is_named_as_the_cli_names_it() {
        let h = crate::ui::tests::Harness::demo();
        let form = h
            .model
            .step_form("t".into(), AttendanceActionKind::Decline, &[], |_| None);
        match step_action(AttendanceActionKind::Decline, &form) {
            Err(SessionError::Rejected(Rejection::Invalid(errors))) => {
                let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
                assert_eq!(fields, ["reason"]);
                assert!(errors[0].message.contains("required ("), "{errors:?}");
            }
            other => panic!("expected the missing reason, got {other:?}"),
        }
    }
}
