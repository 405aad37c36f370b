package format

import (
	"sort"

	"github.com/tagdesk/tagdesk/annotate"
)

// OuterSpans decides which of spans IOB can hold over toks, the rule the
// CoNLL export applies: spans are taken outermost first (the earliest,
// then the longest) and each claims the tokens it touches (TokenRange)
// unless one of them is claimed already. It returns, per token, the index
// in spans of the span that tags it, or -1 (in tag, reused), and calls
// drop for each span left out with the index of the span it clashes with,
// or -1 when it covers no token; an error from drop ends it. order is
// scratch space, reused.
func OuterSpans(toks []Token, spans []annotate.Span, tag, order []int, drop func(k, clash int) error) ([]int, []int, error) {
	tag = tag[:0]
	for range toks {
		tag = append(tag, -1)
	}
	order = order[:0]
	for i := range spans {
		order = append(order, i)
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := &spans[order[i]], &spans[order[j]]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	for _, k := range order {
		s := &spans[k]
		first, last, ok := tokenRange(toks, s.Start, s.End)
		if !ok {
			if err := drop(k, -1); err != nil {
				return tag, order, err
			}
			continue
		}
		clash := -1
		for t := first; t <= last; t++ {
			if tag[t] >= 0 {
				clash = tag[t]
				break
			}
		}
		if clash >= 0 {
			if err := drop(k, clash); err != nil {
				return tag, order, err
			}
			continue
		}
		for t := first; t <= last; t++ {
			tag[t] = k
		}
	}
	return tag, order, nil
}

// TokenRange returns the first and last (inclusive) token of toks that
// the span [start, end) touches, widening a span that does not align to
// token boundaries; ok is false when it covers only white space.
func TokenRange(toks []Token, start, end int) (first, last int, ok bool) {
	return tokenRange(toks, start, end)
}
