package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/suggest"
)

// cmdPatterns stores a pattern file in the database or lists the stored
// ones: `tagdesk patterns [--set FILE]`.
func cmdPatterns(args []string, stdout io.Writer) error {
	f := newFlags("patterns")
	set := f.String("set", "", "pattern file to store (JSONL: one Prodigy/spaCy pattern a line), replacing one of the same name")
	if err := f.parseNone(args); err != nil {
		return err
	}
	db, ss, err := openSuggestionStore(f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	if *set != "" {
		body, err := os.ReadFile(*set)
		if err != nil {
			return err
		}
		ps, err := suggest.ParsePatterns(strings.NewReader(string(body)), *set)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return &annotate.PosError{File: *set, Err: suggest.ErrNoPatterns}
		}
		if err := checkPatternLabels(ctx, db, *set, ps); err != nil {
			return err
		}
		name := filepath.Base(*set)
		compiled, err := suggest.Compile(ps)
		if err != nil {
			return err
		}
		if err := ss.SetPatternSet(ctx, annotate.PatternSet{Name: name, Body: string(body), Patterns: len(ps), Compiled: compiled}); err != nil {
			return err
		}
		phrases := 0
		for _, p := range ps {
			if p.Tokens == nil {
				phrases++
			}
		}
		_, err = fmt.Fprintf(stdout, "%s: %d patterns (%d phrase, %d token) stored as %s%s\n", *set, len(ps), phrases, len(ps)-phrases, annotate.SourcePatternsPrefix, name)
		return err
	}
	sets, err := ss.PatternSets(ctx)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		_, err = fmt.Fprintln(stdout, "no pattern sets (tagdesk patterns --set FILE stores one)")
		return err
	}
	for _, s := range sets {
		if _, err := fmt.Fprintf(stdout, "%s%s\t%d patterns\n", annotate.SourcePatternsPrefix, s.Name, s.Patterns); err != nil {
			return err
		}
	}
	return nil
}

// checkPatternLabels refuses a pattern whose label the schema lacks,
// naming its line.
func checkPatternLabels(ctx context.Context, db annotate.Store, file string, ps []suggest.Pattern) error {
	schema, err := db.Schema(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if schema.Label(p.Label) == nil {
			return &annotate.PosError{File: file, Line: p.Line, Err: fmt.Errorf("%w: unknown label %q (tagdesk schema lists the labels)", annotate.ErrInvalid, p.Label)}
		}
	}
	return nil
}

// openSuggestionStore opens an existing database that keeps
// suggestions; an error says so of one that does not.
func openSuggestionStore(path string) (annotate.Store, annotate.SuggestionStore, error) {
	db, err := openExistingDB(path)
	if err != nil {
		return nil, nil, err
	}
	ss, ok := db.(annotate.SuggestionStore)
	if !ok {
		db.Close()
		return nil, nil, fmt.Errorf("this database does not keep suggestions (SQLite and PostgreSQL databases do)")
	}
	return db, ss, nil
}
