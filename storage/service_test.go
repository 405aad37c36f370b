package storage_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// The promises of storage.DB's own doc comments beyond annotate.Store's,
// which annotate/storetest checks (contract_test.go).

// TestSpanErrors: a span whose Text does not match the article's text is
// refused, and so is a change that no longer fits; SetStatus refuses an
// unknown status and an absent article.
func TestSpanErrors(t *testing.T) {
	db := mustOpenDB(t)
	rec := sampleRecord()
	rec.Annotator, rec.Status, rec.Spans = "", "", nil
	id := importOne(t, db, rec)
	sp := span(hardText, "Wang Junzheng", "PERSON")
	sp.ArticleID, sp.Annotator = id, "carol"
	if err := db.AddSpan(ctx, &sp); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"AddSpanErrInvalidText", func() error {
			return db.AddSpan(ctx, &annotate.Span{ArticleID: id, Start: 1, End: 7, Label: "ORG", Text: "Canadx"})
		}, annotate.ErrInvalid},
		{"UpdateSpanErrInvalid", func() error {
			changed := sp
			changed.End = 100000
			return db.UpdateSpan(ctx, &changed)
		}, annotate.ErrInvalid},
		{"SetStatusErrInvalid", func() error { return db.SetStatus(ctx, id, "bob", "finished") }, annotate.ErrInvalid},
		{"SetStatusErrNotFound", func() error { return db.SetStatus(ctx, id+1, "bob", annotate.StatusDone) }, annotate.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestListArticlesCase: the query ignores the case of ASCII letters.
func TestListArticlesCase(t *testing.T) {
	db := mustOpenDB(t)
	var recs []*annotate.Record
	for i, text := range []string{"Canada sanctions officials", "Weather in Xinjiang", "CANADA again"} {
		recs = append(recs, &annotate.Record{Article: annotate.Article{ExtID: string(rune('a' + i)), Title: annotate.TitleOf(text), Text: text}})
	}
	if err := importRecords(t, db, recs...); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListArticles(ctx, annotate.ArticleFilter{Query: "canada"})
	if err != nil || len(list) != 2 || list[0].ExtID != "a" || list[1].ExtID != "c" {
		t.Errorf("got %+v, %v; want a and c", list, err)
	}
	if n, err := db.CountArticles(ctx, annotate.ArticleFilter{Query: "canada"}); err != nil || n != 2 {
		t.Errorf("CountArticles = %d, %v; want 2", n, err)
	}
}

// TestProgressEveryStatus: every status is a key of Progress.ByStatus,
// and Stats lists the annotators sorted.
func TestProgressEveryStatus(t *testing.T) {
	db := mustOpenDB(t)
	id := importOne(t, db, sampleRecord())
	if err := db.SetStatus(ctx, id, "aaron", annotate.StatusSkipped); err != nil {
		t.Fatal(err)
	}
	p, err := db.Progress(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	want := map[annotate.Status]int{annotate.StatusTodo: 0, annotate.StatusInProgress: 0, annotate.StatusDone: 1, annotate.StatusSkipped: 0}
	if !reflect.DeepEqual(p.ByStatus, want) {
		t.Errorf("ByStatus %v, want %v", p.ByStatus, want)
	}
	s, err := db.Stats(ctx)
	if err != nil || !reflect.DeepEqual(s.Annotators, []string{"aaron", "alice"}) {
		t.Errorf("Stats annotators %v, %v; want aaron, alice", s.Annotators, err)
	}
}

// TestOneTransaction: AddSpans and DeleteSpans commit once, however many
// spans they change.
func TestOneTransaction(t *testing.T) {
	db := mustOpenDB(t)
	rec := sampleRecord()
	rec.Annotator, rec.Status, rec.Spans = "", "", nil
	id := importOne(t, db, rec)
	spans := []annotate.Span{
		{ArticleID: id, Start: 0, End: 3, Label: "ORG", Annotator: "erin"},
		{ArticleID: id, Start: 4, End: 9, Label: "PERSON", Annotator: "erin"},
	}
	for _, ch := range []struct {
		name string
		do   func() error
	}{
		{"AddSpans", func() error { return db.AddSpans(ctx, spans) }},
		{"DeleteSpans", func() error { return db.DeleteSpans(ctx, []int64{spans[1].ID, spans[0].ID}) }},
	} {
		gen, _ := db.Generation(ctx)
		if err := ch.do(); err != nil {
			t.Fatalf("%s: %v", ch.name, err)
		}
		if g, _ := db.Generation(ctx); g != gen+1 {
			t.Errorf("%s: generation %d → %d, want one commit", ch.name, gen, g)
		}
	}
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

// TestErrBusyIsAnnotates: the window tells a busy database by
// annotate.ErrBusy, which storage's ErrBusy wraps.
func TestErrBusyIsAnnotates(t *testing.T) {
	err := fmt.Errorf("add span: %w", storage.ErrBusy)
	if !errors.Is(err, annotate.ErrBusy) || !errors.Is(err, storage.ErrBusy) {
		t.Errorf("errors.Is(%v): annotate.ErrBusy %v, storage.ErrBusy %v", err, errors.Is(err, annotate.ErrBusy), errors.Is(err, storage.ErrBusy))
	}
	if got := storage.ErrBusy.Error(); got != "database is busy" {
		t.Errorf("message %q", got)
	}
}
