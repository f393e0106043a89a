//! `scrutineer`, the command-line twin of the app: the same ingestion and
//! measures, for councils' scheduled jobs.
//!
//! ```text
//! scrutineer inspect FILE...                  JSON: one record per file and archive member
//! scrutineer measures FILE... [--area NAME]   CSV: area,period,measure,value,numerator,denominator
//! ```
//!
//! Exit codes: 0 everything loaded; 1 some files had errors (the output still
//! covers every file); 2 usage error.

use std::io::{Read, Write};

use serde::Serialize;

use crate::analysis::card::{build, Scorecard};
use crate::analysis::maturity::MAX_EQUAL_AGE_MONTHS;
use crate::analysis::measures::{observations, observations_with};
use crate::analysis::outcomes::{Denominator, OutcomeSet};
use crate::analysis::periods::Granularity;
use crate::analysis::settings::{PeerMode, Settings};
use crate::dataset::{Dataset, LoadedFile};
use crate::ingest::Rejection;
use crate::ingest::{
    ingest_bytes, ingest_zip_from, is_zip_archive, needs_whole_file, FileReport, Ingest, Loaded,
    Registry,
};

pub const USAGE: &str = "usage:
  scrutineer inspect FILE...                  describe each file (and each member of a zip) as JSON
  scrutineer measures FILE... [--area NAME]   print the measures the app would chart, as CSV
  scrutineer scorecard FILE... --area NAME [--period month|quarter|year|calendar-year|rolling]
                 [--peer-mode similar|same-force|all-in-file|comparator-list|picked]
                 [--similar-basis overall|demographic|economic] [--similar-count 20]
                 [--peers A,B,E06000010] (a name with a comma in double quotes)
                 [--outcome-set default|sanction-detections|with-22] [--denominator recorded|assigned]
                 [--threshold 0.2] [--run-length 6|7] [--screen-outliers]
                 [--equal-age-months 3] [--minimum-age 3] [--settings FILE]
                 [--offences \"All offences,Sexual offences\"] (force section: Home
                 Office outcome rates by offence; default all, racially or religiously
                 aggravated, and sexual offences)
                                              print the area's scorecard as JSON, with the
                                              app's settings (FILE: a saved workspace, or
                                              settings JSON); --peers picks peers by hand,
                                              by name or ONS code
  scrutineer workspace FILE... --area NAME [--home-detail-only]
                                              print a workspace (.scrutineer.json) holding
                                              the files' figures, with NAME as the home area
                                              (--home-detail-only: neighbourhood detail for
                                              NAME only, to keep the file small)
  scrutineer publish FILE... --area NAME --app SCRUTINEER.html --publisher TEXT
                 [--out FOLDER] [the scorecard's options]
                                              write the briefing for councillors: one HTML
                                              file holding the app (SCRUTINEER.html, from
                                              scripts/single-file.sh) and the files'
                                              figures, named like
                                              rotherham-community-safety-2020-03.html; the
                                              date is now, or SOURCE_DATE_EPOCH
  scrutineer population-table WORKBOOK.xls LOOKUP.csv
                                              derive the built-in population table (see
                                              scripts/population-data.sh)
  scrutineer neighbourhood-table HEXES.hexjson LSOA-WARD.csv
                                              derive the neighbourhood table (see
                                              scripts/neighbourhood-data.sh)
  scrutineer similar-areas-table FOLDER       derive the ONS similar-areas table (see
                                              scripts/similar-areas-data.sh)

Exit codes: 0 = everything loaded; 1 = some files had errors; 2 = usage error.";

/// Runs the command line; returns the process exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("inspect") if args.len() > 1 => inspect(&args[1..], out),
        Some("measures") => match parse_measures_args(&args[1..]) {
            Some((files, area)) => measures(&files, area.as_deref(), out),
            None => return usage(err),
        },
        Some("scorecard") => match parse_scorecard_args(&args[1..], err) {
            Some(a) => scorecard(&a, out),
            None => return usage(err),
        },
        Some("workspace") => match parse_scorecard_args(&args[1..], err) {
            Some(a) => workspace(&a, out),
            None => return usage(err),
        },
        Some("publish") => match parse_publish_args(&args[1..], err)
            .and_then(|(rest, p)| Some((parse_scorecard_args(&rest, err)?, p)))
        {
            Some((a, p)) => publish(&a, &p, out),
            None => return usage(err),
        },
        Some("population-table") if args.len() == 3 => {
            return print_table(
                crate::population_table::derive(
                    std::path::Path::new(&args[1]),
                    std::path::Path::new(&args[2]),
                ),
                out,
                err,
            );
        }
        Some("neighbourhood-table") if args.len() == 3 => {
            let read = |p: &String| std::fs::read(p).map_err(|e| format!("{p}: {e}"));
            let table = read(&args[1]).and_then(|hexes| {
                read(&args[2])
                    .and_then(|lookup| crate::neighbourhood_table::derive(&hexes, &lookup))
            });
            return print_table(table, out, err);
        }
        Some("similar-areas-table") if args.len() == 2 => {
            return print_table(
                crate::similar_areas_table::derive(std::path::Path::new(&args[1])),
                out,
                err,
            );
        }
        Some("-h" | "--help" | "help") => {
            let _ = writeln!(out, "{USAGE}");
            return 0;
        }
        _ => return usage(err),
    };
    match result {
        Ok(all_loaded) => i32::from(!all_loaded),
        Err(e) => {
            let _ = writeln!(err, "scrutineer: could not write the output: {e}");
            1
        }
    }
}

