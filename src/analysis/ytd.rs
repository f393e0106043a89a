//! Year to date: the financial year so far (April to the latest month with
//! data) against the same months a year earlier, and the latest twelve months
//! against the twelve before, as committee reports lead with them.
//!
//! Both windows are summed from the measure's own months (or quarters, for a
//! quarterly measure). A period missing from either window makes the
//! comparison incomplete: the months are named and nothing is summed as if it
//! were zero, and no change is given. Provisional periods are summed but
//! listed. Counts are compared with the exact conditional Poisson test,
//! proportions with the two-proportion test (`change`); a figure given as it
//! is (a rate without its counts) cannot be summed, and has no year to date.

use std::collections::BTreeMap;

use serde::Serialize;

use super::change::{self, Change};
use super::measures::Kind;
use super::population::PER;
use super::series::SeriesPoint;
use super::spc::Direction;
use crate::model::{Month, Period};

/// One window's total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub first: Month,
    pub last: Month,
    /// The count, or the proportion (as a % where the unit is %).
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// A count per 1,000 residents, where the population is known.
    pub rate: Option<f64>,
    /// Months with no figure: the window is incomplete.
    pub missing: Vec<Month>,
    /// Periods summed that are still provisional.
    pub provisional: Vec<Period>,
}

impl Window {
    pub fn complete(&self) -> bool {
        self.missing.is_empty() && self.value.is_some()
    }

