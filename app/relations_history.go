package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// Relation changes as steps of a History. Like spans, a relation that is
// deleted and stored again (by an undo) gets a new ID: commands keep the
// ID it had when it was first stored and its spans' original IDs, and
// the History maps them to the current ones.

// RelationSink is a Sink that also hears about relations.
type RelationSink interface {
	RelationAdded(r annotate.Relation)
	RelationChanged(r annotate.Relation)
	RelationRemoved(id int64)
}

// errNoRelations is returned by relation changes on a store without
// annotate.RelationStore.
var errNoRelations = fmt.Errorf("%w: this database keeps no relations", annotate.ErrInvalid)

func (h *History) relStore() (annotate.RelationStore, error) {
	if rs, ok := h.store.(annotate.RelationStore); ok {
		return rs, nil
	}
	return nil, errNoRelations
}

func (h *History) tellRelation(fn func(RelationSink)) {
	if rs, ok := h.sink.(RelationSink); ok {
		fn(rs)
	}
}

// CurrentRelation returns the current ID of the relation first stored as
// orig.
func (h *History) CurrentRelation(orig int64) int64 { return h.rels.current(orig) }

// OriginalRelation returns the original ID of the relation whose current
// ID is id.
func (h *History) OriginalRelation(id int64) int64 { return h.rels.original(id) }

func (h *History) relationMoved(orig, now int64) { h.rels.moved(orig, now) }

// original returns r with original IDs (its own and its spans').
func (h *History) original(r annotate.Relation) annotate.Relation {
	r.ID, r.Head, r.Tail = h.OriginalRelation(r.ID), h.Original(r.Head), h.Original(r.Tail)
	return r
}

// current returns r (with original IDs) with the current ones.
func (h *History) current(r annotate.Relation) annotate.Relation {
	r.ID, r.Head, r.Tail = h.CurrentRelation(r.ID), h.Current(r.Head), h.Current(r.Tail)
	return r
}

// AddRelation stores a new relation (head and tail are current span IDs)
// as one step and returns it as stored, with its ID.
func (h *History) AddRelation(ctx context.Context, r annotate.Relation) (annotate.Relation, error) {
	r.ID = 0
	r.Head, r.Tail = h.Original(r.Head), h.Original(r.Tail)
	c := &addRelation{rel: r}
	if err := h.apply(ctx, c); err != nil {
		return annotate.Relation{}, err
	}
	return h.current(c.rel), nil
}

// UpdateRelation stores after (a new type or note) in place of before,
// both with current IDs.
func (h *History) UpdateRelation(ctx context.Context, before, after annotate.Relation) error {
	return h.apply(ctx, &updateRelation{before: h.original(before), after: h.original(after)})
}

// DeleteRelation removes r (with current IDs).
func (h *History) DeleteRelation(ctx context.Context, r annotate.Relation) error {
	return h.apply(ctx, &deleteRelation{rel: h.original(r)})
}

// addRelation adds a relation; its undo deletes it.
type addRelation struct {
	rel    annotate.Relation // original IDs once stored
	stored bool
}

func (c *addRelation) String() string { return "relation " + c.rel.Label }

func (c *addRelation) do(ctx context.Context, h *History) error {
	id, err := h.storeRelation(ctx, c.rel)
	if err != nil {
		return err
	}
	if !c.stored {
		c.rel.ID, c.stored = id, true
	} else {
		h.relationMoved(c.rel.ID, id)
	}
	return nil
}

func (c *addRelation) undo(ctx context.Context, h *History) error {
	return h.removeRelation(ctx, c.rel.ID)
}

// deleteRelation removes a relation; its undo stores it again.
type deleteRelation struct{ rel annotate.Relation } // original IDs

func (c *deleteRelation) String() string { return "delete relation " + c.rel.Label }

func (c *deleteRelation) do(ctx context.Context, h *History) error {
	return h.removeRelation(ctx, c.rel.ID)
}

func (c *deleteRelation) undo(ctx context.Context, h *History) error {
	id, err := h.storeRelation(ctx, c.rel)
	if err == nil {
		h.relationMoved(c.rel.ID, id)
	}
	return err
}

// updateRelation changes a relation's type or note.
type updateRelation struct{ before, after annotate.Relation } // original IDs

func (c *updateRelation) String() string {
	if c.before.Label != c.after.Label {
		return "relation " + c.before.Label + " → " + c.after.Label
	}
	return "relation note"
}

