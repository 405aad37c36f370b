package app

import (
	"errors"
	"fmt"
	"sort"

	"fyne.io/fyne/v2/dialog"

	"github.com/tagdesk/tagdesk/annotate"
)

// This file holds what the user does to the open article: label, pick,
// edit, delete, undo, status. Every change goes through u.hist, whose Sink
// (the UI, below) mirrors it in the view, the lists and the status bar.

// selected is the view's OnSelect: the form shows the new selection.
// A new selection other than the picked span's range drops the pick, so
// the next label key labels the selection.
func (u *UI) selected(start, end int) {
	if sp, ok := u.pickedSpan(); ok && start != end && (min(start, end) != sp.Start || max(start, end) != sp.End) {
		u.pick(0)
		u.view.PickSpan(0)
	}
	u.form.refresh()
}

// selection returns the view's selection, ordered; ok when it is non-empty.
func (u *UI) selection() (start, end int, ok bool) {
	start, end = u.view.Selection()
	if start > end {
		start, end = end, start
	}
	return start, end, start < end && u.art != nil
}

// pickedSpan returns the span chosen for editing.
func (u *UI) pickedSpan() (annotate.Span, bool) {
	sp, ok := u.spans[u.picked]
	return sp, ok && u.picked != 0
}

// labelKey is a hot key 1-9: the schema's label on that key.
func (u *UI) labelKey(key string) {
	if u.schema == nil {
		return
	}
	if l := u.schema.LabelByKey(key); l != nil {
		u.applyLabel(l.Name)
	}
}

// applyLabel labels the selection, or relabels the picked span when there
// is no new selection (a selection equal to the picked span's range counts
// as none).
func (u *UI) applyLabel(name string) {
	if u.art == nil {
		return
	}
	start, end, sel := u.selection()
	if sp, ok := u.pickedSpan(); ok && (!sel || (sp.Start == start && sp.End == end)) {
		if sp.Label == name {
			return
		}
		after := sp
		after.Label = name
		after.Attrs = keepAttrs(u.schema.Label(name), sp.Attrs)
		u.updateSpan(sp, after)
		return
	}
	if !sel {
		u.bar.hint("Select some text first, then press a label key.")
		return
	}
	added, err := u.hist.AddSpans(u.ctx, []annotate.Span{{ArticleID: u.art.ID, Start: start, End: end,
		Label: name, Annotator: u.annotator}})
	if err != nil {
		u.changeFailed("label the selection", err)
		return
	}
	u.view.SetSelection(end, end)
	u.pick(added[0].ID)
	u.view.PickSpan(added[0].ID)
}

// keepAttrs keeps the attributes that label l also has.
func keepAttrs(l *annotate.Label, attrs map[string]string) map[string]string {
	if l == nil || len(attrs) == 0 {
		return nil
	}
	out := map[string]string{}
	for k, v := range attrs {
		if l.Attr(k) != nil {
			out[k] = v
		}
	}
	return out
}

// pick chooses a span for editing in the form (0: none).
func (u *UI) pick(id int64) {
	if id == u.picked {
		return
	}
	u.form.flush()
	if _, ok := u.spans[id]; !ok {
		id = 0
	}
	u.picked = id
	u.form.refresh()
	u.spanList.showPicked()
}

// pickAndShow picks a span and shows it in the view (span list clicks).
func (u *UI) pickAndShow(id int64) {
	sp, ok := u.spans[id]
	if !ok {
		return
	}
	u.pick(id)
	u.view.PickSpan(id)
	u.view.ScrollTo(sp.Start)
	u.win.Canvas().Focus(u.view)
}

// updateSpan stores an edit as one undoable step; it reports whether the
// edit was saved (a failure is shown in a dialog).
func (u *UI) updateSpan(before, after annotate.Span) bool {
	if err := u.hist.UpdateSpan(u.ctx, before, after); err != nil {
		u.changeFailed("change the span", err)
		return false
	}
	return true
}

// deletePicked removes the picked span (Delete, Backspace, the button).
func (u *UI) deletePicked() {
	sp, ok := u.pickedSpan()
	if !ok {
		u.bar.hint("Click a span first to delete it.")
		return
	}
	u.form.cancel()
	if err := u.hist.DeleteSpan(u.ctx, sp); err != nil {
		u.changeFailed("delete the span", err)
	}
}

func (u *UI) undo() {
	if u.hist == nil {
		return
	}
	u.form.flush()
	what, err := u.hist.Undo(u.ctx)
	if err != nil {
		u.changeFailed("undo", err)
	} else if what == "" {
		u.bar.hint("Nothing to undo in this article.")
	} else {
		u.bar.hint("Undid " + what + ".")
	}
}

func (u *UI) redo() {
	if u.hist == nil {
		return
	}
	u.form.flush()
	what, err := u.hist.Redo(u.ctx)
	if err != nil {
		u.changeFailed("redo", err)
	} else if what == "" {
		u.bar.hint("Nothing to redo.")
	} else {
		u.bar.hint("Redid " + what + ".")
	}
}

// setStatus changes the annotator's status of the open article.
func (u *UI) setStatus(st annotate.Status) bool {
	if u.art == nil {
		return false
	}
	u.form.flush()
	if u.status == st {
		return true
	}
	if err := u.hist.SetStatus(u.ctx, u.art.ID, u.annotator, u.status, st); err != nil {
		u.changeFailed("set the status", err)
		return false
	}
	return true
}

