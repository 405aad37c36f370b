package storetest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// spanText is the text of the articles that the span tests label.
const spanText = "Canada sanctions four officials of Xinjiang."

// withArticles returns a store holding one untouched article of spanText
// per ExtID, and their ids.
func (c *contract) withArticles(t *testing.T, extIDs ...string) (annotate.Store, map[string]int64) {
	t.Helper()
	st := c.store(t)
	var recs []*annotate.Record
	for _, ext := range extIDs {
		recs = append(recs, plainRecord(ext, "Sanctions "+ext, spanText))
	}
	return st, mustImport(t, st, recs...)
}

func (c *contract) testAddSpan(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		st, ids := c.withArticles(t, "a")
		sp := annotate.Span{ArticleID: ids["a"], Start: 0, End: 6, Label: "JURISDICTION", Attrs: map[string]string{"role": "imposing"},
			Note: "a note", Canonical: "Canada", Annotator: "carol"}
		want := spanList([]annotate.Span{sp}, false)
		if err := st.AddSpan(ctx, &sp); err != nil {
			t.Fatal(err)
		}
		if sp.ID == 0 || sp.Created.IsZero() || sp.Updated.IsZero() {
			t.Errorf("AddSpan did not set the ID and timestamps: %+v", sp)
		}
		got, err := st.Spans(ctx, ids["a"], "carol")
		if err != nil {
			t.Fatal(err)
		}
		if spanList(got, false) != want || got[0].ID != sp.ID {
			t.Errorf("Spans: got %s (id %d), want %s (id %d)", spanList(got, false), got[0].ID, want, sp.ID)
		}
		if got := spansOf(t, st, ids["a"], "dave", false); got != "" {
			t.Errorf("another annotator's spans: %s", got)
		}
	})
	t.Run("StatusTodoToInProgress", func(t *testing.T) {
		st, ids := c.withArticles(t, "a")
		if err := st.AddSpan(ctx, &annotate.Span{ArticleID: ids["a"], Start: 0, End: 6, Label: "ORG", Annotator: "carol"}); err != nil {
			t.Fatal(err)
		}
		if got := statusOf(t, st, ids["a"], "carol"); got != annotate.StatusInProgress {
			t.Errorf("status %s after the first span, want in_progress", got)
		}
		if got := statusOf(t, st, ids["a"], "dave"); got != annotate.StatusTodo {
			t.Errorf("another annotator's status %s, want todo", got)
		}
	})
	t.Run("StatusKept", func(t *testing.T) {
		for _, keep := range annotate.Statuses[1:] {
			st, ids := c.withArticles(t, "a")
			if err := st.SetStatus(ctx, ids["a"], "carol", keep); err != nil {
				t.Fatal(err)
			}
			if err := st.AddSpan(ctx, &annotate.Span{ArticleID: ids["a"], Start: 0, End: 6, Label: "ORG", Annotator: "carol"}); err != nil {
				t.Fatal(err)
			}
			if got := statusOf(t, st, ids["a"], "carol"); got != keep {
				t.Errorf("AddSpan moved status %s to %s", keep, got)
			}
		}
	})
	t.Run("SameSpanOtherAnnotator", func(t *testing.T) {
		st, ids := c.withArticles(t, "a")
		for _, who := range []string{"carol", "dave", ""} {
			if err := st.AddSpan(ctx, &annotate.Span{ArticleID: ids["a"], Start: 0, End: 6, Label: "ORG", Annotator: who}); err != nil {
				t.Errorf("%q: %v", who, err)
			}
		}
	})
	mk := func(start, end int, label string) annotate.Span {
		return annotate.Span{Start: start, End: end, Label: label, Annotator: "carol"}
	}
	for _, tt := range badSpans(mk) {
		t.Run(tt.name, func(t *testing.T) {
			st, ids := c.withArticles(t, "a")
			if err := st.AddSpan(ctx, &annotate.Span{ArticleID: ids["a"], Start: 0, End: 6, Label: "ORG", Annotator: "carol"}); err != nil {
				t.Fatal(err)
			}
			before := state(t, st)
			sp := tt.sp
			sp.ArticleID += ids["a"]
			wantErr(t, "AddSpan", st.AddSpan(ctx, &sp), tt.want)
			unchanged(t, st, before, "a failed AddSpan")
		})
	}
}

// badSpans are spans that AddSpan and AddSpans refuse, on an article of
// spanText (ArticleID is added to its id) where carol has ORG[0,6).
func badSpans(mk func(start, end int, label string) annotate.Span) []struct {
	name string
	sp   annotate.Span
	want error
} {
	attr := mk(0, 6, "JURISDICTION")
	attr.Attrs = map[string]string{"role": "boss"}
	unknownAttr := mk(0, 6, "ORG")
	unknownAttr.Attrs = map[string]string{"colour": "red"}
	absent := mk(0, 6, "PERSON")
	absent.ArticleID = 1000
	return []struct {
		name string
		sp   annotate.Span
		want error
	}{
		{"ErrInvalidOffsets", mk(5, 5, "ORG"), annotate.ErrInvalid},
		{"ErrInvalidReversed", mk(6, 2, "ORG"), annotate.ErrInvalid},
		{"ErrInvalidNegative", mk(-1, 3, "ORG"), annotate.ErrInvalid},
		{"ErrInvalidOutside", mk(40, 1000, "ORG"), annotate.ErrInvalid},
		{"ErrInvalidLabel", mk(0, 6, "THING"), annotate.ErrInvalid},
		{"ErrInvalidAttrValue", attr, annotate.ErrInvalid},
		{"ErrInvalidAttr", unknownAttr, annotate.ErrInvalid},
		{"ErrNotFound", absent, annotate.ErrNotFound},
		{"ErrConflict", mk(0, 6, "ORG"), annotate.ErrConflict},
	}
}

