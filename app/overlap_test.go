package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// rowText is what the span list shows in row i.
func rowText(u *UI, i int) string {
	o := u.spanList.list.CreateItem()
	u.spanList.updateRow(i, o)
	return o.(*fyne.Container).Objects[0].(*widget.Label).Text
}

// TestSameLabelOverlapFlagged: a span made inside one of its label is
// flagged in the status bar and the span list; a span of another label
// nested the same way is not.
func TestSameLabelOverlapFlagged(t *testing.T) {
	const text = "Brian Nelson met Nelson Mandela's heirs."
	m := newMemStore(text)
	u := newTestUI(t, m)
	label := func(start, end int, key string) {
		t.Helper()
		u.view.SetSelection(start, end)
		u.selected(start, end)
		test.Type(u.view, key)
		settle(t, u)
	}
	label(0, 12, "1") // PERSON Brian Nelson
	if strings.Contains(u.bar.msg.Text, "⚠") {
		t.Fatalf("first span flagged: %q", u.bar.msg.Text)
	}
	label(0, 5, "2") // ORG Brian: another label, normal
	if strings.Contains(u.bar.msg.Text, "⚠") || strings.Contains(rowText(u, 0), "⚠") || strings.Contains(rowText(u, 1), "⚠") {
		t.Fatalf("nested span of another label flagged: %q / %q / %q", u.bar.msg.Text, rowText(u, 0), rowText(u, 1))
	}
	label(6, 12, "1") // PERSON Nelson inside PERSON Brian Nelson
	if got := u.bar.msg.Text; !strings.Contains(got, "⚠") || !strings.Contains(got, "inside PERSON “Brian Nelson”") {
		t.Errorf("status bar %q, want a warning", got)
	}
	want := []string{"ORG  “Brian”", "⚠ PERSON  “Brian Nelson”  · contains PERSON “Nelson”", "⚠ PERSON  “Nelson”  · inside PERSON “Brian Nelson”"}
	for i, w := range want {
		if got := rowText(u, i); got != w {
			t.Errorf("row %d: %q want %q", i, got, w)
		}
	}
	// Label all: "Nelson" once more inside its PERSON span, once alone.
	u.undo()
	settle(t, u)
	u.find.show()
	u.find.entry.SetText("nelson")
	u.find.label.SetSelected("PERSON")
	u.find.labelAll()
	settle(t, u)
	if got := u.bar.msg.Text; !strings.Contains(got, "1 of them overlap") {
		t.Errorf("after Label all: %q", got)
	}
}

// TestStatusMessages: a label applied says so; a message goes after its
// time, and when another article is opened; its timer ends with the
// window.
func TestStatusMessages(t *testing.T) {
	m := newMemStore(art1, art2)
	u := newTestUI(t, m)
	// Read before it goes, however long the machine takes to save it.
	u.bar.msgLife = time.Hour
	u.view.SetSelection(27, 40)
	test.Type(u.view, "1")
	settle(t, u)
	if got := u.bar.msg.Text; got != "PERSON: Wang Junzheng" {
		t.Fatalf("after labelling: %q", got)
	}
	u.bar.msgLife = 20 * time.Millisecond
	start := time.Now()
	u.bar.hint("PERSON: Wang Junzheng")
	loop(u).WaitFor(t, "the message to go", func() bool { return u.bar.msg.Text == "" })
	if d := time.Since(start); d < u.bar.msgLife {
		t.Errorf("gone after %v, want at least %v", d, u.bar.msgLife)
	}
	u.bar.msgLife = time.Hour
	u.bar.hint("About article 1.")
	u.nextArticle()
	if got := u.bar.msg.Text; got != "" || u.art.ID != 2 {
		t.Errorf("article %d open, message %q: want none", u.art.ID, got)
	}
	u.bar.hint("About article 2.")
	closeTestUI(u)
	if u.bar.expire.t != nil {
		t.Error("the message's timer runs on after the window closed")
	}
}
