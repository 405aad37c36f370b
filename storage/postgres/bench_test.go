package postgres_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/postgres"
	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

// BenchmarkSideBySide imports the benchmark corpus (20,000 articles,
// 400,000 spans; records made in memory, so that only the stores are
// timed) into SQLite and into PostgreSQL on a durable local server (fsync
// on, as SQLite syncs), then exports both, and reports the time of each
// and PostgreSQL's ratio to SQLite. Target: import-ratio and export-ratio
// at most 2. Each figure is the best of the b.N rounds, the four taken in
// turn in each round, so that a burst of other work on a shared machine
// does not decide a ratio (scripts/bench.sh runs 3).
func BenchmarkSideBySide(b *testing.B) {
	durable, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatalf("start PostgreSQL: %v", err)
	}
	defer durable.Close()
	const n = 20000
	recs := make([]*annotate.Record, n)
	for i := range recs {
		recs[i] = corpus.Record(i)
	}
	var lite, pg [2]time.Duration // import, export: the best so far
	best := func(d *time.Duration, t time.Duration) {
		if *d == 0 || t < *d {
			*d = t
		}
	}
	for i := 0; i < b.N; i++ {
		sq, err := storage.Open(filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		best(&lite[0], timed(b, func() error { return importAll(sq, recs) }))
		best(&lite[1], timed(b, func() error { return exportAll(sq) }))
		sq.Close()
		p, err := postgres.Open(context.Background(), durable.NewDB(b))
		if err != nil {
			b.Fatal(err)
		}
		best(&pg[0], timed(b, func() error { return importAll(p, recs) }))
		best(&pg[1], timed(b, func() error { return exportAll(p) }))
		p.Close()
	}
	b.ReportMetric(lite[0].Seconds(), "sqlite-import-s")
	b.ReportMetric(pg[0].Seconds(), "pg-import-s")
	b.ReportMetric(lite[1].Seconds(), "sqlite-export-s")
	b.ReportMetric(pg[1].Seconds(), "pg-export-s")
	b.ReportMetric(pg[0].Seconds()/lite[0].Seconds(), "import-ratio")
	b.ReportMetric(pg[1].Seconds()/lite[1].Seconds(), "export-ratio")
}

func timed(b *testing.B, fn func() error) time.Duration {
	t0 := time.Now()
	if err := fn(); err != nil {
		b.Fatal(err)
	}
	return time.Since(t0)
}

func importAll(st annotate.Store, recs []*annotate.Record) error {
	ctx := context.Background()
	tx, err := st.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, r := range recs {
		if err := tx.Put(ctx, r); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func exportAll(st annotate.Store) error {
	return st.Export(context.Background(), annotate.ExportFilter{}, func(*annotate.Record) error { return nil })
}
