package annotate

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"unicode/utf8"
)

// ValidText returns an ErrInvalid error naming the byte offset of the first
// invalid UTF-8 sequence in text, or nil.
func ValidText(text string) error {
	if utf8.ValidString(text) {
		return nil
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size <= 1 {
			return fmt.Errorf("%w: text is not valid UTF-8 (byte %d)", ErrInvalid, i)
		}
		i += size
	}
	return nil
}

// Validate checks one span against its article's text (through ix) and the
// schema: inside the text, start < end, a known label, declared attributes
// with allowed values, and, when Text is set, Text equal to the slice.
func (sp *Span) Validate(ix *Index, s *Schema) error {
	if sp.Start < 0 || sp.End > ix.Len() {
		return fmt.Errorf("%w: span [%d,%d) is outside the text (%d code points)", ErrInvalid, sp.Start, sp.End, ix.Len())
	}
	if sp.Start >= sp.End {
		return fmt.Errorf("%w: span [%d,%d) is empty or reversed (start must be < end)", ErrInvalid, sp.Start, sp.End)
	}
	l := s.Label(sp.Label)
	if l == nil {
		return fmt.Errorf("%w: span [%d,%d): unknown label %q (the schema has %s)", ErrInvalid, sp.Start, sp.End, sp.Label, s.labelList())
	}
	for k, v := range sp.Attrs {
		a := l.Attr(k)
		if a == nil {
			return fmt.Errorf("%w: span [%d,%d) %s: unknown attribute %q", ErrInvalid, sp.Start, sp.End, sp.Label, k)
		}
		if v != "" && len(a.Choices) > 0 && !slices.Contains(a.Choices, v) {
			return fmt.Errorf("%w: span [%d,%d) %s: attribute %s=%q is not one of %v", ErrInvalid, sp.Start, sp.End, sp.Label, k, v, a.Choices)
		}
	}
	if sp.Text != "" {
		if got := ix.Slice(sp.Start, sp.End); got != sp.Text {
			return fmt.Errorf("%w: span [%d,%d) %s: text %q does not match the article's text there, %q", ErrInvalid, sp.Start, sp.End, sp.Label, sp.Text, got)
		}
	}
	return nil
}

// Validate checks a record: an id, valid UTF-8 text, a valid status,
// every span (see Span.Validate) and every relation: indexes in range, a
// type the schema allows between the two spans' labels.
func (r *Record) Validate(s *Schema) error {
	if r.Article.ExtID == "" {
		return fmt.Errorf("%w: article has no id", ErrInvalid)
	}
	if err := ValidText(r.Article.Text); err != nil {
		return err
	}
	if r.Status != "" {
		if _, err := ParseStatus(string(r.Status)); err != nil {
			return err
		}
	}
	if len(r.Spans) == 0 {
		return r.validateRelations(s)
	}
	ix := NewIndex(r.Article.Text)
	for i := range r.Spans {
		if err := r.Spans[i].Validate(ix, s); err != nil {
			return err
		}
	}
	return r.validateRelations(s)
}

// CompareSpans orders spans by (start, end, label), the export order: it
// returns -1 if a comes first, +1 if b does, 0 if neither.
func CompareSpans(a, b *Span) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.End, b.End); c != 0 {
		return c
	}
	return cmp.Compare(a.Label, b.Label)
}

// SortSpans sorts spans by (start, end, label), the export order
// (CompareSpans); spans equal in all three keep their order.
func SortSpans(sp []Span) {
	sort.SliceStable(sp, func(i, j int) bool { return CompareSpans(&sp[i], &sp[j]) < 0 })
}

func (s *Schema) labelList() string {
	out := ""
	for i, l := range s.Labels {
		if i > 0 {
			out += ", "
		}
		out += l.Name
	}
	return out
}
