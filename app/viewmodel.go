package app

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/tagdesk/tagdesk/annotate"
)

// This file is the article view's model in plain Go: the text cut into
// tokens, the word wrap for a width, point → code point mapping, grapheme
// and word boundaries, selection snapping and the span index. It knows
// nothing of Fyne; widths come from an injected measure function, so it is
// tested without a GUI. All offsets are code points (see annotate).

type tokKind uint8

const (
	tokWord  tokKind = iota // a run of clusters that are neither space nor line break
	tokSpace                // a run of horizontal white space (space, tab, ...)
	tokBreak                // one hard line break: \n, \r, \r\n, U+2028, ...
)

// token is a stretch of whole grapheme clusters. Token starts are always
// cluster boundaries and word boundaries, so cluster and word segmentation
// can start at any token.
type token struct {
	start, end int32 // code points
	bs, be     int32 // bytes
	w          float32
	kind       tokKind
}

// item is a token (or a piece of a word too long for a line) placed on a
// line at x.
type item struct {
	start, end int32
	bs, be     int32
	x, w       float32
	kind       tokKind
}

// vline is one visual line: content [start, end), items [i0, i1). After a
// hard break the break's code points lie between end and the next line's
// start; after a soft wrap end equals the next line's start.
type vline struct {
	start, end int
	i0, i1     int32
}

// viewModel holds an article's text laid out for one width.
type viewModel struct {
	text   string
	idx    *annotate.Index
	n      int
	tokens []token
	items  []item
	lines  []vline
	width  float32

	measure func(string) float32 // width of a string in the current font
	cache   map[string]float32
	spaceW  float32
	tabW    float32

	spans  []ViewSpan // sorted by start asc, end desc, label, id
	lanes  []int      // nesting lane of spans[i]; 0 = outermost
	maxEnd []int      // maxEnd[i] = max(spans[0..i].End)
	nLanes int        // 1 + the deepest lane in use

	anchor, caret int // raw selection, as the pointer or keys left it
}

func newViewModel(measure func(string) float32) *viewModel {
	m := &viewModel{idx: annotate.NewIndex(""), lines: []vline{{}}}
	m.setMeasure(measure)
	return m
}

// setMeasure changes the font metrics (a new text size) and remeasures
// every token; call wrap afterwards.
func (m *viewModel) setMeasure(measure func(string) float32) {
	m.measure = measure
	m.cache = make(map[string]float32)
	m.spaceW = measure(" ")
	m.tabW = 4 * m.spaceW
	m.measureTokens()
}

func (m *viewModel) width1(s string) float32 {
	if w, ok := m.cache[s]; ok {
		return w
	}
	w := m.measure(s)
	if len(m.cache) > 200000 {
		m.cache = make(map[string]float32)
	}
	m.cache[strings.Clone(s)] = w
	return w
}

// setText replaces the text and its spans and wraps it at width.
func (m *viewModel) setText(text string, spans []ViewSpan, width float32) {
	m.text = text
	m.idx = annotate.NewIndex(text)
	m.n = m.idx.Len()
	m.tokenize()
	m.measureTokens()
	m.anchor, m.caret = 0, 0
	m.setSpans(spans)
	m.wrap(width)
}

func isBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

func isHSpace(r rune) bool {
	// No-break spaces are not break opportunities: they stay inside words.
	return r != 0xA0 && r != 0x202F && r != 0x2007 && unicode.IsSpace(r) && !isBreak(r)
}

// tokenize cuts the text into tokens of whole grapheme clusters. Pure ASCII
// stretches take a fast path: an ASCII byte followed by another ASCII byte
// is a cluster of its own, except \r\n.
func (m *viewModel) tokenize() {
	t := m.text
	if want := len(t)/3 + 16; cap(m.tokens) < want {
		m.tokens = make([]token, 0, want)
	}
	m.tokens = m.tokens[:0]
	cp := 0
	for i := 0; i < len(t); {
		var size, nr int
		var first rune
		if c := t[i]; c < utf8.RuneSelf && (i+1 == len(t) || t[i+1] < utf8.RuneSelf) && !(c == '\r' && i+1 < len(t) && t[i+1] == '\n') {
			size, nr, first = 1, 1, rune(c)
		} else {
			cl, _, _, _ := uniseg.FirstGraphemeClusterInString(t[i:], -1)
			size, nr = len(cl), utf8.RuneCountInString(cl)
			first, _ = utf8.DecodeRuneInString(cl)
		}
		kind := tokWord
		switch {
		case first > ' ' && first < utf8.RuneSelf:
		case first == ' ' || first == '\t':
			kind = tokSpace
		case isBreak(first):
			kind = tokBreak
		case isHSpace(first):
			kind = tokSpace
		}
		if k := len(m.tokens) - 1; kind != tokBreak && k >= 0 && m.tokens[k].kind == kind {
			m.tokens[k].end += int32(nr)
			m.tokens[k].be += int32(size)
		} else {
			m.tokens = append(m.tokens, token{start: int32(cp), end: int32(cp + nr), bs: int32(i), be: int32(i + size), kind: kind})
		}
		i += size
		cp += nr
	}
}

func (m *viewModel) measureTokens() {
	for i := range m.tokens {
		t := &m.tokens[i]
		switch t.kind {
		case tokWord:
			if t.be-t.bs <= 64 {
				t.w = m.width1(m.text[t.bs:t.be])
			} else {
				t.w = m.clustersWidth(int(t.bs), int(t.be))
			}
		case tokSpace:
			t.w = m.spaceWidth(m.text[t.bs:t.be])
		default:
			t.w = 0
		}
	}
}

