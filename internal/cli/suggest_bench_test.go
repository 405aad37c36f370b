package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

// BenchmarkSuggestSideBySide runs `tagdesk suggest --patterns`, the
// whole process, on the same corpus (5,000 articles of the benchmark
// corpus, 20,000 phrase patterns) in an SQLite file and in a database on
// a durable local PostgreSQL server (fsync on, as SQLite syncs), the two
// in turn in each round, and reports the best time of each and
// PostgreSQL's ratio to SQLite. Each run replaces the suggestions the
// last one stored, as a curator's run over a corpus does; then the same
// run with --accept makes them a new annotator's spans (a silver corpus).
// Target: ratios of at most 2, as for the import and export.
func BenchmarkSuggestSideBySide(b *testing.B) {
	durable, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatalf("start PostgreSQL: %v", err)
	}
	defer durable.Close()
	dir := b.TempDir()
	var c, p bytes.Buffer
	if err := corpus.Write(&c, 5000); err != nil {
		b.Fatal(err)
	}
	if err := corpus.WritePatterns(&p, 20000); err != nil {
		b.Fatal(err)
	}
	in, pf := write(b, dir, "corpus.jsonl", c.Bytes()), write(b, dir, "patterns.jsonl", p.Bytes())
	dbs := []string{filepath.Join(dir, "s.db"), durable.NewDB(b)}
	for _, db := range dbs {
		for _, args := range [][]string{{"import", "--db", db, in}, {"patterns", "--db", db, "--set", pf}} {
			if r := tagdesk(b, args...); r.code != 0 {
				b.Fatalf("%s: %+v", args[0], r)
			}
		}
	}
	var best, accept [2]time.Duration
	var found [2]string
	stored := regexp.MustCompile(`(\d+) suggestions in \d+ articles`)
	timed := func(k int, d *time.Duration, args ...string) {
		t0 := time.Now()
		r := tagdesk(b, args...)
		t := time.Since(t0)
		m := stored.FindStringSubmatch(r.stderr)
		if r.code != 0 || m == nil {
			b.Fatalf("%v: %+v", args, r)
		}
		found[k] = m[1]
		if *d == 0 || t < *d {
			*d = t
		}
	}
	for i := 0; i < b.N; i++ {
		for k, db := range dbs {
			timed(k, &best[k], "suggest", "--db", db, "--patterns")
			// A silver corpus: the same suggestions as a new annotator's spans.
			timed(k, &accept[k], "suggest", "--db", db, "--patterns", "--accept", "--annotator", fmt.Sprintf("silver%d", i))
		}
	}
	if found[0] != found[1] {
		b.Fatalf("SQLite stored %s suggestions, PostgreSQL %s", found[0], found[1])
	}
	b.ReportMetric(best[0].Seconds(), "sqlite-s")
	b.ReportMetric(best[1].Seconds(), "pg-s")
	b.ReportMetric(best[1].Seconds()/best[0].Seconds(), "pg-ratio")
	b.ReportMetric(accept[0].Seconds(), "sqlite-accept-s")
	b.ReportMetric(accept[1].Seconds(), "pg-accept-s")
	b.ReportMetric(accept[1].Seconds()/accept[0].Seconds(), "pg-accept-ratio")
	b.Log(fmt.Sprintf("%s suggestions each", found[0]))
}
