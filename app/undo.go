package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// Sink hears about every change a History makes to the store, so the
// window can mirror it (view, span list, status bar) without reloading.
type Sink interface {
	SpanAdded(sp annotate.Span)
	SpanChanged(sp annotate.Span)
	SpanRemoved(id int64)
	StatusChanged(articleID int64, st annotate.Status)
}

// BulkSink is a Sink that also hears about many spans added or removed
// by one step ("Label all" and its undo) at once, so that it updates each
// panel once rather than once per span.
type BulkSink interface {
	Sink
	SpansAdded(spans []annotate.Span)
	SpansRemoved(ids []int64)
}

// change is one undoable edit. do applies it (the first time and on every
// redo), undo reverts it; both go through the History so that span IDs
// are translated (see History.id).
type change interface {
	do(ctx context.Context, h *History) error
	undo(ctx context.Context, h *History) error
	String() string
}

// History is the undo stack of one article: a list of commands, each of
// which applies and reverts itself against the store. It is used from one
// goroutine at a time (the window's writer, see UI.edit).
//
// A span that is deleted and re-added (by an undo, or a redo of an add)
// gets a new ID from the store. Commands keep the ID the span had when it
// was first stored (its original ID); the History maps original IDs to
// current ones, so later commands about the same span keep working.
type History struct {
	store annotate.Store
	sink  Sink
	ids   idMap // original span ID -> current one
	rels  idMap // original relation ID -> current one (relations_history.go)
	done  []change
	redo  []change
}

// NewHistory returns an empty history working on store and telling sink
// (which may be nil) about each change.
func NewHistory(store annotate.Store, sink Sink) *History {
	return &History{store: store, sink: sink, ids: idMap{}, rels: idMap{}}
}

// CanUndo and CanRedo say whether Undo and Redo have something to do.
func (h *History) CanUndo() bool { return len(h.done) > 0 }
func (h *History) CanRedo() bool { return len(h.redo) > 0 }

// Current returns the current ID of the span first stored as orig.
func (h *History) Current(orig int64) int64 { return h.ids.current(orig) }

// Original returns the original ID of the span whose current ID is id.
func (h *History) Original(id int64) int64 { return h.ids.original(id) }

func (h *History) moved(orig, now int64) { h.ids.moved(orig, now) }

// idMap maps the IDs things were first stored under to their current
// ones, for those stored again under a new ID.
type idMap map[int64]int64

func (m idMap) current(orig int64) int64 {
	if id, ok := m[orig]; ok {
		return id
	}
	return orig
}

func (m idMap) original(id int64) int64 {
	for o, c := range m {
		if c == id {
			return o
		}
	}
	return id
}

func (m idMap) moved(orig, now int64) {
	if orig == now {
		delete(m, orig)
		return
	}
	m[orig] = now
}

// apply runs c and, when it succeeds, pushes it on the undo stack and
// forgets what was undone.
func (h *History) apply(ctx context.Context, c change) error {
	if err := c.do(ctx, h); err != nil {
		return err
	}
	h.done = append(h.done, c)
	h.redo = h.redo[:0]
	return nil
}

// Undo reverts the last change. It returns a description of what it undid,
// "" when there was nothing to undo. A change that fails to revert stays
// on the stack.
func (h *History) Undo(ctx context.Context) (string, error) {
	if len(h.done) == 0 {
		return "", nil
	}
	c := h.done[len(h.done)-1]
	if err := c.undo(ctx, h); err != nil {
		return "", fmt.Errorf("undo %s: %w", c, err)
	}
	h.done = h.done[:len(h.done)-1]
	h.redo = append(h.redo, c)
	return c.String(), nil
}

// Redo applies the last undone change again; "" when there is none.
func (h *History) Redo(ctx context.Context) (string, error) {
	if len(h.redo) == 0 {
		return "", nil
	}
	c := h.redo[len(h.redo)-1]
	if err := c.do(ctx, h); err != nil {
		return "", fmt.Errorf("redo %s: %w", c, err)
	}
	h.redo = h.redo[:len(h.redo)-1]
	h.done = append(h.done, c)
	return c.String(), nil
}