/// Writes a derived table, or says why it could not be made; the exit code.
fn print_table(table: Result<String, String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let written = table.and_then(|t| {
        out.write_all(t.as_bytes())
            .map_err(|e| format!("could not write the output: {e}"))
    });
    match written {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "scrutineer: {e}");
            1
        }
    }
}

fn usage(err: &mut dyn Write) -> i32 {
    let _ = writeln!(err, "{USAGE}");
    2
}

fn parse_measures_args(args: &[String]) -> Option<(Vec<String>, Option<String>)> {
    let mut files = Vec::new();
    let mut area = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--area" => area = Some(it.next()?.clone()),
            a if a.starts_with("--area=") => area = Some(a["--area=".len()..].to_string()),
            a if a.starts_with("--") => return None,
            a => files.push(a.to_string()),
        }
    }
    (!files.is_empty()).then_some((files, area))
}

/// The scorecard's files, the settings it is built with (as the app's), and
/// the period.
struct ScorecardArgs {
    files: Vec<String>,
    /// `workspace`: keep neighbourhood detail for the home area only.
    home_detail_only: bool,
    settings: Settings,
    period: Granularity,
}

/// Parses the scorecard's arguments; on a value an option does not take, or
/// an unknown option, says which before the usage is printed, since a
/// scheduled job's log otherwise shows only the usage.
fn parse_scorecard_args(args: &[String], err: &mut dyn Write) -> Option<ScorecardArgs> {
    let mut last = None;
    let parsed = parse_scorecard_options(args, err, &mut last);
    if parsed.is_none() {
        if let Some((flag, value)) = last {
            let _ = match value {
                Some(v) => writeln!(err, "scrutineer: {flag} does not take \"{v}\""),
                None => writeln!(err, "scrutineer: {flag} is not an option, or needs a value"),
            };
        }
    }
    parsed
}

