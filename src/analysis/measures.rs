//! Every loaded file turned into tidy measures (area x period x measure), the
//! form the app charts and the command line prints.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::maturity::{self, Maturity};
use super::monthly::{monthly_counts, TOTAL_EXCLUDING_ASB};
use super::outcomes::{home_office_rate, police_uk_positive, Denominator, Offences, OutcomeSet};
use super::spc::Direction;
use crate::dataset::Dataset;
use crate::ingest::formats::measures::Polarity;
use crate::ingest::formats::police_uk_street::ANTI_SOCIAL_BEHAVIOUR;
use crate::ingest::Content;
use crate::model::{Month, Period};

/// Which outcomes count as positive, and out of what (see `outcomes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeSettings {
    pub set: OutcomeSet,
    pub denominator: Denominator,
    /// Months after the crime month within which an outcome counts for the
    /// equal-age rate.
    pub equal_age_months: u32,
}

impl Default for OutcomeSettings {
    fn default() -> Self {
        OutcomeSettings {
            set: OutcomeSet::Default,
            denominator: Denominator::OffencesRecorded,
            equal_age_months: maturity::DEFAULT_EQUAL_AGE_MONTHS,
        }
    }
}

/// Name of the Home Office positive-outcome measure: it says which set and
/// which denominator, so every chart and table carries them.
pub fn positive_outcome_measure(settings: &OutcomeSettings) -> String {
    format!(
        "Positive outcome rate (%, {}, of {})",
        settings.set.label(),
        settings.denominator.label()
    )
}

/// Name of the Home Office positive-outcome rate for some offences: all
/// offences keep the plain name; "Positive outcome rate for sexual offences
/// (%, …)" for a group or the aggravated offences.
pub fn offence_outcome_measure(settings: &OutcomeSettings, offences: &Offences) -> String {
    match offences {
        Offences::All => positive_outcome_measure(settings),
        other => format!(
            "Positive outcome rate for {} (%, {}, of {})",
            lower_first(other.label()),
            settings.set.label(),
            settings.denominator.label()
        ),
    }
}

/// Which offences a Home Office positive-outcome measure covers, from its
/// name under `settings`; `None` for any other measure.
pub fn offences_of_measure(settings: &OutcomeSettings, measure: &str) -> Option<Offences> {
    if measure == positive_outcome_measure(settings) {
        return Some(Offences::All);
    }
    let tail = format!(
        " (%, {}, of {})",
        settings.set.label(),
        settings.denominator.label()
    );
    let label = measure
        .strip_prefix("Positive outcome rate for ")?
        .strip_suffix(&tail)?;
    Some(Offences::from_label(label))
}

/// What a Home Office outcome rate by offence counts, in words, for the
/// measure page: the aggravated offences are named as the files word them.
pub fn offence_definition(
    dataset: &Dataset,
    settings: &OutcomeSettings,
    offences: &Offences,
) -> String {
    let which = match offences {
        Offences::All => "All offences.".to_string(),
        Offences::Group(g) => {
            // As the file words it: the measure's name has it in lower case.
            let named = dataset
                .files()
                .iter()
                .filter_map(|f| match &f.content {
                    Content::CrimeOutcomes(d) => Some(Offences::in_data(d)),
                    _ => None,
                })
                .flatten()
                .find(|o| o.label().eq_ignore_ascii_case(g));
            let g = named.as_ref().map_or(g.as_str(), Offences::label);
            format!("Offences in the Home Office offence group \"{g}\".")
        }
        Offences::Aggravated => {
            let mut named: BTreeSet<&str> = BTreeSet::new();
            for f in dataset.files() {
                if let Content::CrimeOutcomes(d) = &f.content {
                    named.extend(d.aggravated_offences.iter().map(String::as_str));
                }
            }
            let list: Vec<&str> = named.into_iter().collect();
            format!(
                "Racially or religiously aggravated offences: the offences whose description begins \"Racially or religiously aggravated\"{}. They are the hate crimes the Home Office counts as offences of their own, for race and religion only; hate crimes recorded under other offences, and the other strands (disability, sexual orientation, transgender identity), are not in them.",
                if list.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", list.join("; "))
                }
            )
        }
    };
    format!(
        "{which} Home Office crime outcomes, force level: outcomes of {} count as positive, of the outcomes for {}; type 0 (not yet assigned) is counted in the total and is the share still open.",
        settings.set.label(),
        settings.denominator.label()
    )
}

