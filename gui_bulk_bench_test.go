package main

import (
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
)

// BenchmarkGUILabelAll: a bulk action of 1,000 spans ("Label all") on the
// big article with its 10,000 spans open, end to end: one SQLite
// transaction, the view, span list, article list and status bar updated
// once; ms/op until it all shows. undo-ms/op: its undo (Ctrl+Z), the
// same way. Target: ≤ 100 ms each.
func BenchmarkGUILabelAll(b *testing.B) {
	f, g := newGUIBench(b)
	var add []annotate.Span
	for i := 5; i < len(f.words) && len(add) < 1000; i += 10 { // words 5, 15, 25… carry no span
		add = append(add, annotate.Span{ArticleID: f.id, Start: f.words[i][0], End: f.words[i][1], Label: "MEASURE", Annotator: "alice"})
	}
	n := len(g.ui.View().Spans())
	var do, undo time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if !g.ui.LabelSpans(add, nil) {
			b.Fatal("not queued")
		}
		settle(b, g.a, g.ui)
		do += time.Since(start)
		if got := len(g.ui.View().Spans()); got != n+len(add) {
			b.Fatalf("%d spans shown, want %d", got, n+len(add))
		}
		start = time.Now()
		g.ui.Undo()
		settle(b, g.a, g.ui)
		undo += time.Since(start)
		if got := len(g.ui.View().Spans()); got != n {
			b.Fatalf("after undo %d spans shown, want %d", got, n)
		}
	}
	reportGUI(b, do)
	b.ReportMetric(ms(undo)/float64(b.N), "undo-ms/op")
}
