package postgres_test

import (
	"context"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
	"github.com/tagdesk/tagdesk/storage/postgres"
	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

var srv *pgtest.Server

func TestMain(m *testing.M) { pgtest.Main(m, &srv, pgtest.Options{}) }

// mustOpen opens the store on a new database of the test server.
func mustOpen(tb testing.TB) (*postgres.DB, string) {
	tb.Helper()
	url := srv.NewDB(tb)
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	return db, url
}

// TestContract runs annotate.Store's contract suite on PostgreSQL, each
// subtest on a new database.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) annotate.Store {
		db, _ := mustOpen(t)
		return db
	})
}
