package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

var keyF2 = keyPress{name: "F2", key: fyne.KeyF2}

// shownTexts returns the labels' texts and the Markdown headings that
// what covers the window shows.
func shownTexts(u *UI) (labels, headings []string) {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return nil, nil
	}
	walkObjects(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			labels = append(labels, x.Text)
		case *widget.RichText:
			for _, s := range x.Segments {
				if ts, ok := s.(*widget.TextSegment); ok && ts.Style == widget.RichTextStyleHeading {
					headings = append(headings, ts.Text)
				}
			}
		}
	})
	return labels, headings
}

// TestGuidelinesPanel: F2 and Help → Guidelines open the panel with each
// label's key, name and description, each relation type's description,
// and the schema's Markdown; F2 again or Esc closes it, and over another
// dialog F2 does nothing.
func TestGuidelinesPanel(t *testing.T) {
	m := newMemStore(art1)
	sch := annotate.DefaultSchema()
	sch.Guidelines = "# Persons first\n\nLabel **whole** names, titles left out.\n"
	m.schema = sch
	u := newTestUI(t, m)

	deliver(u, keyF2)
	if len(u.dialogs) != 1 || !u.dialogs[0].guide {
		t.Fatalf("F2: %d dialog(s), want the guidelines", len(u.dialogs))
	}
	labels, headings := shownTexts(u)
	for _, want := range []string{"1  PERSON", "A named person", sch.Relations[0].Description + " (from MEASURE to JURISDICTION, ORG)"} {
		if !slices.Contains(labels, want) {
			t.Errorf("the panel does not show %q: %q", want, labels)
		}
	}
	if !slices.Contains(headings, "Persons first") {
		t.Errorf("the panel's Markdown headings: %q", headings)
	}
	deliver(u, keyF2)
	if len(u.dialogs) != 0 || u.covered() {
		t.Fatalf("F2 again: %d dialog(s)", len(u.dialogs))
	}

	menuAction(t, u, "Guidelines (F2)")()
	if len(u.dialogs) != 1 || !u.dialogs[0].guide {
		t.Fatalf("Help → Guidelines: %d dialog(s)", len(u.dialogs))
	}
	deliver(u, keyEsc)
	if len(u.dialogs) != 0 || u.covered() {
		t.Fatalf("Esc: %d dialog(s)", len(u.dialogs))
	}

	u.showAbout()
	deliver(u, keyF2)
	if len(u.dialogs) != 1 || u.dialogs[0].guide {
		t.Errorf("F2 over About: %d dialog(s)", len(u.dialogs))
	}
	u.topDialog().d.Hide()

	// Without guidelines the panel says how to set them.
	m.schema = annotate.DefaultSchema()
	u.setSchema(m.schema)
	deliver(u, keyF2)
	labels, _ = shownTexts(u)
	if !slices.Contains(labels, "No guidelines are set: tagdesk schema --guidelines FILE.md sets them.") {
		t.Errorf("without guidelines: %q", labels)
	}
}
