package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestGUIRelationFlow draws the sample's sanctions on a real database
// with the keyboard alone: label "Canada" and "froze the assets", R, Tab,
// Enter, i (imposed_by); then delete the MEASURE span, which takes the
// relation with it, and undo that, which brings both back.
func TestGUIRelationFlow(t *testing.T) {
	const text = "Canada froze the assets of Wang Junzheng, party secretary of Xinjiang."
	db := mustStoreWith(t, text)
	a, ui := openGUI(t, db)
	v := ui.View()
	ctx := context.Background()
	relations := func() string {
		t.Helper()
		rels, err := db.Relations(ctx, 1, "alice")
		if err != nil {
			t.Fatal(err)
		}
		spans, err := db.Spans(ctx, 1, "alice")
		if err != nil {
			t.Fatal(err)
		}
		label := map[int64]string{}
		for _, sp := range spans {
			label[sp.ID] = text[sp.Start:sp.End]
		}
		var out []string
		for _, r := range rels {
			out = append(out, fmt.Sprintf("%s %s %s", label[r.Head], r.Label, label[r.Tail]))
		}
		return strings.Join(out, "; ")
	}
	key := func(k fyne.KeyName) { v.TypedKey(&fyne.KeyEvent{Name: k}) }

	ui.Window().Canvas().Focus(v)
	v.SetSelection(0, 6)
	test.Type(v, "4")
	settle(t, a, ui)
	v.SetSelection(7, 23)
	test.Type(v, "3") // the new MEASURE span is chosen
	settle(t, a, ui)
	test.Type(v, "r")
	key(fyne.KeyTab)
	key(fyne.KeyReturn)
	test.Type(v, "i")
	settle(t, a, ui)
	if got := relations(); got != "froze the assets imposed_by Canada" {
		t.Fatalf("stored %q", got)
	}
	if n := len(v.Relations()); n != 1 {
		t.Fatalf("%d arcs drawn", n)
	}
	key(fyne.KeyEscape) // lets the relation go: Delete now deletes the span
	key(fyne.KeyDelete)
	settle(t, a, ui)
	if got := relations(); got != "" || len(v.Relations()) != 0 {
		t.Fatalf("after deleting the span: stored %q, %d drawn", got, len(v.Relations()))
	}
	ui.Undo()
	settle(t, a, ui)
	if got := relations(); got != "froze the assets imposed_by Canada" || len(v.Relations()) != 1 {
		t.Fatalf("after undo: stored %q, %d drawn", got, len(v.Relations()))
	}
}
