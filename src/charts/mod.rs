//! Charts drawn with plotters, generic over the drawing backend: canvas on
//! the page, SVG in tests (and for export), so what is tested is what is shown.

pub mod measure;
pub mod neighbourhood;
pub mod trend;

use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::detail::MeasureDetail;
use crate::analysis::monthly::MonthlyTable;
use crate::analysis::neighbourhoods::{HotSpots, Neighbourhoods};
use crate::analysis::scorecard::Entry;

/// The label of a category on a segmented axis (months, periods, areas).
pub(crate) fn category_label(
    labels: &[String],
    v: &plotters::coord::ranged1d::SegmentValue<i32>,
) -> String {
    use plotters::coord::ranged1d::SegmentValue;
    match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => usize::try_from(*i)
            .ok()
            .and_then(|i| labels.get(i))
            .cloned()
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    }
}

/// Where a point was drawn, in backend pixels, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// Every chart the app draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Monthly(Rc<MonthlyTable>),
    /// A measure's trend; with a title and shared top, a small multiple.
    Trend {
        entry: Rc<Entry>,
        title: Option<String>,
        top: Option<f64>,
    },
    Peers(Rc<MeasureDetail>),
    Funnel(Rc<MeasureDetail>),
    /// A council's neighbourhoods on the hex cartogram; the chosen one (an
    /// MSOA code) outlined.
    HexMap {
        view: Rc<Neighbourhoods>,
        chosen: Option<String>,
    },
    /// Hot spots of a measure, with the legend's title.
    HotSpots {
        spots: Rc<HotSpots>,
        title: String,
    },
}

impl Chart {
    /// Height for a given width, in CSS pixels.
    pub fn height(&self, width: f64) -> f64 {
        match self {
            Chart::Peers(d) => (d.figures.len() as f64 * 44.0 + 60.0).max(160.0),
            Chart::Trend { title: Some(_), .. } => (width * 0.6).clamp(160.0, 240.0),
            Chart::HexMap { view, .. } => neighbourhood::hex_map_height(view, width),
            Chart::HotSpots { spots, .. } => neighbourhood::hot_spot_height(spots, width),
            _ => (width * 0.45).clamp(260.0, 420.0),
        }
    }

    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<Vec<Hit>, String> {
        let result = match self {
            Chart::Monthly(table) => trend::draw_trend(root, table, scale),
            Chart::Trend { entry, title, top } => {
                measure::draw_measure_trend(root, entry, title.as_deref(), *top, scale)
            }
            Chart::Peers(detail) => measure::draw_peer_bars(root, detail, scale),
            Chart::Funnel(detail) => match &detail.funnel {
                Ok(f) => measure::draw_funnel(
                    root,
                    f,
                    detail.compare_kind,
                    detail.compare_unit.clone(),
                    scale,
                ),
                Err(_) => Ok(Vec::new()),
            },
            Chart::HexMap { view, chosen } => {
                neighbourhood::draw_hex_map(root, view, chosen.as_deref(), scale)
            }
            Chart::HotSpots { spots, title } => {
                neighbourhood::draw_hot_spots(root, spots, title, scale)
            }
        };
        result.map_err(|e| format!("{e:?}"))
    }

    /// The chart as an SVG document, drawn by the same code as the canvas.
    pub fn svg(&self, width: u32) -> Result<(String, Vec<Hit>), String> {
        let height = self.height(f64::from(width)).round() as u32;
        let mut out = String::new();
        let hits = {
            let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
            self.draw(&root, 1.0)?
        };
        Ok((out, hits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::detail::measure_detail;
    use crate::analysis::measures::observations;
    use crate::analysis::periods::Granularity;
    use crate::analysis::scorecard::ScorecardOptions;
    use crate::dataset::{Dataset, LoadedFile};
    use crate::ingest::ingest_bytes;

    /// Fourteen months of a proportion, the last with a target; two peers.
    fn detail() -> MeasureDetail {
        let mut text =
            String::from("area,period,measure,numerator,denominator,unit,polarity,target\n");
        let months = crate::model::Month::range(
            crate::model::Month::parse_iso("2019-01").unwrap(),
            crate::model::Month::parse_iso("2020-02").unwrap(),
        );
        for (i, m) in months.iter().enumerate() {
            let n = if i == 13 { 90 } else { 30 + (i % 3) * 2 };
            text.push_str(&format!("Home,{m},Solved,{n},100,%,higher is better,25\n"));
        }
        text.push_str("A,2020-02,Solved,20,80,%,,\nB,2020-02,Solved,60,400,%,,\n");
        let mut d = Dataset::default();
        d.add(LoadedFile::new(0, ingest_bytes("m.csv", text.as_bytes()).remove(0)).unwrap())
            .unwrap();
        let mut options = ScorecardOptions::new("Home");
        options.peers = vec!["A".into(), "B".into()];
        options.granularity = Granularity::Month;
        measure_detail(&d, &observations(&d), &options, "Solved").unwrap()
    }

    #[test]
    fn the_trend_marks_target_limits_and_the_special_cause() {
        let d = detail();
        let chart = Chart::Trend {
            entry: Rc::new(d.entry.clone()),
            title: None,
            top: None,
        };
        let (svg, hits) = chart.svg(800).unwrap();
        assert_eq!(hits.len(), 14, "one tooltip per period");
        assert!(svg.contains("Target 25.0%"));
        // The jump to 90% is outside the limits: an improvement (higher is better).
        assert_eq!(hits[13].text, "Feb 20: 90.0%, special cause: improvement");
        // Every earlier point sits below the mean the jump pulls up: a shift,
        // which for a higher-is-better measure is a concern.
        assert_eq!(hits[0].text, "Jan 19: 30.0%, special cause: concern");
        // Points run left to right.
        assert!(hits.windows(2).all(|w| w[0].x < w[1].x));
    }

    #[test]
    fn peer_bars_and_funnel_name_every_area() {
        let d = Rc::new(detail());
        let (svg, hits) = Chart::Peers(d.clone()).svg(700).unwrap();
        let texts: Vec<&str> = hits.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts.len(), 3);
        assert!(
            texts[0].starts_with("Home (your area): 90.0% (95% interval"),
            "{}",
            texts[0]
        );
        assert!(svg.contains("Peer mean"));
        let (_, hits) = Chart::Funnel(d).svg(700).unwrap();
        assert_eq!(hits.len(), 3);
        assert!(hits.iter().any(|h| h.text == "B: 15.0% of 400 cases"));
    }
}
