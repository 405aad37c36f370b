package agree

import (
	"math"
	"testing"
)

// uStudy builds a one-article unitizing study of n code points from
// (rater, category, offset, length) units.
func uStudy(raters, n int, units [][4]int) *unitizing {
	byRater := make([][][]unit, raters)
	for r := range byRater {
		byRater[r] = make([][]unit, 4)
	}
	for _, x := range units {
		r, c := x[0], x[1]
		byRater[r][c] = append(byRater[r][c], unit{x[2], x[2] + x[3]})
	}
	u := newUnitizing(raters)
	u.addArticle(n, byRater)
	return u
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s: got %.5f, want %.5f (±%g)", what, got, want, tol)
	}
}

// TestAlphaUKrippendorff2004 is the worked example of Krippendorff
// (2004), "Measuring the reliability of qualitative text analysis data",
// Quality & Quantity 38:787–800, p. 254 (Content Analysis, 2nd ed.), as
// DKPro Statistics' Krippendorff2004Test has it: a continuum [150, 450),
// two observers, categories c and k; α-U = 0.8591, for c D_O = 0.0144,
// D_E = 0.0532, α = 0.7286, for k D_O = 0, D_E = 0.0490, α = 1. (Offsets
// here start at 0: 150 less.)
func TestAlphaUKrippendorff2004(t *testing.T) {
	const c, k = 0, 1
	u := uStudy(2, 300, [][4]int{
		{0, c, 75, 70}, {0, c, 220, 30}, {1, c, 70, 80}, {1, c, 205, 20}, {1, c, 250, 20},
		{0, k, 30, 60}, {0, k, 150, 50}, {1, k, 30, 60}, {1, k, 150, 50},
	})
	all, byCat := u.result()
	near(t, "α-U", all, 0.8591, 0.0005)
	near(t, "α-U c", byCat[c], 0.7286, 0.0001)
	near(t, "α-U k", byCat[k], 1, 0.0001)
	R, L := 2.0, 300.0
	near(t, "D_O c", u.cats[c].observed*2/(R*(R-1)*L*L), 0.0144, 0.0001)
	near(t, "D_E c", u.cats[c].expected(300, 2), 0.0532, 0.0001)
	near(t, "D_E k", u.cats[k].expected(300, 2), 0.0490, 0.0001)
	// the distances of Krippendorff's (2004) Figure 2, via DKPro's testDistanceMetric2
	near(t, "δ(225+70 c, 220+80 c)", distance(segment{225, 295, true}, segment{220, 300, true}), 50, 0)
	near(t, "δ(370+30 c, 355+20 c)", distance(segment{370, 400, true}, segment{355, 375, true}), 850, 0)
	near(t, "δ(gap 400+50, 400+20 c)", distance(segment{400, 450, false}, segment{400, 420, true}), 400, 0)
}

// TestAlphaUKrippendorff1995 is the example of Krippendorff (1995), "On
// the reliability of unitizing contiguous data", Sociological
// Methodology 25:47–76, p. 57, as DKPro's Krippendorff1995Test has it:
// observed disagreements of four pairs of coders on 24 units.
func TestAlphaUKrippendorff1995(t *testing.T) {
	const A, B, C, D = 0, 1, 2, 3
	u := uStudy(2, 24, [][4]int{
		{0, A, 2, 8}, {0, A, 14, 6}, {1, A, 4, 4}, {1, A, 15, 2},
		{0, B, 0, 18}, {1, B, 0, 2}, {1, B, 2, 1}, {1, B, 3, 1}, {1, B, 4, 1}, {1, B, 5, 1}, {1, B, 6, 3}, {1, B, 9, 1},
		{0, C, 2, 6}, {0, C, 10, 2}, {0, C, 14, 4}, {0, C, 20, 2}, {1, C, 0, 2}, {1, C, 4, 4}, {1, C, 10, 4}, {1, C, 16, 2}, {1, C, 20, 2},
		{0, D, 0, 2}, {0, D, 2, 8}, {0, D, 10, 4}, {0, D, 14, 6}, {0, D, 20, 4}, {1, D, 0, 4}, {1, D, 4, 4}, {1, D, 8, 7}, {1, D, 15, 2}, {1, D, 17, 7},
	})
	for c, want := range []float64{0.03125, 2.26736, 0.02777, 0.38715} {
		near(t, "D_O "+string(rune('A'+c)), u.cats[c].observed*2/(2*1*24*24), want, 0.00001)
	}
}

// TestAlphaUArticles checks that articles one after another make one
// continuum: two articles give what one text of both gives.
func TestAlphaUArticles(t *testing.T) {
	one := uStudy(2, 24, [][4]int{{0, 0, 2, 8}, {0, 0, 14, 6}, {1, 0, 4, 4}, {1, 0, 15, 2}})
	two := newUnitizing(2)
	two.addArticle(12, [][][]unit{{{{2, 10}}}, {{{4, 8}}}})
	two.addArticle(12, [][][]unit{{{{2, 8}}}, {{{3, 5}}}})
	a1, _ := one.result()
	a2, _ := two.result()
	near(t, "α-U of two articles", a2, a1, 1e-12)
}