/// "Sexual offences" as it reads inside a sentence, "sexual offences".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Name of the police.uk positive-outcome measure (crimes whose last outcome is
/// positive, of all crimes recorded in the month, anti-social behaviour excluded).
pub const POLICE_UK_POSITIVE_RATE: &str =
    "Positive outcome rate (%, police.uk last outcome, of crimes recorded)";

/// Name of the equal-age rate: crimes with a positive outcome given within
/// `n` months of the month they were recorded, of all crimes recorded then.
/// Every crime month is given the same time to conclude, so months compare
/// fairly whenever the files were extracted.
pub fn equal_age_measure(n: u32) -> String {
    format!(
        "Positive outcome rate within {n} {} of the crime (%, police.uk outcomes, of crimes recorded)",
        if n == 1 { "month" } else { "months" }
    )
}

/// How a measure's figures combine over longer periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Counts add up.
    Count,
    /// Numerators and denominators add up; the value is their ratio
    /// (times 100 when the unit is %).
    Proportion,
    /// A figure given as it is (a rate, a score): it cannot be re-aggregated.
    Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub area: String,
    /// The area's code where the file gives one (ONS codes match populations).
    pub code: Option<String>,
    pub period: Period,
    pub measure: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub kind: Kind,
    pub target: Option<f64>,
    pub direction: Direction,
    pub theme: Option<String>,
    pub unit: Option<String>,
    /// Cases of the period still open, for a measure that outcomes settle
    /// (an outcome rate): what makes a period provisional.
    pub maturity: Option<Maturity>,
    /// The source's own word on whether the figure is provisional.
    pub provisional: Option<bool>,
}

/// A count where fewer is better (crimes).
fn count(area: &str, period: Period, measure: String, n: f64) -> Observation {
    Observation {
        area: area.to_string(),
        code: None,
        period,
        measure,
        value: Some(n),
        numerator: None,
        denominator: None,
        kind: Kind::Count,
        target: None,
        direction: Direction::Lower,
        theme: None,
        unit: None,
        maturity: None,
        provisional: None,
    }
}

/// A tidy measure whose unit says it is a number of things: it adds up, and
/// areas are compared on it per 1,000 residents, never raw.
pub(crate) fn is_count_unit(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| {
        matches!(
            u.trim().to_lowercase().as_str(),
            "count" | "number" | "crimes" | "offences" | "incidents" | "victims" | "people"
        )
    })
}

/// A measure whose name says it is a rate or a share, whatever its unit:
/// Trafford Data Lab's tables give "Burglary" with measure "Rate" and unit
/// "Crimes" (crimes per 1,000 residents), which must not be added up as a count.
fn names_a_rate(measure: &str) -> bool {
    let m = measure.to_lowercase();
    [
        "rate",
        "per ",
        "%",
        "percent",
        "proportion",
        "share",
        "ratio",
        "average",
        "mean",
    ]
    .iter()
    .any(|w| m.contains(w))
}

/// A positive-outcome rate: a percentage where higher is better, with the
/// share of its cases still open.
fn positive_rate(
    area: &str,
    period: Period,
    measure: &str,
    (num, den): (f64, f64),
    maturity: Option<Maturity>,
) -> Observation {
    Observation {
        area: area.to_string(),
        code: None,
        period,
        measure: measure.to_string(),
        value: (den > 0.0).then(|| 100.0 * num / den),
        numerator: Some(num),
        denominator: Some(den),
        kind: Kind::Proportion,
        target: None,
        direction: Direction::Higher,
        theme: None,
        unit: Some("%".into()),
        maturity,
        provisional: None,
    }
}

/// All measures from all loaded files, sorted by area, measure and period.
/// Months no file covers are absent (a gap), never zero.
pub fn observations(dataset: &Dataset) -> Vec<Observation> {
    observations_with(dataset, &OutcomeSettings::default())
}