    /// "Apr 19 to Mar 20".
    pub fn span(&self) -> String {
        format!("{} to {}", self.first.short_name(), self.last.short_name())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// "2019/20 to date" or "12 months to March 2020".
    pub label: String,
    pub this: Window,
    pub last: Window,
    /// Only when both windows are complete.
    pub change: Option<Change>,
    /// The same change for the force area as a whole, in per cent (points
    /// for a percentage), where the area's force is known.
    pub force_change: Option<f64>,
    /// The mean of the peers' changes, in the same units.
    pub peer_average_change: Option<f64>,
    /// The same change for England and Wales, where the loaded data covers
    /// it (its own row, or every territorial force over the same months).
    pub national_change: Option<f64>,
    /// When a month is missing from either window: the same comparison over
    /// the months both years have, so the committee still sees like for like.
    pub like_for_like: Option<LikeForLike>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LikeForLike {
    /// This year's months left out of both years (a year earlier for `last`).
    pub left_out: Vec<Month>,
    pub this: Window,
    pub last: Window,
    pub change: Option<Change>,
}

impl Comparison {
    pub fn complete(&self) -> bool {
        self.this.complete() && self.last.complete()
    }

    /// Months missing from either window, in order.
    pub fn missing(&self) -> Vec<Month> {
        let mut m: Vec<Month> = self
            .this
            .missing
            .iter()
            .chain(&self.last.missing)
            .copied()
            .collect();
        crate::model::sort::sort(&mut m);
        m.dedup();
        m
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearToDate {
    pub financial_year: Comparison,
    pub rolling: Comparison,
}

/// The month a year from `m`, either way.
fn shift(m: Month, years: i32) -> Option<Month> {
    Month::new(m.year() + years, m.month())
}

fn months_back(m: Month, n: u16) -> Option<Month> {
    Month::from_index(m.index().checked_sub(n)?)
}

/// Sums the points whose periods hold `months` (in order).
fn window(
    points: &BTreeMap<Period, &SeriesPoint>,
    quarterly: bool,
    months: &[Month],
    kind: Kind,
    percent: bool,
    residents: Option<f64>,
) -> Option<Window> {
    let (Some(&first), Some(&last)) = (months.first(), months.last()) else {
        return None;
    };
    let mut periods: Vec<Period> = months
        .iter()
        .copied()
        .map(|m| {
            if quarterly {
                Period::quarter_of(m)
            } else {
                Period::Month(m)
            }
        })
        .collect();
    periods.dedup();
    let (mut n, mut d) = (0.0, 0.0);
    let mut has_d = false;
    let mut missing = Vec::new();
    let mut provisional = Vec::new();
    for p in periods {
        let point = points.get(&p).filter(|x| x.value.is_some());
        let Some(point) = point else {
            let months: Vec<Month> = match (p.first_month(), p.last_month()) {
                (Some(a), Some(b)) => Month::range(a, b),
                _ => Vec::new(),
            };
            missing.extend(months);
            continue;
        };
        if point.provisional {
            provisional.push(p);
        }
        match kind {
            Kind::Count => n += point.value.unwrap_or(0.0),
            _ => {
                n += point.numerator.unwrap_or(f64::NAN);
                if let Some(den) = point.denominator {
                    d += den;
                    has_d = true;
                }
            }
        }
    }
    let value = match kind {
        Kind::Count => Some(n),
        Kind::Proportion if has_d && d > 0.0 && n.is_finite() => {
            Some(if percent { 100.0 * n / d } else { n / d })
        }
        _ => None,
    };
    Some(Window {
        first,
        last,
        value: value.filter(|_| missing.is_empty()),
        numerator: (kind != Kind::Count && n.is_finite()).then_some(n),
        denominator: has_d.then_some(d),
        rate: match (kind, residents) {
            (Kind::Count, Some(people)) if missing.is_empty() && people > 0.0 => {
                Some(n * PER / people)
            }
            _ => None,
        },
        missing,
        provisional,
    })
}

/// The change between two complete windows, by the scorecard's tests.
fn test(kind: Kind, last: &Window, this: &Window) -> Option<Change> {
    let (from, to) = (last.value?, this.value?);
    match kind {
        Kind::Count if from >= 0.0 && to >= 0.0 && from.fract() == 0.0 && to.fract() == 0.0 => {
            change::counts(from as u64, to as u64)
        }
        Kind::Count => Some(change::values(from, to)),
        Kind::Proportion => {
            let c = change::proportions(
                (last.numerator?, last.denominator?),
                (this.numerator?, this.denominator?),
            )?;
            Some(Change {
                from,
                to,
                absolute: to - from,
                ..c
            })
        }
        Kind::Value => None,
    }
}

/// The windows a committee table prints: whole, or like for like when a
/// month is missing (with the months left out). `None` when neither can be
/// compared.
pub fn compared(c: &Comparison) -> Option<(&Window, &Window, Option<&Change>, &[Month])> {
    match &c.like_for_like {
        Some(l) => Some((&l.this, &l.last, l.change.as_ref(), l.left_out.as_slice())),
        None if c.complete() => Some((&c.this, &c.last, c.change.as_ref(), &[])),
        None => None,
    }
}

/// The status a committee table prints, in words: whether the change is
/// more than chance and which way is better.
pub fn status(c: &Comparison, direction: Direction) -> &'static str {
    let Some((_, _, change, _)) = compared(c) else {
        return "Cannot be compared: months missing";
    };
    let Some(change) = change else {
        return "Not tested";
    };
    if change.p_value.is_none() {
        return "Not tested";
    }
    if !change.significant {
        return "No significant change";
    }
    let up = change.absolute > 0.0;
    match (direction, up) {
        (Direction::Higher, true) | (Direction::Lower, false) => "Significantly better",
        (Direction::Higher, false) | (Direction::Lower, true) => "Significantly worse",
        (Direction::Neither, true) => "Significantly higher",
        (Direction::Neither, false) => "Significantly lower",
    }
}

/// What a committee table quotes as the change: per cent for counts, points
/// for percentages.
pub fn headline(c: &Change, percent_unit: bool) -> Option<f64> {
    if percent_unit {
        Some(c.absolute)
    } else {
        c.percent
    }
}

/// The year to date and rolling year for a measure's base series (months, or
/// quarters for a quarterly measure), ending with its latest figure. `None`
/// for figures that cannot be summed, or a series with no figure.
pub fn year_to_date(
    points: &[SeriesPoint],
    kind: Kind,
    unit: Option<&str>,
    residents: Option<f64>,
) -> Option<YearToDate> {
    if kind == Kind::Value {
        return None;
    }
    let quarterly = points
        .iter()
        .any(|p| matches!(p.period, Period::Quarter { .. }));
    let monthly = points.iter().all(|p| matches!(p.period, Period::Month(_)));
    if !(quarterly || monthly) {
        return None;
    }
    let latest = points.iter().rev().find(|p| p.value.is_some())?;
    let end = latest.period.last_month()?;
    let by_period: BTreeMap<Period, &SeriesPoint> = points.iter().map(|p| (p.period, p)).collect();
    let percent = unit == Some("%");
    let fy_start = Month::new(
        if end.month() >= 4 {
            end.year()
        } else {
            end.year() - 1
        },
        4,
    )?;
    let compare = |label: String, (first, end): (Month, Month)| -> Option<Comparison> {
        let now = Month::range(first, end);
        let before: Vec<Month> = now.iter().filter_map(|m| shift(*m, -1)).collect();
        let sum =
            |months: &[Month]| window(&by_period, quarterly, months, kind, percent, residents);
        let (this, last) = (sum(&now)?, sum(&before)?);
        let change = test(kind, &last, &this).filter(|_| this.complete() && last.complete());
        let like_for_like = if this.missing.is_empty() && last.missing.is_empty() {
            None
        } else {
            // Leave a month out of both years when either year lacks it.
            let gone = |m: &Month| {
                this.missing.contains(m) || shift(*m, -1).is_some_and(|b| last.missing.contains(&b))
            };
            let kept: Vec<Month> = now.iter().copied().filter(|m| !gone(m)).collect();
            let kept_before: Vec<Month> = kept.iter().filter_map(|m| shift(*m, -1)).collect();
            match (sum(&kept), sum(&kept_before)) {
                (Some(a), Some(b)) if a.complete() && b.complete() => Some(LikeForLike {
                    left_out: now.iter().copied().filter(|m| gone(m)).collect(),
                    change: test(kind, &b, &a),
                    this: a,
                    last: b,
                }),
                _ => None,
            }
        };
        Some(Comparison {
            label,
            this,
            last,
            change,
            force_change: None,
            peer_average_change: None,
            national_change: None,
            like_for_like,
        })
    };
    let fy = Period::FinancialYear(fy_start.year());
    Some(YearToDate {
        financial_year: compare(format!("{fy} to date"), (fy_start, end))?,
        rolling: compare(
            format!("12 months to {}", end.long_name()),
            (months_back(end, 11)?, end),
        )?,
    })
}

/// The change, in headline units, of windows summed across areas (a force's
/// councils): `None` unless every window is complete.
pub fn combined_change(
    pairs: &[(&Window, &Window)],
    kind: Kind,
    percent_unit: bool,
) -> Option<f64> {
    if pairs.is_empty() || pairs.iter().any(|(a, b)| !a.complete() || !b.complete()) {
        return None;
    }
    // `pairs` are (this, last).
    let total = |this: bool| -> Option<Window> {
        let pick = |pair: &(&Window, &Window)| if this { pair.0.clone() } else { pair.1.clone() };
        let mut w = pick(&pairs[0]);
        let (mut n, mut d) = (0.0, 0.0);
        for pair in pairs {
            let x = pick(pair);
            match kind {
                Kind::Count => n += x.value?,
                _ => {
                    n += x.numerator?;
                    d += x.denominator?;
                }
            }
        }
        w.value = match kind {
            Kind::Count => Some(n),
            _ if d > 0.0 => Some(if percent_unit { 100.0 * n / d } else { n / d }),
            _ => None,
        };
        w.numerator = Some(n);
        w.denominator = Some(d);
        Some(w)
    };
    let (last, this) = (total(false)?, total(true)?);
    let c = test(kind, &last, &this)?;
    headline(&c, percent_unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        Month::parse_iso(text).unwrap()
    }

    fn counts(first: &str, values: &[Option<f64>]) -> Vec<SeriesPoint> {
        let start = month(first);
        values
            .iter()
            .enumerate()
            .map(|(i, v)| SeriesPoint {
                period: Period::Month(Month::from_index(start.index() + i as u16).unwrap()),
                value: *v,
                numerator: None,
                denominator: None,
                open_share: None,
                provisional: false,
                missing_months: Vec::new(),
                rate: None,
                age: None,
            })
            .collect()
    }

    #[test]
    fn the_financial_year_so_far_against_the_same_months_a_year_before() {
        // April 2018 to August 2019: 10 a month, then 12 a month from April 2019.
        let mut v: Vec<Option<f64>> = vec![Some(10.0); 12];
        v.extend([Some(12.0); 5]);
        let points = counts("2018-04", &v);
        let y = year_to_date(&points, Kind::Count, None, Some(100_000.0)).unwrap();
        let fy = &y.financial_year;
        assert_eq!(fy.label, "2019/20 to date");
        assert_eq!(
            (fy.this.span(), fy.last.span()),
            ("Apr 19 to Aug 19".into(), "Apr 18 to Aug 18".into())
        );
        assert_eq!((fy.this.value, fy.last.value), (Some(60.0), Some(50.0)));
        assert_eq!(fy.this.rate, Some(0.6), "60 per 100,000 is 0.6 per 1,000");
        let c = fy.change.as_ref().unwrap();
        assert_eq!((c.absolute, c.percent), (10.0, Some(20.0)));
        // Exact: 60 of 110 at one half, two-sided, by Python's own sum: 0.3909.
        assert!(
            (c.p_value.unwrap() - 0.3909).abs() < 5e-4,
            "{:?}",
            c.p_value
        );
        // The rolling year reaches back before the data: incomplete, months named.
        let r = &y.rolling;
        assert_eq!(r.this.span(), "Sep 18 to Aug 19");
        assert!(r.this.complete() && !r.last.complete());
        assert_eq!(r.missing().first().copied(), Some(month("2017-09")));
        assert_eq!(r.missing().len(), 7, "Sep 2017 to Mar 2018");
        assert!(r.change.is_none());
    }

    #[test]
    fn a_missing_month_is_named_and_never_summed_as_zero() {
        // police.uk has no July 2019.
        let mut v: Vec<Option<f64>> = vec![Some(10.0); 12];
        v.extend([Some(12.0), Some(12.0), Some(12.0), None, Some(12.0)]);
        let y = year_to_date(&counts("2018-04", &v), Kind::Count, None, None).unwrap();
        let fy = &y.financial_year;
        assert_eq!(fy.missing(), [month("2019-07")]);
        assert_eq!(fy.this.value, None);
        assert!(fy.change.is_none());
        // Like for like: April to August less July, both years: 48 against 40.
        let like = fy.like_for_like.as_ref().unwrap();
        assert_eq!(like.left_out, [month("2019-07")]);
        assert_eq!((like.this.value, like.last.value), (Some(48.0), Some(40.0)));
        assert_eq!(like.change.as_ref().unwrap().percent, Some(20.0));
    }

    #[test]
    fn forces_sum_their_councils_before_the_change() {
        let a = counts("2018-04", &[Some(10.0), Some(30.0)]);
        let b = counts("2018-04", &[Some(30.0), Some(10.0)]);
        // Two one-month windows per council: May (this) and April (last).
        let pair = |points: &[SeriesPoint]| {
            let by: BTreeMap<Period, &SeriesPoint> = points.iter().map(|p| (p.period, p)).collect();
            let one = |m: &str| window(&by, false, &[month(m)], Kind::Count, false, None).unwrap();
            (one("2018-05"), one("2018-04"))
        };
        let (wa, wb) = (pair(&a), pair(&b));
        // 40 then 40: no change overall, though each council moved 200% or -67%.
        assert_eq!(
            combined_change(&[(&wa.0, &wa.1), (&wb.0, &wb.1)], Kind::Count, false),
            Some(0.0)
        );
    }
}
