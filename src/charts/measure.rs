//! A measure's charts: its trend with target, SPC limits, special causes,
//! provisional periods, breaks and gaps; its peers as bars with 95% intervals;
//! and a funnel plot. Each returns where it drew every point (in backend
//! pixels) with a description, for tooltips and keyboard reading.

use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::Hit;
use crate::analysis::detail::{Funnel, MeasureDetail};
use crate::analysis::measures::Kind;
use crate::analysis::scorecard::{format_value, Entry, SeriesPoint};
use crate::analysis::spc::PointClass;
use crate::model::Period;

/// DOMAIN.md's SPC colours. Every one is paired with a shape and words.
pub const IMPROVEMENT: RGBColor = RGBColor(0x00, 0xB0, 0xF0);
pub const CONCERN: RGBColor = RGBColor(0xE4, 0x6C, 0x0A);
pub const NEUTRAL: RGBColor = RGBColor(0x49, 0x00, 0x92);
pub const COMMON: RGBColor = RGBColor(0xA6, 0xA6, 0xA6);
const INK: RGBColor = RGBColor(0x1D, 0x1D, 0x1B);
const MUTED: RGBColor = RGBColor(0x50, 0x50, 0x50);
const HOME: RGBColor = RGBColor(0x00, 0x5E, 0xA5);
const PROVISIONAL_FILL: RGBColor = RGBColor(0xFF, 0xF1, 0xC6);
const GAP_FILL: RGBColor = RGBColor(0xEE, 0xEE, 0xEE);
/// Notes: a dark teal, apart from the SPC colours.
const NOTE: RGBColor = RGBColor(0x00, 0x5A, 0x5B);
/// The seasonal range bars: pale blue-grey, behind everything else.
const SEASONAL: RGBColor = RGBColor(0xC9, 0xD8, 0xE8);

pub const PROVISIONAL_LABEL: &str = "Provisional";

/// "Apr 19" for a month, "2019/20 Q1" for anything else.
pub fn period_short(p: Period) -> String {
    match p {
        Period::Month(m) => m.short_name(),
        other => other.to_string(),
    }
}

/// What a point's SPC class means, for tooltips and the table.
pub fn class_words(class: PointClass) -> &'static str {
    match class {
        PointClass::CommonCause => "common cause",
        PointClass::Improvement => "special cause: improvement",
        PointClass::Concern => "special cause: concern",
        PointClass::NeutralHigh => "special cause: high",
        PointClass::NeutralLow => "special cause: low",
        PointClass::Excluded => "left out of SPC (provisional)",
        PointClass::Missing => "no figure",
    }
}

/// A y-axis top a little above the largest value, rounded up to a half power
/// of ten, so the top tick is a readable number.
pub fn axis_top(max: f64) -> f64 {
    let target = (max * 1.08).max(1.0);
    let step = 10f64.powf(target.log10().floor()) / 2.0;
    (target / step).ceil() * step
}

/// The largest figure a trend chart must show: values, limits and target.
pub fn trend_max(entry: &Entry) -> f64 {
    let values = entry.series.iter().filter_map(|p| p.value);
    let limits = entry
        .spc
        .iter()
        .flat_map(|s| s.segments.iter().map(|l| l.upper));
    let earlier = entry.revisions.iter().map(|r| r.earlier);
    let seasonal = entry.seasonal.iter().flatten().map(|r| r.highest);
    values
        .chain(seasonal)
        .chain(limits)
        .chain(entry.target)
        .chain(earlier)
        .fold(0.0, f64::max)
}

fn describe(entry: &Entry, p: &SeriesPoint, class: Option<PointClass>) -> String {
    let Some(v) = p.value else {
        return format!("{}: no data", period_short(p.period));
    };
    let mut text = format!(
        "{}: {}",
        period_short(p.period),
        format_value(v, entry.kind, entry.unit.as_deref())
    );
    if let Some(c) = class {
        text.push_str(&format!(", {}", class_words(c)));
    }
    if p.provisional {
        text.push_str(", provisional");
    }
    text
}

