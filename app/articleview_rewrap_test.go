package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestRewrapKeepsRows: a resize that moves no line break in view keeps the
// rows as drawn; one that does redraws them, with the new lines.
func TestRewrapKeepsRows(t *testing.T) {
	v, _ := newTestView(t, strings.Repeat("Canada froze the assets.\n", 40))
	first, last := v.r.first, v.r.last
	if last-first < 5 {
		t.Fatalf("%d lines in view", last-first)
	}
	v.Resize(fyne.NewSize(v.Size().Width+60, v.Size().Height))
	if !v.rewrapKeeps(first, last) { // the width is the one just wrapped for: nothing moved
		t.Error("a re-wrap to the same width reports changed lines")
	}
	w := v.Size().Width
	v.Resize(fyne.NewSize(w+100, v.Size().Height))
	if got := rowTexts(v); len(got) == 0 || got[0] != "Canada froze the assets." {
		t.Errorf("rows after a wider resize: %q", got)
	}
	v.Resize(fyne.NewSize(viewPadX*2+barArea+60, v.Size().Height)) // narrower than a line: the wrap moves
	if got := rowTexts(v); len(got) == 0 || got[0] == "Canada froze the assets." {
		t.Errorf("rows after a narrow resize still show the old lines: %q", got[:min(3, len(got))])
	}
	v.Resize(fyne.NewSize(w, v.Size().Height))
	m := v.m
	f, l := v.r.first, v.r.last
	m.wrap(w + 400)
	if !v.rewrapKeeps(f, l) {
		t.Error("short lines wrapped at two widths report changed lines")
	}
}
