//! Where in a council crime happens: counts by neighbourhood (MSOA, with the
//! House of Commons Library's names) and by ward, the change on a year
//! earlier with the scorecard's own tests, how concentrated crime is, and hot
//! spots from the crimes' own coordinates.
//!
//! Every figure is summed from police.uk's LSOAs. A police.uk LSOA name less
//! its last letter is its MSOA ("Rotherham 017A" is in "Rotherham 017"), so
//! neighbourhoods are exact. Wards come from the ONS best-fit lookup of 2011
//! LSOAs to 2019 wards, an approximation that is said wherever wards are
//! shown; MSOAs are never summed into wards, because an MSOA can straddle
//! wards.
//!
//! The lookup (`Lookup`) is the compact table `scrutineer neighbourhood-table`
//! derives at build time (`data/neighbourhoods.tsv`); the page fetches it only
//! when the neighbourhood view opens.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::change::Change;
use super::measures::Kind;
use super::monthly::TOTAL_EXCLUDING_ASB;
use super::population::Populations;
use super::scorecard::SeriesPoint;
use super::spc::Direction;
use super::ytd::{self, Comparison};
use crate::dataset::Dataset;
use crate::ingest::formats::police_uk_street::{council_of, ANTI_SOCIAL_BEHAVIOUR, SPOT_GRID};
use crate::model::{Month, Period};

/// The table's first line: its name and layout version.
pub const FORMAT: &str = "scrutineer-neighbourhoods\t1";

/// Said wherever the table's names or the hex map appear.
pub const LICENCE: &str = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0 (House of Commons Library MSOA names and hex cartogram). Contains public sector information licensed under the Open Government Licence v3.0 (ONS LSOA to ward best-fit lookup).";

/// The footnote every ward figure carries.
pub const WARD_FOOTNOTE: &str = "Wards are built from 2011 LSOAs with the ONS best-fit lookup to 2019 wards: an LSOA that crosses a ward boundary is counted wholly in the ward holding most of its people, so ward figures are close but not exact. Neighbourhoods (MSOAs) are never added up into wards.";

/// The share of neighbourhoods whose crime `concentration` measures.
pub const TOP_SHARE: f64 = 0.10;

#[derive(Debug, Clone, PartialEq)]
pub struct Msoa {
    /// The number in its ONS name ("017" in "Rotherham 017").
    pub number: String,
    pub code: String,
    /// The Library's neighbourhood name ("Rotherham Central").
    pub name: String,
    /// Cartogram column and row (even-r layout: even rows sit half a hex right).
    pub q: i32,
    pub r: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ward {
    pub code: String,
    pub name: String,
    /// Its LSOAs' numbers ("017A").
    pub lsoas: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CouncilUnits {
    pub district_code: String,
    pub district_name: String,
    pub msoas: Vec<Msoa>,
    pub wards: Vec<Ward>,
}

/// The neighbourhoods and wards of every council of England and Wales.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lookup {
    councils: HashMap<String, CouncilUnits>,
}

impl Lookup {
    /// Reads the derived table; a damaged one is refused with the line.
    pub fn parse(text: &str) -> Result<Lookup, String> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, first)) if first.trim_end() == FORMAT => {}
            _ => return Err("the neighbourhood table does not start with its format line".into()),
        }
        let mut councils: HashMap<String, CouncilUnits> = HashMap::new();
        let mut current: Option<String> = None;
        for (i, line) in lines {
            let bad = |why: &str| format!("the neighbourhood table, line {}: {why}", i + 1);
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let council = || {
                current
                    .as_ref()
                    .ok_or_else(|| bad("a row before any council"))
            };
            match fields.as_slice() {
                ["C", name, code, district] => {
                    councils.insert(
                        name.to_string(),
                        CouncilUnits {
                            district_code: code.to_string(),
                            district_name: district.to_string(),
                            ..CouncilUnits::default()
                        },
                    );
                    current = Some(name.to_string());
                }
                ["M", number, code, name, q, r] => {
                    let (Ok(q), Ok(r)) = (q.parse(), r.parse()) else {
                        return Err(bad("a hex position that is not a whole number"));
                    };
                    let key = council()?.clone();
                    if let Some(c) = councils.get_mut(&key) {
                        c.msoas.push(Msoa {
                            number: number.to_string(),
                            code: code.to_string(),
                            name: name.to_string(),
                            q,
                            r,
                        });
                    }
                }
                ["W", code, name, lsoas] => {
                    let key = council()?.clone();
                    if let Some(c) = councils.get_mut(&key) {
                        c.wards.push(Ward {
                            code: code.to_string(),
                            name: name.to_string(),
                            lsoas: lsoas.split(' ').map(str::to_string).collect(),
                        });
                    }
                }
                _ => return Err(bad("not a council, neighbourhood or ward row")),
            }
        }
        if councils.is_empty() {
            return Err("the neighbourhood table has no councils".into());
        }
        Ok(Lookup { councils })
    }

    /// A council by the name police.uk's LSOA names give it.
    pub fn council(&self, name: &str) -> Option<&CouncilUnits> {
        self.councils.get(name).or_else(|| {
            let key = super::population::normalise(name);
            self.councils
                .iter()
                .find(|(n, _)| super::population::normalise(n) == key)
                .map(|(_, c)| c)
        })
    }

    pub fn len(&self) -> usize {
        self.councils.len()
    }

    pub fn is_empty(&self) -> bool {
        self.councils.is_empty()
    }
}

