package format

import (
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// doccanoRelation is one relation of doccano's relation JSONL: from_id and
// to_id are the ids of two of the line's entities.
type doccanoRelation struct {
	FromID jsontext.Value `json:"from_id"`
	ToID   jsontext.Value `json:"to_id"`
	Type   string         `json:"type"`
}

// doccanoRelations returns rels as record relations; entityIdx maps an
// entity id (its JSON text) to its span's index.
func doccanoRelations(rels []doccanoRelation, entityIdx map[string]int) ([]annotate.RecordRelation, error) {
	out := make([]annotate.RecordRelation, 0, len(rels))
	for i, r := range rels {
		h, okH := entityIdx[string(r.FromID)]
		c, okC := entityIdx[string(r.ToID)]
		if !okH || !okC {
			return nil, fmt.Errorf("%w: relation %d (%s): from_id %s or to_id %s is not the id of an entity of the line",
				annotate.ErrInvalid, i+1, r.Type, r.FromID, r.ToID)
		}
		out = append(out, annotate.RecordRelation{Head: h, Child: c, Label: r.Type})
	}
	return out, nil
}

// appendDoccanoRelational appends the spans and relations of r in
// doccano's relation shape: `"entities":[{"id","label","start_offset",
// "end_offset"}],"relations":[{"id","from_id","to_id","type"}]`, entity
// ids 1, 2… in span order.
func appendDoccanoRelational(b []byte, r *annotate.Record, unit offsetUnit) []byte {
	b = append(b, `,"entities":[`...)
	for i := range r.Spans {
		sp := &r.Spans[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `,"label":`...)
		b = annotate.AppendJSONString(b, sp.Label)
		b = append(b, `,"start_offset":`...)
		b = strconv.AppendInt(b, int64(unit.from(sp.Start)), 10)
		b = append(b, `,"end_offset":`...)
		b = strconv.AppendInt(b, int64(unit.from(sp.End)), 10)
		b = append(b, '}')
	}
	b = append(b, `],"relations":[`...)
	for i, rel := range r.Relations {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `,"from_id":`...)
		b = strconv.AppendInt(b, int64(rel.Head+1), 10)
		b = append(b, `,"to_id":`...)
		b = strconv.AppendInt(b, int64(rel.Child+1), 10)
		b = append(b, `,"type":`...)
		b = annotate.AppendJSONString(b, rel.Label)
		b = append(b, '}')
	}
	return append(b, ']')
}