fn parse_scorecard_options(
    args: &[String],
    err: &mut dyn Write,
    last: &mut Option<(String, Option<String>)>,
) -> Option<ScorecardArgs> {
    let mut files = Vec::new();
    let mut settings = Settings::default();
    let (mut area, mut peers, mut mode, mut period) = (None, None, None, Granularity::Month);
    let (mut set, mut denominator, mut threshold, mut run_length) = (None, None, None, None);
    let (mut screen, mut equal_age, mut minimum_age) = (None, None, None);
    let mut home_detail_only = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        *last = flag.starts_with("--").then(|| (flag.to_string(), None));
        let mut value = || {
            let v = inline.clone().or_else(|| it.next().cloned());
            if let (Some(l), Some(v)) = (last.as_mut(), &v) {
                l.1 = Some(v.clone());
            }
            v
        };
        match flag {
            "--area" => area = Some(value()?),
            "--peers" => peers = Some(peer_list(&value()?)?),
            "--similar-basis" => {
                settings.similar_basis = crate::analysis::similar::Basis::parse(&value()?)?
            }
            "--similar-count" => {
                settings.similar_count = value()?
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=crate::analysis::similar::MAX_COUNT).contains(n))?
            }
            "--offences" => {
                let list: Vec<String> = value()?
                    .split(',')
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
                settings.force_offences = (!list.is_empty()).then_some(list)?;
            }
            "--peer-mode" => mode = Some(PeerMode::parse(&value()?)?),
            "--period" => period = Granularity::parse(&value()?)?,
            "--outcome-set" => {
                set = Some(match value()?.as_str() {
                    "default" => OutcomeSet::Default,
                    "sanction-detections" => OutcomeSet::SanctionDetections,
                    "with-22" => OutcomeSet::DefaultPlusDiversion,
                    _ => return None,
                })
            }
            "--denominator" => {
                denominator = Some(match value()?.as_str() {
                    "recorded" => Denominator::OffencesRecorded,
                    "assigned" => Denominator::OutcomesAssigned,
                    _ => return None,
                })
            }
            "--threshold" => {
                threshold = Some(
                    value()?
                        .parse::<f64>()
                        .ok()
                        .filter(|t| (0.0..=1.0).contains(t))?,
                )
            }
            "--run-length" => {
                run_length = Some(
                    value()?
                        .parse::<usize>()
                        .ok()
                        .filter(|r| (6..=7).contains(r))?,
                )
            }
            "--screen-outliers" => screen = Some(true),
            "--home-detail-only" => home_detail_only = true,
            "--minimum-age" => {
                minimum_age = Some(
                    value()?
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n <= MAX_EQUAL_AGE_MONTHS)?,
                )
            }
            "--equal-age-months" => {
                equal_age = Some(
                    value()?
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=MAX_EQUAL_AGE_MONTHS).contains(n))?,
                )
            }
            "--settings" => {
                let path = value()?;
                let read = std::fs::read(&path).map(|bytes| {
                    crate::ui::workspace::text_of(&path, &bytes).map_err(|e| e.to_string())
                });
                match read {
                    Ok(text) => match text.and_then(|text| settings_from(&path, &text)) {
                        Ok(s) => settings = s,
                        Err(why) => {
                            let _ = writeln!(err, "scrutineer: {why}");
                            *last = None;
                            return None;
                        }
                    },
                    Err(e) => {
                        let _ = writeln!(err, "scrutineer: {path}: could not be read: {e}");
                        *last = None;
                        return None;
                    }
                }
            }
            f if f.starts_with("--") => return None,
            f => files.push(f.to_string()),
        }
    }
    *last = None;
    settings.home = area.or(settings.home);
    settings.home.as_ref()?;
    if let Some(p) = peers {
        settings.peer_mode = PeerMode::Picked;
        settings.picked_peers = p;
    }
    settings.peer_mode = mode.unwrap_or(settings.peer_mode);
    settings.outcome_set = set.unwrap_or(settings.outcome_set);
    settings.denominator = denominator.unwrap_or(settings.denominator);
    settings.provisional_threshold = threshold.unwrap_or(settings.provisional_threshold);
    settings.run_length = run_length.unwrap_or(settings.run_length);
    settings.screen_outliers = screen.unwrap_or(settings.screen_outliers);
    settings.equal_age_months = equal_age.unwrap_or(settings.equal_age_months);
    settings.minimum_age_months = minimum_age.unwrap_or(settings.minimum_age_months);
    (!files.is_empty()).then_some(ScorecardArgs {
        files,
        home_detail_only,
        settings,
        period,
    })
}

/// `--peers`: names separated by commas, a name with a comma in quotes
/// (`"Kingston upon Hull, City of",Barnsley`), or ONS codes (E06000010),
/// which become the authority's name.
fn peer_list(text: &str) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let record = reader.records().next()?.ok()?;
    let table = crate::analysis::similar::Table::built_in();
    Some(
        record
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| {
                let is_code = p.len() == 9
                    && p.starts_with(|c: char| c.is_ascii_uppercase())
                    && p[1..].chars().all(|c| c.is_ascii_digit());
                match is_code.then(|| table.identify(p)).flatten() {
                    Some((_, name)) => name,
                    None => p.to_string(),
                }
            })
            .collect(),
    )
}

