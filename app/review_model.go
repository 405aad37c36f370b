package app

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// The review's model, without Fyne: what several annotators agree on in
// one article, and where they disagree.
//
// A span is agreed when every annotator of the review has it with the
// same offsets, label, attributes and canonical value (notes are free
// text and not compared). Every other span belongs to a disagreement: the
// spans that are not agreed are grouped by overlap (a span joins the group
// of any span it shares a code point with), and each group is one
// disagreement, with each annotator's version of it (their spans in the
// group, maybe none).

// disagreeKind says how the versions of a disagreement differ; one
// disagreement can differ in several ways.
type disagreeKind uint8

const (
	kindMissing disagreeKind = 1 << iota // an annotator has nothing there
	kindLabel                            // same offsets, another label
	kindBounds                           // other offsets
	kindAttrs                            // same offsets and label, other attributes or canonical value
)

func (k disagreeKind) String() string {
	var parts []string
	for _, p := range []struct {
		k    disagreeKind
		name string
	}{{kindMissing, "missing in one"}, {kindLabel, "different label"}, {kindBounds, "different boundaries"}, {kindAttrs, "different attributes"}} {
		if k&p.k != 0 {
			parts = append(parts, p.name)
		}
	}
	return strings.Join(parts, ", ")
}

// disagreement is one place where the annotators differ.
type disagreement struct {
	Start, End int               // the code points its spans cover, End exclusive
	Versions   [][]annotate.Span // per annotator (in the review's order), sorted
	Kind       disagreeKind
}

// spanTriple is what the store keeps one of per annotator: offsets and label.
type spanTriple struct {
	start, end int
	label      string
}

func tripleOf(sp annotate.Span) spanTriple { return spanTriple{sp.Start, sp.End, sp.Label} }

// reviewModel is an article's agreed spans and disagreements among the
// annotators of a review.
type reviewModel struct {
	annotators []string
	lanes      []laneIndex     // each annotator's spans, for drawing
	agreed     []annotate.Span // one copy of each agreed span, sorted
	agreedSet  map[spanTriple]bool
	dis        []disagreement    // sorted by Start; they do not overlap
	absent     []bool            // per annotator: status todo and no spans (not labelled)
	agreedRels []relVersion      // the agreed relations (review_rel_model.go)
	rdis       []relDisagreement // the relation disagreements, by head
	keys       []string          // each item's decision key: dis, then rdis
}

// someAbsent reports whether an annotator has not labelled the article:
// then the review does not make it done by itself.
func (m *reviewModel) someAbsent() bool {
	for _, a := range m.absent {
		if a {
			return true
		}
	}
	return false
}

// spanKey tells apart spans that differ in offsets, label, attributes or
// canonical value; it allocates only for a span with attributes.
type spanKey struct {
	spanTriple
	canonical, attrs string
}

func keyOf(sp annotate.Span) spanKey {
	k := spanKey{spanTriple: tripleOf(sp), canonical: sp.Canonical}
	if len(sp.Attrs) > 0 {
		k.attrs = string(annotate.AppendAttrs(nil, sp.Attrs))
	}
	return k
}

// buildReview compares the annotators' spans of one article; spans[i] are
// annotators[i]'s (at most 64 annotators). The slices are not modified.
func buildReview(annotators []string, spans [][]annotate.Span) *reviewModel {
	n := len(annotators)
	m := &reviewModel{annotators: annotators, lanes: make([]laneIndex, n), agreedSet: map[spanTriple]bool{}}
	// Which annotators have each span: a bit each.
	owners := make(map[spanKey]uint64, len(spans[0])+len(spans[0])/4+1)
	total := 0
	for i, sps := range spans {
		m.lanes[i] = newLaneIndex(sps)
		total += len(sps)
		for _, sp := range sps {
			owners[keyOf(sp)] |= 1 << i
		}
	}
	all := uint64(1)<<n - 1
	// The rest, as (annotator, index) pairs sorted by start.
	type ref struct{ who, j int32 }
	rest := make([]ref, 0, total/8)
	for i, sps := range spans {
		for j, sp := range sps {
			k := keyOf(sp)
			if owners[k] != all {
				rest = append(rest, ref{int32(i), int32(j)})
				continue
			}
			if i == 0 && !m.agreedSet[k.spanTriple] { // every agreed span is the first annotator's
				m.agreedSet[k.spanTriple] = true
				sp.ID, sp.Annotator = 0, ""
				m.agreed = append(m.agreed, sp)
			}
		}
	}
	annotate.SortSpans(m.agreed)
	at := func(r ref) *annotate.Span { return &spans[r.who][r.j] }
	slices.SortStableFunc(rest, func(a, b ref) int { return cmp.Compare(at(a).Start, at(b).Start) })
	for _, r := range rest {
		sp := *at(r)
		if k := len(m.dis) - 1; k >= 0 && sp.Start < m.dis[k].End {
			d := &m.dis[k]
			d.End = max(d.End, sp.End)
			d.Versions[r.who] = append(d.Versions[r.who], sp)
			continue
		}
		d := disagreement{Start: sp.Start, End: sp.End, Versions: make([][]annotate.Span, n)}
		d.Versions[r.who] = []annotate.Span{sp}
		m.dis = append(m.dis, d)
	}
	for k := range m.dis {
		d := &m.dis[k]
		for _, v := range d.Versions {
			annotate.SortSpans(v)
		}
		d.Kind = kindOf(d.Versions)
	}
	return m
}

