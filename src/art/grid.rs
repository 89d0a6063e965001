//! The character grid: rows of Unicode scalar values, padded virtually with spaces, and the
//! checks on the raw text (tabs and control characters are errors).

use unicode_width::UnicodeWidthChar;

use super::ArtError;

/// The second cell of a wide character (a noncharacter, never typed in a poem): read as
/// text, left out of a label's text.
pub(super) const WIDE_TAIL: char = '\u{10FFFF}';

/// How many cells of the grid a character takes: two for East Asian wide and fullwidth
/// characters and emoji shown as emoji, one for everything else (as a terminal shows them).
pub fn cells_of(ch: char) -> usize {
    if ch.width() == Some(2) { 2 } else { 1 }
}

/// A rectangular grid of characters; cells outside it read as spaces.
pub(super) struct Grid {
    pub cols: usize,
    pub rows: usize,
    chars: Vec<char>,
}

impl Grid {
    /// Split into rows, reject tabs/control characters, trim trailing spaces and trailing
    /// blank rows (leading blank rows are kept). Any Unicode whitespace reads as a space.
    pub fn parse(text: &str) -> Result<Grid, ArtError> {
        let mut lines: Vec<Vec<char>> = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let mut row = Vec::with_capacity(line.len());
            for (j, ch) in line.chars().enumerate() {
                if ch == '\t' {
                    return Err(ArtError::Tab { line: i + 1, col: j + 1 });
                }
                if ch.is_control() {
                    return Err(ArtError::Control { line: i + 1, col: j + 1, ch });
                }
                if ch.is_whitespace() {
                    // An ideographic space is two cells wide, like the characters it spaces.
                    row.extend(std::iter::repeat_n(' ', ch.width().unwrap_or(1).max(1)));
                    continue;
                }
                row.push(ch);
                // East Asian wide and fullwidth characters, and emoji shown as emoji, take
                // two cells, as a terminal shows them: the second is the character's tail.
                if cells_of(ch) == 2 {
                    row.push(WIDE_TAIL);
                }
            }
            while row.last() == Some(&' ') {
                row.pop();
            }
            lines.push(row);
        }
        while lines.last().is_some_and(|r| r.is_empty()) {
            lines.pop();
        }
        let rows = lines.len();
        let cols = lines.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut chars = vec![' '; rows * cols];
        for (r, line) in lines.iter().enumerate() {
            chars[r * cols..r * cols + line.len()].copy_from_slice(line);
        }
        Ok(Grid { cols, rows, chars })
    }

    /// The character at (col, row); a space outside the grid.
    pub fn at(&self, c: isize, r: isize) -> char {
        if c < 0 || r < 0 || c as usize >= self.cols || r as usize >= self.rows {
            ' '
        } else {
            self.chars[r as usize * self.cols + c as usize]
        }
    }
}
