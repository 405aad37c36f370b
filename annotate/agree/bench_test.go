package agree

import (
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/internal/corpus"
)

// BenchmarkAgree measures the agreement of the benchmark corpus's 20,000
// articles labelled by three annotators (1.2 M spans), in memory: the
// part of `tagdesk agree` after the export. Target: the whole process
// (scripts/bench.sh) ≤ 5 s.
func BenchmarkAgree(b *testing.B) {
	const n = 20000
	arts := make([][]*annotate.Record, n)
	spans := 0
	for i := range arts {
		arts[i] = corpus.Annotated(i)
		for _, r := range arts[i] {
			spans += len(r.Spans)
		}
	}
	b.ResetTimer()
	for range b.N {
		st, err := New(Options{Annotators: corpus.Annotators})
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range arts {
			st.Add(a)
		}
		st.Report()
	}
	b.ReportMetric(float64(spans)*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
}