/// The trend of one area's measure. `compact` draws a small multiple: the
/// series, gaps and provisional periods only, on the shared axis `top`.
pub fn draw_measure_trend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entry: &Entry,
    title: Option<&str>,
    top: Option<f64>,
    scale: f64,
) -> Result<Vec<Hit>, DrawingAreaErrorKind<DB::ErrorType>> {
    let compact = title.is_some();
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| ("sans-serif", size * scale).into_font();
    root.fill(&WHITE)?;
    let series = &entry.series;
    let n = series.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let top = top.unwrap_or_else(|| axis_top(trend_max(entry)));
    let (width, _) = root.dim_in_pixel();
    // Room for labels of this length (about 7 px a character at 13 px).
    let longest = series
        .iter()
        .map(|p| period_short(p.period).chars().count())
        .max()
        .unwrap_or(6) as f64;
    let label_room = (f64::from(width) / ((longest * 7.5 + 16.0) * scale))
        .floor()
        .max(2.0) as usize;
    let mut builder = ChartBuilder::on(root);
    builder
        .margin(px(if compact { 6.0 } else { 10.0 }))
        .x_label_area_size(px(if compact { 24.0 } else { 36.0 }))
        .y_label_area_size(px(if compact { 52.0 } else { 64.0 }));
    if let Some(t) = title {
        builder.caption(t, font(14.0));
    }
    let mut chart = builder.build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0f64..top)?;
    let unit = entry.unit.clone();
    let kind = entry.kind;
    let labels: Vec<String> = series.iter().map(|p| period_short(p.period)).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(label_room))
        .x_label_formatter(&|v| super::category_label(&labels, v))
        .y_label_formatter(&|v| format_value(v.max(0.0), kind, unit.as_deref()))
        .label_style(font(if compact { 11.0 } else { 13.0 }))
        .y_labels(if compact { 4 } else { 6 })
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
        .axis_style(MUTED.stroke_width(px(1.0).max(1) as u32))
        .draw()?;

    let band_text = font(12.0)
        .color(&MUTED)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, p) in series.iter().enumerate() {
        let i = i as i32;
        let (fill, label) = if p.value.is_none() {
            (GAP_FILL, super::trend::GAP_LABEL)
        } else if p.provisional {
            (PROVISIONAL_FILL, PROVISIONAL_LABEL)
        } else {
            continue;
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), top),
            ],
            fill.filled(),
        )))?;
        if !compact {
            chart.draw_series(std::iter::once(Text::new(
                label,
                (SegmentValue::CenterOf(i), top * 0.97),
                band_text.clone(),
            )))?;
        }
    }

    let spc = entry.spc.as_ref().filter(|_| !compact);
    if let Some(spc) = spc {
        let thin = MUTED.stroke_width(px(1.0).max(1) as u32);
        for segment in &spc.segments {
            // `end` is exclusive.
            let (a, b) = (segment.start as i32, segment.end as i32);
            let span = |y: f64| [(SegmentValue::Exact(a), y), (SegmentValue::Exact(b), y)];
            chart.draw_series(std::iter::once(PathElement::new(span(segment.mean), thin)))?;
            for y in [segment.lower, segment.upper] {
                if (0.0..=top).contains(&y) {
                    chart.draw_series(DashedLineSeries::new(span(y), px(6.0), px(4.0), thin))?;
                }
            }
            if segment.start > 0 {
                // A recording break: limits start again here.
                chart.draw_series(DashedLineSeries::new(
                    [(SegmentValue::Exact(a), 0.0), (SegmentValue::Exact(a), top)],
                    px(3.0),
                    px(3.0),
                    INK.stroke_width(px(2.0) as u32),
                ))?;
                chart.draw_series(std::iter::once(Text::new(
                    "Break",
                    (SegmentValue::Exact(a), top * 0.9),
                    font(12.0).color(&INK),
                )))?;
            }
        }
    }
    if let (Some(target), false) = (entry.target, compact) {
        let style = RGBColor(0x9E, 0x00, 0x59).stroke_width(px(2.0) as u32);
        chart.draw_series(DashedLineSeries::new(
            [
                (SegmentValue::Exact(0), target),
                (SegmentValue::Exact(n as i32), target),
            ],
            px(10.0),
            px(5.0),
            style,
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            format!(
                "Target {}",
                format_value(target, entry.kind, entry.unit.as_deref())
            ),
            (SegmentValue::Exact(0), target),
            font(12.0)
                .color(&RGBColor(0x9E, 0x00, 0x59))
                .pos(Pos::new(HPos::Left, VPos::Bottom)),
        )))?;
    }

    let at = |i: usize, v: f64| (SegmentValue::CenterOf(i as i32), v);
    // The same month's range in earlier years: a pale bar behind each point.
    if !compact {
        let bar = SEASONAL.stroke_width(px(10.0).max(3) as u32);
        for (i, range) in entry.seasonal.iter().enumerate() {
            if let Some(r) = range {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![at(i, r.lowest), at(i, r.highest)],
                    bar,
                )))?;
            }
        }
    }
    // Notes: a dotted upright line and a numbered flag, the text beneath the
    // chart and in the table; each is also a stop for the keyboard.
    let mut note_hits = Vec::new();
    if !compact {
        for (k, note) in entry.notes.iter().enumerate() {
            let flag = format!("N{}", k + 1);
            chart.draw_series(DashedLineSeries::new(
                [at(note.index, 0.0), at(note.index, top)],
                px(2.0),
                px(2.0),
                NOTE.stroke_width(px(1.5).max(1) as u32),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                flag.clone(),
                at(note.index, top * 0.985),
                font(12.0).color(&NOTE).pos(Pos::new(HPos::Left, VPos::Top)),
            )))?;
            let (x, y) = chart.backend_coord(&at(note.index, top * 0.95));
            note_hits.push(Hit {
                x: f64::from(x),
                y: f64::from(y),
                text: format!("Note {flag}, {}: {}", note.month.short_name(), note.text),
            });
        }
    }
    let mut run: Vec<(SegmentValue<i32>, f64)> = Vec::new();
    let line = INK.stroke_width(px(2.0).max(1) as u32);
    for (i, p) in series.iter().enumerate() {
        match p.value {
            Some(v) => run.push(at(i, v)),
            None => {
                chart.draw_series(std::iter::once(PathElement::new(
                    std::mem::take(&mut run),
                    line,
                )))?;
            }
        }
    }
    chart.draw_series(std::iter::once(PathElement::new(run, line)))?;

    let mut hits = Vec::new();
    let s = px(if compact { 3.0 } else { 4.5 }).max(2);
    let big = s + s / 2;
    // Earlier extracts' figures: a hollow diamond, joined to today's figure
    // by a dotted line, so a revision reads as a movement.
    if !compact {
        for r in entry.revisions.iter().filter(|r| r.change != 0.0) {
            let Some(i) = series.iter().position(|p| p.period == r.period) else {
                continue;
            };
            let thin = MUTED.stroke_width(px(1.5).max(1) as u32);
            chart.draw_series(DashedLineSeries::new(
                [at(i, r.earlier), at(i, r.later)],
                px(2.0),
                px(3.0),
                thin,
            ))?;
            let shape = vec![(0, -big), (big, 0), (0, big), (-big, 0), (0, -big)];
            chart.draw_series(std::iter::once(
                EmptyElement::at(at(i, r.earlier))
                    + Polygon::new(shape.clone(), WHITE.filled())
                    + PathElement::new(shape, INK.stroke_width(px(1.5).max(1) as u32)),
            ))?;
            let (x, y) = chart.backend_coord(&at(i, r.earlier));
            hits.push(Hit {
                x: f64::from(x),
                y: f64::from(y),
                text: format!(
                    "{}: {} in {}, {} now",
                    period_short(r.period),
                    format_value(r.earlier, entry.kind, entry.unit.as_deref()),
                    r.extract,
                    format_value(r.later, entry.kind, entry.unit.as_deref())
                ),
            });
        }
    }
    for (i, p) in series.iter().enumerate() {
        let class = spc.and_then(|spc| spc.points.get(i).copied());
        if let Some(v) = p.value {
            let c = at(i, v);
            let outline = INK.stroke_width(px(1.0).max(1) as u32);
            // Shape as well as colour: circle common, diamond improvement,
            // square concern, triangle neither, hollow circle left out.
            match class {
                Some(PointClass::Improvement) => {
                    let shape = vec![(0, -big), (big, 0), (0, big), (-big, 0)];
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(c.clone())
                            + Polygon::new(shape.clone(), IMPROVEMENT.filled())
                            + PathElement::new(
                                shape
                                    .iter()
                                    .chain(shape.first())
                                    .copied()
                                    .collect::<Vec<_>>(),
                                outline,
                            ),
                    ))?;
                }
                Some(PointClass::Concern) => {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(c.clone())
                            + Rectangle::new([(-s, -s), (s, s)], CONCERN.filled())
                            + Rectangle::new([(-s, -s), (s, s)], outline),
                    ))?;
                }
                Some(PointClass::NeutralHigh | PointClass::NeutralLow) => {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(c.clone())
                            + Polygon::new(vec![(0, -big), (big, s), (-big, s)], NEUTRAL.filled()),
                    ))?;
                }
                Some(PointClass::Excluded) => {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(c.clone())
                            + Circle::new((0, 0), s, WHITE.filled())
                            + Circle::new((0, 0), s, INK.stroke_width(px(2.0) as u32)),
                    ))?;
                }
                Some(PointClass::CommonCause) => {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(c.clone())
                            + Circle::new((0, 0), s, COMMON.filled())
                            + Circle::new((0, 0), s, outline),
                    ))?;
                }
                None | Some(PointClass::Missing) => {
                    let colour = if p.provisional { WHITE } else { INK };
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(c.clone())
                            + Circle::new((0, 0), s, colour.filled())
                            + Circle::new((0, 0), s, outline),
                    ))?;
                }
            }
            let (x, y) = chart.backend_coord(&c);
            hits.push(Hit {
                x: f64::from(x),
                y: f64::from(y),
                text: describe(entry, p, class),
            });
        } else {
            let (x, y) = chart.backend_coord(&at(i, top / 2.0));
            hits.push(Hit {
                x: f64::from(x),
                y: f64::from(y),
                text: describe(entry, p, None),
            });
        }
    }
    // Left to right for the arrow keys, notes beside their periods.
    hits.extend(note_hits);
    crate::model::sort::sort_by(&mut hits, |a, b| a.x.total_cmp(&b.x));
    root.present()?;
    Ok(hits)
}

