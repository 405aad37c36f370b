package main

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/app/apptest"
	"github.com/tagdesk/tagdesk/storage"
)

// The GUI benchmarks run the whole window on Fyne's test driver against a
// real SQLite database, with a generated 100,000-word article holding
// 10,000 spans of alice's. Each reports ms/op and the process's peak RSS.

const (
	benchWords = 100_000
	benchSpans = 10_000
)

// benchArticle returns a deterministic article of n words and the
// code point ranges of its words.
func benchArticle(n int) (string, [][2]int) {
	r := rand.New(rand.NewPCG(7, 8))
	syl := []string{"ka", "na", "da", "sa", "ti", "on", "re", "ul", "min", "is", "ter", "ban", "go", "ve", "chi", "xi", "ang", "pol"}
	var b strings.Builder
	words := make([][2]int, 0, n)
	for i := 0; i < n; i++ {
		start := b.Len()
		for k := 1 + r.IntN(3); k > 0; k-- {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		words = append(words, [2]int{start, b.Len()})
		switch {
		case i%97 == 96:
			b.WriteString(".\n\n")
		case i%11 == 10:
			b.WriteString(". ")
		default:
			b.WriteString(" ")
		}
	}
	return b.String(), words
}

type guiBench struct {
	db    *storage.DB
	a     *apptest.App
	ui    *app.UI
	w     fyne.Window
	id    int64
	words [][2]int
}

// newGUIBench stores the big article with its spans (on words 0, 10, 20…,
// one to three words long) and a small second article, and opens the
// window on them.
func newGUIBench(b *testing.B) *guiBench {
	b.Helper()
	text, words := benchArticle(benchWords)
	db, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ctx := context.Background()
	labels := []string{"PERSON", "ORG", "MEASURE", "JURISDICTION"}
	rec := &annotate.Record{Article: annotate.Article{ExtID: "big", Title: "A very long article", Text: text}, Annotator: "alice"}
	for k := 0; k < benchSpans; k++ {
		w0 := k * 10
		w1 := w0 + k%3
		rec.Spans = append(rec.Spans, annotate.Span{Start: words[w0][0], End: words[w1][1], Label: labels[k%4], Annotator: "alice"})
	}
	tx, err := db.BeginImport(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := tx.Put(ctx, &annotate.Record{Article: annotate.Article{ExtID: "small", Title: "Small", Text: "A small article."}}); err != nil {
		b.Fatal(err)
	}
	if err := tx.Put(ctx, rec); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	rows, err := db.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil || len(rows) != 2 {
		b.Fatalf("list: %v %v", rows, err)
	}
	a, ui := openGUI(b, db)
	return &guiBench{db: db, a: a, ui: ui, w: ui.Window(), id: rows[1].ID, words: words}
}

// reportGUI adds ms/op and the peak RSS to b's results.
func reportGUI(b *testing.B, d time.Duration) {
	b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "ms/op")
	b.ReportMetric(peakRSSMB(), "peakRSS-MB")
}

// peakRSSMB reads the process's peak resident set size (VmHWM) in MB.
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func checkViewDrawn(b *testing.B, ui *app.UI, spans int) {
	b.Helper()
	if n := len(test.WidgetRenderer(ui.View()).Objects()); n < 10 {
		b.Fatalf("view drew %d objects", n)
	}
	if n := len(ui.View().Spans()); n < spans {
		b.Fatalf("view has %d spans, want at least %d", n, spans)
	}
}

// BenchmarkGUIOpenArticle: open the big article from the list: store read
// (text and 10,000 spans), view model, wrap, span list, first render.
// Target: ≤ 100 ms.
func BenchmarkGUIOpenArticle(b *testing.B) {
	g := newGUIBench(b)
	g.ui.OpenArticle(1)
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.ui.OpenArticle(1) // the small one, untimed: the next open starts cold
		start := time.Now()
		g.ui.OpenArticle(g.id)
		total += time.Since(start)
	}
	reportGUI(b, total)
	checkViewDrawn(b, g.ui, benchSpans)
}

// BenchmarkGUILabelSpan: label an unlabelled word with key 2, end to end:
// SQLite commit, view, span list, article list and status bar.
// Target: ≤ 16 ms.
func BenchmarkGUILabelSpan(b *testing.B) {
	g := newGUIBench(b)
	g.ui.OpenArticle(g.id)
	v := g.ui.View()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		w := g.words[(i*10+5)%len(g.words)] // words 5, 15, 25… carry no span
		v.SetSelection(w[0], w[1])
		test.Type(v, "2")
		settle(b, g.a, g.ui)
	}
	reportGUI(b, time.Since(start))
	checkViewDrawn(b, g.ui, benchSpans+b.N)
}

// BenchmarkGUIJump: jump to a random position of the big article and draw
// it. Target: ≤ 16 ms.
func BenchmarkGUIJump(b *testing.B) {
	g := newGUIBench(b)
	g.ui.OpenArticle(g.id)
	v := g.ui.View()
	r := rand.New(rand.NewPCG(1, 1))
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		v.ScrollTo(r.IntN(len(g.words)) * 5)
	}
	reportGUI(b, time.Since(start))
	checkViewDrawn(b, g.ui, benchSpans)
}

// BenchmarkGUIRewrap: resize the window, which re-wraps the big article
// and lays out every panel again. Target: ≤ 50 ms.
func BenchmarkGUIRewrap(b *testing.B) {
	g := newGUIBench(b)
	g.ui.OpenArticle(g.id)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		g.w.Resize(fyne.NewSize(float32(1180+100*(i%2)), 860))
	}
	reportGUI(b, time.Since(start))
	checkViewDrawn(b, g.ui, benchSpans)
}
