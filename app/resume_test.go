package app

import "testing"

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
