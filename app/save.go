package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/tagdesk/tagdesk/annotate"
)

// This file holds how the window saves. Every change is a step of the
// open article's History, run on the window's writer (writer.go) instead
// of the UI goroutine, so the window answers input while a write waits
// for the database. The promise of "saved" is kept: the lists and the
// "✓ saved" mark show a change only once the step has committed it (its
// result comes back through fyne.Do); until then the status bar says
// "saving…". The view alone draws a new label at once (optimistic.go).
// Closing the window waits for every queued change.

// edit queues one step of the open article's History on the writer. step
// runs on the writer's goroutine, after every step queued before it; what
// it told the History's Sink comes back to the UI goroutine through
// fyne.Do, with its error, and is shown there, and then done (when not
// nil) runs there. It queues nothing, and reports false, when no article
// is open, after the window closed, or while an import from this window
// runs (setBusy).
func (u *UI) edit(what string, step func(ctx context.Context, h *History) error, done func(err error)) bool {
	if u.art == nil || u.hist == nil || u.closed {
		return false
	}
	if u.busy {
		u.bar.hint(u.refusedHint())
		return false
	}
	h, id, store, ctx, log := u.hist, u.art.ID, u.store, u.ctx, u.events
	u.pending++
	u.bar.showMark()
	u.w.do(func() {
		r := stepResult{h: h, article: id, what: what, done: done, gen: -1}
		r.err = u.retryOffline(store, func() error { return step(ctx, h) }) // waits while offline (live.go)
		r.events = log.take()
		if r.err != nil {
			r.lost = u.lost.add(r.err)
		} else if g, err := store.Generation(ctx); err == nil {
			r.gen = g // the window's own change: the poll is not to reload for it
		}
		fyne.Do(func() { u.stepDone(r) })
	})
	return true
}

// stepResult is what a step queued by edit brings back.
type stepResult struct {
	h       *History
	article int64
	what    string
	done    func(error)
	events  []func(Sink)
	gen     int64 // the store's generation after the step; -1 if unknown
	err     error
	lost    int // the error's key in u.lost
}

// stepDone shows a step's result: its changes when its History is still
// one of the window's (not one dropped by switching the annotator or the
// database), its error in a dialog.
func (u *UI) stepDone(r stepResult) {
	u.pending--
	if u.closed {
		return
	}
	u.gen = max(u.gen, r.gen)
	if u.histories[r.article] == r.h {
		for _, e := range r.events {
			e(u)
		}
	}
	if r.err != nil {
		u.lost.shown(r.lost)
		u.failed++
		u.changeFailed(r.what, r.err)
	} else if len(r.events) > 0 { // something was written (not an undo with nothing to undo)
		u.bar.savedAt = time.Now()
		u.warm.start() // the next article read ahead is out of date (takeAhead): read it again
	}
	if r.done != nil {
		r.done(r.err)
	}
	u.bar.showMark()
}

// afterWrites runs fn on the UI goroutine once every change queued so far
// has come back (stepDone); not after the window closed.
func (u *UI) afterWrites(fn func()) {
	u.w.do(func() {
		fyne.Do(func() {
			if !u.closed {
				fn()
			}
		})
	})
}

// Saving reports whether changes are queued or being written: the status
// bar says "saving…" meanwhile.
func (u *UI) Saving() bool { return u.pending > 0 }

// eventLog is the Sink of the window's Histories. They run on the
// writer's goroutine, so what they tell is kept and replayed on the UI
// goroutine once the step is done (stepDone).
type eventLog struct{ events []func(Sink) }

func (l *eventLog) add(e func(Sink)) { l.events = append(l.events, e) }

func (l *eventLog) SpanAdded(sp annotate.Span) { l.add(func(s Sink) { s.SpanAdded(sp) }) }
func (l *eventLog) SpanChanged(sp annotate.Span) {
	l.add(func(s Sink) { s.SpanChanged(sp) })
}
func (l *eventLog) SpanRemoved(id int64) { l.add(func(s Sink) { s.SpanRemoved(id) }) }
func (l *eventLog) StatusChanged(articleID int64, st annotate.Status) {
	l.add(func(s Sink) { s.StatusChanged(articleID, st) })
}

func (l *eventLog) SpansAdded(spans []annotate.Span) {
	l.add(func(s Sink) { replayBulk(s, spans, BulkSink.SpansAdded, Sink.SpanAdded) })
}

func (l *eventLog) SpansRemoved(ids []int64) {
	l.add(func(s Sink) { replayBulk(s, ids, BulkSink.SpansRemoved, Sink.SpanRemoved) })
}

