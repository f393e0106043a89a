//! How old the figures a judgement compares are. A police.uk outcome rate is
//! as at its download: a month one month old has had one month for outcomes,
//! a month thirteen months old thirteen. A change between two such months
//! mixes ages; two downloads of the same months show how much young months
//! typically rise, which says whether a change is larger than that.

use serde::Serialize;

use super::change::Change;
use super::maturity::Revision;
use super::series::SeriesPoint;
use crate::model::Period;

/// How much figures of some ages rose after first publication, on average.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypicalRise {
    /// Youngest and oldest age (months) of the revisions averaged.
    pub ages: (u32, u32),
    /// Mean change, in the figure's own unit (points for a %).
    pub mean: f64,
    /// Revisions averaged: one per period and earlier download.
    pub periods: usize,
    /// Downloads they came from, the current one included.
    pub downloads: usize,
}

fn typical(revisions: &[&Revision]) -> Option<TypicalRise> {
    let first = revisions.first()?;
    let mut ages = (first.age as u32, first.age as u32);
    let mut extracts: Vec<&str> = Vec::new();
    for r in revisions {
        ages = (ages.0.min(r.age as u32), ages.1.max(r.age as u32));
        if !extracts.contains(&r.extract.as_str()) {
            extracts.push(&r.extract);
        }
    }
    Some(TypicalRise {
        ages,
        mean: revisions.iter().map(|r| r.change).sum::<f64>() / revisions.len() as f64,
        periods: revisions.len(),
        downloads: extracts.len() + 1,
    })
}

/// The ages behind a measure's judgements, where its figures know them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ages {
    /// The judged period and its age in its download.
    pub judged: (Period, u32),
    /// The period the change test compared it with, and its age.
    pub compared: Option<(Period, u32)>,
    /// Youngest and oldest age of the mature periods SPC limits come from.
    pub spc: Option<(u32, u32)>,
    /// How much periods as old as the judged one rose after first
    /// publication, where two downloads show it.
    pub at_judged: Option<TypicalRise>,
    /// How much periods younger than the minimum age rose: why they are
    /// provisional.
    pub young: Option<TypicalRise>,
    /// The change is no larger than the typical rise at its age, against
    /// it: it could be the judged figure still maturing, so it is not
    /// called real.
    pub within_typical: bool,
}

/// The ages of a measure's judged period and the one its change test
/// compared it with; `change` loses its significance when it is no larger
/// than the rise such a young figure typically still sees.
pub fn ages(
    series: &[SeriesPoint],
    judged: usize,
    change: Option<&mut Change>,
    compared: Option<Period>,
    revisions: &[Revision],
    minimum_age: u32,
    spc: bool,
) -> Option<Ages> {
    let point = series.get(judged)?;
    let age = point.age?;
    let compared = compared.and_then(|p| {
        let q = series.iter().find(|x| x.period == p)?;
        Some((p, q.age?))
    });
    let at: Vec<&Revision> = revisions.iter().filter(|r| r.age as u32 == age).collect();
    let young: Vec<&Revision> = revisions
        .iter()
        .filter(|r| (r.age as u32) < minimum_age)
        .collect();
    let at_judged = typical(&at);
    let mut within_typical = false;
    if let (Some(c), Some(t), Some((_, older))) = (change, &at_judged, compared) {
        // The judged figure will move by about `t.mean` more; the older one
        // has settled. A change that the move could undo is not real.
        let against = c.absolute * t.mean < 0.0;
        if older > age && against && c.absolute.abs() <= t.mean.abs() {
            within_typical = true;
            c.significant = false;
        }
    }
    let mature: Vec<u32> = series
        .iter()
        .filter(|p| p.value.is_some() && !p.provisional)
        .filter_map(|p| p.age)
        .collect();
    let spc = (spc && !mature.is_empty()).then(|| {
        (
            mature.iter().copied().min().unwrap_or(age),
            mature.iter().copied().max().unwrap_or(age),
        )
    });
    Some(Ages {
        judged: (point.period, age),
        compared,
        spc,
        at_judged,
        young: typical(&young),
        within_typical,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Month;

    fn point(m: u8, age: u32) -> SeriesPoint {
        SeriesPoint {
            period: Period::Month(Month::new(2021, m).unwrap()),
            value: Some(10.0),
            numerator: None,
            denominator: None,
            open_share: None,
            provisional: false,
            missing_months: Vec::new(),
            rate: None,
            age: Some(age),
        }
    }

    fn revision(m: u8, age: usize, change: f64) -> Revision {
        Revision {
            period: Period::Month(Month::new(2021, m).unwrap()),
            earlier: 8.0,
            later: 8.0 + change,
            change,
            age,
            extract: "the police.uk download to September 2021".into(),
        }
    }

    fn fall(by: f64) -> Change {
        crate::analysis::change::values(20.0, 20.0 - by)
    }

    #[test]
    fn a_fall_no_larger_than_the_rise_still_to_come_is_not_called_real() {
        let series = [point(1, 15), point(12, 3)];
        let revisions = [revision(6, 3, 0.7), revision(9, 0, 1.2)];
        let mut c = fall(0.5);
        c.significant = true;
        let compared = Some(series[0].period);
        let a = ages(&series, 1, Some(&mut c), compared, &revisions, 3, false).unwrap();
        assert!(a.within_typical && !c.significant);
        assert_eq!(a.compared, Some((series[0].period, 15)));
        let at = a.at_judged.unwrap();
        assert_eq!((at.ages, at.periods, at.downloads), ((3, 3), 1, 2));
        assert!((at.mean - 0.7).abs() < 1e-12);
        let young = a.young.unwrap();
        assert_eq!((young.ages, young.periods), ((0, 0), 1));

        let mut big = fall(11.0);
        big.significant = true;
        let a = ages(&series, 1, Some(&mut big), compared, &revisions, 3, false).unwrap();
        assert!(
            !a.within_typical && big.significant,
            "larger than the rise: kept"
        );
    }

    #[test]
    fn without_ages_there_is_nothing_to_say() {
        let mut p = point(1, 0);
        p.age = None;
        assert!(ages(&[p], 0, None, None, &[], 3, false).is_none());
    }
}