func (c *updateRelation) do(ctx context.Context, h *History) error {
	return h.putRelation(ctx, c.after)
}

func (c *updateRelation) undo(ctx context.Context, h *History) error {
	return h.putRelation(ctx, c.before)
}

// storeRelation stores r (original IDs) under a new ID, which it
// returns, and tells the sink.
func (h *History) storeRelation(ctx context.Context, r annotate.Relation) (int64, error) {
	rs, err := h.relStore()
	if err != nil {
		return 0, err
	}
	r = h.current(r)
	r.ID = 0
	if err := rs.AddRelation(ctx, &r); err != nil {
		return 0, err
	}
	h.tellRelation(func(s RelationSink) { s.RelationAdded(r) })
	return r.ID, nil
}

// removeRelation deletes the relation first stored as orig.
func (h *History) removeRelation(ctx context.Context, orig int64) error {
	rs, err := h.relStore()
	if err != nil {
		return err
	}
	id := h.CurrentRelation(orig)
	if err := rs.DeleteRelation(ctx, id); err != nil {
		return err
	}
	h.tellRelation(func(s RelationSink) { s.RelationRemoved(id) })
	return nil
}

func (h *History) putRelation(ctx context.Context, r annotate.Relation) error {
	rs, err := h.relStore()
	if err != nil {
		return err
	}
	r = h.current(r)
	if err := rs.UpdateRelation(ctx, &r); err != nil {
		return err
	}
	h.tellRelation(func(s RelationSink) { s.RelationChanged(r) })
	return nil
}

// relationsOf returns the relations of span id (sp's current ID) with
// original IDs; none on a store without relations.
func (h *History) relationsOf(ctx context.Context, sp annotate.Span, id int64) ([]annotate.Relation, error) {
	rs, ok := h.store.(annotate.RelationStore)
	if !ok {
		return nil, nil
	}
	all, err := rs.Relations(ctx, sp.ArticleID, sp.Annotator)
	if err != nil {
		return nil, err
	}
	var out []annotate.Relation
	for _, r := range all {
		if r.Head == id || r.Tail == id {
			out = append(out, h.original(r))
		}
	}
	return out, nil
}

// relationsGone tells the sink that rels (original IDs) went with their
// span.
func (h *History) relationsGone(rels []annotate.Relation) {
	for _, r := range rels {
		id := h.CurrentRelation(r.ID)
		h.tellRelation(func(s RelationSink) { s.RelationRemoved(id) })
	}
}

// restoreRelations stores rels (original IDs) again after their span was
// stored again. Each that cannot be (the schema changed meanwhile) is
// named in the error; the others are stored.
func (h *History) restoreRelations(ctx context.Context, rels []annotate.Relation) error {
	var errs []error
	for _, r := range rels {
		id, err := h.storeRelation(ctx, r)
		if err != nil {
			errs = append(errs, fmt.Errorf("relation %s could not be restored: %w", r.Label, err))
			continue
		}
		h.relationMoved(r.ID, id)
	}
	return errors.Join(errs...)
}

// The eventLog keeps relation changes for the UI goroutine too.

func (l *eventLog) RelationAdded(r annotate.Relation) {
	l.add(func(s Sink) {
		if rs, ok := s.(RelationSink); ok {
			rs.RelationAdded(r)
		}
	})
}

func (l *eventLog) RelationChanged(r annotate.Relation) {
	l.add(func(s Sink) {
		if rs, ok := s.(RelationSink); ok {
			rs.RelationChanged(r)
		}
	})
}

func (l *eventLog) RelationRemoved(id int64) {
	l.add(func(s Sink) {
		if rs, ok := s.(RelationSink); ok {
			rs.RelationRemoved(id)
		}
	})
}

// The UI hears of committed relation changes (RelationSink).

func (u *UI) RelationAdded(rel annotate.Relation) {
	if u.art == nil || rel.ArticleID != u.art.ID || rel.Annotator != u.annotator {
		return
	}
	u.rel.put(rel)
	u.rel.show(rel)
	u.rel.changed(rel)
}

func (u *UI) RelationChanged(rel annotate.Relation) {
	if _, ok := u.rel.rels[rel.ID]; !ok {
		return
	}
	u.rel.put(rel)
	u.rel.show(rel)
	u.rel.changed(rel)
}

func (u *UI) RelationRemoved(id int64) {
	rel, ok := u.rel.rels[id]
	if !ok {
		return
	}
	u.rel.drop(id)
	u.rel.changed(rel)
}