/// The LSOA number of a police.uk LSOA name ("Rotherham 017A" → "017A").
fn lsoa_number(name: &str) -> &str {
    name.trim().rsplit_once(' ').map_or("", |(_, n)| n)
}

/// The MSOA number an LSOA number belongs to ("017A" → "017").
fn msoa_number(lsoa: &str) -> &str {
    match lsoa.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => &lsoa[..i],
        _ => lsoa,
    }
}

impl Neighbourhoods {
    /// The neighbourhood an LSOA (police.uk's name) is in.
    pub fn neighbourhood_of(&self, lsoa: &str) -> Option<&Unit> {
        let number = msoa_number(lsoa_number(lsoa));
        let ons = format!("{} {number}", self.council);
        self.neighbourhoods.iter().find(|u| u.ons_name == ons)
    }
}

/// The police.uk measures a neighbourhood can be counted on: the total, then
/// each crime type (anti-social behaviour included, on its own).
pub fn measures(dataset: &Dataset) -> Vec<String> {
    let mut out = vec![TOTAL_EXCLUDING_ASB.to_string()];
    out.extend(
        dataset
            .crime_types()
            .into_iter()
            .map(|t| format!("Crimes: {t}")),
    );
    out
}

/// Whether a crime type counts toward `measure`; `None` for a measure that
/// is not a police.uk count.
type CrimeTypeFilter = Box<dyn Fn(&str) -> bool>;

fn counts_toward(measure: &str) -> Option<CrimeTypeFilter> {
    if measure == TOTAL_EXCLUDING_ASB {
        return Some(Box::new(|t: &str| t != ANTI_SOCIAL_BEHAVIOUR));
    }
    let wanted = measure.strip_prefix("Crimes: ")?.to_string();
    Some(Box::new(move |t: &str| t == wanted))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitKind {
    Neighbourhood,
    Ward,
}

/// One neighbourhood's or ward's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub kind: UnitKind,
    pub code: String,
    /// The Library's name for a neighbourhood; the ward's name.
    pub name: String,
    /// The ONS name of a neighbourhood ("Rotherham 017"); empty for a ward.
    pub ons_name: String,
    /// Cartogram position, for a neighbourhood.
    pub hex: Option<(i32, i32)>,
    /// One point per month of the view, gaps as `None`.
    pub series: Vec<SeriesPoint>,
    /// The latest 12 months against the 12 before (like for like when a
    /// month is missing).
    pub comparison: Option<Comparison>,
    /// The count the view shows: the latest window's, as compared.
    pub count: Option<f64>,
    /// Per 1,000 residents, where a loaded table gives this unit's people.
    pub rate: Option<f64>,
    /// Share of the council's count in the same window, in per cent.
    pub share: Option<f64>,
    pub status: &'static str,
}

impl Unit {
    /// The change the table shows (like for like when a month is missing).
    pub fn change(&self) -> Option<&Change> {
        self.comparison
            .as_ref()
            .and_then(|c| ytd::compared(c))
            .and_then(|(_, _, change, _)| change)
    }

    pub fn label(&self) -> String {
        match self.kind {
            UnitKind::Neighbourhood => format!("{} ({})", self.name, self.ons_name),
            UnitKind::Ward => self.name.clone(),
        }
    }
}

/// How much of the council's crime its busiest neighbourhoods hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concentration {
    /// How many neighbourhoods make the top 10% (rounded up).
    pub top: usize,
    pub of: usize,
    /// Their share of the council's count, in per cent.
    pub share: f64,
    /// Their names, busiest first.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbourhoods {
    pub council: String,
    pub measure: String,
    pub months: Vec<Month>,
    /// "12 months to March 2020", with months left out said.
    pub window: String,
    /// Months left out of both years because one lacks them.
    pub left_out: Vec<Month>,
    /// The window in short: "12 months to March 2020".
    pub period: String,
    /// The months the counts are summed over.
    pub window_months: Vec<Month>,
    pub neighbourhoods: Vec<Unit>,
    pub wards: Vec<Unit>,
    pub concentration: Option<Concentration>,
    /// Records in LSOAs the lookup does not place (a newer LSOA, or a name
    /// from another council's boundary), in the window.
    pub unplaced: u64,
    pub unplaced_lsoas: Vec<String>,
    /// Whether any unit had a loaded population.
    pub has_population: bool,
    pub summary: String,
}