/// Settings saved by the app: a workspace's, or the bare settings JSON. A
/// file named on the command line that is neither is refused, by line and
/// column, rather than quietly replaced by the defaults (as a damaged browser
/// store is, where there is no one to tell).
fn settings_from(path: &str, text: &str) -> Result<Settings, String> {
    if crate::ui::workspace::is_workspace(path) {
        return crate::ui::workspace::open(path, text)
            .map(|(settings, _)| settings)
            .map_err(|e| e.to_string());
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(_)) => Ok(Settings::from_json(text)),
        Ok(_) => Err(format!(
            "{path}: not the settings Scrutineer saves (a JSON object)"
        )),
        Err(e) => Err(format!(
            "{path}, line {}, column {}: not settings JSON ({e})",
            e.line(),
            e.column()
        )),
    }
}

#[derive(Serialize)]
struct ScorecardOutput {
    #[serde(flatten)]
    card: Scorecard,
    files: Vec<ErrorView>,
}

fn scorecard(args: &ScorecardArgs, out: &mut dyn Write) -> std::io::Result<bool> {
    let (reports, dataset) = load(&args.files);
    let all = observations_with(&dataset, &args.settings.outcomes());
    let Some(card) = build(&dataset, &all, &args.settings, args.period) else {
        return Ok(false);
    };
    let output = ScorecardOutput {
        card,
        files: reports
            .iter()
            .filter_map(|r| r.error.as_ref())
            .map(ErrorView::of)
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)?;
    Ok(reports.iter().all(|r| r.error.is_none()))
}

fn read_file(path: &str) -> Vec<Loaded> {
    let failed = |e: std::io::Error| {
        vec![Loaded {
            report: FileReport {
                path: path.to_string(),
                error: Some(Rejection::new(path, format!("could not be read: {e}"))),
                ..FileReport::default()
            },
            content: None,
        }]
    };
    // A saved workspace brings its files' figures, as dropping it in the app does.
    if crate::ui::workspace::is_workspace(path) {
        return match std::fs::read(path) {
            Ok(bytes) => match crate::ui::workspace::text_of(path, &bytes)
                .and_then(|text| crate::ui::workspace::open(path, &text))
            {
                Ok((_, files)) => files,
                Err(rejection) => vec![Loaded {
                    report: FileReport {
                        path: path.to_string(),
                        error: Some(rejection),
                        ..FileReport::default()
                    },
                    content: None,
                }],
            },
            Err(e) => failed(e),
        };
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return failed(e),
    };
    let mut buffer = vec![0u8; 4 << 20];
    let mut head = Vec::new();
    // Enough to tell a zip or a spreadsheet (random access) from a stream.
    while head.len() < 4096 {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
            Err(e) => return failed(e),
        }
    }
    if is_zip_archive(&head) {
        // Member by member from the disk: a national archive is gigabytes.
        let size = file.metadata().map_or(0, |m| m.len());
        return match std::io::Seek::rewind(&mut file) {
            Ok(()) => ingest_zip_from(path, size, std::io::BufReader::new(file)),
            Err(e) => failed(e),
        };
    }
    if needs_whole_file(&head) {
        if let Err(e) = file.read_to_end(&mut head) {
            return failed(e);
        }
        return ingest_bytes(path, &head);
    }
    let mut ingest = Ingest::new(path);
    if let Ok(metadata) = file.metadata() {
        ingest.expect_bytes(metadata.len());
    }
    ingest.push(&head);
    while ingest.is_going() {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => ingest.push(&buffer[..n]),
            Err(e) => return failed(e),
        }
    }
    vec![ingest.finish()]
}

/// The files' figures as a workspace the app opens, home area set.
fn workspace(args: &ScorecardArgs, out: &mut dyn Write) -> std::io::Result<bool> {
    let (all_loaded, dataset) = match workspace_dataset(args) {
        Ok(loaded) => loaded,
        Err(e) => {
            writeln!(out, "{e}")?;
            return Ok(false);
        }
    };
    writeln!(
        out,
        "{}",
        crate::ui::workspace::save(&args.settings, &dataset)
    )?;
    Ok(all_loaded)
}

