package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// run puts each article's first code points as an ORG suggestion of
// source in one run and commits it.
func run(st annotate.SuggestionStore, source string, arts ...*annotate.Article) error {
	ctx := context.Background()
	tx, err := st.BeginSuggestions(ctx, []string{source}, "")
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, a := range arts {
		if err := tx.Put(ctx, a, []annotate.Suggestion{{ArticleID: a.ID, Source: source, Start: 0, End: 4, Label: "ORG"}}); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// TestSuggestionsBatched: a run's rows go to the server in batches; a run
// longer than several batches, with one article put twice, stores each
// article's last put once, and a run with an absent article stores
// nothing and says which.
func TestSuggestionsBatched(t *testing.T) {
	db, _ := mustOpen(t)
	defer db.Close()
	const n = 2345 // more than two batches
	importCorpus(t, db, n)
	ctx := context.Background()
	var arts []*annotate.Article
	if err := db.EachArticle(ctx, nil, "", func(a *annotate.Article) error { arts = append(arts, a); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(arts) != n {
		t.Fatalf("EachArticle gave %d articles, want %d", len(arts), n)
	}
	tx, err := db.BeginSuggestions(ctx, []string{"corpus", "cmd:x"}, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range arts {
		sugs := []annotate.Suggestion{{ArticleID: a.ID, Source: "corpus", Start: 0, End: 4, Label: "ORG"}}
		if i%2 == 0 {
			sugs = append(sugs, annotate.Suggestion{ArticleID: a.ID, Source: "cmd:x", Start: 1, End: 3, Label: "PERSON"})
		}
		if err := tx.Put(ctx, a, sugs); err != nil {
			t.Fatal(err)
		}
	}
	// The first article again, now with none of cmd:x.
	if err := tx.Put(ctx, arts[0], []annotate.Suggestion{{ArticleID: arts[0].ID, Source: "corpus", Start: 0, End: 5, Label: "ORG"}}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	st, err := db.SuggestionStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pending := map[string]int{}
	for _, s := range st {
		if s.Source != annotate.SourceImported {
			pending[s.Source] += s.Pending
		}
	}
	if want := map[string]int{"corpus": n, "cmd:x": (n+1)/2 - 1}; fmt.Sprint(pending) != fmt.Sprint(want) {
		t.Errorf("suggestions stored: %v, want %v", pending, want)
	}
	sugs, err := db.Suggestions(ctx, arts[0].ID, "nobody")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sugs {
		if s.Source != annotate.SourceImported {
			got = append(got, fmt.Sprintf("%s %d-%d", s.Source, s.Start, s.End))
		}
	}
	if strings.Join(got, ",") != "corpus 0-5" {
		t.Errorf("the article put twice: %q, want its last put only", got)
	}

	gone := &annotate.Article{ID: arts[n-1].ID + 1000, ExtID: "gone", Text: arts[0].Text}
	err = run(db, "corpus", append(arts[1:3:3], gone)...)
	if !errors.Is(err, annotate.ErrNotFound) || !strings.Contains(err.Error(), fmt.Sprint(gone.ID)) {
		t.Errorf("a run with an absent article: %v, want ErrNotFound naming it", err)
	}
	if again, _ := db.SuggestionStats(ctx); fmt.Sprint(again) != fmt.Sprint(st) {
		t.Errorf("the failed run changed the suggestions: %v, want %v", again, st)
	}
}

// TestTeamSuggestions: on a team's database in blind mode, a curator
// stores a pattern set and runs suggestions that every annotator sees,
// as they see the spans imported without an annotator (which they
// cannot change);
// each annotator's decisions are theirs alone, whether read through the
// store or with plain SQL; an annotator can neither run suggestions nor
// store pattern sets, nor decide as someone else.
func TestTeamSuggestions(t *testing.T) {
	td := newTeamDB(t, "ts")
	ctx := context.Background()
	carol, alice, bob := td.open(t, td.carol), td.open(t, td.alice), td.open(t, td.bob)
	a, err := carol.Article(ctx, td.article)
	if err != nil {
		t.Fatal(err)
	}
	if err := carol.SetPatternSet(ctx, annotate.PatternSet{Name: "p.jsonl", Body: `{"label":"ORG","pattern":"Xinjiang bureau"}`, Patterns: 1}); err != nil {
		t.Fatalf("SetPatternSet by the curator: %v", err)
	}
	if err := run(carol, "patterns:p.jsonl", a); err != nil {
		t.Fatalf("a run by the curator: %v", err)
	}
	for _, who := range []*postgres.DB{alice, bob} {
		sets, err := who.PatternSets(ctx)
		if err != nil || len(sets) != 1 {
			t.Errorf("%s reads pattern sets %v, %v; want carol's one", who.User(), sets, err)
		}
		if sugs, err := who.Suggestions(ctx, td.article, who.User()); err != nil || len(sugs) != 1 {
			t.Errorf("%s sees suggestions %v, %v; want the run's one", who.User(), sugs, err)
		}
	}
	// A span imported without an annotator waits for each annotator as
	// a suggestion, readable but not theirs to change.
	imported := storetest.SpanOf(teamText, "Canada", "JURISDICTION")
	if err := importAll(td.owner, []*annotate.Record{{Article: annotate.Article{ExtID: "b", Text: teamText}, Spans: []annotate.Span{imported}}}); err != nil {
		t.Fatal(err)
	}
	b := articleID(t, td.owner, "b")
	if sugs, err := alice.Suggestions(ctx, b, td.alice); err != nil || len(sugs) != 1 || sugs[0].Source != annotate.SourceImported {
		t.Errorf("alice's suggestions of the imported span: %v, %v; want it, as imported", sugs, err)
	}
	for _, q := range []string{`UPDATE spans SET label = 'ORG' WHERE annotator = ''`, `DELETE FROM spans WHERE annotator = ''`} {
		if n, err := affected(t, td.sql(t, td.alice), q); n != 0 || err != nil {
			t.Errorf("%s as alice: %d rows, %v; want none", q, n, err)
		}
	}

	s := annotate.Suggestion{ArticleID: td.article, Start: 0, End: 4, Label: "ORG"}
	if _, err := alice.Decide(ctx, td.alice, annotate.Rejected, []annotate.Suggestion{s}); err != nil {
		t.Fatalf("alice rejects: %v", err)
	}
	if _, err := bob.Decide(ctx, td.bob, annotate.Accepted, []annotate.Suggestion{s}); err != nil {
		t.Fatalf("bob accepts: %v", err)
	}
	if sugs, _ := bob.Suggestions(ctx, td.article, td.bob); len(sugs) != 0 {
		t.Errorf("bob's accepted suggestion still waits: %v", sugs)
	}
	if d, err := alice.Decisions(ctx, td.article, td.bob); err != nil || len(d) != 0 {
		t.Errorf("alice reads bob's decisions: %v, %v; want none", d, err)
	}
	if n := count(t, td.sql(t, td.alice), `SELECT count(*) FROM suggestion_decisions`); n != 1 {
		t.Errorf("alice reads %d decisions with SQL, want her 1", n)
	}
	if n := count(t, td.sql(t, td.carol), `SELECT count(*) FROM suggestion_decisions`); n != 2 {
		t.Errorf("carol reads %d decisions with SQL, want 2", n)
	}
	if _, err := alice.Decide(ctx, td.bob, annotate.Rejected, []annotate.Suggestion{s}); !errors.Is(err, postgres.ErrDenied) {
		t.Errorf("alice deciding as bob: %v, want ErrDenied", err)
	}
	if err := alice.SetPatternSet(ctx, annotate.PatternSet{Name: "x", Body: "", Patterns: 0}); !errors.Is(err, postgres.ErrDenied) {
		t.Errorf("SetPatternSet by an annotator: %v, want ErrDenied", err)
	}
	if err := run(alice, "corpus", a); !errors.Is(err, postgres.ErrDenied) {
		t.Errorf("a run by an annotator: %v, want ErrDenied", err)
	}
	st, err := carol.SuggestionStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(st); got != "[{imported JURISDICTION 1 0 0} {patterns:p.jsonl ORG 0 1 1}]" {
		t.Errorf("stats as the curator: %s, want the imported span waiting, one acceptance and one rejection of the pattern", got)
	}
}

// TestSuggestionsMigrationBlind: a team's database in blind mode from
// before the suggestions' tables gets them from their migration with the
// team's grants, blind mode's policies on the decisions, and the reading
// of the imported spans by annotators.
func TestSuggestionsMigrationBlind(t *testing.T) {
	td := newTeamDB(t, "tm")
	ctx := context.Background()
	files, err := filepath.Glob(filepath.Join("migration", "*_suggestions.sql"))
	if err != nil || len(files) != 1 {
		t.Fatalf("the suggestions' migration: %v, %v", files, err)
	}
	migration, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	owner, err := pgx.Connect(ctx, td.url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	if _, err := owner.Exec(ctx, `DROP TABLE suggestion_decisions, suggestions, pattern_sets; DROP POLICY tagdesk_imported ON spans`); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.Exec(ctx, string(migration)); err != nil {
		t.Fatalf("the migration on a blind team's database: %v", err)
	}
	alice, bob, carol := td.open(t, td.alice), td.open(t, td.bob), td.open(t, td.carol)
	if err := run(carol, "corpus", &annotate.Article{ID: td.article, ExtID: "a", Text: teamText}); err != nil {
		t.Fatalf("a run by the curator after the migration: %v", err)
	}
	s := []annotate.Suggestion{{ArticleID: td.article, Start: 0, End: 4, Label: "ORG"}}
	for _, who := range []*postgres.DB{alice, bob} {
		if _, err := who.Decide(ctx, who.User(), annotate.Rejected, s); err != nil {
			t.Fatalf("%s decides: %v", who.User(), err)
		}
	}
	if n := count(t, td.sql(t, td.alice), `SELECT count(*) FROM suggestion_decisions`); n != 1 {
		t.Errorf("alice reads %d decisions after the migration, want her 1", n)
	}
	if _, err := owner.Exec(ctx, `INSERT INTO spans (article_id, start, span_end, label, annotator, created, updated) VALUES ($1, 0, 6, 'JURISDICTION', '', 0, 0)`, td.article); err != nil {
		t.Fatal(err)
	}
	if n := count(t, td.sql(t, td.alice), `SELECT count(*) FROM spans WHERE annotator = ''`); n != 1 {
		t.Errorf("alice reads %d imported spans after the migration, want 1", n)
	}
}
