//! Numbers as spreadsheets export them: thousands separators, percentages,
//! decimal commas (when the delimiter is not a comma), and the many ways
//! statistical tables mark a missing value.

/// What a cell held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A number; `percent` when it was written with `%` (the value stays in
    /// percentage points: "12.5%" is 12.5).
    Number { value: f64, percent: bool },
    /// Deliberately blank or suppressed: `NA`, `..`, `[x]`, `-` and so on.
    Missing,
    /// Text that is not a number.
    Invalid,
}

const MISSING: [&str; 15] = [
    "", "na", "n/a", "..", ".", "-", "–", "—", "*", "x", "[x]", "[c]", "[z]", ":", "null",
];

/// Parses a cell. `comma_delimited` says whether the file's delimiter is a
/// comma, in which case a comma inside a number can only be a thousands separator.
pub fn parse_number(text: &str, comma_delimited: bool) -> Cell {
    let trimmed = text.trim();
    if MISSING.iter().any(|m| trimmed.eq_ignore_ascii_case(m)) {
        return Cell::Missing;
    }
    let (body, percent) = match trimmed.strip_suffix('%') {
        Some(b) => (b.trim_end(), true),
        None => (trimmed, false),
    };
    let body = body.strip_prefix('£').unwrap_or(body);
    let cleaned: String = body
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    let has_comma = cleaned.contains(',');
    let has_point = cleaned.contains('.');
    let normalised = if comma_delimited || !has_comma {
        // 1,234.5: commas group thousands.
        if has_comma && !thousands_grouped(&cleaned, ',', '.') {
            return Cell::Invalid;
        }
        cleaned.replace(',', "")
    } else if has_point {
        // Both present: the later one is the decimal separator (1.234,5).
        if cleaned.rfind(',') > cleaned.rfind('.') {
            if !thousands_grouped(&cleaned, '.', ',') {
                return Cell::Invalid;
            }
            cleaned.replace('.', "").replace(',', ".")
        } else {
            if !thousands_grouped(&cleaned, ',', '.') {
                return Cell::Invalid;
            }
            cleaned.replace(',', "")
        }
    } else {
        // Only a comma, in a semicolon- or tab-delimited file: a decimal comma.
        cleaned.replace(',', ".")
    };
    if !normalised
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return Cell::Invalid;
    }
    match normalised.parse::<f64>() {
        Ok(value) if value.is_finite() => Cell::Number { value, percent },
        _ => Cell::Invalid,
    }
}

/// Whether `separator` groups digits in threes before any `decimal` mark.
fn thousands_grouped(text: &str, separator: char, decimal: char) -> bool {
    let integer = text.split(decimal).next().unwrap_or("");
    let integer = integer.trim_start_matches(['-', '+']);
    let mut groups = integer.split(separator);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(value: f64) -> Cell {
        Cell::Number {
            value,
            percent: false,
        }
    }

    fn pct(value: f64) -> Cell {
        Cell::Number {
            value,
            percent: true,
        }
    }

    #[test]
    fn comma_delimited_files() {
        for (text, want) in [
            ("166", n(166.0)),
            ("-3", n(-3.0)),
            ("1,234", n(1234.0)),
            ("1,234,567.5", n(1_234_567.5)),
            ("12.9%", pct(12.9)),
            (" 13.4 % ", pct(13.4)),
            ("£1,200", n(1200.0)),
            ("NA", Cell::Missing),
            ("..", Cell::Missing),
            ("[x]", Cell::Missing),
            ("", Cell::Missing),
            ("12,34", Cell::Invalid),
            ("twelve", Cell::Invalid),
            ("1.2.3", Cell::Invalid),
            ("inf", Cell::Invalid),
        ] {
            assert_eq!(parse_number(text, true), want, "{text:?}");
        }
    }

    #[test]
    fn other_delimiters_allow_decimal_commas() {
        for (text, want) in [
            ("12,5", n(12.5)),
            ("12,5%", pct(12.5)),
            ("1.234,5", n(1234.5)),
            ("1 234,5", n(1234.5)),
            ("1,234.5", n(1234.5)),
            ("0.5", n(0.5)),
            ("1.23,4", Cell::Invalid),
        ] {
            assert_eq!(parse_number(text, false), want, "{text:?}");
        }
    }
}
