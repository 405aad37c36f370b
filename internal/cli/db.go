package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/assets"
	"github.com/tagdesk/tagdesk/storage"
)

// DefaultDBPath is $TAGDESK_DB, or tagdesk/tagdesk.db in the user's data
// directory ($XDG_DATA_HOME, else ~/.local/share).
func DefaultDBPath() string {
	if p := os.Getenv("TAGDESK_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "tagdesk", "tagdesk.db")
}

// openDB opens the database at path (the default one when empty). A
// database that did not exist is created and, when seed is set or it is
// the default database, seeded with the bundled sample article.
func openDB(path string, seed bool) (*storage.DB, error) {
	if seed || path == "" {
		return openDBWith(path, seedSample)
	}
	return openDBWith(path, nil)
}

// openExistingDB opens the database at path for a command that only reads
// it: a mistyped --db is refused rather than created empty. The default
// database (path "") is created and seeded on first use as always.
func openExistingDB(path string) (*storage.DB, error) {
	if err := mustExist(path); err != nil {
		return nil, err
	}
	return openDB(path, false)
}

// mustExist refuses a --db path that names nothing. An empty path (the
// default database) passes.
func mustExist(path string) error {
	if path == "" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: no such database (tagdesk import --db %s … creates one)", path, path)
	}
	return nil
}

// openDBWith opens the database at path (the default one when empty) and
// seeds it with seed when this call created it. A database whose seeding
// fails is removed again, with its -wal and -shm files: left unseeded, it
// would never be seeded later.
func openDBWith(path string, seed func(context.Context, annotate.Store) error) (*storage.DB, error) {
	if path == "" {
		path = DefaultDBPath()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	_, statErr := os.Stat(path)
	isNew := errors.Is(statErr, os.ErrNotExist)
	db, err := storage.Open(path)
	if err != nil {
		return nil, err
	}
	if isNew && seed != nil {
		if err := seed(context.Background(), db); err != nil {
			db.Close()
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Remove(p)
			}
			return nil, fmt.Errorf("seed %s: %w", path, err)
		}
	}
	return db, nil
}

// seedSample stores the bundled sample article, unlabelled.
func seedSample(ctx context.Context, db annotate.Store) error {
	tx, err := db.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	text := string(assets.SampleText)
	rec := &annotate.Record{Article: annotate.Article{
		ExtID: assets.SampleName, Title: annotate.TitleOf(text), Source: "sample", Text: text,
	}}
	if err := tx.Put(ctx, rec); err != nil {
		return err
	}
	return tx.Commit()
}
