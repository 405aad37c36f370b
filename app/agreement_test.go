package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/agree"
)

// TestAgreementDialog: Review → Agreement… measures alice and bob behind
// a progress dialog, shows their pair and the articles lowest first, keeps
// keys from the article while it is open, and a row opens its article.
func TestAgreementDialog(t *testing.T) {
	m := newMemStore(art1, art2)
	for _, sp := range []annotate.Span{
		{ArticleID: 1, Start: 0, End: 6, Label: "ORG", Annotator: "alice"},
		{ArticleID: 1, Start: 0, End: 6, Label: "ORG", Annotator: "bob"},
		{ArticleID: 2, Start: 4, End: 6, Label: "ORG", Annotator: "alice"},
		{ArticleID: 2, Start: 27, End: 30, Label: "PERSON", Annotator: "bob"},
	} {
		if err := m.AddSpan(context.Background(), &sp); err != nil {
			t.Fatal(err)
		}
	}
	u := newTestUI(t, m)
	settle(t, u)
	u.view.SetSelection(7, 13) // "froze ", for the label key below
	before := stored(t, m, 1)
	menuAction(t, u, "Agreement…")()
	var list *widget.List
	loop(u).WaitFor(t, "the agreement report", func() bool {
		loop(u).Drain()
		top := u.topDialog()
		if top == nil || top.kind != dialogCancel {
			return false
		}
		list = findList(u.win.Canvas().Overlays().Top())
		return list != nil
	})
	text := overlayText(u.win.Canvas().Overlays().Top())
	for _, want := range []string{"alice × bob", "F1 exact", "κ tokens", "Krippendorff's α"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if list.Length() != 2 {
		t.Fatalf("%d articles listed, want 2", list.Length())
	}
	// Keys stay with the dialog: a label key does not label the article.
	test.Type(u.view, "4")
	settle(t, u)
	if got := stored(t, m, 1); got != before || u.art.ID != 1 {
		t.Errorf("a key reached the article: %s, was %s", got, before)
	}
	list.Select(0) // the lowest agreement: article 2
	settle(t, u)
	if u.covered() || u.art.ID != 2 {
		t.Errorf("after choosing a row: covered %v, open %d; want article 2", u.covered(), u.art.ID)
	}
}

// TestAgreementOneAnnotator: with one annotator's work there is nothing to
// compare, and the window says so.
func TestAgreementOneAnnotator(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	settle(t, u)
	menuAction(t, u, "Agreement…")()
	loop(u).WaitFor(t, "the message", func() bool {
		loop(u).Drain()
		top := u.topDialog()
		return top != nil && top.kind == dialogInfo
	})
	if text := overlayText(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "two annotators") {
		t.Errorf("got %q", text)
	}
}

// findList returns the first list in o.
func findList(o fyne.CanvasObject) *widget.List {
	var found *widget.List
	walkObjects(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.List); ok && found == nil {
			found = l
		}
	})
	return found
}

// overlayText is the text of the labels in o.
func overlayText(o fyne.CanvasObject) string {
	var b strings.Builder
	walkObjects(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

// TestAgreementRowRightToLeftTitle: an article's row whose title is in
// Arabic still reads left to right (a left-to-right mark first, or the
// text would take the title's direction and mirror the brackets), and
// counts one annotator as "1 annotator".
func TestAgreementRowRightToLeftTitle(t *testing.T) {
	row := agreementRow(agree.ArticleResult{Title: "عقوبات كندا", Annotators: 1, Spans: 5})
	if !strings.HasPrefix(row, "\u200e") {
		t.Errorf("row %q does not start left to right", row)
	}
	if !strings.Contains(row, "(1 annotator, 5 spans)") {
		t.Errorf("row %q", row)
	}
}
