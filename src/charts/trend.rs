//! The monthly trend chart, drawn on any plotters backend: canvas in the browser,
//! SVG in native tests (and later for export), so what is tested is what is shown.

use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analysis::monthly::MonthlyTable;
use crate::ingest::group;

/// Marker shapes, so series can be told apart without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}

impl Shape {
    /// The shape's name, for the HTML legend's text alternative.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::Triangle => "triangle",
            Shape::Diamond => "diamond",
            Shape::Cross => "cross",
        }
    }
}

/// How series `index` is drawn. Colours are from the Okabe-Ito colour-blind-safe
/// set, darkened where needed to reach 3:1 contrast on white (WCAG 1.4.11); the
/// headline series is near-black.
pub fn series_style(index: usize) -> (RGBColor, Shape) {
    const COLOURS: [RGBColor; 6] = [
        RGBColor(0x1D, 0x1D, 0x1B),
        RGBColor(0x00, 0x72, 0xB2),
        RGBColor(0xC4, 0x4E, 0x00),
        RGBColor(0x00, 0x7A, 0x5A),
        RGBColor(0xA2, 0x39, 0x7A),
        RGBColor(0x6A, 0x3D, 0x9A),
    ];
    const SHAPES: [Shape; 5] = [
        Shape::Circle,
        Shape::Square,
        Shape::Triangle,
        Shape::Diamond,
        Shape::Cross,
    ];
    (COLOURS[index % COLOURS.len()], SHAPES[index % SHAPES.len()])
}

