package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tagdesk/tagdesk/assets"
)

// measureSamples are words a news text holds: kerned pairs (AV, Te, Yo),
// ligature candidates (fi, ffl), possessives and quotes, digits, Latin
// with diacritics, combining marks, Cyrillic, Greek, Arabic and Hebrew
// (right to left), CJK and emoji (not in the theme's font: Fyne's fallback).
var measureSamples = []string{
	"AVATAR", "Tehran", "Yoga", "office", "baffled", "Wang's", "Kingdom’s",
	"“quoted”", "(Reuters)", "1,234.5%", "€12bn", "Zürich", "São", "Ægir",
	"e\u0301te\u0301", "Москва", "Αθήνα", "القاهرة", "ירושלים", "Xi-Jinping",
	"北京", "🇨🇦", "👩‍👩‍👧", "a\u00a0b", "WAVE", "T.", "y,", "P&O", "—",
}

// TestMeasureMatchesFyne: the view's measurer gives every word exactly
// the width fyne.MeasureText gives it (0 px difference), at two sizes.
func TestMeasureMatchesFyne(t *testing.T) {
	test.NewTempApp(t)
	words := append([]string{}, measureSamples...)
	text, _ := bigArticle(2000)
	words = append(words, strings.Fields(text)...)
	words = append(words, strings.Fields(string(assets.SampleText))...)
	// Every pair of these characters: the kerning table, its exceptions.
	const chars = "AFLPTVWYafijklrtvwy.,'\"-()0179 "
	for i := range len(chars) {
		for j := range len(chars) {
			words = append(words, chars[i:i+1]+chars[j:j+1]+"f"+chars[j:j+1])
		}
	}
	for _, size := range []float32{theme.TextSize(), 17} {
		m := newTextMeasurer(theme.DefaultTheme().Font(fyne.TextStyle{}), size)
		for _, w := range words {
			got, want := m.measure(w), fyne.MeasureText(w, size, fyne.TextStyle{}).Width
			if got != want {
				t.Errorf("size %v %q: got %v want %v", size, w, got, want)
			}
		}
	}
}

// TestHighlightsAlignWithText: inside every canvas.Text the view draws,
// each word starts where the view puts its highlight: the model's x of the
// word, from the text's left, equals the drawn prefix's width as Fyne
// measures it (within 0.01 px: a float32 sum of the same advances).
func TestHighlightsAlignWithText(t *testing.T) {
	text := strings.Repeat("Tehran's AVATAR office: “Yoga” (Reuters) — Wang Junzheng, Zürich, P&O, 1,234.5%. ", 40)
	v, _ := newTestView(t, text)
	checked := 0
	for li, rw := range v.r.rows {
		l := v.m.lines[li]
		items := v.m.items[l.i0:l.i1]
		for _, o := range rw.c.Objects {
			tx, ok := o.(*canvas.Text)
			if !ok {
				continue
			}
			x0 := tx.Position().X - viewPadX
			first := -1
			for k, it := range items {
				if it.kind == tokWord && it.x == x0 {
					first = k
					break
				}
			}
			if first < 0 {
				t.Fatalf("line %d: no word at the x of text %q", li, tx.Text)
			}
			bs := items[first].bs
			for _, it := range items[first:] {
				if it.kind != tokWord || int(it.be-bs) > len(tx.Text) {
					continue
				}
				want := fyne.MeasureText(tx.Text[:it.bs-bs], tx.TextSize, fyne.TextStyle{}).Width
				if d := it.x - x0 - want; d > 0.01 || d < -0.01 {
					t.Errorf("line %d word %q: model x %v, drawn at %v", li, text[it.bs:it.be], it.x-x0, want)
				}
				checked++
			}
		}
	}
	if checked < 50 {
		t.Fatalf("checked %d words", checked)
	}
}
