//! Aggregating a series up: months to financial-year quarters, financial years,
//! calendar years or rolling twelve months. A period with months missing is
//! refused (its value is `None` and its missing months are listed) unless the
//! caller allows incomplete periods. Gaps are never zeros.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Month, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    #[default]
    Month,
    Quarter,
    FinancialYear,
    CalendarYear,
    /// The twelve months ending with each month ("year ending").
    Rolling12,
}

impl Granularity {
    pub fn parse(text: &str) -> Option<Granularity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "month" | "monthly" => Some(Granularity::Month),
            "quarter" | "quarterly" => Some(Granularity::Quarter),
            "year" | "financial-year" | "financial_year" | "fy" => Some(Granularity::FinancialYear),
            "calendar-year" | "calendar_year" => Some(Granularity::CalendarYear),
            "rolling" | "rolling12" | "rolling-12" | "year-ending" => Some(Granularity::Rolling12),
            _ => None,
        }
    }
}

/// One input point: numerator and (for proportions and rates) denominator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub period: Period,
    pub numerator: f64,
    pub denominator: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    pub period: Period,
    /// Summed; `None` when months are missing and incomplete periods are refused.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub missing: Vec<Month>,
}

/// The period of granularity `g` holding `month` (for rolling twelve months,
/// the window ending with it is handled separately).
fn bucket(month: Month, g: Granularity) -> Period {
    match g {
        Granularity::Month | Granularity::Rolling12 => Period::Month(month),
        Granularity::Quarter => Period::quarter_of(month),
        Granularity::FinancialYear => {
            let year = if month.month() >= 4 {
                month.year()
            } else {
                month.year() - 1
            };
            Period::FinancialYear(year)
        }
        Granularity::CalendarYear => Period::CalendarYear(month.year()),
    }
}

fn months_of(p: Period) -> Vec<Month> {
    match (p.first_month(), p.last_month()) {
        (Some(a), Some(b)) => Month::range(a, b),
        _ => Vec::new(),
    }
}

