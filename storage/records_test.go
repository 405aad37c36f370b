package storage_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// hardText has what breaks offset code: CRLF, a BOM, emoji, a flag, CJK,
// a combining mark and a tab.
const hardText = "\ufeffCanada 🇨🇦 sanctions\r\n王君正 (Wang Junzheng)\tand José (Jose\u0301) 👍🏽 over Xinjiang."

// span returns a span of text covering the first occurrence of sub.
func span(text, sub, label string) annotate.Span {
	i := strings.Index(text, sub)
	if i < 0 {
		panic(sub)
	}
	start := len([]rune(text[:i]))
	return annotate.Span{Start: start, End: start + len([]rune(sub)), Label: label, Text: sub}
}

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

// comparable strips what the store adds (ids, times) and what an export
// may leave implicit (empty attrs maps).
func normalize(recs []*annotate.Record) []*annotate.Record {
	var out []*annotate.Record
	for _, r := range recs {
		c := *r
		c.Article.ID = 0
		c.Article.Created, c.Article.Updated = annotate.Article{}.Created, annotate.Article{}.Updated
		if len(c.Article.Meta) == 0 {
			c.Article.Meta = nil
		}
		c.Spans = nil
		for _, s := range r.Spans {
			s.ID, s.ArticleID = 0, 0
			s.Created, s.Updated = annotate.Span{}.Created, annotate.Span{}.Updated
			if len(s.Attrs) == 0 {
				s.Attrs = nil
			}
			c.Spans = append(c.Spans, s)
		}
		if c.Status == "" {
			c.Status = annotate.StatusTodo
		}
		out = append(out, &c)
	}
	return out
}

func TestImportExport(t *testing.T) {
	t.Run("RoundTrip", func(t *testing.T) {
		db := mustOpenDB(t)
		bob := sampleRecord()
		bob.Annotator, bob.Status = "bob", annotate.StatusInProgress
		bob.Spans = bob.Spans[1:3]
		for i := range bob.Spans {
			bob.Spans[i].Annotator = "bob"
		}
		plain := &annotate.Record{Article: annotate.Article{ExtID: "plain", Title: "t", Text: "Just\ttext.\r\n"}}
		in := []*annotate.Record{sampleRecord(), bob, plain}
		if err := importRecords(t, db, in...); err != nil {
			t.Fatal(err)
		}
		got := normalize(exportAll(t, db, annotate.ExportFilter{}))
		want := normalize(in)
		// Records come in article order, an article's annotators sorted.
		if !reflect.DeepEqual(got, want) {
			for i := range max(len(got), len(want)) {
				if i >= len(got) || i >= len(want) || !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("record %d:\ngot  %+v\nwant %+v", i, at(got, i), at(want, i))
				}
			}
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		db := mustOpenDB(t)
		importOne(t, db, sampleRecord())
		g1, _ := db.Generation(ctx)
		first := exportAll(t, db, annotate.ExportFilter{})
		importOne(t, db, sampleRecord())
		again := exportAll(t, db, annotate.ExportFilter{})
		if !reflect.DeepEqual(first, again) {
			t.Errorf("re-import changed the export:\n%+v\n%+v", first, again)
		}
		st, _ := db.Stats(ctx)
		if st.Spans != len(sampleRecord().Spans) || st.Articles != 1 {
			t.Errorf("after re-import: %d articles, %d spans", st.Articles, st.Spans)
		}
		if g2, _ := db.Generation(ctx); g2 <= g1 {
			t.Errorf("import commit did not bump the generation")
		}
	})
	t.Run("MergeUpdatesAttrs", func(t *testing.T) {
		db := mustOpenDB(t)
		importOne(t, db, sampleRecord())
		rec := sampleRecord()
		rec.Spans = rec.Spans[:1]
		rec.Spans[0].Note = "changed"
		rec.Article.Source = "AFP"
		importOne(t, db, rec)
		out := exportAll(t, db, annotate.ExportFilter{})
		if len(out) != 1 || len(out[0].Spans) != len(sampleRecord().Spans) {
			t.Fatalf("merge lost or added spans: %+v", out)
		}
		if out[0].Spans[0].Note != "changed" || out[0].Article.Source != "AFP" {
			t.Errorf("merge did not take the record's values: note %q, source %q", out[0].Spans[0].Note, out[0].Article.Source)
		}
	})
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
	t.Run("Filter", func(t *testing.T) {
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
			{"Status", annotate.ExportFilter{Status: []annotate.Status{annotate.StatusTodo}}, []string{"/todo"}},
			{"Annotator", annotate.ExportFilter{Annotator: "bob"}, []string{"bob/skipped", "bob/todo"}},
			{"AnnotatorStatus", annotate.ExportFilter{Annotator: "alice", Status: []annotate.Status{annotate.StatusDone}}, []string{"alice/done"}},
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
		t.Run("Labels", func(t *testing.T) {
			for _, r := range exportAll(t, db, annotate.ExportFilter{Labels: []string{"PERSON"}}) {
				for _, s := range r.Spans {
					if s.Label != "PERSON" {
						t.Errorf("label filter let %s through", s.Label)
					}
				}
			}
		})
	})
}

func at(recs []*annotate.Record, i int) any {
	if i < len(recs) {
		return *recs[i]
	}
	return nil
}