/// As [`observations`], with a chosen positive-outcome set and denominator.
pub fn observations_with(dataset: &Dataset, settings: &OutcomeSettings) -> Vec<Observation> {
    let mut out = Vec::new();
    // police.uk street crime: monthly counts per council.
    let crime_types = dataset.crime_types();
    for council in dataset.councils() {
        let table = monthly_counts(dataset, &council.name, &crime_types);
        for series in &table.series {
            let measure = if series.name == TOTAL_EXCLUDING_ASB {
                TOTAL_EXCLUDING_ASB.to_string()
            } else {
                format!("Crimes: {}", series.name)
            };
            for (month, value) in table.months.iter().zip(&series.values) {
                if let Some(v) = value {
                    out.push(count(
                        &council.name,
                        Period::Month(*month),
                        measure.clone(),
                        *v as f64,
                    ));
                }
            }
        }
    }
    let latest = dataset.force_latest();
    for file in dataset.files() {
        let from = out.len();
        file_observations(&file.content, &file.report.path, settings, &mut out);
        // A police.uk month's age in its download: how long its crimes have
        // had to reach an outcome.
        let file_latest = file.street().and_then(|d| {
            d.forces
                .names()
                .iter()
                .filter_map(|f| latest.get(f.as_str()).copied())
                .max()
        });
        if let Some(latest) = file_latest {
            for o in &mut out[from..] {
                if let (Some(m), Period::Month(month)) = (o.maturity.as_mut(), o.period) {
                    m.age = Some(months_between(month, latest));
                }
            }
        }
    }
    let equal = equal_age(dataset, &out, settings.equal_age_months);
    out.extend(equal);
    crate::model::sort::sort_by(&mut out, |a, b| {
        (&a.area, &a.measure, a.period).cmp(&(&b.area, &b.measure, b.period))
    });
    out
}

/// Figures that a later extract replaced, each with the extract it came
/// from in words ("the extract of 31 May 2019", or the file's name).
pub fn earlier_observations(
    dataset: &Dataset,
    settings: &OutcomeSettings,
) -> Vec<(String, Observation)> {
    let mut out = Vec::new();
    for file in dataset.files() {
        let Some(content) = crate::dataset::revisions::earlier(&file.content) else {
            continue;
        };
        let extract = match &file.report.extracted {
            Some(date) => format!(
                "the extract of {}",
                crate::dataset::revisions::extract_words(date)
            ),
            None => file.report.path.clone(),
        };
        let mut observations = Vec::new();
        file_observations(&content, &file.report.path, settings, &mut observations);
        out.extend(observations.into_iter().map(|o| (extract.clone(), o)));
    }
    // Earlier police.uk downloads of a month: their outcome rates only,
    // aged from their download's latest month as now loaded.
    let latest_of = dataset.download_latest();
    for file in dataset.files() {
        let Some(street) = file.street() else {
            continue;
        };
        let mut by_council: BTreeMap<(&str, Month, Month), (u64, u64, u64)> = BTreeMap::new();
        for e in &street.earlier {
            let latest = latest_of
                .get(&e.download)
                .map_or(e.latest, |&l| l.max(e.latest));
            let sum = by_council
                .entry((e.council.as_str(), e.month, latest))
                .or_default();
            sum.0 += u64::from(e.positive);
            sum.1 += u64::from(e.crimes);
            sum.2 += u64::from(e.open);
        }
        for ((council, month, latest), (positive, crimes, open)) in by_council {
            out.push((
                download_words(latest),
                positive_rate(
                    council,
                    Period::Month(month),
                    POLICE_UK_POSITIVE_RATE,
                    (positive as f64, crimes as f64),
                    Some(Maturity {
                        open: open as f64,
                        total: crimes as f64,
                        age: Some(months_between(month, latest)),
                    }),
                ),
            ));
        }
    }
    out
}

/// Which earlier police.uk download a figure came from, in words: its
/// latest month is what tells downloads apart.
pub fn download_words(latest: Month) -> String {
    format!("the police.uk download to {}", latest.long_name())
}

