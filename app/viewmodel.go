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

// setText replaces the text and its spans (those that do not fit it are
// dropped) and wraps it at width.
func (m *viewModel) setText(text string, spans []ViewSpan, width float32) {
	m.text = text
	m.idx = annotate.NewIndex(text)
	m.n = m.idx.Len()
	m.tokenize()
	m.measureTokens()
	m.anchor, m.caret = 0, 0
	m.setSpans(validSpans(spans, m.n))
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

// fits reports whether an array of capacity c is to be reused for want
// elements: it is large enough, and not so large that a small article
// keeps a huge one's memory.
func fits(c, want int) bool { return c >= want && c <= 4*want+1024 }

// tokenize cuts the text into tokens of whole grapheme clusters. Pure ASCII
// stretches take a fast path: an ASCII byte followed by another ASCII byte
// is a cluster of its own, except \r\n.
func (m *viewModel) tokenize() {
	t := m.text
	if want := len(t)/3 + 16; !fits(cap(m.tokens), want) {
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
	if want := len(m.tokens) + 16; !fits(cap(m.items), want) {
		m.items = make([]item, 0, want+want/8)
	}
	if want := len(m.text)/40 + 16; !fits(cap(m.lines), want) {
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
	if cs, ce, ok := m.rtlCore(&items[k]); ok { // viewmodel_rtl.go
		return m.xIn(&items[k], cs, ce, cp)
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