/// Horizontal bars, best first, with 95% intervals; the home area in blue and
/// named "(your area)", the peer mean as a dashed line.
pub fn draw_peer_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    detail: &MeasureDetail,
    scale: f64,
) -> Result<Vec<Hit>, DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| ("sans-serif", size * scale).into_font();
    root.fill(&WHITE)?;
    let figures = &detail.figures;
    let n = figures.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let e = &detail.entry;
    let max = figures
        .iter()
        .map(|f| f.interval.map_or(f.value, |i| i.upper.max(f.value)))
        .chain(detail.national)
        .fold(0.0, f64::max);
    let right = axis_top(max);
    // Drawn bottom-up, so the best (first) ends on top.
    let names: Vec<String> = figures
        .iter()
        .rev()
        .map(|f| {
            if f.home {
                format!("{} (your area)", f.area)
            } else {
                f.area.clone()
            }
        })
        .collect();
    let mut chart = ChartBuilder::on(root)
        .margin(px(10.0))
        .x_label_area_size(px(30.0))
        .y_label_area_size(px(150.0))
        .build_cartesian_2d(0f64..right, (0..n as i32 - 1).into_segmented())?;
    // Counts are compared as rates per 1,000 residents.
    let (kind, unit) = (detail.compare_kind, detail.compare_unit.clone());
    // As many value labels as fit side by side without touching ("2,0004,000").
    let (width, _) = root.dim_in_pixel();
    let label = format_value(right, kind, unit.as_deref()).chars().count() as f64;
    let plot = f64::from(width) - 170.0 * scale;
    let x_labels = ((plot / ((label * 8.0 + 28.0) * scale)).floor() as usize).clamp(2, 6);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| super::category_label(&names, v))
        .x_label_formatter(&|v| format_value(*v, kind, unit.as_deref()))
        .x_labels(x_labels)
        .label_style(font(13.0))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
        .axis_style(MUTED.stroke_width(px(1.0).max(1) as u32))
        .draw()?;
    let mut hits = Vec::new();
    let gap = px(6.0).max(1) as u32;
    let whisker = INK.stroke_width(px(2.0).max(1) as u32);
    for (i, f) in figures.iter().enumerate() {
        let row = (n - 1 - i) as i32;
        let colour = if f.home { HOME } else { COMMON };
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(row)),
                (f.value, SegmentValue::Exact(row + 1)),
            ],
            colour.filled(),
        );
        bar.set_margin(gap, gap, 0, 0);
        chart.draw_series(std::iter::once(bar))?;
        let centre = SegmentValue::CenterOf(row);
        let cap = px(6.0);
        if let Some(ci) = f.interval {
            chart.draw_series(std::iter::once(PathElement::new(
                [(ci.lower, centre.clone()), (ci.upper, centre.clone())],
                whisker,
            )))?;
            for x in [ci.lower, ci.upper] {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x, centre.clone()))
                        + PathElement::new([(0, -cap), (0, cap)], whisker),
                ))?;
            }
        }
        let (x, y) = chart.backend_coord(&(f.value, centre));
        let show = |v: f64| detail.show_compared(v);
        let mut text = format!("{}: {}", names[n - 1 - i], show(f.value));
        if let (Some(count), Some(people)) = (f.count, f.residents) {
            text.push_str(&format!(
                " per 1,000 residents ({} among {} people)",
                format_value(count, e.kind, None),
                crate::ingest::group(people.round() as u64)
            ));
        }
        if let Some(ci) = f.interval {
            text.push_str(&format!(
                " (95% interval {} to {})",
                show(ci.lower),
                show(ci.upper)
            ));
        }
        hits.push(Hit {
            x: f64::from(x),
            y: f64::from(y),
            text,
        });
    }
    if let Some(p) = &e.peers {
        let mean = p.peer_mean;
        chart.draw_series(DashedLineSeries::new(
            [
                (mean, SegmentValue::Exact(0)),
                (mean, SegmentValue::Exact(n as i32)),
            ],
            px(6.0),
            px(4.0),
            RGBColor(0x9E, 0x00, 0x59).stroke_width(px(2.0) as u32),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("Peer mean {}", format_value(mean, kind, unit.as_deref())),
            (mean, SegmentValue::Exact(0)),
            font(12.0)
                .color(&RGBColor(0x9E, 0x00, 0x59))
                .pos(Pos::new(HPos::Left, VPos::Bottom)),
        )))?;
    }
    if let Some(national) = detail.national {
        // Solid and dark, where the peer mean is dashed and magenta: told
        // apart by more than colour, and named at the top of the line.
        chart.draw_series(std::iter::once(PathElement::new(
            [
                (national, SegmentValue::Exact(0)),
                (national, SegmentValue::Exact(n as i32)),
            ],
            INK.stroke_width(px(2.0).max(1) as u32),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format!(
                "England and Wales {}",
                format_value(national, kind, unit.as_deref())
            ),
            (national, SegmentValue::Exact(n as i32)),
            font(12.0).color(&INK).pos(Pos::new(HPos::Left, VPos::Top)),
        )))?;
    }
    root.present()?;
    Ok(hits)
}