// kindOf says how versions differ.
func kindOf(versions [][]annotate.Span) disagreeKind {
	var k disagreeKind
	var first []annotate.Span
	have := false
	for _, v := range versions {
		if len(v) == 0 {
			k |= kindMissing
			continue
		}
		if !have {
			first, have = v, true
			continue
		}
		switch {
		case slices.EqualFunc(first, v, func(a, b annotate.Span) bool { return keyOf(a) == keyOf(b) }):
		case !slices.EqualFunc(first, v, func(a, b annotate.Span) bool { return a.Start == b.Start && a.End == b.End }):
			k |= kindBounds
		case !slices.EqualFunc(first, v, func(a, b annotate.Span) bool { return a.Label == b.Label }):
			k |= kindLabel
		default:
			k |= kindAttrs
		}
	}
	return k
}

// at returns the index of the disagreement that covers code point cp, or
// -1.
func (m *reviewModel) at(cp int) int {
	i := sort.Search(len(m.dis), func(i int) bool { return m.dis[i].End > cp })
	if i < len(m.dis) && m.dis[i].Start <= cp {
		return i
	}
	return -1
}

// within returns the range [i, j) of disagreements that share a code point
// with [a, b).
func (m *reviewModel) within(a, b int) (int, int) {
	i := sort.Search(len(m.dis), func(i int) bool { return m.dis[i].End > a })
	j := i
	for j < len(m.dis) && m.dis[j].Start < b {
		j++
	}
	return i, j
}

// counts reports, for each disagreement, how many of spans (the curator's)
// it holds that are not agreed ones: a disagreement the curator has
// labelled by hand is decided.
func (m *reviewModel) counts(spans []annotate.Span) []int {
	n := make([]int, len(m.dis))
	for _, sp := range spans {
		if m.agreedSet[tripleOf(sp)] {
			continue
		}
		i, j := m.within(sp.Start, sp.End)
		for ; i < j; i++ {
			n[i]++
		}
	}
	return n
}

// decision returns the curator's spans that choice makes of disagreement
// d: the version of annotator choice (0-based), all versions
// (choiceBoth) or none (choiceNone), each (offsets, label) once.
func (m *reviewModel) decision(d int, choice int) []annotate.Span {
	return chosen(m.dis[d].Versions, choice, tripleOf)
}

// chosen returns the items choice takes of versions (one per annotator):
// annotator choice's, all (choiceBoth) or none (choiceNone), each key
// once, in order.
func chosen[T any, K comparable](versions [][]T, choice int, key func(T) K) []T {
	var out []T
	seen := map[K]bool{}
	add := func(v []T) {
		for _, x := range v {
			if k := key(x); !seen[k] {
				seen[k] = true
				out = append(out, x)
			}
		}
	}
	switch {
	case choice == choiceBoth:
		for _, v := range versions {
			add(v)
		}
	case choice >= 0 && choice < len(versions):
		add(versions[choice])
	}
	return out
}

// The choices that are not an annotator's version.
const (
	choiceBoth = -1
	choiceNone = -2
)

// laneIndex finds one annotator's spans that overlap a range: spans
// sorted by start, with the greatest end so far.
type laneIndex struct {
	spans  []annotate.Span
	maxEnd []int
}

func newLaneIndex(spans []annotate.Span) laneIndex {
	byStart := func(a, b annotate.Span) int { return cmp.Compare(a.Start, b.Start) }
	s := spans // the stores return them sorted: then they are shared, not copied
	if !slices.IsSortedFunc(s, byStart) {
		s = slices.Clone(spans)
		slices.SortStableFunc(s, byStart)
	}
	mx := make([]int, len(s))
	e := 0
	for i, sp := range s {
		e = max(e, sp.End)
		mx[i] = e
	}
	return laneIndex{spans: s, maxEnd: mx}
}

// overlapping calls fn for each span that shares a code point with [a, b).
func (x *laneIndex) overlapping(a, b int, fn func(sp *annotate.Span)) {
	hi := sort.Search(len(x.spans), func(i int) bool { return x.spans[i].Start >= b })
	for i := hi - 1; i >= 0 && x.maxEnd[i] > a; i-- {
		if x.spans[i].End > a {
			fn(&x.spans[i])
		}
	}
}
