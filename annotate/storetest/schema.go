package storetest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

func (c *contract) testSetSchema(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		st := c.store(t)
		s := annotate.DefaultSchema()
		s.Labels[0].Color = "#000000"
		s.Labels = append(s.Labels, annotate.Label{Name: "WEAPON", Key: "5", Color: "#112233"})
		if err := st.SetSchema(ctx, s); err != nil {
			t.Fatal(err)
		}
		if got, err := st.Schema(ctx); err != nil || !reflect.DeepEqual(got, s) {
			t.Errorf("Schema = %+v, %v; want %+v", got, err, s)
		}
	})
	t.Run("UnusedLabelDropped", func(t *testing.T) {
		st := c.store(t)
		mustImport(t, st, hardRecord("alice"))
		s := withoutLabel(annotate.DefaultSchema(), "MEASURE")
		if err := st.SetSchema(ctx, s); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrConflictLabelInUse", func(t *testing.T) {
		st := c.store(t)
		mustImport(t, st, hardRecord("alice"))
		before := state(t, st)
		s := withoutLabel(annotate.DefaultSchema(), "JURISDICTION")
		wantErr(t, "SetSchema without a label in use", st.SetSchema(ctx, s), annotate.ErrConflict)
		unchanged(t, st, before, "a refused SetSchema")
	})
}

// withoutLabel returns s without the label name, also in its relation
// types; a type left without a head or tail label is dropped.
func withoutLabel(s *annotate.Schema, name string) *annotate.Schema {
	is := func(l string) bool { return l == name }
	s.Labels = slices.DeleteFunc(s.Labels, func(l annotate.Label) bool { return l.Name == name })
	var rels []annotate.RelationType
	for _, r := range s.Relations {
		r.From, r.To = slices.DeleteFunc(slices.Clone(r.From), is), slices.DeleteFunc(slices.Clone(r.To), is)
		if len(r.From) > 0 && len(r.To) > 0 {
			rels = append(rels, r)
		}
	}
	s.Relations = rels
	return s
}
