package app

import "time"

// warmDelay is how long the window waits after an article opened before
// it draws the next one out of sight: the open's own frame comes first,
// and a user who holds Ctrl+PageDown down does not pay for articles only
// passed over.
const warmDelay = 150 * time.Millisecond

// warmNext draws the article after the open one in the list, the one
// Ctrl+PageDown opens, out of sight (ArticleView.Warm), so that opening it
// draws at once. A failed read is not shown: opening that article reads
// it again and says what is wrong.
func (u *UI) warmNext() {
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
	a, err := u.store.Article(u.ctx, r.ID)
	if err != nil {
		return
	}
	title := a.Title
	if title == "" {
		title = a.ExtID
	}
	u.view.Warm(a.Text, u.places[r.ID], title)
}
