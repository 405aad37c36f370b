package format

import (
	"context"
	"errors"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingSource returns records 1..n, then err (io.EOF if nil), counting
// its calls.
func countingSource(n int, err error, size int, calls *atomic.Int64) func() (pipedRecord, error) {
	if err == nil {
		err = io.EOF
	}
	return func() (pipedRecord, error) {
		i := int(calls.Add(1))
		if i > n {
			return pipedRecord{line: i}, err
		}
		return pipedRecord{rec: &annotate.Record{}, line: i, size: size}, nil
	}
}

func TestPipeRecordsOrder(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int64
	p := pipeRecords(context.Background(), 16, 1<<20, countingSource(100, boom, 10, &calls))
	defer p.Close()
	for i := 1; i <= 100; i++ {
		r, err := p.Next()
		if err != nil || r.line != i {
			t.Fatalf("record %d: got line %d, %v", i, r.line, err)
		}
	}
	if r, err := p.Next(); err != boom || r.line != 101 {
		t.Fatalf("after the records: got line %d, %v; want 101, boom", r.line, err)
	}
	if n := calls.Load(); n != 101 {
		t.Errorf("source called %d times after its error, want 101", n)
	}
}

// parkedPipe is pipeRecords with the producer telling when it waits.
func parkedPipe(depth, maxBytes int, next func() (pipedRecord, error)) *recordPipe {
	p := newRecordPipe(context.Background(), depth, maxBytes)
	p.parked = make(chan struct{}, 1)
	p.start(next)
	return p
}

// readAhead waits until the producer of p has called the source at least
// want times and waits for the consumer, so that it cannot call it again
// before the consumer takes something, and returns the number of calls.
// It fails the test if the producer never gets there.
func readAhead(t *testing.T, p *recordPipe, calls *atomic.Int64, want int64) int64 {
	t.Helper()
	limit := time.After(10 * time.Second) // only a failure waits that long
	for calls.Load() < want {
		select {
		case <-p.parked:
		case <-limit:
			t.Fatalf("the source was called %d times, want the producer waiting after at least %d", calls.Load(), want)
		}
	}
	return calls.Load()
}

func TestPipeRecordsBounded(t *testing.T) {
	t.Run("Records", func(t *testing.T) {
		var calls atomic.Int64
		p := parkedPipe(64, 1<<30, countingSource(1e6, nil, 100, &calls))
		defer p.Close()
		if n := readAhead(t, p, &calls, 64); n != 64 {
			t.Errorf("read %d records ahead, want 64", n)
		}
		p.Next()
		p.Next()
		// The consumer took a whole batch: its rest is still ahead, and
		// the producer refills the queue with one more batch.
		if n := readAhead(t, p, &calls, 64+pipeBatch); n != 64+pipeBatch {
			t.Errorf("read %d records after 2 taken, want %d", n, 64+pipeBatch)
		}
		for i := 3; i <= 200; i++ {
			if r, err := p.Next(); err != nil || r.line != i {
				t.Fatalf("record %d: got line %d, %v", i, r.line, err)
			}
		}
	})
	t.Run("Bytes", func(t *testing.T) {
		// Records of half the budget: two are queued, a third is read
		// and held; no more until the consumer takes one.
		var calls atomic.Int64
		p := parkedPipe(64, 1000, countingSource(1e6, nil, 500, &calls))
		defer p.Close()
		if n := readAhead(t, p, &calls, 3); n != 3 {
			t.Errorf("read %d records of half the byte budget ahead, want 3", n)
		}
		// Taking the first frees nothing yet (it is the record being
		// consumed); taking the second frees the first's bytes: one more.
		for i := 1; i <= 2; i++ {
			if r, err := p.Next(); err != nil || r.line != i {
				t.Fatalf("record %d: got line %d, %v", i, r.line, err)
			}
		}
		if n := readAhead(t, p, &calls, 4); n != 4 {
			t.Errorf("read %d records after 2 taken, want 4", n)
		}
		for i := 3; i <= 10; i++ {
			if r, err := p.Next(); err != nil || r.line != i {
				t.Fatalf("record %d: got line %d, %v", i, r.line, err)
			}
		}
	})
	t.Run("Huge", func(t *testing.T) {
		// A record bigger than the whole budget still goes through.
		var calls atomic.Int64
		p := pipeRecords(context.Background(), 64, 1000, countingSource(3, nil, 5000, &calls))
		defer p.Close()
		for i := 1; i <= 3; i++ {
			if r, err := p.Next(); err != nil || r.line != i {
				t.Fatalf("record %d: got line %d, %v", i, r.line, err)
			}
		}
		if _, err := p.Next(); err != io.EOF {
			t.Fatalf("got %v, want EOF", err)
		}
	})
}

func TestPipeRecordsStop(t *testing.T) {
	t.Run("Close", func(t *testing.T) {
		var calls atomic.Int64
		p := pipeRecords(context.Background(), 8, 1<<20, countingSource(1e6, nil, 1, &calls))
		p.Next()
		p.Close()
		select {
		case <-p.done:
		default:
			t.Fatal("producer still running after Close")
		}
		// Close waited for the producer: the source is never called again.
		if n := producers.Load(); n != 0 {
			t.Errorf("%d producer goroutine(s) left after Close", n)
		}
		if _, err := p.Next(); err != errPipeClosed {
			t.Errorf("Next after Close: %v, want errPipeClosed", err)
		}
		p.Close() // a second Close is harmless
	})
	t.Run("Cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var calls atomic.Int64
		p := pipeRecords(ctx, 8, 1<<20, countingSource(1e6, nil, 1, &calls))
		defer p.Close()
		p.Next()
		cancel()
		select {
		case <-p.done:
		case <-time.After(time.Second):
			t.Fatal("producer still running a second after ctx was cancelled")
		}
		var err error
		for err == nil {
			_, err = p.Next()
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Next after cancel: %v, want context.Canceled", err)
		}
	})
}

