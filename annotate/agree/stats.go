package agree

import "math"

// matrix is a square confusion matrix of category ids that grows as new
// ids appear.
type matrix struct {
	n int
	m []int64
}

func (c *matrix) grow(n int) {
	if n <= c.n {
		return
	}
	m := make([]int64, n*n)
	for i := 0; i < c.n; i++ {
		copy(m[i*n:i*n+c.n], c.m[i*c.n:(i+1)*c.n])
	}
	c.n, c.m = n, m
}

func (c *matrix) add(i, j int, w int64) {
	if i >= c.n || j >= c.n {
		c.grow(max(i, j) + 1)
	}
	c.m[i*c.n+j] += w
}

func (c *matrix) at(i, j int) int64 {
	if i >= c.n || j >= c.n {
		return 0
	}
	return c.m[i*c.n+j]
}

func (c *matrix) merge(o *matrix) {
	c.grow(o.n)
	for i := 0; i < o.n; i++ {
		for j := 0; j < o.n; j++ {
			c.m[i*c.n+j] += o.m[i*o.n+j]
		}
	}
}

// collapse returns the matrix with every category mapped through f.
func (c *matrix) collapse(f func(int) int) *matrix {
	out := &matrix{}
	for i := 0; i < c.n; i++ {
		for j := 0; j < c.n; j++ {
			if v := c.m[i*c.n+j]; v != 0 {
				out.add(f(i), f(j), v)
			}
		}
	}
	return out
}

// cohen returns Cohen's κ of the matrix (rows one rater, columns the
// other): (Ao − Ae) / (1 − Ae) with Ae from each rater's own marginals.
// NaN when there are no items or Ae is 1 (both raters gave one and the
// same category throughout), as scikit-learn's cohen_kappa_score.
func (c *matrix) cohen() float64 {
	var total, agree float64
	rows := make([]float64, c.n)
	cols := make([]float64, c.n)
	for i := 0; i < c.n; i++ {
		for j := 0; j < c.n; j++ {
			v := float64(c.m[i*c.n+j])
			total += v
			rows[i] += v
			cols[j] += v
			if i == j {
				agree += v
			}
		}
	}
	if total == 0 {
		return math.NaN()
	}
	var ae float64
	for i := range rows {
		ae += rows[i] / total * cols[i] / total
	}
	return kappa(agree/total, ae)
}

func kappa(ao, ae float64) float64 {
	if ae == 1 {
		return math.NaN()
	}
	return (ao - ae) / (1 - ae)
}

// multi accumulates items coded by the same raters, for Fleiss' κ
// (Fleiss 1971; Artstein & Poesio's multi-π, NLTK's AnnotationTask.pi)
// and Davies & Fleiss's multi-κ (1982; NLTK's multi_kappa).
type multi struct {
	raters  int
	items   float64
	pbar    float64     // Σ over items of the share of rater pairs that agree
	totals  []float64   // per category, over all raters
	byRater [][]float64 // per rater, per category
}

func newMulti(raters int) *multi {
	return &multi{raters: raters, byRater: make([][]float64, raters)}
}

// add adds w items on which rater r gave cats[r]; sq is Σ over the
// categories of the square of how many raters gave it (sumSquares).
func (m *multi) add(cats []int, w float64, sq int) {
	n := float64(len(cats))
	for r, k := range cats {
		for len(m.totals) <= k {
			m.totals = append(m.totals, 0)
		}
		m.totals[k] += w
		for len(m.byRater[r]) <= k {
			m.byRater[r] = append(m.byRater[r], 0)
		}
		m.byRater[r][k] += w
	}
	m.items += w
	m.pbar += w * (float64(sq) - n) / (n * (n - 1))
}

// sumSquares returns Σ over categories of (raters that gave it)²;
// scratch, indexed by category, is left zero.
func sumSquares(cats []int, scratch []int) int {
	for _, k := range cats {
		scratch[k]++
	}
	sq := 0
	for _, k := range cats {
		if c := scratch[k]; c > 0 {
			sq += c * c
			scratch[k] = 0
		}
	}
	return sq
}

// fleiss returns Fleiss' κ; NaN without items or when every rating is the same category.
func (m *multi) fleiss() float64 {
	if m.items == 0 {
		return math.NaN()
	}
	var pe float64
	all := m.items * float64(m.raters)
	for _, t := range m.totals {
		pe += (t / all) * (t / all)
	}
	return kappa(m.pbar/m.items, pe)
}

// daviesFleiss returns multi-κ: observed agreement as Fleiss', expected
// agreement the mean over rater pairs of Cohen's, from each rater's own marginals.
func (m *multi) daviesFleiss() float64 {
	if m.items == 0 {
		return math.NaN()
	}
	var ae float64
	pairs := 0
	for a := 0; a < m.raters; a++ {
		for b := a + 1; b < m.raters; b++ {
			pairs++
			ra, rb := m.byRater[a], m.byRater[b]
			for k := 0; k < min(len(ra), len(rb)); k++ {
				ae += ra[k] / m.items * rb[k] / m.items
			}
		}
	}
	return kappa(m.pbar/m.items, ae/float64(pairs))
}

// alpha accumulates Krippendorff's α, nominal, over units coded by any
// number of raters (units with fewer than two values are left out).
type alpha struct {
	do     float64   // Σ over units of Σ_{c≠k} n_uc n_uk / (m_u − 1)
	totals []float64 // pairable values per category
	n      float64
}

func (a *alpha) add(cats []int, sq int) {
	m := len(cats)
	if m < 2 {
		return
	}
	for _, k := range cats {
		for len(a.totals) <= k {
			a.totals = append(a.totals, 0)
		}
		a.totals[k]++
	}
	a.do += float64(m*m-sq) / float64(m-1)
	a.n += float64(m)
}

// value returns α = 1 − Do/De; NaN without pairable values, 1 when
// only one category was ever given (as NLTK).
func (a *alpha) value() float64 {
	if a.n == 0 {
		return math.NaN()
	}
	var sq float64
	for _, t := range a.totals {
		sq += t * t
	}
	de := (a.n*a.n - sq) / (a.n * (a.n - 1))
	if de == 0 {
		return 1
	}
	return 1 - (a.do/a.n)/de
}
