package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestFormSmallWindow: in a 900×600 window with 40 labels and a span of
// a label with attributes chosen, the label buttons keep their place, the
// fields scroll in the rest, and the wheel over the fields scrolls only
// them.
func TestFormSmallWindow(t *testing.T) {
	m := newMemStore(art1)
	m.schema = bigSchema(t)
	m.schema.Labels[2].Attrs = []annotate.Attr{{Name: "type", Choices: []string{"asset_freeze", "travel_ban"}},
		{Name: "target"}, {Name: "since"}, {Name: "where"}}
	u := newTestUI(t, m)
	u.win.Resize(fyne.NewSize(900, 600))
	u.view.SetSelection(0, 6)
	test.Type(u.view, "3")
	settle(t, u)
	fl := u.form.obj.(*fyne.Container)
	buttons, fields := fl.Objects[0].(*container.Scroll), fl.Objects[1].(*container.Scroll)
	if buttons.Size().Height < 30 || fields.Size().Height < 60 {
		t.Fatalf("buttons %v, fields %v in a form of %v", buttons.Size(), fields.Size(), fl.Size())
	}
	if fields.Content.MinSize().Height <= fields.Size().Height+20 {
		t.Fatalf("the fields fit in %v: nothing to scroll", fields.Size())
	}
	view, top := u.view.offset, buttons.Offset
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(fields).Add(fyne.NewPos(20, 20))
	fields.Refresh() // what a real driver's next frame does when a minimum size has changed
	test.Scroll(u.win.Canvas(), pos, 0, -40)
	if fields.Offset.Y <= 0 {
		t.Error("the wheel over the fields did not scroll them")
	}
	if buttons.Offset != top || u.view.offset != view {
		t.Errorf("the wheel over the fields scrolled the buttons (%v) or the text (%v)", buttons.Offset, u.view.offset)
	}
}
