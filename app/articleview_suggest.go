package app

import (
	"image/color"
	"sort"
)

// suggestionLayer is what the article view shows of suggestions: each a
// dashed outline in its label's colour, without fill, so that it reads
// apart from a span (a filled band); the current one (N / Shift+N) with
// a heavier dash.
type suggestionLayer struct {
	items   []ViewSpan // sorted by start
	current int        // index in items; -1: none
}

// Dashes of a suggestion's outline, in Fyne units.
const (
	dashLen = 4
	dashGap = 3
)

// SetSuggestions shows suggestions (ID unused), current (an index in
// them, -1 for none) drawn heavier.
func (v *ArticleView) SetSuggestions(items []ViewSpan, current int) {
	s := append([]ViewSpan(nil), items...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Start < s[j].Start })
	v.sugg.items, v.sugg.current = s, -1
	if current >= 0 && current < len(items) {
		cur := items[current]
		for i, x := range s {
			if x == cur {
				v.sugg.current = i
				break
			}
		}
	}
	v.redrawAll()
}

// Suggestions returns the suggestions shown and the current one's index.
func (v *ArticleView) Suggestions() ([]ViewSpan, int) { return v.sugg.items, v.sugg.current }

// drawSuggestions draws the outlines of the suggestions on a line that
// holds code points [start, next), with the row's clip helper; outline
// gives a pooled outline of a colour, in the row's drawing order
// (articleview_dashes.go).
func (v *ArticleView) drawSuggestions(start, next int, clip func(a, b int) (float32, float32, bool),
	outline func(c color.Color) *dashOutline, top, h float32, dark bool) {
	items := v.sugg.items
	if len(items) == 0 {
		return
	}
	for i, s := range items {
		if s.Start >= next {
			break
		}
		if s.End <= start {
			continue
		}
		x0, x1, ok := clip(s.Start, s.End)
		if !ok {
			continue
		}
		d := outline(v.spanColor(s.Label, dark, true))
		w := float32(1)
		if i == v.sugg.current {
			w = 2
		}
		y0, y1 := top-2, top+h+1
		for x := x0 - 1; x < x1+1; x += dashLen + dashGap {
			e := min(x+dashLen, x1+1)
			d.add(x, y0, e, w)
			d.add(x, y1-w+1, e, w)
		}
		for y := y0; y < y1; y += dashLen + dashGap {
			e := min(y+dashLen, y1+1)
			if s.Start >= start {
				d.add(x0-1-w, y, x0-1, e-y)
			}
			if s.End <= next {
				d.add(x1+1, y, x1+1+w, e-y)
			}
		}
		d.place()
	}
}