/// Whole months from `month` to `latest`; none when `latest` is earlier.
pub fn months_between(month: Month, latest: Month) -> u32 {
    u32::from(latest.index().saturating_sub(month.index()))
}

/// The equal-age positive-outcome rate by council and crime month, for the
/// months whose next `n` months of outcomes are all loaded (an outcome given
/// in a month not loaded would be missed). Nothing without outcomes files.
/// Its denominators are the raw rate's (`observed`): crimes recorded in the
/// month, anti-social behaviour left out.
fn equal_age(dataset: &Dataset, observed: &[Observation], n: u32) -> Vec<Observation> {
    let mut covered: BTreeSet<Month> = BTreeSet::new();
    let mut positive: BTreeMap<(String, Month), i64> = BTreeMap::new();
    for file in dataset.files() {
        if let Content::Outcomes(d) = &file.content {
            covered.extend(d.months.iter().copied());
            for (key, count) in &d.first_positive {
                if key.lag_months <= n as i32 {
                    let council = d.councils.name(key.council).to_string();
                    *positive.entry((council, key.crime_month)).or_default() += i64::from(*count);
                }
            }
        }
    }
    if covered.is_empty() {
        return Vec::new();
    }
    let mut crimes: BTreeMap<(String, Month), f64> = BTreeMap::new();
    for o in observed
        .iter()
        .filter(|o| o.measure == POLICE_UK_POSITIVE_RATE)
    {
        if let (Period::Month(month), Some(d)) = (o.period, o.denominator) {
            *crimes.entry((o.area.clone(), month)).or_default() += d;
        }
    }
    let measure = equal_age_measure(n);
    crimes
        .into_iter()
        .filter(|((_, month), _)| {
            month.plus(n).is_some_and(|end| {
                Month::range(*month, end)
                    .iter()
                    .all(|m| covered.contains(m))
            })
        })
        .map(|((council, month), total)| {
            let num = positive
                .get(&(council.clone(), month))
                .copied()
                .unwrap_or(0);
            positive_rate(
                &council,
                Period::Month(month),
                &measure,
                (num.max(0) as f64, total),
                None,
            )
        })
        .collect()
}

