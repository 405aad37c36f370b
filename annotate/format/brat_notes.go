package format

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// bratCounts numbers the A, N and # lines of one .ann file.
type bratCounts struct{ a, n, h int }

// binary reports whether the schema declares the label's attribute
// binary: its only choice is "true". Such an attribute is written as
// brat writes one, "A1<TAB>Negated T1", and declared without values.
func (e *BratEncoder) binary(label, attr string) bool {
	if e.schema == nil {
		return false
	}
	l := e.schema.Label(label)
	if l == nil {
		return false
	}
	a := l.Attr(attr)
	return a != nil && isBinary(a.Choices)
}

func isBinary(choices []string) bool { return len(choices) == 1 && choices[0] == "true" }

// appendNotes writes a span's canonical value and note, undoing what the
// decoder does (see bratNotes): the canonical value is an N line
// ("db:id" as it is, other values as tagdesk:… with the value as the
// text); a note line "DB:ID = text" is the display text of that N line,
// or of a further one; a note line "Type: text" (Type one word) is a
// comment of that type; the other lines make the AnnotatorNotes, on one
// line (a warning when that joins lines).
func (e *BratEncoder) appendNotes(b []byte, cnt *bratCounts, article, t string, sp *annotate.Span, spanText string) []byte {
	var plain []string
	type typed struct{ kind, text string }
	var comments, refs []typed
	display := ""
	if sp.Note != "" {
		for _, line := range strings.Split(strings.ReplaceAll(sp.Note, "\r\n", "\n"), "\n") {
			if ref, text, ok := strings.Cut(line, " = "); ok && isDBID(ref) {
				if ref == sp.Canonical && display == "" {
					display = text
				} else {
					refs = append(refs, typed{ref, text})
				}
				continue
			}
			if kind, text, ok := strings.Cut(line, ": "); ok && isBratType(kind) && kind != "AnnotatorNotes" {
				comments = append(comments, typed{kind, text})
				continue
			}
			plain = append(plain, line)
		}
	}
	if c := sp.Canonical; c != "" {
		c = oneLine(c)
		ref, text := c, oneLine(spanText)
		if !isDBID(c) {
			ref, text = "tagdesk:"+strings.Join(strings.Fields(c), "_"), c
		}
		if display != "" {
			text = display
		}
		cnt.n++
		b = fmt.Appendf(b, "N%d\tReference %s %s\t%s\n", cnt.n, t, ref, text)
	}
	for _, r := range refs {
		cnt.n++
		b = fmt.Appendf(b, "N%d\tReference %s %s\t%s\n", cnt.n, t, r.kind, r.text)
	}
	if len(plain) > 0 {
		note := strings.Join(plain, " ")
		if len(plain) > 1 {
			e.warnf("%s %s: the note spans lines; written on one", article, t)
		}
		cnt.h++
		b = fmt.Appendf(b, "#%d\tAnnotatorNotes %s\t%s\n", cnt.h, t, oneLine(note))
	}
	for _, c := range comments {
		cnt.h++
		b = fmt.Appendf(b, "#%d\t%s %s\t%s\n", cnt.h, c.kind, t, c.text)
	}
	return b
}

// isDBID reports whether s is a brat reference, DB:ID without spaces.
func isDBID(s string) bool {
	db, id, ok := strings.Cut(s, ":")
	return ok && db != "" && id != "" && !strings.ContainsAny(s, " \t\r\n")
}

// isBratType reports whether s can be a brat comment type: a letter, then
// letters, digits, "_" or "-".
func isBratType(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	})
}

// binaryAttr reports whether every label an attribute of annotation.conf
// applies to declares it binary in the schema.
func (e *BratEncoder) binaryAttr(name string, labels []string) bool {
	return len(labels) > 0 && !slices.ContainsFunc(labels, func(l string) bool { return !e.binary(l, name) })
}
