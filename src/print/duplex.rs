//! Which jobs print which sheet sides: one two-sided job when the printer turns the paper
//! itself, or, for manual duplex, the fronts and then the backs.
//!
//! Manual duplex assumes the common paper path (docs/ipp-print.md): the fronts come out face
//! down, so the last sheet printed lies on top; the poet turns the stack over along a short
//! edge, which brings the first sheet to the top and swaps the edge that leads into the
//! printer — exactly the turn a short-edge duplexer makes. So the backs go in the same
//! sheet order as the fronts and need no rotation. Copies are repeated inside each job
//! (copy after copy), so fronts and backs pair up sheet by sheet whatever the printer does
//! with `copies`.

use crate::diag::Diagnostic;

/// How the backs of the sheets get printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplex {
    /// Two-sided when the printer can, manual otherwise.
    Auto,
    /// Two-sided short-edge by the printer; an error when it cannot.
    ShortEdge,
    /// Fronts, then the poet turns the stack, then backs.
    Manual,
}

impl Duplex {
    /// `auto`, `short-edge` or `manual`; otherwise what is accepted.
    pub fn parse(s: &str) -> Result<Duplex, String> {
        match s {
            "auto" => Ok(Duplex::Auto),
            "short-edge" => Ok(Duplex::ShortEdge),
            "manual" => Ok(Duplex::Manual),
            _ => Err(format!("`{s}` is not a duplex mode: use auto, short-edge or manual")),
        }
    }
}

/// Which half of a manual duplex a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    Fronts,
    Backs,
}

/// One job: sheet sides of the booklet (0-based, in print order), the `sides` keyword and
/// the `copies` value to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pass {
    pub half: Option<Half>,
    pub sides: Vec<usize>,
    pub sides_keyword: &'static str,
    pub copies: u32,
}

/// The jobs that print the `selected` sheet sides (side `2k` is the front of sheet `k`,
/// `2k + 1` its back). Empty halves are left out.
pub fn passes(selected: &[usize], duplex: Duplex, printer_duplex: bool, copies: u32) -> Result<Vec<Pass>, Diagnostic> {
    let manual = match duplex {
        Duplex::Manual => true,
        Duplex::Auto => !printer_duplex,
        Duplex::ShortEdge if printer_duplex => false,
        Duplex::ShortEdge => {
            return Err(Diagnostic::error("the printer cannot print two-sided short-edge").note(
                "use --duplex manual: chapbook prints the fronts, you turn the stack over, it prints the backs",
            ));
        }
    };
    if !manual {
        return Ok(vec![Pass { half: None, sides: selected.to_vec(), sides_keyword: "two-sided-short-edge", copies }]);
    }
    let half = |back: usize| -> Vec<usize> {
        let one: Vec<usize> = selected.iter().copied().filter(|s| s % 2 == back).collect();
        (0..copies).flat_map(|_| one.iter().copied()).collect()
    };
    Ok([(Half::Fronts, half(0)), (Half::Backs, half(1))]
        .into_iter()
        .filter(|(_, sides)| !sides.is_empty())
        .map(|(h, sides)| Pass { half: Some(h), sides, sides_keyword: "one-sided", copies: 1 })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplex_printer_gets_one_job_with_all_sides() {
        let p = passes(&[0, 1, 2, 3], Duplex::Auto, true, 3).unwrap();
        assert_eq!(
            p,
            vec![Pass { half: None, sides: vec![0, 1, 2, 3], sides_keyword: "two-sided-short-edge", copies: 3 }]
        );
        assert_eq!(passes(&[0, 1], Duplex::ShortEdge, true, 1).unwrap().len(), 1);
    }

    #[test]
    fn manual_duplex_sends_fronts_then_backs_in_sheet_order() {
        for duplex in [Duplex::Manual, Duplex::Auto] {
            let p = passes(&[0, 1, 2, 3, 4, 5], duplex, false, 1).unwrap();
            assert_eq!(p.len(), 2);
            assert_eq!((p[0].half, p[0].sides.clone()), (Some(Half::Fronts), vec![0, 2, 4]));
            assert_eq!((p[1].half, p[1].sides.clone()), (Some(Half::Backs), vec![1, 3, 5]));
            assert!(p.iter().all(|j| j.sides_keyword == "one-sided" && j.copies == 1));
        }
    }

    #[test]
    fn manual_copies_repeat_inside_each_job_and_empty_halves_go() {
        let p = passes(&[0, 1, 2, 3], Duplex::Manual, true, 2).unwrap();
        assert_eq!(p[0].sides, vec![0, 2, 0, 2]);
        assert_eq!(p[1].sides, vec![1, 3, 1, 3]);
        let p = passes(&[2], Duplex::Manual, false, 1).unwrap();
        assert_eq!(p, vec![Pass { half: Some(Half::Fronts), sides: vec![2], sides_keyword: "one-sided", copies: 1 }]);
    }

    #[test]
    fn short_edge_on_a_one_sided_printer_is_an_error() {
        let e = passes(&[0, 1], Duplex::ShortEdge, false, 1).unwrap_err();
        assert!(e.notes[0].contains("--duplex manual"));
        assert_eq!(
            Duplex::parse("long-edge").unwrap_err(),
            "`long-edge` is not a duplex mode: use auto, short-edge or manual"
        );
    }
}