/// The figures behind the view, summed once: records by LSOA name and month.
fn lsoa_counts(
    dataset: &Dataset,
    council: &str,
    wanted: &dyn Fn(&str) -> bool,
) -> BTreeMap<(String, Month), u64> {
    let mut out: BTreeMap<(String, Month), u64> = BTreeMap::new();
    for file in dataset.files() {
        let Some(data) = file.street() else {
            continue;
        };
        let types: Vec<bool> = data.crime_types.names().iter().map(|t| wanted(t)).collect();
        let inside: Vec<bool> = data
            .lsoas
            .names()
            .iter()
            .map(|n| council_of(n) == council)
            .collect();
        for (key, n) in &data.places {
            if inside.get(key.lsoa as usize) == Some(&true)
                && types.get(usize::from(key.crime_type)) == Some(&true)
            {
                *out.entry((data.lsoas.name(key.lsoa).to_string(), key.month))
                    .or_default() += u64::from(*n);
            }
        }
    }
    out
}

fn unit_series(
    months: &[Month],
    covered: &BTreeSet<Month>,
    by_month: &HashMap<Month, u64>,
) -> Vec<SeriesPoint> {
    months
        .iter()
        .map(|m| {
            let known = covered.contains(m);
            SeriesPoint {
                period: Period::Month(*m),
                value: known.then(|| by_month.get(m).copied().unwrap_or(0) as f64),
                numerator: None,
                denominator: None,
                open_share: None,
                provisional: false,
                missing_months: if known { Vec::new() } else { vec![*m] },
                rate: None,
                age: None,
            }
        })
        .collect()
}

