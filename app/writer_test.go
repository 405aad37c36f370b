package app

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// await waits for a value or the close of ch (an event that no fyne.Do
// brings: those wait with loop(u).WaitFor), and fails the test if none
// comes within 10 s.
func await[T any](t *testing.T, what string, ch <-chan T) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second): // only a failure waits that long
		t.Fatalf("timed out waiting for %s", what)
	}
}

// TestWriterOrder: jobs queued from several goroutines run one at a time,
// each goroutine's in the order it queued them; wait returns once those
// queued before it ran; close runs what is still queued and then refuses.
func TestWriterOrder(t *testing.T) {
	w := newWriter()
	var mu sync.Mutex
	var got []string
	running := 0
	var queuers sync.WaitGroup
	for g := 0; g < 4; g++ {
		queuers.Add(1)
		go func() {
			defer queuers.Done()
			for i := 0; i < 100; i++ {
				w.do(func() {
					mu.Lock()
					running++
					if running != 1 {
						t.Errorf("%d jobs run at once", running)
					}
					got = append(got, fmt.Sprint(g, " ", i))
					running--
					mu.Unlock()
				})
			}
		}()
	}
	queuers.Wait()
	w.wait()
	mu.Lock()
	if len(got) != 400 {
		t.Fatalf("%d jobs ran before wait returned, want 400", len(got))
	}
	for g := 0; g < 4; g++ {
		var mine []string
		for _, s := range got {
			var gg, i int
			fmt.Sscan(s, &gg, &i)
			if gg == g {
				mine = append(mine, s)
			}
		}
		if !slices.IsSortedFunc(mine, func(a, b string) int {
			var x, y, i, j int
			fmt.Sscan(a, &x, &i)
			fmt.Sscan(b, &y, &j)
			return i - j
		}) {
			t.Errorf("goroutine %d's jobs ran out of order: %v", g, mine)
		}
	}
	mu.Unlock()

	// close runs what is queued, even behind a job that waits.
	release := make(chan struct{})
	ran := make(chan int, 3)
	w.do(func() { <-release; ran <- 1 })
	w.do(func() { ran <- 2 })
	closed := make(chan struct{})
	go func() { w.close(); close(closed) }()
	await(t, "close to begin", w.closing)
	select {
	case <-closed:
		t.Fatal("close returned while a job waited")
	default:
	}
	close(release)
	<-closed
	if len(ran) != 2 {
		t.Fatalf("%d of 2 queued jobs ran before close returned", len(ran))
	}
	if a, b := <-ran, <-ran; a != 1 || b != 2 {
		t.Errorf("ran %d, %d; want 1, 2", a, b)
	}
	if w.do(func() { ran <- 3 }) {
		t.Error("a closed writer took a job")
	}
	w.close() // again: nothing
	if len(ran) != 0 {
		t.Error("a closed writer ran a job")
	}
}
