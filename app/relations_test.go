package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

// relations prints alice's relations of article 1 as the store has them:
// "MEASURE imposed_by JURISDICTION", joined by "; ".
func storedRelations(t *testing.T, m *memStore) string {
	t.Helper()
	ctx := context.Background()
	rels, err := m.Relations(ctx, 1, "alice")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rels {
		m.mu.Lock()
		h, tl := m.spans[r.Head], m.spans[r.Tail]
		m.mu.Unlock()
		s := fmt.Sprintf("%s %s %s", h.Label, r.Label, tl.Label)
		if r.Note != "" {
			s += " note=" + r.Note
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// relUI opens art1 with three spans of alice: Canada (JURISDICTION),
// "froze the assets" (MEASURE), "Wang Junzheng" (PERSON).
func relUI(t *testing.T) (*memStore, *UI, []annotate.Span) {
	t.Helper()
	m := newMemStore(art1, art2)
	spans := []annotate.Span{span(0, 6, "JURISDICTION"), span(7, 23, "MEASURE"), span(27, 40, "PERSON")}
	if err := m.AddSpans(context.Background(), spans); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, m)
	if u.art == nil || u.art.ID != 1 || len(u.spans) != 3 {
		t.Fatalf("opened %v with %d spans", u.art, len(u.spans))
	}
	return m, u, spans
}

func key(u *UI, k fyne.KeyName) { u.view.TypedKey(&fyne.KeyEvent{Name: k}) }

// viewPoint is where code point cp is drawn, in the view.
func viewPoint(u *UI, cp int) fyne.Position {
	return u.PointOf(cp).Subtract(u.app.Driver().AbsolutePositionForObject(u.view))
}

// choose picks a span as a click does.
func choose(u *UI, id int64) {
	test.TapAt(u.view, viewPoint(u, u.spans[id].Start+1))
}

// TestRelationKeys draws, retypes, deletes and undoes a relation with
// keys alone: the label keys make and choose spans, R, Tab, Enter and a
// type key draw, a type key retypes, Delete removes.
func TestRelationKeys(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.win.Canvas().Focus(u.view)
	label := func(s, e int, k string) {
		u.view.SetSelection(s, e)
		test.Type(u.view, k)
		settle(t, u)
	}
	label(0, 6, "4")  // Canada: JURISDICTION
	label(7, 23, "3") // froze the assets: MEASURE, chosen
	if sp, ok := u.pickedSpan(); !ok || sp.Label != "MEASURE" {
		t.Fatalf("chosen %+v, want the MEASURE span", sp)
	}
	test.Type(u.view, "r")
	if want := "Relation from “froze the assets”: pick the other span (Tab, Enter) — Esc cancels"; u.bar.msg.Text != want {
		t.Errorf("status bar %q, want %q", u.bar.msg.Text, want)
	}
	if !u.view.AcceptsTab() {
		t.Error("Tab does not reach the view while a relation is drawn")
	}
	key(u, fyne.KeyTab)
	if got := u.spans[u.rel.draw.tail].Label; got != "JURISDICTION" {
		t.Fatalf("Tab went to %s, want the only other span", got)
	}
	key(u, fyne.KeyReturn) // MEASURE → JURISDICTION allows imposed_by and targets: a list
	if u.rel.draw.step != drawType || len(u.rel.draw.types) != 2 {
		t.Fatalf("step %v types %v, want the two types to choose from", u.rel.draw.step, u.rel.draw.types)
	}
	if !strings.Contains(u.bar.msg.Text, "i imposed_by, t targets") {
		t.Errorf("status bar %q does not list the type keys", u.bar.msg.Text)
	}
	test.Type(u.view, "i")
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE imposed_by JURISDICTION" {
		t.Fatalf("stored %q", got)
	}
	if u.rel.chosen == 0 || u.view.ChosenRelation() != u.rel.chosen || len(u.view.Relations()) != 1 {
		t.Fatalf("the new relation is not chosen and drawn: chosen %d, view %d %v", u.rel.chosen, u.view.ChosenRelation(), u.view.Relations())
	}
	if u.view.AcceptsTab() {
		t.Error("Tab still goes to the view after the relation was drawn")
	}
	test.Type(u.view, "t") // retype
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE targets JURISDICTION" {
		t.Fatalf("after t: %q", got)
	}
	if !strings.HasPrefix(u.bar.msg.Text, "targets: “froze the assets” → “Canada”") {
		t.Errorf("status bar %q after t: it still names the old type", u.bar.msg.Text)
	}
	key(u, fyne.KeyDelete) // the relation, not the span
	settle(t, u)
	if got := storedRelations(t, m); got != "" || len(u.spans) != 2 {
		t.Fatalf("after Delete: relations %q, %d spans", got, len(u.spans))
	}
	for _, want := range []string{"MEASURE targets JURISDICTION", "MEASURE imposed_by JURISDICTION", ""} {
		u.undo()
		settle(t, u)
		if got := storedRelations(t, m); got != want {
			t.Fatalf("undo: %q, want %q", got, want)
		}
		if n := len(u.view.Relations()); n != len(u.rel.rels) || n != min(len(want), 1) {
			t.Fatalf("undo to %q: the view draws %d relations, the window has %d", want, n, len(u.rel.rels))
		}
	}
	for _, want := range []string{"MEASURE imposed_by JURISDICTION", "MEASURE targets JURISDICTION", ""} {
		u.redo()
		settle(t, u)
		if got := storedRelations(t, m); got != want {
			t.Fatalf("redo: %q, want %q", got, want)
		}
	}
}

