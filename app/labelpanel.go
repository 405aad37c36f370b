package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// buttonsShare is the most of the form's height the label buttons take
// when they do not all fit; they scroll within it, and the span's fields
// scroll in the rest, so both stay in reach in a small window.
const buttonsShare = 0.45

// labelButtons makes a button per label, in the label's colour, showing
// its key, then a button that opens the palette.
func labelButtons(u *UI, s *annotate.Schema) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, l := range s.Labels {
		name := l.Name
		c, _ := annotate.ParseColor(l.Color)
		bg := canvas.NewRectangle(color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x70})
		bg.CornerRadius = theme.InputRadiusSize()
		bg.StrokeColor = c
		bg.StrokeWidth = 2
		text := name
		if k := u.keys[name]; k != "" {
			text = k + "  " + name
		}
		b := widget.NewButton(text, func() { u.applyLabel(name) })
		b.Importance = widget.LowImportance
		out = append(out, container.NewStack(bg, b))
	}
	pick := widget.NewButtonWithIcon("/  all labels…", theme.SearchIcon(), func() { u.palette.show() })
	pick.Importance = widget.LowImportance
	return append(out, pick)
}

// flowLayout places its objects left to right at their minimum width,
// wrapping onto new rows. Its minimum height is that of the rows at the
// width the form's layout last gave it.
type flowLayout struct{ width float32 }

// rows returns each object's position at width w and the total height.
func (f *flowLayout) rows(objs []fyne.CanvasObject, w float32) ([]fyne.Position, float32) {
	pad := theme.Padding()
	pos := make([]fyne.Position, len(objs))
	var x, y, rowH float32
	for i, o := range objs {
		m := o.MinSize()
		if x > 0 && x+m.Width > w {
			x, y, rowH = 0, y+rowH+pad, 0
		}
		pos[i] = fyne.NewPos(x, y)
		x += m.Width + pad
		rowH = max(rowH, m.Height)
	}
	return pos, y + rowH
}

func (f *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pos, _ := f.rows(objs, size.Width)
	for i, o := range objs {
		o.Move(pos[i])
		o.Resize(fyne.NewSize(min(o.MinSize().Width, size.Width), o.MinSize().Height))
	}
}

func (f *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	_, h := f.rows(objs, max(f.width, w))
	return fyne.NewSize(w, h)
}

// formLayout stacks the label buttons' scroll (objs[0]) over the span
// fields' scroll (objs[1]): the buttons get the height of their rows, at
// most buttonsShare of the whole (and at least one row), the fields the
// rest. The wheel over either scrolls only it.
type formLayout struct{ flow *flowLayout }

func (l *formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	buttons, fields := objs[0].(*container.Scroll), objs[1]
	l.flow.width = size.Width
	pos, h := l.flow.rows(buttons.Content.(*fyne.Container).Objects, size.Width)
	if limit := size.Height * buttonsShare; h > limit && len(pos) > 0 {
		h = max(limit, buttons.Content.(*fyne.Container).Objects[0].MinSize().Height) // one row at least
	}
	buttons.Move(fyne.NewPos(0, 0))
	buttons.Resize(fyne.NewSize(size.Width, h))
	buttons.Refresh() // the buttons' height follows the width
	top := h + theme.Padding()
	fields.Move(fyne.NewPos(0, top))
	fields.Resize(fyne.NewSize(size.Width, max(0, size.Height-top)))
}

func (l *formLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs[0].(*container.Scroll).Content.(*fyne.Container).Objects {
		w, h = max(w, o.MinSize().Width), max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h+theme.Padding()+objs[1].MinSize().Height)
}
