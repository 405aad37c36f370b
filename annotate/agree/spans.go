package agree

import (
	"cmp"
	"slices"
)

// span is one span reduced to what agreement looks at: offsets and label id.
type span struct{ start, end, label int }

// Counts are the span counts behind precision, recall and F1 of a pair
// of annotators, A taken as the reference of B.
type Counts struct {
	A, B    int // spans of each
	Exact   int // pairs of spans with the same offsets and label
	Overlap int // one-to-one pairs of spans with the same label that share a code point
}

func (c *Counts) add(o Counts) {
	c.A += o.A
	c.B += o.B
	c.Exact += o.Exact
	c.Overlap += o.Overlap
}

// P returns precision: matched spans of B over B's spans (NaN without any).
func (c Counts) P(overlap bool) float64 { return ratio(c.match(overlap), c.B) }

// R returns recall: matched spans of A over A's spans.
func (c Counts) R(overlap bool) float64 { return ratio(c.match(overlap), c.A) }

// F1 returns 2·matches / (A + B): symmetric in A and B.
func (c Counts) F1(overlap bool) float64 { return ratio(2*c.match(overlap), c.A+c.B) }

func (c Counts) match(overlap bool) int {
	if overlap {
		return c.Overlap
	}
	return c.Exact
}

func ratio(n, d int) float64 {
	if d == 0 {
		return nan
	}
	return float64(n) / float64(d)
}

// compareSpans matches a's spans against b's (both sorted by start) and returns the counts per label (indexed by label id) and the
// pairs of labels of the confusion table: same-label overlap matches on
// the diagonal, then, among the spans left, one-to-one overlapping pairs
// of different labels, then each span still left against "no span". In
// conf, a label's id is its id + 1, and 0 stands for no span.
func compareSpans(a, b []span, perLabel []Counts, conf *matrix) {
	const none = 0
	for _, s := range a {
		perLabel[s.label].A++
	}
	for _, s := range b {
		perLabel[s.label].B++
	}
	inB := make(map[span]bool, len(b))
	for _, y := range b {
		inB[y] = true
	}
	for _, x := range a {
		if inB[x] {
			perLabel[x.label].Exact++
			inB[x] = false // a span of b matches once
		}
	}
	usedA := make([]bool, len(a))
	usedB := make([]bool, len(b))
	for _, p := range overlapPairs(a, b, true) {
		if !usedA[p.i] && !usedB[p.j] {
			usedA[p.i], usedB[p.j] = true, true
			perLabel[a[p.i].label].Overlap++
			conf.add(a[p.i].label+1, b[p.j].label+1, 1)
		}
	}
	for _, p := range overlapPairs(a, b, false) {
		if !usedA[p.i] && !usedB[p.j] {
			usedA[p.i], usedB[p.j] = true, true
			conf.add(a[p.i].label+1, b[p.j].label+1, 1)
		}
	}
	for i, u := range usedA {
		if !u {
			conf.add(a[i].label+1, none, 1)
		}
	}
	for j, u := range usedB {
		if !u {
			conf.add(none, b[j].label+1, 1)
		}
	}
}

type pair struct{ i, j, shared int }

// overlapPairs lists the pairs of a span of a and one of b that share a
// code point, with the same label (sameLabel) or different labels, the
// largest overlap first, then in text order: the order a greedy
// one-to-one matching takes them in.
func overlapPairs(a, b []span, sameLabel bool) []pair {
	var ps []pair
	for i, x := range a {
		for j := 0; j < len(b) && b[j].start < x.end; j++ {
			y := b[j]
			if y.end <= x.start || (x.label == y.label) != sameLabel {
				continue
			}
			ps = append(ps, pair{i, j, min(x.end, y.end) - max(x.start, y.start)})
		}
	}
	slices.SortFunc(ps, func(p, q pair) int {
		return cmp.Or(cmp.Compare(q.shared, p.shared), cmp.Compare(p.i, q.i), cmp.Compare(p.j, q.j))
	})
	return ps
}
