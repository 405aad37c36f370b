package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// outlines counts the picked-span outlines drawn (transparent, stroked).
func outlines(v *ArticleView) int {
	n := 0
	rowsHave(v, func(o fyne.CanvasObject) bool {
		if r, ok := o.(*canvas.Rectangle); ok && r.StrokeWidth == 2 && r.FillColor == color.Transparent {
			n++
		}
		return false
	})
	return n
}

// TestPickMovesOutline: picking another span, on other lines, takes the
// outline off the first one; picking none leaves no outline.
func TestPickMovesOutline(t *testing.T) {
	// Span 1 on the first line, span 2 on the third (after the blank line).
	v, _ := newTestView(t, testText, ViewSpan{ID: 1, Start: 0, End: 6, Label: "ORG"}, ViewSpan{ID: 2, Start: 78, End: 86, Label: "MEASURE"})
	if v.m.lineOf(0) == v.m.lineOf(78) {
		t.Fatal("the spans share a line; the test needs them apart")
	}
	for _, id := range []int64{1, 2, 1} {
		v.PickSpan(id)
		if n := outlines(v); n != 1 {
			t.Fatalf("after picking %d: %d outlines, want 1", id, n)
		}
	}
	v.PickSpan(0)
	if n := outlines(v); n != 0 {
		t.Fatalf("after picking none: %d outlines, want 0", n)
	}
}
