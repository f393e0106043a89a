//! Reporting periods as officers write them, parsed into one type.
//!
//! Financial years run April to March: "2018/19" is April 2018 to March 2019,
//! and its Q1 is April to June 2018.

use std::fmt;

use super::Month;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month(Month),
    /// Financial-year quarter; `year` is the year the financial year starts in.
    Quarter {
        year: i32,
        quarter: u8,
    },
    /// Financial year starting in April of this year.
    FinancialYear(i32),
    CalendarYear(i32),
    /// The twelve months ending with this one ("year ending March 2019").
    YearEnding(Month),
    Day {
        year: i32,
        month: u8,
        day: u8,
    },
}

impl Period {
    /// The first calendar month the period covers.
    pub fn first_month(self) -> Option<Month> {
        match self {
            Period::Month(m) => Some(m),
            Period::Quarter { year, quarter } => {
                let m = 4 + 3 * (u32::from(quarter) - 1);
                if m > 12 {
                    Month::new(year + 1, (m - 12) as u8)
                } else {
                    Month::new(year, m as u8)
                }
            }
            Period::FinancialYear(year) => Month::new(year, 4),
            Period::CalendarYear(year) => Month::new(year, 1),
            Period::YearEnding(m) => {
                let back = m.year() * 12 + i32::from(m.month()) - 1 - 11;
                Month::new(back.div_euclid(12), (back.rem_euclid(12) + 1) as u8)
            }
            Period::Day { year, month, .. } => Month::new(year, month),
        }
    }

    /// The last calendar month the period covers.
    pub fn last_month(self) -> Option<Month> {
        match self {
            Period::Month(m) | Period::YearEnding(m) => Some(m),
            Period::Quarter { .. } => {
                let first = self.first_month()?;
                Some(first.next().next())
            }
            Period::FinancialYear(year) => Month::new(year + 1, 3),
            Period::CalendarYear(year) => Month::new(year, 12),
            Period::Day { year, month, .. } => Month::new(year, month),
        }
    }

    /// The financial-year quarter holding a month.
    pub fn quarter_of(month: Month) -> Period {
        let m = month.month();
        let (year, quarter) = if m >= 4 {
            (month.year(), (m - 4) / 3 + 1)
        } else {
            (month.year() - 1, 4)
        };
        Period::Quarter { year, quarter }
    }

    /// The months a "YYYY-MM to YYYY-MM" span covers, whether or not it is a
    /// period Scrutineer reads: so a refusal can say what the span was.
    pub fn span_months(text: &str) -> Option<usize> {
        let (from, to) = text.trim().split_once(" to ")?;
        let (a, b) = (Month::parse_iso(from.trim())?, Month::parse_iso(to.trim())?);
        Some(Month::range(a, b).len()).filter(|&n| n > 0)
    }

    /// Parses a period written in any of the usual forms; `None` when it is not one.
    ///
    /// `2011-12` could be December 2011 or the financial year 2011/12: it is read
    /// as a month unless `prefer_financial_year` says the column holds years
    /// (see [`parse_period_column`]).
    pub fn parse(text: &str, prefer_financial_year: bool) -> Option<Period> {
        let t = normalise(text);
        if t.is_empty() {
            return None;
        }
        let words: Vec<&str> = t.split(' ').collect();
        parse_words(&words, prefer_financial_year)
    }
}

/// Parses a column of periods, resolving `YYYY-YY` against the whole column:
/// if any value can only be a financial year (`2018-19`), ambiguous ones
/// (`2011-12`) are financial years too.
pub fn parse_period_column<'a>(values: impl Iterator<Item = &'a str> + Clone) -> bool {
    values.into_iter().any(|v| {
        let t = normalise(v);
        match split_year_pair(&t) {
            Some((a, b, _)) => b == (a + 1).rem_euclid(100) && b > 12,
            None => false,
        }
    })
}

