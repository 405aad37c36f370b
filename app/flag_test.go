package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// flagMemStore is a memStore that keeps flags (annotate.FlagStore) for
// the window's tests; the stores' own contract is the storetest suite's.
type flagMemStore struct {
	*memStore
	fmu   sync.Mutex
	flags map[[2]any]annotate.Flag // (article, annotator)
}

func newFlagMemStore(texts ...string) *flagMemStore {
	return &flagMemStore{memStore: newMemStore(texts...), flags: map[[2]any]annotate.Flag{}}
}

func (s *flagMemStore) Flag(ctx context.Context, id int64, who string) (annotate.Flag, error) {
	if _, err := s.Article(ctx, id); err != nil {
		return annotate.Flag{}, err
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.flags[[2]any{id, who}], nil
}

func (s *flagMemStore) SetFlag(ctx context.Context, id int64, who string, f annotate.Flag) error {
	if _, err := s.Article(ctx, id); err != nil {
		return err
	}
	s.memStore.mu.Lock()
	err := s.changing()
	s.memStore.mu.Unlock()
	if err != nil {
		return err
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.flags[[2]any{id, who}] = f
	return nil
}

func (s *flagMemStore) ListArticles(ctx context.Context, f annotate.ArticleFilter) ([]annotate.ArticleSummary, error) {
	page := f
	page.Offset, page.Limit, page.Flagged = 0, 0, false
	all, err := s.memStore.ListArticles(ctx, page)
	if err != nil {
		return nil, err
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	var out []annotate.ArticleSummary
	for _, r := range all {
		r.Flagged = s.flags[[2]any{r.ID, f.Annotator}].Flagged
		if !f.Flagged || r.Flagged {
			out = append(out, r)
		}
	}
	out = out[min(f.Offset, len(out)):]
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (s *flagMemStore) CountArticles(ctx context.Context, f annotate.ArticleFilter) (int, error) {
	f.Offset, f.Limit = 0, 0
	all, err := s.ListArticles(ctx, f)
	return len(all), err
}

// flagDialog opens the flag dialog with Ctrl+Shift+F and returns its
// check and comment.
func flagDialog(t *testing.T, u *UI) (*widget.Check, *widget.Entry, *widget.Button) {
	t.Helper()
	u.view.TypedShortcut(cs(fyne.KeyF, ctrl|fyne.KeyModifierShift))
	top := u.topDialog()
	if top == nil {
		t.Fatal("Ctrl+Shift+F opened no dialog")
	}
	var check *widget.Check
	var entry *widget.Entry
	var save *widget.Button
	walkObjects(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Check:
			check = w
		case *flagComment:
			entry = &w.Entry
		case *widget.Button:
			if w.Text == "Save" {
				save = w
			}
		}
	})
	if check == nil || entry == nil || save == nil {
		t.Fatal("the flag dialog has no check, comment or Save button")
	}
	return check, entry, save
}

// TestFlagArticle: Ctrl+Shift+F flags the open article with a comment,
// saved at once for this annotator; the status bar and the article list
// show it, the list's "Flagged" choice keeps it alone, and Ctrl+Z takes
// the flag back.
func TestFlagArticle(t *testing.T) {
	s := newFlagMemStore(art1, art2)
	u := newTestUI(t, s)
	const why = "unclear: is XPCC an ORG or a JURISDICTION?"
	check, entry, save := flagDialog(t, u)
	if !check.Checked {
		t.Error("the flag is not ticked when the dialog opens on an unflagged article")
	}
	test.Type(entry, why)
	test.Tap(save)
	settle(t, u)
	if f, _ := s.Flag(context.Background(), 1, "alice"); f != (annotate.Flag{Flagged: true, Comment: why}) {
		t.Fatalf("stored flag %+v", f)
	}
	if f, _ := s.Flag(context.Background(), 1, "bob"); !f.IsZero() {
		t.Errorf("bob's flag %+v: flags are per annotator", f)
	}
	if got := u.bar.article.Text; !strings.Contains(got, "⚑ flagged: unclear") {
		t.Errorf("status bar %q, want the flag", got)
	}
	if r, ok := u.list.row(0); !ok || !r.Flagged {
		t.Errorf("article list row %+v, want flagged", r)
	}
	u.list.status.SetSelected("Flagged")
	if u.list.count != 1 {
		t.Errorf("the Flagged choice lists %d articles, want 1", u.list.count)
	}
	u.list.status.SetSelected("Any status")

	u.undo()
	settle(t, u)
	if f, _ := s.Flag(context.Background(), 1, "alice"); !f.IsZero() {
		t.Errorf("flag %+v after Ctrl+Z, want none", f)
	}
	if got := u.bar.article.Text; strings.Contains(got, "flagged") {
		t.Errorf("status bar %q after Ctrl+Z", got)
	}
	u.redo()
	settle(t, u)
	if f, _ := s.Flag(context.Background(), 1, "alice"); !f.Flagged {
		t.Errorf("flag %+v after redo", f)
	}

	// The dialog shows the flag as stored; unticking it removes it.
	check, entry, save = flagDialog(t, u)
	if !check.Checked || entry.Text != why {
		t.Errorf("the dialog shows %v %q, want the stored flag", check.Checked, entry.Text)
	}
	check.SetChecked(false)
	entry.SetText("")
	test.Tap(save)
	settle(t, u)
	if f, _ := s.Flag(context.Background(), 1, "alice"); !f.IsZero() {
		t.Errorf("flag %+v after unticking", f)
	}
}

// TestFlagByKeyboard: in the flag dialog, Enter in the comment saves
// the flag, Shift+Enter starts a new line, and Tab leaves the comment
// for the buttons rather than typing a tab into it.
func TestFlagByKeyboard(t *testing.T) {
	s := newFlagMemStore(art1)
	u := newTestUI(t, s)
	_, entry, _ := flagDialog(t, u)
	c := u.win.Canvas().Focused()
	if c == nil {
		t.Fatal("the comment does not have the focus")
	}
	if tb, ok := c.(fyne.Tabbable); ok && tb.AcceptsTab() {
		t.Error("Tab stays in the comment: the buttons cannot be reached by keyboard")
	}
	test.Type(entry, "two")
	c.(desktop.Keyable).KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	c.(desktop.Keyable).KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	test.Type(entry, "lines")
	if !u.covered() {
		t.Fatal("Shift+Enter closed the dialog")
	}
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(t, u)
	if u.covered() {
		t.Error("Enter did not close the dialog")
	}
	if f, _ := s.Flag(context.Background(), 1, "alice"); f != (annotate.Flag{Flagged: true, Comment: "two\nlines"}) {
		t.Errorf("stored flag %+v after Enter, want flagged with the two lines", f)
	}
}

// TestFlagFails: a flag the store refuses is not shown as set.
func TestFlagFails(t *testing.T) {
	s := newFlagMemStore(art1)
	u := newTestUI(t, s)
	_, _, save := flagDialog(t, u)
	s.setFail(errors.New("disk full"))
	test.Tap(save)
	settle(t, u)
	if strings.Contains(u.bar.article.Text, "flagged") || u.flag.Flagged {
		t.Errorf("status bar %q: the flag shown though not saved", u.bar.article.Text)
	}
}

// TestFlagNeedsFlagStore: a store that keeps no flags says so.
func TestFlagNeedsFlagStore(t *testing.T) {
	u := newTestUI(t, newMemStore(art1))
	u.view.TypedShortcut(cs(fyne.KeyF, ctrl|fyne.KeyModifierShift))
	if u.covered() || !strings.Contains(u.bar.msg.Text, "does not keep flags") {
		t.Errorf("covered %v, hint %q", u.covered(), u.bar.msg.Text)
	}
}
