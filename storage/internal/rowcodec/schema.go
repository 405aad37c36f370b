package rowcodec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// AttrCheck collects what a new schema would leave stored spans without:
// attributes it does not declare for their label, values outside an
// attribute's choices. It applies the rules of annotate.Span.Validate: an
// undeclared attribute is refused whatever its value, an empty value is
// always allowed. Rows of labels the schema lacks are skipped (those are
// reported as missing labels).
type AttrCheck struct {
	s          *annotate.Schema
	undeclared map[attrKey]int // spans per undeclared attribute
	order      []attrKey
	problems   []string
}

type attrKey struct{ label, attr string }

// NewAttrCheck returns an AttrCheck against s.
func NewAttrCheck(s *annotate.Schema) *AttrCheck {
	return &AttrCheck{s: s, undeclared: map[attrKey]int{}}
}

// Add counts n stored spans of label whose attribute attr is value.
func (c *AttrCheck) Add(label, attr, value string, n int) {
	l := c.s.Label(label)
	if l == nil {
		return
	}
	a := l.Attr(attr)
	switch {
	case a == nil:
		k := attrKey{label, attr}
		if _, ok := c.undeclared[k]; !ok {
			c.order = append(c.order, k)
		}
		c.undeclared[k] += n
	case value != "" && len(a.Choices) > 0 && !slices.Contains(a.Choices, value):
		c.problems = append(c.problems, fmt.Sprintf("%s %s=%q is used by %s and is not among the new choices (%s)",
			label, attr, value, SpanCount(n), strings.Join(a.Choices, ", ")))
	}
}

// Err returns ErrConflict naming every problem found, or nil.
func (c *AttrCheck) Err() error {
	problems := c.problems
	for _, k := range c.order {
		problems = append(problems, fmt.Sprintf("%s attribute %s is used by %s and the new schema does not declare it",
			k.label, k.attr, SpanCount(c.undeclared[k])))
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", annotate.ErrConflict, strings.Join(problems, "; "))
}
