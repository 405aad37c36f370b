package format

import (
	"fmt"
	"strconv"

	"github.com/tagdesk/tagdesk/annotate"
)

// jsonRelation is one relation of a JSONL line: the native shape, where
// head and child index the line's spans, or Prodigy's (rel.manual), where
// they are token indices and head_span and child_span give the spans.
type jsonRelation struct {
	Head      offset       `json:"head"`
	Child     offset       `json:"child"`
	Label     string       `json:"label"`
	Note      string       `json:"note"`
	HeadSpan  *jsonRelSpan `json:"head_span"`
	ChildSpan *jsonRelSpan `json:"child_span"`
}

// jsonRelSpan is a span as Prodigy's relations name it.
type jsonRelSpan struct {
	Start offset `json:"start"`
	End   offset `json:"end"`
	Label string `json:"label"`
}

// decodeRelations sets rec.Relations from a line's relations. A native
// relation must have head and child indexes in range of rec.Spans; a
// Prodigy one is joined to the spans its head_span and child_span name
// (by start, end and label), and a span it names that the line's spans
// lack is added.
func decodeRelations(rec *annotate.Record, rels []jsonRelation) error {
	if len(rels) == 0 {
		return nil
	}
	rec.Relations = make([]annotate.RecordRelation, len(rels))
	for i := range rels {
		jr := &rels[i]
		r := &rec.Relations[i]
		r.Label, r.Note = jr.Label, jr.Note
		if jr.HeadSpan != nil || jr.ChildSpan != nil {
			var err error
			if r.Head, err = spanIndex(rec, jr.HeadSpan); err != nil {
				return fmt.Errorf("relation %d (%s): head_span: %w", i+1, jr.Label, err)
			}
			if r.Child, err = spanIndex(rec, jr.ChildSpan); err != nil {
				return fmt.Errorf("relation %d (%s): child_span: %w", i+1, jr.Label, err)
			}
			continue
		}
		if !jr.Head.Set || !jr.Child.Set {
			return fmt.Errorf("%w: relation %d (%s) has no head or child", annotate.ErrInvalid, i+1, jr.Label)
		}
		r.Head, r.Child = jr.Head.N, jr.Child.N
		if r.Head < 0 || r.Head >= len(rec.Spans) || r.Child < 0 || r.Child >= len(rec.Spans) {
			return fmt.Errorf("%w: relation %d (%s): head %d or child %d is not a span index (the line has %d spans)",
				annotate.ErrInvalid, i+1, jr.Label, r.Head, r.Child, len(rec.Spans))
		}
	}
	return nil
}

// spanIndex returns the index in rec.Spans of the span s names, adding it
// when it is not there.
func spanIndex(rec *annotate.Record, s *jsonRelSpan) (int, error) {
	if s == nil || !s.Start.Set || !s.End.Set || s.Label == "" {
		return 0, fmt.Errorf("%w: missing, or without start, end or label", annotate.ErrInvalid)
	}
	for i := range rec.Spans {
		if sp := &rec.Spans[i]; sp.Start == s.Start.N && sp.End == s.End.N && sp.Label == s.Label {
			return i, nil
		}
	}
	rec.Spans = append(rec.Spans, annotate.Span{Start: s.Start.N, End: s.End.N, Label: s.Label, Annotator: rec.Annotator})
	return len(rec.Spans) - 1, nil
}

// appendRelations appends the native `,"relations":[…]` of rels, nothing
// when there are none.
func appendRelations(b []byte, rels []annotate.RecordRelation) []byte {
	if len(rels) == 0 {
		return b
	}
	b = append(b, `,"relations":[`...)
	for i, r := range rels {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"head":`...)
		b = strconv.AppendInt(b, int64(r.Head), 10)
		b = append(b, `,"child":`...)
		b = strconv.AppendInt(b, int64(r.Child), 10)
		b = append(b, `,"label":`...)
		b = annotate.AppendJSONString(b, r.Label)
		b = append(b, `,"note":`...)
		b = annotate.AppendJSONString(b, r.Note)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendProdigyRelations appends r's relations as Prodigy's rel.manual
// writes them: head and child the index of the last token of each span,
// head_span and child_span the spans (with their token range), the
// label; and the note, when set (Prodigy ignores it).
func appendProdigyRelations(b []byte, r *annotate.Record, toks []Token) []byte {
	if len(r.Relations) == 0 {
		return b
	}
	relSpan := func(b []byte, sp *annotate.Span) ([]byte, int) {
		b = append(b, `{"start":`...)
		b = strconv.AppendInt(b, int64(sp.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(sp.End), 10)
		last := -1
		if first, l, ok := tokenRange(toks, sp.Start, sp.End); ok {
			last = l
			b = append(b, `,"token_start":`...)
			b = strconv.AppendInt(b, int64(first), 10)
			b = append(b, `,"token_end":`...)
			b = strconv.AppendInt(b, int64(l), 10)
		}
		b = append(b, `,"label":`...)
		b = annotate.AppendJSONString(b, sp.Label)
		return append(b, '}'), last
	}
	b = append(b, `,"relations":[`...)
	for i, rel := range r.Relations {
		if i > 0 {
			b = append(b, ',')
		}
		var head, child int
		b = append(b, `{"head_span":`...)
		b, head = relSpan(b, &r.Spans[rel.Head])
		b = append(b, `,"child_span":`...)
		b, child = relSpan(b, &r.Spans[rel.Child])
		b = append(b, `,"head":`...)
		b = strconv.AppendInt(b, int64(head), 10)
		b = append(b, `,"child":`...)
		b = strconv.AppendInt(b, int64(child), 10)
		b = append(b, `,"label":`...)
		b = annotate.AppendJSONString(b, rel.Label)
		if rel.Note != "" {
			b = append(b, `,"note":`...)
			b = annotate.AppendJSONString(b, rel.Note)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}