/// Each area's proportion against its denominator, with 95% (dashed) and
/// 99.8% (solid) limits around the group's proportion.
pub fn draw_funnel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    funnel: &Funnel,
    kind: Kind,
    unit: Option<String>,
    scale: f64,
) -> Result<Vec<Hit>, DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| ("sans-serif", size * scale).into_font();
    root.fill(&WHITE)?;
    let right = funnel.curve.last().map_or(1.0, |(x, _)| *x);
    let max_y = funnel
        .points
        .iter()
        .map(|p| p.3)
        .chain(funnel.curve.iter().map(|(_, l)| l.upper_95))
        .fold(0.0, f64::max);
    let top = axis_top(max_y);
    let x_desc = format!("Denominator ({})", funnel.x_label);
    let mut chart = ChartBuilder::on(root)
        .margin(px(10.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(0f64..right, 0f64..top)?;
    chart
        .configure_mesh()
        .x_desc(x_desc.as_str())
        .x_label_formatter(&|v| crate::ingest::group(v.round().max(0.0) as u64))
        .y_label_formatter(&|v| format_value(*v, kind, unit.as_deref()))
        .label_style(font(13.0))
        .axis_desc_style(font(13.0))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
        .axis_style(MUTED.stroke_width(px(1.0).max(1) as u32))
        .draw()?;
    let thin = MUTED.stroke_width(px(1.5).max(1) as u32);
    let clip = |y: f64| y.clamp(0.0, top);
    type Pick = fn(&crate::analysis::peers::FunnelLimits) -> f64;
    let lines: [(Pick, bool); 4] = [
        (|l| l.lower_95, true),
        (|l| l.upper_95, true),
        (|l| l.lower_998, false),
        (|l| l.upper_998, false),
    ];
    for (pick, dashed) in lines {
        let points: Vec<(f64, f64)> = funnel
            .curve
            .iter()
            .map(|(x, l)| (*x, clip(pick(l))))
            .collect();
        if dashed {
            chart.draw_series(DashedLineSeries::new(points, px(6.0), px(4.0), thin))?;
        } else {
            chart.draw_series(std::iter::once(PathElement::new(points, thin)))?;
        }
    }
    chart.draw_series(std::iter::once(PathElement::new(
        [(0.0, funnel.centre), (right, funnel.centre)],
        RGBColor(0x9E, 0x00, 0x59).stroke_width(px(2.0) as u32),
    )))?;
    let mut hits = Vec::new();
    let s = px(5.0).max(2);
    for (d, area, home, value) in &funnel.points {
        let c = (*d, *value);
        let (colour, label) = if *home {
            (HOME, format!("{area} (your area)"))
        } else {
            (MUTED, area.clone())
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at(c)
                + Circle::new((0, 0), s, colour.filled())
                + Text::new(
                    label.clone(),
                    (s + 2, -s),
                    font(12.0)
                        .color(&INK)
                        .pos(Pos::new(HPos::Left, VPos::Bottom)),
                ),
        ))?;
        let (x, y) = chart.backend_coord(&c);
        hits.push(Hit {
            x: f64::from(x),
            y: f64::from(y),
            text: format!(
                "{label}: {} of {} {}",
                format_value(*value, kind, unit.as_deref()),
                crate::ingest::group(d.round() as u64),
                funnel.x_label
            ),
        });
    }
    root.present()?;
    Ok(hits)
}
