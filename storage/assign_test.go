package storage_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// Assign, Assigned and the queues in Stats are in the contract suite
// (annotate/storetest), which TestContract runs on this store.

func TestOpenReadOnly(t *testing.T) {
	path := copyFixture(t, "v1.db")
	before := readFile(t, path)
	db, err := storage.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := exportString(t, db), wantExport(t, "v1.db"); got[:200] != want[:200] {
		t.Errorf("export of a read-only v1 database:\ngot  %.200s\nwant %.200s", got, want)
	}
	if err := db.SetStatus(ctx, 1, "x", annotate.StatusDone); err == nil {
		t.Error("a read-only database took a write")
	}
	db.Close()
	if !slices.Equal(readFile(t, path), before) {
		t.Error("reading changed the file")
	}
	for name, data := range map[string]string{"text.db": "not a database", "empty.db": ""} {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := storage.OpenReadOnly(p); !errors.Is(err, storage.ErrNotTagdesk) && !errors.Is(err, storage.ErrEmptyDatabase) {
			t.Errorf("%s: got %v", name, err)
		}
	}
}
