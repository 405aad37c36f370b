package storage_test

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestReviewDecisions keeps and forgets a curator's decisions, and finds
// them again after the database is opened again.
func TestReviewDecisions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	db := mustOpenPath(t, path)
	importJSONL(t, db, `{"id":"x1","text":"Canada froze the assets.","annotator":"alice","spans":[]}`+"\n")
	id := articleID(t, db, "x1")
	for _, k := range []string{"s 0 6", "r 7 12", "s 0 6"} {
		if err := db.SetReviewDecision(ctx, id, "gold", k, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetReviewDecision(ctx, id, "gold", "r 7 12", false); err != nil {
		t.Fatal(err)
	}
	if err := db.SetReviewDecision(ctx, id, "gold", "none", false); err != nil {
		t.Errorf("forgetting an absent decision: %v", err)
	}
	if err := db.SetReviewDecision(ctx, id+1, "gold", "s 0 6", true); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("a decision on an absent article: %v, want ErrNotFound", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenPath(t, path)
	got, err := db.ReviewDecisions(ctx, id, "gold")
	if err != nil || !slices.Equal(got, []string{"s 0 6"}) {
		t.Errorf("decisions after opening again: %q, %v; want [s 0 6]", got, err)
	}
	if got, err := db.ReviewDecisions(ctx, id, "bob"); err != nil || len(got) != 0 {
		t.Errorf("another curator's decisions: %q, %v; want none", got, err)
	}
}
