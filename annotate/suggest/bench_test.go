package suggest

import (
	"bytes"
	"testing"

	"github.com/tagdesk/tagdesk/internal/corpus"
)

// BenchmarkMatch100k matches 100,000 phrase patterns (the benchmark
// gazetteer) against 2,000 articles of the benchmark corpus, on one core.
func BenchmarkMatch100k(b *testing.B) {
	var pf bytes.Buffer
	if err := corpus.WritePatterns(&pf, 100000); err != nil {
		b.Fatal(err)
	}
	ps, err := ParsePatterns(&pf, "bench")
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	size := 0
	for i := range 2000 {
		texts = append(texts, corpus.Record(i).Article.Text)
		size += len(texts[i])
	}
	var bld Builder
	bld.AddPatterns("patterns:bench", ps)
	m, err := bld.Build()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	n := 0
	for range b.N {
		for _, t := range texts {
			n += len(m.Match(t))
		}
	}
	b.ReportMetric(float64(n)/float64(b.N)/float64(len(texts)), "sugs/article")
}

// BenchmarkBuild100k builds the matcher of 100,000 phrase patterns.
func BenchmarkBuild100k(b *testing.B) {
	var pf bytes.Buffer
	if err := corpus.WritePatterns(&pf, 100000); err != nil {
		b.Fatal(err)
	}
	ps, err := ParsePatterns(&pf, "bench")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		var bld Builder
		bld.AddPatterns("patterns:bench", ps)
		if _, err := bld.Build(); err != nil {
			b.Fatal(err)
		}
	}
}