// AddSpans stores new spans as one step (a single label, or "Label all")
// in one transaction, and returns them with their IDs. If one fails,
// none is stored and nothing is recorded.
func (h *History) AddSpans(ctx context.Context, spans []annotate.Span) ([]annotate.Span, error) {
	if len(spans) == 0 {
		return nil, nil
	}
	c := &addSpans{spans: append([]annotate.Span(nil), spans...)}
	for i := range c.spans {
		c.spans[i].ID = 0
	}
	if err := h.apply(ctx, c); err != nil {
		return nil, err
	}
	out := make([]annotate.Span, len(c.spans))
	for i, sp := range c.spans {
		sp.ID = h.Current(sp.ID)
		out[i] = sp
	}
	return out, nil
}

// DeleteSpan removes sp (as it is now, with its current ID).
func (h *History) DeleteSpan(ctx context.Context, sp annotate.Span) error {
	sp.ID = h.Original(sp.ID)
	return h.apply(ctx, &deleteSpan{span: sp})
}

// UpdateSpan stores after in place of before (both with the current ID):
// a relabel, or an edit of attributes, note or canonical value.
func (h *History) UpdateSpan(ctx context.Context, before, after annotate.Span) error {
	orig := h.Original(before.ID)
	before.ID, after.ID = orig, orig
	return h.apply(ctx, &updateSpan{before: before, after: after})
}

// SetStatus sets the annotator's status of the article. Its undo
// restores the status stored when the change was made.
func (h *History) SetStatus(ctx context.Context, articleID int64, annotator string, after annotate.Status) error {
	return h.apply(ctx, &setStatus{article: articleID, annotator: annotator, after: after})
}

// addSpans adds one or more spans. Their IDs (original ones, once the
// first do has stored them) are kept in spans.
type addSpans struct {
	spans     []annotate.Span
	stBefore  annotate.Status // the annotator's status before the first add
	firstDone bool
}

func (c *addSpans) String() string {
	if len(c.spans) == 1 {
		return "label " + c.spans[0].Label
	}
	return fmt.Sprintf("label %d spans", len(c.spans))
}

func (c *addSpans) do(ctx context.Context, h *History) error {
	first := c.spans[0]
	if !c.firstDone {
		st, err := h.store.Status(ctx, first.ArticleID, first.Annotator)
		if err != nil {
			return err
		}
		c.stBefore = st
	}
	batch := slices.Clone(c.spans)
	for i := range batch {
		batch[i].ID = 0
	}
	if err := h.store.AddSpans(ctx, batch); err != nil {
		return err
	}
	for i, sp := range batch {
		if !c.firstDone {
			c.spans[i].ID = sp.ID
		} else {
			h.moved(c.spans[i].ID, sp.ID)
		}
		c.spans[i].Created, c.spans[i].Updated = sp.Created, sp.Updated
	}
	if h.sink != nil {
		replayBulk(h.sink, batch, BulkSink.SpansAdded, Sink.SpanAdded)
	}
	c.firstDone = true
	if c.stBefore == annotate.StatusTodo && h.sink != nil {
		h.sink.StatusChanged(first.ArticleID, annotate.StatusInProgress)
	}
	return nil
}

func (c *addSpans) undo(ctx context.Context, h *History) error {
	ids := make([]int64, len(c.spans))
	for i, sp := range c.spans {
		ids[i] = h.Current(sp.ID)
	}
	first := c.spans[0]
	err := h.store.DeleteSpans(ctx, ids)
	if errors.Is(err, annotate.ErrNotFound) {
		// Some were removed meanwhile (by another window): remove the rest.
		var rest []int64
		if rest, err = h.stored(ctx, first.ArticleID, first.Annotator, ids); err == nil {
			err = h.store.DeleteSpans(ctx, rest)
		}
	}
	if err != nil {
		return err
	}
	if h.sink != nil {
		replayBulk(h.sink, ids, BulkSink.SpansRemoved, Sink.SpanRemoved)
	}
	// The first label of an untouched article moved it to in_progress;
	// taking that label back moves it back.
	if c.stBefore == annotate.StatusTodo {
		st, err := h.store.Status(ctx, first.ArticleID, first.Annotator)
		if err != nil {
			return err
		}
		if st == annotate.StatusInProgress {
			if err := h.store.SetStatus(ctx, first.ArticleID, first.Annotator, annotate.StatusTodo); err != nil {
				return err
			}
			if h.sink != nil {
				h.sink.StatusChanged(first.ArticleID, annotate.StatusTodo)
			}
		}
	}
	return nil
}

