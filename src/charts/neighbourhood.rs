//! The neighbourhood maps, with no tiles and no fonts from the network: the
//! House of Commons Library's hex cartogram of a council's MSOAs, and hot
//! spots as hexagons over the crimes' own coordinates. Both use one
//! colour-blind-safe sequential scale (viridis, light to dark), and write
//! each hexagon's value on it where it fits, so colour is never the only way
//! to read a value.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::Hit;
use crate::analysis::neighbourhoods::{HotSpots, Neighbourhoods, Unit, LICENCE};
use crate::ingest::group;

/// Five viridis classes, low to high.
pub const SCALE: [RGBColor; 5] = [
    RGBColor(0xFD, 0xE7, 0x25),
    RGBColor(0x5E, 0xC9, 0x62),
    RGBColor(0x21, 0x91, 0x8C),
    RGBColor(0x3B, 0x52, 0x8B),
    RGBColor(0x44, 0x01, 0x54),
];
const INK: RGBColor = RGBColor(0x1D, 0x1D, 0x1B);
const EDGE: RGBColor = RGBColor(0x60, 0x60, 0x60);
const FOOTPRINT: RGBColor = RGBColor(0xD0, 0xD0, 0xD0);
const LEGEND_HEIGHT: f64 = 64.0;

/// Class upper bounds: the quintiles of the values (nearest rank), so each
/// colour holds about a fifth of the hexagons however skewed the counts are;
/// the last is the largest value.
pub fn classes(values: &[f64]) -> [f64; 5] {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    crate::model::sort::sort_by(&mut sorted, f64::total_cmp);
    if sorted.is_empty() {
        return [1.0, 2.0, 3.0, 4.0, 5.0];
    }
    std::array::from_fn(|i| {
        let rank = ((sorted.len() as f64) * (i as f64 + 1.0) / 5.0).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    })
}

/// Class upper bounds by the records they hold: each colour holds about a
/// fifth of all the records, so the darkest are the few hexagons where the
/// busiest fifth of crime happens (the hot spots), not a fifth of hexagons.
pub fn weighted_classes(values: &[f64]) -> [f64; 5] {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    crate::model::sort::sort_by(&mut sorted, f64::total_cmp);
    let total: f64 = sorted.iter().sum();
    if sorted.is_empty() || total <= 0.0 {
        return classes(values);
    }
    let mut bounds = [0.0; 5];
    let mut running = 0.0;
    let mut class = 0;
    for v in &sorted {
        running += v;
        while class < 4 && running >= total * (class as f64 + 1.0) / 5.0 {
            bounds[class] = *v;
            class += 1;
        }
    }
    bounds[4] = *sorted.last().unwrap_or(&0.0);
    for i in class..4 {
        bounds[i] = bounds[4];
    }
    bounds
}

pub fn class_of(value: f64, bounds: &[f64; 5]) -> usize {
    bounds.iter().position(|b| value <= *b).unwrap_or(4)
}

/// Dark classes take white text.
fn text_colour(class: usize) -> RGBColor {
    if class >= 2 {
        WHITE
    } else {
        INK
    }
}

fn hexagon(cx: f64, cy: f64, radius: f64) -> Vec<(i32, i32)> {
    (0..6)
        .map(|i| {
            // Pointy-topped: corners at 30°, 90°, …
            let a = std::f64::consts::PI / 180.0 * (60.0 * i as f64 + 30.0);
            (
                (cx + radius * a.cos()).round() as i32,
                (cy + radius * a.sin()).round() as i32,
            )
        })
        .collect()
}

/// A neighbourhood's place on the cartogram, in hex widths: even-r rows sit
/// half a hex to the right; rows run south to north.
fn position(q: i32, r: i32) -> (f64, f64) {
    let shift = if r.rem_euclid(2) == 0 { 0.5 } else { 0.0 };
    (f64::from(q) + shift, f64::from(r) * 3f64.sqrt() / 2.0)
}

