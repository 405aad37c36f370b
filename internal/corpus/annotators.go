package corpus

import (
	"math/rand/v2"

	"github.com/tagdesk/tagdesk/annotate"
)

// Annotators are the three people of the agreement benchmark.
var Annotators = []string{"alice", "bob", "carol"}

// Annotated returns article i as three annotators labelled it: alice's
// spans are Record(i)'s; bob's and carol's are hers changed as another
// person might change them: about one span in ten with its end a code
// point earlier, one in twenty with another label, one in twenty left
// out, and now and then one more. All are done.
func Annotated(i int) []*annotate.Record {
	base := Record(i)
	out := make([]*annotate.Record, len(Annotators))
	for k, who := range Annotators {
		rec := &annotate.Record{Article: base.Article, Annotator: who, Status: annotate.StatusDone}
		rng := rand.New(rand.NewPCG(uint64(i), uint64(k)))
		seen := map[[2]int]bool{}
		for _, s := range base.Spans {
			s.Annotator = who
			if k > 0 {
				switch r := rng.IntN(20); {
				case r == 0:
					continue
				case r == 1:
					s.Label, s.Attrs = labels[(labelIndex(s.Label)+1)%len(labels)], nil
				case r < 4 && s.End-s.Start > 1:
					s.End--
					s.Text = ""
				}
			}
			if key := [2]int{s.Start, s.End}; !seen[key] {
				seen[key] = true
				rec.Spans = append(rec.Spans, s)
			}
		}
		annotate.SortSpans(rec.Spans)
		out[k] = rec
	}
	return out
}

var labels = []string{"PERSON", "ORG", "MEASURE", "JURISDICTION"}

func labelIndex(l string) int {
	for i, x := range labels {
		if x == l {
			return i
		}
	}
	return 0
}
