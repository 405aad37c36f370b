package storetest

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// putCounting imports recs in one transaction and returns what it stored,
// as ImportTx.Counts says before the commit.
func putCounting(t *testing.T, st annotate.Store, recs ...*annotate.Record) annotate.ImportCounts {
	t.Helper()
	tx, err := st.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, r := range recs {
		if err := tx.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	c := tx.Counts()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *contract) testMerge(t *testing.T) {
	// A plain-text file imported over an article that a JSONL file brought
	// with a source leaves the source, the title and the meta keys as they
	// were; a field a file carries with another value is updated and
	// counted. Spans merged without a note, a canonical value or an
	// attribute keep the stored ones.
	t.Run("KeepsWhatItDoesNotCarry", func(t *testing.T) {
		st := c.store(t)
		text := "Sanctions list\nCanada froze the assets of Wang Junzheng."
		full := &annotate.Record{Article: annotate.Article{ExtID: "a1", Title: "Canada acts", Source: "seed",
			URL: "https://example.org/a", Text: text, Meta: map[string]json.RawMessage{"lang": json.RawMessage(`"en"`)}},
			Annotator: "alice", Spans: []annotate.Span{{Start: 15, End: 21, Label: "JURISDICTION", Note: "the state",
				Canonical: "CA", Attrs: map[string]string{"role": "imposing"}}}}
		if got := putCounting(t, st, full); got.NewArticles != 1 || got.NewSpans != 1 || got.Records != 1 {
			t.Fatalf("first import counts %+v", got)
		}
		// The same article as a .txt file gives it: its id, the title made
		// from its first line, its text.
		plain := &annotate.Record{Article: annotate.Article{ExtID: "a1", Title: annotate.TitleOf(text), Text: text},
			Annotator: "alice", Spans: []annotate.Span{{Start: 15, End: 21, Label: "JURISDICTION"}}}
		got := putCounting(t, st, plain)
		if want := (annotate.ImportCounts{Records: 1, MergedArticles: 1, KeptSpans: 1}); !reflect.DeepEqual(got, want) {
			t.Errorf("plain re-import counts %+v, want %+v", got, want)
		}
		rec := exportAll(t, st, annotate.ExportFilter{Annotator: "alice"})[0]
		a, sp := rec.Article, rec.Spans[0]
		if a.Source != "seed" || a.Title != "Canada acts" || a.URL != "https://example.org/a" || string(a.Meta["lang"]) != `"en"` {
			t.Errorf("article after a plain re-import: %+v", a)
		}
		if sp.Note != "the state" || sp.Canonical != "CA" || sp.Attrs["role"] != "imposing" {
			t.Errorf("span after a plain re-import: %+v", sp)
		}
		// A file that carries another source and a new meta key.
		changed := &annotate.Record{Article: annotate.Article{ExtID: "a1", Source: "wire", Text: text,
			Meta: map[string]json.RawMessage{"desk": json.RawMessage(`"asia"`)}},
			Annotator: "alice", Spans: []annotate.Span{{Start: 15, End: 21, Label: "JURISDICTION", Note: "Canada's government"}}}
		got = putCounting(t, st, changed)
		want := annotate.ImportCounts{Records: 1, MergedArticles: 1, UpdatedArticles: 1,
			UpdatedFields: map[string]int{"meta.source": 1, "meta.desk": 1}, UpdatedSpans: 1}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("changing re-import counts %+v, want %+v", got, want)
		}
		rec = exportAll(t, st, annotate.ExportFilter{Annotator: "alice"})[0]
		a, sp = rec.Article, rec.Spans[0]
		if a.Source != "wire" || a.Title != "Canada acts" || string(a.Meta["lang"]) != `"en"` || string(a.Meta["desk"]) != `"asia"` {
			t.Errorf("article after a changing re-import: %+v", a)
		}
		if sp.Note != "Canada's government" || sp.Canonical != "CA" || sp.Attrs["role"] != "imposing" {
			t.Errorf("span after a changing re-import: %+v", sp)
		}
	})
	// Records with identical texts and the same id are one article; the
	// counts say what was stored, not what was read.
	t.Run("CountsWhatWasStored", func(t *testing.T) {
		st := c.store(t)
		var recs []*annotate.Record
		for i := 0; i < 12; i++ {
			text := "Japan froze assets."
			if i%4 != 0 { // 3 of the 12 records share one text
				text = "Article " + string(rune('a'+i)) + ": Norway joined."
			}
			recs = append(recs, &annotate.Record{Article: annotate.Article{ExtID: annotate.TextID(text), Text: text},
				Spans: []annotate.Span{{Start: 0, End: 5, Label: "JURISDICTION"}}})
		}
		got := putCounting(t, st, recs...)
		if want := (annotate.ImportCounts{Records: 12, NewArticles: 10, MergedArticles: 2, NewSpans: 10, KeptSpans: 2}); !reflect.DeepEqual(got, want) {
			t.Errorf("counts %+v, want %+v", got, want)
		}
		s, err := st.Stats(ctx)
		if err != nil || s.Articles != got.NewArticles || s.Spans != got.NewSpans {
			t.Errorf("stored %d articles, %d spans (%v); the counts say %d, %d", s.Articles, s.Spans, err, got.NewArticles, got.NewSpans)
		}
	})
}