/// The view for `council` on `measure` (a police.uk count). `Err` says why
/// there is nothing to show.
pub fn neighbourhoods(
    dataset: &Dataset,
    lookup: &Lookup,
    populations: &Populations,
    council: &str,
    measure: &str,
) -> Result<Neighbourhoods, String> {
    let wanted = counts_toward(measure).ok_or_else(|| {
        format!("{measure} is not a police.uk count, so it has no neighbourhood figures")
    })?;
    let units = lookup.council(council).ok_or_else(|| {
        format!("{council} is not a council of England or Wales in the neighbourhood table, so its neighbourhoods are not known")
    })?;
    let covered = dataset.months_covered(council);
    let months = match (covered.first(), covered.last()) {
        (Some(&a), Some(&b)) => Month::range(a, b),
        _ => {
            return Err(format!(
                "No police.uk street files for {council} are loaded."
            ))
        }
    };
    let counts = lsoa_counts(dataset, council, &*wanted);
    if counts.is_empty()
        && dataset
            .files()
            .iter()
            .all(|f| f.street().is_none_or(|s| s.places.is_empty()))
    {
        return Err("The loaded street files carry no LSOAs (a workspace saved before neighbourhoods were added): load the police.uk files again to see neighbourhoods.".into());
    }
    let msoa_index: HashMap<&str, usize> = units
        .msoas
        .iter()
        .enumerate()
        .map(|(i, m)| (m.number.as_str(), i))
        .collect();
    let ward_of: HashMap<&str, usize> = units
        .wards
        .iter()
        .enumerate()
        .flat_map(|(i, w)| w.lsoas.iter().map(move |l| (l.as_str(), i)))
        .collect();
    let mut by_msoa: Vec<HashMap<Month, u64>> = vec![HashMap::new(); units.msoas.len()];
    let mut by_ward: Vec<HashMap<Month, u64>> = vec![HashMap::new(); units.wards.len()];
    let mut council_total: HashMap<Month, u64> = HashMap::new();
    let mut unplaced: BTreeMap<String, HashMap<Month, u64>> = BTreeMap::new();
    for ((lsoa, month), n) in &counts {
        let number = lsoa_number(lsoa);
        *council_total.entry(*month).or_default() += n;
        let msoa = msoa_index.get(msoa_number(number));
        let ward = ward_of.get(number);
        if let Some(&i) = msoa {
            *by_msoa[i].entry(*month).or_default() += n;
        }
        if let Some(&i) = ward {
            *by_ward[i].entry(*month).or_default() += n;
        }
        if msoa.is_none() || ward.is_none() {
            *unplaced
                .entry(lsoa.clone())
                .or_default()
                .entry(*month)
                .or_default() += n;
        }
    }
    let total_series = unit_series(&months, &covered, &council_total);
    let total = ytd::year_to_date(&total_series, Kind::Count, None, None).map(|y| y.rolling);
    // The months the counts hold: "12 months to March 2020", or, with a
    // month missing in one of the years, "11 months to March 2020 (no July)".
    let period = match total.as_ref().and_then(ytd::compared) {
        Some((this, _, _, left)) if !left.is_empty() => {
            let held = Month::range(this.first, this.last)
                .into_iter()
                .filter(|m| !left.iter().any(|l| l.month() == m.month()))
                .count();
            let names: Vec<String> = left.iter().map(|m| m.name().to_string()).collect();
            let mut unique = names.clone();
            unique.dedup();
            format!(
                "{held} months to {} (no {})",
                this.last.long_name(),
                super::monthly::join_words(&unique)
            )
        }
        Some(_) => total.as_ref().map_or_else(String::new, |c| c.label.clone()),
        None => "the months loaded".to_string(),
    };
    let (window, left_out, total_count) = match total
        .as_ref()
        .and_then(|c| ytd::compared(c).map(|w| (c, w)))
    {
        Some((c, (this, _, _, left))) => (
            if left.is_empty() {
                c.label.clone()
            } else {
                format!(
                    "{}, leaving out {} (missing in one of the two years)",
                    c.label,
                    super::monthly::join_words(
                        &left.iter().map(|m| m.long_name()).collect::<Vec<_>>()
                    )
                )
            },
            left.to_vec(),
            this.value,
        ),
        None => (
            "the months loaded (under two years, so no change on a year earlier)".to_string(),
            Vec::new(),
            None,
        ),
    };
    let window_months: Vec<Month> = match total.as_ref().and_then(ytd::compared) {
        Some((this, _, _, left)) => Month::range(this.first, this.last)
            .into_iter()
            .filter(|m| !left.contains(m))
            .collect(),
        None => months.clone(),
    };
    let in_window = |by_month: &HashMap<Month, u64>| -> u64 {
        window_months
            .iter()
            .map(|m| by_month.get(m).copied().unwrap_or(0))
            .sum()
    };
    let total_in_window = total_count.unwrap_or_else(|| in_window(&council_total) as f64);
    let mut has_population = false;
    let mut make = |kind: UnitKind,
                    code: &str,
                    name: &str,
                    ons: String,
                    hex,
                    by_month: &HashMap<Month, u64>| {
        let series = unit_series(&months, &covered, by_month);
        let comparison = ytd::year_to_date(&series, Kind::Count, None, None).map(|y| y.rolling);
        let count = match comparison.as_ref().and_then(ytd::compared) {
            Some((this, _, _, _)) => this.value,
            None => Some(in_window(by_month) as f64),
        };
        let residents = populations.loaded_by_code(code);
        has_population |= residents.is_some();
        Unit {
            kind,
            code: code.to_string(),
            name: name.to_string(),
            ons_name: ons,
            hex,
            status: comparison
                .as_ref()
                .map_or("Cannot be compared: under two years loaded", |c| {
                    ytd::status(c, Direction::Lower)
                }),
            rate: count
                .zip(residents)
                .and_then(|(n, r)| super::population::rate(n, r.people)),
            share: count
                .filter(|_| total_in_window > 0.0)
                .map(|n| 100.0 * n / total_in_window),
            series,
            comparison,
            count,
        }
    };
    let neighbourhoods: Vec<Unit> = units
        .msoas
        .iter()
        .zip(&by_msoa)
        .map(|(m, by_month)| {
            make(
                UnitKind::Neighbourhood,
                &m.code,
                &m.name,
                format!("{council} {}", m.number),
                Some((m.q, m.r)),
                by_month,
            )
        })
        .collect();
    let wards: Vec<Unit> = units
        .wards
        .iter()
        .zip(&by_ward)
        .map(|(w, by_month)| {
            make(
                UnitKind::Ward,
                &w.code,
                &w.name,
                String::new(),
                None,
                by_month,
            )
        })
        .collect();
    let concentration = concentration(&neighbourhoods);
    let unplaced_count = unplaced.values().map(in_window).sum();
    let mut view = Neighbourhoods {
        council: council.to_string(),
        measure: measure.to_string(),
        months,
        window,
        left_out,
        period,
        window_months: window_months.clone(),
        neighbourhoods,
        wards,
        concentration,
        unplaced: unplaced_count,
        unplaced_lsoas: unplaced.into_keys().collect(),
        has_population,
        summary: String::new(),
    };
    view.summary = summary(&view);
    Ok(view)
}

