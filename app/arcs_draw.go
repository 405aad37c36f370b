package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Drawing and tapping the arcs of one row (arcs.go).

// buildArcs appends line li's arcs to objs, reusing rw's pooled objects,
// and records where they can be tapped.
func (r *articleRenderer) buildArcs(rw *row, li int, objs []fyne.CanvasObject) []fyne.CanvasObject {
	v := r.v
	ar := &rw.arc
	ar.hits = ar.hits[:0]
	if v.arcs.levels == 0 || (len(v.arcs.ends) == 0 && v.arcs.preview == nil) {
		return objs
	}
	segs := v.lineArcs(li, v.arcs.levels)
	if len(segs) == 0 {
		return objs
	}
	variant := r.variant()
	bg := v.Theme().Color(theme.ColorNameBackground, variant)
	grey := v.Theme().Color(theme.ColorNameDisabled, variant)
	size := arcLabelSize(v.lm.size)
	levelH := arcLevelH(v.lm.size)
	bottom := v.lm.textTop - 1
	right := v.wrapWidth()
	nl, nt, nr := 0, 0, 0
	line := func(c color.Color, w float32, x0, y0, x1, y1 float32) {
		l := pooled(&ar.lines, &nl, func() *canvas.Line { return canvas.NewLine(c) })
		l.StrokeColor, l.StrokeWidth = c, w
		l.Position1, l.Position2 = fyne.NewPos(viewPadX+x0, y0), fyne.NewPos(viewPadX+x1, y1)
		objs = append(objs, l)
	}
	hline := func(c color.Color, w float32, x0, x1, y float32, dashed bool) {
		if !dashed {
			line(c, w, x0, y, x1, y)
			return
		}
		for x := x0; x < x1; x += 7 {
			line(c, w, x, y, min(x+4, x1), y)
		}
	}
	vline := func(c color.Color, w float32, x, y0, y1 float32, dashed bool) {
		if !dashed {
			line(c, w, x, y0, x, y1)
			return
		}
		for y := y0; y < y1; y += 5 {
			line(c, w, x, y, x, min(y+3, y1))
		}
	}
	for _, s := range segs {
		c := s.rel.Color
		switch {
		case s.preview:
			c = grey
		case s.rel.Invalid:
			c = invalidArc
		case c == nil:
			c = grey
		case variant == theme.VariantDark:
			c = lighter(c)
		}
		w := float32(1.5)
		if s.chosen {
			w = 3
		}
		dashed := s.rel.Invalid || s.preview
		y := bottom - (float32(s.level)+0.5)*levelH
		hline(c, w, s.x0, s.x1, y, dashed)
		if !s.preview { // before the edge arrow's and the label's, which win a tap (arcAt)
			ar.hits = append(ar.hits, arcHit{viewPadX + s.x0, y - 3, viewPadX + s.x1, y + 3, s.rel.ID, -1})
		}
		if s.headX >= 0 {
			vline(c, w, s.headX, y, bottom-1, dashed)
		}
		if s.tailX >= 0 {
			vline(c, w, s.tailX, y, bottom, dashed)
			line(c, w, s.tailX-4, bottom-6, s.tailX, bottom)
			line(c, w, s.tailX+4, bottom-6, s.tailX, bottom)
		}
		switch s.edge {
		case 1:
			line(c, w, right-6, y-4, right, y)
			line(c, w, right-6, y+4, right, y)
			ar.hits = append(ar.hits, arcHit{viewPadX + right - arcEdgeHit, y - levelH/2, viewPadX + right + 4, y + levelH/2, s.rel.ID, s.jump})
		case -1:
			line(c, w, 6, y-4, 0, y)
			line(c, w, 6, y+4, 0, y)
			ar.hits = append(ar.hits, arcHit{viewPadX - 4, y - levelH/2, viewPadX + arcEdgeHit, y + levelH/2, s.rel.ID, s.jump})
		}
		// The label, on a box of the background that cuts the line.
		text := arcText(s.rel)
		if s.preview {
			text = "?"
		}
		lw := v.labelWidth(text)
		mid := s.labelMid(lw, right)
		box := pooled(&ar.rects, &nr, func() *canvas.Rectangle { return canvas.NewRectangle(bg) })
		box.FillColor, box.CornerRadius = bg, 3
		box.Move(fyne.NewPos(viewPadX+mid-lw/2-2, y-levelH/2+1))
		box.Resize(fyne.NewSize(lw+4, levelH-2))
		t := pooled(&ar.texts, &nt, func() *canvas.Text { return canvas.NewText("", c) })
		t.Text, t.Color, t.TextSize = text, c, size
		t.Move(fyne.NewPos(viewPadX+mid-lw/2, y-levelH/2+1))
		t.Resize(fyne.NewSize(lw, levelH-2))
		objs = append(objs, box, t)
		if !s.preview {
			ar.hits = append(ar.hits, arcHit{viewPadX + mid - lw/2 - 2, y - levelH/2, viewPadX + mid + lw/2 + 2, y + levelH/2, s.rel.ID, -1})
		}
	}
	return objs
}

