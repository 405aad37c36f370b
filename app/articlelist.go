package app

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

// listPage is how many article summaries one query fetches.
const listPage = 200

// articleList is the left panel: a filter box, the annotator's progress
// and every article matching the filter with its status and span count.
// The list is virtualised: it knows only the count (Store.CountArticles)
// and fetches rows a page at a time (Store.ListArticles), caching pages, so
// it stays instant with tens of thousands of articles and never loads a
// text.
type articleList struct {
	u        *UI
	filter   *widget.Entry
	status   *widget.Select // which statuses the list shows (statusFilters)
	mine     *widget.Check  // only articles with the annotator's spans
	progress *widget.ProgressBar
	done     *widget.Label
	list     *widget.List
	obj      fyne.CanvasObject

	query    string
	count    int
	pages    map[int][]annotate.ArticleSummary
	queue    map[int64]bool // the articles assigned to the annotator (Store.Assigned)
	openID   int64
	debounce *debounce
	readErr  string    // the last failure to read a page, shown once
	rowTitle *fitLabel // a row's title label, as wide as every row's
}

func newArticleList(u *UI) *articleList {
	l := &articleList{u: u, pages: map[int][]annotate.ArticleSummary{}}
	l.debounce = newDebounce(u, 250*time.Millisecond, l.applyFilter)
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder("Filter by title or text")
	l.filter.OnChanged = func(string) { l.filterChanged() }
	l.filter.OnSubmitted = func(string) { l.applyFilter() }
	l.status = widget.NewSelect(statusFilterNames(), func(string) { l.reloadTop() })
	l.status.SetSelectedIndex(0)
	l.mine = widget.NewCheck("Only with my spans", func(bool) { l.reloadTop() })
	l.progress = widget.NewProgressBar()
	l.done = widget.NewLabel("")
	l.list = widget.NewList(
		func() int { return l.count },
		func() fyne.CanvasObject {
			chip := canvas.NewRectangle(color.Transparent)
			chip.SetMinSize(fyne.NewSize(4, 30))
			chip.CornerRadius = 2
			title := newFitLabel("title", fyne.TextStyle{})
			info := canvas.NewText("status", theme.Color(theme.ColorNamePlaceHolder))
			info.TextSize = theme.CaptionTextSize()
			return container.NewBorder(nil, nil, chip, nil,
				container.NewBorder(nil, container.NewPadded(info), nil, nil, title))
		},
		l.updateRow)
	l.list.OnSelected = func(i widget.ListItemID) {
		if r, ok := l.row(i); ok && r.ID != l.openID {
			u.open(r.ID)
		}
	}
	top := container.NewVBox(l.filter, l.status, l.mine, l.done, l.progress)
	l.obj = container.NewBorder(top, nil, nil, nil, l.list)
	return l
}

func (l *articleList) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	outer := o.(*fyne.Container)
	inner := outer.Objects[0].(*fyne.Container)
	chip := outer.Objects[1].(*canvas.Rectangle)
	title := inner.Objects[0].(*fitLabel)
	info := inner.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
	r, ok := l.row(i)
	if !ok {
		title.SetText("…")
		info.Text = ""
		info.Refresh()
		return
	}
	l.rowTitle = title
	title.SetText(rowTitle(r))
	info.Text = statusText(r.Status) + " · " + spanCount(r.Spans)
	if l.queue[r.ID] {
		info.Text = "assigned · " + info.Text
	}
	if r.Flagged {
		info.Text = "⚑ flagged · " + info.Text
	}
	info.Color = theme.Color(theme.ColorNamePlaceHolder)
	info.Refresh()
	chip.FillColor = statusColor(r.Status)
	chip.Refresh()
}

// rowTitle is the title a row shows for r.
func rowTitle(r annotate.ArticleSummary) string {
	if r.Title == "" {
		return r.ExtID
	}
	return r.Title
}

