package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/postgres"
	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

// A team at work: loadAnnotators simulated annotators, each a
// goroutine with a store (a connection pool) and a database role of its
// own, add, edit and delete their spans at loadRate actions a second.
const (
	loadAnnotators = 20
	loadRate       = 10
	loadArticles   = 4
)

// TestLoad runs the load for 5 s (TAGDESK_LOAD_SECONDS changes it):
// no action fails, and afterwards every annotator's spans are exactly
// those its committed actions left, none lost, none twice.
func TestLoad(t *testing.T) {
	secs := 5
	if s := os.Getenv("TAGDESK_LOAD_SECONDS"); s != "" {
		var err error
		if secs, err = strconv.Atoi(s); err != nil {
			t.Fatalf("TAGDESK_LOAD_SECONDS=%q: %v", s, err)
		}
	}
	l := newLoad(t, srv)
	res := l.run(t, loadRate*secs, nil)
	if res.failed > 0 {
		t.Errorf("%d of %d actions failed; the first: %v", res.failed, res.done+res.failed, res.firstErr)
	}
	l.verify(t)
	t.Logf("%d annotators × %d actions/s for %d s: %d actions, latency p50 %v, p99 %v, max %v",
		loadAnnotators, loadRate, secs, res.done, res.pct(0.50), res.pct(0.99), res.pct(1))
}

