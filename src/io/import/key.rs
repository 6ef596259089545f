//! Compact keys for the maps an import keeps one entry a row in (the keys seen in the file,
//! what the database pass found or created): a normalised mobile, VIN, plate, ID or RO
//! number packs into one `u128` without loss, so a map entry holds no text of its own.
//! Anything longer (a name with a landline, an RO number of more than 20 characters) keeps
//! its text.

/// What a key is of: the same text under two kinds is two keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Mobile = 1,
    IdNumber,
    NameTel,
    Vin,
    Plate,
    RoNumber,
}

/// A key: packed when it fits, else its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Packed(u128),
    Text(KeyKind, Box<str>),
}

/// Characters of 20 or fewer upper-case letters and digits, 6 bits each; else up to 15 bytes
/// and their length. The top 3 bits are the kind, the next the packing.
pub fn key(kind: KeyKind, text: &str) -> Key {
    let b = text.as_bytes();
    let top = (kind as u128) << 125;
    if b.len() <= 20
        && b.iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        let mut v = 0u128;
        for &c in b {
            let code = if c.is_ascii_digit() {
                c - b'0' + 1
            } else {
                c - b'A' + 11
            };
            v = (v << 6) | u128::from(code);
        }
        return Key::Packed(top | v);
    }
    if b.len() <= 15 {
        let mut v = 0u128;
        for &c in b {
            v = (v << 8) | u128::from(c);
        }
        return Key::Packed(top | (1 << 124) | ((b.len() as u128) << 120) | v);
    }
    Key::Text(kind, text.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_every_text_and_kind_apart() {
        let texts = [
            "",
            "0",
            "00",
            "A",
            "13812341234",
            "LSVAU2180N2000001",
            "110101199003071233",
            "11010119900307123X",
            "粤B12345",
            "粤B1234",
            "粤AD12345",
            "RO20261206000000000001",
            "ro-1",
            "RO-1",
            "12345678901234567890",
            "123456789012345678901",
        ];
        let mut seen = std::collections::HashSet::new();
        for t in texts {
            for k in [KeyKind::Mobile, KeyKind::Plate] {
                assert!(seen.insert(key(k, t)), "{t} {k:?}");
            }
        }
        assert!(matches!(
            key(KeyKind::Vin, "LSVAU2180N2000001"),
            Key::Packed(_)
        ));
        assert!(matches!(key(KeyKind::Plate, "粤AD12345"), Key::Packed(_)));
        assert!(matches!(
            key(KeyKind::RoNumber, "123456789012345678901"),
            Key::Text(..)
        ));
    }
}
