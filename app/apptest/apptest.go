// Package apptest runs tagdesk's window on Fyne's headless test driver
// with the threading of a real driver, so that tests can run under the
// race detector and mean what they say.
//
// Fyne's test driver runs a function handed to fyne.Do at once, on the
// goroutine that called fyne.Do: a timer's or a background goroutine's
// callback then touches widgets while the test goroutine reads them. A
// real driver queues the function for its UI goroutine. The App of this
// package does the same: the test goroutine plays the UI goroutine, and
// the functions queued by fyne.Do run, in the order they were queued, only
// when the test waits for them (Drain, WaitFor). The test goroutine never
// calls fyne.Do or fyne.DoAndWait itself (on a real driver that too would
// queue behind the event it is handling).
//
// It is a test helper in the manner of net/http/httptest: only tests
// import it.
package apptest

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Timeout is how long WaitFor waits before it fails the test.
const Timeout = 10 * time.Second

// App is Fyne's headless test app whose fyne.Do queues for the test
// goroutine. NewApp makes it the current app.
type App struct {
	fyne.App
	drv *driver
}

type driver struct {
	fyne.Driver

	mu    sync.Mutex
	queue []func()
	ready chan struct{} // a token when the queue may have grown
}

// NewApp returns a new test app, made the current one until the test
// ends (as test.NewTempApp does).
func NewApp(t testing.TB) *App {
	inner := test.NewTempApp(t)
	a := &App{App: inner, drv: &driver{Driver: inner.Driver(), ready: make(chan struct{}, 1)}}
	fyne.SetCurrentApp(a)
	return a
}

// Driver returns the test driver with the queueing fyne.Do.
func (a *App) Driver() fyne.Driver { return a.drv }

// DoFromGoroutine queues f for the test goroutine; with wait it returns
// once f has run.
func (d *driver) DoFromGoroutine(f func(), wait bool) {
	var done chan struct{}
	if wait {
		done = make(chan struct{})
		g := f
		f = func() { g(); close(done) }
	}
	d.mu.Lock()
	d.queue = append(d.queue, f)
	d.mu.Unlock()
	select {
	case d.ready <- struct{}{}:
	default:
	}
	if wait {
		<-done
	}
}

// next takes the first queued function, nil when there is none.
func (d *driver) next() func() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.queue) == 0 {
		return nil
	}
	f := d.queue[0]
	d.queue[0] = nil
	d.queue = d.queue[1:]
	return f
}

// Drain runs the queued functions, and those they queue, until none is
// left. It does not wait for functions that other goroutines have yet to
// queue: WaitFor does.
func (a *App) Drain() {
	for f := a.drv.next(); f != nil; f = a.drv.next() {
		f()
	}
}

// WaitFor runs queued functions as they come until cond holds, and fails
// the test if it does not within Timeout. cond runs on the test
// goroutine, so it may read widgets and the window's state; it is looked
// at after each queued function, never on a clock, so only what a queued
// function makes true can make it hold.
func (a *App) WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(Timeout)
	defer deadline.Stop()
	for {
		a.Drain()
		if cond() {
			return
		}
		select {
		case <-a.drv.ready:
		case <-deadline.C:
			t.Fatalf("timed out after %v waiting for %s", Timeout, what)
		}
	}
}
