package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/app/apptest"
	"github.com/tagdesk/tagdesk/storage/postgres"
	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

const pgText = "Canada froze the assets of Wang Junzheng and the Xinjiang bureau."

// importTexts imports one article per text into db, with ids a1, a2, ….
func importTexts(t *testing.T, db annotate.Store, from int, texts ...string) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		rec := &annotate.Record{Article: annotate.Article{ExtID: "a" + string(rune('0'+from+i)), Text: text}}
		if err := tx.Put(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// statusMark returns the status bar's mark ("saving…", "offline — …").
func statusMark(w fyne.Window) string {
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok && (strings.HasPrefix(l.Text, "offline") || strings.HasPrefix(l.Text, "saving") || strings.HasPrefix(l.Text, "✓ saved")) {
			return l.Text
		}
	}
	return ""
}

// pgWindow starts a private server, imports pgText into a new database
// and opens alice's window on it, with a poll of an hour: only the
// notifications show others' changes.
func pgWindow(t *testing.T) (*pgtest.Server, string, *apptest.App, *app.UI) {
	t.Helper()
	srv, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ctx := context.Background()
	url := srv.NewDB(t)
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	importTexts(t, db, 1, pgText)

	a := apptest.NewApp(t)
	ui := app.New(a, db, app.Options{Version: "test", Annotator: "alice", Poll: time.Hour})
	ui.Window().Resize(fyne.NewSize(1280, 860))
	t.Cleanup(func() {
		if err := ui.Wait(); err != nil {
			t.Errorf("closing the window: %v", err)
		}
	})
	a.WaitFor(t, "the first article", func() bool { return ui.ArticleCount() == 1 })
	return srv, url, a, ui
}

// TestGUIPostgresLive: a window on PostgreSQL shows another program's new
// article and schema change as they are committed (its poll is an hour:
// only the notifications can show them); when the server stops it says
// "offline — reconnecting" and keeps the changes made meanwhile queued;
// once the server is back they are committed, in order, with no step by
// anyone.
func TestGUIPostgresLive(t *testing.T) {
	srv, url, a, ui := pgWindow(t)
	ctx := context.Background()

	other, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	start := time.Now()
	importTexts(t, other, 2, "The EU banned travel for two officials.")
	a.WaitFor(t, "another program's article", func() bool { return ui.ArticleCount() == 2 })
	t.Logf("a new article showed %v after its commit", time.Since(start).Round(time.Millisecond))
	s := annotate.DefaultSchema()
	s.Labels = append(s.Labels, annotate.Label{Name: "EVENT", Color: "#888888"})
	if err := other.SetSchema(ctx, s); err != nil {
		t.Fatal(err)
	}
	a.WaitFor(t, "another program's schema change", func() bool { return ui.Schema().Label("EVENT") != nil })

	// The server stops (fast shutdown): the window says so and keeps
	// two changes queued.
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	a.WaitFor(t, "offline shown", func() bool {
		return ui.Offline() && strings.HasPrefix(statusMark(ui.Window()), "offline — reconnecting")
	})
	ui.OpenArticle(1)
	for _, sub := range [][2]string{{"Canada", "JURISDICTION"}, {"Wang Junzheng", "PERSON"}} {
		sp := storetest.SpanOf(pgText, sub[0], sub[1])
		sp.ArticleID, sp.Annotator = 1, "alice"
		if !ui.LabelSpans([]annotate.Span{sp}, nil) {
			t.Fatal("the change was not queued")
		}
	}
	a.Drain()
	if !ui.Saving() || !strings.Contains(statusMark(ui.Window()), "(2 waiting)") {
		t.Errorf("offline with two changes: saving %v, mark %q", ui.Saving(), statusMark(ui.Window()))
	}

	if err := srv.StartAgain(); err != nil {
		t.Fatal(err)
	}
	a.WaitFor(t, "the queued changes committed after the restart", func() bool { return !ui.Offline() && !ui.Saving() })
	spans, err := other.Spans(ctx, 1, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 2 || spans[0].Label != "JURISDICTION" || spans[1].Label != "PERSON" {
		t.Errorf("stored after the restart: %+v, want the two queued spans", spans)
	}
	if m := statusMark(ui.Window()); !strings.HasPrefix(m, "✓ saved") {
		t.Errorf("mark after the restart: %q", m)
	}
}

// TestGUIPostgresSuggestions: a window on PostgreSQL shows the
// suggestions that another program's run stores while the article is
// open (told by the notifications: its poll is an hour), accepts one with
// Enter and rejects the next with X, each stored as alice's decision;
// the run's suggestions still wait for bob.
func TestGUIPostgresSuggestions(t *testing.T) {
	_, url, a, ui := pgWindow(t)
	ctx := context.Background()
	ui.OpenArticle(1)

	other, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	art, err := other.Article(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	canada, bureau := storetest.SpanOf(pgText, "Canada", "JURISDICTION"), storetest.SpanOf(pgText, "Xinjiang bureau", "ORG")
	storeSuggestions(t, other, art, "patterns:p",
		annotate.Suggestion{Start: canada.Start, End: canada.End, Label: canada.Label},
		annotate.Suggestion{Start: bureau.Start, End: bureau.End, Label: bureau.Label})
	a.WaitFor(t, "the run's two suggestions shown", func() bool { n, _ := shown(ui); return n == 2 })

	v := ui.View()
	test.Type(v, "n")
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(t, a, ui)
	test.Type(v, "x")
	settle(t, a, ui)
	if n, _ := shown(ui); n != 0 {
		t.Errorf("%d suggestions shown after Enter and X, want none", n)
	}
	spans, err := other.Spans(ctx, 1, "alice")
	if err != nil || len(spans) != 1 || spans[0].Start != canada.Start || spans[0].Label != canada.Label {
		t.Errorf("alice's spans: %+v, %v; want Canada", spans, err)
	}
	d, err := other.Decisions(ctx, 1, "alice")
	if err != nil || d[annotate.SuggestionKey{ArticleID: 1, Start: bureau.Start, End: bureau.End, Label: bureau.Label}] != annotate.Rejected {
		t.Errorf("alice's decisions: %v, %v; want the bureau rejected", d, err)
	}
	if sugs, err := other.Suggestions(ctx, 1, "bob"); err != nil || len(sugs) != 2 {
		t.Errorf("bob's suggestions: %v, %v; want the run's two", sugs, err)
	}
}
