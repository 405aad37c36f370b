package app

import (
	"slices"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/shaping"
)

// fitLabel is a one-line label cut with an ellipsis to its width, drawn
// to the pixel as widget.Label with fyne.TextTruncateEllipsis draws it
// (TestFitLabelCutsAsFyne). Fyne's label finds its cut by shaping the
// whole text with a new HarfBuzz font at every change of its text or of
// its width, which made most of a resize's handling (every row of the
// article list is cut again) and a sixth of Ctrl+PageDown's (the title,
// the list's rows). This one shapes a text once, with a kept shaper, and
// runs the same line wrapper on those glyphs when its width changes. A
// text the theme's font cannot draw alone (CJK, emoji) or that runs
// right to left is left to Fyne's truncation.
type fitLabel struct {
	widget.Label
	full  string
	shape *fitShape // full shaped; nil: not yet
	key   fitKey    // the font it was shaped in
	width float32   // the width the text was cut for, -1 for none
}

// fitKey is the font a fitLabel measured in.
type fitKey struct {
	font  string // the resource's name
	size  float32
	style fyne.TextStyle
}

// newFitLabel returns a label of text in style.
func newFitLabel(text string, style fyne.TextStyle) *fitLabel {
	l := &fitLabel{full: text, width: -1}
	l.Text, l.TextStyle = text, style
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows s, cut to the label's width.
func (l *fitLabel) SetText(s string) {
	if s == l.full {
		return
	}
	l.full, l.shape, l.width = s, nil, -1
	l.cut(l.Size().Width)
	l.Label.Refresh()
}

// Full returns the text the label was given, uncut.
func (l *fitLabel) Full() string { return l.full }

// Resize cuts the text again when the width changed.
func (l *fitLabel) Resize(size fyne.Size) {
	if size.Width != l.width && l.cut(size.Width) {
		l.Label.Refresh()
	}
	l.Label.Resize(size)
}

// Refresh measures the text again when the theme's font or size changed.
func (l *fitLabel) Refresh() {
	l.cut(l.Size().Width)
	l.Label.Refresh()
}

// MinSize is widget.Label's with truncation: room for one character and
// the ellipsis, not for the text.
func (l *fitLabel) MinSize() fyne.Size {
	th := l.Theme()
	size := th.Size(theme.SizeNameText)
	w := fyne.MeasureText("M", size, fyne.TextStyle{}).Width + fyne.MeasureText("…", size, fyne.TextStyle{}).Width
	h := fyne.MeasureText("M", size, l.TextStyle).Height + 2*th.Size(theme.SizeNameInnerPadding)
	return fyne.NewSize(w, h)
}

// Shown returns the text the label would show for s at width w, or s
// when Fyne is to cut it.
func (l *fitLabel) Shown(s string, w float32) string {
	sh := l.shapeText(s)
	if !sh.own {
		return s
	}
	return sh.cut(l.limit(w))
}

// cut sets the text shown for width w; it reports whether it changed.
func (l *fitLabel) cut(w float32) bool {
	l.width = w
	key := l.fontKey()
	if l.shape == nil || key != l.key {
		l.shape, l.key = l.shapeText(l.full), key
	}
	text, trunc := l.full, fyne.TextTruncateEllipsis
	if l.shape.own {
		text, trunc = l.shape.cut(l.limit(w)), fyne.TextTruncateOff
	}
	if text == l.Text && trunc == l.Truncation {
		return false
	}
	l.Text, l.Truncation = text, trunc
	return true
}

// limit is the width the text may take in a label w wide, as Fyne
// rounds it.
func (l *fitLabel) limit(w float32) int {
	return int(w - 2*l.Theme().Size(theme.SizeNameInnerPadding))
}

func (l *fitLabel) fontKey() fitKey {
	th := l.Theme()
	var name string
	if res := th.Font(l.TextStyle); res != nil {
		name = res.Name()
	}
	return fitKey{font: name, size: th.Size(theme.SizeNameText), style: l.TextStyle}
}

// fitShape is a text shaped in a label's font, and the ellipsis.
type fitShape struct {
	own   bool // false: Fyne is to cut the text
	runes []rune
	outs  []shaping.Output
	ell   shaping.Output
}

var ellipsis = []rune{'…'}

// cut returns the text cut to limit as Fyne's truncation cuts it
// (widget.truncateLimit: the same line wrapper on the same glyphs, which
// keeps a space before the ellipsis but not its width, and at least one
// character): whole when it fits, else its longest start that fits with
// the ellipsis after it, and the ellipsis.
func (f *fitShape) cut(limit int) string {
	if len(f.runes) == 0 {
		return ""
	}
	conf := shaping.WrapConfig{BreakPolicy: shaping.WhenNecessary, TruncateAfterLines: 1, Truncator: copyOutput(f.ell)}
	outs := make([]shaping.Output, len(f.outs)) // the wrapper may cut them
	for i, o := range f.outs {
		outs[i] = copyOutput(o)
	}
	var lw shaping.LineWrapper
	lw.Prepare(conf, f.runes, shaping.NewSliceIterator(outs))
	wrapped, done := lw.WrapNextLine(limit)
	count := len(f.runes)
	if wrapped.Truncated != 0 {
		count += 1 - wrapped.Truncated
	}
	if done && count == len(f.runes) {
		return string(f.runes)
	}
	return string(f.runes[:count-1]) + "…"
}

func copyOutput(o shaping.Output) shaping.Output {
	o.Glyphs = slices.Clone(o.Glyphs)
	return o
}

// shapeText shapes s in the label's font as Fyne's truncation does: runs
// split by the segmenter, each shaped alone, the ellipsis alone; or,
// not own, what Fyne is to cut.
func (l *fitLabel) shapeText(s string) *fitShape {
	k := l.fontKey()
	fitMeasurers.Lock()
	defer fitMeasurers.Unlock()
	m := fitMeasurers.m[k]
	if m == nil {
		m = newTextMeasurer(l.Theme().Font(l.TextStyle), k.size)
		fitMeasurers.m[k] = m
	}
	f := &fitShape{}
	if m.face == nil {
		return f
	}
	rs := []rune(s)
	for _, r := range append(rs, ellipsis...) {
		if _, ok := m.face.NominalGlyph(r); !ok || r == '\t' || r == '\r' || r == '\n' {
			return f
		}
	}
	in := shaping.Input{Text: rs, RunEnd: len(rs), Direction: di.DirectionLTR, Face: m.face, Size: m.size}
	for _, run := range m.seg.Split(in, m) {
		if run.Direction != di.DirectionLTR {
			return f
		}
		f.outs = append(f.outs, m.shaper.Shape(run))
	}
	in.Text, in.RunEnd = ellipsis, len(ellipsis)
	f.own, f.runes, f.ell = true, rs, m.shaper.Shape(in)
	return f
}

// fitMeasurers keeps one measurer per font and size for the fitLabels;
// the lock keeps tests that run apps side by side safe.
var fitMeasurers = struct {
	sync.Mutex
	m map[fitKey]*textMeasurer
}{m: map[fitKey]*textMeasurer{}}