/// The map's neighbourhoods in reading order, north to south and west to
/// east: the order the arrow keys move in. Indexes into `view.neighbourhoods`.
pub fn reading_order(view: &Neighbourhoods) -> Vec<usize> {
    let mut order: Vec<(usize, (f64, f64))> = view
        .neighbourhoods
        .iter()
        .enumerate()
        .filter_map(|(i, u)| u.hex.map(|(q, r)| (i, position(q, r))))
        .collect();
    crate::model::sort::sort_by(&mut order, |a, b| {
        b.1 .1.total_cmp(&a.1 .1).then(a.1 .0.total_cmp(&b.1 .0))
    });
    order.into_iter().map(|(i, _)| i).collect()
}

fn bounds(view: &Neighbourhoods) -> Option<((f64, f64), (f64, f64))> {
    let points: Vec<(f64, f64)> = view
        .neighbourhoods
        .iter()
        .filter_map(|u| u.hex.map(|(q, r)| position(q, r)))
        .collect();
    let first = *points.first()?;
    Some(
        points
            .iter()
            .fold((first, first), |((x0, y0), (x1, y1)), (x, y)| {
                ((x0.min(*x), y0.min(*y)), (x1.max(*x), y1.max(*y)))
            }),
    )
}

/// Height for a width: the cartogram's own shape, plus the legend.
pub fn hex_map_height(view: &Neighbourhoods, width: f64) -> f64 {
    let Some(((x0, y0), (x1, y1))) = bounds(view) else {
        return 200.0;
    };
    let (w, h) = (x1 - x0 + 1.0, y1 - y0 + 1.2);
    (width * h / w + LEGEND_HEIGHT).clamp(240.0, 640.0)
}

/// What a neighbourhood's hexagon says, read out and shown on hover.
pub fn unit_words(view: &Neighbourhoods, u: &Unit) -> String {
    let what = view
        .measure
        .strip_prefix("Crimes: ")
        .unwrap_or(&view.measure)
        .to_lowercase();
    let mut out = format!("{}: ", u.label());
    match u.count {
        Some(n) => out.push_str(&format!("{} {what}", group(n as u64))),
        None => out.push_str("no figure"),
    }
    if let Some(share) = u.share {
        out.push_str(&format!(", {share:.1}% of {}", view.council));
    }
    if let Some(rate) = u.rate {
        out.push_str(&format!(", {rate:.1} per 1,000 residents"));
    }
    if let Some(p) = u.change().and_then(|c| c.percent) {
        out.push_str(&format!(", {p:+.1}% on the year before"));
    }
    out.push_str(&format!(" ({})", u.status.to_lowercase()));
    out
}

fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    bounds: &[f64; 5],
    title: &str,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| ("sans-serif", size * scale).into_font();
    let (_, height) = root.dim_in_pixel();
    let top = height as i32 - px(LEGEND_HEIGHT) + px(8.0);
    root.draw(&Text::new(
        title.to_string(),
        (px(10.0), top),
        font(12.0).color(&INK),
    ))?;
    let mut x = px(10.0);
    let mut low = -1.0;
    for (i, high) in bounds.iter().enumerate() {
        // A class the one below already ends at holds nothing.
        if *high <= low {
            continue;
        }
        let y = top + px(20.0);
        root.draw(&Rectangle::new(
            [(x, y), (x + px(18.0), y + px(18.0))],
            SCALE[i].filled(),
        ))?;
        root.draw(&Rectangle::new(
            [(x, y), (x + px(18.0), y + px(18.0))],
            EDGE.stroke_width(1),
        ))?;
        let from = if i == 0 { 0 } else { low as u64 + 1 };
        let label = if from == *high as u64 {
            group(from)
        } else {
            format!("{} to {}", group(from), group(*high as u64))
        };
        root.draw(&Text::new(
            label.clone(),
            (x + px(22.0), y + px(3.0)),
            font(12.0).color(&INK),
        ))?;
        x += px(30.0) + px(7.0 * label.chars().count() as f64);
        low = *high;
    }
    Ok(())
}

