package agree

import (
	"math"
	"sort"
)

// Krippendorff's α-U for unitizing (Krippendorff 1995, "On the
// reliability of unitizing contiguous data"; 2004, "Measuring the
// reliability of qualitative text analysis data"), computed as DKPro
// Statistics' KrippendorffAlphaUnitizingAgreement computes it, the
// implementation INCEpTION uses: for each category c, the observed
// disagreement D_O,c sums over every pair of raters the distances of
// their overlapping segments (units and the gaps between them), 2/(R(R−1)L²)
// times; the expected D_E,c weighs every unit against every gap it fits
// in; α-U,c = 1 − D_O,c/D_E,c (0 when they are equal), and α-U over all
// categories = 1 − mean(D_O,c)/mean(D_E,c) (0 when equal). The continuum is
// the articles' texts one after another, in code points; the raters are
// those who took part in every article of it.

type unit struct{ start, end int }

// unitizing accumulates α-U over a continuum built article by article.
type unitizing struct {
	raters int
	length int // L so far
	cats   []*uCat
}

type uCat struct {
	observed float64 // Σ over rater pairs of segment distances
	lengths  []int   // every unit's length
	gaps     []int   // every rater's gaps, over the whole continuum
	lastEnd  []int   // per rater: where its last unit ended, in the continuum
	sqLen    float64 // Σ l(l−1)
}

func newUnitizing(raters int) *unitizing { return &unitizing{raters: raters} }

func (u *unitizing) cat(c int) *uCat {
	for len(u.cats) <= c {
		u.cats = append(u.cats, nil)
	}
	if u.cats[c] == nil {
		u.cats[c] = &uCat{lastEnd: make([]int, u.raters)}
	}
	return u.cats[c]
}

// addArticle adds an article of n code points: units[r][c] are rater
// r's units of category c, sorted and not overlapping.
func (u *unitizing) addArticle(n int, units [][][]unit) {
	maxCat := 0
	for _, byCat := range units {
		maxCat = max(maxCat, len(byCat))
	}
	for c := 0; c < maxCat; c++ {
		uc := u.cat(c)
		for r := range units {
			for _, x := range get(units[r], c) {
				s := u.length + x.start
				if s > uc.lastEnd[r] {
					uc.gaps = append(uc.gaps, s-uc.lastEnd[r])
				}
				uc.lastEnd[r] = u.length + x.end
				l := x.end - x.start
				uc.lengths = append(uc.lengths, l)
				uc.sqLen += float64(l) * float64(l-1)
			}
		}
		for a := range units {
			for b := a + 1; b < len(units); b++ {
				uc.observed += observed(get(units[a], c), get(units[b], c), n)
			}
		}
	}
	u.length += n
}

func get(byCat [][]unit, c int) []unit {
	if c < len(byCat) {
		return byCat[c]
	}
	return nil
}

// segments turns units into the alternating units and gaps that cover [0, n).
type segment struct {
	start, end int
	isUnit     bool
}

func segments(dst []segment, us []unit, n int) []segment {
	pos := 0
	for _, x := range us {
		if x.start > pos {
			dst = append(dst, segment{pos, x.start, false})
		}
		dst = append(dst, segment{x.start, x.end, true})
		pos = x.end
	}
	if pos < n {
		dst = append(dst, segment{pos, n, false})
	}
	return dst
}

// observed sums the distance of every overlapping pair of segments of two raters.
func observed(a, b []unit, n int) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	sa := segments(nil, a, n)
	sb := segments(nil, b, n)
	var sum float64
	i, j := 0, 0
	for i < len(sa) && j < len(sb) {
		sum += distance(sa[i], sb[j])
		if sa[i].end <= sb[j].end {
			if sa[i].end == sb[j].end {
				j++
			}
			i++
		} else {
			j++
		}
	}
	return sum
}

// distance is Krippendorff's δ of two overlapping segments: for two
// units the squared differences of their starts and of their ends; a
// unit inside the other's gap, its length squared; otherwise 0.
func distance(x, y segment) float64 {
	bd := float64(x.start - y.start)
	l1, l2 := float64(x.end-x.start), float64(y.end-y.start)
	ld := l1 - l2
	switch {
	case x.isUnit && y.isUnit && -l1 < bd && bd < l2:
		return bd*bd + (bd+ld)*(bd+ld)
	case x.isUnit && !y.isUnit && -ld >= bd && bd >= 0:
		return l1 * l1
	case !x.isUnit && y.isUnit && -ld <= bd && bd <= 0:
		return l2 * l2
	}
	return 0
}

// result returns α-U per category and over all of them.
func (u *unitizing) result() (all float64, byCat []float64) {
	if u.raters < 2 || u.length == 0 {
		return math.NaN(), nil
	}
	R, L := float64(u.raters), float64(u.length)
	var sumO, sumE float64
	used := 0
	byCat = make([]float64, len(u.cats))
	for c, uc := range u.cats {
		byCat[c] = math.NaN()
		if uc == nil || len(uc.lengths) == 0 {
			continue
		}
		used++
		do := uc.observed * 2 / (R * (R - 1) * L * L)
		de := uc.expected(u.length, u.raters)
		sumO += do
		sumE += de
		byCat[c] = 1 - do/de
		if do == de {
			byCat[c] = 0
		}
	}
	if used == 0 {
		return math.NaN(), byCat
	}
	if sumO == sumE {
		return 0, byCat
	}
	return 1 - sumO/sumE, byCat
}

func (uc *uCat) expected(length, raters int) float64 {
	gaps := append([]int(nil), uc.gaps...)
	for _, e := range uc.lastEnd {
		if e < length {
			gaps = append(gaps, length-e)
		}
	}
	sort.Ints(gaps)
	// suffix sums: count and total of the gaps from index i on
	cnt := len(gaps)
	suf := make([]float64, cnt+1)
	for i := cnt - 1; i >= 0; i-- {
		suf[i] = suf[i+1] + float64(gaps[i])
	}
	nc := float64(len(uc.lengths))
	var sum float64
	for _, l := range uc.lengths {
		lf := float64(l)
		sum += (nc - 1) * (2*lf*lf*lf - 3*lf*lf + lf) / 3
		i := sort.SearchInts(gaps, l) // first gap ≥ l
		k := float64(cnt - i)
		sum += lf * lf * (suf[i] - k*(lf-1))
	}
	R, L := float64(raters), float64(length)
	return sum * 2 / L / (R*L*(R*L-1) - uc.sqLen)
}
