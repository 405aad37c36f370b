package app

import (
	"cmp"
	"slices"
	"sort"

	"fyne.io/fyne/v2"
)

// Where the arcs of a line go (arcs.go): their ends' x, the edge they run
// to when the other end is on another line, and their levels.

// lineEnd is where line li's code points end (the next line's start).
func (v *ArticleView) lineEnd(li int) int {
	if li+1 < len(v.m.lines) {
		return v.m.lines[li+1].start
	}
	return v.m.n + 1
}

// arcRoom is the height of the arc levels above a line's text.
func (v *ArticleView) arcRoom(size float32) float32 {
	return float32(v.arcs.levels) * arcLevelH(size)
}

func arcLabelSize(size float32) float32 { return max(size*0.72, 9) }

func arcLevelH(size float32) float32 {
	return float32(int(fyne.MeasureText("Mg", arcLabelSize(size), fyne.TextStyle{}).Height + 1.99))
}

// labelWidth measures an arc's label once per text size.
func (v *ArticleView) labelWidth(s string) float32 {
	a := &v.arcs
	size := arcLabelSize(v.lm.size)
	if a.labelW == nil || a.labelAt != size {
		a.labelW, a.labelAt = map[string]float32{}, size
	}
	w, ok := a.labelW[s]
	if !ok {
		w = fyne.MeasureText(s, size, fyne.TextStyle{}).Width
		a.labelW[s] = w
	}
	return w
}

// arcText is what an arc's label says.
func arcText(r ViewRelation) string {
	if r.Invalid {
		return "⚠ " + r.Label
	}
	return r.Label
}

// anchorX is the x of the middle of a span's part on line li (its first).
func (v *ArticleView) anchorX(li int, at [2]int) float32 {
	l := v.m.lines[li]
	return (v.m.xOf(li, at[0]) + v.m.xOf(li, min(at[1], l.end))) / 2
}

// spanWidth is the width of a span's part on line li (its first).
func (v *ArticleView) spanWidth(li int, at [2]int) float32 {
	l := v.m.lines[li]
	return v.m.xOf(li, min(at[1], l.end)) - v.m.xOf(li, at[0])
}

// lineArcs lays out the arcs of the spans that start on line li, each on
// the lowest of levels that it does not share with a wider one.
func (v *ArticleView) lineArcs(li int, levels int) []arcSeg {
	a := &v.arcs
	l := v.m.lines[li]
	next := v.lineEnd(li)
	i := sort.Search(len(a.ends), func(i int) bool { return a.ends[i].cp >= l.start })
	segs := a.scratch.segs[:0]
	add := func(r ViewRelation, head bool) {
		here, other := r.HeadAt, r.TailAt
		if !head {
			here, other = other, here
		}
		ol := v.m.lineOf(other[0])
		if ol == li && !head {
			return // drawn from its head
		}
		s := arcSeg{rel: r, headX: -1, tailX: -1, jump: -1, chosen: r.ID != 0 && r.ID == a.chosen, preview: r.ID == 0}
		x, w := v.anchorX(li, here), v.spanWidth(li, here)
		if head {
			s.headX, s.headW = x, w
		} else {
			s.tailX, s.tailW = x, w
		}
		switch {
		case ol == li:
			s.tailX, s.tailW = v.anchorX(li, other), v.spanWidth(li, other)
			s.x0, s.x1 = min(s.headX, s.tailX), max(s.headX, s.tailX)
		case ol > li:
			s.edge, s.jump, s.x0, s.x1 = 1, other[0], x, v.wrapWidth()
		default:
			s.edge, s.jump, s.x0, s.x1 = -1, other[0], 0, x
		}
		s.lw = v.labelWidth(arcText(r))
		segs = append(segs, s)
	}
	for ; i < len(a.ends) && a.ends[i].cp < next; i++ {
		e := a.ends[i]
		add(a.rels[e.rel], e.head)
	}
	if p := a.preview; p != nil {
		if p.HeadAt[0] >= l.start && p.HeadAt[0] < next {
			add(*p, true)
		}
		if p.TailAt[0] >= l.start && p.TailAt[0] < next {
			add(*p, false)
		}
	}
	a.scratch.legs = spreadLegs(segs, a.scratch.legs)
	a.scratch.place(segs, levels, v.wrapWidth())
	a.scratch.segs = segs
	return segs
}

// arcScratch is lineArcs' memory, reused: it runs for every line laid
// out, and its result is used before the next call.
type arcScratch struct {
	segs  []arcSeg
	legs  []arcLeg
	order []int
	taken [maxArcLevels][][2]float32
}

// labelMid is the x of the middle of an arc's label, on a line of width
// right: the middle of the arc, or for an arc to an edge nearer its own
// end, clear of the edge arrow.
func (s *arcSeg) labelMid(lw, right float32) float32 {
	mid := (s.x0 + s.x1) / 2
	if s.edge != 0 {
		mid = min(max(mid, lw/2+arcEdgeHit), right-lw/2-arcEdgeHit)
	}
	return mid
}

// place gives each arc the lowest level free along its extent (its label,
// where it is drawn, included), shorter arcs first; with none free it
// takes the top.
func (sc *arcScratch) place(segs []arcSeg, levels int, right float32) {
	order := sc.order[:0]
	for i := range segs {
		order = append(order, i)
	}
	sc.order = order
	slices.SortStableFunc(order, func(i, j int) int {
		return cmp.Compare(segs[i].x1-segs[i].x0, segs[j].x1-segs[j].x0)
	})
	for lv := range sc.taken {
		sc.taken[lv] = sc.taken[lv][:0]
	}
	for _, k := range order {
		s := &segs[k]
		mid := s.labelMid(s.lw, right)
		x0, x1 := min(s.x0, mid-s.lw/2)-arcMargin/2, max(s.x1, mid+s.lw/2)+arcMargin/2
		s.level = levels - 1
		for lv := 0; lv < levels; lv++ {
			free := true
			for _, t := range sc.taken[lv] {
				if x0 < t[1] && t[0] < x1 {
					free = false
					break
				}
			}
			if free {
				s.level = lv
				break
			}
		}
		sc.taken[s.level] = append(sc.taken[s.level], [2]float32{x0, x1})
	}
}
