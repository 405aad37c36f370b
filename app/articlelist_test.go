package app

import (
	"fmt"
	"testing"

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
