package app

// The view model's span index: spans in nesting order (outer first), a
// running maximum of ends for overlap queries, and nesting lanes.

import (
	"sort"
)

// validSpans keeps the spans that fit a text of n code points.
func validSpans(spans []ViewSpan, n int) []ViewSpan {
	out := make([]ViewSpan, 0, len(spans))
	for _, s := range spans {
		if s.Start >= 0 && s.Start < s.End && s.End <= n {
			out = append(out, s)
		}
	}
	return out
}

// spanLess orders spans for the index: outer spans before the spans they
// contain, so lanes nest.
func spanLess(a, b ViewSpan) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.End != b.End {
		return a.End > b.End
	}
	if a.Label != b.Label {
		return a.Label < b.Label
	}
	return a.ID < b.ID
}

func (m *viewModel) setSpans(spans []ViewSpan) {
	m.spans = append(m.spans[:0:0], spans...)
	sort.Slice(m.spans, func(i, j int) bool { return spanLess(m.spans[i], m.spans[j]) })
	m.reindex(0)
	m.lanes = nil
	m.assignLanes()
}

// reindex recomputes maxEnd from index from on.
func (m *viewModel) reindex(from int) {
	if cap(m.maxEnd) < len(m.spans) {
		m.maxEnd = append(m.maxEnd[:cap(m.maxEnd)], make([]int, len(m.spans)-cap(m.maxEnd))...)
	}
	m.maxEnd = m.maxEnd[:len(m.spans)]
	for i := from; i < len(m.spans); i++ {
		e := m.spans[i].End
		if i > 0 {
			e = max(e, m.maxEnd[i-1])
		}
		m.maxEnd[i] = e
	}
}

// assignLanes gives every span the lowest lane free at its start (greedy
// interval colouring in index order: a span nested in another gets a
// deeper lane). It returns the previous lanes, for laneDiff.
func (m *viewModel) assignLanes() []int {
	lanes := make([]int, len(m.spans))
	var laneEnd []int
	m.nLanes = 0
	for i, s := range m.spans {
		l := 0
		for l < len(laneEnd) && laneEnd[l] > s.Start {
			l++
		}
		if l == len(laneEnd) {
			laneEnd = append(laneEnd, 0)
		}
		laneEnd[l] = s.End
		lanes[i] = l
		m.nLanes = max(m.nLanes, l+1)
	}
	old := m.lanes
	m.lanes = lanes
	return old
}

// find returns the index of the span with this id, -1 if none.
func (m *viewModel) find(id int64) int {
	for i := range m.spans {
		if m.spans[i].ID == id {
			return i
		}
	}
	return -1
}

// overlapping returns the indexes of spans that overlap [a, b), in index
// order. Spans are sorted by start and maxEnd is monotone, so the
// candidates are a contiguous run found by two binary searches.
func (m *viewModel) overlapping(a, b int) []int {
	hi := sort.Search(len(m.spans), func(i int) bool { return m.spans[i].Start >= b })
	lo := sort.Search(hi, func(i int) bool { return m.maxEnd[i] > a })
	var out []int
	for i := lo; i < hi; i++ {
		if m.spans[i].End > a {
			out = append(out, i)
		}
	}
	return out
}

// addSpan inserts s; removeSpan removes the span with id. Both return the
// code point range to redraw (lanes may move for neighbours).
func (m *viewModel) addSpan(s ViewSpan) (int, int) {
	i := sort.Search(len(m.spans), func(i int) bool { return spanLess(s, m.spans[i]) })
	m.spans = append(m.spans, ViewSpan{})
	copy(m.spans[i+1:], m.spans[i:])
	m.spans[i] = s
	m.reindex(i)
	old := m.assignLanes()
	a, b := m.laneDiff(old, i, 1)
	return min(a, s.Start), max(b, s.End)
}

func (m *viewModel) removeSpan(id int64) (int, int, bool) {
	i := m.find(id)
	if i < 0 {
		return 0, 0, false
	}
	s := m.spans[i]
	m.spans = append(m.spans[:i], m.spans[i+1:]...)
	m.reindex(i)
	old := m.assignLanes()
	a, b := m.laneDiff(old, i, -1)
	return min(a, s.Start), max(b, s.End), true
}

// laneDiff compares lanes with old, where a span was inserted at (d=+1)
// or removed from (d=-1) index at, and returns the range of spans whose
// lane changed (empty range at the text's end when none did).
func (m *viewModel) laneDiff(old []int, at, d int) (int, int) {
	a, b := m.n, 0
	for i, l := range m.lanes {
		j := i
		if i >= at {
			j = i - d
		}
		if d > 0 && i == at {
			continue
		}
		if j < 0 || j >= len(old) || old[j] != l {
			a, b = min(a, m.spans[i].Start), max(b, m.spans[i].End)
		}
	}
	return a, b
}

// sortedSpans returns the spans in the contract's order (start, end, label).
func (m *viewModel) sortedSpans() []ViewSpan {
	out := append([]ViewSpan(nil), m.spans...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		return a.ID < b.ID
	})
	return out
}

// spansAt returns the ids of the spans that hold code point cp, outermost
// first (longest first), the order a repeated click cycles through.
func (m *viewModel) spansAt(cp int) []int64 {
	idx := m.overlapping(cp, cp+1)
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := m.spans[idx[i]], m.spans[idx[j]]
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return la > lb
		}
		return m.lanes[idx[i]] < m.lanes[idx[j]]
	})
	ids := make([]int64, len(idx))
	for k, i := range idx {
		ids[k] = m.spans[i].ID
	}
	return ids
}