// TestRelationEscape: Esc cancels at each step, and nothing is stored.
func TestRelationEscape(t *testing.T) {
	m, u, sp := relUI(t)
	choose(u, sp[1].ID)
	for _, steps := range [][]fyne.KeyName{{}, {fyne.KeyTab}, {fyne.KeyTab, fyne.KeyTab, fyne.KeyReturn}} {
		test.Type(u.view, "r")
		for _, k := range steps {
			key(u, k)
		}
		if u.rel.draw.step == drawNone {
			t.Fatalf("after R %v: not drawing", steps)
		}
		key(u, fyne.KeyEscape)
		if u.rel.draw.step != drawNone || u.view.AcceptsTab() || u.view.arcs.preview != nil {
			t.Fatalf("after R %v Esc: still drawing", steps)
		}
		if u.picked != sp[1].ID {
			t.Errorf("after R %v Esc: the chosen span is %d, want %d", steps, u.picked, sp[1].ID)
		}
	}
	settle(t, u)
	if got := storedRelations(t, m); got != "" {
		t.Errorf("stored %q after cancelling", got)
	}
}

// TestRelationMouse draws with clicks: the MEASURE span, Edit → Add
// relation, a click on the PERSON span (one type allowed: applied at
// once); then a click on its arc chooses it, a click in the type list
// retypes, and the panel's Delete removes it.
func TestRelationMouse(t *testing.T) {
	m, u, sp := relUI(t)
	choose(u, sp[1].ID)
	if u.picked != sp[1].ID {
		t.Fatalf("the tap chose %d, want %d", u.picked, sp[1].ID)
	}
	menuItem(t, u, "Edit", "Add relation (R)").Action()
	choose(u, sp[2].ID) // MEASURE → PERSON: only targets
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE targets PERSON" {
		t.Fatalf("stored %q", got)
	}
	if u.picked != sp[1].ID || u.view.SelectedSpan() != sp[1].ID {
		t.Errorf("the click on the other span chose it (%d, view %d)", u.picked, u.view.SelectedSpan())
	}
	// A second relation from the list: MEASURE → JURISDICTION, by a click
	// on the type's button.
	test.Type(u.view, "r")
	choose(u, sp[0].ID)
	if u.rel.draw.step != drawType {
		t.Fatalf("step %v, want the type list", u.rel.draw.step)
	}
	test.Tap(panelButton(t, u, "imposed_by"))
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE targets PERSON; MEASURE imposed_by JURISDICTION" {
		t.Fatalf("stored %q", got)
	}
	id := u.rel.rels[u.rel.chosen].ID
	u.rel.choose(0, false)
	p, ok := u.view.ArcPoint(id, false)
	if !ok {
		t.Fatal("the imposed_by arc is not drawn")
	}
	test.TapAt(u.view, p)
	if u.rel.chosen != id {
		t.Fatalf("the tap on the arc chose %d, want %d", u.rel.chosen, id)
	}
	u.rel.panel.kind.SetSelected("targets")
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE targets PERSON; MEASURE targets JURISDICTION" {
		t.Fatalf("after the type list: %q", got)
	}
	u.win.Canvas().Focus(u.rel.panel.note)
	test.Type(u.rel.panel.note, "by decree")
	u.win.Canvas().Unfocus() // saves on focus loss
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE targets PERSON; MEASURE targets JURISDICTION note=by decree" {
		t.Fatalf("after the note: %q", got)
	}
	test.Tap(u.rel.panel.del)
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE targets PERSON" {
		t.Fatalf("after Delete relation: %q", got)
	}
	// The list entry chooses a relation.
	test.Tap(panelButton(t, u, "→ targets “Wang Junzheng”"))
	if rel := u.rel.rels[u.rel.chosen]; rel.Tail != sp[2].ID {
		t.Errorf("the list entry chose %+v", rel)
	}
}

