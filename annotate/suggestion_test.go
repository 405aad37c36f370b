package annotate

import (
	"math/rand/v2"
	"testing"
)

// TestPendingSuggestions compares PendingSuggestions with the plain
// check of every pair.
func TestPendingSuggestions(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	labels := []string{"A", "B"}
	for range 200 {
		var sugs []Suggestion
		var own []Span
		for range rng.IntN(8) {
			s := rng.IntN(30)
			sugs = append(sugs, Suggestion{Start: s, End: s + 1 + rng.IntN(6), Label: labels[rng.IntN(2)]})
		}
		for range rng.IntN(8) {
			s := rng.IntN(30)
			own = append(own, Span{Start: s, End: s + 1 + rng.IntN(6), Label: labels[rng.IntN(2)]})
		}
		want := map[Suggestion]bool{}
		for _, s := range sugs {
			hidden := false
			for _, o := range own {
				hidden = hidden || o.Label == s.Label && o.Start < s.End && s.Start < o.End
			}
			if !hidden {
				want[s] = true
			}
		}
		got := PendingSuggestions(append([]Suggestion(nil), sugs...), own)
		n := 0
		for _, s := range got {
			if !want[s] {
				t.Fatalf("sugs %v own %v: %v shown, should be hidden", sugs, own, s)
			}
			n++
		}
		for _, s := range sugs {
			if want[s] {
				n--
			}
		}
		if n != 0 {
			t.Fatalf("sugs %v own %v: got %v", sugs, own, got)
		}
	}
}
