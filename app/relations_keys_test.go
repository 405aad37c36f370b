package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

// menuItem finds a main menu item by its menu's and its own label.
func menuItem(t *testing.T, u *UI, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, mn := range u.menus.main.Items {
		if mn.Label != menu {
			continue
		}
		for _, it := range mn.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %s → %s", menu, label)
	return nil
}

// panelButton finds a button of the relation panel by its text's start.
func panelButton(t *testing.T, u *UI, prefix string) fyne.Tappable {
	t.Helper()
	for _, o := range u.rel.panel.list.Objects {
		if b, ok := o.(interface{ Tapped(*fyne.PointEvent) }); ok {
			if strings.Contains(buttonText(o), prefix) {
				return b.(fyne.Tappable)
			}
		}
	}
	t.Fatalf("no button %q in the relation panel: %s", prefix, panelTexts(u))
	return nil
}

func panelTexts(u *UI) string {
	var out []string
	for _, o := range u.rel.panel.list.Objects {
		out = append(out, buttonText(o))
	}
	return strings.Join(out, " | ")
}

func buttonText(o fyne.CanvasObject) string {
	if e, ok := o.(*relEntry); ok {
		return e.label.Text
	}
	return ""
}

// TestRelationChooseKeys: ] and [ choose the chosen span's relations in
// the panel's order, Enter goes to the other end, Ctrl+E edits the note,
// Esc lets go.
func TestRelationChooseKeys(t *testing.T) {
	m, u, sp := relUI(t)
	var ids []int64
	u.edit("add", func(ctx context.Context, h *History) error {
		for _, r := range []annotate.Relation{{Head: sp[1].ID, Tail: sp[2].ID, Label: "targets"}, {Head: sp[1].ID, Tail: sp[0].ID, Label: "imposed_by"}} {
			added, err := h.AddRelation(ctx, r)
			if err != nil {
				return err
			}
			ids = append(ids, added.ID)
		}
		return nil
	}, nil)
	settle(t, u)
	choose(u, sp[1].ID)
	for _, tt := range []struct {
		key  string
		want int64
	}{{"]", ids[1]}, {"]", ids[0]}, {"]", ids[1]}, {"[", ids[0]}} {
		test.Type(u.view, tt.key)
		if u.rel.chosen != tt.want {
			t.Fatalf("%s chose %d, want %d (imposed_by “Canada” first, then targets “Wang Junzheng”)", tt.key, u.rel.chosen, tt.want)
		}
	}
	key(u, fyne.KeyReturn)
	if u.picked != sp[2].ID || u.rel.chosen != ids[0] {
		t.Fatalf("Enter: picked %d chosen %d, want the other end %d and the same relation", u.picked, u.rel.chosen, sp[2].ID)
	}
	u.shortcut(ctrlKey(fyne.KeyE))
	if u.win.Canvas().Focused() != fyne.Focusable(u.rel.panel.note) {
		t.Fatal("Ctrl+E did not go to the relation's note")
	}
	test.Type(u.rel.panel.note, "named in the order")
	u.rel.panel.note.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // saves, back to the text
	settle(t, u)
	if got := storedRelations(t, m); got != "MEASURE targets PERSON note=named in the order; MEASURE imposed_by JURISDICTION" {
		t.Fatalf("stored %q", got)
	}
	if u.win.Canvas().Focused() != fyne.Focusable(u.view) {
		t.Error("Esc in the note did not give the keys back to the text")
	}
	key(u, fyne.KeyEscape)
	if u.rel.chosen != 0 || u.view.ChosenRelation() != 0 || u.picked == 0 {
		t.Errorf("Esc: chosen %d (view %d), picked %d; want no relation, the span still chosen", u.rel.chosen, u.view.ChosenRelation(), u.picked)
	}
}

// TestRelationRightAfterLabel: R typed right after a label key, before
// the new span is saved, draws the relation from the new span once it
// is (not from the span chosen before, and not nothing).
func TestRelationRightAfterLabel(t *testing.T) {
	m, u, sp := relUI(t)
	u.win.Canvas().Focus(u.view)
	choose(u, sp[0].ID) // Canada, chosen before
	if u.picked != sp[0].ID {
		t.Fatalf("chosen %d, want Canada", u.picked)
	}
	i := strings.Index(art1, "China")
	u.view.SetSelection(i, i+len("China"))
	test.Type(u.view, "4r") // the label's commit has not come back yet
	settle(t, u)
	if got := stored(t, m, 1); !strings.Contains(got, "JURISDICTION[42,47)") {
		t.Fatalf("stored %q, want China labelled", got)
	}
	if u.rel.draw.step != drawTail {
		t.Fatalf("no relation being drawn after 4 and R (status bar %q)", u.bar.msg.Text)
	}
	if sp := u.spans[u.rel.draw.head]; sp.Start != i || sp.Label != "JURISDICTION" {
		t.Errorf("the relation is drawn from %+v, want the new span", sp)
	}
}

// TestRelationAgain: drawing a relation the two spans have already
// (same type), or retyping one into it, chooses the one there and says
// so, rather than an error dialog about a conflict; another type between
// them is still added.
func TestRelationAgain(t *testing.T) {
	m, u, sp := relUI(t)
	u.win.Canvas().Focus(u.view)
	draw := func(typ string) {
		t.Helper()
		choose(u, sp[1].ID) // froze the assets: MEASURE
		test.Type(u.view, "r")
		for range 3 {
			if key(u, fyne.KeyTab); u.spans[u.rel.draw.tail].Label == "JURISDICTION" {
				break
			}
		}
		if u.spans[u.rel.draw.tail].Label != "JURISDICTION" {
			t.Fatalf("Tab did not reach the JURISDICTION span (step %v)", u.rel.draw.step)
		}
		key(u, fyne.KeyReturn)
		test.Type(u.view, typ)
		settle(t, u)
	}
	draw("i")
	draw("i")
	if u.covered() {
		t.Fatalf("a dialog opened: %v", u.topDialog())
	}
	if got := storedRelations(t, m); got != "MEASURE imposed_by JURISDICTION" {
		t.Fatalf("stored %q", got)
	}
	if !strings.Contains(u.bar.msg.Text, "already") || u.rel.chosen == 0 {
		t.Errorf("status bar %q, chosen %d: want the relation there chosen and said to be there", u.bar.msg.Text, u.rel.chosen)
	}
	draw("t")
	if got := storedRelations(t, m); got != "MEASURE imposed_by JURISDICTION; MEASURE targets JURISDICTION" {
		t.Errorf("stored %q after another type", got)
	}
	// Retyping the chosen targets into the imposed_by there: the same.
	test.Type(u.view, "i")
	settle(t, u)
	if u.covered() || !strings.Contains(u.bar.msg.Text, "already") {
		t.Errorf("retyped into a relation there: covered %v, status bar %q", u.covered(), u.bar.msg.Text)
	}
	if got := storedRelations(t, m); got != "MEASURE imposed_by JURISDICTION; MEASURE targets JURISDICTION" {
		t.Errorf("stored %q after retyping", got)
	}
}
