package storage_test

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/internal/corpus"
)

// BenchmarkRelationsSideBySide imports and exports the benchmark corpus
// (see BenchmarkImport) with and without corpus.RelationsPerArticle
// relations an article, in turns within each iteration, so that both meet
// the same machine: relations/spans is what the relations cost. Target:
// at most 1.2 for each (README, Speed). The best iteration of each is
// reported beside the totals, as the shared machine's load moves single
// runs.
//
//	TAGDESK_BENCH_N=5000 go test ./storage -run '^$' -bench RelationsSideBySide -benchtime 6x
func BenchmarkRelationsSideBySide(b *testing.B) {
	spansFile, spansDB, spans := benchCorpus(b, 0)
	relsFile, relsDB, _ := benchCorpus(b, corpus.RelationsPerArticle)
	dir := b.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	type side struct {
		file, db         string
		imp, exp         time.Duration // totals
		bestImp, bestExp time.Duration
	}
	sides := []*side{{file: spansFile, db: spansDB}, {file: relsFile, db: relsDB}}
	best := func(d *time.Duration, t time.Duration) {
		if *d == 0 || t < *d {
			*d = t
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Alternate which goes first, so that neither always meets a
		// warmer cache.
		order := []*side{sides[i%2], sides[1-i%2]}
		for turn, s := range order {
			t0 := time.Now()
			if err := importFile(filepath.Join(dir, strconv.Itoa(2*i+turn)+".db"), s.file); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			s.imp += d
			best(&s.bestImp, d)
		}
		for _, s := range order {
			t0 := time.Now()
			n, err := exportFile(s.db, out)
			if err != nil {
				b.Fatal(err)
			}
			if n != spans {
				b.Fatalf("exported %d spans, want %d", n, spans)
			}
			d := time.Since(t0)
			s.exp += d
			best(&s.bestExp, d)
		}
	}
	sp, rel := sides[0], sides[1]
	b.ReportMetric(sp.bestImp.Seconds(), "spans-import-best-s")
	b.ReportMetric(rel.bestImp.Seconds(), "rels-import-best-s")
	b.ReportMetric(rel.bestImp.Seconds()/sp.bestImp.Seconds(), "import-best-ratio")
	b.ReportMetric(rel.imp.Seconds()/sp.imp.Seconds(), "import-total-ratio")
	b.ReportMetric(sp.bestExp.Seconds(), "spans-export-best-s")
	b.ReportMetric(rel.bestExp.Seconds(), "rels-export-best-s")
	b.ReportMetric(rel.bestExp.Seconds()/sp.bestExp.Seconds(), "export-best-ratio")
	b.ReportMetric(rel.exp.Seconds()/sp.exp.Seconds(), "export-total-ratio")
}
