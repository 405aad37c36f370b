package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// palette is the quick pick of a label (key /): a modal pop-up with a
// filter entry that holds the keyboard and the labels that match what is
// typed. Up/Down choose, Enter applies the label to the selection (or
// relabels the chosen span), Esc closes; a click on a row applies it.
type palette struct {
	u     *UI
	entry *paletteEntry
	head  *widget.Label
	list  *widget.List
	pop   *widget.PopUp
	shown []int // indices into the schema's labels, best match first
	cur   int   // the row Enter applies: the list's selection
}

func newPalette(u *UI) *palette {
	p := &palette{u: u}
	p.entry = &paletteEntry{p: p}
	p.entry.ExtendBaseWidget(p.entry)
	p.entry.SetPlaceHolder("Type to filter the labels")
	p.entry.OnChanged = func(string) { p.filter() }
	p.head = widget.NewLabel("")
	p.head.Truncation = fyne.TextTruncateEllipsis
	p.list = widget.NewList(func() int { return len(p.shown) }, func() fyne.CanvasObject {
		sw := canvas.NewRectangle(color.Transparent)
		sw.SetMinSize(fyne.NewSize(14, 14))
		sw.CornerRadius = 3
		key := widget.NewLabelWithStyle("0w", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
		name := widget.NewLabel("LABEL")
		name.Truncation = fyne.TextTruncateEllipsis // a long description ends before the key column
		r := &paletteRow{p: p, box: container.NewBorder(nil, nil, container.NewCenter(sw), key, name)}
		r.ExtendBaseWidget(r)
		return r
	}, p.updateRow)
	box := &paletteBox{p: p, box: container.NewBorder(container.NewVBox(p.head, p.entry), nil, nil, nil, p.list)}
	box.ExtendBaseWidget(box)
	p.pop = widget.NewModalPopUp(box, u.win.Canvas())
	p.pop.Hide() // a new pop-up counts as visible until hidden
	return p
}

func (p *palette) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.shown) {
		return
	}
	l := p.u.schema.Labels[p.shown[i]]
	o.(*paletteRow).row = i
	c := o.(*paletteRow).box
	name := c.Objects[0].(*widget.Label)
	sw := c.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	key := c.Objects[2].(*widget.Label)
	text := l.Name
	if l.Description != "" {
		text += " — " + l.Description
	}
	setText(name, text)
	setText(key, p.u.keys[l.Name])
	sw.FillColor = p.u.colors[l.Name]
	sw.Refresh()
}

// show opens the palette over the window, sized to it, with an empty
// filter; the entry has the keyboard.
func (p *palette) show() {
	if p.u.schema == nil || p.visible() {
		return
	}
	u := p.u
	switch start, end, sel := u.selection(); {
	case sel:
		setText(p.head, fmt.Sprintf("Label “%s” as…", clip(u.ix.Slice(start, end), 40)))
	default:
		if sp, ok := u.pickedSpan(); ok {
			setText(p.head, fmt.Sprintf("Relabel %s “%s” as…", sp.Label, clip(u.ix.Slice(sp.Start, sp.End), 30)))
		} else {
			setText(p.head, "Select some text first; the labels:")
		}
	}
	p.entry.SetText("")
	p.filter()
	ws := u.win.Canvas().Size()
	p.pop.Resize(fyne.NewSize(min(420, ws.Width-40), min(460, ws.Height-60)))
	p.pop.Show()
	u.win.Canvas().Focus(p.entry)
}

// visible reports whether the palette is open.
func (p *palette) visible() bool { return p.pop.Visible() }

// hide closes the palette and gives the keyboard back to the text.
func (p *palette) hide() {
	p.pop.Hide()
	p.u.win.Canvas().Focus(p.u.view)
}

// filter shows the labels matching the entry, the best first.
func (p *palette) filter() {
	p.shown = matchLabels(p.u.schema.Labels, p.u.keys, p.entry.Text)
	p.list.Refresh()
	p.choose(0)
}

// choose makes row i the one Enter applies.
func (p *palette) choose(i int) {
	if len(p.shown) == 0 {
		p.cur = 0
		p.list.UnselectAll()
		return
	}
	p.cur = max(0, min(i, len(p.shown)-1))
	p.list.Select(p.cur)
}

// apply closes the palette and applies the chosen label.
func (p *palette) apply() {
	if p.cur >= len(p.shown) {
		return
	}
	name := p.u.schema.Labels[p.shown[p.cur]].Name
	p.hide()
	p.u.applyLabel(name)
}

// paletteRow is a row of the palette: a click applies its label (the
// list's selection only follows the keyboard).
type paletteRow struct {
	widget.BaseWidget
	p   *palette
	box *fyne.Container
	row int
}

func (r *paletteRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *paletteRow) Tapped(*fyne.PointEvent) {
	r.p.cur = r.row
	r.p.apply()
}

// paletteBox holds the palette; a click on it outside a row gives the
// keyboard back to the filter (a click takes the focus away first), so
// that no key reaches the window while the palette is open.
type paletteBox struct {
	widget.BaseWidget
	p   *palette
	box *fyne.Container
}

func (b *paletteBox) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(b.box) }

func (b *paletteBox) Tapped(*fyne.PointEvent) { b.p.u.win.Canvas().Focus(b.p.entry) }

// paletteEntry is the palette's filter: it keeps Up, Down, Enter and Esc
// for the palette and every other key to itself, so none reaches the view.
type paletteEntry struct {
	widget.Entry
	p *palette
}

func (e *paletteEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		e.p.hide()
	case fyne.KeyReturn, fyne.KeyEnter:
		e.p.apply()
	case fyne.KeyDown:
		e.p.choose(e.p.cur + 1)
	case fyne.KeyUp:
		e.p.choose(e.p.cur - 1)
	case fyne.KeyPageDown:
		e.p.choose(e.p.cur + 8)
	case fyne.KeyPageUp:
		e.p.choose(e.p.cur - 8)
	default:
		e.Entry.TypedKey(k)
	}
}

// matchLabels returns the indices of the labels that match q, best first:
// the label on key q, names starting with q, names containing it,
// descriptions containing it, then names holding its letters in order
// (jrs finds JURISDICTION); schema order within each rank. An empty q
// matches every label.
func matchLabels(labels []annotate.Label, keys map[string]string, q string) []int {
	q = strings.ToLower(strings.TrimSpace(q))
	ranks := make([][]int, 5)
	for i, l := range labels {
		name := strings.ToLower(l.Name)
		r := -1
		switch {
		case q == "":
			r = 0
		case keys[l.Name] == q:
			r = 0
		case strings.HasPrefix(name, q):
			r = 1
		case strings.Contains(name, q):
			r = 2
		case strings.Contains(strings.ToLower(l.Description), q):
			r = 3
		case subsequence(name, q):
			r = 4
		}
		if r >= 0 {
			ranks[r] = append(ranks[r], i)
		}
	}
	var out []int
	for _, r := range ranks {
		out = append(out, r...)
	}
	return out
}

// subsequence reports whether the runes of q appear in s in order.
func subsequence(s, q string) bool {
	rs := []rune(q)
	for _, r := range s {
		if len(rs) > 0 && r == rs[0] {
			rs = rs[1:]
		}
	}
	return len(rs) == 0
}
