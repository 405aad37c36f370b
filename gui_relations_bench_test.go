package main

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/app"
)

// The relation benchmarks: the GUI benchmarks' big article (100,000
// words, 10,000 spans) with 5,000 relations, each span joined to the next
// where the default schema allows it (PERSON affiliated_with ORG, MEASURE
// imposed_by or targets JURISDICTION).

const benchRelations = 5_000

func newRelBench(b *testing.B) (*benchDB, *guiBench) {
	f := newBenchDBRelations(b, benchRelations)
	g := f.open(b)
	b.Cleanup(func() { g.close(b) })
	g.ui.OpenArticle(f.id)
	checkRelationsDrawn(b, g.ui, benchRelations)
	return f, g
}

func checkRelationsDrawn(b *testing.B, ui *app.UI, n int) {
	b.Helper()
	if got := len(ui.View().Relations()); got != n {
		b.Fatalf("the view has %d relations, want %d", got, n)
	}
}

// BenchmarkGUIOpenArticleRelations: BenchmarkGUIOpenArticle with the
// 5,000 relations: the store reads them too and the view lays out their
// arcs' levels and draws those of the lines in view. Target: ≤ 100 ms
// (-benchtime 1x: a fresh process).
func BenchmarkGUIOpenArticleRelations(b *testing.B) {
	benchColdOpen(b, newBenchDBRelations(b, benchRelations), func(ui *app.UI) {
		checkViewDrawn(b, ui, benchSpans)
		checkRelationsDrawn(b, ui, benchRelations)
	})
}

// tapSpan clicks the first word of the span that starts at word w.
func tapSpan(g *guiBench, f *benchDB, w int) {
	v := g.ui.View()
	p := g.ui.PointOf(f.words[w][0] + 1).Subtract(g.a.Driver().AbsolutePositionForObject(v))
	test.TapAt(v, p)
}

// BenchmarkGUIAddRelation: draw a relation with the mouse and keys and
// delete it, end to end: with a MEASURE span chosen, R, click a PERSON span
// (one type allowed: applied at once), the change committed to SQLite and
// shown (arc, the panel, the span list's counts); then Delete, committed
// and shown. add-ms/op and delete-ms/op are each until shown. Target:
// ≤ 16 ms each (first-add-ms is the first add of a fresh window).
func BenchmarkGUIAddRelation(b *testing.B) {
	f, g := newRelBench(b)
	v := g.ui.View()
	var add, del, first time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Span k sits on word 10k and has label k%4: k = 4j+2 is a MEASURE,
		// k+2 a PERSON, 20 words on (no relation between them yet).
		k := (4*(1000+i*37) + 2) % benchSpans
		v.ScrollTo(f.words[k*10][0])
		tapSpan(g, f, k*10) // chosen before the timer starts
		start := time.Now()
		test.Type(v, "r")
		tapSpan(g, f, (k+2)*10)
		settle(b, g.a, g.ui)
		add += time.Since(start)
		if i == 0 {
			first = time.Since(start)
		}
		if n := len(v.Relations()); n != benchRelations+1 || v.ChosenRelation() == 0 {
			b.Fatalf("after the add: %d relations, chosen %d", n, v.ChosenRelation())
		}
		start = time.Now()
		v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
		settle(b, g.a, g.ui)
		del += time.Since(start)
		if n := len(v.Relations()); n != benchRelations {
			b.Fatalf("after the delete: %d relations", n)
		}
	}
	b.ReportMetric(ms(add)/float64(b.N), "add-ms/op")
	b.ReportMetric(ms(del)/float64(b.N), "delete-ms/op")
	b.ReportMetric(ms(first), "first-add-ms")
	reportGUI(b, add+del)
}

// BenchmarkGUIScrollRelations: PageDown through the big article with its
// arcs: the lines that come into view are built with their arcs. Target:
// ≤ 16 ms.
func BenchmarkGUIScrollRelations(b *testing.B) {
	_, g := newRelBench(b)
	v := g.ui.View()
	v.ScrollTo(v.Index().Len() / 3)
	var total, first time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		top := v.TopPlace()
		start := time.Now()
		v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
		d := time.Since(start)
		if v.TopPlace() == top {
			b.Fatalf("PageDown did not scroll (top %d, view %v)", top, v.Size())
		}
		total += d
		if i == 0 {
			first = d
		}
	}
	reportGUI(b, total)
	b.ReportMetric(ms(first), "first-ms")
	checkViewDrawn(b, g.ui, benchSpans)
}
