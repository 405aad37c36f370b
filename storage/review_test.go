package storage_test

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestReviewDecisionsReopened: a curator's decisions are found again
// after the database is opened again (the contract suite checks the
// rest).
func TestReviewDecisionsReopened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	db := mustOpenPath(t, path)
	importJSONL(t, db, `{"id":"x1","text":"Canada froze the assets.","annotator":"alice","spans":[]}`+"\n")
	id := articleID(t, db, "x1")
	if err := db.SetReviewDecision(ctx, id, "gold", "span 0 6", true); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenPath(t, path)
	if got, err := db.ReviewDecisions(ctx, id, "gold"); err != nil || !slices.Equal(got, []string{"span 0 6"}) {
		t.Errorf("decisions after opening again: %q, %v; want [span 0 6]", got, err)
	}
}
