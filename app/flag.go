package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// An annotator flags an article for the curator, with a comment that
// says why (Edit → Flag for the curator…, Ctrl+Shift+F). The flag is the
// annotator's own, stored by a store that keeps flags
// (annotate.FlagStore), exported in the record's meta ("flag", "comment")
// and shown in the article list, which can show only the flagged ones.
// Setting it is one undoable step, like every change of the article.

// FlagSink is a Sink that also hears about flags set or cleared.
type FlagSink interface {
	Sink
	FlagChanged(articleID int64, f annotate.Flag)
}

// setFlag changes an annotator's flag on an article.
type setFlag struct {
	article       int64
	annotator     string
	before, after annotate.Flag
}

func (c *setFlag) String() string {
	if c.after.Flagged {
		return "flag the article"
	}
	return "unflag the article"
}

func (c *setFlag) do(ctx context.Context, h *History) error   { return h.flag(ctx, c, c.after) }
func (c *setFlag) undo(ctx context.Context, h *History) error { return h.flag(ctx, c, c.before) }

// SetFlag sets the annotator's flag on an article (before: as it is now)
// as one undoable step; annotate.ErrInvalid when the store keeps no flags.
func (h *History) SetFlag(ctx context.Context, articleID int64, annotator string, before, after annotate.Flag) error {
	return h.apply(ctx, &setFlag{article: articleID, annotator: annotator, before: before, after: after})
}

func (h *History) flag(ctx context.Context, c *setFlag, f annotate.Flag) error {
	fs, ok := h.store.(annotate.FlagStore)
	if !ok {
		return errNoFlags
	}
	if err := fs.SetFlag(ctx, c.article, c.annotator, f); err != nil {
		return err
	}
	if s, ok := h.sink.(FlagSink); ok {
		s.FlagChanged(c.article, f)
	}
	return nil
}

var errNoFlags = &flagError{}

type flagError struct{}

func (*flagError) Error() string { return "this database does not keep flags" }
func (*flagError) Unwrap() error { return annotate.ErrInvalid }

func (l *eventLog) FlagChanged(articleID int64, f annotate.Flag) {
	l.add(func(s Sink) {
		if fs, ok := s.(FlagSink); ok {
			fs.FlagChanged(articleID, f)
		}
	})
}

// FlagChanged mirrors a flag set or cleared: the status bar and the
// article list's row.
func (u *UI) FlagChanged(articleID int64, f annotate.Flag) {
	if u.art != nil && u.art.ID == articleID {
		u.flag = f
	}
	u.list.patch(articleID, func(r *annotate.ArticleSummary) { r.Flagged = f.Flagged })
	u.bar.refresh()
}

// readFlag returns the annotator's flag on article id, the zero Flag when
// the store keeps none or it cannot be read (then the error too).
func (u *UI) readFlag(id int64) (annotate.Flag, error) {
	fs, ok := u.store.(annotate.FlagStore)
	if !ok {
		return annotate.Flag{}, nil
	}
	return fs.Flag(u.ctx, id, u.annotator)
}

// flagText is the flag as the status bar shows it, "" for none.
func flagText(f annotate.Flag) string {
	switch {
	case f.Flagged && f.Comment != "":
		return "⚑ flagged: " + clip(f.Comment, 40)
	case f.Flagged:
		return "⚑ flagged"
	}
	return ""
}

// flagArticle asks for the open article's flag and comment and saves
// them as one undoable step.
func (u *UI) flagArticle() {
	if u.art == nil || u.covered() {
		return
	}
	if _, ok := u.store.(annotate.FlagStore); !ok {
		u.bar.hint("This database does not keep flags.")
		return
	}
	before := u.flag
	check := widget.NewCheck("Flag this article for the curator", nil)
	check.Checked = before.Flagged || before.IsZero() // asked for: flagged unless unticked
	comment := newFlagComment()
	comment.Wrapping = fyne.TextWrapWord
	comment.SetPlaceHolder("What is unclear? e.g. is XPCC an ORG or a JURISDICTION?")
	comment.SetText(before.Comment)
	comment.SetMinRowsVisible(3)
	var d dialog.Dialog
	saveFlag := func() {
		d.Hide()
		after := annotate.Flag{Flagged: check.Checked, Comment: strings.TrimSpace(comment.Text)}
		u.setFlag(before, after)
	}
	comment.onSubmit = saveFlag
	comment.onEsc = func() { d.Hide() }
	save := widget.NewButton("Save", saveFlag)
	save.Importance = widget.HighImportance
	body := container.NewBorder(nil,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { d.Hide() }), save),
		nil, nil, container.NewVBox(check, comment))
	d = dialog.NewCustomWithoutButtons("Flag for the curator", body, u.win)
	d.Resize(fyne.NewSize(480, 240))
	u.showDialog(d, dialogCancel)
	u.win.Canvas().Focus(comment)
}

// setFlag queues the open article's flag change (before → after).
func (u *UI) setFlag(before, after annotate.Flag) {
	if after == before || u.art == nil {
		return
	}
	art, who := u.art.ID, u.annotator
	u.edit("flag the article", func(ctx context.Context, h *History) error {
		return h.SetFlag(ctx, art, who, before, after)
	}, func(err error) {
		if err == nil && u.art != nil && u.art.ID == art {
			if after.Flagged {
				u.bar.hint("Flagged for the curator (Ctrl+Z takes it back).")
			} else {
				u.bar.hint("Flag removed.")
			}
		}
	})
}

// flagComment is the flag dialog's comment: Enter saves (Shift+Enter
// starts a new line) and Tab goes on to the buttons, so that the dialog
// is done with the keyboard alone.
type flagComment struct {
	widget.Entry
	shift    bool
	onSubmit func()
	onEsc    func()
}

func newFlagComment() *flagComment {
	e := &flagComment{}
	e.MultiLine = true
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab lets Tab move the focus on.
func (e *flagComment) AcceptsTab() bool { return false }

// KeyDown tracks Shift.
func (e *flagComment) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

// KeyUp tracks Shift.
func (e *flagComment) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

// TypedKey saves on Enter (Shift+Enter is a new line) and cancels on
// Esc.
func (e *flagComment) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEsc != nil {
		e.onEsc()
		return
	}
	if (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && !e.shift && e.onSubmit != nil {
		e.onSubmit()
		return
	}
	e.Entry.TypedKey(k)
}
