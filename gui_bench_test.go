package main

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/app/apptest"
	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/storage"
)

// The GUI benchmarks run the whole window on Fyne's headless test driver
// against a real SQLite database, with a generated 100,000-word article
// holding 10,000 spans of alice's. Each reports ms/op and the process's
// peak RSS.
//
// They measure what a user waits for. Opening an article is measured
// cold in every iteration, as in a fresh process (-benchtime 1x is
// exactly that). For the actions a user repeats (label, jump, resize)
// ms/op is the repeated, warm figure and first-ms the first one on a
// fresh window, store connection and Fyne app (-benchtime 1x: the first
// of a fresh process).
//
// The headless driver lays out the widgets and builds their canvas
// objects (text measured, rows built) but paints no pixels: the real
// window's GL drawing of a frame is not in these figures.

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

// benchDB is the benchmark's database: the big article with its spans
// (on words 0, 10, 20…, one to three words long) and a small one.
type benchDB struct {
	path  string
	id    int64 // the big article
	words [][2]int
}

type guiBench struct {
	db *storage.DB
	a  *apptest.App
	ui *app.UI
	w  fyne.Window
}

func newBenchDB(b *testing.B) *benchDB { return newBenchDBRelations(b, 0) }

// newBenchDBRelations is newBenchDB with up to rels relations between the
// big article's spans (corpus.AddRelations).
func newBenchDBRelations(b *testing.B, rels int) *benchDB {
	b.Helper()
	text, words := benchArticle(benchWords)
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	labels := []string{"PERSON", "ORG", "MEASURE", "JURISDICTION"}
	rec := &annotate.Record{Article: annotate.Article{ExtID: "big", Title: "A very long article", Text: text}, Annotator: "alice"}
	for k := 0; k < benchSpans; k++ {
		w0 := k * 10
		w1 := w0 + k%3
		rec.Spans = append(rec.Spans, annotate.Span{Start: words[w0][0], End: words[w1][1], Label: labels[k%4], Annotator: "alice"})
	}
	corpus.AddRelations(rec, rels)
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
	return &benchDB{path: path, id: rows[1].ID, words: words}
}

// open opens the database on a new connection and the window on a new
// Fyne app (empty font and theme caches); the window shows the small
// article, the first not done, as at start.
func (f *benchDB) open(b *testing.B) *guiBench {
	b.Helper()
	db, err := storage.Open(f.path)
	if err != nil {
		b.Fatal(err)
	}
	a := apptest.NewApp(b)
	ui := app.New(a, db, app.Options{Annotator: "alice", Poll: -1})
	ui.Window().Resize(fyne.NewSize(1280, 860))
	return &guiBench{db: db, a: a, ui: ui, w: ui.Window()}
}

// close waits for the window's changes and closes it and the store.
// The test driver keeps a closed window's renderers in Fyne's cache for a
// minute: the view lets go of the big article, so that a benchmark that
// opens many windows measures its own window, not the garbage of the
// earlier ones.
func (g *guiBench) close(b *testing.B) {
	b.Helper()
	if err := g.ui.Wait(); err != nil {
		b.Fatal(err)
	}
	g.ui.View().SetArticle("", nil)
	g.w.Close()
	g.db.Close()
}

// newGUIBench opens the window on a new benchmark database with the big
// article open.
func newGUIBench(b *testing.B) (*benchDB, *guiBench) {
	f := newBenchDB(b)
	g := f.open(b)
	b.Cleanup(func() { g.close(b) })
	g.ui.OpenArticle(f.id)
	return f, g
}

// reportGUI adds ms/op (total over b.N) and the peak RSS to b's results.
func reportGUI(b *testing.B, total time.Duration) {
	b.ReportMetric(ms(total)/float64(b.N), "ms/op")
	b.ReportMetric(peakRSSMB(), "peakRSS-MB")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

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

// BenchmarkGUIOpenArticle: open the big article from the list, cold:
// every iteration opens a new store connection (empty SQLite page and
// statement caches), a new Fyne app and a new window showing the small
// article, untimed; then the timer runs while the big one opens: store
// reads (text and 10,000 spans), view model, wrap, span list, layout of
// the lines in view. The database file is in the OS's page cache (it was
// just written). Target: ≤ 100 ms. cpu-ms/op is the CPU time of the open.
func BenchmarkGUIOpenArticle(b *testing.B) {
	benchColdOpen(b, newBenchDB(b), func(ui *app.UI) { checkViewDrawn(b, ui, benchSpans) })
}

// benchColdOpen times the open of f's big article, each on a new store
// connection, Fyne app and window; check runs after each, untimed.
func benchColdOpen(b *testing.B, f *benchDB, check func(*app.UI)) {
	var total, cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		g := f.open(b)
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		g.ui.OpenArticle(f.id)
		total += time.Since(start)
		cpu += cpuTime() - cpu0
		b.StopTimer()
		check(g.ui)
		g.close(b)
		b.StartTimer()
	}
	reportGUI(b, total)
	b.ReportMetric(ms(cpu)/float64(b.N), "cpu-ms/op")
}

// cpuTime is the CPU time the process has used (all threads, user and
// system): on a loaded machine the wall time of an open also counts the
// time other processes had the cores, its CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkGUILabelSpan: label an unlabelled word with key 2, end to end:
// the key handled, the change queued and committed to SQLite, and the new
// span shown in the view, span list, article list and status bar
// ("✓ saved"). ms/op is how long the user waits until the span shows;
// ui-ms/op how long of that the key kept the UI goroutine (the commit
// runs on the window's writer, app/writer.go). Target: ≤ 16 ms.
func BenchmarkGUILabelSpan(b *testing.B) {
	f, g := newGUIBench(b)
	v := g.ui.View()
	var total, ui, first time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := f.words[(i*10+5)%len(f.words)] // words 5, 15, 25… carry no span
		start := time.Now()
		v.SetSelection(w[0], w[1])
		test.Type(v, "2")
		ui += time.Since(start)
		settle(b, g.a, g.ui)
		d := time.Since(start)
		total += d
		if i == 0 {
			first = d
		}
	}
	reportGUI(b, total)
	b.ReportMetric(ms(ui)/float64(b.N), "ui-ms/op")
	b.ReportMetric(ms(first), "first-ms")
	checkViewDrawn(b, g.ui, benchSpans+b.N)
}

// BenchmarkGUIJump: jump to a random position of the big article and lay
// out the lines there. Target: ≤ 16 ms.
func BenchmarkGUIJump(b *testing.B) {
	_, g := newGUIBench(b)
	v := g.ui.View()
	r := rand.New(rand.NewPCG(1, 1))
	n := v.Index().Len()
	var total, first time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		v.ScrollTo(r.IntN(n))
		d := time.Since(start)
		total += d
		if i == 0 {
			first = d
		}
	}
	reportGUI(b, total)
	b.ReportMetric(ms(first), "first-ms")
	checkViewDrawn(b, g.ui, benchSpans)
}

// BenchmarkGUIRewrap: resize the window, which re-wraps the big article
// and lays out every panel again. Target: ≤ 50 ms.
func BenchmarkGUIRewrap(b *testing.B) {
	_, g := newGUIBench(b)
	var total, first time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		g.w.Resize(fyne.NewSize(float32(1180+100*(i%2)), 860))
		d := time.Since(start)
		total += d
		if i == 0 {
			first = d
		}
	}
	reportGUI(b, total)
	b.ReportMetric(ms(first), "first-ms")
	checkViewDrawn(b, g.ui, benchSpans)
}
