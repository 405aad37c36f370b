package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// recordLines prints records as "extID annotator/status spans", an
// article's records sorted by annotator (Export promises no order there).
// It fails t if a span's Text is not the text it covers.
func recordLines(t *testing.T, recs []*annotate.Record) []string {
	t.Helper()
	var out []string
	first := 0
	for i, r := range recs {
		ix := annotate.NewIndex(r.Article.Text)
		for _, sp := range r.Spans {
			if want := ix.Slice(sp.Start, sp.End); sp.Text != want {
				t.Errorf("%s %s[%d,%d): exported Text %q, want %q", r.Article.ExtID, sp.Label, sp.Start, sp.End, sp.Text, want)
			}
		}
		if i > 0 && r.Article.ExtID != recs[i-1].Article.ExtID {
			first = len(out)
		}
		out = append(out, fmt.Sprintf("%s %s/%s %s", r.Article.ExtID, r.Annotator, r.Status, spanList(r.Spans, false)))
		slices.Sort(out[first:])
	}
	return out
}

// exportStore holds hard (alice done with hardRecord's spans, bob in
// progress with two of them) and plain, untouched.
func (c *contract) exportStore(t *testing.T) (annotate.Store, []*annotate.Record) {
	t.Helper()
	st := c.store(t)
	bob := hardRecord("bob")
	bob.Status, bob.Spans = annotate.StatusInProgress, bob.Spans[3:5]
	recs := []*annotate.Record{hardRecord("alice"), bob, plainRecord("plain", "Plain", "Just\ttext.\r\n")}
	mustImport(t, st, recs...)
	return st, recs
}

// wantLines prints recs as recordLines does, their spans sorted and kept
// by keep.
func wantLines(recs []*annotate.Record, keep func(annotate.Span) bool) []string {
	var out []string
	for _, r := range recs {
		spans := slices.DeleteFunc(sortedSpans(r.Spans, r.Annotator), func(sp annotate.Span) bool { return !keep(sp) })
		st := r.Status
		if st == "" {
			st = annotate.StatusTodo
		}
		out = append(out, fmt.Sprintf("%s %s/%s %s", r.Article.ExtID, r.Annotator, st, spanList(spans, false)))
	}
	return out
}

func all(annotate.Span) bool { return true }

