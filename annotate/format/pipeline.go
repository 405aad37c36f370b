package format

import (
	"context"
	"errors"
	"github.com/tagdesk/tagdesk/annotate"
	"sync"
	"sync/atomic"
)

// An import reads, decodes and validates records on a goroutine of its
// own while the caller stores the ones before: on two cores the JSON work
// and SQLite's overlap. The read-ahead is bounded in records and in bytes,
// so memory does not grow with the file (nor with a few huge articles),
// and records arrive in file order, so the first problem in the file is
// still the first one reported, with its file and line.

// pipedRecord is a record read ahead, with where it was read.
type pipedRecord struct {
	rec      *annotate.Record
	file     string   // the file it came from (for a brat folder, its .ann file)
	line     int      // its line there
	warnings []string // the reader's warnings since the record before
	size     int      // its share of the byte budget (see recordSize)
}

// Read-ahead limits of an import: records queued between the reader and
// the store, and the bytes they hold. Records travel in batches of
// pipeBatch, so that reader and store wake each other once a batch, not
// once a record. A record bigger than the whole budget still goes through,
// alone.
const (
	readAheadRecords = 64
	readAheadBytes   = 8 << 20
	pipeBatch        = 8
)

// The garbage collector runs with its defaults. The live heap of an
// import is only the records in flight, so it collects often; raising
// GOGC under a GOMEMLIMIT saved about a tenth of the CPU time of the
// benchmark corpus' import but took its peak past 50 MB, and the import
// is well inside its speed target without it (docs/json.md).

// errPipeClosed is what recordPipe.Next returns after Close.
var errPipeClosed = errors.New("record pipe closed")

// recordPipe runs a record source on a goroutine of its own, at most
// depth records (plus the rest of the batch being consumed) and about
// maxBytes bytes ahead of the consumer.
type recordPipe struct {
	ctx      context.Context
	batches  chan []pipeItem
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
	cur      []pipeItem // the batch being consumed
	curSize  int64
	queued   atomic.Int64  // bytes in the queued batches and cur
	freed    chan struct{} // a token when the consumer takes a batch
	maxBytes int64
	batch    int // records a batch holds at most
	// parked, when not nil, gets a token (if it has room) each time the
	// producer has to wait for the consumer: the tests' event that it
	// read as far ahead as it may.
	parked chan struct{}
}

// producers counts the running producer goroutines: the tests' check
// that every pipe's goroutine has ended once its Close returned.
var producers atomic.Int64

type pipeItem struct {
	p   pipedRecord
	err error
}

// pipeRecords starts calling next on a goroutine of its own. next returns
// a record, or an error (io.EOF at the end) after which it is not called
// again. The goroutine stops at that error, when ctx is cancelled or when
// Close is called; Close waits for it, so that after Close nothing uses
// the source any more.
func pipeRecords(ctx context.Context, depth, maxBytes int, next func() (pipedRecord, error)) *recordPipe {
	p := newRecordPipe(ctx, depth, maxBytes)
	p.start(next)
	return p
}

func newRecordPipe(ctx context.Context, depth, maxBytes int) *recordPipe {
	batch := max(min(pipeBatch, depth), 1)
	return &recordPipe{
		ctx:      ctx,
		batches:  make(chan []pipeItem, max(depth/batch-1, 0)), // plus the batch being filled
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		freed:    make(chan struct{}, 1),
		maxBytes: int64(maxBytes),
		batch:    batch,
	}
}

func (p *recordPipe) start(next func() (pipedRecord, error)) {
	producers.Add(1)
	go p.produce(next, p.batch, max(int(p.maxBytes)/(cap(p.batches)+1), 1))
}

// park tells the tests, if they listen, that the producer has to wait.
func (p *recordPipe) park() {
	if p.parked != nil {
		select {
		case p.parked <- struct{}{}:
		default:
		}
	}
}

func (p *recordPipe) produce(next func() (pipedRecord, error), batch, batchBytes int) {
	defer close(p.done)
	defer producers.Add(-1)
	defer close(p.batches)
	var b []pipeItem
	size := 0
	for {
		if p.ctx.Err() != nil {
			return
		}
		select {
		case <-p.stop:
			return
		default:
		}
		r, err := next()
		b = append(b, pipeItem{r, err})
		size += r.size
		if err == nil && len(b) < batch && size < batchBytes {
			continue
		}
		// Over the byte budget, wait for the consumer; it always takes
		// a batch when nothing else is queued.
		for q := p.queued.Load(); q > 0 && q+int64(size) > p.maxBytes; q = p.queued.Load() {
			select {
			case <-p.freed:
				continue
			default:
			}
			p.park()
			select {
			case <-p.freed:
			case <-p.stop:
				return
			case <-p.ctx.Done():
				return
			}
		}
		p.queued.Add(int64(size))
		select {
		case p.batches <- b:
		default:
			p.park()
			select {
			case p.batches <- b:
			case <-p.stop:
				return
			case <-p.ctx.Done():
				return
			}
		}
		if err != nil {
			return
		}
		b, size = make([]pipeItem, 0, batch), 0
	}
}

// Next returns the next record in the source's order, or the source's
// error (io.EOF at the end). When the producer stopped for ctx it returns
// ctx's error, after Close errPipeClosed.
func (p *recordPipe) Next() (pipedRecord, error) {
	if len(p.cur) == 0 {
		if p.curSize > 0 {
			p.queued.Add(-p.curSize)
			p.curSize = 0
			select {
			case p.freed <- struct{}{}:
			default:
			}
		}
		b, ok := <-p.batches
		if !ok {
			if err := p.ctx.Err(); err != nil {
				return pipedRecord{}, err
			}
			return pipedRecord{}, errPipeClosed
		}
		p.cur = b
		for _, it := range b {
			p.curSize += int64(it.p.size)
		}
	}
	it := p.cur[0]
	p.cur[0] = pipeItem{} // the batch no longer holds the record
	p.cur = p.cur[1:]
	return it.p, it.err
}

// Close stops the producer and waits until it has returned. It may be
// called more than once.
func (p *recordPipe) Close() {
	p.stopOnce.Do(func() { close(p.stop) })
	<-p.done
	p.cur = nil
}

// recordSize is a record's share of the read-ahead budget: its strings
// and structs, roughly.
func recordSize(r *annotate.Record) int {
	if r == nil {
		return 0
	}
	a := &r.Article
	n := 512 + len(a.Text) + len(a.Title) + len(a.ExtID) + len(a.Source) + len(a.URL) + len(a.Published)
	for k, v := range a.Meta {
		n += len(k) + len(v)
	}
	for i := range r.Spans {
		sp := &r.Spans[i]
		n += 256 + len(sp.Text) + len(sp.Note) + len(sp.Canonical) + len(sp.Label)
	}
	return n
}
