//! Randomness for the random provider: the operating system's generator, or, when a
//! resource has a `seed`, a deterministic generator derived from it.
//!
//! Like the real provider, a seed string is reduced to an integer with CRC-64
//! (ECMA polynomial, as Go's `hash/crc64`); the generator itself is SplitMix64, a
//! small fixed algorithm, so that a given seed gives the same results in every
//! version of Terrace (the real provider uses Go's `math/rand`, whose sequences
//! this does not reproduce).

use rand::rngs::OsRng;
use rand::RngCore;

pub enum Rng {
    Os,
    Seeded(u64),
}

impl Rng {
    /// The generator for an optional seed; an empty seed means none, as in the real
    /// provider.
    pub fn new(seed: Option<&str>) -> Rng {
        match seed {
            Some(s) if !s.is_empty() => Rng::Seeded(crc64_ecma(s.as_bytes())),
            _ => Rng::Os,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        match self {
            Rng::Os => OsRng.next_u64(),
            Rng::Seeded(state) => {
                // SplitMix64.
                *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = *state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            }
        }
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0);
        let limit = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < limit {
                return x % n;
            }
        }
    }

    /// A uniform integer in `min..=max` (`min <= max`).
    pub fn in_range(&mut self, min: i64, max: i64) -> i64 {
        let span = (max as i128 - min as i128 + 1) as u128;
        if span > u64::MAX as u128 {
            return self.next_u64() as i64;
        }
        (min as i128 + self.below(span as u64) as i128) as i64
    }

    /// A random permutation of `0..n`, built the way Go's `rand.Perm` builds it.
    pub fn perm(&mut self, n: usize) -> Vec<usize> {
        let mut m = vec![0; n];
        for i in 0..n {
            let j = self.below(i as u64 + 1) as usize;
            m[i] = m[j];
            m[j] = i;
        }
        m
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// Fills `buf` with random bytes.
    pub fn fill(&mut self, buf: &mut [u8]) {
        match self {
            Rng::Os => OsRng.fill_bytes(buf),
            _ => {
                for chunk in buf.chunks_mut(8) {
                    let x = self.next_u64().to_le_bytes();
                    chunk.copy_from_slice(&x[..chunk.len()]);
                }
            }
        }
    }
}

/// CRC-64 with the ECMA-182 polynomial, reflected, inverted in and out: Go's
/// `crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))` (CRC-64/XZ).
pub fn crc64_ecma(data: &[u8]) -> u64 {
    const POLY: u64 = 0xC96C_5795_D787_0F42;
    let mut crc = !0u64;
    for &b in data {
        crc ^= b as u64;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ POLY } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc64_matches_go() {
        assert_eq!(crc64_ecma(b"123456789"), 0x995D_C9BB_DF19_39FA);
        assert_eq!(crc64_ecma(b""), 0);
    }

    #[test]
    fn seeded_is_deterministic() {
        let a: Vec<u64> = {
            let mut r = Rng::new(Some("x"));
            (0..10).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(Some("x"));
            (0..10).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(Some("y"));
            (0..10).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(matches!(Rng::new(Some("")), Rng::Os));
        assert!(matches!(Rng::new(None), Rng::Os));
    }

    #[test]
    fn ranges() {
        let mut r = Rng::new(Some("ranges"));
        for _ in 0..1000 {
            let x = r.in_range(-3, 3);
            assert!((-3..=3).contains(&x));
        }
        assert_eq!(r.in_range(7, 7), 7);
        let _ = r.in_range(i64::MIN, i64::MAX);
        let mut p = r.perm(20);
        p.sort();
        assert_eq!(p, (0..20).collect::<Vec<_>>());
        let mut buf = [0u8; 13];
        r.fill(&mut buf);
        assert!(buf.iter().any(|&b| b != 0));
    }
}
