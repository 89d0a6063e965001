//! Small grids with exact expected output: the contract of the `art` stage.

use super::*;

fn p(s: &str) -> Drawing {
    parse(s, &ArtOptions::default()).expect("parses")
}

fn p_with(s: &str, opts: ArtOptions) -> Drawing {
    parse(s, &opts).expect("parses")
}

fn pts(l: &Polyline) -> Vec<(f32, f32)> {
    l.points.clone()
}

/// The open polyline with exactly these points (in either order).
fn has_line(d: &Drawing, want: &[(f32, f32)]) -> bool {
    let rev: Vec<_> = want.iter().rev().copied().collect();
    d.lines.iter().any(|l| !l.closed && (l.points == want || l.points == rev))
}

fn head(tip: (f32, f32), dir: Dir) -> Arrowhead {
    Arrowhead { tip, dir }
}

fn texts(d: &Drawing) -> Vec<&str> {
    d.labels.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn simple_box_is_one_closed_rectangle() {
    let d = p("┌─┐\n└─┘");
    assert_eq!((d.cols, d.rows), (3, 2));
    assert_eq!(d.lines.len(), 1);
    let l = &d.lines[0];
    assert!(l.closed);
    assert!(!l.rounded_corners);
    assert_eq!(l.weight, Weight::Light);
    assert_eq!(pts(l), vec![(0.5, 0.5), (2.5, 0.5), (2.5, 1.5), (0.5, 1.5)]);
    assert_eq!(d.boxes, vec![BoxRect { left: 0.5, top: 0.5, right: 2.5, bottom: 1.5, rounded: false, line: 0 }]);
    assert!(d.labels.is_empty() && d.arrowheads.is_empty() && d.dots.is_empty());
}

#[test]
fn run_into_arrow_is_one_segment_and_east_head() {
    let d = p("──►");
    assert_eq!(d.lines.len(), 1);
    assert_eq!(pts(&d.lines[0]), vec![(0.5, 0.5), (3.0, 0.5)]);
    assert_eq!(d.arrowheads, vec![head((3.0, 0.5), Dir::E)]);
    assert!(d.labels.is_empty());
}

#[test]
fn ascii_run_into_arrow() {
    let d = p("--->");
    assert_eq!(d.lines.len(), 1);
    assert_eq!(pts(&d.lines[0]), vec![(0.5, 0.5), (4.0, 0.5)]);
    assert_eq!(d.arrowheads, vec![head((4.0, 0.5), Dir::E)]);
    let d = p("<--");
    assert_eq!(pts(&d.lines[0]), vec![(0.0, 0.5), (2.5, 0.5)]);
    assert_eq!(d.arrowheads, vec![head((0.0, 0.5), Dir::W)]);
}

#[test]
fn vertical_into_arrow_points_south() {
    let d = p("│\n▼");
    assert_eq!(d.lines.len(), 1);
    assert_eq!(pts(&d.lines[0]), vec![(0.5, 0.5), (0.5, 2.0)]);
    assert_eq!(d.arrowheads, vec![head((0.5, 2.0), Dir::S)]);
}

#[test]
fn tee_then_arrow_runs_from_tee_centre_to_tip() {
    let d = p("┌───┐\n│ a │\n└─┬─┘\n  ▼");
    assert_eq!(d.boxes.len(), 1);
    assert!(has_line(&d, &[(2.5, 2.5), (2.5, 4.0)]));
    assert_eq!(d.arrowheads, vec![head((2.5, 4.0), Dir::S)]);
    assert_eq!(d.labels.len(), 1);
    assert_eq!(d.labels[0].in_box, Some(0));
    assert_eq!(d.labels[0].align, LabelAlign::Center { left: 1.0, right: 4.0 });
}

#[test]
fn cross_is_two_crossing_segments() {
    let d = p(" │\n─┼─\n │");
    assert_eq!(d.lines.len(), 2);
    assert!(has_line(&d, &[(0.5, 1.5), (2.5, 1.5)]));
    assert!(has_line(&d, &[(1.5, 0.5), (1.5, 2.5)]));
    // A lone cross spans its cell both ways.
    let d = p("┼");
    assert!(has_line(&d, &[(0.0, 0.5), (1.0, 0.5)]));
    assert!(has_line(&d, &[(0.5, 0.0), (0.5, 1.0)]));
}

#[test]
fn ascii_plus_corners_chain_into_one_path() {
    let d = p("+--+\n|  |");
    assert_eq!(d.lines.len(), 1, "{:?}", d.lines);
    assert!(has_line(&d, &[(0.5, 1.5), (0.5, 0.5), (3.5, 0.5), (3.5, 1.5)]));
    assert!(d.labels.is_empty());
    assert!(d.boxes.is_empty());
}

#[test]
fn ascii_box_and_mixed_with_unicode() {
    let d = p("+──-+\n|   │\n+---┘");
    assert_eq!(d.lines.len(), 1);
    assert_eq!(pts(&d.lines[0]), vec![(0.5, 0.5), (4.5, 0.5), (4.5, 2.5), (0.5, 2.5)]);
    assert_eq!(d.boxes.len(), 1);
}

#[test]
fn ragged_rows_are_padded_and_blank_rows_trimmed() {
    let d = p("x\n┌─┐\n└─┘   y  \n\n  \n");
    assert_eq!((d.cols, d.rows), (7, 3));
    assert_eq!(d.boxes.len(), 1);
    assert_eq!(d.boxes[0].top, 1.5);
    assert_eq!(texts(&d), vec!["x", "y"]);
    assert_eq!((d.labels[1].row, d.labels[1].col_start), (2, 6));
    // Leading blank rows are kept.
    let d = p("\n\n─");
    assert_eq!(d.rows, 3);
    assert_eq!(pts(&d.lines[0]), vec![(0.0, 2.5), (1.0, 2.5)]);
}

#[test]
fn upper_v_under_line_is_a_letter_lower_v_an_arrow() {
    let d = p("|\nV");
    assert_eq!(texts(&d), vec!["V"]);
    assert!(d.arrowheads.is_empty());
    // The line ends at its centre; the letter is centred under it.
    assert_eq!(pts(&d.lines[0]), vec![(0.5, 0.0), (0.5, 1.0)]);
    assert_eq!(d.labels[0].align, LabelAlign::Center { left: 0.0, right: 1.0 });
    let d = p("|\nv");
    assert!(d.labels.is_empty());
    assert_eq!(pts(&d.lines[0]), vec![(0.5, 0.5), (0.5, 2.0)]);
    assert_eq!(d.arrowheads, vec![head((0.5, 2.0), Dir::S)]);
    // Listed as art, V is an arrow too.
    let opts = ArtOptions { extra_art: "V".into(), ..Default::default() };
    let d = p_with("|\nV", opts);
    assert!(d.labels.is_empty());
    assert_eq!(d.arrowheads, vec![head((0.5, 2.0), Dir::S)]);
}

#[test]
fn ascii_arrow_letters_need_a_line() {
    let d = p("a > b\nv ^ <");
    assert_eq!(texts(&d), vec!["a > b", "v ^ <"]);
    assert!(d.lines.is_empty() && d.arrowheads.is_empty());
    let d = p("x->y");
    assert_eq!(texts(&d), vec!["x", "y"]);
    assert_eq!(d.arrowheads, vec![head((3.0, 0.5), Dir::E)]);
}

#[test]
fn x_and_o_and_hyphens_stay_letters() {
    let d = p("x o\nwell-known - a+b");
    assert_eq!(texts(&d), vec!["x o", "well-known - a+b"]);
    assert!(d.lines.is_empty());
}

#[test]
fn empty_block() {
    assert_eq!(p(""), Drawing::default());
    assert_eq!(p("   \n\n  "), Drawing::default());
}

#[test]
fn boxes_inside_boxes() {
    let d = p("┌──────┐\n│┌──┐  │\n││ab│ c│\n│└──┘  │\n└──────┘");
    assert_eq!(d.boxes.len(), 2);
    let inner = d.boxes.iter().position(|b| b.left == 1.5).unwrap();
    let outer = 1 - inner;
    assert_eq!((d.boxes[outer].left, d.boxes[outer].right), (0.5, 7.5));
    assert_eq!((d.boxes[inner].top, d.boxes[inner].right, d.boxes[inner].bottom), (1.5, 4.5, 3.5));
    assert_eq!(texts(&d), vec!["ab", "c"]);
    assert_eq!(d.labels[0].in_box, Some(inner));
    assert_eq!(d.labels[1].in_box, Some(outer));
    assert_eq!(d.lines.len(), 2);
    assert!(d.lines.iter().all(|l| l.closed));
}

#[test]
fn flow_chart_fan_out() {
    let src = "\
┌───┐
│ a │
└─┬─┘
  │
┌─┼─┐
│ │ │
▼ ▼ ▼
b   d";
    let d = p(src);
    assert_eq!(d.boxes.len(), 1);
    // The stem from the box through the cross to the middle tip.
    assert!(has_line(&d, &[(2.5, 2.5), (2.5, 7.0)]));
    // The fan: one path from the left tip up, across and down to the right tip.
    assert!(has_line(&d, &[(0.5, 7.0), (0.5, 4.5), (4.5, 4.5), (4.5, 7.0)]));
    assert_eq!(d.lines.len(), 3);
    let mut tips: Vec<_> = d.arrowheads.iter().map(|h| (h.tip, h.dir)).collect();
    tips.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    assert_eq!(tips, vec![((0.5, 7.0), Dir::S), ((2.5, 7.0), Dir::S), ((4.5, 7.0), Dir::S)]);
    assert_eq!(texts(&d), vec!["a", "b", "d"]);
    // Each letter under a tip is centred on it.
    assert_eq!(d.labels[2].align, LabelAlign::Center { left: 4.0, right: 5.0 });
}

#[test]
fn arrows_in_all_four_directions() {
    let d = p("  ▲\n  │\n◄─┼─►\n  │\n  ▼");
    assert_eq!(d.lines.len(), 2);
    assert!(has_line(&d, &[(0.0, 2.5), (5.0, 2.5)]));
    assert!(has_line(&d, &[(2.5, 0.0), (2.5, 5.0)]));
    assert_eq!(d.arrowheads.len(), 4);
    for h in [head((0.0, 2.5), Dir::W), head((5.0, 2.5), Dir::E), head((2.5, 0.0), Dir::N), head((2.5, 5.0), Dir::S)] {
        assert!(d.arrowheads.contains(&h), "{h:?} in {:?}", d.arrowheads);
    }
}

#[test]
fn up_arrows_fed_by_a_bus() {
    let d = p("↑   ↑\n│   │\n└─┬─┘\n  │\n  x");
    // Corner chains: tip, corner, corner, tip.
    assert!(has_line(&d, &[(0.5, 0.0), (0.5, 2.5), (4.5, 2.5), (4.5, 0.0)]));
    assert!(has_line(&d, &[(2.5, 2.5), (2.5, 3.5)]));
    assert_eq!(d.arrowheads.len(), 2);
    assert!(d.arrowheads.iter().all(|h| h.dir == Dir::N && h.tip.1 == 0.0));
}

#[test]
fn line_into_a_line_ends_on_its_centre() {
    // A stem under a bar that has no downward arm still meets the bar.
    let d = p("───\n │\n │");
    assert!(has_line(&d, &[(0.5, 0.5), (2.5, 0.5)]));
    assert!(has_line(&d, &[(1.5, 0.5), (1.5, 2.5)]));
}

#[test]
fn ascii_merge_bar() {
    let d = p("A     B\n|     |\n+--+--+\n   |\n   C");
    assert!(has_line(&d, &[(0.5, 1.5), (0.5, 2.5), (6.5, 2.5), (6.5, 1.5)]));
    assert!(has_line(&d, &[(3.5, 2.5), (3.5, 3.5)]));
    assert_eq!(texts(&d), vec!["A", "B", "C"]);
    assert!(d.labels.iter().all(|l| matches!(l.align, LabelAlign::Center { .. })));
}

#[test]
fn rounded_corners() {
    let d = p("╭─╮\n╰─╯");
    assert_eq!(d.boxes.len(), 1);
    assert!(d.boxes[0].rounded);
    assert!(d.lines[0].rounded_corners);
    let d = p("┌─┐\n└─┘");
    assert!(!d.boxes[0].rounded);
    let d = p_with("┌─┐\n└─┘", ArtOptions { rounded: true, ..Default::default() });
    assert!(d.boxes[0].rounded);
}

#[test]
fn heavy_and_double_weights() {
    let d = p("┏━┓\n┗━┛\n╔═╗\n╚═╝");
    assert_eq!(d.boxes.len(), 2);
    assert_eq!(d.lines[d.boxes[0].line].weight, Weight::Heavy);
    assert_eq!(d.lines[d.boxes[1].line].weight, Weight::Double);
}

#[test]
fn centred_text_in_a_box() {
    let d = p("┌──────────┐\n│  hello   │\n└──────────┘");
    assert_eq!(texts(&d), vec!["hello"]);
    assert_eq!(d.labels[0].in_box, Some(0));
    assert_eq!(d.labels[0].align, LabelAlign::Center { left: 1.0, right: 11.0 });
}

#[test]
fn flush_left_text_in_a_box() {
    let d =
        p("┌──────────────┐\n│ hi           │\n│ there friend │\n│              │\n│     mid      │\n└──────────────┘");
    assert_eq!(texts(&d), vec!["hi", "there friend", "mid"]);
    assert_eq!(d.labels[0].align, LabelAlign::Left);
    assert_eq!(d.labels[1].align, LabelAlign::Left);
    // Set apart by a blank row, a centred line stays centred.
    assert_eq!(d.labels[2].align, LabelAlign::Center { left: 1.0, right: 15.0 });
    assert!(d.labels.iter().all(|l| l.in_box == Some(0)));
}

#[test]
fn text_beside_box_edges_is_split_from_them() {
    let d = p("│ inner words │");
    assert_eq!(texts(&d), vec!["inner words"]);
    assert_eq!((d.labels[0].col_start, d.labels[0].col_end), (2, 13));
}

#[test]
fn runs_split_at_two_spaces() {
    let d = p("one two  three");
    assert_eq!(texts(&d), vec!["one two", "three"]);
}

#[test]
fn lone_arrow_between_words() {
    let d = p("alpha → beta");
    assert_eq!(texts(&d), vec!["alpha", "beta"]);
    assert_eq!(d.lines.len(), 1);
    // A connector: both ends reach for the words (layout measures them).
    assert_eq!(pts(&d.lines[0]), vec![(6.0, 0.5), (7.0, 0.5)]);
    assert_eq!(d.arrowheads, vec![head((7.0, 0.5), Dir::E)]);
    assert_eq!(
        d.reaches,
        vec![
            Reach { at: (6.0, 0.5), dir: Dir::W, to: ReachTo::Label(0) },
            Reach { at: (7.0, 0.5), dir: Dir::E, to: ReachTo::Label(1) }
        ]
    );
    // Far apart, the same.
    let d = p("sun      →   moon");
    assert_eq!(d.reaches.len(), 2);
    // Vertically too.
    let d = p("sun\n\n ↓\n\nmoon");
    assert_eq!(d.reaches.iter().map(|r| r.dir).collect::<Vec<_>>(), vec![Dir::N, Dir::S]);
}

#[test]
fn lone_left_arrow_before_text() {
    let d = p("← see this.");
    assert_eq!(texts(&d), vec!["see this."]);
    assert_eq!(d.labels[0].col_start, 2);
    // The tail reaches into the blank before the text; nothing lies west of the tip.
    assert_eq!(pts(&d.lines[0]), vec![(1.5, 0.5), (0.0, 0.5)]);
    assert_eq!(d.arrowheads, vec![head((0.0, 0.5), Dir::W)]);
}

#[test]
fn lone_vertical_arrows_around_words() {
    let d = p("↓ select ↓");
    assert_eq!(texts(&d), vec!["select"]);
    assert_eq!(d.arrowheads.len(), 2);
    assert!(has_line(&d, &[(0.5, 0.0), (0.5, 1.0)]));
    assert_eq!(d.arrowheads[0], head((0.5, 1.0), Dir::S));
}

#[test]
fn bullets_are_text_unless_listed() {
    let d = p("\"b\" ••• 0.7");
    assert_eq!(texts(&d), vec!["\"b\" ••• 0.7"]);
    let d = p_with("\"b\" ••• 0.7", ArtOptions { extra_art: "•".into(), ..Default::default() });
    assert_eq!(texts(&d), vec!["\"b\"", "0.7"]);
    assert_eq!(d.dots.len(), 3);
    assert_eq!(d.dots[0], Dot { centre: (4.5, 0.5), ch: '•' });
}

#[test]
fn right_aligned_column() {
    let d =
        p_with("  \"cat\" ••• 0.51\n   \"ox\" •   0.27", ArtOptions { extra_art: "•".into(), ..Default::default() });
    assert_eq!(texts(&d), vec!["\"cat\"", "0.51", "\"ox\"", "0.27"]);
    assert_eq!(d.labels[0].align, LabelAlign::Right { right: 7.0 });
    assert_eq!(d.labels[2].align, LabelAlign::Right { right: 7.0 });
    assert_eq!(d.labels[1].align, LabelAlign::Left);
}

#[test]
fn underscore_rule_when_listed() {
    let d = p("Fill ___");
    assert_eq!(texts(&d), vec!["Fill ___"]);
    let d = p_with("Fill ___", ArtOptions { extra_art: "_".into(), ..Default::default() });
    assert_eq!(texts(&d), vec!["Fill"]);
    assert_eq!(pts(&d.lines[0]), vec![(5.0, 1.0), (8.0, 1.0)]);
}

#[test]
fn force_text_keeps_letters() {
    let d = p_with("a | b", ArtOptions { force_text: "|".into(), ..Default::default() });
    assert_eq!(texts(&d), vec!["a | b"]);
    assert!(d.lines.is_empty());
}

#[test]
fn diagonals() {
    let d = p("  ╱\n ╱\n╱");
    assert_eq!(pts(&d.lines[0]), vec![(0.0, 3.0), (3.0, 0.0)]);
    let d = p("\\\n \\");
    assert_eq!(pts(&d.lines[0]), vec![(0.0, 0.0), (2.0, 2.0)]);
    let d = p("and/or");
    assert_eq!(texts(&d), vec!["and/or"]);
}

#[test]
fn tab_is_an_error_with_position() {
    let err = parse("ab\n──\t─", &ArtOptions::default()).unwrap_err();
    assert_eq!(err, ArtError::Tab { line: 2, col: 3 });
    let msg = err.to_string();
    assert!(msg.contains("line 2, column 3"), "{msg}");
}

#[test]
fn crlf_is_accepted() {
    let d = p("┌─┐\r\n└─┘\r\n");
    assert_eq!(d.boxes.len(), 1);
    assert_eq!(d.cols, 3);
}

#[test]
fn big_grid_parses_fast() {
    // 200×200 cells of tiled boxes with text, plus a long vertical and horizontal line.
    let tile = ["┌─┐", "│a│", "└─┘"];
    let mut rows = Vec::new();
    for r in 0..198 {
        let mut s = String::new();
        for _ in 0..66 {
            s.push_str(tile[r % 3]);
        }
        s.push_str(" │");
        rows.push(s);
    }
    rows.push("─".repeat(200));
    let src = rows.join("\n");
    let t = std::time::Instant::now();
    let d = p(&src);
    let took = t.elapsed();
    assert_eq!(d.boxes.len(), 66 * 66);
    assert_eq!(d.labels.len(), 66 * 66);
    assert!(d.labels.iter().all(|l| l.in_box.is_some()));
    assert!(took.as_secs_f32() < 2.0, "took {took:?}");
}

#[test]
fn words_between_arrows_keep_their_distance() {
    let d = p("one → two → six");
    assert_eq!(texts(&d), vec!["one", "two", "six"]);
    assert_eq!(d.labels[0].align, LabelAlign::Right { right: 3.0 });
    assert_eq!(d.labels[1].align, LabelAlign::Center { left: 6.0, right: 9.0 });
    assert_eq!(d.labels[2].align, LabelAlign::Left);
}

#[test]
fn stanza_under_a_connector() {
    // Lines centred on each other under a stem: all centred on the stem's axis.
    let d = p("   │\n  abcd\n   ef\n  ghij");
    let axis = |l: &Label| match l.align {
        LabelAlign::Center { left, right } => Some((left + right) / 2.0),
        _ => None,
    };
    assert!(d.labels.iter().all(|l| axis(l) == Some(3.5)), "{:?}", d.labels);
    // A flush-left block under an arrow stays flush left, all of it.
    let d = p("  ▼\nabcde\nab\nabcdefg");
    assert!(d.labels.iter().all(|l| l.align == LabelAlign::Left), "{:?}", d.labels);
}

#[test]
fn lone_arrow_hung_under_a_line_starts_on_it() {
    let d = p("└───┘\n  ▼");
    assert!(has_line(&d, &[(2.5, 0.5), (2.5, 2.0)]));
    assert_eq!(d.arrowheads, vec![head((2.5, 2.0), Dir::S)]);
}

#[test]
fn random_grids_never_panic_and_stay_in_bounds() {
    let alphabet: Vec<char> = " ─│┌┐└┘├┤┬┴┼╭╮╰╯━┃═║╔╗╚╝╴╷╱╲╳-|+/\\v^<>V▼▲►◄↓↑→←•_ax.".chars().collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let opts = ArtOptions { extra_art: "•_V".into(), force_text: String::new(), rounded: true };
    for _ in 0..3000 {
        let (w, h) = (1 + next() % 9, 1 + next() % 7);
        let mut s = String::new();
        for r in 0..h {
            for _ in 0..(next() % (w + 1)) {
                s.push(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            if r + 1 < h {
                s.push('\n');
            }
        }
        for o in [&opts, &ArtOptions::default()] {
            let d = parse(&s, o).unwrap();
            let (cw, rh) = (d.cols as f32, d.rows as f32);
            for l in &d.lines {
                assert!(l.points.len() >= 2, "{s:?}");
                assert!(l.points.windows(2).all(|w| w[0] != w[1]), "{s:?}: {l:?}");
                for &(x, y) in &l.points {
                    assert!((0.0..=cw).contains(&x) && (0.0..=rh).contains(&y), "{s:?}");
                }
            }
            for l in &d.labels {
                assert!(l.col_start < l.col_end && l.col_end <= d.cols, "{s:?}");
                assert_eq!(l.text.chars().count(), l.col_end - l.col_start);
            }
            for b in &d.boxes {
                assert!(b.left < b.right && b.top < b.bottom);
            }
        }
    }
}

#[test]
fn arrow_before_a_wall_ends_on_its_centre_line() {
    // `──►│`: the tip is on the wall's stroke (its cell centre), not half a cell short.
    let d = p("──►│");
    assert_eq!(d.arrowheads, vec![head((3.5, 0.5), Dir::E)]);
    // ASCII `v` on the row above a border.
    let d = p(" |\n v\n+--+");
    assert_eq!(d.arrowheads, vec![head((1.5, 2.5), Dir::S)]);
    // A lifeline: `|--->|`.
    let d = p("|--->|");
    assert_eq!(d.arrowheads, vec![head((5.5, 0.5), Dir::E)]);
}

#[test]
fn arrow_typed_in_a_wall_keeps_the_wall_closed() {
    let d = p("┌─┐  ┌──┐\n│a│──► b│\n└─┘  └──┘");
    assert_eq!(d.boxes.len(), 2, "{:?}", d.lines);
    assert_eq!(d.arrowheads, vec![head((5.5, 1.5), Dir::E)]);
    // ASCII corners above and below a `>`.
    let d = p("+-+  +--+\n|a|--> b|\n+-+  +--+");
    assert_eq!(d.boxes.len(), 2, "{:?}", d.lines);
}

#[test]
fn arrow_pointing_at_a_word_reaches_for_it() {
    let d = p("──► word");
    assert_eq!(d.reaches, vec![Reach { at: (3.0, 0.5), dir: Dir::E, to: ReachTo::Label(0) }]);
    let d = p("│\n▼\nword");
    assert_eq!(d.reaches, vec![Reach { at: (0.5, 2.0), dir: Dir::S, to: ReachTo::Label(0) }]);
    // A word gap inside the label still counts as the label.
    let d = p("  │\nI am");
    assert_eq!(d.reaches, vec![Reach { at: (2.5, 1.0), dir: Dir::S, to: ReachTo::Label(0) }]);
    // Two blanks: nothing to reach.
    let d = p("──►  word");
    assert!(d.reaches.is_empty());
}

#[test]
fn line_ends_reach_for_the_label_they_carry() {
    let d = p("a --- label ---> b");
    let labels = texts(&d);
    assert_eq!(labels, vec!["a", "label", "b"]);
    let to: Vec<(Dir, ReachTo)> = d.reaches.iter().map(|r| (r.dir, r.to)).collect();
    assert_eq!(
        to,
        vec![
            (Dir::W, ReachTo::Label(0)),
            (Dir::E, ReachTo::Label(1)),
            (Dir::W, ReachTo::Label(1)),
            (Dir::E, ReachTo::Label(2)),
        ]
    );
}

#[test]
fn one_cell_diagonals_between_words_are_strokes() {
    let d = p("  top\n /   \\\nl     r");
    assert!(texts(&d).iter().all(|t| !t.contains('/') && !t.contains('\\')), "{:?}", texts(&d));
    assert!(has_line(&d, &[(1.0, 2.0), (2.0, 1.0)]));
    assert!(has_line(&d, &[(5.0, 1.0), (6.0, 2.0)]));
    // In a word, or with nothing at its ends, a slash is a letter.
    assert_eq!(texts(&p("and/or")), vec!["and/or"]);
    assert_eq!(texts(&p("a / b")), vec!["a / b"]);
    // Kept as a letter when asked.
    let d = p_with("  top\n /\nl", ArtOptions { force_text: "/".into(), ..Default::default() });
    assert!(texts(&d).contains(&"/"));
}

#[test]
fn table_cells_keep_their_alignment() {
    let d = p("| n  | v |\n| 14 |  3|\n| 3  | 12|");
    let al = |t: &str| d.labels.iter().find(|l| l.text == t).unwrap().align;
    assert_eq!(al("14"), LabelAlign::Left);
    assert_eq!(
        d.labels.iter().filter(|l| l.text == "3").map(|l| l.align).next(),
        Some(LabelAlign::Right { right: 9.0 })
    );
    assert_eq!(al("12"), LabelAlign::Right { right: 9.0 });
    let d = p("|  ab  |  c  |");
    assert_eq!(d.labels[0].align, LabelAlign::Center { left: 1.0, right: 7.0 });
    assert_eq!(d.labels[1].align, LabelAlign::Center { left: 8.0, right: 13.0 });
}

#[test]
fn double_lines_meet_as_double_joins() {
    // A double branch under a double border stops on the border's near stroke.
    let d = p("╔═╦═╗\n║ ║ ║\n╚═╩═╝");
    assert!(d.reaches.iter().all(|r| r.to == ReachTo::DoubleLine), "{:?}", d.reaches);
    assert_eq!(d.reaches.len(), 2);
    let d = p("╬");
    assert_eq!(d.double_crossings, vec![(0.5, 0.5)]);
    // Light lines meeting a light border reach for nothing.
    assert!(p("┌┬┐\n│││\n└┴┘").reaches.is_empty());
}

#[test]
fn dashed_characters_make_dashed_lines() {
    let d = p("┌┄┄┐\n┆  ┆\n└┄┄┘");
    assert!(d.lines.iter().any(|l| l.dashed));
    assert!(d.lines.iter().all(|l| !l.closed || l.dashed));
    assert!(p("┌──┐\n└──┘").lines.iter().all(|l| !l.dashed));
}

#[test]
fn near_misses_are_found_where_they_show() {
    // A right wall one column off: its corners and the wall pass each other.
    let d = p("┌────┐\n│ a   │\n└────┘");
    let at: Vec<(usize, usize)> = d.near_misses.iter().map(|m| (m.row, m.col)).collect();
    assert_eq!(at, vec![(0, 5), (1, 6)], "{:?}", d.near_misses);
    assert_eq!(d.near_misses[0].other, (1, 6));
    let (message, _) = d.near_misses[0].describe(&|r, c| format!("row {}, column {}", r + 1, c + 1));
    assert!(message.contains("row 2, column 7"), "{message}");
    // A line one cell short of a box's wall.
    let d = p("   ┌──┐\n── │  │\n   └──┘");
    assert_eq!(d.near_misses.len(), 1, "{:?}", d.near_misses);
    assert_eq!((d.near_misses[0].row, d.near_misses[0].col), (1, 1));
    // An arrow's tip one cell short of a wall arrives there instead (issue 22), and the
    // tail of an arrow a space after a wall is no miss either.
    let d = p("    ┌──┐\n──► │  │\n    └──┘");
    assert!(d.near_misses.is_empty(), "{:?}", d.near_misses);
    assert_eq!(d.arrowheads[0].tip, (4.5, 1.5));
    // ASCII too.
    let d = p("+--+\n|  |\n+--+\n |\n\n----");
    assert_eq!(d.near_misses.len(), 0, "a lone stub is not a run: {:?}", d.near_misses);
    let d = p("+--+\n|  |\n+--+\n  |\n  |\n\n-----");
    assert_eq!(d.near_misses.len(), 1, "{:?}", d.near_misses);
    // An ASCII box whose right wall is one column off: each `+` corner stops short of it.
    let d = p("+-----+\n|      |\n| box  |\n+-----+");
    let at: Vec<(usize, usize)> = d.near_misses.iter().map(|m| (m.row, m.col)).collect();
    assert_eq!(at, vec![(1, 7), (2, 7)], "{:?}", d.near_misses);
    assert_eq!((d.near_misses[0].other, d.near_misses[1].other), ((0, 6), (3, 6)));
    // Closed shapes, meeting lines, and deliberate gaps are fine.
    for ok in ["┌──┐\n│  │\n└──┘", "+--+\n|  |\n+--+", "──┤", "──  │", "a ──► b", "│ │\n│ │", "── ── ──"]
    {
        assert!(p(ok).near_misses.is_empty(), "{ok:?}: {:?}", p(ok).near_misses);
    }
}

#[test]
fn tall_tables_connectors_and_double_grids_stay_linear() {
    // A table of 2,000 rows, 1,000 lone arrows between words in a column, and a 60×60
    // double grid: all well within a second even unoptimised, were any pass quadratic
    // it would not be.
    let mut src = String::from("+------+------+\n");
    for i in 0..2000 {
        src.push_str(&format!("| {:<4} | {:>4} |\n", i, i * 7));
    }
    src.push_str("+------+------+\n");
    for _ in 0..1000 {
        src.push_str("word    →    word\n");
    }
    for r in 0..60 {
        let row: String = (0..60)
            .map(|c| {
                if r % 2 == 0 {
                    if c % 2 == 0 { '╬' } else { '═' }
                } else if c % 2 == 0 {
                    '║'
                } else {
                    ' '
                }
            })
            .collect();
        src.push_str(&row);
        src.push('\n');
    }
    let t = std::time::Instant::now();
    let d = p(&src);
    let took = t.elapsed();
    assert!(d.reaches.len() >= 2000, "{}", d.reaches.len());
    assert!(d.double_crossings.len() >= 29 * 29);
    assert!(took.as_secs_f32() < 2.0, "took {took:?}");
}

#[test]
fn diagonals_run_on_only_into_the_line_they_point_at() {
    // The foot of a diamond over a stem: `/` points into the stem's cell and meets it;
    // `\` points into a blank cell and stops at its corner (it does not cross over).
    let d = p("\\/\n|");
    assert!(has_line(&d, &[(0.0, 0.0), (1.0, 1.0)]), "{:?}", d.lines);
    assert!(has_line(&d, &[(0.5, 1.5), (2.0, 0.0)]), "{:?}", d.lines);
}

#[test]
fn ascii_equals_signs_are_double_lines() {
    let d = p("+=====+\n| a   |\n+=====+");
    let doubles: Vec<_> = d.lines.iter().filter(|l| l.weight == Weight::Double).map(|l| l.points.clone()).collect();
    assert_eq!(doubles, vec![vec![(0.5, 0.5), (6.5, 0.5)], vec![(0.5, 2.5), (6.5, 2.5)]]);
    // Connectors: the shaft is double and the heads arrive.
    let d = p("a <==> b");
    assert_eq!(d.lines.len(), 1);
    assert_eq!(d.lines[0].weight, Weight::Double);
    assert_eq!(d.arrowheads.len(), 2);
    let d = p("+--+     +--+\n|  |====>|  |\n+--+     +--+");
    assert!(d.lines.iter().any(|l| l.weight == Weight::Double && l.points == vec![(3.5, 1.5), (9.5, 1.5)]));
    // Two alone, or one in a sentence, stay text.
    for text in ["a == b", "x = y", "a=b"] {
        let d = p(text);
        assert!(d.lines.is_empty(), "{text:?}: {:?}", d.lines);
    }
}

#[test]
fn ascii_rounded_corners_close_boxes() {
    for src in [".----.\n| a  |\n'----'", ",----.\n| a  |\n`----'"] {
        let d = p(src);
        assert_eq!(d.boxes.len(), 1, "{src:?}: {:?}", d.lines);
        assert!(d.boxes[0].rounded);
        assert_eq!(d.labels.len(), 1);
    }
    // A full stop, a comma or an apostrophe in a label stays a letter.
    let d = p(".----------------.\n| it ends. don't |\n'----------------'");
    let texts: Vec<&str> = d.labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["it ends. don't"]);
    assert_eq!(d.boxes.len(), 1);
    // A backtick under a pipe stays a square tree corner.
    let d = p("a\n|\n`-- b");
    assert!(d.lines.iter().all(|l| !l.rounded_corners));
}

#[test]
fn an_arrow_one_space_before_a_wall_arrives_on_it() {
    let d = p("+---+      +---+\n| a | ---> | b |\n+---+      +---+");
    assert_eq!(d.arrowheads.len(), 1);
    assert_eq!(d.arrowheads[0].tip, (11.5, 1.5));
    assert!(d.near_misses.is_empty(), "{:?}", d.near_misses);
    // Down, with a blank row before the box.
    let d = p(" |\n v\n\n+---+\n| a |\n+---+");
    assert_eq!(d.arrowheads[0].tip, (1.5, 3.5));
    // Two spaces keep it free (and short of the wall).
    let d = p("a --->  |\n        |");
    assert_eq!(d.arrowheads[0].tip.0, 6.0);
}

#[test]
fn titled_borders_and_mixed_weights_are_boxes() {
    let d = p("┌─ notes ─┐\n│  ink    │\n└─────────┘");
    assert_eq!(d.boxes.len(), 1, "{:?}", d.lines);
    assert_eq!((d.boxes[0].left, d.boxes[0].top, d.boxes[0].right, d.boxes[0].bottom), (0.5, 0.5, 10.5, 2.5));
    let ink = d.labels.iter().find(|l| l.text == "ink").unwrap();
    assert_eq!(ink.in_box, Some(0));
    let title = d.labels.iter().find(|l| l.text == "notes").unwrap();
    assert_eq!(title.in_box, None, "a title is part of its border");
    let d = p("+-- notes --+\n|   paper   |\n+-----------+");
    assert_eq!(d.boxes.len(), 1);
    // Nested titled boxes: the inner title is in no box, the word in the inner box is.
    let d = p("┌─ outer ─────┐\n│ ┌─ in ─┐    │\n│ │ seed │    │\n│ └──────┘    │\n└─────────────┘");
    assert_eq!(d.boxes.len(), 2);
    let seed = d.labels.iter().find(|l| l.text == "seed").unwrap();
    let inner = d.boxes.iter().position(|b| b.left == 2.5).unwrap();
    assert_eq!(seed.in_box, Some(inner));
    assert_eq!(d.labels.iter().find(|l| l.text == "in").unwrap().in_box, None);
    // Double rules over light walls (ASCII and box drawing) close a box too.
    for src in ["+=====+\n| a   |\n+=====+", "╒═════╕\n│ a   │\n╘═════╛"] {
        let d = p(src);
        assert_eq!(d.boxes.len(), 1, "{src:?}: {:?}", d.lines);
        assert_eq!(d.labels[0].in_box, Some(0));
    }
    // An open polyline with its ends apart on different sides is no box.
    assert!(p("┌───\n│  a\n└───┘\n    │").boxes.is_empty());
}

#[test]
fn wide_characters_take_two_cells_so_boxes_around_them_close() {
    let d = p("┌──────────┐\n│ 雨 rain  │\n└──────────┘");
    assert_eq!(d.boxes.len(), 1, "{:?}", d.lines);
    assert!(d.near_misses.is_empty(), "{:?}", d.near_misses);
    assert_eq!(d.labels[0].text, "雨 rain");
    assert_eq!((d.labels[0].col_start, d.labels[0].col_end), (2, 9));
    // Fullwidth letters, an ideographic space, emoji shown as emoji.
    for src in ["╔══════╗\n║ ＡＢ ║\n╚══════╝", "┌──────┐\n│ 山\u{3000}│\n└──────┘", "┌────┐\n│ 🌧 │\n└────┘"]
    {
        let d = p(src);
        assert_eq!(d.boxes.len(), 1, "{src:?}");
        assert!(d.near_misses.is_empty(), "{src:?}: {:?}", d.near_misses);
    }
    // Box drawing, arrows and accented letters stay one cell each.
    for ch in ['─', '│', '►', '→', 'é', '█', '░'] {
        assert_eq!(super::cells_of(ch), 1, "{ch}");
    }
}

#[test]
fn block_elements_are_filled_rectangles_in_proportion_to_their_cells() {
    let d = p("rain  ████████  8\nsnow  ███▌      3.5\nmist  ░░▒▒▓▓");
    let rects: Vec<([f32; 4], f32)> = d.fills.iter().map(|f| (f.rect, f.tint)).collect();
    assert_eq!(
        rects,
        vec![
            ([6.0, 0.0, 14.0, 1.0], 1.0),
            ([6.0, 1.0, 9.5, 2.0], 1.0),
            ([6.0, 2.0, 8.0, 3.0], 0.25),
            ([8.0, 2.0, 10.0, 3.0], 0.5),
            ([10.0, 2.0, 12.0, 3.0], 0.75),
        ]
    );
    // The words beside the bars keep their column: flush left.
    assert!(d.labels.iter().all(|l| l.align == LabelAlign::Left), "{:?}", d.labels);
    assert!(d.lines.is_empty());
    // Halves, eighths and quadrants.
    let d = p("▀▄▌▐▁▇▏▕▔▖▗▘▝▙▚▛▜▞▟");
    assert_eq!(d.fills[0].rect, [0.0, 0.0, 1.0, 0.5]);
    assert_eq!(d.fills[1].rect, [1.0, 0.5, 2.0, 1.0]);
    assert!(d.fills.iter().any(|f| f.rect == [2.0, 0.0, 2.5, 1.0]));
    assert!(d.fills.iter().any(|f| f.rect == [3.5, 0.0, 4.0, 1.0]));
    assert!(d.fills.iter().any(|f| f.rect == [4.0, 0.875, 5.0, 1.0]));
    assert!(d.fills.iter().any(|f| f.rect == [5.0, 0.125, 6.0, 1.0]));
    // Every piece drawn once: the filled area is the sum of the characters' areas.
    let area: f32 = d.fills.iter().map(|f| (f.rect[2] - f.rect[0]) * (f.rect[3] - f.rect[1])).sum();
    assert!((area - 8.375).abs() < 1e-4, "{area}: {:?}", d.fills);
    // `text_chars` keeps them letters.
    let opts = ArtOptions { force_text: "█".into(), ..ArtOptions::default() };
    assert!(parse("██ a", &opts).unwrap().fills.is_empty());
}

#[test]
fn a_branch_from_a_word_to_nothing_is_a_near_miss() {
    let d = p("  poem\n /\n/");
    assert_eq!(d.near_misses.len(), 1, "{:?}", d.near_misses);
    let m = &d.near_misses[0];
    assert_eq!((m.row, m.col, m.kind, m.other), (2, 0, NearMissKind::BranchToNothing, (0, 2)));
    // Trees, diamonds and mountains are fine.
    for ok in ["  a\n /\nb", " /\\\n/  \\", "  top\n /   \\\nl     r", "  /\\\n < a >\n  \\/"] {
        assert!(p(ok).near_misses.is_empty(), "{ok:?}: {:?}", p(ok).near_misses);
    }
}
