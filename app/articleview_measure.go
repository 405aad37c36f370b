package app

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// textMeasurer measures text the way canvas.Text draws it, without
// fyne.MeasureText's cost: Fyne shapes every measured string with a new
// HarfBuzz font (its lookup accelerators and shape plan built again each
// time), which made the first open of a 100,000-word article take more than
// half a second. The measurer parses the theme's font once and keeps one
// shaper, so its shape plan and font are built once per face, and then
// shapes each word exactly as Fyne's painter does (the same segmentation,
// the same shaper and features, the same fixed-point sums), so the widths
// are identical to fyne.MeasureText's to the bit (TestMeasureMatchesFyne).
// Strings with a rune the theme's font lacks (CJK, emoji: Fyne then falls
// back to other fonts) go to fyne.MeasureText.
type textMeasurer struct {
	face   *font.Face
	size   fixed.Int26_6
	fsize  float32
	shaper shaping.HarfbuzzShaper
	seg    shaping.Segmenter
	runes  []rune
	pairs  *asciiPairs
}

// faces holds the fonts parsed from theme resources, by resource name: a
// theme's font is parsed once per process.
var faces sync.Map // string → *font.Face (nil if it did not parse)

func faceFor(res fyne.Resource) *font.Face {
	if res == nil {
		return nil
	}
	if f, ok := faces.Load(res.Name()); ok {
		return f.(*font.Face)
	}
	f, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		f = nil
	}
	faces.Store(res.Name(), f)
	return f
}

// newTextMeasurer returns a measurer for text of the given size in res (the
// theme's regular font); with a nil or unreadable res it measures with
// fyne.MeasureText.
func newTextMeasurer(res fyne.Resource, size float32) *textMeasurer {
	t := &textMeasurer{face: faceFor(res), size: fixed.Int26_6(float64(size) * (1 << 6)), fsize: size}
	t.shaper.SetFontCacheSize(1) // the zero shaper keeps no font: it would build one per call
	t.pairs = new(asciiPairs)
	return t
}

// shapeFixed shapes s (ASCII, one run of script) and returns its glyphs'
// advance in fixed point and its glyph ids.
func (t *textMeasurer) shapeFixed(s string, script language.Script) (fixed.Int26_6, []shaping.Glyph) {
	rs := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		rs[i] = rune(s[i])
	}
	out := t.shaper.Shape(shaping.Input{Text: rs, RunEnd: len(rs), Direction: di.DirectionLTR, Face: t.face, Size: t.size, Script: script})
	var adv fixed.Int26_6
	for _, g := range out.Glyphs {
		adv += g.XAdvance
	}
	return adv, out.Glyphs
}

// ResolveFace makes the measurer its own shaping.Fontmap: every rune it
// shapes is in its face (measure checks that first).
func (t *textMeasurer) ResolveFace(rune) *font.Face { return t.face }

// measure returns the width canvas.Text gives s (a string without tabs or
// line breaks).
func (t *textMeasurer) measure(s string) float32 {
	if t.face == nil {
		return fyne.MeasureText(s, t.fsize, fyne.TextStyle{}).Width
	}
	t.runes = t.runes[:0]
	for _, r := range s {
		if _, ok := t.face.NominalGlyph(r); !ok || r == '\t' || r == '\r' {
			return fyne.MeasureText(s, t.fsize, fyne.TextStyle{}).Width
		}
		t.runes = append(t.runes, r)
	}
	in := shaping.Input{Text: t.runes, RunEnd: len(t.runes), Direction: di.DirectionLTR, Face: t.face, Size: t.size}
	if script, ok := asciiScript(s); ok {
		// What the segmenter makes of ASCII, without its bidi pass: one
		// left-to-right run, Latin if it holds a letter.
		if w, ok := t.pairs.width(t, s, script); ok {
			return w
		}
		in.Script = script
		return t.shapeRun(in, 0)
	}
	var x float32
	for _, run := range t.seg.Split(in, t) {
		x = t.shapeRun(run, x)
	}
	return x
}

// asciiScript returns the script the segmenter gives an ASCII string (the
// only one it then makes); ok is false for other strings.
func asciiScript(s string) (language.Script, bool) {
	script := language.Common
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		switch {
		case s[i] >= utf8.RuneSelf:
			return 0, false
		case c >= 'a' && c <= 'z':
			script = language.Latin
		}
	}
	return script, true
}

// shapeRun adds run's advance to x as Fyne's painter does (shapeCallback),
// in float32 steps, one per stretch of glyphs between .notdef glyphs; a
// .notdef glyph's advance counts twice there, and so it does here.
func (t *textMeasurer) shapeRun(in shaping.Input, x float32) float32 {
	out := t.shaper.Shape(in)
	adv := fixed.I(0)
	pending := false
	for _, g := range out.Glyphs {
		if g.GlyphID == 0 {
			if pending {
				x += fixed266ToFloat32(adv)
			}
			x += fixed266ToFloat32(g.XAdvance)
			adv, pending = 0, false
		} else {
			pending = true
		}
		adv += g.XAdvance
	}
	if pending {
		x += fixed266ToFloat32(adv)
		adv = 0
	}
	return x + fixed266ToFloat32(adv)
}

func fixed266ToFloat32(i fixed.Int26_6) float32 { return float32(float64(i) / (1 << 6)) }
