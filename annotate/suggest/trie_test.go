package suggest

import (
	"fmt"
	"strings"
	"testing"
)

// TestTrieHashCollision gives two words one hash: each still leads to its
// own node, and a third word with that hash to none.
func TestTrieHashCollision(t *testing.T) {
	var tr trie
	tr.reserve(4)
	const h = 42
	alpha := tr.add(0, h, []byte("alpha"))
	beta := tr.add(0, h, []byte("beta"))
	gamma := tr.add(alpha, h, []byte("gamma"))
	for _, tt := range []struct {
		parent int32
		word   string
		want   int32
	}{
		{0, "alpha", alpha}, {0, "beta", beta}, {0, "delta", 0}, {alpha, "gamma", gamma}, {beta, "gamma", 0}, {alpha, "alpha", 0},
	} {
		if got := tr.child(tt.parent, h, []byte(tt.word)); got != tt.want {
			t.Errorf("child(%d, %q) = %d, want %d", tt.parent, tt.word, got, tt.want)
		}
	}
	if !tr.mayStart(h) {
		t.Error("mayStart is false for a first word's hash")
	}
}

// TestTrieGrows inserts enough phrases to grow the table several times:
// every one is found again, and no other.
func TestTrieGrows(t *testing.T) {
	var tr trie
	ends := map[string]int32{}
	for i := range 5000 {
		p := string(rune('a'+i%26)) + " " + string(rune('a'+i/26%26)) + " x" + string(rune('0'+i/676))
		key, _ := phraseKey(p)
		ends[key] = tr.insert(key)
	}
	for key, node := range ends {
		if got := tr.insert(key); got != node {
			t.Fatalf("%q ends at %d, then %d", key, node, got)
		}
	}
	if n := len(tr.nodes) - 1; n != 26+26*26+len(ends) {
		t.Errorf("%d nodes, want %d", n, 26+26*26+len(ends))
	}
}

// TestLongWords matches a phrase whose words are longer than a byte can
// count (its key holds their lengths as uvarints).
func TestLongWords(t *testing.T) {
	long := strings.Repeat("Ab", 150) + "é"
	m := mustMatcher(t, `{"label":"ORG","pattern":"`+long+` Union"}`)
	text := "the " + strings.ToUpper(long) + " union, " + long + " Unions"
	want := fmt.Sprintf("4-%d ORG %s union", 4+301+6, strings.ToUpper(long))
	if got := found(text, m.Match(text)); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
