package annotate

import "context"

// ChangeKind says what a Change changed.
type ChangeKind string

// The kinds of Change.
const (
	ChangeArticles ChangeKind = "articles" // articles were added or changed (an import): reload the list
	ChangeStatus   ChangeKind = "status"   // an annotator's status of an article
	ChangeSchema   ChangeKind = "schema"   // the label schema
	ChangeSpans    ChangeKind = "spans"    // an annotator's spans of an article
	// ChangeSuggestions: the suggestions waiting changed, an annotator's
	// in one article (their decisions), or everyone's in many (a run of
	// a source, ArticleID 0).
	ChangeSuggestions ChangeKind = "suggestions"
	// ChangeUnknown: changes may have been missed (the connection was
	// lost and is back): reload everything shown.
	ChangeUnknown ChangeKind = "unknown"
)

// Change is one committed change that a Watcher reports.
type Change struct {
	Kind      ChangeKind
	ArticleID int64  // for status, spans and suggestions
	Annotator string // whose status, spans or decisions
}

// Watcher is a Store that reports committed changes, by this process or
// another one, as they happen: a window on a shared database uses it to
// show others' work within a second, where Generation has to be polled.
// Stores that cannot watch do not implement it; Generation works on all.
type Watcher interface {
	// Watch calls fn for each change committed after Watch began listening,
	// from one goroutine, in commit order, until ctx ends; then it returns
	// ctx's error. A change made by one transaction may be reported as
	// several, and one action's changes may be coalesced. When the store
	// loses its database Watch reports a ChangeOffline and keeps trying;
	// once it is back it reports a ChangeUnknown. It reports a
	// ChangeUnknown first, as soon as it listens, since changes committed
	// before then may have been missed. Other errors end Watch.
	Watch(ctx context.Context, fn func(Change)) error
}
