package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// flagStore returns a store that keeps flags holding two articles, "a"
// (alice has a span) and "b" (untouched), and their ids; it skips the test
// for a store that does not keep flags.
func (c *contract) flagStore(t *testing.T) (annotate.Store, annotate.FlagStore, map[string]int64) {
	t.Helper()
	st := c.store(t)
	fs, ok := st.(annotate.FlagStore)
	if !ok {
		t.Skip("the store does not keep flags (annotate.FlagStore)")
	}
	a := plainRecord("a", "A", relText)
	a.Annotator = "alice"
	a.Spans = []annotate.Span{SpanOf(relText, "Canada", "JURISDICTION")}
	ids := mustImport(t, st, a, plainRecord("b", "B", "XPCC said nothing."))
	return st, fs, ids
}

// flagsOf describes the flags that an export of annotator (all: "") holds.
func flagsOf(t *testing.T, st annotate.Store, annotator string) string {
	t.Helper()
	var out []string
	for _, r := range exportAll(t, st, annotate.ExportFilter{Annotator: annotator}) {
		if !r.Flag.IsZero() {
			out = append(out, fmt.Sprintf("%s/%s/%s:%v%q", r.Article.ExtID, r.Annotator, r.Status, r.Flag.Flagged, r.Flag.Comment))
		}
	}
	return strings.Join(out, " ")
}

func (c *contract) testFlags(t *testing.T) {
	const why = "unclear: is XPCC an ORG or a JURISDICTION?"
	t.Run("Unset", func(t *testing.T) {
		_, fs, ids := c.flagStore(t)
		if f, err := fs.Flag(ctx, ids["a"], "alice"); err != nil || !f.IsZero() {
			t.Errorf("Flag = %+v, %v; want none", f, err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		st, fs, ids := c.flagStore(t)
		g := generation(t, st)
		if err := fs.SetFlag(ctx, ids["b"], "bob", annotate.Flag{Flagged: true, Comment: why}); err != nil {
			t.Fatal(err)
		}
		if f, err := fs.Flag(ctx, ids["b"], "bob"); err != nil || f != (annotate.Flag{Flagged: true, Comment: why}) {
			t.Errorf("Flag = %+v, %v", f, err)
		}
		if f, _ := fs.Flag(ctx, ids["b"], "alice"); !f.IsZero() {
			t.Errorf("alice's flag = %+v: flags are per annotator", f)
		}
		if generation(t, st) == g {
			t.Error("SetFlag did not change the generation")
		}
		if st, _ := st.Status(ctx, ids["b"], "bob"); st != annotate.StatusTodo {
			t.Errorf("bob's status %s after a flag, want todo", st)
		}
		if err := fs.SetFlag(ctx, ids["b"], "bob", annotate.Flag{}); err != nil {
			t.Fatal(err)
		}
		if f, _ := fs.Flag(ctx, ids["b"], "bob"); !f.IsZero() {
			t.Errorf("Flag = %+v after clearing", f)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, fs, _ := c.flagStore(t)
		if err := fs.SetFlag(ctx, 9999, "alice", annotate.Flag{Flagged: true}); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("SetFlag on a missing article: %v, want ErrNotFound", err)
		}
		if _, err := fs.Flag(ctx, 9999, "alice"); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("Flag of a missing article: %v, want ErrNotFound", err)
		}
	})
	t.Run("ListAndFilter", func(t *testing.T) {
		st, fs, ids := c.flagStore(t)
		if err := fs.SetFlag(ctx, ids["b"], "alice", annotate.Flag{Flagged: true, Comment: why}); err != nil {
			t.Fatal(err)
		}
		if err := fs.SetFlag(ctx, ids["a"], "bob", annotate.Flag{Flagged: true}); err != nil {
			t.Fatal(err)
		}
		list, err := st.ListArticles(ctx, annotate.ArticleFilter{Annotator: "alice"})
		if err != nil || len(list) != 2 || list[0].Flagged || !list[1].Flagged {
			t.Errorf("ListArticles(alice) = %+v, %v; want b flagged alone", list, err)
		}
		f := annotate.ArticleFilter{Annotator: "alice", Flagged: true}
		list, err = st.ListArticles(ctx, f)
		if err != nil || len(list) != 1 || list[0].ExtID != "b" {
			t.Errorf("ListArticles(alice, flagged) = %+v, %v; want b", list, err)
		}
		if n, err := st.CountArticles(ctx, f); err != nil || n != 1 {
			t.Errorf("CountArticles(alice, flagged) = %d, %v; want 1", n, err)
		}
	})
	t.Run("Export", func(t *testing.T) {
		st, fs, ids := c.flagStore(t)
		if err := fs.SetFlag(ctx, ids["a"], "alice", annotate.Flag{Flagged: true, Comment: why}); err != nil {
			t.Fatal(err)
		}
		if err := fs.SetFlag(ctx, ids["b"], "bob", annotate.Flag{Flagged: true}); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("a/alice/todo:true%q b/bob/todo:true\"\"", why)
		if got := flagsOf(t, st, ""); got != want {
			t.Errorf("export holds flags %s, want %s", got, want)
		}
		if got, want := flagsOf(t, st, "bob"), `b/bob/todo:true""`; got != want {
			t.Errorf("export of bob holds flags %s, want %s", got, want)
		}
	})
	t.Run("Import", func(t *testing.T) {
		st, fs, ids := c.flagStore(t)
		rec := plainRecord("b", "B", "XPCC said nothing.")
		rec.Annotator, rec.Status, rec.Flag = "carol", annotate.StatusDone, annotate.Flag{Flagged: true, Comment: why}
		mustImport(t, st, rec, plainRecord("c", "C", "A new one."))
		rec = plainRecord("c", "C", "A new one.")
		rec.Annotator, rec.Flag = "carol", annotate.Flag{Flagged: true}
		mustImport(t, st, rec)
		if f, _ := fs.Flag(ctx, ids["b"], "carol"); f != (annotate.Flag{Flagged: true, Comment: why}) {
			t.Errorf("b: carol's flag %+v after import", f)
		}
		if s, _ := st.Status(ctx, ids["b"], "carol"); s != annotate.StatusDone {
			t.Errorf("b: carol's status %s, want done", s)
		}
		// A record without a flag, or with a flag and no comment, keeps
		// what is stored.
		rec = plainRecord("b", "B", "XPCC said nothing.")
		rec.Annotator = "carol"
		rec2 := plainRecord("b", "B", "XPCC said nothing.")
		rec2.Annotator, rec2.Flag = "carol", annotate.Flag{Flagged: true}
		mustImport(t, st, rec, rec2)
		if f, _ := fs.Flag(ctx, ids["b"], "carol"); f != (annotate.Flag{Flagged: true, Comment: why}) {
			t.Errorf("b: carol's flag %+v after records that do not change it", f)
		}
		c := idsOf(t, st)["c"]
		if f, _ := fs.Flag(ctx, c, "carol"); f != (annotate.Flag{Flagged: true}) {
			t.Errorf("c: carol's flag %+v, want flagged", f)
		}
	})
}
