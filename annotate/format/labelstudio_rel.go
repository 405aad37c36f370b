package format

import (
	"strconv"

	"github.com/tagdesk/tagdesk/annotate"
)

// lsResult is one result of an annotation: a region (labels), a
// per-region choices or textarea, or a relation between two regions.
type lsResult struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	FromName  string   `json:"from_name"`
	ToName    string   `json:"to_name"`
	Value     lsValue  `json:"value"`
	FromID    string   `json:"from_id"`   // relation
	ToID      string   `json:"to_id"`     // relation
	Direction string   `json:"direction"` // relation: right, left or bi
	Labels    []string `json:"labels"`    // relation
}

// lsRelation reads a result of type "relation": from_id and to_id are
// the ids of two labels results; direction "right" (and "bi", for which
// tagdesk has no symmetric relation) goes from from_id to to_id, "left"
// the other way; each label is one relation. It reports whether the
// result named spans of the annotation; a relation without a label is
// not imported (counted as ignored).
func lsRelation(rec *annotate.Record, res *lsResult, byID map[string][]int) bool {
	from, okF := byID[res.FromID]
	to, okT := byID[res.ToID]
	if !okF || !okT || len(res.Labels) == 0 {
		return false
	}
	if res.Direction == "left" {
		from, to = to, from
	}
	for _, l := range res.Labels {
		rec.Relations = append(rec.Relations, annotate.RecordRelation{Head: from[0], Child: to[0], Label: l})
	}
	return true
}

// appendLSRelations appends r's relations as Label Studio relation
// results between the regions s1, s2… of its spans; a relation's note has
// no place there.
func appendLSRelations(b []byte, r *annotate.Record) []byte {
	for _, rel := range r.Relations {
		if len(r.Spans) > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"from_id":"s`...)
		b = strconv.AppendInt(b, int64(rel.Head+1), 10)
		b = append(b, `","to_id":"s`...)
		b = strconv.AppendInt(b, int64(rel.Child+1), 10)
		b = append(b, `","type":"relation","direction":"right","labels":[`...)
		b = annotate.AppendJSONString(b, rel.Label)
		b = append(b, "]}"...)
	}
	return b
}
