package app

import (
	"sync/atomic"

	"github.com/tagdesk/tagdesk/annotate"
)

// A label is drawn the moment its key is pressed. Writing it waits for the
// commit, which waits for the disk (an fsync of SQLite's log, 8–60 ms on
// a slow disk), so the view draws the new span at once as a provisional
// span of its own, under a negative ID that no stored span has. The
// promise of "saved" is unchanged: the status bar says "saving…" until
// the commit, and the span list, the article list and "✓ saved" show the
// span only once it is committed. The commit's result replaces the
// provisional span by the stored one in the same frame; a failed commit
// takes it away again and says so.

// provisionalIDs hands out the provisional spans' IDs: negative, never
// reused, so that a provisional span left in a view that has since shown
// another article is never mistaken for a new one.
var provisionalIDs atomic.Int64

// showProvisional draws sp in the view before it is saved and returns the
// ID it is drawn under.
func (u *UI) showProvisional(sp annotate.Span) int64 {
	id := provisionalIDs.Add(-1)
	u.view.AddSpan(ViewSpan{ID: id, Start: sp.Start, End: sp.End, Label: sp.Label})
	return id
}

// settleProvisional ends provisional span id of article art once its
// commit has come back: the stored span (already told to the window by
// then) takes its place, or, when the commit failed, the view goes back to
// what is stored and the status bar says what was taken back.
func (u *UI) settleProvisional(id int64, sp annotate.Span, err error) {
	u.view.RemoveSpan(id)
	u.settleEarly(id, err)
	if err != nil && u.art != nil && u.art.ID == sp.ArticleID {
		u.bar.hint("Not saved, taken back: " + sp.Label + " “" + clip(u.ix.Slice(sp.Start, sp.End), 40) + "”: " + err.Error())
	}
}
