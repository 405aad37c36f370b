package storage_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// putCounting imports recs in one transaction and returns what it stored.
func putCounting(t *testing.T, db *storage.DB, recs ...*annotate.Record) annotate.ImportCounts {
	t.Helper()
	tx, err := db.BeginImport(ctx)
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

// TestReimportKeepsWhatItDoesNotCarry: a plain-text file imported over an
// article that a JSONL file brought with a source leaves the source (and
// the title, and the meta keys) as they were; a field a file carries with
// another value is updated and named in the counts. Spans merged without
// a note or canonical value or an attribute keep the stored ones.
func TestReimportKeepsWhatItDoesNotCarry(t *testing.T) {
	db := mustOpenDB(t)
	text := "Sanctions list\nCanada froze the assets of Wang Junzheng."
	full := &annotate.Record{Article: annotate.Article{ExtID: "000_a10bbe666cae4c60", Title: "Canada acts", Source: "seed",
		URL: "https://example.org/a", Text: text, Meta: map[string]json.RawMessage{"lang": json.RawMessage(`"en"`)}},
		Annotator: "alice", Spans: []annotate.Span{{Start: 15, End: 21, Label: "JURISDICTION", Note: "the state",
			Canonical: "CA", Attrs: map[string]string{"role": "imposing"}}}}
	if c := putCounting(t, db, full); c.NewArticles != 1 || c.NewSpans != 1 || c.Records != 1 {
		t.Fatalf("first import: %+v", c)
	}
	// The same article as a .txt file gives it: id, derived title, text.
	plain := &annotate.Record{Article: annotate.Article{ExtID: "000_a10bbe666cae4c60", Title: annotate.TitleOf(text), Text: text},
		Annotator: "alice", Spans: []annotate.Span{{Start: 15, End: 21, Label: "JURISDICTION"}}}
	c := putCounting(t, db, plain)
	want := annotate.ImportCounts{Records: 1, MergedArticles: 1, KeptSpans: 1}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("plain re-import counts %+v, want %+v", c, want)
	}
	recs := exportAll(t, db, annotate.ExportFilter{Annotator: "alice"})
	a, sp := recs[0].Article, recs[0].Spans[0]
	if a.Source != "seed" || a.Title != "Canada acts" || a.URL != "https://example.org/a" || string(a.Meta["lang"]) != `"en"` {
		t.Errorf("after a plain re-import: %+v", a)
	}
	if sp.Note != "the state" || sp.Canonical != "CA" || sp.Attrs["role"] != "imposing" {
		t.Errorf("span after a plain re-import: %+v", sp)
	}

	// A file that carries another source and a new meta key updates them.
	changed := &annotate.Record{Article: annotate.Article{ExtID: "000_a10bbe666cae4c60", Source: "wire", Text: text,
		Meta: map[string]json.RawMessage{"desk": json.RawMessage(`"asia"`)}},
		Annotator: "alice", Spans: []annotate.Span{{Start: 15, End: 21, Label: "JURISDICTION", Note: "Canada's government"}}}
	c = putCounting(t, db, changed)
	want = annotate.ImportCounts{Records: 1, MergedArticles: 1, UpdatedArticles: 1,
		UpdatedFields: map[string]int{"meta.source": 1, "meta.desk": 1}, UpdatedSpans: 1}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("changing re-import counts %+v, want %+v", c, want)
	}
	recs = exportAll(t, db, annotate.ExportFilter{Annotator: "alice"})
	a, sp = recs[0].Article, recs[0].Spans[0]
	if a.Source != "wire" || a.Title != "Canada acts" || string(a.Meta["lang"]) != `"en"` || string(a.Meta["desk"]) != `"asia"` {
		t.Errorf("after a changing re-import: %+v", a)
	}
	if sp.Note != "Canada's government" || sp.Canonical != "CA" || sp.Attrs["role"] != "imposing" {
		t.Errorf("span after a changing re-import: %+v", sp)
	}
}

// TestImportCountsStored: records with identical texts and no id are one
// article; the counts say what was stored, not what was read.
func TestImportCountsStored(t *testing.T) {
	db := mustOpenDB(t)
	var recs []*annotate.Record
	for i := 0; i < 12; i++ {
		text := "Japan froze assets."
		if i%4 != 0 { // 3 of 12 records share one text
			text = "Article " + string(rune('a'+i)) + ": Norway joined."
		}
		recs = append(recs, &annotate.Record{Article: annotate.Article{ExtID: annotate.TextID(text), Text: text},
			Spans: []annotate.Span{{Start: 0, End: 5, Label: "JURISDICTION"}}})
	}
	c := putCounting(t, db, recs...)
	want := annotate.ImportCounts{Records: 12, NewArticles: 10, MergedArticles: 2, NewSpans: 10, KeptSpans: 2}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("counts %+v, want %+v", c, want)
	}
	st, err := db.Stats(ctx)
	if err != nil || st.Articles != c.NewArticles || st.Spans != c.NewSpans {
		t.Errorf("stored %d articles, %d spans (%v); counts say %d, %d", st.Articles, st.Spans, err, c.NewArticles, c.NewSpans)
	}
}