/// Aggregates monthly (or quarterly) points to `g`. Only points whose periods
/// nest in `g` are used; the output runs over every period from the first to
/// the last point, so a wholly missing period appears too, with no value.
pub fn aggregate(points: &[Point], g: Granularity, allow_incomplete: bool) -> Vec<Aggregate> {
    // Spread every input over the months it covers, keyed by its first month.
    let mut by_month: BTreeMap<Month, (f64, Option<f64>)> = BTreeMap::new();
    let mut covered: BTreeMap<Month, bool> = BTreeMap::new();
    for p in points {
        let months = months_of(p.period);
        let Some(&first) = months.first() else {
            continue;
        };
        let entry = by_month.entry(first).or_insert((0.0, None));
        entry.0 += p.numerator;
        if let Some(d) = p.denominator {
            entry.1 = Some(entry.1.unwrap_or(0.0) + d);
        }
        for m in months {
            covered.insert(m, true);
        }
    }
    let (Some(&first), Some(&last)) = (covered.keys().next(), covered.keys().next_back()) else {
        return Vec::new();
    };
    let sum = |months: &[Month]| -> Aggregate {
        let missing: Vec<Month> = months
            .iter()
            .copied()
            .filter(|m| !covered.contains_key(m))
            .collect();
        let (mut n, mut d, mut any_d) = (0.0, 0.0, false);
        for m in months {
            if let Some((num, den)) = by_month.get(m) {
                n += num;
                if let Some(den) = den {
                    d += den;
                    any_d = true;
                }
            }
        }
        let refuse = !missing.is_empty() && !allow_incomplete;
        Aggregate {
            period: Period::Month(months[0]),
            numerator: (!refuse && missing.len() < months.len()).then_some(n),
            denominator: (!refuse && any_d).then_some(d),
            missing,
        }
    };
    let all = Month::range(first, last);
    if g == Granularity::Rolling12 {
        return all
            .iter()
            .filter_map(|&end| {
                let back = Month::from_index(end.index().checked_sub(11)?)?;
                let mut a = sum(&Month::range(back, end));
                a.period = Period::YearEnding(end);
                Some(a)
            })
            .filter(|a| a.missing.len() < 12)
            .collect();
    }
    let mut buckets: Vec<Period> = all.iter().map(|&m| bucket(m, g)).collect();
    buckets.dedup();
    buckets
        .into_iter()
        .map(|period| {
            let mut a = sum(&months_of(period));
            a.period = period;
            a
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str) -> Month {
        Month::parse_iso(s).unwrap()
    }

    fn monthly(values: &[(&str, f64)]) -> Vec<Point> {
        values
            .iter()
            .map(|(m, v)| Point {
                period: Period::Month(month(m)),
                numerator: *v,
                denominator: None,
            })
            .collect()
    }

    /// Rotherham, crimes excluding ASB, April 2019 to March 2020, July missing
    /// (tests/real_data.rs).
    fn rotherham() -> Vec<Point> {
        monthly(&[
            ("2019-04", 1972.0),
            ("2019-05", 2141.0),
            ("2019-06", 1970.0),
            ("2019-08", 2166.0),
            ("2019-09", 2151.0),
            ("2019-10", 2258.0),
            ("2019-11", 2013.0),
            ("2019-12", 2021.0),
            ("2020-01", 2192.0),
            ("2020-02", 1952.0),
            ("2020-03", 1974.0),
        ])
    }

    #[test]
    fn quarters_sum_months_and_refuse_the_one_with_a_gap() {
        let q = aggregate(&rotherham(), Granularity::Quarter, false);
        let labels: Vec<String> = q.iter().map(|a| a.period.to_string()).collect();
        assert_eq!(
            labels,
            ["2019/20 Q1", "2019/20 Q2", "2019/20 Q3", "2019/20 Q4"]
        );
        assert_eq!(q[0].numerator, Some(6083.0)); // 1972 + 2141 + 1970
        assert_eq!(q[1].numerator, None, "July is missing");
        assert_eq!(q[1].missing, [month("2019-07")]);
        assert_eq!(q[2].numerator, Some(6292.0)); // 2258 + 2013 + 2021
        assert_eq!(q[3].numerator, Some(6118.0)); // 2192 + 1952 + 1974
        let allowed = aggregate(&rotherham(), Granularity::Quarter, true);
        assert_eq!(
            allowed[1].numerator,
            Some(4317.0),
            "2166 + 2151, flagged incomplete"
        );
        assert_eq!(allowed[1].missing, [month("2019-07")]);
    }

    #[test]
    fn years_and_rolling_windows() {
        let fy = aggregate(&rotherham(), Granularity::FinancialYear, true);
        assert_eq!(fy.len(), 1);
        assert_eq!(fy[0].period, Period::FinancialYear(2019));
        assert_eq!(fy[0].numerator, Some(22810.0));
        assert_eq!(
            aggregate(&rotherham(), Granularity::FinancialYear, false)[0].numerator,
            None
        );
        let cal = aggregate(&rotherham(), Granularity::CalendarYear, true);
        assert_eq!(
            cal.iter().map(|a| a.period).collect::<Vec<_>>(),
            [Period::CalendarYear(2019), Period::CalendarYear(2020)]
        );
        // Twelve months of one month each: every rolling window but the last is incomplete.
        let r = aggregate(&rotherham(), Granularity::Rolling12, true);
        let last = r.last().unwrap();
        assert_eq!(last.period, Period::YearEnding(month("2020-03")));
        assert_eq!(last.numerator, Some(22810.0));
        assert_eq!(last.missing, [month("2019-07")]);
    }

    #[test]
    fn proportions_sum_numerators_and_denominators() {
        // South Yorkshire positive outcomes 2017/18 by quarter (tests/real_data.rs).
        let quarters = [
            (1, 4659.0, 35910.0),
            (2, 4440.0, 37285.0),
            (3, 4057.0, 36331.0),
            (4, 3722.0, 32392.0),
        ];
        let points: Vec<Point> = quarters
            .iter()
            .map(|&(q, n, d)| Point {
                period: Period::Quarter {
                    year: 2017,
                    quarter: q,
                },
                numerator: n,
                denominator: Some(d),
            })
            .collect();
        let fy = aggregate(&points, Granularity::FinancialYear, false);
        assert_eq!(fy[0].numerator, Some(16878.0));
        assert_eq!(fy[0].denominator, Some(141918.0));
        assert!(fy[0].missing.is_empty());
    }
}
