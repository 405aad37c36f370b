package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/app/apptest"
	"github.com/tagdesk/tagdesk/internal/cli"
	"github.com/tagdesk/tagdesk/storage"
)

// TestGUIReviewRelations reviews alice's and bob's relations on a real
// database with the keyboard only: the agreed relation is accepted, one
// disagreement is decided with X, the window closes and the database is
// opened again, the X decision is still decided, the last one is taken
// from alice (with the span gold lacked), and the command line's export
// of gold holds the relations decided.
func TestGUIReviewRelations(t *testing.T) {
	const text = "Canada froze the assets of Wang Junzheng. The EU banned travel."
	db := mustStoreWith(t, text)
	ctx := context.Background()
	span := func(who, s, label string) annotate.Span {
		i := strings.Index(text, s) // ASCII: bytes are code points
		return annotate.Span{ArticleID: 1, Start: i, End: i + len(s), Label: label, Annotator: who}
	}
	for _, who := range []string{"alice", "bob"} {
		spans := []annotate.Span{span(who, "Canada", "JURISDICTION"), span(who, "froze", "MEASURE"), span(who, "Wang Junzheng", "PERSON")}
		if who == "alice" {
			spans = append(spans, span(who, "EU", "JURISDICTION"), span(who, "banned travel", "MEASURE"))
		}
		if err := db.AddSpans(ctx, spans); err != nil {
			t.Fatal(err)
		}
		rels := []annotate.Relation{{Head: spans[1].ID, Tail: spans[0].ID, Label: "imposed_by"}}
		if who == "alice" {
			rels = append(rels, annotate.Relation{Head: spans[1].ID, Tail: spans[2].ID, Label: "targets"},
				annotate.Relation{Head: spans[4].ID, Tail: spans[3].ID, Label: "imposed_by"})
		}
		for i := range rels {
			if err := db.AddRelation(ctx, &rels[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	open := func(db *storage.DB) (*apptest.App, *app.UI) {
		t.Helper()
		a := apptest.NewApp(t)
		ui := app.New(a, db, app.Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob"}})
		ui.Window().Resize(fyne.NewSize(1280, 860))
		a.WaitFor(t, "the lanes", func() bool { return ui.ReviewOpen() >= 0 })
		settle(t, a, ui)
		ui.Window().Canvas().Focus(ui.View())
		return a, ui
	}
	a, ui := open(db)
	typeKey := func(k string) {
		t.Helper()
		test.Type(ui.View(), k)
		settle(t, a, ui)
	}
	// The span disagreements (EU, banned travel: alice's alone) come
	// first, then froze targets Wang Junzheng, then banned travel
	// imposed_by EU.
	if n := ui.ReviewOpen(); n != 4 {
		t.Fatalf("%d open, want 4", n)
	}
	typeKey("n")
	typeKey("x")
	typeKey("x")
	typeKey("x") // froze targets Wang Junzheng: none
	if n := ui.ReviewOpen(); n != 1 {
		t.Fatalf("%d open after three X, want 1", n)
	}
	if err := ui.Wait(); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a, ui = open(db)
	t.Cleanup(func() { ui.Wait() })
	if n := ui.ReviewOpen(); n != 1 {
		t.Fatalf("%d open after opening the database again, want 1: the X decisions were not kept", n)
	}
	typeKey("N") // from the top back round to the last one
	typeKey("1") // alice's banned travel imposed_by EU, with both spans
	if st, err := db.Status(ctx, 1, "gold"); err != nil || st != annotate.StatusDone {
		t.Fatalf("gold's status %s, %v; want done", st, err)
	}

	var out, errb bytes.Buffer
	if rc := cli.Run([]string{"export", "--db", path, "--annotator", "gold"}, &out, &errb, cli.Env{}); rc != 0 {
		t.Fatalf("export: %d %s", rc, errb.String())
	}
	var rec struct {
		Spans     []struct{ Text string }
		Relations []struct {
			Head, Child int
			Label       string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatalf("export: %v: %s", err, out.String())
	}
	var got []string
	for _, r := range rec.Relations {
		got = append(got, rec.Spans[r.Head].Text+" "+r.Label+" "+rec.Spans[r.Child].Text)
	}
	slices.Sort(got)
	if want := []string{"banned travel imposed_by EU", "froze imposed_by Canada"}; !slices.Equal(got, want) {
		t.Fatalf("gold's exported relations %q, want %q\n%s", got, want, out.String())
	}
}