func (c *contract) testAddSpans(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		st, ids := c.withArticles(t, "a", "b")
		a, b := ids["a"], ids["b"]
		spans := []annotate.Span{
			{ArticleID: a, Start: 22, End: 31, Label: "PERSON", Annotator: "carol"},
			{ArticleID: b, Start: 0, End: 6, Label: "ORG", Annotator: "dave"},
			{ArticleID: a, Start: 0, End: 6, Label: "JURISDICTION", Annotator: "carol", Note: "n"},
		}
		if err := st.AddSpans(ctx, spans); err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, sp := range spans {
			if sp.ID == 0 || seen[sp.ID] || sp.Created.IsZero() || sp.Updated.IsZero() {
				t.Errorf("AddSpans did not set a distinct ID and timestamps: %+v", sp)
			}
			seen[sp.ID] = true
		}
		if got, want := spansOf(t, st, a, "carol", false), spanList([]annotate.Span{spans[2], spans[0]}, false); got != want {
			t.Errorf("carol's spans: got %s want %s", got, want)
		}
		if got, want := spansOf(t, st, b, "dave", false), spanList(spans[1:2], false); got != want {
			t.Errorf("dave's spans: got %s want %s", got, want)
		}
		for _, s := range []struct {
			id   int64
			who  string
			want annotate.Status
		}{{a, "carol", annotate.StatusInProgress}, {b, "dave", annotate.StatusInProgress}, {b, "carol", annotate.StatusTodo}, {a, "dave", annotate.StatusTodo}} {
			if got := statusOf(t, st, s.id, s.who); got != s.want {
				t.Errorf("%s's status of %d: %s, want %s", s.who, s.id, got, s.want)
			}
		}
	})
	mk := func(start, end int, label string) annotate.Span {
		return annotate.Span{Start: start, End: end, Label: label, Annotator: "carol"}
	}
	cases := badSpans(mk)
	cases = append(cases, struct {
		name string
		sp   annotate.Span
		want error
	}{"ErrConflictInSlice", mk(7, 16, "MEASURE"), annotate.ErrConflict})
	for _, tt := range cases {
		t.Run("AllOrNothing/"+tt.name, func(t *testing.T) {
			st, ids := c.withArticles(t, "a", "b")
			if err := st.AddSpan(ctx, &annotate.Span{ArticleID: ids["a"], Start: 0, End: 6, Label: "ORG", Annotator: "carol"}); err != nil {
				t.Fatal(err)
			}
			before := state(t, st)
			bad := tt.sp
			bad.ArticleID += ids["a"]
			spans := []annotate.Span{mk(7, 16, "MEASURE"), bad, mk(35, 43, "JURISDICTION")}
			spans[0].ArticleID, spans[2].ArticleID = ids["a"], ids["b"]
			spans[2].Annotator = "dave"
			was := slices.Clone(spans)
			wantErr(t, "AddSpans", st.AddSpans(ctx, spans), tt.want)
			unchanged(t, st, before, "a failed AddSpans")
			if !reflect.DeepEqual(spans, was) {
				t.Errorf("a failed AddSpans changed the slice:\n got %+v\nwant %+v", spans, was)
			}
		})
	}
	t.Run("Empty", func(t *testing.T) {
		st, _ := c.withArticles(t, "a")
		before := snap(t, st)
		for _, spans := range [][]annotate.Span{nil, {}} {
			if err := st.AddSpans(ctx, spans); err != nil {
				t.Errorf("AddSpans(%#v): %v", spans, err)
			}
		}
		same(t, st, before, "AddSpans of no spans")
	})
}

func (c *contract) testSpans(t *testing.T) {
	t.Run("Sorted", func(t *testing.T) {
		st, ids := c.withArticles(t, "a")
		in := []annotate.Span{
			{Start: 7, End: 16, Label: "MEASURE"}, {Start: 0, End: 16, Label: "ORG"}, {Start: 0, End: 6, Label: "ORG"},
			{Start: 35, End: 43, Label: "JURISDICTION"}, {Start: 0, End: 6, Label: "JURISDICTION"}, {Start: 22, End: 43, Label: "PERSON"},
		}
		for i := range in {
			in[i].ArticleID, in[i].Annotator = ids["a"], "carol"
			if err := st.AddSpan(ctx, &in[i]); err != nil {
				t.Fatal(err)
			}
		}
		want := "JURISDICTION[0,6) by carol; ORG[0,6) by carol; ORG[0,16) by carol; MEASURE[7,16) by carol; PERSON[22,43) by carol; JURISDICTION[35,43) by carol; "
		if got := spansOf(t, st, ids["a"], "carol", false); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("PerAnnotator", func(t *testing.T) {
		st, ids := c.withArticles(t, "a", "b")
		for _, sp := range []annotate.Span{
			{ArticleID: ids["a"], Start: 0, End: 6, Label: "ORG", Annotator: "carol"},
			{ArticleID: ids["a"], Start: 7, End: 16, Label: "MEASURE", Annotator: "dave"},
			{ArticleID: ids["b"], Start: 22, End: 31, Label: "PERSON", Annotator: "carol"},
		} {
			if err := st.AddSpan(ctx, &sp); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			id        int64
			who, want string
		}{{ids["a"], "carol", "ORG[0,6) by carol; "}, {ids["a"], "dave", "MEASURE[7,16) by dave; "}, {ids["b"], "dave", ""}, {ids["a"], "", ""}} {
			if got := spansOf(t, st, tt.id, tt.who, false); got != tt.want {
				t.Errorf("%q on %d: got %q want %q", tt.who, tt.id, got, tt.want)
			}
		}
	})
}
