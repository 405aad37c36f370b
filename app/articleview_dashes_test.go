package app

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// TestDashPixelsMatchRectangles: a dash covers the device pixels Fyne's
// OpenGL painter fills for a plain rectangle: its position and its size
// are each rounded to whole pixels (so a 0.6 wide dash at 0.3 fills one
// pixel, where rounding its ends would fill none), then scaled.
func TestDashPixelsMatchRectangles(t *testing.T) {
	tests := []struct {
		name               string
		pos                fyne.Position
		size               fyne.Size
		abs                fyne.Position
		scale              float32
		wx0, wy0, wx1, wy1 int
	}{
		{"whole", fyne.NewPos(10, 4), fyne.NewSize(4, 1), fyne.NewPos(270, 64), 1, 280, 68, 284, 69},
		{"fractions", fyne.NewPos(13.3, 4.25), fyne.NewSize(4, 1), fyne.NewPos(270.4, 64.5), 1, 284, 69, 288, 70},
		{"size rounded apart", fyne.NewPos(0.3, 0), fyne.NewSize(0.6, 2.5), fyne.Position{}, 1, 0, 0, 1, 3},
		{"half up", fyne.NewPos(0.5, 1.5), fyne.NewSize(3.5, 1), fyne.Position{}, 1, 1, 2, 5, 3},
		{"scale 2", fyne.NewPos(10.3, 4), fyne.NewSize(4, 1), fyne.NewPos(100, 20), 2, 221, 48, 229, 50},
		{"scale 1.5", fyne.NewPos(10, 4), fyne.NewSize(3, 1), fyne.NewPos(0, 0), 1.5, 15, 6, 20, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x0, y0, x1, y1 := dashPixels(tt.pos, tt.size, tt.abs, tt.scale)
			if x0 != tt.wx0 || y0 != tt.wy0 || x1 != tt.wx1 || y1 != tt.wy1 {
				t.Errorf("got [%d,%d)×[%d,%d) want [%d,%d)×[%d,%d)", x0, x1, y0, y1, tt.wx0, tt.wx1, tt.wy0, tt.wy1)
			}
		})
	}
}

// TestSuggestionOutlineIsOneRaster: each suggestion on a line is drawn as
// one raster, not a rectangle a dash, and the raster's pixels are the
// dashes' pixels in the suggestion's colour, nothing else.
func TestSuggestionOutlineIsOneRaster(t *testing.T) {
	text := strings.Repeat("Officials in Ottawa met officials from Beijing on Monday. ", 20)
	v, _ := newTestView(t, text)
	var sugg []ViewSpan
	for i := 0; ; {
		k := strings.Index(text[i:], "Ottawa")
		if k < 0 {
			break
		}
		sugg = append(sugg, ViewSpan{Start: i + k, End: i + k + len("Ottawa"), Label: "LOC"})
		i += k + 1
	}
	v.SetSuggestions(sugg, 0)

	var outlines []*dashOutline
	small := 0
	for _, rw := range v.r.rows {
		for _, o := range rw.c.Objects {
			if r, ok := o.(*canvas.Rectangle); ok && r.Size().Width*r.Size().Height <= 4 {
				small++
			}
		}
		for _, d := range rw.dash {
			for _, o := range rw.c.Objects {
				if o == d.r && d.r.Visible() {
					outlines = append(outlines, d)
				}
			}
		}
	}
	if small > 0 {
		t.Errorf("%d dash-sized rectangles drawn", small)
	}
	inView := 0
	for _, s := range sugg {
		if li := v.m.lineOf(s.Start); li >= v.r.first && li < v.r.last {
			inView++
		}
	}
	if len(outlines) != inView || inView == 0 {
		t.Fatalf("%d outline rasters for %d suggestions in view", len(outlines), inView)
	}
	want := color.NRGBAModel.Convert(v.spanColor("LOC", false, true)).(color.NRGBA)
	for _, d := range outlines {
		if len(d.dashes) < 8 {
			t.Fatalf("an outline of %d dashes", len(d.dashes))
		}
		sz := d.r.Size()
		img := d.r.Generator(int(sz.Width), int(sz.Height)).(*image.NRGBA)
		abs, scale := v.r.rowOrigin(d.row)
		ox, oy, _, _ := dashPixels(d.r.Position(), fyne.Size{}, abs, scale)
		inDash := func(x, y int) bool {
			for _, s := range d.dashes {
				x0, y0, x1, y1 := dashPixels(s.pos, s.size, abs, scale)
				if x >= x0 && x < x1 && y >= y0 && y < y1 {
					return true
				}
			}
			return false
		}
		for y := 0; y < img.Rect.Dy(); y++ {
			for x := 0; x < img.Rect.Dx(); x++ {
				got := img.NRGBAAt(x, y)
				if inDash(x+ox, y+oy) {
					if got != want {
						t.Fatalf("pixel %d,%d of a dash: %v, want %v", x, y, got, want)
					}
				} else if got.A != 0 {
					t.Fatalf("pixel %d,%d outside the dashes: %v", x, y, got)
				}
			}
		}
		// Every dash lies inside the raster, with room to spare.
		for _, s := range d.dashes {
			x0, y0, x1, y1 := dashPixels(s.pos, s.size, abs, scale)
			if x0 < ox || y0 < oy || x1 > ox+img.Rect.Dx() || y1 > oy+img.Rect.Dy() {
				t.Fatalf("dash [%d,%d)×[%d,%d) outside the raster at %d,%d size %v", x0, x1, y0, y1, ox, oy, img.Rect.Size())
			}
		}
	}
}
