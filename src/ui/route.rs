//! The current view as a URL hash, so a link reopens it (once the data is
//! loaded) and back and forward move between views:
//! `#/measure/Crimes%3A%20Burglary?area=Rotherham&period=quarter&peers=Barnsley,Doncaster`.

use crate::analysis::periods::Granularity;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Data,
    Settings,
    Scorecard,
    /// What a councillor reads first: a line of judgement per measure.
    Briefing,
    Measure(String),
    /// Everything, laid out for printing.
    Pack,
    /// The home council by neighbourhood and ward: a police.uk measure
    /// (the total when `None`) and the chosen neighbourhood (an MSOA code).
    Neighbourhoods {
        measure: Option<String>,
        hex: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub view: View,
    pub area: Option<String>,
    pub period: Granularity,
    /// `None` when the link does not say (the saved settings apply).
    pub peers: Option<Vec<String>>,
    /// A workspace on the same site, relative to the app's folder, that the
    /// link opens: `rotherham-2021-09.scrutineer.json.gz`.
    pub workspace: Option<String>,
}

impl Default for Route {
    fn default() -> Self {
        Route {
            view: View::Data,
            area: None,
            period: Granularity::Month,
            peers: None,
            workspace: None,
        }
    }
}

/// Whether `name` may be fetched as a linked workspace: a plain path inside
/// the app's folder (letters, digits, `-_.~/`, no `..`, not absolute, no
/// scheme) naming a saved workspace. Anything else is refused before any
/// request: a link must never send the app elsewhere.
pub fn linkable_workspace(name: &str) -> Result<(), String> {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~/".contains(&b))
        && !name.starts_with('/')
        && !name.split('/').any(|part| part.is_empty() || part == "..");
    if !plain {
        return Err("a linked workspace must be a file in the app's own folder on this site, named with letters, digits, - _ . ~ and /".into());
    }
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".scrutineer.json") || lower.ends_with(".scrutineer.json.gz")) {
        return Err("a linked workspace must be a saved Scrutineer workspace (.scrutineer.json or .scrutineer.json.gz)".into());
    }
    Ok(())
}

pub fn period_key(g: Granularity) -> &'static str {
    match g {
        Granularity::Month => "month",
        Granularity::Quarter => "quarter",
        Granularity::FinancialYear => "financial-year",
        Granularity::CalendarYear => "calendar-year",
        Granularity::Rolling12 => "rolling-12",
    }
}

pub fn period_label(g: Granularity) -> &'static str {
    match g {
        Granularity::Month => "Month",
        Granularity::Quarter => "Quarter",
        Granularity::FinancialYear => "Financial year",
        Granularity::CalendarYear => "Calendar year",
        Granularity::Rolling12 => "Rolling 12 months",
    }
}