/// The top 10% of neighbourhoods (at least one) and their share.
fn concentration(units: &[Unit]) -> Option<Concentration> {
    let mut counted: Vec<(&Unit, f64)> = units.iter().filter_map(|u| Some((u, u.count?))).collect();
    if counted.is_empty() || counted.len() != units.len() {
        return None;
    }
    let total: f64 = counted.iter().map(|(_, n)| n).sum();
    if total <= 0.0 {
        return None;
    }
    crate::model::sort::sort_by(&mut counted, |a, b| {
        b.1.total_cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name))
    });
    let top = ((units.len() as f64 * TOP_SHARE).ceil() as usize).max(1);
    let held: f64 = counted.iter().take(top).map(|(_, n)| n).sum();
    Some(Concentration {
        top,
        of: units.len(),
        share: 100.0 * held / total,
        names: counted
            .iter()
            .take(top)
            .map(|(u, _)| u.name.clone())
            .collect(),
    })
}

fn summary(view: &Neighbourhoods) -> String {
    let what = view
        .measure
        .strip_prefix("Crimes: ")
        .unwrap_or(&view.measure)
        .to_lowercase();
    let mut out = format!(
        "{}: {what} by neighbourhood, {}.",
        view.council, view.window
    );
    if let Some(c) = &view.concentration {
        out.push_str(&format!(
            " The busiest {} of {} neighbourhoods (the top 10%) hold {:.1}% of the council's count: {}.",
            c.top,
            c.of,
            c.share,
            super::monthly::join_words(&c.names)
        ));
    }
    let worse: Vec<String> = view
        .neighbourhoods
        .iter()
        .filter(|u| u.status == "Significantly worse")
        .map(|u| u.name.clone())
        .collect();
    let better = view
        .neighbourhoods
        .iter()
        .filter(|u| u.status == "Significantly better")
        .count();
    if view.neighbourhoods.iter().any(|u| u.change().is_some()) {
        if worse.is_empty() {
            out.push_str(
                " No neighbourhood rose by more than chance would explain on the year before",
            );
        } else {
            out.push_str(&format!(
                " {} rose by more than chance would explain on the year before",
                super::monthly::join_words(&worse)
            ));
        }
        out.push_str(&format!(
            "; {better} {} fell by more than chance.",
            if better == 1 {
                "neighbourhood"
            } else {
                "neighbourhoods"
            }
        ));
        let tested = view
            .neighbourhoods
            .iter()
            .filter(|u| u.change().is_some_and(|c| c.p_value.is_some()))
            .count();
        let by_chance = tested as f64 * super::change::ALPHA;
        if by_chance >= 0.5 {
            out.push_str(&format!(
                " With {tested} neighbourhoods each tested at the 5% level, about {} would be flagged by chance alone, so read single flags with care.",
                by_chance.round()
            ));
        }
    }
    if view.unplaced > 0 {
        out.push_str(&format!(
            " {} records in {} LSOAs the lookup does not place are in the council total but in no neighbourhood or ward.",
            crate::ingest::group(view.unplaced),
            view.unplaced_lsoas.len()
        ));
    }
    if !view.has_population {
        out.push_str(" No small-area population is loaded, so there are counts but no rates per 1,000 residents.");
    }
    out
}

/// Everything the neighbourhood view shows, for one measure and choice.
#[derive(Debug, Clone, PartialEq)]
pub struct NeighbourhoodFigures {
    pub view: Neighbourhoods,
    /// The chosen neighbourhood, by index into `view.neighbourhoods`.
    pub chosen: Option<usize>,
    /// The trend of the chosen neighbourhood, or of the council.
    pub trend: super::monthly::MonthlyTable,
    /// Hot spots over the counts' window, in the chosen neighbourhood or the
    /// whole council.
    pub hot_spots: Option<HotSpots>,
}

/// The view, the chosen neighbourhood's trend and the hot spots. `hex` is an
/// MSOA code; one not in the council is ignored.
pub fn neighbourhood_figures(
    dataset: &Dataset,
    lookup: &Lookup,
    populations: &Populations,
    council: &str,
    measure: &str,
    hex: Option<&str>,
) -> Result<NeighbourhoodFigures, String> {
    let view = neighbourhoods(dataset, lookup, populations, council, measure)?;
    let chosen = hex.and_then(|h| view.neighbourhoods.iter().position(|u| u.code == h));
    let what = measure
        .strip_prefix("Crimes: ")
        .unwrap_or(measure)
        .to_string();
    let (name, values): (String, Vec<Option<u64>>) = match chosen {
        Some(i) => (
            view.neighbourhoods[i].label(),
            view.neighbourhoods[i]
                .series
                .iter()
                .map(|p| p.value.map(|v| v as u64))
                .collect(),
        ),
        None => {
            // One pass: the total leads the table, the crime type follows it.
            let total = measure == TOTAL_EXCLUDING_ASB;
            let types = if total {
                Vec::new()
            } else {
                vec![what.clone()]
            };
            let table = super::monthly::monthly_counts(dataset, council, &types);
            let values = table
                .series
                .into_iter()
                .nth(usize::from(!total))
                .map(|s| s.values);
            (council.to_string(), values.unwrap_or_default())
        }
    };
    let trend = super::monthly::MonthlyTable {
        council: name,
        months: view.months.clone(),
        series: vec![super::monthly::Series { name: what, values }],
    };
    let msoa = chosen.map(|i| {
        view.neighbourhoods[i]
            .ons_name
            .rsplit_once(' ')
            .map_or(String::new(), |(_, n)| n.to_string())
    });
    let hot_spots = hot_spots(
        dataset,
        council,
        measure,
        &view.window_months,
        msoa.as_deref(),
    );
    Ok(NeighbourhoodFigures {
        view,
        chosen,
        trend,
        hot_spots,
    })
}