/// Lower case, separators as single spaces, except inside `2018/19` and `2019-04`.
fn normalise(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let chars: Vec<char> = lower.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_ascii_digit()
            && chars[i + 1].is_ascii_digit();
        let keep = c.is_alphanumeric()
            || ((c == '/' || c == '-') && between_digits)
            || c == ':'
            || c == '+';
        if keep {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

fn year4(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
}

fn year2or4(s: &str) -> Option<i32> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse::<i32>().ok().map(|y| 2000 + y)
    } else {
        year4(s)
    }
}

/// A month by its English name or first three letters ("dec", "December").
pub fn month_name(s: &str) -> Option<u8> {
    if s.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|m| s.starts_with(m) && (s.len() == 3 || full.contains(&s) || s == "sept"))
        .map(|i| i as u8 + 1)
}

/// `2018/19`, `2018-19`, `2018/2019` -> (2018, 19 or 2019 as last two digits, separator).
fn split_year_pair(t: &str) -> Option<(i32, i32, char)> {
    let sep = if t.contains('/') { '/' } else { '-' };
    let (a, b) = t.split_once(sep)?;
    let a = year4(a)?;
    let b = if b.len() == 2 && b.bytes().all(|c| c.is_ascii_digit()) {
        b.parse().ok()?
    } else {
        year4(b)? % 100
    };
    Some((a, b, sep))
}

fn financial_year(t: &str, prefer_financial_year: bool) -> Option<i32> {
    let (a, b, sep) = split_year_pair(t)?;
    if b != (a + 1).rem_euclid(100) {
        return None;
    }
    // `2011-12` is also December 2011.
    if sep == '-' && (1..=12).contains(&b) && !prefer_financial_year && t.len() == 7 {
        return None;
    }
    Some(a)
}

fn quarter_number(words: &[&str]) -> Option<(u8, usize)> {
    // "q1" or "quarter 1"
    let w = words.first()?;
    if let Some(n) = w.strip_prefix('q').filter(|n| n.len() == 1) {
        let q: u8 = n.parse().ok()?;
        return (1..=4).contains(&q).then_some((q, 1));
    }
    if *w == "quarter" {
        let q: u8 = words.get(1)?.parse().ok()?;
        return (1..=4).contains(&q).then_some((q, 2));
    }
    None
}

fn parse_day(t: &str) -> Option<Period> {
    // dd/mm/yyyy (UK order), or ISO yyyy-mm-dd with an optional time.
    let (year, month, day) = if let Some((d, rest)) = t.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (year4(y)?, m.parse::<u8>().ok()?, d.parse::<u8>().ok()?)
    } else {
        let date = t.get(..10)?;
        let rest = &t[10..];
        if !(rest.is_empty() || rest.starts_with('t') || rest.starts_with(' ')) {
            return None;
        }
        let mut parts = date.split('-');
        let y = year4(parts.next()?)?;
        let m = parts.next()?.parse::<u8>().ok()?;
        let d = parts.next()?.parse::<u8>().ok()?;
        (y, m, d)
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then_some(Period::Day { year, month, day })
}

