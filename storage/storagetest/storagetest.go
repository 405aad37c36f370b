// Package storagetest opens SQLite stores for the tests of the packages
// that use them.
package storagetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// WithTexts opens a new database in a temporary folder holding one
// article for each text, with the ids "a", "b", …; it is closed when the
// test ends.
func WithTexts(tb testing.TB, texts ...string) *storage.DB {
	tb.Helper()
	db, err := storage.Open(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	ctx := context.Background()
	tx, err := db.BeginImport(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for i, text := range texts {
		rec := &annotate.Record{Article: annotate.Article{ExtID: string(rune('a' + i)), Title: annotate.TitleOf(text), Text: text}}
		if err := tx.Put(ctx, rec); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return db
}
