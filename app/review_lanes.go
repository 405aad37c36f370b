package app

import (
	"image/color"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/tagdesk/tagdesk/annotate"
)

// laneLine is one line of the article view as a laneDrawer draws under
// it: the code points [start, next) it shows, where its lanes begin (top),
// and the view's helpers that clip a range to the line and make a
// rectangle (x in the line's coordinates, y in the row's).
type laneLine struct {
	start, next    int
	top            float32
	textTop, textH float32
	dark           bool
	clip           func(a, b int) (x0, x1 float32, ok bool)
	rect           func(fill color.Color, x0, y, x1, h float32) *canvas.Rectangle
}

// laneDrawer draws lanes under each line of the article view: the
// review's one lane per annotator.
type laneDrawer interface {
	height() float32
	drawLine(l laneLine)
}

// SetLanes puts lanes under every line (nil removes them), keeping the
// top line in view.
func (v *ArticleView) SetLanes(d laneDrawer) {
	top := v.topCP()
	v.lanes = d
	if v.updateMetrics() {
		v.offset = float32(v.m.lineOf(top)) * v.lm.lineH
	}
	v.redrawAll()
}

func (v *ArticleView) lanesHeight() float32 {
	if v.lanes == nil {
		return 0
	}
	return v.lanes.height()
}

// Lane geometry: a bar of each annotator's spans, a gap, the next lane.
const (
	laneBar  = 5
	laneStep = laneBar + 2
)

// annotatorColors tell the lanes apart (the stripe at each lane's start
// and the review bar's legend): the Okabe–Ito colours, which stay
// distinct for colour-blind eyes and on light and dark backgrounds.
var annotatorColors = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, {0xE6, 0x9F, 0x00, 0xFF}, {0x00, 0x9E, 0x73, 0xFF},
	{0xCC, 0x79, 0xA7, 0xFF}, {0x56, 0xB4, 0xE9, 0xFF}, {0xD5, 0x5E, 0x00, 0xFF},
	{0xF0, 0xE4, 0x42, 0xFF}, {0x99, 0x99, 0x99, 0xFF},
}

func annotatorColor(i int) color.NRGBA { return annotatorColors[i%len(annotatorColors)] }

// Disagreement marks: open ones red, decided ones grey.
var (
	openMark    = color.NRGBA{0xE0, 0x1B, 0x24, 0xFF}
	decidedMark = color.NRGBA{0x88, 0x88, 0x88, 0xC0}
)

// faded is c at a third of its opacity.
func faded(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A /= 3
	return n
}

// reviewLanes draws a review's lanes: under each line, one lane per
// annotator with their spans as bars in the label's colour (faded where
// everyone agrees); around each
// disagreement a box over all lanes (red while open, grey once decided),
// and in the lane of an annotator who has nothing there a hollow box; the
// disagreement walked to is outlined in the theme's primary colour, text
// included.
type reviewLanes struct{ r *review }

func (d reviewLanes) height() float32 { return float32(len(d.r.names))*laneStep + 2 }

func (d reviewLanes) drawLine(l laneLine) {
	r := d.r
	v := r.u.view
	n := len(r.names)
	for i := 0; i < n; i++ {
		y := l.top + float32(i)*laneStep
		l.rect(annotatorColor(i), -viewPadX+2, y, -viewPadX+5, laneBar)
		if r.m == nil {
			continue
		}
		r.m.lanes[i].overlapping(l.start, l.next, func(sp *annotate.Span) {
			if x0, x1, ok := l.clip(sp.Start, sp.End); ok {
				c := v.spanColor(sp.Label, l.dark, true)
				if r.m.agreedSet[tripleOf(*sp)] {
					c = faded(c) // agreed: the disagreements stand out
				}
				l.rect(c, x0, y, max(x1-1, x0+1), laneBar).CornerRadius = 2
			}
		})
	}
	if r.m == nil {
		return
	}
	i, j := r.m.within(l.start, max(l.next, l.start+1))
	bottom := l.top + float32(n)*laneStep
	for k := i; k < j; k++ {
		dis := &r.m.dis[k]
		x0, x1, ok := l.clip(dis.Start, dis.End)
		if !ok {
			continue
		}
		mark := openMark
		if r.decided(k) {
			mark = decidedMark
		}
		for a, ver := range dis.Versions {
			if len(ver) == 0 {
				c := l.rect(color.Transparent, x0, l.top+float32(a)*laneStep, x1, laneBar)
				c.StrokeColor, c.StrokeWidth = mark, 1
			}
		}
		c := l.rect(color.Transparent, x0-2, l.top-2, x1+2, bottom-l.top+2)
		c.StrokeColor, c.StrokeWidth, c.CornerRadius = mark, 1, 2
		if k == r.cur {
			th := v.Theme()
			variant := theme.VariantLight
			if l.dark {
				variant = theme.VariantDark
			}
			c := l.rect(color.Transparent, x0-3, l.textTop-3, x1+3, bottom-l.textTop+4)
			c.StrokeColor, c.StrokeWidth, c.CornerRadius = th.Color(theme.ColorNamePrimary, variant), 2, 3
		}
	}
}