/// "#1D1D1B", for the HTML legend to match the drawing.
pub fn css_colour(colour: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

/// Text drawn in each missing month, so a gap is labelled and not just blank.
pub const GAP_LABEL: &str = "No data";

/// Runs of consecutive months with data: each is drawn as its own line, so a
/// missing month breaks the line instead of being bridged or drawn as zero.
fn runs(values: &[Option<u64>]) -> Vec<Vec<(usize, u64)>> {
    let mut out: Vec<Vec<(usize, u64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((i, *v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A y-axis top a little above the largest value, rounded up to a half power of
/// ten (800, 2,500), so the top tick is a readable number.
fn axis_top(max: u64) -> f64 {
    let target = (max as f64 * 1.08).max(1.0);
    let step = 10f64.powf(target.log10().floor()) / 2.0;
    (target / step).ceil() * step
}

/// Draws `table` onto `root`. `scale` multiplies every size in pixels (fonts,
/// lines, margins) so the same chart is sharp on a high-density screen, where the
/// canvas has `devicePixelRatio` pixels per CSS pixel.
pub fn draw_trend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    table: &MonthlyTable,
    scale: f64,
) -> Result<Vec<super::Hit>, DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| ("sans-serif", size * scale).into_font();
    root.fill(&WHITE)?;
    let n = table.months.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let max = table
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    let top = axis_top(max);
    let (width, _) = root.dim_in_pixel();
    // One label per month when there is room, fewer on a narrow screen.
    let label_room = (f64::from(width) / (56.0 * scale)).floor().max(2.0) as usize;

    let labels: Vec<String> = table.months.iter().map(|m| m.short_name()).collect();
    let mut chart = ChartBuilder::on(root)
        .margin(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0f64..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(label_room))
        .x_label_formatter(&|v| super::category_label(&labels, v))
        .y_label_formatter(&|v| group(v.round().max(0.0) as u64))
        .y_desc("Crimes per month")
        .label_style(font(13.0))
        .axis_desc_style(font(13.0))
        .y_labels(6)
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
        .axis_style(RGBColor(0x50, 0x50, 0x50).stroke_width(px(1.0).max(1) as u32))
        .draw()?;

    let gap_text = font(12.0)
        .color(&RGBColor(0x40, 0x40, 0x40))
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, _) in table.series[0]
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_none())
    {
        let i = i as i32;
        chart.draw_series(std::iter::once(Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), top),
            ],
            RGBColor(0xEE, 0xEE, 0xEE).filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            GAP_LABEL,
            (SegmentValue::CenterOf(i), top * 0.97),
            gap_text.clone(),
        )))?;
    }

    for (index, series) in table.series.iter().enumerate() {
        let (colour, shape) = series_style(index);
        let line_width = if index == 0 { 2.5 } else { 2.0 };
        for run in runs(&series.values) {
            let at = |&(i, v): &(usize, u64)| (SegmentValue::CenterOf(i as i32), v as f64);
            chart.draw_series(LineSeries::new(
                run.iter().map(at),
                colour.stroke_width(px(line_width).max(1) as u32),
            ))?;
            let s = px(4.0).max(2);
            let big = s + s / 3;
            let filled = colour.filled();
            let points = run.iter().map(at);
            // One arm per shape: each composes a different element type.
            match shape {
                Shape::Circle => {
                    chart.draw_series(
                        points.map(|c| EmptyElement::at(c) + Circle::new((0, 0), s, filled)),
                    )?;
                }
                Shape::Square => {
                    chart.draw_series(points.map(|c| {
                        EmptyElement::at(c) + Rectangle::new([(-s, -s), (s, s)], filled)
                    }))?;
                }
                Shape::Triangle => {
                    chart.draw_series(points.map(|c| {
                        EmptyElement::at(c)
                            + Polygon::new(vec![(0, -big), (big, big), (-big, big)], filled)
                    }))?;
                }
                Shape::Diamond => {
                    chart.draw_series(points.map(|c| {
                        EmptyElement::at(c)
                            + Polygon::new(vec![(0, -big), (big, 0), (0, big), (-big, 0)], filled)
                    }))?;
                }
                Shape::Cross => {
                    let stroke = colour.stroke_width(px(2.0).max(1) as u32);
                    chart.draw_series(
                        points.map(|c| EmptyElement::at(c) + Cross::new((0, 0), s, stroke)),
                    )?;
                }
            }
        }
    }
    // One tooltip per month, over the headline series, naming every series.
    let mut hits = Vec::new();
    for (i, month) in table.months.iter().enumerate() {
        let parts: Vec<String> = table
            .series
            .iter()
            .map(|s| match s.values.get(i).copied().flatten() {
                Some(v) => format!("{} {}", s.name, group(v)),
                None => format!("{} no data", s.name),
            })
            .collect();
        let y = table.series[0]
            .values
            .get(i)
            .copied()
            .flatten()
            .map_or(top / 2.0, |v| v as f64);
        let (x, y) = chart.backend_coord(&(SegmentValue::CenterOf(i as i32), y));
        hits.push(super::Hit {
            x: f64::from(x),
            y: f64::from(y),
            text: format!("{}: {}", month.short_name(), parts.join("; ")),
        });
    }
    root.present()?;
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::monthly::{MonthlyTable, Series};
    use crate::model::Month;

    fn table(values: Vec<Option<u64>>, extra: Option<Vec<Option<u64>>>) -> MonthlyTable {
        let first = Month::parse_iso("2019-04").unwrap();
        let months: Vec<Month> = std::iter::successors(Some(first), |m| Some(m.next()))
            .take(values.len())
            .collect();
        let mut series = vec![Series {
            name: "Total".into(),
            values,
        }];
        if let Some(values) = extra {
            series.push(Series {
                name: "Burglary".into(),
                values,
            });
        }
        MonthlyTable {
            council: "R".into(),
            months,
            series,
        }
    }

    fn svg(table: &MonthlyTable) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (800, 400)).into_drawing_area();
            draw_trend(&root, table, 1.0).unwrap();
        }
        out
    }

    fn polylines_in(svg: &str, colour: RGBColor) -> usize {
        let stroke = format!("stroke=\"{}\"", css_colour(colour));
        svg.lines()
            .filter(|l| l.contains("<polyline") && l.contains(&stroke))
            .count()
    }

    #[test]
    fn a_missing_month_breaks_the_line_and_is_labelled() {
        let t = table(
            vec![Some(1972), Some(2141), Some(1970), None, Some(2166)],
            Some(vec![Some(210), Some(200), Some(138), None, Some(179)]),
        );
        let out = svg(&t);
        assert_eq!(out.matches(GAP_LABEL).count(), 1, "one gap label");
        assert_eq!(
            polylines_in(&out, series_style(0).0),
            2,
            "total drawn in two runs"
        );
        assert_eq!(
            polylines_in(&out, series_style(1).0),
            2,
            "burglary in two runs"
        );
        for label in ["Apr 19", "May 19", "Jun 19", "Jul 19", "Aug 19"] {
            assert!(out.contains(label), "axis label {label}");
        }
        assert!(!out.contains("Sep 19"), "no label past the data");
    }

    #[test]
    fn a_complete_series_is_one_line_with_no_gap_label() {
        let out = svg(&table(vec![Some(5), Some(0), Some(7)], None));
        assert_eq!(out.matches(GAP_LABEL).count(), 0);
        assert_eq!(polylines_in(&out, series_style(0).0), 1);
    }

    #[test]
    fn runs_split_at_gaps() {
        assert_eq!(
            runs(&[None, Some(1), Some(2), None, None, Some(3)]),
            vec![vec![(1, 1), (2, 2)], vec![(5, 3)]]
        );
        assert!(runs(&[None, None]).is_empty());
    }

    #[test]
    fn axis_top_is_above_the_maximum_and_round() {
        for (max, top) in [
            (0, 1.0),
            (1972, 2500.0),
            (2258, 2500.0),
            (708, 800.0),
            (9, 10.0),
        ] {
            assert_eq!(axis_top(max), top, "max {max}");
        }
    }

    #[test]
    fn empty_table_draws_without_error() {
        let out = svg(&table(vec![], None));
        assert!(out.contains("<svg"));
    }
}
