//! A tiny, written-out FNV-1a hash. Used for the subset tags and the trailer `/ID`, which
//! must be identical for identical input on every platform and Rust version (so not
//! `std`'s `DefaultHasher`, whose algorithm is unspecified).

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Streaming 64-bit FNV-1a.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    pub fn new() -> Self {
        Fnv(OFFSET)
    }

    /// A hasher with a different starting state, for a second independent-ish lane.
    pub fn seeded(seed: u64) -> Self {
        let mut h = Fnv::new();
        h.write(&seed.to_le_bytes());
        h
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    pub fn value(&self) -> u64 {
        self.0
    }
}

/// 16 bytes from two FNV lanes over the same data: enough for a file identifier.
pub fn digest128(data: &[&[u8]]) -> [u8; 16] {
    let mut a = Fnv::new();
    let mut b = Fnv::seeded(0x9e37_79b9_7f4a_7c15);
    for part in data {
        a.write(part);
        b.write(part);
        // Separate the parts so ("ab", "c") and ("a", "bc") differ.
        a.write(&(part.len() as u64).to_le_bytes());
        b.write(&(part.len() as u64).to_le_bytes());
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&a.value().to_be_bytes());
    out[8..].copy_from_slice(&b.value().to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_known_vectors() {
        let mut h = Fnv::new();
        h.write(b"");
        assert_eq!(h.value(), 0xcbf29ce484222325);
        let mut h = Fnv::new();
        h.write(b"a");
        assert_eq!(h.value(), 0xaf63dc4c8601ec8c);
        let mut h = Fnv::new();
        h.write(b"foobar");
        assert_eq!(h.value(), 0x85944171f73967e8);
    }
}
