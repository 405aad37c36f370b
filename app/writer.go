package app

import "sync"

// writer is a window's write queue: a goroutine of its own that runs the
// jobs given to it one at a time, in the order they were given (FIFO).
// The window hands every store write to it, so that the UI goroutine
// never waits for the database, which may take up to a minute while
// another program's import holds SQLite's write lock.
//
// Its promise:
//   - a job runs after every job queued before it has finished, and
//     before any job queued after it starts;
//   - a job once queued is run: close runs the jobs still queued and
//     returns only when the last has finished (a window that closes
//     drops no change it has taken);
//   - wait returns once every job queued before the call has finished.
//
// The writer knows nothing of Fyne. A job that has a result for the
// window hands it to the UI goroutine itself with fyne.Do, whose queue
// keeps the order in which the jobs ran (UI.edit).
type writer struct {
	mu      sync.Mutex
	cond    *sync.Cond // signalled when a job is queued or finished, or at close
	jobs    []func()
	queued  uint64 // jobs queued so far
	ran     uint64 // jobs finished so far
	closed  bool
	closing chan struct{} // closed when close begins
	done    chan struct{} // closed when the goroutine has ended
}

// newWriter starts a writer's goroutine.
func newWriter() *writer {
	w := &writer{closing: make(chan struct{}), done: make(chan struct{})}
	w.cond = sync.NewCond(&w.mu)
	go w.run()
	return w
}

func (w *writer) run() {
	defer close(w.done)
	for {
		w.mu.Lock()
		for len(w.jobs) == 0 && !w.closed {
			w.cond.Wait()
		}
		if len(w.jobs) == 0 { // closed, and nothing left
			w.mu.Unlock()
			return
		}
		job := w.jobs[0]
		w.jobs[0] = nil
		w.jobs = w.jobs[1:]
		w.mu.Unlock()

		job()

		w.mu.Lock()
		w.ran++
		w.cond.Broadcast()
		w.mu.Unlock()
	}
}

// do queues job. It reports false, and the job is not run, when the
// writer is closed.
func (w *writer) do(job func()) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return false
	}
	w.jobs = append(w.jobs, job)
	w.queued++
	w.cond.Broadcast()
	return true
}

// wait blocks until every job queued before the call has finished. It
// must not be called from a job.
func (w *writer) wait() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for target := w.queued; w.ran < target; {
		w.cond.Wait()
	}
}

// idle reports whether no job is queued or running.
func (w *writer) idle() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ran == w.queued
}

// close stops taking jobs, lets those queued run, and returns when the
// goroutine has ended. Calling it again does nothing more.
func (w *writer) close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.closing)
	}
	w.cond.Broadcast()
	w.mu.Unlock()
	<-w.done
}
