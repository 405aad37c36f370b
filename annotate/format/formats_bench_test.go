package format

import (
	"bytes"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"strings"
	"testing"
)

// Targets, on one core of the development machine: ≥ 500,000 spans/s
// export, ≥ 400,000 spans/s import. Every codec streams: memory holds one
// record (one task for Label Studio, one article for CoNLL).

// benchRecords makes n records of about 3 KB with 20 spans each, with
// some text outside ASCII and outside the BMP so the offset conversions
// do real work.
func benchRecords(n int) []*annotate.Record {
	words := []string{"Canada", "sanctions", "four", "officials", "over", "Xinjiang", "rights", "violations,", "Zürich", "加拿大", "🇨🇦", "the", "European", "Union", "said", "on", "Monday."}
	recs := make([]*annotate.Record, n)
	labels := []string{"PERSON", "ORG", "MEASURE", "JURISDICTION"}
	for i := range recs {
		var b strings.Builder
		var spans []annotate.Span
		cp := 0
		for w := 0; b.Len() < 3000; w++ {
			word := words[(i+w*7)%len(words)]
			if w%25 == 3 && len(spans) < 20 {
				l := labels[len(spans)%4]
				sp := annotate.Span{Start: cp, End: cp + len([]rune(word)), Label: l, Annotator: "alice"}
				if l == "MEASURE" {
					sp.Attrs = map[string]string{"type": "travel_ban"}
				}
				spans = append(spans, sp)
			}
			b.WriteString(word)
			b.WriteByte(' ')
			cp += len([]rune(word)) + 1
			if w%40 == 39 {
				b.WriteString("\r\n")
				cp += 2
			}
		}
		for len(spans) < 20 {
			spans = append(spans, annotate.Span{Start: len(spans), End: len(spans) + 1, Label: "ORG", Annotator: "alice"})
		}
		annotate.SortSpans(spans)
		recs[i] = &annotate.Record{Annotator: "alice", Status: annotate.StatusDone, Spans: spans,
			Article: annotate.Article{ExtID: fmt.Sprintf("art-%d", i), Title: "t", Source: "bench", Text: b.String()}}
	}
	return recs
}

func countSpans(recs []*annotate.Record) int {
	n := 0
	for _, r := range recs {
		n += len(r.Spans)
	}
	return n
}

func reportSpans(b *testing.B, spans int) {
	b.ReportMetric(float64(spans)*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
}

func BenchmarkExport(b *testing.B) {
	recs := benchRecords(2000)
	spans := countSpans(recs)
	for _, f := range All {
		b.Run(f.Name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var w RecordWriter
				if f.Dir {
					var err error
					if w, err = f.NewDirWriter(b.TempDir(), Options{Schema: annotate.DefaultSchema()}); err != nil {
						b.Fatal(err)
					}
				} else {
					w = f.NewWriter(io.Discard, Options{})
				}
				for _, r := range recs {
					if err := w.Encode(r); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			reportSpans(b, spans)
		})
	}
}

func BenchmarkImport(b *testing.B) {
	recs := benchRecords(2000)
	for _, f := range All {
		if f.NewReader == nil {
			continue
		}
		b.Run(f.Name, func(b *testing.B) {
			var data []byte
			var dir string
			if f.Dir {
				dir = exportDir(b, recs, Options{})
			} else {
				data = exportBytes(b, f, recs, Options{})
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			got := 0
			for i := 0; i < b.N; i++ {
				rd, err := f.NewReader(bytes.NewReader(data), dir, Options{})
				if err != nil {
					b.Fatal(err)
				}
				got = 0
				for {
					r, err := rd.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					got += len(r.Spans)
				}
			}
			reportSpans(b, got)
		})
	}
}