/// Draws the council's neighbourhoods as the cartogram's hexagons, coloured
/// by count, with the count written on each; `chosen` (an MSOA code) gets a
/// heavy outline.
pub fn draw_hex_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    view: &Neighbourhoods,
    chosen: Option<&str>,
    scale: f64,
) -> Result<Vec<Hit>, DrawingAreaErrorKind<DB::ErrorType>> {
    let font = |size: f64| ("sans-serif", size * scale).into_font();
    root.fill(&WHITE)?;
    let Some(((x0, y0), (x1, y1))) = bounds(view) else {
        return Ok(Vec::new());
    };
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (f64::from(width), f64::from(height) - LEGEND_HEIGHT * scale);
    // Pixels per hex width, fitting both ways with half a hex to spare.
    let unit = (width / (x1 - x0 + 1.0)).min(height / (y1 - y0 + 1.2));
    let radius = unit / 3f64.sqrt();
    let left = (width - (x1 - x0) * unit) / 2.0;
    let top = (height - (y1 - y0) * unit) / 2.0;
    let to_px = |(x, y): (f64, f64)| (left + (x - x0) * unit, top + (y1 - y) * unit);
    let counts: Vec<f64> = view.neighbourhoods.iter().filter_map(|u| u.count).collect();
    let bounds5 = classes(&counts);
    let mut hits = Vec::new();
    for i in reading_order(view) {
        let u = &view.neighbourhoods[i];
        let Some((q, r)) = u.hex else { continue };
        let (cx, cy) = to_px(position(q, r));
        let corners = hexagon(cx, cy, radius * 0.96);
        let class = u.count.map(|n| class_of(n, &bounds5));
        let fill = class.map_or(WHITE, |c| SCALE[c]);
        root.draw(&Polygon::new(corners.clone(), fill.filled()))?;
        let mut outline = corners.clone();
        outline.push(corners[0]);
        let is_chosen = chosen == Some(u.code.as_str());
        let stroke = if is_chosen {
            INK.stroke_width((3.5 * scale).round().max(2.0) as u32)
        } else {
            EDGE.stroke_width(scale.round().max(1.0) as u32)
        };
        root.draw(&PathElement::new(outline, stroke))?;
        if radius >= 13.0 * scale {
            if let Some(n) = u.count {
                let size = (radius / scale * 0.55).clamp(9.0, 14.0);
                root.draw(&Text::new(
                    group(n as u64),
                    (cx.round() as i32, cy.round() as i32),
                    font(size)
                        .color(&text_colour(class.unwrap_or(0)))
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))?;
            }
        }
        hits.push(Hit {
            x: cx,
            y: cy,
            text: unit_words(view, u),
        });
    }
    let what = view
        .measure
        .strip_prefix("Crimes: ")
        .unwrap_or(&view.measure);
    legend(root, &bounds5, &format!("{what}, {}", view.period), scale)?;
    let (_, full) = root.dim_in_pixel();
    root.draw(&Text::new(
        "Hexes: House of Commons Library, Open Parliament Licence v3.0".to_string(),
        (
            (width - 8.0 * scale) as i32,
            full as i32 - (6.0 * scale) as i32,
        ),
        font(10.0)
            .color(&RGBColor(0x50, 0x50, 0x50))
            .pos(Pos::new(HPos::Right, VPos::Bottom)),
    ))?;
    let _ = LICENCE;
    Ok(hits)
}

/// Height for a width: the council's own shape, plus the legend.
pub fn hot_spot_height(spots: &HotSpots, width: f64) -> f64 {
    let ((_, _), (w, h)) = spots.bounds;
    if w <= 0.0 {
        return 300.0;
    }
    (width * h / w + LEGEND_HEIGHT).clamp(240.0, 640.0)
}

/// How many hot spots are numbered, listed and reachable by keyboard.
pub const NUMBERED: usize = 10;

