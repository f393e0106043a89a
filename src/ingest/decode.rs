//! The two legacy encodings a council's CSV arrives in, Windows-1252 (Excel's
//! "CSV" on UK Windows) and UTF-16 (Excel's "Unicode text"), decoded to UTF-8.
//!
//! Why not `encoding_rs`, which the tests still use as the reference: every
//! decoder it makes goes through one dispatch over all the encodings it knows,
//! so asking for Windows-1252 or UTF-16 linked its Chinese, Japanese and
//! Korean tables (about 125 KB of data and 41 KB of code) into the ingestion
//! worker that every visitor downloads. Both decoders below are checked
//! against `encoding_rs` byte for byte.

/// What Windows-1252 puts at 0x80-0x9F; every other byte is its Latin-1
/// code point. The five bytes Windows leaves unassigned decode to the C1
/// control of the same number, as the WHATWG Encoding Standard says.
const HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Bytes read as Windows-1252, which assigns a character to every byte.
pub fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// UTF-16 arriving in pieces cut anywhere: between the two bytes of a unit or
/// the two units of a surrogate pair. Unpaired surrogates and a lone last
/// byte become U+FFFD, as in `encoding_rs`.
pub struct Utf16Decoder {
    big_endian: bool,
    odd_byte: Option<u8>,
    high_surrogate: Option<u16>,
}

impl Utf16Decoder {
    pub fn new(big_endian: bool) -> Utf16Decoder {
        Utf16Decoder {
            big_endian,
            odd_byte: None,
            high_surrogate: None,
        }
    }

    /// The UTF-8 for `input`; with `last`, whatever was left pending too.
    pub fn decode(&mut self, input: &[u8], last: bool) -> Vec<u8> {
        let mut out = String::with_capacity(input.len() / 2 * 3 + 8);
        let mut rest = input;
        if let Some(first) = self.odd_byte {
            if let Some((&second, tail)) = rest.split_first() {
                self.odd_byte = None;
                self.unit(self.join(first, second), &mut out);
                rest = tail;
            }
        }
        let mut pairs = rest.chunks_exact(2);
        for pair in &mut pairs {
            self.unit(self.join(pair[0], pair[1]), &mut out);
        }
        if let [lone] = pairs.remainder() {
            self.odd_byte = Some(*lone);
        }
        if last {
            // A surrogate waiting for its pair and a lone byte are one
            // malformed sequence, so one replacement for both.
            if self.high_surrogate.take().is_some() | self.odd_byte.take().is_some() {
                out.push(char::REPLACEMENT_CHARACTER);
            }
        }
        out.into_bytes()
    }

    fn join(&self, first: u8, second: u8) -> u16 {
        if self.big_endian {
            u16::from_be_bytes([first, second])
        } else {
            u16::from_le_bytes([first, second])
        }
    }

    fn unit(&mut self, unit: u16, out: &mut String) {
        if let Some(high) = self.high_surrogate.take() {
            if (0xDC00..=0xDFFF).contains(&unit) {
                let code =
                    0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                return;
            }
            out.push(char::REPLACEMENT_CHARACTER);
        }
        match unit {
            0xD800..=0xDBFF => self.high_surrogate = Some(unit),
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_windows_1252_byte_decodes_as_encoding_rs_does() {
        let all: Vec<u8> = (0..=255).collect();
        let (want, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&all);
        assert_eq!(windows_1252(&all), want);
        assert_eq!(windows_1252(b"Caf\xe9 \x80 \x96 \x93\x9f"), "Café € – “Ÿ");
    }

    fn reference(bytes: &[u8], big_endian: bool) -> String {
        let encoding = if big_endian {
            encoding_rs::UTF_16BE
        } else {
            encoding_rs::UTF_16LE
        };
        encoding.decode_without_bom_handling(bytes).0.into_owned()
    }

    fn in_pieces(bytes: &[u8], big_endian: bool, cuts: &[usize]) -> String {
        let mut decoder = Utf16Decoder::new(big_endian);
        let mut out = Vec::new();
        let mut from = 0;
        for &cut in cuts {
            let cut = cut.min(bytes.len()).max(from);
            out.extend(decoder.decode(&bytes[from..cut], false));
            from = cut;
        }
        out.extend(decoder.decode(&bytes[from..], true));
        String::from_utf8(out).expect("the decoder writes UTF-8")
    }

    #[test]
    fn surrogate_pairs_cut_anywhere_join() {
        let text = "Rotherham 😀 £5\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for cut in 0..=le.len() {
            assert_eq!(in_pieces(&le, false, &[cut]), text, "cut at {cut}");
            assert_eq!(in_pieces(&be, true, &[cut]), text, "cut at {cut}");
        }
    }

    proptest! {
        /// Any bytes at all (lone surrogates, an odd last byte), cut anywhere.
        #[test]
        fn utf16_decodes_as_encoding_rs_does(
            units in proptest::collection::vec(
                prop_oneof![0u16..0x80, 0xD800u16..0xE000, any::<u16>()], 0..40),
            odd in proptest::option::of(any::<u8>()),
            big_endian in any::<bool>(),
            mut cuts in proptest::collection::vec(0usize..90, 0..5),
        ) {
            let mut bytes: Vec<u8> = units
                .iter()
                .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect();
            bytes.extend(odd);
            cuts.sort_unstable();
            prop_assert_eq!(in_pieces(&bytes, big_endian, &cuts), reference(&bytes, big_endian));
        }
    }
}