/// A column the neighbourhood and ward tables sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlaceSort {
    Name,
    #[default]
    Count,
    Rate,
    Share,
    Change,
}

/// Units in the order of `key` (descending when asked); units without the
/// figure go last either way, then by name.
pub fn sorted(units: &[Unit], key: PlaceSort, descending: bool) -> Vec<usize> {
    let figure = |u: &Unit| -> Option<f64> {
        match key {
            PlaceSort::Name => None,
            PlaceSort::Count => u.count,
            PlaceSort::Rate => u.rate,
            PlaceSort::Share => u.share,
            PlaceSort::Change => u.change().and_then(|c| c.percent),
        }
    };
    let mut order: Vec<usize> = (0..units.len()).collect();
    crate::model::sort::sort_by(&mut order, |&a, &b| {
        let (ua, ub) = (&units[a], &units[b]);
        let by_name = ua.name.cmp(&ub.name);
        let ordering = if key == PlaceSort::Name {
            by_name
        } else {
            match (figure(ua), figure(ub)) {
                (Some(x), Some(y)) => x.total_cmp(&y).then(by_name),
                (Some(_), None) => return std::cmp::Ordering::Less,
                (None, Some(_)) => return std::cmp::Ordering::Greater,
                (None, None) => return by_name,
            }
        };
        if descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    order
}

/// One hexagon of the hot-spot map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotSpot {
    /// The centre, in degrees.
    pub longitude: f64,
    pub latitude: f64,
    /// The centre in kilometres east and north of the map's origin.
    pub x: f64,
    pub y: f64,
    pub count: u64,
    /// The LSOA with most of its records (police.uk's name).
    pub main_lsoa: String,
}

/// Hexagons over the crimes' own coordinates, and every grid square where
/// anything was recorded in the council (its footprint, drawn beneath).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotSpots {
    pub radius_km: f64,
    pub spots: Vec<HotSpot>,
    /// Footprint squares, in kilometres from the same origin.
    pub footprint: Vec<(f64, f64)>,
    pub total: u64,
    pub bounds: ((f64, f64), (f64, f64)),
}

/// Kilometres per degree of latitude (WGS84 mean).
const KM_PER_DEGREE: f64 = 111.2;

