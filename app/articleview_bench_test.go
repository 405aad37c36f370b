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

func reportMS(b *testing.B, start time.Time) {
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkOpenArticle: SetArticle of a 100,000-word article with 10,000
// spans on a fresh view, wrap and first render of the lines in view.
// Target: ≤ 100 ms.
func BenchmarkOpenArticle(b *testing.B) {
	test.NewTempApp(b)
	w := test.NewTempWindow(b, NewArticleView())
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1000, 800))
	b.ResetTimer()
	start := time.Now()
	var v *ArticleView
	for i := 0; i < b.N; i++ {
		v = NewArticleView()
		v.SetColors(testColors)
		w.SetContent(v)
		v.SetArticle(benchText, benchSpans)
	}
	reportMS(b, start)
	checkDrawn(b, v)
}

// BenchmarkAddSpan: add one span in view and redraw what it touches.
// Target: ≤ 2 ms.
func BenchmarkAddSpan(b *testing.B) {
	v, _ := benchView(b)
	v.ScrollTo(len(benchText) / 2)
	top := v.topCP()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		s := top + 40*i%800
		v.AddSpan(ViewSpan{ID: int64(1e6 + i), Start: s, End: s + 15, Label: "ORG"})
	}
	reportMS(b, start)
	checkDrawn(b, v)
}

// BenchmarkJump: scroll to a far away position and draw it.
// Target: ≤ 16 ms.
func BenchmarkJump(b *testing.B) {
	v, _ := benchView(b)
	r := rand.New(rand.NewPCG(3, 4))
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		v.ScrollTo(r.IntN(len(benchText)))
	}
	reportMS(b, start)
	checkDrawn(b, v)
}

// BenchmarkRewrap: re-wrap the whole article after a resize and redraw.
// Target: ≤ 50 ms.
func BenchmarkRewrap(b *testing.B) {
	v, _ := benchView(b)
	v.ScrollTo(len(benchText) / 3)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		v.Resize(fyne.NewSize(float32(900+100*(i%2)), 800))
	}
	reportMS(b, start)
	checkDrawn(b, v)
}
