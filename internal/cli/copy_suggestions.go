package cli

import (
	"context"
	"fmt"
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// copySuggestions carries src's pattern sets, waiting suggestions and
// annotators' decisions on them into dst, which copyCorpus has just given
// src's articles (found again by their external ids; the ids are dst's
// own): the pattern sets one by one, the suggestions in one run of all
// their sources, the decisions in one transaction, without making spans
// (the accepted ones were copied as spans). Then both must count the
// same per source and label (SuggestionStats). It does nothing, and says
// false, when either store cannot (annotate.SuggestionCopier); what it
// carried it names with its counts.
func copySuggestions(ctx context.Context, src, dst annotate.Store) (carried []string, ok bool, err error) {
	sc, ok1 := src.(annotate.SuggestionCopier)
	dc, ok2 := dst.(annotate.SuggestionCopier)
	ss, ok3 := src.(annotate.SuggestionStore)
	ds, ok4 := dst.(annotate.SuggestionStore)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, false, nil
	}
	sets, err := ss.PatternSets(ctx)
	if err != nil {
		return nil, true, err
	}
	for _, ps := range sets {
		if err := ds.SetPatternSet(ctx, ps); err != nil {
			return nil, true, fmt.Errorf("pattern set %s: %w", ps.Name, err)
		}
	}
	ids, err := articleIDs(ctx, src, dst)
	if err != nil {
		return nil, true, err
	}
	want, err := ss.SuggestionStats(ctx)
	if err != nil {
		return nil, true, err
	}
	var sources []string
	for _, st := range want {
		if st.Source != annotate.SourceImported && !slices.Contains(sources, st.Source) {
			sources = append(sources, st.Source)
		}
	}
	waiting := 0
	if len(sources) > 0 {
		if waiting, err = copyStored(ctx, sc, ds, dst, sources, ids); err != nil {
			return nil, true, err
		}
	}
	var decs []annotate.StoredDecision
	err = sc.StoredDecisions(ctx, func(d annotate.StoredDecision) error {
		d.ArticleID = ids[d.ArticleID]
		decs = append(decs, d)
		return nil
	})
	if err == nil && len(decs) > 0 {
		err = dc.PutDecisions(ctx, decs)
	}
	if err != nil {
		return nil, true, fmt.Errorf("decisions on suggestions: %w", err)
	}
	got, err := ds.SuggestionStats(ctx)
	if err != nil {
		return nil, true, err
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return nil, true, fmt.Errorf("check after the copy failed: the suggestions by source and label are %v in the source, %v in the copy", want, got)
	}
	for _, c := range []struct {
		n         int
		one, many string
	}{{len(sets), "pattern set", "pattern sets"}, {waiting, "suggestion", "suggestions"}, {len(decs), "decision on suggestions", "decisions on suggestions"}} {
		if c.n > 0 {
			carried = append(carried, plural(c.n, c.one, c.many))
		}
	}
	return carried, true, nil
}

// copyStored puts src's stored suggestions into dst in one run of
// sources and returns how many it put.
func copyStored(ctx context.Context, sc annotate.SuggestionCopier, ds annotate.SuggestionStore, dst annotate.Store, sources []string, ids map[int64]int64) (int, error) {
	tx, err := ds.BeginSuggestions(ctx, sources, "")
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n := 0
	err = sc.StoredSuggestions(ctx, func(id int64, sugs []annotate.Suggestion) error {
		a, err := dst.Article(ctx, ids[id])
		if err != nil {
			return err
		}
		for i := range sugs {
			sugs[i].ArticleID = a.ID
		}
		n += len(sugs)
		return tx.Put(ctx, a, sugs)
	})
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return 0, fmt.Errorf("suggestions: %w", err)
	}
	return n, nil
}

// articleIDs maps each article id of src to the id of the article of the
// same external id in dst.
func articleIDs(ctx context.Context, src, dst annotate.Store) (map[int64]int64, error) {
	a, err := src.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		return nil, err
	}
	b, err := dst.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		return nil, err
	}
	byExt := make(map[string]int64, len(b))
	for _, s := range b {
		byExt[s.ExtID] = s.ID
	}
	ids := make(map[int64]int64, len(a))
	for _, s := range a {
		ids[s.ID] = byExt[s.ExtID]
	}
	return ids, nil
}

// plural is "1 one" or "N many".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
