// Package storetest is the contract suite of annotate.Store. Run checks,
// against one implementation, every promise that the doc comments of
// annotate.Store and annotate.ImportTx make: the error contracts
// (ErrNotFound, ErrInvalid, ErrConflict), the import's merge rules and
// all-or-nothing commit, texts kept byte for byte, span order, status per
// annotator, the article list, export, stats, all-or-nothing span changes
// and the generation; for a store that keeps relations
// (annotate.RelationStore), their error contracts, import, export and
// cascade; for a store that keeps flags (annotate.FlagStore), the same;
// for one that keeps suggestions (annotate.SuggestionStore), its runs,
// decisions, stats and pattern sets.
//
// Every store runs it: storage.DB, and the window tests' in-memory store,
// so that the fake the GUI is tested on cannot drift from the real one.
// What belongs to one store only (SQLite files, WAL, crash safety,
// migrations) stays in that store's own tests.
//
// Texts holds the hard texts (CRLF, emoji, flags, CJK, combining marks, a
// BOM) that the suite round-trips and that offset and format tests use;
// HardText and SpanOf give other tests one such article to label.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

var ctx = context.Background()

// Run runs the contract suite on the stores that open returns. open must
// return a new, empty store whose schema is annotate.DefaultSchema(); it
// is called once per subtest, and Run closes the store when that subtest
// ends.
func Run(t *testing.T, open func(t *testing.T) annotate.Store) {
	c := &contract{open: open}
	groups := []struct {
		name string
		run  func(*testing.T)
	}{
		{"Import", c.testImport},
		{"Merge", c.testMerge},
		{"Texts", c.testTexts},
		{"AddSpan", c.testAddSpan},
		{"AddSpans", c.testAddSpans},
		{"Spans", c.testSpans},
		{"UpdateSpan", c.testUpdateSpan},
		{"DeleteSpan", c.testDeleteSpan},
		{"DeleteSpans", c.testDeleteSpans},
		{"Article", c.testArticle},
		{"Status", c.testStatus},
		{"ListArticles", c.testListArticles},
		{"CountArticles", c.testCountArticles},
		{"Progress", c.testProgress},
		{"Export", c.testExport},
		{"Stats", c.testStats},
		{"SetSchema", c.testSetSchema},
		{"Generation", c.testGeneration},
		{"CheckedSpans", c.testCheckedSpans},
		{"Assign", c.testAssign},
		{"Relations", c.testRelations},             // skipped for a store that does not keep them
		{"Flags", c.testFlags},                     // skipped for a store that does not keep them
		{"ReviewDecisions", c.testReviewDecisions}, // likewise
		{"Suggestions", c.testSuggestions},         // likewise, for annotate.SuggestionStore
		{"SuggestionsErrInvalid", c.testSuggestionsErrInvalid},
		{"SuggestionsAcceptAs", c.testSuggestionsAcceptAs},
		{"SuggestionsTwoSources", c.testSuggestionsTwoSources},
		{"SuggestionDecisions", c.testSuggestionDecisions},
		{"LabelledStrings", c.testLabelledStrings},
		{"SuggestionCopier", c.testSuggestionCopier},
		{"PatternSets", c.testPatternSets},
		{"EachArticleStatus", c.testEachArticleStatus},
		{"HasSuggestionsFilter", c.testHasSuggestionsFilter},
	}
	for _, g := range groups {
		t.Run(g.name, g.run)
	}
}

type contract struct {
	open func(t *testing.T) annotate.Store
}

// store opens a new, empty store for one subtest.
func (c *contract) store(t *testing.T) annotate.Store {
	t.Helper()
	st := c.open(t)
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if n, err := st.CountArticles(ctx, annotate.ArticleFilter{}); err != nil || n != 0 {
		t.Fatalf("open gave a store with %d articles (%v), want a new, empty one", n, err)
	}
	return st
}

// importRecords imports recs in one import and commits it. On an error
// from Put the import is rolled back and the error returned.
func importRecords(st annotate.Store, recs ...*annotate.Record) error {
	tx, err := st.BeginImport(ctx)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := tx.Put(ctx, r); err != nil {
			return errors.Join(err, tx.Rollback())
		}
	}
	return tx.Commit()
}

// mustImport imports recs and returns the stored articles' ids by ExtID.
func mustImport(t *testing.T, st annotate.Store, recs ...*annotate.Record) map[string]int64 {
	t.Helper()
	if err := importRecords(st, recs...); err != nil {
		t.Fatalf("import: %v", err)
	}
	return idsOf(t, st)
}

