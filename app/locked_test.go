package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

// lockedStore is a memStore whose writes wait until unlock, as a SQLite
// store's writes wait while another program's import holds the write
// lock. It logs the writes in the order they reach it.
type lockedStore struct {
	*memStore
	open chan struct{} // closed by unlock

	mu      sync.Mutex
	log     []string
	waiting int           // writes waiting for the lock now
	waits   chan struct{} // a token each time a write begins to wait
}

func newLockedStore(m *memStore) *lockedStore {
	return &lockedStore{memStore: m, open: make(chan struct{}), waits: make(chan struct{}, 64)}
}

func (s *lockedStore) unlock() { close(s.open) }

func (s *lockedStore) write(op string) {
	s.mu.Lock()
	s.log = append(s.log, op)
	s.waiting++
	s.mu.Unlock()
	select {
	case s.waits <- struct{}{}:
	default:
	}
	<-s.open
	s.mu.Lock()
	s.waiting--
	s.mu.Unlock()
}

// blocked returns the channel on which a token arrives each time a
// write begins to wait for the lock.
func (s *lockedStore) blocked() <-chan struct{} { return s.waits }

func (s *lockedStore) writes() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.log, "; ")
}

func (s *lockedStore) AddSpan(ctx context.Context, sp *annotate.Span) error {
	s.write(fmt.Sprintf("add %s[%d,%d)", sp.Label, sp.Start, sp.End))
	return s.memStore.AddSpan(ctx, sp)
}

func (s *lockedStore) AddSpans(ctx context.Context, spans []annotate.Span) error {
	var op []string
	for _, sp := range spans {
		op = append(op, fmt.Sprintf("%s[%d,%d)", sp.Label, sp.Start, sp.End))
	}
	s.write("add " + strings.Join(op, " "))
	return s.memStore.AddSpans(ctx, spans)
}

func (s *lockedStore) UpdateSpan(ctx context.Context, sp *annotate.Span) error {
	s.write(fmt.Sprintf("update %s[%d,%d) note=%q", sp.Label, sp.Start, sp.End, sp.Note))
	return s.memStore.UpdateSpan(ctx, sp)
}

func (s *lockedStore) DeleteSpan(ctx context.Context, id int64) error {
	s.write("delete")
	return s.memStore.DeleteSpan(ctx, id)
}

func (s *lockedStore) DeleteSpans(ctx context.Context, ids []int64) error {
	s.write(fmt.Sprintf("delete %d", len(ids)))
	return s.memStore.DeleteSpans(ctx, ids)
}

func (s *lockedStore) SetStatus(ctx context.Context, articleID int64, annotator string, st annotate.Status) error {
	s.write(fmt.Sprintf("status %d %s", articleID, st))
	return s.memStore.SetStatus(ctx, articleID, annotator, st)
}

func (s *lockedStore) SetSchema(ctx context.Context, sch *annotate.Schema) error {
	s.write("schema")
	return s.memStore.SetSchema(ctx, sch)
}

// maxUIBlock is how long the UI goroutine may be busy with one edit while
// changes wait for the database: one frame at 60 Hz.
const maxUIBlock = 16 * time.Millisecond

// TestWindowAnswersWhileLocked: while another program holds the write
// lock, the window takes edits without blocking its UI goroutine (each
// edit handled within a frame), says "saving…", shows nothing as saved,
// and still scrolls, selects and opens articles, whose reads do not wait
// for the lock (it is released only after every input has returned: an
// input that waited for it would never return). Once it is released,
// every queued edit is committed in the order it was made.
//
// The time is wall-clock time on a machine that may be busy with other
// work, so a run whose slowest edit took longer than a frame is tried
// again, up to five runs; an edit that waited for the database would be
// slow in every run.
func TestWindowAnswersWhileLocked(t *testing.T) {
	var runs []string
	for run := 1; run <= 5; run++ {
		worst, what, read := lockedRun(t)
		runs = append(runs, fmt.Sprintf("%v (%s; reads %v)", worst.Round(time.Microsecond), what, read.Round(time.Microsecond)))
		if worst <= maxUIBlock {
			t.Logf("slowest edit while changes waited, per run: %s", strings.Join(runs, ", "))
			return
		}
	}
	t.Errorf("the slowest edit took longer than %v in every run: %s", maxUIBlock, strings.Join(runs, ", "))
}

