package storage_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/storage"
)

// The benchmarks run the whole path over the benchmark corpus (20,000
// articles of ~3 KB with 20 spans each, 400,000 spans; TAGDESK_BENCH_N
// changes the article count):
//
//   - import: read the JSONL file, decode, validate, store in one
//     transaction, commit. Target: at least 400,000 spans/s on 2 cores.
//   - export: Store.Export from one read transaction through the
//     JSONLEncoder to a file. Target: at least 500,000 spans/s.
//
//	go test ./storage -run '^$' -bench . -benchtime 3x

// Each runs twice: spans (the corpus as it is) and relations (each article
// with corpus.RelationsPerArticle relations as well). Target: relations
// within 20 % of spans' time (see README, Speed).
type benchData struct {
	once sync.Once
	dir  string
	file string // the corpus JSONL
	db   string // a database with the corpus imported
	n    int
	err  error
}

var benches = map[int]*benchData{0: {}, corpus.RelationsPerArticle: {}}

// benchVariants are the corpus variants: relations per article.
var benchVariants = []struct {
	name string
	rels int
}{{"spans", 0}, {"relations", corpus.RelationsPerArticle}}

func benchCorpus(b *testing.B, rels int) (file, dbPath string, spans int) {
	b.Helper()
	bench := benches[rels]
	bench.once.Do(func() {
		bench.n = 20000
		if s := os.Getenv("TAGDESK_BENCH_N"); s != "" {
			bench.n, bench.err = strconv.Atoi(s)
		}
		if bench.dir, bench.err = os.MkdirTemp("", "tagdesk-bench"); bench.err != nil {
			return
		}
		bench.file = filepath.Join(bench.dir, "corpus.jsonl")
		if bench.err = writeCorpus(bench.file, bench.n, rels); bench.err != nil {
			return
		}
		bench.db = filepath.Join(bench.dir, "corpus.db")
		bench.err = importFile(bench.db, bench.file)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.file, bench.db, bench.n * corpus.SpansPerArticle
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, bench := range benches {
		if bench.dir != "" {
			os.RemoveAll(bench.dir)
		}
	}
	os.Exit(code)
}

func writeCorpus(path string, n, rels int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	if err := corpus.WriteRelations(w, n, rels); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// importFile is what `tagdesk import` does: format.ImportFile reads,
// decodes and validates the file against the stored schema on one
// goroutine while the import stores the records on another, in one
// transaction.
func importFile(dbPath, file string) error {
	return importFileRecording(dbPath, file, true)
}

// exportFile is what `tagdesk export -o FILE` does.
func exportFile(dbPath, file string) (int, error) {
	db, err := storage.Open(dbPath)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	f, err := os.Create(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	enc := format.NewJSONLEncoder(f)
	spans := 0
	if err := db.Export(ctx, annotate.ExportFilter{}, func(r *annotate.Record) error {
		spans += len(r.Spans)
		return enc.Encode(r)
	}); err != nil {
		return 0, err
	}
	if err := enc.Close(); err != nil {
		return 0, err
	}
	return spans, f.Close()
}

func BenchmarkImport(b *testing.B) {
	for _, v := range benchVariants {
		b.Run(v.name, func(b *testing.B) {
			file, _, spans := benchCorpus(b, v.rels)
			dir := b.TempDir()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := importFile(filepath.Join(dir, strconv.Itoa(i)+".db"), file); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(spans)*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
		})
	}
}

func BenchmarkExport(b *testing.B) {
	for _, v := range benchVariants {
		b.Run(v.name, func(b *testing.B) {
			_, dbPath, spans := benchCorpus(b, v.rels)
			out := filepath.Join(b.TempDir(), "out.jsonl")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				n, err := exportFile(dbPath, out)
				if err != nil {
					b.Fatal(err)
				}
				if n != spans {
					b.Fatalf("exported %d spans, want %d", n, spans)
				}
			}
			b.ReportMetric(float64(spans)*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
		})
	}
}
