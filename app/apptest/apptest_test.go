package apptest

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestDoQueues: fyne.Do from another goroutine runs only when the test
// goroutine waits, in order; DoAndWait returns once it ran.
func TestDoQueues(t *testing.T) {
	a := NewApp(t)
	if fyne.CurrentApp() != fyne.App(a) {
		t.Fatal("NewApp did not make its app the current one")
	}
	var got []int
	queued := make(chan struct{})
	waited := make(chan struct{})
	go func() {
		fyne.Do(func() { got = append(got, 1) })
		fyne.Do(func() { got = append(got, 2) })
		close(queued)
		fyne.DoAndWait(func() { got = append(got, 3) })
		close(waited)
	}()
	<-queued
	if len(got) != 0 {
		t.Fatalf("ran %v before the test waited", got)
	}
	a.WaitFor(t, "the three functions", func() bool { return len(got) == 3 })
	<-waited
	if got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Errorf("ran in the order %v", got)
	}
}
