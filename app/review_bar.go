package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// reviewBar is the block above the article during a review. Its first
// row has the buttons that do what the keys do (for the mouse) and how
// many disagreements are open; under it a compact line says which
// disagreement is walked to and how the versions differ, and one per annotator,
// in the lanes' order and colour, is the lanes' legend and says what
// that annotator has at the disagreement walked to ("nothing" where the
// lane shows a hollow box), attributes included, which the lanes cannot
// show.
type reviewBar struct {
	r        *review
	progress *widget.Label
	buttons  *fyne.Container
	lines    *fyne.Container
	at       *widget.Label   // the disagreement walked to
	who      []*widget.Label // per annotator
	obj      *fyne.Container
}

func newReviewBar(r *review) *reviewBar {
	b := &reviewBar{r: r, progress: widget.NewLabel(""), buttons: container.NewHBox()}
	b.progress.Truncation = fyne.TextTruncateEllipsis
	b.lines = container.New(layout.NewCustomPaddedVBoxLayout(0))
	b.obj = container.NewVBox(container.NewBorder(nil, nil, b.buttons, nil, b.progress),
		container.New(layout.NewCustomPaddedLayout(0, 2, 8, 4), container.NewThemeOverride(b.lines, compactTheme{})))
	b.obj.Hide()
	return b
}

// show rebuilds the buttons and lines for the review's annotators.
func (b *reviewBar) show() {
	r := b.r
	b.buttons.Objects = nil
	b.at = widget.NewLabel("")
	b.at.Truncation = fyne.TextTruncateEllipsis
	b.at.TextStyle.Bold = true
	b.lines.Objects = []fyne.CanvasObject{b.at}
	b.who = nil
	button := func(label string, icon fyne.Resource, fn func()) {
		bt := widget.NewButtonWithIcon(label, icon, r.u.unlessCovered(func() {
			fn()
			r.u.win.Canvas().Focus(r.u.view)
		}))
		bt.Importance = widget.LowImportance
		b.buttons.Add(bt)
	}
	button("", theme.NavigateBackIcon(), func() { r.step(-1) })
	button("", theme.NavigateNextIcon(), func() { r.step(1) })
	for i, name := range r.names {
		k := i
		button(fmt.Sprint(i+1), nil, func() { r.decide(k) })
		sw := canvas.NewRectangle(annotatorColor(i))
		sw.SetMinSize(fyne.NewSize(10, 10))
		sw.CornerRadius = 2
		l := widget.NewLabel(name)
		l.Truncation = fyne.TextTruncateEllipsis
		b.who = append(b.who, l)
		b.lines.Add(container.NewBorder(nil, nil, container.NewCenter(sw), nil, l))
	}
	button("Both", nil, func() { r.decide(choiceBoth) })
	button("None", nil, func() { r.decide(choiceNone) })
	button("", theme.CancelIcon(), r.u.EndReview) // End review
	b.obj.Show()
	b.refresh()
}

func (b *reviewBar) hide() { b.obj.Hide() }

// refresh shows how far the review of the open article is, and each
// annotator's version of the disagreement walked to.
func (b *reviewBar) refresh() {
	r := b.r
	if !r.on {
		return
	}
	text := "→ " + r.gold + ": "
	switch {
	case r.u.art == nil:
		text += "no article"
	case r.m == nil:
		text += "reading…"
	case r.m.items() == 0:
		text += "no disagreements"
	default:
		text += fmt.Sprintf("%d of %d open", r.open(-1), r.m.items())
	}
	if _, ok := r.u.store.(annotate.ReviewStore); !ok {
		// A None leaves nothing behind: without the store's marks it is
		// open again in the next window.
		text += " · None lasts until the window closes"
	}
	setText(b.progress, text)
	at := ""
	switch {
	case r.m == nil || r.m.items() == 0:
	case r.cur < 0:
		at = "N walks to the next disagreement, Shift+N to the previous one."
	case r.cur >= len(r.m.dis):
		at = fmt.Sprintf("%d of %d: %s", r.cur+1, r.m.items(), r.m.rdis[r.cur-len(r.m.dis)].Kind)
	default:
		at = fmt.Sprintf("%d of %d: %s", r.cur+1, r.m.items(), r.m.dis[r.cur].Kind)
		if r.decided(r.cur) {
			at += " · decided"
		}
	}
	setText(b.at, at)
	for i, l := range b.who {
		setText(l, b.version(i))
	}
}

// version is annotator i's line: their name, and at the disagreement
// walked to what they have there.
func (b *reviewBar) version(i int) string {
	r := b.r
	s := fmt.Sprintf("%d %s", i+1, r.names[i])
	if r.m != nil && i < len(r.m.absent) && r.m.absent[i] {
		return s + " has not labelled this article"
	}
	if r.m == nil || r.cur < 0 || r.cur >= r.m.items() {
		if r.m != nil {
			s += fmt.Sprintf(" · %d spans", len(r.m.lanes[i].spans))
		}
		return s
	}
	if j := r.cur - len(r.m.dis); j >= 0 {
		return s + ": " + r.relSummary(r.m.rdis[j].Versions[i])
	}
	ver := r.m.dis[r.cur].Versions[i]
	if len(ver) == 0 {
		return s + ": nothing"
	}
	parts := make([]string, len(ver))
	for k, sp := range ver {
		parts[k] = spanSummary(r.u.ix, sp)
	}
	return s + ": " + strings.Join(parts, " · ")
}

// compactTheme is the current theme with less padding and smaller text,
// for the review bar's per-annotator lines.
type compactTheme struct{}

func (compactTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base().Color(n, v)
}
func (t compactTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base().Font(s) }
func (t compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }
func (t compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInnerPadding:
		return 1
	case theme.SizeNamePadding:
		return 2
	case theme.SizeNameText:
		return t.base().Size(n) - 1
	}
	return t.base().Size(n)
}
