package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/internal/corpus"
)

// TestExportStops: an export whose fn fails while the next chunk is being
// read returns fn's error (not a lost connection) and leaves the store
// working; one that runs through hands over every article once, in order.
func TestExportStops(t *testing.T) {
	db, _ := mustOpen(t)
	defer db.Close()
	const n = 1234 // three chunks, the last short
	importCorpus(t, db, n)
	ctx := context.Background()
	stop := errors.New("the disk is full")
	seen := 0
	err := db.Export(ctx, annotate.ExportFilter{}, func(*annotate.Record) error {
		if seen++; seen == 600 {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Fatalf("Export: %v, want fn's error as it is", err)
	}
	var ids []int64
	if err := db.Export(ctx, annotate.ExportFilter{}, func(r *annotate.Record) error {
		ids = append(ids, r.Article.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ids) != n {
		t.Fatalf("exported %d records, want %d", len(ids), n)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("record %d: article %d after %d", i, ids[i], ids[i-1])
		}
	}
}

// importCorpus imports n articles of the generated corpus.
func importCorpus(t *testing.T, db annotate.Store, n int) {
	t.Helper()
	recs := make([]*annotate.Record, n)
	for i := range recs {
		recs[i] = corpus.Record(i)
	}
	if err := importAll(db, recs); err != nil {
		t.Fatal(err)
	}
}
