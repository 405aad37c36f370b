package cli

import (
	"path/filepath"
	"testing"

	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

// TestSuggestPostgres: the suggestion commands' tests on a PostgreSQL
// database: patterns --set, suggest --patterns --corpus and stats by
// source; suggest --accept and --imported --accept; suggest --cmd and
// its failures, which change nothing.
func TestSuggestPostgres(t *testing.T) {
	srv := pgtest.Shared(t)
	for _, tt := range []struct {
		name string
		run  func(*testing.T, string)
	}{
		{"PatternsAndCorpus", suggestPatternsAndCorpus},
		{"Accept", suggestAccept},
		{"Cmd", suggestCmd},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, suggestDBAt(t, srv.NewDB(t))) })
	}
}

// TestCopySuggestionsPostgres: copy carries the pattern sets, waiting
// suggestions and decisions from SQLite to PostgreSQL and from PostgreSQL
// to SQLite, each annotator seeing the same suggestions on both sides.
func TestCopySuggestionsPostgres(t *testing.T) {
	srv := pgtest.Shared(t)
	t.Run("ToPostgres", func(t *testing.T) { copySuggestionsFrom(t, suggestDB(t), srv.NewDB(t)) })
	t.Run("FromPostgres", func(t *testing.T) {
		copySuggestionsFrom(t, suggestDBAt(t, srv.NewDB(t)), filepath.Join(t.TempDir(), "copy.db"))
	})
}
