package postgres

import (
	"maps"

	"github.com/tagdesk/tagdesk/annotate"
)

// spanKey is what an import merges spans by (with the article and the
// annotator, which are the same for one record).
type spanKey struct {
	start, end int
	label      string
}

// mergeSpan is a span as the merge leaves it: id 0 for one it adds.
type mergeSpan struct {
	id        int64
	attrs     map[string]string
	note      string
	canonical string
	dirty     bool // a stored span the merge changed
}

// spanMerge applies annotate.ImportTx.Put's span rules in Go, one span
// after the other, as the SQLite store's upserts do: an imported span
// with a new key is added; one with a stored key gets the attributes,
// note and canonical value it carries, keeping those it lacks.
type spanMerge struct {
	spans map[spanKey]*mergeSpan
	order []spanKey
}

// put records a stored span.
func (m *spanMerge) put(k spanKey, s mergeSpan) {
	if m.spans == nil {
		m.spans = map[spanKey]*mergeSpan{}
	}
	m.spans[k] = &s
	m.order = append(m.order, k)
}

// add merges spans and returns how many rows they changed: each span
// added, and each merge that changed a span.
func (m *spanMerge) add(spans []annotate.Span) int {
	n := 0
	for i := range spans {
		sp := &spans[i]
		k := spanKey{sp.Start, sp.End, sp.Label}
		s, ok := m.spans[k]
		if !ok {
			m.put(k, mergeSpan{attrs: sp.Attrs, note: sp.Note, canonical: sp.Canonical})
			n++
			continue
		}
		changed := false
		for a, v := range sp.Attrs {
			if old, ok := s.attrs[a]; !ok || old != v {
				if !changed {
					s.attrs = maps.Clone(s.attrs)
					if s.attrs == nil {
						s.attrs = map[string]string{}
					}
				}
				s.attrs[a], changed = v, true
			}
		}
		if sp.Note != "" && sp.Note != s.note {
			s.note, changed = sp.Note, true
		}
		if sp.Canonical != "" && sp.Canonical != s.canonical {
			s.canonical, changed = sp.Canonical, true
		}
		if changed {
			n++
			s.dirty = s.id != 0
		}
	}
	return n
}
