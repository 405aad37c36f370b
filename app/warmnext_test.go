package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// rowTexts returns the texts the view's rows draw, top to bottom.
func rowTexts(v *ArticleView) []string {
	var out []string
	for li := v.r.first; li < v.r.last; li++ {
		for _, o := range v.r.rows[li].c.Objects {
			if t, ok := o.(*canvas.Text); ok {
				out = append(out, t.Text)
			}
		}
	}
	return out
}

// TestWarmDrawsNextArticle: after an article opens, the window draws the
// next one's first screen out of sight, text for text as the view draws
// it once that article is open (Fyne caches the textures by content, so
// the open then finds them made); the open drops them.
func TestWarmDrawsNextArticle(t *testing.T) {
	long := strings.Repeat("Canada froze the assets of Wang Junzheng, the party secretary.  Tabs\tand  two spaces. ", 60)
	m := newMemStore(art1, long, art2)
	u := newTestUI(t, m)
	if u.art == nil || u.art.ID != 1 {
		t.Fatal("article 1 not open")
	}
	loop(u).WaitFor(t, "the next article drawn ahead", func() bool { return len(u.view.Warmed()) > 0 })
	warm := u.view.Warmed()
	for _, o := range u.view.r.warm.Objects {
		if p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o); p.X+o.Size().Width > 0 {
			t.Fatalf("a text drawn ahead is in sight at %v", p)
		}
	}
	u.nextArticle()
	if u.art.ID != 2 {
		t.Fatalf("open %d, want 2", u.art.ID)
	}
	if got := u.view.Warmed(); len(got) != 0 {
		t.Errorf("%d texts drawn ahead kept after the open", len(got))
	}
	if last := warm[len(warm)-1]; last != u.title.Text {
		t.Errorf("the title drawn ahead is %q, the title shown %q", last, u.title.Text)
	}
	shown := rowTexts(u.view)
	if len(shown) < 10 || !slices.Equal(warm[:len(shown)], shown) {
		t.Errorf("drawn ahead:\n%q\nshown once open:\n%q", warm, shown)
	}
}
