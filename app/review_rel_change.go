package app

import (
	"context"

	"github.com/tagdesk/tagdesk/annotate"
)

// The review's relation steps, made of the History's own changes like a
// span decision (review_change.go): spans the relations need are added
// first, then the relations between them.

// addRelationTo adds a relation whose ends may be spans the same step
// adds (spans); its undo deletes it.
type addRelationTo struct {
	addRelation
	head, tail relEnd // id: an original span ID
	spans      *addSpans
}

func (c *addRelationTo) do(ctx context.Context, h *History) error {
	end := func(e relEnd) int64 {
		if e.add >= 0 {
			return c.spans.spans[e.add].ID // original once added
		}
		return e.id
	}
	c.rel.Head, c.rel.Tail = end(c.head), end(c.tail)
	return c.addRelation.do(ctx, h)
}

// relationsStep appends to c the change that adds spans as the
// curator's (if any) and those that add rels between them.
func (h *History) relationsStep(c *compound, articleID int64, curator string, spans []annotate.Span, rels []newRelation) {
	var as *addSpans
	if len(spans) > 0 {
		as = newSpansOf(spans, articleID, curator)
		c.parts = append(c.parts, as)
	}
	orig := func(e relEnd) relEnd {
		if e.add < 0 {
			e.id = h.Original(e.id)
		}
		return e
	}
	for _, nr := range rels {
		c.parts = append(c.parts, &addRelationTo{
			addRelation: addRelation{rel: annotate.Relation{ArticleID: articleID, Annotator: curator, Label: nr.label}},
			head:        orig(nr.head), tail: orig(nr.tail), spans: as,
		})
	}
}

// Accept adds the agreed spans and the agreed relations (between the
// curator's spans with current IDs, or those spans) as one step.
func (h *History) Accept(ctx context.Context, what string, articleID int64, curator string, spans []annotate.Span, rels []newRelation) error {
	c := &compound{what: what}
	h.relationsStep(c, articleID, curator, spans, rels)
	return h.apply(ctx, c)
}

// DecideRelation applies a review decision on a relation disagreement as
// one step: the curator's relations remove (current IDs) are deleted,
// spans are added as the curator's and rels stored, the disagreement of
// decision key key is marked decided and, with finish, the curator's
// status of the article becomes done.
func (h *History) DecideRelation(ctx context.Context, what string, articleID int64, curator, key string,
	remove []annotate.Relation, spans []annotate.Span, rels []newRelation, finish bool) error {
	c := &compound{what: what, parts: []change{&markDecided{article: articleID, curator: curator, key: key}}}
	if finish {
		c.parts = append(c.parts, &setStatus{article: articleID, annotator: curator, after: annotate.StatusDone})
	}
	for _, rel := range remove {
		c.parts = append(c.parts, &deleteRelation{rel: h.original(rel)})
	}
	h.relationsStep(c, articleID, curator, spans, rels)
	return h.apply(ctx, c)
}