// TestRelationSpanDelete: deleting a span deletes its relations; undo
// brings both back, and the relations join the span's new ID.
func TestRelationSpanDelete(t *testing.T) {
	m, u, sp := relUI(t)
	u.edit("add", func(ctx context.Context, h *History) error {
		if _, err := h.AddRelation(ctx, annotate.Relation{Head: sp[1].ID, Tail: sp[0].ID, Label: "imposed_by"}); err != nil {
			return err
		}
		_, err := h.AddRelation(ctx, annotate.Relation{Head: sp[1].ID, Tail: sp[2].ID, Label: "targets"})
		return err
	}, nil)
	settle(t, u)
	choose(u, sp[1].ID)
	if got := u.rel.count(sp[1].ID); got != 2 {
		t.Fatalf("the MEASURE span has %d relations, want 2", got)
	}
	if got := panelTexts(u); !strings.Contains(got, "→ imposed_by “Canada”") || !strings.Contains(got, "→ targets “Wang Junzheng”") {
		t.Errorf("panel: %s", got)
	}
	choose(u, sp[0].ID)
	if got := panelTexts(u); !strings.Contains(got, "← imposed_by “froze the assets”") {
		t.Errorf("panel of Canada: %s", got)
	}
	choose(u, sp[1].ID)
	key(u, fyne.KeyDelete)
	settle(t, u)
	if got := storedRelations(t, m); got != "" || len(u.view.Relations()) != 0 || len(u.rel.rels) != 0 {
		t.Fatalf("after deleting the span: stored %q, drawn %d, window %d", got, len(u.view.Relations()), len(u.rel.rels))
	}
	u.undo()
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE imposed_by JURISDICTION; MEASURE targets PERSON" {
		t.Fatalf("after undo: %q", got)
	}
	if n := len(u.view.Relations()); n != 2 {
		t.Fatalf("after undo the view draws %d relations", n)
	}
	for _, r := range u.view.Relations() {
		if _, ok := u.spans[r.Head]; !ok {
			t.Errorf("relation %d drawn from span %d, which the window does not have", r.ID, r.Head)
		}
	}
	// Undo of a relation drawn before the delete finds it under its new ID.
	u.undo()
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE imposed_by JURISDICTION" || len(u.view.Relations()) != 1 {
		t.Fatalf("after the second undo: %q, %d drawn", got, len(u.view.Relations()))
	}
	u.redo()
	u.redo()
	settle(t, u)
	if got := storedRelations(t, m); got != "" || len(u.spans) != 2 {
		t.Fatalf("after redo ×2: %q, %d spans", got, len(u.spans))
	}
}

// TestRelationInvalid: a relabel of one end that the relation's type
// does not allow leaves the relation stored, drawn dashed red with ⚠ in
// the list.
func TestRelationInvalid(t *testing.T) {
	_, u, sp := relUI(t)
	choose(u, sp[1].ID)
	test.Type(u.view, "r")
	choose(u, sp[2].ID)
	settle(t, u)
	if rels := u.view.Relations(); len(rels) != 1 || rels[0].Invalid {
		t.Fatalf("drawn %+v", rels)
	}
	choose(u, sp[2].ID)
	test.Type(u.view, "3") // PERSON → MEASURE: targets does not go to a MEASURE
	settle(t, u)
	if rels := u.view.Relations(); len(rels) != 1 || !rels[0].Invalid {
		t.Fatalf("after the relabel: drawn %+v", rels)
	}
	if got := panelTexts(u); !strings.Contains(got, "⚠ ← targets") {
		t.Errorf("panel: %s", got)
	}
	u.undo()
	settle(t, u)
	if rels := u.view.Relations(); len(rels) != 1 || rels[0].Invalid {
		t.Fatalf("after undo of the relabel: drawn %+v", rels)
	}
}

// TestRelationDialogBlocks: while a dialog is open, R draws nothing and
// no key reaches a relation being drawn.
func TestRelationDialogBlocks(t *testing.T) {
	_, u, sp := relUI(t)
	choose(u, sp[1].ID)
	u.info("Hello", "a dialog")
	test.Type(u.view, "r")
	u.typedRune('r')
	if u.rel.draw.step != drawNone {
		t.Fatal("R started a relation under a dialog")
	}
	u.dialogs[0].d.Hide()
	test.Type(u.view, "r")
	if u.rel.draw.step != drawTail {
		t.Fatal("R did not start a relation once the dialog closed")
	}
	u.info("Hello", "another dialog")
	key(u, fyne.KeyTab)
	key(u, fyne.KeyEscape)
	if u.rel.draw.step != drawTail || u.rel.draw.tail != 0 {
		t.Errorf("keys under a dialog acted on the relation being drawn: %+v", u.rel.draw)
	}
}

// TestNoRelationStore: a store without relations shows no relation UI.
func TestNoRelationStore(t *testing.T) {
	m := newMemStore(art1)
	if err := m.AddSpans(context.Background(), []annotate.Span{span(0, 6, "JURISDICTION"), span(7, 23, "MEASURE")}); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, noRelations{m})
	choose(u, u.order[1])
	test.Type(u.view, "r")
	if u.rel.draw.step != drawNone || u.rel.panel.obj.Visible() {
		t.Error("relation UI on a store without relations")
	}
}
