package app

import (
	"fmt"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// statusBar is the window's bottom line: who is annotating, the open
// article's span count and status, the last message (gone after msgLife,
// or when another article is opened: it speaks of the article open when
// it was given), and a mark that
// says "saving…" while changes are queued and "✓ saved" with the time of
// the last commit once every one is committed.
type statusBar struct {
	u       *UI
	who     *widget.Label
	article *widget.Label
	msg     *widget.Label
	mark    *widget.Label
	skip    *widget.Button
	done    *widget.Button
	row     *fyne.Container // laid out by barLayout
	obj     fyne.CanvasObject

	savedAt time.Time // the last commit of a change

	msgArticle int64         // the article open when the message was given
	msgLife    time.Duration // how long a message stays
	expire     *debounce
}

// msgLife is how long a status bar message stays.
const msgLife = 6 * time.Second

func newStatusBar(u *UI) *statusBar {
	b := &statusBar{u: u, msgLife: msgLife}
	b.expire = newDebounce(u, 0, func() { setText(b.msg, ""); b.relayout() })
	b.who = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.article = widget.NewLabel("")
	b.msg = widget.NewLabel("")
	b.msg.Truncation = fyne.TextTruncateEllipsis
	b.mark = widget.NewLabel("")
	b.mark.Importance = widget.SuccessImportance
	b.skip = widget.NewButtonWithIcon("Skip (Ctrl+K)", theme.MediaSkipNextIcon(), u.skip)
	b.done = widget.NewButtonWithIcon("Done (Ctrl+Enter)", theme.ConfirmIcon(), u.markDone)
	b.done.Importance = widget.HighImportance
	b.article.Truncation = fyne.TextTruncateEllipsis
	right := container.NewHBox(b.mark, b.skip, b.done)
	b.row = container.New(barLayout{}, b.who, widget.NewSeparator(), b.article, widget.NewSeparator(), b.msg, right)
	b.obj = container.NewBorder(widget.NewSeparator(), nil, nil, nil, b.row)
	return b
}

// relayout shares the row's width out again after a text changed (a
// label cut with an ellipsis keeps its minimum size, so nothing else
// would).
func (b *statusBar) relayout() {
	if b.row != nil && !b.row.Size().IsZero() {
		b.row.Layout.Layout(b.row.Objects, b.row.Size())
	}
}

// barLayout lays the status bar's row out: the annotator, a separator,
// the article's state, a separator, the message, and the mark and
// buttons at the right. The article's state and the message share what
// the others leave: the message (what a key did, what to press next)
// gets the room its text needs first, the article's state at least
// barArticleMin of it, and either is cut with an ellipsis when short.
type barLayout struct{}

// barArticleMin is the least width the article's state keeps.
const barArticleMin = 120

func (barLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := theme.Padding()*float32(len(objs)-1), float32(0)
	for _, o := range objs {
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}

func (barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	who, sep1, art, sep2, msg, right := objs[0], objs[1], objs[2], objs[3], objs[4], objs[5]
	pad := theme.Padding()
	fixed := who.MinSize().Width + sep1.MinSize().Width + sep2.MinSize().Width + right.MinSize().Width + 5*pad
	avail := max(size.Width-fixed, 0)
	artW := labelWidth(art.(*widget.Label))
	if need := labelWidth(msg.(*widget.Label)); artW+need > avail {
		artW = max(avail-need, min(artW, barArticleMin))
	}
	artW = min(artW, avail)
	x := float32(0)
	for _, o := range []struct {
		obj fyne.CanvasObject
		w   float32
	}{{who, who.MinSize().Width}, {sep1, sep1.MinSize().Width}, {art, artW}, {sep2, sep2.MinSize().Width}, {msg, avail - artW}} {
		o.obj.Move(fyne.NewPos(x, 0))
		o.obj.Resize(fyne.NewSize(o.w, size.Height))
		x += o.w + pad
	}
	rw := right.MinSize().Width
	right.Move(fyne.NewPos(size.Width-rw, 0))
	right.Resize(fyne.NewSize(rw, size.Height))
}

// labelWidth is the width l needs to show its text whole (with a few
// pixels to spare: a driver's glyphs can round wider than the measure).
func labelWidth(l *widget.Label) float32 {
	if l.Text == "" {
		return 0
	}
	return float32(math.Ceil(float64(fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width))) + 2*theme.InnerPadding() + theme.Padding()
}

// refresh shows the annotator and the open article's state.
func (b *statusBar) refresh() {
	who := b.u.annotator
	if who == "" {
		who = "(no name)"
	}
	setText(b.who, "✎ "+who)
	if b.msgArticle != b.openID() {
		b.hint("")
	}
	if b.u.art == nil {
		setText(b.article, "no article")
		b.relayout()
		b.skip.Disable()
		b.done.Disable()
		return
	}
	b.skip.Enable()
	b.done.Enable()
	art := spanCount(len(b.u.spans)) + " · " + statusText(b.u.status)
	if f := flagText(b.u.flag); f != "" {
		art += " · " + f
	}
	setText(b.article, art+b.u.suggestionsText())
	b.relayout()
	imp := widget.HighImportance
	if b.u.status == annotate.StatusDone {
		imp = widget.MediumImportance
	}
	if b.done.Importance != imp {
		b.done.Importance = imp
		b.done.Refresh()
	}
}

// showMark shows whether changes are being saved, or when the last one
// was committed.
func (b *statusBar) showMark() {
	text, imp := "", widget.SuccessImportance
	switch {
	case b.u.offline:
		text, imp = "offline — reconnecting", widget.DangerImportance
		if b.u.pending > 0 {
			text += fmt.Sprintf(" (%d waiting)", b.u.pending)
		}
	case b.u.pending > 0:
		text, imp = "saving…", widget.MediumImportance
	case !b.savedAt.IsZero():
		text = "✓ saved " + b.savedAt.Format("15:04:05")
	}
	if b.mark.Importance != imp {
		b.mark.Importance = imp
		b.mark.Refresh()
	}
	setText(b.mark, text)
	b.relayout()
}

// hint shows a short message about the open article for msgLife.
func (b *statusBar) hint(msg string) {
	setText(b.msg, msg)
	b.relayout()
	b.msgArticle = b.openID()
	if msg == "" {
		b.expire.stop()
		return
	}
	b.expire.delay = b.msgLife
	b.expire.start()
}

// steady shows a message about the open article until another replaces
// it.
func (b *statusBar) steady(msg string) {
	setText(b.msg, msg)
	b.relayout()
	b.msgArticle = b.openID()
	b.expire.stop()
}

func (b *statusBar) openID() int64 {
	if b.u.art == nil {
		return 0
	}
	return b.u.art.ID
}

// spanCount says "1 span", "2 spans".
func spanCount(n int) string {
	if n == 1 {
		return "1 span"
	}
	return fmt.Sprintf("%d spans", n)
}
