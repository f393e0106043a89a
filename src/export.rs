//! Turning what the app shows into files for committee papers: tables as
//! CSV that Excel opens correctly and safely.

/// Byte-order mark: without it Excel reads UTF-8 as Windows-1252 and "£"
/// becomes "Â£".
const BOM: &str = "\u{FEFF}";

/// Whether a cell is a plain number ("-1,022", "+3", "12.5%"), which Excel
/// cannot run as a formula and which should stay a number.
fn plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let body = body.strip_suffix('%').unwrap_or(body);
    body.chars().any(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// A cell that a spreadsheet would run as a formula (starting = + - @, tab or
/// carriage return) is prefixed with an apostrophe, so it shows as text
/// (OWASP's advice on CSV injection). Plain numbers are left alone.
pub fn neutralise(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !plain_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A CSV field, quoted where it needs to be.
pub fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Rows as CSV: UTF-8 with a BOM, CRLF line ends (as Excel writes), every cell
/// neutralised and quoted where needed.
pub fn to_csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| quote(&neutralise(c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A file name from a title: letters, digits and single hyphens.
pub fn file_name(title: &str, extension: &str) -> String {
    let mut name = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            name.extend(c.to_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    let name = if name.is_empty() { "scrutineer" } else { name };
    // Long measure names make unwieldy files.
    let short: String = name.chars().take(80).collect();
    format!("{}.{extension}", short.trim_end_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for (cell, out) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+44 1234", "'+44 1234"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("-1,022", "-1,022"),
            ("+3", "+3"),
            ("-0.4%", "-0.4%"),
            ("Rotherham", "Rotherham"),
            ("1st of 4", "1st of 4"),
        ] {
            assert_eq!(neutralise(cell), out, "{cell:?}");
        }
    }

    #[test]
    fn csv_has_a_bom_crlf_and_quotes() {
        let rows = vec![
            vec!["Area".into(), "Note".into()],
            vec!["Bristol, City of".into(), "say \"hi\"".into()],
            vec!["=1+1".into(), "£5".into()],
        ];
        assert_eq!(
            to_csv(&rows),
            "\u{FEFF}Area,Note\r\n\"Bristol, City of\",\"say \"\"hi\"\"\"\r\n'=1+1,£5\r\n"
        );
    }

    #[test]
    fn file_names_are_tidy() {
        assert_eq!(
            file_name("Crimes: Burglary in Rotherham", "csv"),
            "crimes-burglary-in-rotherham.csv"
        );
        assert_eq!(file_name("***", "svg"), "scrutineer.svg");
    }
}