// stored returns those of ids that the store still has among the
// annotator's spans of the article.
func (h *History) stored(ctx context.Context, articleID int64, annotator string, ids []int64) ([]int64, error) {
	spans, err := h.store.Spans(ctx, articleID, annotator)
	if err != nil {
		return nil, err
	}
	have := make(map[int64]bool, len(spans))
	for _, sp := range spans {
		have[sp.ID] = true
	}
	var out []int64
	for _, id := range ids {
		if have[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

func (h *History) notifyRemoved(id int64) {
	if h.sink != nil {
		h.sink.SpanRemoved(id)
	}
}

// deleteSpan removes a span and, in the store's same transaction, its
// relations; undo stores it again (under a new ID) and then them.
type deleteSpan struct {
	span annotate.Span       // span.ID is the original ID
	rels []annotate.Relation // its relations when it was deleted, with original IDs
}

func (c *deleteSpan) String() string { return "delete " + c.span.Label }

func (c *deleteSpan) do(ctx context.Context, h *History) error {
	id := h.Current(c.span.ID)
	rels, err := h.relationsOf(ctx, c.span, id)
	if err != nil {
		return err
	}
	if err := h.store.DeleteSpan(ctx, id); err != nil {
		return err
	}
	c.rels = rels
	h.relationsGone(rels)
	h.notifyRemoved(id)
	return nil
}

func (c *deleteSpan) undo(ctx context.Context, h *History) error {
	sp := c.span
	sp.ID = 0
	if err := h.store.AddSpan(ctx, &sp); err != nil {
		return err
	}
	h.moved(c.span.ID, sp.ID)
	if h.sink != nil {
		h.sink.SpanAdded(sp)
	}
	return h.restoreRelations(ctx, c.rels)
}

// updateSpan replaces a span's label, attributes, note or canonical value.
type updateSpan struct{ before, after annotate.Span } // IDs are original

func (c *updateSpan) String() string {
	if c.before.Label != c.after.Label {
		return "relabel " + c.before.Label + " → " + c.after.Label
	}
	return "edit " + c.after.Label
}

func (c *updateSpan) do(ctx context.Context, h *History) error   { return h.put(ctx, c.after) }
func (c *updateSpan) undo(ctx context.Context, h *History) error { return h.put(ctx, c.before) }

func (h *History) put(ctx context.Context, sp annotate.Span) error {
	sp.ID = h.Current(sp.ID)
	sp.Attrs = maps.Clone(sp.Attrs)
	if err := h.store.UpdateSpan(ctx, &sp); err != nil {
		return err
	}
	if h.sink != nil {
		h.sink.SpanChanged(sp)
	}
	return nil
}

// setStatus changes an annotator's status of an article. before is read
// from the store when the change is first made (the window's idea of it
// may be a change behind: a first label's in_progress still queued).
type setStatus struct {
	article       int64
	annotator     string
	before, after annotate.Status
	read          bool // before is read
}

func (c *setStatus) String() string { return "mark " + string(c.after) }

func (c *setStatus) do(ctx context.Context, h *History) error {
	if !c.read {
		st, err := h.store.Status(ctx, c.article, c.annotator)
		if err != nil {
			return err
		}
		c.before, c.read = st, true
	}
	return h.status(ctx, c, c.after)
}

func (c *setStatus) undo(ctx context.Context, h *History) error { return h.status(ctx, c, c.before) }

func (h *History) status(ctx context.Context, c *setStatus, st annotate.Status) error {
	if err := h.store.SetStatus(ctx, c.article, c.annotator, st); err != nil {
		return err
	}
	if h.sink != nil {
		h.sink.StatusChanged(c.article, st)
	}
	return nil
}
