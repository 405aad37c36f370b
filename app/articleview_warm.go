package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"github.com/tagdesk/tagdesk/annotate"
)

// Opening an article draws text that was never drawn before, and Fyne
// draws a new text by shaping it and rasterising every glyph into a
// texture: in the real window that is most of the time from Ctrl+PageDown
// to the new text on screen (a profile under Xvfb: 26 of 44 ms of CPU,
// while the store's reads take under 1 ms). Fyne keeps those textures
// cached by content (text, size, style, colour), so the view can draw an
// article's first screen ahead of time, out of sight, while the user
// reads the one before it (Warm): when it is opened, its texts are in
// that cache and the frame only places them.

// textRuns calls fn with the first and last word of each run of words on
// line l joined by plain spaces: the view draws each run as one text, so
// that the font's own spacing shows rather than the rounding of each
// word's position. A word in a right-to-left script is drawn in pieces of
// its own (viewmodel_rtl.go).
func (m *viewModel) textRuns(l vline, fn func(first, last item)) {
	items := m.items[l.i0:l.i1]
	for k := 0; k < len(items); k++ {
		if items[k].kind != tokWord {
			continue
		}
		if rightToLeft(m.text[items[k].bs:items[k].be]) {
			m.pieces(items[k], func(p item) { fn(p, p) })
			continue
		}
		last := k
		for j := k + 1; j+1 < len(items); j += 2 {
			sp, w := items[j], items[j+1]
			if sp.kind != tokSpace || w.kind != tokWord || !plainSpaces(m.text[sp.bs:sp.be]) || rightToLeft(m.text[w.bs:w.be]) {
				break
			}
			last = j + 1
		}
		fn(items[k], items[last])
		k = last
	}
}

// plainSpaces reports whether s holds only U+0020 spaces, which a text
// draws as wide as the view measures them (tabs are not).
func plainSpaces(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			return false
		}
	}
	return true
}

// Warm draws, out of sight, the texts the view would show for text
// scrolled to code point top at its present width, size and theme, so
// that opening that text next draws at once; and the texts in more, in
// the theme's text colour (the article's title and its row in the
// article list, as the window will show them). The next SetArticle (or
// Warm) drops them.
func (v *ArticleView) Warm(text string, top int, more ...*canvas.Text) {
	r := v.r
	if r == nil || v.lm.lineH <= 0 {
		return
	}
	m := v.m.sibling()
	m.setText(text, nil, v.wrapWidth())
	v.warmed = m
	fg := v.Theme().Color(theme.ColorNameForeground, r.variant())
	first := m.lineOf(top)
	last := min(first+int(r.size.Height/v.lm.lineH)+2, len(m.lines))
	objs := r.warm.Objects[:0]
	for li := first; li < last; li++ {
		m.textRuns(m.lines[li], func(a, b item) {
			t := canvas.NewText(m.text[a.bs:b.be], fg)
			t.TextSize = v.lm.size
			t.Move(fyne.NewPos(a.x, float32(li-first)*v.lm.lineH))
			t.Resize(fyne.NewSize(b.x+b.w-a.x, v.lm.textH))
			objs = append(objs, t)
		})
	}
	for _, t := range more {
		t.Color = fg
		t.Resize(t.MinSize())
		objs = append(objs, t)
	}
	r.warm.Objects = objs
	// Far left of the window: painted (a texture is made for every text
	// in the tree, wherever it is), never seen.
	r.warm.Move(fyne.NewPos(-4*max(r.size.Width, defaultWid), 0))
	canvas.Refresh(r.warm)
}

// Warmed returns the texts Warm drew (for tests).
func (v *ArticleView) Warmed() []string {
	if v.r == nil {
		return nil
	}
	var out []string
	for _, o := range v.r.warm.Objects {
		out = append(out, o.(*canvas.Text).Text)
	}
	return out
}

// dropWarm drops what Warm drew: the texts now shown use their textures.
func (v *ArticleView) dropWarm() {
	v.warmed = nil
	if v.r != nil {
		v.r.warm.Objects = nil
	}
}

// setText lays text out for the view's width with spans, from what Warm
// laid out when that was text at this width: then the open neither cuts
// nor measures nor wraps it again.
func (v *ArticleView) setText(text string, spans []ViewSpan) {
	w, width := v.warmed, v.wrapWidth()
	v.dropWarm()
	if w == nil || w.text != text || w.width != width {
		v.m.setText(text, spans, width)
		return
	}
	m := v.m
	m.text, m.idx, m.n = w.text, w.idx, w.n
	m.tokens, m.items, m.lines, m.width = w.tokens, w.items, w.lines, w.width
	m.anchor, m.caret = 0, 0
	m.setSpans(validSpans(spans, m.n))
}

// sibling returns an empty model that measures with m's font and shares
// its cache of word widths.
func (m *viewModel) sibling() *viewModel {
	return &viewModel{idx: annotate.NewIndex(""), lines: []vline{{}},
		measure: m.measure, cache: m.cache, spaceW: m.spaceW, tabW: m.tabW}
}
