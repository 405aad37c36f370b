package annotate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"time"
)

// Relation is a stored, directed link between two spans of one article
// and one annotator: the head span is Label of the tail span ("MEASURE
// imposed_by JURISDICTION").
type Relation struct {
	ID        int64 // store row id; 0 until stored
	ArticleID int64 // the spans' article; set by the store
	Annotator string
	Head      int64 // span id
	Tail      int64 // span id
	Label     string
	Note      string
	Created   time.Time
	Updated   time.Time
}

// RecordRelation is a relation as it travels in a Record: Head and Child
// index the record's Spans (which export sorts, so the indexes are
// stable), as the native JSONL writes them.
type RecordRelation struct {
	Head  int
	Child int
	Label string
	Note  string
}

// RelationStore is the optional part of a Store that keeps relations.
// A store that has it also imports a Record's Relations (ImportTx.Put
// merges them by (head, tail, label, annotator): a relation stored already
// gets the record's note when that is not empty, others are added, none is
// deleted) and exports them in Record.Relations. Deleting a span deletes
// its relations in the same transaction.
type RelationStore interface {
	// AddRelation stores a new relation and sets its ID, ArticleID,
	// Annotator (the spans') and timestamps. ErrNotFound if a span is
	// absent; ErrInvalid if head and tail are the same span, belong to
	// different articles or annotators, or the schema does not allow the
	// label between their labels; ErrConflict if the same (head, tail,
	// label) is stored already.
	AddRelation(ctx context.Context, r *Relation) error
	// UpdateRelation stores a changed label or note (head and tail stay).
	// ErrNotFound if it is absent; ErrInvalid if the schema does not allow
	// the new label between its spans' labels; ErrConflict if the change
	// would make it equal to another relation.
	UpdateRelation(ctx context.Context, r *Relation) error
	// DeleteRelation removes a relation. ErrNotFound if it is absent.
	DeleteRelation(ctx context.Context, id int64) error
	// Relations returns the annotator's relations of an article in the
	// order they were added (by ID); none, and no error, for an absent
	// article.
	Relations(ctx context.Context, articleID int64, annotator string) ([]Relation, error)
}

// Sort sorts the record's spans by (start, end, label), the export order,
// and renumbers its relations' indexes to match.
func (r *Record) Sort() {
	if len(r.Relations) == 0 {
		SortSpans(r.Spans)
		return
	}
	order := make([]int, len(r.Spans))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return CompareSpans(&r.Spans[order[i]], &r.Spans[order[j]]) < 0 })
	sorted := make([]Span, len(r.Spans))
	where := make([]int, len(r.Spans)) // old index → new index
	for n, o := range order {
		sorted[n], where[o] = r.Spans[o], n
	}
	copy(r.Spans, sorted)
	for i := range r.Relations {
		rel := &r.Relations[i]
		if rel.Head >= 0 && rel.Head < len(where) {
			rel.Head = where[rel.Head]
		}
		if rel.Child >= 0 && rel.Child < len(where) {
			rel.Child = where[rel.Child]
		}
	}
	SortRelations(r.Relations)
}

// SortRelations sorts record relations by (head, child, label), the
// export order.
func SortRelations(rs []RecordRelation) {
	slices.SortStableFunc(rs, func(a, b RecordRelation) int {
		return cmp.Or(cmp.Compare(a.Head, b.Head), cmp.Compare(a.Child, b.Child), cmp.Compare(a.Label, b.Label))
	})
}

// validateRelations checks each of the record's relations: both indexes
// in range and different, and a type the schema allows between the two
// spans' labels.
func (r *Record) validateRelations(s *Schema) error {
	for i, rel := range r.Relations {
		if rel.Head < 0 || rel.Head >= len(r.Spans) || rel.Child < 0 || rel.Child >= len(r.Spans) {
			return fmt.Errorf("%w: relation %d (%s): head %d or child %d is not a span index (the record has %d spans)",
				ErrInvalid, i, rel.Label, rel.Head, rel.Child, len(r.Spans))
		}
		if rel.Head == rel.Child {
			return fmt.Errorf("%w: relation %d (%s) joins span %d to itself", ErrInvalid, i, rel.Label, rel.Head)
		}
		if err := s.CheckRelation(rel.Label, r.Spans[rel.Head].Label, r.Spans[rel.Child].Label); err != nil {
			return fmt.Errorf("relation %d: %w", i, err)
		}
	}
	return nil
}
