package storage_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

func TestSpans(t *testing.T) {
	db := mustOpenDB(t)
	rec := sampleRecord()
	rec.Annotator, rec.Status, rec.Spans = "", "", nil
	id := importOne(t, db, rec)

	t.Run("AddOK", func(t *testing.T) {
		sp := span(hardText, "Wang Junzheng", "PERSON")
		sp.ArticleID, sp.Annotator, sp.Canonical = id, "carol", "Wang Junzheng"
		if err := db.AddSpan(ctx, &sp); err != nil {
			t.Fatal(err)
		}
		if sp.ID == 0 || sp.Created.IsZero() {
			t.Errorf("AddSpan did not set ID and times: %+v", sp)
		}
		if st, _ := db.Status(ctx, id, "carol"); st != annotate.StatusInProgress {
			t.Errorf("status after the first span = %s, want in_progress", st)
		}
		got, err := db.Spans(ctx, id, "carol")
		if err != nil || len(got) != 1 || got[0].ID != sp.ID || got[0].Canonical != "Wang Junzheng" {
			t.Errorf("Spans = %+v, %v", got, err)
		}
	})
	t.Run("AddKeepsDone", func(t *testing.T) {
		if err := db.SetStatus(ctx, id, "dave", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		sp := span(hardText, "Xinjiang", "JURISDICTION")
		sp.ArticleID, sp.Annotator = id, "dave"
		if err := db.AddSpan(ctx, &sp); err != nil {
			t.Fatal(err)
		}
		if st, _ := db.Status(ctx, id, "dave"); st != annotate.StatusDone {
			t.Errorf("status = %s, want done kept", st)
		}
	})
	bad := []struct {
		name string
		sp   annotate.Span
		want error
	}{
		{"ErrInvalidOffsets", annotate.Span{ArticleID: id, Start: 5, End: 5, Label: "ORG"}, annotate.ErrInvalid},
		{"ErrInvalidOutside", annotate.Span{ArticleID: id, Start: 0, End: 10000, Label: "ORG"}, annotate.ErrInvalid},
		{"ErrInvalidLabel", annotate.Span{ArticleID: id, Start: 0, End: 3, Label: "THING"}, annotate.ErrInvalid},
		{"ErrInvalidAttr", annotate.Span{ArticleID: id, Start: 1, End: 7, Label: "JURISDICTION", Attrs: map[string]string{"role": "boss"}}, annotate.ErrInvalid},
		{"ErrInvalidText", annotate.Span{ArticleID: id, Start: 1, End: 7, Label: "ORG", Text: "Canadx"}, annotate.ErrInvalid},
		{"ErrNotFound", annotate.Span{ArticleID: id + 100, Start: 0, End: 1, Label: "ORG"}, annotate.ErrNotFound},
		{"ErrConflict", func() annotate.Span {
			s := span(hardText, "Wang Junzheng", "PERSON")
			s.ArticleID, s.Annotator = id, "carol"
			return s
		}(), annotate.ErrConflict},
	}
	for _, tt := range bad {
		t.Run("Add"+tt.name, func(t *testing.T) {
			sp := tt.sp
			if err := db.AddSpan(ctx, &sp); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("UpdateOK", func(t *testing.T) {
		sps, _ := db.Spans(ctx, id, "carol")
		sp := sps[0]
		sp.Label, sp.Attrs, sp.Note = "ORG", nil, "not a person"
		if err := db.UpdateSpan(ctx, &sp); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Spans(ctx, id, "carol")
		if len(got) != 1 || got[0].Label != "ORG" || got[0].Note != "not a person" {
			t.Errorf("after update: %+v", got)
		}
	})
	t.Run("UpdateErrInvalid", func(t *testing.T) {
		sps, _ := db.Spans(ctx, id, "carol")
		sp := sps[0]
		sp.End = 100000
		if err := db.UpdateSpan(ctx, &sp); !errors.Is(err, annotate.ErrInvalid) {
			t.Errorf("got %v, want ErrInvalid", err)
		}
	})
	t.Run("UpdateErrNotFound", func(t *testing.T) {
		sp := annotate.Span{ID: 999999, Start: 0, End: 1, Label: "ORG"}
		if err := db.UpdateSpan(ctx, &sp); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		sps, _ := db.Spans(ctx, id, "carol")
		if err := db.DeleteSpan(ctx, sps[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteSpan(ctx, sps[0].ID); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("second delete: got %v, want ErrNotFound", err)
		}
	})
}

func TestStatus(t *testing.T) {
	db := mustOpenDB(t)
	id := importOne(t, db, sampleRecord())
	t.Run("PerAnnotator", func(t *testing.T) {
		if err := db.SetStatus(ctx, id, "bob", annotate.StatusSkipped); err != nil {
			t.Fatal(err)
		}
		for ann, want := range map[string]annotate.Status{"alice": annotate.StatusDone, "bob": annotate.StatusSkipped, "carol": annotate.StatusTodo} {
			if got, err := db.Status(ctx, id, ann); err != nil || got != want {
				t.Errorf("%s: got %s, %v; want %s", ann, got, err, want)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		if err := db.SetStatus(ctx, id, "bob", "finished"); !errors.Is(err, annotate.ErrInvalid) {
			t.Errorf("got %v, want ErrInvalid", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := db.SetStatus(ctx, id+1, "bob", annotate.StatusDone); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
		if _, err := db.Article(ctx, id+1); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("Article: got %v, want ErrNotFound", err)
		}
	})
}

func TestListArticles(t *testing.T) {
	db := mustOpenDB(t)
	var recs []*annotate.Record
	for i, text := range []string{"Canada sanctions officials", "Weather in Xinjiang", "Nothing 100% related_here", "CANADA again"} {
		recs = append(recs, &annotate.Record{Article: annotate.Article{ExtID: string(rune('a' + i)), Title: annotate.TitleOf(text), Text: text}})
	}
	recs[0].Annotator, recs[0].Status = "alice", annotate.StatusDone
	recs[0].Spans = []annotate.Span{{Start: 0, End: 6, Label: "JURISDICTION", Annotator: "alice"}}
	if err := importRecords(t, db, recs...); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    annotate.ArticleFilter
		want []string
	}{
		{"All", annotate.ArticleFilter{}, []string{"a", "b", "c", "d"}},
		{"Query", annotate.ArticleFilter{Query: "canada"}, []string{"a", "d"}},
		{"QueryWildcards", annotate.ArticleFilter{Query: "100%"}, []string{"c"}},
		{"QueryUnderscore", annotate.ArticleFilter{Query: "d_h"}, []string{"c"}},
		{"Page", annotate.ArticleFilter{Offset: 1, Limit: 2}, []string{"b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := db.ListArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range list {
				got = append(got, s.ExtID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			n, err := db.CountArticles(ctx, tt.f)
			if f := tt.f; err != nil || (f.Limit == 0 && n != len(tt.want)) {
				t.Errorf("CountArticles = %d, %v; want %d", n, err, len(tt.want))
			}
		})
	}
	t.Run("Summary", func(t *testing.T) {
		list, _ := db.ListArticles(ctx, annotate.ArticleFilter{Annotator: "alice", Limit: 1})
		if len(list) != 1 || list[0].Status != annotate.StatusDone || list[0].Spans != 1 || list[0].Title != "Canada sanctions officials" {
			t.Errorf("got %+v", list)
		}
	})
	t.Run("Progress", func(t *testing.T) {
		p, err := db.Progress(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		want := map[annotate.Status]int{annotate.StatusTodo: 3, annotate.StatusInProgress: 0, annotate.StatusDone: 1, annotate.StatusSkipped: 0}
		if p.Total != 4 || !reflect.DeepEqual(p.ByStatus, want) || p.Done() != 1 {
			t.Errorf("got %+v, want total 4, %v", p, want)
		}
	})
	t.Run("Stats", func(t *testing.T) {
		if err := db.SetStatus(ctx, list0(t, db), "bob", annotate.StatusSkipped); err != nil {
			t.Fatal(err)
		}
		s, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantStatus := map[annotate.Status]int{annotate.StatusDone: 1, annotate.StatusSkipped: 1, annotate.StatusTodo: 3}
		if s.Articles != 4 || s.Spans != 1 || !reflect.DeepEqual(s.ArticlesByStatus, wantStatus) ||
			!reflect.DeepEqual(s.SpansByLabel, map[string]int{"JURISDICTION": 1}) || !reflect.DeepEqual(s.Annotators, []string{"alice", "bob"}) {
			t.Errorf("got %+v", s)
		}
	})
}

// list0 returns the id of the first article.
func list0(tb testing.TB, db *storage.DB) int64 {
	tb.Helper()
	list, err := db.ListArticles(ctx, annotate.ArticleFilter{Limit: 1})
	if err != nil || len(list) == 0 {
		tb.Fatalf("no article: %v", err)
	}
	return list[0].ID
}

func TestSchema(t *testing.T) {
	db := mustOpenDB(t)
	importOne(t, db, sampleRecord())
	s := annotate.DefaultSchema()
	s.Labels = s.Labels[:2] // PERSON, ORG: the sample uses JURISDICTION
	if err := db.SetSchema(ctx, s); !errors.Is(err, annotate.ErrConflict) {
		t.Errorf("dropping a used label: got %v, want ErrConflict", err)
	}
	s = annotate.DefaultSchema()
	s.Labels[0].Color = "#000000"
	if err := db.SetSchema(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := db.Schema(ctx)
	if err != nil || !reflect.DeepEqual(got, s) {
		t.Errorf("Schema = %+v, %v; want %+v", got, err, s)
	}
}