/// Hot spots of `measure` in `council` over `months` (all loaded months when
/// empty), optionally inside one neighbourhood (its MSOA number).
pub fn hot_spots(
    dataset: &Dataset,
    council: &str,
    measure: &str,
    months: &[Month],
    msoa: Option<&str>,
) -> Option<HotSpots> {
    let wanted = counts_toward(measure)?;
    let mut cells: HashMap<(i32, i32, &str), u64> = HashMap::new();
    let mut footprint: BTreeSet<(i32, i32)> = BTreeSet::new();
    for file in dataset.files() {
        let Some(data) = file.street() else {
            continue;
        };
        let types: Vec<bool> = data.crime_types.names().iter().map(|t| wanted(t)).collect();
        let place: Vec<(bool, bool)> = data
            .lsoas
            .names()
            .iter()
            .map(|n| {
                let inside = council_of(n) == council;
                (
                    inside,
                    inside && msoa.is_none_or(|m| msoa_number(lsoa_number(n)) == m),
                )
            })
            .collect();
        for (key, n) in &data.spots {
            let Some(&(inside, chosen)) = place.get(key.lsoa as usize) else {
                continue;
            };
            if !inside {
                continue;
            }
            footprint.insert((key.x, key.y));
            if chosen
                && types.get(usize::from(key.crime_type)) == Some(&true)
                && (months.is_empty() || months.contains(&key.month))
            {
                *cells
                    .entry((key.x, key.y, data.lsoas.name(key.lsoa)))
                    .or_default() += u64::from(*n);
            }
        }
    }
    let (lon0, lat0) = footprint
        .iter()
        .fold((f64::MAX, f64::MAX), |(a, b), (x, y)| {
            (a.min(f64::from(*x)), b.min(f64::from(*y)))
        });
    let (lon1, lat1) = footprint
        .iter()
        .fold((f64::MIN, f64::MIN), |(a, b), (x, y)| {
            (a.max(f64::from(*x)), b.max(f64::from(*y)))
        });
    if footprint.is_empty() {
        return None;
    }
    let (lon0, lat0, lon1, lat1) = (
        lon0 / SPOT_GRID,
        lat0 / SPOT_GRID,
        lon1 / SPOT_GRID,
        lat1 / SPOT_GRID,
    );
    let east = KM_PER_DEGREE * ((lat0 + lat1) / 2.0).to_radians().cos();
    let to_km = |x: i32, y: i32| {
        (
            (f64::from(x) / SPOT_GRID - lon0) * east,
            (f64::from(y) / SPOT_GRID - lat0) * KM_PER_DEGREE,
        )
    };
    let width = (lon1 - lon0) * east;
    let height = (lat1 - lat0) * KM_PER_DEGREE;
    // About 30 hexagons across the council's longer side.
    let radius_km = (width.max(height) / 30.0).max(0.25);
    // Each hexagon's count, and its count by LSOA (to name where it is).
    type Bin<'a> = (u64, HashMap<&'a str, u64>);
    let mut bins: HashMap<(i64, i64), Bin> = HashMap::new();
    for ((x, y, lsoa), n) in &cells {
        let (kx, ky) = to_km(*x, *y);
        let bin = bins.entry(hex_of(kx, ky, radius_km)).or_default();
        bin.0 += n;
        *bin.1.entry(lsoa).or_default() += n;
    }
    let mut spots: Vec<HotSpot> = bins
        .into_iter()
        .map(|((q, r), (count, lsoas))| {
            let (x, y) = hex_centre(q, r, radius_km);
            let main_lsoa = lsoas
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map(|(l, _)| l.to_string())
                .unwrap_or_default();
            HotSpot {
                longitude: lon0 + x / east,
                latitude: lat0 + y / KM_PER_DEGREE,
                x,
                y,
                count,
                main_lsoa,
            }
        })
        .collect();
    crate::model::sort::sort_by(&mut spots, |a, b| {
        b.count
            .cmp(&a.count)
            .then(b.y.total_cmp(&a.y))
            .then(a.x.total_cmp(&b.x))
    });
    Some(HotSpots {
        radius_km,
        total: spots.iter().map(|s| s.count).sum(),
        spots,
        footprint: footprint.iter().map(|(x, y)| to_km(*x, *y)).collect(),
        bounds: ((0.0, 0.0), (width, height)),
    })
}

/// The pointy-topped hexagon (axial q, r) holding a point, for hexagons of
/// circumradius `size`.
pub fn hex_of(x: f64, y: f64, size: f64) -> (i64, i64) {
    let q = (3f64.sqrt() / 3.0 * x - y / 3.0) / size;
    let r = (2.0 / 3.0 * y) / size;
    // Cube rounding: the nearest hexagon centre.
    let s = -q - r;
    let (mut rq, mut rr, rs) = (q.round(), r.round(), s.round());
    let (dq, dr, ds) = ((rq - q).abs(), (rr - r).abs(), (rs - s).abs());
    if dq > dr && dq > ds {
        rq = -rr - rs;
    } else if dr > ds {
        rr = -rq - rs;
    }
    (rq as i64, rr as i64)
}