// tapArc chooses the arc under p (OnPickRelation), or, on an arc's edge
// arrow, scrolls to its other end and chooses it; it reports whether p
// was on an arc.
func (v *ArticleView) tapArc(p fyne.Position) bool {
	h, ok := v.arcAt(p)
	if !ok {
		return false
	}
	if h.jump >= 0 {
		v.ScrollTo(h.jump)
	}
	if v.OnPickRelation != nil {
		v.OnPickRelation(h.rel)
	} else {
		v.ChooseRelation(h.rel)
	}
	return true
}

// arcAt returns the arc part under p (in the view's coordinates).
func (v *ArticleView) arcAt(p fyne.Position) (arcHit, bool) {
	if v.r == nil || v.arcs.levels == 0 {
		return arcHit{}, false
	}
	li := int((p.Y - viewPadY + v.offset) / v.lm.lineH)
	rw := v.r.rows[li]
	if rw == nil {
		return arcHit{}, false
	}
	y := p.Y - (viewPadY + float32(li)*v.lm.lineH - v.offset)
	hits := rw.arc.hits
	for k := len(hits) - 1; k >= 0; k-- { // the last drawn is on top
		h := hits[k]
		if p.X >= h.x0 && p.X <= h.x1 && y >= h.y0 && y <= h.y1 {
			return h, true
		}
	}
	return arcHit{}, false
}

// ArcPoint returns where, in the view, the label of relation id's arc is
// drawn (edge false) or its edge arrow (edge true), for tests and
// benchmarks that tap it; ok is false when it is not in view.
func (v *ArticleView) ArcPoint(id int64, edge bool) (fyne.Position, bool) {
	if v.r == nil {
		return fyne.Position{}, false
	}
	for li := v.r.first; li < v.r.last; li++ {
		rw := v.r.rows[li]
		if rw == nil {
			continue
		}
		for _, h := range rw.arc.hits {
			if h.rel == id && (h.jump >= 0) == edge && h.y1-h.y0 > 6 {
				y := viewPadY + float32(li)*v.lm.lineH - v.offset
				return fyne.NewPos((h.x0+h.x1)/2, y+(h.y0+h.y1)/2), true
			}
		}
	}
	return fyne.Position{}, false
}

// lighter mixes c a third of the way to white, so that a type's colour
// reads on a dark background.
func lighter(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	mix := func(v uint8) uint8 { return v + (255-v)/3 }
	return color.NRGBA{R: mix(n.R), G: mix(n.G), B: mix(n.B), A: n.A}
}

// pooled returns the n-th object of a row's pool, made when the pool has
// none yet, and counts it.
func pooled[T any](pool *[]T, n *int, mk func() T) T {
	if *n == len(*pool) {
		*pool = append(*pool, mk())
	}
	o := (*pool)[*n]
	*n++
	return o
}
