package app

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/tagdesk/tagdesk/annotate"
)

// This file holds how the window mirrors committed changes (the UI is the
// Sink its Histories' steps are replayed to, see stepDone) and how it
// reports changes that failed or were refused.

func (u *UI) SpanAdded(sp annotate.Span) {
	if u.art == nil || sp.ArticleID != u.art.ID {
		return
	}
	if _, ok := u.spans[sp.ID]; ok { // read already when the article was opened
		u.SpanChanged(sp)
		return
	}
	u.spans[sp.ID] = sp
	u.insertOrder(sp.ID)
	u.view.AddSpan(ViewSpan{ID: sp.ID, Start: sp.Start, End: sp.End, Label: sp.Label})
	u.afterChange()
	u.suggestAfterSpan(sp)
}

func (u *UI) SpanChanged(sp annotate.Span) {
	if _, ok := u.spans[sp.ID]; !ok {
		return
	}
	u.removeOrder(sp.ID)
	u.spans[sp.ID] = sp
	u.insertOrder(sp.ID)
	u.view.UpdateSpan(ViewSpan{ID: sp.ID, Start: sp.Start, End: sp.End, Label: sp.Label})
	u.rel.spanChanged(sp.ID)
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
	u.rel.spanGone(id)
	u.removeOrder(id)
	delete(u.spans, id)
	u.view.RemoveSpan(id)
	if id == u.picked {
		u.picked = 0
		u.form.refresh()
	}
	u.afterChange()
	u.refreshSuggestions()
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
	u.bar.refresh()
}

// afterChange refreshes what depends on the open article's spans.
func (u *UI) afterChange() {
	u.spanList.refresh()
	if u.art != nil {
		u.list.spansChanged(u.art.ID, len(u.spans))
	}
	u.bar.refresh()
	u.rv.spansChanged()
}

// showError shows err in a dialog; the window and its work stay.
func (u *UI) showError(what string, err error) {
	if u.noticeDamage(err) {
		return
	}
	u.alert(fmt.Errorf("Could not %s: %w\n\n%s", what, err, advice(err)))
}

// busyHint is what the status bar says when a change is refused.
const busyHint = "Wait for the import to finish: nothing is changed while it runs."

// setBusy starts or ends a time in which changes are refused: while an
// import from this window runs, it holds the store's only write
// connection for the whole file, and a change queued behind it could wait
// longer than the store waits for a lock and fail. edit refuses every
// change meanwhile; the form's text fields are read-only, so nothing
// typed can be lost.
func (u *UI) setBusy(b bool) {
	u.busy = b || u.data.damage != nil
	u.form.setEditable(!u.busy)
	if u.busy {
		u.bar.hint(u.refusedHint())
	} else {
		u.bar.hint("")
	}
}

// changeFailed reports a change the store refused; nothing was saved.
func (u *UI) changeFailed(what string, err error) {
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

// SpansAdded mirrors a bulk add ("Label all", an undone bulk delete) with
// one update of each panel.
func (u *UI) SpansAdded(spans []annotate.Span) {
	var vs []ViewSpan
	for _, sp := range spans {
		if u.art == nil || sp.ArticleID != u.art.ID {
			continue
		}
		if _, ok := u.spans[sp.ID]; ok {
			u.SpanChanged(sp)
			continue
		}
		u.spans[sp.ID] = sp
		u.order = append(u.order, sp.ID)
		vs = append(vs, ViewSpan{ID: sp.ID, Start: sp.Start, End: sp.End, Label: sp.Label})
	}
	if len(vs) == 0 {
		return
	}
	sort.SliceStable(u.order, func(i, j int) bool { return u.less(u.order[i], u.order[j]) })
	u.view.AddSpans(vs)
	u.afterChange()
	u.suggestAfterSpan(spans...)
}

// SpansRemoved mirrors a bulk delete (the undo of "Label all") with one
// update of each panel.
func (u *UI) SpansRemoved(ids []int64) {
	gone := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if _, ok := u.spans[id]; ok {
			u.rel.spanGone(id)
			gone[id] = true
			delete(u.spans, id)
		}
	}
	if len(gone) == 0 {
		return
	}
	u.order = slices.DeleteFunc(u.order, func(id int64) bool { return gone[id] })
	u.view.RemoveSpans(ids)
	if gone[u.picked] {
		u.picked = 0
		u.form.refresh()
	}
	u.afterChange()
	u.refreshSuggestions()
}
