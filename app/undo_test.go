package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// recSink records what a History tells the window.
type recSink struct{ log []string }

func (r *recSink) SpanAdded(sp annotate.Span) {
	r.log = append(r.log, fmt.Sprintf("+%s[%d,%d)", sp.Label, sp.Start, sp.End))
}
func (r *recSink) SpanChanged(sp annotate.Span) { r.log = append(r.log, "~"+sp.Label) }
func (r *recSink) SpanRemoved(id int64)         { r.log = append(r.log, "-") }
func (r *recSink) StatusChanged(id int64, st annotate.Status) {
	r.log = append(r.log, "status "+string(st))
}

// state prints the store's spans and status of article 1 for alice.
func state(t *testing.T, m *memStore) string {
	t.Helper()
	ctx := context.Background()
	spans, _ := m.Spans(ctx, 1, "alice")
	st, _ := m.Status(ctx, 1, "alice")
	var b strings.Builder
	b.WriteString(string(st))
	for _, sp := range spans {
		fmt.Fprintf(&b, " %s[%d,%d)", sp.Label, sp.Start, sp.End)
		if v := sp.Attrs["role"]; v != "" {
			b.WriteString(" role=" + v)
		}
		if sp.Note != "" {
			b.WriteString(" note=" + sp.Note)
		}
	}
	return b.String()
}

func span(start, end int, label string) annotate.Span {
	return annotate.Span{ArticleID: 1, Start: start, End: end, Label: label, Annotator: "alice"}
}

const undoText = "Canada froze the assets of Wang Junzheng in Xinjiang."

