package app

import (
	"image/color"
	"slices"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Relations in the article view, drawn as brat draws them: an arc above
// the text from the head span to the tail span, with an arrowhead at the
// tail and the type's name on it, in the type's colour (the chosen
// relation's thicker). Arcs live in the
// room above each line's text (the arc levels, at most maxArcLevels: a
// shorter arc lies lower), and a row draws the arcs of the spans that
// start on its line, so only the lines in view cost anything. An arc
// whose other end is on another line runs to the edge of the view and
// ends in an arrow there; tapping that arrow scrolls to the other end. An
// invalid relation (one the schema does not allow between its spans'
// labels) is drawn dashed and red, its name marked with ⚠.
//
// Arcs are anchored at the middle of their spans' first line; the view
// keeps them in one list sorted by anchor, so a line finds its arcs by
// binary search.

// ViewRelation is a relation as the article view draws it.
type ViewRelation struct {
	ID         int64
	Head, Tail int64  // span IDs
	HeadAt     [2]int // the head span's range
	TailAt     [2]int // the tail span's range
	Label      string
	Color      color.Color
	Invalid    bool
}

const (
	maxArcLevels = 3
	arcMargin    = 6 // between two arcs on one level
	arcEdgeHit   = 16
)

var invalidArc = color.NRGBA{R: 0xE0, G: 0x31, B: 0x31, A: 0xFF}

// arcEnd is one end of a relation, at the start of its span.
type arcEnd struct {
	cp   int
	rel  int64
	head bool
}

// arcState is the view's relations.
type arcState struct {
	rels    map[int64]ViewRelation
	ends    []arcEnd // sorted by (cp, rel)
	chosen  int64
	preview *ViewRelation // the relation being drawn, ID 0
	levels  int           // arc levels above each line: 0 without relations
	need    arcNeeds      // the levels each line needs (arcs_levels.go)
	scratch arcScratch
	tabs    bool // Tab goes to the view (SetTabKeys)
	labelW  map[string]float32
	labelAt float32 // the text size labelW was measured at
}

// arcRow is what a row keeps for its arcs: pooled lines, label texts and
// boxes, and where a tap chooses an arc or jumps.
type arcRow struct {
	lines []*canvas.Line
	texts []*canvas.Text
	rects []*canvas.Rectangle
	hits  []arcHit
}

// arcHit is a tappable part of an arc, in the row's coordinates.
type arcHit struct {
	x0, y0, x1, y1 float32
	rel            int64
	jump           int // the other end's code point for an edge arrow, else -1
}

// arcSeg is an arc, or the part of one, on one line.
type arcSeg struct {
	rel             ViewRelation
	x0, x1          float32 // the horizontal part
	headX, tailX    float32 // the legs; -1 where the arc runs to an edge
	headW, tailW    float32 // the widths of the legs' spans on the line
	edge            int     // +1 or -1: runs to the right or left edge
	jump            int
	lw              float32 // the label's width
	level           int
	preview, chosen bool
}

// SetRelations replaces the relations drawn.
func (v *ArticleView) SetRelations(rels []ViewRelation) {
	a := &v.arcs
	a.rels = make(map[int64]ViewRelation, len(rels))
	a.ends = a.ends[:0]
	for _, r := range rels {
		a.rels[r.ID] = r
		a.ends = append(a.ends, arcEnd{r.HeadAt[0], r.ID, true}, arcEnd{r.TailAt[0], r.ID, false})
	}
	slices.SortFunc(a.ends, func(x, y arcEnd) int {
		if endLess(x, y) {
			return -1
		}
		if endLess(y, x) {
			return 1
		}
		return 0
	})
	if _, ok := a.rels[a.chosen]; !ok {
		a.chosen = 0
	}
	v.relevelAll()
	v.redrawAll()
}

func endLess(x, y arcEnd) bool {
	if x.cp != y.cp {
		return x.cp < y.cp
	}
	if x.rel != y.rel {
		return x.rel < y.rel
	}
	return x.head && !y.head
}

// SetRelation adds a relation or changes the one with r.ID.
func (v *ArticleView) SetRelation(r ViewRelation) {
	a := &v.arcs
	if a.rels == nil {
		a.rels = map[int64]ViewRelation{}
	}
	var lines []int
	if old, ok := a.rels[r.ID]; ok {
		v.dropEnds(old)
		v.redrawRelation(old)
		lines = v.relationLines(old)
	}
	a.rels[r.ID] = r
	for _, e := range []arcEnd{{r.HeadAt[0], r.ID, true}, {r.TailAt[0], r.ID, false}} {
		i := sort.Search(len(a.ends), func(i int) bool { return !endLess(a.ends[i], e) })
		a.ends = slices.Insert(a.ends, i, e)
	}
	v.relevel(append(lines, v.relationLines(r)...))
	v.redrawRelation(r)
}

// RemoveRelation removes the relation with id, if drawn.
func (v *ArticleView) RemoveRelation(id int64) {
	a := &v.arcs
	r, ok := a.rels[id]
	if !ok {
		return
	}
	delete(a.rels, id)
	v.dropEnds(r)
	if a.chosen == id {
		a.chosen = 0
	}
	v.relevel(v.relationLines(r))
	v.redrawRelation(r)
}

func (v *ArticleView) dropEnds(r ViewRelation) {
	a := &v.arcs
	for _, e := range []arcEnd{{r.HeadAt[0], r.ID, true}, {r.TailAt[0], r.ID, false}} {
		i := sort.Search(len(a.ends), func(i int) bool { return !endLess(a.ends[i], e) })
		if i < len(a.ends) && a.ends[i] == e {
			a.ends = slices.Delete(a.ends, i, i+1)
		}
	}
}

// Relations returns the relations drawn, by ID.
func (v *ArticleView) Relations() []ViewRelation {
	out := make([]ViewRelation, 0, len(v.arcs.rels))
	for _, r := range v.arcs.rels {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b ViewRelation) int { return int(a.ID - b.ID) })
	return out
}

