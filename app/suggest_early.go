package app

import (
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// earlyLabel is a label drawn before it is saved and the suggestions it
// proposed in the article that were not there before.
type earlyLabel struct {
	span annotate.Span
	keys []annotate.SuggestionKey
}

// suggestEarly proposes what a label drawn before its commit (provisional
// span id) will propose, at once: the annotator sees the label's other
// occurrences in the same frame as the label. The commit proposes them
// again (nothing twice) and tells the corpus; a failed commit takes back
// what only this label proposed (settleEarly).
func (u *UI) suggestEarly(id int64, sp annotate.Span) {
	if u.suggestionStore() == nil || u.art == nil || sp.ArticleID != u.art.ID {
		return
	}
	if u.sugg.early == nil {
		u.sugg.early = map[int64]earlyLabel{}
	}
	u.sugg.early[id] = earlyLabel{span: sp} // its own place is covered
	keys := u.addSuggestions(u.propagate([]annotate.Span{sp}, false))
	u.sugg.early[id] = earlyLabel{span: sp, keys: keys}
}

// settleEarly ends provisional span id's early proposals once its commit
// came back; when it failed, what it alone proposed goes.
func (u *UI) settleEarly(id int64, err error) {
	e, ok := u.sugg.early[id]
	if !ok {
		return
	}
	delete(u.sugg.early, id)
	if err == nil {
		u.setItems(u.sugg.items)
		return
	}
	gone := make(map[annotate.SuggestionKey]bool, len(e.keys))
	for _, k := range e.keys {
		gone[k] = true
	}
	u.sugg.local = slices.DeleteFunc(u.sugg.local, func(s annotate.Suggestion) bool { return gone[s.Key()] })
	u.refreshSuggestions() // and what the label hid shows again
}
