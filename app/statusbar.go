package app

import (
	"fmt"
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
	b.expire = newDebounce(u, 0, func() { setText(b.msg, "") })
	b.who = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.article = widget.NewLabel("")
	b.msg = widget.NewLabel("")
	b.msg.Truncation = fyne.TextTruncateEllipsis
	b.mark = widget.NewLabel("")
	b.mark.Importance = widget.SuccessImportance
	b.skip = widget.NewButtonWithIcon("Skip (Ctrl+K)", theme.MediaSkipNextIcon(), u.skip)
	b.done = widget.NewButtonWithIcon("Done (Ctrl+Enter)", theme.ConfirmIcon(), u.markDone)
	b.done.Importance = widget.HighImportance
	left := container.NewHBox(b.who, widget.NewSeparator(), b.article, widget.NewSeparator())
	right := container.NewHBox(b.mark, b.skip, b.done)
	b.obj = container.NewBorder(widget.NewSeparator(), nil, left, right, b.msg)
	return b
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
}

// hint shows a short message about the open article for msgLife.
func (b *statusBar) hint(msg string) {
	setText(b.msg, msg)
	b.msgArticle = b.openID()
	if msg == "" {
		b.expire.stop()
		return
	}
	b.expire.delay = b.msgLife
	b.expire.start()
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
