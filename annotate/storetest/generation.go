package storetest

import (
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// testGeneration: every kind of committed change makes the generation
// grow; no read moves it.
func (c *contract) testGeneration(t *testing.T) {
	t.Run("GrowsWithEveryChange", func(t *testing.T) {
		st := c.store(t)
		var id int64
		var spans []annotate.Span
		s := annotate.DefaultSchema()
		s.Labels[0].Color = "#000000"
		span := func(start, end int) annotate.Span {
			return annotate.Span{ArticleID: id, Start: start, End: end, Label: "ORG", Annotator: "carol"}
		}
		changes := []struct {
			name string
			do   func() error
		}{
			{"import", func() error {
				err := importRecords(st, plainRecord("a", "A", spanText))
				id = idsOf(t, st)["a"]
				return err
			}},
			{"SetSchema", func() error { return st.SetSchema(ctx, s) }},
			{"SetStatus", func() error { return st.SetStatus(ctx, id, "carol", annotate.StatusDone) }},
			{"AddSpan", func() error { sp := span(0, 6); return st.AddSpan(ctx, &sp) }},
			{"AddSpans", func() error {
				spans = []annotate.Span{span(7, 16), span(22, 31)}
				return st.AddSpans(ctx, spans)
			}},
			{"UpdateSpan", func() error { spans[0].Note = "changed"; return st.UpdateSpan(ctx, &spans[0]) }},
			{"DeleteSpan", func() error { return st.DeleteSpan(ctx, spans[0].ID) }},
			{"DeleteSpans", func() error { return st.DeleteSpans(ctx, []int64{spans[1].ID}) }},
		}
		for _, ch := range changes {
			gen := generation(t, st)
			if err := ch.do(); err != nil {
				t.Fatalf("%s: %v", ch.name, err)
			}
			if g := generation(t, st); g <= gen {
				t.Errorf("%s: generation %d → %d, want it to grow", ch.name, gen, g)
			}
		}
	})
	t.Run("NotWithReads", func(t *testing.T) {
		st, recs := c.exportStore(t)
		id := idsOf(t, st)["hard"]
		f := annotate.ArticleFilter{Annotator: "alice"}
		reads := []struct {
			name string
			do   func() error
		}{
			{"Schema", func() error { _, err := st.Schema(ctx); return err }},
			{"Export", func() error { exportAll(t, st, annotate.ExportFilter{}); return nil }},
			{"Stats", func() error { _, err := st.Stats(ctx); return err }},
			{"ListArticles", func() error { _, err := st.ListArticles(ctx, f); return err }},
			{"CountArticles", func() error { _, err := st.CountArticles(ctx, f); return err }},
			{"Progress", func() error { _, err := st.Progress(ctx, "alice"); return err }},
			{"Article", func() error { _, err := st.Article(ctx, id); return err }},
			{"Spans", func() error { _, err := st.Spans(ctx, id, recs[0].Annotator); return err }},
			{"Status", func() error { _, err := st.Status(ctx, id, "alice"); return err }},
			{"Generation", func() error { _, err := st.Generation(ctx); return err }},
		}
		for _, r := range reads {
			gen := generation(t, st)
			if err := r.do(); err != nil {
				t.Fatalf("%s: %v", r.name, err)
			}
			if g := generation(t, st); g != gen {
				t.Errorf("%s: generation %d → %d, want it unchanged", r.name, gen, g)
			}
		}
	})
}