func (c *contract) testExport(t *testing.T) {
	t.Run("RoundTrip", func(t *testing.T) {
		st, recs := c.exportStore(t)
		out := exportAll(t, st, annotate.ExportFilter{})
		if got, want := recordLines(t, out), wantLines(recs, all); !reflect.DeepEqual(got, want) {
			t.Fatalf("got  %q\nwant %q", got, want)
		}
		for i, r := range out {
			checkArticle(t, &r.Article, &recs[i].Article)
		}
	})
	t.Run("ArticleOrder", func(t *testing.T) {
		st := c.store(t)
		mustImport(t, st, plainRecord("z", "Z", "Last letter."), plainRecord("a", "A", "First letter."))
		mustImport(t, st, plainRecord("m", "M", "Middle letter."))
		var got []string
		for _, r := range exportAll(t, st, annotate.ExportFilter{}) {
			got = append(got, r.Article.ExtID)
		}
		if want := []string{"z", "a", "m"}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("OneRecordPerAnnotator", func(t *testing.T) {
		st, recs := c.exportStore(t)
		id := idsOf(t, st)["hard"]
		sp := SpanOf(HardText, "Wang Junzheng", "PERSON")
		sp.ArticleID, sp.Annotator, sp.Text = id, "bob", ""
		if err := st.AddSpan(ctx, &sp); err != nil {
			t.Fatal(err)
		}
		if err := st.SetStatus(ctx, id, "carol", annotate.StatusSkipped); err != nil {
			t.Fatal(err)
		}
		sp.Annotator = "bob"
		recs[1].Spans = append(recs[1].Spans, sp)
		carol := &annotate.Record{Article: recs[0].Article, Annotator: "carol", Status: annotate.StatusSkipped}
		want := wantLines([]*annotate.Record{recs[0], recs[1], carol, recs[2]}, all)
		if got := recordLines(t, exportAll(t, st, annotate.ExportFilter{})); !reflect.DeepEqual(got, want) {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
	t.Run("Untouched", func(t *testing.T) {
		st := c.store(t)
		mustImport(t, st, plainRecord("plain", "Plain", "Nobody labelled this."))
		if got, want := recordLines(t, exportAll(t, st, annotate.ExportFilter{})), []string{"plain /todo "}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	c.testExportFilters(t)
	t.Run("OneConsistentRead", func(t *testing.T) {
		st, recs := c.exportStore(t)
		want := recordLines(t, exportAll(t, st, annotate.ExportFilter{}))
		plain := idsOf(t, st)["plain"]
		var out []*annotate.Record
		err := st.Export(ctx, annotate.ExportFilter{}, func(r *annotate.Record) error {
			if len(out) == 0 {
				// Changes committed while the export runs are not in it.
				if err := st.AddSpan(ctx, &annotate.Span{ArticleID: plain, Start: 0, End: 4, Label: "ORG", Annotator: "dave"}); err != nil {
					return err
				}
				if err := importRecords(st, plainRecord("late", "Late", "Imported during the export.")); err != nil {
					return err
				}
			}
			out = append(out, r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := recordLines(t, out); !reflect.DeepEqual(got, want) {
			t.Errorf("the export saw changes made while it ran:\n got %q\nwant %q", got, want)
		}
		if n := len(exportAll(t, st, annotate.ExportFilter{})); n != len(recs)+1 {
			t.Errorf("the next export has %d records, want %d", n, len(recs)+1)
		}
	})
}

func (c *contract) testExportFilters(t *testing.T) {
	st, recs := c.exportStore(t)
	alice, bob, plain := recs[0], recs[1], recs[2]
	person := func(sp annotate.Span) bool { return sp.Label == "PERSON" }
	tests := []struct {
		name string
		f    annotate.ExportFilter
		want []string
		only string // the ExtID to compare; "" for every record
	}{
		{"Status", annotate.ExportFilter{Status: []annotate.Status{annotate.StatusTodo}}, wantLines([]*annotate.Record{plain}, all), ""},
		{"Statuses", annotate.ExportFilter{Status: []annotate.Status{annotate.StatusDone, annotate.StatusInProgress}}, wantLines([]*annotate.Record{alice, bob}, all), ""},
		{"Annotator", annotate.ExportFilter{Annotator: "bob"}, wantLines([]*annotate.Record{bob}, all), "hard"},
		{"AnnotatorStatus", annotate.ExportFilter{Annotator: "alice", Status: []annotate.Status{annotate.StatusDone}}, wantLines([]*annotate.Record{alice}, all), ""},
		{"Labels", annotate.ExportFilter{Labels: []string{"PERSON"}}, wantLines([]*annotate.Record{alice, bob}, person), "hard"},
	}
	for _, tt := range tests {
		t.Run("Filter"+tt.name, func(t *testing.T) {
			out := exportAll(t, st, tt.f)
			for _, r := range out {
				if tt.f.Annotator != "" && r.Annotator != tt.f.Annotator {
					t.Errorf("filter %q exported %s's record of %s", tt.f.Annotator, r.Annotator, r.Article.ExtID)
				}
			}
			if tt.only != "" {
				out = slices.DeleteFunc(out, func(r *annotate.Record) bool { return r.Article.ExtID != tt.only })
			}
			if got := recordLines(t, out); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func (c *contract) testStats(t *testing.T) {
	t.Run("Empty", func(t *testing.T) {
		s, err := c.store(t).Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Articles != 0 || s.Spans != 0 || len(nonZero(s.ArticlesByStatus)) != 0 || len(nonZero(s.SpansByLabel)) != 0 || len(s.Annotators) != 0 {
			t.Errorf("empty store: %+v", *s)
		}
	})
	t.Run("OK", func(t *testing.T) {
		// hard: alice done (7 spans), bob in progress (2), carol skipped,
		// dave with a span and no status (todo); plain untouched (todo).
		st, _ := c.exportStore(t)
		id := idsOf(t, st)["hard"]
		if err := st.SetStatus(ctx, id, "carol", annotate.StatusSkipped); err != nil {
			t.Fatal(err)
		}
		dave := hardRecord("dave")
		dave.Status, dave.Spans = "", dave.Spans[:1]
		mustImport(t, st, dave)
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantStatus := map[annotate.Status]int{annotate.StatusDone: 1, annotate.StatusInProgress: 1, annotate.StatusSkipped: 1, annotate.StatusTodo: 2}
		wantLabels := map[string]int{"JURISDICTION": 6, "ORG": 1, "PERSON": 3}
		annotators := slices.Sorted(slices.Values(s.Annotators))
		if s.Articles != 2 || s.Spans != 10 || !reflect.DeepEqual(nonZero(s.ArticlesByStatus), wantStatus) ||
			!reflect.DeepEqual(nonZero(s.SpansByLabel), wantLabels) || strings.Join(annotators, " ") != "alice bob carol dave" {
			t.Errorf("got %+v\nwant 2 articles, 10 spans, %v, %v, alice bob carol dave", *s, wantStatus, wantLabels)
		}
	})
}
