//! Home Office figures are published for police force areas, not councils.
//! A council's scorecard shows them for its force, in a group of their own,
//! compared with every other territorial force area in the figures.

use std::collections::BTreeSet;

use crate::analysis::measures::Observation;
use crate::analysis::population::{force_key as key, Populations};
use crate::dataset::Dataset;

/// The force area of `home` as the observations name it, and the force areas
/// to compare it with: every other territorial force with its measures
/// (British Transport Police, with no districts, is never one).
pub fn force_context(
    dataset: &Dataset,
    observations: &[Observation],
    home: &str,
) -> Option<(String, Vec<String>)> {
    let councils = dataset.councils();
    // From the street files, else the built-in district-to-force lookup.
    let force = councils
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(home))
        .map(|c| c.force.clone())
        .or_else(|| Populations::built_in().force_of(home).map(str::to_string))?;
    let areas: BTreeSet<&str> = observations.iter().map(|o| o.area.as_str()).collect();
    let by_key = |name: &str| {
        areas
            .iter()
            .find(|a| key(a) == key(name))
            .map(|a| a.to_string())
    };
    let area = by_key(&force)?;
    if area.eq_ignore_ascii_case(home) {
        return None;
    }
    // Every other force area with the same measures: police forces' "most
    // similar groups" are not published, so a force is ranked among all of
    // them, whichever other forces' street files happen to be loaded.
    let measures: BTreeSet<&str> = observations
        .iter()
        .filter(|o| o.area == area)
        .map(|o| o.measure.as_str())
        .collect();
    // Only force areas: ONS's tables give the same measures for every
    // community safety partnership too.
    let populations = Populations::built_in();
    // A council or partnership code (ONS's Dorset council, not Dorset
    // Police) is never a force area.
    let council_code = |c: &str| {
        ["E06", "E07", "E08", "E09", "W06", "E22", "W22"]
            .iter()
            .any(|p| c.starts_with(p))
    };
    let others: BTreeSet<&str> = observations
        .iter()
        .filter(|o| o.area != area && measures.contains(o.measure.as_str()))
        .filter(|o| !o.code.as_deref().is_some_and(council_code))
        .map(|o| o.area.as_str())
        .filter(|a| !populations.districts_of_force(a).is_empty())
        .collect();
    let peers: Vec<String> = others.into_iter().map(str::to_string).collect();
    Some((area, peers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::measures::observations;
    use crate::dataset::LoadedFile;
    use crate::ingest::ingest_bytes;

    const HO: &str = "financial_year,financial_quarter,force_name,offence_description,offence_group,offence_subgroup,offence_code,offence_code_expired,outcome_description,outcome_group,outcome_type,offences,force_outcomes_recorded_in_quarter\n\
        2017/18,1,South Yorkshire,Burglary,Theft,Burglary,28,NA,Charged/Summonsed,Charged,1,10,10\n\
        2017/18,1,Merseyside,Burglary,Theft,Burglary,28,NA,Charged/Summonsed,Charged,1,12,12\n\
        2017/18,1,Kent,Burglary,Theft,Burglary,28,NA,Charged/Summonsed,Charged,1,9,9\n";

    fn dataset(street: &str) -> Dataset {
        let mut d = Dataset::default();
        for (i, (name, text)) in [("s.csv", street), ("ho.csv", HO)].iter().enumerate() {
            let l = ingest_bytes(name, text.as_bytes()).remove(0);
            d.add(LoadedFile::new(i as u32, l).unwrap()).unwrap();
        }
        d
    }

    #[test]
    fn a_council_gets_its_force_and_every_other_force_not_only_those_with_street_files() {
        let street = "Crime ID,Month,Falls within,LSOA name,Crime type\n\
            a,2019-04,South Yorkshire Police,Rotherham 001A,Drugs\n\
            b,2019-04,Merseyside Police,Wirral 001A,Drugs\n";
        let d = dataset(street);
        let obs = observations(&d);
        let all = Some((
            "South Yorkshire".into(),
            vec!["Kent".into(), "Merseyside".into()],
        ));
        assert_eq!(force_context(&d, &obs, "Rotherham"), all);
        assert_eq!(force_context(&d, &obs, "Nowhere"), None);
        // Barnsley has no street records here; its force comes from the ONS table.
        assert_eq!(force_context(&d, &obs, "Barnsley"), all);
    }

    #[test]
    fn with_one_force_loaded_every_other_force_is_a_peer() {
        let street = "Crime ID,Month,Falls within,LSOA name,Crime type\n\
            a,2019-04,South Yorkshire Police,Rotherham 001A,Drugs\n";
        let d = dataset(street);
        let obs = observations(&d);
        assert_eq!(
            force_context(&d, &obs, "Rotherham"),
            Some((
                "South Yorkshire".into(),
                vec!["Kent".into(), "Merseyside".into()]
            ))
        );
    }
}
