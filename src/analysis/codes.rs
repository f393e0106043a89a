//! One table of successor codes: which local-authority codes replaced which
//! (`data/successor-codes.csv`, from ONS's code history for England and
//! Wales since 2009). Lists that use current codes (ONS similar areas, 2023)
//! meet tables that use earlier ones (the built-in mid-2019 populations, Home
//! Office and police.uk files): Barnsley is E08000038 now and was E08000016,
//! and North Yorkshire (E06000065) replaced seven districts in 2023.

use std::collections::BTreeMap;

const TABLE: &str = include_str!("../../data/successor-codes.csv");

/// An earlier authority that a current one replaced, wholly or in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predecessor {
    pub code: String,
    pub name: String,
    /// "2023-04": when the change took effect.
    pub from: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Successors {
    /// Current code → the codes it replaced directly.
    replaced: BTreeMap<String, Vec<Predecessor>>,
}

impl Successors {
    /// The built-in table (parsed once).
    pub fn built_in() -> &'static Successors {
        static TABLE_ONCE: std::sync::OnceLock<Successors> = std::sync::OnceLock::new();
        TABLE_ONCE.get_or_init(|| Successors::parse(TABLE))
    }

    fn parse(text: &str) -> Successors {
        let mut replaced: BTreeMap<String, Vec<Predecessor>> = BTreeMap::new();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records().filter_map(Result::ok) {
            let (Some(code), Some(from_code), Some(from_name), Some(from)) =
                (record.get(0), record.get(2), record.get(3), record.get(4))
            else {
                continue;
            };
            replaced
                .entry(code.to_string())
                .or_default()
                .push(Predecessor {
                    code: from_code.to_string(),
                    name: from_name.to_string(),
                    from: from.to_string(),
                });
        }
        Successors { replaced }
    }

    /// The earliest authorities that `code` stands for, following chains
    /// (Somerset 2023 ← Somerset West and Taunton 2019 ← Taunton Deane):
    /// those for which `known` is true stop the walk. Empty when `code`
    /// replaced nothing.
    pub fn predecessors(&self, code: &str, known: &dyn Fn(&str) -> bool) -> Vec<Predecessor> {
        let mut out = Vec::new();
        let Some(direct) = self.replaced.get(code) else {
            return out;
        };
        for p in direct {
            if known(&p.code) || !self.replaced.contains_key(&p.code) {
                out.push(p.clone());
            } else {
                out.extend(self.predecessors(&p.code, known));
            }
        }
        out
    }

    /// True when `code` is a code change only (one predecessor, same name):
    /// the same authority, as Barnsley E08000016 → E08000038.
    pub fn is_renumbering(&self, code: &str, name: &str) -> bool {
        matches!(self.replaced.get(code).map(Vec::as_slice),
            Some([only]) if crate::analysis::population::normalise(&only.name)
                == crate::analysis::population::normalise(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_are_followed_to_known_codes() {
        let s = Successors::built_in();
        let none = |_: &str| false;
        let somerset: Vec<String> = s
            .predecessors("E06000066", &none)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            somerset,
            [
                "Mendip",
                "Sedgemoor",
                "South Somerset",
                "Taunton Deane",
                "West Somerset"
            ]
        );
        // Somerset West and Taunton is itself known to a mid-2019 table.
        let known = |c: &str| c == "E07000246";
        assert_eq!(s.predecessors("E06000066", &known).len(), 4);
        assert!(s.is_renumbering("E08000038", "Barnsley"));
        assert!(!s.is_renumbering("E06000065", "North Yorkshire"));
        assert!(s.predecessors("E08000018", &none).is_empty());
    }
}
