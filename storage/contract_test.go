package storage_test

import (
	"path/filepath"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
	"github.com/tagdesk/tagdesk/storage"
)

// TestContract runs annotate.Store's contract suite on SQLite, each
// subtest on a new database file.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) annotate.Store {
		db, err := storage.Open(filepath.Join(t.TempDir(), "c.db"))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
