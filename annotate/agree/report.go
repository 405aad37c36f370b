package agree

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// addMulti adds the article's multi-rater figures and returns its own
// Fleiss' κ on tokens. complete says every compared annotator took part:
// only such articles count towards Fleiss', multi-κ and α-U, which need
// the same raters throughout; α takes every article with two or more.
func (s *Study) addMulti(rs []*rater, n int, complete bool) float64 {
	own := newMulti(len(rs))
	cats := s.cats[:0]
	for t := range s.toks {
		cats = cats[:0]
		for _, r := range rs {
			cats = append(cats, r.tags[t])
		}
		sq := sumSquares(cats, s.scratch)
		own.add(cats, 1, sq)
		s.tokAlpha.add(cats, sq)
		if complete {
			s.tokMulti.add(cats, 1, sq)
		}
	}
	if complete {
		s.complete++
		idx := make([]int, len(rs))
		pos := 0
		for pos < n {
			next := n
			cats = cats[:0]
			for k, r := range rs {
				c, nx := runAt(r, &idx[k], pos, n)
				cats = append(cats, c)
				next = min(next, nx)
			}
			s.charMulti.add(cats, float64(next-pos), sumSquares(cats, s.scratch))
			pos = next
		}
		units := make([][][]unit, len(rs))
		for k, r := range rs {
			units[k] = r.units
		}
		s.unitizing.addArticle(n, units)
	}
	s.cats = cats
	return own.fleiss()
}

// Report is a study's result.
type Report struct {
	Annotators []string
	Labels     []string // sorted
	Pairs      []PairResult
	Overall    Overall
	// Confusion counts pairs of spans of two annotators that overlap, by
	// the label of each: Confusion[a][b] for a span labelled a by the
	// first of a pair and b by the second. The label "" stands for no
	// span: a span the other annotator has nothing overlapping for.
	Confusion map[string]map[string]int
	Articles  []ArticleResult // lowest agreement first
}

// PairResult holds a pair's figures, A taken as the reference of B.
type PairResult struct {
	A, B       string
	Articles   int // articles both took part in
	Spans      Counts
	TokenKappa Figure // Cohen's κ on IOB2 tags
	CharKappa  Figure // Cohen's κ on characters (label or none)
	ByLabel    map[string]LabelPair
}

// LabelPair is a pair's figures for one label: its spans only, and κ on
// tags of that label (other labels counted as O).
type LabelPair struct {
	Spans      Counts
	TokenKappa Figure
	CharKappa  Figure
}

// Overall holds the figures over every annotator.
type Overall struct {
	Spans       Counts // pooled over every pair
	TokenFleiss Figure // Fleiss' κ on IOB2 tags, articles every annotator took part in
	CharFleiss  Figure
	TokenMultiK Figure // Davies & Fleiss's multi-κ on IOB2 tags, same articles
	TokenAlpha  Figure // Krippendorff's α, nominal, IOB2 tags, every article with two or more annotators
	AlphaU      Figure // Krippendorff's α-U, articles every annotator took part in
	Complete    int    // articles every annotator took part in
	ByLabel     map[string]LabelOverall
}

// LabelOverall is the overall figures of one label.
type LabelOverall struct {
	Spans  Counts
	AlphaU Figure
}

// ArticleResult is one article's agreement.
type ArticleResult struct {
	ID                 int64
	ExtID, Title       string
	Annotators, Spans  int
	ExactF1, OverlapF1 Figure // over its pairs' spans; NaN when nobody labelled anything
	TokenKappa         Figure // Fleiss' κ on IOB2 tags among its annotators
}

// Report computes the figures of what was added so far.
func (s *Study) Report() *Report {
	rep := &Report{Annotators: s.opt.Annotators, Labels: slices.Sorted(slices.Values(s.labels)),
		Confusion: map[string]map[string]int{}}
	rep.Overall.ByLabel = map[string]LabelOverall{}
	for _, p := range s.pairs {
		pr := PairResult{A: s.opt.Annotators[p.a], B: s.opt.Annotators[p.b], Articles: p.articles,
			TokenKappa: Figure(p.tokens.cohen()), CharKappa: Figure(p.chars.cohen()), ByLabel: map[string]LabelPair{}}
		for l, name := range s.labels {
			var c Counts
			if l < len(p.labels) {
				c = p.labels[l]
			}
			pr.Spans.add(c)
			tok := p.tokens.collapse(func(t int) int {
				if t > 0 && (t-1)/2 == l {
					return 1 + (t-1)%2
				}
				return 0
			})
			chr := p.chars.collapse(func(t int) int {
				if t == l+1 {
					return 1
				}
				return 0
			})
			pr.ByLabel[name] = LabelPair{Spans: c, TokenKappa: Figure(tok.cohen()), CharKappa: Figure(chr.cohen())}
			lo := rep.Overall.ByLabel[name]
			lo.Spans.add(c)
			rep.Overall.ByLabel[name] = lo
		}
		rep.Overall.Spans.add(pr.Spans)
		for i := 0; i < p.conf.n; i++ {
			for j := 0; j < p.conf.n; j++ {
				if v := p.conf.at(i, j); v != 0 {
					a, b := s.labelName(i), s.labelName(j)
					if rep.Confusion[a] == nil {
						rep.Confusion[a] = map[string]int{}
					}
					rep.Confusion[a][b] += int(v)
				}
			}
		}
		rep.Pairs = append(rep.Pairs, pr)
	}
	o := &rep.Overall
	o.TokenFleiss, o.CharFleiss = Figure(s.tokMulti.fleiss()), Figure(s.charMulti.fleiss())
	o.TokenMultiK = Figure(s.tokMulti.daviesFleiss())
	o.TokenAlpha = Figure(s.tokAlpha.value())
	o.Complete = s.complete
	all, byCat := s.unitizing.result()
	o.AlphaU = Figure(all)
	for l, name := range s.labels {
		lo := o.ByLabel[name]
		lo.AlphaU = Figure(math.NaN())
		if l < len(byCat) {
			lo.AlphaU = Figure(byCat[l])
		}
		o.ByLabel[name] = lo
	}
	rep.Articles = slices.Clone(s.articles)
	slices.SortStableFunc(rep.Articles, func(a, b ArticleResult) int {
		return cmp.Or(cmpNaNLast(float64(a.ExactF1), float64(b.ExactF1)), cmpNaNLast(float64(a.TokenKappa), float64(b.TokenKappa)), cmp.Compare(a.ID, b.ID))
	})
	return rep
}

func (s *Study) labelName(id int) string {
	if id == 0 || id > len(s.labels) {
		return ""
	}
	return s.labels[id-1]
}

// cmpNaNLast orders numbers ascending with NaN after every number.
func cmpNaNLast(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	return cmp.Compare(a, b)
}

// Figure is an agreement figure; NaN when it cannot be computed, which
// JSON gets as null and text as "—".
type Figure float64

// MarshalJSON writes NaN as null.
func (f Figure) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(f), 'g', -1, 64), nil
}

// String gives the figure to three decimals, or "—".
func (f Figure) String() string {
	if math.IsNaN(float64(f)) {
		return "—"
	}
	return strconv.FormatFloat(float64(f), 'f', 3, 64)
}
