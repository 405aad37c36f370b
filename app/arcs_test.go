package app

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

var relColor = color.NRGBA{R: 0x70, G: 0x48, B: 0xE8, A: 0xFF}

func viewRel(id int64, h, t ViewSpan, label string) ViewRelation {
	return ViewRelation{ID: id, Head: h.ID, Tail: t.ID, HeadAt: [2]int{h.Start, h.End}, TailAt: [2]int{t.Start, t.End}, Label: label, Color: relColor}
}

// arcTexts returns the arc labels drawn in the rows in view and the
// colours of their lines.
func arcTexts(v *ArticleView) (labels []string, lines []color.Color) {
	for li := v.r.first; li < v.r.last; li++ {
		rw := v.r.rows[li]
		if rw == nil {
			continue
		}
		for _, o := range rw.c.Objects {
			switch o := o.(type) {
			case *canvas.Text:
				for _, t := range rw.arc.texts {
					if t == o {
						labels = append(labels, o.Text)
					}
				}
			case *canvas.Line:
				lines = append(lines, o.StrokeColor)
			}
		}
	}
	return labels, lines
}

// TestArcLevels: arcs that overlap on a line take two levels, and the
// lines grow to hold them; removing one gives the room back.
func TestArcLevels(t *testing.T) {
	canada := ViewSpan{ID: 1, Start: 0, End: 6, Label: "JURISDICTION"}
	sanctions := ViewSpan{ID: 2, Start: 7, End: 16, Label: "MEASURE"}
	officials := ViewSpan{ID: 3, Start: 22, End: 39, Label: "PERSON"}
	v, w := newTestView(t, testText, canada, sanctions, officials)
	plain := v.lm.lineH
	v.SetRelations([]ViewRelation{viewRel(1, sanctions, canada, "imposed_by")})
	if v.arcs.levels != 1 || v.lm.lineH <= plain {
		t.Fatalf("one arc: %d levels, line %v (without arcs %v)", v.arcs.levels, v.lm.lineH, plain)
	}
	one := v.lm.lineH
	v.SetRelation(viewRel(2, sanctions, officials, "targets")) // shares the sanctions leg: a level up
	if v.arcs.levels != 2 || v.lm.lineH <= one {
		t.Fatalf("two arcs: %d levels, line %v", v.arcs.levels, v.lm.lineH)
	}
	segs := v.lineArcs(0, v.arcs.levels)
	if len(segs) != 2 || segs[0].level == segs[1].level {
		t.Errorf("the two arcs share a level: %+v", segs)
	}
	if labels, _ := arcTexts(v); strings.Join(labels, ",") != "imposed_by,targets" && strings.Join(labels, ",") != "targets,imposed_by" {
		t.Errorf("labels drawn: %v", labels)
	}
	w.Resize(fyne.NewSize(300, 400)) // a re-wrap counts the levels again
	if v.arcs.need.width != v.m.width || v.arcs.levels != 2 {
		t.Errorf("after a resize the levels were counted at width %v, the text is wrapped at %v; %d levels", v.arcs.need.width, v.m.width, v.arcs.levels)
	}
	v.RemoveRelation(2)
	if v.arcs.levels != 1 || v.lm.lineH != one {
		t.Errorf("after removing one: %d levels, line %v, want 1, %v", v.arcs.levels, v.lm.lineH, one)
	}
	v.SetRelations(nil)
	if v.arcs.levels != 0 || v.lm.lineH != plain {
		t.Errorf("without relations: %d levels, line %v, want 0, %v", v.arcs.levels, v.lm.lineH, plain)
	}
	// A relation being drawn gets room in an article without relations.
	preview := viewRel(0, sanctions, canada, "?")
	v.SetPreviewRelation(&preview)
	if labels, _ := arcTexts(v); v.arcs.levels != 1 || len(labels) != 1 || labels[0] != "?" {
		t.Errorf("the arc being drawn: %d levels, labels %v", v.arcs.levels, labels)
	}
	v.SetPreviewRelation(nil)
	if v.arcs.levels != 0 || v.lm.lineH != plain {
		t.Errorf("after drawing: %d levels, line %v", v.arcs.levels, v.lm.lineH)
	}
}

