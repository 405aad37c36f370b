package app

import (
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// row holds the canvas objects of one visible line, inside a container
// without layout placed at the line's y. Rows are pooled: scrolling
// reuses the rows that left the view, and a row reuses its rectangles and
// texts when redrawn.
type row struct {
	c     *fyne.Container
	rects []*canvas.Rectangle
	texts []*canvas.Text
	dash  []*dashOutline // suggestions' outlines (articleview_dashes.go)
	arc   arcRow         // arcs_draw.go
	valid bool
}

// articleRenderer draws only the lines in view.
type articleRenderer struct {
	v       *ArticleView
	bar     *canvas.Rectangle
	warm    *fyne.Container // texts drawn out of sight (articleview_warm.go)
	rows    map[int]*row
	free    []*row
	objects []fyne.CanvasObject
	first   int
	last    int
	size    fyne.Size
	offset  float32
	lineH   float32
	abs     fyne.Position // the view's absolute position, when absOK
	scale   float32
	absOK   bool
}

func newArticleRenderer(v *ArticleView) *articleRenderer {
	r := &articleRenderer{v: v, rows: make(map[int]*row), bar: canvas.NewRectangle(color.Transparent)}
	r.bar.CornerRadius = 4
	r.warm = container.NewWithoutLayout()
	r.objects = []fyne.CanvasObject{r.warm, r.bar}
	return r
}

func (r *articleRenderer) Destroy() {
	r.v.stopAutoScroll() // a drag that never ended: its ticker stops with the window
	if r.v.r == r {
		r.v.r = nil
	}
}

func (r *articleRenderer) MinSize() fyne.Size {
	return fyne.NewSize(2*viewPadX+barArea+100, 2*viewPadY+3*r.v.lm.lineH)
}

func (r *articleRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Layout re-wraps when the width changed (redrawing the rows in view when
// their lines changed) and lays out the rows in view.
func (r *articleRenderer) Layout(size fyne.Size) {
	if size.Width != r.size.Width && !r.v.rewrapKeeps(r.first, r.last) {
		r.invalidateAll()
	}
	r.size, r.absOK = size, false
	r.v.clampOffset()
	r.sync()
}

// Refresh redraws every row in view (colours or theme may have changed).
func (r *articleRenderer) Refresh() {
	v := r.v
	if v.fontSize() != v.lm.size { // the theme's text size changed
		v.warmed = nil // laid out in the old size
		v.m.setMeasure(v.measureFunc())
		v.m.wrap(v.wrapWidth())
	}
	v.updateMetrics()
	v.clampOffset()
	r.invalidateAll()
	r.sync()
}

func (r *articleRenderer) invalidate(l0, l1 int) {
	for li, rw := range r.rows {
		if li >= l0 && li <= l1 {
			rw.valid = false
		}
	}
}

func (r *articleRenderer) invalidateAll() {
	for _, rw := range r.rows {
		rw.valid = false
	}
}

// sync makes the rows match the lines in view: recycles rows that left,
// builds rows that entered or were invalidated, moves rows after a
// scroll, and asks the canvas to repaint what changed.
func (r *articleRenderer) sync() {
	v := r.v
	r.absOK = false
	m, lh := v.m, v.lm.lineH
	h := r.size.Height
	first := max(int((v.offset-viewPadY)/lh), 0)
	last := min(int((v.offset+h-viewPadY)/lh)+1, len(m.lines))
	changed := first != r.first || last != r.last || lh != r.lineH
	moved := v.offset != r.offset || changed
	for li, rw := range r.rows {
		if li < first || li >= last || lh != r.lineH {
			delete(r.rows, li)
			r.free = append(r.free, rw)
			changed = true
		}
	}
	r.first, r.last, r.offset, r.lineH = first, last, v.offset, lh
	var dirty []*row
	for li := first; li < last; li++ {
		rw := r.rows[li]
		if rw == nil {
			if n := len(r.free); n > 0 {
				rw = r.free[n-1]
				r.free = r.free[:n-1]
			} else {
				rw = &row{c: container.NewWithoutLayout()}
			}
			rw.valid = false
			r.rows[li] = rw
			changed = true
		}
		if !rw.valid {
			r.build(rw, li)
			dirty = append(dirty, rw)
		}
		if moved {
			rw.c.Move(fyne.NewPos(0, viewPadY+float32(li)*lh-v.offset))
			rw.c.Resize(fyne.NewSize(r.size.Width-barArea, lh))
		}
	}
	if changed {
		r.objects = append(r.objects[:0], r.warm)
		for li := first; li < last; li++ {
			r.objects = append(r.objects, r.rows[li].c)
		}
		r.objects = append(r.objects, r.bar)
	}
	r.layoutBar()
	switch {
	case changed || moved:
		canvas.Refresh(v)
	default:
		for _, rw := range dirty {
			canvas.Refresh(rw.c)
		}
	}
}

func (r *articleRenderer) layoutBar() {
	v := r.v
	th, ty, ok := v.thumb()
	if !ok {
		r.bar.Hide()
		return
	}
	r.bar.FillColor = v.Theme().Color(theme.ColorNameScrollBar, r.variant())
	r.bar.Move(fyne.NewPos(r.size.Width-barArea+3, ty))
	r.bar.Resize(fyne.NewSize(barArea-6, th))
	r.bar.Show()
}

// variant is the variant of the theme in force, told by its background:
// the app may hold the theme to dark on a light desktop (View → Dark
// theme) or the reverse, so the system's variant can be the wrong one.
func (r *articleRenderer) variant() fyne.ThemeVariant {
	bg := r.v.Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
	if luminance(bg) < 0.18 { // darker than mid grey (L* 50)
		return theme.VariantDark
	}
	return theme.VariantLight
}

// luminance is c's relative luminance, 0 (black) to 1 (white).
func luminance(c color.Color) float64 {
	lin := func(v uint32) float64 {
		x := float64(v) / 0xFFFF
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	r, g, b, _ := c.RGBA()
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// build draws line li into rw: span backgrounds (lane 0), find matches,
// the selection, the text, underline bands for nested spans, the caret
// and the picked span's outline, in that order.
func (r *articleRenderer) build(rw *row, li int) {
	v := r.v
	m, lm := v.m, v.lm
	l := m.lines[li]
	th, variant := v.Theme(), r.variant()
	fg := th.Color(theme.ColorNameForeground, variant)
	dark := variant == theme.VariantDark
	next := m.n
	if li+1 < len(m.lines) {
		next = m.lines[li+1].start
	}

	nr, nt, nd := 0, 0, 0
	objs := rw.c.Objects[:0]
	rect := func(fill color.Color, x0, y, x1, h float32) *canvas.Rectangle {
		var c *canvas.Rectangle
		if nr < len(rw.rects) {
			c = rw.rects[nr]
		} else {
			c = canvas.NewRectangle(nil)
			rw.rects = append(rw.rects, c)
		}
		nr++
		c.FillColor, c.StrokeColor, c.StrokeWidth, c.CornerRadius = fill, nil, 0, 0
		c.Move(fyne.NewPos(viewPadX+x0, y))
		c.Resize(fyne.NewSize(x1-x0, h))
		objs = append(objs, c)
		return c
	}
	x := func(cp int) float32 { return m.xOf(li, cp) }
	clip := func(a, b int) (float32, float32, bool) {
		a, b = max(a, l.start), min(b, l.end)
		if a >= b {
			return 0, 0, false
		}
		x0, x1 := m.xRange(li, a, b) // right-to-left words: viewmodel_rtl.go
		return x0, x1, true
	}
	textTop, textH := lm.textTop, lm.textH
	spans := m.overlapping(l.start, max(next, l.start+1))

	for _, i := range spans {
		if m.lanes[i] != 0 {
			continue
		}
		s := m.spans[i]
		if x0, x1, ok := clip(s.Start, s.End); ok {
			rect(v.spanColor(s.Label, dark, false), x0, textTop-1, x1, textH+2).CornerRadius = 3
		}
	}
	if len(v.highlights) > 0 {
		hs := v.highlights
		k := sort.Search(len(hs), func(i int) bool { return hs[i][1] > l.start })
		for ; k < len(hs) && hs[k][0] < next; k++ {
			if x0, x1, ok := clip(hs[k][0], hs[k][1]); ok {
				c := rect(highlightFill(dark), x0-1, textTop-1, x1+1, textH+2)
				c.StrokeColor, c.StrokeWidth, c.CornerRadius = highlightStroke, 1, 3
			}
		}
	}
	if v.selS < v.selE {
		if x0, x1, ok := clip(v.selS, v.selE); ok {
			if v.selE > l.end && l.end < next {
				x1 += m.spaceW // the selection goes on past the line break
			}
			rect(th.Color(theme.ColorNameSelection, variant), x0, textTop-1, x1, textH+2)
		}
	}
	m.textRuns(l, func(it, end item) {
		var t *canvas.Text
		if nt < len(rw.texts) {
			t = rw.texts[nt]
		} else {
			t = canvas.NewText("", fg)
			rw.texts = append(rw.texts, t)
		}
		nt++
		t.Text, t.Color, t.TextSize = m.text[it.bs:end.be], fg, lm.size
		t.Move(fyne.NewPos(viewPadX+it.x, textTop))
		t.Resize(fyne.NewSize(end.x+end.w-it.x, textH))
		objs = append(objs, t)
	})
	for _, i := range spans {
		lane := m.lanes[i]
		if lane == 0 {
			continue
		}
		s := m.spans[i]
		if x0, x1, ok := clip(s.Start, s.End); ok {
			y := textTop + textH + 1 + float32(min(lane, lm.slots)-1)*(bandH+bandGap)
			rect(v.spanColor(s.Label, dark, true), x0, y, x1, bandH)
		}
	}
	outline := func(c color.Color) *dashOutline {
		d := pooled(&rw.dash, &nd, func() *dashOutline { return newDashOutline(r, rw.c) })
		d.c, d.dashes = c, d.dashes[:0]
		objs = append(objs, d.r)
		return d
	}
	v.drawSuggestions(l.start, next, clip, outline, textTop, textH, dark)
	if v.focused && v.selS == v.selE && m.lineOf(v.selS) == li {
		cx := x(v.selS)
		rect(th.Color(theme.ColorNamePrimary, variant), cx-1, textTop, cx+1, textH)
	}
	if v.picked != 0 {
		for _, i := range spans {
			s := m.spans[i]
			if s.ID != v.picked {
				continue
			}
			if x0, x1, ok := clip(s.Start, s.End); ok {
				bottom := textTop + textH + 1 + float32(min(m.lanes[i], lm.slots))*(bandH+bandGap)
				c := rect(color.Transparent, x0-2, textTop-2, x1+2, bottom-textTop+2)
				solid := v.spanColor(s.Label, dark, true)
				c.StrokeColor, c.StrokeWidth, c.CornerRadius = solid, 2, 4
				// The handles that drag its ends (articleview_handles.go).
				if m.lineOf(s.Start) == li {
					rect(solid, x0-2-handleW, textTop-2, x0-2, bottom-textTop+2).CornerRadius = 2
				}
				if v.endLine(s.Start, s.End) == li {
					rect(solid, x1+2, textTop-2, x1+2+handleW, bottom-textTop+2).CornerRadius = 2
				}
			}
		}
	}
	if v.lanes != nil {
		v.lanes.drawLine(laneLine{start: l.start, next: next, top: textTop + textH + 2 + float32(lm.slots)*(bandH+bandGap),
			textTop: textTop, textH: textH, dark: dark, clip: clip, rect: rect})
	}
	rw.c.Objects = r.buildArcs(rw, li, objs)
	rw.valid = true
}

var highlightStroke = color.NRGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}

func highlightFill(dark bool) color.Color {
	if dark {
		return color.NRGBA{R: 0xFF, G: 0xD5, B: 0x00, A: 0x50}
	}
	return color.NRGBA{R: 0xFF, G: 0xE0, B: 0x30, A: 0x90}
}

// spanColor derives a label's colours: a translucent background that
// keeps the theme's text readable, or (solid) the band and outline colour.
func (v *ArticleView) spanColor(label string, dark, solid bool) color.Color {
	c := color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xFF}
	if base, ok := v.colors[label]; ok && base != nil {
		c = color.NRGBAModel.Convert(base).(color.NRGBA)
	}
	switch {
	case solid:
		c.A = 0xFF
	case dark:
		c.A = 0x70
	default:
		c.A = 0x58
	}
	return c
}
