package app

import (
	"context"

	"github.com/tagdesk/tagdesk/annotate"
)

// LabelSpans adds spans to the open article as one step, in one
// transaction, shown with one update of each panel ("Label all" does
// this); done, when not nil, runs on the UI goroutine afterwards. It
// reports whether the step was queued (see edit).
func (u *UI) LabelSpans(spans []annotate.Span, done func(err error)) bool {
	return u.edit("label all matches", func(ctx context.Context, h *History) error {
		_, err := h.AddSpans(ctx, spans)
		return err
	}, done)
}

// Undo takes back the open article's last step, as Ctrl+Z does.
func (u *UI) Undo() { u.undo() }
