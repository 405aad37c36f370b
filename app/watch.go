package app

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"github.com/tagdesk/tagdesk/annotate"
)

// startPoll watches Store.Generation so the window notices changes by
// other processes (a `tagdesk import` while the GUI is open), every
// Options.Poll. setStore restarts the poll on the new store.
func (u *UI) startPoll() {
	every := u.opt.Poll
	if every < 0 {
		return
	}
	if wt, ok := u.store.(annotate.Watcher); ok {
		u.startLive(wt) // told of each change instead (live.go)
		return
	}
	if every == 0 {
		every = 2 * time.Second
	}
	t := time.NewTicker(every)
	u.watch(t.C, t.Stop)
}

// watch asks the store's generation at every tick of tick, and calls
// done when it stops (stopPolling, close). The question is asked on the
// window's writer, behind the window's own changes: their answers (and
// with them the generation each left, see stepDone) reach the UI
// goroutine before the poll's, so the window's own changes never count
// as another process's. A question still waiting behind a change is not
// asked twice.
func (u *UI) watch(tick <-chan time.Time, done func()) {
	if !u.life.enter() {
		done()
		return
	}
	stop, ended := make(chan struct{}), make(chan struct{})
	u.stopPoll = func() {
		close(stop)
		<-ended
	}
	store, ctx, w := u.store, u.ctx, u.w
	var asked atomic.Bool
	go func() {
		defer u.life.leave()
		defer close(ended)
		defer done()
		for {
			select {
			case <-stop:
				return
			case <-tick:
				u.askGeneration(store, ctx, w, &asked)
			}
		}
	}()
}

// askGeneration asks store's generation on the writer w and hands it to
// sawGeneration, unless a question asked before is still waiting (asked).
func (u *UI) askGeneration(store annotate.Store, ctx context.Context, w *writer, asked *atomic.Bool) {
	if !asked.CompareAndSwap(false, true) {
		return
	}
	w.do(func() {
		g, err := store.Generation(ctx)
		asked.Store(false)
		fyne.Do(func() {
			if u.closed {
				return
			}
			u.polled++
			if err == nil && u.store == store {
				u.sawGeneration(g)
			}
		})
	})
}

// stopPolling ends the poll's goroutine, if any, and waits for it.
func (u *UI) stopPolling() {
	if u.stopPoll != nil {
		u.stopPoll()
		u.stopPoll = nil
	}
}

// checkGeneration asks the store's generation now (after an import from
// the window) and reloads what changed.
func (u *UI) checkGeneration() {
	if g, err := u.store.Generation(u.ctx); err == nil {
		u.sawGeneration(g)
	}
}

// sawGeneration reloads the article list and progress when generation g
// is newer than what the window has seen. The open article, its selection
// and the picked span stay as they are. (Generations only grow, so a poll
// answer that arrives after the window's own change is not news.)
func (u *UI) sawGeneration(g int64) {
	if g <= u.gen {
		return
	}
	u.gen = g
	u.list.reload()
	if u.art == nil {
		if id, ok := u.list.first(); ok {
			u.open(id)
		}
	}
}
