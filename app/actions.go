package app

import (
	"context"

	"github.com/tagdesk/tagdesk/annotate"
)

// This file holds what the user does to the open article: label, pick,
// edit, delete, undo, status. Every change is queued as a step of u.hist
// on the window's writer (edit, save.go); the window shows it once it
// comes back committed (sink.go).

// selected is the view's OnSelect: the form shows the new selection.
// A new selection other than the picked span's range drops the pick, so
// the next label key labels the selection.
func (u *UI) selected(start, end int) {
	if sp, ok := u.pickedSpan(); ok && start != end && (min(start, end) != sp.Start || max(start, end) != sp.End) {
		u.pick(0)
		u.view.PickSpan(0)
	}
	u.form.refresh()
	u.rv.selected(start, end)
}

// selection returns the view's selection, ordered; ok when it is non-empty.
func (u *UI) selection() (start, end int, ok bool) {
	start, end = u.view.Selection()
	if start > end {
		start, end = end, start
	}
	return start, end, start < end && u.art != nil
}

// pickedSpan returns the span chosen for editing (see current).
func (u *UI) pickedSpan() (annotate.Span, bool) {
	if u.picked == 0 {
		return annotate.Span{}, false
	}
	return u.current(u.picked)
}

// current returns span id of the open article as it will be once the
// edits queued for it are committed. The form and the keys edit that, so
// that an edit made while an earlier one is still being saved builds on
// it instead of undoing it.
func (u *UI) current(id int64) (annotate.Span, bool) {
	sp, ok := u.spans[id]
	if !ok {
		return sp, false
	}
	if d, ok := u.drafts[id]; ok {
		return d.span, true
	}
	return sp, true
}

// draft is a span as its queued edits leave it, and how many are queued.
type draft struct {
	span annotate.Span
	n    int
}

// pendingAdd is a label of a selection being saved.
type pendingAdd struct {
	article    int64
	start, end int
	label      string
}

// labelKey is a hot key 1-9: the schema's label on that key.
func (u *UI) labelKey(key string) {
	if u.schema == nil || u.covered() {
		return
	}
	if l := u.schema.LabelByKey(key); l != nil && !u.acceptSuggestion(l.Name) {
		u.applyLabel(l.Name)
	}
}

// applyLabel labels the selection, or relabels the picked span when there
// is no new selection (a selection equal to the picked span's range counts
// as none). Once the new span is saved, it is picked and the selection
// gives way to it, unless the user has selected something else meanwhile.
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
		u.updateSpan(sp, after, func(err error) {
			if err == nil {
				u.labelled(after)
			}
		})
		return
	}
	if !sel {
		u.bar.hint("Select some text first, then press a label key.")
		return
	}
	art := u.art.ID
	key := pendingAdd{art, start, end, name}
	if u.adding[key] { // the same key again while the first is being saved
		return
	}
	sp := annotate.Span{ArticleID: art, Start: start, End: end, Label: name, Annotator: u.annotator}
	var added []annotate.Span
	var prov int64 // drawn at once, before the commit (optimistic.go)
	queued := u.edit("label the selection", func(ctx context.Context, h *History) (err error) {
		added, err = h.AddSpans(ctx, []annotate.Span{sp})
		return err
	}, func(err error) {
		delete(u.adding, key)
		u.settleProvisional(prov, sp, err)
		relation := u.rel != nil && u.rel.afterAdd == key // R was typed while it was saved
		if relation {
			u.rel.afterAdd = pendingAdd{}
		}
		if err != nil || u.art == nil || u.art.ID != art {
			return
		}
		u.labelled(added[0])
		if s, e, ok := u.selection(); !ok || s != start || e != end {
			return
		}
		u.view.SetSelection(end, end)
		u.pick(added[0].ID)
		u.view.PickSpan(added[0].ID)
		if relation {
			u.startRelation()
		}
	})
	if queued {
		u.adding[key] = true
		prov = u.showProvisional(sp)
		u.suggestEarly(prov, sp)
	}
}

