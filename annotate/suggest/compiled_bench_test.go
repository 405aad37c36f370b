package suggest

import (
	"os"
	"testing"
)

// BenchmarkAddCompiled loads the compiled form of the benchmark's
// 100,000 phrase patterns (go run ./cmd/gencorpus -patterns 100000 -o
// FILE; TAGDESK_PATTERNS=FILE), against parsing and building them.
func BenchmarkAddCompiled(b *testing.B) {
	file := os.Getenv("TAGDESK_PATTERNS")
	if file == "" {
		b.Skip("TAGDESK_PATTERNS names no pattern file")
	}
	body, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	ps, err := parsePatterns(body, file)
	if err != nil {
		b.Fatal(err)
	}
	c, err := Compile(ps)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("compiled", func(b *testing.B) {
		for b.Loop() {
			var bl Builder
			if err := bl.AddCompiled("patterns:p", c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parsed", func(b *testing.B) {
		for b.Loop() {
			ps, err := parsePatterns(body, file)
			if err != nil {
				b.Fatal(err)
			}
			var bl Builder
			bl.AddPatterns("patterns:p", ps)
		}
	})
}
