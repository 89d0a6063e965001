//! The half-line grid: every vertical space of a section is a multiple of half the body
//! leading, and the first line of text of every block sits on the grid, measured from the
//! top of the text block, so the lines of facing pages back up and the first line under
//! every heading sits at the same depth (docs/book-conventions.md, "The half-line grid").

use crate::display::Item;

/// The grid of a book: where the first body baseline of a text block sits, and the step.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    /// The first baseline below the frame top: where verse set in the body sits.
    pub origin: f32,
    /// Half the body leading.
    pub half: f32,
}

impl Grid {
    /// The grid of a book set at `size` on `leading`.
    pub fn new(size: f32, leading: f32) -> Grid {
        Grid { origin: (leading + size * 0.62) / 2.0, half: leading / 2.0 }
    }

    /// The first grid line at or below `y`.
    pub fn up(&self, y: f32) -> f32 {
        if y <= self.origin {
            return self.origin;
        }
        self.origin + ((y - self.origin) / self.half - 1e-3).ceil() * self.half
    }

    /// How far items whose first baseline is `first` must move down to sit on the grid
    /// (0 when they already do, or carry no text).
    pub fn shift(&self, first: Option<f32>) -> f32 {
        first.map(|b| self.up(b) - b).unwrap_or(0.0)
    }
}

/// The first (highest) baseline of the text among `items`, if any.
pub fn first_baseline<'a>(items: impl IntoIterator<Item = &'a Item>) -> Option<f32> {
    items
        .into_iter()
        .filter_map(|i| match i {
            Item::Text(r) if !r.text.trim().is_empty() => Some(r.origin.y),
            _ => None,
        })
        .reduce(f32::min)
}

/// A written length rounded to the nearest multiple of half of `leading` (a non-zero
/// length to one half at least).
pub fn round_to_half(length: f32, leading: f32) -> f32 {
    let half = leading / 2.0;
    if length <= 0.0 || half <= 0.0 {
        return length.max(0.0);
    }
    ((length / half).round().max(1.0)) * half
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_to_half_lines_and_baselines_go_down_to_the_grid() {
        assert_eq!(round_to_half(10.0, 14.0), 7.0);
        assert_eq!(round_to_half(11.0, 14.0), 14.0);
        assert_eq!(round_to_half(1.0, 14.0), 7.0);
        assert_eq!(round_to_half(0.0, 14.0), 0.0);
        let g = Grid { origin: 10.0, half: 7.0 };
        assert_eq!(g.up(10.0), 10.0);
        assert_eq!(g.up(10.5), 17.0);
        assert_eq!(g.up(24.0), 24.0);
        assert_eq!(g.shift(Some(3.0)), 7.0);
        assert_eq!(g.shift(None), 0.0);
    }
}
