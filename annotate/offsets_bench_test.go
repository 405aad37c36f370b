package annotate_test

import (
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// BenchmarkNewIndex: a 3 KB news text with a few non-ASCII runes, as
// most of the benchmark corpus's.
func BenchmarkNewIndex(b *testing.B) {
	text := strings.Repeat("The “European Union” froze José Núñez’s assets in Zürich; ", 50)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		annotate.NewIndex(text)
	}
}
