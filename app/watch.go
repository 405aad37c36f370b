package app

import (
	"time"

	"fyne.io/fyne/v2"
)

// startPoll watches Store.Generation so the window notices changes by
// other processes (a `tagdesk import` while the GUI is open). The store is
// asked on the poll's goroutine; only a change reaches the UI goroutine,
// inside fyne.Do. The window's own changes do not count: after each one it
// records the generation (UI.committed). setStore restarts the poll on the
// new store.
func (u *UI) startPoll() {
	every := u.opt.Poll
	if every < 0 {
		return
	}
	if every == 0 {
		every = 2 * time.Second
	}
	stop := make(chan struct{})
	u.stopPoll = stop
	store, ctx := u.store, u.ctx
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		last := int64(-1) // the generation last passed to the window
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				g, err := store.Generation(ctx)
				if err != nil || g == last {
					continue
				}
				last = g
				fyne.Do(func() {
					if u.store == store {
						u.sawGeneration(g)
					}
				})
			}
		}
	}()
}

// stopPolling ends the poll's goroutine, if any.
func (u *UI) stopPolling() {
	if u.stopPoll != nil {
		close(u.stopPoll)
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
