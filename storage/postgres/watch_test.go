package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// TestWatch: two stores on one database, as two windows; every kind of
// change one of them commits (suggestion runs and decisions too) reaches
// the other's Watch within a second.
func TestWatch(t *testing.T) {
	a, url := mustOpen(t)
	defer a.Close()
	b, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithCancel(context.Background())
	seen := make(chan annotate.Change, 16)
	done := make(chan error, 1)
	go func() { done <- b.Watch(ctx, func(c annotate.Change) { seen <- c }) }()
	defer func() {
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Watch ended with %v, want context.Canceled", err)
		}
	}()
	expect := func(what string, want annotate.Change, do func() error) {
		t.Helper()
		if err := do(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		limit := time.After(time.Second)
		for {
			select {
			case got := <-seen:
				if got == want {
					return
				}
				if got.Kind != annotate.ChangeArticles && got.Kind != annotate.ChangeUnknown { // a late one of an import, or a report after a reconnection
					t.Fatalf("%s: Watch saw %+v, want %+v", what, got, want)
				}
			case <-limit:
				t.Fatalf("%s: Watch saw nothing within a second", what)
			}
		}
	}
	waitListening(t, seen)
	expect("the first import", annotate.Change{Kind: annotate.ChangeArticles}, func() error { return importText(a, "w", "Canada froze the assets.") })
	id := articleID(t, a, "w")
	expect("SetStatus", annotate.Change{Kind: annotate.ChangeStatus, ArticleID: id, Annotator: "ann"},
		func() error { return a.SetStatus(ctx, id, "ann", annotate.StatusDone) })
	sp := annotate.Span{ArticleID: id, Start: 0, End: 6, Label: "ORG", Annotator: "ann"}
	expect("AddSpan", annotate.Change{Kind: annotate.ChangeSpans, ArticleID: id, Annotator: "ann"},
		func() error { return a.AddSpan(ctx, &sp) })
	expect("DeleteSpan", annotate.Change{Kind: annotate.ChangeSpans, ArticleID: id, Annotator: "ann"},
		func() error { return a.DeleteSpan(ctx, sp.ID) })
	expect("SetSchema", annotate.Change{Kind: annotate.ChangeSchema},
		func() error { return a.SetSchema(ctx, annotate.DefaultSchema()) })
	art, err := a.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	expect("a suggestion run", annotate.Change{Kind: annotate.ChangeSuggestions}, func() error { return run(a, "corpus", art) })
	sug := []annotate.Suggestion{{ArticleID: id, Start: 0, End: 4, Label: "ORG"}}
	expect("Decide", annotate.Change{Kind: annotate.ChangeSuggestions, ArticleID: id, Annotator: "ann"},
		func() error { _, err := a.Decide(ctx, "ann", annotate.Rejected, sug); return err })
	expect("Undecide", annotate.Change{Kind: annotate.ChangeSuggestions, ArticleID: id, Annotator: "ann"},
		func() error { return a.Undecide(ctx, "ann", []annotate.SuggestionKey{sug[0].Key()}) })
	expect("Decide to accept", annotate.Change{Kind: annotate.ChangeSuggestions, ArticleID: id, Annotator: "ann"},
		func() error { _, err := a.Decide(ctx, "ann", annotate.Accepted, sug); return err })
	expect("the accepted span", annotate.Change{Kind: annotate.ChangeSpans, ArticleID: id, Annotator: "ann"}, func() error { return nil })
	expect("import", annotate.Change{Kind: annotate.ChangeArticles}, func() error { return importText(a, "x", "Another article.") })
}

// waitListening waits for the watcher's first report, which it makes
// once it listens: from then on nothing committed goes unheard.
func waitListening(t *testing.T, seen chan annotate.Change) {
	t.Helper()
	select {
	case c := <-seen:
		if c.Kind != annotate.ChangeUnknown {
			t.Fatalf("Watch first reported %+v, want a ChangeUnknown", c)
		}
	case <-time.After(10 * time.Second): // only a failure waits that long
		t.Fatal("Watch never reported that it listens")
	}
}

func importText(st annotate.Store, ext, text string) error {
	ctx := context.Background()
	tx, err := st.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.Put(ctx, &annotate.Record{Article: annotate.Article{ExtID: ext, Text: text}}); err != nil {
		return err
	}
	return tx.Commit()
}

func articleID(t *testing.T, st annotate.Store, ext string) int64 {
	t.Helper()
	list, err := st.ListArticles(context.Background(), annotate.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.ExtID == ext {
			return a.ID
		}
	}
	t.Fatalf("no article %q", ext)
	return 0
}

// TestWatchReportsFirst: Watch reports a ChangeUnknown as soon as it
// listens, with nothing committed, so that a window looks again for what
// was committed between its first read and the LISTEN.
func TestWatchReportsFirst(t *testing.T) {
	st, _ := mustOpen(t)
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	seen := make(chan annotate.Change, 1)
	done := make(chan error, 1)
	go func() {
		done <- st.Watch(ctx, func(c annotate.Change) {
			select {
			case seen <- c:
			default:
			}
		})
	}()
	select {
	case c := <-seen:
		if c.Kind != annotate.ChangeUnknown {
			t.Errorf("Watch first reported %+v, want a ChangeUnknown", c)
		}
	case err := <-done:
		t.Fatalf("Watch ended: %v", err)
	case <-time.After(10 * time.Second):
		t.Error("Watch reported nothing once it listened")
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Watch ended with %v, want context.Canceled", err)
	}
}