// labelled tells of a label just applied ("PERSON: Wang Junzheng"), or
// warns when the span overlaps another of its label.
func (u *UI) labelled(sp annotate.Span) {
	if !u.warnOverlap(sp) && u.art != nil && sp.ArticleID == u.art.ID {
		u.bar.hint(sp.Label + ": " + clip(u.ix.Slice(sp.Start, sp.End), 60))
	}
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
	u.rel.picked(id)
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

// updateSpan queues an edit of a span (before → after, both with its
// current ID) as one undoable step, and reports whether it was queued;
// done, when not nil, hears whether it was saved. Until then current
// returns after for the span.
func (u *UI) updateSpan(before, after annotate.Span, done func(err error)) bool {
	id, store := after.ID, u.store
	queued := u.edit("change the span", func(ctx context.Context, h *History) error {
		return h.UpdateSpan(ctx, before, after)
	}, func(err error) {
		if d := u.drafts[id]; d != nil && u.store == store {
			if d.n--; d.n == 0 {
				delete(u.drafts, id)
			}
		}
		if done != nil {
			done(err)
		}
	})
	if queued {
		d := u.drafts[id]
		if d == nil {
			d = &draft{}
			u.drafts[id] = d
		}
		d.span = after
		d.n++
	}
	return queued
}

// moveBound moves the chosen span's start (end false) or end one step
// left (dir < 0) or right (Alt+arrows), as one undoable edit that keeps
// its label, attributes, note and canonical value. It reports whether
// there was a span to move; without one the keys move the caret.
func (u *UI) moveBound(end bool, dir int) bool {
	if u.covered() {
		return true
	}
	u.form.flush()
	sp, ok := u.pickedSpan()
	if !ok || u.art == nil {
		return false
	}
	s, e, ok := u.view.MovedBound(sp.Start, sp.End, end, dir)
	if !ok {
		u.bar.hint("The span cannot move that way: it keeps at least one character and stays in the text.")
		return true
	}
	u.setBounds(sp, s, e)
	if end {
		u.view.ScrollTo(e)
	} else {
		u.view.ScrollTo(s)
	}
	return true
}

// setBounds gives span sp the range [s, e) (a boundary key or handle) as
// one undoable edit that keeps everything else of it.
func (u *UI) setBounds(sp annotate.Span, s, e int) {
	if u.covered() || s < 0 || s >= e || u.ix == nil || e > u.ix.Len() {
		return
	}
	after := sp
	after.Start, after.End, after.Text = s, e, ""
	u.updateSpan(sp, after, func(err error) {
		if err == nil {
			u.labelled(after)
		}
	})
}

// deletePicked removes the picked span (Delete, Backspace, the button).
func (u *UI) deletePicked() {
	if u.covered() {
		return
	}
	sp, ok := u.pickedSpan()
	if !ok {
		u.bar.hint("Click a span first to delete it.")
		return
	}
	u.form.cancel()
	u.edit("delete the span", func(ctx context.Context, h *History) error {
		return h.DeleteSpan(ctx, sp)
	}, nil)
}

func (u *UI) undo() {
	if u.hist == nil {
		return
	}
	u.form.flush()
	var what string
	u.edit("undo", func(ctx context.Context, h *History) (err error) {
		what, err = h.Undo(ctx)
		return err
	}, func(err error) {
		switch {
		case err != nil:
		case what == "":
			u.bar.hint("Nothing to undo in this article.")
		default:
			u.bar.hint("Undid " + what + ".")
		}
	})
}

func (u *UI) redo() {
	if u.hist == nil {
		return
	}
	u.form.flush()
	var what string
	u.edit("redo", func(ctx context.Context, h *History) (err error) {
		what, err = h.Redo(ctx)
		return err
	}, func(err error) {
		switch {
		case err != nil:
		case what == "":
			u.bar.hint("Nothing to redo.")
		default:
			u.bar.hint("Redid " + what + ".")
		}
	})
}

// setStatus changes the annotator's status of the open article; once it
// is saved, then (when not nil) runs if the article is still open.
func (u *UI) setStatus(st annotate.Status, then func()) {
	if u.art == nil {
		return
	}
	u.form.flush()
	if u.status == st {
		if then != nil {
			then()
		}
		return
	}
	id, who := u.art.ID, u.annotator
	u.edit("set the status", func(ctx context.Context, h *History) error {
		return h.SetStatus(ctx, id, who, st)
	}, func(err error) {
		if err == nil && then != nil && u.art != nil && u.art.ID == id {
			then()
		}
	})
}

// markDone marks the article done and opens the next one not done.
func (u *UI) markDone() { u.setStatus(annotate.StatusDone, u.openNext) }

// skip marks the article skipped and moves on.
func (u *UI) skip() { u.setStatus(annotate.StatusSkipped, u.openNext) }

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
