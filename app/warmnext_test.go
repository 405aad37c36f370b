package app

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
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
	m := newMemStore(art1, long, "Canada froze the assets.")
	m.articles[1].Title = "A title the window cuts itself"
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
	var row string // the list row's title, as drawn
	for _, o := range test.LaidOutObjects(u.list.list) {
		if l, ok := o.(*fitLabel); ok && l.Full() == u.title.Full() {
			row = l.Text
		}
	}
	if got, want := warm[len(warm)-3:len(warm)-1], []string{u.title.Text, row}; !slices.Equal(got, want) {
		t.Errorf("the title and list row drawn ahead are %q, shown %q", got, want)
	}
	if last := warm[len(warm)-1]; last != "Canada froze the assets." {
		t.Errorf("the next row's title drawn ahead is %q", last)
	}
	shown := rowTexts(u.view)
	if len(shown) < 10 || !slices.Equal(warm[:len(shown)], shown) {
		t.Errorf("drawn ahead:\n%q\nshown once open:\n%q", warm, shown)
	}
}

// TestWarmLayoutUsedOnOpen: the article Warm laid out opens on that
// layout (the same tokens, lines and places as laid out afresh) with its
// spans, unless the view's width changed in between: then it is laid
// out again for the new width.
func TestWarmLayoutUsedOnOpen(t *testing.T) {
	long := strings.Repeat("Canada froze the assets of Wang Junzheng, the party secretary. ", 80)
	spans := []ViewSpan{{ID: 1, Start: 0, End: 6, Label: "JURISDICTION"}, {ID: 2, Start: 27, End: 40, Label: "PERSON"}}
	for _, resize := range []bool{false, true} {
		v, w := newTestView(t, "An article before.")
		v.Warm(long, 0)
		warmed := v.warmed
		if resize {
			w.Resize(w.Canvas().Size().AddWidthHeight(-120, 0))
		}
		v.SetArticle(long, spans)
		fresh := newViewModel(v.m.measure)
		fresh.setText(long, spans, v.wrapWidth())
		if reused := warmed != nil && len(v.m.lines) > 0 && &v.m.lines[0] == &warmed.lines[0]; reused == resize {
			t.Errorf("resized %v: the warm layout reused %v", resize, reused)
		}
		if !slices.Equal(v.m.lines, fresh.lines) || !slices.Equal(v.m.items, fresh.items) || !slices.Equal(v.m.tokens, fresh.tokens) {
			t.Errorf("resized %v: the layout differs from one made afresh", resize)
		}
		if got := v.Spans(); len(got) != 2 || v.m.idx.Len() != fresh.idx.Len() || v.warmed != nil {
			t.Errorf("resized %v: spans %v, %d code points, warm layout kept %v", resize, got, v.m.idx.Len(), v.warmed != nil)
		}
	}
}

// countStore counts the articles read from a memStore.
type countStore struct {
	*memStore
	articles atomic.Int32
}

func (c *countStore) Article(ctx context.Context, id int64) (*annotate.Article, error) {
	c.articles.Add(1)
	return c.memStore.Article(ctx, id)
}

// TestOpenReadsAhead: the next article, read while the one before is
// open, opens without being read again; a change committed in between
// (another window's span on it) makes the open read it afresh, and the
// change shows.
func TestOpenReadsAhead(t *testing.T) {
	m := newMemStore(art1, art2, "Canada froze the assets.")
	c := &countStore{memStore: m}
	u := newTestUI(t, c)
	ahead := func(id int64) func() bool { return func() bool { return u.ahead != nil && u.ahead.id == id } }
	loop(u).WaitFor(t, "article 2 read ahead", ahead(2))
	before := c.articles.Load()
	u.nextArticle()
	if u.art.ID != 2 || c.articles.Load() != before {
		t.Fatalf("open %d, read %d times: want article 2, read ahead", u.art.ID, c.articles.Load()-before)
	}
	loop(u).WaitFor(t, "article 3 read ahead", ahead(3))
	sp := annotate.Span{ArticleID: 3, Start: 0, End: 6, Label: "JURISDICTION", Annotator: "alice"}
	if err := m.AddSpan(context.Background(), &sp); err != nil {
		t.Fatal(err)
	}
	before = c.articles.Load()
	u.nextArticle()
	if u.art.ID != 3 || c.articles.Load() != before+1 || len(u.order) != 1 {
		t.Errorf("open %d, read %d times, %d spans: want article 3 read again with its new span", u.art.ID, c.articles.Load()-before, len(u.order))
	}
}