func TestHistoryAddUndoRedo(t *testing.T) {
	ctx := context.Background()
	m := newMemStore(undoText)
	sink := &recSink{}
	h := NewHistory(m, sink)
	if _, err := h.AddSpans(ctx, []annotate.Span{span(0, 6, "JURISDICTION")}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		op   func() (string, error)
		want string
	}{
		{"undo add", func() (string, error) { return h.Undo(ctx) }, "todo"},
		{"redo add", func() (string, error) { return h.Redo(ctx) }, "in_progress JURISDICTION[0,6)"},
		{"undo again", func() (string, error) { return h.Undo(ctx) }, "todo"},
		{"nothing to undo", func() (string, error) { return h.Undo(ctx) }, "todo"},
	}
	for _, tt := range steps {
		if _, err := tt.op(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := state(t, m); got != tt.want {
			t.Errorf("%s: got %q want %q", tt.name, got, tt.want)
		}
	}
	if got, want := strings.Join(sink.log, " "), "+JURISDICTION[0,6) status in_progress - status todo +JURISDICTION[0,6) status in_progress - status todo"; got != want {
		t.Errorf("sink: got %q\nwant %q", got, want)
	}
}

// TestHistoryIDMapping deletes a span, edits it after undoing the delete
// (it has a new ID then), and walks the whole stack back and forth.
func TestHistoryIDMapping(t *testing.T) {
	ctx := context.Background()
	m := newMemStore(undoText)
	h := NewHistory(m, nil)
	added, err := h.AddSpans(ctx, []annotate.Span{span(0, 6, "JURISDICTION"), span(27, 40, "PERSON")})
	if err != nil {
		t.Fatal(err)
	}
	jur := added[0]
	if err := h.DeleteSpan(ctx, jur); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Undo(ctx); err != nil { // jur comes back with a new ID
		t.Fatal(err)
	}
	cur := h.Current(jur.ID)
	if cur == jur.ID {
		t.Fatalf("re-added span kept its ID %d", cur)
	}
	before := jur
	before.ID = cur
	after := before
	after.Attrs = map[string]string{"role": "imposing"}
	if err := h.UpdateSpan(ctx, before, after); err != nil {
		t.Fatal(err)
	}
	// Relabel the nested PERSON span, then edit its note.
	p := added[1]
	p2 := p
	p2.Label = "ORG"
	if err := h.UpdateSpan(ctx, p, p2); err != nil {
		t.Fatal(err)
	}
	p3 := p2
	p3.Note = "n"
	if err := h.UpdateSpan(ctx, p2, p3); err != nil {
		t.Fatal(err)
	}
	full := "in_progress JURISDICTION[0,6) role=imposing ORG[27,40) note=n"
	if got := state(t, m); got != full {
		t.Fatalf("got %q want %q", got, full)
	}
	want := []string{
		"in_progress JURISDICTION[0,6) role=imposing ORG[27,40)",
		"in_progress JURISDICTION[0,6) role=imposing PERSON[27,40)",
		"in_progress JURISDICTION[0,6) PERSON[27,40)",
		// the undone delete was replaced by the edit: the stack now is add, edit, relabel, note
		"todo",
	}
	for i, w := range want {
		if _, err := h.Undo(ctx); err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
		if got := state(t, m); got != w {
			t.Errorf("undo %d: got %q want %q", i, got, w)
		}
	}
	for i := 0; i < 4; i++ {
		if _, err := h.Redo(ctx); err != nil {
			t.Fatalf("redo %d: %v", i, err)
		}
	}
	if got := state(t, m); got != full {
		t.Errorf("after redo all: got %q want %q", got, full)
	}
	// Delete and undo twice more: the chain of IDs still resolves.
	for i := 0; i < 2; i++ {
		sp, _ := m.Spans(ctx, 1, "alice")
		if err := h.DeleteSpan(ctx, sp[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Undo(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.Undo(ctx); err != nil { // the note edit on ORG
		t.Fatal(err)
	}
	if got, w := state(t, m), "in_progress JURISDICTION[0,6) role=imposing ORG[27,40)"; got != w {
		t.Errorf("got %q want %q", got, w)
	}
}

func TestHistoryStatusAndFailure(t *testing.T) {
	ctx := context.Background()
	m := newMemStore(undoText)
	h := NewHistory(m, nil)
	if err := h.SetStatus(ctx, 1, "alice", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if got := state(t, m); got != "done" {
		t.Fatalf("got %q", got)
	}
	m.fail = errors.New("disk full")
	if _, err := h.Undo(ctx); err == nil {
		t.Fatal("undo on a failing store: no error")
	}
	if !h.CanUndo() {
		t.Fatal("a failed undo left the stack")
	}
	m.fail = nil
	if _, err := h.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := state(t, m); got != "todo" {
		t.Fatalf("got %q", got)
	}
	// Label all with a duplicate in the middle: nothing stays.
	if _, err := h.AddSpans(ctx, []annotate.Span{span(0, 6, "ORG")}); err != nil {
		t.Fatal(err)
	}
	_, err := h.AddSpans(ctx, []annotate.Span{span(44, 52, "JURISDICTION"), span(0, 6, "ORG")})
	if !errors.Is(err, annotate.ErrConflict) {
		t.Fatalf("got %v want a conflict", err)
	}
	if got := state(t, m); got != "in_progress ORG[0,6)" {
		t.Errorf("after a failed label all: got %q", got)
	}
}

// TestHistoryLabelAllOneTransaction: a multi-span add is one write, and
// so is taking its spans back (the status goes back to todo in a second
// one); a span removed meanwhile does not stop the undo.
func TestHistoryLabelAllOneTransaction(t *testing.T) {
	ctx := context.Background()
	m := newMemStore(undoText)
	writes := 0
	m.onWrite = func() { writes++ }
	sink := &recSink{}
	h := NewHistory(m, sink)
	added, err := h.AddSpans(ctx, []annotate.Span{span(0, 6, "JURISDICTION"), span(27, 40, "PERSON"), span(44, 52, "JURISDICTION")})
	if err != nil {
		t.Fatal(err)
	}
	if writes != 1 {
		t.Errorf("label all: %d writes, want 1", writes)
	}
	if got, w := state(t, m), "in_progress JURISDICTION[0,6) PERSON[27,40) JURISDICTION[44,52)"; got != w {
		t.Fatalf("got %q want %q", got, w)
	}
	writes = 0
	if _, err := h.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if writes != 2 {
		t.Errorf("undo: %d writes, want 2 (the spans, the status)", writes)
	}
	if got := state(t, m); got != "todo" {
		t.Errorf("after undo: %q", got)
	}
	writes = 0
	if _, err := h.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if writes != 1 {
		t.Errorf("redo: %d writes, want 1", writes)
	}
	if got, w := state(t, m), "in_progress JURISDICTION[0,6) PERSON[27,40) JURISDICTION[44,52)"; got != w {
		t.Errorf("after redo: got %q want %q", got, w)
	}
	if err := m.DeleteSpan(ctx, h.Current(added[1].ID)); err != nil { // another window
		t.Fatal(err)
	}
	sink.log = nil
	if _, err := h.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := state(t, m); got != "todo" {
		t.Errorf("undo after a span went: %q", got)
	}
	if got := strings.Join(sink.log, " "); got != "- - - status todo" {
		t.Errorf("sink heard %q", got)
	}
}
