//! What the domain's unit tests share.

/// A small deterministic generator (xorshift), for tests that try many random cases.
pub struct Rng(pub u64);

impl Rng {
    /// The next number below `n`.
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Store-local `YYYY-MM-DD HH:MM:SS` in `tz`, as an instant (the earlier of two).
pub fn local(tz: chrono_tz::Tz, s: &str) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
    tz.from_local_datetime(&naive)
        .earliest()
        .unwrap()
        .with_timezone(&chrono::Utc)
}
