package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// viewSpans prints the spans the view draws; provisional ones (not yet
// committed) are marked "~".
func viewSpans(u *UI) string {
	var out []string
	for _, s := range u.view.Spans() {
		mark := ""
		if s.ID < 0 {
			mark = "~"
		}
		out = append(out, fmt.Sprintf("%s%s[%d,%d)", mark, s.Label, s.Start, s.End))
	}
	return strings.Join(out, "; ")
}

// TestLabelDrawnBeforeCommit: a label key draws the new span at once,
// while its commit waits for the database; the span list, the article
// list and the status bar's mark still wait for the commit, after which
// the stored span takes the provisional one's place.
func TestLabelDrawnBeforeCommit(t *testing.T) {
	m := newMemStore(art1)
	s := newLockedStore(m)
	u := newTestUI(t, s)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	await(t, "the write to wait for the lock", s.blocked())
	loop(u).Drain()
	if got := viewSpans(u); got != "~JURISDICTION[0,6)" {
		t.Errorf("view shows %q while the commit waits, want the provisional span", got)
	}
	if len(u.spans) != 0 || len(u.order) != 0 {
		t.Errorf("the span list shows %d spans before the commit", len(u.order))
	}
	if got := u.bar.mark.Text; got != "saving…" {
		t.Errorf("status bar mark %q while the commit waits, want saving…", got)
	}
	s.unlock()
	settle(t, u)
	if got := viewSpans(u); got != "JURISDICTION[0,6)" {
		t.Errorf("view shows %q once committed, want the stored span alone", got)
	}
	if got := stored(t, m, 1); got != "JURISDICTION[0,6)" {
		t.Errorf("stored %q", got)
	}
	if id := u.view.SelectedSpan(); id <= 0 || u.picked != id {
		t.Errorf("picked %d in the view, %d in the window: want the stored span", id, u.picked)
	}
	if !strings.HasPrefix(u.bar.mark.Text, "✓ saved") {
		t.Errorf("status bar mark %q once committed", u.bar.mark.Text)
	}
}

// TestLabelTakenBackWhenCommitFails: when the commit of a label fails,
// the span drawn at once goes again and the status bar says so; the
// selection stays, so that the label can be applied again.
func TestLabelTakenBackWhenCommitFails(t *testing.T) {
	m := newMemStore(art1)
	s := newLockedStore(m)
	u := newTestUI(t, s)
	u.view.SetSelection(27, 40)
	test.Type(u.view, "1")
	await(t, "the write to wait for the lock", s.blocked())
	loop(u).Drain()
	if got := viewSpans(u); got != "~PERSON[27,40)" {
		t.Fatalf("view shows %q while the commit waits", got)
	}
	m.setFail(errors.New("disk full"))
	s.unlock()
	settle(t, u)
	if got := viewSpans(u); got != "" {
		t.Errorf("view shows %q after the commit failed, want nothing", got)
	}
	if got := u.bar.msg.Text; !strings.Contains(got, "taken back: PERSON “Wang Junzheng”") || !strings.Contains(got, "disk full") {
		t.Errorf("status bar says %q, want what was taken back and why", got)
	}
	if a, b := u.view.Selection(); a != 27 || b != 40 {
		t.Errorf("selection [%d,%d) after the failure, want [27,40) kept", a, b)
	}
	if got := stored(t, m, 1); got != "" {
		t.Errorf("stored %q", got)
	}
}