/// The files loaded as a browser would hold them for a workspace: whether
/// every file loaded, and the dataset.
fn workspace_dataset(args: &ScorecardArgs) -> Result<(bool, Dataset), String> {
    let (files, area) = (
        &args.files,
        args.settings.home.as_deref().unwrap_or_default(),
    );
    let (reports, loaded) = load(files);
    // Files are named as a browser would name them: without their folders.
    let mut dataset = Dataset::default();
    for file in loaded.files() {
        let mut file = (**file).clone();
        if let Some(input) = files
            .iter()
            .find(|i| file.report.path.starts_with(i.as_str()))
        {
            let folder = std::path::Path::new(input)
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            if !folder.is_empty() {
                file.report.path = file.report.path[folder.len()..]
                    .trim_start_matches('/')
                    .to_string();
            }
        }
        // As a browser would take files chosen together: one download, and
        // no dates from this machine's copies, so the workspace is the
        // same wherever it is made.
        if !file.from_workspace() && !file.report.path.to_ascii_lowercase().contains(".zip/") {
            file.report.download = Some("the files chosen together".to_string());
        }
        file.report.modified = None;
        if args.home_detail_only {
            if let crate::ingest::Content::Street(data) = &mut file.content {
                data.keep_detail_for(area);
            }
        }
        dataset.add(file).map_err(|e| e.to_string())?;
    }
    Ok((reports.iter().all(|r| r.error.is_none()), dataset))
}

/// Writes the briefing for councillors (`crate::publish`) into the folder
/// `--out` names, and says where and how big. Nothing is written when any
/// file could not be read: a scheduled job must not publish part of the
/// figures.
fn publish(
    args: &ScorecardArgs,
    publish: &PublishArgs,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let template = match std::fs::read_to_string(&publish.app) {
        Ok(text) => text,
        Err(e) => {
            writeln!(out, "{}: the one-file app could not be read ({e}); build it with bash scripts/single-file.sh", publish.app)?;
            return Ok(false);
        }
    };
    let (all_loaded, dataset) = match workspace_dataset(args) {
        Ok(loaded) => loaded,
        Err(e) => {
            writeln!(out, "{e}")?;
            return Ok(false);
        }
    };
    if let Some(path) = crate::publish::unmapped_file(&dataset) {
        writeln!(out, "Not published: {path}'s columns were not recognised (map them in the app, or leave the file out).")?;
        return Ok(false);
    }
    if !all_loaded {
        writeln!(
            out,
            "Not published: some files could not be read (scrutineer inspect says why)."
        )?;
        return Ok(false);
    }
    let area = args.settings.home.clone().unwrap_or_default();
    let figures_to = match crate::publish::figures_to(&dataset, &args.settings) {
        Ok(month) => month,
        Err(why) => {
            writeln!(out, "Not published: {why}.")?;
            return Ok(false);
        }
    };
    let about = crate::publish::Publication::new(
        &publish.publisher,
        &publish.now,
        &area,
        figures_to.clone(),
    );
    let text = crate::ui::workspace::save_published(&args.settings, &dataset, &area);
    let page = match crate::publish::publish(
        &template,
        &about,
        &crate::ui::workspace::gzip_smallest(&text),
    ) {
        Ok(page) => page,
        Err(why) => {
            writeln!(out, "{}: {why}", publish.app)?;
            return Ok(false);
        }
    };
    let path = std::path::Path::new(&publish.folder)
        .join(crate::publish::file_name(&area, figures_to.as_deref()));
    std::fs::write(&path, &page)?;
    writeln!(
        out,
        "{}: {} KB, the briefing for {area}",
        path.display(),
        (page.len() + 512) / 1024
    )?;
    Ok(true)
}

/// What `publish` needs besides the scorecard's arguments.
struct PublishArgs {
    app: String,
    publisher: String,
    folder: String,
    /// UTC, "2026-12-05T09:30:00Z".
    now: String,
}