// markDone marks the article done and opens the next one not done.
func (u *UI) markDone() {
	if u.setStatus(annotate.StatusDone) {
		u.openNext()
	}
}

// skip marks the article skipped and moves on.
func (u *UI) skip() {
	if u.setStatus(annotate.StatusSkipped) {
		u.openNext()
	}
}

func (u *UI) openNext() {
	if u.art == nil {
		return
	}
	if id, ok := u.list.nextOpen(u.art.ID); ok {
		u.open(id)
		return
	}
	u.bar.hint("Every article is done or skipped. Well done!")
}

// Sink: the History reports each committed change here.

func (u *UI) SpanAdded(sp annotate.Span) {
	if u.art == nil || sp.ArticleID != u.art.ID {
		return
	}
	u.spans[sp.ID] = sp
	u.insertOrder(sp.ID)
	u.view.AddSpan(ViewSpan{ID: sp.ID, Start: sp.Start, End: sp.End, Label: sp.Label})
	u.afterChange()
}

func (u *UI) SpanChanged(sp annotate.Span) {
	if _, ok := u.spans[sp.ID]; !ok {
		return
	}
	u.removeOrder(sp.ID)
	u.spans[sp.ID] = sp
	u.insertOrder(sp.ID)
	u.view.UpdateSpan(ViewSpan{ID: sp.ID, Start: sp.Start, End: sp.End, Label: sp.Label})
	if sp.ID == u.picked {
		u.form.refresh()
	}
	u.afterChange()
}

func (u *UI) insertOrder(id int64) {
	i := sort.Search(len(u.order), func(i int) bool { return !u.less(u.order[i], id) })
	u.order = append(u.order, 0)
	copy(u.order[i+1:], u.order[i:])
	u.order[i] = id
}

func (u *UI) SpanRemoved(id int64) {
	if _, ok := u.spans[id]; !ok {
		return
	}
	u.removeOrder(id)
	delete(u.spans, id)
	u.view.RemoveSpan(id)
	if id == u.picked {
		u.picked = 0
		u.form.refresh()
	}
	u.afterChange()
}

func (u *UI) removeOrder(id int64) {
	for i, o := range u.order {
		if o == id {
			u.order = append(u.order[:i], u.order[i+1:]...)
			return
		}
	}
}

func (u *UI) StatusChanged(articleID int64, st annotate.Status) {
	if u.art != nil && articleID == u.art.ID {
		u.status = st
	}
	u.list.statusChanged(articleID, st)
	u.bar.saved()
}

// afterChange refreshes what depends on the open article's spans.
func (u *UI) afterChange() {
	u.spanList.refresh()
	if u.art != nil {
		u.list.spansChanged(u.art.ID, len(u.spans))
	}
	u.bar.saved()
}

// showError shows err in a dialog; the window and its work stay.
func (u *UI) showError(what string, err error) {
	dialog.ShowError(fmt.Errorf("Could not %s: %w\n\n%s", what, err, advice(err)), u.win)
}

// errBusy refuses a change while an import runs (see setBusy).
var errBusy = errors.New("wait for the import to finish")

// busyHint is what the status bar says when a change is refused.
const busyHint = "Wait for the import to finish: nothing is changed while it runs."

// setBusy starts or ends a time in which changes are refused: while an
// import from this window runs, it holds the store's only write
// connection, and a change would wait for it on the UI goroutine, freezing
// the window. Every change goes through a History, whose Gate (u.gate)
// refuses it; the form's text fields are read-only meanwhile, so nothing
// typed can be lost.
func (u *UI) setBusy(b bool) {
	u.busy = b
	u.form.setEditable(!b)
	if b {
		u.bar.hint(busyHint)
	} else {
		u.bar.hint("")
	}
}

// gate is every History's Gate.
func (u *UI) gate() error {
	if u.busy {
		return errBusy
	}
	return nil
}

// committed is every History's Committed: the store's generation after
// this window's own change, so that the poll reloads only for other
// processes' changes.
func (u *UI) committed() {
	if g, err := u.store.Generation(u.ctx); err == nil {
		u.gen = max(u.gen, g)
	}
}

// changeFailed reports a change the store refused; nothing was saved.
func (u *UI) changeFailed(what string, err error) {
	if errors.Is(err, errBusy) {
		u.bar.hint(busyHint)
		return
	}
	u.bar.hint("Not saved: " + err.Error())
	u.showError(what, err)
}

// advice says what to do about err.
func advice(err error) string {
	switch {
	case errors.Is(err, annotate.ErrConflict):
		return "You already have that span with that label; nothing was changed."
	case errors.Is(err, annotate.ErrInvalid):
		return "The change does not fit the article or the label schema; nothing was changed."
	case errors.Is(err, annotate.ErrNotFound):
		return "It was removed meanwhile (by another window or an import?). Reopen the article to see what is stored."
	case errors.Is(err, annotate.ErrBusy):
		return "Another program holds the database. Wait for it to finish and try again."
	}
	return "Nothing was changed. Check that the database file is reachable and writable, then try again."
}
