package storage_test

import (
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/internal/corpus"
)

// countingWriter counts the bytes that pass.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// discardTx is an ImportTx that keeps nothing: the import's own memory is
// what is measured.
type discardTx struct{ n int }

func (d *discardTx) Put(ctx context.Context, rec *annotate.Record) error { d.n++; return nil }
func (d *discardTx) Commit() error                                       { return nil }
func (d *discardTx) Rollback() error                                     { return nil }

// TestStreamHugeJSONL decodes and validates a JSONL stream of 1 GB (128 MB
// with -short), generated on the fly so that no disk is needed, and checks
// that the heap stays bounded: an import streams, whatever the file's size.
// (TestPeakMemory checks the whole import into SQLite and the export on
// a 175 MB file.)
func TestStreamHugeJSONL(t *testing.T) {
	articles := 180_000 // ~1 GB
	if testing.Short() {
		articles = 22_000
	}
	if raceEnabled {
		t.Skip("a 1 GB stream under the race detector takes many minutes: make test runs this test again without -race")
	}
	pr, pw := io.Pipe()
	cw := &countingWriter{w: pw}
	go func() { pw.CloseWithError(corpus.Write(cw, articles)) }()

	schema := annotate.DefaultSchema()
	dec := format.NewJSONLDecoder(pr, "huge.jsonl")
	tx := &discardTx{}
	var ms runtime.MemStats
	var peak uint64
	t0 := time.Now()
	for {
		rec, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := rec.Validate(schema); err != nil {
			t.Fatalf("line %d: %v", dec.Line(), err)
		}
		if err := tx.Put(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if tx.n%5000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if tx.n != articles {
		t.Fatalf("decoded %d records, want %d", tx.n, articles)
	}
	t.Logf("%d MB, %d records in %v; peak heap in use %.1f MB", cw.n>>20, tx.n, time.Since(t0).Round(time.Millisecond), float64(peak)/(1<<20))
	if peak > 32<<20 {
		t.Errorf("peak heap %d MB while streaming %d MB, want < 32 MB", peak>>20, cw.n>>20)
	}
}
