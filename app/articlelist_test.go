package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// TestListFilters: the list shows the articles of a status, and those with
// the annotator's spans, as the user chooses them.
func TestListFilters(t *testing.T) {
	m := newMemStore(art1, art2, "A third article, untouched.")
	u := newTestUI(t, m)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4") // article 1: in progress, one span
	settle(t, u)
	u.open(2)
	u.skip() // article 2: skipped; 3 opens
	settle(t, u)
	l := u.list
	shown := func() string {
		out := ""
		for i := 0; i < l.count; i++ {
			r, _ := l.row(i)
			out += fmt.Sprint(r.ID, " ")
		}
		return out
	}
	tests := []struct {
		status string
		mine   bool
		want   string
	}{
		{"Any status", false, "1 2 3 "},
		{"Todo", false, "3 "},
		{"In progress", false, "1 "},
		{"Skipped", false, "2 "},
		{"Done", false, ""},
		{"Open (todo, in progress)", false, "1 3 "},
		{"Any status", true, "1 "},
		{"Skipped", true, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.status, tt.mine), func(t *testing.T) {
			l.status.SetSelected(tt.status)
			test.Tap(l.mine) // the check as a user sets it
			if l.mine.Checked != tt.mine {
				test.Tap(l.mine)
			}
			if got := shown(); got != tt.want {
				t.Errorf("got %q want %q", got, tt.want)
			}
		})
	}
	// The open article stays open and the next one not done is found in
	// the filtered list.
	l.status.SetSelected("Open (todo, in progress)")
	if l.mine.Checked {
		test.Tap(l.mine)
	}
	if id, ok := l.nextOpen(1); !ok || id != 3 || u.art.ID != 3 {
		t.Errorf("next open after 1: %d %v; open %d", id, ok, u.art.ID)
	}
}

// TestQueueFirst: an annotator with assigned articles starts on their
// queue: the list shows only it, its first open article is open, the rows
// are marked assigned, and Ctrl+Enter goes through the queue before the
// other articles.
func TestQueueFirst(t *testing.T) {
	m := newMemStore("One.", "Two.", "Three.", "Four.", "Five.")
	m.assign("alice", 4, 2)
	m.assign("bob", 1)
	u := newTestUI(t, m)
	settle(t, u)
	l := u.list
	if got := l.status.Selected; got != queueFilterName {
		t.Fatalf("status filter at start: %q, want %q", got, queueFilterName)
	}
	if l.count != 2 || u.art == nil || u.art.ID != 2 {
		t.Fatalf("start: %d rows, open %v; want 2 rows, article 2", l.count, u.art)
	}
	row := func(i int) string {
		o := l.list.CreateItem()
		l.updateRow(i, o)
		inner := o.(*fyne.Container).Objects[0].(*fyne.Container)
		return inner.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text).Text
	}
	if got := row(0); got != "assigned · todo · 0 spans" {
		t.Errorf("queued row: %q", got)
	}
	// Every article, the queue still marked; Ctrl+Enter finishes the queue
	// (2, then 4) before it goes on after the open article (5, 1, 3).
	l.status.SetSelected("Any status")
	if l.count != 5 {
		t.Fatalf("any status: %d rows", l.count)
	}
	if got := row(0); strings.Contains(got, "assigned") {
		t.Errorf("bob's article marked as alice's: %q", got)
	}
	if got := row(3); !strings.HasPrefix(got, "assigned · ") {
		t.Errorf("article 4 not marked: %q", got)
	}
	var opened []int64
	for range 4 {
		u.view.TypedShortcut(ctrlKey(fyne.KeyReturn))
		settle(t, u)
		opened = append(opened, u.art.ID)
	}
	if want := []int64{4, 5, 1, 3}; !slices.Equal(opened, want) {
		t.Errorf("Ctrl+Enter opened %v, want %v", opened, want)
	}
}

// TestNoQueue: without assigned articles the list starts on every article
// and marks none.
func TestNoQueue(t *testing.T) {
	m := newMemStore("One.", "Two.")
	m.assign("bob", 1)
	u := newTestUI(t, m)
	settle(t, u)
	if got := u.list.status.Selected; got != "Any status" || u.list.count != 2 || u.art.ID != 1 {
		t.Errorf("start: filter %q, %d rows, open %d", got, u.list.count, u.art.ID)
	}
}
