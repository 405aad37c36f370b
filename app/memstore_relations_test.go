package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
)

// The memStore keeps relations (annotate.RelationStore) as the SQLite
// store does, kept to the contract by the storetest suite's relation
// part: checked against the schema, removed with their spans, imported
// merged by (head, tail, label, annotator) and exported as indexes into
// the sorted spans.

var _ annotate.RelationStore = (*memStore)(nil)

// noRelations hides a store's RelationStore: the window shows no
// relations for it.
type noRelations struct{ annotate.Store }

// checkRelationLocked checks r against its spans and the schema and sets
// its article and annotator to theirs.
func (m *memStore) checkRelationLocked(r *annotate.Relation) error {
	head, ok := m.spans[r.Head]
	if !ok {
		return fmt.Errorf("span %d: %w", r.Head, annotate.ErrNotFound)
	}
	tail, ok := m.spans[r.Tail]
	if !ok {
		return fmt.Errorf("span %d: %w", r.Tail, annotate.ErrNotFound)
	}
	switch {
	case head.ID == tail.ID:
		return fmt.Errorf("%w: a relation joins span %d to itself", annotate.ErrInvalid, head.ID)
	case head.ArticleID != tail.ArticleID || head.Annotator != tail.Annotator:
		return fmt.Errorf("%w: spans %d and %d belong to different articles or annotators", annotate.ErrInvalid, head.ID, tail.ID)
	}
	r.ArticleID, r.Annotator = head.ArticleID, head.Annotator
	return m.schema.CheckRelation(r.Label, head.Label, tail.Label)
}

// sameRelationLocked returns the ID of another stored relation with r's
// head, tail and label, 0 if none.
func (m *memStore) sameRelationLocked(r annotate.Relation) int64 {
	for id, o := range m.rels {
		if id != r.ID && o.Head == r.Head && o.Tail == r.Tail && o.Label == r.Label {
			return id
		}
	}
	return 0
}

func (m *memStore) AddRelation(ctx context.Context, r *annotate.Relation) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.changing(); err != nil {
		return err
	}
	next := *r
	next.ID = 0
	if err := m.checkRelationLocked(&next); err != nil {
		return err
	}
	if m.sameRelationLocked(next) != 0 {
		return fmt.Errorf("%w: span %d is %s of span %d already", annotate.ErrConflict, next.Head, next.Label, next.Tail)
	}
	m.nextID++
	next.ID, next.Created, next.Updated = m.nextID, time.Now(), time.Now()
	if m.rels == nil {
		m.rels = map[int64]annotate.Relation{}
	}
	m.rels[next.ID] = next
	m.gen++
	*r = next
	return nil
}

func (m *memStore) UpdateRelation(ctx context.Context, r *annotate.Relation) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.changing(); err != nil {
		return err
	}
	old, ok := m.rels[r.ID]
	if !ok {
		return fmt.Errorf("relation %d: %w", r.ID, annotate.ErrNotFound)
	}
	next := old
	next.Label, next.Note, next.Updated = r.Label, r.Note, time.Now()
	if err := m.checkRelationLocked(&next); err != nil {
		return err
	}
	if m.sameRelationLocked(next) != 0 {
		return fmt.Errorf("%w: span %d is %s of span %d already", annotate.ErrConflict, next.Head, next.Label, next.Tail)
	}
	m.rels[r.ID] = next
	m.gen++
	*r = next
	return nil
}

func (m *memStore) DeleteRelation(ctx context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.changing(); err != nil {
		return err
	}
	if _, ok := m.rels[id]; !ok {
		return fmt.Errorf("relation %d: %w", id, annotate.ErrNotFound)
	}
	delete(m.rels, id)
	m.gen++
	return nil
}

func (m *memStore) Relations(ctx context.Context, articleID int64, annotator string) ([]annotate.Relation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []annotate.Relation
	for _, r := range m.rels {
		if r.ArticleID == articleID && r.Annotator == annotator {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b annotate.Relation) int { return int(a.ID - b.ID) })
	return out, nil
}

// dropRelationsLocked removes the relations of deleted spans, as the
// foreign keys' cascade does.
func (m *memStore) dropRelationsLocked(spans []int64) {
	maps.DeleteFunc(m.rels, func(_ int64, r annotate.Relation) bool {
		return slices.Contains(spans, r.Head) || slices.Contains(spans, r.Tail)
	})
}

// putRelations merges an imported record's relations; ids are the stored
// IDs of the record's spans, by index.
func (m *memStore) putRelations(rec *annotate.Record, ids []int64, c *annotate.ImportCounts) {
	now := time.Now()
	for _, rr := range rec.Relations {
		r := annotate.Relation{Head: ids[rr.Head], Tail: ids[rr.Child], Label: rr.Label, Note: rr.Note}
		r.ArticleID, r.Annotator = m.spans[r.Head].ArticleID, m.spans[r.Head].Annotator
		if id := m.sameRelationLocked(r); id != 0 {
			old := m.rels[id]
			if rr.Note != "" && rr.Note != old.Note {
				old.Note, old.Updated = rr.Note, now
				m.rels[id] = old
				c.UpdatedRelations++
			} else {
				c.KeptRelations++
			}
			continue
		}
		m.nextID++
		r.ID, r.Created, r.Updated = m.nextID, now, now
		if m.rels == nil {
			m.rels = map[int64]annotate.Relation{}
		}
		m.rels[r.ID] = r
		c.NewRelations++
	}
}

// exportRelations gives rec the relations between its spans (ids: the
// stored IDs of rec.Spans, by index), sorted.
func (m *memStore) exportRelations(rec *annotate.Record, ids []int64) {
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	for _, r := range m.rels {
		h, okh := at[r.Head]
		t, okt := at[r.Tail]
		if okh && okt {
			rec.Relations = append(rec.Relations, annotate.RecordRelation{Head: h, Child: t, Label: r.Label, Note: r.Note})
		}
	}
	annotate.SortRelations(rec.Relations)
}

// relationStats counts the relations by type.
func (m *memStore) relationStats(s *annotate.Stats) {
	s.Relations = len(m.rels)
	s.RelationsByType = map[string]int{}
	for _, r := range m.rels {
		s.RelationsByType[r.Label]++
	}
}

// relationsFit returns ErrConflict if a stored relation's type is not in
// s or s no longer allows it between its spans' labels.
func (m *memStore) relationsFit(s *annotate.Schema) error {
	for _, r := range m.rels {
		if err := s.CheckRelation(r.Label, m.spans[r.Head].Label, m.spans[r.Tail].Label); err != nil {
			return fmt.Errorf("%w: stored relations do not fit the new schema: %v", annotate.ErrConflict, err)
		}
	}
	return nil
}