/// `--app FILE --publisher TEXT [--out FOLDER]` taken out of the arguments;
/// the rest are the scorecard's.
fn parse_publish_args(args: &[String], err: &mut dyn Write) -> Option<(Vec<String>, PublishArgs)> {
    let (mut rest, mut app, mut publisher, mut folder) = (Vec::new(), None, None, ".".to_string());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next().cloned());
        match flag {
            "--app" => app = Some(value()?),
            "--publisher" => publisher = Some(value()?),
            "--out" => folder = value()?,
            _ => rest.push(arg.clone()),
        }
    }
    let publisher = publisher.filter(|p| !p.trim().is_empty());
    let (Some(app), Some(publisher)) = (app, publisher) else {
        let _ = writeln!(err, "scrutineer: publish needs --app (the one-file build) and --publisher (who publishes it)");
        return None;
    };
    // SOURCE_DATE_EPOCH (reproducible builds' convention) fixes the date.
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let now = format!("{}Z", iso_date_time(secs));
    Some((
        rest,
        PublishArgs {
            app,
            publisher,
            folder,
            now,
        },
    ))
}

/// Seconds since 1970 as "2021-10-05T14:03:00" (UTC), for a file's date:
/// days to a civil date by Howard Hinnant's `civil_from_days`.
fn iso_date_time(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rest / 3_600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Loads every path (street files before outcomes, so outcomes join), returning
/// the reports in the order given and the dataset of what loaded.
pub fn load(paths: &[String]) -> (Vec<FileReport>, Dataset) {
    let rank = |p: &str| {
        let lower = p.to_ascii_lowercase();
        u8::from(lower.contains("outcomes"))
    };
    let mut order: Vec<usize> = (0..paths.len()).collect();
    order.sort_by_key(|&i| rank(&paths[i]));
    let mut registry = Registry::default();
    let mut dataset = Dataset::default();
    let mut reports: Vec<(usize, FileReport)> = Vec::new();
    let mut next_id = 0u32;
    for i in order {
        // A workspace's files keep no Crime IDs: their ids say so.
        let base = if crate::ui::workspace::is_workspace(&paths[i]) {
            crate::model::WORKSPACE_IDS
        } else {
            0
        };
        let folder = std::path::Path::new(&paths[i])
            .parent()
            .map(|p| p.display().to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "the files named on the command line".to_string());
        let modified = std::fs::metadata(&paths[i])
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| iso_date_time(d.as_secs()));
        for mut loaded in read_file(&paths[i]) {
            let id = base + next_id;
            next_id += 1;
            // Files of one folder are taken as one download; a workspace's
            // files say their own.
            if base == 0 {
                loaded.report.download.get_or_insert_with(|| folder.clone());
                if loaded.report.modified.is_none() {
                    loaded.report.modified.clone_from(&modified);
                }
            }
            if let Some(content) = loaded.content.as_mut() {
                if let Some(notice) = registry.admit(id, content) {
                    loaded.report.notices.push(notice);
                }
            }
            let mut report = loaded.report.clone();
            if loaded.content.is_some() {
                if let Err(e) = LoadedFile::new(id, loaded).and_then(|f| dataset.add(f)) {
                    report.error.get_or_insert(e);
                }
            }
            reports.push((i, report));
        }
    }
    reports.sort_by_key(|(i, _)| *i);
    (reports.into_iter().map(|(_, r)| r).collect(), dataset)
}

#[derive(Serialize)]
struct WarningView {
    line: u64,
    lines: Vec<u64>,
    column: Option<String>,
    message: String,
    count: u64,
}

#[derive(Serialize)]
struct ErrorView {
    /// `not_a_table`, `too_large`…: for scripts to act on.
    kind: crate::ingest::RejectionKind,
    line: Option<u64>,
    column: Option<String>,
    message: String,
}

impl ErrorView {
    fn of(e: &Rejection) -> ErrorView {
        ErrorView {
            kind: e.kind,
            line: e.line,
            column: e.column.as_ref().map(ToString::to_string),
            message: e.to_string(),
        }
    }
}

#[derive(Serialize)]
struct InspectRecord<'a> {
    path: &'a str,
    kind: Option<&'a str>,
    encoding: Option<&'a str>,
    delimiter: Option<&'a str>,
    compressed: bool,
    bytes: u64,
    rows: u64,
    rows_kept: u64,
    periods: &'a [String],
    areas: &'a [String],
    forces: &'a [String],
    warnings: Vec<WarningView>,
    notices: &'a [String],
    error: Option<ErrorView>,
}

