package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestReopenLastArticle: a restart opens the article last worked on in
// that database; another database has its own.
func TestReopenLastArticle(t *testing.T) {
	m := newMemStore(art1, art2, "A third article.")
	opt := Options{Version: "test", Annotator: "alice", Poll: -1, DBPath: "/data/a.db"}
	u := newTestUIWith(t, m, opt)
	if u.art.ID != 1 {
		t.Fatalf("first start opened %d, want 1", u.art.ID)
	}
	u.list.step(1)
	u.list.step(1)
	if u.art.ID != 3 {
		t.Fatalf("opened %d, want 3", u.art.ID)
	}
	u.w.wait()               // the preferences are written on the write queue
	u2 := New(u.app, m, opt) // the same preferences: a restart
	t.Cleanup(func() { closeTestUI(u2) })
	if u2.art.ID != 3 || u2.list.openID != 3 {
		t.Errorf("restart opened %d (list %d), want 3", u2.art.ID, u2.list.openID)
	}
	opt.DBPath = "/data/b.db"
	u3 := New(u.app, m, opt)
	t.Cleanup(func() { closeTestUI(u3) })
	if u3.art.ID != 1 {
		t.Errorf("another database opened %d, want 1", u3.art.ID)
	}
}

// TestReadingPlace: an article reopened in the session shows the place it
// was left at, and a restart that reopens the last article shows its
// place too.
func TestReadingPlace(t *testing.T) {
	var long strings.Builder
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&long, "Paragraph %d: the ministers met in Brussels and agreed on nothing at all.\n", i)
	}
	m := newMemStore(long.String(), art2)
	opt := Options{Version: "test", Annotator: "alice", Poll: -1, DBPath: "/data/place.db"}
	u := newTestUIWith(t, m, opt)
	for i := 0; i < 5; i++ {
		u.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	}
	top := u.view.TopPlace()
	if top == 0 {
		t.Fatal("PageDown did not scroll")
	}
	u.list.step(1)
	if u.art.ID != 2 || u.view.TopPlace() != 0 {
		t.Fatalf("article 2 opened at %d (article %d), want its start", u.view.TopPlace(), u.art.ID)
	}
	u.list.step(-1)
	if got := u.view.TopPlace(); u.art.ID != 1 || got != top {
		t.Fatalf("article 1 reopened at %d, want %d", got, top)
	}
	u.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	top = u.view.TopPlace()
	closeTestUI(u) // the window closes where it is

	u2 := New(u.app, m, opt)
	t.Cleanup(func() { closeTestUI(u2) })
	u2.win.Resize(fyne.NewSize(1280, 860))
	if got := u2.view.TopPlace(); u2.art.ID != 1 || got != top {
		t.Errorf("restart opened article %d at %d, want 1 at %d", u2.art.ID, got, top)
	}
}

// TestSetIntsOneChange: the last article and its place reach the
// preferences as one change, which Fyne saves once, and read back.
func TestSetIntsOneChange(t *testing.T) {
	a := test.NewTempApp(t)
	prefs := a.Preferences()
	changes := 0
	prefs.AddChangeListener(func() { changes++ })
	setInts(prefs, map[string]int{"a": 7, "b": 9})
	if changes != 1 {
		t.Errorf("%d changes, want 1", changes)
	}
	if prefs.Int("a") != 7 || prefs.Int("b") != 9 {
		t.Errorf("read back %d and %d, want 7 and 9", prefs.Int("a"), prefs.Int("b"))
	}
}