// ChooseRelation marks the relation with id as chosen (drawn thicker); 0
// chooses none. It does not call OnPickRelation.
func (v *ArticleView) ChooseRelation(id int64) {
	a := &v.arcs
	if id == a.chosen {
		return
	}
	if old, ok := a.rels[a.chosen]; ok {
		a.chosen = 0
		v.redrawRelation(old)
	}
	if r, ok := a.rels[id]; ok {
		a.chosen = id
		v.redrawRelation(r)
	} else {
		a.chosen = 0
	}
}

// ChosenRelation returns the chosen relation's id, 0 if none.
func (v *ArticleView) ChosenRelation() int64 { return v.arcs.chosen }

// SetPreviewRelation draws r (a relation being drawn, not stored) as an
// arc; nil removes it.
func (v *ArticleView) SetPreviewRelation(r *ViewRelation) {
	a := &v.arcs
	old := a.preview
	a.preview = r // before the old one's lines are drawn again, without it
	if old != nil {
		v.redrawRelation(*old)
	}
	if r != nil {
		v.redrawRelation(*r)
	}
	v.setLevels()
}

// SetTabKeys makes Tab and Shift+Tab reach the view (OnRelationKey)
// instead of moving the keyboard focus.
func (v *ArticleView) SetTabKeys(on bool) { v.arcs.tabs = on }

// AcceptsTab implements fyne.Tabbable.
func (v *ArticleView) AcceptsTab() bool { return v.arcs.tabs }

// relationKey gives OnRelationKey the first look at a key; it reports
// whether the key was taken.
func (v *ArticleView) relationKey(k fyne.KeyName) bool {
	return v.OnRelationKey != nil && v.OnRelationKey(k)
}

// SpansInView returns the spans that show on the lines in view, in text
// order.
func (v *ArticleView) SpansInView() []ViewSpan {
	if v.r == nil || len(v.m.lines) == 0 {
		return nil
	}
	first, last := v.r.first, min(v.r.last, len(v.m.lines))
	if first >= last {
		return nil
	}
	a, b := v.m.lines[first].start, v.m.n
	if last < len(v.m.lines) {
		b = v.m.lines[last].start
	}
	var out []ViewSpan
	for _, i := range v.m.overlapping(a, max(b, a+1)) {
		out = append(out, v.m.spans[i])
	}
	return out
}

// redrawRelation redraws the lines of r's ends.
func (v *ArticleView) redrawRelation(r ViewRelation) {
	v.redraw(r.HeadAt[0], r.HeadAt[0])
	v.redraw(r.TailAt[0], r.TailAt[0])
}

// clear drops the relations (a new text), keeping the measured labels.
func (a *arcState) clear() {
	a.rels, a.ends, a.chosen, a.preview, a.levels = nil, a.ends[:0], 0, nil, 0
	a.need = arcNeeds{}
}
