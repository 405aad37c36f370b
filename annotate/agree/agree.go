// Package agree measures how far annotators agree on the spans of the
// same articles: span precision, recall and F1 (exact and overlap
// match), Cohen's κ per pair and Fleiss' κ over all on IOB2 tokens and
// on characters, Davies & Fleiss's multi-κ and Krippendorff's α on
// tokens, Krippendorff's α-U on the text as a continuum, a confusion
// table of labels, and the same per label and per article. It is pure
// Go: records go in (as annotate.Store's Export gives them), a Report
// comes out.
//
// Overall figures are micro-averaged: they pool every span, token or
// character of every article, they are not means of per-article figures.
// Figures that cannot be computed (no items, or chance agreement of 1)
// are NaN.
package agree

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

var nan = math.NaN()

// Options choose what a Study measures.
type Options struct {
	// Annotators are the annotators compared (at least two); records of
	// others are left out.
	Annotators []string
	// Labels, when set, keep only spans with these labels.
	Labels []string
}

// Study accumulates the agreement of articles added one by one.
type Study struct {
	opt       Options
	index     map[string]int // annotator → position in opt.Annotators
	labels    []string       // label id → name
	labelID   map[string]int
	keep      map[string]bool
	pairs     []*pairAcc // a<b, in order
	tokMulti  *multi
	charMulti *multi
	tokAlpha  alpha
	unitizing *unitizing
	articles  []ArticleResult
	complete  int // articles every annotator took part in

	// scratch, reused from article to article
	toks    []format.Token
	tag     []int
	order   []int
	scratch []int
	cats    []int
	spBuf   []annotate.Span
}

type pairAcc struct {
	a, b     int
	articles int
	labels   []Counts // by label id
	tokens   matrix   // IOB2 tag ids
	chars    matrix   // label id + 1, 0 outside spans
	conf     matrix   // label id + 1, 0 for no span
}

// New returns an empty study. It is an error to name fewer than two
// annotators, or one twice.
func New(opt Options) (*Study, error) {
	if len(opt.Annotators) < 2 {
		return nil, fmt.Errorf("%w: agreement needs at least two annotators, got %d", annotate.ErrInvalid, len(opt.Annotators))
	}
	s := &Study{opt: opt, index: map[string]int{}, labelID: map[string]int{}}
	for i, a := range opt.Annotators {
		if _, dup := s.index[a]; dup {
			return nil, fmt.Errorf("%w: annotator %q named twice", annotate.ErrInvalid, a)
		}
		s.index[a] = i
	}
	if len(opt.Labels) > 0 {
		s.keep = map[string]bool{}
		for _, l := range opt.Labels {
			s.keep[l] = true
			s.label(l)
		}
	}
	for a := range opt.Annotators {
		for b := a + 1; b < len(opt.Annotators); b++ {
			s.pairs = append(s.pairs, &pairAcc{a: a, b: b})
		}
	}
	n := len(opt.Annotators)
	s.tokMulti, s.charMulti, s.unitizing = newMulti(n), newMulti(n), newUnitizing(n)
	return s, nil
}

func (s *Study) label(l string) int {
	id, ok := s.labelID[l]
	if !ok {
		id = len(s.labels)
		s.labelID[l] = id
		s.labels = append(s.labels, l)
	}
	return id
}

// rater is one annotator's work on the article being added.
type rater struct {
	idx   int      // in opt.Annotators
	spans []span   // sorted by start, end, label
	tags  []int    // per token: 0 O, 2l+1 B-l, 2l+2 I-l
	runs  []unit   // kept spans for characters, by start
	lab   []int    // label id of each run
	units [][]unit // per label: spans, same-label overlaps dropped
}

