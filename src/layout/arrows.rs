//! Arrow and rule geometry shared by verse lines, charts and diagrams: one arrowhead shape
//! for the whole book, so heads are the same size everywhere for a given type size.

use crate::display::{Ink, LineCap, LineJoin, Path, Point, Stroke};

/// Compass direction an arrow points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    North,
    East,
    South,
    West,
}

impl Heading {
    /// The plain arrow character for this heading.
    pub fn char(self) -> char {
        match self {
            Heading::West => '←',
            Heading::East => '→',
            Heading::North => '↑',
            Heading::South => '↓',
        }
    }

    /// The heading of an arrow character, if it is one.
    pub fn of_char(c: char) -> Option<Heading> {
        Some(match c {
            '←' | '◄' | '◀' | '◂' => Heading::West,
            '→' | '►' | '▶' | '▸' => Heading::East,
            '↑' | '▲' | '▴' => Heading::North,
            '↓' | '▼' | '▾' => Heading::South,
            _ => return None,
        })
    }

    fn unit(self) -> (f32, f32) {
        match self {
            Heading::North => (0.0, -1.0),
            Heading::East => (1.0, 0.0),
            Heading::South => (0.0, 1.0),
            Heading::West => (-1.0, 0.0),
        }
    }
}

/// Stroke and head sizes for arrows and lines at one scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pen {
    pub width: f32,
    pub ink: Ink,
    pub head_length: f32,
    pub head_width: f32,
}

impl Pen {
    /// The book's pen for text of `size` points: hairline-ish strokes matched to the type.
    pub fn for_size(size: f32, ink: Ink) -> Pen {
        Pen { width: (size * 0.055).max(0.3), ink, head_length: size * 0.42, head_width: size * 0.3 }
    }

    /// How far before a head's tip a shaft stops, so its square end hides inside the head.
    pub fn shaft_inset(&self) -> f32 {
        self.head_length * 0.7
    }

    pub fn stroke(&self) -> Stroke {
        Stroke { width: self.width, ink: self.ink, cap: LineCap::Butt, join: LineJoin::Miter }
    }
}

/// A filled arrowhead whose tip is at `tip`, pointing along `heading`.
pub fn head(tip: Point, heading: Heading, pen: &Pen) -> Path {
    let (ux, uy) = heading.unit();
    let base = Point::new(tip.x - ux * pen.head_length, tip.y - uy * pen.head_length);
    let (px, py) = (-uy * pen.head_width / 2.0, ux * pen.head_width / 2.0);
    // A slight notch at the back gives the head an engraved, not blocky, look.
    let notch = Point::new(base.x + ux * pen.head_length * 0.18, base.y + uy * pen.head_length * 0.18);
    Path::polygon([tip, Point::new(base.x + px, base.y + py), notch, Point::new(base.x - px, base.y - py)], pen.ink)
}

/// A shaft from `from` to `tip` with a head at `tip`. The shaft stops inside the head so
/// its square end never shows past the point.
pub fn arrow(from: Point, tip: Point, heading: Heading, pen: &Pen) -> Vec<Path> {
    let (ux, uy) = heading.unit();
    let shaft_end = Point::new(tip.x - ux * pen.shaft_inset(), tip.y - uy * pen.shaft_inset());
    vec![Path::line(from, shaft_end, pen.stroke()), head(tip, heading, pen)]
}

/// A horizontal rule (a blank to fill in) from x0 to x1 at baseline-relative y.
pub fn rule(x0: f32, x1: f32, y: f32, pen: &Pen) -> Path {
    Path::line(Point::new(x0, y), Point::new(x1, y), pen.stroke())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::PathEl;

    #[test]
    fn head_tip_is_first_point_and_points_the_right_way() {
        let pen = Pen::for_size(10.0, Ink::BLACK);
        let p = head(Point::new(100.0, 50.0), Heading::East, &pen);
        assert_eq!(p.els[0], PathEl::MoveTo(Point::new(100.0, 50.0)));
        // The back corners are west of the tip.
        if let PathEl::LineTo(b) = p.els[1] {
            assert!((b.x - (100.0 - pen.head_length)).abs() < 1e-4);
        } else {
            panic!()
        }
        let s = head(Point::new(0.0, 0.0), Heading::South, &pen);
        if let PathEl::LineTo(b) = s.els[1] {
            assert!(b.y < 0.0, "a south head's base is above its tip");
        }
    }
}