/// The measures one file's content gives (police.uk street counts by council
/// are worked out across files, in [`observations_with`]). Also run on the
/// rows a later extract replaced, to show how figures were revised.
pub fn file_observations(
    content: &Content,
    path: &str,
    settings: &OutcomeSettings,
    out: &mut Vec<Observation>,
) {
    match content {
        Content::Measures(m) => out.extend(m.rows.iter().map(|r| Observation {
            area: r.area.clone(),
            code: r.area_code.clone(),
            period: r.period,
            measure: r.measure.clone(),
            value: r.value.or_else(|| match (r.numerator, r.denominator) {
                (Some(n), Some(d)) if d != 0.0 => Some(if r.unit.as_deref() == Some("%") {
                    100.0 * n / d
                } else {
                    n / d
                }),
                _ => None,
            }),
            numerator: r.numerator,
            denominator: r.denominator,
            kind: if r.numerator.is_some() && r.denominator.is_some() {
                Kind::Proportion
            } else if is_count_unit(r.unit.as_deref()) && !names_a_rate(&r.measure) {
                Kind::Count
            } else {
                Kind::Value
            },
            target: r.target,
            direction: match r.polarity {
                Some(Polarity::Higher) => Direction::Higher,
                Some(Polarity::Lower) => Direction::Lower,
                None => Direction::Neither,
            },
            theme: r.theme.clone(),
            unit: r.unit.clone(),
            maturity: r.open_share.map(|share| {
                // Weighted by the cases behind the figure where known, so
                // months add up to a quarter's share properly.
                let total = r.denominator.filter(|d| *d > 0.0).unwrap_or(1.0);
                Maturity {
                    open: share * total,
                    total,
                    age: None,
                }
            }),
            provisional: r.provisional,
        })),
        Content::CrimeOutcomes(d) => {
            let forces: BTreeSet<u32> = d.cells.iter().map(|(k, _, _)| k.force).collect();
            for offences in Offences::in_data(d) {
                let measure = offence_outcome_measure(settings, &offences);
                for &force in &forces {
                    let force = d.names.name(force);
                    let open = maturity::home_office_by_quarter(d, force, &offences);
                    let rates =
                        home_office_rate(d, force, &settings.set, settings.denominator, &offences);
                    for (quarter, (num, den, _)) in rates {
                        out.push(positive_rate(
                            force,
                            quarter,
                            &measure,
                            (num as f64, den as f64),
                            open.get(&quarter).copied(),
                        ));
                    }
                }
            }
        }
        Content::Street(d) => {
            // Positive outcomes among each council's crimes, by month, and
            // how many are still open (no outcome yet: the rate will rise).
            let mut totals: BTreeMap<(&str, Period), (u64, u64, u64)> = BTreeMap::new();
            for (key, n) in &d.cells {
                let council = d.councils.name(key.council);
                if council.is_empty()
                    || d.crime_types.name(u32::from(key.crime_type)) == ANTI_SOCIAL_BEHAVIOUR
                {
                    continue;
                }
                let entry = totals
                    .entry((council, Period::Month(key.month)))
                    .or_default();
                entry.1 += u64::from(*n);
                let outcome = d.outcomes.name(u32::from(key.outcome));
                if police_uk_positive(outcome) {
                    entry.0 += u64::from(*n);
                }
                if maturity::is_open(outcome) {
                    entry.2 += u64::from(*n);
                }
            }
            for ((council, month), (num, den, open)) in totals {
                out.push(positive_rate(
                    council,
                    month,
                    POLICE_UK_POSITIVE_RATE,
                    (num as f64, den as f64),
                    Some(Maturity {
                        open: open as f64,
                        total: den as f64,
                        age: None,
                    }),
                ));
            }
        }
        Content::RecordedCrime(d) => {
            let mut totals: BTreeMap<(&str, Period, String), i64> = BTreeMap::new();
            for (key, n) in &d.cells {
                let area = d.names.name(key.area);
                *totals
                    .entry((area, key.quarter, "Recorded crime: all offences".into()))
                    .or_default() += n;
                if let Some(&(group, _)) = d.offence_groups.get(&key.offence) {
                    if group != u32::MAX {
                        let name = format!("Recorded crime: {}", d.names.name(group));
                        *totals.entry((area, key.quarter, name)).or_default() += n;
                    }
                }
            }
            out.extend(
                totals
                    .into_iter()
                    .map(|((area, quarter, measure), n)| count(area, quarter, measure, n as f64)),
            );
        }
        Content::StopSearch(d) => {
            let mut totals: BTreeMap<Period, u64> = BTreeMap::new();
            for (key, n) in &d.cells {
                *totals.entry(Period::Month(key.month)).or_default() += u64::from(*n);
            }
            let area = if d.force.is_empty() {
                path
            } else {
                d.force.as_str()
            };
            out.extend(totals.into_iter().map(|(month, n)| Observation {
                direction: Direction::Neither,
                ..count(area, month, "Stop and search: searches".into(), n as f64)
            }));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tidy_count_adds_up_but_a_rate_in_crimes_does_not() {
        // The shape of Trafford Data Lab's ward tables: indicator, measure, unit.
        let text = "area_code,area_name,indicator,period,measure,unit,value\n\
            E05000819,Altrincham,Burglary,2018-10,Rate,Crimes,20.8\n\
            E05000819,Altrincham,Burglary,2018-10,Count,Crimes,98\n\
            E05000819,Altrincham,Hate crime,2018-10,Outcome rate,%,12\n";
        let d = crate::dataset::test_dataset(&[("trafford.csv", text)]);
        let kinds: Vec<(String, Kind)> = observations(&d)
            .into_iter()
            .map(|o| (o.measure, o.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Burglary (Count)".to_string(), Kind::Count),
                ("Burglary (Rate)".to_string(), Kind::Value),
                ("Hate crime (Outcome rate)".to_string(), Kind::Value),
            ]
        );
    }
}