func (m *viewModel) spaceWidth(s string) float32 {
	var w float32
	for _, r := range s {
		switch r {
		case ' ':
			w += m.spaceW
		case '\t':
			w += m.tabW
		default:
			w += m.width1(string(r))
		}
	}
	return w
}

// clustersWidth sums the widths of the clusters of text[bs:be], each
// measured (and cached) alone: used for words too long to measure whole.
func (m *viewModel) clustersWidth(bs, be int) float32 {
	var w float32
	s := m.text[bs:be]
	for len(s) > 0 {
		var cl string
		cl, s, _, _ = uniseg.FirstGraphemeClusterInString(s, -1)
		w += m.width1(cl)
	}
	return w
}

// wrap lays the tokens out in lines no wider than width (a single cluster
// wider than that still gets a line). Spaces hang at the end of a line.
func (m *viewModel) wrap(width float32) {
	if width < 1 {
		width = 1
	}
	m.width = width
	if want := len(m.tokens) + 16; cap(m.items) < want {
		m.items = make([]item, 0, want+want/8)
	}
	if want := len(m.text)/40 + 16; cap(m.lines) < want {
		m.lines = make([]vline, 0, want)
	}
	m.items = m.items[:0]
	m.lines = m.lines[:0]
	var x float32
	start, i0 := 0, int32(0)
	newLine := func(end, next int) {
		m.lines = append(m.lines, vline{start: start, end: end, i0: i0, i1: int32(len(m.items))})
		start, i0, x = next, int32(len(m.items)), 0
	}
	for _, t := range m.tokens {
		switch t.kind {
		case tokBreak:
			newLine(int(t.start), int(t.end))
		case tokSpace:
			m.items = append(m.items, item{t.start, t.end, t.bs, t.be, x, t.w, tokSpace})
			x += t.w
		case tokWord:
			if x > 0 && x+t.w > width {
				newLine(int(t.start), int(t.start))
			}
			if t.w <= width {
				m.items = append(m.items, item{t.start, t.end, t.bs, t.be, x, t.w, tokWord})
				x += t.w
				continue
			}
			// Too long for any line: break it between grapheme clusters.
			ps, pbs, pw := t.start, t.bs, float32(0)
			cp, b := t.start, t.bs
			s := m.text[t.bs:t.be]
			for len(s) > 0 {
				var cl string
				cl, s, _, _ = uniseg.FirstGraphemeClusterInString(s, -1)
				cw := m.width1(cl)
				if x+pw+cw > width && (x > 0 || pw > 0) {
					if pw > 0 {
						m.items = append(m.items, item{ps, cp, pbs, b, x, pw, tokWord})
					}
					newLine(int(cp), int(cp))
					ps, pbs, pw = cp, b, 0
				}
				pw += cw
				cp += int32(utf8.RuneCountInString(cl))
				b += int32(len(cl))
			}
			m.items = append(m.items, item{ps, cp, pbs, b, x, pw, tokWord})
			x += pw
		}
	}
	newLine(m.n, m.n)
}

// lineOf returns the line that shows code point cp (a caret at a soft wrap
// belongs to the line below).
func (m *viewModel) lineOf(cp int) int {
	i := sort.Search(len(m.lines), func(i int) bool { return m.lines[i].start > cp }) - 1
	return max(i, 0)
}

// tokenOf returns the index of the token holding code point cp (the last
// token for cp == n, -1 for an empty text).
func (m *viewModel) tokenOf(cp int) int {
	return sort.Search(len(m.tokens), func(i int) bool { return int(m.tokens[i].start) > cp }) - 1
}

// itemWidthTo returns the width of item it from its start to cp.
func (m *viewModel) itemWidthTo(it *item, cp int) float32 {
	if cp <= int(it.start) {
		return 0
	}
	if cp >= int(it.end) {
		return it.w
	}
	b := m.idx.Byte(cp)
	if it.kind == tokSpace {
		return m.spaceWidth(m.text[it.bs:b])
	}
	if it.be-it.bs > 64 {
		return m.clustersWidth(int(it.bs), b)
	}
	return m.width1(m.text[it.bs:b])
}

// xOf returns the x of code point cp on line li (clamped to the line).
func (m *viewModel) xOf(li, cp int) float32 {
	l := m.lines[li]
	if l.i0 == l.i1 {
		return 0
	}
	items := m.items[l.i0:l.i1]
	k := sort.Search(len(items), func(i int) bool { return int(items[i].end) > cp })
	if k == len(items) {
		last := items[len(items)-1]
		return last.x + last.w
	}
	return items[k].x + m.itemWidthTo(&items[k], cp)
}

// lineEndX is the width of line li's content.
func (m *viewModel) lineEndX(li int) float32 {
	l := m.lines[li]
	if l.i0 == l.i1 {
		return 0
	}
	last := m.items[l.i1-1]
	return last.x + last.w
}

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

// words returns the word segments of token ti.
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
	return out
}

// trimmable reports whether a segment is only spaces, breaks and
// punctuation: what snapping drops from the ends of a selection.
func (m *viewModel) trimmable(sg segment) bool {
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
	for ti := max(m.tokenOf(cp), 0); ti < len(m.tokens); ti++ {
		for _, sg := range m.words(ti) {
			if sg.end > cp && !m.trimmable(sg) {
				return sg.end
			}
		}
	}
	return m.n
}

func (m *viewModel) prevWord(cp int) int {
	for ti := m.tokenOf(cp - 1); ti >= 0; ti-- {
		ws := m.words(ti)
		for k := len(ws) - 1; k >= 0; k-- {
			if ws[k].start < cp && !m.trimmable(ws[k]) {
				return ws[k].start
			}
		}
	}
	return 0
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