// shownTitle returns r's title as its row shows it, cut to the rows'
// width; ok is false before a row was drawn.
func (l *articleList) shownTitle(r annotate.ArticleSummary) (string, bool) {
	if l.rowTitle == nil {
		return "", false
	}
	return l.rowTitle.Shown(rowTitle(r), l.rowTitle.Size().Width), true
}

// statusText is a status as the list shows it.
func statusText(st annotate.Status) string {
	switch st {
	case annotate.StatusInProgress:
		return "in progress"
	case "":
		return "todo"
	}
	return string(st)
}

// statusColor marks a list row: nothing for todo, the theme's colours for
// the others.
func statusColor(st annotate.Status) color.Color {
	switch st {
	case annotate.StatusDone:
		return theme.Color(theme.ColorNameSuccess)
	case annotate.StatusInProgress:
		return theme.Color(theme.ColorNamePrimary)
	case annotate.StatusSkipped:
		return theme.Color(theme.ColorNameWarning)
	}
	return color.Transparent
}

// row returns row i, fetching its page when it is not cached.
func (l *articleList) row(i int) (annotate.ArticleSummary, bool) {
	if i < 0 || i >= l.count {
		return annotate.ArticleSummary{}, false
	}
	p := i / listPage
	rows, ok := l.pages[p]
	if !ok {
		var err error
		f := l.listFilter()
		f.Offset, f.Limit = p*listPage, listPage
		rows, err = l.u.store.ListArticles(l.u.ctx, f)
		if err != nil {
			// Shown once in the status bar, not in a dialog per row drawn;
			// the rows stay blank and are asked for again when redrawn.
			if msg := "Could not read the article list: " + err.Error(); msg != l.readErr {
				l.readErr = msg
				l.u.bar.hint(msg)
			}
			return annotate.ArticleSummary{}, false
		}
		l.readErr = ""
		l.pages[p] = rows
	}
	if k := i - p*listPage; k < len(rows) {
		return rows[k], true
	}
	return annotate.ArticleSummary{}, false
}

func (l *articleList) filterChanged() { l.debounce.start() }

func (l *articleList) applyFilter() {
	l.debounce.stop()
	if l.filter.Text == l.query {
		return
	}
	l.query = l.filter.Text
	l.reloadTop()
}

// reloadTop shows the list for a changed filter from its first row.
func (l *articleList) reloadTop() {
	if l.u.list == nil { // the status choice is set while the list is built
		return
	}
	l.reload()
	l.list.ScrollToTop()
}

// reload recounts the articles and progress and drops the cached pages;
// the open article stays selected.
func (l *articleList) reload() {
	n, err := l.u.store.CountArticles(l.u.ctx, l.listFilter())
	if err != nil {
		l.u.showError("count the articles", err)
		return
	}
	l.count = n
	l.pages = map[int][]annotate.ArticleSummary{}
	l.loadQueue()
	l.list.Refresh()
	l.showOpen(l.openID)
	l.refreshProgress()
}

func (l *articleList) refreshProgress() {
	p, err := l.u.store.Progress(l.u.ctx, l.u.annotator)
	if err != nil {
		l.done.SetText("progress unknown: " + err.Error())
		return
	}
	done := p.ByStatus[annotate.StatusDone]
	text := fmt.Sprintf("%d of %d done", done, p.Total)
	if s := p.ByStatus[annotate.StatusSkipped]; s > 0 {
		text += fmt.Sprintf(", %d skipped", s)
	}
	l.done.SetText(text)
	if p.Total > 0 {
		l.progress.SetValue(float64(p.Done()) / float64(p.Total))
	} else {
		l.progress.SetValue(0)
	}
}

// index returns the list index of article id among the cached pages.
func (l *articleList) index(id int64) (int, bool) {
	for p, rows := range l.pages {
		for k, r := range rows {
			if r.ID == id {
				return p*listPage + k, true
			}
		}
	}
	return 0, false
}

