package app

import (
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/tagdesk/tagdesk/annotate"
)

// warmDelay is how long the window waits after an article opened, or
// after a change was saved, before it prepares the next one: the open's
// own frame comes first, and a user who holds Ctrl+PageDown down does
// not pay for articles only passed over.
const warmDelay = 150 * time.Millisecond

// openData is what opening an article reads from the store.
type openData struct {
	id      int64
	art     *annotate.Article
	spans   []annotate.Span
	status  annotate.Status
	flag    annotate.Flag
	flagErr error // the flag could not be read: the open says so and goes on
	rels    []annotate.Relation
	relErr  error // the same for the relations

	// Read ahead: from which store, for whom, at which of its generations
	// (before the reads).
	store     annotate.Store
	annotator string
	gen       int64
}

// readOpen reads article id for opening; what says which read failed.
func (u *UI) readOpen(id int64) (d openData, what string, err error) {
	d.id = id
	if d.art, err = u.store.Article(u.ctx, id); err != nil {
		return d, "open the article", err
	}
	if d.spans, err = u.store.Spans(u.ctx, id, u.annotator); err != nil {
		return d, "read the article's spans", err
	}
	if d.status, err = u.store.Status(u.ctx, id, u.annotator); err != nil {
		return d, "read the article's status", err
	}
	d.flag, d.flagErr = u.readFlag(id)
	if rs, ok := u.store.(annotate.RelationStore); ok {
		d.rels, d.relErr = rs.Relations(u.ctx, id, u.annotator)
	}
	return d, "", nil
}

// takeAhead returns what warmNext read of article id, when nothing was
// committed to the store since (its generation is the same): one read
// where the open makes four to six (flags, relations).
func (u *UI) takeAhead(id int64) (openData, bool) {
	d := u.ahead
	u.ahead = nil
	if d == nil || d.id != id || d.store != u.store || d.annotator != u.annotator {
		return openData{}, false
	}
	g, err := u.store.Generation(u.ctx)
	return *d, err == nil && g == d.gen
}

// warmNext prepares the article after the open one in the list, the one
// Ctrl+PageDown opens: it reads it (takeAhead) and draws its first
// screen, its title and its row and the next in the list out of sight
// (ArticleView.Warm), so that opening it reads little and draws at once.
// A failed read is not shown: opening that article reads it again and
// says what is wrong.
func (u *UI) warmNext() {
	u.ahead = nil
	if u.art == nil || u.closed {
		return
	}
	i, ok := u.list.index(u.art.ID)
	if !ok {
		return
	}
	r, ok := u.list.row(i + 1)
	if !ok {
		return
	}
	g, err := u.store.Generation(u.ctx)
	if err != nil {
		return
	}
	d, _, err := u.readOpen(r.ID)
	if err != nil {
		return
	}
	if d.flagErr == nil && d.relErr == nil {
		d.store, d.annotator, d.gen = u.store, u.annotator, g
		u.ahead = &d
	}
	a := d.art
	title := a.Title
	if title == "" {
		title = a.ExtID
	}
	size := u.view.Theme().Size(theme.SizeNameText)
	shown := canvas.NewText(u.title.Shown(title, u.title.Size().Width), nil)
	shown.TextStyle, shown.TextSize = u.title.TextStyle, size
	more := []*canvas.Text{shown}
	// Its row, and the row after it, which the list shows in part when
	// it scrolls to that row.
	for _, k := range []int{i + 1, i + 2} {
		next, ok := u.list.row(k)
		if !ok {
			break
		}
		if row, ok := u.list.shownTitle(next); ok {
			t := canvas.NewText(row, nil)
			t.TextSize = size
			more = append(more, t)
		}
	}
	u.view.Warm(a.Text, u.places[r.ID], more...)
}
