package cli

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// damagedStore stands in for a database so damaged that it cannot be
// opened at all (a garbled header): an empty database of its own, which
// the window shows read-only, with the damage (Damage) it explains and
// Recover… and Backups… for the damaged file.
type damagedStore struct {
	annotate.Store
	err error
	dir string
}

// Damage is why the database the window was asked to open cannot be read.
func (s *damagedStore) Damage() error { return s.err }

func (s *damagedStore) Close() error {
	return errors.Join(s.Store.Close(), os.RemoveAll(s.dir))
}

// standIn returns a damagedStore for the damage err of a database the
// window was asked to open, or err itself when it is no damage.
func standIn(err error) (annotate.Store, error) {
	var de *storage.DamagedError
	if !errors.As(err, &de) {
		return nil, err
	}
	dir, derr := os.MkdirTemp("", "tagdesk-damaged")
	if derr != nil {
		return nil, err
	}
	db, derr := storage.Open(filepath.Join(dir, "empty.db"))
	if derr != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &damagedStore{Store: db, err: err, dir: dir}, nil
}