// TestArcPreviewBesideExisting: the arc being drawn between two spans
// that a relation already joins gets a level of its own instead of
// hiding that relation's arc.
func TestArcPreviewBesideExisting(t *testing.T) {
	a := ViewSpan{ID: 1, Start: 0, End: 6, Label: "JURISDICTION"}
	b := ViewSpan{ID: 2, Start: 7, End: 16, Label: "MEASURE"}
	v, _ := newTestView(t, testText, a, b)
	v.SetRelations([]ViewRelation{viewRel(1, b, a, "imposed_by")})
	if v.arcs.levels != 1 {
		t.Fatalf("one relation: %d levels", v.arcs.levels)
	}
	preview := viewRel(0, b, a, "?")
	v.SetPreviewRelation(&preview)
	segs := v.lineArcs(0, v.arcs.levels)
	if v.arcs.levels != 2 || len(segs) != 2 || segs[0].level == segs[1].level {
		t.Errorf("the arc being drawn shares a level with the stored one: %d levels, %+v", v.arcs.levels, segs)
	}
	if labels, _ := arcTexts(v); len(labels) != 2 {
		t.Errorf("labels drawn: %v, want the stored relation's and the one being drawn", labels)
	}
	v.SetPreviewRelation(nil)
	if v.arcs.levels != 1 {
		t.Errorf("after drawing: %d levels, want 1", v.arcs.levels)
	}
}

// TestArcInvalid: an invalid relation is drawn red with ⚠.
func TestArcInvalid(t *testing.T) {
	a := ViewSpan{ID: 1, Start: 0, End: 6, Label: "JURISDICTION"}
	b := ViewSpan{ID: 2, Start: 7, End: 16, Label: "MEASURE"}
	v, _ := newTestView(t, testText, a, b)
	r := viewRel(1, b, a, "imposed_by")
	r.Invalid = true
	v.SetRelations([]ViewRelation{r})
	labels, lines := arcTexts(v)
	if len(labels) != 1 || labels[0] != "⚠ imposed_by" {
		t.Errorf("labels %v", labels)
	}
	for _, c := range lines {
		if c != color.Color(invalidArc) {
			t.Errorf("a line of the invalid arc is %v", c)
		}
	}
	if len(lines) < 6 { // dashes
		t.Errorf("%d line pieces: not dashed", len(lines))
	}
}

// TestArcOffScreen: an arc whose other end is far away runs to the edge
// of the view; a tap on its arrow scrolls there and chooses it. Only
// the lines in view draw arcs.
func TestArcOffScreen(t *testing.T) {
	text := strings.Repeat("word ", 4000) + "Canada froze the assets."
	n := len(text)
	head := ViewSpan{ID: 1, Start: 0, End: 4, Label: "MEASURE"}
	tail := ViewSpan{ID: 2, Start: n - 24, End: n - 18, Label: "JURISDICTION"}
	v, _ := newTestView(t, text, head, tail)
	var rels []ViewRelation
	rels = append(rels, viewRel(7, head, tail, "imposed_by"))
	v.SetRelations(rels)
	var picked []int64
	v.OnPickRelation = func(id int64) { picked = append(picked, id); v.ChooseRelation(id) }
	if v.m.lineOf(tail.Start) < v.r.last {
		t.Fatal("the tail is in view; the test needs it far away")
	}
	if p, ok := v.ArcPoint(7, false); !ok {
		t.Fatal("the arc's label is not drawn on the head's line")
	} else {
		test.TapAt(v, p)
		if len(picked) != 1 || v.ChosenRelation() != 7 {
			t.Fatalf("a tap on the label: picked %v, chosen %d", picked, v.ChosenRelation())
		}
	}
	p, ok := v.ArcPoint(7, true)
	if !ok {
		t.Fatal("no edge arrow on the head's line")
	}
	if p.X < v.Size().Width/2 {
		t.Errorf("the arrow to a later line is at x %v, not at the right edge", p.X)
	}
	test.TapAt(v, p)
	if li := v.m.lineOf(tail.Start); li < v.r.first || li >= v.r.last {
		t.Fatalf("after the arrow's tap line %d is not in view [%d, %d)", li, v.r.first, v.r.last)
	}
	if len(picked) != 2 || picked[1] != 7 {
		t.Errorf("the arrow's tap did not choose the relation: %v", picked)
	}
	back, ok := v.ArcPoint(7, true)
	if !ok || back.X > v.Size().Width/2 {
		t.Errorf("the tail's line has no arrow at the left edge: %v %v", back, ok)
	}
	// A tap on plain text is not an arc's.
	if _, ok := v.arcAt(fyne.NewPos(2, 2)); ok {
		t.Error("an arc at the top left corner")
	}
}

