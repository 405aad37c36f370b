package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestRightToLeftWordsAlign: a word in a right-to-left script is drawn
// as a text of its own, in the order of the text, at the place and width
// the model gives it, and its highlight covers exactly that text; inside
// it, positions run from its right edge (as Fyne draws its glyphs), and
// clicks map back to the same code points.
func TestRightToLeftWordsAlign(t *testing.T) {
	text := "Canada said that كندا froze the assets of وانغ جونتشنغ، and הודיעה קנדה (الصين) too."
	ix := annotate.NewIndex(text)
	cp := func(s string) int { return ix.Rune(strings.Index(text, s)) }
	n := func(s string) int { return len([]rune(s)) }
	kanada, wang := cp("كندا"), cp("وانغ جونتشنغ")
	v, _ := newTestView(t, text,
		ViewSpan{ID: 1, Start: kanada, End: kanada + n("كندا"), Label: "JURISDICTION"},
		ViewSpan{ID: 2, Start: wang, End: wang + n("وانغ جونتشنغ"), Label: "PERSON"})
	rw := v.r.rows[0]
	texts := map[string]*canvas.Text{}
	var order []string
	for _, o := range rw.c.Objects {
		if tx, ok := o.(*canvas.Text); ok {
			texts[tx.Text] = tx
			order = append(order, tx.Text)
		}
	}
	for _, w := range []string{"كندا", "وانغ", "جونتشنغ", "،", "הודיעה", "קנדה", "(", ")"} {
		tx := texts[w]
		if tx == nil {
			t.Fatalf("%q is not a text of its own: %q", w, order)
		}
		if got, want := tx.Size().Width, fyne.MeasureText(w, tx.TextSize, fyne.TextStyle{}).Width; got-want > 0.01 || want-got > 0.01 {
			t.Errorf("%q drawn %v wide, measured %v", w, got, want)
		}
	}
	for i := 1; i < len(order); i++ {
		if texts[order[i]].Position().X <= texts[order[i-1]].Position().X {
			t.Errorf("%q drawn left of %q: the words follow the text's order", order[i], order[i-1])
		}
	}
	// The highlight of كندا is exactly its text.
	kt := texts["كندا"]
	found := false
	for _, o := range rw.c.Objects {
		r, ok := o.(*canvas.Rectangle)
		if ok && r.Position().X == kt.Position().X && r.Size().Width == kt.Size().Width {
			found = true
		}
	}
	if !found {
		t.Errorf("no highlight at كندا's text (x %v, width %v)", kt.Position().X, kt.Size().Width)
	}
	// Brackets and punctuation stand left to right beside the letters.
	if p := strings.Join(order[len(order)-4:], " "); p != "( الصين ) too." {
		t.Errorf("the last texts are %q, want ( الصين ) too.", p)
	}
	// The PERSON span ends before the comma, drawn to the right of
	// جونتشنغ: its highlight ends at that word's right edge.
	x0, x1 := v.m.xRange(0, wang, wang+n("وانغ جونتشنغ"))
	jt := texts["جونتشنغ"]
	if left := texts["وانغ"].Position().X - viewPadX; x0 != left {
		t.Errorf("PERSON highlight starts at %v, want وانغ's left edge %v", x0, left)
	}
	if right := jt.Position().X - viewPadX + jt.Size().Width; x1 != right {
		t.Errorf("PERSON highlight ends at %v, want جونتشنغ's right edge %v", x1, right)
	}
	// Inside a right-to-left word the start is at its right edge.
	if x := v.m.xOf(0, kanada); x != kt.Position().X-viewPadX+kt.Size().Width {
		t.Errorf("the start of كندا at x %v, want its right edge", x)
	}
	for c := kanada; c < kanada+n("كندا"); c++ {
		a, b := v.m.xRange(0, c, c+1)
		if got := v.m.hit(0, (a+b)/2, false); got != c || a >= b {
			t.Errorf("code point %d drawn from x %v to %v; a click in the middle gives %d", c, a, b, got)
		}
	}
}