// showOpen selects the open article's row when it is at hand.
func (l *articleList) showOpen(id int64) {
	l.openID = id
	if id == 0 {
		return
	}
	i, ok := l.index(id)
	if !ok {
		if i, ok = l.locate(id); !ok {
			l.list.UnselectAll()
			return
		}
	}
	l.list.Select(i) // scrolls only when the row is out of sight
}

// locate finds article id's row by binary search over the pages (the list
// is in id order), fetching and caching the pages it looks at.
func (l *articleList) locate(id int64) (int, bool) {
	lo, hi := 0, (l.count-1)/listPage
	for lo <= hi && l.count > 0 {
		p := (lo + hi) / 2
		if _, ok := l.row(p * listPage); !ok {
			return 0, false
		}
		rows := l.pages[p]
		switch {
		case id < rows[0].ID:
			hi = p - 1
		case id > rows[len(rows)-1].ID:
			lo = p + 1
		default:
			for k, r := range rows {
				if r.ID == id {
					return p*listPage + k, true
				}
			}
			return 0, false
		}
	}
	return 0, false
}

// first returns the first article in the list.
func (l *articleList) first() (int64, bool) {
	r, ok := l.row(0)
	return r.ID, ok
}

// nextOpen returns the first article after id (in list order, wrapping
// around) that is neither done nor skipped, preferring the annotator's
// queue: only when every queued article in the list is done or skipped
// does it look at the others.
func (l *articleList) nextOpen(after int64) (int64, bool) {
	f := l.listFilter()
	if len(l.queue) > 0 && !f.Assigned {
		q := f
		q.Assigned = true
		if id, ok := l.nextOpenIn(q, after, false); ok {
			return id, true
		}
	}
	return l.nextOpenIn(f, after, true)
}

// nextOpenIn is nextOpen among the articles f matches. It reads them page
// by page from the store, starting at id's page when it is known (inList:
// f is the list's filter), so it sees statuses changed by others.
func (l *articleList) nextOpenIn(f annotate.ArticleFilter, after int64, inList bool) (int64, bool) {
	const page = 500
	start := 0
	if i, ok := l.index(after); ok && inList {
		start = i / page * page
	}
	f.Limit = page
	var wrapped int64
	scan := func(from, to int) (int64, bool) {
		for f.Offset = from; to < 0 || f.Offset < to; f.Offset += page {
			rows, err := l.u.store.ListArticles(l.u.ctx, f)
			if err != nil || len(rows) == 0 {
				break
			}
			for _, r := range rows {
				if r.Status == annotate.StatusDone || r.Status == annotate.StatusSkipped || r.ID == after {
					continue
				}
				if r.ID > after {
					return r.ID, true
				}
				if wrapped == 0 {
					wrapped = r.ID
				}
			}
		}
		return 0, false
	}
	if id, ok := scan(start, -1); ok {
		return id, true
	}
	if wrapped == 0 && start > 0 {
		scan(0, start)
	}
	return wrapped, wrapped != 0
}

// statusChanged updates the cached row of an article and the progress.
func (l *articleList) statusChanged(id int64, st annotate.Status) {
	l.patch(id, func(r *annotate.ArticleSummary) { r.Status = st })
	l.refreshProgress()
}

// spansChanged updates the span count of an article's cached row.
func (l *articleList) spansChanged(id int64, n int) {
	l.patch(id, func(r *annotate.ArticleSummary) { r.Spans = n })
}

func (l *articleList) patch(id int64, fn func(*annotate.ArticleSummary)) {
	for p, rows := range l.pages {
		for k := range rows {
			if rows[k].ID == id {
				fn(&rows[k])
				l.list.RefreshItem(p*listPage + k)
				return
			}
		}
	}
}

// step opens the article dir rows after (or before) the open one.
func (l *articleList) step(dir int) {
	i, ok := l.index(l.openID)
	if !ok {
		i = -1
		if dir < 0 {
			i = l.count
		}
	}
	if r, ok := l.row(i + dir); ok {
		l.u.open(r.ID)
	}
}