// Add adds one article: recs are its records (one per annotator, as
// Export gives them; records of annotators not compared are left out).
// An annotator without a record did not take part in the article.
func (s *Study) Add(recs []*annotate.Record) {
	if len(recs) == 0 {
		return
	}
	art := &recs[0].Article
	var rs []*rater
	for _, rec := range recs {
		idx, ok := s.index[rec.Annotator]
		if !ok {
			continue
		}
		r := &rater{idx: idx}
		sorted := slices.IsSortedFunc(rec.Spans, cmpAnnotated)
		for _, sp := range rec.Spans {
			if s.keep != nil && !s.keep[sp.Label] {
				continue
			}
			r.spans = append(r.spans, span{sp.Start, sp.End, s.label(sp.Label)})
		}
		if !sorted { // as Export gives them: by start, end, label name
			slices.SortStableFunc(r.spans, func(x, y span) int {
				return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end), cmp.Compare(s.labels[x.label], s.labels[y.label]))
			})
		}
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].idx < rs[j].idx })
	res := ArticleResult{ID: art.ID, ExtID: art.ExtID, Title: art.Title, Annotators: len(rs),
		ExactF1: Figure(nan), OverlapF1: Figure(nan), TokenKappa: Figure(nan)}
	for _, r := range rs {
		res.Spans += len(r.spans)
	}
	if len(rs) < 2 {
		s.articles = append(s.articles, res)
		return
	}
	n := utf8.RuneCountInString(art.Text)
	s.toks = format.AppendTokens(s.toks[:0], art.Text)
	for _, r := range rs {
		s.tagTokens(r)
		r.runs, r.lab = charRuns(r.spans)
		r.units = unitsByLabel(r.spans, len(s.labels))
	}
	for len(s.scratch) < 2*len(s.labels)+2 {
		s.scratch = append(s.scratch, 0)
	}
	var artCounts Counts
	for _, p := range s.pairs {
		a, b := find(rs, p.a), find(rs, p.b)
		if a == nil || b == nil {
			continue
		}
		p.articles++
		for len(p.labels) < len(s.labels) {
			p.labels = append(p.labels, Counts{})
		}
		perLabel := make([]Counts, len(s.labels))
		compareSpans(a.spans, b.spans, perLabel, &p.conf)
		for l, c := range perLabel {
			p.labels[l].add(c)
			artCounts.add(c)
		}
		for t := range s.toks {
			p.tokens.add(a.tags[t], b.tags[t], 1)
		}
		mergeRuns(a, b, n, func(x, y, w int) { p.chars.add(x, y, int64(w)) })
	}
	res.ExactF1, res.OverlapF1 = Figure(artCounts.F1(false)), Figure(artCounts.F1(true))
	res.TokenKappa = Figure(s.addMulti(rs, n, len(rs) == len(s.opt.Annotators)))
	s.articles = append(s.articles, res)
}

func find(rs []*rater, idx int) *rater {
	for _, r := range rs {
		if r.idx == idx {
			return r
		}
	}
	return nil
}

// tagTokens gives r's tokens their IOB2 tags, as the CoNLL export does.
func (s *Study) tagTokens(r *rater) {
	sp := s.spBuf[:0]
	for _, x := range r.spans {
		sp = append(sp, annotate.Span{Start: x.start, End: x.end})
	}
	s.spBuf = sp
	s.tag, s.order, _ = format.OuterSpans(s.toks, sp, s.tag, s.order, func(int, int) error { return nil })
	r.tags = make([]int, len(s.toks))
	for t, k := range s.tag {
		switch {
		case k < 0:
			r.tags[t] = 0
		case t > 0 && s.tag[t-1] == k:
			r.tags[t] = 2*r.spans[k].label + 2
		default:
			r.tags[t] = 2*r.spans[k].label + 1
		}
	}
}

// charRuns keeps, outermost first as for tokens, the spans that share no
// character with one kept before.
func charRuns(spans []span) ([]unit, []int) {
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := spans[order[i]], spans[order[j]]
		if a.start != b.start {
			return a.start < b.start
		}
		return a.end > b.end
	})
	var runs []unit
	var labs []int
	end := 0
	for _, k := range order {
		x := spans[k]
		if x.start < end {
			continue
		}
		runs = append(runs, unit{x.start, x.end})
		labs = append(labs, x.label)
		end = x.end
	}
	return runs, labs
}

// unitsByLabel groups spans by label for α-U, which takes units of one
// rater and category that do not overlap: of overlapping ones the
// earlier (then longer) is kept.
func unitsByLabel(spans []span, nLabels int) [][]unit {
	out := make([][]unit, nLabels)
	ends := make([]int, nLabels)
	for _, x := range spans { // sorted by start, then end: the earlier, shorter first
		us := out[x.label]
		if len(us) > 0 && x.start < ends[x.label] {
			if us[len(us)-1].start == x.start { // same start: keep the longer
				us[len(us)-1].end = max(us[len(us)-1].end, x.end)
				ends[x.label] = us[len(us)-1].end
			}
			continue
		}
		out[x.label] = append(us, unit{x.start, x.end})
		ends[x.label] = x.end
	}
	return out
}

// mergeRuns walks a's and b's character runs together over [0, n) and
// calls fn with each stretch's two categories (label id + 1, 0 outside).
func mergeRuns(a, b *rater, n int, fn func(x, y, w int)) {
	pos, i, j := 0, 0, 0
	for pos < n {
		x, nx := runAt(a, &i, pos, n)
		y, ny := runAt(b, &j, pos, n)
		next := min(nx, ny)
		fn(x, y, next-pos)
		pos = next
	}
}

// runAt returns the category at pos and where it changes next; *i is the
// first run not ended before pos.
func runAt(r *rater, i *int, pos, n int) (int, int) {
	for *i < len(r.runs) && r.runs[*i].end <= pos {
		*i++
	}
	if *i == len(r.runs) {
		return 0, n
	}
	u := r.runs[*i]
	if u.start > pos {
		return 0, u.start
	}
	return r.lab[*i] + 1, u.end
}

func cmpAnnotated(x, y annotate.Span) int {
	return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End), cmp.Compare(x.Label, y.Label))
}
