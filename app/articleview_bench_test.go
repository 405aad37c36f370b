package app

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// bigArticle generates an ASCII news-like article of n words in paragraphs,
// with about n/10 spans: most over one to three words, some nested in
// another span and some overlapping the next one. It is deterministic.
func bigArticle(n int) (string, []ViewSpan) {
	r := rand.New(rand.NewPCG(1, 2))
	syl := []string{"ka", "na", "da", "sa", "ti", "on", "re", "ul", "min", "is", "ter", "ban", "go", "ve", "rn", "ment", "chi", "xi", "ang", "pol"}
	vocab := make([]string, 5000)
	for i := range vocab {
		var b strings.Builder
		for k := 1 + r.IntN(4); k > 0; k-- {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		vocab[i] = b.String()
	}
	var b strings.Builder
	starts, ends := make([]int, n), make([]int, n)
	sentence := 0
	for i := 0; i < n; i++ {
		w := vocab[r.IntN(len(vocab))]
		if sentence == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		starts[i] = b.Len()
		b.WriteString(w)
		ends[i] = b.Len()
		sentence++
		switch {
		case sentence > 8 && r.IntN(8) == 0:
			b.WriteString(".")
			sentence = 0
			if r.IntN(5) == 0 {
				b.WriteString("\n\n")
				continue
			}
		case r.IntN(12) == 0:
			b.WriteString(",")
		}
		b.WriteString(" ")
	}
	labels := []string{"PERSON", "ORG", "MEASURE", "JURISDICTION"}
	var spans []ViewSpan
	id := int64(0)
	add := func(s, e int) {
		id++
		spans = append(spans, ViewSpan{ID: id, Start: starts[s], End: ends[e], Label: labels[r.IntN(len(labels))]})
	}
	for k := 0; k+12 < n && len(spans) < n/10; k += 10 + r.IntN(4) {
		l := r.IntN(3)
		add(k, k+l)
		switch {
		case len(spans)%4 == 0 && l > 0:
			add(k+1, k+l) // nested
		case len(spans)%10 == 0:
			add(k+l, k+l+2) // overlapping
		}
	}
	return b.String(), spans
}

var benchText, benchSpans = bigArticle(100000)

// The article view's benchmarks run on Fyne's headless test driver, which
// lays out the rows in view and builds their canvas objects (text
// measured, rectangles and text runs made) but paints no pixels: the real
// window's GL drawing of a frame is not in these figures.
//
// They measure what a user waits for. Opening an article is measured
// cold in every iteration, as in a fresh process (-benchtime 1x is
// exactly that). For the actions a user repeats (add a span, jump,
// re-wrap) ms/op is the repeated, warm figure and first-ms the first one
// on a freshly opened article.

func benchView(b *testing.B) (*ArticleView, fyne.Window) {
	test.NewTempApp(b)
	v := NewArticleView()
	w := test.NewTempWindow(b, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1000, 800))
	v.SetColors(testColors)
	v.SetArticle(benchText, benchSpans)
	return v, w
}

// checkDrawn fails a benchmark whose view drew nothing (a benchmark of
// nothing would be fast).
func checkDrawn(b *testing.B, v *ArticleView) {
	if n := len(test.WidgetRenderer(v).Objects()); n < 10 {
		b.Fatalf("only %d rows drawn", n)
	}
}

// timer sums the time of each iteration and keeps the first.
type timer struct {
	total, first time.Duration
	n            int
	start        time.Time
}

func (t *timer) begin() { t.start = time.Now() }

func (t *timer) end() {
	d := time.Since(t.start)
	if t.n == 0 {
		t.first = d
	}
	t.total += d
	t.n++
}

// report adds ms/op and, when first is set, first-ms to b's results.
func (t *timer) report(b *testing.B, first bool) {
	b.ReportMetric(float64(t.total.Microseconds())/1000/float64(b.N), "ms/op")
	if first {
		b.ReportMetric(float64(t.first.Microseconds())/1000, "first-ms")
	}
}

// BenchmarkOpenArticle: SetArticle of a 100,000-word article with 10,000
// spans: model, measuring every distinct word, wrap, and the rows in view.
// Every iteration is cold: a new Fyne app (empty font and text size
// caches, as in a fresh process), window and view, untimed, then the
// timed SetArticle. Target: ≤ 100 ms.
func BenchmarkOpenArticle(b *testing.B) {
	test.NewTempApp(b) // the app in force when the benchmark ends
	var tm timer
	var v *ArticleView
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w := test.NewApp().NewWindow("")
		w.SetPadded(false)
		w.Resize(fyne.NewSize(1000, 800))
		v = NewArticleView()
		v.SetColors(testColors)
		w.SetContent(v)
		b.StartTimer()
		tm.begin()
		v.SetArticle(benchText, benchSpans)
		tm.end()
		b.StopTimer()
		checkDrawn(b, v)
		v.SetArticle("", nil) // the test driver keeps the renderer cached after Close
		w.Close()
		b.StartTimer()
	}
	tm.report(b, false)
}

// BenchmarkAddSpan: add one span in view and redraw what it touches.
// Target: ≤ 2 ms.
func BenchmarkAddSpan(b *testing.B) {
	v, _ := benchView(b)
	v.ScrollTo(len(benchText) / 2)
	top := v.topCP()
	var tm timer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := top + 40*i%800
		tm.begin()
		v.AddSpan(ViewSpan{ID: int64(1e6 + i), Start: s, End: s + 15, Label: "ORG"})
		tm.end()
	}
	tm.report(b, true)
	checkDrawn(b, v)
}

// BenchmarkJump: scroll to a far away position and lay out the rows
// there. Target: ≤ 16 ms.
func BenchmarkJump(b *testing.B) {
	v, _ := benchView(b)
	r := rand.New(rand.NewPCG(3, 4))
	var tm timer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tm.begin()
		v.ScrollTo(r.IntN(len(benchText)))
		tm.end()
	}
	tm.report(b, true)
	checkDrawn(b, v)
}

// BenchmarkRewrap: re-wrap the whole article after a resize and lay out
// the rows in view. Target: ≤ 50 ms.
func BenchmarkRewrap(b *testing.B) {
	v, _ := benchView(b)
	v.ScrollTo(len(benchText) / 3)
	var tm timer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tm.begin()
		v.Resize(fyne.NewSize(float32(900+100*(i%2)), 800))
		tm.end()
	}
	tm.report(b, true)
	checkDrawn(b, v)
}
