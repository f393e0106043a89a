//! Calendar months, the unit police.uk publishes in.

use std::fmt;

const NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar month. Ordered chronologically, so ranges and sorting need no dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1 = January.
    month: u8,
}

impl Month {
    /// Returns `None` unless `month` is 1..=12 and the year is plausible for
    /// recorded-crime data (1900..=2200), which catches swapped or garbled fields.
    pub fn new(year: i32, month: u8) -> Option<Month> {
        if (1..=12).contains(&month) && (1900..=2200).contains(&year) {
            Some(Month { year, month })
        } else {
            None
        }
    }

    /// Parses police.uk's `YYYY-MM`. Anything else is `None`: the caller reports
    /// where it was found.
    pub fn parse_iso(text: &str) -> Option<Month> {
        let bytes = text.trim().as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            bytes[range].iter().try_fold(0u32, |acc, b| {
                b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
            })
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        Month::new(year, month)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// The following month, saturating at the end of the plausible range.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month::new(self.year + 1, 1).unwrap_or(self)
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// `n` months later, or `None` past the plausible range.
    pub fn plus(self, n: u32) -> Option<Month> {
        let index = u32::from(self.index()).checked_add(n)?;
        Month::from_index(u16::try_from(index).ok()?)
    }

    /// Every month from `first` to `last` inclusive; empty when `last < first`.
    pub fn range(first: Month, last: Month) -> Vec<Month> {
        let mut out = Vec::new();
        let mut m = first;
        while m <= last {
            out.push(m);
            let n = m.next();
            if n == m {
                break;
            }
            m = n;
        }
        out
    }

    /// Months since January 1900: a compact, ordered number for a month.
    pub fn index(self) -> u16 {
        // year is 1900..=2200, so this is 0..=3611.
        ((self.year - 1900) * 12 + i32::from(self.month) - 1) as u16
    }

    pub fn from_index(index: u16) -> Option<Month> {
        let i = i32::from(index);
        Month::new(1900 + i / 12, (i % 12 + 1) as u8)
    }

    /// "April": the month's name alone.
    pub fn name(self) -> &'static str {
        NAMES[usize::from(self.month - 1)]
    }

    /// "April 2019": for sentences and table row headers.
    pub fn long_name(self) -> String {
        format!("{} {}", NAMES[usize::from(self.month - 1)], self.year)
    }

    /// "Apr 19": for chart axes, where space is short.
    pub fn short_name(self) -> String {
        format!(
            "{} {:02}",
            &NAMES[usize::from(self.month - 1)][..3],
            self.year.rem_euclid(100)
        )
    }
}

/// `YYYY-MM`, the form police.uk uses and the form that sorts as text.
impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a month: {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_police_uk_months() {
        let m = Month::parse_iso("2019-04").unwrap();
        assert_eq!((m.year(), m.month()), (2019, 4));
        assert_eq!(m.to_string(), "2019-04");
        assert_eq!(m.long_name(), "April 2019");
        assert_eq!(m.short_name(), "Apr 19");
    }

    #[test]
    fn rejects_malformed_months() {
        for bad in [
            "", "2019-4", "2019-13", "2019-00", "19-04-01", "2019/04", "abcd-ef", "0000-01",
        ] {
            assert_eq!(Month::parse_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn index_round_trips() {
        for text in ["1900-01", "2019-04", "2019-12", "2200-12"] {
            let m = Month::parse_iso(text).unwrap();
            assert_eq!(Month::from_index(m.index()), Some(m));
        }
        assert_eq!(
            Month::parse_iso("2019-04").unwrap().index()
                - Month::parse_iso("2019-01").unwrap().index(),
            3
        );
        assert_eq!(Month::from_index(u16::MAX), None);
    }

    #[test]
    fn range_crosses_year_end_and_includes_both_ends() {
        let r = Month::range(
            Month::parse_iso("2019-11").unwrap(),
            Month::parse_iso("2020-02").unwrap(),
        );
        let names: Vec<String> = r.iter().map(|m| m.to_string()).collect();
        assert_eq!(names, ["2019-11", "2019-12", "2020-01", "2020-02"]);
        assert!(Month::range(r[3], r[0]).is_empty());
    }
}
