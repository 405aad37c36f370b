package format

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Summary says in one line what the import read and what it stored, as
// the command line and the window report it: records read, new articles,
// records merged into articles already stored and the fields that changed,
// new spans and spans already stored, likewise relations (when there are
// any), skipped records and warnings.
func (r ImportResult) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "imported %d record(s) from %d file(s): %d new article(s)", r.Records, r.Files, r.NewArticles)
	if r.MergedArticles > 0 {
		fmt.Fprintf(&b, ", %d merged into articles already there (same id)", r.MergedArticles)
		if r.UpdatedArticles > 0 {
			var fields []string
			for _, f := range slices.Sorted(maps.Keys(r.UpdatedFields)) {
				if n := r.UpdatedFields[f]; n > 1 {
					fields = append(fields, fmt.Sprintf("%s in %d", f, n))
				} else {
					fields = append(fields, f)
				}
			}
			fmt.Fprintf(&b, ", %d of them updated: %s", r.UpdatedArticles, strings.Join(fields, ", "))
		}
	}
	fmt.Fprintf(&b, "; %d new span(s)", r.NewSpans)
	if old := r.KeptSpans + r.UpdatedSpans; old > 0 {
		fmt.Fprintf(&b, ", %d already there", old)
		if r.UpdatedSpans > 0 {
			fmt.Fprintf(&b, " (%d updated)", r.UpdatedSpans)
		}
	}
	if rels := r.NewRelations + r.KeptRelations + r.UpdatedRelations; rels > 0 {
		fmt.Fprintf(&b, "; %d new relation(s)", r.NewRelations)
		if old := rels - r.NewRelations; old > 0 {
			fmt.Fprintf(&b, ", %d already there", old)
			if r.UpdatedRelations > 0 {
				fmt.Fprintf(&b, " (%d updated)", r.UpdatedRelations)
			}
		}
	}
	if r.Skipped > 0 {
		fmt.Fprintf(&b, "; skipped %d rejected or ignored record(s)", r.Skipped)
	}
	if r.Warnings > 0 {
		fmt.Fprintf(&b, "; %d warning(s)", r.Warnings)
	}
	return b.String()
}
