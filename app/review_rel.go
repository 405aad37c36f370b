package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// The review's relations in the window: agreed ones are accepted with
// the agreed spans, relation disagreements are walked after the span
// disagreements (in the order of their heads) and decided with the same
// keys, each one undoable step. Taking a relation whose spans the
// curator lacks takes those spans too, from the annotator taken.

// curatorEnds returns the ends of the curator's relations.
func (r *review) curatorEnds() map[relEnds]bool {
	u := r.u
	if len(u.rel.rels) == 0 {
		return nil
	}
	out := make(map[relEnds]bool, len(u.rel.rels))
	for _, rel := range u.rel.rels {
		if e, ok := r.endsOf(rel); ok {
			out[e] = true
		}
	}
	return out
}

// endsOf returns the ends of the curator's relation rel.
func (r *review) endsOf(rel annotate.Relation) (relEnds, bool) {
	h, ok := r.u.current(rel.Head)
	t, ok2 := r.u.current(rel.Tail)
	return relEnds{tripleOf(h), tripleOf(t)}, ok && ok2
}

// curatorSpan returns the ID of the curator's span with triple t, 0 if
// they have none.
func (r *review) curatorSpan(t spanTriple) int64 {
	for _, id := range r.u.order {
		if sp, _ := r.u.current(id); tripleOf(sp) == t {
			return id
		}
	}
	return 0
}

// relEnd is one end of a relation to be stored: the curator's span
// (its current ID, or after History.DecideRelation its original one), or
// the index of a span the same step adds.
type relEnd struct {
	id  int64
	add int // -1 when id tells it
}

// newRelation is a relation a review step stores.
type newRelation struct {
	label      string
	head, tail relEnd
}

// plan works out what storing relations vs takes: the spans the curator
// lacks (added to add, once each) and the relations, leaving out those
// the curator has already.
func (r *review) plan(vs []relVersion, add []annotate.Span) ([]annotate.Span, []newRelation) {
	var out []newRelation
	end := func(sp annotate.Span) relEnd {
		t := tripleOf(sp)
		if id := r.curatorSpan(t); id != 0 {
			return relEnd{id: id, add: -1}
		}
		if k := slices.IndexFunc(add, func(a annotate.Span) bool { return tripleOf(a) == t }); k >= 0 {
			return relEnd{add: k}
		}
		add = append(add, sp)
		return relEnd{add: len(add) - 1}
	}
	have := map[relEnds]map[string]bool{}
	for _, rel := range r.u.rel.rels {
		if e, ok := r.endsOf(rel); ok {
			if have[e] == nil {
				have[e] = map[string]bool{}
			}
			have[e][rel.Label] = true
		}
	}
	for _, v := range vs {
		if have[relEnds{tripleOf(v.Head), tripleOf(v.Tail)}][v.Label] {
			continue
		}
		out = append(out, newRelation{label: v.Label, head: end(v.Head), tail: end(v.Tail)})
	}
	return add, out
}

// agreedRelations returns the agreed relations the curator lacks, given
// the agreed spans about to be added (add, which it may not extend: an
// agreed relation is between agreed spans).
func (r *review) agreedRelations(add []annotate.Span) []newRelation {
	if len(r.m.agreedRels) == 0 {
		return nil
	}
	n := len(add)
	more, rels := r.plan(r.m.agreedRels, add)
	if len(more) != n { // an end neither the curator's nor agreed: leave those out
		rels = slices.DeleteFunc(rels, func(nr newRelation) bool { return nr.head.add >= n || nr.tail.add >= n })
	}
	return rels
}

// decideRel applies a choice to relation disagreement item i.
func (r *review) decideRel(i, choice int) {
	u := r.u
	j := i - len(r.m.dis)
	d := &r.m.rdis[j]
	chosen := r.m.relDecision(j, choice)
	var remove []annotate.Relation
	for _, rel := range u.rel.rels {
		if e, ok := r.endsOf(rel); ok && e == d.ends &&
			!slices.ContainsFunc(chosen, func(v relVersion) bool { return v.Label == rel.Label }) {
			remove = append(remove, rel)
		}
	}
	add, rels := r.plan(chosen, nil)
	finish := r.open(i) == 0 && u.status != annotate.StatusDone && !r.m.someAbsent()
	what := "take " + versionName(r.names, choice) + " of the relation"
	id, gold, key := u.art.ID, r.gold, d.key()
	r.queueDecision(what, key, finish, choice, func(ctx context.Context, h *History) error {
		return h.DecideRelation(ctx, what, id, gold, key, remove, add, rels, finish)
	}, func() {})
}

// describeRel says what relation disagreement item i is and what each
// annotator has there.
func (r *review) describeRel(i int) string {
	d := &r.m.rdis[i-len(r.m.dis)]
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d: %s —", i+1, r.m.items(), d.Kind)
	for a := range d.Versions {
		fmt.Fprintf(&b, " %d %s: %s;", a+1, r.names[a], r.relSummary(d.Versions[a]))
	}
	if r.decided(i) {
		b.WriteString(" (decided)")
	}
	return b.String()
}

// relSummary is an annotator's version of a relation disagreement:
// `imposed_by “froze…” → “Canada”`, or "nothing".
func (r *review) relSummary(v []relVersion) string {
	if len(v) == 0 {
		return "nothing"
	}
	parts := make([]string, len(v))
	for k, rv := range v {
		parts[k] = fmt.Sprintf("%s “%s” → “%s”", rv.Label, r.clipText(rv.Head, 24), r.clipText(rv.Tail, 24))
	}
	return strings.Join(parts, ", ")
}

func (r *review) clipText(sp annotate.Span, n int) string {
	ix := r.u.ix
	if ix == nil || sp.End > ix.Len() {
		return "?"
	}
	return clip(ix.Slice(sp.Start, sp.End), n)
}
