// Command floorwin is the floor of frame latency that scripts/latency.sh
// measures tagdesk against: a Fyne window of tagdesk's size that does
// nothing but redraw one label, on each key, mouse drag, scroll or
// resize. What a user waits for in tagdesk beyond this window's figure
// on the same display is tagdesk's own work; the figure itself is Fyne's
// (event loop, layout, OpenGL paint, buffer swap) on that machine.
//
//	go run ./cmd/floorwin
package main

import (
	"fmt"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("io.github.tagdesk.floorwin")
	w := a.NewWindow("floorwin")
	lbl := widget.NewLabel("floor 0")
	n := 0
	bump := func(what string) {
		n++
		lbl.SetText(fmt.Sprintf("%s %d", what, n))
	}
	c := w.Canvas()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) { bump(string(e.Name)) })
	// A modifier key (Ctrl+PageDown) arrives as a shortcut, not a typed key.
	for _, k := range []fyne.KeyName{fyne.KeyPageDown, fyne.KeyPageUp} {
		k := k
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl},
			func(fyne.Shortcut) { bump("Ctrl+" + string(k)) })
	}
	w.SetContent(container.NewStack(container.NewCenter(lbl), newPad(bump)))
	w.Resize(fyne.NewSize(1280, 860))
	w.ShowAndRun()
}

// pad covers the window and turns every drag step, scroll and tap into a
// new label text.
type pad struct {
	widget.BaseWidget
	bump func(string)
}

func newPad(bump func(string)) *pad {
	p := &pad{bump: bump}
	p.ExtendBaseWidget(p)
	return p
}

func (p *pad) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

func (p *pad) Dragged(e *fyne.DragEvent)     { p.bump(fmt.Sprintf("drag %.0f", e.Position.Y)) }
func (p *pad) DragEnd()                      {}
func (p *pad) Scrolled(e *fyne.ScrollEvent)  { p.bump("scroll") }
func (p *pad) Tapped(*fyne.PointEvent)       { p.bump("tap") }
func (p *pad) DoubleTapped(*fyne.PointEvent) { p.bump("double-tap") }
