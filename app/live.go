package app

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"github.com/tagdesk/tagdesk/annotate"
)

// This file keeps a window on a shared database live: instead of polling
// the generation it is told of each change as it is committed
// (annotate.Watcher, PostgreSQL's LISTEN/NOTIFY), so that a new article,
// another annotator's status, a schema change or a suggestion run shows
// within a second. It
// also says when the database is out of reach: the status bar shows
// "offline — reconnecting" and the window's changes wait in its queue,
// in order, and are committed once the database is back (see
// retryOffline); the store reconnects by itself.

// offlineRetry bounds the wait between two tries of a change while the
// database is offline.
const offlineRetry = time.Second

// startLive watches store for changes until stopPolling or close.
func (u *UI) startLive(wt annotate.Watcher) {
	if !u.life.enter() {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan struct{})
	u.stopPoll = func() {
		cancel()
		<-ended
	}
	store, sctx, w := u.store, u.ctx, u.w
	var asked atomic.Bool
	go func() {
		defer u.life.leave()
		defer close(ended)
		err := wt.Watch(ctx, func(c annotate.Change) {
			switch c.Kind {
			case annotate.ChangeOffline:
				fyne.Do(func() { u.setOffline(store, true) })
				return
			case annotate.ChangeUnknown: // listening (again): look at what may have been missed
				fyne.Do(func() {
					u.setOffline(store, false)
					u.runStored(store)
				})
				u.reloadSchema(store, sctx, w)
			case annotate.ChangeSchema:
				u.reloadSchema(store, sctx, w)
			case annotate.ChangeSuggestions:
				if c.ArticleID == 0 { // a run (someone's tagdesk suggest): what waits here may have changed
					fyne.Do(func() { u.runStored(store) })
				}
			}
			u.askGeneration(store, sctx, w, &asked)
		})
		if err != nil && ctx.Err() == nil {
			fyne.Do(func() {
				if !u.closed && u.store == store {
					u.bar.hint("Others' changes no longer show by themselves: " + err.Error())
				}
			})
		}
	}()
}

// runStored shows the open article's suggestions again after a
// suggestion run stored new ones, when store is still the window's.
func (u *UI) runStored(store annotate.Store) {
	if !u.closed && u.store == store && u.art != nil {
		u.refreshSuggestions()
	}
}

// reloadSchema reads store's schema on the writer w and shows it.
func (u *UI) reloadSchema(store annotate.Store, ctx context.Context, w *writer) {
	w.do(func() {
		s, err := store.Schema(ctx)
		fyne.Do(func() {
			if err == nil && !u.closed && u.store == store {
				u.setSchema(s)
				u.view.Refresh()
			}
		})
	})
}

// setOffline shows whether store, when it is still the window's, can
// reach its database.
func (u *UI) setOffline(store annotate.Store, on bool) {
	if u.closed || u.store != store || u.offline == on {
		return
	}
	u.offline = on
	u.bar.showMark()
}

// retryOffline runs a change (on the writer) and, while the database is
// offline, runs it again until it is back or the window closes: the
// change was not made (annotate.ErrOffline), so it waits in its place in
// the queue, and those behind it wait too. Any other outcome is the
// change's.
func (u *UI) retryOffline(store annotate.Store, run func() error) error {
	err := run()
	if !errors.Is(err, annotate.ErrOffline) {
		return err
	}
	for delay := 50 * time.Millisecond; errors.Is(err, annotate.ErrOffline); delay = min(2*delay, offlineRetry) {
		fyne.Do(func() { u.setOffline(store, true) })
		select {
		case <-u.quit.Done(): // the window closes: the change is reported as not saved
			return err
		case <-time.After(delay):
		}
		err = run()
	}
	fyne.Do(func() { u.setOffline(store, false) })
	return err
}

// Offline reports whether the window's database is out of reach.
func (u *UI) Offline() bool { return u.offline }

// ArticleCount is the number of articles the article list shows.
func (u *UI) ArticleCount() int { return u.list.count }

// Schema is the label schema the window shows.
func (u *UI) Schema() *annotate.Schema { return u.schema }