// replayBulk tells s about a bulk change at once if s is a BulkSink, else
// one item at a time.
func replayBulk[T any](s Sink, items []T, all func(BulkSink, []T), one func(Sink, T)) {
	if bs, ok := s.(BulkSink); ok {
		all(bs, items)
		return
	}
	for _, it := range items {
		one(s, it)
	}
}

// take returns what was told since the last take.
func (l *eventLog) take() []func(Sink) {
	e := l.events
	l.events = nil
	return e
}

// lostErrors keeps the errors of failed writes until the window has shown
// them; Wait returns those it never could (the window closed first).
type lostErrors struct {
	mu   sync.Mutex
	next int
	errs map[int]error
}

func (l *lostErrors) add(err error) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.errs == nil {
		l.errs = map[int]error{}
	}
	l.next++
	l.errs[l.next] = err
	return l.next
}

func (l *lostErrors) shown(key int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.errs, key)
}

func (l *lostErrors) err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	for k := 1; k <= l.next; k++ {
		if err, ok := l.errs[k]; ok {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// requestClose is the window's close button: it saves an entry edit not
// saved yet and closes the window once every queued change is committed.
// If one fails, the window stays open with the error dialog (and, for an
// entry edit, the typed text); meanwhile the window answers as usual.
func (u *UI) requestClose() {
	u.form.flush()
	failed := u.failed
	var tryClose func()
	tryClose = func() {
		switch {
		case u.failed != failed || u.form.pending:
			// not everything is saved: stay, with the error shown
		case u.pending > 0: // changes made since the close was asked for
			u.afterWrites(tryClose)
		default:
			u.win.Close()
		}
	}
	if u.pending == 0 {
		tryClose()
		return
	}
	u.bar.hint("Saving… the window closes once every change is saved.")
	u.afterWrites(tryClose)
}

// close ends the window's work (the window's OnClosed; Wait): it saves an
// entry edit not saved yet, stops the poll, the timers and any import or
// export, and waits until every queued change is committed. Only then is
// a store the window opened itself closed.
func (u *UI) close() {
	if u.closed {
		return
	}
	u.form.flush()
	u.keepPlace()
	u.closed = true
	u.list.debounce.stop()
	u.find.debounce.stop()
	u.warm.stop()
	u.bar.expire.stop()
	u.stopPolling()
	u.cancelLong()
	u.life.end()
	u.w.close()
	if u.owned {
		u.store.Close()
	}
}

// Wait finishes the window's work once it has closed or the app has quit
// (call it when ShowAndRun returns; the window's close button already
// did it): it saves an entry edit not saved yet, waits until every queued
// change is committed, and returns the errors of changes that failed
// after the window could no longer show them.
func (u *UI) Wait() error {
	u.close()
	return u.lost.err()
}

// life counts a window's background goroutines (timer callbacks, the
// poll, imports and exports) so that closing the window waits for them:
// none outlives it, and none hands the UI goroutine work after close.
type life struct {
	mu    sync.Mutex
	ended bool
	wg    sync.WaitGroup
}

// enter reports whether a goroutine may start (or go on); leave must
// follow when it reports true.
func (l *life) enter() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		return false
	}
	l.wg.Add(1)
	return true
}

func (l *life) leave() { l.wg.Done() }

// end refuses new goroutines and waits for those running.
func (l *life) end() {
	l.mu.Lock()
	l.ended = true
	l.mu.Unlock()
	l.wg.Wait()
}

// debounce runs fn on the UI goroutine once delay has passed since the
// last start, unless stop comes first or the window closes.
type debounce struct {
	u     *UI
	delay time.Duration
	fn    func()
	t     *time.Timer
	armed int // counts starts and stops: a callback already queued by an earlier start does nothing
}

func newDebounce(u *UI, delay time.Duration, fn func()) *debounce {
	return &debounce{u: u, delay: delay, fn: fn}
}

func (d *debounce) start() {
	d.stop()
	armed := d.armed
	d.t = time.AfterFunc(d.delay, func() {
		if !d.u.life.enter() {
			return
		}
		defer d.u.life.leave()
		// To the window's own app, not fyne.CurrentApp(), which a test may
		// have switched meanwhile.
		d.u.app.Driver().DoFromGoroutine(func() {
			if d.armed == armed && !d.u.closed {
				d.armed++
				d.fn()
			}
		}, false)
	})
}

func (d *debounce) stop() {
	d.armed++
	if d.t != nil {
		d.t.Stop()
		d.t = nil
	}
}