// lockedRun runs the inputs of TestWindowAnswersWhileLocked on a new
// window and returns the longest an edit kept the UI goroutine, which
// edit it was, and the longest a read took.
func lockedRun(t *testing.T) (worst time.Duration, worstWhat string, worstRead time.Duration) {
	t.Helper()
	m := newMemStore(art1, art2)
	s := newLockedStore(m)
	u := newTestUI(t, s)
	defer closeTestUI(u)
	timed := func(fn func()) time.Duration {
		runtime.GC() // a collection due anyway is not the window waiting
		start := time.Now()
		fn()
		return time.Since(start)
	}
	edit := func(what string, fn func()) {
		if d := timed(fn); d > worst {
			worst, worstWhat = d, what
		}
	}
	read := func(fn func()) { worstRead = max(worstRead, timed(fn)) }
	key := func(k string) func() { return func() { test.Type(u.view, k) } }

	u.view.SetSelection(0, 6)
	edit("key 4", key("4"))
	await(t, "the first write to wait for the lock", s.blocked())
	u.view.SetSelection(27, 40)
	edit("key 1", key("1"))
	edit("Ctrl+Z", func() { u.view.TypedShortcut(&fyne.ShortcutUndo{}) })
	edit("Ctrl+Y", func() { u.view.TypedShortcut(ctrlKey(fyne.KeyY)) })
	u.find.show()
	u.find.entry.SetText("china")
	u.find.label.SetSelected("JURISDICTION")
	edit("Label all", u.find.labelAll)
	u.find.hide()
	read(func() { u.view.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -40}}) })
	read(func() { u.view.SetSelection(65, 71) })
	read(u.nextArticle)
	u.view.SetSelection(4, 6)
	edit("key 4", key("4"))
	read(u.prevArticle)
	edit("Ctrl+Enter", func() { u.view.TypedShortcut(ctrlKey(fyne.KeyReturn)) })

	if u.art.ID != 1 {
		t.Errorf("article %d open, want 1: Ctrl+Enter moves on only once done is saved", u.art.ID)
	}
	if got := u.bar.mark.Text; got != "saving…" {
		t.Errorf("status bar mark %q while the lock is held, want saving…", got)
	}
	if n := len(u.view.Spans()); n != 0 {
		t.Errorf("the view shows %d spans not yet committed", n)
	}
	if got := stored(t, m, 1); got != "" {
		t.Errorf("stored %q while the lock is held", got)
	}

	s.unlock()
	settle(t, u)
	want := "add JURISDICTION[0,6); add PERSON[27,40); delete 1; add PERSON[27,40); " +
		"add JURISDICTION[42,47) JURISDICTION[59,64); add JURISDICTION[4,6); status 1 done"
	if got := s.writes(); got != want {
		t.Errorf("writes in this order:\n%s\nwant\n%s", got, want)
	}
	if got, w := stored(t, m, 1), "JURISDICTION[0,6); PERSON[27,40); JURISDICTION[42,47); JURISDICTION[59,64)"; got != w {
		t.Errorf("article 1: stored %q want %q", got, w)
	}
	if got := stored(t, m, 2); got != "JURISDICTION[4,6)" {
		t.Errorf("article 2: stored %q", got)
	}
	if status(t, m, 1) != annotate.StatusDone || u.art.ID != 2 {
		t.Errorf("status %s, open %d: want done and the next article open", status(t, m, 1), u.art.ID)
	}
	if got := u.bar.mark.Text; !strings.HasPrefix(got, "✓ saved") {
		t.Errorf("status bar mark %q once committed", got)
	}
	return worst, worstWhat, worstRead
}

// TestCloseWaitsForQueue: the close button keeps the window open, and
// answering, until the queued changes are committed; then it closes.
func TestCloseWaitsForQueue(t *testing.T) {
	m := newMemStore(art1)
	s := newLockedStore(m)
	u := newTestUI(t, s)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	u.requestClose()
	await(t, "the write to wait for the lock", s.blocked())
	loop(u).Drain()
	if u.closed || !strings.Contains(u.bar.msg.Text, "closes once every change is saved") {
		t.Fatalf("closed %v, hint %q: want open, saving", u.closed, u.bar.msg.Text)
	}
	u.view.SetSelection(27, 40) // still answers
	s.unlock()
	settle(t, u)
	if !u.closed {
		t.Fatal("the window did not close once its changes were saved")
	}
	if got := stored(t, m, 1); got != "JURISDICTION[0,6)" {
		t.Errorf("stored %q", got)
	}
}

// TestWaitDrainsQueue: Wait (after ShowAndRun returns, as on Quit) lets
// every queued change commit before it returns, and returns the error of
// one that failed when no window could show it.
func TestWaitDrainsQueue(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(fmt.Sprint("fail=", fail), func(t *testing.T) {
			m := newMemStore(art1)
			s := newLockedStore(m)
			u := newTestUI(t, s)
			u.view.SetSelection(0, 6)
			test.Type(u.view, "4")
			await(t, "the write to wait for the lock", s.blocked())
			if fail {
				m.setFail(errors.New("disk full"))
			}
			go func() {
				// Unlock only once Wait has begun to close: it must wait.
				await(t, "Wait to begin", u.w.closing)
				s.unlock()
			}()
			err := u.Wait()
			switch got := stored(t, m, 1); {
			case fail && (err == nil || !strings.Contains(err.Error(), "disk full")):
				t.Errorf("Wait returned %v, want the write's error", err)
			case !fail && (err != nil || got != "JURISDICTION[0,6)"):
				t.Errorf("Wait returned %v with %q stored, want the label stored", err, got)
			}
		})
	}
}
