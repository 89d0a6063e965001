//! ISBNs and their EAN-13 bar codes, as plain data: an [`Isbn`] is read and its check
//! digit verified ([`Isbn::parse`]), and [`Isbn::bars`] gives the bars in modules (the
//! narrowest bar's width) for a backend-free drawing. Pure std; the cover draws the bars
//! (`layout::cover`) at the size the service asks.
//!
//! EAN-13 as in ISO/IEC 15420: a start guard `101`, six digits in sets A/B chosen by the
//! first digit, a centre guard `01010`, six digits in set C, an end guard `101`: 95
//! modules, with quiet zones of 11 modules left and 7 right.

use std::fmt;

/// A checked ISBN-13 (Bookland EAN: 978 or 979 first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Isbn {
    digits: [u8; 13],
    /// As the poet wrote it, trimmed (hyphens kept), for the line above the bars.
    written: String,
}

/// Why a string is not an ISBN-13.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IsbnError {
    /// A character other than a digit, a hyphen or a space.
    NotADigit(char),
    /// Not 13 digits (the count found).
    Length(usize),
    /// Does not begin with 978 or 979.
    Prefix(String),
    /// The last digit is not the check digit of the first twelve.
    CheckDigit {
        /// The digit written.
        written: u8,
        /// The digit the first twelve give.
        right: u8,
    },
}

impl fmt::Display for IsbnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IsbnError::NotADigit(c) => write!(f, "`{c}` is not a digit: an ISBN is 13 digits, hyphens allowed"),
            IsbnError::Length(n) if *n == 10 => {
                write!(
                    f,
                    "10 digits is an old ISBN-10: write the ISBN-13 (978 and the first nine digits, new check digit)"
                )
            }
            IsbnError::Length(n) => write!(f, "{n} digits: an ISBN-13 has 13"),
            IsbnError::Prefix(p) => write!(f, "an ISBN-13 begins with 978 or 979, not {p}"),
            IsbnError::CheckDigit { written, right } => {
                write!(f, "wrong check digit {written}: the first twelve digits give {right}")
            }
        }
    }
}

impl std::error::Error for IsbnError {}

/// The check digit of twelve digits: weights 1, 3, 1, 3 …, the sum brought up to a
/// multiple of ten.
pub fn check_digit(twelve: &[u8]) -> u8 {
    let sum: u32 = twelve.iter().enumerate().map(|(i, &d)| d as u32 * if i % 2 == 0 { 1 } else { 3 }).sum();
    ((10 - sum % 10) % 10) as u8
}

/// Set A (odd parity) patterns of the digits 0–9, seven modules each, 1 = bar.
const SET_A: [u8; 10] =
    [0b0001101, 0b0011001, 0b0010011, 0b0111101, 0b0100011, 0b0110001, 0b0101111, 0b0111011, 0b0110111, 0b0001011];
/// Which of the left six digits use set B (even parity), by the first digit; bit 5 is the
/// second digit.
const PARITY: [u8; 10] =
    [0b000000, 0b001011, 0b001101, 0b001110, 0b010011, 0b011001, 0b011100, 0b010101, 0b010110, 0b011010];

impl Isbn {
    /// Reads an ISBN-13, hyphens and spaces allowed; a wrong check digit names the right one.
    pub fn parse(s: &str) -> Result<Isbn, IsbnError> {
        let written = s.trim();
        let mut digits = Vec::with_capacity(13);
        for c in written.chars() {
            match c {
                '0'..='9' => digits.push(c as u8 - b'0'),
                '-' | ' ' | '\u{2010}' | '\u{2011}' => {}
                _ => return Err(IsbnError::NotADigit(c)),
            }
        }
        if digits.len() != 13 {
            return Err(IsbnError::Length(digits.len()));
        }
        if digits[..3] != [9, 7, 8] && digits[..3] != [9, 7, 9] {
            return Err(IsbnError::Prefix(digits[..3].iter().map(|d| (b'0' + d) as char).collect()));
        }
        let right = check_digit(&digits[..12]);
        if digits[12] != right {
            return Err(IsbnError::CheckDigit { written: digits[12], right });
        }
        let mut d = [0; 13];
        d.copy_from_slice(&digits);
        Ok(Isbn { digits: d, written: written.to_string() })
    }

    /// The thirteen digits.
    pub fn digits(&self) -> &[u8; 13] {
        &self.digits
    }