/// Percent-encodes all but unreserved characters, so names with commas,
/// ampersands or colons survive the trip.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Route {
    pub fn to_hash(&self) -> String {
        let path = match &self.view {
            View::Data => "#/data".to_string(),
            View::Settings => "#/settings".to_string(),
            View::Scorecard => "#/scorecard".to_string(),
            View::Briefing => "#/briefing".to_string(),
            View::Pack => "#/pack".to_string(),
            View::Measure(m) => format!("#/measure/{}", encode(m)),
            View::Neighbourhoods { measure: None, .. } => "#/neighbourhoods".to_string(),
            View::Neighbourhoods {
                measure: Some(m), ..
            } => format!("#/neighbourhoods/{}", encode(m)),
        };
        let mut query = Vec::new();
        if let Some(w) = &self.workspace {
            query.push(format!("workspace={}", encode(w).replace("%2F", "/")));
        }
        if let View::Neighbourhoods { hex: Some(hex), .. } = &self.view {
            query.push(format!("hex={}", encode(hex)));
        }
        if let Some(area) = &self.area {
            query.push(format!("area={}", encode(area)));
        }
        if self.period != Granularity::Month {
            query.push(format!("period={}", period_key(self.period)));
        }
        if let Some(peers) = &self.peers {
            let list: Vec<String> = peers.iter().map(|p| encode(p)).collect();
            query.push(format!("peers={}", list.join(",")));
        }
        if query.is_empty() {
            path
        } else {
            format!("{path}?{}", query.join("&"))
        }
    }

    /// Reads a hash; anything not understood is left at its default, so a
    /// mangled link still opens the app.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let view = match path.split_once('/') {
            Some(("measure", name)) if !name.is_empty() => View::Measure(decode(name)),
            Some(("neighbourhoods", name)) => View::Neighbourhoods {
                measure: (!name.is_empty()).then(|| decode(name)),
                hex: None,
            },
            _ => match path {
                "neighbourhoods" => View::Neighbourhoods {
                    measure: None,
                    hex: None,
                },
                "settings" => View::Settings,
                "scorecard" => View::Scorecard,
                "briefing" => View::Briefing,
                "pack" => View::Pack,
                _ => View::Data,
            },
        };
        let mut route = Route {
            view,
            ..Route::default()
        };
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "area" if !value.is_empty() => route.area = Some(decode(value)),
                "workspace" if !value.is_empty() => route.workspace = Some(decode(value)),
                "hex" if !value.is_empty() => {
                    if let View::Neighbourhoods { hex, .. } = &mut route.view {
                        *hex = Some(decode(value));
                    }
                }
                "period" => route.period = Granularity::parse(value).unwrap_or(route.period),
                "peers" => {
                    route.peers = Some(
                        value
                            .split(',')
                            .filter(|p| !p.is_empty())
                            .map(decode)
                            .collect(),
                    )
                }
                _ => {}
            }
        }
        route
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linked_workspace_is_kept_in_the_address_and_only_a_plain_same_site_file() {
        let r = Route::parse(
            "#/scorecard?workspace=dash/rotherham-2021-09.scrutineer.json.gz&area=Rotherham",
        );
        assert_eq!(
            r.workspace.as_deref(),
            Some("dash/rotherham-2021-09.scrutineer.json.gz")
        );
        assert_eq!(r.view, View::Scorecard);
        assert_eq!(Route::parse(&r.to_hash()), r);
        assert!(r
            .to_hash()
            .contains("workspace=dash/rotherham-2021-09.scrutineer.json.gz"));
        assert!(linkable_workspace("rotherham.scrutineer.json").is_ok());
        for bad in [
            "https://evil.example/w.scrutineer.json",
            "//evil.example/w.scrutineer.json",
            "/etc/w.scrutineer.json",
            "../w.scrutineer.json",
            "a//w.scrutineer.json",
            "w.json",
            "w%2e.scrutineer.json",
            "",
        ] {
            assert!(linkable_workspace(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_route_round_trips_through_its_hash() {
        let route = Route {
            view: View::Measure("Crimes: Criminal damage & arson".into()),
            area: Some("Bristol, City of".into()),
            period: Granularity::Rolling12,
            peers: Some(vec![
                "Barnsley".into(),
                "Kingston upon Hull, City of".into(),
            ]),
            workspace: None,
        };
        let hash = route.to_hash();
        assert_eq!(
            hash,
            "#/measure/Crimes%3A%20Criminal%20damage%20%26%20arson?area=Bristol%2C%20City%20of\
             &period=rolling-12&peers=Barnsley,Kingston%20upon%20Hull%2C%20City%20of"
        );
        assert_eq!(Route::parse(&hash), route);
        for view in [
            View::Data,
            View::Settings,
            View::Scorecard,
            View::Pack,
            View::Neighbourhoods {
                measure: None,
                hex: None,
            },
            View::Neighbourhoods {
                measure: Some("Crimes: Burglary".into()),
                hex: Some("E02001594".into()),
            },
            View::Neighbourhoods {
                measure: None,
                hex: Some("E02001594".into()),
            },
        ] {
            let r = Route {
                view,
                ..Route::default()
            };
            assert_eq!(Route::parse(&r.to_hash()), r);
        }
    }

    #[test]
    fn a_mangled_hash_still_opens() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("#/nowhere?period=weekly&x"), Route::default());
        let r = Route::parse("#/measure/%ZZ%E2%9C%93?area=");
        assert_eq!(r.view, View::Measure("%ZZ✓".into()));
        assert_eq!(r.area, None);
        assert_eq!(Route::parse("#/scorecard?peers=").peers, Some(vec![]));
    }
}
