package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestStatusBarMessageRoom: in a 900×600 window with the article flagged
// with a long comment, a message (here what to press next while a
// relation is drawn)
// still gets the room it needs; the article's state gives way, cut with
// an ellipsis, and nothing overlaps.
func TestStatusBarMessageRoom(t *testing.T) {
	_, u, _ := relUI(t)
	u.win.Resize(fyne.NewSize(900, 600))
	u.FlagChanged(u.art.ID, annotate.Flag{Flagged: true, Comment: "unclear: is XPCC an ORG or a JURISDICTION?"})
	u.bar.savedAt = time.Date(2026, 3, 1, 18, 55, 1, 0, time.Local)
	u.bar.showMark()
	choose(u, 2) // "froze the assets"
	test.Type(u.view, "r")
	key(u, fyne.KeyTab)
	if !strings.HasPrefix(u.bar.msg.Text, "To “") {
		t.Fatalf("status bar %q while drawing a relation", u.bar.msg.Text)
	}
	b := u.bar
	// They share what the annotator, the mark and the buttons leave.
	shared := b.article.Size().Width + b.msg.Size().Width
	if w := b.msg.Size().Width; w < shared/2 || w < 200 {
		t.Errorf("the message gets %.0f px of the %.0f it shares with the article's state", w, shared)
	}
	if w := b.article.Size().Width; w < barArticleMin-1 {
		t.Errorf("the article's state got %.0f px", w)
	}
	// In a wide window both show whole.
	u.win.Resize(fyne.NewSize(1800, 900))
	for _, l := range []*widget.Label{b.article, b.msg} {
		if w, need := l.Size().Width, labelWidth(l); w < need-1 {
			t.Errorf("at 1800 px, %q gets %.0f px of the %.0f it needs", l.Text, w, need)
		}
	}
	u.win.Resize(fyne.NewSize(900, 600))
	pos := func(o fyne.CanvasObject) float32 {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
	}
	if pos(b.article)+b.article.Size().Width > pos(b.msg)+1 || pos(b.msg)+b.msg.Size().Width > pos(b.mark)+1 {
		t.Errorf("overlap: article %.0f+%.0f, message %.0f+%.0f, mark at %.0f",
			pos(b.article), b.article.Size().Width, pos(b.msg), b.msg.Size().Width, pos(b.mark))
	}
}
