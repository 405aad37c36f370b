package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// panesLayout lays out the window's three panes (outer: the article list
// | inner: the article, and the label form over the spans) so that the
// side panes keep their widths when the window is resized and the
// article takes the difference, as long as it keeps at least half of the
// window; in a narrower window the side panes share the other half in
// proportion to those widths, and take them again when it widens. The
// widths are the ones the panes were first laid out at, or the user gave
// them by dragging a divider. A new window is laid out at about its
// least width before it is given its size: from a width under 1.5 times
// the least, the panes are laid out in proportion, as Fyne's splits do.
//
// A resize then lays out and draws again only the centre: with the panes
// in proportion every row of the article list, the filter, the status
// choice and the label form were laid out at each step, each label's
// text measured and cut again.
type panesLayout struct {
	outer, inner *container.Split
	width        float32    // of the last layout
	want         [2]float32 // the list's and the right pane's widths to keep
	set          [2]float32 // their widths after the last layout
}

func newPanes(outer, inner *container.Split) *fyne.Container {
	return container.New(&panesLayout{outer: outer, inner: inner}, outer)
}

func (p *panesLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != p.width && p.width >= 1.5*p.MinSize(objs).Width {
		p.place(size.Width)
	}
	p.width = size.Width
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
	p.set = p.sides()
}

func (p *panesLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// sides returns the side panes' widths, zero when one is hidden.
func (p *panesLayout) sides() [2]float32 {
	o, i := p.outer, p.inner
	if !o.Leading.Visible() || !o.Trailing.Visible() || !i.Leading.Visible() || !i.Trailing.Visible() {
		return [2]float32{}
	}
	return [2]float32{o.Leading.Size().Width, i.Trailing.Size().Width}
}

// place sets the splits' offsets for width w.
func (p *panesLayout) place(w float32) {
	cur := p.sides()
	if cur[0] <= 0 || cur[1] <= 0 {
		return
	}
	if p.want == ([2]float32{}) || cur != p.set { // first, or a divider was dragged
		p.want = cur
	}
	d := 2 * p.outer.Theme().Size(theme.SizeNamePadding) // a divider's width, as Fyne's split has it
	list, right := p.want[0], p.want[1]
	if room := w/2 - 2*d; list+right > room {
		room = max(room, 0)
		list, right = room*list/(list+right), room*right/(list+right)
	}
	// As the split computes (computeSplitLengths), so that its float32
	// widths come out exactly as wanted and a side pane that keeps its
	// width is not laid out again.
	avail := float64(w - d)
	p.outer.Offset = float64(list) / avail
	avail = float64(float32(avail-p.outer.Offset*avail) - d) // the inner split's
	p.inner.Offset = (avail - float64(right)) / avail
}
