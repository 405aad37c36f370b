package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// TestF1InView: F1 shows the key sheet while the text has the focus; the
// view passes on the keys it does not handle.
func TestF1InView(t *testing.T) {
	u := newTestUI(t, newMemStore(art1))
	u.win.Canvas().Focus(u.view)
	u.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("F1 in the text showed no key sheet")
	}

	var got []fyne.KeyName
	v, _ := newTestView(t, testText)
	v.OnKey = func(k fyne.KeyName) { got = append(got, k) }
	for _, k := range []fyne.KeyName{fyne.KeyF1, fyne.KeyRight, fyne.KeyEscape, fyne.KeyF5} {
		v.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if len(got) != 3 || got[0] != fyne.KeyF1 || got[1] != fyne.KeyEscape || got[2] != fyne.KeyF5 {
		t.Errorf("OnKey got %v, want [F1 Escape F5]", got)
	}
}

// TestFirstZoomOut: with no size chosen, Ctrl+- makes the text smaller
// than the theme's size it is drawn at, and Ctrl+= larger.
func TestFirstZoomOut(t *testing.T) {
	u := newTestUI(t, newMemStore(art1))
	drawn := u.view.fontSize()
	u.zoom(-1)
	if got := u.view.fontSize(); got != drawn-1 {
		t.Errorf("first Ctrl+-: size %v, want %v", got, drawn-1)
	}
	u.app.Preferences().SetFloat(prefTextSize, 0)
	u.view.SetTextSize(0)
	u.zoom(+1)
	if got := u.view.fontSize(); got != drawn+1 {
		t.Errorf("first Ctrl+=: size %v, want %v", got, drawn+1)
	}
}

// TestSpanColoursFollowForcedTheme: under View → Dark theme the spans and
// find highlights are drawn for a dark background whatever the system's
// variant, and under View → Light theme for a light one.
func TestSpanColoursFollowForcedTheme(t *testing.T) {
	u := newTestUI(t, newMemStore(art1))
	u.view.SetArticle(art1, []ViewSpan{{ID: 1, Start: 0, End: 6, Label: "JURISDICTION"}})
	u.view.SetHighlights([][2]int{{42, 47}})
	alphas := func() (span, find uint8) {
		rowsHave(u.view, func(o fyne.CanvasObject) bool {
			r, ok := o.(*canvas.Rectangle)
			if !ok {
				return false
			}
			c, ok := r.FillColor.(color.NRGBA)
			switch {
			case !ok:
			case r.StrokeColor == highlightStroke:
				find = c.A
			case c.A != 0xFF && c.A != 0 && r.StrokeWidth == 0:
				span = c.A
			}
			return false
		})
		return
	}
	for _, tt := range []struct {
		name       string
		wantDark   bool
		span, find uint8
	}{
		{"dark", true, 0x70, 0x50},
		{"light", false, 0x58, 0x90},
	} {
		u.setTheme(tt.name)
		u.view.Refresh()
		if dark := u.view.r.variant() == theme.VariantDark; dark != tt.wantDark {
			t.Errorf("%s theme: dark %v", tt.name, dark)
		}
		if span, find := alphas(); span != tt.span || find != tt.find {
			t.Errorf("%s theme: span alpha %#x, find alpha %#x; want %#x, %#x", tt.name, span, find, tt.span, tt.find)
		}
	}
}
