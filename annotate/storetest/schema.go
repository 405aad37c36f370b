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
		s := annotate.DefaultSchema()
		s.Labels = slices.DeleteFunc(s.Labels, func(l annotate.Label) bool { return l.Name == "MEASURE" })
		if err := st.SetSchema(ctx, s); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrConflictLabelInUse", func(t *testing.T) {
		st := c.store(t)
		mustImport(t, st, hardRecord("alice"))
		before := state(t, st)
		s := annotate.DefaultSchema()
		s.Labels = slices.DeleteFunc(s.Labels, func(l annotate.Label) bool { return l.Name == "JURISDICTION" })
		wantErr(t, "SetSchema without a label in use", st.SetSchema(ctx, s), annotate.ErrConflict)
		unchanged(t, st, before, "a refused SetSchema")
	})
}
