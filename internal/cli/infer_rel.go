package cli

import (
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// relation records that relation type name joins a head labelled head to
// a tail labelled tail.
func (b *schemaBuilder) relation(name, head, tail string) {
	var r *annotate.RelationType
	for _, x := range b.relations {
		if x.Name == name {
			r = x
		}
	}
	if r == nil {
		r = &annotate.RelationType{Name: name}
		b.relations = append(b.relations, r)
	}
	if head != "" && !slices.Contains(r.From, head) {
		r.From = append(r.From, head)
	}
	if tail != "" && !slices.Contains(r.To, tail) {
		r.To = append(r.To, tail)
	}
}

// recordRelations adds the relation types a record uses.
func (b *schemaBuilder) recordRelations(rec *annotate.Record) {
	for _, rel := range rec.Relations {
		if rel.Head >= 0 && rel.Head < len(rec.Spans) && rel.Child >= 0 && rel.Child < len(rec.Spans) {
			b.relation(rel.Label, rec.Spans[rel.Head].Label, rec.Spans[rel.Child].Label)
		}
	}
}

// relationTypes returns the relation types gathered, with the free keys
// a-z (not r) and colours after the labels' ones; base types keep theirs.
// A type met without a head or tail label gets every label there.
func (b *schemaBuilder) relationTypes(labels []annotate.Label, colours map[string]bool, nextColour int) []annotate.RelationType {
	keys := map[string]bool{"r": true}
	for _, r := range b.relations {
		keys[r.Key] = r.Key != ""
	}
	var all []string
	for _, l := range labels {
		all = append(all, l.Name)
	}
	var out []annotate.RelationType
	nextKey := 'a'
	for _, r := range b.relations {
		if r.Key == "" {
			for nextKey <= 'z' && keys[string(nextKey)] {
				nextKey++
			}
			if nextKey <= 'z' {
				r.Key = string(nextKey)
				keys[r.Key] = true
			}
		}
		if r.Color == "" {
			for colours[labelColour(nextColour)] {
				nextColour++
			}
			r.Color = labelColour(nextColour)
			colours[strings.ToUpper(r.Color)] = true
		}
		if len(r.From) == 0 {
			r.From = slices.Clone(all)
		}
		if len(r.To) == 0 {
			r.To = slices.Clone(all)
		}
		out = append(out, *r)
	}
	return out
}