/// Draws the council's footprint (every grid square where anything was
/// recorded) in pale grey, the hot-spot hexagons over it by count, and
/// numbers on the busiest ten.
pub fn draw_hot_spots<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spots: &HotSpots,
    title: &str,
    scale: f64,
) -> Result<Vec<Hit>, DrawingAreaErrorKind<DB::ErrorType>> {
    let font = |size: f64| ("sans-serif", size * scale).into_font();
    root.fill(&WHITE)?;
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (f64::from(width), f64::from(height) - LEGEND_HEIGHT * scale);
    let ((_, _), (w, h)) = spots.bounds;
    let pad = spots.radius_km;
    let unit = (width / (w + 2.0 * pad)).min(height / (h + 2.0 * pad));
    let left = (width - w * unit) / 2.0;
    let top = (height - h * unit) / 2.0;
    let to_px = |(x, y): (f64, f64)| (left + x * unit, top + (h - y) * unit);
    let dot = (unit * 0.12).max(1.0);
    for p in &spots.footprint {
        let (x, y) = to_px(*p);
        root.draw(&Rectangle::new(
            [
                ((x - dot).round() as i32, (y - dot).round() as i32),
                ((x + dot).round() as i32, (y + dot).round() as i32),
            ],
            FOOTPRINT.filled(),
        ))?;
    }
    let counts: Vec<f64> = spots.spots.iter().map(|s| s.count as f64).collect();
    let bounds5 = weighted_classes(&counts);
    let radius = spots.radius_km * unit;
    // Quietest first, so the busiest are drawn on top.
    for s in spots.spots.iter().rev() {
        let (cx, cy) = to_px((s.x, s.y));
        let class = class_of(s.count as f64, &bounds5);
        let corners = hexagon(cx, cy, radius * 0.98);
        root.draw(&Polygon::new(
            corners.clone(),
            SCALE[class].mix(0.9).filled(),
        ))?;
        let mut outline = corners.clone();
        outline.push(corners[0]);
        root.draw(&PathElement::new(outline, WHITE.stroke_width(1)))?;
    }
    let mut hits = Vec::new();
    for (i, s) in spots.spots.iter().take(NUMBERED).enumerate() {
        let (cx, cy) = to_px((s.x, s.y));
        let class = class_of(s.count as f64, &bounds5);
        root.draw(&Text::new(
            (i + 1).to_string(),
            (cx.round() as i32, cy.round() as i32),
            font(11.0)
                .color(&text_colour(class))
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
        hits.push(Hit {
            x: cx,
            y: cy,
            text: hot_spot_words(i, s.count, s.latitude, s.longitude, spots.total),
        });
    }
    legend(root, &bounds5, title, scale)?;
    Ok(hits)
}

/// "Hot spot 1: 412 (3.2% of the total), around 53.430° N, 1.357° W".
pub fn hot_spot_words(i: usize, count: u64, latitude: f64, longitude: f64, total: u64) -> String {
    format!(
        "Hot spot {}: {} ({:.1}% of the total), around {:.3}° {}, {:.3}° {}",
        i + 1,
        group(count),
        if total > 0 {
            100.0 * count as f64 / total as f64
        } else {
            0.0
        },
        latitude.abs(),
        if latitude >= 0.0 { "N" } else { "S" },
        longitude.abs(),
        if longitude >= 0.0 { "E" } else { "W" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_quintiles_ending_at_the_largest() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        // Nearest rank: the 2nd, 4th, 6th, 8th and 10th of ten.
        assert_eq!(classes(&values), [2.0, 4.0, 6.0, 8.0, 10.0]);
        let b = classes(&[5.0, 1.0, 2739.0]);
        assert_eq!(b, [1.0, 5.0, 5.0, 2739.0, 2739.0]);
        assert_eq!(class_of(1.0, &b), 0);
        assert_eq!(class_of(5.0, &b), 1);
        assert_eq!(class_of(2739.0, &b), 3);
    }

    #[test]
    fn weighted_classes_hold_a_fifth_of_the_records_each() {
        // 100 records: one hexagon of 40, then 60 ones.
        let mut values = vec![1.0; 60];
        values.push(40.0);
        let b = weighted_classes(&values);
        // The first 20, 40 and 60 records are ones; the last two fifths are the 40.
        assert_eq!(b, [1.0, 1.0, 1.0, 40.0, 40.0]);
        assert_eq!(class_of(40.0, &b), 3);
    }

    #[test]
    fn even_rows_sit_half_a_hex_right() {
        assert_eq!(position(3, 0), (3.5, 0.0));
        assert_eq!(position(3, 1).0, 3.0);
        assert!(position(0, 2).1 > position(0, 1).1, "rows run north");
    }
}
