package app

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestSidePanesKeepWidth: a window made wider or a little narrower keeps
// the widths of the article list and of the label form, the article
// taking the difference; made so narrow that the article would have
// less than half of it, the side panes share the other half, and take
// their widths again when it widens. A divider moved by hand sets the
// width kept.
func TestSidePanesKeepWidth(t *testing.T) {
	u := newTestUI(t, newMemStore(art1, art2))
	widths := func() (list, view, form float32) {
		return u.list.obj.Size().Width, u.view.Size().Width, u.form.obj.Size().Width
	}
	u.win.Resize(fyne.NewSize(1280, 860))
	list, view, form := widths()
	for _, w := range []float32{1380, 1480, 1230, 1280} {
		u.win.Resize(fyne.NewSize(w, 860))
		l, v, f := widths()
		// The side panes exactly (else Fyne lays them out again), the
		// article to a float32's rounding.
		if l != list || f != form || math.Abs(float64(v-(view+w-1280))) > 0.01 {
			t.Errorf("at %v px: list %v, view %v, form %v; want %v, %v, %v", w, l, v, f, list, view+w-1280, form)
		}
	}
	u.win.Resize(fyne.NewSize(900, 600))
	if l, v, f := widths(); l >= list || f >= form || v < 900/2-50 {
		t.Errorf("at 900 px: list %v, view %v, form %v; want narrower panes than %v and %v", l, v, f, list, form)
	}
	u.win.Resize(fyne.NewSize(1300, 860))
	if l, _, f := widths(); l != list || f != form {
		t.Errorf("at 1300 px after 900: list %v, form %v; want %v, %v", l, f, list, form)
	}
	var outer *container.Split
	for _, o := range test.LaidOutObjects(u.win.Content()) {
		if s, ok := o.(*container.Split); ok && s.Leading == u.list.obj {
			outer = s
		}
	}
	outer.SetOffset(0.3) // as a drag of its divider does
	dragged, _, form := widths()
	u.win.Resize(fyne.NewSize(1400, 860))
	if l, _, f := widths(); l != dragged || dragged == list || f != form {
		t.Errorf("after the list's divider moved to %v px: list %v, form %v; want %v, %v", dragged, l, f, dragged, form)
	}
}
