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

/// A key: packed when it fits, else its text. The packed bits are kept as two `u64`
/// rather than a `u128`: aligned to 8 bytes, not 16, a key takes 24 bytes, and a map
/// entry of a key and a line 32 instead of 48 (the maps hold an entry or two a row, and
/// their size is most of a dry run's cache misses).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Packed([u64; 2]),
    Text(KeyKind, Box<str>),
}

/// The packed bits, high half first.
fn packed(bits: u128) -> Key {
    Key::Packed([(bits >> 64) as u64, bits as u64])
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
        return packed(top | v);
    }
    if b.len() <= 15 {
        let mut v = 0u128;
        for &c in b {
            v = (v << 8) | u128::from(c);
        }
        return packed(top | (1 << 124) | ((b.len() as u128) << 120) | v);
    }
    Key::Text(kind, text.into())
}

/// A short text kept in place, without an allocation of its own, when it fits 22 bytes (a
/// VIN, a name of up to seven Han characters); else boxed. The values of the import's maps
/// (a customer's name, a vehicle's VIN) are mostly such texts, one a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compact {
    Inline(u8, [u8; INLINE]),
    Boxed(Box<str>),
}

const INLINE: usize = 22;

impl Compact {
    pub fn new(text: &str) -> Compact {
        let b = text.as_bytes();
        if b.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..b.len()].copy_from_slice(b);
            return Compact::Inline(b.len() as u8, bytes);
        }
        Compact::Boxed(text.into())
    }

    pub fn as_str(&self) -> &str {
        match self {
            // The bytes of a `&str`, cut where it ended.
            Compact::Inline(n, b) => std::str::from_utf8(&b[..usize::from(*n)]).unwrap_or(""),
            Compact::Boxed(s) => s,
        }
    }
}

impl From<&str> for Compact {
    fn from(s: &str) -> Compact {
        Compact::new(s)
    }
}

impl From<String> for Compact {
    fn from(s: String) -> Compact {
        Compact::new(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_texts_read_back_whole() {
        for t in [
            "",
            "张三",
            "LSVAU2180N2000001",
            "欧阳娜娜娜娜娜",
            "欧阳娜娜娜娜娜娜",
            "Maximilian Alexander von Habsburg",
        ] {
            let c = Compact::new(t);
            assert_eq!(c.as_str(), t);
            assert_eq!(matches!(c, Compact::Inline(..)), t.len() <= INLINE, "{t}");
        }
    }

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
        // The maps' entries stay small: a key and a line in 32 bytes.
        assert!(std::mem::size_of::<(Key, u32)>() <= 32);
    }
}
