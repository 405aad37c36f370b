package storage_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
	"github.com/tagdesk/tagdesk/storage"
)

// hardText and span come from the contract suite: one article with all
// that breaks offset code, and a span over a part of it.
const hardText = storetest.HardText

var span = storetest.SpanOf

func sampleRecord() *annotate.Record {
	rec := &annotate.Record{
		Article: annotate.Article{
			ExtID: "hard-1", Title: "Canada sanctions", Source: "Reuters", URL: "https://example.org/1",
			Published: "2021-03-22", Text: hardText,
			Meta: map[string]json.RawMessage{"lang": json.RawMessage(`"en"`), "tags": json.RawMessage(`["a", "b"]`)},
		},
		Annotator: "alice",
		Status:    annotate.StatusDone,
	}
	for _, s := range []annotate.Span{
		span(hardText, "Canada 🇨🇦", "JURISDICTION"),
		span(hardText, "🇨🇦", "JURISDICTION"),
		span(hardText, "王君正", "PERSON"),
		span(hardText, "Jose\u0301", "PERSON"),
		span(hardText, "Xinjiang", "JURISDICTION"),
	} {
		s.Annotator = rec.Annotator
		rec.Spans = append(rec.Spans, s)
	}
	rec.Spans[0].Attrs = map[string]string{"role": "imposing"}
	rec.Spans[0].Note = "flag\tincluded, \"quoted\""
	rec.Spans[0].Canonical = "Canada"
	rec.Spans[2].Canonical = "Wang Junzheng"
	rec.Spans[4].Attrs = map[string]string{"role": "targeted"}
	annotate.SortSpans(rec.Spans)
	return rec
}

// importRecords imports recs in one transaction.
func importRecords(tb testing.TB, db *storage.DB, recs ...*annotate.Record) error {
	tb.Helper()
	tx, err := db.BeginImport(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for _, r := range recs {
		if err := tx.Put(ctx, r); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// importOne imports rec and returns its article's id.
func importOne(tb testing.TB, db *storage.DB, rec *annotate.Record) int64 {
	tb.Helper()
	if err := importRecords(tb, db, rec); err != nil {
		tb.Fatal(err)
	}
	list, err := db.ListArticles(ctx, annotate.ArticleFilter{Query: rec.Article.Title})
	if err != nil || len(list) == 0 {
		tb.Fatalf("imported article not listed: %v", err)
	}
	return list[len(list)-1].ID
}

func exportAll(tb testing.TB, db *storage.DB, f annotate.ExportFilter) []*annotate.Record {
	tb.Helper()
	var out []*annotate.Record
	if err := db.Export(ctx, f, func(r *annotate.Record) error {
		out = append(out, r)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestImportExport: what storage promises beyond annotate's contract
// (annotate/storetest): a conflict names the article, a record that does
// not fit the schema is refused, an article's records come sorted by
// annotator, and with an annotator every article gives one record.
func TestImportExport(t *testing.T) {
	t.Run("ErrConflict", func(t *testing.T) {
		db := mustOpenDB(t)
		importOne(t, db, sampleRecord())
		rec := sampleRecord()
		rec.Article.Text = strings.Replace(rec.Article.Text, "Canada", "Canadá", 1)
		rec.Spans = nil
		other := &annotate.Record{Article: annotate.Article{ExtID: "new", Text: "fresh"}}
		err := importRecords(t, db, other, rec)
		if !errors.Is(err, annotate.ErrConflict) || !strings.Contains(err.Error(), "hard-1") {
			t.Fatalf("got %v, want ErrConflict naming the article", err)
		}
		if n, _ := db.CountArticles(ctx, annotate.ArticleFilter{}); n != 1 {
			t.Errorf("a failed import left %d articles, want 1", n)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := mustOpenDB(t)
		rec := sampleRecord()
		rec.Spans[0].Label = "NOPE"
		if err := importRecords(t, db, rec); !errors.Is(err, annotate.ErrInvalid) {
			t.Fatalf("got %v, want ErrInvalid", err)
		}
		if n, _ := db.CountArticles(ctx, annotate.ArticleFilter{}); n != 0 {
			t.Errorf("a failed import left %d articles", n)
		}
	})
	t.Run("ExportAnnotators", func(t *testing.T) {
		db := mustOpenDB(t)
		bob := sampleRecord()
		bob.Annotator, bob.Status = "bob", annotate.StatusSkipped
		for i := range bob.Spans {
			bob.Spans[i].Annotator = "bob"
		}
		untouched := &annotate.Record{Article: annotate.Article{ExtID: "u", Text: "nothing here"}}
		if err := importRecords(t, db, sampleRecord(), bob, untouched); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			f    annotate.ExportFilter
			want []string // annotator/status per record
		}{
			{"All", annotate.ExportFilter{}, []string{"alice/done", "bob/skipped", "/todo"}},
			{"Annotator", annotate.ExportFilter{Annotator: "bob"}, []string{"bob/skipped", "bob/todo"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []string
				for _, r := range exportAll(t, db, tt.f) {
					got = append(got, r.Annotator+"/"+string(r.Status))
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
	})
}
