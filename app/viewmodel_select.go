package app

// Grapheme clusters, words and selection snapping of the view model.

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// clusters returns the grapheme cluster boundaries of token ti, as code
// points, including both ends.
func (m *viewModel) clusters(ti int) []int {
	t := m.tokens[ti]
	out := []int{int(t.start)}
	s, cp := m.text[t.bs:t.be], int(t.start)
	for len(s) > 0 {
		var cl string
		cl, s, _, _ = uniseg.FirstGraphemeClusterInString(s, -1)
		cp += utf8.RuneCountInString(cl)
		out = append(out, cp)
	}
	return out
}

// hit maps x on line li to a code point: with nearest, the cluster
// boundary nearest x (for carets); otherwise the start of the cluster under
// x (for picking), and -1 when x is beyond the line's text.
func (m *viewModel) hit(li int, x float32, nearest bool) int {
	li = min(max(li, 0), len(m.lines)-1)
	l := m.lines[li]
	items := m.items[l.i0:l.i1]
	if len(items) == 0 || x < 0 {
		if nearest || len(items) == 0 {
			return l.start
		}
		return -1
	}
	k := sort.Search(len(items), func(i int) bool { return items[i].x > x }) - 1
	if k < 0 {
		k = 0
	}
	it := &items[k]
	if x >= it.x+it.w {
		if nearest {
			return l.end
		}
		return -1
	}
	x = m.mirrorX(it, x) // a right-to-left word (viewmodel_rtl.go)
	ti := m.tokenOf(int(it.start))
	prev, prevX := int(it.start), it.x
	for _, c := range m.clusters(ti) {
		if c <= int(it.start) {
			continue
		}
		if c > int(it.end) {
			break
		}
		cx := it.x + m.itemWidthTo(it, c)
		if x < cx {
			if !nearest || x-prevX < cx-x {
				return prev
			}
			return c
		}
		prev, prevX = c, cx
	}
	if nearest {
		return prev
	}
	return -1
}

// clusterStart returns the cluster boundary at or before cp; clusterEnd the
// one at or after cp.
func (m *viewModel) clusterStart(cp int) int {
	if cp <= 0 || cp >= m.n {
		return min(max(cp, 0), m.n)
	}
	cs := m.clusters(m.tokenOf(cp))
	return cs[sort.Search(len(cs), func(i int) bool { return cs[i] > cp })-1]
}

func (m *viewModel) clusterEnd(cp int) int {
	if cp <= 0 || cp >= m.n {
		return min(max(cp, 0), m.n)
	}
	cs := m.clusters(m.tokenOf(cp))
	return cs[sort.Search(len(cs), func(i int) bool { return cs[i] >= cp })]
}

// isBoundary reports whether cp is a grapheme cluster boundary.
func (m *viewModel) isBoundary(cp int) bool { return m.clusterStart(cp) == cp }

// nextCluster and prevCluster move a caret by one grapheme cluster.
func (m *viewModel) nextCluster(cp int) int {
	if cp >= m.n {
		return m.n
	}
	cs := m.clusters(m.tokenOf(cp))
	return cs[sort.Search(len(cs), func(i int) bool { return cs[i] > cp })]
}

func (m *viewModel) prevCluster(cp int) int {
	if cp <= 0 {
		return 0
	}
	cs := m.clusters(m.tokenOf(cp - 1))
	return cs[sort.Search(len(cs), func(i int) bool { return cs[i] >= cp })-1]
}

// segment is a word segment (UAX #29) in code points.
type segment struct{ start, end int }

// words returns the word segments of token ti, cut as news text is
// (viewmodel_words.go).
func (m *viewModel) words(ti int) []segment {
	t := m.tokens[ti]
	if t.kind != tokWord {
		return []segment{{int(t.start), int(t.end)}}
	}
	var out []segment
	s, cp, state := m.text[t.bs:t.be], int(t.start), -1
	for len(s) > 0 {
		var w string
		w, s, state = uniseg.FirstWordInString(s, state)
		n := utf8.RuneCountInString(w)
		out = append(out, segment{cp, cp + n})
		cp += n
	}
	return m.newsWords(out)
}

// trimmable reports whether a segment is only spaces, breaks and
// punctuation, or a possessive 's: what snapping drops from the ends of a
// selection.
func (m *viewModel) trimmable(sg segment) bool {
	if m.possessive(sg) {
		return true
	}
	for _, r := range m.idx.Slice(sg.start, sg.end) {
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) {
			return false
		}
	}
	return true
}

// wordAt returns the word segment holding code point cp.
func (m *viewModel) wordAt(cp int) segment {
	if m.n == 0 {
		return segment{}
	}
	cp = min(max(cp, 0), m.n-1)
	for _, sg := range m.words(m.tokenOf(cp)) {
		if sg.end > cp {
			return sg
		}
	}
	return segment{cp, cp}
}

// snap turns a raw selection into the one the view reports: a caret stays
// a caret (on a cluster boundary); in precise mode a range grows to whole
// clusters; otherwise it grows to whole words and then drops leading and
// trailing spaces and punctuation, unless that would leave nothing.
func (m *viewModel) snap(a, b int, precise bool) (int, int) {
	a, b = min(max(a, 0), m.n), min(max(b, 0), m.n)
	if a > b {
		a, b = b, a
	}
	if a == b {
		c := m.clusterStart(a)
		return c, c
	}
	pa, pb := m.clusterStart(a), m.clusterEnd(b)
	if precise {
		return pa, pb
	}
	var segs []segment
	for ti := m.tokenOf(a); ti < len(m.tokens) && int(m.tokens[ti].start) < b; ti++ {
		for _, sg := range m.words(ti) {
			if sg.end > a && sg.start < b {
				segs = append(segs, sg)
			}
		}
	}
	i, j := 0, len(segs)
	for i < j && m.trimmable(segs[i]) {
		i++
	}
	for j > i && m.trimmable(segs[j-1]) {
		j--
	}
	if i == j {
		return pa, pb
	}
	return segs[i].start, segs[j-1].end
}

// nextWord returns the end of the next word after cp; prevWord the start
// of the word before cp (spaces and punctuation are skipped).
func (m *viewModel) nextWord(cp int) int {
	if sg, ok := m.wordAfter(cp, func(sg segment) bool { return sg.end > cp }); ok {
		return sg.end
	}
	return m.n
}

func (m *viewModel) prevWord(cp int) int {
	if sg, ok := m.wordBefore(cp, func(sg segment) bool { return sg.start < cp }); ok {
		return sg.start
	}
	return 0
}

// wordAfter returns the first word (not spaces or punctuation) from the
// token of cp on for which want holds; wordBefore the last one from the
// token before cp back.
func (m *viewModel) wordAfter(cp int, want func(segment) bool) (segment, bool) {
	for ti := max(m.tokenOf(cp), 0); ti < len(m.tokens); ti++ {
		for _, sg := range m.words(ti) {
			if want(sg) && !m.trimmable(sg) {
				return sg, true
			}
		}
	}
	return segment{}, false
}

func (m *viewModel) wordBefore(cp int, want func(segment) bool) (segment, bool) {
	for ti := m.tokenOf(cp - 1); ti >= 0; ti-- {
		ws := m.words(ti)
		for k := len(ws) - 1; k >= 0; k-- {
			if want(ws[k]) && !m.trimmable(ws[k]) {
				return ws[k], true
			}
		}
	}
	return segment{}, false
}