    /// As written (hyphens kept), for the `ISBN …` line above the bars.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// The 95 modules of the symbol, `true` where there is a bar.
    pub fn modules(&self) -> [bool; 95] {
        let mut m = [false; 95];
        let mut at = 0;
        let mut put = |bits: u8, n: usize, m: &mut [bool; 95]| {
            for k in (0..n).rev() {
                m[at] = bits >> k & 1 == 1;
                at += 1;
            }
        };
        put(0b101, 3, &mut m);
        let parity = PARITY[self.digits[0] as usize];
        for (i, &d) in self.digits[1..7].iter().enumerate() {
            let a = SET_A[d as usize];
            // Set B is set C (the complement of A) read backwards.
            let pattern = if parity >> (5 - i) & 1 == 1 { reverse7(!a & 0x7f) } else { a };
            put(pattern, 7, &mut m);
        }
        put(0b01010, 5, &mut m);
        for &d in &self.digits[7..] {
            put(!SET_A[d as usize] & 0x7f, 7, &mut m);
        }
        put(0b101, 3, &mut m);
        m
    }

    /// The bars: `(first module, width in modules, guard)`; guard bars (start, centre,
    /// end) reach lower than the others, below the digits' line.
    pub fn bars(&self) -> Vec<(usize, usize, bool)> {
        let m = self.modules();
        let guard = |i: usize| i < 3 || (45..50).contains(&i) || i >= 92;
        let mut out = Vec::new();
        let mut i = 0;
        while i < 95 {
            if m[i] {
                let start = i;
                while i < 95 && m[i] {
                    i += 1;
                }
                out.push((start, i - start, guard(start)));
            } else {
                i += 1;
            }
        }
        out
    }
}

fn reverse7(b: u8) -> u8 {
    (0..7).fold(0, |acc, k| acc | ((b >> k) & 1) << (6 - k))
}

/// EAN-13 dimensions at 100 % magnification (ISO/IEC 15420; GS1 General Specifications
/// 5.2.3.4: X = 0.33 mm, bar height 22.85 mm, quiet zones 11 X left and 7 X right),
/// in millimetres.
pub mod nominal {
    /// The module (narrowest bar) width.
    pub const MODULE_MM: f32 = 0.33;
    /// The height of the ordinary bars.
    pub const BAR_HEIGHT_MM: f32 = 22.85;
    /// How much lower guard bars reach, in modules.
    pub const GUARD_EXTRA_MODULES: f32 = 5.0;
    /// Quiet zone left of the start guard, in modules.
    pub const QUIET_LEFT: f32 = 11.0;
    /// Quiet zone right of the end guard, in modules.
    pub const QUIET_RIGHT: f32 = 7.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_known_isbns() {
        // The examples of the ISBN Users' Manual and of Wikipedia's ISBN article.
        for isbn in ["978-0-306-40615-7", "9783161484100", "978-1-86197-876-9", "979-10-90636-07-1"] {
            assert!(Isbn::parse(isbn).is_ok(), "{isbn}");
        }
        assert_eq!(Isbn::parse("978-0-306-40615-2"), Err(IsbnError::CheckDigit { written: 2, right: 7 }));
        assert!(Isbn::parse("978-0-306-40615-2").unwrap_err().to_string().contains("give 7"));
        assert_eq!(Isbn::parse("0-306-40615-2"), Err(IsbnError::Length(10)));
        assert_eq!(Isbn::parse("123-0-306-40615-7"), Err(IsbnError::Prefix("123".into())));
        assert_eq!(Isbn::parse("978-0-306-4O615-7"), Err(IsbnError::NotADigit('O')));
    }

    #[test]
    fn modules_follow_the_standard() {
        // 5901234123457, the GS1 example: its left half in sets A B B A A B (first digit 5).
        let code = Isbn { digits: [5, 9, 0, 1, 2, 3, 4, 1, 2, 3, 4, 5, 7], written: String::new() };
        let s: String = code.modules().iter().map(|&b| if b { '1' } else { '0' }).collect();
        let want = "101".to_string()
            + "0001011" // 9 A
            + "0100111" // 0 B
            + "0110011" // 1 B
            + "0010011" // 2 A
            + "0111101" // 3 A
            + "0011101" // 4 B
            + "01010"
            + "1100110" // 1 C
            + "1101100" // 2 C
            + "1000010" // 3 C
            + "1011100" // 4 C
            + "1001110" // 5 C
            + "1000100" // 7 C
            + "101";
        assert_eq!(s, want);
        let bars = code.bars();
        assert_eq!(bars.first(), Some(&(0, 1, true)));
        assert_eq!(bars.iter().filter(|b| b.2).count(), 6);
        assert_eq!(bars.iter().map(|b| b.1).sum::<usize>(), s.matches('1').count());
    }
}
