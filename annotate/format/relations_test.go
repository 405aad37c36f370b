package format

import (
	"fmt"
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// fixtureRelations describes a record's relations by their spans, sorted,
// so that two records whose spans are in another order compare equal.
func fixtureRelations(r *annotate.Record) []string {
	var out []string
	for _, rel := range r.Relations {
		at := func(i int) string {
			if i < 0 || i >= len(r.Spans) {
				return fmt.Sprintf("#%d?", i)
			}
			sp := &r.Spans[i]
			return fmt.Sprintf("%s[%d,%d)", sp.Label, sp.Start, sp.End)
		}
		out = append(out, fmt.Sprintf("%s -%s-> %s %q", at(rel.Head), rel.Label, at(rel.Child), rel.Note))
	}
	slices.Sort(out)
	return out
}
