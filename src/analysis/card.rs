//! The whole scorecard the app renders and `scrutineer scorecard` prints, from
//! the dataset and the user's settings: the home area's measures, its force
//! area's Home Office measures, the peers used and why, and notices about
//! what could not be compared. The UI decides none of this.

use std::collections::BTreeSet;

use serde::Serialize;

use super::detail::{measure_detail, MeasureDetail};
use super::force_area::force_context;
use super::measures::{offences_of_measure, Kind, Observation};
use super::periods::Granularity;
use super::population::Populations;
use super::scorecard::{scorecard_from, Entry, ScorecardOptions};
use super::settings::{measure_areas, PeerGroup, PeerMode, Settings};
use super::spc::SpcOptions;
use crate::dataset::Dataset;
use crate::ingest::formats::home_office_crime::AreaLevel;
use crate::ingest::Content;

/// What the scorecard compares, and with what: the home options, and the
/// force area's when Home Office figures exist only for forces.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub group: PeerGroup,
    pub home: ScorecardOptions,
    pub force: Option<ScorecardOptions>,
}

impl Plan {
    /// The options a measure's figures are worked out with: the home area's,
    /// or its force area's for a force-only measure.
    pub fn options_for(&self, entry_area: &str) -> &ScorecardOptions {
        match &self.force {
            Some(f) if f.area == entry_area => f,
            _ => &self.home,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForceSection {
    pub area: String,
    pub peers: Vec<String>,
    /// The heading its measures are grouped under.
    pub theme: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub area: String,
    pub peers: Vec<String>,
    /// How the peers were chosen, in words.
    pub peer_group: String,
    pub peer_mode: PeerMode,
    pub period: Granularity,
    pub provisional_threshold: f64,
    /// police.uk outcome rates' months younger than this (in their download)
    /// are provisional.
    pub minimum_age_months: u32,
    pub run_length: usize,
    /// Large moving ranges screened out of the SPC limits (not the MDC method).
    pub screen_outliers: bool,
    pub equal_age_months: u32,
    pub outcome_set: String,
    pub force: Option<ForceSection>,
    /// What could not be compared, and how to fix it.
    pub notices: Vec<String>,
    pub measures: Vec<Entry>,
}

/// The options for `settings`' home area, or `None` when none is chosen.
pub fn plan(
    dataset: &Dataset,
    observations: &[Observation],
    settings: &Settings,
    granularity: Granularity,
) -> Option<Plan> {
    let home = settings.home.as_ref()?;
    let group = settings.peer_group(dataset);
    let mut o = ScorecardOptions::new(home);
    o.peers = group.areas.clone();
    o.peer_group = group.description.clone();
    o.peer_noun = group.noun.clone();
    o.fallback = group.fallback.clone();
    o.granularity = granularity;
    o.provisional_threshold = settings.provisional_threshold;
    o.minimum_age = settings.minimum_age_months;
    o.outcomes = settings.outcomes();
    o.breaks = settings.breaks.clone();
    o.notes = settings.notes.clone();
    o.spc = SpcOptions {
        run_length: settings.run_length,
        screen_outliers: settings.screen_outliers,
        ..SpcOptions::default()
    };
    let force = force_context(dataset, observations, home).map(|(area, peers)| ScorecardOptions {
        area,
        peers,
        peer_group: FORCE_PEER_GROUP.into(),
        peer_noun: "force areas".into(),
        fallback: None,
        ..o.clone()
    });
    Some(Plan {
        group,
        home: o,
        force,
    })
}

/// A measure's detail as the app shows it: the home area's, else its force
/// area's; a council's hate-crime measure with the force area's aggravated
/// offences rate beside it when that rate is ticked, as on the scorecard.
pub fn detail_for(
    dataset: &Dataset,
    observations: &[Observation],
    settings: &Settings,
    plan: &Plan,
    measure: &str,
) -> Option<MeasureDetail> {
    let mut d = measure_detail(dataset, observations, &plan.home, measure)
        .or_else(|| measure_detail(dataset, observations, plan.force.as_ref()?, measure))?;
    let ticked = settings
        .force_offences
        .iter()
        .any(|t| t.eq_ignore_ascii_case(crate::analysis::outcomes::AGGRAVATED));
    if ticked && d.entry.area.eq_ignore_ascii_case(&plan.home.area) && is_hate_measure(measure) {
        let aggravated = aggravated_measure(&plan.home.outcomes);
        if let Some(force) = plan
            .force
            .as_ref()
            .and_then(|f| measure_detail(dataset, observations, f, &aggravated))
        {
            let words = hate_crime_words(&force.entry, &d.entry);
            d.entry.summary.push_str(&words);
        }
    }
    Some(d)
}

/// Whether a council's own measure is about hate crime, so that the force
/// area's aggravated-offences rate is put beside it.
pub fn is_hate_measure(measure: &str) -> bool {
    measure.to_lowercase().contains("hate")
}

/// The name of the force's aggravated-offences rate under `outcomes`.
pub fn aggravated_measure(outcomes: &super::measures::OutcomeSettings) -> String {
    super::measures::offence_outcome_measure(
        outcomes,
        &crate::analysis::outcomes::Offences::Aggravated,
    )
}

/// Beside the council's own hate-crime measure, what the force area's
/// aggravated-offences rate covers and what it does not: context for it,
/// never a figure in its place. Empty when the force has no judged figure.
pub fn hate_crime_words(force: &Entry, home: &Entry) -> String {
    use super::summary::{format_value, period_words, with_counts};
    let Some(j) = &force.judged else {
        return String::new();
    };
    let Some(value) = j.value else {
        return String::new();
    };
    let show = |v: f64| format_value(v, force.kind, force.unit.as_deref());
    let national = force.national.as_ref().map_or_else(String::new, |n| {
        format!(
            "; England and Wales {}",
            with_counts(show(n.value), force.kind, n.numerator, n.denominator)
        )
    });
    let mut words = format!(
        " For context, not in place of this figure: in {}, {}'s positive-outcome rate for racially or religiously aggravated offences (Home Office) was {}{national}. That covers the whole force area, not {} alone, and only the offences the Home Office records as racially or religiously aggravated, which are part of recorded hate crime: hate crimes recorded under other offences, and the other strands, are not in it.",
        period_words(j.period),
        force.area,
        with_counts(show(value), force.kind, j.numerator, j.denominator),
        home.area,
    );
    if let Some(own) = home
        .latest
        .as_ref()
        .map(|l| l.period)
        .filter(|p| *p != j.period)
    {
        words.push_str(&format!(
            " It is also for a different period from this figure's {}.",
            period_words(own)
        ));
    }
    words
}

fn hate_crime_context(
    entries: &mut [Entry],
    home: &str,
    outcomes: &super::measures::OutcomeSettings,
) {
    let aggravated = aggravated_measure(outcomes);
    let Some(force) = entries.iter().find(|e| e.measure == aggravated).cloned() else {
        return;
    };
    for e in entries
        .iter_mut()
        .filter(|e| e.area.eq_ignore_ascii_case(home) && is_hate_measure(&e.measure))
    {
        let words = hate_crime_words(&force, e);
        e.summary.push_str(&words);
    }
}

/// The Home Office outcome rates by offence the loaded tables offer, by
/// label: all offences, the aggravated offences, then each offence group.
pub fn offence_choices(dataset: &Dataset) -> Vec<String> {
    let mut out: Vec<crate::analysis::outcomes::Offences> = Vec::new();
    for f in dataset.files() {
        if let Content::CrimeOutcomes(d) = &f.content {
            out.extend(crate::analysis::outcomes::Offences::in_data(d));
        }
    }
    crate::model::sort::sort(&mut out);
    out.dedup();
    out.iter().map(|o| o.label().to_string()).collect()
}

/// How a force area's peers are chosen, in words.
pub const FORCE_PEER_GROUP: &str = "every other territorial police force area in the files (police forces' \"most similar groups\" are not published, so a force is ranked among all of them)";

/// The heading of the force area's group of measures.
pub fn force_theme(area: &str) -> String {
    format!("Force area: {area} (Home Office figures)")
}

/// The scorecard for `settings`' home area, or `None` when none is chosen.
pub fn build(
    dataset: &Dataset,
    observations: &[Observation],
    settings: &Settings,
    granularity: Granularity,
) -> Option<Scorecard> {
    let plan = plan(dataset, observations, settings, granularity)?;
    Some(build_from(dataset, observations, settings, &plan))
}

/// As [`build`], from a plan already made.
pub fn build_from(
    dataset: &Dataset,
    observations: &[Observation],
    settings: &Settings,
    plan: &Plan,
) -> Scorecard {
    let o = &plan.home;
    // Of the Home Office outcome rates by offence, only those ticked.
    let outcomes = settings.outcomes();
    let ticked = |e: &Entry| {
        offences_of_measure(&outcomes, &e.measure).is_none_or(|offences| {
            settings
                .force_offences
                .iter()
                .any(|t| t.eq_ignore_ascii_case(offences.label()))
        })
    };
    let mut entries = scorecard_from(dataset, observations, o);
    entries.retain(ticked);
    for e in &mut entries {
        e.theme = settings.theme_of(&e.measure, e.theme.as_deref());
    }
    let force = plan.force.as_ref().map(|f| ForceSection {
        area: f.area.clone(),
        peers: f.peers.clone(),
        theme: force_theme(&f.area),
    });
    if let (Some(f), Some(section)) = (&plan.force, &force) {
        let known: BTreeSet<String> = entries.iter().map(|e| e.measure.clone()).collect();
        entries.extend(
            scorecard_from(dataset, observations, f)
                .into_iter()
                .filter(|e| !known.contains(&e.measure) && ticked(e))
                .map(|e| Entry {
                    theme: Some(section.theme.clone()),
                    ..e
                }),
        );
    }
    hate_crime_context(&mut entries, &o.area, &outcomes);
    Scorecard {
        area: o.area.clone(),
        peers: o.peers.clone(),
        peer_group: plan.group.description.clone(),
        peer_mode: settings.peer_mode,
        period: o.granularity,
        provisional_threshold: o.provisional_threshold,
        minimum_age_months: o.minimum_age,
        run_length: o.spc.run_length,
        screen_outliers: o.spc.screen_outliers,
        equal_age_months: o.outcomes.equal_age_months,
        outcome_set: o.outcomes.set.label(),
        notices: plan
            .group
            .notices
            .iter()
            .cloned()
            .chain(population_notices(dataset, observations, plan))
            .collect(),
        force,
        measures: entries,
    }
}

/// Areas with counts to compare but no population: named once each.
fn population_notices(dataset: &Dataset, observations: &[Observation], plan: &Plan) -> Vec<String> {
    let populations = Populations::new(dataset);
    let mut compared: Vec<&ScorecardOptions> = vec![&plan.home];
    compared.extend(plan.force.as_ref());
    let mut missing = BTreeSet::new();
    for o in compared {
        let fallback = o.fallback.iter().flat_map(|f| &f.areas);
        for area in std::iter::once(&o.area).chain(&o.peers).chain(fallback) {
            let counts = observations
                .iter()
                .filter(|x| x.kind == Kind::Count && x.area.eq_ignore_ascii_case(area));
            let mut counts = counts.peekable();
            let Some(first) = counts.peek() else {
                continue;
            };
            if populations.of(area, first.code.as_deref()).is_none() {
                missing.insert(area.clone());
            }
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let names: Vec<String> = missing.into_iter().collect();
    vec![format!(
        "No population figure for {}: {} counts are not compared with other areas. The built-in table has ONS mid-2019 estimates for districts of England and Wales by their April 2020 names; load a population table (area name or code, and population) on the Data page to add others.",
        names.join(", "),
        if names.len() == 1 { "its" } else { "their" }
    )]
}

/// Where areas can be chosen from, by the kind of file that names them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaGroup {
    pub source: String,
    pub areas: Vec<String>,
}

/// Every area named in any loaded file, grouped by where it came from.
pub fn areas(dataset: &Dataset) -> Vec<AreaGroup> {
    let councils = dataset.councils();
    let (main, edge): (Vec<_>, Vec<_>) = councils.iter().partition(|c| !c.edge_of_area);
    let mut csps = BTreeSet::new();
    let mut forces = BTreeSet::new();
    for file in dataset.files() {
        match &file.content {
            Content::RecordedCrime(d) => {
                let into = match d.level {
                    AreaLevel::CommunitySafetyPartnership => &mut csps,
                    AreaLevel::Force => &mut forces,
                };
                into.extend(
                    d.cells
                        .iter()
                        .map(|(k, _)| d.names.name(k.area).to_string()),
                );
            }
            Content::CrimeOutcomes(d) => forces.extend(
                d.cells
                    .iter()
                    .map(|(k, _, _)| d.names.name(k.force).to_string()),
            ),
            _ => {}
        }
    }
    let group = |source: &str, areas: Vec<String>| {
        (!areas.is_empty()).then(|| AreaGroup {
            source: source.into(),
            areas,
        })
    };
    [
        group(
            "Councils in police.uk street files",
            main.iter().map(|c| c.name.clone()).collect(),
        ),
        group("Areas in your measures files", measure_areas(dataset)),
        group(
            "Community safety partnerships in Home Office tables",
            csps.into_iter().collect(),
        ),
        group(
            "Police force areas in Home Office tables",
            forces.into_iter().collect(),
        ),
        group(
            "Few records: neighbours at the edge of a force area (figures incomplete)",
            edge.iter().map(|c| c.name.clone()).collect(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::measures::observations;

    fn dataset(files: &[(&str, &str)]) -> Dataset {
        crate::dataset::test_dataset(files)
    }

    const HATE: &str = "area,period,measure,value,target,polarity,unit\n\
        Rotherham,2018/19 Q1,Hate crime positive outcomes,12.9,20,higher is better,%\n\
        Rotherham,2018/19 Q2,Hate crime positive outcomes,19.7,20,higher is better,%\n";

    #[test]
    fn a_measures_file_alone_gives_a_scorecard() {
        let d = dataset(&[("hate.csv", HATE)]);
        let groups = areas(&d);
        assert_eq!(
            groups,
            [AreaGroup {
                source: "Areas in your measures files".into(),
                areas: vec!["Rotherham".into()]
            }]
        );
        let settings = Settings {
            home: Some("Rotherham".into()),
            ..Settings::default()
        };
        let card = build(&d, &observations(&d), &settings, Granularity::Quarter).unwrap();
        assert_eq!(card.measures.len(), 1);
        assert_eq!(card.measures[0].latest.as_ref().unwrap().value, Some(19.7));
        // None of Rotherham's similar areas is in the file: the measure is
        // compared with the force's councils, and says so.
        assert!(card.peers.is_empty());
        assert_eq!(card.notices.len(), 1);
        assert!(
            card.notices[0].contains(
                "0 in your files. For them, add police.uk files for West Yorkshire (Wakefield)"
            ),
            "{}",
            card.notices[0]
        );
        let e = &card.measures[0];
        assert_eq!(
            e.peer_group,
            "the other councils in South Yorkshire, as fewer than 3 of Rotherham's 20 most similar areas (ONS Explore Local Statistics, overall) have figures for this measure"
        );
        assert!(e.compared_with.is_empty(), "none has hate-crime figures");
    }

    #[test]
    fn unmatched_councils_are_named_in_a_notice() {
        let street = "Crime ID,Month,Falls within,LSOA name,Crime type\n\
            a,2019-04,Thames Valley Police,Aylesbury Vale 001A,Drugs\n\
            b,2019-04,Thames Valley Police,Oxford 001A,Drugs\n";
        let d = dataset(&[("s.csv", street)]);
        let settings = Settings {
            home: Some("Oxford".into()),
            ..Settings::default()
        };
        let card = build(&d, &observations(&d), &settings, Granularity::Month).unwrap();
        assert_eq!(card.notices.len(), 2);
        assert!(
            card.notices[1].starts_with("No population figure for Aylesbury Vale: its counts"),
            "{}",
            card.notices[1]
        );
        let drugs = card
            .measures
            .iter()
            .find(|e| e.measure == "Crimes: Drugs")
            .unwrap();
        // Oxford (152,457 in ONS mid-2019, read with xlrd) has a rate; Aylesbury Vale is named, not ranked.
        assert!((drugs.latest.as_ref().unwrap().rate.unwrap() - 1000.0 / 152_457.0).abs() < 1e-9);
        assert!(drugs.peers.is_none());
        assert!(drugs
            .peer_note
            .as_deref()
            .unwrap()
            .contains("Aylesbury Vale"));
    }

    #[test]
    fn force_level_counts_are_compared_on_the_force_areas_residents() {
        // South Yorkshire's four districts: 1,409,020; Merseyside's five
        // (Knowsley, Liverpool, Sefton, St. Helens, Wirral): 1,429,910, both
        // added up with xlrd from the ONS workbook.
        let street = "Crime ID,Month,Falls within,LSOA name,Crime type\n\
            a,2019-04,South Yorkshire Police,Rotherham 001A,Drugs\n";
        let by_force = "Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences\n\
            2018/19,1,South Yorkshire,Burglary in a dwelling,Theft offences,Domestic burglary,28A,1409\n\
            2018/19,1,Merseyside,Burglary in a dwelling,Theft offences,Domestic burglary,28A,1144\n";
        let d = dataset(&[("s.csv", street), ("force.csv", by_force)]);
        let settings = Settings {
            home: Some("Rotherham".into()),
            ..Settings::default()
        };
        let card = build(&d, &observations(&d), &settings, Granularity::Quarter).unwrap();
        let section = card.force.as_ref().unwrap();
        assert_eq!(
            (section.area.as_str(), section.peers.as_slice()),
            ("South Yorkshire", ["Merseyside".to_string()].as_slice())
        );
        let all = card
            .measures
            .iter()
            .find(|e| e.area == "South Yorkshire" && e.measure == "Recorded crime: all offences")
            .unwrap();
        let r = all.residents.as_ref().unwrap();
        assert_eq!((r.people, r.districts), (1_409_020.0, Some(4)));
        // 1,409 per 1,409,020 is 1.000; Merseyside 1,144 per 1,429,910 is 0.800:
        // fewer per 1,000, so Merseyside ranks first though the counts are close.
        assert!(
            (all.latest.as_ref().unwrap().rate.unwrap() - 1409.0 * 1000.0 / 1_409_020.0).abs()
                < 1e-12
        );
        let p = all.peers.as_ref().unwrap();
        assert_eq!((p.rank, p.of), (2, 2));
        assert!((p.peer_mean - 1144.0 * 1000.0 / 1_429_910.0).abs() < 1e-12);
    }
}
