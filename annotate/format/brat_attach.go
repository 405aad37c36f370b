package format

import (
	"fmt"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// bratLine is an A, M, N or # line: something attached to a T line.
type bratLine struct {
	line       int
	id, target string
	kind       byte // 'A' (also for M), 'N', '#'
	name, val  string
	text       string // N: the display text; #: the note
}

func (a *bratAnn) parseAttached(n int, id, body string) (bratLine, error) {
	head, text, _ := strings.Cut(body, "\t")
	f := strings.Fields(head)
	bl := bratLine{line: n, id: id, kind: id[0], text: text}
	switch id[0] {
	case 'A', 'M':
		f = strings.Fields(body)
		if len(f) < 2 || len(f) > 3 || id[0] == 'M' && len(f) != 2 {
			return bl, bratErr(a.path, n, "%s: want NAME TARGET [VALUE], got %q", id, clip(body))
		}
		bl.kind, bl.name, bl.target, bl.val = 'A', f[0], f[1], "true" // binary: present
		if len(f) == 3 {
			bl.val = f[2]
		}
		if id[0] == 'M' {
			a.dropped.add(bratModifier, n)
		}
	case 'N':
		if len(f) != 3 {
			return bl, bratErr(a.path, n, "%s: want Reference TARGET DB:ID, got %q", id, clip(head))
		}
		bl.name, bl.target, bl.val = f[0], f[1], f[2]
	case '#':
		if len(f) != 2 {
			return bl, bratErr(a.path, n, "%s: want TYPE TARGET<TAB>note (such as AnnotatorNotes T1), got %q", id, clip(head))
		}
		bl.name, bl.target = f[0], f[1]
	}
	return bl, nil
}

// bratNotes gathers what goes into one T line's note and canonical value.
//
// The note is the AnnotatorNotes text, then, one a line, the comments of
// other types as "Type: text" (e.g. "Lemma: public security bureau") and
// what the canonical value cannot hold of the references. The canonical
// value is the first N line's DB:ID (for "tagdesk:…", which is how
// tagdesk writes a value that is not DB:ID, its display text); its
// display text, when it says more than the DB:ID and the span's own text,
// goes into the note as "DB:ID = text". A further N line on the same T goes into the note the
// same way (a warning counts it).
type bratNotes struct {
	annotator []string
	other     []string
	canonical string
	hasRef    bool
}

func (n *bratNotes) note() string {
	return strings.Join(append(append([]string(nil), n.annotator...), n.other...), "\n")
}

// attach applies the A, M, N and # lines to the spans of their T lines.
func (a *bratAnn) attach(spans []annotate.Span, spansOf map[string][]int) error {
	notes := map[string]*bratNotes{}
	var order []string
	for _, bl := range a.later {
		idx, ok := spansOf[bl.target]
		switch {
		case !ok && bl.target != "" && bl.target[0] != 'T':
			a.dropped.add(bratOnRelation, bl.line)
			continue
		case !ok:
			return bratErr(a.path, bl.line, "%s refers to %s, which is not a text-bound annotation of this file", bl.id, bl.target)
		case idx == nil:
			a.dropped.add(bratOnTrigger, bl.line)
			continue
		}
		if bl.kind == 'A' {
			for _, k := range idx {
				if spans[k].Attrs == nil {
					spans[k].Attrs = map[string]string{}
				}
				spans[k].Attrs[bl.name] = bl.val
			}
			continue
		}
		nt := notes[bl.target]
		if nt == nil {
			nt = &bratNotes{}
			notes[bl.target] = nt
			order = append(order, bl.target)
		}
		switch {
		case bl.kind == '#' && bl.name == "AnnotatorNotes":
			nt.annotator = append(nt.annotator, bl.text)
		case bl.kind == '#':
			nt.other = append(nt.other, bl.name+": "+bl.text)
		case nt.hasRef:
			a.dropped.add(bratSecondRef, bl.line)
			nt.other = append(nt.other, refNote(bl.val, bl.text))
		default:
			nt.hasRef = true
			nt.canonical = bl.val
			if db, _, _ := strings.Cut(bl.val, ":"); db == "tagdesk" {
				nt.canonical = bl.text
			} else if bl.text != "" && bl.text != bl.val && bl.text != a.covered[bl.target] {
				nt.other = append(nt.other, refNote(bl.val, bl.text))
			}
		}
	}
	for _, t := range order {
		nt := notes[t]
		for _, k := range spansOf[t] {
			spans[k].Note = nt.note()
			if nt.hasRef {
				spans[k].Canonical = nt.canonical
			}
		}
	}
	return nil
}

// refNote is how a reference's display text is kept in the note.
func refNote(ref, text string) string {
	if text == "" || text == ref {
		return ref
	}
	return ref + " = " + text
}

// What a .ann file holds that tagdesk does not import as it is.
const (
	bratRelation = iota
	bratEvent
	bratEquiv
	bratEventTrigger
	bratOnRelation
	bratOnTrigger
	bratSecondRef
	bratModifier
	bratKinds
)

var bratKindText = [bratKinds]string{
	"R line(s) on events or event triggers not imported",
	"E line(s) (events) not imported",
	"* line(s) (equivalences) not imported",
	"T line(s) of an event type of annotation.conf (event triggers) not imported",
	"A, N or # line(s) on relations or events not imported",
	"A, N or # line(s) on event triggers not imported",
	"further N line(s) on a T that has one: only the first is the canonical value, the others are kept in the note",
	"M line(s) (brat's old form of a binary attribute) imported as attributes",
}

func bratKind(c byte) int {
	switch c {
	case 'R':
		return bratRelation
	case 'E':
		return bratEvent
	}
	return bratEquiv
}

// bratDropped counts what a .ann file holds that is not imported as it
// is, with the first line of each kind.
type bratDropped struct {
	count, first [bratKinds]int
}

func (d *bratDropped) add(kind, line int) {
	if d.count[kind] == 0 {
		d.first[kind] = line
	}
	d.count[kind]++
}

// report returns one warning per kind: "FILE:LINE: N what", LINE the first.
func (d *bratDropped) report(path string) []string {
	var out []string
	for k, n := range d.count {
		if n > 0 {
			out = append(out, fmt.Sprintf("%s:%d: %d %s (the first here)", path, d.first[k], n, bratKindText[k]))
		}
	}
	return out
}