// idsOf returns every article's id by its ExtID.
func idsOf(t *testing.T, st annotate.Store) map[string]int64 {
	t.Helper()
	list, err := st.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		t.Fatalf("ListArticles: %v", err)
	}
	ids := map[string]int64{}
	for _, a := range list {
		ids[a.ExtID] = a.ID
	}
	return ids
}

func exportAll(t *testing.T, st annotate.Store, f annotate.ExportFilter) []*annotate.Record {
	t.Helper()
	var out []*annotate.Record
	err := st.Export(ctx, f, func(r *annotate.Record) error { out = append(out, r); return nil })
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return out
}

func generation(t *testing.T, st annotate.Store) int64 {
	t.Helper()
	g, err := st.Generation(ctx)
	if err != nil {
		t.Fatalf("Generation: %v", err)
	}
	return g
}

func statusOf(t *testing.T, st annotate.Store, id int64, annotator string) annotate.Status {
	t.Helper()
	s, err := st.Status(ctx, id, annotator)
	if err != nil {
		t.Fatalf("Status(%d, %q): %v", id, annotator, err)
	}
	return s
}

// state prints everything a store shows: the schema, the export, the
// stats, and each article with its timestamps and every annotator's spans
// with their ids and timestamps. Two equal states are the same store.
func state(t *testing.T, st annotate.Store) string {
	t.Helper()
	var b strings.Builder
	s, err := st.Schema(ctx)
	if err != nil {
		t.Fatalf("Schema: %v", err)
	}
	fmt.Fprintf(&b, "schema %+v\n", *s)
	for _, r := range exportAll(t, st, annotate.ExportFilter{}) {
		fmt.Fprintf(&b, "record %+v\n", *r)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	fmt.Fprintf(&b, "stats %+v\n", *stats)
	list, err := st.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		t.Fatalf("ListArticles: %v", err)
	}
	for _, sum := range list {
		a, err := st.Article(ctx, sum.ID)
		if err != nil {
			t.Fatalf("Article(%d): %v", sum.ID, err)
		}
		fmt.Fprintf(&b, "article %+v\n", *a)
		for _, who := range append([]string{""}, stats.Annotators...) {
			fmt.Fprintf(&b, "  %q: %s %s\n", who, statusOf(t, st, sum.ID, who), spansOf(t, st, sum.ID, who, true))
		}
	}
	return b.String()
}

// unchanged fails t if st's state is not before.
func unchanged(t *testing.T, st annotate.Store, before, what string) {
	t.Helper()
	if after := state(t, st); after != before {
		t.Errorf("%s changed the store:\n got %s\nwant %s", what, after, before)
	}
}

// snapshot is a store's state and generation.
type snapshot struct {
	state string
	gen   int64
}

func snap(t *testing.T, st annotate.Store) snapshot {
	t.Helper()
	return snapshot{state(t, st), generation(t, st)}
}

// same fails t if st's state or generation is not before's: nothing was
// committed.
func same(t *testing.T, st annotate.Store, before snapshot, what string) {
	t.Helper()
	unchanged(t, st, before.state, what)
	if g := generation(t, st); g != before.gen {
		t.Errorf("%s moved the generation %d → %d", what, before.gen, g)
	}
}

// spansOf prints the annotator's spans of an article in the order that
// Spans returns them, with ids and times if full.
func spansOf(t *testing.T, st annotate.Store, id int64, annotator string, full bool) string {
	t.Helper()
	spans, err := st.Spans(ctx, id, annotator)
	if err != nil {
		t.Fatalf("Spans(%d, %q): %v", id, annotator, err)
	}
	return spanList(spans, full)
}

// spanList prints spans: offsets, label, attributes, note, canonical
// value and annotator, and with full also ids and times.
func spanList(spans []annotate.Span, full bool) string {
	var b strings.Builder
	for _, sp := range spans {
		fmt.Fprintf(&b, "%s[%d,%d)", sp.Label, sp.Start, sp.End)
		if len(sp.Attrs) > 0 {
			fmt.Fprintf(&b, "%v", sp.Attrs)
		}
		if sp.Note != "" || sp.Canonical != "" {
			fmt.Fprintf(&b, " note=%q canonical=%q", sp.Note, sp.Canonical)
		}
		if sp.Annotator != "" {
			fmt.Fprintf(&b, " by %s", sp.Annotator)
		}
		if full {
			fmt.Fprintf(&b, " #%d %v %v", sp.ID, sp.Created, sp.Updated)
		}
		b.WriteString("; ")
	}
	return b.String()
}

// wantErr fails t unless errors.Is(err, want).
func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}
