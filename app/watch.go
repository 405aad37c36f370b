package app

import (
	"time"

	"fyne.io/fyne/v2"
)

// startPoll watches Store.Generation so the window notices changes by
// other processes (a `tagdesk import` while the GUI is open). The store is
// asked from a goroutine; the window is changed inside fyne.Do.
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
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.DoAndWait(func() { u.checkGeneration() })
			}
		}
	}()
}

// checkGeneration reloads the article list and progress when the store
// changed since the window last looked. The open article, its selection
// and the picked span stay as they are.
func (u *UI) checkGeneration() {
	g, err := u.store.Generation(u.ctx)
	if err != nil || g == u.gen {
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
