package storage_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"syscall"
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
// runs; and the process's CPU time beside the wall time, which on a
// loaded machine also counts the time other processes had the cores.
//
//	TAGDESK_BENCH_N=5000 go test ./storage -run '^$' -bench RelationsSideBySide -benchtime 6x
func BenchmarkRelationsSideBySide(b *testing.B) {
	spansFile, spansDB, spans := benchCorpus(b, 0)
	relsFile, relsDB, _ := benchCorpus(b, corpus.RelationsPerArticle)
	dir := b.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	type side struct {
		file, db string
		imp, exp sideTimes
	}
	sides := []*side{{file: spansFile, db: spansDB}, {file: relsFile, db: relsDB}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Alternate which goes first, so that neither always meets a
		// warmer cache.
		order := []*side{sides[i%2], sides[1-i%2]}
		for turn, s := range order {
			s.imp.run(b, func() error {
				return importFile(filepath.Join(dir, strconv.Itoa(2*i+turn)+".db"), s.file)
			})
		}
		for _, s := range order {
			s.exp.run(b, func() error {
				n, err := exportFile(s.db, out)
				if err == nil && n != spans {
					err = fmt.Errorf("exported %d spans, want %d", n, spans)
				}
				return err
			})
		}
	}
	sp, rel := sides[0], sides[1]
	b.ReportMetric(sp.imp.bestWall.Seconds(), "spans-import-best-s")
	b.ReportMetric(rel.imp.bestWall.Seconds(), "rels-import-best-s")
	b.ReportMetric(sp.exp.bestWall.Seconds(), "spans-export-best-s")
	b.ReportMetric(rel.exp.bestWall.Seconds(), "rels-export-best-s")
	rel.imp.report(b, "import", &sp.imp)
	rel.exp.report(b, "export", &sp.exp)
}

// sideTimes are the wall and CPU times of one side's runs: totals and
// the best of each.
type sideTimes struct {
	wall, cpu         time.Duration
	bestWall, bestCPU time.Duration
}

func (t *sideTimes) run(b *testing.B, fn func() error) {
	t0, c0 := time.Now(), cpuTime()
	if err := fn(); err != nil {
		b.Fatal(err)
	}
	wall, cpu := time.Since(t0), cpuTime()-c0
	t.wall += wall
	t.cpu += cpu
	if t.bestWall == 0 || wall < t.bestWall {
		t.bestWall = wall
	}
	if t.bestCPU == 0 || cpu < t.bestCPU {
		t.bestCPU = cpu
	}
}

// report reports t against base, the spans-only side, as ratios.
func (t *sideTimes) report(b *testing.B, what string, base *sideTimes) {
	b.ReportMetric(t.bestWall.Seconds()/base.bestWall.Seconds(), what+"-best-ratio")
	b.ReportMetric(t.wall.Seconds()/base.wall.Seconds(), what+"-total-ratio")
	b.ReportMetric(t.bestCPU.Seconds()/base.bestCPU.Seconds(), what+"-cpu-best-ratio")
	b.ReportMetric(t.cpu.Seconds()/base.cpu.Seconds(), what+"-cpu-total-ratio")
}

// cpuTime is the CPU time the process has used (all threads, user and
// system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
