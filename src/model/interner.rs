//! Dictionary encoding for low-cardinality text (areas, crime types): each distinct
//! string is stored once and rows refer to it by a small integer.

use rustc_hash::FxHashMap;

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Interner {
    names: Vec<String>,
    ids: FxHashMap<String, u32>,
}

impl Interner {
    /// The id for `name`, adding it if new. Looking up an existing name allocates nothing.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        // u32 is ample: a file has at most a few thousand distinct areas or types.
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    pub fn id(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

impl From<Vec<String>> for Interner {
    fn from(names: Vec<String>) -> Interner {
        let mut interner = Interner::default();
        for name in names {
            // Keeps positions even if a hand-edited list repeats a name.
            let id = interner.names.len() as u32;
            interner.ids.entry(name.clone()).or_insert(id);
            interner.names.push(name);
        }
        interner
    }
}

impl From<Interner> for Vec<String> {
    fn from(interner: Interner) -> Vec<String> {
        interner.names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_same_id() {
        let mut i = Interner::default();
        let a = i.intern("Burglary");
        let b = i.intern("Drugs");
        assert_ne!(a, b);
        assert_eq!(i.intern("Burglary"), a);
        assert_eq!(i.name(b), "Drugs");
        assert_eq!(i.id("Drugs"), Some(b));
        assert_eq!(i.id("Robbery"), None);
        assert_eq!(i.len(), 2);
    }
}
