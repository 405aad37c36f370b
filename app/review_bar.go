package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// reviewBar is the line above the article during a review: the lanes'
// legend (each annotator's colour and key), the curator, how many
// disagreements are open, and buttons for the mouse that do what the
// keys do.
type reviewBar struct {
	r        *review
	legend   *fyne.Container
	progress *widget.Label
	buttons  *fyne.Container
	obj      *fyne.Container
}

func newReviewBar(r *review) *reviewBar {
	b := &reviewBar{r: r, legend: container.NewHBox(), progress: widget.NewLabel(""), buttons: container.NewHBox()}
	b.progress.Truncation = fyne.TextTruncateEllipsis
	b.obj = container.NewVBox(container.NewBorder(nil, nil, b.legend, nil, b.progress), b.buttons)
	b.obj.Hide()
	return b
}

// show rebuilds the legend and buttons for the review's annotators.
func (b *reviewBar) show() {
	r := b.r
	b.legend.Objects = nil
	b.buttons.Objects = nil
	button := func(label string, fn func()) {
		bt := widget.NewButton(label, r.u.unlessCovered(func() {
			fn()
			r.u.win.Canvas().Focus(r.u.view)
		}))
		bt.Importance = widget.LowImportance
		b.buttons.Add(bt)
	}
	button("◀ Prev", func() { r.step(-1) })
	button("Next ▶", func() { r.step(1) })
	for i, name := range r.names {
		sw := canvas.NewRectangle(annotatorColor(i))
		sw.SetMinSize(fyne.NewSize(10, 10))
		sw.CornerRadius = 2
		b.legend.Add(container.NewCenter(sw))
		b.legend.Add(widget.NewLabel(fmt.Sprintf("%d %s", i+1, name)))
		k := i
		button(fmt.Sprint(i+1), func() { r.decide(k) })
	}
	button("Both", func() { r.decide(choiceBoth) })
	button("None", func() { r.decide(choiceNone) })
	end := widget.NewButtonWithIcon("End review", theme.CancelIcon(), r.u.unlessCovered(r.u.EndReview))
	end.Importance = widget.LowImportance
	b.buttons.Add(end)
	b.obj.Show()
	b.refresh()
}

func (b *reviewBar) hide() { b.obj.Hide() }

// refresh shows how far the review of the open article is.
func (b *reviewBar) refresh() {
	r := b.r
	if !r.on {
		return
	}
	text := "→ " + r.gold + " · "
	switch {
	case r.u.art == nil:
		text += "no article"
	case r.m == nil:
		text += "reading…"
	case len(r.m.dis) == 0:
		text += "no disagreements"
	default:
		text += fmt.Sprintf("%d of %d disagreements open", r.open(-1), len(r.m.dis))
		if r.cur >= 0 {
			text += fmt.Sprintf(" · at %d", r.cur+1)
		}
	}
	setText(b.progress, text)
}
