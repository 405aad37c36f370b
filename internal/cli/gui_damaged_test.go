package cli

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestGUIDamagedStandIn: a database too damaged to be opened at all (its
// header zeroed) still opens the window, on an empty stand-in that carries
// the damage for the window to explain; the damaged file is not touched.
func TestGUIDamagedStandIn(t *testing.T) {
	dir := t.TempDir()
	db := corpusDB(t, dir, 40)
	damages[2].do(t, db) // Header
	before, _ := os.ReadFile(db)
	var damage error
	var shown string
	code := Run([]string{"--db", db, "--no-backups"}, &bytes.Buffer{}, &bytes.Buffer{}, Env{GUI: func(s annotate.Store, path string, _ Window) error {
		shown = path
		if d, ok := s.(interface{ Damage() error }); ok {
			damage = d.Damage()
		}
		n, err := s.CountArticles(t.Context(), annotate.ArticleFilter{})
		if err != nil || n != 0 {
			t.Errorf("the stand-in holds %d articles (%v)", n, err)
		}
		return nil
	}})
	if code != 0 || shown != db || !errors.Is(damage, annotate.ErrDamaged) || !strings.Contains(damage.Error(), db+" is damaged") {
		t.Errorf("exit %d, window on %q with damage %v", code, shown, damage)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the damaged file was changed")
	}
}