fn parse_words(words: &[&str], prefer_fy: bool) -> Option<Period> {
    // "year ending" or "fy" with nothing after them leave no words: no period
    // (indexing an empty list here once stopped the ingestion worker for good).
    let first = *words.first()?;
    match words {
        [one] => {
            let one = *one;
            if let Some(m) = Month::parse_iso(one) {
                if financial_year(one, prefer_fy).is_none() {
                    return Some(Period::Month(m));
                }
            }
            if let Some(y) = financial_year(one, prefer_fy) {
                return Some(Period::FinancialYear(y));
            }
            if let Some(y) = year4(one) {
                return Some(Period::CalendarYear(y));
            }
            // "201004": wide tables name their month columns so (the
            // Metropolitan Police's borough tables, ONS's monthly series).
            if one.len() == 6 && one.bytes().all(|b| b.is_ascii_digit()) {
                let (year, month) = (year4(&one[..4])?, one[4..].parse().ok()?);
                return Month::new(year, month).map(Period::Month);
            }
            if one.len() >= 8 && (one.contains('/') || one.contains('-')) {
                if let Some(day) = parse_day(one) {
                    return Some(day);
                }
            }
            // "apr-19" arrives as one word only when the separator sat between
            // letters and digits, which normalise() turned into a space.
            None
        }
        ["fy", rest @ ..] if !rest.is_empty() => parse_words(rest, true)
            .filter(|p| matches!(p, Period::FinancialYear(_) | Period::Quarter { .. })),
        [name, year] if month_name(name).is_some() => {
            Month::new(year2or4(year)?, month_name(name)?).map(Period::Month)
        }
        [year, name] if month_name(name).is_some() && year4(year).is_some() => {
            Month::new(year4(year)?, month_name(name)?).map(Period::Month)
        }
        // "Jan-Mar 2019", "Jan to Mar 2019"
        [from, to, year] | [from, "to", to, year]
            if month_name(from).is_some() && month_name(to).is_some() =>
        {
            let (from, to, year) = (month_name(from)?, month_name(to)?, year2or4(year)?);
            if (from + 2 - 1) % 12 + 1 != to || (from - 1) % 3 != 0 {
                return None;
            }
            Some(Period::quarter_of(Month::new(year, from)?))
        }
        // A span of months: "2017-11 to 2018-10" is the year ending October
        // 2018; a whole financial quarter or one month is that. Any other span
        // is not a period Scrutineer can compare.
        [from, "to", to] if Month::parse_iso(from).is_some() && Month::parse_iso(to).is_some() => {
            let (a, b) = (Month::parse_iso(from)?, Month::parse_iso(to)?);
            let quarter = Period::quarter_of(a);
            match Month::range(a, b).len() {
                1 => Some(Period::Month(a)),
                3 if quarter.first_month() == Some(a) && quarter.last_month() == Some(b) => {
                    Some(quarter)
                }
                12 => Some(Period::YearEnding(b)),
                _ => None,
            }
        }
        ["year", "ending", rest @ ..] | ["ye", rest @ ..] => match parse_words(rest, false)? {
            Period::Month(m) => Some(Period::YearEnding(m)),
            _ => None,
        },
        _ => {
            // Quarters: "2018/19 q1", "q1 2018/19", "2018-19 quarter 1".
            if let Some((q, used)) = quarter_number(words) {
                let year = financial_year(words.get(used)?, true)?;
                return (words.len() == used + 1).then_some(Period::Quarter { year, quarter: q });
            }
            if let Some(year) = financial_year(first, true) {
                let (q, used) = quarter_number(&words[1..])?;
                return (words.len() == used + 1).then_some(Period::Quarter { year, quarter: q });
            }
            None
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fy = |y: i32| format!("{y}/{:02}", (y + 1).rem_euclid(100));
        match *self {
            Period::Month(m) => write!(f, "{m}"),
            Period::Quarter { year, quarter } => write!(f, "{} Q{quarter}", fy(year)),
            Period::FinancialYear(year) => write!(f, "{}", fy(year)),
            Period::CalendarYear(year) => write!(f, "{year}"),
            Period::YearEnding(m) => write!(f, "year ending {}", m.long_name()),
            Period::Day { year, month, day } => write!(f, "{year:04}-{month:02}-{day:02}"),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text, false)
            .ok_or_else(|| serde::de::Error::custom(format!("not a period: {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str) -> Period {
        Period::Month(Month::parse_iso(s).unwrap())
    }

    #[test]
    fn every_documented_form_parses() {
        let q = |year, quarter| Period::Quarter { year, quarter };
        let cases = [
            ("2019-04", month("2019-04")),
            ("Apr-19", month("2019-04")),
            ("Apr 19", month("2019-04")),
            ("April 2019", month("2019-04")),
            ("april-2019", month("2019-04")),
            ("Sept 2019", month("2019-09")),
            ("2018/19", Period::FinancialYear(2018)),
            ("2018-19", Period::FinancialYear(2018)),
            ("2018/2019", Period::FinancialYear(2018)),
            ("FY 2018/19", Period::FinancialYear(2018)),
            ("2018/19 Q1", q(2018, 1)),
            ("Q1 2018/19", q(2018, 1)),
            ("2018-19 Quarter 1", q(2018, 1)),
            ("2018/19 Q4", q(2018, 4)),
            ("Jan-Mar 2019", q(2018, 4)),
            ("Apr-Jun 2019", q(2019, 1)),
            ("Oct to Dec 2019", q(2019, 3)),
            (
                "31/03/2019",
                Period::Day {
                    year: 2019,
                    month: 3,
                    day: 31,
                },
            ),
            (
                "29/02/2020",
                Period::Day {
                    year: 2020,
                    month: 2,
                    day: 29,
                },
            ),
            (
                "2021-07-31T23:40:00+00:00",
                Period::Day {
                    year: 2021,
                    month: 7,
                    day: 31,
                },
            ),
            ("2019", Period::CalendarYear(2019)),
            (
                "Year ending Mar 2019",
                Period::YearEnding(Month::parse_iso("2019-03").unwrap()),
            ),
            ("  2019-04 ", month("2019-04")),
            ("201004", month("2010-04")),
            ("201912", month("2019-12")),
        ];
        for (text, want) in cases {
            assert_eq!(Period::parse(text, false), Some(want), "{text:?}");
        }
    }

    #[test]
    fn nonsense_is_not_a_period() {
        for text in [
            "",
            "Q5 2018/19",
            "2018/20",
            "Feb-Apr 2019",
            "31/02/2019",
            "2019-13",
            "Rotherham",
            "2018/19 Q1 extra",
            "13/13/2019",
            "Apr",
            "12345",
            "201913",
            "123456",
        ] {
            assert_eq!(Period::parse(text, false), None, "{text:?}");
        }
    }

    #[test]
    fn ambiguous_year_pairs_follow_the_column() {
        assert_eq!(Period::parse("2011-12", false), Some(month("2011-12")));
        assert_eq!(
            Period::parse("2011-12", true),
            Some(Period::FinancialYear(2011))
        );
        assert!(parse_period_column(["2011-12", "2012-13"].into_iter()));
        assert!(!parse_period_column(["2011-12", "2011-11"].into_iter()));
    }

    #[test]
    fn every_kind_round_trips_through_its_text() {
        for text in [
            "2019-04",
            "2011-12",
            "2018/19 Q1",
            "2011/12",
            "2019",
            "year ending March 2019",
            "2019-03-31",
        ] {
            let p = Period::parse(text, false).unwrap();
            assert_eq!(Period::parse(&p.to_string(), false), Some(p), "{text}");
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), p);
        }
    }

    #[test]
    fn spans_and_display() {
        let q4 = Period::parse("2018/19 Q4", false).unwrap();
        assert_eq!(q4.to_string(), "2018/19 Q4");
        assert_eq!(q4.first_month(), Month::parse_iso("2019-01"));
        assert_eq!(q4.last_month(), Month::parse_iso("2019-03"));
        let fy = Period::FinancialYear(2018);
        assert_eq!(fy.to_string(), "2018/19");
        assert_eq!(fy.first_month(), Month::parse_iso("2018-04"));
        assert_eq!(fy.last_month(), Month::parse_iso("2019-03"));
        let ye = Period::YearEnding(Month::parse_iso("2019-03").unwrap());
        assert_eq!(ye.first_month(), Month::parse_iso("2018-04"));
        assert_eq!(Period::FinancialYear(1999).to_string(), "1999/00");
        for (m, q) in [
            ("2019-04", "2019/20 Q1"),
            ("2019-12", "2019/20 Q3"),
            ("2020-03", "2019/20 Q4"),
        ] {
            assert_eq!(
                Period::quarter_of(Month::parse_iso(m).unwrap()).to_string(),
                q
            );
        }
    }
}