// TestPreviewMovesOff: when the relation being drawn goes from a span on
// another line to one on the head's line, the other line is drawn again
// without the dashed arc (it was redrawn while the old preview still
// stood, and kept it).
func TestPreviewMovesOff(t *testing.T) {
	text := "Canada froze assets. " + strings.Repeat("Lorem ipsum dolor sit amet. ", 30) + "China protested."
	far := strings.Index(text, "China")
	spans := []ViewSpan{{ID: 1, Start: 0, End: 6, Label: "JURISDICTION"}, {ID: 2, Start: 7, End: 12, Label: "MEASURE"},
		{ID: 3, Start: far, End: far + 5, Label: "JURISDICTION"}}
	v, _ := newTestView(t, text, spans...)
	v.SetRelations([]ViewRelation{})
	lines := func(li int) int {
		rw := v.r.rows[li]
		if rw == nil {
			return 0
		}
		n := 0
		for _, o := range rw.c.Objects {
			if _, ok := o.(*canvas.Line); ok {
				n++
			}
		}
		return n
	}
	farLine := v.m.lineOf(far)
	if farLine == v.m.lineOf(7) || v.r.rows[farLine] == nil {
		t.Fatalf("China on line %d, not on another line in view", farLine)
	}
	v.SetPreviewRelation(&ViewRelation{Head: 2, Tail: 3, HeadAt: [2]int{7, 12}, TailAt: [2]int{far, far + 5}, Label: "?"})
	if lines(farLine) == 0 {
		t.Fatal("no dashed arc on China's line while it is the candidate")
	}
	v.SetPreviewRelation(&ViewRelation{Head: 2, Tail: 1, HeadAt: [2]int{7, 12}, TailAt: [2]int{0, 6}, Label: "?"})
	if n := lines(farLine); n != 0 {
		t.Errorf("China's line keeps %d lines of the arc drawn to it before", n)
	}
}

// TestArcLegsApart: arcs that meet at one span stand on legs of their
// own within it: the arc to the left on the left, and of two arcs between
// the same spans the later outside the earlier at both ends, so that no
// leg crosses an arc.
func TestArcLegsApart(t *testing.T) {
	canada := ViewSpan{ID: 1, Start: 0, End: 6, Label: "JURISDICTION"}
	sanctions := ViewSpan{ID: 2, Start: 7, End: 16, Label: "MEASURE"}
	officials := ViewSpan{ID: 3, Start: 22, End: 39, Label: "PERSON"}
	v, _ := newTestView(t, testText, canada, sanctions, officials)
	v.SetRelations([]ViewRelation{
		viewRel(1, sanctions, canada, "imposed_by"),
		viewRel(2, sanctions, officials, "targets"),
		viewRel(3, sanctions, officials, "names"),
	})
	legs := map[int64][2]float32{} // head, tail
	for _, s := range v.lineArcs(0, v.arcs.levels) {
		legs[s.rel.ID] = [2]float32{s.headX, s.tailX}
		if s.edge == 0 && (s.x0 != min(s.headX, s.tailX) || s.x1 != max(s.headX, s.tailX)) {
			t.Errorf("arc %d runs %v–%v, its legs stand at %v", s.rel.ID, s.x0, s.x1, legs[s.rel.ID])
		}
	}
	at := func(sp ViewSpan) (float32, float32) {
		return v.m.xOf(0, sp.Start), v.m.xOf(0, sp.End)
	}
	s0, s1 := at(sanctions)
	o0, o1 := at(officials)
	imposed, targets, names := legs[1][0], legs[2][0], legs[3][0]
	switch {
	case !(imposed < names && names < targets):
		t.Errorf("legs at sanctions: imposed_by %v, names %v, targets %v; want the arc to the left first, then the later of the two to the right outside", imposed, names, targets)
	case !(legs[3][1] > legs[2][1]):
		t.Errorf("legs at officials: targets %v, names %v; want the later outside (right)", legs[2][1], legs[3][1])
	case imposed < s0 || targets > s1 || legs[2][1] < o0 || legs[3][1] > o1:
		t.Errorf("legs %v outside their spans (sanctions %v–%v, officials %v–%v)", legs, s0, s1, o0, o1)
	case names-imposed < 4 || targets-names < 4:
		t.Errorf("legs too close to tell apart: %v, %v, %v", imposed, names, targets)
	}
}
