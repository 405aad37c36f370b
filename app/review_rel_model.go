package app

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// The review's relations, without Fyne. A relation is compared by its
// head's and tail's (start, end, label) and its type: span IDs differ
// from annotator to annotator. A relation every annotator has, between
// spans every annotator agrees on, is agreed; every other relation
// belongs to the relation disagreement of its two ends (head, tail):
// each annotator's version is the types they have between those ends,
// maybe none. A relation every annotator has between spans in dispute is
// one too, so that the curator takes it with the spans they decide.

// relEnds is a relation's head and tail as the review tells them.
type relEnds struct{ head, tail spanTriple }

func (e relEnds) compare(o relEnds) int {
	return cmp.Or(compareTriples(e.head, o.head), compareTriples(e.tail, o.tail))
}

func compareTriples(a, b spanTriple) int {
	return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), strings.Compare(a.label, b.label))
}

// relVersion is one annotator's relation: its type and their spans.
type relVersion struct {
	Label      string
	Head, Tail annotate.Span
}

// relKind says how the versions of a relation disagreement differ.
type relKind uint8

const (
	relMissing relKind = 1 << iota // an annotator has no relation between the ends
	relType                        // another type
	relSpans                       // the same in all, between spans in dispute
)

func (k relKind) String() string {
	var parts []string
	if k&relMissing != 0 {
		parts = append(parts, "missing in one")
	}
	if k&relType != 0 {
		parts = append(parts, "different type")
	}
	if k&relSpans != 0 {
		parts = append(parts, "the same, its spans in dispute")
	}
	return "relation " + strings.Join(parts, ", ")
}

// relDisagreement is one pair of ends where the annotators' relations
// differ.
type relDisagreement struct {
	ends     relEnds
	Versions [][]relVersion // per annotator (in the review's order), by type
	Kind     relKind
}

// key is the decision key of the relation disagreement (ReviewStore).
func (d *relDisagreement) key() string {
	h, t := d.ends.head, d.ends.tail
	return fmt.Sprintf("relation %d %d %q %d %d %q", h.start, h.end, h.label, t.start, t.end, t.label)
}

// spanDisKey is the decision key of a span disagreement: its extent.
func spanDisKey(d *disagreement) string {
	return "span " + strconv.Itoa(d.Start) + " " + strconv.Itoa(d.End)
}

// addRelations compares the annotators' relations; rels[i] are
// annotators[i]'s, between their spans[i]. It fills m.agreedRels and
// m.rdis (sorted by head, then tail).
func (m *reviewModel) addRelations(spans [][]annotate.Span, rels [][]annotate.Relation) {
	n := len(m.annotators)
	byEnds := map[relEnds][][]relVersion{}
	var order []relEnds
	for i := range rels {
		if len(rels[i]) == 0 {
			continue
		}
		byID := make(map[int64]annotate.Span, len(spans[i]))
		for _, sp := range spans[i] {
			byID[sp.ID] = sp
		}
		for _, rel := range rels[i] {
			h, ok := byID[rel.Head]
			t, ok2 := byID[rel.Tail]
			if !ok || !ok2 {
				continue
			}
			e := relEnds{tripleOf(h), tripleOf(t)}
			vs := byEnds[e]
			if vs == nil {
				vs = make([][]relVersion, n)
				order = append(order, e)
				byEnds[e] = vs
			}
			if !slices.ContainsFunc(vs[i], func(v relVersion) bool { return v.Label == rel.Label }) {
				vs[i] = append(vs[i], relVersion{Label: rel.Label, Head: h, Tail: t})
			}
		}
	}
	slices.SortFunc(order, relEnds.compare)
	for _, e := range order {
		vs := byEnds[e]
		for _, v := range vs {
			slices.SortFunc(v, func(a, b relVersion) int { return strings.Compare(a.Label, b.Label) })
		}
		k := relKindOf(vs)
		if k == 0 && m.agreedSet[e.head] && m.agreedSet[e.tail] {
			m.agreedRels = append(m.agreedRels, vs[0]...)
			continue
		}
		if k == 0 {
			k = relSpans
		}
		m.rdis = append(m.rdis, relDisagreement{ends: e, Versions: vs, Kind: k})
	}
}

// relKindOf says how versions differ.
func relKindOf(vs [][]relVersion) relKind {
	var k relKind
	var first []relVersion
	have := false
	for _, v := range vs {
		switch {
		case len(v) == 0:
			k |= relMissing
		case !have:
			first, have = v, true
		case !slices.EqualFunc(first, v, func(a, b relVersion) bool { return a.Label == b.Label }):
			k |= relType
		}
	}
	return k
}

// relDecision returns the relations choice makes of relation
// disagreement j: annotator choice's version, all versions (choiceBoth)
// or none (choiceNone), each type once.
func (m *reviewModel) relDecision(j, choice int) []relVersion {
	return chosen(m.rdis[j].Versions, choice, func(v relVersion) string { return v.Label })
}

// items counts what the review walks: the span disagreements, then the
// relation disagreements.
func (m *reviewModel) items() int { return len(m.dis) + len(m.rdis) }

// itemKey is the decision key of item i.
func (m *reviewModel) itemKey(i int) string {
	if len(m.keys) != m.items() {
		m.makeKeys()
	}
	return m.keys[i]
}

// makeKeys works out every item's decision key once (off the UI
// goroutine when the model is read), so that counting the open ones is
// map lookups.
func (m *reviewModel) makeKeys() {
	m.keys = make([]string, 0, m.items())
	for i := range m.dis {
		m.keys = append(m.keys, spanDisKey(&m.dis[i]))
	}
	for j := range m.rdis {
		m.keys = append(m.keys, m.rdis[j].key())
	}
}