// failTx fails its Put of record failAt (1-based), counting the records.
type failTx struct {
	memTx
	failAt int
}

func (f *failTx) Put(ctx context.Context, r *annotate.Record) error {
	if len(f.recs)+1 == f.failAt {
		return fmt.Errorf("%w: store refuses", annotate.ErrConflict)
	}
	return f.memTx.Put(ctx, r)
}

// jsonlLines returns n valid records, line bad (1-based) replaced by
// badLine when bad > 0.
func jsonlLines(n, bad int, badLine string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i == bad {
			b.WriteString(badLine + "\n")
			continue
		}
		fmt.Fprintf(&b, `{"id":"a%d","text":"Canada acts %d","spans":[{"start":0,"end":6,"label":"JURISDICTION","attrs":{"role":"imposing"}}]}`+"\n", i, i)
	}
	return b.String()
}

func TestImportFilePipelineErrors(t *testing.T) {
	dir := t.TempDir()
	opt := ImportOptions{Schema: annotate.DefaultSchema()}
	ctx := context.Background()
	unknownLabel := `{"id":"x","text":"Canada","spans":[{"start":0,"end":6,"label":"NOPE"}]}`
	for _, tc := range []struct {
		name           string
		bad            int
		badLine        string
		failAt         int
		wantLine, recs int
		want           string
	}{
		{"Validation", 300, unknownLabel, 0, 300, 299, "unknown label"},
		{"Syntax", 300, `{"id":`, 0, 300, 299, "malformed JSON"},
		{"StoreBeforeBadLine", 300, unknownLabel, 120, 120, 119, "store refuses"},
		{"BadLineBeforeStore", 90, unknownLabel, 120, 90, 89, "unknown label"},
		{"StoreOnly", 0, "", 500, 500, 499, "store refuses"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, dir, tc.name+".jsonl", jsonlLines(1000, tc.bad, tc.badLine))
			tx := &failTx{failAt: tc.failAt}
			_, err := ImportFile(ctx, tx, p, opt)
			want := fmt.Sprintf("%s:%d: ", p, tc.wantLine)
			if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %s...%s", err, want, tc.want)
			}
			if len(tx.recs) != tc.recs {
				t.Errorf("stored %d records before the error, want %d", len(tx.recs), tc.recs)
			}
		})
	}
	// Every import's reading goroutine has ended.
	if n := producers.Load(); n != 0 {
		t.Errorf("%d reading goroutine(s) still running after the imports returned", n)
	}
}

func TestImportFilePipelineCancel(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "big.jsonl", jsonlLines(5000, 0, ""))
	ctx, cancel := context.WithCancel(context.Background())
	tx := &cancelTx{cancelAt: 100, cancel: cancel}
	_, err := ImportFile(ctx, tx, p, ImportOptions{Schema: annotate.DefaultSchema()})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if len(tx.recs) >= 5000 {
		t.Errorf("stored all %d records despite the cancel", len(tx.recs))
	}
	if n := producers.Load(); n != 0 {
		t.Errorf("%d reading goroutine(s) still running after the import returned", n)
	}
}

// cancelTx cancels the import's context at its record cancelAt and then
// refuses records, as a store does once its context is done.
type cancelTx struct {
	memTx
	cancelAt int
	cancel   func()
}

func (c *cancelTx) Put(ctx context.Context, r *annotate.Record) error {
	if len(c.recs)+1 == c.cancelAt {
		c.cancel()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.memTx.Put(ctx, r)
}
