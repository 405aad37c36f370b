package rowcodec

import (
	"fmt"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// RelationUsesSQL counts the stored relations by (type, head label, tail
// label). Rows: (type, head label, tail label, count), sorted.
const RelationUsesSQL = `SELECT r.label, h.label, t.label, count(*)
	FROM relations r JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.tail_id
	GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`

// RelationCheck collects what a new schema would leave stored relations
// without: a type it lacks, or no longer allows between their spans'
// labels.
type RelationCheck struct {
	s        *annotate.Schema
	problems []string
}

// NewRelationCheck returns a RelationCheck against s.
func NewRelationCheck(s *annotate.Schema) *RelationCheck { return &RelationCheck{s: s} }

// Add counts n stored relations of type label from a head span labelled
// head to a tail span labelled tail.
func (c *RelationCheck) Add(label, head, tail string, n int) {
	switch r := c.s.Relation(label); {
	case r == nil:
		c.problems = append(c.problems, fmt.Sprintf("relation type %s is used by %s and the new schema lacks it", label, RelationCount(n)))
	case !r.Allows(head, tail):
		c.problems = append(c.problems, fmt.Sprintf("relation type %s joins %s to %s in %s and the new schema does not allow that", label, head, tail, RelationCount(n)))
	}
}

// Err returns ErrConflict naming every problem found, or nil.
func (c *RelationCheck) Err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", annotate.ErrConflict, strings.Join(c.problems, "; "))
}

// RelationCount says "1 stored relation" or "N stored relations".
func RelationCount(n int) string {
	if n == 1 {
		return "1 stored relation"
	}
	return fmt.Sprintf("%d stored relations", n)
}

// RelationRow is one relation as an export reads it.
type RelationRow struct {
	ArticleID  int64
	Annotator  string
	Head, Tail int64
	Label      string
	Note       string
}

// RecordRelations returns the annotator's relations among rels as a
// record's, indexing the spans (ids holds their ids) that wantLabel keeps;
// a relation whose span is left out is left out too.
func RecordRelations(rels []RelationRow, annotator string, spans []annotate.Span, ids []int64, wantLabel func(string) bool) []annotate.RecordRelation {
	n := 0
	for i := range rels {
		if rels[i].Annotator == annotator {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	// One allocation of the most the record can hold, not one for each
	// doubling.
	out := make([]annotate.RecordRelation, 0, n)
	// index returns the record index of span id: its place among the
	// spans that wantLabel keeps. A linear search: an article holds tens
	// of spans, and a map would cost more to build.
	index := func(id int64) (int, bool) {
		n := 0
		for i, x := range ids {
			keep := wantLabel(spans[i].Label)
			if x == id {
				return n, keep
			}
			if keep {
				n++
			}
		}
		return 0, false
	}
	for i := range rels {
		r := &rels[i]
		if r.Annotator != annotator {
			continue
		}
		h, okH := index(r.Head)
		t, okT := index(r.Tail)
		if okH && okT {
			out = append(out, annotate.RecordRelation{Head: h, Child: t, Label: r.Label, Note: r.Note})
		}
	}
	if len(out) == 0 {
		return nil
	}
	annotate.SortRelations(out)
	return out
}

// CheckRelation checks that r may join head to tail (its spans, as
// stored): two different spans of one article and one annotator, and a
// type the schema allows between their labels. It sets r's article and
// annotator to theirs.
func CheckRelation(r *annotate.Relation, head, tail *annotate.Span, s *annotate.Schema) error {
	switch {
	case head.ID == tail.ID:
		return fmt.Errorf("%w: a relation joins span %d to itself", annotate.ErrInvalid, head.ID)
	case head.ArticleID != tail.ArticleID || head.Annotator != tail.Annotator:
		return fmt.Errorf("%w: spans %d and %d belong to different articles or annotators", annotate.ErrInvalid, head.ID, tail.ID)
	}
	r.ArticleID, r.Annotator = head.ArticleID, head.Annotator
	return s.CheckRelation(r.Label, head.Label, tail.Label)
}

// RelationConflict is the ErrConflict of a relation stored already.
func RelationConflict(r *annotate.Relation) error {
	return fmt.Errorf("%w: span %d is %s of span %d already", annotate.ErrConflict, r.Head, r.Label, r.Tail)
}
