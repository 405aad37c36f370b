package format

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// bratR is an R line: `R1<TAB>imposed_by Arg1:T2 Arg2:T1`. The first
// argument is the head, the second the tail, whatever their role names.
type bratR struct {
	line             int
	id, label        string
	head, tail, note string
}

func (a *bratAnn) parseR(n int, id, body string) (bratR, error) {
	f := strings.Fields(body)
	r := bratR{line: n, id: id}
	if len(f) != 3 {
		return r, bratErr(a.path, n, "%s: want TYPE Arg1:ID Arg2:ID, got %q", id, clip(body))
	}
	r.label = f[0]
	for i, arg := range f[1:] {
		_, ref, ok := strings.Cut(arg, ":")
		if !ok || ref == "" {
			return r, bratErr(a.path, n, "%s: argument %q: want ROLE:ID", id, clip(arg))
		}
		if i == 0 {
			r.head = ref
		} else {
			r.tail = ref
		}
	}
	return r, nil
}

// relNotes takes the AnnotatorNotes on R lines out of a.later into their
// relations' notes; other lines on them stay (and are counted as not
// imported).
func (a *bratAnn) relNotes() {
	if len(a.rels) == 0 {
		return
	}
	byID := make(map[string]*bratR, len(a.rels))
	for i := range a.rels {
		byID[a.rels[i].id] = &a.rels[i]
	}
	kept := a.later[:0]
	for _, bl := range a.later {
		if r := byID[bl.target]; r != nil && bl.kind == '#' && bl.name == "AnnotatorNotes" {
			if r.note != "" {
				r.note += "\n"
			}
			r.note += bl.text
			continue
		}
		kept = append(kept, bl)
	}
	a.later = kept
}

// relations sets rec.Relations from the R lines; spansOf gives each T's
// spans (a discontinuous T's relation joins its first fragment). An R on
// an event or an event trigger is not imported (a warning).
func (a *bratAnn) relations(rec *annotate.Record, spansOf map[string][]int) error {
	for _, r := range a.rels {
		h, okH := spansOf[r.head]
		t, okT := spansOf[r.tail]
		switch {
		case (!okH && !strings.HasPrefix(r.head, "T")) || (!okT && !strings.HasPrefix(r.tail, "T")) || (okH && h == nil) || (okT && t == nil):
			a.dropped.add(bratRelation, r.line)
			continue
		case !okH || !okT:
			return bratErr(a.path, r.line, "%s refers to %s or %s, which is not a text-bound annotation of this file", r.id, r.head, r.tail)
		}
		rec.Relations = append(rec.Relations, annotate.RecordRelation{Head: h[0], Child: t[0], Label: r.label, Note: r.note})
	}
	return nil
}

// appendRelations appends r's relations as R lines, their notes as
// AnnotatorNotes, and notes their types for annotation.conf.
func (e *BratEncoder) appendRelations(b []byte, r *annotate.Record, cnt *bratCounts) []byte {
	for i, rel := range r.Relations {
		b = fmt.Appendf(b, "R%d\t%s Arg1:T%d Arg2:T%d\n", i+1, rel.Label, rel.Head+1, rel.Child+1)
		if rel.Note != "" {
			if strings.ContainsAny(rel.Note, "\r\n") {
				e.warnf("%s: the note of relation R%d spans lines: written on one", r.Article.ExtID, i+1)
			}
			cnt.h++
			b = fmt.Appendf(b, "#%d\tAnnotatorNotes R%d\t%s\n", cnt.h, i+1, oneLine(rel.Note))
		}
		if e.schema == nil || e.schema.Relation(rel.Label) == nil {
			if e.rels == nil {
				e.rels = map[string][2][]string{}
			}
			ends := e.rels[rel.Label]
			ends[0] = appendNew(ends[0], r.Spans[rel.Head].Label)
			ends[1] = appendNew(ends[1], r.Spans[rel.Child].Label)
			e.rels[rel.Label] = ends
		}
	}
	return b
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// confRelations returns annotation.conf's relation lines: the schema's
// relation types, then the others that records used, with the labels
// they joined.
func (e *BratEncoder) confRelations() string {
	var b strings.Builder
	line := func(name string, from, to []string) {
		fmt.Fprintf(&b, "%s\tArg1:%s, Arg2:%s\n", name, strings.Join(from, "|"), strings.Join(to, "|"))
	}
	if e.schema != nil {
		for _, r := range e.schema.Relations {
			line(r.Name, r.From, r.To)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(e.rels)) {
		line(name, e.rels[name][0], e.rels[name][1])
	}
	return b.String()
}
