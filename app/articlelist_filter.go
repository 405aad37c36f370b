package app

import (
	"github.com/tagdesk/tagdesk/annotate"
)

// The list's filters: the status choice (the annotator's queue among
// them) and the "only with my spans" check.

// statusFilters are the status choices of the list, with their statuses
// (none: every status).
var statusFilters = []struct {
	name  string
	st    []annotate.Status
	queue bool // only the articles assigned to the annotator
	flag  bool // only the articles the annotator flagged
}{
	{"Any status", nil, false, false},
	{"Open (todo, in progress)", []annotate.Status{annotate.StatusTodo, annotate.StatusInProgress}, false, false},
	{"Todo", []annotate.Status{annotate.StatusTodo}, false, false},
	{"In progress", []annotate.Status{annotate.StatusInProgress}, false, false},
	{"Done", []annotate.Status{annotate.StatusDone}, false, false},
	{"Skipped", []annotate.Status{annotate.StatusSkipped}, false, false},
	{queueFilterName, nil, true, false},
	{"Flagged", nil, false, true},
}

// queueFilterName is the status choice that shows only the annotator's
// queue, chosen at start when they have one (showQueue).
const queueFilterName = "Only my queue"

// showQueue chooses the queue filter when the annotator has articles
// assigned, so the window shows their queue first; the list is not
// reloaded.
func (l *articleList) showQueue() {
	l.loadQueue()
	if len(l.queue) == 0 {
		return
	}
	on := l.status.OnChanged
	l.status.OnChanged = nil
	l.status.SetSelected(queueFilterName)
	l.status.OnChanged = on
}

// loadQueue reads which articles are assigned to the annotator.
func (l *articleList) loadQueue() {
	ids, err := l.u.store.Assigned(l.u.ctx, l.u.annotator)
	if err != nil {
		l.u.bar.hint("Could not read your queue: " + err.Error())
		return
	}
	l.queue = make(map[int64]bool, len(ids))
	for _, id := range ids {
		l.queue[id] = true
	}
}

func statusFilterNames() []string {
	var out []string
	for _, f := range statusFilters {
		out = append(out, f.name)
	}
	return out
}

// listFilter is what the list shows: the query, the status choice and
// the spans check, for the window's annotator.
func (l *articleList) listFilter() annotate.ArticleFilter {
	f := annotate.ArticleFilter{Query: l.query, Annotator: l.u.annotator, HasSpans: l.mine.Checked}
	if i := l.status.SelectedIndex(); i > 0 {
		f.Status, f.Assigned, f.Flagged = statusFilters[i].st, statusFilters[i].queue, statusFilters[i].flag
		suggestFilter(&f, statusFilters[i].name)
	}
	return f
}
