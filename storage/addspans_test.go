package storage_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// spansOf prints the annotator's spans of an article as the store has them.
func spansOf(t *testing.T, db *storage.DB, id int64, who string) string {
	t.Helper()
	got, err := db.Spans(ctx, id, who)
	if err != nil {
		t.Fatal(err)
	}
	out := ""
	for _, sp := range got {
		out += fmt.Sprintf("%s[%d,%d) ", sp.Label, sp.Start, sp.End)
	}
	return out
}

func TestAddSpans(t *testing.T) {
	db := mustOpenDB(t)
	rec := sampleRecord()
	rec.Annotator, rec.Status, rec.Spans = "", "", nil
	id := importOne(t, db, rec)
	mk := func(start, end int, label string) annotate.Span {
		return annotate.Span{ArticleID: id, Start: start, End: end, Label: label, Annotator: "erin"}
	}

	t.Run("OK", func(t *testing.T) {
		gen, _ := db.Generation(ctx)
		spans := []annotate.Span{mk(0, 3, "ORG"), mk(4, 9, "PERSON")}
		if err := db.AddSpans(ctx, spans); err != nil {
			t.Fatal(err)
		}
		for _, sp := range spans {
			if sp.ID == 0 || sp.Created.IsZero() || sp.Updated.IsZero() {
				t.Errorf("AddSpans did not set ID and times: %+v", sp)
			}
		}
		if spans[0].ID == spans[1].ID {
			t.Errorf("both spans got ID %d", spans[0].ID)
		}
		if got, want := spansOf(t, db, id, "erin"), "ORG[0,3) PERSON[4,9) "; got != want {
			t.Errorf("got %q want %q", got, want)
		}
		if st, _ := db.Status(ctx, id, "erin"); st != annotate.StatusInProgress {
			t.Errorf("status = %s, want in_progress", st)
		}
		if g, _ := db.Generation(ctx); g != gen+1 {
			t.Errorf("generation %d → %d, want one commit", gen, g)
		}
	})
	bad := []struct {
		name  string
		spans []annotate.Span
		want  error
	}{
		{"ErrInvalidOffsets", []annotate.Span{mk(10, 14, "ORG"), mk(5, 5, "ORG")}, annotate.ErrInvalid},
		{"ErrInvalidLabel", []annotate.Span{mk(10, 14, "ORG"), mk(0, 3, "THING")}, annotate.ErrInvalid},
		{"ErrConflictStored", []annotate.Span{mk(10, 14, "ORG"), mk(0, 3, "ORG")}, annotate.ErrConflict},
		{"ErrConflictInSlice", []annotate.Span{mk(10, 14, "ORG"), mk(10, 14, "ORG")}, annotate.ErrConflict},
		{"ErrNotFound", []annotate.Span{mk(10, 14, "ORG"), {ArticleID: id + 100, Start: 0, End: 1, Label: "ORG", Annotator: "erin"}}, annotate.ErrNotFound},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			before := spansOf(t, db, id, "erin")
			if err := db.AddSpans(ctx, tt.spans); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if got := spansOf(t, db, id, "erin"); got != before {
				t.Errorf("a failed AddSpans changed the spans: %q, was %q", got, before)
			}
			if tt.spans[0].ID != 0 {
				t.Errorf("a failed AddSpans set an ID: %+v", tt.spans[0])
			}
		})
	}
	t.Run("StatusTodoOnlyOnSuccess", func(t *testing.T) {
		err := db.AddSpans(ctx, []annotate.Span{{ArticleID: id, Start: 0, End: 3, Label: "ORG", Annotator: "fay"}, {ArticleID: id, Start: 2, End: 1, Label: "ORG", Annotator: "fay"}})
		if !errors.Is(err, annotate.ErrInvalid) {
			t.Fatalf("got %v", err)
		}
		if st, _ := db.Status(ctx, id, "fay"); st != annotate.StatusTodo {
			t.Errorf("status = %s after a failed AddSpans, want todo", st)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		gen, _ := db.Generation(ctx)
		if err := db.AddSpans(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if g, _ := db.Generation(ctx); g != gen {
			t.Errorf("no spans committed a change: generation %d → %d", gen, g)
		}
	})
}

func TestDeleteSpans(t *testing.T) {
	db := mustOpenDB(t)
	rec := sampleRecord()
	rec.Annotator, rec.Status, rec.Spans = "", "", nil
	id := importOne(t, db, rec)
	spans := []annotate.Span{
		{ArticleID: id, Start: 0, End: 3, Label: "ORG", Annotator: "erin"},
		{ArticleID: id, Start: 4, End: 9, Label: "PERSON", Annotator: "erin"},
		{ArticleID: id, Start: 10, End: 14, Label: "ORG", Annotator: "erin"},
	}
	if err := db.AddSpans(ctx, spans); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		before := spansOf(t, db, id, "erin")
		if err := db.DeleteSpans(ctx, []int64{spans[0].ID, spans[2].ID + 1000}); !errors.Is(err, annotate.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
		if err := db.DeleteSpans(ctx, []int64{spans[0].ID, spans[0].ID}); !errors.Is(err, annotate.ErrNotFound) {
			t.Fatalf("an id twice: got %v, want ErrNotFound", err)
		}
		if got := spansOf(t, db, id, "erin"); got != before {
			t.Errorf("a failed DeleteSpans removed spans: %q, was %q", got, before)
		}
	})
	t.Run("OK", func(t *testing.T) {
		gen, _ := db.Generation(ctx)
		if err := db.DeleteSpans(ctx, []int64{spans[2].ID, spans[0].ID}); err != nil {
			t.Fatal(err)
		}
		if got, want := spansOf(t, db, id, "erin"), "PERSON[4,9) "; got != want {
			t.Errorf("got %q want %q", got, want)
		}
		if g, _ := db.Generation(ctx); g != gen+1 {
			t.Errorf("generation %d → %d, want one commit", gen, g)
		}
	})
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
