package agree

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// Plan is who labels which article.
type Plan struct {
	Annotators []string
	Articles   map[int64][]string // article id → its annotators, in the order of Annotators
	Count      []int              // per annotator: articles assigned
	Pairs      [][]int            // Pairs[a][b], a < b: articles a and b both label
}

// Assign spreads articles over annotators so that each article is
// labelled by exactly perArticle of them; each annotator gets as many
// articles as any other, give or take one; and every pair shares about
// as many articles as any other pair, so the overlap that agreement is
// measured on is known before anyone starts. The articles are taken in
// an order shuffled by seed; each goes to the annotators with the fewest
// articles so far (which keeps the counts within one), among those
// preferring the ones that share fewest articles with the ones already
// chosen, ties broken by an order shuffled by seed. The same seed and
// input give the same plan.
func Assign(articles []int64, annotators []string, perArticle int, seed uint64) (*Plan, error) {
	k := len(annotators)
	if perArticle < 1 || perArticle > k {
		return nil, fmt.Errorf("%w: %d annotators per article, out of %d", annotate.ErrInvalid, perArticle, k)
	}
	seen := map[string]bool{}
	for _, a := range annotators {
		if a == "" || seen[a] {
			return nil, fmt.Errorf("%w: annotator names must be given once each and not be empty", annotate.ErrInvalid)
		}
		seen[a] = true
	}
	r := rand.New(rand.NewPCG(seed, 0x7461676465736b)) // "tagdesk"
	order := slices.Clone(articles)
	slices.Sort(order)
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	p := &Plan{Annotators: annotators, Articles: map[int64][]string{}, Count: make([]int, k), Pairs: make([][]int, k)}
	for a := range p.Pairs {
		p.Pairs[a] = make([]int, k)
	}
	tie := make([]int, k)
	chosen := make([]bool, k)
	var pick []int
	for _, id := range order {
		for i, v := range r.Perm(k) {
			tie[i] = v
		}
		clear(chosen)
		pick = pick[:0]
		for len(pick) < perArticle {
			best := -1
			for c := 0; c < k; c++ {
				if chosen[c] {
					continue
				}
				if best < 0 || p.better(c, best, pick, tie) {
					best = c
				}
			}
			chosen[best] = true
			pick = append(pick, best)
		}
		slices.Sort(pick)
		names := make([]string, len(pick))
		for i, c := range pick {
			names[i] = annotators[c]
			p.Count[c]++
			for _, d := range pick[i+1:] {
				p.Pairs[c][d]++
			}
		}
		p.Articles[id] = names
	}
	return p, nil
}

// better reports whether annotator c is a better next pick than d.
func (p *Plan) better(c, d int, pick []int, tie []int) bool {
	if p.Count[c] != p.Count[d] {
		return p.Count[c] < p.Count[d]
	}
	if sc, sd := p.shared(c, pick), p.shared(d, pick); sc != sd {
		return sc < sd
	}
	return tie[c] < tie[d]
}

func (p *Plan) shared(c int, pick []int) int {
	n := 0
	for _, d := range pick {
		n += p.Pairs[min(c, d)][max(c, d)]
	}
	return n
}
