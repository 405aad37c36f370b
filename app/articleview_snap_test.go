package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestPreciseKeepsSelection: switching character precision keeps the
// selection as it is, instead of re-reading where the mouse went
// ("nited Kin").
func TestPreciseKeepsSelection(t *testing.T) {
	const text = "The United Kingdom's envoy left."
	v, w := newTestView(t, text)
	from, to := posOf(v, 5, 2), posOf(v, 14, 2) // inside "United" .. inside "Kingdom's"
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)
	s, e := v.Selection()
	if got := v.Index().Slice(s, e); got != "United Kingdom" {
		t.Fatalf("drag selected %q, want %q", got, "United Kingdom")
	}
	for _, precise := range []bool{true, false, true} {
		v.SetPrecise(precise)
		if s2, e2 := v.Selection(); s2 != s || e2 != e {
			t.Fatalf("precise %v: selection %q, want it kept as %q", precise, v.Index().Slice(s2, e2), v.Index().Slice(s, e))
		}
	}
	// Extending with the keyboard goes on from the kept selection.
	v.SetPrecise(true)
	v.shiftKey = true
	v.move("Right", true, false)
	if s2, e2 := v.Selection(); s2 != s || e2 != e+1 {
		t.Errorf("Shift+Right after the switch: %d,%d want %d,%d", s2, e2, s, e+1)
	}
}

// TestSnapNewsTokens: selections snap to words as NLP tokenizers cut news
// text: a possessive and closing punctuation are not part of the word,
// hyphenated names stay whole.
func TestSnapNewsTokens(t *testing.T) {
	tests := []struct {
		name, text string
		a, b       int
		want       string
	}{
		{"possessive", "The United Kingdom's envoy", 5, 14, "United Kingdom"},
		{"curly possessive", "The United Kingdom’s envoy", 5, 14, "United Kingdom"},
		{"possessive capital S", "THE UNITED KINGDOM'S ENVOY", 5, 19, "UNITED KINGDOM"},
		{"possessive and full stop", "It was China's.", 7, 15, "China"},
		{"plural possessive", "the officials’ assets", 5, 14, "officials"},
		{"closing quote and comma", `he said "Beijing", then left`, 10, 17, "Beijing"},
		{"closing bracket", "the EU (Brussels) said", 9, 17, "Brussels"},
		{"hyphenated name from its end", "Jean-Pierre Raffarin spoke", 7, 8, "Jean-Pierre"},
		{"hyphenated name from its start", "Jean-Pierre Raffarin spoke", 0, 2, "Jean-Pierre"},
		{"hyphenated possessive", "Bosnia-Herzegovina's army", 8, 9, "Bosnia-Herzegovina"},
		{"several hyphens", "in Saint-Jean-de-Luz today", 10, 11, "Saint-Jean-de-Luz"},
		{"hyphen with digits", "the COVID-19 rules", 5, 6, "COVID-19"},
		{"dash between words stays a cut", "Paris - Berlin", 0, 2, "Paris"},
		{"inside a word", "Kingdom's", 2, 3, "Kingdom"},
		{"the 's alone stays", "Kingdom's", 7, 9, "'s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(tt.text, 1000)
			a, b := m.snap(tt.a, tt.b, false)
			if got := m.idx.Slice(a, b); got != tt.want {
				t.Errorf("got %q want %q", got, tt.want)
			}
		})
	}
	m := newTestModel("the United Kingdom's envoy", 1000)
	if w := m.wordAt(12); m.idx.Slice(w.start, w.end) != "Kingdom" {
		t.Errorf("double-click on Kingdom's: %q", m.idx.Slice(w.start, w.end))
	}
	if e := m.nextWord(11); e != 18 {
		t.Errorf("Ctrl+Right from Kingdom's start: %d want 18", e)
	}
}