fn inspect(paths: &[String], out: &mut dyn Write) -> std::io::Result<bool> {
    let (reports, _) = load(paths);
    let records: Vec<InspectRecord> = reports
        .iter()
        .map(|r| InspectRecord {
            path: &r.path,
            kind: r.kind.as_deref(),
            encoding: r.encoding.as_deref(),
            delimiter: r.delimiter.as_deref(),
            compressed: r.compressed,
            bytes: r.bytes,
            rows: r.rows,
            rows_kept: r.rows_kept(),
            periods: &r.periods,
            areas: &r.areas,
            forces: &r.forces,
            warnings: r
                .warnings
                .groups()
                .iter()
                .map(|g| WarningView {
                    line: g.lines.first().copied().unwrap_or(0),
                    lines: g.lines.clone(),
                    column: g.column.as_ref().map(ToString::to_string),
                    message: g.to_string(),
                    count: g.count,
                })
                .collect(),
            notices: &r.notices,
            error: r.error.as_ref().map(ErrorView::of),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &records)?;
    writeln!(out)?;
    Ok(reports.iter().all(|r| r.error.is_none()))
}

/// Text that a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Whole numbers without a decimal point; others to six decimal places at most.
pub fn number_text(value: Option<f64>) -> String {
    match value {
        None => String::new(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) => {
            let s = format!("{v:.6}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

fn measures(paths: &[String], area: Option<&str>, out: &mut dyn Write) -> std::io::Result<bool> {
    let (reports, dataset) = load(paths);
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "area",
        "period",
        "measure",
        "value",
        "numerator",
        "denominator",
    ])?;
    for o in observations(&dataset) {
        if area.is_some_and(|a| !o.area.eq_ignore_ascii_case(a)) {
            continue;
        }
        writer.write_record([
            neutralise(&o.area),
            o.period.to_string(),
            neutralise(&o.measure),
            number_text(o.value),
            number_text(o.numerator),
            number_text(o.denominator),
        ])?;
    }
    writer.flush()?;
    Ok(reports.iter().all(|r| r.error.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_date_in_words() {
        // `date -u -d @1633442580 +%FT%T` and `date -u -d @951782400 +%FT%T`.
        assert_eq!(iso_date_time(1_633_442_580), "2021-10-05T14:03:00");
        assert_eq!(iso_date_time(951_782_400), "2000-02-29T00:00:00");
        assert_eq!(iso_date_time(0), "1970-01-01T00:00:00");
    }

    #[test]
    fn numbers_and_formula_text() {
        assert_eq!(number_text(Some(1972.0)), "1972");
        assert_eq!(number_text(Some(12.974_045)), "12.974045");
        assert_eq!(number_text(Some(0.5)), "0.5");
        assert_eq!(number_text(None), "");
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("Rotherham"), "Rotherham");
    }

    #[test]
    fn usage_errors_exit_2() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        for args in [
            vec![],
            vec!["inspect"],
            vec!["measures"],
            vec!["measures", "--bogus", "x"],
            vec!["frobnicate"],
        ] {
            let args: Vec<String> = args.into_iter().map(String::from).collect();
            assert_eq!(run(&args, &mut out, &mut err), 2, "{args:?}");
        }
        assert!(String::from_utf8_lossy(&err).contains("usage:"));
    }

    #[test]
    fn a_value_an_option_does_not_take_is_named_before_the_usage() {
        for (args, said) in [
            (
                vec!["scorecard", "f.csv", "--area", "X", "--minimum-age", "abc"],
                "scrutineer: --minimum-age does not take \"abc\"",
            ),
            (
                vec!["scorecard", "f.csv", "--area", "X", "--threshold=2"],
                "scrutineer: --threshold does not take \"2\"",
            ),
            (
                vec!["workspace", "f.csv", "--area", "X", "--bogus"],
                "scrutineer: --bogus is not an option, or needs a value",
            ),
        ] {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let args: Vec<String> = args.into_iter().map(String::from).collect();
            assert_eq!(run(&args, &mut out, &mut err), 2, "{args:?}");
            let err = String::from_utf8_lossy(&err);
            assert!(err.starts_with(said), "{err}");
            assert!(err.contains("usage:"), "{err}");
        }
    }
}