// BenchmarkLoad is TestLoad for 60 s on a server that syncs to disk as a
// real one does (make bench); it reports the p99 latency of an action
// (target ≤ 20 ms).
func BenchmarkLoad(b *testing.B) {
	s, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		l := newLoad(b, s)
		res := l.run(b, loadRate*60, nil)
		if res.failed > 0 {
			b.Fatalf("%d of %d actions failed; the first: %v", res.failed, res.done+res.failed, res.firstErr)
		}
		l.verify(b)
		b.ReportMetric(float64(res.pct(0.50).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(res.pct(0.99).Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(res.done), "actions")
	}
}

// TestLoadRestart stops the server (fast shutdown) and starts it again
// while the load runs, on a server of its own: the annotators go on by
// themselves once it is back, and every action reported committed is in
// the database afterwards. An action that failed during the restart may
// or may not have been committed (its COMMIT may have been lost on the
// way back); the annotator then reads its spans again.
func TestLoadRestart(t *testing.T) {
	s, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := newLoad(t, s)
	// Restart once every annotator has committed 10 actions; then run
	// until each has committed 20 more since the server came back.
	var restarted, back bool
	var restartErr error
	var backAt time.Time
	restartDone := make(chan struct{})
	res := l.run(t, 0, func(ctx context.Context, committed func(after bool) int) bool {
		if !restarted && committed(false) >= 10 {
			restarted = true
			go func() {
				defer close(restartDone)
				restartErr = s.Restart()
			}()
		}
		if !restarted {
			return false
		}
		if !back {
			select {
			case <-restartDone:
			default:
				return false
			}
			back, backAt = true, time.Now()
			for _, a := range l.anns {
				a.after.Store(0)
			}
		}
		return restartErr != nil || committed(true) >= 20 || time.Since(backAt) > time.Minute
	})
	if restartErr != nil {
		t.Fatalf("restart: %v", restartErr)
	}
	if n := l.leastAfter(); n < 20 {
		t.Errorf("a minute after the restart an annotator had committed only %d actions: the stores did not reconnect", n)
	}
	l.verify(t)
	t.Logf("restart under load: %d actions committed, %d failed while the server was down (first: %v); p99 %v, max %v",
		res.done, res.failed, res.firstErr, res.pct(0.99), res.pct(1))
}

// load is the shared database and the annotators working on it.
type load struct {
	admin *postgres.DB
	ids   []int64
	text  []rune
	anns  []*annotator
}

// annotator is one simulated person: a store of its own and what it
// believes its spans are.
type annotator struct {
	name    string
	db      *postgres.DB
	article int64
	textLen int // in code points
	rng     *rand.Rand
	spans   map[int64]annotate.Span // by id: committed and read back
	unsure  map[int64]bool          // an action on it failed: either outcome
	seq     int
	// committed counts this annotator's committed actions; after counts
	// those since the server came back (the restart test resets it).
	committed, after atomic.Int64
}

func newLoad(tb testing.TB, s *pgtest.Server) *load {
	tb.Helper()
	ctx := context.Background()
	u := s.NewDB(tb)
	admin, err := postgres.Open(ctx, u)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Close() })
	l := &load{admin: admin}
	var sb strings.Builder
	for i := 0; sb.Len() < 20000; i++ {
		fmt.Fprintf(&sb, "Word%d and the minister of Ünïcode 🙂 said. ", i)
	}
	l.text = []rune(sb.String())
	tx, err := admin.BeginImport(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range loadArticles {
		if err := tx.Put(ctx, &annotate.Record{Article: annotate.Article{ExtID: fmt.Sprintf("load-%d", i), Text: string(l.text)}}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if l.ids, err = admin.ArticleIDs(ctx); err != nil {
		tb.Fatal(err)
	}
	parsed, err := url.Parse(u)
	if err != nil {
		tb.Fatal(err)
	}
	dbName := strings.TrimPrefix(parsed.Path, "/")
	for i := range loadAnnotators {
		name := fmt.Sprintf("ann%02d_%s", i, dbName)
		// A role per annotator, made as the README makes one (tagdesk team --add).
		if err := admin.AddMember(ctx, name, postgres.RoleAnnotator, nil); err != nil {
			tb.Fatal(err)
		}
		au := *parsed
		au.User = url.User(name)
		db, err := postgres.Open(ctx, au.String())
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		l.anns = append(l.anns, &annotator{
			name: name, db: db, article: l.ids[i%len(l.ids)], textLen: len(l.text), rng: rand.New(rand.NewPCG(uint64(i), 14)),
			spans: map[int64]annotate.Span{}, unsure: map[int64]bool{},
		})
	}
	return l
}

// loadResult is what a run measured.
type loadResult struct {
	done, failed int
	firstErr     error
	latencies    []time.Duration // of committed actions, sorted
}

// pct returns the latency below which a fraction q of the committed
// actions finished.
func (r loadResult) pct(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[min(int(q*float64(len(r.latencies))), len(r.latencies)-1)]
}

// run paces every annotator at loadRate actions a second until each has
// done actions of them, or, with actions 0, until enough (checked after
// every tick) says so; committed(after) returns the smallest count of
// committed actions over the annotators, those since the server came
// back with after set.
func (l *load) run(tb testing.TB, actions int, enough func(ctx context.Context, committed func(after bool) int) bool) loadResult {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var res loadResult
	var wg sync.WaitGroup
	stop := make(chan struct{})
	ticks := make(chan struct{}, len(l.anns))
	for _, a := range l.anns {
		wg.Go(func() {
			tick := time.NewTicker(time.Second / loadRate)
			defer tick.Stop()
			for n := 0; actions == 0 || n < actions; n++ {
				select {
				case <-tick.C:
				case <-stop:
					return
				}
				began := time.Now()
				err := a.act(ctx)
				took := time.Since(began)
				mu.Lock()
				if err != nil {
					res.failed++
					if res.firstErr == nil {
						res.firstErr = fmt.Errorf("%s: %w", a.name, err)
					}
				} else {
					res.done++
					res.latencies = append(res.latencies, took)
				}
				mu.Unlock()
				select {
				case ticks <- struct{}{}:
				default:
				}
			}
		})
	}
	if enough != nil {
		committed := func(after bool) int {
			if after {
				return l.leastAfter()
			}
			return l.least(func(a *annotator) int64 { return a.committed.Load() })
		}
		for range ticks {
			if enough(ctx, committed) {
				break
			}
		}
		close(stop)
	}
	wg.Wait()
	slices.Sort(res.latencies)
	return res
}

// least returns the smallest count over the annotators.
func (l *load) least(count func(*annotator) int64) int {
	n := count(l.anns[0])
	for _, a := range l.anns[1:] {
		n = min(n, count(a))
	}
	return int(n)
}

// leastAfter is the smallest count of actions committed since the server
// came back.
func (l *load) leastAfter() int { return l.least(func(a *annotator) int64 { return a.after.Load() }) }

// act does one action: add a span, change a span's note, or delete a
// span, the last two through annotate.CheckedSpans. After a failure it
// reads its spans again.
func (a *annotator) act(ctx context.Context) error {
	a.seq++
	var err error
	var id int64
	switch r := a.rng.IntN(10); {
	case len(a.spans) == 0 || r < 4:
		err = a.add(ctx)
	case r < 8:
		sp := a.pick()
		id = sp.ID
		sp.Note = fmt.Sprintf("edit %d", a.seq)
		if err = a.db.UpdateSpanChecked(ctx, &sp); err == nil {
			a.spans[sp.ID] = sp
		}
	default:
		sp := a.pick()
		id = sp.ID
		if err = a.db.DeleteSpanChecked(ctx, sp); err == nil {
			delete(a.spans, sp.ID)
		}
	}
	if err != nil {
		if id != 0 {
			a.unsure[id] = true
		}
		if rerr := a.reread(ctx); rerr != nil {
			return fmt.Errorf("%w (and reading back: %v)", err, rerr)
		}
		return err
	}
	a.committed.Add(1)
	a.after.Add(1)
	return nil
}

func (a *annotator) add(ctx context.Context) error {
	// A place of its own: the key (article, annotator, offsets, label)
	// is unique, so the same place twice would be a conflict.
	for {
		start := a.rng.IntN(a.textLen - 31)
		sp := annotate.Span{ArticleID: a.article, Annotator: a.name, Start: start, End: start + 1 + a.rng.IntN(30),
			Label: []string{"PERSON", "ORG"}[a.rng.IntN(2)], Note: fmt.Sprintf("add %d", a.seq)}
		taken := false
		for _, o := range a.spans {
			taken = taken || o.Start == sp.Start && o.End == sp.End && o.Label == sp.Label
		}
		if taken {
			continue
		}
		if err := a.db.AddSpan(ctx, &sp); err != nil {
			// Whether it was committed is known only by reading back.
			a.unsure[-int64(a.seq)] = true
			return err
		}
		a.spans[sp.ID] = sp
		return nil
	}
}

func (a *annotator) pick() annotate.Span {
	ids := make([]int64, 0, len(a.spans))
	for id := range a.spans {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return a.spans[ids[a.rng.IntN(len(ids))]]
}

// reread replaces what the annotator believes with what the database
// holds, after checking that everything it was sure of is there.
func (a *annotator) reread(ctx context.Context) error {
	got, err := a.db.Spans(ctx, a.article, a.name)
	if err != nil {
		return err
	}
	if err := a.compare(got); err != nil {
		return err
	}
	clear(a.unsure)
	clear(a.spans)
	for _, sp := range got {
		a.spans[sp.ID] = sp
	}
	return nil
}

// compare checks the database's spans against what the annotator is sure
// of: each such span there as last committed; nothing else, except
// where an action failed; no span twice.
func (a *annotator) compare(got []annotate.Span) error {
	seen := map[int64]bool{}
	keys := map[string]bool{}
	unsureAdds := 0
	for id := range a.unsure {
		if id < 0 {
			unsureAdds++
		}
	}
	extra := 0
	for _, sp := range got {
		k := fmt.Sprintf("%d/%d/%s", sp.Start, sp.End, sp.Label)
		if seen[sp.ID] || keys[k] {
			return fmt.Errorf("%s: span %d (%s) twice", a.name, sp.ID, k)
		}
		seen[sp.ID], keys[k] = true, true
		want, ok := a.spans[sp.ID]
		switch {
		case !ok:
			extra++
		case a.unsure[sp.ID]:
		case want.Start != sp.Start || want.End != sp.End || want.Label != sp.Label || want.Note != sp.Note:
			return fmt.Errorf("%s: span %d is %+v, its last committed change left %+v", a.name, sp.ID, sp, want)
		}
	}
	if extra > unsureAdds {
		return fmt.Errorf("%s: %d spans nobody committed", a.name, extra-unsureAdds)
	}
	for id, sp := range a.spans {
		if !seen[id] && !a.unsure[id] {
			return fmt.Errorf("%s: committed span %d (%d-%d %s) lost", a.name, id, sp.Start, sp.End, sp.Label)
		}
	}
	return nil
}

// verify checks every annotator's spans against what it committed, and
// the totals against the sum of them.
func (l *load) verify(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	total := 0
	for _, a := range l.anns {
		got, err := l.admin.Spans(ctx, a.article, a.name)
		if err != nil {
			tb.Fatal(err)
		}
		if err := a.compare(got); err != nil {
			tb.Error(err)
		}
		total += len(got)
	}
	st, err := l.admin.Stats(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	if st.Spans != total {
		tb.Errorf("stats count %d spans, the annotators' own add up to %d", st.Spans, total)
	}
}