pub fn hex_centre(q: i64, r: i64, size: f64) -> (f64, f64) {
    (
        size * 3f64.sqrt() * (q as f64 + r as f64 / 2.0),
        size * 1.5 * r as f64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "scrutineer-neighbourhoods\t1\n# licence\nC\tR\tE08000018\tR\nM\t001\tE02000001\tNorth\t1\t2\nM\t002\tE02000002\tSouth\t1\t1\nW\tE05000001\tHill\t001A 002A\nW\tE05000002\tVale\t001B\n";

    #[test]
    fn lsoa_names_give_neighbourhoods() {
        assert_eq!(msoa_number(lsoa_number("Rotherham 017A")), "017");
        assert_eq!(msoa_number(lsoa_number("Kingston upon Hull 001B")), "001");
        assert_eq!(lsoa_number(""), "");
    }

    #[test]
    fn a_damaged_table_is_refused_with_its_line() {
        assert!(Lookup::parse("nonsense").is_err());
        let e = Lookup::parse(&format!("{FORMAT}\nM\t001\tE02\tX\tq\t2\n")).unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        let ok = Lookup::parse(TABLE).unwrap();
        assert_eq!(ok.council("R").unwrap().msoas.len(), 2);
        assert_eq!(ok.council("r").unwrap().wards[0].lsoas, ["001A", "002A"]);
    }

    #[test]
    fn points_fall_in_the_nearest_hexagon() {
        for (q, r) in [(0, 0), (3, -2), (-5, 7)] {
            let (x, y) = hex_centre(q, r, 1.5);
            assert_eq!(hex_of(x, y, 1.5), (q, r));
            assert_eq!(hex_of(x + 0.6, y - 0.5, 1.5), (q, r));
        }
    }

    /// Neighbourhoods, wards and concentration on a tiny council: two
    /// months a year apart and the months between loaded empty.
    #[test]
    fn counts_sum_lsoas_into_neighbourhoods_and_wards() {
        let mut files: Vec<(String, String)> = Vec::new();
        for m in Month::range(
            Month::parse_iso("2018-01").unwrap(),
            Month::parse_iso("2019-12").unwrap(),
        ) {
            let mut text = String::from(
                "Crime ID,Month,Falls within,Longitude,Latitude,LSOA name,Crime type\n",
            );
            let rows: &[(&str, &str)] = if m.to_string() == "2019-12" {
                &[
                    ("R 001A", "Burglary"),
                    ("R 001A", "Burglary"),
                    ("R 001B", "Drugs"),
                    ("R 002A", "Burglary"),
                    ("R 009Z", "Drugs"),
                    ("S 001A", "Burglary"),
                ]
            } else {
                &[("R 001A", "Drugs")]
            };
            for (i, (lsoa, t)) in rows.iter().enumerate() {
                text.push_str(&format!("{m}-{i},{m},P,-1.35,53.43,{lsoa},{t}\n"));
            }
            files.push((format!("{m}.csv"), text));
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let d = crate::dataset::test_dataset(&refs);
        let lookup = Lookup::parse(TABLE).unwrap();
        let view = neighbourhoods(
            &d,
            &lookup,
            &Populations::built_in(),
            "R",
            TOTAL_EXCLUDING_ASB,
        )
        .unwrap();
        // Jan to Dec 2019: 11 Drugs in 001 (Jan-Nov) + 3 in Dec (001A x2, 001B) = 14; 002: 1; 009Z unplaced.
        let counts: Vec<Option<f64>> = view.neighbourhoods.iter().map(|u| u.count).collect();
        assert_eq!(counts, [Some(14.0), Some(1.0)]);
        let wards: Vec<Option<f64>> = view.wards.iter().map(|u| u.count).collect();
        // Hill: 001A (11 + 2) + 002A (1) = 14; Vale: 001B = 1.
        assert_eq!(wards, [Some(14.0), Some(1.0)]);
        assert_eq!(view.unplaced, 1);
        assert_eq!(view.unplaced_lsoas, ["R 009Z"]);
        let c = view.concentration.clone().unwrap();
        assert_eq!((c.top, c.of), (1, 2));
        assert!((c.share - 100.0 * 14.0 / 15.0).abs() < 1e-9);
        // Shares are of the council's count, which includes the unplaced record.
        assert!((view.neighbourhoods[0].share.unwrap() - 100.0 * 14.0 / 16.0).abs() < 1e-9);
        // 2018 had 12 in 001: 14 against 12 is no real change.
        assert_eq!(view.neighbourhoods[0].status, "No significant change");
        let burglary = neighbourhoods(
            &d,
            &lookup,
            &Populations::built_in(),
            "R",
            "Crimes: Burglary",
        )
        .unwrap();
        assert_eq!(burglary.neighbourhoods[0].count, Some(2.0));
        assert!(
            view.summary.contains("No small-area population"),
            "{}",
            view.summary
        );
        // A small-area population, as ONS publishes MSOA estimates: rates for
        // the neighbourhood it covers, and no claim that there are none.
        let mut with_people = refs.clone();
        with_people.push((
            "msoa-population.csv",
            "MSOA Code,MSOA Name,All Ages\nE02000001,North,5000\n",
        ));
        let dp = crate::dataset::test_dataset(&with_people);
        let rated = neighbourhoods(
            &dp,
            &lookup,
            &Populations::new(&dp),
            "R",
            TOTAL_EXCLUDING_ASB,
        )
        .unwrap();
        assert_eq!(rated.neighbourhoods[0].rate, Some(14.0 * 1000.0 / 5000.0));
        assert_eq!(rated.neighbourhoods[1].rate, None);
        assert!(rated.has_population && !rated.summary.contains("No small-area population"));
        let spots = hot_spots(&d, "R", "Crimes: Burglary", &[], None).unwrap();
        assert_eq!(spots.total, 3);
        let one = hot_spots(&d, "R", "Crimes: Burglary", &[], Some("002")).unwrap();
        assert_eq!(one.total, 1);
        assert_eq!(sorted(&view.neighbourhoods, PlaceSort::Count, true), [0, 1]);
        assert_eq!(
            sorted(&view.neighbourhoods, PlaceSort::Count, false),
            [1, 0]
        );
        assert_eq!(sorted(&view.neighbourhoods, PlaceSort::Name, false), [0, 1]);
        // No rates: name order, whichever way.
        assert_eq!(sorted(&view.neighbourhoods, PlaceSort::Rate, true), [0, 1]);
    }
}
