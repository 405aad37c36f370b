package corpus

import (
	"io"

	"github.com/tagdesk/tagdesk/annotate"
)

// RelationsPerArticle is how many relations the relation benchmark gives
// each article (WriteRelations).
const RelationsPerArticle = 10

// AddRelations gives rec up to n relations between its spans, each of a
// type the default schema allows between the two labels: each head joined
// to the nearest span after it that it may join, then the next nearest,
// and so on. Deterministic: the same record gets the same relations.
func AddRelations(rec *annotate.Record, n int) {
	sch := annotate.DefaultSchema()
	rec.Relations = rec.Relations[:0]
	for d := 1; d < len(rec.Spans) && len(rec.Relations) < n; d++ {
		for h := range rec.Spans {
			c := (h + d) % len(rec.Spans)
			types := sch.RelationsBetween(rec.Spans[h].Label, rec.Spans[c].Label)
			if len(types) == 0 {
				continue
			}
			rec.Relations = append(rec.Relations, annotate.RecordRelation{Head: h, Child: c, Label: types[(h+c)%len(types)].Name})
			if len(rec.Relations) == n {
				break
			}
		}
	}
	annotate.SortRelations(rec.Relations)
}

// WriteRelations writes n articles to w in the native JSONL, each with
// perArticle relations (AddRelations).
func WriteRelations(w io.Writer, n, perArticle int) error {
	return write(w, n, func(i int) []*annotate.Record {
		r := Record(i)
		AddRelations(r, perArticle)
		return []*annotate.Record{r}
	})
}
