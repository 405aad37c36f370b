package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// leftOut lists what a copy does not move, because it is not part of the
// records a copy carries (articles, spans, relations, statuses, flags and
// the schema) nor of the suggestions it carries (copySuggestions): the
// pattern sets, the suggestions waiting and the annotators' decisions on
// them when the copy could not carry them (suggestions false), the
// review decisions, and the import history. Nothing of it is dropped
// silently: copy names each count.
func leftOut(ctx context.Context, src annotate.Store, suggestions bool) ([]string, error) {
	var out []string
	if ss, ok := src.(annotate.SuggestionStore); ok && !suggestions {
		sets, err := ss.PatternSets(ctx)
		if err != nil {
			return nil, err
		}
		if len(sets) > 0 {
			out = append(out, plural(len(sets), "pattern set", "pattern sets"))
		}
		stats, err := ss.SuggestionStats(ctx)
		if err != nil {
			return nil, err
		}
		var waiting, decided int
		for _, s := range stats {
			if s.Source != annotate.SourceImported { // those are spans: copied
				waiting += s.Pending
			}
			decided += s.Accepted + s.Rejected
		}
		if waiting > 0 {
			out = append(out, plural(waiting, "suggestion waiting", "suggestions waiting"))
		}
		if decided > 0 {
			out = append(out, plural(decided, "decision on suggestions", "decisions on suggestions")+" (accepted ones were copied as spans)")
		}
	}
	if rs, ok := src.(annotate.ReviewStore); ok {
		n, err := reviewDecisions(ctx, src, rs)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, plural(n, "review decision", "review decisions"))
		}
	}
	if ir, ok := src.(annotate.ImportRecorder); ok {
		batches, err := ir.ImportBatches(ctx)
		if err != nil {
			return nil, err
		}
		if len(batches) > 0 {
			out = append(out, plural(len(batches), "recorded import", "recorded imports")+" (the import history, for import --undo)")
		}
	}
	return out, nil
}

// reviewDecisions counts the review decisions of every annotator (a
// curator is one) in every article.
func reviewDecisions(ctx context.Context, src annotate.Store, rs annotate.ReviewStore) (int, error) {
	as, ok := src.(annotate.Assigner)
	if !ok {
		return 0, nil
	}
	stats, err := src.Stats(ctx)
	if err != nil {
		return 0, err
	}
	ids, err := as.ArticleIDs(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		for _, who := range stats.Annotators {
			keys, err := rs.ReviewDecisions(ctx, id, who)
			if err != nil {
				return 0, err
			}
			n += len(keys)
		}
	}
	return n, nil
}

// leftOutLine is copy's report of leftOut, or "" when it left nothing.
func leftOutLine(from string, left []string) string {
	if len(left) == 0 {
		return ""
	}
	return fmt.Sprintf("not copied, kept only in %s: %s\n", from, strings.Join(left, ", "))
}
