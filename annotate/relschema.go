package annotate

import (
	"fmt"
	"slices"
	"strings"
)

// RelationType is one relation type of the schema: a directed link from a
// head span to a tail span, allowed between the labels From and To.
type RelationType struct {
	Name        string   `toml:"name" json:"name"`
	Key         string   `toml:"key" json:"key"`     // hot key "a".."z" (not "r", which starts a relation), or "" for none
	From        []string `toml:"from" json:"from"`   // allowed head labels
	To          []string `toml:"to" json:"to"`       // allowed tail labels
	Color       string   `toml:"color" json:"color"` // #RRGGBB
	Description string   `toml:"description,omitempty" json:"description,omitempty"`
}

// Allows reports whether the type may join a head span labelled head to a
// tail span labelled tail.
func (r *RelationType) Allows(head, tail string) bool {
	return slices.Contains(r.From, head) && slices.Contains(r.To, tail)
}

// Relation returns the relation type named name, or nil.
func (s *Schema) Relation(name string) *RelationType {
	for i := range s.Relations {
		if s.Relations[i].Name == name {
			return &s.Relations[i]
		}
	}
	return nil
}

// RelationsBetween returns the relation types allowed from a span labelled
// head to one labelled tail, in schema order.
func (s *Schema) RelationsBetween(head, tail string) []RelationType {
	var out []RelationType
	for _, r := range s.Relations {
		if r.Allows(head, tail) {
			out = append(out, r)
		}
	}
	return out
}

// CheckRelation returns an ErrInvalid error unless the schema has a
// relation type named label that allows a head labelled head and a tail
// labelled tail.
func (s *Schema) CheckRelation(label, head, tail string) error {
	r := s.Relation(label)
	if r == nil {
		return fmt.Errorf("%w: unknown relation type %q (the schema has %s)", ErrInvalid, label, s.relationList())
	}
	if !r.Allows(head, tail) {
		return fmt.Errorf("%w: relation %s goes from %s to %s, not from %s to %s", ErrInvalid,
			label, strings.Join(r.From, "|"), strings.Join(r.To, "|"), head, tail)
	}
	return nil
}

// validateRelations checks the relation types: unique names without
// spaces that are not label names, keys a-z (not r) or none, no key used
// twice, at least one head and one tail label, each a label of the schema,
// colours #RRGGBB.
func (s *Schema) validateRelations() error {
	names, keys := map[string]bool{}, map[string]bool{}
	for _, r := range s.Relations {
		if r.Name == "" || strings.ContainsAny(r.Name, " \t\r\n") {
			return fmt.Errorf("%w: relation name %q must be non-empty without spaces", ErrInvalid, r.Name)
		}
		if names[r.Name] || s.Label(r.Name) != nil {
			return fmt.Errorf("%w: relation %s appears twice or is also a label", ErrInvalid, r.Name)
		}
		names[r.Name] = true
		if r.Key != "" {
			if len(r.Key) != 1 || r.Key[0] < 'a' || r.Key[0] > 'z' || r.Key == "r" {
				return fmt.Errorf("%w: relation %s: key %q must be one of a-z except r, or empty for none", ErrInvalid, r.Name, r.Key)
			}
			if keys[r.Key] {
				return fmt.Errorf("%w: relation %s: key %s is already used", ErrInvalid, r.Name, r.Key)
			}
			keys[r.Key] = true
		}
		if len(r.From) == 0 || len(r.To) == 0 {
			return fmt.Errorf("%w: relation %s needs at least one label in from and in to", ErrInvalid, r.Name)
		}
		for _, l := range append(slices.Clone(r.From), r.To...) {
			if s.Label(l) == nil {
				return fmt.Errorf("%w: relation %s: unknown label %q (the schema has %s)", ErrInvalid, r.Name, l, s.labelList())
			}
		}
		if _, err := ParseColor(r.Color); err != nil {
			return fmt.Errorf("%w: relation %s: %v", ErrInvalid, r.Name, err)
		}
	}
	return nil
}

func (s *Schema) relationList() string {
	if len(s.Relations) == 0 {
		return "none"
	}
	names := make([]string, len(s.Relations))
	for i, r := range s.Relations {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}
